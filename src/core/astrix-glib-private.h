/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * g_set_str() came with GLib 2.76; the app targets 2.74. Replaces *@field with a copy of @value
 * and returns TRUE, or returns FALSE when they are already equal (so a caller notifies only on
 * a change).
 */
static inline gboolean
_astrix_set_str (char       **field,
                 const char  *value)
{
  char *copy;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  copy = g_strdup (value);
  g_free (*field);
  *field = copy;
  return TRUE;
}

/*
 * GLib can say whether a string is in a list (g_strv_contains()) but not where. Returns the
 * index of @text among the @n_names of @names, or -1: how the names of an enum's values are
 * read back.
 */
static inline int
_astrix_name_index (const char *const *names,
                    guint              n_names,
                    const char        *text)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        return i;
    }
  return -1;
}

G_END_DECLS

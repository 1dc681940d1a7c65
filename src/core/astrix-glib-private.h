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

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the tests of AstrixRowModel (test-row-model, and test-table with a display) */

#include <gtk/gtk.h>

#include "astrix-row.h"

/* The rows show the source's items, in its order. */
static inline void
assert_same (GListModel *source,
             GListModel *rows)
{
  g_assert_cmpuint (g_list_model_get_n_items (source), ==, g_list_model_get_n_items (rows));
  for (guint i = 0; i < g_list_model_get_n_items (source); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (source, i);
      g_autoptr(AstrixRow) row = g_list_model_get_item (rows, i);

      g_assert_true (astrix_row_get_item (row) == item);
    }
}

/* Appends @n strings: @prefix0, @prefix1 ... */
static inline void
fill (GListStore *store,
      guint       n,
      const char *prefix)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s%u", prefix, i);
      g_autoptr(GtkStringObject) item = gtk_string_object_new (text);

      g_list_store_append (store, item);
    }
}

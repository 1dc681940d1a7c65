/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixRowModel: rows that keep their places while items move through them on big changes,
 * and that move with their items on small ones; always the source's items, in its order.
 * AstrixRow passes on the notifications of its item. (The rows that catch up over the frames
 * of a view are tested with a display, in test-table.)
 */
#include <gtk/gtk.h>

#include "astrix-row-model.h"
#include "astrix-row-model-private.h"
#include "row-support.h"

static guint n_signals;
static guint last_position, last_removed, last_added;

static void
on_changed (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gpointer    data)
{
  n_signals++;
  last_position = position;
  last_removed = removed;
  last_added = added;
}

static void
test_rows (void)
{
  g_autoptr(GListStore) source = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  AstrixRowModel *model;
  g_autoptr(AstrixRow) first = NULL;
  g_autoptr(AstrixRow) tenth = NULL;
  g_autoptr(GtkStringObject) extra = gtk_string_object_new ("new");
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);

  fill (source, 300, "a");
  model = _astrix_row_model_new (G_LIST_MODEL (source));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_changed), NULL);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  tenth = g_list_model_get_item (G_LIST_MODEL (model), 10);

  /* A small change moves rows: the row of an item stays with it. */
  g_list_store_insert (source, 0, extra);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (last_position, ==, 0);
  g_assert_cmpuint (last_added, ==, 1);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));
  {
    g_autoptr(AstrixRow) moved = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_true (moved == first);
  }

  /* A big change (a new search) leaves rows in place and refills them; only the length
   * changes. */
  for (guint i = 0; i < 120; i++)
    g_ptr_array_add (others, gtk_string_object_new ("b"));
  g_list_store_splice (source, 0, 301, others->pdata, others->len);
  g_assert_cmpuint (n_signals, ==, 2);
  g_assert_cmpuint (last_position, ==, 120);
  g_assert_cmpuint (last_removed, ==, 181);
  g_assert_cmpuint (last_added, ==, 0);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));
  {
    /* (The insertion moved it to 11.) */
    g_autoptr(AstrixRow) again = g_list_model_get_item (G_LIST_MODEL (model), 11);

    g_assert_true (again == tenth);
    g_assert_true (astrix_row_get_item (tenth) == g_ptr_array_index (others, 11));
  }
  g_list_store_remove_all (source);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));
  fill (source, 5, "c");
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));
  astrix_row_model_set_model (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_finalize_object (model);
}

static void
on_item_notify (AstrixRow  *row,
                GParamSpec *pspec,
                guint      *count)
{
  g_assert_cmpstr (pspec->name, ==, "enabled");
  (*count)++;
}

static void
test_item_notify (void)
{
  g_autoptr(GSimpleAction) first = g_simple_action_new ("first", NULL);
  g_autoptr(GSimpleAction) second = g_simple_action_new ("second", NULL);
  g_autoptr(AstrixRow) row = astrix_row_new (first);
  guint count = 0;

  g_signal_connect (row, "item-notify::enabled", G_CALLBACK (on_item_notify), &count);
  g_simple_action_set_enabled (first, FALSE);
  g_assert_cmpuint (count, ==, 1);
  /* another detail: not for this handler */
  g_object_notify (G_OBJECT (first), "state");
  g_assert_cmpuint (count, ==, 1);

  astrix_row_set_item (row, second);
  g_simple_action_set_enabled (first, TRUE);
  g_assert_cmpuint (count, ==, 1);
  g_simple_action_set_enabled (second, FALSE);
  g_assert_cmpuint (count, ==, 2);

  astrix_row_set_item (row, NULL);
  g_simple_action_set_enabled (second, TRUE);
  g_assert_cmpuint (count, ==, 2);
  g_assert_finalize_object (g_steal_pointer (&row));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/row-model/rows", test_rows);
  g_test_add_func ("/row-model/item-notify", test_item_notify);
  return g_test_run ();
}

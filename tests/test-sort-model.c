/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixSortModel: the source's items sorted, with exact signals for small changes, and for a
 * big change where most items stay (as the channel store reports a flush) one signal for the
 * sorted rows that differ, which a GtkSingleSelection lives through with its item selected.
 * Checked against a full sort and a mirror built from the signals.
 */
#include <gtk/gtk.h>

#include "mirror.h"

#include "astrix-sort-model.h"
#include "astrix-sort-model-private.h"

typedef struct
{
  GListStore      *source;
  AstrixSortModel *sorted;
  GListStore      *mirror;
  guint            signals;
  guint            last[3];
} Fixture;

static void
on_changed (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Fixture    *f)
{
  mirror_apply (f->mirror, model, position, removed, added);
  f->signals++;
  f->last[0] = position;
  f->last[1] = removed;
  f->last[2] = added;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (gtk_string_object_get_string (*(GtkStringObject **) a),
                    gtk_string_object_get_string (*(GtkStringObject **) b));
}

/* Sorted, and what the signals said */
static void
assert_sorted (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->source));
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (expected, g_list_model_get_item (G_LIST_MODEL (f->source), i));
  g_ptr_array_sort (expected, compare_strings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->sorted)), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->mirror)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (f->sorted), i);
      g_autoptr(GtkStringObject) mirrored = g_list_model_get_item (G_LIST_MODEL (f->mirror), i);

      /* (names are unique: the order is the expected one item by item) */
      g_assert_cmpstr (gtk_string_object_get_string (item), ==,
                       gtk_string_object_get_string (g_ptr_array_index (expected, i)));
      g_assert_true (mirrored == item);
    }
}

/* The sorted items, in order */
static GPtrArray *
rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->sorted)); i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (f->sorted), i));
  return rows;
}

static void
append (GListStore *store,
        guint       number)
{
  g_autofree char *text = g_strdup_printf ("call %04u", number);
  g_autoptr(GtkStringObject) item = gtk_string_object_new (text);

  g_list_store_append (store, item);
}

/* What the channel store does in a flush: from @first on, the items without those at @gone
 * (ascending), and @n_new new ones at the end; one signal. */
static void
flush (GListStore  *store,
       guint        first,
       const guint *gone,
       guint        n_gone,
       guint        n_new,
       guint        serial)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint next = 0;

  for (guint i = first; i < n; i++)
    {
      if (next < n_gone && gone[next] == i)
        {
          next++;
          continue;
        }
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
    }
  for (guint i = 0; i < n_new; i++)
    {
      g_autofree char *text = g_strdup_printf ("new %04u-%u", serial, i);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, first, n - first, items->pdata, items->len);
}

static void
test_sort_model (void)
{
  Fixture f = { 0, };
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GtkStringObject) chosen = NULL;

  f.source = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  f.mirror = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  /* 600 calls, their names not in the source's order */
  for (guint i = 0; i < 600; i++)
    append (f.source, (i * 7919) % 600);
  f.sorted = _astrix_sort_model_new (G_LIST_MODEL (f.source), sorter);
  on_changed (G_LIST_MODEL (f.sorted), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (f.sorted)),
              &f);
  g_signal_connect (f.sorted, "items-changed", G_CALLBACK (on_changed), &f);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (f.sorted)));
  gtk_single_selection_set_selected (selection, 300);
  chosen = g_object_ref (gtk_single_selection_get_selected_item (selection));
  assert_sorted (&f);

  /* Small changes: one signal each, for one row */
  f.signals = 0;
  g_list_store_remove (f.source, 10);
  append (f.source, 10000);
  assert_sorted (&f);
  g_assert_cmpuint (f.signals, ==, 2);
  g_assert_cmpuint (f.last[1] + f.last[2], ==, 1);

  /* A flush: from the 100th source item on, 3 calls end and 4 start. One signal, exactly for
   * the sorted rows from the first to the last that differ; the selection stays on its call. */
  {
    const guint gone[] = { 100, 250, 420 };
    g_autoptr(GPtrArray) before = rows (&f);
    g_autoptr(GPtrArray) after = NULL;
    guint head = 0, tail = 0;

    f.signals = 0;
    flush (f.source, 100, gone, G_N_ELEMENTS (gone), 4, 1);
    assert_sorted (&f);
    g_assert_cmpuint (f.signals, ==, 1);
    after = rows (&f);
    while (before->pdata[head] == after->pdata[head])
      head++;
    while (before->pdata[before->len - 1 - tail] == after->pdata[after->len - 1 - tail])
      tail++;
    g_assert_cmpuint (f.last[0], ==, head);
    g_assert_cmpuint (f.last[1], ==, before->len - head - tail);
    g_assert_cmpuint (f.last[2], ==, after->len - head - tail);
    g_assert_cmpuint (f.last[1], <, before->len);
    g_assert_true (gtk_single_selection_get_selected_item (selection) == chosen);
  }

  /* A flush that takes the selected call: the selection moves on, nothing breaks */
  {
    guint position;

    g_assert_true (g_list_store_find (f.source, chosen, &position));
    flush (f.source, position, &position, 1, 0, 2);
    assert_sorted (&f);
    g_assert_false (gtk_single_selection_get_selected_item (selection) == chosen);
  }

  /* A resync: everything new; sorted again from scratch */
  flush (f.source, 0, NULL, 0, 0, 3);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (f.source));
    g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < 500; i++)
      {
        g_autofree char *text = g_strdup_printf ("resync %04u", (i * 31) % 500);

        g_ptr_array_add (fresh, gtk_string_object_new (text));
      }
    g_list_store_splice (f.source, 0, n, fresh->pdata, fresh->len);
  }
  assert_sorted (&f);

  /* The sorter changes: sorted again */
  gtk_string_sorter_set_ignore_case (GTK_STRING_SORTER (sorter), FALSE);
  assert_sorted (&f);

  g_clear_object (&selection);
  g_assert_finalize_object (f.sorted);
  g_object_unref (f.source);
  g_object_unref (f.mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sort-model/changes", test_sort_model);
  return g_test_run ();
}

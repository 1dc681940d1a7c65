/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixFilterModel: what passes, in the source's order, with one exact items-changed for each
 * change of the source or of the filter (checked against a model rebuilt from scratch).
 */
#include <gtk/gtk.h>

#include "astrix-filter-model.h"

typedef struct
{
  GListStore        *source;
  AstrixFilterModel *filter;
  GListStore        *mirror;     /* the filter model as its signals say it is */
  const char        *needle;
} Fixture;

static gboolean
contains (gpointer item,
          gpointer data)
{
  Fixture *f = data;

  return strstr (gtk_string_object_get_string (item), f->needle) != NULL;
}

static void
on_changed (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Fixture    *f)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, position + i));
  g_list_store_splice (f->mirror, position, removed, items->pdata, items->len);
}

/* The signals told the whole truth: the mirror is the filter model, which is what passes. */
static void
assert_consistent (Fixture *f)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->filter));
  guint expected = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->mirror)), ==, n);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->source)); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (f->source), i);
      g_autoptr(GObject) shown = NULL;
      g_autoptr(GObject) mirrored = NULL;

      if (!contains (item, f))
        continue;
      shown = g_list_model_get_item (G_LIST_MODEL (f->filter), expected);
      mirrored = g_list_model_get_item (G_LIST_MODEL (f->mirror), expected);
      g_assert_true (shown == item);
      g_assert_true (mirrored == item);
      expected++;
    }
  g_assert_cmpuint (expected, ==, n);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->filter), n));
}

static void
add_words (GListStore *store,
           guint       position,
           const char *words)
{
  g_auto(GStrv) split = g_strsplit (words, " ", -1);

  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autoptr(GtkStringObject) item = gtk_string_object_new (split[i]);

      g_list_store_insert (store, position + i, item);
    }
}

static void
test_filter_model (void)
{
  Fixture f = { 0, };

  f.source = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  f.mirror = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  f.needle = "";
  add_words (f.source, 0, "alpha beta gamma delta epsilon zeta eta theta iota kappa");
  f.filter = astrix_filter_model_new (G_LIST_MODEL (f.source));
  astrix_filter_model_set_filter_func (f.filter, contains, &f, NULL);
  on_changed (G_LIST_MODEL (f.filter), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (f.filter)), &f);
  g_signal_connect (f.filter, "items-changed", G_CALLBACK (on_changed), &f);
  assert_consistent (&f);

  /* Narrower, wider, other */
  f.needle = "a";
  astrix_filter_model_refilter (f.filter, GTK_FILTER_CHANGE_MORE_STRICT);
  assert_consistent (&f);
  f.needle = "ta";
  astrix_filter_model_refilter (f.filter, GTK_FILTER_CHANGE_MORE_STRICT);
  assert_consistent (&f);
  f.needle = "t";
  astrix_filter_model_refilter (f.filter, GTK_FILTER_CHANGE_LESS_STRICT);
  assert_consistent (&f);
  f.needle = "e";
  astrix_filter_model_refilter (f.filter, GTK_FILTER_CHANGE_DIFFERENT);
  assert_consistent (&f);

  /* The source changes: at the start, in the middle, at the end, all at once */
  add_words (f.source, 0, "eel emu");
  assert_consistent (&f);
  add_words (f.source, 5, "owl bee");
  assert_consistent (&f);
  g_list_store_remove (f.source, 3);
  assert_consistent (&f);
  add_words (f.source, g_list_model_get_n_items (G_LIST_MODEL (f.source)), "eagle");
  assert_consistent (&f);
  g_list_store_splice (f.source, 2, 6, NULL, 0);
  assert_consistent (&f);
  astrix_filter_model_set_filter_func (f.filter, NULL, NULL, NULL);
  f.needle = "";
  assert_consistent (&f);
  g_list_store_remove_all (f.source);
  assert_consistent (&f);

  /* Another source */
  {
    g_autoptr(GListStore) other = g_list_store_new (GTK_TYPE_STRING_OBJECT);

    add_words (other, 0, "one two three");
    g_clear_object (&f.source);
    f.source = g_object_ref (other);
    astrix_filter_model_set_model (f.filter, G_LIST_MODEL (other));
    assert_consistent (&f);
  }

  g_assert_finalize_object (f.filter);
  g_object_unref (f.source);
  g_object_unref (f.mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filter-model/changes", test_filter_model);
  return g_test_run ();
}

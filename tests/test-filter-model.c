/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixFilterModel: what passes, in the source's order, with one exact items-changed for each
 * change of the source or of the filter (checked against a model rebuilt from scratch); the
 * search for words in the keys it keeps, which follow the source's changes; and a big change
 * where most items stay, which filters only the new ones and is signalled for the rows that
 * differ.
 */
#include <string.h>

#include <gtk/gtk.h>

#include "mirror.h"

#include "astrix-filter-model.h"
#include "astrix-filter-model-private.h"

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
  mirror_apply (f->mirror, model, position, removed, added);
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
  f.filter = _astrix_filter_model_new (G_LIST_MODEL (f.source));
  astrix_filter_model_set_filter_func (f.filter, contains, &f, NULL);
  on_changed (G_LIST_MODEL (f.filter), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (f.filter)),
              &f);
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

/* Words: items whose text can change, like a recording whose caller becomes known */

#define TEST_TYPE_WORD (test_word_get_type ())
G_DECLARE_FINAL_TYPE (TestWord, test_word, TEST, WORD, GObject)

struct _TestWord
{
  GObject  parent_instance;
  char    *text;
};

G_DEFINE_FINAL_TYPE (TestWord, test_word, G_TYPE_OBJECT)

static void
test_word_finalize (GObject *object)
{
  g_free (TEST_WORD (object)->text);
  G_OBJECT_CLASS (test_word_parent_class)->finalize (object);
}

static void
test_word_class_init (TestWordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_word_finalize;
}

static void
test_word_init (TestWord *self)
{
}

static TestWord *
word_new (const char *text)
{
  TestWord *word = g_object_new (TEST_TYPE_WORD, NULL);

  word->text = g_strdup (text);
  return word;
}

static const char *
word_key (gpointer item)
{
  return TEST_WORD (item)->text;
}

typedef struct
{
  GListStore        *source;
  AstrixFilterModel *filter;
  GListStore        *mirror;
  const char *const *words;
  guint              calls;        /* of the filter function */
  gboolean           short_only;   /* the filter function passes words of 5 letters or fewer */
  guint              last[3];      /* the last signal: position, removed, added */
} Words;

static gboolean
short_word (gpointer item,
            gpointer data)
{
  Words *w = data;

  w->calls++;
  return !w->short_only || strlen (TEST_WORD (item)->text) <= 5;
}

static void
on_words_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Words      *w)
{
  mirror_apply (w->mirror, model, position, removed, added);
  w->last[0] = position;
  w->last[1] = removed;
  w->last[2] = added;
}

static gboolean
words_pass (Words    *w,
            TestWord *word)
{
  for (guint i = 0; w->words != NULL && w->words[i] != NULL; i++)
    {
      if (strstr (word->text, w->words[i]) == NULL)
        return FALSE;
    }
  return !w->short_only || strlen (word->text) <= 5;
}

static void
assert_words (Words *w)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (w->filter));
  guint expected = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (w->mirror)), ==, n);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (w->source)); i++)
    {
      g_autoptr(TestWord) item = g_list_model_get_item (G_LIST_MODEL (w->source), i);
      g_autoptr(GObject) shown = NULL;
      g_autoptr(GObject) mirrored = NULL;

      if (!words_pass (w, item))
        continue;
      shown = g_list_model_get_item (G_LIST_MODEL (w->filter), expected);
      mirrored = g_list_model_get_item (G_LIST_MODEL (w->mirror), expected);
      g_assert_true (shown == (GObject *) item);
      g_assert_true (mirrored == (GObject *) item);
      expected++;
    }
  g_assert_cmpuint (expected, ==, n);
}

/* The source's items from @position to @position + @n, with @drop left out and @add added
 * after the last: as a sorted model or the channel store reports a flush */
static void
resplice (GListStore *store,
          guint       position,
          guint       n,
          guint       drop,
          TestWord   *add)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = position; i < position + n; i++)
    {
      if (i != drop)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), i));
    }
  if (add != NULL)
    g_ptr_array_add (items, g_object_ref (add));
  g_list_store_splice (store, position, n, items->pdata, items->len);
}

static void
test_words (void)
{
  const char *none[] = { NULL };
  const char *ta[] = { "ta", NULL };
  const char *t_a[] = { "t", "a", NULL };
  const char *kap[] = { "kap", NULL };
  const char *a[] = { "a", NULL };
  Words w = { 0, };
  g_autoptr(TestWord) zappa = word_new ("zappa");

  w.source = g_list_store_new (TEST_TYPE_WORD);
  w.mirror = g_list_store_new (TEST_TYPE_WORD);
  {
    const char *texts[] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                            "iota", "kappa", "lambda", "mu" };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        g_autoptr(TestWord) word = word_new (texts[i]);

        g_list_store_append (w.source, word);
      }
  }
  w.filter = _astrix_filter_model_new (G_LIST_MODEL (w.source));
  astrix_filter_model_set_key_func (w.filter, word_key);
  on_words_changed (G_LIST_MODEL (w.filter), 0, 0,
                    g_list_model_get_n_items (G_LIST_MODEL (w.filter)), &w);
  g_signal_connect (w.filter, "items-changed", G_CALLBACK (on_words_changed), &w);
  assert_words (&w);

  /* Typed, narrowed, widened, replaced, cleared */
  w.words = ta;
  astrix_filter_model_set_words (w.filter, ta, GTK_FILTER_CHANGE_DIFFERENT);
  assert_words (&w);
  /* beta delta zeta eta theta iota */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (w.filter)), ==, 6);
  w.words = t_a;
  astrix_filter_model_set_words (w.filter, t_a, GTK_FILTER_CHANGE_LESS_STRICT);
  assert_words (&w);
  w.words = kap;
  astrix_filter_model_set_words (w.filter, kap, GTK_FILTER_CHANGE_DIFFERENT);
  assert_words (&w);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (w.filter)), ==, 1);
  w.words = none;
  astrix_filter_model_set_words (w.filter, none, GTK_FILTER_CHANGE_LESS_STRICT);
  assert_words (&w);

  /* With a filter function as well; the source changes under a search */
  w.words = ta;
  astrix_filter_model_set_words (w.filter, ta, GTK_FILTER_CHANGE_MORE_STRICT);
  w.short_only = TRUE;
  astrix_filter_model_set_filter_func (w.filter, short_word, &w, NULL);
  assert_words (&w);
  g_list_store_insert (w.source, 2, zappa);
  assert_words (&w);
  g_list_store_remove (w.source, 0);
  assert_words (&w);

  /* A big change where all but one stay, and one comes: only the new one is filtered, and the
   * signal starts at the row that went (delta, the second row shown) */
  {
    g_autoptr(TestWord) pita = word_new ("pita");

    w.calls = 0;
    resplice (w.source, 0, g_list_model_get_n_items (G_LIST_MODEL (w.source)), 3, pita);
    assert_words (&w);
    g_assert_cmpuint (w.calls, ==, 1);
    g_assert_cmpuint (w.last[0], ==, 1);
    g_assert_cmpuint (w.last[1], ==, 5);
    g_assert_cmpuint (w.last[2], ==, 5);
  }

  /* An item changed alone in place is searched again: its key is copied anew */
  g_free (zappa->text);
  zappa->text = g_strdup ("kata");
  {
    guint position;

    g_assert_true (g_list_store_find (w.source, zappa, &position));
    resplice (w.source, position, 1, G_MAXUINT, NULL);
  }
  assert_words (&w);

  /* Back to an earlier search (a backspace): shown again without a search; after a change of
   * the items, or of the filter function, searched again */
  {
    g_autoptr(TestWord) tapa = word_new ("tapa");

    w.words = a;
    astrix_filter_model_set_words (w.filter, a, GTK_FILTER_CHANGE_DIFFERENT);
    w.words = ta;
    astrix_filter_model_set_words (w.filter, ta, GTK_FILTER_CHANGE_MORE_STRICT);
    assert_words (&w);
    w.calls = 0;
    w.words = a;
    astrix_filter_model_set_words (w.filter, a, GTK_FILTER_CHANGE_LESS_STRICT);
    g_assert_cmpuint (w.calls, ==, 0);
    assert_words (&w);

    w.words = ta;
    astrix_filter_model_set_words (w.filter, ta, GTK_FILTER_CHANGE_MORE_STRICT);
    g_list_store_append (w.source, tapa);
    w.calls = 0;
    w.words = a;
    astrix_filter_model_set_words (w.filter, a, GTK_FILTER_CHANGE_LESS_STRICT);
    g_assert_cmpuint (w.calls, >, 0);
    assert_words (&w);
    w.words = ta;
    astrix_filter_model_set_words (w.filter, ta, GTK_FILTER_CHANGE_MORE_STRICT);
    w.short_only = FALSE;
    astrix_filter_model_refilter (w.filter, GTK_FILTER_CHANGE_LESS_STRICT);
    w.calls = 0;
    w.words = a;
    astrix_filter_model_set_words (w.filter, a, GTK_FILTER_CHANGE_LESS_STRICT);
    g_assert_cmpuint (w.calls, >, 0);
    assert_words (&w);
    w.short_only = TRUE;
    astrix_filter_model_refilter (w.filter, GTK_FILTER_CHANGE_MORE_STRICT);
    assert_words (&w);
  }

  /* Many changes: the keys no item uses are dropped now and then; nothing is lost */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *text = g_strdup_printf ("ta%u", i);
      g_autoptr(TestWord) word = word_new (text);

      g_list_store_append (w.source, word);
      if (i % 2 == 0)
        g_list_store_remove (w.source, 0);
    }
  assert_words (&w);
  w.words = none;
  astrix_filter_model_set_words (w.filter, NULL, GTK_FILTER_CHANGE_LESS_STRICT);
  assert_words (&w);

  g_assert_finalize_object (w.filter);
  g_object_unref (w.source);
  g_object_unref (w.mirror);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filter-model/changes", test_filter_model);
  g_test_add_func ("/filter-model/words", test_words);
  return g_test_run ();
}

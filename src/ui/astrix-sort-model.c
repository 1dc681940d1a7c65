/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-list-match.h"
#include "astrix-sort-model.h"
#include "astrix-sort-model-private.h"

/*
 * A sorted view of a list model, like GtkSortListModel, but with exact change signals: one
 * item removed from the source is one item removed here, at its sorted position. GTK's sort
 * model (4.8) reports every row whose source position shifted as changed, so a call hanging up
 * near the top of a busy list made the table rebind every visible row — a frame-long stall
 * many times a second (bench-storm). Big changes (a resync) are still one signal.
 *
 * A big change where most items stay (the channel store reports each of its flushes as one
 * change from the first call that ended to the end of the list) is not sorted again: the items
 * that went are taken out, those that came are put in their places, and one signal covers the
 * sorted rows from the first to the last that differ. The rows in between hold the same items,
 * and a list view keeps their widgets as they are.
 */

#define MAX_SINGLE_CHANGES 200

struct _AstrixSortModel
{
  GObject     parent_instance;

  GListModel *model;
  GtkSorter  *sorter;
  GPtrArray  *source;   /* the model's items, in its order (to know what a removal took) */
  GPtrArray  *sorted;   /* the same items, sorted */
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SORTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void astrix_sort_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixSortModel, astrix_sort_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_sort_model_list_model_init))

static GType
astrix_sort_model_get_item_type (GListModel *list)
{
  AstrixSortModel *self = ASTRIX_SORT_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
astrix_sort_model_get_n_items (GListModel *list)
{
  return ASTRIX_SORT_MODEL (list)->sorted->len;
}

static gpointer
astrix_sort_model_get_item (GListModel *list,
                            guint       position)
{
  AstrixSortModel *self = ASTRIX_SORT_MODEL (list);

  if (position >= self->sorted->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->sorted, position));
}

static void
astrix_sort_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_sort_model_get_item_type;
  iface->get_n_items = astrix_sort_model_get_n_items;
  iface->get_item = astrix_sort_model_get_item;
}

/* Ties keep the source order: a stable sort, so rows do not swap places for nothing. */
static int
compare (AstrixSortModel *self,
         gpointer         a,
         gpointer         b)
{
  if (self->sorter != NULL)
    {
      GtkOrdering order = gtk_sorter_compare (self->sorter, a, b);

      if (order != GTK_ORDERING_EQUAL)
        return order;
    }
  return 0;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      data)
{
  return compare (data, *(gpointer *) a, *(gpointer *) b);
}

/* The position where @item goes: after every item that does not sort after it. */
static guint
insertion_point (AstrixSortModel *self,
                 gpointer         item)
{
  guint lo = 0;
  guint hi = self->sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare (self, g_ptr_array_index (self->sorted, mid), item) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
rebuild (AstrixSortModel *self)
{
  guint old_len = self->sorted->len;

  g_ptr_array_set_size (self->sorted, 0);
  for (guint i = 0; i < self->source->len; i++)
    g_ptr_array_add (self->sorted, g_object_ref (g_ptr_array_index (self->source, i)));
  /* g_ptr_array_sort_with_data is a merge sort here: stable. */
  g_ptr_array_sort_with_data (self->sorted, sort_func, self);
  if (old_len > 0 || self->sorted->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->sorted->len);
}

static void
remove_one (AstrixSortModel *self,
            gpointer         item)
{
  guint index;

  /* A linear search: the item's sort key may have changed since it was placed. */
  if (!g_ptr_array_find (self->sorted, item, &index))
    return;
  g_ptr_array_remove_index (self->sorted, index);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
}

static void
add_one (AstrixSortModel *self,
         gpointer         item)
{
  guint index = insertion_point (self, item);

  g_ptr_array_insert (self->sorted, index, g_object_ref (item));
  g_list_model_items_changed (G_LIST_MODEL (self), index, 0, 1);
}

/*
 * A big change of the source: @gone were at @position, @added items are there now, most of
 * them the same in the same order (astrix_list_match()). Each item that went is taken out of
 * the sorted list, each that came is put in (an item that only moved is both), and one signal
 * covers the rest.
 */
static void
apply_change (AstrixSortModel *self,
              GPtrArray       *gone,
              guint            position,
              guint            added)
{
  g_autofree int *match = astrix_list_match (gone, self->source->pdata + position, added);
  g_autofree gboolean *stayed = g_new0 (gboolean, MAX (gone->len, 1));
  g_autoptr(GHashTable) leaving = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) coming = g_ptr_array_new ();
  g_autofree gpointer *before = g_memdup2 (self->sorted->pdata,
                                           self->sorted->len * sizeof (gpointer));
  guint old_len = self->sorted->len;
  guint kept = 0;
  guint head = 0;
  guint tail = 0;

  for (guint i = 0; i < added; i++)
    {
      if (match[i] >= 0)
        stayed[match[i]] = TRUE;
      else
        g_ptr_array_add (coming, g_ptr_array_index (self->source, position + i));
    }
  for (guint j = 0; j < gone->len; j++)
    {
      if (!stayed[j])
        g_hash_table_add (leaving, g_ptr_array_index (gone, j));
    }
  /* Many new items (a resync): sorting them all is quicker than placing each. */
  if (coming->len > MAX_SINGLE_CHANGES)
    {
      rebuild (self);
      return;
    }

  /* (An item can leave and come back: it was in @gone out of order.) */
  for (guint i = 0; i < self->sorted->len; i++)
    {
      gpointer item = g_ptr_array_index (self->sorted, i);

      if (g_hash_table_contains (leaving, item))
        g_object_unref (item);
      else
        self->sorted->pdata[kept++] = item;
    }
  self->sorted->len = kept;
  for (guint i = 0; i < coming->len; i++)
    {
      gpointer item = g_ptr_array_index (coming, i);

      g_ptr_array_insert (self->sorted, insertion_point (self, item), g_object_ref (item));
    }

  while (head < old_len && head < self->sorted->len && before[head] == self->sorted->pdata[head])
    head++;
  while (tail < old_len - head && tail < self->sorted->len - head &&
         before[old_len - 1 - tail] == self->sorted->pdata[self->sorted->len - 1 - tail])
    tail++;
  if (head < old_len || head < self->sorted->len)
    g_list_model_items_changed (G_LIST_MODEL (self), head, old_len - head - tail,
                                self->sorted->len - head - tail);
}

static void
on_items_changed (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  AstrixSortModel *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (gone, g_object_ref (g_ptr_array_index (self->source, position + i)));
  g_ptr_array_remove_range (self->source, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (self->source, position + i, g_list_model_get_item (model, position + i));

  if (removed + added > MAX_SINGLE_CHANGES && self->sorted->len == 0)
    {
      rebuild (self);
      return;
    }
  if (removed + added > MAX_SINGLE_CHANGES)
    {
      apply_change (self, gone, position, added);
      return;
    }
  for (guint i = 0; i < gone->len; i++)
    remove_one (self, g_ptr_array_index (gone, i));
  for (guint i = 0; i < added; i++)
    add_one (self, g_ptr_array_index (self->source, position + i));
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   AstrixSortModel *self)
{
  rebuild (self);
}

void
astrix_sort_model_set_model (AstrixSortModel *self,
                             GListModel      *model)
{
  g_return_if_fail (ASTRIX_IS_SORT_MODEL (self));

  if (self->model == model)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  g_ptr_array_set_size (self->source, 0);
  if (model != NULL)
    {
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->source, g_list_model_get_item (model, i));
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
    }
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
astrix_sort_model_set_sorter (AstrixSortModel *self,
                              GtkSorter       *sorter)
{
  g_return_if_fail (ASTRIX_IS_SORT_MODEL (self));

  if (self->sorter == sorter)
    return;

  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_func (self->sorter, on_sorter_changed, self);
  g_set_object (&self->sorter, sorter);
  if (sorter != NULL)
    g_signal_connect (sorter, "changed", G_CALLBACK (on_sorter_changed), self);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTER]);
}

GListModel *
_astrix_sort_model_get_model (AstrixSortModel *self)
{
  return self->model;
}

static void
astrix_sort_model_dispose (GObject *object)
{
  AstrixSortModel *self = ASTRIX_SORT_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  if (self->sorter != NULL)
    g_signal_handlers_disconnect_by_func (self->sorter, on_sorter_changed, self);
  g_clear_object (&self->model);
  g_clear_object (&self->sorter);
  g_ptr_array_set_size (self->source, 0);
  g_ptr_array_set_size (self->sorted, 0);

  G_OBJECT_CLASS (astrix_sort_model_parent_class)->dispose (object);
}

static void
astrix_sort_model_finalize (GObject *object)
{
  AstrixSortModel *self = ASTRIX_SORT_MODEL (object);

  g_ptr_array_unref (self->source);
  g_ptr_array_unref (self->sorted);

  G_OBJECT_CLASS (astrix_sort_model_parent_class)->finalize (object);
}

static void
astrix_sort_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AstrixSortModel *self = ASTRIX_SORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SORTER:
      g_value_set_object (value, self->sorter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_sort_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AstrixSortModel *self = ASTRIX_SORT_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      astrix_sort_model_set_model (self, g_value_get_object (value));
      break;
    case PROP_SORTER:
      astrix_sort_model_set_sorter (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_sort_model_class_init (AstrixSortModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_sort_model_dispose;
  object_class->finalize = astrix_sort_model_finalize;
  object_class->get_property = astrix_sort_model_get_property;
  object_class->set_property = astrix_sort_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORTER] =
    g_param_spec_object ("sorter", NULL, NULL, GTK_TYPE_SORTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_sort_model_init (AstrixSortModel *self)
{
  self->source = g_ptr_array_new_with_free_func (g_object_unref);
  self->sorted = g_ptr_array_new_with_free_func (g_object_unref);
}

AstrixSortModel *
_astrix_sort_model_new (GListModel *model,
                        GtkSorter  *sorter)
{
  return g_object_new (ASTRIX_TYPE_SORT_MODEL, "model", model, "sorter", sorter, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-filter-model.h"

/*
 * A filtered view of a list model, like GtkFilterListModel, built for a keystroke on 100,000
 * rows. GTK 4.8's filter model finds its n-th item by scanning a bitset, and a list view
 * asks for every item of a changed range: a search in a big folder took half a second
 * (bench-recordings). Here the source's items are kept in an array and what passes is an
 * array of positions into it, so an item is found at once; the filter function gets the item
 * without a reference; a stricter filter looks only at what passed; and every change is one
 * signal, from the first to the last row that differs.
 */

struct _AstrixFilterModel
{
  GObject           parent_instance;

  GListModel       *model;
  GPtrArray        *items;    /* the model's items (owned), in its order */
  GArray           *shown;    /* guint: positions in @items of the items that pass, ascending */
  AstrixFilterFunc  func;
  gpointer          data;
  GDestroyNotify    destroy;
};

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void astrix_filter_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixFilterModel, astrix_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_filter_model_list_model_init))

static GType
astrix_filter_model_get_item_type (GListModel *list)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (list);

  return self->model != NULL ? g_list_model_get_item_type (self->model) : G_TYPE_OBJECT;
}

static guint
astrix_filter_model_get_n_items (GListModel *list)
{
  return ASTRIX_FILTER_MODEL (list)->shown->len;
}

static gpointer
astrix_filter_model_get_item (GListModel *list,
                              guint       position)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (list);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, g_array_index (self->shown, guint, position)));
}

static void
astrix_filter_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_filter_model_get_item_type;
  iface->get_n_items = astrix_filter_model_get_n_items;
  iface->get_item = astrix_filter_model_get_item;
}

static gboolean
passes (AstrixFilterModel *self,
        guint              position)
{
  return self->func == NULL || self->func (g_ptr_array_index (self->items, position), self->data);
}

/* The first entry of @shown that is @position or after it. */
static guint
lower_bound (GArray *shown,
             guint   position)
{
  guint low = 0;
  guint high = shown->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (shown, guint, mid) < position)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* Replaces @old by @new, with one signal for the rows between the first and last that differ. */
static void
swap_shown (AstrixFilterModel *self,
            GArray            *new)
{
  g_autoptr(GArray) old = self->shown;
  guint head = 0;
  guint tail = 0;

  self->shown = g_array_ref (new);
  while (head < old->len && head < new->len &&
         g_array_index (old, guint, head) == g_array_index (new, guint, head))
    head++;
  while (tail < old->len - head && tail < new->len - head &&
         g_array_index (old, guint, old->len - 1 - tail) == g_array_index (new, guint, new->len - 1 - tail))
    tail++;
  if (head == old->len && head == new->len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), head, old->len - head - tail,
                              new->len - head - tail);
}

/* The source changed: the same change in @items, and the rows it brings or takes. */
static void
on_items_changed (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  AstrixFilterModel *self)
{
  guint first = lower_bound (self->shown, position);
  guint last = lower_bound (self->shown, position + removed);
  g_autoptr(GArray) passing = g_array_new (FALSE, FALSE, sizeof (guint));
  guint tail = self->items->len - position - removed;

  g_ptr_array_remove_range (self->items, position, removed);
  g_ptr_array_set_size (self->items, self->items->len + added);
  if (tail > 0 && added > 0)
    memmove (self->items->pdata + position + added, self->items->pdata + position,
             tail * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    self->items->pdata[position + i] = g_list_model_get_item (model, position + i);

  for (guint i = last; i < self->shown->len; i++)
    g_array_index (self->shown, guint, i) += added - removed;
  for (guint i = position; i < position + added; i++)
    {
      if (passes (self, i))
        g_array_append_val (passing, i);
    }
  g_array_remove_range (self->shown, first, last - first);
  g_array_insert_vals (self->shown, first, passing->data, passing->len);
  if (last - first > 0 || passing->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last - first, passing->len);
}

/**
 * astrix_filter_model_refilter:
 * @change: %GTK_FILTER_CHANGE_MORE_STRICT when only items shown can go (the search got
 *   longer), %GTK_FILTER_CHANGE_LESS_STRICT when only hidden ones can come back
 *
 * Runs the filter function again.
 */
void
astrix_filter_model_refilter (AstrixFilterModel *self,
                              GtkFilterChange    change)
{
  g_autoptr(GArray) shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->shown->len);
  guint next = 0;

  g_return_if_fail (ASTRIX_IS_FILTER_MODEL (self));

  for (guint i = 0; change == GTK_FILTER_CHANGE_MORE_STRICT && i < self->shown->len; i++)
    {
      guint position = g_array_index (self->shown, guint, i);

      if (passes (self, position))
        g_array_append_val (shown, position);
    }
  for (guint i = 0; change != GTK_FILTER_CHANGE_MORE_STRICT && i < self->items->len; i++)
    {
      gboolean was_shown = next < self->shown->len && g_array_index (self->shown, guint, next) == i;

      if (was_shown)
        next++;
      if ((was_shown && change == GTK_FILTER_CHANGE_LESS_STRICT) || passes (self, i))
        g_array_append_val (shown, i);
    }
  swap_shown (self, shown);
}

void
astrix_filter_model_set_filter_func (AstrixFilterModel *self,
                                     AstrixFilterFunc   func,
                                     gpointer           user_data,
                                     GDestroyNotify     destroy)
{
  g_return_if_fail (ASTRIX_IS_FILTER_MODEL (self));

  if (self->destroy != NULL)
    self->destroy (self->data);
  self->func = func;
  self->data = user_data;
  self->destroy = destroy;
  astrix_filter_model_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

void
astrix_filter_model_set_model (AstrixFilterModel *self,
                               GListModel        *model)
{
  guint removed;

  g_return_if_fail (ASTRIX_IS_FILTER_MODEL (self));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  removed = self->shown->len;
  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->shown, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  if (model != NULL)
    {
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      on_items_changed (model, 0, 0, g_list_model_get_n_items (model), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
astrix_filter_model_get_model (AstrixFilterModel *self)
{
  return self->model;
}

static void
astrix_filter_model_dispose (GObject *object)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  if (self->destroy != NULL)
    self->destroy (self->data);
  self->destroy = NULL;
  self->func = NULL;
  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->shown, 0);

  G_OBJECT_CLASS (astrix_filter_model_parent_class)->dispose (object);
}

static void
astrix_filter_model_finalize (GObject *object)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (object);

  g_ptr_array_unref (self->items);
  g_array_unref (self->shown);

  G_OBJECT_CLASS (astrix_filter_model_parent_class)->finalize (object);
}

static void
astrix_filter_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_filter_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      astrix_filter_model_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_filter_model_class_init (AstrixFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_filter_model_dispose;
  object_class->finalize = astrix_filter_model_finalize;
  object_class->get_property = astrix_filter_model_get_property;
  object_class->set_property = astrix_filter_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_filter_model_init (AstrixFilterModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
}

AstrixFilterModel *
astrix_filter_model_new (GListModel *model)
{
  return g_object_new (ASTRIX_TYPE_FILTER_MODEL, "model", model, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-filter-model.h"
#include "astrix-filter-model-private.h"
#include "astrix-list-match.h"

/*
 * A filtered view of a list model, like GtkFilterListModel, built for a keystroke on 100,000
 * rows. GTK 4.8's filter model finds its n-th item by scanning a bitset, and a list view
 * asks for every item of a changed range: a search in a big folder took half a second
 * (bench-recordings). Here the source's items are kept in an array and what passes is an
 * array of positions into it, so an item is found at once; the filter function gets the item
 * without a reference; a stricter filter looks only at what passed; and every change is one
 * signal, from the first to the last row that differs.
 *
 * A search for words (astrix_filter_model_set_words()) looks into a copy of each item's text
 * (#AstrixFilterKeyFunc) kept in one block of memory, one after the other, rather than into
 * 100,000 objects and strings spread over the heap: a keystroke then reads memory in order. The
 * copies follow the changes of the model; an item that keeps its place in a change keeps its
 * copy, and one changed alone in place (removed and added again) is copied again, as its text
 * may have changed. What the last searches showed is kept until anything changes: a backspace
 * shows the result again without a search.
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

  AstrixFilterKeyFunc key_func;
  char            **words;    /* all must be in an item's key for it to pass */
  GString          *keys;     /* the keys of @items, each ending in '\0', in no order */
  GArray           *offsets;  /* guint: where the key of each of @items is in @keys */
  gsize             garbage;  /* bytes of @keys no item uses any more */
  GPtrArray        *past;     /* Past: the searches typed before this one, oldest first */
};

/* What a search showed: a backspace back to it shows that again at once, while nothing else
 * changed (the items, the filter function). */
typedef struct
{
  char   **words;
  GArray  *shown;
} Past;

#define MAX_PAST 16

static void
past_free (gpointer data)
{
  Past *past = data;

  g_strfreev (past->words);
  g_array_unref (past->shown);
  g_free (past);
}

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
  return g_object_ref (g_ptr_array_index (self->items,
                                          g_array_index (self->shown, guint, position)));
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
  if (self->words != NULL && self->key_func != NULL)
    {
      const char *key = self->keys->str + g_array_index (self->offsets, guint, position);

      for (guint i = 0; self->words[i] != NULL; i++)
        {
          if (strstr (key, self->words[i]) == NULL)
            return FALSE;
        }
    }
  return self->func == NULL || self->func (g_ptr_array_index (self->items, position), self->data);
}

/* Keys */

static guint
append_key (AstrixFilterModel *self,
            gpointer           item)
{
  const char *key = self->key_func (item);
  guint offset = self->keys->len;

  g_string_append_len (self->keys, key != NULL ? key : "", key != NULL ? strlen (key) + 1 : 1);
  return offset;
}

static gsize
key_size (AstrixFilterModel *self,
          guint              offset)
{
  return strlen (self->keys->str + offset) + 1;
}

/* Copies the keys still in use to a new block when more than half of it is unused. */
static void
compact_keys (AstrixFilterModel *self)
{
  GString *keys;

  if (self->garbage <= self->keys->len / 2)
    return;
  keys = g_string_sized_new (self->keys->len - self->garbage);
  for (guint i = 0; i < self->offsets->len; i++)
    {
      guint *offset = &g_array_index (self->offsets, guint, i);
      const char *key = self->keys->str + *offset;
      gsize size = strlen (key) + 1;

      *offset = keys->len;
      g_string_append_len (keys, key, size);
    }
  g_string_free (self->keys, TRUE);
  self->keys = keys;
  self->garbage = 0;
}

/* The keys of the @added items at @position: an item that stays keeps its key. */
static void
update_keys (AstrixFilterModel *self,
             guint              position,
             guint              removed,
             const guint       *old_offsets,
             guint              added,
             const int         *match)
{
  g_autofree gboolean *kept = g_new0 (gboolean, MAX (removed, 1));
  guint *offsets;

  g_array_remove_range (self->offsets, position, removed);
  g_array_set_size (self->offsets, self->offsets->len + added);
  offsets = (guint *) (gpointer) self->offsets->data;
  if (added > 0 && self->offsets->len - position - added > 0)
    memmove (offsets + position + added, offsets + position,
             (self->offsets->len - position - added) * sizeof (guint));
  for (guint i = 0; i < added; i++)
    {
      if (match[i] >= 0)
        {
          offsets[position + i] = old_offsets[match[i]];
          kept[match[i]] = TRUE;
        }
      else
        offsets[position + i] = append_key (self, g_ptr_array_index (self->items, position + i));
    }
  for (guint j = 0; j < removed; j++)
    {
      if (!kept[j])
        self->garbage += key_size (self, old_offsets[j]);
    }
  compact_keys (self);
}

static void
clear_keys (AstrixFilterModel *self)
{
  g_string_truncate (self->keys, 0);
  g_array_set_size (self->offsets, 0);
  self->garbage = 0;
}

static void
build_keys (AstrixFilterModel *self)
{
  clear_keys (self);
  if (self->key_func == NULL)
    return;
  g_array_set_size (self->offsets, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    g_array_index (self->offsets, guint, i) = append_key (self, g_ptr_array_index (self->items, i));
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
         g_array_index (old, guint, old->len - 1 - tail) ==
         g_array_index (new, guint, new->len - 1 - tail))
    tail++;
  if (head == old->len && head == new->len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), head, old->len - head - tail,
                              new->len - head - tail);
}

/* Rows @first to @first + @removed were @before; the @passing positions are shown there now.
 * One signal, for the rows between the first and the last whose item differs. */
static void
emit_change (AstrixFilterModel *self,
             guint              first,
             GPtrArray         *before,
             GArray            *passing)
{
  guint removed = before->len;
  guint added = passing->len;
  guint head = 0;
  guint tail = 0;

#define NOW(i) g_ptr_array_index (self->items, g_array_index (passing, guint, (i)))
  while (head < removed && head < added && g_ptr_array_index (before, head) == NOW (head))
    head++;
  while (tail < removed - head && tail < added - head &&
         g_ptr_array_index (before, removed - 1 - tail) == NOW (added - 1 - tail))
    tail++;
#undef NOW
  if (head < removed || head < added)
    g_list_model_items_changed (G_LIST_MODEL (self), first + head, removed - head - tail,
                                added - head - tail);
}

/* The source changed: the same change in @items, and the rows it brings or takes. An item
 * that stays is not filtered again. */
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
  g_autoptr(GPtrArray) old_items = g_ptr_array_new_full (removed, g_object_unref);
  g_autofree guint *old_offsets = NULL;
  g_autofree gboolean *old_shown = g_new0 (gboolean, MAX (removed, 1));
  g_autoptr(GPtrArray) before = g_ptr_array_new ();   /* the rows' items (unowned) */
  g_autofree int *match = NULL;
  guint tail = self->items->len - position - removed;

  g_ptr_array_set_size (self->past, 0);
  /* The items that go are kept until the new ones are known: most may stay. */
  for (guint i = 0; i < removed; i++)
    g_ptr_array_add (old_items, self->items->pdata[position + i]);
  for (guint i = first; i < last; i++)
    {
      guint old = g_array_index (self->shown, guint, i) - position;

      old_shown[old] = TRUE;
      g_ptr_array_add (before, g_ptr_array_index (old_items, old));
    }
  if (removed > 0 && tail > 0)
    memmove (self->items->pdata + position, self->items->pdata + position + removed,
             tail * sizeof (gpointer));
  self->items->len -= removed;
  if (self->key_func != NULL && removed > 0)
    old_offsets = g_memdup2 (self->offsets->data + position * sizeof (guint),
                             removed * sizeof (guint));

  g_ptr_array_set_size (self->items, self->items->len + added);
  if (tail > 0 && added > 0)
    memmove (self->items->pdata + position + added, self->items->pdata + position,
             tail * sizeof (gpointer));
  for (guint i = 0; i < added; i++)
    self->items->pdata[position + i] = g_list_model_get_item (model, position + i);
  /* Which items stayed (see astrix_list_match()); one item removed and added again in place
   * is taken as new: it changed. */
  if (removed == 1 && added == 1)
    {
      match = g_new (int, 1);
      match[0] = -1;
    }
  else
    match = astrix_list_match (old_items, self->items->pdata + position, added);
  if (self->key_func != NULL)
    update_keys (self, position, removed, old_offsets, added, match);

  for (guint i = last; i < self->shown->len; i++)
    g_array_index (self->shown, guint, i) += added - removed;
  for (guint i = 0; i < added; i++)
    {
      guint at = position + i;

      if (match[i] >= 0 ? old_shown[match[i]] : passes (self, at))
        g_array_append_val (passing, at);
    }
  g_array_remove_range (self->shown, first, last - first);
  g_array_insert_vals (self->shown, first, passing->data, passing->len);
  emit_change (self, first, before, passing);
}

/**
 * astrix_filter_model_refilter:
 * @change: %GTK_FILTER_CHANGE_MORE_STRICT when only items shown can go (the search got
 *   longer), %GTK_FILTER_CHANGE_LESS_STRICT when only hidden ones can come back
 *
 * Runs the filter function again.
 */
static void
refilter (AstrixFilterModel *self,
          GtkFilterChange    change)
{
  g_autoptr(GArray) shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->shown->len);
  guint next = 0;

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
astrix_filter_model_refilter (AstrixFilterModel *self,
                              GtkFilterChange    change)
{
  g_return_if_fail (ASTRIX_IS_FILTER_MODEL (self));

  g_ptr_array_set_size (self->past, 0);
  refilter (self, change);
}

/**
 * astrix_filter_model_set_key_func:
 * @key_func: (nullable): the text of an item that astrix_filter_model_set_words() looks into
 */
void
astrix_filter_model_set_key_func (AstrixFilterModel   *self,
                                  AstrixFilterKeyFunc  key_func)
{
  g_return_if_fail (ASTRIX_IS_FILTER_MODEL (self));

  self->key_func = key_func;
  build_keys (self);
  if (self->words != NULL)
    astrix_filter_model_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * astrix_filter_model_set_words:
 * @words: (nullable): what an item's key must all contain to be shown, or %NULL (or none)
 *   for no search
 * @change: how the new words compare to the old ones (see astrix_filter_model_refilter())
 *
 * Searches the keys of the items (astrix_filter_model_set_key_func()) for @words, with the
 * filter function as well.
 */
void
astrix_filter_model_set_words (AstrixFilterModel  *self,
                               const char * const *words,
                               GtkFilterChange     change)
{
  g_return_if_fail (ASTRIX_IS_FILTER_MODEL (self));

  if (words != NULL && words[0] == NULL)
    words = NULL;
  /* The search now is kept (the oldest forgotten) ... */
  {
    Past *now = g_new0 (Past, 1);

    now->words = g_steal_pointer (&self->words);
    now->shown = g_array_ref (self->shown);
    if (self->past->len == MAX_PAST)
      g_ptr_array_remove_index (self->past, 0);
    g_ptr_array_add (self->past, now);
  }
  self->words = g_strdupv ((char **) words);
  /* ... and one typed before shows what it showed */
  for (guint i = self->past->len - 1; i > 0; i--)
    {
      Past *past = g_ptr_array_index (self->past, i - 1);

      if ((past->words == NULL && words == NULL) ||
          (past->words != NULL && words != NULL &&
           g_strv_equal ((const char * const *) past->words, words)))
        {
          g_autoptr(GArray) shown = g_array_ref (past->shown);

          g_ptr_array_remove_index (self->past, i - 1);
          swap_shown (self, shown);
          return;
        }
    }
  refilter (self, change);
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
  g_ptr_array_set_size (self->past, 0);
  clear_keys (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  if (model != NULL)
    {
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
      on_items_changed (model, 0, 0, g_list_model_get_n_items (model), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
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
  g_ptr_array_set_size (self->past, 0);
  clear_keys (self);

  G_OBJECT_CLASS (astrix_filter_model_parent_class)->dispose (object);
}

static void
astrix_filter_model_finalize (GObject *object)
{
  AstrixFilterModel *self = ASTRIX_FILTER_MODEL (object);

  g_ptr_array_unref (self->items);
  g_array_unref (self->shown);
  g_strfreev (self->words);
  g_string_free (self->keys, TRUE);
  g_array_unref (self->offsets);
  g_ptr_array_unref (self->past);

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
  self->keys = g_string_new (NULL);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  self->past = g_ptr_array_new_with_free_func (past_free);
}

AstrixFilterModel *
_astrix_filter_model_new (GListModel *model)
{
  return g_object_new (ASTRIX_TYPE_FILTER_MODEL, "model", model, NULL);
}

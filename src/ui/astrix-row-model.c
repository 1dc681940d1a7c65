/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-row-model.h"

/*
 * The items of a list model, each in an AstrixRow that keeps its place.
 *
 * GTK 4.8's list views keep 200 rows of widgets around what is shown, and make them again
 * whenever the items at their places change: a keystroke of the search in a folder of 100,000
 * recordings rebuilt 200 rows of seven cells, a tenth of a second and more (bench-recordings).
 * Here a big change (a search, a new sort order) leaves the rows where they are and moves the
 * items through them: the table only shows other text, and only the difference in length is
 * an items-changed. A small change (a recording added or gone) moves rows as usual, so the
 * selection stays on the recording it was on.
 */

#define MAX_MOVED 64

struct _AstrixRowModel
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *rows;   /* AstrixRow, or NULL where none was asked for yet; as long as @model */
};

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void astrix_row_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixRowModel, astrix_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_row_model_list_model_init))

static GType
astrix_row_model_get_item_type (GListModel *list)
{
  return ASTRIX_TYPE_ROW;
}

static guint
astrix_row_model_get_n_items (GListModel *list)
{
  return ASTRIX_ROW_MODEL (list)->rows->len;
}

/* Rows are made when a view first asks for them. */
static gpointer
astrix_row_model_get_item (GListModel *list,
                           guint       position)
{
  AstrixRowModel *self = ASTRIX_ROW_MODEL (list);
  AstrixRow *row;

  if (position >= self->rows->len)
    return NULL;
  row = g_ptr_array_index (self->rows, position);
  if (row == NULL)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, position);

      row = astrix_row_new (item);
      self->rows->pdata[position] = row;
    }
  return g_object_ref (row);
}

static void
astrix_row_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_row_model_get_item_type;
  iface->get_n_items = astrix_row_model_get_n_items;
  iface->get_item = astrix_row_model_get_item;
}

static void
row_free (gpointer row)
{
  if (row != NULL)
    g_object_unref (row);
}

static void
insert_empty (GPtrArray *rows,
              guint      position,
              guint      n)
{
  guint tail = rows->len - position;

  if (n == 0)
    return;
  g_ptr_array_set_size (rows, rows->len + n);
  if (tail > 0)
    memmove (rows->pdata + position + n, rows->pdata + position, tail * sizeof (gpointer));
  memset (rows->pdata + position, 0, n * sizeof (gpointer));
}

/* The rows from @position on show what is there now; only the length changes. */
static void
refill (AstrixRowModel *self,
        guint           position,
        guint           removed,
        guint           added)
{
  guint old_n = self->rows->len;
  guint new_n = old_n - removed + added;
  guint common = MIN (old_n, new_n);

  for (guint i = position; i < common; i++)
    {
      AstrixRow *row = g_ptr_array_index (self->rows, i);

      if (row != NULL)
        {
          g_autoptr(GObject) item = g_list_model_get_item (self->model, i);

          astrix_row_set_item (row, item);
        }
    }
  if (new_n < old_n)
    g_ptr_array_remove_range (self->rows, new_n, old_n - new_n);
  else
    insert_empty (self->rows, old_n, new_n - old_n);
  if (new_n != old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
}

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  AstrixRowModel *self)
{
  if (removed + added > MAX_MOVED)
    {
      refill (self, position, removed, added);
      return;
    }
  g_ptr_array_remove_range (self->rows, position, removed);
  insert_empty (self->rows, position, added);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

void
astrix_row_model_set_model (AstrixRowModel *self,
                            GListModel     *model)
{
  guint removed;
  guint added;

  g_return_if_fail (ASTRIX_IS_ROW_MODEL (self));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_set_object (&self->model, model);
  removed = self->rows->len;
  added = model != NULL ? g_list_model_get_n_items (model) : 0;
  g_ptr_array_set_size (self->rows, 0);
  insert_empty (self->rows, 0, added);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
astrix_row_model_get_model (AstrixRowModel *self)
{
  return self->model;
}

static void
astrix_row_model_dispose (GObject *object)
{
  AstrixRowModel *self = ASTRIX_ROW_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_ptr_array_set_size (self->rows, 0);

  G_OBJECT_CLASS (astrix_row_model_parent_class)->dispose (object);
}

static void
astrix_row_model_finalize (GObject *object)
{
  g_ptr_array_unref (ASTRIX_ROW_MODEL (object)->rows);

  G_OBJECT_CLASS (astrix_row_model_parent_class)->finalize (object);
}

static void
astrix_row_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, ASTRIX_ROW_MODEL (object)->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_row_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_MODEL:
      astrix_row_model_set_model (ASTRIX_ROW_MODEL (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_row_model_class_init (AstrixRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_row_model_dispose;
  object_class->finalize = astrix_row_model_finalize;
  object_class->get_property = astrix_row_model_get_property;
  object_class->set_property = astrix_row_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_row_model_init (AstrixRowModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_free);
}

AstrixRowModel *
astrix_row_model_new (GListModel *model)
{
  return g_object_new (ASTRIX_TYPE_ROW_MODEL, "model", model, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-row-model.h"
#include "astrix-row-model-private.h"

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
 *
 * The difference in length still makes or destroys a widget for each row of it that a view
 * keeps: up to 200 rows of seven cells when a search goes from a few matches to many, or
 * back, about 0.4 ms a row here. With a pace widget (astrix_row_model_set_pace_widget()), that
 * part is spread over its next frames: at once the rows a window can show, then a few rows a
 * frame, and what no view keeps widgets for at once again. While the rows catch up, those past
 * the end of the model show nothing (their item is %NULL) and those still to come are not
 * there yet: a frame shows a screen of the result, and the next ones finish it.
 */

#define MAX_MOVED     64
#define KEPT_ROWS          210  /* a list view keeps widgets for 200 rows (and a few more) */
#define MIN_ROW_HEIGHT     24   /* px: no row of a table is lower, so a screen has fewer */
#define MADE_A_FRAME       4    /* rows made in one frame while the rows catch up */
#define DESTROYED_A_FRAME  8    /* rows destroyed in one frame (that is quicker) */

struct _AstrixRowModel
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *rows;     /* AstrixRow, or NULL where none was asked for yet: the length told */
  guint       n_items;  /* the model's: the rows catch up with it */
  GtkWidget  *pace;     /* (weak) whose frames the rows catch up in */
  guint       tick;
  gint64      changed_in;   /* the frame of the change: the rows catch up from the next */
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
      g_autoptr(GObject) item = position < self->n_items
                                  ? g_list_model_get_item (self->model, position)
                                  : NULL;

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

/* Brings the length told to views at most @limit rows nearer to the model's. */
static void
catch_up (AstrixRowModel *self,
          guint           limit)
{
  guint old_n = self->rows->len;
  guint new_n = self->n_items > old_n ? old_n + MIN (self->n_items - old_n, limit)
                                      : old_n - MIN (old_n - self->n_items, limit);

  if (new_n < old_n)
    g_ptr_array_remove_range (self->rows, new_n, old_n - new_n);
  else
    insert_empty (self->rows, old_n, new_n - old_n);
  if (new_n != old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), MIN (old_n, new_n), old_n - MIN (old_n, new_n),
                                new_n - MIN (old_n, new_n));
}

/* How many rows may change now, when not all of them: rows no view keeps widgets for, and
 * enough to fill the view. */
static guint
rows_now (AstrixRowModel *self)
{
  guint n = self->rows->len;
  guint screen = gtk_widget_get_height (self->pace) / MIN_ROW_HEIGHT + 2;

  if (self->n_items > n)
    return n >= KEPT_ROWS ? G_MAXUINT : MAX (screen, n) - n;
  return n > KEPT_ROWS ? n - MAX (self->n_items, KEPT_ROWS) : 0;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  AstrixRowModel *self = data;

  /* The frame that shows the change has enough to do already */
  if (gdk_frame_clock_get_frame_counter (clock) <= self->changed_in)
    return G_SOURCE_CONTINUE;
  catch_up (self, MAX (rows_now (self), self->n_items > self->rows->len ? MADE_A_FRAME
                                                                       : DESTROYED_A_FRAME));
  if (self->rows->len != self->n_items)
    return G_SOURCE_CONTINUE;
  self->tick = 0;
  return G_SOURCE_REMOVE;
}

/* The model has @n_items now: the rows follow, at once or over the next frames. */
static void
resize (AstrixRowModel *self)
{
  if (self->pace == NULL || !gtk_widget_get_mapped (self->pace))
    {
      catch_up (self, G_MAXUINT);
      return;
    }
  catch_up (self, rows_now (self));
  if (self->rows->len == self->n_items || self->tick != 0)
    return;
  /* (the next frame is this counter plus one: it shows the change) */
  self->changed_in =
    gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (self->pace)) + 1;
  self->tick = gtk_widget_add_tick_callback (self->pace, on_tick, self, NULL);
}

static void
stop_pacing (AstrixRowModel *self)
{
  if (self->tick != 0 && self->pace != NULL)
    gtk_widget_remove_tick_callback (self->pace, self->tick);
  self->tick = 0;
}

/* The rows from @position on show what the model has there now (nothing past its end). */
static void
refill (AstrixRowModel *self,
        guint           position)
{
  for (guint i = position; i < self->rows->len; i++)
    {
      AstrixRow *row = g_ptr_array_index (self->rows, i);

      if (row != NULL)
        {
          g_autoptr(GObject) item = i < self->n_items ? g_list_model_get_item (self->model, i)
                                                      : NULL;

          astrix_row_set_item (row, item);
        }
    }
  resize (self);
}

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  AstrixRowModel *self)
{
  gboolean catching_up = self->rows->len != self->n_items;

  self->n_items = self->n_items - removed + added;
  /* (While rows catch up, their places are not the model's: all of them are shown again.) */
  if (catching_up || removed + added > MAX_MOVED)
    {
      refill (self, catching_up ? 0 : position);
      return;
    }
  g_ptr_array_remove_range (self->rows, position, removed);
  insert_empty (self->rows, position, added);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
on_pace_unmap (GtkWidget      *widget,
               AstrixRowModel *self)
{
  stop_pacing (self);
  catch_up (self, G_MAXUINT);
}

/**
 * astrix_row_model_set_pace_widget:
 * @widget: (nullable): the view of the rows
 *
 * Spreads the making and destroying of @widget's rows for a change of length over its
 * frames (see above). Without it, or while it is not mapped, the length follows at once.
 */
static void
forget_pace (AstrixRowModel *self)
{
  stop_pacing (self);
  if (self->pace != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->pace, on_pace_unmap, self);
      g_object_remove_weak_pointer (G_OBJECT (self->pace), (gpointer *) &self->pace);
      self->pace = NULL;
    }
}

void
astrix_row_model_set_pace_widget (AstrixRowModel *self,
                                  GtkWidget      *widget)
{
  g_return_if_fail (ASTRIX_IS_ROW_MODEL (self));

  forget_pace (self);
  catch_up (self, G_MAXUINT);
  self->pace = widget;
  if (widget != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->pace);
      g_signal_connect (widget, "unmap", G_CALLBACK (on_pace_unmap), self);
    }
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
  stop_pacing (self);
  removed = self->rows->len;
  added = model != NULL ? g_list_model_get_n_items (model) : 0;
  self->n_items = added;
  g_ptr_array_set_size (self->rows, 0);
  insert_empty (self->rows, 0, added);
  if (model != NULL)
    g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
_astrix_row_model_get_model (AstrixRowModel *self)
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
  forget_pace (self);
  g_ptr_array_set_size (self->rows, 0);
  self->n_items = 0;

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
_astrix_row_model_new (GListModel *model)
{
  return g_object_new (ASTRIX_TYPE_ROW_MODEL, "model", model, NULL);
}

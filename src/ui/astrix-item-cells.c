/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-cell.h"
#include "astrix-item-cells.h"

/*
 * Cells of the agents and queues tables: an AstrixCell whose text a function makes from the
 * row's item when the cell is drawn, made again when the item notifies a change and, for the
 * columns that tick (times in state, waits), each second. Ticking only redraws the cells: the
 * table is never laid out again for it. A column may also show an alert: a warning icon
 * before the text and the "error" colour, so an escalation is never told by colour alone (the
 * text function words it too).
 */

typedef struct
{
  AstrixItemCells     *owner;
  AstrixItemTextFunc   text;
  AstrixItemAlertFunc  alert;   /* nullable */
  gpointer             data;
  gboolean             numeric;
  gboolean             ticks;
} Column;

typedef struct
{
  Column    *column;
  GObject   *item;              /* what the cell is bound to (the list item holds it), or NULL */
  gulong     handler;
  GtkWidget *cell;
  GtkWidget *icon;              /* the alert's, or NULL */
  GtkWidget *box;               /* holds icon and cell, or NULL */
} Cell;

struct _AstrixItemCells
{
  GPtrArray            *columns;   /* Column, owned */
  GPtrArray            *ticking;   /* Cell: the bound cells of the columns that tick */
  AstrixItemNotifyFunc  notify;
  gpointer              notify_data;
};

AstrixItemCells *
astrix_item_cells_new (void)
{
  AstrixItemCells *self = g_new0 (AstrixItemCells, 1);

  self->columns = g_ptr_array_new_with_free_func (g_free);
  self->ticking = g_ptr_array_new ();
  return self;
}

/* Free it only after the tables that use it are gone (in the page's finalize). */
void
astrix_item_cells_free (AstrixItemCells *self)
{
  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->ticking);
  g_free (self);
}

static char *
cell_text (AstrixCell *cell,
           gpointer    data)
{
  Cell *c = data;

  if (c->item == NULL)
    return NULL;
  return c->column->text (c->item, g_get_real_time (), c->column->data);
}

static void
refresh (Cell *c)
{
  gboolean alert;

  astrix_cell_invalidate (ASTRIX_CELL (c->cell));
  if (c->column->alert == NULL)
    return;
  alert = c->item != NULL && c->column->alert (c->item, g_get_real_time (), c->column->data);
  if (alert == gtk_widget_get_visible (c->icon))
    return;
  gtk_widget_set_visible (c->icon, alert);
  if (alert)
    gtk_widget_add_css_class (c->box, "error");
  else
    gtk_widget_remove_css_class (c->box, "error");
}

static void
on_item_notify (GObject    *item,
                GParamSpec *pspec,
                Cell       *c)
{
  AstrixItemCells *owner = c->column->owner;

  refresh (c);
  if (owner->notify != NULL)
    owner->notify (item, pspec, owner->notify_data);
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            Column                   *column)
{
  Cell *c = g_new0 (Cell, 1);

  c->column = column;
  c->cell = astrix_cell_new ();
  astrix_cell_set_text_func (ASTRIX_CELL (c->cell), cell_text, c);
  if (column->numeric)
    {
      astrix_cell_set_xalign (ASTRIX_CELL (c->cell), 1.0);
      gtk_widget_add_css_class (c->cell, "numeric");
    }
  if (column->alert != NULL)
    {
      c->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      c->icon = g_object_new (GTK_TYPE_IMAGE,
                              "icon-name", "dialog-warning-symbolic",
                              "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                              "visible", FALSE,
                              NULL);
      gtk_widget_set_hexpand (c->cell, TRUE);
      gtk_box_append (GTK_BOX (c->box), c->icon);
      gtk_box_append (GTK_BOX (c->box), c->cell);
    }
  g_object_set_data_full (G_OBJECT (item), "astrix-cell", c, g_free);
  gtk_list_item_set_child (item, c->box != NULL ? c->box : c->cell);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           Column                   *column)
{
  Cell *c = g_object_get_data (G_OBJECT (item), "astrix-cell");

  c->item = gtk_list_item_get_item (item);
  c->handler = g_signal_connect (c->item, "notify", G_CALLBACK (on_item_notify), c);
  if (column->ticks)
    g_ptr_array_add (column->owner->ticking, c);
  refresh (c);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             Column                   *column)
{
  Cell *c = g_object_get_data (G_OBJECT (item), "astrix-cell");

  if (c->item != NULL)
    g_clear_signal_handler (&c->handler, c->item);
  c->item = NULL;
  if (column->ticks)
    g_ptr_array_remove_fast (column->owner->ticking, c);
  refresh (c);
}

/**
 * astrix_item_cells_add:
 * @text: the cell's text from the row's item
 * @alert: (nullable): whether the cell shows an alert
 * @numeric: figures, aligned at the end
 * @ticks: the text changes with the time: made again on astrix_item_cells_tick()
 *
 * Gives @column its cells.
 */
void
astrix_item_cells_add (AstrixItemCells     *self,
                       GtkColumnViewColumn *column,
                       AstrixItemTextFunc   text,
                       AstrixItemAlertFunc  alert,
                       gpointer             data,
                       gboolean             numeric,
                       gboolean             ticks)
{
  Column *c = g_new0 (Column, 1);
  GtkListItemFactory *factory = astrix_cell_factory_new (G_CALLBACK (cell_setup),
                                                         G_CALLBACK (cell_bind),
                                                         G_CALLBACK (cell_unbind), c);

  *c = (Column) { self, text, alert, data, numeric, ticks };
  g_ptr_array_add (self->columns, c);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

/* @func hears every notification of a bound item (once per bound cell) */
void
astrix_item_cells_set_notify_func (AstrixItemCells      *self,
                                   AstrixItemNotifyFunc  func,
                                   gpointer              data)
{
  self->notify = func;
  self->notify_data = data;
}

/* The time has moved on: the cells of the ticking columns are drawn again. */
void
astrix_item_cells_tick (AstrixItemCells *self)
{
  for (guint i = 0; i < self->ticking->len; i++)
    refresh (g_ptr_array_index (self->ticking, i));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-call.h"
#include "astrix-cell.h"
#include "astrix-channel-cells.h"
#include "astrix-channel.h"

/*
 * Cells of the calls table. Each shows one string property of an AstrixCall (or of an
 * AstrixChannel: the cells serve both) and follows its notifications while bound.
 *
 * Under a storm of thousands of events a second, rows are bound again all the time: a GTK 4.8
 * list view keeps its row widgets in place and binds each to the item that is now at its place,
 * so a call that ends near the top of the table rebinds every row below it (bench-storm counted
 * 14,000 binds a second). A bind is therefore cheap here: the cells bound to a channel are kept
 * in one table, and each channel has one notify handler while any cell shows it (when rows
 * shift, a channel is bound to the next row before it leaves its old one, so that handler
 * stays). The text itself is made when the cell is drawn (astrix_cell_set_text_func()): only
 * the rows on screen make theirs.
 */

typedef void (*ShowFunc) (GtkWidget *widget,
                          GObject   *channel);

typedef struct
{
  GtkWidget  *widget;
  const char *property;   /* interned: what it shows */
  ShowFunc    show;
} Bound;

typedef struct
{
  gulong  handler;
  GArray *bound;          /* Bound */
} Binding;

static GHashTable *bindings;   /* AstrixCall or AstrixChannel (unowned: the list items hold it)
                                * -> Binding */

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  g_array_unref (binding->bound);
  g_free (binding);
}

static void
on_channel_notify (GObject    *channel,
                   GParamSpec *pspec,
                   Binding    *binding)
{
  const char *name = g_intern_string (pspec->name);

  for (guint i = 0; i < binding->bound->len; i++)
    {
      Bound *bound = &g_array_index (binding->bound, Bound, i);

      if (bound->property == name || name == g_intern_static_string ("outside-groups"))
        bound->show (bound->widget, channel);
    }
}

/* @widget shows @channel's @property (and is dimmed with it) until unbind() */
static void
bind (GtkWidget  *widget,
      GObject    *channel,
      const char *property,
      ShowFunc    show)
{
  Binding *binding;
  Bound bound = { widget, g_intern_string (property), show };

  if (bindings == NULL)
    bindings = g_hash_table_new_full (NULL, NULL, NULL, binding_free);
  binding = g_hash_table_lookup (bindings, channel);
  if (binding == NULL)
    {
      binding = g_new0 (Binding, 1);
      binding->bound = g_array_sized_new (FALSE, FALSE, sizeof (Bound), 8);
      binding->handler = g_signal_connect (channel, "notify", G_CALLBACK (on_channel_notify),
                                           binding);
      g_hash_table_insert (bindings, channel, binding);
    }
  g_array_append_val (binding->bound, bound);
  show (widget, channel);
}

static void
unbind (GtkWidget *widget,
        GObject   *channel)
{
  Binding *binding = bindings != NULL && channel != NULL ? g_hash_table_lookup (bindings, channel)
                                                         : NULL;

  if (binding == NULL)
    return;
  for (guint i = 0; i < binding->bound->len; i++)
    {
      if (g_array_index (binding->bound, Bound, i).widget == widget)
        {
          g_array_remove_index_fast (binding->bound, i);
          break;
        }
    }
  if (binding->bound->len > 0)
    return;
  g_signal_handler_disconnect (channel, binding->handler);
  g_hash_table_remove (bindings, channel);
}

static gboolean
item_outside_groups (GObject *item)
{
  if (item == NULL)
    return FALSE;
  if (ASTRIX_IS_CALL (item))
    return astrix_call_get_outside_groups (ASTRIX_CALL (item));
  return astrix_channel_get_outside_groups (ASTRIX_CHANNEL (item));
}

/* Calls outside the supervisor's spy groups are shown dimmed. */
static void
show_scope (GtkWidget *widget,
            GObject   *channel)
{
  gboolean outside = item_outside_groups (channel);

  if (outside != gtk_widget_has_css_class (widget, "dim-label"))
    {
      if (outside)
        gtk_widget_add_css_class (widget, "dim-label");
      else
        gtk_widget_remove_css_class (widget, "dim-label");
    }
}

/* Text cells */

typedef struct
{
  char          *property;
  char          *css_class;
} CellSpec;

typedef struct
{
  const CellSpec *spec;
  GObject        *channel;   /* bound to (the list item holds it), or NULL */
} TextCell;

static void
cell_spec_free (gpointer data)
{
  CellSpec *spec = data;

  g_free (spec->property);
  g_free (spec->css_class);
  g_free (spec);
}

static char *
text_of (AstrixCell *widget,
         gpointer    data)
{
  TextCell *cell = data;
  char *text = NULL;

  if (cell->channel != NULL)
    g_object_get (cell->channel, cell->spec->property, &text, NULL);
  return text;
}

static void
show_text (GtkWidget *widget,
           GObject   *channel)
{
  astrix_cell_invalidate (ASTRIX_CELL (widget));
  show_scope (widget, channel);
}

static void
text_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            CellSpec                 *spec)
{
  GtkWidget *widget = astrix_cell_new ();
  TextCell *cell = g_new0 (TextCell, 1);

  cell->spec = spec;
  astrix_cell_set_text_func (ASTRIX_CELL (widget), text_of, cell);
  g_object_set_data_full (G_OBJECT (widget), "astrix-text-cell", cell, g_free);
  if (spec->css_class != NULL)
    gtk_widget_add_css_class (widget, spec->css_class);
  gtk_list_item_set_child (item, widget);
}

static void
text_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CellSpec                 *spec)
{
  GtkWidget *widget = gtk_list_item_get_child (item);
  TextCell *cell = g_object_get_data (G_OBJECT (widget), "astrix-text-cell");

  cell->channel = gtk_list_item_get_item (item);
  bind (widget, cell->channel, spec->property, show_text);
}

static void
text_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CellSpec                 *spec)
{
  GtkWidget *widget = gtk_list_item_get_child (item);
  TextCell *cell = g_object_get_data (G_OBJECT (widget), "astrix-text-cell");

  unbind (widget, cell->channel);
  cell->channel = NULL;
  astrix_cell_invalidate (ASTRIX_CELL (widget));
}

/**
 * astrix_text_cell_factory_new:
 * @property: a string property of AstrixCall (or AstrixChannel)
 * @css_class: (nullable): a style class for the cell
 */
GtkListItemFactory *
astrix_text_cell_factory_new (const char *property,
                              const char *css_class)
{
  CellSpec *spec = g_new0 (CellSpec, 1);
  GtkListItemFactory *factory = astrix_cell_factory_new (G_CALLBACK (text_setup),
                                                         G_CALLBACK (text_bind),
                                                         G_CALLBACK (text_unbind), spec);

  spec->property = g_strdup (property);
  spec->css_class = g_strdup (css_class);
  g_object_set_data_full (G_OBJECT (factory), "astrix-cell-spec", spec, cell_spec_free);
  return factory;
}

/* "Monitored by": a headphones icon and who, while someone monitors the channel. */

static void
show_monitored (GtkWidget *box,
                GObject   *channel)
{
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *cell = gtk_widget_get_next_sibling (icon);
  const char *who = NULL;

  if (channel != NULL)
    who = ASTRIX_IS_CALL (channel) ? astrix_call_get_monitored_by (ASTRIX_CALL (channel))
                                   : astrix_channel_get_monitored_by (ASTRIX_CHANNEL (channel));

  if (gtk_widget_get_visible (icon) != (who != NULL))
    gtk_widget_set_visible (icon, who != NULL);
  astrix_cell_set_text (ASTRIX_CELL (cell), who);
}

static void
monitored_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("audio-headphones-symbolic");
  GtkWidget *cell = astrix_cell_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "monitored", -1);
  gtk_widget_add_css_class (icon, "accent");
  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_set_hexpand (cell, TRUE);
  gtk_widget_add_css_class (cell, "heading");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), cell);
  gtk_list_item_set_child (item, box);
}

static void
monitored_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  bind (gtk_list_item_get_child (item), gtk_list_item_get_item (item), "monitored-by",
        show_monitored);
}

static void
monitored_unbind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  data)
{
  unbind (gtk_list_item_get_child (item), gtk_list_item_get_item (item));
}

GtkListItemFactory *
astrix_monitored_cell_factory_new (void)
{
  return astrix_cell_factory_new (G_CALLBACK (monitored_setup), G_CALLBACK (monitored_bind),
                                  G_CALLBACK (monitored_unbind), NULL);
}

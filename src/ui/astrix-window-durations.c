/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-call.h"
#include "astrix-cell.h"
#include "astrix-channel.h"
#include "astrix-monitor-bar.h"
#include "astrix-window-private.h"

/*
 * The Duration cells of the calls table. Each second the window draws the bound ones again
 * (those in @bound), and those on screen make their text (see duration_text()). A call's
 * duration runs from its start (its oldest channel); a channel's from its creation.
 */

static gint64
started_of (GObject *item)
{
  if (ASTRIX_IS_CALL (item))
    return astrix_call_get_started (ASTRIX_CALL (item));
  return astrix_channel_get_created (ASTRIX_CHANNEL (item));
}

static char *
duration_text (AstrixCell *cell,
               gpointer    data)
{
  GObject **channel = data;   /* what the cell is bound to, or NULL */

  if (*channel == NULL)
    return NULL;
  return astrix_format_duration ((g_get_real_time () - started_of (*channel)) / G_USEC_PER_SEC);
}

static void
duration_setup (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GPtrArray                *bound)
{
  GtkWidget *cell = astrix_cell_new ();
  GObject **channel = g_new0 (GObject *, 1);

  g_object_set_data_full (G_OBJECT (cell), "astrix-channel", channel, g_free);
  astrix_cell_set_text_func (ASTRIX_CELL (cell), duration_text, channel);
  astrix_cell_set_xalign (ASTRIX_CELL (cell), 1.0);
  gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (item, cell);
}

/* Points the item's cell at @channel (%NULL: none) and redraws it. */
static GtkWidget *
show_channel (GtkListItem *item,
              GObject     *channel)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  GObject **shown = g_object_get_data (G_OBJECT (cell), "astrix-channel");

  *shown = channel;
  astrix_cell_invalidate (ASTRIX_CELL (cell));
  return cell;
}

static void
duration_bind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GPtrArray                *bound)
{
  g_ptr_array_add (bound, show_channel (item, gtk_list_item_get_item (item)));
}

static void
duration_unbind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GPtrArray                *bound)
{
  g_ptr_array_remove_fast (bound, show_channel (item, NULL));
}

/**
 * _astrix_duration_cell_factory_new:
 * @bound: (transfer none): the cells bound to a channel, kept up to date; it must outlive
 *   the factory's cells
 */
GtkListItemFactory *
_astrix_duration_cell_factory_new (GPtrArray *bound)
{
  return astrix_cell_factory_new (G_CALLBACK (duration_setup), G_CALLBACK (duration_bind),
                                  G_CALLBACK (duration_unbind), bound);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-connection.h"
#include "astrix-queue-pages.h"

/* What the Agents and Queues pages share: whether a server's AMI user lacks `read = agent`. */

/* Returns: whether a server's AMI user may not read the queue events (`read = agent`) */
gboolean
astrix_queue_pages_needs_agent_read (GListModel *connections)
{
  guint n = g_list_model_get_n_items (connections);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);
      AstrixQueueStore *queues = astrix_connection_get_queues (connection);

      if (queues != NULL && astrix_queue_store_get_needs_agent_read (queues))
        return TRUE;
    }
  return FALSE;
}

/* Returns: what to add to manager.conf for the agents and queues to show */
const char *
astrix_queue_pages_restricted_sentence (void)
{
  return _("The server’s AMI user cannot see the queues: add “agent” to its read line in "
           "manager.conf (read = call,agent), then run “manager reload” on Asterisk.");
}

/* Sets *query to @text case-folded; returns whether it changed (the filter must run again). */
gboolean
astrix_queue_pages_fold_query (char       **query,
                               const char  *text)
{
  g_autofree char *folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;

  if (g_strcmp0 (*query, folded) == 0)
    return FALSE;
  g_free (*query);
  *query = g_steal_pointer (&folded);
  return TRUE;
}

/* Return in a page's search: the first row found is selected, for the arrows and Ctrl+1 */
void
astrix_queue_pages_search_activate (GtkSingleSelection *selection,
                                    GtkColumnView      *view)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    return;
  gtk_single_selection_set_selected (selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

/* Escape in a page's search: the search is emptied and the table has the focus again */
void
astrix_queue_pages_stop_search (GtkEditable   *entry,
                                GtkColumnView *view)
{
  gtk_editable_set_text (entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

/* GTK 4.8 has no gtk_column_view_scroll_to() (4.12 adds it): the list view inside the column
 * view answers list.scroll-to-item. */
static void
scroll_to (GtkColumnView *view,
           guint          position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* Returns: whether @rows hold the row that @match calls @name, at *@position (nullable) */
gboolean
astrix_queue_pages_find (GListModel            *rows,
                         AstrixQueuePagesMatch  match,
                         const char            *name,
                         guint                 *position)
{
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (rows, i);

      if (!match (item, name))
        continue;
      if (position != NULL)
        *position = i;
      return TRUE;
    }
  return FALSE;
}

/* The row that @match calls @name selected, scrolled into view and the table focused (for the
 * arrows and Ctrl+1); returns whether the page shows it. */
gboolean
astrix_queue_pages_select (GtkSingleSelection    *selection,
                           GtkColumnView         *view,
                           AstrixQueuePagesMatch  match,
                           const char            *name)
{
  guint position;

  if (!astrix_queue_pages_find (G_LIST_MODEL (selection), match, name, &position))
    return FALSE;
  gtk_single_selection_set_selected (selection, position);
  scroll_to (view, position);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  return TRUE;
}

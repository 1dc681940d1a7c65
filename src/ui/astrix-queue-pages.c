/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-connection.h"
#include "astrix-queue-pages.h"

/*
 * What the Agents and Queues pages share: a table of the rows of every server's queue store
 * (AstrixQueuePagesTable, in each page's struct), its search, the sentence for a server whose
 * AMI user lacks `read = agent`, and selecting a row by name.
 *
 * The template's signal handlers and the search action are given the page, not the table:
 * astrix_queue_pages_class_init() keeps where the table is in the page's struct on the page's
 * type, and table_of() finds it there.
 */

static GQuark
table_offset_quark (void)
{
  return g_quark_from_static_string ("astrix-queue-pages-table-offset");
}

static AstrixQueuePagesTable *
table_of (gpointer page)
{
  gsize offset = GPOINTER_TO_SIZE (g_type_get_qdata (G_OBJECT_TYPE (page), table_offset_quark ()));

  return G_STRUCT_MEMBER_P (page, offset);
}

/* Returns: whether a server's AMI user may not read the queue events (`read = agent`) */
static gboolean
needs_agent_read (GListModel *connections)
{
  guint n = connections != NULL ? g_list_model_get_n_items (connections) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);
      AstrixQueueStore *queues = astrix_connection_get_queues (connection);

      if (queues != NULL && astrix_queue_store_get_needs_agent_read (queues))
        return TRUE;
    }
  return FALSE;
}

/* What is shown: the rows, none found, or none at all and why. The pages call it every second
 * too: whether a server may read the queue events is found out from the events, with no signal. */
void
astrix_queue_pages_update (AstrixQueuePagesTable *table)
{
  guint all = table->rows != NULL ? g_list_model_get_n_items (G_LIST_MODEL (table->rows)) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (table->filter_model));
  gboolean restricted = needs_agent_read (table->connections);
  /* what to add to manager.conf for the agents and queues to show */
  const char *sentence = _("The server’s AMI user cannot see the queues: add “agent” to its "
                           "read line in manager.conf (read = call,agent), then run “manager "
                           "reload” on Asterisk.");

  gtk_label_set_label (table->restricted_label, restricted ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (table->restricted_label), restricted && all > 0);
  adw_status_page_set_description (table->empty_page, restricted ? sentence : table->empty_text);
  if (all == 0)
    gtk_stack_set_visible_child_name (table->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (table->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (table->stack, "list");
}

/* Searching */

/* @query: (nullable): what the shown rows contain, in any case */
void
astrix_queue_pages_set_query (AstrixQueuePagesTable *table,
                              const char            *query)
{
  g_autofree char *folded = query != NULL ? g_utf8_casefold (query, -1) : NULL;

  if (g_strcmp0 (table->query, folded) == 0)
    return;
  g_free (table->query);
  table->query = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (table->filter), GTK_FILTER_CHANGE_DIFFERENT);
  astrix_queue_pages_update (table);
}

void
astrix_queue_pages_focus_search (AstrixQueuePagesTable *table)
{
  gtk_widget_grab_focus (GTK_WIDGET (table->search_entry));
}

static void
on_search_changed (GtkWidget *page)
{
  AstrixQueuePagesTable *table = table_of (page);

  astrix_queue_pages_set_query (table, gtk_editable_get_text (GTK_EDITABLE (table->search_entry)));
}

/* Return in a page's search: the first row found is selected, for the arrows and Ctrl+1 */
static void
on_search_activate (GtkWidget *page)
{
  AstrixQueuePagesTable *table = table_of (page);

  if (g_list_model_get_n_items (G_LIST_MODEL (table->selection)) == 0)
    return;
  gtk_single_selection_set_selected (table->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (table->column_view));
}

/* Escape in a page's search: the search is emptied and the table has the focus again */
static void
on_stop_search (GtkWidget *page)
{
  AstrixQueuePagesTable *table = table_of (page);

  gtk_editable_set_text (GTK_EDITABLE (table->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (table->column_view));
}

static void
search_action (GtkWidget  *page,
               const char *action,
               GVariant   *param)
{
  astrix_queue_pages_focus_search (table_of (page));
}

/* Selecting a row by name */

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
static gboolean
find (GListModel            *rows,
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
static gboolean
select_shown (AstrixQueuePagesTable *table,
              AstrixQueuePagesMatch  match,
              const char            *name)
{
  guint position;

  if (!find (G_LIST_MODEL (table->selection), match, name, &position))
    return FALSE;
  gtk_single_selection_set_selected (table->selection, position);
  scroll_to (table->column_view, position);
  gtk_widget_grab_focus (GTK_WIDGET (table->column_view));
  return TRUE;
}

/* Selects the row that @match calls @name and scrolls to it, the search emptied if it hid it;
 * returns whether the page has it (a search that hides another row is left alone). */
gboolean
astrix_queue_pages_select (AstrixQueuePagesTable *table,
                           AstrixQueuePagesMatch  match,
                           const char            *name)
{
  if (select_shown (table, match, name))
    return TRUE;
  if (!find (G_LIST_MODEL (table->rows), match, name, NULL))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (table->search_entry), "");
  astrix_queue_pages_set_query (table, NULL);
  return select_shown (table, match, name);
}

/* The table's life */

/**
 * astrix_queue_pages_class_init:
 * @table_offset: where the page's struct holds its AstrixQueuePagesTable
 * @search_action_name: the page's action for Ctrl+F, as "agents.search"
 *
 * Binds the table's part of the page's template (set before) and its search callbacks, and
 * installs the search action.
 */
void
astrix_queue_pages_class_init (GtkWidgetClass *widget_class,
                               gsize           table_offset,
                               const char     *search_action_name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } children[] = {
    { "restricted_label", G_STRUCT_OFFSET (AstrixQueuePagesTable, restricted_label) },
    { "search_entry", G_STRUCT_OFFSET (AstrixQueuePagesTable, search_entry) },
    { "stack", G_STRUCT_OFFSET (AstrixQueuePagesTable, stack) },
    { "column_view", G_STRUCT_OFFSET (AstrixQueuePagesTable, column_view) },
    { "selection", G_STRUCT_OFFSET (AstrixQueuePagesTable, selection) },
    { "filter_model", G_STRUCT_OFFSET (AstrixQueuePagesTable, filter_model) },
    { "empty_page", G_STRUCT_OFFSET (AstrixQueuePagesTable, empty_page) },
    { "name_column", G_STRUCT_OFFSET (AstrixQueuePagesTable, name_column) },
  };

  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), table_offset_quark (),
                    GSIZE_TO_POINTER (table_offset));
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i].name, FALSE,
                                               table_offset + children[i].offset);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);

  gtk_widget_class_install_action (widget_class, search_action_name, NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       search_action_name, NULL);
}

/**
 * astrix_queue_pages_init:
 * @page: the page, its template initialized
 * @matches: whether a row is shown for the table's query (with @page)
 * @tick: what the page does every second (with @page)
 * @empty_text: what the empty page says while no server hides its queues
 *
 * Sorts the table by name and starts searching, and ticking.
 */
void
astrix_queue_pages_init (AstrixQueuePagesTable *table,
                         GtkWidget             *page,
                         GtkCustomFilterFunc    matches,
                         GSourceFunc            tick,
                         const char            *empty_text)
{
  table->empty_text = empty_text;
  table->filter = gtk_custom_filter_new (matches, page, NULL);
  gtk_filter_list_model_set_filter (table->filter_model, GTK_FILTER (table->filter));
  g_signal_connect_swapped (table->filter_model, "items-changed",
                            G_CALLBACK (astrix_queue_pages_update), table);
  gtk_search_entry_set_key_capture_widget (table->search_entry, page);
  gtk_column_view_sort_by_column (table->column_view, table->name_column, GTK_SORT_ASCENDING);
  table->tick_source = g_timeout_add_seconds (1, tick, page);
}

void
astrix_queue_pages_dispose (AstrixQueuePagesTable *table)
{
  g_clear_handle_id (&table->tick_source, g_source_remove);
  if (table->filter_model != NULL)
    gtk_filter_list_model_set_model (table->filter_model, NULL);
  g_clear_object (&table->rows);
  g_clear_object (&table->connections);
}

void
astrix_queue_pages_finalize (AstrixQueuePagesTable *table)
{
  g_clear_object (&table->filter);
  g_clear_pointer (&table->cells, astrix_item_cells_free);
  g_free (table->query);
}

/**
 * astrix_queue_pages_set_connections:
 * @connections: the application's AstrixConnections
 * @to_rows: the list model of a connection's rows (takes the connection, returns a reference)
 *
 * Shows the rows of every server.
 */
void
astrix_queue_pages_set_connections (AstrixQueuePagesTable  *table,
                                    GListModel             *connections,
                                    GtkMapListModelMapFunc  to_rows)
{
  GtkMapListModel *stores;

  g_set_object (&table->connections, connections);
  stores = gtk_map_list_model_new (g_object_ref (connections), to_rows, NULL, NULL);
  g_clear_object (&table->rows);
  table->rows = gtk_flatten_list_model_new (G_LIST_MODEL (stores));
  gtk_filter_list_model_set_model (table->filter_model, G_LIST_MODEL (table->rows));
  astrix_queue_pages_update (table);
}

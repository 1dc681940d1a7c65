/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-connection.h"
#include "astrix-item-cells.h"
#include "astrix-monitor-bar.h"
#include "astrix-queue-pages.h"
#include "astrix-queues-page.h"
#include "astrix-queues-page-private.h"

/*
 * "Queues": one row per queue of the connected servers — callers waiting and the longest wait
 * (ticking), the agents, and the day's figures: the app's own since local midnight, beside
 * Asterisk's since its last reset, each labelled. Below, the selected queue's waiting callers
 * in position order. Typing searches.
 */

struct _AstrixQueuesPage
{
  AdwBin               parent_instance;

  AstrixQueuePagesTable table;    /* the queues of every server, searched */
  GtkColumnViewColumn *waiting_column;
  GtkColumnViewColumn *longest_column;
  GtkColumnViewColumn *agents_column;
  GtkColumnViewColumn *answered_column;
  GtkColumnViewColumn *abandoned_column;
  GtkColumnViewColumn *wait_column;
  GtkColumnViewColumn *talk_column;
  GtkColumnViewColumn *level_column;
  GtkLabel            *callers_title;
  GtkLabel            *pbx_label;
  GtkStack            *callers_stack;
  GtkColumnView       *callers_view;
  GtkSingleSelection  *callers_selection; /* the waiting caller Send to Agent… takes */
  GtkColumnViewColumn *position_column;
  GtkColumnViewColumn *caller_column;
  GtkColumnViewColumn *wait_time_column;

  AstrixQueue         *shown_queue;       /* whose callers are shown */
};

G_DEFINE_FINAL_TYPE (AstrixQueuesPage, astrix_queues_page, ADW_TYPE_BIN)

/* Cells */

static char *
seconds_text (gint64 since,
              gint64 now)
{
  return astrix_format_duration (MAX (now - since, 0) / G_USEC_PER_SEC);
}

static char *
percent_text (double share)
{
  /* Asterisk and the app say -1 (or nothing) before any call */
  if (share < 0)
    return g_strdup ("—");
  /* Translators: a service level, as in "93.5 %" */
  return g_strdup_printf (_("%.1f %%"), share);
}

static char *
name_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup (astrix_queue_get_name (item));
}

static char *
waiting_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup_printf ("%u", astrix_queue_get_n_waiting (item));
}

static char *
longest_text (gpointer item, gint64 now, gpointer data)
{
  if (astrix_queue_get_n_waiting (item) == 0 || astrix_queue_get_longest_wait_since (item) <= 0)
    return g_strdup ("—");
  return seconds_text (astrix_queue_get_longest_wait_since (item), now);
}

static char *
agents_text (gpointer item, gint64 now, gpointer data)
{
  /* Translators: a queue's agents: available, busy, paused, and logged in (all of them) */
  return g_strdup_printf (_("%u available, %u busy, %u paused, %u logged in"),
                          astrix_queue_get_agents_available (item),
                          astrix_queue_get_agents_busy (item),
                          astrix_queue_get_agents_paused (item),
                          astrix_queue_get_agents_logged_in (item));
}

static char *
answered_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup_printf ("%u", astrix_queue_get_answered_today (item));
}

static char *
abandoned_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup_printf ("%u", astrix_queue_get_abandoned_today (item));
}

/* An average of today's calls; a dash before the first (not 00:00, which reads as no wait) */
static char *
average_text (double seconds)
{
  if (seconds < 0)
    return g_strdup ("—");
  return astrix_format_duration ((gint64) seconds);
}

static char *
wait_text (gpointer item, gint64 now, gpointer data)
{
  return average_text (astrix_queue_get_average_wait_today (item));
}

static char *
talk_text (gpointer item, gint64 now, gpointer data)
{
  return average_text (astrix_queue_get_average_talk_today (item));
}

static char *
level_text (gpointer item, gint64 now, gpointer data)
{
  return percent_text (astrix_queue_get_service_level_today (item));
}

/* Asterisk's own counters of the selected queue, beside the app's in the table */
static void
update_pbx_label (AstrixQueuesPage *self)
{
  AstrixQueue *queue = self->shown_queue;
  g_autofree char *level = NULL;
  g_autofree char *text = NULL;

  if (queue != NULL)
    {
      level = percent_text (astrix_queue_get_pbx_service_level (queue));
      /* Translators: Asterisk's own counters of a queue; the last is a service level */
      text = g_strdup_printf (_("Asterisk, since its last reset: %u answered, %u abandoned, "
                                "service level %s (within %u s)."),
                              astrix_queue_get_pbx_completed (queue),
                              astrix_queue_get_pbx_abandoned (queue), level,
                              astrix_queue_get_service_level (queue));
    }
  gtk_label_set_label (self->pbx_label, text != NULL ? text : "");
}

static char *
position_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup_printf ("%u", astrix_queue_caller_get_position (item));
}

static char *
caller_text (gpointer item, gint64 now, gpointer data)
{
  return astrix_queue_caller_dup_caller (item);
}

static char *
wait_time_text (gpointer item, gint64 now, gpointer data)
{
  return seconds_text (astrix_queue_caller_get_joined (item), now);
}

/* The selected queue's callers */

static void
update_callers_stack (AstrixQueuesPage *self)
{
  GListModel *callers = gtk_single_selection_get_model (self->callers_selection);
  gboolean any = callers != NULL && g_list_model_get_n_items (callers) > 0;

  gtk_stack_set_visible_child_name (self->callers_stack, any ? "list" : "none");
}

static void
show_callers (AstrixQueuesPage *self)
{
  AstrixQueue *queue = astrix_queues_page_get_selected (self);
  g_autofree char *title = NULL;

  if (queue == self->shown_queue)
    return;
  if (self->shown_queue != NULL)
    g_signal_handlers_disconnect_by_data (astrix_queue_get_callers (self->shown_queue), self);
  g_set_object (&self->shown_queue, queue);
  gtk_single_selection_set_model (self->callers_selection,
                              queue != NULL ? astrix_queue_get_callers (queue) : NULL);
  if (queue != NULL)
    g_signal_connect_swapped (astrix_queue_get_callers (queue), "items-changed",
                              G_CALLBACK (update_callers_stack), self);
  /* Translators: the heading of the list below the queues */
  if (queue != NULL)
    title = g_strdup_printf (_("Waiting in %s"), astrix_queue_get_name (queue));
  gtk_label_set_label (self->callers_title, title != NULL ? title : "");
  update_pbx_label (self);
  update_callers_stack (self);
}

/* What is shown */

static gboolean
tick (gpointer data)
{
  AstrixQueuesPage *self = data;

  astrix_item_cells_tick (self->table.cells);
  update_pbx_label (self);
  astrix_queue_pages_update (&self->table);
  return G_SOURCE_CONTINUE;
}

/* Searching */

static gboolean
queue_matches (gpointer item,
               gpointer data)
{
  AstrixQueuesPage *self = data;
  g_autofree char *name = NULL;

  if (self->table.query == NULL || self->table.query[0] == '\0')
    return TRUE;
  name = g_utf8_casefold (astrix_queue_get_name (item), -1);
  return strstr (name, self->table.query) != NULL;
}

/* The object */

static void
astrix_queues_page_dispose (GObject *object)
{
  AstrixQueuesPage *self = ASTRIX_QUEUES_PAGE (object);

  if (self->shown_queue != NULL)
    g_signal_handlers_disconnect_by_data (astrix_queue_get_callers (self->shown_queue), self);
  g_clear_object (&self->shown_queue);
  if (self->callers_selection != NULL)
    gtk_single_selection_set_model (self->callers_selection, NULL);
  astrix_queue_pages_dispose (&self->table);

  G_OBJECT_CLASS (astrix_queues_page_parent_class)->dispose (object);
}

static void
astrix_queues_page_finalize (GObject *object)
{
  AstrixQueuesPage *self = ASTRIX_QUEUES_PAGE (object);

  astrix_queue_pages_finalize (&self->table);

  G_OBJECT_CLASS (astrix_queues_page_parent_class)->finalize (object);
}

#define BIND_CHILD(name) \
  gtk_widget_class_bind_template_child (widget_class, AstrixQueuesPage, name)

static void
astrix_queues_page_class_init (AstrixQueuesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_queues_page_dispose;
  object_class->finalize = astrix_queues_page_finalize;

  g_type_ensure (ASTRIX_TYPE_QUEUE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-queues-page.ui");
  BIND_CHILD (waiting_column);
  BIND_CHILD (longest_column);
  BIND_CHILD (agents_column);
  BIND_CHILD (answered_column);
  BIND_CHILD (abandoned_column);
  BIND_CHILD (wait_column);
  BIND_CHILD (talk_column);
  BIND_CHILD (level_column);
  BIND_CHILD (callers_title);
  BIND_CHILD (pbx_label);
  BIND_CHILD (callers_stack);
  BIND_CHILD (callers_view);
  BIND_CHILD (callers_selection);
  BIND_CHILD (position_column);
  BIND_CHILD (caller_column);
  BIND_CHILD (wait_time_column);

  astrix_queue_pages_class_init (widget_class, G_STRUCT_OFFSET (AstrixQueuesPage, table),
                                 "queues.search");
  _astrix_queues_page_class_init_send (widget_class);
}

static void
add_cells (AstrixQueuesPage *self)
{
  struct {
    GtkColumnViewColumn **column;
    AstrixItemTextFunc    text;
    gboolean              numeric;
    gboolean              ticks;
  } cells[] = {
    { &self->table.name_column, name_text, FALSE, FALSE },
    { &self->waiting_column, waiting_text, TRUE, FALSE },
    { &self->longest_column, longest_text, TRUE, TRUE },
    { &self->agents_column, agents_text, FALSE, FALSE },
    { &self->answered_column, answered_text, TRUE, FALSE },
    { &self->abandoned_column, abandoned_text, TRUE, FALSE },
    { &self->wait_column, wait_text, TRUE, FALSE },
    { &self->talk_column, talk_text, TRUE, FALSE },
    { &self->level_column, level_text, TRUE, FALSE },
    { &self->position_column, position_text, TRUE, FALSE },
    { &self->caller_column, caller_text, FALSE, FALSE },
    { &self->wait_time_column, wait_time_text, TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    astrix_item_cells_add (self->table.cells, *cells[i].column, cells[i].text, NULL, self,
                           cells[i].numeric, cells[i].ticks);
}

static void
astrix_queues_page_init (AstrixQueuesPage *self)
{
  self->table.cells = astrix_item_cells_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  add_cells (self);
  g_signal_connect_swapped (self->table.selection, "notify::selected-item",
                            G_CALLBACK (show_callers), self);
  astrix_queue_pages_init (&self->table, GTK_WIDGET (self), queue_matches, tick,
                           _("The PBX’s queues appear here once a server is connected."));
  astrix_queue_pages_update (&self->table);
  show_callers (self);
  _astrix_queues_page_init_send (self);
}

GtkWidget *
astrix_queues_page_new (void)
{
  return g_object_new (ASTRIX_TYPE_QUEUES_PAGE, NULL);
}

static gpointer
connection_to_queues (gpointer item,
                      gpointer data)
{
  gpointer queues = g_object_ref (astrix_connection_get_queues (item));

  g_object_unref (item);
  return queues;
}

/* Shows the queues of every server of @connections (AstrixConnections). */
void
astrix_queues_page_set_connections (AstrixQueuesPage *self,
                                    GListModel       *connections)
{
  g_return_if_fail (ASTRIX_IS_QUEUES_PAGE (self));

  astrix_queue_pages_set_connections (&self->table, connections, connection_to_queues);
}

/* Returns: (transfer none): the queues shown, in the order shown */
GListModel *
astrix_queues_page_get_shown (AstrixQueuesPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUES_PAGE (self), NULL);

  return G_LIST_MODEL (self->table.selection);
}

GtkColumnView *
_astrix_queues_page_get_column_view (AstrixQueuesPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUES_PAGE (self), NULL);

  return self->table.column_view;
}

GtkColumnView *
astrix_queues_page_get_callers_view (AstrixQueuesPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUES_PAGE (self), NULL);

  return self->callers_view;
}

/* Returns: (transfer none) (nullable): the selected waiting caller of the selected queue */
AstrixQueueCaller *
astrix_queues_page_get_selected_caller (AstrixQueuesPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUES_PAGE (self), NULL);

  return gtk_single_selection_get_selected_item (self->callers_selection);
}

/* Returns: (transfer none) (nullable): the selected queue, whose callers are shown */
AstrixQueue *
astrix_queues_page_get_selected (AstrixQueuesPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUES_PAGE (self), NULL);

  return gtk_single_selection_get_selected_item (self->table.selection);
}

void
astrix_queues_page_focus_search (AstrixQueuesPage *self)
{
  g_return_if_fail (ASTRIX_IS_QUEUES_PAGE (self));

  astrix_queue_pages_focus_search (&self->table);
}

static gboolean
queue_named (gpointer    item,
             const char *name)
{
  return g_strcmp0 (astrix_queue_get_name (item), name) == 0;
}

/* Selects the queue @name and scrolls to it, the search emptied if it hid it (app.show-queue);
 * returns whether the page has it (a search that hides another row is left alone). */
gboolean
astrix_queues_page_select (AstrixQueuesPage *self,
                           const char       *name)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUES_PAGE (self), FALSE);

  return astrix_queue_pages_select (&self->table, queue_named, name);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-agent-monitor.h"
#include "astrix-agents-page.h"
#include "astrix-connection.h"
#include "astrix-agents-page-private.h"
#include "astrix-item-cells.h"
#include "astrix-monitor-bar.h"
#include "astrix-queue-pages.h"

/*
 * "Agents": one row per agent of the connected servers' queues (an agent in several queues is
 * one row) — state and time in it, queues, current call, today's calls, monitoring. Escalations
 * (paused too long, a call too long, ringing unanswered) show an icon, words and colour.
 * Ctrl+1/2/3 listen, whisper or barge on the selected agent's call; the actions on the agent
 * (pause, queues, penalty) are in astrix-agents-page-actions.c. Typing searches.
 */

struct _AstrixAgentsPage
{
  AdwBin               parent_instance;

  AstrixQueuePagesTable table;    /* the agents of every server, searched */
  GtkCustomSorter     *state_sorter;
  GtkColumnViewColumn *interface_column;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *queues_column;
  GtkColumnViewColumn *call_column;
  GtkColumnViewColumn *taken_column;
  GtkColumnViewColumn *missed_column;
  GtkColumnViewColumn *monitored_column;
  GtkWidget           *action_bar;

  gboolean             resort;           /* a shown agent's state changed since the last tick */
  int                  alert_paused_minutes;
  int                  alert_call_minutes;
  int                  alert_ringing_seconds;
};

enum {
  PROP_0,
  PROP_ALERT_PAUSED_MINUTES,
  PROP_ALERT_CALL_MINUTES,
  PROP_ALERT_RINGING_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixAgentsPage, astrix_agents_page, ADW_TYPE_BIN)

/* Escalation */

static gint64
seconds_in_state (AstrixAgent *agent,
                  gint64       now)
{
  return MAX (now - astrix_agent_get_state_since (agent), 0) / G_USEC_PER_SEC;
}

static gint64
seconds_in_call (AstrixAgent *agent,
                 gint64       now)
{
  return MAX (now - astrix_agent_get_call_since (agent), 0) / G_USEC_PER_SEC;
}

/* Returns: (nullable): the words of @agent's escalation now, if any */
static char *
alert_text (AstrixAgentsPage *self,
            AstrixAgent      *agent,
            gint64            now)
{
  switch (astrix_agent_get_state (agent))
    {
    case ASTRIX_AGENT_PAUSED:
      if (seconds_in_state (agent, now) >= (gint64) self->alert_paused_minutes * 60)
        /* Translators: how long past the threshold: "Paused (Lunch) — over 15 min" */
        return g_strdup_printf (_("over %d min"), self->alert_paused_minutes);
      return NULL;
    case ASTRIX_AGENT_RINGING:
      if (seconds_in_state (agent, now) >= self->alert_ringing_seconds)
        return g_strdup (_("not answering"));
      return NULL;
    case ASTRIX_AGENT_IN_CALL:
    case ASTRIX_AGENT_ON_HOLD:
      if (astrix_agent_get_call_since (agent) > 0 &&
          seconds_in_call (agent, now) >= (gint64) self->alert_call_minutes * 60)
        return g_strdup_printf (_("over %d min"), self->alert_call_minutes);
      return NULL;
    default:
      return NULL;
    }
}

gboolean
astrix_agents_page_get_alert (AstrixAgentsPage *self,
                              AstrixAgent      *agent,
                              gint64            now)
{
  g_autofree char *text = alert_text (self, agent, now);

  return text != NULL;
}

/**
 * astrix_agents_page_dup_state_text:
 *
 * Returns: (transfer full): what the State column says of @agent at @now: the state, the
 *   pause's reason, and the escalation in words
 */
char *
astrix_agents_page_dup_state_text (AstrixAgentsPage *self,
                                   AstrixAgent      *agent,
                                   gint64            now)
{
  g_autofree char *alert = alert_text (self, agent, now);
  const char *label = astrix_agent_get_state_label (agent);
  const char *reason = astrix_agent_get_paused_reason (agent);
  g_autofree char *state = NULL;

  if (astrix_agent_get_state (agent) == ASTRIX_AGENT_PAUSED && reason != NULL && reason[0] != '\0')
    /* Translators: an agent's state and the reason of the pause, as in "Paused (Lunch)" */
    state = g_strdup_printf (_("%s (%s)"), label, reason);
  else
    state = g_strdup (label);
  if (alert == NULL)
    return g_steal_pointer (&state);
  /* Translators: an agent's state and what is wrong with it, as in "Ringing — not answering" */
  return g_strdup_printf (_("%s — %s"), state, alert);
}

/* Cells */

static char *
name_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup (astrix_agent_get_name (item));
}

static char *
interface_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup (astrix_agent_get_interface (item));
}

static char *
state_text (gpointer item, gint64 now, gpointer data)
{
  return astrix_agents_page_dup_state_text (data, item, now);
}

static gboolean
state_alert (gpointer item, gint64 now, gpointer data)
{
  return astrix_agents_page_get_alert (data, item, now);
}

static char *
time_text (gpointer item, gint64 now, gpointer data)
{
  if (astrix_agent_get_state_since (item) <= 0)
    return NULL;
  return astrix_format_duration (seconds_in_state (item, now));
}

static char *
queues_text (gpointer item, gint64 now, gpointer data)
{
  g_auto(GStrv) queues = astrix_agent_dup_queues (item);

  return queues != NULL ? g_strjoinv (", ", queues) : NULL;
}

/* The call of the centre whose agent side rings as @interface, on any server: a call that
 * did not come through a queue (the queue events only tell of those that did). */
static AstrixCall *
find_direct_call (GListModel *connections,
                  const char *interface)
{
  guint n = connections != NULL ? g_list_model_get_n_items (connections) : 0;

  for (guint i = 0; interface != NULL && i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);
      GListModel *calls = G_LIST_MODEL (astrix_connection_get_calls (connection));

      for (guint j = 0; j < g_list_model_get_n_items (calls); j++)
        {
          g_autoptr(AstrixCall) call = g_list_model_get_item (calls, j);

          if (astrix_endpoint_rings_as (interface, astrix_call_get_agent_channel (call)))
            return call;   /* (the call store holds it) */
        }
    }
  return NULL;
}

static char *
direct_call_text (AstrixAgentsPage *self,
                  gpointer          item,
                  gint64            now)
{
  AstrixCall *call = find_direct_call (self->table.connections,
                                       astrix_agent_get_interface (item));
  g_autofree char *customer = call != NULL ? astrix_call_dup_customer (call) : NULL;
  g_autofree char *duration = NULL;

  if (call == NULL)
    return NULL;
  duration = astrix_format_duration (MAX (now - astrix_call_get_started (call), 0) /
                                     G_USEC_PER_SEC);
  /* Translators: the agent's current call: for how long, with whom */
  return g_strdup_printf (_("%s, %s"), duration, customer != NULL ? customer : _("Unknown caller"));
}

static char *
call_text (gpointer item, gint64 now, gpointer data)
{
  const char *caller = astrix_agent_get_call_caller (item);
  const char *queue = astrix_agent_get_call_queue (item);
  g_autofree char *duration = NULL;

  if (caller == NULL)
    {
      char *direct = direct_call_text (data, item, now);

      if (direct != NULL || astrix_agent_get_call_channel (item) == NULL)
        return direct;
    }
  duration = astrix_format_duration (seconds_in_call (item, now));
  if (caller == NULL)
    caller = _("Unknown caller");
  if (queue == NULL || queue[0] == '\0')
    /* Translators: the agent's current call: for how long, with whom */
    return g_strdup_printf (_("%s, %s"), duration, caller);
  /* Translators: the agent's current call: for how long, from which queue, with whom */
  return g_strdup_printf (_("%s in %s, %s"), duration, queue, caller);
}

static char *
taken_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup_printf ("%u", astrix_agent_get_calls_taken_today (item));
}

static char *
missed_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup_printf ("%u", astrix_agent_get_calls_missed_today (item));
}

static char *
monitored_text (gpointer item, gint64 now, gpointer data)
{
  return g_strdup (astrix_agent_get_monitored (item) ? _("Monitored") : _("No"));
}

static void
on_agent_notify (gpointer    item,
                 GParamSpec *pspec,
                 gpointer    data)
{
  AstrixAgentsPage *self = data;

  if (g_str_equal (pspec->name, "state") || g_str_equal (pspec->name, "state-since"))
    self->resort = TRUE;
}

/* Sorting by state: the ones that may need the supervisor first */
static int
state_rank (AstrixAgentState state)
{
  static const int rank[] = {
    [ASTRIX_AGENT_RINGING] = 0, [ASTRIX_AGENT_PAUSED] = 1, [ASTRIX_AGENT_IN_CALL] = 2,
    [ASTRIX_AGENT_ON_HOLD] = 3, [ASTRIX_AGENT_WRAP_UP] = 4, [ASTRIX_AGENT_AVAILABLE] = 5,
    [ASTRIX_AGENT_UNAVAILABLE] = 6, [ASTRIX_AGENT_LOGGED_OUT] = 7,
  };

  return (guint) state < G_N_ELEMENTS (rank) ? rank[state] : (int) G_N_ELEMENTS (rank);
}

static int
compare_states (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  AstrixAgent *first = (AstrixAgent *) a;
  AstrixAgent *second = (AstrixAgent *) b;
  int ra = state_rank (astrix_agent_get_state (first));
  int rb = state_rank (astrix_agent_get_state (second));
  gint64 since_a = astrix_agent_get_state_since (first);
  gint64 since_b = astrix_agent_get_state_since (second);

  if (ra != rb)
    return ra < rb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  /* the longest in its state first */
  if (since_a != since_b)
    return since_a < since_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return GTK_ORDERING_EQUAL;
}

/* Ticking, and what is shown */

static gboolean
tick (gpointer data)
{
  AstrixAgentsPage *self = data;
  GtkSorter *sorter = gtk_column_view_get_sorter (self->table.column_view);

  astrix_item_cells_tick (self->table.cells);
  if (self->resort && sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
  self->resort = FALSE;
  /* the read class is found out from the events, with no signal of the page's own; what
   * the user may do, at login */
  astrix_queue_pages_update (&self->table);
  _astrix_agents_page_update_actions (self);
  return G_SOURCE_CONTINUE;
}

/* Searching */

static gboolean
contains_folded (const char *text,
                 const char *folded)
{
  g_autofree char *casefolded = text != NULL ? g_utf8_casefold (text, -1) : NULL;

  return casefolded != NULL && strstr (casefolded, folded) != NULL;
}

static gboolean
agent_matches (gpointer item,
               gpointer data)
{
  AstrixAgentsPage *self = data;
  const char *query = self->table.query;
  g_autofree char *queues = NULL;
  g_autofree char *state = NULL;

  if (query == NULL || query[0] == '\0')
    return TRUE;
  queues = queues_text (item, 0, NULL);
  state = astrix_agents_page_dup_state_text (self, item, g_get_real_time ());
  return contains_folded (astrix_agent_get_name (item), query) ||
         contains_folded (astrix_agent_get_interface (item), query) ||
         contains_folded (astrix_agent_get_call_caller (item), query) ||
         contains_folded (queues, query) || contains_folded (state, query);
}

void
_astrix_agents_page_set_query (AstrixAgentsPage *self,
                               const char       *query)
{
  g_return_if_fail (ASTRIX_IS_AGENTS_PAGE (self));

  astrix_queue_pages_set_query (&self->table, query);
}

/* Actions */

static void
show_toast (AstrixAgentsPage *self,
            const char       *text)
{
  g_signal_emit_by_name (self, "toast", text);
}

/**
 * astrix_agents_page_monitor:
 *
 * Listens, whispers or barges on the selected agent's call; says why not in a toast.
 * Returns: whether a monitoring was asked for
 */
gboolean
astrix_agents_page_monitor (AstrixAgentsPage  *self,
                            AstrixMonitorMode  mode)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                              : NULL;
  AstrixAgent *agent = astrix_agents_page_get_selected (self);
  AstrixConnection *connection = NULL;
  g_autoptr(GError) error = NULL;

  if (agent == NULL)
    {
      show_toast (self, _("Select an agent first."));
      return FALSE;
    }
  /* (the application holds the connections, so the agent's server is found there) */
  if (!ASTRIX_IS_APPLICATION (app) || self->table.connections == NULL ||
      astrix_agent_find (self->table.connections, astrix_agent_get_interface (agent),
                         &connection) != agent)
    {
      show_toast (self, _("This agent’s server is gone."));
      return FALSE;
    }
  if (!astrix_application_monitor_agent (ASTRIX_APPLICATION (app), agent, connection, mode, &error))
    {
      show_toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

/* agents.listen, agents.whisper, agents.barge: the mode is the action's name after "agents." */
static void
monitor_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AstrixMonitorMode mode;

  if (astrix_monitor_mode_from_string (action + strlen ("agents."), &mode))
    astrix_agents_page_monitor (ASTRIX_AGENTS_PAGE (widget), mode);
}

/* The object */

static void
astrix_agents_page_dispose (GObject *object)
{
  AstrixAgentsPage *self = ASTRIX_AGENTS_PAGE (object);

  _astrix_agents_page_dispose_actions (self);
  astrix_queue_pages_dispose (&self->table);

  G_OBJECT_CLASS (astrix_agents_page_parent_class)->dispose (object);
}

static void
astrix_agents_page_finalize (GObject *object)
{
  AstrixAgentsPage *self = ASTRIX_AGENTS_PAGE (object);

  astrix_queue_pages_finalize (&self->table);

  G_OBJECT_CLASS (astrix_agents_page_parent_class)->finalize (object);
}

static int *
threshold (AstrixAgentsPage *self,
           guint             prop_id)
{
  switch (prop_id)
    {
    case PROP_ALERT_PAUSED_MINUTES:
      return &self->alert_paused_minutes;
    case PROP_ALERT_CALL_MINUTES:
      return &self->alert_call_minutes;
    case PROP_ALERT_RINGING_SECONDS:
      return &self->alert_ringing_seconds;
    default:
      return NULL;
    }
}

static void
astrix_agents_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  int *field = threshold (ASTRIX_AGENTS_PAGE (object), prop_id);

  if (field != NULL)
    g_value_set_int (value, *field);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
astrix_agents_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AstrixAgentsPage *self = ASTRIX_AGENTS_PAGE (object);
  int *field = threshold (self, prop_id);

  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*field == g_value_get_int (value))
    return;
  *field = g_value_get_int (value);
  astrix_item_cells_tick (self->table.cells);
  g_object_notify_by_pspec (object, pspec);
}

static GParamSpec *
threshold_property (const char *name,
                    int         default_value)
{
  return g_param_spec_int (name, NULL, NULL, 0, G_MAXINT / 1000, default_value,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
astrix_agents_page_class_init (AstrixAgentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *modes[] = { "agents.listen", "agents.whisper", "agents.barge" };

  object_class->dispose = astrix_agents_page_dispose;
  object_class->finalize = astrix_agents_page_finalize;
  object_class->get_property = astrix_agents_page_get_property;
  object_class->set_property = astrix_agents_page_set_property;

  /* the escalation thresholds (the window binds them to its settings) */
  properties[PROP_ALERT_PAUSED_MINUTES] = threshold_property ("alert-paused-minutes", 15);
  properties[PROP_ALERT_CALL_MINUTES] = threshold_property ("alert-call-minutes", 10);
  properties[PROP_ALERT_RINGING_SECONDS] = threshold_property ("alert-ringing-seconds", 15);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A sentence for the window's toast overlay */
  g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ASTRIX_TYPE_AGENT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-agents-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, state_sorter);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, interface_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, state_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, time_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, queues_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, call_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, taken_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, missed_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, monitored_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentsPage, action_bar);

  /* Ctrl+1/2/3 and Ctrl+F while the focus is on the page; the window hands its own on too */
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      gtk_widget_class_install_action (widget_class, modes[i], NULL, monitor_action);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                           modes[i], NULL);
    }
  astrix_queue_pages_class_init (widget_class, G_STRUCT_OFFSET (AstrixAgentsPage, table),
                                 "agents.search");
  _astrix_agents_page_install_actions (widget_class);
}

static void
astrix_agents_page_init (AstrixAgentsPage *self)
{
  AstrixItemCells *cells = astrix_item_cells_new ();

  self->alert_paused_minutes = 15;
  self->alert_call_minutes = 10;
  self->alert_ringing_seconds = 15;
  self->table.cells = cells;
  gtk_widget_init_template (GTK_WIDGET (self));

  astrix_item_cells_add (cells, self->table.name_column, name_text, NULL, self, FALSE, FALSE);
  astrix_item_cells_add (cells, self->interface_column, interface_text, NULL, self, FALSE, FALSE);
  astrix_item_cells_add (cells, self->state_column, state_text, state_alert, self, FALSE, TRUE);
  astrix_item_cells_add (cells, self->time_column, time_text, NULL, self, TRUE, TRUE);
  astrix_item_cells_add (cells, self->queues_column, queues_text, NULL, self, FALSE, FALSE);
  astrix_item_cells_add (cells, self->call_column, call_text, NULL, self, FALSE, TRUE);
  astrix_item_cells_add (cells, self->taken_column, taken_text, NULL, self, TRUE, FALSE);
  astrix_item_cells_add (cells, self->missed_column, missed_text, NULL, self, TRUE, FALSE);
  astrix_item_cells_add (cells, self->monitored_column, monitored_text, NULL, self, FALSE, FALSE);
  astrix_item_cells_set_notify_func (cells, on_agent_notify, self);
  gtk_custom_sorter_set_sort_func (self->state_sorter, compare_states, NULL, NULL);

  astrix_queue_pages_init (&self->table, GTK_WIDGET (self), agent_matches, tick,
                           _("The agents of the PBX’s queues appear here once a server is "
                             "connected."));
  g_signal_connect_swapped (self->table.selection, "notify::selected-item",
                            G_CALLBACK (_astrix_agents_page_update_actions), self);
  _astrix_agents_page_init_actions (self, self->action_bar);
  astrix_queue_pages_update (&self->table);
}

GtkWidget *
astrix_agents_page_new (void)
{
  return g_object_new (ASTRIX_TYPE_AGENTS_PAGE, NULL);
}

static gpointer
connection_to_agents (gpointer item,
                      gpointer data)
{
  AstrixQueueStore *queues = astrix_connection_get_queues (item);
  gpointer agents = g_object_ref (astrix_queue_store_get_agents (queues));

  g_object_unref (item);
  return agents;
}

/**
 * astrix_agents_page_set_connections:
 * @connections: the application's AstrixConnections
 *
 * Shows the agents of every server.
 */
void
astrix_agents_page_set_connections (AstrixAgentsPage *self,
                                    GListModel       *connections)
{
  g_return_if_fail (ASTRIX_IS_AGENTS_PAGE (self));

  astrix_queue_pages_set_connections (&self->table, connections, connection_to_agents);
  _astrix_agents_page_update_actions (self);
}

/* Follows the escalation thresholds of @settings, those of its keys that exist. */
void
astrix_agents_page_bind_settings (AstrixAgentsPage *self,
                                  GSettings        *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_if_fail (ASTRIX_IS_AGENTS_PAGE (self));

  g_object_get (settings, "settings-schema", &schema, NULL);
  for (guint i = PROP_ALERT_PAUSED_MINUTES; i < N_PROPS; i++)
    {
      const char *key = g_param_spec_get_name (properties[i]);

      if (g_settings_schema_has_key (schema, key))
        g_settings_bind (settings, key, self, key, G_SETTINGS_BIND_GET);
    }
}

/* Returns: (transfer none) (nullable): the application's connections */
GListModel *
_astrix_agents_page_get_connections (AstrixAgentsPage *self)
{
  return self->table.connections;
}

/* Returns: (transfer none): the agents shown, in the order shown */
GListModel *
astrix_agents_page_get_shown (AstrixAgentsPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_AGENTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->table.selection);
}

GtkColumnView *
astrix_agents_page_get_column_view (AstrixAgentsPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_AGENTS_PAGE (self), NULL);

  return self->table.column_view;
}

/* Returns: (transfer none) (nullable): the selected agent */
AstrixAgent *
astrix_agents_page_get_selected (AstrixAgentsPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_AGENTS_PAGE (self), NULL);

  return gtk_single_selection_get_selected_item (self->table.selection);
}

void
astrix_agents_page_focus_search (AstrixAgentsPage *self)
{
  g_return_if_fail (ASTRIX_IS_AGENTS_PAGE (self));

  astrix_queue_pages_focus_search (&self->table);
}

/* The agent's interface (as alerts name it) or its name as the queue shows it */
static gboolean
agent_named (gpointer    item,
             const char *name)
{
  return g_strcmp0 (astrix_agent_get_interface (item), name) == 0 ||
         g_strcmp0 (astrix_agent_get_name (item), name) == 0;
}

/* Selects the agent @name and scrolls to it, the search emptied if it hid it (app.show-agent);
 * returns whether the page has it (a search that hides another row is left alone). */
gboolean
astrix_agents_page_select (AstrixAgentsPage *self,
                           const char       *name)
{
  g_return_val_if_fail (ASTRIX_IS_AGENTS_PAGE (self), FALSE);

  return astrix_queue_pages_select (&self->table, agent_named, name);
}

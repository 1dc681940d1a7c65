/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Agents and Queues pages of the whole application under Xvfb, on the simulated PBX
 * (--demo) with its three queues and twelve agents, driven with real key presses: Alt+4 and
 * Alt+5, Ctrl+F and typing, Return and the arrows, Ctrl+1 on an agent (an Originate of
 * ChanSpy with the agent's exact channel; an agent in no call: a sentence and no Originate),
 * app.listen with an agent's name, escalation in words, the restricted user's sentence.
 */
#include <signal.h>
#include <string.h>

#include "config.h"

#include "astrix-agents-page.h"
#include "astrix-application-private.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-queue-private.h"
#include "astrix-queues-page.h"
#include "astrix-queues-page-private.h"
#include "astrix-window.h"
#include "ui-support.h"

typedef struct
{
  AstrixApplication *app;
  AstrixWindow      *window;
  AstrixAgentsPage  *agents;
  AstrixQueuesPage  *queues;
} Ui;

static Ui ui;

static void
press (const char *keys)
{
  ui_press (GTK_WINDOW (ui.window), keys);
}

static const char *
visible_page (void)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ui.agents),
                                                                 ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_visible_child_name (stack);
}

static gboolean
window_says (const char *text)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  ui_collect_labels (GTK_WIDGET (ui.window), labels);
  return strstr (labels->str, text) != NULL;
}

/* What the table's row for @name shows, all cells. */
static char *
row_text (GtkColumnView *view,
          const char    *name)
{
  GtkWidget *cell = ui_find_label (GTK_WIDGET (view), name);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (cell);
  ui_collect_labels (gtk_widget_get_parent (gtk_widget_get_parent (cell)), out);
  return g_string_free (out, FALSE);
}

static AstrixMonitorSession *
session (void)
{
  return astrix_monitor_get_session (astrix_application_get_monitor (ui.app));
}

/* The first agent shown for whom @in_call holds */
static AstrixAgent *
find_agent (gboolean in_call)
{
  GListModel *shown = astrix_agents_page_get_shown (ui.agents);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AstrixAgent) agent = g_list_model_get_item (shown, i);
      gboolean busy = astrix_agent_get_state (agent) == ASTRIX_AGENT_IN_CALL ||
                      astrix_agent_get_state (agent) == ASTRIX_AGENT_ON_HOLD ||
                      astrix_agent_get_state (agent) == ASTRIX_AGENT_RINGING;

      /* (names that xdotool can type key by key) */
      if (!g_str_is_ascii (astrix_agent_get_name (agent)))
        continue;
      if (in_call ? astrix_agent_get_call_channel (agent) != NULL
                  : !busy && astrix_agent_get_call_channel (agent) == NULL)
        return agent;   /* the store holds it */
    }
  return NULL;
}

/* Ctrl+F and an empty search: every agent */
static void
clear_search (void)
{
  press ("ctrl+f");
  press ("ctrl+a");
  press ("BackSpace");
  UI_WAIT_UNTIL (g_list_model_get_n_items (astrix_agents_page_get_shown (ui.agents)) == 12, 3000);
}

/* Ctrl+F, the agent's name, Return: the agent alone, selected, the focus in the table */
static void
search_agent (const char *name)
{
  GListModel *shown = astrix_agents_page_get_shown (ui.agents);

  clear_search ();
  ui_type (GTK_WINDOW (ui.window), name);
  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) == 1, 3000);
  press ("Return");
  UI_WAIT_UNTIL (astrix_agents_page_get_selected (ui.agents) != NULL &&
                 g_strcmp0 (astrix_agent_get_name (astrix_agents_page_get_selected (ui.agents)),
                            name) == 0, 2000);
}

static void
check_agents (void)
{
  GListModel *shown = astrix_agents_page_get_shown (ui.agents);
  g_autofree char *row = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *channel = NULL;
  AstrixAgent *agent;
  guint originates;

  press ("alt+4");
  UI_WAIT_UNTIL (g_strcmp0 (visible_page (), "agents") == 0, 2000);
  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) == 12, 10000);

  /* A caller in sales: a free member answers, and the agent's row shows the call */
  g_free (astrix_demo_pbx_add_queue_call (ui.app->demo, "sales", "5550199", "Pat Example"));
  UI_WAIT_UNTIL ((agent = find_agent (TRUE)) != NULL, 45000);
  name = g_strdup (astrix_agent_get_name (agent));
  channel = g_strdup (astrix_agent_get_call_channel (agent));
  g_test_message ("agent in a call: %s on %s", name, channel);
  /* Cells are drawn again on the pages' seconds tick: within two */
  UI_WAIT_UNTIL ((g_free (row),
                  row = row_text (astrix_agents_page_get_column_view (ui.agents), name),
                  strstr (row, "Pat Example") != NULL), 3000);
  g_test_message ("row: %s", row);
  g_assert_nonnull (strstr (row, "Pat Example"));
  g_assert_nonnull (strstr (row, "sales"));
  g_assert_nonnull (strstr (row, astrix_agent_get_interface (agent)));
  g_assert_nonnull (strstr (row, "In a call"));
  g_assert_null (strstr (row, "over"));

  /* Escalation in words, not colour alone: a call past the threshold */
  g_object_set (ui.agents, "alert-call-minutes", 0, NULL);
  UI_WAIT_UNTIL (astrix_agents_page_get_alert (ui.agents, agent, g_get_real_time ()), 2000);
  UI_WAIT_UNTIL ((g_free (row),
                  row = row_text (astrix_agents_page_get_column_view (ui.agents), name),
                  strstr (row, "over 0 min") != NULL), 3000);
  g_test_message ("escalated: %s", row);
  g_assert_nonnull (strstr (row, "In a call — over 0 min"));
  ui_save_screenshot (GTK_WIDGET (ui.window), "agents-escalated.png");
  g_object_set (ui.agents, "alert-call-minutes", 10, NULL);

  /* Ctrl+F, the name, Return, Ctrl+1: ChanSpy on exactly the agent's channel */
  search_agent (name);
  originates = _astrix_demo_pbx_count_received (ui.app->demo, "Originate");
  press ("ctrl+1");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "Originate") == originates + 1,
                 5000);
  data = g_strdup_printf ("%s,quEbd", channel);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Originate"),
                                    "Application"), ==, "ChanSpy");
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Originate"),
                                    "Data"), ==, data);
  UI_WAIT_UNTIL (session () != NULL &&
                 astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ACTIVE, 5000);
  UI_WAIT_UNTIL (astrix_agent_get_monitored (agent), 3000);
  press ("ctrl+period");
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ENDED, 3000);

  /* Ctrl+2 whispers to the same agent, Ctrl+3 barges in: ChanSpy's options say which */
  {
    const struct
    {
      const char *keys;
      const char *options;
    } modes[] = { { "ctrl+2", "quEbdw" }, { "ctrl+3", "quEbdB" } };

    for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
      {
        originates = _astrix_demo_pbx_count_received (ui.app->demo, "Originate");
        press (modes[i].keys);
        UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "Originate") ==
                       originates + 1, 5000);
        g_free (data);
        data = g_strdup_printf ("%s,%s", channel, modes[i].options);
        g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo,
                                                                          "Originate"),
                                          "Data"), ==, data);
        UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ACTIVE,
                       5000);
        press ("ctrl+period");
        UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ENDED, 3000);
      }
  }

  /* An agent in no call: a sentence, and nothing sent */
  clear_search ();
  agent = find_agent (FALSE);
  g_assert_nonnull (agent);
  g_clear_pointer (&name, g_free);
  name = g_strdup (astrix_agent_get_name (agent));
  search_agent (name);
  originates = _astrix_demo_pbx_count_received (ui.app->demo, "Originate");
  press ("ctrl+1");
  {
    g_autofree char *sentence = g_strdup_printf ("%s is not in a call.", name);

    UI_WAIT_UNTIL (window_says (sentence), 3000);
  }
  ui_wait_ms (300);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==, originates);

  /* The arrows move through the rows */
  clear_search ();
  press ("Return");
  press ("Down");
  {
    guint position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown));

    g_assert_cmpuint (position, <, 11);
    press ("Down");
    UI_WAIT_UNTIL (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown)) ==
                   position + 1, 2000);
    press ("Up");
    UI_WAIT_UNTIL (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown)) ==
                   position, 2000);
  }
}

/* app.listen with an agent's name: the agent's call; an agent in no call: a sentence */
static void
check_dbus_agent (void)
{
  AstrixAgent *agent = find_agent (TRUE);
  AstrixAgent *idle = find_agent (FALSE);
  g_autofree char *parameter = NULL;
  g_autofree char *data = NULL;
  g_autofree char *sentence = NULL;
  guint originates = _astrix_demo_pbx_count_received (ui.app->demo, "Originate");

  g_assert_nonnull (agent);
  parameter = g_strdup_printf ("'%s'", astrix_agent_get_interface (agent));
  data = g_strdup_printf ("%s,quEbd", astrix_agent_get_call_channel (agent));
  ui_gapplication_action ("listen", parameter);
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "Originate") == originates + 1,
                 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Originate"),
                                    "Data"), ==, data);
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ACTIVE, 5000);
  ui_gapplication_action ("stop-monitoring", NULL);
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ENDED, 3000);

  g_assert_nonnull (idle);
  g_free (parameter);
  parameter = g_strdup_printf ("'%s'", astrix_agent_get_name (idle));
  sentence = g_strdup_printf ("%s is not in a call.", astrix_agent_get_name (idle));
  ui_gapplication_action ("whisper", parameter);
  UI_WAIT_UNTIL (ui_notified (sentence), 3000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==,
                    originates + 1);
}

static void
check_queues (void)
{
  GListModel *shown = astrix_queues_page_get_shown (ui.queues);
  GtkColumnView *callers = astrix_queues_page_get_callers_view (ui.queues);
  g_autofree char *row = NULL;

  press ("alt+5");
  UI_WAIT_UNTIL (g_strcmp0 (visible_page (), "queues") == 0, 2000);
  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) == 3, 3000);

  /* Two callers wait in billing (no agent will be free: their phones are made busy) */
  g_free (astrix_demo_pbx_add_queue_call (ui.app->demo, "billing", "5550101", "First Caller"));
  g_free (astrix_demo_pbx_add_queue_call (ui.app->demo, "billing", "5550102", "Second Caller"));
  press ("ctrl+f");
  ui_type (GTK_WINDOW (ui.window), "bill");
  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) == 1, 3000);
  press ("Return");
  UI_WAIT_UNTIL (astrix_queues_page_get_selected (ui.queues) != NULL &&
                 g_str_equal (astrix_queue_get_name (astrix_queues_page_get_selected (ui.queues)),
                              "billing"), 2000);
  /* The counters' line follows on the seconds tick: within two */
  UI_WAIT_UNTIL (window_says ("Asterisk, since its last reset:"), 3000);
  row = row_text (_astrix_queues_page_get_column_view (ui.queues), "billing");
  g_test_message ("billing: %s", row);
  g_assert_nonnull (strstr (row, "logged in"));
  /* Averages of no call read as a dash, not as 00:00 (which says nobody waited), until an
   * agent answers one of the callers (a few seconds in) */
  if (astrix_queue_get_answered_today (astrix_queues_page_get_selected (ui.queues)) == 0)
    g_assert_nonnull (strstr (row, "[0][0][—][—][—]"));
  g_assert_true (window_says ("Waiting in billing"));
  g_assert_true (window_says ("Asterisk, since its last reset:"));
  g_assert_true (window_says ("since local midnight"));
  /* the callers in position order, if the agents have not taken them yet */
  if (astrix_queue_get_n_waiting (astrix_queues_page_get_selected (ui.queues)) > 0)
    {
      GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (callers));
      guint previous = 0;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(AstrixQueueCaller) caller = g_list_model_get_item (model, i);

          g_assert_cmpuint (astrix_queue_caller_get_position (caller), >, previous);
          previous = astrix_queue_caller_get_position (caller);
        }
    }
  ui_save_screenshot (GTK_WIDGET (ui.window), "queues.png");
  press ("Escape");
}

static gboolean
script (gpointer data)
{
  GtkWindow *window;

  UI_WAIT_UNTIL ((window = gtk_application_get_active_window (GTK_APPLICATION (ui.app))) != NULL,
                 5000);
  ui.window = ASTRIX_WINDOW (window);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (ui.window)), 5000);
  ui.agents = ASTRIX_AGENTS_PAGE (ui_find_widget (GTK_WIDGET (window), ASTRIX_TYPE_AGENTS_PAGE,
                                                  NULL));
  ui.queues = ASTRIX_QUEUES_PAGE (ui_find_widget (GTK_WIDGET (window), ASTRIX_TYPE_QUEUES_PAGE,
                                                  NULL));
  g_assert_nonnull (ui.agents);
  g_assert_nonnull (ui.queues);
  ui_wait_ms (500);

  check_agents ();
  check_dbus_agent ();
  check_queues ();
  g_application_quit (G_APPLICATION (ui.app));
  return G_SOURCE_REMOVE;
}

static void
test_pages (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  ui_run_demo (&ui.app, "2", script);
}

static void check_restricted (void);

/* A user without `read = agent`: both pages say what to add to manager.conf */
static void
test_restricted (void)
{
  if (!ui_have_session () || !gtk_init_check ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  adw_init ();
  check_restricted ();
}

static void
check_restricted (void)
{
  g_autoptr(AstrixServerConfig) config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                                                       "name", "Call centre",
                                                       "host", "127.0.0.1",
                                                       "username", "supervisor", NULL);
  g_autoptr(AstrixConnection) connection = astrix_connection_new (config);
  g_autoptr(GListStore) connections = g_list_store_new (ASTRIX_TYPE_CONNECTION);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *agents = astrix_agents_page_new ();
  GtkWidget *queues = astrix_queues_page_new ();
  g_autoptr(GString) labels = g_string_new (NULL);

  g_list_store_append (connections, connection);
  astrix_agents_page_set_connections (ASTRIX_AGENTS_PAGE (agents), G_LIST_MODEL (connections));
  astrix_queues_page_set_connections (ASTRIX_QUEUES_PAGE (queues), G_LIST_MODEL (connections));
  gtk_widget_set_hexpand (agents, TRUE);
  gtk_widget_set_hexpand (queues, TRUE);
  gtk_box_append (GTK_BOX (box), agents);
  gtk_box_append (GTK_BOX (box), queues);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  ui_collect_labels (box, labels);
  g_assert_null (strstr (labels->str, "read = call,agent"));

  _astrix_queue_store_set_needs_agent_read (astrix_connection_get_queues (connection), TRUE);
  /* The pages look each second, on a seconds timeout: within two */
  UI_WAIT_UNTIL ((g_string_truncate (labels, 0), ui_collect_labels (agents, labels),
                  strstr (labels->str, "(read = call,agent)") != NULL), 3000);
  g_test_message ("agents: %s", labels->str);
  g_assert_nonnull (strstr (labels->str, "add “agent” to its read line in manager.conf "
                                         "(read = call,agent)"));
  UI_WAIT_UNTIL ((g_string_truncate (labels, 0), ui_collect_labels (queues, labels),
                  strstr (labels->str, "(read = call,agent)") != NULL), 3000);
  gtk_window_destroy (window);
  ui_wait_ms (50);
}

int
main (int   argc,
      char *argv[])
{
  ui_use_own_data_home ("test-queue-pages");
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/queue-pages/restricted", test_restricted);
  g_test_add_func ("/queue-pages/keyboard-dbus", test_pages);

  return g_test_run ();
}

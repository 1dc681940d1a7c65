/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Acting on agents in the whole application under Xvfb, on the simulated PBX (--demo), with
 * real key presses: Ctrl+P (the pause dialog, Return), Ctrl+U, Ctrl+J, Ctrl+K, Ctrl+Delete;
 * app.pause-agent and app.unpause-agent over D-Bus (gapplication), hostile and unknown
 * arguments; the audit log and the Activity page; and a user without write = agent:
 * the actions disabled, the tooltip naming the manager.conf line.
 */
#include <signal.h>
#include <string.h>

#include "config.h"

#include "astrix-agent-action-dialog.h"
#include "astrix-agent-monitor.h"
#include "astrix-agents-page.h"
#include "astrix-application-private.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-queue-private.h"
#include "astrix-window.h"
#include "ui-support.h"
#include "astrix-audit-private.h"

typedef struct
{
  AstrixApplication *app;
  AstrixWindow      *window;
  AstrixAgentsPage  *agents;
} Ui;

static Ui ui;

static void
press (const char *keys)
{
  ui_press (GTK_WINDOW (ui.window), keys);
}

static gboolean
window_says (GtkWidget  *widget,
             const char *text)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  ui_collect_labels (widget, labels);
  return strstr (labels->str, text) != NULL;
}

static AstrixAgent *
agent_named (const char *name)
{
  GListModel *shown = astrix_agents_page_get_shown (ui.agents);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AstrixAgent) agent = g_list_model_get_item (shown, i);

      if (g_strcmp0 (astrix_agent_get_name (agent), name) == 0)
        return agent;   /* the store holds it */
    }
  return NULL;
}

/* Ctrl+F, the name, Return: the agent alone and selected, the focus in the table */
static void
select_agent (const char *name)
{
  GListModel *shown = astrix_agents_page_get_shown (ui.agents);

  press ("ctrl+f");
  press ("ctrl+a");
  press ("BackSpace");
  ui_type (GTK_WINDOW (ui.window), name);
  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) == 1, 3000);
  press ("Return");
  UI_WAIT_UNTIL (astrix_agents_page_get_selected (ui.agents) == agent_named (name), 2000);
}

/* Opens a dialog with @keys and confirms it with Return: the action that was sent */
static void
through_dialog (const char *keys)
{
  GtkWindow *shown;

  press (keys);
  UI_WAIT_UNTIL ((shown = ui_find_toplevel (ASTRIX_TYPE_AGENT_ACTION_DIALOG)) != NULL, 3000);
  ui_wait_ms (200);
  ui_press (shown, "Return");
  UI_WAIT_UNTIL (ui_find_toplevel (ASTRIX_TYPE_AGENT_ACTION_DIALOG) == NULL, 3000);
  /* no window manager under Xvfb: the main window takes the keyboard back by itself */
  gtk_window_present (GTK_WINDOW (ui.window));
  UI_WAIT_UNTIL (gtk_window_is_active (GTK_WINDOW (ui.window)), 3000);
}

static GtkWidget *
button_for (GtkWidget  *widget,
            const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = button_for (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
check_keyboard (void)
{
  AstrixAgent *alice;
  AmiMessage *sent;

  press ("alt+4");
  UI_WAIT_UNTIL (g_list_model_get_n_items (astrix_agents_page_get_shown (ui.agents)) == 12, 10000);
  select_agent ("Alice Martin");
  alice = agent_named ("Alice Martin");
  /* enabled once ListCommands said the user may (the page looks each second) */
  UI_WAIT_UNTIL (gtk_widget_is_sensitive (button_for (GTK_WIDGET (ui.agents), "agents.pause")),
                 5000);

  /* Ctrl+P: the dialog offers the site's first reason; Return pauses in every queue */
  through_dialog ("ctrl+p");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePause") == 1, 5000);
  sent = _astrix_demo_pbx_last_received (ui.app->demo, "QueuePause");
  g_assert_cmpstr (ami_message_get (sent, "Interface"), ==, "PJSIP/1001");
  g_assert_cmpstr (ami_message_get (sent, "Paused"), ==, "true");
  g_assert_cmpstr (ami_message_get (sent, "Reason"), ==, "Lunch");
  g_assert_null (ami_message_get (sent, "Queue"));
  /* the row, from the QueueMemberPause event */
  UI_WAIT_UNTIL (astrix_agent_get_state (alice) == ASTRIX_AGENT_PAUSED, 5000);
  UI_WAIT_UNTIL (window_says (GTK_WIDGET (ui.agents), "Paused (Lunch)"), 3000);
  UI_WAIT_UNTIL (window_says (GTK_WIDGET (ui.window),
                              "Alice Martin paused in every queue (Lunch)."), 3000);
  ui_save_screenshot (GTK_WIDGET (ui.window), "agents-paused.png");

  /* Ctrl+U unpauses at once */
  press ("ctrl+u");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePause") == 2, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueuePause"),
                                    "Paused"), ==, "false");
  UI_WAIT_UNTIL (astrix_agent_get_state (alice) != ASTRIX_AGENT_PAUSED, 5000);

  /* Ctrl+J logs into the first queue Alice is not in */
  through_dialog ("ctrl+j");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueueAdd") == 1, 5000);
  sent = _astrix_demo_pbx_last_received (ui.app->demo, "QueueAdd");
  g_assert_cmpstr (ami_message_get (sent, "Queue"), ==, "sales");
  g_assert_cmpstr (ami_message_get (sent, "MemberName"), ==, "Alice Martin");
  UI_WAIT_UNTIL (_astrix_agent_is_in_queue (alice, "sales"), 5000);

  /* Ctrl+K: penalty 1 in every queue */
  through_dialog ("ctrl+k");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePenalty") == 1, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueuePenalty"),
                                    "Penalty"), ==, "1");
  UI_WAIT_UNTIL (_astrix_agent_get_penalty (alice, "sales") == 1, 5000);

  /* Ctrl+Delete offers support first, where Alice is a static member: the PBX's no in words */
  through_dialog ("ctrl+Delete");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueueRemove") == 1, 5000);
  UI_WAIT_UNTIL (window_says (GTK_WIDGET (ui.window), "queues.conf"), 5000);
}

static void
check_dbus (void)
{
  AstrixAgent *bruno = astrix_agent_find (astrix_application_get_connections (ui.app),
                                          "Bruno Costa", NULL);
  guint pauses = _astrix_demo_pbx_count_received (ui.app->demo, "QueuePause");
  AmiMessage *added;

  ui_gapplication_action ("pause-agent", "('Bruno Costa', 'Training')");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePause") == pauses + 1, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueuePause"),
                                    "Interface"), ==, "PJSIP/1002");
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueuePause"),
                                    "Reason"), ==, "Training");
  UI_WAIT_UNTIL (astrix_agent_get_state (bruno) == ASTRIX_AGENT_PAUSED, 5000);
  g_assert_cmpstr (astrix_agent_get_paused_reason (bruno), ==, "Training");

  ui_gapplication_action ("unpause-agent", "'PJSIP/1002'");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePause") == pauses + 2, 5000);
  UI_WAIT_UNTIL (astrix_agent_get_state (bruno) != ASTRIX_AGENT_PAUSED, 5000);

  /* Queue membership and penalty over D-Bus too */
  ui_gapplication_action ("add-agent-to-queue", "('Bruno Costa', 'billing', 2)");
  UI_WAIT_UNTIL ((added = _astrix_demo_pbx_last_received (ui.app->demo, "QueueAdd")) != NULL &&
                 g_strcmp0 (ami_message_get (added, "Queue"), "billing") == 0, 5000);
  g_assert_cmpstr (ami_message_get (added, "Interface"), ==, "PJSIP/1002");
  g_assert_cmpstr (ami_message_get (added, "Penalty"), ==, "2");
  UI_WAIT_UNTIL (_astrix_agent_is_in_queue (bruno, "billing"), 5000);
  ui_gapplication_action ("set-agent-penalty", "('PJSIP/1002', 'billing', 3)");
  UI_WAIT_UNTIL (_astrix_agent_get_penalty (bruno, "billing") == 3, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueuePenalty"),
                                    "Queue"), ==, "billing");
  /* an empty queue is every queue the agent is in */
  ui_gapplication_action ("set-agent-penalty", "('PJSIP/1002', '', 4)");
  UI_WAIT_UNTIL (_astrix_agent_get_penalty (bruno, "billing") == 4, 5000);
  g_assert_null (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueuePenalty"),
                                  "Queue"));
  ui_gapplication_action ("remove-agent-from-queue", "('Bruno Costa', 'billing')");
  UI_WAIT_UNTIL (!_astrix_agent_is_in_queue (bruno, "billing"), 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "QueueRemove"),
                                    "Queue"), ==, "billing");
  {
    guint penalties = _astrix_demo_pbx_count_received (ui.app->demo, "QueuePenalty");

    /* a negative penalty: refused in a sentence, nothing sent */
    ui_gapplication_action ("set-agent-penalty", "('Bruno Costa', 'billing', -1)");
    UI_WAIT_UNTIL (ui_notified ("enalty"), 5000);
    ui_wait_ms (300);
    g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePenalty"), ==,
                      penalties);
  }

  /* hostile and unknown: a sentence in a notification, nothing sent */
  ui_gapplication_action ("pause-agent", "('Bruno Costa', 'Lunch\\r\\nAction: Logoff')");
  UI_WAIT_UNTIL (ui_notified ("may not contain line breaks"), 5000);
  ui_gapplication_action ("unpause-agent", "'Nobody Here'");
  UI_WAIT_UNTIL (ui_notified ("No connected server has an agent called"), 5000);
  ui_wait_ms (300);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "QueuePause"), ==, pauses + 2);
}

static void
check_audit (void)
{
  AstrixAuditLog *log = astrix_application_get_audit_log (ui.app);
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_string_append_printf (all, "%s|%s|%s\n", astrix_audit_entry_get_activity_text (entry),
                              astrix_audit_entry_get_outcome_text (entry),
                              _astrix_audit_entry_get_ami_user (entry));
    }
  g_test_message ("audit: %s", all->str);
  g_assert_nonnull (strstr (all->str, "Pause Alice Martin in every queue (Lunch)|Alice Martin "
                                      "paused in every queue (Lunch).|demo"));
  g_assert_nonnull (strstr (all->str, "Unpause Alice Martin in every queue|"));
  g_assert_nonnull (strstr (all->str, "Log Alice Martin into sales (penalty 0)|"));
  g_assert_nonnull (strstr (all->str, "Log Alice Martin out of support|Failed: "));
  g_assert_nonnull (strstr (all->str, "Pause Bruno Costa in every queue (Training)|"));

  /* the Activity page says it in words */
  press ("alt+3");
  UI_WAIT_UNTIL (window_says (GTK_WIDGET (ui.window), "Pause Alice Martin in every queue (Lunch)"),
                 5000);
  ui_save_screenshot (GTK_WIDGET (ui.window), "activity-agent-actions.png");
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
  g_assert_nonnull (ui.agents);
  ui_wait_ms (500);
  check_keyboard ();
  check_dbus ();
  check_audit ();
  g_application_quit (G_APPLICATION (ui.app));
  return G_SOURCE_REMOVE;
}

static void
test_keyboard_dbus (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  ui_run_demo (&ui.app, "0", script);
}

/* The seed's user (no write = agent) on the simulated PBX: disabled, never hidden, and the
 * tooltip names the manager.conf line. */
static void
test_no_permission (void)
{
  g_autoptr(AstrixDemoPbx) pbx = NULL;
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(AstrixConnection) connection = NULL;
  g_autoptr(GListStore) connections = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *page;
  GtkWidget *pause;
  GtkSingleSelection *shown;

  if (!ui_have_session () || !gtk_init_check ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  adw_init ();
  pbx = astrix_demo_pbx_new ();
  g_assert_true (astrix_demo_pbx_start (pbx, 0, &error));
  config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "name", "Demo", "host", "127.0.0.1",
                         "port", (guint) astrix_demo_pbx_get_port (pbx),
                         "username", "astrix_proxy", NULL);
  connection = astrix_connection_new (config);
  connections = g_list_store_new (ASTRIX_TYPE_CONNECTION);
  g_list_store_append (connections, connection);
  window = GTK_WINDOW (gtk_window_new ());
  page = astrix_agents_page_new ();
  astrix_agents_page_set_connections (ASTRIX_AGENTS_PAGE (page), G_LIST_MODEL (connections));
  gtk_window_set_child (window, page);
  gtk_window_set_default_size (window, 900, 500);
  gtk_window_present (window);
  astrix_connection_start (connection, "SecurePassword123!");
  shown = GTK_SINGLE_SELECTION (astrix_agents_page_get_shown (ASTRIX_AGENTS_PAGE (page)));
  UI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (shown)) == 12 &&
                 gtk_single_selection_get_selected_item (shown) != NULL, 10000);

  pause = button_for (page, "agents.pause");
  g_assert_nonnull (pause);
  /* the capabilities come with ListCommands after the login; the page looks each second */
  UI_WAIT_UNTIL (gtk_widget_get_tooltip_text (pause) != NULL &&
                 strstr (gtk_widget_get_tooltip_text (pause), "write = agent") != NULL, 5000);
  g_assert_true (gtk_widget_get_visible (pause));
  g_assert_false (gtk_widget_is_sensitive (pause));
  g_assert_false (gtk_widget_is_sensitive (button_for (page, "agents.add-to-queue")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button_for (page, "agents.unpause")),
                            "manager.conf"));
  ui_save_screenshot (GTK_WIDGET (window), "agents-no-permission.png");
  gtk_window_destroy (window);
  astrix_connection_stop (connection);
  ui_wait_ms (50);
  astrix_demo_pbx_stop (pbx);
}

int
main (int   argc,
      char *argv[])
{
  ui_use_own_data_home ("test-agent-actions-ui");
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/agent-actions-ui/no-permission", test_no_permission);
  g_test_add_func ("/agent-actions-ui/keyboard-dbus", test_keyboard_dbus);

  return g_test_run ();
}

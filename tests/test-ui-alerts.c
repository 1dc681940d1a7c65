/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Alerts in the whole application under Xvfb with a mock notification daemon on the private
 * session bus: a caller waits in a queue longer than the threshold set in GSettings, one
 * notification says so with a button to the queue, the window lists it under its header bar
 * until it clears, its button (reached with Tab, pressed with Return) and app.show-queue /
 * app.show-agent bring up the page with the row selected (or as soon as it comes), and the
 * caller's leaving withdraws the notification and the window's row. Skipped without a display
 * or a session bus.
 */
#include <signal.h>
#include <string.h>

#include "config.h"

#include "astrix-agents-page.h"
#include "astrix-agents-page-private.h"
#include "astrix-alert-notifier-private.h"
#include "astrix-application-private.h"
#include "astrix-preferences-window.h"
#include "astrix-queue-private.h"
#include "astrix-queues-page.h"
#include "astrix-queues-page-private.h"
#include "astrix-window.h"
#include "ui-support.h"

typedef struct
{
  AstrixApplication *app;
} Ui;

static Ui ui;

static char *
mock_log (void)
{
  char *log = NULL;

  if (!g_file_get_contents (ui_notify_log (), &log, NULL, NULL))
    return g_strdup ("");
  return log;
}

/* Returns: the line of the mock's log holding both, or NULL */
static char *
logged (const char *what,
        const char *also)
{
  g_autofree char *log = mock_log ();
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], what) != NULL && (also == NULL || strstr (lines[i], also) != NULL))
      return g_strdup (lines[i]);
  return NULL;
}

static gboolean
has_logged (const char *what,
            const char *also)
{
  g_autofree char *line = logged (what, also);

  return line != NULL;
}

static AstrixConnection *
demo_connection (void)
{
  GListModel *connections = G_LIST_MODEL (ui.app->connections);
  g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, 0);

  /* (the list keeps it) */
  return connection;
}

static guint
count_logged (const char *what)
{
  g_autofree char *log = mock_log ();
  guint n = 0;

  for (const char *p = strstr (log, what); p != NULL; p = strstr (p + 1, what))
    n++;
  return n;
}

/* A caller in the captured shape (capture 27) in the queue @queue */
static void
caller_in (const char *queue,
           const char *event,
           const char *count)
{
  AstrixQueueStore *store = astrix_connection_get_queues (demo_connection ());
  g_autoptr(AmiMessage) m = ami_message_new ("Event", event, "Privilege", "agent,all",
                                             "Channel", "Local/5001@sim-queue-caller-0000000d;2",
                                             "CallerIDNum", "5555001",
                                             "CallerIDName", "Caller 5001",
                                             "Uniqueid", "1796636078.27", "Queue", queue,
                                             "Position", "1", "Count", count, NULL);

  astrix_queue_store_handle_event (store, m);
  _astrix_queue_store_flush (store);
}

/* A member joining a queue, in the captured shape (capture 31) */
static void
member_added (const char *interface,
              const char *name)
{
  AstrixQueueStore *store = astrix_connection_get_queues (demo_connection ());
  g_autoptr(AmiMessage) m = ami_message_new ("Event", "QueueMemberAdded", "Privilege", "agent,all",
                                             "Queue", "hotline", "MemberName", name,
                                             "Interface", interface,
                                             "StateInterface", "Custom:agent1099",
                                             "Membership", "dynamic", "Penalty", "0",
                                             "CallsTaken", "0", "LastCall", "0",
                                             "LastPause", "0", "LoginTime", "1796636187",
                                             "InCall", "0", "Status", "1", "Paused", "0",
                                             "PausedReason", "", "Ringinuse", "0",
                                             "Wrapuptime", "0", NULL);

  astrix_queue_store_handle_event (store, m);
  _astrix_queue_store_flush (store);
}

static void
caller (const char *event,
        const char *count)
{
  caller_in ("hotline", event, count);
}

static guint
n_alerts (void)
{
  AstrixAlerts *alerts = _astrix_alert_notifier_get_alerts (ui.app->alert_notifier,
                                                            demo_connection ());

  return alerts != NULL ? g_list_model_get_n_items (G_LIST_MODEL (alerts)) : 0;
}

/* The queues emptied (as when the server goes away): nothing was resolved, so no toast, but
 * the notification no longer holds and is withdrawn */
static void
check_withdrawn_when_gone (void)
{
  AstrixQueueStore *store = astrix_connection_get_queues (demo_connection ());
  guint closed = count_logged ("CloseNotification");

  g_settings_set_strv (astrix_application_get_settings (ui.app), "alert-queue-overrides",
                       (const char * const []) { "backline:longest-wait=1", NULL });
  caller_in ("backline", "QueueCallerJoin", "1");
  UI_WAIT_UNTIL (has_logged ("Notify", "in backline (alert above 1 s)"), 5000);
  astrix_queue_store_clear (store);
  _astrix_queue_store_flush (store);
  UI_WAIT_UNTIL (n_alerts () == 0, 3000);
  UI_WAIT_UNTIL (count_logged ("CloseNotification") == closed + 1, 3000);
}

static GtkWidget *
window_child (AstrixWindow *window,
              const char   *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), ASTRIX_TYPE_WINDOW, id));
}

static const char *
visible_page (AstrixWindow *window)
{
  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (window_child (window,
                                                                              "view_stack")));
}

static GtkWidget *
page (AstrixWindow *window,
      const char   *name)
{
  return adw_view_stack_get_child_by_name (ADW_VIEW_STACK (window_child (window, "view_stack")),
                                           name);
}

/* Whether the window's alerts bar is out and lists @title */
static gboolean
bar_shows (AstrixWindow *window,
           const char   *title)
{
  GtkWidget *bar = window_child (window, "alerts_bar");
  GtkWidget *revealer = ui_find_widget (bar, GTK_TYPE_REVEALER, NULL);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         ui_find_label (bar, title) != NULL;
}

static gboolean
bar_empty (AstrixWindow *window)
{
  GtkWidget *bar = window_child (window, "alerts_bar");
  GtkWidget *revealer = ui_find_widget (bar, GTK_TYPE_REVEALER, NULL);
  GtkWidget *list = ui_find_widget (bar, GTK_TYPE_LIST_BOX, NULL);

  return !gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         gtk_widget_get_first_child (list) == NULL;
}

/* Another queue than hotline selected, so that selecting hotline shows */
static void
select_other_queue (AstrixQueuesPage *queues)
{
  GListModel *shown = astrix_queues_page_get_shown (queues);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AstrixQueue) queue = g_list_model_get_item (shown, i);

      if (g_strcmp0 (astrix_queue_get_name (queue), "hotline") != 0)
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (shown), i);
          break;
        }
    }
  g_assert_nonnull (astrix_queues_page_get_selected (queues));
  g_assert_cmpstr (astrix_queue_get_name (astrix_queues_page_get_selected (queues)), !=,
                   "hotline");
}

/* The alert's own button, reached from the Calls page with Tab alone and pressed with Return:
 * the Queues page with the queue selected */
static void
check_bar_button (AstrixWindow *window)
{
  GtkWidget *bar = window_child (window, "alerts_bar");
  GtkWidget *button = ui_find_label (bar, "Show Queue");
  AstrixQueuesPage *queues = ASTRIX_QUEUES_PAGE (page (window, "queues"));
  guint presses = 0;

  g_assert_nonnull (button);
  button = gtk_widget_get_ancestor (button, GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "app.show-queue");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Show queue hotline");
  select_other_queue (queues);
  astrix_window_show_page (window, "calls");
  while (gtk_window_get_focus (GTK_WINDOW (window)) != button && presses++ < 40)
    ui_press (GTK_WINDOW (window), "Tab");
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == button);
  ui_press (GTK_WINDOW (window), "Return");
  UI_WAIT_UNTIL (g_strcmp0 (visible_page (window), "queues") == 0, 3000);
  g_assert_nonnull (astrix_queues_page_get_selected (queues));
  g_assert_cmpstr (astrix_queue_get_name (astrix_queues_page_get_selected (queues)), ==,
                   "hotline");
  /* The focus on the table, for the arrows */
  g_assert_true (gtk_widget_is_ancestor (
                   gtk_window_get_focus (GTK_WINDOW (window)),
                   GTK_WIDGET (_astrix_queues_page_get_column_view (queues))));
}

/* app.show-agent by interface and by name selects that agent's row, even one a search hid;
 * an agent nobody knows changes the page and selects nothing new */
static void
check_show_agent (AstrixWindow *window)
{
  AstrixAgentsPage *agents = ASTRIX_AGENTS_PAGE (page (window, "agents"));
  GListModel *shown = astrix_agents_page_get_shown (agents);
  g_autoptr(AstrixAgent) last = NULL;
  g_autoptr(AstrixAgent) first = NULL;
  guint n;

  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) > 2, 5000);
  n = g_list_model_get_n_items (shown);
  last = g_list_model_get_item (shown, n - 1);
  first = g_list_model_get_item (shown, 0);

  astrix_window_show_page (window, "calls");
  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "show-agent",
                                  g_variant_new_string (astrix_agent_get_interface (last)));
  g_assert_cmpstr (visible_page (window), ==, "agents");
  g_assert_true (astrix_agents_page_get_selected (agents) == last);

  _astrix_agents_page_set_query (agents, astrix_agent_get_name (last));
  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "show-agent",
                                  g_variant_new_string (astrix_agent_get_name (first)));
  g_assert_true (astrix_agents_page_get_selected (agents) == first);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);

  astrix_window_show_page (window, "calls");
  _astrix_agents_page_set_query (agents, astrix_agent_get_name (first));
  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "show-agent",
                                  g_variant_new_string ("PJSIP/nobody-here"));
  g_assert_cmpstr (visible_page (window), ==, "agents");
  g_assert_true (astrix_agents_page_get_selected (agents) == first);
  /* (the search stays: nothing it hides was asked for) */
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, n);
  _astrix_agents_page_set_query (agents, NULL);

  /* Asked for before the PBX lists it (a notification that started the app): selected as it
   * comes */
  astrix_window_show_page (window, "calls");
  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "show-agent",
                                  g_variant_new_string ("Local/1099@sim-agent-q/n"));
  g_assert_true (astrix_agents_page_get_selected (agents) == first);
  member_added ("Local/1099@sim-agent-q/n", "Agent 1099");
  UI_WAIT_UNTIL (astrix_agents_page_get_selected (agents) != NULL &&
                 g_strcmp0 (astrix_agent_get_interface (astrix_agents_page_get_selected (agents)),
                            "Local/1099@sim-agent-q/n") == 0, 3000);
}

static GtkWidget *
preferences_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  /* (transient for the main window, not one of the application's) */
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ASTRIX_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* The Alerts page: its controls show and write the keys; a per-queue entry that does not
 * parse is marked and not saved */
static void
check_preferences (void)
{
  GSettings *settings = astrix_application_get_settings (ui.app);
  GtkWidget *window, *row, *spin, *entry;
  g_auto(GStrv) overrides = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "preferences", NULL);
  UI_WAIT_UNTIL (preferences_window () != NULL, 3000);
  window = preferences_window ();
  row = ui_find_widget (window, ADW_TYPE_ACTION_ROW, "_Longest Wait Above");
  g_assert_nonnull (row);
  spin = ui_find_widget (row, GTK_TYPE_SPIN_BUTTON, NULL);
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 0);
  adw_preferences_window_set_visible_page (
    ADW_PREFERENCES_WINDOW (window),
    ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_PAGE)));
  ui_wait_ms (300);
  ui_save_screenshot (window, "ui-preferences-alerts.png");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "alert-longest-wait"), ==, 45);

  entry = ui_find_widget (window, ADW_TYPE_ENTRY_ROW, "Thresholds of Single _Queues");
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "hotline:longest-wait=1");
  gtk_editable_set_text (GTK_EDITABLE (entry), "hotline:longest-wait=2, sales:waiting=3");
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  overrides = g_settings_get_strv (settings, "alert-queue-overrides");
  g_assert_cmpstr (overrides[0], ==, "hotline:longest-wait=1");
  g_assert_null (overrides[1]);
  g_clear_pointer (&overrides, g_strfreev);

  gtk_editable_set_text (GTK_EDITABLE (entry), " hotline:longest-wait=2 ,sales:no-agent=0,");
  g_signal_emit_by_name (entry, "apply");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  overrides = g_settings_get_strv (settings, "alert-queue-overrides");
  g_assert_cmpuint (g_strv_length (overrides), ==, 2);
  g_assert_cmpstr (overrides[0], ==, "hotline:longest-wait=2");
  g_assert_cmpstr (overrides[1], ==, "sales:no-agent=0");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==,
                   "hotline:longest-wait=2, sales:no-agent=0");
  gtk_window_close (GTK_WINDOW (window));
}

static gboolean
script (gpointer data)
{
  GSettings *settings = astrix_application_get_settings (ui.app);
  g_autofree char *line = NULL;
  AstrixWindow *window;

  UI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (ui.app->connections)) > 0, 8000);
  UI_WAIT_UNTIL (astrix_connection_get_state (demo_connection ()) == ASTRIX_CONNECTION_CONNECTED,
                 8000);

  /* Only the longest wait, at 1 s: what the demo's own queues do raises nothing else */
  g_settings_set_uint (settings, "alert-callers-waiting", 0);
  g_settings_set_uint (settings, "alert-service-level", 0);
  g_settings_set_boolean (settings, "alert-no-agent", FALSE);
  g_settings_set_uint (settings, "alert-agent-paused", 0);
  g_settings_set_uint (settings, "alert-long-call", 0);
  g_settings_set_strv (settings, "alert-queue-overrides",
                       (const char * const []) { "hotline:longest-wait=1", NULL });
  g_settings_set_uint (settings, "alert-longest-wait", 0);

  caller ("QueueCallerJoin", "1");
  UI_WAIT_UNTIL (has_logged ("Notify", "Caller waiting long"), 5000);
  line = logged ("Notify", "Caller waiting long");
  g_assert_nonnull (strstr (line, "in hotline (alert above 1 s), on "));
  g_assert_nonnull (strstr (line, "app.show-queue"));
  g_assert_nonnull (strstr (line, "hotline"));
  g_assert_cmpuint (n_alerts (), ==, 1);

  /* In the window while it holds: the alert in words, with a button to its queue */
  UI_WAIT_UNTIL (_astrix_application_get_main_window (ui.app) != NULL, 3000);
  window = _astrix_application_get_main_window (ui.app);
  UI_WAIT_UNTIL (bar_shows (window, "Caller waiting long"), 3000);
  {
    g_autoptr(GString) labels = g_string_new (NULL);

    ui_collect_labels (window_child (window, "alerts_bar"), labels);
    g_assert_nonnull (strstr (labels->str, "A caller has waited "));
    g_assert_nonnull (strstr (labels->str, " s in hotline (alert above 1 s)"));
  }
  ui_wait_ms (400);
  ui_save_screenshot (GTK_WIDGET (window), "ui-alerts-bar.png");
  check_bar_button (window);

  /* The notification's action: the window up, the queue selected on the Queues page */
  astrix_window_show_page (window, "calls");
  select_other_queue (ASTRIX_QUEUES_PAGE (page (window, "queues")));
  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "show-queue",
                                  g_variant_new_string ("hotline"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (visible_page (window), ==, "queues");
  g_assert_cmpstr (astrix_queue_get_name (astrix_queues_page_get_selected (
                     ASTRIX_QUEUES_PAGE (page (window, "queues")))), ==, "hotline");

  /* Still the same alert: no second notification while it lasts */
  ui_wait_ms (1500);
  {
    g_autofree char *log = mock_log ();
    const char *first = strstr (log, "Caller waiting long");

    g_assert_null (strstr (first + 1, "Caller waiting long"));
  }

  /* The caller is answered: the notification is withdrawn */
  caller ("QueueCallerLeave", "0");
  UI_WAIT_UNTIL (n_alerts () == 0, 3000);
  UI_WAIT_UNTIL (has_logged ("CloseNotification", NULL), 3000);
  /* ... and the window's row leaves (a toast says it is over, after the raise's own) */
  UI_WAIT_UNTIL (bar_empty (window), 3000);

  check_show_agent (window);

  check_preferences ();
  check_withdrawn_when_gone ();

  g_application_quit (G_APPLICATION (ui.app));
  return G_SOURCE_REMOVE;
}

static void
test_alerts (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }

  ui_run_demo (&ui.app, NULL, script);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/alerts/notification", test_alerts);

  return g_test_run ();
}

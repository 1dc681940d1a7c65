/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The supervisor's actions on calls in the whole application under Xvfb: from the keyboard on
 * the selected row (Record, Mute Recording, Stop Recording, End Call… with its confirmation
 * naming both parties), the exported D-Bus actions through gapplication (record-call,
 * mute-recording, stop-recording, end-call, send-to-agent), a failure in words, and the audit
 * log with the Activity page's words. Runs in build-aux/quickstart test (xvfb-run +
 * dbus-run-session); skipped without a display or a session bus.
 */
#include <signal.h>
#include <string.h>

#include "config.h"

#include "astrix-application-private.h"
#include "astrix-audit-entry.h"
#include "astrix-audit-private.h"
#include "astrix-call.h"
#include "astrix-call-private.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-demo-private.h"
#include "astrix-queues-page.h"
#include "astrix-window.h"
#include "ui-support.h"

#include <gdk/x11/gdkx.h>

typedef struct
{
  AstrixApplication *app;
  AstrixWindow      *window;
} Ui;

static Ui ui;

static void
press (const char *keys)
{
  ui_press (GTK_WINDOW (ui.window), keys);
}

/* Gives @window the X input focus, as a window manager would. */
static void
ui_focus (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, NULL };

  g_assert_cmpint (ui_run (argv), ==, 0);
  ui_wait_ms (200);
}

static AstrixChannelStore *
store (void)
{
  g_autoptr(AstrixConnection) connection =
    g_list_model_get_item (astrix_application_get_connections (ui.app), 0);

  return astrix_connection_get_store (connection);
}

static AstrixRecordingState
recording (const char *name)
{
  AstrixChannel *channel = astrix_channel_store_lookup_by_name (store (), name);

  return channel != NULL ? astrix_channel_get_recording_state (channel) : ASTRIX_RECORDING_NONE;
}

/* The call row whose agent's side is @agent_channel, or %NULL */
static AstrixCall *
call_of_agent (const char *agent_channel,
               guint      *position)
{
  GListModel *rows = G_LIST_MODEL (astrix_window_get_selection (ui.window));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (rows, i);

      if (g_strcmp0 (astrix_call_get_agent_channel (call), agent_channel) == 0)
        {
          if (position != NULL)
            *position = i;
          return call;   /* the list holds it */
        }
    }
  return NULL;
}

/* Selects the first call, an agent talking to a customer, that nothing records; returns its
 * agent's channel (the one Record acts on). */
static char *
select_unrecorded_agent (void)
{
  GtkSingleSelection *selection = astrix_window_get_selection (ui.window);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (G_LIST_MODEL (selection), i);
      const char *agent = astrix_call_get_agent_channel (call);

      if (agent != NULL && g_str_has_prefix (agent, "PJSIP/10") &&
          astrix_call_get_customer_channel (call) != NULL &&
          _astrix_call_get_state (call) == ASTRIX_CALL_STATE_TALKING &&
          astrix_call_get_recording_state (call) == ASTRIX_RECORDING_NONE)
        {
          gtk_single_selection_set_selected (selection, i);
          return g_strdup (agent);
        }
    }
  g_assert_not_reached ();
}

/* The words of the call row of @agent_channel, found by its Agent cell */
static char *
row_text (const char *agent_channel)
{
  AstrixCall *call = call_of_agent (agent_channel, NULL);
  g_autofree char *agent = NULL;
  GtkWidget *cell;
  GString *out = g_string_new (NULL);

  g_assert_nonnull (call);
  agent = astrix_call_dup_agent (call);
  cell = ui_find_label (GTK_WIDGET (astrix_window_get_column_view (ui.window)), agent);
  g_assert_nonnull (cell);
  ui_collect_labels (gtk_widget_get_parent (gtk_widget_get_parent (cell)), out);
  return g_string_free (out, FALSE);
}

static gboolean
row_says (const char *channel,
          const char *text)
{
  g_autofree char *shown = row_text (channel);

  return strstr (shown, text) != NULL;
}

static void
check_keyboard (void)
{
  g_autofree char *agent = NULL;
  AstrixCall *call;
  g_autofree char *customer_channel = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *other = NULL;
  AdwMessageDialog *dialog;
  AmiMessage *sent;
  guint hangups = _astrix_demo_pbx_count_received (ui.app->demo, "Hangup");

  press ("ctrl+l");
  agent = select_unrecorded_agent ();
  ui_wait_ms (200);

  /* Record */
  press ("ctrl+shift+r");
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_ACTIVE, 5000);
  sent = _astrix_demo_pbx_last_received (ui.app->demo, "MixMonitor");
  g_assert_cmpstr (ami_message_get (sent, "Channel"), ==, agent);
  g_assert_true (g_str_has_prefix (ami_message_get (sent, "File"), "/var/spool/asterisk/monitor/"));
  UI_WAIT_UNTIL (row_says (agent, "recorded"), 3000);

  /* Mute, unmute: every recording of the call */
  press ("ctrl+shift+m");
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_MUTED, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "MixMonitorMute"),
                                    "State"), ==, "1");
  UI_WAIT_UNTIL (row_says (agent, "Recording muted"), 3000);
  ui_save_screenshot (GTK_WIDGET (ui.window), "ui-call-muted.png");
  press ("ctrl+shift+m");
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_ACTIVE, 5000);

  /* Stop */
  press ("ctrl+shift+s");
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_NONE, 5000);
  g_assert_nonnull (_astrix_demo_pbx_last_received (ui.app->demo, "StopMixMonitor"));

  /* End Call…: the confirmation names both parties; Escape keeps the call */
  call = call_of_agent (agent, NULL);
  g_assert_nonnull (call);
  customer_channel = g_strdup (astrix_call_get_customer_channel (call));
  caller = astrix_call_dup_customer (call);
  other = astrix_call_dup_agent (call);
  g_assert_nonnull (customer_channel);
  press ("ctrl+shift+e");
  UI_WAIT_UNTIL ((dialog = (AdwMessageDialog *) ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL,
                 3000);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "End the Call?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), caller));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), other));
  ui_wait_ms (300);
  ui_save_screenshot (GTK_WIDGET (dialog), "ui-end-call.png");
  ui_press (GTK_WINDOW (dialog), "Escape");
  UI_WAIT_UNTIL (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 3000);
  ui_wait_ms (300);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Hangup"), ==, hangups);

  /* Again, and confirmed from the keyboard: the End Call button follows Cancel. (No window
   * manager under Xvfb gives the focus back to the window: the test does.) */
  gtk_window_present (GTK_WINDOW (ui.window));
  ui_focus (GTK_WINDOW (ui.window));
  press ("ctrl+shift+e");
  UI_WAIT_UNTIL ((dialog = (AdwMessageDialog *) ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL,
                 3000);
  ui_wait_ms (300);
  ui_press (GTK_WINDOW (dialog), "Tab");
  ui_press (GTK_WINDOW (dialog), "Return");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "Hangup") == hangups + 1, 5000);
  /* The customer's side: the agent's would leave the customer in the dialplan after Queue() */
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Hangup"),
                                    "Channel"), ==, customer_channel);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Hangup"),
                                    "Cause"), ==, "16");
  UI_WAIT_UNTIL (astrix_channel_store_lookup_by_name (store (), customer_channel) == NULL, 5000);
  UI_WAIT_UNTIL (call_of_agent (agent, NULL) == NULL, 5000);
}

/* A queue member who is free, by its channel-less interface */
static char *
free_member (void)
{
  g_auto(GStrv) channels = astrix_demo_pbx_dup_channels (ui.app->demo);

  for (int n = 1001; n <= 1007; n++)
    {
      g_autofree char *prefix = g_strdup_printf ("PJSIP/%d-", n);
      gboolean busy = FALSE;

      for (guint i = 0; channels[i] != NULL; i++)
        busy |= g_str_has_prefix (channels[i], prefix);
      if (!busy)
        return g_strdup_printf ("PJSIP/%d", n);
    }
  g_assert_not_reached ();
}

static void
check_dbus (void)
{
  static const char *const billing[] = { "1003", "1010", "1012" };
  g_autofree char *agent = select_unrecorded_agent ();
  g_autofree char *parameter = g_strdup_printf ("'%s'", agent);
  g_autofree char *muted = g_strdup_printf ("('%s', true)", agent);
  g_autofree char *caller = NULL;
  g_autofree char *member = NULL;
  g_autofree char *send = NULL;
  guint hangups = _astrix_demo_pbx_count_received (ui.app->demo, "Hangup");

  ui_gapplication_action ("record-call", parameter);
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_ACTIVE, 5000);
  ui_gapplication_action ("mute-recording", muted);
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_MUTED, 5000);
  ui_gapplication_action ("stop-recording", parameter);
  UI_WAIT_UNTIL (recording (agent) == ASTRIX_RECORDING_NONE, 5000);
  /* Over D-Bus, no confirmation: the caller asked already */
  ui_gapplication_action ("end-call", parameter);
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "Hangup") == hangups + 1, 5000);
  g_assert_null (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* A call that is not there: a sentence, nothing sent */
  ui_gapplication_action ("end-call", "'PJSIP/9999-deadbeef'");
  UI_WAIT_UNTIL (ui_notified ("An action on a call failed") && ui_notified ("has ended"), 3000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Hangup"), ==, hangups + 1);

  /* The VIP in the queue: billing's members are busy, a free agent takes the caller */
  for (guint i = 0; i < G_N_ELEMENTS (billing); i++)
    g_free (astrix_demo_pbx_add_call (ui.app->demo, billing[i], NULL, NULL));
  caller = astrix_demo_pbx_add_queue_call (ui.app->demo, "billing", "+15550199", "Very Important");
  member = free_member ();
  UI_WAIT_UNTIL (astrix_channel_store_lookup_by_name (store (), caller) != NULL, 5000);
  send = g_strdup_printf ("('%s', '%s')", caller, member);
  ui_gapplication_action ("send-to-agent", send);
  UI_WAIT_UNTIL (_astrix_demo_pbx_last_received (ui.app->demo, "Redirect") != NULL, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Redirect"),
                                    "Channel"), ==, caller);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Redirect"),
                                    "Context"), ==, "from-internal");
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Redirect"),
                                    "Exten"), ==, member + 6);
}

/* Queues page: the selected waiting caller, Ctrl+Shift+T, the agent chosen in the dialog. */
static void
check_queues_page (void)
{
  AstrixQueuesPage *page = ASTRIX_QUEUES_PAGE (ui_find_widget (GTK_WIDGET (ui.window),
                                                               ASTRIX_TYPE_QUEUES_PAGE, NULL));
  GListModel *shown = astrix_queues_page_get_shown (page);
  g_autofree char *caller = astrix_demo_pbx_add_queue_call (ui.app->demo, "billing", "+15550142",
                                                             "Second Caller");
  guint redirects = _astrix_demo_pbx_count_received (ui.app->demo, "Redirect");
  AdwMessageDialog *dialog;
  GtkDropDown *agents;
  GListModel *names;
  guint chosen = GTK_INVALID_LIST_POSITION;

  gtk_window_present (GTK_WINDOW (ui.window));
  ui_focus (GTK_WINDOW (ui.window));
  press ("alt+5");
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AstrixQueue) queue = g_list_model_get_item (shown, i);

      if (g_str_equal (astrix_queue_get_name (queue), "billing"))
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (shown), i);
    }
  UI_WAIT_UNTIL (astrix_queues_page_get_selected_caller (page) != NULL, 5000);
  gtk_widget_grab_focus (GTK_WIDGET (astrix_queues_page_get_callers_view (page)));
  ui_wait_ms (200);
  press ("ctrl+shift+t");
  UI_WAIT_UNTIL ((dialog = (AdwMessageDialog *) ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL,
                 3000);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send to Agent?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Second Caller"));
  agents = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  names = gtk_drop_down_get_model (agents);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (names), i);

      if (chosen == GTK_INVALID_LIST_POSITION && strstr (name, "Available") != NULL)
        chosen = i;
    }
  g_assert_cmpuint (chosen, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (agents, chosen);
  ui_save_screenshot (GTK_WIDGET (dialog), "ui-send-to-agent.png");
  adw_message_dialog_response (dialog, "send");
  UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (ui.app->demo, "Redirect") == redirects + 1, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Redirect"),
                                    "Channel"), ==, caller);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Redirect"),
                                    "Context"), ==, "from-internal");
  gtk_window_present (GTK_WINDOW (ui.window));
  ui_focus (GTK_WINDOW (ui.window));
  press ("alt+1");
}

static AstrixAuditEntry *
audited (const char         *action,
         AstrixAuditOutcome  outcome)
{
  GListModel *log = G_LIST_MODEL (astrix_application_get_audit_log (ui.app));
  guint n = g_list_model_get_n_items (log);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (log, i);

      if (_astrix_audit_entry_get_kind (entry) == ASTRIX_AUDIT_CALL_ACTION &&
          g_strcmp0 (_astrix_audit_entry_get_detail (entry), action) == 0 &&
          astrix_audit_entry_get_outcome (entry) == outcome)
        return entry;   /* the log holds it */
    }
  return NULL;
}

static void
check_audit (void)
{
  AstrixAuditEntry *entry;

  UI_WAIT_UNTIL (audited ("send-to-agent", ASTRIX_AUDIT_OUTCOME_ENDED) != NULL, 5000);
  entry = audited ("record-call", ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_nonnull (entry);
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==, "Started recording");
  g_assert_nonnull (strstr (astrix_audit_entry_get_outcome_text (entry),
                            "Recording to /var/spool"));
  g_assert_nonnull (_astrix_audit_entry_get_ami_user (entry));
  g_assert_true (g_str_has_prefix (_astrix_audit_entry_get_target (entry), "PJSIP/10"));
  g_assert_nonnull (audited ("mute-recording", ASTRIX_AUDIT_OUTCOME_ENDED));
  g_assert_nonnull (audited ("unmute-recording", ASTRIX_AUDIT_OUTCOME_ENDED));
  g_assert_nonnull (audited ("stop-recording", ASTRIX_AUDIT_OUTCOME_ENDED));
  entry = audited ("end-call", ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_nonnull (entry);
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==, "Ended the call");
  entry = audited ("end-call", ASTRIX_AUDIT_OUTCOME_FAILED);
  g_assert_nonnull (entry);
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry), ==, "PJSIP/9999-deadbeef");
  g_assert_nonnull (strstr (astrix_audit_entry_get_outcome_text (entry), "has ended"));
  entry = audited ("send-to-agent", ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==, "Sent the caller to an agent");
  g_assert_nonnull (strstr (astrix_audit_entry_get_outcome_text (entry), "from-internal,"));
  press ("alt+3");
  ui_wait_ms (500);
  ui_save_screenshot (GTK_WIDGET (ui.window), "ui-call-actions-activity.png");
  press ("alt+1");
}

static AstrixCapabilities
capabilities (void)
{
  g_autoptr(AstrixConnection) connection =
    g_list_model_get_item (astrix_application_get_connections (ui.app), 0);
  AstrixCapabilities found;

  g_object_get (connection, "capabilities", &found, NULL);
  return found;
}

/* A manager user without write = system: Record is disabled, not hidden, and the table says
 * which manager.conf line would allow it; the others stay. */
static void
check_disabled (void)
{
  AstrixDemoUser *user = _astrix_demo_pbx_lookup_user (ui.app->demo, "demo");
  const char *tooltip;
  guint mixmonitors;

  g_assert_nonnull (user);
  user->write &= ~ASTRIX_DEMO_CLASS_SYSTEM;
  astrix_demo_pbx_drop_sessions (ui.app->demo);
  UI_WAIT_UNTIL ((capabilities () & ASTRIX_CAPABILITY_RECORD) == 0 &&
                 (capabilities () & ASTRIX_CAPABILITY_END_CALLS) != 0, 10000);
  UI_WAIT_UNTIL (g_list_model_get_n_items (
                   G_LIST_MODEL (astrix_window_get_selection (ui.window))) > 0, 5000);
  gtk_single_selection_set_selected (astrix_window_get_selection (ui.window), 0);
  ui_wait_ms (200);
  mixmonitors = _astrix_demo_pbx_count_received (ui.app->demo, "MixMonitor");
  gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.record-call", NULL);
  press ("ctrl+shift+r");
  ui_wait_ms (500);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "MixMonitor"), ==, mixmonitors);
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (astrix_window_get_column_view (ui.window)));
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "write = system"));
  user->write |= ASTRIX_DEMO_CLASS_SYSTEM;
}

static gboolean
script (gpointer data)
{
  GtkWindow *window;

  UI_WAIT_UNTIL ((window = gtk_application_get_active_window (GTK_APPLICATION (ui.app))) != NULL,
                 5000);
  ui.window = ASTRIX_WINDOW (window);
  UI_WAIT_UNTIL (g_list_model_get_n_items (
                   G_LIST_MODEL (astrix_window_get_selection (ui.window))) >= 4, 8000);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (ui.window)), 5000);
  ui_wait_ms (500);

  check_keyboard ();
  check_dbus ();
  check_queues_page ();
  check_audit ();
  check_disabled ();
  g_application_quit (G_APPLICATION (ui.app));
  return G_SOURCE_REMOVE;
}

static void
test_call_actions (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  ui_run_demo (&ui.app, "4", script);
}

int
main (int   argc,
      char *argv[])
{
  ui_use_own_data_home ("test-ui-call-actions");
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/call-actions", test_call_actions);

  return g_test_run ();
}

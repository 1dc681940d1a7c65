/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The whole application under Xvfb, driven the way a supervisor drives it: real key presses
 * (xdotool, into the X server), desktop-wide D-Bus actions (gapplication), and a mock
 * notification daemon on the private session bus. Runs inside build-aux/quickstart test
 * (xvfb-run + dbus-run-session); skipped without a display or a session bus.
 */
#include <signal.h>
#include <string.h>

#include "config.h"

#include "astrix-activity-page.h"
#include "astrix-activity-page-private.h"
#include "astrix-application-private.h"
#include "astrix-audit-entry.h"
#include "astrix-audit-private.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-monitor-session-private.h"
#include "astrix-phone-playback.h"
#include "astrix-recordings-page.h"
#include "astrix-monitor-bar.h"
#include "astrix-monitor-bar-private.h"
#include "astrix-window-private.h"
#include "ui-support.h"
#include "astrix-call-private.h"

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

static AstrixMonitorSession *
session (void)
{
  return astrix_monitor_get_session (astrix_application_get_monitor (ui.app));
}

/* The notifications the mock daemon got, one line each. */
static char **
notifications (void)
{
  g_autofree char *log = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_auto(GStrv) all = NULL;

  if (!g_file_get_contents (ui_notify_log (), &log, NULL, NULL))
    return g_new0 (char *, 1);
  all = g_strsplit (log, "\n", -1);
  for (guint i = 0; all[i] != NULL; i++)
    {
      if (strstr (all[i], " Notify ") != NULL)
        g_ptr_array_add (lines, g_strdup (all[i]));
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

static gboolean
notified (const char *title,
          const char *also)
{
  g_auto(GStrv) lines = notifications ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], title) != NULL && (also == NULL || strstr (lines[i], also) != NULL))
        return TRUE;
    }
  return FALSE;
}

static void
save_screenshot (const char *name)
{
  ui_save_screenshot (GTK_WIDGET (ui.window), name);
}

/* What the table's row that shows @text (its customer) shows, all cells. */
static char *
row_text (const char *text)
{
  GtkWidget *cell = ui_find_label (GTK_WIDGET (astrix_window_get_column_view (ui.window)), text);
  GtkWidget *row;
  GString *out = g_string_new (NULL);

  g_assert_nonnull (cell);
  /* cell < the column's cell < row */
  row = gtk_widget_get_parent (gtk_widget_get_parent (cell));
  ui_collect_labels (row, out);
  return g_string_free (out, FALSE);
}

static AstrixCall *
selected (void)
{
  return astrix_window_get_selected_call (ui.window);
}

static void
check_keyboard_monitoring (void)
{
  GtkSingleSelection *selection = astrix_window_get_selection (ui.window);
  g_autoptr(AstrixCall) expected = NULL;
  g_autofree char *data = NULL;
  g_autofree char *row = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *both = NULL;
  AmiMessage *originate;
  AmiMessage *dtmf;
  const char *channel;
  static const char *keys[] = { "Action", "Channel", "Application", "Data", "CallerID",
                                "Timeout", "Async", "ActionID" };

  /* The list has the focus; Down moves to the second call. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (astrix_window_get_column_view (ui.window))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (ui.window)),
                                         GTK_WIDGET (astrix_window_get_column_view (ui.window))));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  press ("Down");
  UI_WAIT_UNTIL (gtk_single_selection_get_selected (selection) == 1, 2000);
  expected = g_list_model_get_item (G_LIST_MODEL (selection), 1);
  g_assert_true (selected () == expected);
  /* The call's agent side: the agent's own phone channel, exactly */
  channel = astrix_call_get_spy_target (expected);
  g_assert_nonnull (channel);
  g_assert_true (g_str_has_prefix (channel, "PJSIP/10"));
  g_assert_cmpstr (channel, ==, astrix_call_get_agent_channel (expected));

  press ("ctrl+1");
  UI_WAIT_UNTIL (session () != NULL &&
              astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ACTIVE, 5000);
  g_assert_cmpstr (astrix_monitor_session_get_target (session ()), ==, channel);

  /* Exactly the Originate the design asks for. */
  originate = _astrix_demo_pbx_last_received (ui.app->demo, "Originate");
  g_assert_nonnull (originate);
  g_assert_cmpuint (ami_message_get_n_fields (originate), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (ami_message_get_key (originate, i), ==, keys[i]);
  data = g_strdup_printf ("%s,quEbd", channel);
  g_assert_cmpstr (ami_message_get (originate, "Channel"), ==, "PJSIP/2000");
  g_assert_cmpstr (ami_message_get (originate, "Application"), ==, "ChanSpy");
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==, data);
  g_assert_cmpstr (ami_message_get (originate, "Async"), ==, "true");
  g_assert_cmpstr (ami_message_get (originate, "Timeout"), ==, "30000");

  /* The row shows who monitors it; the bar shows the session. */
  UI_WAIT_UNTIL (_astrix_call_is_monitored (expected), 2000);
  ui_wait_ms (200);
  customer = astrix_call_dup_customer (expected);
  agent = astrix_call_dup_agent (expected);
  row = row_text (customer);
  g_test_message ("row: %s", row);
  g_assert_nonnull (strstr (row, astrix_call_get_monitored_by (expected)));
  g_assert_nonnull (strstr (row, agent));
  /* The bar names the call as the supervisor sees it, customer ↔ agent */
  both = g_strdup_printf ("Listening to %s ↔ %s", customer, agent);
  g_assert_cmpstr (_astrix_monitor_bar_get_title (_astrix_window_get_monitor_bar (ui.window)), ==,
                   both);

  /* The "started" notification, with a Stop button. */
  UI_WAIT_UNTIL (notified ("Listening to", "app.stop-monitoring"), 3000);
  save_screenshot ("ui-monitoring.png");

  /* Whisper without redialing: PlayDTMF 5 with Receive into our channel. */
  press ("ctrl+2");
  UI_WAIT_UNTIL (astrix_monitor_session_get_mode (session ()) == ASTRIX_MONITOR_MODE_WHISPER, 3000);
  dtmf = _astrix_demo_pbx_last_received (ui.app->demo, "PlayDTMF");
  g_assert_cmpstr (ami_message_get (dtmf, "Channel"), ==,
                   astrix_phone_call_get_channel (astrix_monitor_session_get_call (session ())));
  g_assert_cmpstr (ami_message_get (dtmf, "Digit"), ==, "5");
  g_assert_cmpstr (ami_message_get (dtmf, "Receive"), ==, "true");
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==, 1);
  UI_WAIT_UNTIL (notified ("Whispering to", NULL), 3000);

  /* Stop: a Hangup of our channel. */
  press ("ctrl+period");
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ENDED, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "Hangup"),
                                    "Channel"), ==,
                   astrix_phone_call_get_channel (astrix_monitor_session_get_call (session ())));
  UI_WAIT_UNTIL (notified ("Stopped monitoring", NULL), 3000);
  UI_WAIT_UNTIL (!_astrix_call_is_monitored (expected), 2000);
}

static void
check_dbus_actions (void)
{
  g_autoptr(AstrixCall) call =
    g_list_model_get_item (G_LIST_MODEL (astrix_window_get_selection (ui.window)), 2);
  const char *target = astrix_call_get_spy_target (call);
  g_autofree char *parameter = g_strdup_printf ("'%s'", target);
  guint originates = _astrix_demo_pbx_count_received (ui.app->demo, "Originate");

  /* Desktop-wide keys: the same through gapplication. */
  ui_gapplication_action ("listen", parameter);
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ACTIVE &&
              g_strcmp0 (astrix_monitor_session_get_target (session ()), target) == 0, 5000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==,
                    originates + 1);

  ui_gapplication_action ("switch-mode", "'barge'");
  UI_WAIT_UNTIL (astrix_monitor_session_get_mode (session ()) == ASTRIX_MONITOR_MODE_BARGE, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (ui.app->demo, "PlayDTMF"),
                                    "Digit"), ==, "6");

  ui_gapplication_action ("stop-monitoring", NULL);
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ENDED, 3000);

  /* A channel that is not there: refused with the reason, nothing sent. */
  ui_gapplication_action ("listen", "'PJSIP/9999-deadbeef'");
  UI_WAIT_UNTIL (notified ("Could not monitor PJSIP/9999-deadbeef", "it has ended"), 3000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==,
                    originates + 1);
}

static void
check_failure_shown (void)
{
  AstrixMonitorBar *bar = _astrix_window_get_monitor_bar (ui.window);
  g_autofree char *labels = NULL;
  GString *text = g_string_new (NULL);

  astrix_demo_pbx_set_endpoint_answer (ui.app->demo, "PJSIP/2000", ASTRIX_DEMO_ANSWER_BUSY);
  press ("Home");
  press ("ctrl+1");
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_FAILED, 5000);

  /* In the window, and in a notification. */
  g_assert_true (g_str_has_prefix (_astrix_monitor_bar_get_title (bar), "Could not monitor"));
  ui_collect_labels (GTK_WIDGET (bar), text);
  labels = g_string_free (text, FALSE);
  g_assert_nonnull (strstr (labels, "Your phone PJSIP/2000 is busy."));
  UI_WAIT_UNTIL (notified ("Could not monitor", "Your phone PJSIP/2000 is busy."), 3000);
  save_screenshot ("ui-failure.png");
  astrix_demo_pbx_set_endpoint_answer (ui.app->demo, "PJSIP/2000", ASTRIX_DEMO_ANSWER_ANSWER);
}

static void
check_notification_ids (void)
{
  g_auto(GStrv) lines = notifications ();
  guint with_replace = 0;

  /* One stable id: after the first, each replaces the one before (replaces_id != 0). */
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "Notify \"astrix-assist\" 0 ") == NULL)
        with_replace++;
    }
  g_assert_cmpuint (with_replace, >=, g_strv_length (lines) - 2);
}

static AstrixPhonePlayback *
phone_playback (void)
{
  return astrix_recordings_page_get_phone_playback (astrix_window_get_recordings_page (ui.window));
}

/* app.play-on-phone and app.playback-control over D-Bus, as a desktop-wide key would. */
static void
check_phone_playback (void)
{
  guint originates = _astrix_demo_pbx_count_received (ui.app->demo, "Originate");
  AmiMessage *originate;
  AmiMessage *control;

  ui_gapplication_action ("play-on-phone", "'client-123/call-456.wav'");
  UI_WAIT_UNTIL (phone_playback () != NULL &&
                 astrix_phone_playback_get_state (phone_playback ()) == ASTRIX_PLAYBACK_PLAYING,
                 10000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==,
                    originates + 1);
  originate = _astrix_demo_pbx_last_received (ui.app->demo, "Originate");
  g_assert_cmpstr (ami_message_get (originate, "Channel"), ==, "PJSIP/2000");
  g_assert_cmpstr (ami_message_get (originate, "Application"), ==, "ControlPlayback");
  /* The name the PBX sees, without extension, and a skip of 3 s */
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==,
                   "/var/spool/asterisk/monitor/client-123/call-456,3000");

  ui_gapplication_action ("playback-control", "'pause'");
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone_playback ()) == ASTRIX_PLAYBACK_PAUSED,
                 3000);
  control = _astrix_demo_pbx_last_received (ui.app->demo, "ControlPlayback");
  g_assert_cmpstr (ami_message_get (control, "Control"), ==, "pause");
  ui_gapplication_action ("playback-control", "'stop'");
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone_playback ()) == ASTRIX_PLAYBACK_ENDED,
                 3000);

  /* Refused before anything is sent: outside the folder, and a character that would end the
   * dialplan argument */
  ui_gapplication_action ("play-on-phone", "'../../etc/passwd'");
  ui_gapplication_action ("play-on-phone", "'client-123/a,b.wav'");
  ui_gapplication_action ("play-on-phone", "'/var/spool/asterisk/monitor/no-such-call'");
  ui_wait_ms (500);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==,
                    originates + 1);

  /* The phone is busy: a failure in words, also as a notification */
  astrix_demo_pbx_set_endpoint_answer (ui.app->demo, "PJSIP/2000", ASTRIX_DEMO_ANSWER_BUSY);
  ui_gapplication_action ("play-on-phone", "'client-123/call-456.wav'");
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone_playback ()) == ASTRIX_PLAYBACK_FAILED,
                 5000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.app->demo, "Originate"), ==,
                    originates + 2);
  g_test_message ("failure: %s",
                  astrix_phone_call_get_error (
                    astrix_phone_playback_get_call (phone_playback ()))->message);
  UI_WAIT_UNTIL (notified ("Could not play the recording", "busy"), 3000);
  astrix_demo_pbx_set_endpoint_answer (ui.app->demo, "PJSIP/2000", ASTRIX_DEMO_ANSWER_ANSWER);
}

/* The audit log has what happened above; the Activity page (Alt+3) shows it, newest first. */
static void
check_activity (void)
{
  AstrixActivityPage *page = _astrix_window_get_activity_page (ui.window);
  GListModel *shown = _astrix_activity_page_get_shown (page);
  AstrixAuditLog *log = astrix_application_get_audit_log (ui.app);
  g_autofree char *contents = NULL;
  guint monitors = 0, playbacks = 0;

  press ("alt+3");
  UI_WAIT_UNTIL (g_strcmp0 (adw_view_stack_get_visible_child_name (
                   ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page),
                                                            ADW_TYPE_VIEW_STACK))),
                   "activity") == 0, 2000);
  UI_WAIT_UNTIL (g_list_model_get_n_items (shown) >= 4, 3000);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (shown, i);

      g_test_message ("activity: %s %s %s", astrix_audit_entry_get_activity_text (entry),
                      _astrix_audit_entry_get_target (entry),
                      astrix_audit_entry_get_outcome_text (entry));
      monitors += _astrix_audit_entry_get_kind (entry) == ASTRIX_AUDIT_MONITOR;
      playbacks += _astrix_audit_entry_get_kind (entry) == ASTRIX_AUDIT_PHONE_PLAYBACK;
      if (i > 0)
        {
          g_autoptr(AstrixAuditEntry) before = g_list_model_get_item (shown, i - 1);

          g_assert_cmpint (astrix_audit_entry_get_started (before), >=,
                           astrix_audit_entry_get_started (entry));
        }
    }
  /* keyboard, D-Bus and the busy phone; the two phone playbacks that were sent */
  g_assert_cmpuint (monitors, ==, 3);
  g_assert_cmpuint (playbacks, ==, 2);
  {
    g_autoptr(AstrixAuditEntry) newest = g_list_model_get_item (shown, 0);

    g_assert_cmpint (_astrix_audit_entry_get_kind (newest), ==, ASTRIX_AUDIT_PHONE_PLAYBACK);
    g_assert_cmpint (astrix_audit_entry_get_outcome (newest), ==, ASTRIX_AUDIT_OUTCOME_FAILED);
    g_assert_cmpstr (_astrix_audit_entry_get_target (newest), ==, "client-123/call-456.wav");
  }

  /* On disk, as JSON Lines */
  g_assert_true (g_file_get_contents (astrix_audit_log_get_path (log), &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "client-123/call-456"));
  save_screenshot ("ui-activity.png");
  press ("alt+1");
}

static gboolean
script (gpointer data)
{
  GtkWindow *window;

  UI_WAIT_UNTIL ((window = gtk_application_get_active_window (GTK_APPLICATION (ui.app))) != NULL,
                 5000);
  ui.window = ASTRIX_WINDOW (window);
  /* One row per call: the demo's four */
  UI_WAIT_UNTIL (g_list_model_get_n_items (
                   G_LIST_MODEL (astrix_window_get_selection (ui.window))) >= 4, 8000);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (ui.window)), 5000);
  ui_wait_ms (500);
  g_assert_nonnull (selected ());
  save_screenshot ("ui-calls.png");

  check_keyboard_monitoring ();
  check_dbus_actions ();
  check_failure_shown ();
  check_notification_ids ();
  check_phone_playback ();
  check_activity ();

  /* Closed, the window leaves its size for the next start */
  {
    GSettings *settings = astrix_application_get_settings (ui.app);

    gtk_window_set_default_size (GTK_WINDOW (ui.window), 900, 600);
    gtk_window_close (GTK_WINDOW (ui.window));
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
    g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  }
  g_application_quit (G_APPLICATION (ui.app));
  return G_SOURCE_REMOVE;
}

static void
test_ui (void)
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
  /* An audit log of its own: this test counts what its log has */
  ui_use_own_data_home ("test-ui");
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/keyboard-dbus-notifications", test_ui);

  return g_test_run ();
}

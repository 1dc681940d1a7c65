/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * First run to two servers, in the real application under Xvfb: the welcome page, adding a
 * server in the editor (its secret goes to gnome-keyring on the private bus), connected; a TLS
 * server with a self-signed certificate refused, its fingerprint pinned, connected; both at once
 * with a monitoring request routed to the right one.
 */
#include "config.h"

#include <string.h>

#include "astrix-activity-page.h"
#include "astrix-activity-page-private.h"
#include "astrix-application-private.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-secrets.h"
#include "astrix-server-editor.h"
#include "astrix-window.h"
#include "astrix-window-private.h"
#include "ui-support.h"

typedef struct
{
  AstrixApplication *app;
  AstrixWindow      *window;
  AstrixDemoPbx     *plain;
  AstrixDemoPbx     *tls;
} Ui;

static Ui ui;

static void
set_row (GtkWindow  *editor,
         const char *title,
         const char *text)
{
  GtkWidget *row = ui_find_widget (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static AstrixConnection *
connection_named (const char *name)
{
  return _astrix_application_find_connection (ui.app, name);
}

/* Fills the editor as a supervisor would, and saves. */
static void
add_server (const char *name,
            const char *host,
            guint16     port,
            gboolean    tls)
{
  GtkWindow *editor;
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  UI_WAIT_UNTIL ((editor = ui_find_toplevel (ASTRIX_TYPE_SERVER_EDITOR)) != NULL, 3000);
  set_row (editor, "Name", name);
  set_row (editor, "Host", host);
  set_row (editor, "Port", port_text);
  gtk_switch_set_active (GTK_SWITCH (ui_find_widget (GTK_WIDGET (editor), GTK_TYPE_SWITCH, NULL)),
                         tls);
  set_row (editor, "Manager User", "astrix_proxy");
  set_row (editor, "Secret", "SecurePassword123!");
  if (tls)
    {
      /* A file of certificate authorities that is not there: refused, the editor stays */
      set_row (editor, "Certificate Authorities (PEM File, Optional)", "/nonexistent/ca.pem");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
      ui_wait_ms (200);
      g_assert_true (ui_find_toplevel (ASTRIX_TYPE_SERVER_EDITOR) == editor);
      set_row (editor, "Certificate Authorities (PEM File, Optional)", "");
    }
  else
    {
      /* Send to Agent's context: what is not a context name is refused, the editor stays */
      set_row (editor, "Agents’ Context (where Send to Agent rings them)", "agents;evil");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
      ui_wait_ms (200);
      g_assert_true (ui_find_toplevel (ASTRIX_TYPE_SERVER_EDITOR) == editor);
      set_row (editor, "Agents’ Context (where Send to Agent rings them)", "agents-ext");
    }
  ui_save_screenshot (GTK_WIDGET (editor),
                      tls ? "ui-server-editor-tls.png" : "ui-server-editor.png");
  /* (Ctrl+S's action: key presses into a second toplevel are unreliable without a window
   * manager.) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  UI_WAIT_UNTIL (ui_find_toplevel (ASTRIX_TYPE_SERVER_EDITOR) == NULL, 5000);
}

static void
secret_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  char **secret = data;

  *secret = astrix_secrets_lookup_finish (result, NULL);
  if (*secret == NULL)
    *secret = g_strdup ("(none)");
}

static void
check_first_run_and_add (void)
{
  GtkWidget *add_button;
  AstrixConnection *connection;
  char *secret = NULL;
  GSettings *settings = astrix_application_get_settings (ui.app);
  g_auto(GStrv) ids = NULL;
  g_autoptr(AstrixServerConfig) filed_under = NULL;

  /* No server yet: the welcome page, with its two ways in. */
  g_assert_cmpstr (_astrix_window_get_page (ui.window), ==, "welcome");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (ui.window), "_Try the Demo"));
  ui_save_screenshot (GTK_WIDGET (ui.window), "ui-first-run.png");

  add_button = gtk_widget_get_parent (ui_find_label (GTK_WIDGET (ui.window), "_Add Server…"));
  g_assert_true (GTK_IS_BUTTON (add_button));
  gtk_widget_activate (add_button);
  add_server ("Head Office", "127.0.0.1", astrix_demo_pbx_get_port (ui.plain), FALSE);

  UI_WAIT_UNTIL ((connection = connection_named ("Head Office")) != NULL, 3000);
  g_assert_cmpstr (astrix_server_config_get_agent_context (
                     astrix_connection_get_config (connection)),
                   ==, "agents-ext");
  UI_WAIT_UNTIL (astrix_connection_get_state (connection) == ASTRIX_CONNECTION_CONNECTED, 8000);
  UI_WAIT_UNTIL (g_strcmp0 (_astrix_window_get_page (ui.window), "calls") == 0, 3000);

  /* Saved: the server in the settings, the secret in the keyring. */
  ids = g_settings_get_strv (settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  filed_under = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "host", "127.0.0.1",
                              "port", (guint) astrix_demo_pbx_get_port (ui.plain),
                              "username", "astrix_proxy", NULL);
  astrix_secrets_lookup_async (filed_under, NULL, secret_looked_up, &secret);
  UI_WAIT_UNTIL (secret != NULL, 5000);
  g_assert_cmpstr (secret, ==, "SecurePassword123!");
  astrix_secrets_free (secret);
}

static void
check_pin_self_signed (void)
{
  AstrixConnection *connection;
  GtkWidget *trust;
  AdwMessageDialog *dialog;
  g_autofree char *fingerprint = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (ui.app), "add-server", NULL);
  add_server ("Branch", "localhost", astrix_demo_pbx_get_port (ui.tls), TRUE);

  /* Refused: no authority signed it. The window says so and offers to trust it. */
  UI_WAIT_UNTIL ((connection = connection_named ("Branch")) != NULL, 3000);
  UI_WAIT_UNTIL (astrix_connection_get_state (connection) == ASTRIX_CONNECTION_FAILED, 8000);
  fingerprint =
    g_strdup (ami_client_get_peer_fingerprint (astrix_connection_get_client (connection)));
  g_assert_nonnull (fingerprint);
  UI_WAIT_UNTIL ((trust = ui_find_label (GTK_WIDGET (ui.window), "_Trust Certificate…")) != NULL &&
                 gtk_widget_get_mapped (trust), 5000);
  ui_wait_ms (500); /* the status slides in */
  ui_save_screenshot (GTK_WIDGET (ui.window), "ui-untrusted.png");
  gtk_widget_activate (gtk_widget_get_parent (trust));

  UI_WAIT_UNTIL ((dialog = (AdwMessageDialog *) ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL,
                 8000);
  {
    g_autofree char *hex = g_ascii_strup (fingerprint, -1);
    g_autofree char *upper = g_strdup_printf ("%.2s:%.2s:%.2s", hex, hex + 2, hex + 4);

    /* The fingerprint is shown for comparison, in the AA:BB form. */
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "SHA-256"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), upper));
  }
  ui_save_screenshot (GTK_WIDGET (dialog), "ui-trust-certificate.png");
  adw_message_dialog_response (dialog, "trust");

  UI_WAIT_UNTIL (astrix_connection_get_state (connection) == ASTRIX_CONNECTION_CONNECTED, 8000);
  g_assert_cmpstr (astrix_server_config_get_pinned_certificate (
                     astrix_connection_get_config (connection)),
                   ==, fingerprint);
}

static void
check_routing (void)
{
  GtkSingleSelection *selection = astrix_window_get_selection (ui.window);
  guint n;
  gboolean picked = FALSE;
  AstrixMonitorSession *session;

  /* Both servers' calls in one table (three each, a row per call), with the server shown. */
  UI_WAIT_UNTIL ((n = g_list_model_get_n_items (G_LIST_MODEL (selection))) >= 6, 5000);
  g_assert_cmpuint (n, >=, 6);
  for (guint i = 0; i < n && !picked; i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (g_strcmp0 (astrix_call_get_server (call), "Branch") == 0)
        {
          gtk_single_selection_set_selected (selection, i);
          picked = TRUE;
        }
    }
  g_assert_true (picked);
  ui_save_screenshot (GTK_WIDGET (ui.window), "ui-two-servers.png");

  /* The same channel names exist on both demo PBXs: the request goes where the row is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.window), "win.listen", NULL));
  UI_WAIT_UNTIL ((session = astrix_monitor_get_session (
                    astrix_application_get_monitor (ui.app))) != NULL &&
                 astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 8000);
  g_assert_cmpstr (astrix_phone_call_get_server (astrix_monitor_session_get_call (session)),
                   ==, "Branch");
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.tls, "Originate"), ==, 1);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (ui.plain, "Originate"), ==, 0);
  astrix_monitor_session_stop (session);
  UI_WAIT_UNTIL (!astrix_monitor_session_is_running (session), 5000);
}

/* `astrix-assist ami://…` naming a configured server: that connection, not a second one */
static void
check_same_server_again (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "..", "src", "ui", "astrix-assist",
                                                 NULL);
  g_autofree char *uri = g_strdup_printf ("ami://astrix_proxy@127.0.0.1:%u",
                                          astrix_demo_pbx_get_port (ui.plain));
  const char *argv[] = { path, uri, NULL };
  GListModel *connections = astrix_application_get_connections (ui.app);
  guint before = g_list_model_get_n_items (connections);

  g_assert_cmpuint (before, ==, 2);
  /* a second instance hands its command line to this one over D-Bus and exits */
  g_assert_cmpint (ui_run (argv), ==, 0);
  ui_wait_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, before);
  g_assert_cmpint (astrix_connection_get_state (connection_named ("Head Office")), ==,
                   ASTRIX_CONNECTION_CONNECTED);
}

/* At the window's default size, with two servers (a Server column) every column of the calls
 * and of the activity shows: they shrink, their text ellipsized. */
static void
check_columns_fit (void)
{
  AstrixActivityPage *activity = _astrix_window_get_activity_page (ui.window);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (ui.window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (ui.window)));
  astrix_window_show_page (ui.window, "calls");
  ui_wait_ms (500);
  ui_assert_columns_fit (astrix_window_get_column_view (ui.window));

  astrix_window_show_page (ui.window, "activity");
  UI_WAIT_UNTIL (g_list_model_get_n_items (_astrix_activity_page_get_shown (activity)) > 0, 5000);
  ui_wait_ms (500);
  ui_save_screenshot (GTK_WIDGET (ui.window), "ui-two-servers-activity.png");
  ui_assert_columns_fit (GTK_COLUMN_VIEW (ui_find_widget (GTK_WIDGET (activity),
                                                          GTK_TYPE_COLUMN_VIEW, NULL)));
  astrix_window_show_page (ui.window, "calls");
}

static gboolean
script (gpointer data)
{
  GtkWindow *window;

  UI_WAIT_UNTIL ((window = gtk_application_get_active_window (GTK_APPLICATION (ui.app))) != NULL,
                 5000);
  ui.window = ASTRIX_WINDOW (window);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (ui.window)), 5000);

  check_first_run_and_add ();
  check_pin_self_signed ();
  check_routing ();
  check_columns_fit ();
  check_same_server_again ();

  g_application_quit (G_APPLICATION (ui.app));
  return G_SOURCE_REMOVE;
}

static AstrixDemoPbx *
start_pbx (const char *certificate)
{
  AstrixDemoPbx *pbx = astrix_demo_pbx_new ();
  g_autoptr(GError) error = NULL;

  if (certificate != NULL)
    {
      const char *dir = g_getenv ("ASTRIX_TEST_DATA") ? g_getenv ("ASTRIX_TEST_DATA")
                                                      : TEST_DATA_DIR;
      g_autofree char *pem_name = g_strconcat (certificate, ".pem", NULL);
      g_autofree char *key_name = g_strconcat (certificate, ".key", NULL);
      g_autofree char *pem = g_build_filename (dir, "tls", pem_name, NULL);
      g_autofree char *key = g_build_filename (dir, "tls", key_name, NULL);
      g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (pem, key, &error);

      g_assert_no_error (error);
      astrix_demo_pbx_set_tls_certificate (pbx, cert);
    }
  g_assert_true (astrix_demo_pbx_start (pbx, 0, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_free (astrix_demo_pbx_add_call (pbx, NULL, NULL, NULL));
  return pbx;
}

static void
test_servers (void)
{
  const char *argv[] = { "astrix-assist", NULL };
  GPid mock;

  if (!ui_have_session () || !ui_start_keyring ())
    {
      g_test_skip ("needs an X display, a private session bus and gnome-keyring (quickstart test)");
      return;
    }
  mock = ui_start_notification_daemon ();
  ui.plain = start_pbx (NULL);
  ui.tls = start_pbx ("selfsigned");

  ui.app = astrix_application_new ();
  g_idle_add (script, NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (ui.app), 1, (char **) argv), ==, 0);

  g_clear_object (&ui.app);
  astrix_demo_pbx_stop (ui.plain);
  astrix_demo_pbx_stop (ui.tls);
  g_clear_object (&ui.plain);
  g_clear_object (&ui.tls);
  ui_stop_notification_daemon (mock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/servers", test_servers);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-assist"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-application-agent-actions.h"
#include "astrix-application-private.h"
#include "astrix-error.h"
#include "astrix-question.h"
#include "astrix-recording.h"
#include "astrix-secrets.h"
#include "astrix-window.h"

/*
 * The application: one instance per desktop session (a second start hands its command line
 * to the running one), the configured servers, the one call on the supervisor's phone (a
 * monitoring session or a playback, held by AstrixMonitor), and the actions that are also
 * exported on D-Bus for desktop-wide keys.
 */

#define DEMO_USER "demo"
#define DEMO_SPOOL "/var/spool/asterisk/monitor"

G_DEFINE_FINAL_TYPE (AstrixApplication, astrix_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the built-in simulated PBX and connect to it"), NULL },
  { "endpoint", 'e', 0, G_OPTION_ARG_STRING, NULL,
    N_("Your own phone, which rings when you listen in (for example PJSIP/2000)"), N_("CHANNEL") },
  { "recordings", 'r', 0, G_OPTION_ARG_STRING, NULL,
    N_("The recordings folder as this computer reads it (a path, or sftp://, smb:// …)"),
    N_("URI") },
  { "pbx-recordings", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The same folder as the PBX sees it (by default the same path for a local folder)"),
    N_("PATH") },
  { "check-server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Check that a server has everything Astrix Assist needs, print what to change, and exit"),
    N_("ami://USER@HOST[:PORT]") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL,
    N_("[ami://USER@HOST[:PORT]]") },
  { NULL }
};

/* Returns: (transfer none) (nullable): the main window, whichever window has the focus */
AstrixWindow *
_astrix_application_get_main_window (AstrixApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (ASTRIX_IS_WINDOW (l->data))
        return l->data;
    }
  return NULL;
}

static void
on_phone_playback_started (AstrixApplication   *self,
                           AstrixPhonePlayback *playback,
                           AstrixServerConfig  *config)
{
  astrix_audit_log_watch_phone_playback (self->audit_log, playback, config);
  astrix_notifier_watch_phone_playback (self->notifier, playback);
}

static void
on_local_playback_started (AstrixApplication  *self,
                           AstrixLocalPlayer  *player,
                           AstrixServerConfig *config,
                           AstrixRecording    *recording)
{
  astrix_audit_log_watch_local_player (self->audit_log, player, config, recording);
}

static AstrixWindow *
get_window (AstrixApplication *self)
{
  AstrixWindow *window = _astrix_application_get_main_window (self);
  AstrixRecordingsPage *recordings;

  if (window != NULL)
    return window;
  window = astrix_window_new (self);
  /* Every playback goes into the audit log (those on the phone: see astrix_application_init) */
  recordings = astrix_window_get_recordings_page (window);
  g_signal_connect_object (recordings, "local-playback-started",
                           G_CALLBACK (on_local_playback_started), self, G_CONNECT_SWAPPED);
  return window;
}

/* Says something in the window, if there is one, or on the terminal. */
void
astrix_application_report (AstrixApplication *self,
                           const char        *text)
{
  AstrixWindow *window = _astrix_application_get_main_window (self);

  if (window != NULL)
    astrix_window_show_toast (window, text);
  else
    g_printerr ("%s\n", text);
}

GListModel *
astrix_application_get_connections (AstrixApplication *self)
{
  return G_LIST_MODEL (self->connections);
}

AstrixMonitor *
astrix_application_get_monitor (AstrixApplication *self)
{
  return self->monitor;
}

/* Returns: (transfer none): the player of recordings on this computer, made when first asked */
AstrixLocalPlayer *
astrix_application_get_local_player (AstrixApplication *self)
{
  if (self->player == NULL)
    self->player = astrix_local_player_new ();
  return self->player;
}

/* Returns: (transfer none) (nullable): the audit log, once the application has started */
AstrixAuditLog *
astrix_application_get_audit_log (AstrixApplication *self)
{
  return self->audit_log;
}

/* Returns: (transfer none): the app's own settings (not the servers') */
GSettings *
astrix_application_get_settings (AstrixApplication *self)
{
  return astrix_settings_get_gsettings (self->settings);
}

void
_astrix_application_add_connection (AstrixApplication *self,
                                    AstrixConnection  *connection)
{
  g_list_store_append (self->connections, connection);
  g_signal_connect_object (connection, "notify::state",
                           G_CALLBACK (_astrix_application_update_actions), self,
                           G_CONNECT_SWAPPED);
  _astrix_application_update_actions (self);
}

/**
 * astrix_application_find_channel:
 * @server: (nullable): the server's name, or %NULL for any
 * @error: set when the channel is on none, or (without @server) on several servers
 *
 * Returns: (transfer none) (nullable): the connection on which @channel lives
 */
AstrixConnection *
astrix_application_find_channel (AstrixApplication  *self,
                                 const char         *server,
                                 const char         *channel,
                                 GError            **error)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  AstrixConnection *found = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (server != NULL && g_strcmp0 (astrix_connection_get_name (connection), server) != 0)
        continue;
      if (astrix_channel_store_lookup_by_name (astrix_connection_get_store (connection),
                                               channel) == NULL)
        continue;
      if (found != NULL)
        {
          g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                       _("%s is on more than one server (%s and %s): choose it in the list."),
                       channel, astrix_connection_get_name (found),
                       astrix_connection_get_name (connection));
          return NULL;
        }
      found = connection;
    }
  if (found == NULL)
    g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE,
                 _("There is no call on %s: it has ended, or it is not on a connected server."),
                 channel);
  return found;
}

/**
 * astrix_application_monitor_channel:
 *
 * Listen, whisper or barge on @channel. When the running session already monitors that
 * channel, this only switches its mode (no redial); otherwise it replaces the session.
 */
gboolean
astrix_application_monitor_channel (AstrixApplication  *self,
                                    const char         *server,
                                    const char         *channel,
                                    AstrixMonitorMode   mode,
                                    GError            **error)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);
  AstrixConnection *connection;

  if (session != NULL && astrix_monitor_session_is_running (session) &&
      g_strcmp0 (astrix_monitor_session_get_target (session), channel) == 0 &&
      (server == NULL ||
       g_strcmp0 (astrix_phone_call_get_server (astrix_monitor_session_get_call (session)),
                  server) == 0))
    return astrix_monitor_set_mode (self->monitor, mode, error);

  if (!astrix_validate_channel_name (channel, error))
    return FALSE;
  connection = astrix_application_find_channel (self, server, channel, error);
  if (connection == NULL)
    return FALSE;
  return astrix_monitor_request (self->monitor, connection, channel, mode, error) != NULL;
}

/* The server whose recordings folder holds @recording; for a name inside "the" folder, the
 * first connected server that has one. */
static AstrixConnection *
connection_for_recording (AstrixApplication *self,
                          const char        *recording)
{
  g_autoptr(GFile) file = g_uri_peek_scheme (recording) != NULL || recording[0] == '/'
                            ? g_file_new_for_commandline_arg (recording) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  AstrixConnection *fallback = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);
      const char *uri =
        astrix_server_config_get_recordings_uri (astrix_connection_get_config (connection));
      g_autoptr(GFile) root = uri != NULL ? g_file_new_for_commandline_arg (uri) : NULL;

      if (root != NULL && file != NULL && g_file_has_prefix (file, root))
        return connection;
      if (fallback == NULL && uri != NULL &&
          astrix_connection_get_state (connection) == ASTRIX_CONNECTION_CONNECTED)
        fallback = connection;
    }
  return fallback;
}

/**
 * astrix_application_play_on_phone:
 * @recording: a recording's URI, its path on this desktop, the path the PBX sees or its path
 *   inside the recordings folder
 *
 * Plays @recording on the supervisor's phone, ending what runs on the phone first (see
 * #AstrixMonitor). Returns: %FALSE with a sentence in @error when nothing could be sent
 */
gboolean
astrix_application_play_on_phone (AstrixApplication  *self,
                                  const char         *recording,
                                  GError            **error)
{
  AstrixConnection *connection = connection_for_recording (self, recording);
  AstrixServerConfig *config;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (connection == NULL)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                           _("No server is set up to play recordings from."));
      return FALSE;
    }
  /* As the recordings page names it, for the audit log: by its place in the folder */
  config = astrix_connection_get_config (connection);
  root = g_file_new_for_commandline_arg (astrix_server_config_get_recordings_uri (config));
  file = astrix_recording_resolve (root, astrix_server_config_get_pbx_recordings_path (config),
                                   recording, NULL);
  if (file != NULL && (!g_file_is_native (file) || g_file_query_exists (file, NULL)))
    uri = g_file_get_uri (file);
  else
    uri = g_strdup (recording);
  return astrix_monitor_play (self->monitor, connection, uri, -1, error) != NULL;
}

/* The demo */

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/**
 * astrix_application_start_demo:
 * @endpoint: (nullable): the supervisor's phone in the demo (PJSIP/2000 by default)
 *
 * Starts the simulated PBX in this process, on 127.0.0.1, and connects to it. For scripted
 * use the environment can make it still (ASTRIX_DEMO_STATIC=1), size it (ASTRIX_DEMO_CALLS)
 * and have it write what it receives to a file (ASTRIX_DEMO_TRANSCRIPT).
 */
void
astrix_application_start_demo (AstrixApplication *self,
                               const char        *endpoint)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(AstrixConnection) connection = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *recordings = NULL;
  guint n_calls = env_uint ("ASTRIX_DEMO_CALLS", 8);

  if (self->demo != NULL)
    return;

  self->demo = astrix_demo_pbx_new ();
  secret = g_strdup_printf ("%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
  astrix_demo_pbx_add_user (self->demo, DEMO_USER, secret, "system,call,agent,reporting,dialplan",
                            "system,call,originate,reporting,agent");
  if (g_getenv ("ASTRIX_DEMO_TRANSCRIPT") != NULL)
    astrix_demo_pbx_set_transcript (self->demo, g_getenv ("ASTRIX_DEMO_TRANSCRIPT"));
  if (!astrix_demo_pbx_start (self->demo, 0, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The demo PBX could not start: %s"),
                                               error->message);

      astrix_application_report (self, text);
      g_clear_object (&self->demo);
      return;
    }

  /* Past calls as real audio files, where a real PBX's MixMonitor would keep them */
  recordings = g_build_filename (g_get_user_cache_dir (), "astrix-assist", "demo-recordings", NULL);
  if (!astrix_demo_pbx_set_recordings_dir (self->demo, recordings, DEMO_SPOOL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The demo has no recordings: %s"), error->message);

      astrix_application_report (self, text);
      g_clear_error (&error);
      g_clear_pointer (&recordings, g_free);
    }

  if (endpoint == NULL)
    endpoint = "PJSIP/2000";
  astrix_demo_pbx_set_endpoint_answer (self->demo, endpoint, ASTRIX_DEMO_ANSWER_ANSWER);
  for (guint i = 0; i < n_calls; i++)
    g_free (astrix_demo_pbx_add_call (self->demo, NULL, NULL, NULL));
  astrix_demo_pbx_set_running (self->demo, g_getenv ("ASTRIX_DEMO_STATIC") == NULL);

  config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                         "name", _("Demo PBX"),
                         "host", "127.0.0.1",
                         "port", (guint) astrix_demo_pbx_get_port (self->demo),
                         "username", DEMO_USER,
                         "endpoint", endpoint,
                         NULL);
  if (recordings != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (recordings, NULL, NULL);

      g_object_set (config, "recordings-uri", uri, "pbx-recordings-path", DEMO_SPOOL, NULL);
    }
  connection = astrix_connection_new (config);
  _astrix_application_add_connection (self, connection);
  astrix_connection_start (connection, secret);
  memset (secret, 0, strlen (secret));
}

/* A server from the command line */

typedef struct
{
  AstrixApplication *app;
  AstrixConnection  *connection;
  GtkPasswordEntry  *entry;
} SecretRequest;

static void
secret_request_free (SecretRequest *request)
{
  g_clear_object (&request->app);
  g_clear_object (&request->connection);
  g_free (request);
}

static void
secret_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GApplication) app = data;
  g_autoptr(GError) error = NULL;

  if (!astrix_secrets_store_finish (result, &error))
    astrix_application_report (ASTRIX_APPLICATION (app), error->message);
}

static void
on_secret_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SecretRequest    *request)
{
  AstrixServerConfig *config = astrix_connection_get_config (request->connection);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (request->entry));

  if (g_strcmp0 (response, "connect") == 0 && secret[0] != '\0')
    {
      astrix_secrets_store_async (config, secret, NULL, secret_stored, g_object_ref (request->app));
      astrix_connection_start (request->connection, secret);
    }
  gtk_editable_set_text (GTK_EDITABLE (request->entry), "");
  secret_request_free (request);
}

/* Asks once for the secret of a server that has none in the keyring. */
static void
ask_secret (AstrixApplication *self,
            AstrixConnection  *connection)
{
  AstrixServerConfig *config = astrix_connection_get_config (connection);
  g_autofree char *uri = astrix_server_config_dup_display_uri (config);
  AstrixWindow *window = get_window (self);
  SecretRequest *request = g_new0 (SecretRequest, 1);
  AdwMessageDialog *dialog;

  request->app = g_object_ref (self);
  request->connection = g_object_ref (connection);
  request->entry = GTK_PASSWORD_ENTRY (gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (request->entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (request->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Secret"), -1);
  g_object_set (request->entry, "activates-default", TRUE, NULL);

  dialog = astrix_question_new (GTK_WINDOW (window), _("Manager Secret"), "connect", _("C_onnect"),
                                ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_format_body (dialog, _("Enter the secret of %s. It is kept in your keyring."),
                                  uri);
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (request->entry));
  adw_message_dialog_set_default_response (dialog, "connect");
  g_signal_connect (dialog, "response", G_CALLBACK (on_secret_response), request);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (request->entry));
}

typedef struct
{
  AstrixApplication *app;
  AstrixConnection  *connection;
} Lookup;

static void
secret_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Lookup *lookup = data;
  g_autoptr(GError) error = NULL;
  char *secret = astrix_secrets_lookup_finish (result, &error);

  if (secret != NULL)
    {
      astrix_connection_start (lookup->connection, secret);
      astrix_secrets_free (secret);
    }
  else
    {
      if (error != NULL)
        g_message ("The keyring could not be read: %s", error->message);
      ask_secret (lookup->app, lookup->connection);
    }
  g_object_unref (lookup->app);
  g_object_unref (lookup->connection);
  g_free (lookup);
}

/* Returns: (transfer none) (nullable): the first connection for which @matches is TRUE */
static AstrixConnection *
find_connection (AstrixApplication *self,
                 gboolean         (*matches) (AstrixConnection *connection,
                                              gconstpointer     data),
                 gconstpointer      data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (matches (c, data))
        return c;
    }
  return NULL;
}

static gboolean
has_config (AstrixConnection *connection,
            gconstpointer     config)
{
  return astrix_connection_get_config (connection) == config;
}

static AstrixConnection *
connection_for_config (AstrixApplication  *self,
                       AstrixServerConfig *config)
{
  return find_connection (self, has_config, config);
}

/* The same PBX account: host, port, TLS and user */
gboolean
_astrix_application_same_server (AstrixServerConfig *a,
             AstrixServerConfig *b)
{
  return g_ascii_strcasecmp (astrix_server_config_get_host (a),
                             astrix_server_config_get_host (b)) == 0 &&
         astrix_server_config_get_port (a) == astrix_server_config_get_port (b) &&
         astrix_server_config_get_use_tls (a) == astrix_server_config_get_use_tls (b) &&
         g_strcmp0 (astrix_server_config_get_username (a),
                    astrix_server_config_get_username (b)) == 0;
}

static gboolean
has_address (AstrixConnection *connection,
             gconstpointer     config)
{
  return _astrix_application_same_server (astrix_connection_get_config (connection),
                                          (AstrixServerConfig *) config);
}

/* The connection to the same PBX account as @config, whichever its name */
static AstrixConnection *
connection_for_address (AstrixApplication  *self,
                        AstrixServerConfig *config)
{
  return find_connection (self, has_address, config);
}

static void
remove_connection (AstrixApplication *self,
                   AstrixConnection  *connection)
{
  guint position;

  astrix_connection_stop (connection);
  if (g_list_store_find (self->connections, connection, &position))
    g_list_store_remove (self->connections, position);
}

static void
start_with_keyring_secret (AstrixApplication *self,
                           AstrixConnection  *connection)
{
  AstrixServerConfig *config = astrix_connection_get_config (connection);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->app = g_object_ref (self);
  lookup->connection = g_object_ref (connection);
  astrix_secrets_lookup_async (config, NULL, secret_looked_up, lookup);
}

/* (Re)connects a configured server, e.g. after its settings were saved. */
void
_astrix_application_connect_server (AstrixApplication  *self,
                                    AstrixServerConfig *config)
{
  AstrixConnection *existing = connection_for_config (self, config);
  g_autoptr(AstrixConnection) connection = NULL;

  if (existing != NULL)
    remove_connection (self, existing);
  connection = astrix_connection_new (config);
  _astrix_application_add_connection (self, connection);
  start_with_keyring_secret (self, connection);
}

static void
secret_cleared (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  astrix_secrets_clear_finish (result, NULL);
}

/* Disconnects a configured server, removes it from the settings and its secret from the keyring. */
void
_astrix_application_forget_server (AstrixApplication  *self,
                                   AstrixServerConfig *config)
{
  g_autoptr(AstrixServerConfig) keep = g_object_ref (config);
  AstrixConnection *connection = connection_for_config (self, config);

  if (connection != NULL)
    remove_connection (self, connection);
  astrix_secrets_clear_async (config, NULL, secret_cleared, NULL);
  astrix_settings_remove_server (self->settings, config);
  _astrix_application_update_actions (self);
}

static gboolean
has_name (AstrixConnection *connection,
          gconstpointer     name)
{
  return g_strcmp0 (astrix_connection_get_name (connection), name) == 0;
}

/* Returns: (transfer none) (nullable): the connection to the server of that name */
AstrixConnection *
_astrix_application_find_connection (AstrixApplication *self,
                                     const char        *name)
{
  return find_connection (self, has_name, name);
}

static void
connect_configured_servers (AstrixApplication *self)
{
  GListModel *servers = astrix_settings_get_servers (self->settings);
  guint n = g_list_model_get_n_items (servers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixServerConfig) config = g_list_model_get_item (servers, i);

      /* not twice, when the command line named the same server */
      if (connection_for_config (self, config) == NULL &&
          connection_for_address (self, config) == NULL &&
          astrix_server_config_get_host (config)[0] != '\0')
        _astrix_application_connect_server (self, config);
    }
}

/* --recordings and --pbx-recordings: the folder as a URI, and where Asterisk sees it. */
static void
apply_recordings_options (AstrixServerConfig *config,
                          const char         *recordings,
                          const char         *pbx_recordings)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;

  if (recordings == NULL)
    return;
  folder = g_file_new_for_commandline_arg (recordings);
  uri = g_file_get_uri (folder);
  path = g_file_get_path (folder);
  g_object_set (config, "recordings-uri", uri, NULL);
  if (pbx_recordings != NULL)
    g_object_set (config, "pbx-recordings-path", pbx_recordings, NULL);
  else if (g_file_is_native (folder) && path != NULL)
    g_object_set (config, "pbx-recordings-path", path, NULL);
}

static gboolean
connect_uri (AstrixApplication  *self,
             const char         *uri,
             const char         *endpoint,
             const char         *recordings,
             const char         *pbx_recordings,
             GError            **error)
{
  g_autoptr(AstrixServerConfig) config = astrix_server_config_new_from_uri (uri, error);
  g_autoptr(AstrixConnection) connection = NULL;
  GListModel *servers = astrix_settings_get_servers (self->settings);

  if (config == NULL)
    return FALSE;
  if (endpoint != NULL)
    {
      if (!astrix_validate_channel_name (endpoint, error))
        return FALSE;
      g_object_set (config, "endpoint", endpoint, NULL);
    }
  apply_recordings_options (config, recordings, pbx_recordings);

  /* Already connected, or configured: that connection, with its settings, not a second one */
  if (connection_for_address (self, config) != NULL)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(AstrixServerConfig) configured = g_list_model_get_item (servers, i);

      if (_astrix_application_same_server (configured, config))
        {
          _astrix_application_connect_server (self, configured);
          return TRUE;
        }
    }

  connection = astrix_connection_new (config);
  _astrix_application_add_connection (self, connection);
  start_with_keyring_secret (self, connection);
  return TRUE;
}

/* The audit log */

static void
on_audit_write_failed (AstrixApplication *self,
                       const char        *sentence)
{
  astrix_application_report (self, sentence);
}

static void
audit_log_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(AstrixApplication) self = data;
  g_autoptr(GError) error = NULL;

  if (!astrix_audit_log_load_finish (ASTRIX_AUDIT_LOG (source), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return;
      text = g_strdup_printf (_("The activity log could not be read: %s"), error->message);
      astrix_application_report (self, text);
      return;
    }
  /* What a run that was killed left going on, it no longer is. */
  astrix_audit_log_close_unfinished (ASTRIX_AUDIT_LOG (source));
}

/* Every monitoring session is written down, whoever started it (window, D-Bus, a key). */
static void
on_monitor_session (AstrixApplication *self)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);
  AstrixConnection *connection;

  if (session == NULL || self->audit_log == NULL)
    return;
  connection = _astrix_application_find_connection (
    self, astrix_phone_call_get_server (astrix_monitor_session_get_call (session)));
  if (connection != NULL)
    astrix_audit_log_watch_session (self->audit_log, session,
                                    astrix_connection_get_config (connection));
}

/* GApplication */

static int
astrix_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  AstrixApplication *self = ASTRIX_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **uris = NULL;
  const char *endpoint = NULL;
  const char *recordings = NULL;
  const char *pbx_recordings = NULL;
  gboolean demo = FALSE;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "endpoint", "&s", &endpoint);
  g_variant_dict_lookup (options, "recordings", "&s", &recordings);
  g_variant_dict_lookup (options, "pbx-recordings", "&s", &pbx_recordings);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &uris);

  if (uris != NULL && uris[0] != NULL && uris[1] != NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Give one server address at a time."));
      return 2;
    }
  if (uris != NULL && uris[0] != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!connect_uri (self, uris[0], endpoint, recordings, pbx_recordings, &error))
        {
          g_application_command_line_printerr (command_line, "%s\n", error->message);
          return 2;
        }
    }
  else if (demo)
    {
      astrix_application_start_demo (self, endpoint);
    }

  g_application_activate (app);
  return 0;
}

static void
astrix_application_activate (GApplication *app)
{
  AstrixApplication *self = ASTRIX_APPLICATION (app);
  AstrixWindow *window;

  connect_configured_servers (self);
  window = get_window (self);
  astrix_window_set_welcome (window,
                             g_list_model_get_n_items (G_LIST_MODEL (self->connections)) == 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
astrix_application_startup (GApplication *app)
{
  AstrixApplication *self = ASTRIX_APPLICATION (app);

  G_APPLICATION_CLASS (astrix_application_parent_class)->startup (app);

  self->settings = astrix_settings_new ();
  self->audit_log = astrix_audit_log_new (NULL);
  g_signal_connect_object (self->audit_log, "write-failed", G_CALLBACK (on_audit_write_failed),
                           self, G_CONNECT_SWAPPED);
  astrix_audit_log_load_async (self->audit_log, NULL, audit_log_loaded, g_object_ref (self));
  g_signal_connect_object (self->monitor, "notify::session", G_CALLBACK (on_monitor_session),
                           self, G_CONNECT_SWAPPED);
  self->notifier = astrix_notifier_new (app, self->monitor);
  self->alert_notifier = astrix_alert_notifier_new (app, self->settings,
                                                    G_LIST_MODEL (self->connections));
  _astrix_application_init_actions (self);
  _astrix_application_init_agent_actions (self);
  _astrix_application_watch_quit_signals (self);
}

static void
astrix_application_shutdown (GApplication *app)
{
  AstrixApplication *self = ASTRIX_APPLICATION (app);
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  g_clear_handle_id (&self->quit_source, g_source_remove);
  /* Leave no phone on the line behind us. */
  if (session != NULL)
    astrix_monitor_session_stop (session);
  g_list_store_remove_all (self->connections);
  if (self->demo != NULL)
    astrix_demo_pbx_stop (self->demo);

  G_APPLICATION_CLASS (astrix_application_parent_class)->shutdown (app);
}

static void
astrix_application_dispose (GObject *object)
{
  AstrixApplication *self = ASTRIX_APPLICATION (object);

  g_clear_object (&self->alert_notifier);
  g_clear_object (&self->notifier);
  g_clear_object (&self->monitor);
  if (self->player != NULL)
    astrix_local_player_close (self->player);
  g_clear_object (&self->player);
  g_clear_object (&self->audit_log);     /* after the monitor: an open session ends first */
  g_clear_object (&self->connections);
  g_clear_object (&self->demo);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (astrix_application_parent_class)->dispose (object);
}

static void
astrix_application_class_init (AstrixApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = astrix_application_dispose;
  app_class->activate = astrix_application_activate;
  app_class->startup = astrix_application_startup;
  app_class->shutdown = astrix_application_shutdown;
  app_class->command_line = astrix_application_command_line;
  app_class->handle_local_options = _astrix_application_handle_local_options;
}

static void
astrix_application_init (AstrixApplication *self)
{
  self->connections = g_list_store_new (ASTRIX_TYPE_CONNECTION);
  self->monitor = astrix_monitor_new ();
  /* Every playback on the phone goes into the audit log; one that fails, into a notification */
  g_signal_connect_object (self->monitor, "playback-started",
                           G_CALLBACK (on_phone_playback_started), self, G_CONNECT_SWAPPED);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Watch the live calls of an Asterisk PBX and listen "
      "in, whisper or barge in. amis:// connects with TLS."));
}

AstrixApplication *
astrix_application_new (void)
{
  return g_object_new (ASTRIX_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/astrix/Assist",
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

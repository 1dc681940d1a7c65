/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agent-monitor.h"
#include "astrix-application-call-actions.h"
#include "astrix-application-private.h"
#include "astrix-help.h"
#include "astrix-preferences-window.h"
#include "astrix-question.h"
#include "astrix-server-editor.h"
#include "astrix-window.h"

/*
 * Application actions. They are exported on D-Bus with the application, so a supervisor can
 * bind desktop-wide keys, e.g.
 *   gapplication action io.github.astrix.Assist listen "'PJSIP/1001-0000002a'"
 * Enablement is recomputed in one place, _astrix_application_update_actions().
 */

static void
report_failure (AstrixApplication *self,
                const char        *channel,
                const GError      *error)
{
  g_autofree char *title = g_strdup_printf (_("Could not monitor %s"), channel);

  astrix_application_report (self, error->message);
  astrix_notifier_report_error (self->notifier, title, error->message);
}

static void
monitor_action (AstrixApplication *self,
                GVariant          *parameter,
                AstrixMonitorMode  mode)
{
  const char *channel = g_variant_get_string (parameter, NULL);
  AstrixConnection *connection = NULL;
  AstrixAgent *agent = NULL;
  g_autoptr(GError) error = NULL;

  /* Not a live channel: an agent's name or interface means the agent's current call */
  if (astrix_application_find_channel (self, NULL, channel, NULL) == NULL)
    agent = astrix_agent_find (G_LIST_MODEL (self->connections), channel, &connection);
  if (agent != NULL
      ? !astrix_application_monitor_agent (self, agent, connection, mode, &error)
      : !astrix_application_monitor_channel (self, NULL, channel, mode, &error))
    report_failure (self, channel, error);
}

/* listen, whisper, barge: a channel, or an agent; the action's name is the mode */
static void
monitor_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  AstrixMonitorMode mode;

  if (astrix_monitor_mode_from_string (g_action_get_name (G_ACTION (action)), &mode))
    monitor_action (ASTRIX_APPLICATION (data), parameter, mode);
}

static void
switch_mode_changed (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  g_autoptr(GError) error = NULL;
  AstrixMonitorMode mode;

  if (!astrix_monitor_mode_from_string (g_variant_get_string (value, NULL), &mode))
    {
      g_autofree char *text =
        g_strdup_printf (_("“%s” is not a mode: use listen, whisper or barge."),
                         g_variant_get_string (value, NULL));

      astrix_application_report (self, text);
      return;
    }
  if (!astrix_monitor_set_mode (self->monitor, mode, &error))
    astrix_application_report (self, error->message);
  /* The state follows the session's mode once the PBX took the switch. */
}

static void
stop_monitoring_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  g_autoptr(GError) error = NULL;

  if (!astrix_monitor_stop (self->monitor, &error))
    astrix_application_report (self, error->message);
}

/* Mutes or unmutes the microphone of a session listening on this computer. */
static void
toggle_microphone_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);
  AstrixPhoneCall *call = session ? astrix_monitor_session_get_call (session) : NULL;
  AstrixAudioStream *stream = call ? astrix_phone_call_get_audio_stream (call) : NULL;

  if (stream == NULL)
    {
      astrix_application_report (self, _("There is no microphone in use: you are not listening on "
                                         "this computer."));
      return;
    }
  astrix_audio_stream_set_microphone_muted (stream,
                                            !astrix_audio_stream_get_microphone_muted (stream));
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);

  astrix_application_start_demo (self, NULL);
  g_application_activate (G_APPLICATION (self));
}

static GtkWindow *
active_window (AstrixApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
on_server_saved (AstrixApplication  *self,
                 AstrixServerConfig *config)
{
  AstrixWindow *window = _astrix_application_get_main_window (self);

  _astrix_application_connect_server (self, config);
  if (window != NULL)
    astrix_window_set_welcome (window, FALSE);
}

static void
open_editor (AstrixApplication  *self,
             AstrixServerConfig *config)
{
  AstrixServerEditor *editor = astrix_server_editor_new (active_window (self), self->settings,
                                                         config);

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_server_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  AstrixPreferencesWindow *window = astrix_preferences_window_new (active_window (self),
                                                                  self->settings);

  gtk_window_present (GTK_WINDOW (window));
}

static void
add_server_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  open_editor (ASTRIX_APPLICATION (data), NULL);
}

static void
edit_server_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  AstrixServerConfig *config = astrix_settings_find_server (self->settings,
                                                            g_variant_get_string (parameter, NULL));

  if (config != NULL)
    open_editor (self, config);
}

static void
on_remove_response (AdwMessageDialog   *dialog,
                    const char         *response,
                    AstrixServerConfig *config)
{
  AstrixApplication *self = g_object_get_data (G_OBJECT (dialog), "astrix-app");

  if (g_strcmp0 (response, "remove") == 0)
    _astrix_application_forget_server (self, config);
}

static void
remove_server_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  AstrixServerConfig *config = astrix_settings_find_server (self->settings,
                                                            g_variant_get_string (parameter, NULL));
  AdwMessageDialog *dialog;

  if (config == NULL)
    return;
  dialog = astrix_question_new (active_window (self), _("Remove Server?"), "remove", _("_Remove"),
                                ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_format_body (
    dialog, _("%s will be disconnected, and its secret removed from the keyring."),
    astrix_server_config_get_name (config));
  g_object_set_data (G_OBJECT (dialog), "astrix-app", self);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_remove_response),
                         g_object_ref (config), (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_trust_response (AdwMessageDialog *dialog,
                   const char       *response,
                   AstrixConnection *connection)
{
  const char *fingerprint = g_object_get_data (G_OBJECT (dialog), "astrix-fingerprint");

  if (g_strcmp0 (response, "trust") != 0)
    return;
  /* Saved with the server's settings when it has any; the link takes it at once. */
  g_object_set (astrix_connection_get_config (connection), "pinned-certificate", fingerprint, NULL);
  astrix_connection_retry (connection);
}

/* Pins the certificate a TLS server presented, after the supervisor checked its fingerprint. */
static void
trust_certificate_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  AstrixConnection *connection =
    _astrix_application_find_connection (self, g_variant_get_string (parameter, NULL));
  const char *hex;
  g_autofree char *shown = NULL;
  AdwMessageDialog *dialog;

  if (connection == NULL ||
      (hex = ami_client_get_peer_fingerprint (astrix_connection_get_client (connection))) == NULL)
    return;

  shown = ami_fingerprint_format (hex);
  dialog = astrix_question_new (active_window (self), _("Trust This Certificate?"), "trust",
                                _("_Trust and Connect"), ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_format_body (dialog,
                                  _("%s presented a certificate that no trusted authority signed. "
                                    "Trust it only if this SHA-256 fingerprint is exactly the one "
                                    "your PBX administrator gave you:\n\n%s"),
                                  astrix_connection_get_name (connection), shown);
  g_object_set_data_full (G_OBJECT (dialog), "astrix-fingerprint", g_strdup (hex), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_trust_response), connection, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  astrix_help_show (active_window (ASTRIX_APPLICATION (data)), NULL);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  GtkWindow *window = active_window (ASTRIX_APPLICATION (data));
  static const char *developers[] = { "The Astrix Assist developers", NULL };

  adw_show_about_window (window,
                         "application-name", _("Astrix Assist"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Astrix Assist developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/astrix/assist",
                         "issue-url", "https://github.com/astrix/assist/issues",
                         "support-url", "help:astrix-assist/troubleshooting",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Astrix Assist developers",
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The application holds the call on the phone; the window (opened if need be) shows it. */
static void
play_on_phone_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  g_autoptr(GError) error = NULL;

  if (_astrix_application_get_main_window (self) == NULL)
    g_application_activate (G_APPLICATION (self));
  if (!astrix_application_play_on_phone (self, g_variant_get_string (parameter, NULL), &error))
    astrix_application_report (self, error->message);
}

static void
playback_control_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  g_autoptr(GError) error = NULL;

  /* The phone's playback, or else this computer's: both are the application's */
  if (!astrix_monitor_control_playback (self->monitor, astrix_application_get_local_player (self),
                                        g_variant_get_string (parameter, NULL), &error))
    astrix_application_report (self, error->message);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

static const GActionEntry app_entries[] = {
  { "listen", monitor_activated, "s" },
  { "whisper", monitor_activated, "s" },
  { "barge", monitor_activated, "s" },
  { "switch-mode", NULL, "s", "'listen'", switch_mode_changed },
  { "stop-monitoring", stop_monitoring_activated },
  { "toggle-microphone", toggle_microphone_activated },
  { "play-on-phone", play_on_phone_activated, "s" },
  { "playback-control", playback_control_activated, "s" },
  { "demo", demo_activated },
  { "preferences", preferences_activated },
  { "add-server", add_server_activated },
  { "edit-server", edit_server_activated, "s" },
  { "remove-server", remove_server_activated, "s" },
  { "trust-certificate", trust_certificate_activated, "s" },
  { "help", help_activated },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
set_enabled (AstrixApplication *self,
             const char        *name,
             gboolean           enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Recomputes which actions make sense now, and the mode the switch shows. */
void
_astrix_application_update_actions (AstrixApplication *self)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);
  gboolean running = session != NULL && astrix_monitor_session_is_running (session);
  GAction *switch_mode = g_action_map_lookup_action (G_ACTION_MAP (self), "switch-mode");

  if (switch_mode == NULL)
    return;

  set_enabled (self, "stop-monitoring", running);
  set_enabled (self, "toggle-microphone",
               running &&
               astrix_phone_call_is_on_this_computer (astrix_monitor_session_get_call (session)));
  set_enabled (self, "switch-mode", running);
  set_enabled (self, "demo", self->demo == NULL);
  if (session != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (switch_mode),
                               g_variant_new_string (astrix_monitor_mode_to_string (
                                 astrix_monitor_session_get_mode (session))));
}

static void
on_session (AstrixApplication *self)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (_astrix_application_update_actions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::mode",
                               G_CALLBACK (_astrix_application_update_actions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "warning", G_CALLBACK (astrix_application_report), self,
                               G_CONNECT_SWAPPED);
    }
  _astrix_application_update_actions (self);
}

void
_astrix_application_init_actions (AstrixApplication *self)
{
  static const char *stop_accels[] = { "<Control>period", NULL };
  static const char *mute_accels[] = { "<Control>m", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries),
                                   self);
  _astrix_application_init_call_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.stop-monitoring",
                                         stop_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.toggle-microphone",
                                         mute_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  g_signal_connect_object (self->monitor, "notify::session", G_CALLBACK (on_session), self,
                           G_CONNECT_SWAPPED);
  _astrix_application_update_actions (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-application.h"
#include "astrix-error.h"
#include "astrix-recordings-page-private.h"

#define SKIP_MS 10000

/*
 * What the recordings page does: play the selected recording here (AstrixLocalPlayer, shown
 * by the AstrixPlayerBar) or on the supervisor's phone (AstrixPhonePlayback, shown by the
 * AstrixPhoneBar), the entry points of the app.* actions, the page's recordings.* actions and
 * their keys. Everything has a key.
 */


/* Finds the recording a user or script named (URI, path on this desktop, PBX path, relative). */
static AstrixRecording *
find_recording (AstrixRecordingsPage *self,
                const char           *text)
{
  g_autoptr(GFile) file = NULL;
  GFile *root;
  AstrixRecording *recording;

  if (self->store == NULL || text == NULL)
    return NULL;
  root = astrix_recording_store_get_root (self->store);
  recording = astrix_recording_store_lookup_pbx_path (self->store, text);
  if (recording != NULL)
    return recording;
  file = astrix_recording_resolve (root, astrix_recording_store_get_pbx_path (self->store), text,
                                   NULL);
  return file != NULL ? astrix_recording_store_lookup_file (self->store, file) : NULL;
}

AstrixRecording *
_astrix_recordings_page_get_selected (AstrixRecordingsPage *self)
{
  AstrixRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? astrix_row_get_item (row) : NULL;
}

/* Playing here */

static void
on_player_state (AstrixRecordingsPage *self)
{
  _astrix_recordings_page_update_actions (self);
  if (astrix_local_player_get_state (self->player) == ASTRIX_PLAYER_ERROR)
    _astrix_recordings_page_toast (self, astrix_local_player_get_error_message (self->player));
}

static gboolean
play_recording (AstrixRecordingsPage  *self,
                AstrixRecording       *recording,
                GError               **error)
{
  g_autoptr(GFile) file = NULL;

  /* Nothing outside the folder is ever played, links included. */
  if (!astrix_recording_check_inside (recording, error))
    return FALSE;
  file = astrix_recording_dup_file (recording);
  g_set_object (&self->playing, recording);
  astrix_local_player_open (self->player, file, astrix_recording_get_format (recording));
  astrix_local_player_play (self->player);
  astrix_player_bar_set_title (self->player_bar, astrix_recording_get_relative_path (recording));
  _astrix_recordings_page_local_started (self, recording);
  if (astrix_recording_get_live_channel (recording) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is still being recorded: you hear what "
                                                 "has been recorded so far. Ctrl+1 listens to "
                                                 "the call live."),
                                               astrix_recording_get_relative_path (recording));

      _astrix_recordings_page_toast (self, text);
    }
  return TRUE;
}

static void
play_selected (AstrixRecordingsPage *self)
{
  AstrixRecording *recording = _astrix_recordings_page_get_selected (self);
  g_autoptr(GError) error = NULL;

  if (recording != NULL && !play_recording (self, recording, &error))
    _astrix_recordings_page_toast (self, error->message);
}

static void
on_row_activated (AstrixRecordingsPage *self,
                  guint                 position)
{
  gtk_single_selection_set_selected (self->selection, position);
  play_selected (self);
}

/* Playing on the phone */

static void
on_phone_recording_duration (AstrixRecording     *recording,
                             GParamSpec          *pspec,
                             AstrixPhonePlayback *phone)
{
  astrix_phone_playback_set_duration (phone, astrix_recording_get_duration (recording));
}

/*
 * MixMonitor writes the WAV's header only when the call ends: until then the PBX cannot play
 * the file and fails as for a missing one. That is no wrong folder: say what it is.
 */
static void
on_phone_state (AstrixRecordingsPage *self)
{
  AstrixPhoneCall *call = astrix_phone_playback_get_call (self->phone);
  g_autofree char *live = NULL;

  _astrix_recordings_page_update_actions (self);
  if (astrix_phone_playback_is_running (self->phone) ||
      astrix_phone_playback_get_state (self->phone) != ASTRIX_PLAYBACK_FAILED)
    return;
  if (self->phone_live_title == NULL)
    {
      _astrix_recordings_page_toast (self, astrix_phone_call_get_end_reason (call));
      return;
    }
  live = g_strdup_printf (_("“%s” is still being recorded: the PBX can play it only after the "
                            "call ends. Listen to the call live instead with Ctrl+1."),
                          self->phone_live_title);
  astrix_phone_bar_set_status (self->phone_bar,
                               _("Still being recorded: the PBX can play it once the call ends"));
  _astrix_recordings_page_toast (self, live);
}

static void
set_phone (AstrixRecordingsPage *self,
           AstrixPhonePlayback  *phone,
           const char           *title)
{
  if (self->phone != NULL)
    g_signal_handlers_disconnect_by_data (self->phone, self);
  g_set_object (&self->phone, phone);
  if (phone != NULL)
    {
      g_signal_connect_swapped (phone, "notify::state", G_CALLBACK (on_phone_state), self);
      g_signal_connect_swapped (phone, "warning", G_CALLBACK (_astrix_recordings_page_toast), self);
    }
  astrix_phone_bar_set_title (self->phone_bar, title);
  astrix_phone_bar_set_playback (self->phone_bar, phone);
  _astrix_recordings_page_notify_phone (self);
  _astrix_recordings_page_update_actions (self);
}

/* The connection whose folder holds @text, or the one shown. */
static AstrixConnection *
connection_for (AstrixRecordingsPage *self,
                const char           *text)
{
  g_autoptr(GFile) file = g_uri_peek_scheme (text) != NULL || text[0] == '/'
                            ? g_file_new_for_commandline_arg (text) : NULL;

  for (guint i = 0;
       file != NULL && self->servers != NULL && i < g_list_model_get_n_items (self->servers);
       i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (self->servers, i);
      const char *uri =
        astrix_server_config_get_recordings_uri (astrix_connection_get_config (connection));
      g_autoptr(GFile) root = uri != NULL ? g_file_new_for_commandline_arg (uri) : NULL;

      if (root != NULL && g_file_has_prefix (file, root))
        return connection;
    }
  return self->connection;
}

/* A playback on the phone started, here or by the application: the phone bar shows it. */
void
_astrix_recordings_page_on_playback_started (AstrixRecordingsPage *self,
                                             AstrixPhonePlayback  *phone,
                                             AstrixServerConfig   *config)
{
  const char *recording = astrix_phone_playback_get_recording (phone);
  AstrixRecording *found;

  /* The server it plays from is the one shown */
  for (guint i = 0; self->servers != NULL && i < g_list_model_get_n_items (self->servers); i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (self->servers, i);

      if (astrix_connection_get_config (connection) == config && connection != self->connection)
        _astrix_recordings_page_show_connection (self, connection);
    }
  found = find_recording (self, recording);
  if (found != NULL && astrix_recording_get_duration (found) >= 0)
    astrix_phone_playback_set_duration (phone, astrix_recording_get_duration (found));
  /* Not read yet (durations are read for the rows on screen): the phone bar learns it */
  if (found != NULL && astrix_recording_get_duration (found) < 0)
    {
      g_signal_connect_object (found, "notify::duration",
                               G_CALLBACK (on_phone_recording_duration), phone, 0);
      if (self->store != NULL)
        astrix_recording_store_request_duration (self->store, found);
    }
  g_free (self->phone_live_title);
  self->phone_live_title = found != NULL && astrix_recording_get_live_channel (found) != NULL
                             ? g_strdup (astrix_recording_get_relative_path (found)) : NULL;
  set_phone (self, phone, found != NULL ? astrix_recording_get_relative_path (found) : recording);
  _astrix_recordings_page_phone_started (self, phone, config);
}

/**
 * astrix_recordings_page_play_on_phone:
 * @recording: a recording's URI, its path on this desktop, the path the PBX sees (with or
 *   without extension) or its path inside the recordings folder
 *
 * Rings the supervisor's phone (the server's endpoint) and plays the recording there. A
 * playback on the phone that was going on is hung up. Returns: %FALSE with a sentence in
 * @error when nothing could be sent (a name refused, outside the folder, not connected, no
 * phone set); later failures come as the state of astrix_recordings_page_get_phone_playback()
 */
gboolean
astrix_recordings_page_play_on_phone (AstrixRecordingsPage  *self,
                                      const char            *recording,
                                      GError               **error)
{
  AstrixConnection *connection;
  AstrixRecording *found;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self), FALSE);

  connection = recording != NULL ? connection_for (self, recording) : NULL;
  if (connection == NULL)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                           _("No server is set up to play recordings from."));
      return FALSE;
    }
  if (connection != self->connection)
    _astrix_recordings_page_show_connection (self, connection);
  found = find_recording (self, recording);
  if (found != NULL && !astrix_recording_check_inside (found, error))
    return FALSE;
  uri = found != NULL ? astrix_recording_dup_uri (found) : g_strdup (recording);
  /* The owner of the phone plays it (ending what runs there); the page shows it from the
   * owner's playback-started */
  return astrix_monitor_play (self->owner, connection, uri,
                              found != NULL ? astrix_recording_get_duration (found) : -1,
                              error) != NULL;
}

/**
 * astrix_recordings_page_playback_control:
 * @command: pause, forward, reverse, restart or stop
 *
 * Controls the playback on the phone; without one, the playback here (forward and reverse
 * then skip 10 s). Returns: %FALSE with a sentence in @error when nothing plays or the
 * command is not one of those
 */
gboolean
astrix_recordings_page_playback_control (AstrixRecordingsPage  *self,
                                         const char            *command,
                                         GError               **error)
{
  g_return_val_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self), FALSE);

  return astrix_monitor_control_playback (self->owner, self->player, command, error);
}

/* Actions */

void
_astrix_recordings_page_update_actions (AstrixRecordingsPage *self)
{
  AstrixPlayerState state = astrix_local_player_get_state (self->player);
  gboolean open = state == ASTRIX_PLAYER_PAUSED || state == ASTRIX_PLAYER_PLAYING ||
                  state == ASTRIX_PLAYER_ENDED || state == ASTRIX_PLAYER_LOADING;
  AstrixRecording *recording = _astrix_recordings_page_get_selected (self);
  gboolean selected = recording != NULL;
  gboolean live = selected && astrix_recording_get_live_channel (recording) != NULL;
  gboolean phone = self->phone != NULL && astrix_phone_playback_is_running (self->phone);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "recordings.play", open || selected);
  gtk_widget_action_set_enabled (widget, "recordings.open", selected);
  gtk_widget_action_set_enabled (widget, "recordings.seek-backward", open);
  gtk_widget_action_set_enabled (widget, "recordings.seek-forward", open);
  gtk_widget_action_set_enabled (widget, "recordings.restart", open);
  gtk_widget_action_set_enabled (widget, "recordings.stop", open);
  gtk_widget_action_set_enabled (widget, "recordings.play-on-phone",
                                 selected && self->connection != NULL);
  gtk_widget_action_set_enabled (widget, "recordings.phone-pause", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-forward", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-reverse", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-restart", phone);
  gtk_widget_action_set_enabled (widget, "recordings.phone-stop", phone);
  gtk_widget_action_set_enabled (widget, "recordings.refresh", self->store != NULL);
  gtk_widget_action_set_enabled (widget, "recordings.listen-live", live);
  astrix_player_bar_set_live_offer (self->player_bar, live);
}

static void
play_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  AstrixRecording *recording = _astrix_recordings_page_get_selected (self);
  AstrixPlayerState state = astrix_local_player_get_state (self->player);

  /* Space on another row than the one playing starts that one. */
  if (recording != NULL && (recording != self->playing || state == ASTRIX_PLAYER_EMPTY ||
                            state == ASTRIX_PLAYER_ERROR))
    play_selected (self);
  else
    astrix_local_player_toggle (self->player);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  play_selected (ASTRIX_RECORDINGS_PAGE (widget));
}

static void
skip_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);

  astrix_local_player_skip (self->player, g_str_has_suffix (name, "forward") ? SKIP_MS : -SKIP_MS);
}

static void
restart_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  astrix_local_player_restart (ASTRIX_RECORDINGS_PAGE (widget)->player);
}

static void
stop_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  astrix_local_player_close (ASTRIX_RECORDINGS_PAGE (widget)->player);
}

static void
speed_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);

  astrix_player_bar_change_speed (self->player_bar, g_str_has_suffix (name, "faster") ? 1 : -1);
}

static void
play_on_phone_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  AstrixRecording *recording = _astrix_recordings_page_get_selected (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (recording == NULL)
    return;
  uri = astrix_recording_dup_uri (recording);
  if (!astrix_recordings_page_play_on_phone (self, uri, &error))
    _astrix_recordings_page_toast (self, error->message);
}

/* The selected recording's call is still going on: listen to it (app.listen, as from the
 * channels page). */
static void
listen_live_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  AstrixRecording *recording = _astrix_recordings_page_get_selected (self);
  const char *channel = recording != NULL ? astrix_recording_get_live_channel (recording) : NULL;

  if (channel != NULL && !gtk_widget_activate_action (widget, "app.listen", "s", channel))
    _astrix_recordings_page_toast (self, _("Listening to calls is not available here."));
}

static void
phone_control_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  AstrixPlaybackControl control;

  if (self->phone == NULL ||
      !astrix_playback_control_from_string (name + strlen ("recordings.phone-"), &control))
    return;
  if (!astrix_phone_playback_control (self->phone, control, &error))
    _astrix_recordings_page_toast (self, error->message);
}

static void
search_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  astrix_recordings_page_focus_search (ASTRIX_RECORDINGS_PAGE (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  AstrixRecordingsPage *self = ASTRIX_RECORDINGS_PAGE (widget);

  if (self->store != NULL)
    astrix_recording_store_refresh (self->store);
}

/* Keys */

static const struct
{
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action;
} shortcuts[] = {
  { GDK_KEY_space, 0, "recordings.play" },
  { GDK_KEY_Return, 0, "recordings.open" },
  { GDK_KEY_KP_Enter, 0, "recordings.open" },
  { GDK_KEY_Left, 0, "recordings.seek-backward" },
  { GDK_KEY_Right, 0, "recordings.seek-forward" },
  { GDK_KEY_Home, 0, "recordings.restart" },
  { GDK_KEY_End, 0, "recordings.stop" },
  { GDK_KEY_bracketleft, 0, "recordings.slower" },
  { GDK_KEY_bracketright, 0, "recordings.faster" },
  { GDK_KEY_Return, GDK_CONTROL_MASK, "recordings.play-on-phone" },
  { GDK_KEY_1, GDK_CONTROL_MASK, "recordings.listen-live" },
  { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "recordings.play-on-phone" },
  { GDK_KEY_space, GDK_CONTROL_MASK, "recordings.phone-pause" },
  { GDK_KEY_Left, GDK_CONTROL_MASK, "recordings.phone-reverse" },
  { GDK_KEY_Right, GDK_CONTROL_MASK, "recordings.phone-forward" },
  { GDK_KEY_Home, GDK_CONTROL_MASK, "recordings.phone-restart" },
  { GDK_KEY_End, GDK_CONTROL_MASK, "recordings.phone-stop" },
  { GDK_KEY_f, GDK_CONTROL_MASK, "recordings.search" },
  { GDK_KEY_F5, 0, "recordings.refresh" },
};

/*
 * The table takes Space, Return and the arrows for its rows, and would see them first: while
 * the focus is in the table, the page takes the keys of its shortcuts before it. Up and Down
 * still move between rows.
 */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                AstrixRecordingsPage  *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      if (shortcuts[i].keyval == keyval && shortcuts[i].modifiers == modifiers)
        return gtk_widget_activate_action (GTK_WIDGET (self), shortcuts[i].action, NULL);
    }
  return FALSE;
}

/**
 * astrix_recordings_page_focus_search:
 *
 * Puts the keyboard in the search entry (Ctrl+F).
 */
void
astrix_recordings_page_focus_search (AstrixRecordingsPage *self)
{
  g_return_if_fail (ASTRIX_IS_RECORDINGS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
_astrix_recordings_page_class_actions (GtkWidgetClass *widget_class)
{
  static const char *phone_controls[] = { "pause", "forward", "reverse", "restart", "stop" };

  gtk_widget_class_install_action (widget_class, "recordings.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "recordings.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "recordings.seek-backward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recordings.seek-forward", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "recordings.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "recordings.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "recordings.slower", NULL, speed_action);
  gtk_widget_class_install_action (widget_class, "recordings.faster", NULL, speed_action);
  gtk_widget_class_install_action (widget_class, "recordings.play-on-phone", NULL,
                                   play_on_phone_action);
  gtk_widget_class_install_action (widget_class, "recordings.listen-live", NULL,
                                   listen_live_action);
  for (guint i = 0; i < G_N_ELEMENTS (phone_controls); i++)
    {
      g_autofree char *action = g_strconcat ("recordings.phone-", phone_controls[i], NULL);

      gtk_widget_class_install_action (widget_class, action, NULL, phone_control_action);
    }
  gtk_widget_class_install_action (widget_class, "recordings.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "recordings.refresh", NULL, refresh_action);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_widget_class_add_binding_action (widget_class, shortcuts[i].keyval,
                                         shortcuts[i].modifiers, shortcuts[i].action, NULL);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

/* The selected recording's call ended, or is found to be going on. */
static void
on_selected_notify (AstrixRecordingsPage *self,
                    GParamSpec           *pspec)
{
  if (strcmp (pspec->name, "live-channel") == 0)
    _astrix_recordings_page_update_actions (self);
}

static void
on_selected_row (AstrixRecordingsPage *self)
{
  if (self->selected_signals == NULL)   /* disposed */
    return;
  g_signal_group_set_target (self->selected_signals,
                             gtk_single_selection_get_selected_item (self->selection));
}

/* The player of this desktop, the selected row's changes, and the keys the table would take
 * first */
void
_astrix_recordings_page_init_actions (AstrixRecordingsPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->selected_signals = g_signal_group_new (ASTRIX_TYPE_ROW);
  g_signal_group_connect_swapped (self->selected_signals, "item-notify",
                                  G_CALLBACK (on_selected_notify), self);
  g_signal_group_connect_swapped (self->selected_signals, "notify::item",
                                  G_CALLBACK (_astrix_recordings_page_update_actions), self);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selected_row), self);

  /* The application's player of this computer; a page on its own (tests) has its own */
  if (ASTRIX_IS_APPLICATION (g_application_get_default ()))
    self->player = g_object_ref (astrix_application_get_local_player (
                                   ASTRIX_APPLICATION (g_application_get_default ())));
  else
    self->player = astrix_local_player_new ();
  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (on_player_state), self);
  g_signal_connect_swapped (self->player, "notify::position",
                            G_CALLBACK (_astrix_recordings_page_update_actions), self);
  g_signal_connect_swapped (self->player, "notify::duration",
                            G_CALLBACK (_astrix_recordings_page_update_actions), self);
  astrix_player_bar_set_player (self->player_bar, self->player);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-error.h"
#include "astrix-monitor.h"
#include "astrix-monitor-private.h"
#include "astrix-phone-playback-private.h"

/*
 * The supervisor has one phone, so one call on it at a time: a monitoring session or a
 * playback of a recording, never both. A new request while a call runs replaces it cleanly:
 * the running one is stopped first (ChanSpy's channel hung up, or the playback stopped) and
 * the new Originate goes out once it has ended (or after a short grace), so the phone is not
 * rung while it is still on the old call.
 */

#define REPLACE_GRACE_MS 3000

struct _AstrixMonitor
{
  GObject               parent_instance;

  AstrixMonitorSession *session;     /* the current (or last) monitoring session */
  AstrixPhonePlayback  *playback;    /* the current (or last) playback on the phone */
  GObject              *current;     /* whichever of the two was started last */
  GObject              *next;        /* waiting for the current one to end */
  gulong                state_handler;
  guint                 grace_source;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PLAYBACK,
  N_PROPS
};

enum {
  PLAYBACK_STARTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixMonitor, astrix_monitor, G_TYPE_OBJECT)

static gboolean
is_running (GObject *call)
{
  if (ASTRIX_IS_MONITOR_SESSION (call))
    return astrix_monitor_session_is_running (ASTRIX_MONITOR_SESSION (call));
  return call != NULL && astrix_phone_playback_is_running (ASTRIX_PHONE_PLAYBACK (call));
}

static void
stop (GObject *call)
{
  if (ASTRIX_IS_MONITOR_SESSION (call))
    astrix_monitor_session_stop (ASTRIX_MONITOR_SESSION (call));
  else
    astrix_phone_playback_hangup (ASTRIX_PHONE_PLAYBACK (call));
}

static void on_state (GObject *call, GParamSpec *pspec, AstrixMonitor *self);

static void
set_current (AstrixMonitor *self,
             GObject       *call)
{
  g_clear_signal_handler (&self->state_handler, self->current);
  g_set_object (&self->current, call);
  /* After the others: whoever writes down the end (the audit log) does so before the next
   * call goes out */
  self->state_handler = g_signal_connect_after (call, "notify::state", G_CALLBACK (on_state),
                                                self);
  if (ASTRIX_IS_MONITOR_SESSION (call))
    {
      g_set_object (&self->session, ASTRIX_MONITOR_SESSION (call));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
  else
    {
      g_set_object (&self->playback, ASTRIX_PHONE_PLAYBACK (call));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYBACK]);
    }
}

static void
start_next (AstrixMonitor *self)
{
  g_autoptr(GObject) next = g_steal_pointer (&self->next);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  if (next == NULL)
    return;
  set_current (self, next);
  /* A failure to start shows as the FAILED state, with the reason. */
  if (ASTRIX_IS_MONITOR_SESSION (next))
    astrix_monitor_session_start (ASTRIX_MONITOR_SESSION (next), NULL);
  else if (astrix_phone_playback_start (ASTRIX_PHONE_PLAYBACK (next), NULL))
    {
      g_signal_emit (self, signals[PLAYBACK_STARTED], 0, next,
                     _astrix_phone_playback_get_config (ASTRIX_PHONE_PLAYBACK (next)));
    }
}

static void
on_state (GObject       *call,
          GParamSpec    *pspec,
          AstrixMonitor *self)
{
  if (self->next != NULL && !is_running (call))
    start_next (self);
}

static gboolean
grace_over (gpointer data)
{
  AstrixMonitor *self = data;

  self->grace_source = 0;
  start_next (self);
  return G_SOURCE_REMOVE;
}

/* The one call on the phone from now: @call, once the running one has ended. */
static void
replace (AstrixMonitor *self,
         GObject       *call)
{
  g_set_object (&self->next, call);
  if (is_running (self->current))
    {
      stop (self->current);
      if (self->grace_source == 0)
        self->grace_source = g_timeout_add (REPLACE_GRACE_MS, grace_over, self);
      return;
    }
  start_next (self);
}

/* Returns: (transfer none) (nullable): the running session, or the last one */
AstrixMonitorSession *
astrix_monitor_get_session (AstrixMonitor *self)
{
  return self->session;
}

/* Returns: (transfer none) (nullable): the playback on the phone that runs, or the last one */
AstrixPhonePlayback *
_astrix_monitor_get_playback (AstrixMonitor *self)
{
  return self->playback;
}

/**
 * astrix_monitor_request:
 *
 * Monitors @target on @connection in @mode, replacing the call that runs on the phone (a
 * session or a playback) if there is one.
 *
 * Returns: (transfer none) (nullable): the new session, or %NULL with @error when the request
 *   cannot be made at all (no such call, not connected, a refused name)
 */
AstrixMonitorSession *
astrix_monitor_request (AstrixMonitor      *self,
                        AstrixConnection   *connection,
                        const char         *target,
                        AstrixMonitorMode   mode,
                        GError            **error)
{
  g_autoptr(AstrixMonitorSession) session = astrix_connection_create_session (connection, target,
                                                                              mode, error);

  if (session == NULL)
    return NULL;
  replace (self, G_OBJECT (session));
  return session;
}

/**
 * astrix_monitor_play:
 * @recording: as for astrix_phone_playback_new()
 * @duration_ms: the recording's duration, or -1 when not known
 *
 * Plays @recording on the supervisor's phone, replacing the call that runs on it (a session
 * or a playback) if there is one. Everything that can be checked before sending is checked
 * before the running call is ended.
 *
 * Returns: (transfer none) (nullable): the new playback, or %NULL with @error when nothing
 *   can be sent (a name refused, outside the folder, no phone set, not connected)
 */
AstrixPhonePlayback *
astrix_monitor_play (AstrixMonitor     *self,
                     AstrixConnection  *connection,
                     const char        *recording,
                     gint64             duration_ms,
                     GError           **error)
{
  g_autoptr(AstrixPhonePlayback) playback = NULL;

  g_return_val_if_fail (ASTRIX_IS_MONITOR (self), NULL);
  g_return_val_if_fail (ASTRIX_IS_CONNECTION (connection), NULL);

  playback = astrix_phone_playback_new (astrix_connection_get_client (connection),
                                        astrix_connection_get_config (connection), recording);
  astrix_phone_playback_set_duration (playback, duration_ms);
  if (!_astrix_phone_playback_prepare (playback, error))
    return NULL;
  if (!is_running (self->current))
    {
      /* Nothing to wait for: a refusal comes back at once, as astrix_phone_playback_start() */
      if (!astrix_phone_playback_start (playback, error))
        return NULL;
      g_set_object (&self->next, NULL);
      set_current (self, G_OBJECT (playback));
      g_signal_emit (self, signals[PLAYBACK_STARTED], 0, playback,
                     astrix_connection_get_config (connection));
      return playback;
    }
  replace (self, G_OBJECT (playback));
  return playback;
}

static AstrixMonitorSession *
running_session (AstrixMonitor  *self,
                 GError        **error)
{
  if (ASTRIX_IS_MONITOR_SESSION (self->next))
    return ASTRIX_MONITOR_SESSION (self->next);
  if (self->next == NULL && ASTRIX_IS_MONITOR_SESSION (self->current) && is_running (self->current))
    return ASTRIX_MONITOR_SESSION (self->current);
  g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                       _("You are not monitoring a call."));
  return NULL;
}

gboolean
astrix_monitor_set_mode (AstrixMonitor      *self,
                         AstrixMonitorMode   mode,
                         GError            **error)
{
  AstrixMonitorSession *session = running_session (self, error);

  if (session == NULL)
    return FALSE;
  astrix_monitor_session_set_mode (session, mode);
  return TRUE;
}

/* Drops the call waiting for the phone, if it is a @type. */
static gboolean
drop_next (AstrixMonitor *self,
           GType          type)
{
  if (self->next == NULL || !G_TYPE_CHECK_INSTANCE_TYPE (self->next, type))
    return FALSE;
  /* It never went out; the one before it is already stopping. */
  g_clear_object (&self->next);
  g_clear_handle_id (&self->grace_source, g_source_remove);
  return TRUE;
}

/* Stops monitoring: the session that runs, or the one waiting for the phone. */
gboolean
astrix_monitor_stop (AstrixMonitor  *self,
                     GError        **error)
{
  if (drop_next (self, ASTRIX_TYPE_MONITOR_SESSION))
    return TRUE;
  if (running_session (self, error) == NULL)
    return FALSE;
  astrix_monitor_session_stop (self->session);
  return TRUE;
}

/**
 * astrix_monitor_playback_control:
 *
 * Controls the playback on the phone (see astrix_phone_playback_control()); `stop` also
 * drops a playback that waits for the phone. Returns: %FALSE with @error when nothing plays
 * on the phone or the control cannot apply now
 */
gboolean
astrix_monitor_playback_control (AstrixMonitor          *self,
                                 AstrixPlaybackControl   control,
                                 GError                **error)
{
  if (control == ASTRIX_PLAYBACK_CONTROL_STOP && drop_next (self, ASTRIX_TYPE_PHONE_PLAYBACK))
    return TRUE;
  if (self->next == NULL && ASTRIX_IS_PHONE_PLAYBACK (self->current) && is_running (self->current))
    return astrix_phone_playback_control (self->playback, control, error);
  g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                       _("Nothing is playing on your phone."));
  return FALSE;
}

/* Returns: whether a playback runs on the phone, or waits for it */
gboolean
astrix_monitor_is_playing (AstrixMonitor *self)
{
  if (self->next != NULL)
    return ASTRIX_IS_PHONE_PLAYBACK (self->next);
  return ASTRIX_IS_PHONE_PLAYBACK (self->current) && is_running (self->current);
}

#define SKIP_MS 10000

/**
 * astrix_monitor_control_playback:
 * @player: the player of this computer
 * @command: pause, forward, reverse, restart or stop
 *
 * Controls the playback on the phone; without one, @player (forward and reverse then skip
 * 10 s). This is what `app.playback-control` and the recordings page's keys do. Returns:
 * %FALSE with a sentence in @error when nothing plays or the command is not one of those
 */
gboolean
astrix_monitor_control_playback (AstrixMonitor      *self,
                                 AstrixLocalPlayer  *player,
                                 const char         *command,
                                 GError            **error)
{
  AstrixPlayerState state = astrix_local_player_get_state (player);
  AstrixPlaybackControl control;

  if (!astrix_playback_control_from_string (command, &control))
    {
      g_set_error (
        error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
        _("“%s” is not a playback control: use pause, forward, reverse, restart or stop."),
        command);
      return FALSE;
    }
  if (astrix_monitor_is_playing (self))
    return astrix_monitor_playback_control (self, control, error);
  if (state == ASTRIX_PLAYER_EMPTY || state == ASTRIX_PLAYER_ERROR)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Nothing is playing."));
      return FALSE;
    }
  if (control == ASTRIX_PLAYBACK_CONTROL_PAUSE)
    astrix_local_player_toggle (player);
  else if (control == ASTRIX_PLAYBACK_CONTROL_FORWARD)
    astrix_local_player_skip (player, SKIP_MS);
  else if (control == ASTRIX_PLAYBACK_CONTROL_REVERSE)
    astrix_local_player_skip (player, -SKIP_MS);
  else if (control == ASTRIX_PLAYBACK_CONTROL_RESTART)
    astrix_local_player_restart (player);
  else
    astrix_local_player_close (player);
  return TRUE;
}

static void
astrix_monitor_dispose (GObject *object)
{
  AstrixMonitor *self = ASTRIX_MONITOR (object);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  g_clear_signal_handler (&self->state_handler, self->current);
  g_clear_object (&self->current);
  g_clear_object (&self->session);
  g_clear_object (&self->playback);
  g_clear_object (&self->next);

  G_OBJECT_CLASS (astrix_monitor_parent_class)->dispose (object);
}

static void
astrix_monitor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AstrixMonitor *self = ASTRIX_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PLAYBACK:
      g_value_set_object (value, self->playback);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_monitor_class_init (AstrixMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_monitor_dispose;
  object_class->get_property = astrix_monitor_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ASTRIX_TYPE_MONITOR_SESSION, flags);
  properties[PROP_PLAYBACK] =
    g_param_spec_object ("playback", NULL, NULL, ASTRIX_TYPE_PHONE_PLAYBACK, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixMonitor::playback-started:
   * @playback: the playback on the phone, just started (its Originate sent)
   * @config: the server it plays on
   *
   * For the audit log and the notifications: every playback on the phone, wherever it was
   * asked for.
   */
  signals[PLAYBACK_STARTED] =
    g_signal_new ("playback-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, ASTRIX_TYPE_PHONE_PLAYBACK,
                  ASTRIX_TYPE_SERVER_CONFIG);
}

static void
astrix_monitor_init (AstrixMonitor *self)
{
}

AstrixMonitor *
astrix_monitor_new (void)
{
  return g_object_new (ASTRIX_TYPE_MONITOR, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-audit"

#include "config.h"

#include "astrix-audit-private.h"

/*
 * Activities written down as they go, from the objects that run them: a monitoring session
 * (its start once started, when ChanSpy attached, each mode change, how it ended), a playback
 * on the phone (answered, paused, playing again, how it ended) and one on this computer
 * (paused, playing again, played to the end, closed). A watch holds its object until the
 * activity ends; if the log goes first, the activity is written as interrupted.
 */

typedef enum
{
  WATCH_SESSION,
  WATCH_PHONE,
  WATCH_PLAYER,
} WatchKind;

typedef struct
{
  AstrixAuditLog     *self;          /* not a reference: the log owns the watch */
  WatchKind           kind;
  GObject            *object;        /* the session, the phone playback or the player */
  AstrixServerConfig *config;        /* NULL for a file of this computer */
  AstrixRecording    *recording;     /* what the player plays, if known */
  char               *id;            /* once the start is written */
  int                 mode;          /* a session's mode last written */
  int                 state;         /* a playback's state last written as a change */
  gboolean            active_noted;  /* ChanSpy attached, or the phone answered */
  gulong              state_handler;
  gulong              mode_handler;
} Watch;

void
_astrix_audit_watch_free (gpointer data)
{
  Watch *watch = data;

  g_clear_signal_handler (&watch->state_handler, watch->object);
  g_clear_signal_handler (&watch->mode_handler, watch->object);
  g_clear_object (&watch->object);
  g_clear_object (&watch->config);
  g_clear_object (&watch->recording);
  g_free (watch->id);
  g_free (watch);
}

/* Writes the end and forgets the watch (which is freed: touch it no more). */
static void
watch_end (Watch              *watch,
           AstrixAuditOutcome  outcome,
           const char         *reason)
{
  astrix_audit_log_end (watch->self, watch->id, outcome, reason);
  g_hash_table_remove (_astrix_audit_log_get_watched (watch->self), watch->object);
}

static void
note_state (Watch      *watch,
            int         state,
            const char *value)
{
  if (watch->state == state)
    return;
  watch->state = state;
  astrix_audit_log_change (watch->self, watch->id, "state", value);
}

/* Monitoring sessions */

static void
session_sync (Watch *watch)
{
  AstrixMonitorSession *session = ASTRIX_MONITOR_SESSION (watch->object);
  AstrixSessionState state = astrix_monitor_session_get_state (session);
  AstrixPhoneCall *call = astrix_monitor_session_get_call (session);
  const GError *error = astrix_phone_call_get_error (call);
  const char *reason = astrix_phone_call_get_end_reason (call);

  if (state == ASTRIX_SESSION_NEW)
    return;
  if (watch->id == NULL)
    {
      watch->mode = astrix_monitor_session_get_mode (session);
      watch->id = astrix_audit_log_begin (watch->self, ASTRIX_AUDIT_MONITOR, watch->config,
                                          astrix_monitor_session_get_target (session),
                                          astrix_monitor_session_get_target_caller (session),
                                          astrix_monitor_mode_to_string (watch->mode));
    }
  if (state == ASTRIX_SESSION_ACTIVE && !watch->active_noted)
    {
      watch->active_noted = TRUE;
      astrix_audit_log_change (watch->self, watch->id, "state", "active");
    }
  if (state == ASTRIX_SESSION_ENDED || state == ASTRIX_SESSION_FAILED)
    watch_end (watch, state == ASTRIX_SESSION_FAILED ? ASTRIX_AUDIT_OUTCOME_FAILED
                                                     : ASTRIX_AUDIT_OUTCOME_ENDED,
               reason != NULL ? reason : error != NULL ? error->message : NULL);
}

static void
on_session_mode (AstrixMonitorSession *session,
                 GParamSpec           *pspec,
                 Watch                *watch)
{
  AstrixMonitorMode mode = astrix_monitor_session_get_mode (session);

  /* Before it starts, a mode is only the one it will start with. */
  if (watch->id == NULL || (int) mode == watch->mode)
    return;
  watch->mode = mode;
  astrix_audit_log_change (watch->self, watch->id, "mode", astrix_monitor_mode_to_string (mode));
}

/* Playbacks on the phone */

/* The recording as the Activity page names it: its path inside the server's folder */
static char *
recording_name (AstrixServerConfig *config,
                const char         *recording)
{
  const char *folder = config != NULL ? astrix_server_config_get_recordings_uri (config) : NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) root = NULL;
  char *relative;

  if (recording == NULL)
    return NULL;
  file = g_uri_is_valid (recording, G_URI_FLAGS_NONE, NULL) ? g_file_new_for_uri (recording)
                                                          : g_file_new_for_path (recording);
  if (folder != NULL && folder[0] != '\0')
    {
      root = g_file_new_for_uri (folder);
      relative = g_file_get_relative_path (root, file);
      if (relative != NULL)
        return relative;
    }
  return g_file_get_basename (file);
}

static void
phone_sync (Watch *watch)
{
  AstrixPhonePlayback *playback = ASTRIX_PHONE_PLAYBACK (watch->object);
  AstrixPlaybackState state = astrix_phone_playback_get_state (playback);
  AstrixPhoneCall *call = astrix_phone_playback_get_call (playback);
  const GError *error = astrix_phone_call_get_error (call);
  const char *reason = astrix_phone_call_get_end_reason (call);

  if (state == ASTRIX_PLAYBACK_NEW)
    return;
  if (watch->id == NULL)
    {
      g_autofree char *name = recording_name (watch->config,
                                              astrix_phone_playback_get_recording (playback));

      watch->id = astrix_audit_log_begin (watch->self, ASTRIX_AUDIT_PHONE_PLAYBACK, watch->config,
                                          name, NULL,
                                          astrix_phone_playback_get_pbx_file (playback));
    }
  if (state == ASTRIX_PLAYBACK_PLAYING)
    note_state (watch, state, "playing");
  else if (state == ASTRIX_PLAYBACK_PAUSED)
    note_state (watch, state, "paused");
  else if (state == ASTRIX_PLAYBACK_ENDED || state == ASTRIX_PLAYBACK_FAILED)
    watch_end (watch, state == ASTRIX_PLAYBACK_FAILED ? ASTRIX_AUDIT_OUTCOME_FAILED
                                                      : ASTRIX_AUDIT_OUTCOME_ENDED,
               reason != NULL ? reason : error != NULL ? error->message : NULL);
}

/* Playbacks on this computer */

static void
player_begin (Watch *watch)
{
  AstrixLocalPlayer *player = ASTRIX_LOCAL_PLAYER (watch->object);
  GFile *file = astrix_local_player_get_file (player);
  g_autofree char *uri = file != NULL ? g_file_get_uri (file) : NULL;
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;
  const char *target = watch->recording != NULL
                         ? astrix_recording_get_relative_path (watch->recording) : name;
  const char *caller = watch->recording != NULL ? astrix_recording_get_caller (watch->recording)
                                                : NULL;

  watch->id = astrix_audit_log_begin (watch->self, ASTRIX_AUDIT_DESKTOP_PLAYBACK, watch->config,
                                      target, caller, uri);
}

static void
player_sync (Watch *watch)
{
  AstrixLocalPlayer *player = ASTRIX_LOCAL_PLAYER (watch->object);
  AstrixPlayerState state = astrix_local_player_get_state (player);
  const char *reason = astrix_local_player_get_end_reason (player);

  if (watch->id == NULL)
    player_begin (watch);
  switch (state)
    {
    case ASTRIX_PLAYER_PLAYING:
      /* Playing from the start is the start; playing again after a pause is a change. */
      if (watch->state == -1)
        watch->state = state;
      else
        note_state (watch, state, "playing");
      break;
    case ASTRIX_PLAYER_PAUSED:
      /* (Before it first plays, paused is only the player getting ready.) */
      if (watch->state != -1)
        note_state (watch, state, "paused");
      break;
    case ASTRIX_PLAYER_ERROR:
      watch_end (watch, ASTRIX_AUDIT_OUTCOME_FAILED,
                 astrix_local_player_get_error_message (player));
      break;
    case ASTRIX_PLAYER_ENDED:
    case ASTRIX_PLAYER_EMPTY:
      /* Played to the end, or closed (another recording opened). */
      watch_end (watch, ASTRIX_AUDIT_OUTCOME_ENDED, reason);
      break;
    case ASTRIX_PLAYER_LOADING:
    default:
      break;
    }
}

/* Watching */

static void
watch_sync (Watch *watch)
{
  switch (watch->kind)
    {
    case WATCH_SESSION:
      session_sync (watch);
      break;
    case WATCH_PHONE:
      phone_sync (watch);
      break;
    case WATCH_PLAYER:
    default:
      player_sync (watch);
      break;
    }
}

static void
on_state (GObject    *object,
          GParamSpec *pspec,
          Watch      *watch)
{
  watch_sync (watch);
}

static Watch *
watch_new (AstrixAuditLog     *self,
           WatchKind           kind,
           gpointer            object,
           AstrixServerConfig *config)
{
  GHashTable *watched = _astrix_audit_log_get_watched (self);
  Watch *previous = g_hash_table_lookup (watched, object);
  Watch *watch;

  /* The same object again (a player opened on another recording): the last is over. */
  if (previous != NULL && previous->id != NULL)
    watch_end (previous, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  else if (previous != NULL)
    g_hash_table_remove (watched, object);
  watch = g_new0 (Watch, 1);
  watch->self = self;
  watch->kind = kind;
  watch->object = g_object_ref (object);
  watch->config = config != NULL ? g_object_ref (config) : NULL;
  watch->mode = watch->state = -1;
  g_hash_table_insert (watched, object, watch);
  watch->state_handler = g_signal_connect (object, "notify::state", G_CALLBACK (on_state), watch);
  return watch;
}

/**
 * astrix_audit_log_watch_session:
 * @config: the server the session runs on
 *
 * Writes down @session as it goes: its start (once it has been started), when ChanSpy is
 * attached, each mode change, and how it ended. Call it before or after starting the session.
 */
void
astrix_audit_log_watch_session (AstrixAuditLog       *self,
                                AstrixMonitorSession *session,
                                AstrixServerConfig   *config)
{
  Watch *watch;

  g_return_if_fail (ASTRIX_IS_AUDIT_LOG (self));
  g_return_if_fail (ASTRIX_IS_MONITOR_SESSION (session));
  g_return_if_fail (ASTRIX_IS_SERVER_CONFIG (config));

  if (g_hash_table_contains (_astrix_audit_log_get_watched (self), session))
    return;
  watch = watch_new (self, WATCH_SESSION, session, config);
  watch->mode_handler = g_signal_connect (session, "notify::mode", G_CALLBACK (on_session_mode),
                                          watch);
  watch_sync (watch);
}

/**
 * astrix_audit_log_watch_phone_playback:
 * @config: the server it plays on
 *
 * Writes down a playback of a recording on the supervisor's phone as it goes: its start (once
 * started), answered, each pause and resumption, how it ended. Made for
 * AstrixRecordingsPage::phone-playback-started.
 */
void
astrix_audit_log_watch_phone_playback (AstrixAuditLog      *self,
                                       AstrixPhonePlayback *playback,
                                       AstrixServerConfig  *config)
{
  g_return_if_fail (ASTRIX_IS_AUDIT_LOG (self));
  g_return_if_fail (ASTRIX_IS_PHONE_PLAYBACK (playback));
  g_return_if_fail (ASTRIX_IS_SERVER_CONFIG (config));

  if (g_hash_table_contains (_astrix_audit_log_get_watched (self), playback))
    return;
  watch_sync (watch_new (self, WATCH_PHONE, playback, config));
}

/**
 * astrix_audit_log_watch_local_player:
 * @player: the player, with the recording just opened and playing
 * @config: (nullable): the server whose recordings folder it comes from
 * @recording: (nullable): the recording, for its name and caller
 *
 * Writes down a playback on this computer from now: each pause and resumption, and its end
 * (played to the end, closed, another recording opened, or an error). Made for
 * AstrixRecordingsPage::local-playback-started.
 */
void
astrix_audit_log_watch_local_player (AstrixAuditLog     *self,
                                     AstrixLocalPlayer  *player,
                                     AstrixServerConfig *config,
                                     AstrixRecording    *recording)
{
  Watch *watch;

  g_return_if_fail (ASTRIX_IS_AUDIT_LOG (self));
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (player));
  g_return_if_fail (config == NULL || ASTRIX_IS_SERVER_CONFIG (config));
  g_return_if_fail (recording == NULL || ASTRIX_IS_RECORDING (recording));

  watch = watch_new (self, WATCH_PLAYER, player, config);
  watch->recording = recording != NULL ? g_object_ref (recording) : NULL;
  watch_sync (watch);
}

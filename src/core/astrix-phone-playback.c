/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-playback"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-phone-playback-private.h"
#include "astrix-recording.h"

/*
 * A recording played by the PBX on the supervisor's own phone.
 *
 * The Originate rings the phone with `Application: ControlPlayback` and the file as Asterisk
 * sees it, without extension, and a skip of 3 s (`Data: /var/spool/.../x,3000`); sites that
 * prefer their own dialplan get `Context`/`Exten` and the `RECFILE` variable (capture 11).
 * Asterisk sends no playback events over AMI (README fact 14): the state comes from the
 * OriginateResponse (answered: the playback runs), Newexten (which application runs, for a
 * dialplan), VarSet of CPLAYBACKSTATUS / PLAYBACKSTATUS (how it ended; FAILED or ERROR: no
 * such file) and CPLAYBACKOFFSET (where it stopped), and the Hangup. The position is our own
 * clock from the answer, moved by our controls as Asterisk moves its own (pause toggles,
 * forward and reverse skip 3 s, restart goes to 0; capture 11b), and set right by
 * CPLAYBACKOFFSET when it comes. A seek is a new call with the `o(offset)` option.
 *
 * Against the Playback() application (a site's context), `pause` and `restart` end the
 * playback (fact 15): those are refused once Newexten has shown Playback runs.
 */

#define RING_TIMEOUT_MS   30000
#define OUTCOME_GRACE_MS  15000
#define TICK_MS           250
/* A playback that ends this soon after the answer, with no status, did not find its file. */
#define INSTANT_END_MS    1000

struct _AstrixPhonePlayback
{
  GObject              parent_instance;

  AmiClient           *client;
  AstrixServerConfig  *config;
  char                *recording;      /* as given: a URI or path */
  char                *pbx_file;       /* as Asterisk sees it, without extension */
  char                *endpoint;
  char                *server;
  AstrixPlaybackMethod method;

  AstrixPlaybackState  state;
  char                *action_id;      /* of the current Originate */
  char                *channel;        /* ours, on the supervisor's phone */
  char                *uniqueid;
  GHashTable          *retired;        /* channels and Uniqueids of calls a seek replaced */
  gboolean             stop_requested;
  gboolean             hangup_sent;
  gboolean             controllable;   /* FALSE once Newexten shows Playback() runs */
  char                *status;         /* the last (C)PLAYBACKSTATUS */

  /* Our clock: base_ms at since (monotonic µs), running unless paused or stopped. */
  gint64               base_ms;
  gint64               since;
  gboolean             clock_running;
  gint64               start_offset;   /* where the current call starts playing */
  gint64               duration;       /* ms, -1 unknown */
  gint64               answered_at;    /* monotonic µs */
  double               time_scale;     /* the PBX's seconds per ours (tests) */

  gint64               started;        /* real time µs, when the phone answered */
  gint64               ended;
  GError              *error;
  char                *end_reason;

  gulong               event_handler;
  gulong               client_state_handler;
  gulong               logged_in_handler;
  guint                outcome_timeout;
  guint                tick_id;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RECORDING,
  PROP_PBX_FILE,
  PROP_CHANNEL,
  PROP_SERVER,
  PROP_ENDPOINT,
  PROP_CONTROLLABLE,
  PROP_STARTED,
  PROP_ENDED,
  PROP_END_REASON,
  N_PROPS
};

enum {
  WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixPhonePlayback, astrix_phone_playback, G_TYPE_OBJECT)

static const char *control_names[] = { "pause", "forward", "reverse", "restart", "stop" };

const char *
astrix_playback_control_to_string (AstrixPlaybackControl control)
{
  g_return_val_if_fail (control <= ASTRIX_PLAYBACK_CONTROL_STOP, NULL);
  return control_names[control];
}

gboolean
astrix_playback_control_from_string (const char            *text,
                                     AstrixPlaybackControl *control)
{
  for (guint i = 0; i < G_N_ELEMENTS (control_names); i++)
    {
      if (g_strcmp0 (text, control_names[i]) == 0)
        {
          *control = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
astrix_phone_playback_is_running (AstrixPhonePlayback *self)
{
  return self->state != ASTRIX_PLAYBACK_NEW && self->state != ASTRIX_PLAYBACK_ENDED &&
         self->state != ASTRIX_PLAYBACK_FAILED;
}

/* The clock */

static gint64
scaled_ms (AstrixPhonePlayback *self,
           gint64               usec)
{
  return (gint64) (usec / 1000.0 / self->time_scale);
}

gint64
astrix_phone_playback_get_position (AstrixPhonePlayback *self)
{
  gint64 position = self->base_ms;

  if (self->clock_running)
    position += scaled_ms (self, g_get_monotonic_time () - self->since);
  if (self->duration >= 0)
    position = MIN (position, self->duration);
  return MAX (position, 0);
}

static void
set_clock (AstrixPhonePlayback *self,
           gint64               position_ms,
           gboolean             running)
{
  if (self->duration >= 0)
    position_ms = MIN (position_ms, self->duration);
  self->base_ms = MAX (position_ms, 0);
  self->since = g_get_monotonic_time ();
  self->clock_running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
tick (gpointer data)
{
  AstrixPhonePlayback *self = data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  return G_SOURCE_CONTINUE;
}

/* State */

static void
set_state (AstrixPhonePlayback *self,
           AstrixPlaybackState  state)
{
  if (self->state == state)
    return;
  g_debug ("playback of %s: state %d -> %d", self->pbx_file, self->state, state);
  self->state = state;
  if (state == ASTRIX_PLAYBACK_PLAYING && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick, self);
  else if (state != ASTRIX_PLAYBACK_PLAYING)
    g_clear_handle_id (&self->tick_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_channel (AstrixPhonePlayback *self,
             const char          *channel,
             const char          *uniqueid)
{
  if (g_strcmp0 (self->channel, channel) != 0)
    {
      g_free (self->channel);
      self->channel = g_strdup (channel);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
  if (uniqueid != NULL && g_strcmp0 (uniqueid, "<unknown>") != 0)
    {
      g_free (self->uniqueid);
      self->uniqueid = g_strdup (uniqueid);
    }
}

static void
disconnect_client (AstrixPhonePlayback *self)
{
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->event_handler != 0)
    ami_client_release_event_class (self->client, "dialplan");
  g_clear_signal_handler (&self->event_handler, self->client);
  g_clear_signal_handler (&self->client_state_handler, self->client);
}

static void
finish (AstrixPhonePlayback *self,
        AstrixPlaybackState  state,
        GError              *error,
        const char          *end_reason)
{
  if (!astrix_phone_playback_is_running (self))
    {
      g_clear_error (&error);
      return;
    }

  disconnect_client (self);
  if (self->clock_running)
    set_clock (self, astrix_phone_playback_get_position (self), FALSE);
  g_clear_error (&self->error);
  self->error = error;
  g_free (self->end_reason);
  self->end_reason = g_strdup (end_reason != NULL ? end_reason
                                                  : error != NULL ? error->message : NULL);
  self->ended = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  set_state (self, state);
}

static void
fail (AstrixPhonePlayback *self,
      AstrixError          code,
      const char          *message)
{
  finish (self, ASTRIX_PLAYBACK_FAILED, g_error_new_literal (ASTRIX_ERROR, code, message), NULL);
}

/* Hanging up */

static void
hangup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AstrixPhonePlayback) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  /* "No such channel": it was gone already; nothing more will come of it. */
  if (response == NULL && self->state == ASTRIX_PLAYBACK_STOPPING)
    finish (self, ASTRIX_PLAYBACK_ENDED, NULL, _("Playback stopped."));
}

static void
hang_up_channel (AstrixPhonePlayback *self,
                 const char          *channel,
                 gboolean             ours)
{
  g_autoptr(AmiAction) hangup = ami_action_new_with ("Hangup", "Channel", channel,
                                                     "Cause", "16", NULL);

  if (ours)
    ami_client_send_action_async (self->client, hangup, NULL, hangup_done, g_object_ref (self));
  else
    ami_client_send_action_async (self->client, hangup, NULL, NULL, NULL);
}

static void
send_hangup (AstrixPhonePlayback *self)
{
  if (self->channel == NULL || self->hangup_sent)
    return;
  self->hangup_sent = TRUE;
  hang_up_channel (self, self->channel, TRUE);
}

/* Events */

static GError *
error_for_reason (AstrixPhonePlayback *self,
                  const char          *reason)
{
  return astrix_error_for_originate_reason (reason, self->endpoint);
}

static GError *
not_found_error (AstrixPhonePlayback *self)
{
  return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND,
                      _("The PBX cannot find or play the recording “%s”. Check that the "
                        "recordings folder the PBX sees is set right."), self->pbx_file);
}

static void
handle_originate_response (AstrixPhonePlayback *self,
                           AmiMessage          *event)
{
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);

  if (!ami_message_is (event, "Response", "Success"))
    {
      if (self->stop_requested)
        finish (self, ASTRIX_PLAYBACK_ENDED, NULL, _("Playback was cancelled."));
      else
        finish (self, ASTRIX_PLAYBACK_FAILED,
                error_for_reason (self, ami_message_get (event, "Reason")), NULL);
      return;
    }

  set_channel (self, ami_message_get (event, "Channel"), ami_message_get (event, "Uniqueid"));
  if (self->stop_requested)
    {
      send_hangup (self);
      return;
    }
  self->answered_at = g_get_monotonic_time ();
  if (self->started == 0)
    {
      self->started = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }
  /* Answered: ControlPlayback starts at once (a dialplan may wait: Newexten corrects). */
  set_clock (self, self->start_offset, TRUE);
  set_state (self, ASTRIX_PLAYBACK_PLAYING);
}

/* Whether a new channel is the supervisor's phone being rung for us. */
static gboolean
is_our_new_channel (AstrixPhonePlayback *self,
                    const char          *name)
{
  return astrix_endpoint_rings_as (self->endpoint, name);
}

static gboolean
is_ours (AstrixPhonePlayback *self,
         AmiMessage          *event)
{
  const char *uniqueid = ami_message_get (event, "Uniqueid");

  if (uniqueid != NULL && g_hash_table_contains (self->retired, uniqueid))
    return FALSE;
  if (self->uniqueid != NULL && uniqueid != NULL)
    return strcmp (self->uniqueid, uniqueid) == 0;
  return self->channel != NULL && g_strcmp0 (ami_message_get (event, "Channel"), self->channel) == 0;
}

static void
handle_var_set (AstrixPhonePlayback *self,
                AmiMessage          *event)
{
  const char *variable = ami_message_get (event, "Variable");
  const char *value = ami_message_get (event, "Value");

  if (g_strcmp0 (variable, "CPLAYBACKSTATUS") == 0 || g_strcmp0 (variable, "PLAYBACKSTATUS") == 0)
    {
      g_free (self->status);
      self->status = g_strdup (value);
      if (self->clock_running)
        set_clock (self, astrix_phone_playback_get_position (self), FALSE);
    }
  else if (g_strcmp0 (variable, "CPLAYBACKOFFSET") == 0 && value != NULL)
    {
      gint64 offset = g_ascii_strtoll (value, NULL, 10);

      /* -1: the end of the file */
      set_clock (self, offset < 0 && self->duration >= 0 ? self->duration : offset, FALSE);
    }
}

static void
handle_new_exten (AstrixPhonePlayback *self,
                  AmiMessage          *event)
{
  const char *application = ami_message_get (event, "Application");
  gboolean controllable;

  if (g_strcmp0 (application, "ControlPlayback") == 0)
    controllable = TRUE;
  else if (g_strcmp0 (application, "Playback") == 0)
    controllable = FALSE;
  else
    return;
  /* The dialplan reached the playback: the recording starts now. */
  if (self->state == ASTRIX_PLAYBACK_PLAYING)
    set_clock (self, self->start_offset, TRUE);
  if (self->controllable != controllable)
    {
      self->controllable = controllable;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLABLE]);
    }
}

static gboolean
ended_at_once (AstrixPhonePlayback *self)
{
  gint64 since_answer = scaled_ms (self, g_get_monotonic_time () - self->answered_at);

  return self->status == NULL && self->answered_at != 0 && since_answer < INSTANT_END_MS &&
         (self->duration < 0 || self->duration > since_answer + INSTANT_END_MS);
}

static void
handle_our_hangup (AstrixPhonePlayback *self)
{
  if (self->state == ASTRIX_PLAYBACK_REQUESTED || self->state == ASTRIX_PLAYBACK_RINGING)
    return; /* not answered: the OriginateResponse that follows says why */

  if (self->stop_requested)
    finish (self, ASTRIX_PLAYBACK_ENDED, NULL, _("Playback stopped."));
  else if (g_strcmp0 (self->status, "FAILED") == 0 || g_strcmp0 (self->status, "ERROR") == 0 ||
           ended_at_once (self))
    finish (self, ASTRIX_PLAYBACK_FAILED, not_found_error (self), NULL);
  else if (g_strcmp0 (self->status, "SUCCESS") == 0)
    {
      if (self->duration >= 0)
        set_clock (self, self->duration, FALSE);
      finish (self, ASTRIX_PLAYBACK_ENDED, NULL, _("The recording has played to the end."));
    }
  else if (g_strcmp0 (self->status, "USERSTOPPED") == 0)
    finish (self, ASTRIX_PLAYBACK_ENDED, NULL, _("Stopped from the phone."));
  else
    finish (self, ASTRIX_PLAYBACK_ENDED, NULL, _("Your phone hung up."));
}

static void
on_event (AmiClient           *client,
          AmiMessage          *event,
          AstrixPhonePlayback *self)
{
  const char *name = ami_message_get_name (event);

  if (name == NULL)
    return;
  if (strcmp (name, "OriginateResponse") == 0)
    {
      if (g_strcmp0 (ami_message_get_action_id (event), self->action_id) == 0)
        handle_originate_response (self, event);
    }
  else if (strcmp (name, "Newchannel") == 0)
    {
      if (self->state == ASTRIX_PLAYBACK_REQUESTED && self->channel == NULL &&
          is_our_new_channel (self, ami_message_get (event, "Channel")))
        {
          set_channel (self, ami_message_get (event, "Channel"), ami_message_get (event, "Uniqueid"));
          if (self->stop_requested)
            send_hangup (self);
          else
            set_state (self, ASTRIX_PLAYBACK_RINGING);
        }
    }
  else if (strcmp (name, "VarSet") == 0)
    {
      if (is_ours (self, event))
        handle_var_set (self, event);
    }
  else if (strcmp (name, "Newexten") == 0)
    {
      if (is_ours (self, event))
        handle_new_exten (self, event);
    }
  else if (strcmp (name, "Hangup") == 0)
    {
      if (is_ours (self, event))
        handle_our_hangup (self);
    }
}

static void
on_logged_in_again (AmiClient           *client,
                    AstrixPhonePlayback *self)
{
  /* A playback the link lost may have left the phone playing: end it now. */
  g_clear_signal_handler (&self->logged_in_handler, self->client);
  if (self->channel == NULL || self->hangup_sent)
    return;
  self->hangup_sent = TRUE;
  hang_up_channel (self, self->channel, FALSE);
}

static void
on_client_state (AmiClient           *client,
                 GParamSpec          *pspec,
                 AstrixPhonePlayback *self)
{
  if (ami_client_get_state (client) == AMI_CLIENT_CONNECTED)
    return;

  if (self->channel != NULL && !self->hangup_sent)
    self->logged_in_handler = g_signal_connect_object (client, "logged-in",
                                                       G_CALLBACK (on_logged_in_again), self, 0);
  fail (self, ASTRIX_ERROR_CONNECTION_LOST,
        _("The connection to the PBX was lost during the playback."));
}

/* Starting */

static gboolean
outcome_timed_out (gpointer data)
{
  AstrixPhonePlayback *self = data;

  self->outcome_timeout = 0;
  send_hangup (self);
  fail (self, ASTRIX_ERROR_PHONE_NO_ANSWER, _("The PBX did not say whether your phone answered."));
  return G_SOURCE_REMOVE;
}

static void
originate_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(AstrixPhonePlayback) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);
  g_autofree char *sentence = NULL;

  if (response != NULL || !astrix_phone_playback_is_running (self))
    return;
  sentence = astrix_describe_error (error);
  fail (self, ASTRIX_ERROR_REFUSED, sentence);
}

static gboolean
has_audio_extension (const char *path)
{
  const char *slash = strrchr (path, '/');

  return astrix_recording_is_audio_name (slash != NULL ? slash + 1 : path);
}

/* The PBX's own path was given and this desktop does not see the folder: checks only. */
static char *
pbx_file_from_pbx_path (AstrixPhonePlayback  *self,
                        const char           *pbx_root,
                        GError              **error)
{
  g_autofree char *base = g_strdup (pbx_root);
  gsize len;

  while ((len = strlen (base)) > 1 && base[len - 1] == '/')
    base[len - 1] = '\0';
  if (!astrix_recording_validate_pbx_name (self->recording, error))
    return NULL;
  if (self->recording[0] != '/' || !g_str_has_prefix (self->recording, base) ||
      self->recording[len] != '/')
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("That file is outside the recordings folder: it is not played."));
      return NULL;
    }
  if (has_audio_extension (self->recording))
    return g_strndup (self->recording, strrchr (self->recording, '.') - self->recording);
  return g_strdup (self->recording);
}

/* A recording named without its extension: the file beside it that Asterisk would pick. */
static GFile *
with_extension (GFile *file)
{
  static const char *const extensions[] = { "wav", "WAV", "wav49", "gsm", "ulaw", "alaw", "sln" };
  g_autofree char *path = g_file_get_uri (file);

  if (!g_file_is_native (file))
    return g_object_ref (file);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *uri = g_strconcat (path, ".", extensions[i], NULL);
      g_autoptr(GFile) candidate = g_file_new_for_uri (uri);

      if (g_file_query_exists (candidate, NULL))
        return g_steal_pointer (&candidate);
    }
  return g_object_ref (file);
}

/* The file as Asterisk sees it, without extension; or why it must not be sent. */
static char *
resolve_pbx_file (AstrixPhonePlayback  *self,
                  GError              **error)
{
  const char *uri = astrix_server_config_get_recordings_uri (self->config);
  const char *pbx_root = astrix_server_config_get_pbx_recordings_path (self->config);
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) found = NULL;
  g_autofree char *relative = NULL;

  if (uri == NULL)
    return pbx_file_from_pbx_path (self, pbx_root, error);
  root = g_file_new_for_commandline_arg (uri);
  file = astrix_recording_resolve (root, pbx_root, self->recording, error);
  if (file == NULL)
    return NULL;
  relative = g_file_get_relative_path (root, file);
  found = has_audio_extension (relative) ? g_object_ref (file) : with_extension (file);
  return astrix_recording_map_to_pbx (root, pbx_root, found, error);
}

static gboolean
endpoint_valid (AstrixPhonePlayback  *self,
                GError              **error)
{
  if (g_strcmp0 (self->endpoint, ASTRIX_ENDPOINT_AUDIOSOCKET) == 0)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Your phone is set to this computer: play the recording here "
                             "instead."));
      return FALSE;
    }
  if (self->endpoint == NULL || self->endpoint[0] == '\0' || strchr (self->endpoint, '/') == NULL ||
      !astrix_validate_channel_name (self->endpoint, NULL))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Your phone is not set up: set its channel (for example PJSIP/2000) "
                             "in the server’s preferences."));
      return FALSE;
    }
  return TRUE;
}

/* "ctl@playback-context" names the extension too; "playback-context" alone means s. */
static gboolean
split_context (AstrixPhonePlayback  *self,
               char                **context,
               char                **exten,
               GError              **error)
{
  const char *setting = astrix_server_config_get_playback_context (self->config);
  const char *at = setting != NULL ? strchr (setting, '@') : NULL;

  *context = g_strdup (at != NULL ? at + 1 : setting);
  *exten = at != NULL ? g_strndup (setting, at - setting) : g_strdup ("s");
  if (*context == NULL || (*context)[0] == '\0' || (*exten)[0] == '\0')
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("The dialplan context for playback is not set."));
      return FALSE;
    }
  return TRUE;
}

static AmiAction *
build_originate (AstrixPhonePlayback  *self,
                 gint64                offset_ms,
                 GError              **error)
{
  g_autoptr(AmiAction) originate = ami_action_new ("Originate");

  ami_action_add (originate, "Channel", self->endpoint);
  if (self->method == ASTRIX_PLAYBACK_METHOD_CONTEXT)
    {
      g_autofree char *context = NULL;
      g_autofree char *exten = NULL;

      if (!split_context (self, &context, &exten, error))
        return NULL;
      ami_action_add (originate, "Context", context);
      ami_action_add (originate, "Exten", exten);
      ami_action_add (originate, "Priority", "1");
      ami_action_add_printf (originate, "Variable", "RECFILE=%s", self->pbx_file);
    }
  else
    {
      ami_action_add (originate, "Application", "ControlPlayback");
      /* ControlPlayback(file,skipms,ff,rew,stop,pause,restart,options): o() is the 8th. */
      if (offset_ms > 0)
        ami_action_add_printf (originate, "Data", "%s,%d,,,,,,o(%" G_GINT64_FORMAT ")",
                               self->pbx_file, ASTRIX_PLAYBACK_SKIP_MS, offset_ms);
      else
        ami_action_add_printf (originate, "Data", "%s,%d", self->pbx_file, ASTRIX_PLAYBACK_SKIP_MS);
    }
  ami_action_add (originate, "CallerID", "\"Recording\"");
  ami_action_add_printf (originate, "Timeout", "%d", RING_TIMEOUT_MS);
  ami_action_add (originate, "Async", "true");
  if (!ami_action_check (originate, error))
    return NULL;
  return g_steal_pointer (&originate);
}

static void
send_originate (AstrixPhonePlayback *self,
                AmiAction           *originate,
                gint64               offset_ms)
{
  g_free (self->action_id);
  self->action_id = ami_client_new_action_id (self->client);
  ami_action_set_id (originate, self->action_id);
  self->start_offset = offset_ms;
  self->answered_at = 0;
  g_clear_pointer (&self->status, g_free);
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);
  self->outcome_timeout = g_timeout_add (RING_TIMEOUT_MS + OUTCOME_GRACE_MS, outcome_timed_out,
                                         self);
  set_state (self, ASTRIX_PLAYBACK_REQUESTED);
  ami_client_send_action_async (self->client, originate, NULL, originate_done, g_object_ref (self));
}

static gboolean
refuse_start (AstrixPhonePlayback  *self,
              GError               *local_error,
              GError              **error)
{
  /* Nothing was sent; the playback is over before it began. */
  g_clear_error (&self->error);
  self->error = g_error_copy (local_error);
  g_free (self->end_reason);
  self->end_reason = g_strdup (local_error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  set_state (self, ASTRIX_PLAYBACK_FAILED);
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * astrix_phone_playback_start:
 *
 * Rings the supervisor's phone to play the recording. Fails at once (and sends nothing) when
 * the file is outside the recordings folder, its name cannot go into a dialplan argument, the
 * phone is not set up, or the server is not connected; later outcomes come as state changes.
 */
gboolean
astrix_phone_playback_start (AstrixPhonePlayback  *self,
                             GError              **error)
{
  g_autoptr(AmiAction) originate = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (ASTRIX_IS_PHONE_PLAYBACK (self), FALSE);
  g_return_val_if_fail (self->state == ASTRIX_PLAYBACK_NEW, FALSE);

  if (!endpoint_valid (self, &local_error))
    return refuse_start (self, local_error, error);
  g_free (self->pbx_file);
  self->pbx_file = resolve_pbx_file (self, &local_error);
  if (self->pbx_file == NULL)
    return refuse_start (self, local_error, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PBX_FILE]);
  originate = build_originate (self, 0, &local_error);
  if (originate == NULL)
    return refuse_start (self, local_error, error);
  if (ami_client_get_state (self->client) != AMI_CLIENT_CONNECTED)
    return refuse_start (self, g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                                            _("Not connected to %s."), self->server), error);

  /* CPLAYBACKSTATUS and CPLAYBACKOFFSET are VarSets, class dialplan: until disconnect_client() */
  ami_client_hold_event_class (self->client, "dialplan");
  self->event_handler = g_signal_connect (self->client, "event", G_CALLBACK (on_event), self);
  self->client_state_handler = g_signal_connect (self->client, "notify::state",
                                                 G_CALLBACK (on_client_state), self);
  send_originate (self, originate, 0);
  return TRUE;
}

/* Controls */

typedef struct
{
  AstrixPhonePlayback   *self;
  AstrixPlaybackControl  control;
  char                  *channel;
} Control;

static void
control_free (Control *control)
{
  g_clear_object (&control->self);
  g_free (control->channel);
  g_free (control);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Control, control_free)

/* Asterisk took the control: our clock does what its playback did. */
static void
apply_control (AstrixPhonePlayback   *self,
               AstrixPlaybackControl  control)
{
  gint64 position = astrix_phone_playback_get_position (self);

  switch (control)
    {
    case ASTRIX_PLAYBACK_CONTROL_PAUSE:
      if (self->state == ASTRIX_PLAYBACK_PAUSED)
        {
          set_clock (self, position, TRUE);
          set_state (self, ASTRIX_PLAYBACK_PLAYING);
        }
      else
        {
          set_clock (self, position, FALSE);
          set_state (self, ASTRIX_PLAYBACK_PAUSED);
        }
      break;
    case ASTRIX_PLAYBACK_CONTROL_FORWARD:
      set_clock (self, position + ASTRIX_PLAYBACK_SKIP_MS, self->clock_running);
      break;
    case ASTRIX_PLAYBACK_CONTROL_REVERSE:
      set_clock (self, position - ASTRIX_PLAYBACK_SKIP_MS, self->clock_running);
      break;
    case ASTRIX_PLAYBACK_CONTROL_RESTART:
      set_clock (self, 0, self->clock_running);
      break;
    case ASTRIX_PLAYBACK_CONTROL_STOP:
    default:
      /* CPLAYBACKOFFSET tells where it stopped; then we hang up (capture 11b). */
      send_hangup (self);
      break;
    }
}

static void
control_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(Control) control = data;
  AstrixPhonePlayback *self = control->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  if (!astrix_phone_playback_is_running (self) || g_strcmp0 (control->channel, self->channel) != 0)
    return;
  if (response == NULL)
    {
      g_autofree char *sentence = astrix_describe_error (error);
      g_autofree char *message = NULL;

      switch (control->control)
        {
        case ASTRIX_PLAYBACK_CONTROL_PAUSE:
          message = g_strdup_printf (_("Could not pause or resume the playback: %s"), sentence);
          break;
        case ASTRIX_PLAYBACK_CONTROL_FORWARD:
          message = g_strdup_printf (_("Could not skip forward: %s"), sentence);
          break;
        case ASTRIX_PLAYBACK_CONTROL_REVERSE:
          message = g_strdup_printf (_("Could not skip back: %s"), sentence);
          break;
        case ASTRIX_PLAYBACK_CONTROL_RESTART:
          message = g_strdup_printf (_("Could not start the recording again: %s"), sentence);
          break;
        case ASTRIX_PLAYBACK_CONTROL_STOP:
        default:
          message = g_strdup_printf (_("Could not stop the playback: %s"), sentence);
          break;
        }

      if (control->control == ASTRIX_PLAYBACK_CONTROL_STOP)
        send_hangup (self);
      g_signal_emit (self, signals[WARNING], 0, message);
      return;
    }
  apply_control (self, control->control);
}

static gboolean
check_controllable (AstrixPhonePlayback    *self,
                    AstrixPlaybackControl   control,
                    GError                **error)
{
  if (control == ASTRIX_PLAYBACK_CONTROL_STOP && astrix_phone_playback_is_running (self))
    return TRUE;
  if ((self->state != ASTRIX_PLAYBACK_PLAYING && self->state != ASTRIX_PLAYBACK_PAUSED) ||
      self->channel == NULL)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Nothing is playing on your phone."));
      return FALSE;
    }
  if (!self->controllable &&
      (control == ASTRIX_PLAYBACK_CONTROL_PAUSE || control == ASTRIX_PLAYBACK_CONTROL_RESTART))
    {
      /* Against Playback() these end the playback instead (capture 11, A). */
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("The PBX plays this recording with Playback(), which cannot pause "
                             "or restart. Use the ControlPlayback application for playback."));
      return FALSE;
    }
  return TRUE;
}

/**
 * astrix_phone_playback_control:
 *
 * Pauses (or resumes), skips forward or back by 3 s, restarts or stops the playback on the
 * phone with the `ControlPlayback` action on our channel. `stop` while the phone still rings
 * cancels the call. Returns: %FALSE with @error when the control cannot apply now; a refusal
 * by the PBX comes later as #AstrixPhonePlayback::warning
 */
gboolean
astrix_phone_playback_control (AstrixPhonePlayback    *self,
                               AstrixPlaybackControl   control,
                               GError                **error)
{
  g_autoptr(AmiAction) action = NULL;
  Control *data;

  g_return_val_if_fail (ASTRIX_IS_PHONE_PLAYBACK (self), FALSE);
  g_return_val_if_fail (control <= ASTRIX_PLAYBACK_CONTROL_STOP, FALSE);

  if (!check_controllable (self, control, error))
    return FALSE;
  if (control == ASTRIX_PLAYBACK_CONTROL_STOP)
    {
      if (self->stop_requested)
        return TRUE;
      self->stop_requested = TRUE;
      set_state (self, ASTRIX_PLAYBACK_STOPPING);
      if (self->channel == NULL || self->answered_at == 0)
        {
          /* Still ringing: hang up as soon as the channel is known. */
          send_hangup (self);
          return TRUE;
        }
    }
  action = ami_action_new_with ("ControlPlayback", "Channel", self->channel,
                                "Control", astrix_playback_control_to_string (control), NULL);
  data = g_new0 (Control, 1);
  data->self = g_object_ref (self);
  data->control = control;
  data->channel = g_strdup (self->channel);
  ami_client_send_action_async (self->client, action, NULL, control_done, data);
  return TRUE;
}

/**
 * astrix_phone_playback_seek:
 * @position_ms: where to go on
 *
 * Asterisk cannot jump within a ControlPlayback: a seek hangs up and calls the phone again,
 * starting at @position_ms (option `o`). Only with the ControlPlayback application method.
 */
gboolean
astrix_phone_playback_seek (AstrixPhonePlayback  *self,
                            gint64                position_ms,
                            GError              **error)
{
  g_autoptr(AmiAction) originate = NULL;

  g_return_val_if_fail (ASTRIX_IS_PHONE_PLAYBACK (self), FALSE);

  if (!check_controllable (self, ASTRIX_PLAYBACK_CONTROL_FORWARD, error))
    return FALSE;
  if (self->method != ASTRIX_PLAYBACK_METHOD_APPLICATION)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Seeking on the phone needs the ControlPlayback application method; "
                             "use forward and reverse instead."));
      return FALSE;
    }
  if (self->duration >= 0)
    position_ms = MIN (position_ms, self->duration);
  originate = build_originate (self, MAX (position_ms, 0), error);
  if (originate == NULL)
    return FALSE;

  /* The old call is left behind: its Hangup must not end this playback. */
  g_hash_table_add (self->retired, g_strdup (self->channel));
  if (self->uniqueid != NULL)
    g_hash_table_add (self->retired, g_strdup (self->uniqueid));
  hang_up_channel (self, self->channel, FALSE);
  set_channel (self, NULL, NULL);
  g_clear_pointer (&self->uniqueid, g_free);
  set_clock (self, MAX (position_ms, 0), FALSE);
  send_originate (self, originate, MAX (position_ms, 0));
  return TRUE;
}

/* Ends the playback now: hangs up our channel, or cancels the call while it rings. */
void
astrix_phone_playback_hangup (AstrixPhonePlayback *self)
{
  g_return_if_fail (ASTRIX_IS_PHONE_PLAYBACK (self));

  if (!astrix_phone_playback_is_running (self))
    return;
  self->stop_requested = TRUE;
  set_state (self, ASTRIX_PLAYBACK_STOPPING);
  send_hangup (self);
}

/* Properties and life cycle */

static void
astrix_phone_playback_dispose (GObject *object)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (object);

  if (self->client != NULL)
    {
      disconnect_client (self);
      g_clear_signal_handler (&self->logged_in_handler, self->client);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (astrix_phone_playback_parent_class)->dispose (object);
}

static void
astrix_phone_playback_finalize (GObject *object)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (object);

  g_free (self->recording);
  g_free (self->pbx_file);
  g_free (self->endpoint);
  g_free (self->server);
  g_free (self->action_id);
  g_free (self->channel);
  g_free (self->uniqueid);
  g_free (self->status);
  g_free (self->end_reason);
  g_hash_table_unref (self->retired);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (astrix_phone_playback_parent_class)->finalize (object);
}

static void
astrix_phone_playback_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, astrix_phone_playback_get_position (self));
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_RECORDING:
      g_value_set_string (value, self->recording);
      break;
    case PROP_PBX_FILE:
      g_value_set_string (value, self->pbx_file);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_CONTROLLABLE:
      g_value_set_boolean (value, self->controllable);
      break;
    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;
    case PROP_ENDED:
      g_value_set_int64 (value, self->ended);
      break;
    case PROP_END_REASON:
      g_value_set_string (value, self->end_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_phone_playback_class_init (AstrixPhonePlaybackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_phone_playback_dispose;
  object_class->finalize = astrix_phone_playback_finalize;
  object_class->get_property = astrix_phone_playback_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ASTRIX_TYPE_PLAYBACK_STATE, ASTRIX_PLAYBACK_NEW, flags);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_RECORDING] = g_param_spec_string ("recording", NULL, NULL, NULL, flags);
  properties[PROP_PBX_FILE] = g_param_spec_string ("pbx-file", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, NULL, flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, flags);
  properties[PROP_ENDPOINT] = g_param_spec_string ("endpoint", NULL, NULL, NULL, flags);
  properties[PROP_CONTROLLABLE] =
    g_param_spec_boolean ("controllable", NULL, NULL, TRUE, flags);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENDED] = g_param_spec_int64 ("ended", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_END_REASON] = g_param_spec_string ("end-reason", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixPhonePlayback::warning:
   * @message: a sentence for the supervisor
   *
   * Something went wrong that does not end the playback (a control the PBX refused).
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
astrix_phone_playback_init (AstrixPhonePlayback *self)
{
  self->duration = -1;
  self->time_scale = 1.0;
  self->controllable = TRUE;
  self->retired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * astrix_phone_playback_new:
 * @recording: a recording URI, a path on this desktop, a path relative to the recordings
 *   folder, or the path the PBX sees
 */
AstrixPhonePlayback *
astrix_phone_playback_new (AmiClient          *client,
                           AstrixServerConfig *config,
                           const char         *recording)
{
  AstrixPhonePlayback *self = g_object_new (ASTRIX_TYPE_PHONE_PLAYBACK, NULL);

  self->client = g_object_ref (client);
  self->config = g_object_ref (config);
  self->recording = g_strdup (recording);
  self->endpoint = g_strdup (astrix_server_config_get_endpoint (config));
  self->server = g_strdup (astrix_server_config_get_name (config));
  self->method = astrix_server_config_get_playback_method (config);
  return self;
}

/* How many of the PBX's seconds pass in one of ours (the simulated PBX's time scale, inverted). */
void
_astrix_phone_playback_set_time_scale (AstrixPhonePlayback *self,
                                       double               scale)
{
  g_return_if_fail (scale > 0);
  self->time_scale = scale;
}

AstrixPlaybackState
astrix_phone_playback_get_state (AstrixPhonePlayback *self)
{
  return self->state;
}

/* Returns: the duration in ms, or -1 when not known */
gint64
astrix_phone_playback_get_duration (AstrixPhonePlayback *self)
{
  return self->duration;
}

/* The recording's duration, when known: the clock stops there. */
void
astrix_phone_playback_set_duration (AstrixPhonePlayback *self,
                                    gint64               duration_ms)
{
  g_return_if_fail (ASTRIX_IS_PHONE_PLAYBACK (self));

  if (self->duration == duration_ms)
    return;
  self->duration = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

/* Returns: the recording as it was given */
const char *
astrix_phone_playback_get_recording (AstrixPhonePlayback *self)
{
  return self->recording;
}

/* Returns: (nullable): the file as the PBX plays it, without extension, once started */
const char *
astrix_phone_playback_get_pbx_file (AstrixPhonePlayback *self)
{
  return self->pbx_file;
}

/* Returns: (nullable): our channel on the supervisor's phone, once known */
const char *
astrix_phone_playback_get_channel (AstrixPhonePlayback *self)
{
  return self->channel;
}

const char *
astrix_phone_playback_get_server (AstrixPhonePlayback *self)
{
  return self->server;
}

const char *
astrix_phone_playback_get_endpoint (AstrixPhonePlayback *self)
{
  return self->endpoint;
}

AstrixPlaybackMethod
astrix_phone_playback_get_method (AstrixPhonePlayback *self)
{
  return self->method;
}

/* Returns: whether pause and restart work (FALSE once the PBX showed it runs Playback()) */
gboolean
astrix_phone_playback_get_controllable (AstrixPhonePlayback *self)
{
  return self->controllable;
}

/* Returns: when the phone answered (g_get_real_time()), or 0 */
gint64
astrix_phone_playback_get_started (AstrixPhonePlayback *self)
{
  return self->started;
}

/* Returns: when the playback ended or failed (g_get_real_time()), or 0 */
gint64
astrix_phone_playback_get_ended (AstrixPhonePlayback *self)
{
  return self->ended;
}

/* Returns: (nullable): why the playback failed */
const GError *
astrix_phone_playback_get_error (AstrixPhonePlayback *self)
{
  return self->error;
}

/* Returns: (nullable): how the playback ended or failed, as a sentence */
const char *
astrix_phone_playback_get_end_reason (AstrixPhonePlayback *self)
{
  return self->end_reason;
}

/* Returns: the state in words, for a status line */
const char *
astrix_phone_playback_describe_state (AstrixPhonePlayback *self)
{
  switch (self->state)
    {
    case ASTRIX_PLAYBACK_REQUESTED:
      return _("Calling your phone…");
    case ASTRIX_PLAYBACK_RINGING:
      return _("Your phone is ringing…");
    case ASTRIX_PLAYBACK_PLAYING:
      return _("Playing on your phone");
    case ASTRIX_PLAYBACK_PAUSED:
      return _("Paused on your phone");
    case ASTRIX_PLAYBACK_STOPPING:
      return _("Stopping…");
    case ASTRIX_PLAYBACK_ENDED:
    case ASTRIX_PLAYBACK_FAILED:
      return self->end_reason != NULL ? self->end_reason : _("Playback ended.");
    case ASTRIX_PLAYBACK_NEW:
    default:
      return "";
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-monitor"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-audio-stream.h"
#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-glib-private.h"
#include "astrix-monitor-session-private.h"
#include "astrix-phone-call-private.h"

/*
 * One listen / whisper / barge session: ChanSpy on the supervisor's own phone.
 *
 * The call to the phone (or to this computer, over AudioSocket) is an AstrixPhoneCall: the
 * Originate, its outcome, ringing, stopping by Hangup. Once answered, ChanSpy attaches to the
 * exact target (option u) and Asterisk sends ChanSpyStart naming our channel as the spyer: the
 * session is active. Asterisk sends nothing when the target no longer exists, so a timer after
 * the answer turns silence into "the call has ended". Mode switches are DTMF 4/5/6 played
 * *into* our channel (PlayDTMF Receive: true, option d); Asterisk reports no event for them,
 * so the session keeps the mode itself. ChanSpy stays up after the spied call ends unless told
 * otherwise (option E), and we hang up on ChanSpyStop anyway, for sites whose contexts lack E.
 */

#define TARGET_TIMEOUT_APP_MS      3000
#define TARGET_TIMEOUT_CONTEXTS_MS 10000

struct _AstrixMonitorSession
{
  GObject             parent_instance;

  AstrixPhoneCall    *call;          /* the Originate to the phone, its outcome, the Hangup */
  AmiClient          *client;
  AstrixServerConfig *config;
  char               *target;
  char               *target_caller;

  AstrixSessionState  state;
  AstrixMonitorMode   mode;          /* what ChanSpy does, as far as we know */
  AstrixMonitorMode   wanted_mode;   /* asked for before ChanSpy was attached */
  char               *spyee_uniqueid;
  gboolean            spyee_hung_up;
  gint64              started;       /* real time when ChanSpy attached */

  guint               target_timeout;
  guint               target_timeout_ms;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_MODE,
  PROP_TARGET,
  PROP_TARGET_CALLER,
  PROP_CHANNEL,
  PROP_STARTED,
  PROP_END_REASON,
  PROP_AUDIO_STREAM,
  N_PROPS
};

enum {
  WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixMonitorSession, astrix_monitor_session, G_TYPE_OBJECT)

static const char *mode_names[] = { "listen", "whisper", "barge" };
static const char mode_digits[] = { '4', '5', '6' };

const char *
astrix_monitor_mode_to_string (AstrixMonitorMode mode)
{
  g_return_val_if_fail (mode <= ASTRIX_MONITOR_MODE_BARGE, NULL);
  return mode_names[mode];
}

gboolean
astrix_monitor_mode_from_string (const char        *text,
                                 AstrixMonitorMode *mode)
{
  int i = _astrix_name_index (mode_names, G_N_ELEMENTS (mode_names), text);

  if (i < 0)
    return FALSE;
  *mode = i;
  return TRUE;
}

gboolean
astrix_monitor_session_is_running (AstrixMonitorSession *self)
{
  return self->state != ASTRIX_SESSION_NEW && self->state != ASTRIX_SESSION_ENDED &&
         self->state != ASTRIX_SESSION_FAILED;
}

static void
set_state (AstrixMonitorSession *self,
           AstrixSessionState    state)
{
  if (self->state == state)
    return;
  g_debug ("session on %s: state %d -> %d", self->target, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
end_session (AstrixMonitorSession *self,
             gboolean              failed,
             const char           *end_reason)
{
  astrix_phone_call_finish (self->call, failed, NULL, end_reason);
}

static void
fail (AstrixMonitorSession *self,
      AstrixError           code,
      const char           *message)
{
  astrix_phone_call_fail (self->call, code, message);
}

static void
update_talking (AstrixMonitorSession *self)
{
  AstrixAudioStream *stream = astrix_phone_call_get_audio_stream (self->call);

  if (stream != NULL)
    astrix_audio_stream_set_talking (stream, self->mode != ASTRIX_MONITOR_MODE_LISTEN);
}

/* What the call tells */

static void
on_call_channel (GObject *owner)
{
  g_object_notify_by_pspec (owner, properties[PROP_CHANNEL]);
}

static void
on_call_ringing (GObject *owner)
{
  set_state (ASTRIX_MONITOR_SESSION (owner), ASTRIX_SESSION_RINGING);
}

static gboolean
target_timed_out (gpointer data)
{
  AstrixMonitorSession *self = data;

  self->target_timeout = 0;
  /* ChanSpy found nothing to attach to: it would keep the phone on the line hunting. */
  astrix_phone_call_hang_up (self->call);
  fail (self, ASTRIX_ERROR_TARGET_GONE, _("The call you wanted to monitor has ended."));
  return G_SOURCE_REMOVE;
}

static void
on_call_answered (GObject *owner)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (owner);

  set_state (self, ASTRIX_SESSION_CONNECTING);
  self->target_timeout = g_timeout_add (self->target_timeout_ms, target_timed_out, self);
}

static void send_mode (AstrixMonitorSession *self, AstrixMonitorMode mode);

static void
handle_spy_start (AstrixMonitorSession *self,
                  AmiMessage           *event)
{
  if (self->state != ASTRIX_SESSION_CONNECTING && self->state != ASTRIX_SESSION_ACTIVE)
    return;

  g_clear_handle_id (&self->target_timeout, g_source_remove);
  g_free (self->spyee_uniqueid);
  self->spyee_uniqueid = g_strdup (ami_message_get (event, "SpyeeUniqueid"));
  if (self->started == 0)
    {
      self->started = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }
  set_state (self, ASTRIX_SESSION_ACTIVE);
  if (self->wanted_mode != self->mode)
    send_mode (self, self->wanted_mode);
}

static void
handle_spy_stop (AstrixMonitorSession *self)
{
  /* Without E ChanSpy would keep the phone on the line, hunting for another call. */
  if (self->state == ASTRIX_SESSION_ACTIVE || self->state == ASTRIX_SESSION_CONNECTING)
    {
      set_state (self, ASTRIX_SESSION_STOPPING);
      astrix_phone_call_set_stopping (self->call);
    }
  astrix_phone_call_hang_up (self->call);
}

static void
on_call_event (GObject    *owner,
               AmiMessage *event)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (owner);
  const char *name = ami_message_get_name (event);

  if (strcmp (name, "ChanSpyStart") == 0)
    {
      if (astrix_phone_call_is_ours (self->call, event, "SpyerUniqueid", "SpyerChannel"))
        handle_spy_start (self, event);
    }
  else if (strcmp (name, "ChanSpyStop") == 0)
    {
      if (astrix_phone_call_is_ours (self->call, event, "SpyerUniqueid", "SpyerChannel"))
        handle_spy_stop (self);
    }
  else if (strcmp (name, "Hangup") == 0)
    {
      if (self->spyee_uniqueid != NULL &&
          g_strcmp0 (ami_message_get (event, "Uniqueid"), self->spyee_uniqueid) == 0)
        self->spyee_hung_up = TRUE;
    }
}

/* Our channel hung up, unasked, after the answer. */
static void
on_call_hung_up (GObject *owner)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (owner);
  const char *missing_audio = astrix_phone_call_get_missing_audio (self->call);

  if (self->spyee_hung_up)
    end_session (self, FALSE, _("The call has ended."));
  else if (missing_audio != NULL)
    fail (self, ASTRIX_ERROR_PHONE_UNREACHABLE, missing_audio);
  else if (self->started == 0)
    fail (self, ASTRIX_ERROR_TARGET_GONE, _("The call you wanted to monitor has ended."));
  else if (astrix_phone_call_is_on_this_computer (self->call))
    end_session (self, FALSE, _("The PBX ended the call’s audio on this computer."));
  else
    end_session (self, FALSE, _("Your phone hung up."));
}

static void
on_call_ended (GObject *owner)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (owner);

  g_clear_handle_id (&self->target_timeout, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  set_state (self, astrix_phone_call_get_failed (self->call) ? ASTRIX_SESSION_FAILED
                                                             : ASTRIX_SESSION_ENDED);
}

static void
on_call_audio_started (GObject *owner)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (owner);

  update_talking (self);
  g_object_notify_by_pspec (owner, properties[PROP_AUDIO_STREAM]);
}

static void
on_call_warning (GObject    *owner,
                 const char *message)
{
  g_signal_emit (owner, signals[WARNING], 0, message);
}

static const AstrixPhoneCallHooks call_hooks = {
  .stopped = N_("Monitoring stopped."),
  .cancelled = N_("Monitoring was cancelled."),
  .lost = N_("The connection to the PBX was lost during monitoring."),
  .channel_changed = on_call_channel,
  .ringing = on_call_ringing,
  .answered = on_call_answered,
  .event = on_call_event,
  .hung_up = on_call_hung_up,
  .ended = on_call_ended,
  .audio_started = on_call_audio_started,
  .warning = on_call_warning,
};

/* Starting */

static gboolean
spy_groups_valid (const char * const *groups)
{
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    {
      if (groups[i][0] == '\0')
        return FALSE;
      for (const char *p = groups[i]; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
            return FALSE;
        }
    }
  return TRUE;
}

/* ChanSpy options: q quiet, u exact target, E end with it, b bridged only, d DTMF mode
 * switching, w / B to start whispering / barging, g(...) the supervisor's spy groups. */
static char *
chanspy_options (AstrixMonitorSession *self)
{
  const char * const *groups = astrix_server_config_get_spy_groups (self->config);
  GString *options = g_string_new ("quE");

  if (astrix_server_config_get_bridged_only (self->config))
    g_string_append_c (options, 'b');
  g_string_append_c (options, 'd');
  if (self->mode == ASTRIX_MONITOR_MODE_WHISPER)
    g_string_append_c (options, 'w');
  else if (self->mode == ASTRIX_MONITOR_MODE_BARGE)
    g_string_append_c (options, 'B');
  if (groups != NULL && groups[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (":", (char **) groups);

      g_string_append_printf (options, "g(%s)", joined);
    }
  return g_string_free (options, FALSE);
}

static const char *
mode_context (AstrixMonitorSession *self)
{
  switch (self->mode)
    {
    case ASTRIX_MONITOR_MODE_WHISPER:
      return astrix_server_config_get_whisper_context (self->config);
    case ASTRIX_MONITOR_MODE_BARGE:
      return astrix_server_config_get_barge_context (self->config);
    case ASTRIX_MONITOR_MODE_LISTEN:
    default:
      return astrix_server_config_get_listen_context (self->config);
    }
}

/* The name other supervisors see in "monitored by" (ChanSpyStart's SpyerCallerIDName): the
 * person at this desktop, without anything that would break the CallerID header's quoting. */
static char *
supervisor_caller_id (void)
{
  const char *name = g_get_real_name ();
  GString *clean = g_string_new (NULL);

  if (name == NULL || name[0] == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  if (g_utf8_validate (name, -1, NULL))
    {
      for (const char *p = name; *p != '\0' && clean->len < 40; p = g_utf8_next_char (p))
        {
          if ((guchar) *p >= 0x20 && strchr ("\"<>\\", *p) == NULL)
            g_string_append_len (clean, p, g_utf8_next_char (p) - p);
        }
    }
  if (clean->len == 0)
    g_string_assign (clean, "Astrix Assist");
  g_string_prepend_c (clean, '"');
  g_string_append_c (clean, '"');
  return g_string_free (clean, FALSE);
}


static AmiAction *
build_originate (AstrixMonitorSession  *self,
                 GError               **error)
{
  g_autoptr(AmiAction) originate = NULL;
  g_autofree char *caller_id = NULL;

  if (!astrix_validate_channel_name (self->target, error) ||
      !astrix_phone_call_check_endpoint (self->call, error))
    return NULL;
  if (!spy_groups_valid (astrix_server_config_get_spy_groups (self->config)))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("A spy group name may contain only letters, digits, “-” and “_”."));
      return NULL;
    }

  originate = astrix_phone_call_new_originate (self->call);
  if (astrix_server_config_get_monitor_method (self->config) == ASTRIX_MONITOR_METHOD_CONTEXTS)
    {
      const char *context = mode_context (self);

      if (context == NULL || context[0] == '\0')
        {
          g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                               _("The dialplan context for this mode is not set."));
          return NULL;
        }
      ami_action_add (originate, "Context", context);
      ami_action_add (originate, "Exten", "s");
      ami_action_add (originate, "Priority", "1");
      ami_action_add_printf (originate, "Variable", "SPYTARGET=%s", self->target);
    }
  else
    {
      g_autofree char *options = chanspy_options (self);

      ami_action_add (originate, "Application", "ChanSpy");
      ami_action_add_printf (originate, "Data", "%s,%s", self->target, options);
    }
  caller_id = supervisor_caller_id ();
  if (!astrix_phone_call_end_originate (self->call, originate, caller_id, error))
    return NULL;
  return g_steal_pointer (&originate);
}

/**
 * astrix_monitor_session_start:
 *
 * Rings the supervisor's phone to monitor the target. Fails at once (and sends nothing) when
 * the target, endpoint or settings cannot go into the Originate, or when not connected; all
 * later outcomes come as state changes.
 */
gboolean
astrix_monitor_session_start (AstrixMonitorSession  *self,
                              GError               **error)
{
  g_autoptr(AmiAction) originate = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ASTRIX_IS_MONITOR_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == ASTRIX_SESSION_NEW, FALSE);

  if (astrix_phone_call_check_connected (self->call, NULL) &&
      astrix_validate_channel_name (self->target, NULL))
    astrix_phone_call_prepare_audio (self->call, &local_error);
  if (local_error == NULL)
    originate = build_originate (self, &local_error);
  if (local_error == NULL)
    astrix_phone_call_check_connected (self->call, &local_error);
  if (local_error != NULL)
    {
      /* Nothing was sent; the session is over before it began. */
      astrix_phone_call_refuse (self->call, local_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
      set_state (self, ASTRIX_SESSION_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  set_state (self, ASTRIX_SESSION_REQUESTED);
  astrix_phone_call_send (self->call, originate);
  return TRUE;
}

/* Mode switching */

typedef struct
{
  AstrixMonitorSession *self;
  AstrixMonitorMode     mode;
} ModeChange;

static void
play_dtmf_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ModeChange *change = data;
  g_autoptr(AstrixMonitorSession) self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  if (response != NULL)
    {
      /* Asterisk reports no event for the switch: the session records the mode itself. */
      if (self->mode != change->mode)
        {
          self->mode = change->mode;
          update_talking (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
        }
    }
  else if (astrix_monitor_session_is_running (self))
    {
      g_autofree char *sentence = astrix_describe_error (error);
      g_autofree char *message = NULL;

      switch (change->mode)
        {
        case ASTRIX_MONITOR_MODE_WHISPER:
          message = g_strdup_printf (_("Could not switch to whispering: %s"), sentence);
          break;
        case ASTRIX_MONITOR_MODE_BARGE:
          message = g_strdup_printf (_("Could not switch to barging in: %s"), sentence);
          break;
        case ASTRIX_MONITOR_MODE_LISTEN:
        default:
          message = g_strdup_printf (_("Could not switch to listening: %s"), sentence);
          break;
        }

      self->wanted_mode = self->mode;
      update_talking (self);
      g_signal_emit (self, signals[WARNING], 0, message);
    }
  g_free (change);
}

static void
send_mode (AstrixMonitorSession *self,
           AstrixMonitorMode     mode)
{
  g_autoptr(AmiAction) dtmf = NULL;
  char digit[2] = { mode_digits[mode], '\0' };
  ModeChange *change;

  /* Receive: true plays the digit into our channel, where ChanSpy hears it; without it the
   * digit would go out to the phone and nothing would change. */
  dtmf = ami_action_new_with ("PlayDTMF", "Channel", astrix_phone_call_get_channel (self->call),
                              "Digit", digit,
                              "Receive", "true", NULL);
  change = g_new0 (ModeChange, 1);
  change->self = g_object_ref (self);
  change->mode = mode;
  ami_client_send_action_async (self->client, dtmf, NULL, play_dtmf_done, change);
}

/**
 * astrix_monitor_session_set_mode:
 *
 * Switches between listening, whispering and barging without redialing. Before ChanSpy has
 * attached, the switch is made as soon as it does.
 */
void
astrix_monitor_session_set_mode (AstrixMonitorSession *self,
                                 AstrixMonitorMode     mode)
{
  g_return_if_fail (ASTRIX_IS_MONITOR_SESSION (self));
  g_return_if_fail (mode <= ASTRIX_MONITOR_MODE_BARGE);

  if (self->state == ASTRIX_SESSION_NEW)
    {
      self->mode = self->wanted_mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
      return;
    }
  if (!astrix_monitor_session_is_running (self) || self->state == ASTRIX_SESSION_STOPPING)
    return;

  self->wanted_mode = mode;
  /* The microphone closes the moment the supervisor asks; it opens once the PBX switched. */
  if (mode == ASTRIX_MONITOR_MODE_LISTEN && astrix_phone_call_get_audio_stream (self->call) != NULL)
    astrix_audio_stream_set_talking (astrix_phone_call_get_audio_stream (self->call), FALSE);
  if (self->state == ASTRIX_SESSION_ACTIVE && astrix_phone_call_get_channel (self->call) != NULL)
    send_mode (self, mode);
}

/* Ends the session: hangs up our channel, or cancels the call while it is being set up. */
void
astrix_monitor_session_stop (AstrixMonitorSession *self)
{
  g_return_if_fail (ASTRIX_IS_MONITOR_SESSION (self));

  if (!astrix_monitor_session_is_running (self) ||
      astrix_phone_call_get_stop_requested (self->call))
    return;

  astrix_phone_call_request_stop (self->call);
  set_state (self, ASTRIX_SESSION_STOPPING);
  astrix_phone_call_hang_up (self->call);
}

/* Properties and life cycle */

static void
astrix_monitor_session_dispose (GObject *object)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (object);

  g_clear_handle_id (&self->target_timeout, g_source_remove);
  if (self->call != NULL)
    astrix_phone_call_detach (self->call);
  g_clear_object (&self->call);
  g_clear_object (&self->client);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (astrix_monitor_session_parent_class)->dispose (object);
}

static void
astrix_monitor_session_finalize (GObject *object)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (object);

  g_free (self->target);
  g_free (self->target_caller);
  g_free (self->spyee_uniqueid);

  G_OBJECT_CLASS (astrix_monitor_session_parent_class)->finalize (object);
}

static void
astrix_monitor_session_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_TARGET_CALLER:
      g_value_set_string (value, self->target_caller);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, astrix_phone_call_get_channel (self->call));
      break;
    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;
    case PROP_END_REASON:
      g_value_set_string (value, astrix_phone_call_get_end_reason (self->call));
      break;
    case PROP_AUDIO_STREAM:
      g_value_set_object (value, astrix_phone_call_get_audio_stream (self->call));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_monitor_session_class_init (AstrixMonitorSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_monitor_session_dispose;
  object_class->finalize = astrix_monitor_session_finalize;
  object_class->get_property = astrix_monitor_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ASTRIX_TYPE_SESSION_STATE, ASTRIX_SESSION_NEW, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, ASTRIX_TYPE_MONITOR_MODE, ASTRIX_MONITOR_MODE_LISTEN,
                       flags);
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_CALLER] = g_param_spec_string ("target-caller", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, NULL, flags);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_END_REASON] = g_param_spec_string ("end-reason", NULL, NULL, NULL, flags);
  /**
   * AstrixMonitorSession:audio-stream:
   *
   * The call's audio on this computer (endpoint "audiosocket"), once the PBX has connected;
   * %NULL with a phone. It stays, closed, after the session ends.
   */
  properties[PROP_AUDIO_STREAM] =
    g_param_spec_object ("audio-stream", NULL, NULL, ASTRIX_TYPE_AUDIO_STREAM, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixMonitorSession::warning:
   * @message: a sentence for the supervisor
   *
   * Something went wrong that does not end the session (a mode switch the PBX refused).
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
astrix_monitor_session_init (AstrixMonitorSession *self)
{
}

/**
 * astrix_monitor_session_new:
 * @target: the exact name of the channel to monitor (`PJSIP/1001-0000002a`)
 * @target_caller: (nullable): who is on that channel, for display
 */
AstrixMonitorSession *
astrix_monitor_session_new (AmiClient          *client,
                            AstrixServerConfig *config,
                            const char         *target,
                            const char         *target_caller,
                            AstrixMonitorMode   mode)
{
  AstrixMonitorSession *self = g_object_new (ASTRIX_TYPE_MONITOR_SESSION, NULL);

  self->client = g_object_ref (client);
  self->config = g_object_ref (config);
  self->target = g_strdup (target);
  self->target_caller = g_strdup (target_caller);
  self->call = astrix_phone_call_new (client, config, G_OBJECT (self), &call_hooks);
  self->mode = self->wanted_mode = mode;
  self->target_timeout_ms =
    astrix_server_config_get_monitor_method (config) == ASTRIX_MONITOR_METHOD_CONTEXTS
      ? TARGET_TIMEOUT_CONTEXTS_MS : TARGET_TIMEOUT_APP_MS;
  return self;
}

/* How long to wait after the answer for ChanSpy to attach before calling the target gone. */
void
_astrix_monitor_session_set_target_timeout (AstrixMonitorSession *self,
                                            guint                 ms)
{
  self->target_timeout_ms = ms;
}

AstrixSessionState
astrix_monitor_session_get_state (AstrixMonitorSession *self)
{
  return self->state;
}

AstrixMonitorMode
astrix_monitor_session_get_mode (AstrixMonitorSession *self)
{
  return self->mode;
}

const char *
astrix_monitor_session_get_target (AstrixMonitorSession *self)
{
  return self->target;
}

const char *
astrix_monitor_session_get_target_caller (AstrixMonitorSession *self)
{
  return self->target_caller;
}

/* Returns: when ChanSpy attached (g_get_real_time()), or 0 */
gint64
astrix_monitor_session_get_started (AstrixMonitorSession *self)
{
  return self->started;
}

/* Returns: (transfer none): the call on the supervisor's phone: who was called on which server,
 *   the audio on this computer, and how the session ended or why it failed */
AstrixPhoneCall *
astrix_monitor_session_get_call (AstrixMonitorSession *self)
{
  return self->call;
}

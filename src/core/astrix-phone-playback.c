/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-playback"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-phone-call-private.h"
#include "astrix-phone-playback-private.h"

/*
 * A recording played by the PBX on the supervisor's own phone.
 *
 * The call to the phone is an AstrixPhoneCall (the Originate, its outcome, ringing, stopping
 * by Hangup, the channels a seek leaves behind); this object keeps ControlPlayback. The
 * Originate rings the phone with `Application: ControlPlayback` and the file as Asterisk
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
 *
 * Newexten and VarSet are class dialplan, which the connection leaves out of its event mask:
 * the playback asks for it only in windows around the moments its own events come (see
 * astrix-phone-playback-window.c for which, and why they catch what they wait for).
 */

#define TICK_MS           250
/* A playback that ends this soon after the answer, with no status, did not find its file. */
#define INSTANT_END_MS    1000
/* The PBX's ms, from the playback seen starting, that the start window stays open. */
#define START_WINDOW_MS   (2 * INSTANT_END_MS)
/* The PBX's ms before the end our clock expects, when the end window opens. */
#define END_LEAD_MS       5000
/* Real ms after a control's answer that the control window stays open. */
#define CONTROL_LINGER_MS 500

struct _AstrixPhonePlayback
{
  GObject              parent_instance;

  AstrixPhoneCall     *call;           /* the Originate to the phone, its outcome, the Hangup */
  AmiClient           *client;
  AstrixServerConfig  *config;
  char                *recording;      /* as given: a URI or path */
  char                *pbx_file;       /* as Asterisk sees it, without extension */
  AstrixPlaybackMethod method;
  AmiAction           *originate;      /* checked, not sent yet */

  AstrixPlaybackState  state;
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

  guint                tick_id;
  AstrixPlaybackWindows *windows;      /* when we ask for dialplan events */
  guint                controls_sent;  /* ControlPlayback actions not answered yet */
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

/* The PBX's @ms in ours (timers) */
static guint
real_ms (AstrixPhonePlayback *self,
         gint64               ms)
{
  return (guint) CLAMP (ms * self->time_scale, 0, G_MAXUINT);
}

/* The end window: open for the last END_LEAD_MS our clock expects, closed while it stands.
 * Once a status came or a stop was asked for, the call ends soon: nothing changes then. */
static void
update_end_window (AstrixPhonePlayback *self)
{
  gint64 remaining;

  if (!astrix_phone_playback_is_running (self) || self->status != NULL ||
      self->state == ASTRIX_PLAYBACK_STOPPING)
    return;
  if (self->duration < 0)
    {
      /* Not knowing the length, we cannot know when the end comes: held all along. */
      _astrix_playback_windows_set (self->windows, ASTRIX_PLAYBACK_WINDOW_END, TRUE);
      return;
    }
  remaining = self->duration - astrix_phone_playback_get_position (self);
  _astrix_playback_windows_set (self->windows, ASTRIX_PLAYBACK_WINDOW_END,
                                self->clock_running && remaining <= END_LEAD_MS);
  if (self->clock_running && remaining > END_LEAD_MS)
    _astrix_playback_windows_set_in (self->windows, ASTRIX_PLAYBACK_WINDOW_END, TRUE,
                                     real_ms (self, remaining - END_LEAD_MS));
}

/* The playback was seen starting: a missing file, or which application plays, shows now. */
static void
started_seen (AstrixPhonePlayback *self)
{
  if (_astrix_playback_windows_get (self->windows, ASTRIX_PLAYBACK_WINDOW_START))
    _astrix_playback_windows_set_in (self->windows, ASTRIX_PLAYBACK_WINDOW_START, FALSE,
                                     real_ms (self, START_WINDOW_MS));
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
  update_end_window (self);
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
finish (AstrixPhonePlayback *self,
        gboolean             failed,
        GError              *error,
        const char          *end_reason)
{
  astrix_phone_call_finish (self->call, failed, error, end_reason);
}

static void
send_hangup (AstrixPhonePlayback *self)
{
  astrix_phone_call_hang_up (self->call);
}

/* Events */


static GError *
not_found_error (AstrixPhonePlayback *self)
{
  return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND,
                      _("The PBX cannot find or play the recording “%s”. Check that the "
                        "recordings folder the PBX sees is set right."), self->pbx_file);
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
  if (self->method == ASTRIX_PLAYBACK_METHOD_CONTEXT)
    started_seen (self);
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
  if (g_strcmp0 (self->status, "FAILED") == 0 || g_strcmp0 (self->status, "ERROR") == 0 ||
           ended_at_once (self))
    finish (self, TRUE, not_found_error (self), NULL);
  else if (g_strcmp0 (self->status, "SUCCESS") == 0)
    {
      if (self->duration >= 0)
        set_clock (self, self->duration, FALSE);
      finish (self, FALSE, NULL, _("The recording has played to the end."));
    }
  else if (g_strcmp0 (self->status, "USERSTOPPED") == 0)
    finish (self, FALSE, NULL, _("Stopped from the phone."));
  else
    finish (self, FALSE, NULL, _("Your phone hung up."));
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
  set_state (ASTRIX_PHONE_PLAYBACK (owner), ASTRIX_PLAYBACK_RINGING);
}

static void
on_call_answered (GObject *owner)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (owner);

  self->answered_at = g_get_monotonic_time ();
  if (self->started == 0)
    {
      self->started = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }
  /* Answered: ControlPlayback starts at once (a dialplan may wait: Newexten corrects). */
  set_clock (self, self->start_offset, TRUE);
  set_state (self, ASTRIX_PLAYBACK_PLAYING);
  if (self->method == ASTRIX_PLAYBACK_METHOD_APPLICATION)
    started_seen (self);
}

static void
on_call_event (GObject    *owner,
               AmiMessage *event)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (owner);
  const char *name = ami_message_get_name (event);

  if (strcmp (name, "VarSet") == 0)
    {
      if (astrix_phone_call_is_ours (self->call, event, "Uniqueid", "Channel"))
        handle_var_set (self, event);
    }
  else if (strcmp (name, "Newexten") == 0)
    {
      if (astrix_phone_call_is_ours (self->call, event, "Uniqueid", "Channel"))
        handle_new_exten (self, event);
    }
}

static void
on_call_hung_up (GObject *owner)
{
  handle_our_hangup (ASTRIX_PHONE_PLAYBACK (owner));
}

static void
on_call_ended (GObject *owner)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (owner);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->clock_running)
    set_clock (self, astrix_phone_playback_get_position (self), FALSE);
  _astrix_playback_windows_close_all (self->windows);
  self->ended = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  set_state (self, astrix_phone_call_get_failed (self->call) ? ASTRIX_PLAYBACK_FAILED
                                                             : ASTRIX_PLAYBACK_ENDED);
}

static const AstrixPhoneCallHooks call_hooks = {
  .stopped = N_("Playback stopped."),
  .cancelled = N_("Playback was cancelled."),
  .lost = N_("The connection to the PBX was lost during the playback."),
  .channel_changed = on_call_channel,
  .ringing = on_call_ringing,
  .answered = on_call_answered,
  .event = on_call_event,
  .hung_up = on_call_hung_up,
  .ended = on_call_ended,
};

/* Starting */

static gboolean
endpoint_valid (AstrixPhonePlayback  *self,
                GError              **error)
{
  if (astrix_phone_call_is_on_this_computer (self->call))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Your phone is set to this computer: play the recording here "
                             "instead."));
      return FALSE;
    }
  return astrix_phone_call_check_endpoint (self->call, error);
}

static void
send_originate (AstrixPhonePlayback *self,
                AmiAction           *originate,
                gint64               offset_ms)
{
  self->start_offset = offset_ms;
  self->answered_at = 0;
  g_clear_pointer (&self->status, g_free);
  set_state (self, ASTRIX_PLAYBACK_REQUESTED);
  _astrix_playback_windows_set (self->windows, ASTRIX_PLAYBACK_WINDOW_START, TRUE);
  astrix_phone_call_send (self->call, originate);
}

static gboolean
refuse_start (AstrixPhonePlayback  *self,
              GError               *local_error,
              GError              **error)
{
  /* Nothing was sent; the playback is over before it began. */
  astrix_phone_call_refuse (self->call, local_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  set_state (self, ASTRIX_PLAYBACK_FAILED);
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * _astrix_phone_playback_prepare:
 *
 * Everything astrix_phone_playback_start() checks before it sends, without sending: whether
 * the file may be played and the phone is set up. On failure the playback has failed, with
 * @error. The owner of the phone checks this before it ends the call that runs.
 */
gboolean
_astrix_phone_playback_prepare (AstrixPhonePlayback  *self,
                                GError              **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (ASTRIX_IS_PHONE_PLAYBACK (self), FALSE);
  g_return_val_if_fail (self->state == ASTRIX_PLAYBACK_NEW, FALSE);

  if (self->originate != NULL)
    return TRUE;
  if (!endpoint_valid (self, &local_error))
    return refuse_start (self, local_error, error);
  g_free (self->pbx_file);
  self->pbx_file = _astrix_phone_playback_resolve_file (self->config, self->recording,
                                                        &local_error);
  if (self->pbx_file == NULL)
    return refuse_start (self, local_error, error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PBX_FILE]);
  self->originate = _astrix_phone_playback_build_originate (self->call, self->config, self->method,
                                                           self->pbx_file, 0, &local_error);
  if (self->originate == NULL)
    return refuse_start (self, local_error, error);
  return TRUE;
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

  if (!_astrix_phone_playback_prepare (self, error))
    return FALSE;
  originate = g_steal_pointer (&self->originate);
  if (!astrix_phone_call_check_connected (self->call, &local_error))
    return refuse_start (self, local_error, error);
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

  /* What the control causes has been sent with its answer or just after: the window closes
   * soon after the last one, but after a stop it stays open until the call ends. */
  if (--self->controls_sent == 0 && control->control != ASTRIX_PLAYBACK_CONTROL_STOP)
    _astrix_playback_windows_set_in (self->windows, ASTRIX_PLAYBACK_WINDOW_CONTROL, FALSE,
                                     CONTROL_LINGER_MS);
  if (!astrix_phone_playback_is_running (self) ||
      g_strcmp0 (control->channel, astrix_phone_call_get_channel (self->call)) != 0)
    return;
  if (response == NULL)
    {
      g_autofree char *sentence = astrix_describe_error (error);
      g_autofree char *message = _astrix_playback_control_describe_failure (control->control,
                                                                             sentence);

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
      astrix_phone_call_get_channel (self->call) == NULL)
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
      if (astrix_phone_call_get_stop_requested (self->call))
        return TRUE;
      astrix_phone_call_request_stop (self->call);
      set_state (self, ASTRIX_PLAYBACK_STOPPING);
      if (astrix_phone_call_get_channel (self->call) == NULL || self->answered_at == 0)
        {
          /* Still ringing: hang up as soon as the channel is known. */
          send_hangup (self);
          return TRUE;
        }
    }
  action = ami_action_new_with ("ControlPlayback",
                                "Channel", astrix_phone_call_get_channel (self->call),
                                "Control", astrix_playback_control_to_string (control), NULL);
  data = g_new0 (Control, 1);
  data->self = g_object_ref (self);
  data->control = control;
  data->channel = g_strdup (astrix_phone_call_get_channel (self->call));
  /* Opened before the action goes: what it causes comes at once (capture 11b). */
  self->controls_sent++;
  _astrix_playback_windows_set (self->windows, ASTRIX_PLAYBACK_WINDOW_CONTROL, TRUE);
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
  originate = _astrix_phone_playback_build_originate (self->call, self->config, self->method,
                                                      self->pbx_file, MAX (position_ms, 0), error);
  if (originate == NULL)
    return FALSE;

  /* The old call is left behind: its Hangup must not end this playback. */
  astrix_phone_call_retire (self->call);
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
  astrix_phone_call_request_stop (self->call);
  set_state (self, ASTRIX_PLAYBACK_STOPPING);
  send_hangup (self);
}

/* Properties and life cycle */

static void
astrix_phone_playback_dispose (GObject *object)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->call != NULL)
    astrix_phone_call_detach (self->call);
  g_clear_object (&self->call);
  g_clear_pointer (&self->originate, ami_action_unref);
  /* Freed in finalize: a late control's answer may still set a window until then. */
  _astrix_playback_windows_close_all (self->windows);
  g_clear_object (&self->client);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (astrix_phone_playback_parent_class)->dispose (object);
}

static void
astrix_phone_playback_finalize (GObject *object)
{
  AstrixPhonePlayback *self = ASTRIX_PHONE_PLAYBACK (object);

  _astrix_playback_windows_free (self->windows);
  g_free (self->recording);
  g_free (self->pbx_file);
  g_free (self->status);

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
      g_value_set_string (value, astrix_phone_call_get_channel (self->call));
      break;
    case PROP_SERVER:
      g_value_set_string (value, astrix_phone_call_get_server (self->call));
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, astrix_phone_call_get_endpoint (self->call));
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
      g_value_set_string (value, astrix_phone_call_get_end_reason (self->call));
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
  self->windows = _astrix_playback_windows_new (client);
  self->config = g_object_ref (config);
  self->recording = g_strdup (recording);
  self->call = astrix_phone_call_new (client, config, G_OBJECT (self), &call_hooks);
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
  update_end_window (self);
}

/* Returns: (transfer none): the call on the supervisor's phone: who was called on which server,
 *   and how the playback ended or why it failed */
AstrixPhoneCall *
astrix_phone_playback_get_call (AstrixPhonePlayback *self)
{
  return self->call;
}

/* Returns: (transfer none): the server it plays on */
AstrixServerConfig *
_astrix_phone_playback_get_config (AstrixPhonePlayback *self)
{
  return self->config;
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
  update_end_window (self);
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

/* Returns: whether pause and restart work (FALSE once the PBX showed it runs Playback()) */
gboolean
_astrix_phone_playback_get_controllable (AstrixPhonePlayback *self)
{
  return self->controllable;
}

/* Returns: when the phone answered (g_get_real_time()), or 0 */
gint64
_astrix_phone_playback_get_started (AstrixPhonePlayback *self)
{
  return self->started;
}

/* Returns: when the playback ended or failed (g_get_real_time()), or 0 */
gint64
_astrix_phone_playback_get_ended (AstrixPhonePlayback *self)
{
  return self->ended;
}

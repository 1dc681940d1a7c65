/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-phone-call"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-audiosocket-listener.h"
#include "astrix-phone-call-private.h"

/*
 * The call on the supervisor's phone, for a monitoring session or a playback of a recording.
 *
 * The Originate rings the phone (Async; the outcome comes as an OriginateResponse carrying our
 * ActionID, and a Newchannel that names the phone's channel while it rings). The answer hands
 * the call to its owner, which runs ChanSpy or ControlPlayback on it. Stopping is a Hangup of
 * our channel (once it is known: a stop while the phone rings waits for the channel). The PBX
 * may say nothing at all: a timer after the ring timeout turns silence into a failure. When
 * the AMI link drops, the call fails; once logged in again, its channel is hung up, for the
 * phone may still be on it. A seek of a playback starts a new call on the same object: the
 * old channel is "retired", and its events no longer concern us.
 *
 * "This computer" (endpoint ASTRIX_ENDPOINT_AUDIOSOCKET) instead of a phone: the Originate's
 * channel is AudioSocket/<our address>:<port>/<uuid>, and Asterisk connects to our listener
 * with that UUID (capture 25); the connection becomes an AstrixAudioStream. Asterisk names the
 * channel AudioSocket/<address>:<port>-<uuid>; everything else is as with a phone. When the
 * audio ends first, the AMI events that explain it normally follow within milliseconds; if
 * they do not, the PBX has gone and the call says so.
 */

#define OUTCOME_GRACE_MS 15000
#define AUDIO_GRACE_MS   1500

typedef enum
{
  PHASE_IDLE,
  PHASE_REQUESTED,
  PHASE_RINGING,
  PHASE_ANSWERED,
  PHASE_OVER,
} Phase;

struct _AstrixPhoneCall
{
  GObject                     parent_instance;

  GObject                    *owner;   /* not a reference: the owner holds the call */
  const AstrixPhoneCallHooks *hooks;
  AmiClient                  *client;
  AstrixServerConfig         *config;
  char                       *endpoint;
  char                       *server;

  Phase                       phase;
  char                       *action_id;   /* of the current Originate */
  char                       *channel;     /* ours, on the supervisor's phone */
  char                       *uniqueid;
  GHashTable                 *retired;     /* channels and Uniqueids of calls left behind */
  gboolean                    stop_requested;
  gboolean                    stopping;
  gboolean                    hangup_sent;
  gboolean                    failed;
  GError                     *error;
  char                       *end_reason;
  guint                       outcome_ms;

  gulong                      event_handler;
  gulong                      logged_in_handler;
  gulong                      client_state_handler;
  guint                       outcome_timeout;

  /* This computer instead of a phone (AudioSocket) */
  gboolean                    audiosocket;
  AstrixAudioSocketListener  *listener;
  GCancellable               *audio_cancellable; /* the wait for Asterisk's connection */
  char                       *dial;              /* the Originate's Channel:
                                                  * AudioSocket/host:port/uuid */
  char                       *audio_channel;     /* what Asterisk names it:
                                                  * AudioSocket/host:port-uuid */
  AstrixAudioStream          *stream;
  char                       *service;           /* host:port of our listener */
  char                       *refusal;           /* why the listener refused a connection
                                                  * meanwhile */
  gulong                      refused_handler;
  guint                       audio_grace;
};

G_DEFINE_FINAL_TYPE (AstrixPhoneCall, astrix_phone_call, G_TYPE_OBJECT)

/* An answer that comes later holds the owner too, as the owner's own requests did. */
static gpointer
hold (AstrixPhoneCall *self)
{
  if (self->owner != NULL)
    g_object_ref (self->owner);
  return g_object_ref (self);
}

static void
release (AstrixPhoneCall *self)
{
  GObject *owner = self->owner;

  g_object_unref (self);
  if (owner != NULL)
    g_object_unref (owner);
}

/* g_autoptr(AstrixPhoneCallHeld): a call held by hold() */
typedef AstrixPhoneCall AstrixPhoneCallHeld;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AstrixPhoneCallHeld, release)

static gboolean
is_running (AstrixPhoneCall *self)
{
  return self->phase != PHASE_IDLE && self->phase != PHASE_OVER;
}

static void
set_channel (AstrixPhoneCall *self,
             const char      *channel,
             const char      *uniqueid)
{
  if (g_strcmp0 (self->channel, channel) != 0)
    {
      g_free (self->channel);
      self->channel = g_strdup (channel);
      if (self->hooks->channel_changed != NULL && self->owner != NULL)
        self->hooks->channel_changed (self->owner);
    }
  if (uniqueid != NULL && g_strcmp0 (uniqueid, "<unknown>") != 0)
    {
      g_free (self->uniqueid);
      self->uniqueid = g_strdup (uniqueid);
    }
}

static void
disconnect_client (AstrixPhoneCall *self)
{
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);
  g_clear_signal_handler (&self->event_handler, self->client);
  g_clear_signal_handler (&self->client_state_handler, self->client);
}

/* Stops waiting for Asterisk's connection and ends the audio (a hangup frame makes Asterisk
 * hang the channel up even when the AMI link is gone). The stream object stays, closed. */
static void
release_audio (AstrixPhoneCall *self)
{
  g_clear_handle_id (&self->audio_grace, g_source_remove);
  g_cancellable_cancel (self->audio_cancellable);
  g_clear_object (&self->audio_cancellable);
  if (self->listener != NULL)
    g_clear_signal_handler (&self->refused_handler, self->listener);
  g_clear_object (&self->listener);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      astrix_audio_stream_close (self->stream);
    }
}

static void
set_outcome (AstrixPhoneCall *self,
             gboolean         failed,
             GError          *error,
             const char      *end_reason)
{
  g_clear_error (&self->error);
  self->error = error;
  g_free (self->end_reason);
  self->end_reason = g_strdup (end_reason != NULL ? end_reason
                                                  : error != NULL ? error->message : NULL);
  self->failed = failed;
  self->phase = PHASE_OVER;
}

/**
 * astrix_phone_call_finish:
 * @error: (transfer full) (nullable): why it failed
 * @end_reason: (nullable): how it ended, in words (by default the error's message)
 *
 * Ends the call for good and tells the owner (#AstrixPhoneCallHooks.ended). Does nothing
 * when the call is not running.
 */
void
astrix_phone_call_finish (AstrixPhoneCall *self,
                          gboolean         failed,
                          GError          *error,
                          const char      *end_reason)
{
  if (!is_running (self))
    {
      g_clear_error (&error);
      return;
    }
  disconnect_client (self);
  release_audio (self);
  set_outcome (self, failed, error, end_reason);
  if (self->owner != NULL)
    self->hooks->ended (self->owner);
}

void
astrix_phone_call_fail (AstrixPhoneCall *self,
                        AstrixError      code,
                        const char      *message)
{
  astrix_phone_call_finish (self, TRUE, g_error_new_literal (ASTRIX_ERROR, code, message), NULL);
}

static void
end_stopped (AstrixPhoneCall *self)
{
  astrix_phone_call_finish (self, FALSE, NULL, _(self->hooks->stopped));
}

/* Hanging up */

static void
hangup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AstrixPhoneCallHeld) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  /* "No such channel": it was gone already. Either way nothing more will come of it. */
  if (response == NULL && self->stopping)
    end_stopped (self);
}

static void
hang_up_channel (AstrixPhoneCall *self,
                 const char      *channel,
                 gboolean         ours)
{
  g_autoptr(AmiAction) hangup = ami_action_new_with ("Hangup", "Channel", channel,
                                                     "Cause", "16", NULL);

  if (ours)
    ami_client_send_action_async (self->client, hangup, NULL, hangup_done, hold (self));
  else
    ami_client_send_action_async (self->client, hangup, NULL, NULL, NULL);
}

/* Hangs our channel up, once, as soon as it is known. */
void
astrix_phone_call_hang_up (AstrixPhoneCall *self)
{
  if (self->channel == NULL || self->hangup_sent)
    return;
  self->hangup_sent = TRUE;
  hang_up_channel (self, self->channel, TRUE);
}

/* The owner was asked to stop: what ends the call from now on is the stop. */
void
astrix_phone_call_request_stop (AstrixPhoneCall *self)
{
  self->stop_requested = TRUE;
  self->stopping = TRUE;
}

/* The owner hangs up of its own accord: a failed Hangup still ends the call. */
void
astrix_phone_call_set_stopping (AstrixPhoneCall *self)
{
  self->stopping = TRUE;
}

/**
 * astrix_phone_call_retire:
 *
 * Leaves the current call behind for a new one on the same object (a seek): it is hung up,
 * and its events, the Hangup above all, no longer concern this call.
 */
void
astrix_phone_call_retire (AstrixPhoneCall *self)
{
  if (self->channel == NULL)
    return;
  g_hash_table_add (self->retired, g_strdup (self->channel));
  if (self->uniqueid != NULL)
    g_hash_table_add (self->retired, g_strdup (self->uniqueid));
  hang_up_channel (self, self->channel, FALSE);
  set_channel (self, NULL, NULL);
  g_clear_pointer (&self->uniqueid, g_free);
}

/* This computer (AudioSocket) */

static void
on_refused (AstrixAudioSocketListener *listener,
            GInetAddress              *peer,
            guint                      reason,
            AstrixPhoneCall           *self)
{
  g_autofree char *from = peer != NULL ? g_inet_address_to_string (peer) : g_strdup ("?");

  /* The listener is shared: this may be another call's, but it is worth telling. */
  if (self->stream != NULL)
    return;
  g_free (self->refusal);
  if (reason == ASTRIX_AUDIOSOCKET_REFUSED_UNEXPECTED_PEER)
    self->refusal = g_strdup_printf (_("This computer refused the call’s audio connection from "
                                       "%s: that is not the address of the PBX."), from);
  else
    self->refusal = g_strdup_printf (_("This computer refused an audio connection from %s that "
                                       "did not belong to this session."), from);
}

static gboolean
audio_grace_over (gpointer data)
{
  AstrixPhoneCall *self = data;
  const GError *error = astrix_audio_stream_get_error (self->stream);

  self->audio_grace = 0;
  if (self->stop_requested)
    {
      end_stopped (self);
      return G_SOURCE_REMOVE;
    }
  /* No AMI event explained the end of the audio: the PBX, or the way to it, is gone. */
  astrix_phone_call_hang_up (self);
  astrix_phone_call_fail (self, ASTRIX_ERROR_CONNECTION_LOST,
                          error != NULL ? error->message
                                        : _("The call’s audio connection was lost."));
  return G_SOURCE_REMOVE;
}

static void
on_stream_closed (AstrixAudioStream *stream,
                  const GError      *error,
                  AstrixPhoneCall   *self)
{
  guint grace = AUDIO_GRACE_MS;

  if (!is_running (self) || self->audio_grace != 0)
    return;
  /* A stall was waited for already; otherwise the AMI events usually follow at once. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    grace = 0;
  self->audio_grace = g_timeout_add (grace, audio_grace_over, self);
}

static void
on_stream_warning (AstrixAudioStream *stream,
                   const char        *message,
                   AstrixPhoneCall   *self)
{
  if (self->hooks->warning != NULL && self->owner != NULL)
    self->hooks->warning (self->owner, message);
}

static void
start_stream (AstrixPhoneCall   *self,
              GSocketConnection *connection)
{
  g_autoptr(GError) error = NULL;
  AstrixAudioStream *stream = astrix_audio_stream_new (G_IO_STREAM (connection), &error);

  if (stream == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The call’s audio cannot be played on this "
                                                    "computer: %s"), error->message);

      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      astrix_phone_call_hang_up (self);
      astrix_phone_call_fail (self, ASTRIX_ERROR_INVALID_ARGUMENT, message);
      return;
    }
  g_clear_pointer (&self->refusal, g_free);
  self->stream = stream;
  g_signal_connect (stream, "closed", G_CALLBACK (on_stream_closed), self);
  g_signal_connect (stream, "warning", G_CALLBACK (on_stream_warning), self);
  /* Before it starts: whoever watches can reach the pipelines before audio flows. */
  if (self->hooks->audio_started != NULL && self->owner != NULL)
    self->hooks->audio_started (self->owner);
  astrix_audio_stream_start (stream);
}

static void
audio_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(AstrixPhoneCallHeld) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    astrix_audiosocket_listener_expect_finish (ASTRIX_AUDIOSOCKET_LISTENER (source), result,
                                               &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && is_running (self))
        {
          astrix_phone_call_hang_up (self);
          astrix_phone_call_fail (self, ASTRIX_ERROR_PHONE_UNREACHABLE,
                                  self->refusal != NULL ? self->refusal : error->message);
        }
      return;
    }
  if (!is_running (self) || self->stop_requested)
    {
      /* Closed, the connection makes Asterisk hang the channel up. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }
  start_stream (self, connection);
}

/**
 * astrix_phone_call_prepare_audio:
 *
 * For this computer: listens for Asterisk on the address of the AMI link and issues this
 * call's UUID, which goes into the Originate. Does nothing for a phone.
 */
gboolean
astrix_phone_call_prepare_audio (AstrixPhoneCall  *self,
                                 GError          **error)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  guint port = astrix_server_config_get_audiosocket_port (self->config);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = NULL;
  GInetAddress *here, *pbx;

  if (!self->audiosocket)
    return TRUE;
  local = ami_client_get_local_address (self->client);
  remote = ami_client_get_remote_address (self->client);
  if (!G_IS_INET_SOCKET_ADDRESS (local) || !G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED, _("Not connected to %s."),
                   self->server);
      return FALSE;
    }
  here = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  pbx = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  self->listener = astrix_audiosocket_listener_acquire (here, port, &local_error);
  if (self->listener == NULL)
    {
      if (port != 0)
        g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                     _("This computer cannot listen for the call’s audio on port %u: %s"), port,
                     local_error->message);
      else
        g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                     _("This computer cannot listen for the call’s audio: %s"),
                     local_error->message);
      return FALSE;
    }
  self->refused_handler = g_signal_connect (self->listener, "refused", G_CALLBACK (on_refused),
                                            self);
  self->audio_cancellable = g_cancellable_new ();
  astrix_audiosocket_listener_expect_async (self->listener, pbx, &uuid, self->audio_cancellable,
                                            audio_connected, hold (self));
  self->service = astrix_audiosocket_listener_dup_service (self->listener);
  self->dial = g_strdup_printf ("AudioSocket/%s/%s", self->service, uuid);
  self->audio_channel = g_strdup_printf ("AudioSocket/%s-%s", self->service, uuid);
  return TRUE;
}

/* Events */

static GError *
error_for_reason (AstrixPhoneCall *self,
                  const char      *reason)
{
  int code = reason != NULL ? atoi (reason) : 0;

  if (self->audiosocket && code == 8)
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_CONGESTION,
                        _("The PBX could not reach this computer at %s for the call’s audio. "
                          "Check that a firewall lets the PBX connect to this computer."),
                        self->service);
  if (self->audiosocket)
    return g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_UNREACHABLE,
                                _("The PBX could not open an audio connection to this computer. "
                                  "Check that chan_audiosocket is loaded on the PBX."));
  return astrix_error_for_originate_reason (reason, self->endpoint);
}

static void
handle_originate_response (AstrixPhoneCall *self,
                           AmiMessage      *event)
{
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);

  if (!ami_message_is (event, "Response", "Success"))
    {
      if (self->stop_requested)
        astrix_phone_call_finish (self, FALSE, NULL, _(self->hooks->cancelled));
      else
        astrix_phone_call_finish (self, TRUE,
                                  error_for_reason (self, ami_message_get (event, "Reason")),
                                  NULL);
      return;
    }

  set_channel (self, ami_message_get (event, "Channel"), ami_message_get (event, "Uniqueid"));
  if (self->stop_requested)
    {
      astrix_phone_call_hang_up (self);
      return;
    }
  self->phase = PHASE_ANSWERED;
  self->hooks->answered (self->owner);
}

/* Whether a new channel is the supervisor's phone being rung for us. */
static gboolean
is_our_new_channel (AstrixPhoneCall *self,
                    const char      *name)
{
  if (self->phase != PHASE_REQUESTED || self->stopping || self->channel != NULL || name == NULL)
    return FALSE;
  if (self->audiosocket)
    return strcmp (name, self->audio_channel) == 0;
  return astrix_endpoint_rings_as (self->endpoint, name);
}

/**
 * astrix_phone_call_is_ours:
 * @uniqueid_key: the header with the Uniqueid of the channel the event is about
 * @channel_key: the header with its name, for when the Uniqueid is not known yet
 *
 * Whether @event is about our channel (not one a seek left behind).
 */
gboolean
astrix_phone_call_is_ours (AstrixPhoneCall *self,
                           AmiMessage      *event,
                           const char      *uniqueid_key,
                           const char      *channel_key)
{
  const char *uniqueid = ami_message_get (event, uniqueid_key);

  if (uniqueid != NULL && g_hash_table_contains (self->retired, uniqueid))
    return FALSE;
  if (self->uniqueid != NULL && uniqueid != NULL)
    return strcmp (self->uniqueid, uniqueid) == 0;
  return self->channel != NULL &&
         g_strcmp0 (ami_message_get (event, channel_key), self->channel) == 0;
}

static void
handle_our_hangup (AstrixPhoneCall *self)
{
  if (self->stop_requested)
    end_stopped (self);
  else if (self->phase == PHASE_REQUESTED || self->phase == PHASE_RINGING)
    return; /* not answered: the OriginateResponse that follows says why */
  else
    self->hooks->hung_up (self->owner);
}

/* Returns: whether the event was the call's own */
static gboolean
handle_event (AstrixPhoneCall *self,
              const char      *name,
              AmiMessage      *event)
{
  if (strcmp (name, "OriginateResponse") == 0 &&
      g_strcmp0 (ami_message_get_action_id (event), self->action_id) == 0)
    {
      handle_originate_response (self, event);
      return TRUE;
    }
  if (strcmp (name, "Newchannel") == 0 &&
      is_our_new_channel (self, ami_message_get (event, "Channel")))
    {
      set_channel (self, ami_message_get (event, "Channel"), ami_message_get (event, "Uniqueid"));
      self->phase = PHASE_RINGING;
      if (self->hooks->ringing != NULL)
        self->hooks->ringing (self->owner);
      return TRUE;
    }
  if (strcmp (name, "Hangup") == 0 &&
      astrix_phone_call_is_ours (self, event, "Uniqueid", "Channel"))
    {
      handle_our_hangup (self);
      return TRUE;
    }
  return FALSE;
}

static void
on_event (AmiClient       *client,
          AmiMessage      *event,
          AstrixPhoneCall *self)
{
  const char *name = ami_message_get_name (event);

  if (name == NULL || handle_event (self, name, event))
    return;
  if (self->hooks->event != NULL)
    self->hooks->event (self->owner, event);
}

static void
on_logged_in_again (AmiClient       *client,
                    AstrixPhoneCall *self)
{
  /* A call the link lost may have left the phone on the line: end it now. */
  g_clear_signal_handler (&self->logged_in_handler, self->client);
  if (self->channel == NULL || self->hangup_sent)
    return;
  self->hangup_sent = TRUE;
  hang_up_channel (self, self->channel, FALSE);
}

static void
on_client_state (AmiClient       *client,
                 GParamSpec      *pspec,
                 AstrixPhoneCall *self)
{
  if (ami_client_get_state (client) == AMI_CLIENT_CONNECTED)
    return;

  if (self->channel != NULL && !self->hangup_sent)
    self->logged_in_handler = g_signal_connect_object (client, "logged-in",
                                                       G_CALLBACK (on_logged_in_again), self, 0);
  astrix_phone_call_fail (self, ASTRIX_ERROR_CONNECTION_LOST, _(self->hooks->lost));
}

/* Starting */

/* Whether the phone can be rung: a channel (not this computer) that fits the Originate. */
gboolean
astrix_phone_call_check_endpoint (AstrixPhoneCall  *self,
                                  GError          **error)
{
  if (self->audiosocket)
    return TRUE;
  if (self->endpoint == NULL || self->endpoint[0] == '\0' || strchr (self->endpoint, '/') == NULL ||
      !astrix_validate_channel_name (self->endpoint, NULL))
    {
      g_set_error_literal (
        error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
        _("Your phone is not set up: set its channel (for example PJSIP/2000) in the "
          "server’s preferences."));
      return FALSE;
    }
  return TRUE;
}

gboolean
astrix_phone_call_check_connected (AstrixPhoneCall  *self,
                                   GError          **error)
{
  if (ami_client_get_state (self->client) == AMI_CLIENT_CONNECTED)
    return TRUE;
  g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED, _("Not connected to %s."),
               self->server);
  return FALSE;
}

/* Returns: (transfer full): an Originate that rings the phone (or this computer); the owner
 *   adds what runs once answered, then astrix_phone_call_end_originate() */
AmiAction *
astrix_phone_call_new_originate (AstrixPhoneCall *self)
{
  AmiAction *originate = ami_action_new ("Originate");

  ami_action_add (originate, "Channel", self->audiosocket ? self->dial : self->endpoint);
  return originate;
}

gboolean
astrix_phone_call_end_originate (AstrixPhoneCall  *self,
                                 AmiAction        *originate,
                                 const char       *caller_id,
                                 GError          **error)
{
  ami_action_add (originate, "CallerID", caller_id);
  ami_action_add_printf (originate, "Timeout", "%d", ASTRIX_PHONE_CALL_RING_TIMEOUT_MS);
  ami_action_add (originate, "Async", "true");
  return ami_action_check (originate, error);
}

static gboolean
outcome_timed_out (gpointer data)
{
  AstrixPhoneCall *self = data;

  self->outcome_timeout = 0;
  astrix_phone_call_hang_up (self);
  astrix_phone_call_fail (self, ASTRIX_ERROR_PHONE_NO_ANSWER,
                          _("The PBX did not say whether your phone answered."));
  return G_SOURCE_REMOVE;
}

static void
originate_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(AstrixPhoneCallHeld) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);
  g_autofree char *sentence = NULL;

  if (response != NULL || !is_running (self))
    return;
  sentence = astrix_describe_error (error);
  astrix_phone_call_fail (self, ASTRIX_ERROR_REFUSED, sentence);
}

/**
 * astrix_phone_call_send:
 *
 * Sends @originate (from astrix_phone_call_end_originate()) under a new ActionID: the phone
 * rings. Also for a new call after astrix_phone_call_retire().
 */
void
astrix_phone_call_send (AstrixPhoneCall *self,
                        AmiAction       *originate)
{
  g_free (self->action_id);
  self->action_id = ami_client_new_action_id (self->client);
  ami_action_set_id (originate, self->action_id);
  if (self->event_handler == 0)
    {
      self->event_handler = g_signal_connect (self->client, "event", G_CALLBACK (on_event), self);
      self->client_state_handler = g_signal_connect (self->client, "notify::state",
                                                     G_CALLBACK (on_client_state), self);
    }
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);
  self->outcome_timeout = g_timeout_add (self->outcome_ms, outcome_timed_out, self);
  self->phase = PHASE_REQUESTED;
  ami_client_send_action_async (self->client, originate, NULL, originate_done, hold (self));
}

/* Nothing was sent: the call is over before it began, with @error. The owner says so. */
void
astrix_phone_call_refuse (AstrixPhoneCall *self,
                          const GError    *error)
{
  release_audio (self);
  set_outcome (self, TRUE, g_error_copy (error), NULL);
}

/* Life cycle */

/* The owner is going away: nothing more reaches it, and the call lets go of everything. */
void
astrix_phone_call_detach (AstrixPhoneCall *self)
{
  if (self->client != NULL)
    {
      disconnect_client (self);
      g_clear_signal_handler (&self->logged_in_handler, self->client);
    }
  release_audio (self);
  self->owner = NULL;
}

static void
astrix_phone_call_dispose (GObject *object)
{
  AstrixPhoneCall *self = ASTRIX_PHONE_CALL (object);

  astrix_phone_call_detach (self);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (astrix_phone_call_parent_class)->dispose (object);
}

static void
astrix_phone_call_finalize (GObject *object)
{
  AstrixPhoneCall *self = ASTRIX_PHONE_CALL (object);

  g_free (self->endpoint);
  g_free (self->server);
  g_free (self->action_id);
  g_free (self->channel);
  g_free (self->uniqueid);
  g_free (self->end_reason);
  g_free (self->service);
  g_free (self->dial);
  g_free (self->audio_channel);
  g_free (self->refusal);
  g_hash_table_unref (self->retired);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (astrix_phone_call_parent_class)->finalize (object);
}

static void
astrix_phone_call_class_init (AstrixPhoneCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_phone_call_dispose;
  object_class->finalize = astrix_phone_call_finalize;
}

static void
astrix_phone_call_init (AstrixPhoneCall *self)
{
  self->retired = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->outcome_ms = ASTRIX_PHONE_CALL_RING_TIMEOUT_MS + OUTCOME_GRACE_MS;
}

/**
 * astrix_phone_call_new:
 * @owner: the monitoring session or playback the call is for; not referenced (it holds the
 *   call, and calls astrix_phone_call_detach() when it goes)
 * @hooks: (not nullable): how the call tells @owner; static
 */
AstrixPhoneCall *
astrix_phone_call_new (AmiClient                  *client,
                       AstrixServerConfig         *config,
                       GObject                    *owner,
                       const AstrixPhoneCallHooks *hooks)
{
  AstrixPhoneCall *self = g_object_new (ASTRIX_TYPE_PHONE_CALL, NULL);

  self->client = g_object_ref (client);
  self->config = g_object_ref (config);
  self->owner = owner;
  self->hooks = hooks;
  self->endpoint = g_strdup (astrix_server_config_get_endpoint (config));
  self->audiosocket = g_strcmp0 (self->endpoint, ASTRIX_ENDPOINT_AUDIOSOCKET) == 0;
  self->server = g_strdup (astrix_server_config_get_name (config));
  return self;
}

/* How long the PBX may stay silent after the Originate before the call fails (tests). */
void
_astrix_phone_call_set_outcome_timeout (AstrixPhoneCall *self,
                                        guint            ms)
{
  self->outcome_ms = ms;
}

/* Returns: whether the call has ended or failed (or was refused) */
gboolean
astrix_phone_call_is_over (AstrixPhoneCall *self)
{
  return self->phase == PHASE_OVER;
}

gboolean
astrix_phone_call_get_failed (AstrixPhoneCall *self)
{
  return self->failed;
}

gboolean
astrix_phone_call_get_stop_requested (AstrixPhoneCall *self)
{
  return self->stop_requested;
}

/* Returns: whether the call brings the audio to this computer (AudioSocket), not a phone */
gboolean
astrix_phone_call_is_on_this_computer (AstrixPhoneCall *self)
{
  return self->audiosocket;
}

/* Returns: (nullable): our channel on the supervisor's phone, once known */
const char *
astrix_phone_call_get_channel (AstrixPhoneCall *self)
{
  return self->channel;
}

const char *
astrix_phone_call_get_endpoint (AstrixPhoneCall *self)
{
  return self->endpoint;
}

const char *
astrix_phone_call_get_server (AstrixPhoneCall *self)
{
  return self->server;
}

/* Returns: (nullable): why the call failed */
const GError *
astrix_phone_call_get_error (AstrixPhoneCall *self)
{
  return self->error;
}

/* Returns: (nullable): how the call ended or failed, as a sentence */
const char *
astrix_phone_call_get_end_reason (AstrixPhoneCall *self)
{
  return self->end_reason;
}

/* Returns: (transfer none) (nullable): the call's audio on this computer, once connected */
AstrixAudioStream *
astrix_phone_call_get_audio_stream (AstrixPhoneCall *self)
{
  return self->stream;
}

/* Returns: (nullable): on this computer, why no audio came, when none did; else %NULL */
const char *
astrix_phone_call_get_missing_audio (AstrixPhoneCall *self)
{
  if (!self->audiosocket || self->stream != NULL)
    return NULL;
  return self->refusal != NULL ? self->refusal
                               : _("The PBX’s audio connection to this computer did not come "
                                   "through.");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-monitor"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-audio-stream.h"
#include "astrix-audiosocket-listener.h"
#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-monitor-session.h"

/*
 * One listen / whisper / barge session: ChanSpy on the supervisor's own phone.
 *
 * The Originate rings the phone (Async; the outcome comes as an OriginateResponse carrying our
 * ActionID). Once answered, ChanSpy attaches to the exact target (option u) and Asterisk sends
 * ChanSpyStart naming our channel as the spyer: the session is active. Asterisk sends nothing
 * when the target no longer exists, so a timer after the answer turns silence into "the call
 * has ended". Mode switches are DTMF 4/5/6 played *into* our channel (PlayDTMF Receive: true,
 * option d); Asterisk reports no event for them, so the session keeps the mode itself. Stop is
 * a Hangup of our channel. ChanSpy stays up after the spied call ends unless told otherwise
 * (option E), and we hang up on ChanSpyStop anyway, for sites whose contexts lack E.
 *
 * "This computer" (endpoint ASTRIX_ENDPOINT_AUDIOSOCKET) instead of a phone: the Originate's
 * channel is AudioSocket/<our address>:<port>/<uuid>, and Asterisk connects to our listener
 * with that UUID (capture 25); the connection becomes an AstrixAudioStream. Asterisk names the
 * channel AudioSocket/<address>:<port>-<uuid>; everything else (PlayDTMF, Hangup, the events)
 * is as with a phone. When the audio ends first, the AMI events that explain it normally
 * follow within milliseconds; if they do not, the PBX has gone and the session says so.
 */

#define RING_TIMEOUT_MS            30000
#define OUTCOME_GRACE_MS           15000
#define TARGET_TIMEOUT_APP_MS      3000
#define TARGET_TIMEOUT_CONTEXTS_MS 10000
#define AUDIO_GRACE_MS             1500

struct _AstrixMonitorSession
{
  GObject             parent_instance;

  AmiClient          *client;
  AstrixServerConfig *config;
  char               *target;
  char               *target_caller;
  char               *endpoint;
  char               *server;

  AstrixSessionState  state;
  AstrixMonitorMode   mode;          /* what ChanSpy does, as far as we know */
  AstrixMonitorMode   wanted_mode;   /* asked for before ChanSpy was attached */
  char               *action_id;     /* of our Originate: OriginateResponse carries it */
  char               *channel;       /* our channel on the supervisor's phone */
  char               *uniqueid;
  char               *spyee_uniqueid;
  gboolean            stop_requested;
  gboolean            spyee_hung_up;
  gboolean            hangup_sent;
  gint64              started;       /* real time when ChanSpy attached */
  GError             *error;
  char               *end_reason;

  gulong              event_handler;
  gulong              logged_in_handler;
  gulong              client_state_handler;
  guint               outcome_timeout;
  guint               target_timeout;
  guint               target_timeout_ms;

  /* This computer instead of a phone (AudioSocket) */
  gboolean            audiosocket;
  AstrixAudioSocketListener *listener;
  GCancellable       *audio_cancellable; /* the wait for Asterisk's connection */
  char               *dial;              /* the Originate's Channel: AudioSocket/host:port/uuid */
  char               *audio_channel;     /* what Asterisk names it: AudioSocket/host:port-uuid */
  AstrixAudioStream  *stream;
  char               *service;           /* host:port of our listener, as in the Originate */
  char               *refusal;           /* why the listener refused a connection meanwhile */
  gulong              refused_handler;
  guint               audio_grace;
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
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    {
      if (g_strcmp0 (text, mode_names[i]) == 0)
        {
          *mode = i;
          return TRUE;
        }
    }
  return FALSE;
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
set_channel (AstrixMonitorSession *self,
             const char           *channel,
             const char           *uniqueid)
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
disconnect_client (AstrixMonitorSession *self)
{
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);
  g_clear_handle_id (&self->target_timeout, g_source_remove);
  g_clear_signal_handler (&self->event_handler, self->client);
  g_clear_signal_handler (&self->client_state_handler, self->client);
}

/* Stops waiting for Asterisk's connection and ends the audio (a hangup frame makes Asterisk
 * hang the channel up even when the AMI link is gone). The stream object stays, closed. */
static void
release_audio (AstrixMonitorSession *self)
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
finish (AstrixMonitorSession *self,
        AstrixSessionState    state,
        GError               *error,
        const char           *end_reason)
{
  if (!astrix_monitor_session_is_running (self))
    {
      g_clear_error (&error);
      return;
    }

  disconnect_client (self);
  release_audio (self);
  g_clear_error (&self->error);
  self->error = error;
  g_free (self->end_reason);
  self->end_reason = g_strdup (end_reason != NULL ? end_reason
                                                  : error != NULL ? error->message : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
  set_state (self, state);
}

static void
fail (AstrixMonitorSession *self,
      AstrixError           code,
      const char           *message)
{
  finish (self, ASTRIX_SESSION_FAILED, g_error_new_literal (ASTRIX_ERROR, code, message), NULL);
}

/* Hanging up our channel */

static void
hangup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AstrixMonitorSession) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  /* "No such channel": it was gone already. Either way nothing more will come of it. */
  if (response == NULL && self->state == ASTRIX_SESSION_STOPPING)
    finish (self, ASTRIX_SESSION_ENDED, NULL, _("Monitoring stopped."));
}

static void
send_hangup (AstrixMonitorSession *self)
{
  g_autoptr(AmiAction) hangup = NULL;

  if (self->channel == NULL || self->hangup_sent)
    return;

  self->hangup_sent = TRUE;
  hangup = ami_action_new_with ("Hangup", "Channel", self->channel, "Cause", "16", NULL);
  ami_client_send_action_async (self->client, hangup, NULL, hangup_done, g_object_ref (self));
}

/* This computer (AudioSocket) */

static void
on_refused (AstrixAudioSocketListener *listener,
            GInetAddress              *peer,
            guint                      reason,
            AstrixMonitorSession      *self)
{
  g_autofree char *from = peer != NULL ? g_inet_address_to_string (peer) : g_strdup ("?");

  /* The listener is shared: this may be another session's, but it is worth telling. */
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
  AstrixMonitorSession *self = data;
  const GError *error = astrix_audio_stream_get_error (self->stream);

  self->audio_grace = 0;
  if (self->stop_requested)
    {
      finish (self, ASTRIX_SESSION_ENDED, NULL, _("Monitoring stopped."));
      return G_SOURCE_REMOVE;
    }
  /* No AMI event explained the end of the audio: the PBX, or the way to it, is gone. */
  send_hangup (self);
  fail (self, ASTRIX_ERROR_CONNECTION_LOST,
        error != NULL ? error->message : _("The call’s audio connection was lost."));
  return G_SOURCE_REMOVE;
}

static void
on_stream_closed (AstrixAudioStream    *stream,
                  const GError         *error,
                  AstrixMonitorSession *self)
{
  guint grace = AUDIO_GRACE_MS;

  if (!astrix_monitor_session_is_running (self) || self->audio_grace != 0)
    return;
  /* A stall was waited for already; otherwise the AMI events usually follow at once. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    grace = 0;
  self->audio_grace = g_timeout_add (grace, audio_grace_over, self);
}

static void
on_stream_warning (AstrixAudioStream    *stream,
                   const char           *message,
                   AstrixMonitorSession *self)
{
  g_signal_emit (self, signals[WARNING], 0, message);
}

static void
update_talking (AstrixMonitorSession *self)
{
  if (self->stream != NULL)
    astrix_audio_stream_set_talking (self->stream, self->mode != ASTRIX_MONITOR_MODE_LISTEN);
}

static void
start_stream (AstrixMonitorSession *self,
              GSocketConnection    *connection)
{
  g_autoptr(GError) error = NULL;
  AstrixAudioStream *stream = astrix_audio_stream_new (G_IO_STREAM (connection), &error);

  if (stream == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The call’s audio cannot be played on this "
                                                    "computer: %s"), error->message);

      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      send_hangup (self);
      fail (self, ASTRIX_ERROR_INVALID_ARGUMENT, message);
      return;
    }
  g_clear_pointer (&self->refusal, g_free);
  self->stream = stream;
  update_talking (self);
  g_signal_connect (stream, "closed", G_CALLBACK (on_stream_closed), self);
  g_signal_connect (stream, "warning", G_CALLBACK (on_stream_warning), self);
  /* Before it starts: whoever watches can reach the pipelines before audio flows. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_STREAM]);
  astrix_audio_stream_start (stream);
}

static void
audio_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(AstrixMonitorSession) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    astrix_audiosocket_listener_expect_finish (ASTRIX_AUDIOSOCKET_LISTENER (source), result,
                                               &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          astrix_monitor_session_is_running (self))
        {
          send_hangup (self);
          fail (self, ASTRIX_ERROR_PHONE_UNREACHABLE,
                self->refusal != NULL ? self->refusal : error->message);
        }
      return;
    }
  if (!astrix_monitor_session_is_running (self) || self->stop_requested)
    {
      /* Closed, the connection makes Asterisk hang the channel up. */
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return;
    }
  start_stream (self, connection);
}

/* Listens for Asterisk on the address of the AMI link and issues this session's UUID. */
static gboolean
prepare_audiosocket (AstrixMonitorSession  *self,
                     GError               **error)
{
  g_autoptr(GSocketAddress) local = ami_client_get_local_address (self->client);
  g_autoptr(GSocketAddress) remote = ami_client_get_remote_address (self->client);
  guint port = astrix_server_config_get_audiosocket_port (self->config);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = NULL;
  GInetAddress *here, *pbx;

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
                                            audio_connected, g_object_ref (self));
  self->service = astrix_audiosocket_listener_dup_service (self->listener);
  self->dial = g_strdup_printf ("AudioSocket/%s/%s", self->service, uuid);
  self->audio_channel = g_strdup_printf ("AudioSocket/%s-%s", self->service, uuid);
  return TRUE;
}

/* Events */

static GError *
error_for_reason (AstrixMonitorSession *self,
                  const char           *reason)
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

static gboolean
target_timed_out (gpointer data)
{
  AstrixMonitorSession *self = data;

  self->target_timeout = 0;
  /* ChanSpy found nothing to attach to: it would keep the phone on the line hunting. */
  send_hangup (self);
  fail (self, ASTRIX_ERROR_TARGET_GONE, _("The call you wanted to monitor has ended."));
  return G_SOURCE_REMOVE;
}

static void
handle_originate_response (AstrixMonitorSession *self,
                           AmiMessage           *event)
{
  g_clear_handle_id (&self->outcome_timeout, g_source_remove);

  if (!ami_message_is (event, "Response", "Success"))
    {
      if (self->stop_requested)
        finish (self, ASTRIX_SESSION_ENDED, NULL, _("Monitoring was cancelled."));
      else
        finish (self, ASTRIX_SESSION_FAILED,
                error_for_reason (self, ami_message_get (event, "Reason")), NULL);
      return;
    }

  set_channel (self, ami_message_get (event, "Channel"), ami_message_get (event, "Uniqueid"));
  if (self->stop_requested)
    {
      send_hangup (self);
      return;
    }
  set_state (self, ASTRIX_SESSION_CONNECTING);
  self->target_timeout = g_timeout_add (self->target_timeout_ms, target_timed_out, self);
}

/* Whether a new channel is the supervisor's phone being rung for us. */
static gboolean
is_our_new_channel (AstrixMonitorSession *self,
                    const char           *name)
{
  if (name == NULL)
    return FALSE;
  if (self->audiosocket)
    return strcmp (name, self->audio_channel) == 0;
  return astrix_endpoint_rings_as (self->endpoint, name);
}

static void send_mode (AstrixMonitorSession *self, AstrixMonitorMode mode);

static gboolean
is_ours (AstrixMonitorSession *self,
         AmiMessage           *event,
         const char           *uniqueid_key,
         const char           *channel_key)
{
  const char *uniqueid = ami_message_get (event, uniqueid_key);

  if (self->uniqueid != NULL && uniqueid != NULL)
    return strcmp (self->uniqueid, uniqueid) == 0;
  return self->channel != NULL && g_strcmp0 (ami_message_get (event, channel_key), self->channel) == 0;
}

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
    set_state (self, ASTRIX_SESSION_STOPPING);
  send_hangup (self);
}

static void
handle_our_hangup (AstrixMonitorSession *self)
{
  if (self->state == ASTRIX_SESSION_REQUESTED || self->state == ASTRIX_SESSION_RINGING)
    return; /* not answered: the OriginateResponse that follows says why */

  if (self->stop_requested)
    finish (self, ASTRIX_SESSION_ENDED, NULL, _("Monitoring stopped."));
  else if (self->spyee_hung_up)
    finish (self, ASTRIX_SESSION_ENDED, NULL, _("The call has ended."));
  else if (self->audiosocket && self->stream == NULL)
    fail (self, ASTRIX_ERROR_PHONE_UNREACHABLE,
          self->refusal != NULL ? self->refusal
                                : _("The PBX’s audio connection to this computer did not come "
                                    "through."));
  else if (self->started == 0)
    fail (self, ASTRIX_ERROR_TARGET_GONE, _("The call you wanted to monitor has ended."));
  else if (self->audiosocket)
    finish (self, ASTRIX_SESSION_ENDED, NULL,
            _("The PBX ended the call’s audio on this computer."));
  else
    finish (self, ASTRIX_SESSION_ENDED, NULL, _("Your phone hung up."));
}

static void
on_event (AmiClient            *client,
          AmiMessage           *event,
          AstrixMonitorSession *self)
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
      if (self->state == ASTRIX_SESSION_REQUESTED &&
          is_our_new_channel (self, ami_message_get (event, "Channel")))
        {
          set_channel (self, ami_message_get (event, "Channel"), ami_message_get (event, "Uniqueid"));
          if (self->stop_requested)
            send_hangup (self);
          else
            set_state (self, ASTRIX_SESSION_RINGING);
        }
    }
  else if (strcmp (name, "ChanSpyStart") == 0)
    {
      if (is_ours (self, event, "SpyerUniqueid", "SpyerChannel"))
        handle_spy_start (self, event);
    }
  else if (strcmp (name, "ChanSpyStop") == 0)
    {
      if (is_ours (self, event, "SpyerUniqueid", "SpyerChannel"))
        handle_spy_stop (self);
    }
  else if (strcmp (name, "Hangup") == 0)
    {
      const char *uniqueid = ami_message_get (event, "Uniqueid");

      if (self->spyee_uniqueid != NULL && g_strcmp0 (uniqueid, self->spyee_uniqueid) == 0)
        self->spyee_hung_up = TRUE;
      else if (is_ours (self, event, "Uniqueid", "Channel"))
        handle_our_hangup (self);
    }
}

static void
on_logged_in_again (AmiClient            *client,
                    AstrixMonitorSession *self)
{
  g_autoptr(AmiAction) hangup = NULL;

  /* A session the link lost may have left the phone on ChanSpy: end it now. */
  g_clear_signal_handler (&self->logged_in_handler, self->client);
  if (self->channel == NULL || self->hangup_sent)
    return;
  self->hangup_sent = TRUE;
  hangup = ami_action_new_with ("Hangup", "Channel", self->channel, "Cause", "16", NULL);
  ami_client_send_action_async (self->client, hangup, NULL, NULL, NULL);
}

static void
on_client_state (AmiClient            *client,
                 GParamSpec           *pspec,
                 AstrixMonitorSession *self)
{
  if (ami_client_get_state (client) == AMI_CLIENT_CONNECTED)
    return;

  if (self->channel != NULL && !self->hangup_sent)
    self->logged_in_handler = g_signal_connect_object (client, "logged-in",
                                                       G_CALLBACK (on_logged_in_again), self, 0);
  fail (self, ASTRIX_ERROR_CONNECTION_LOST,
        _("The connection to the PBX was lost during monitoring."));
}

/* Starting */

static gboolean
outcome_timed_out (gpointer data)
{
  AstrixMonitorSession *self = data;

  self->outcome_timeout = 0;
  send_hangup (self);
  fail (self, ASTRIX_ERROR_PHONE_NO_ANSWER,
        _("The PBX did not say whether your phone answered."));
  return G_SOURCE_REMOVE;
}

static void
originate_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(AstrixMonitorSession) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);
  g_autofree char *sentence = NULL;

  if (response != NULL || !astrix_monitor_session_is_running (self))
    return;

  sentence = astrix_describe_error (error);
  fail (self, ASTRIX_ERROR_REFUSED, sentence);
}

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
  g_autoptr(AmiAction) originate = ami_action_new ("Originate");

  if (!astrix_validate_channel_name (self->target, error))
    return NULL;
  if (!self->audiosocket &&
      (self->endpoint == NULL || self->endpoint[0] == '\0' || strchr (self->endpoint, '/') == NULL ||
       !astrix_validate_channel_name (self->endpoint, NULL)))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("Your phone is not set up: set its channel (for example PJSIP/2000) in the "
                     "server’s preferences."));
      return NULL;
    }
  if (!spy_groups_valid (astrix_server_config_get_spy_groups (self->config)))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("A spy group name may contain only letters, digits, “-” and “_”."));
      return NULL;
    }

  ami_action_add (originate, "Channel", self->audiosocket ? self->dial : self->endpoint);
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
  {
    g_autofree char *caller_id = supervisor_caller_id ();

    ami_action_add (originate, "CallerID", caller_id);
  }
  ami_action_add_printf (originate, "Timeout", "%d", RING_TIMEOUT_MS);
  ami_action_add (originate, "Async", "true");

  if (!ami_action_check (originate, error))
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

  if (self->audiosocket && ami_client_get_state (self->client) == AMI_CLIENT_CONNECTED &&
      astrix_validate_channel_name (self->target, NULL))
    prepare_audiosocket (self, &local_error);
  if (local_error == NULL)
    originate = build_originate (self, &local_error);
  if (local_error == NULL && ami_client_get_state (self->client) != AMI_CLIENT_CONNECTED)
    local_error = g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                               _("Not connected to %s."), self->server);
  if (local_error != NULL)
    {
      /* Nothing was sent; the session is over before it began. */
      release_audio (self);
      g_clear_error (&self->error);
      self->error = g_error_copy (local_error);
      g_free (self->end_reason);
      self->end_reason = g_strdup (local_error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
      set_state (self, ASTRIX_SESSION_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->action_id = ami_client_new_action_id (self->client);
  ami_action_set_id (originate, self->action_id);
  self->event_handler = g_signal_connect (self->client, "event", G_CALLBACK (on_event), self);
  self->client_state_handler = g_signal_connect (self->client, "notify::state",
                                                 G_CALLBACK (on_client_state), self);
  self->outcome_timeout = g_timeout_add (RING_TIMEOUT_MS + OUTCOME_GRACE_MS, outcome_timed_out, self);
  set_state (self, ASTRIX_SESSION_REQUESTED);
  ami_client_send_action_async (self->client, originate, NULL, originate_done, g_object_ref (self));
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
  dtmf = ami_action_new_with ("PlayDTMF", "Channel", self->channel, "Digit", digit,
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
  if (mode == ASTRIX_MONITOR_MODE_LISTEN && self->stream != NULL)
    astrix_audio_stream_set_talking (self->stream, FALSE);
  if (self->state == ASTRIX_SESSION_ACTIVE && self->channel != NULL)
    send_mode (self, mode);
}

/* Ends the session: hangs up our channel, or cancels the call while it is being set up. */
void
astrix_monitor_session_stop (AstrixMonitorSession *self)
{
  g_return_if_fail (ASTRIX_IS_MONITOR_SESSION (self));

  if (!astrix_monitor_session_is_running (self) || self->stop_requested)
    return;

  self->stop_requested = TRUE;
  set_state (self, ASTRIX_SESSION_STOPPING);
  send_hangup (self);
}

/* Properties and life cycle */

static void
astrix_monitor_session_dispose (GObject *object)
{
  AstrixMonitorSession *self = ASTRIX_MONITOR_SESSION (object);

  if (self->client != NULL)
    {
      disconnect_client (self);
      g_clear_signal_handler (&self->logged_in_handler, self->client);
    }
  release_audio (self);
  g_clear_object (&self->stream);
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
  g_free (self->endpoint);
  g_free (self->server);
  g_free (self->action_id);
  g_free (self->channel);
  g_free (self->uniqueid);
  g_free (self->spyee_uniqueid);
  g_free (self->end_reason);
  g_free (self->service);
  g_free (self->dial);
  g_free (self->audio_channel);
  g_free (self->refusal);
  g_clear_error (&self->error);

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
      g_value_set_string (value, self->channel);
      break;
    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;
    case PROP_END_REASON:
      g_value_set_string (value, self->end_reason);
      break;
    case PROP_AUDIO_STREAM:
      g_value_set_object (value, self->stream);
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
    g_param_spec_enum ("mode", NULL, NULL, ASTRIX_TYPE_MONITOR_MODE, ASTRIX_MONITOR_MODE_LISTEN, flags);
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
  self->endpoint = g_strdup (astrix_server_config_get_endpoint (config));
  self->audiosocket = g_strcmp0 (self->endpoint, ASTRIX_ENDPOINT_AUDIOSOCKET) == 0;
  self->server = g_strdup (astrix_server_config_get_name (config));
  self->mode = self->wanted_mode = mode;
  self->target_timeout_ms =
    astrix_server_config_get_monitor_method (config) == ASTRIX_MONITOR_METHOD_CONTEXTS
      ? TARGET_TIMEOUT_CONTEXTS_MS : TARGET_TIMEOUT_APP_MS;
  return self;
}

/* How long to wait after the answer for ChanSpy to attach before calling the target gone. */
void
astrix_monitor_session_set_target_timeout (AstrixMonitorSession *self,
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

const char *
astrix_monitor_session_get_endpoint (AstrixMonitorSession *self)
{
  return self->endpoint;
}

/* Returns: (nullable): our channel on the supervisor's phone, once known */
const char *
astrix_monitor_session_get_channel (AstrixMonitorSession *self)
{
  return self->channel;
}

const char *
astrix_monitor_session_get_server (AstrixMonitorSession *self)
{
  return self->server;
}

/* Returns: when ChanSpy attached (g_get_real_time()), or 0 */
gint64
astrix_monitor_session_get_started (AstrixMonitorSession *self)
{
  return self->started;
}

/* Returns: (nullable): why the session failed */
const GError *
astrix_monitor_session_get_error (AstrixMonitorSession *self)
{
  return self->error;
}

/* Returns: (nullable): how the session ended or failed, as a sentence */
const char *
astrix_monitor_session_get_end_reason (AstrixMonitorSession *self)
{
  return self->end_reason;
}

/* Returns: (transfer none) (nullable): the call's audio on this computer, see
 *   #AstrixMonitorSession:audio-stream */
AstrixAudioStream *
astrix_monitor_session_get_audio_stream (AstrixMonitorSession *self)
{
  return self->stream;
}

/* Returns: whether the session brings the call to this computer (AudioSocket), not a phone */
gboolean
astrix_monitor_session_is_on_this_computer (AstrixMonitorSession *self)
{
  return self->audiosocket;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "astrix-demo-private.h"

/*
 * AstrixDemoPbx: a simulated Asterisk 22 AMI server on 127.0.0.1, for `astrix-assist --demo`
 * and for the tests. It speaks AMI as the captures in tests/data/captures show it (see
 * astrix-demo-private.h for which file does what). Everything runs on the thread-default main
 * context of the thread that called astrix_demo_pbx_start(); every delay is multiplied by the
 * time scale so tests can run a minute of call centre in a second.
 */

enum {
  PROP_0,
  PROP_PORT,
  PROP_TIME_SCALE,
  PROP_RUNNING,
  PROP_N_SESSIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixDemoPbx, astrix_demo_pbx, G_TYPE_OBJECT)

static void
user_free (AstrixDemoUser *user)
{
  g_free (user->name);
  g_free (user->secret);
  g_free (user);
}

static void
clear_call_centre (AstrixDemoPbx *self)
{
  /* Runs and calls unhook themselves from their channels; no events: nobody is listening. */
  while (self->runs->len > 0)
    _astrix_demo_run_free (g_ptr_array_index (self->runs, self->runs->len - 1));
  while (self->calls->len > 0)
    _astrix_demo_call_free (g_ptr_array_index (self->calls, self->calls->len - 1));
  g_ptr_array_set_size (self->channels, 0);
  /* app_queue's counters start again with the PBX */
  g_clear_pointer (&self->queues, _astrix_demo_queues_free);
}

static void
astrix_demo_pbx_dispose (GObject *object)
{
  AstrixDemoPbx *self = ASTRIX_DEMO_PBX (object);

  astrix_demo_pbx_stop (self);
  g_clear_handle_id (&self->traffic_id, g_source_remove);
  clear_call_centre (self);
  astrix_demo_pbx_set_transcript (self, NULL);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->recordings, _astrix_demo_recordings_free);

  G_OBJECT_CLASS (astrix_demo_pbx_parent_class)->dispose (object);
}

static void
astrix_demo_pbx_finalize (GObject *object)
{
  AstrixDemoPbx *self = ASTRIX_DEMO_PBX (object);

  g_ptr_array_unref (self->sessions);
  g_hash_table_unref (self->users);
  g_ptr_array_unref (self->channels);
  g_ptr_array_unref (self->calls);
  g_ptr_array_unref (self->runs);
  g_hash_table_unref (self->endpoint_answers);
  g_hash_table_unref (self->ignored_actions);
  g_hash_table_unref (self->unloaded_modules);
  g_hash_table_unref (self->removed_contexts);
  g_ptr_array_unref (self->received);
  g_hash_table_unref (self->bytes_sent);
  g_rand_free (self->rand);
  g_clear_pointer (&self->audio_lab, _astrix_demo_audio_lab_free);
  g_clear_pointer (&self->mixmonitors, g_hash_table_unref);

  G_OBJECT_CLASS (astrix_demo_pbx_parent_class)->finalize (object);
}

static void
astrix_demo_pbx_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AstrixDemoPbx *self = ASTRIX_DEMO_PBX (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_TIME_SCALE:
      g_value_set_double (value, self->time_scale);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_N_SESSIONS:
      g_value_set_uint (value, self->sessions->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_demo_pbx_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AstrixDemoPbx *self = ASTRIX_DEMO_PBX (object);

  switch (prop_id)
    {
    case PROP_TIME_SCALE:
      astrix_demo_pbx_set_time_scale (self, g_value_get_double (value));
      break;
    case PROP_RUNNING:
      astrix_demo_pbx_set_running (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_demo_pbx_class_init (AstrixDemoPbxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_demo_pbx_dispose;
  object_class->finalize = astrix_demo_pbx_finalize;
  object_class->get_property = astrix_demo_pbx_get_property;
  object_class->set_property = astrix_demo_pbx_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIME_SCALE] =
    g_param_spec_double ("time-scale", NULL, NULL, 0.0001, 1000.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_SESSIONS] =
    g_param_spec_uint ("n-sessions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* The users of the captures (README of tests/data/captures, and the seed for astrix_proxy). */
static void
add_default_users (AstrixDemoPbx *self)
{
  astrix_demo_pbx_add_user (self, "astrix_proxy", "SecurePassword123!",
                            "system,call,log,verbose,agent,command,reporting,cdr,dialplan",
                            "system,call,originate,reporting");
  astrix_demo_pbx_add_user (self, "astrix_ro", "ReadOnly456!", "call", "call");
  astrix_demo_pbx_add_user (self, "astrix_admin", "AdminPass789!", "all", "all");
}

/* The lab's supervisor extensions that misbehave on purpose (capture 10), for any technology. */
static void
add_default_answers (AstrixDemoPbx *self)
{
  static const struct
  {
    const char       *endpoint;
    AstrixDemoAnswer  answer;
  } answers[] = {
    { "PJSIP/2486", ASTRIX_DEMO_ANSWER_BUSY },
    { "PJSIP/2503", ASTRIX_DEMO_ANSWER_CONGESTION },
    { "PJSIP/2999", ASTRIX_DEMO_ANSWER_NO_ANSWER },
    { "PJSIP/2404", ASTRIX_DEMO_ANSWER_HANGUP },
    { "Local/2486@supervisor", ASTRIX_DEMO_ANSWER_BUSY },
    { "Local/2503@supervisor", ASTRIX_DEMO_ANSWER_CONGESTION },
    { "Local/2999@supervisor", ASTRIX_DEMO_ANSWER_NO_ANSWER },
    { "Local/2404@supervisor", ASTRIX_DEMO_ANSWER_HANGUP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    astrix_demo_pbx_set_endpoint_answer (self, answers[i].endpoint, answers[i].answer);
}

static void
astrix_demo_pbx_init (AstrixDemoPbx *self)
{
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) user_free);
  self->time_scale = 1.0;
  self->clock_real = g_get_monotonic_time ();
  self->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) _astrix_demo_channel_unref);
  self->calls = g_ptr_array_new ();
  self->runs = g_ptr_array_new ();
  self->endpoint_answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->uniqueid_epoch = g_get_real_time () / G_USEC_PER_SEC;
  self->rand = g_rand_new ();
  self->ignored_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unloaded_modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->removed_contexts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->received = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  self->bytes_sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  add_default_users (self);
  add_default_answers (self);
}

/**
 * astrix_demo_pbx_new:
 *
 * A simulated PBX with no calls, not listening yet. Its users are those of the captures:
 * `astrix_proxy` / `SecurePassword123!` (the seed's classes), `astrix_ro` / `ReadOnly456!`
 * (read and write `call`) and `astrix_admin` / `AdminPass789!` (everything).
 *
 * Returns: (transfer full): a new #AstrixDemoPbx
 */
AstrixDemoPbx *
astrix_demo_pbx_new (void)
{
  return g_object_new (ASTRIX_TYPE_DEMO_PBX, NULL);
}

static void
set_port (AstrixDemoPbx *self,
          guint16        port)
{
  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

static void
notify_n_sessions (AstrixDemoPbx *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SESSIONS]);
}

static void
add_session (AstrixDemoPbx *self,
             GIOStream     *stream)
{
  static guint next_id = 1;
  AstrixDemoSession *session = _astrix_demo_session_new (self, stream, next_id++);

  g_ptr_array_add (self->sessions, session);
  notify_n_sessions (self);
  _astrix_demo_session_start (session);
}

typedef struct
{
  AstrixDemoPbx *pbx;   /* weak */
} HandshakeData;

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autofree HandshakeData *handshake = data;
  g_autoptr(GIOStream) stream = G_IO_STREAM (source);
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (stream), result, &error))
    {
      g_debug ("demo PBX: TLS handshake failed: %s", error->message);
      g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
    }
  else if (handshake->pbx != NULL)
    add_session (handshake->pbx, stream);
  g_clear_weak_pointer (&handshake->pbx);
}

static void
start_tls (AstrixDemoPbx     *self,
           GSocketConnection *connection)
{
  g_autoptr(GError) error = NULL;
  GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate,
                                                &error);
  HandshakeData *handshake;

  if (tls == NULL)
    {
      g_warning ("demo PBX: cannot start TLS: %s", error->message);
      return;
    }
  handshake = g_new0 (HandshakeData, 1);
  g_set_weak_pointer (&handshake->pbx, self);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    handshake_cb, handshake);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             AstrixDemoPbx     *self)
{
  /* Events go out as they happen, not when the client's delayed ACK lets Nagle send them. */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
  if (self->certificate != NULL)
    start_tls (self, connection);
  else
    add_session (self, G_IO_STREAM (connection));
  return TRUE;
}

/**
 * astrix_demo_pbx_start:
 * @port: the TCP port, or 0 for any free one (see astrix_demo_pbx_get_port())
 *
 * Listens on 127.0.0.1 (and nowhere else). Restarting on the port of an earlier run works.
 *
 * Returns: %FALSE with @error set when the port cannot be had
 */
gboolean
astrix_demo_pbx_start (AstrixDemoPbx  *self,
                       guint16         port,
                       GError        **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    return FALSE;

  g_signal_connect_object (service, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (service);
  self->service = g_steal_pointer (&service);
  set_port (self, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  return TRUE;
}

/**
 * astrix_demo_pbx_drop_sessions:
 *
 * Closes every client connection at once (the calls go on).
 */
void
astrix_demo_pbx_drop_sessions (AstrixDemoPbx *self)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  while (self->sessions->len > 0)
    _astrix_demo_session_close (g_ptr_array_index (self->sessions, 0));
}

/**
 * astrix_demo_pbx_stop:
 *
 * Stops listening and closes every connection. The call centre keeps its state; a later
 * astrix_demo_pbx_start() serves it again.
 */
void
astrix_demo_pbx_stop (AstrixDemoPbx *self)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  astrix_demo_pbx_drop_sessions (self);
  /* Its AudioSocket connections go too, as when the PBX dies. */
  _astrix_demo_audio_pbx_stopped (self);
  set_port (self, 0);
}

/**
 * astrix_demo_pbx_get_port:
 *
 * Returns: the port it listens on, 0 when stopped
 */
guint16
astrix_demo_pbx_get_port (AstrixDemoPbx *self)
{
  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), 0);
  return self->port;
}

/**
 * astrix_demo_pbx_set_tls_certificate:
 * @certificate: (nullable): a certificate with its private key, or %NULL for plain TCP
 *
 * Connections accepted from now on are wrapped in TLS with @certificate (as Asterisk's
 * port 5039); the banner follows the handshake.
 */
void
astrix_demo_pbx_set_tls_certificate (AstrixDemoPbx   *self,
                                     GTlsCertificate *certificate)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->certificate, certificate);
}

/**
 * astrix_demo_pbx_add_user:
 * @read_classes: manager.conf `read`, such as "system,call,all"
 * @write_classes: manager.conf `write`
 *
 * Adds an AMI user, or replaces the one of that name.
 */
void
astrix_demo_pbx_add_user (AstrixDemoPbx *self,
                          const char    *username,
                          const char    *secret,
                          const char    *read_classes,
                          const char    *write_classes)
{
  AstrixDemoUser *user;

  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (username != NULL && secret != NULL);

  user = g_new0 (AstrixDemoUser, 1);
  user->name = g_strdup (username);
  user->secret = g_strdup (secret);
  user->read = _astrix_demo_classes_parse (read_classes);
  user->write = _astrix_demo_classes_parse (write_classes);
  g_hash_table_replace (self->users, user->name, user);
}

AstrixDemoUser *
_astrix_demo_pbx_lookup_user (AstrixDemoPbx *self,
                              const char    *name)
{
  return g_hash_table_lookup (self->users, name);
}

/* Simulated microseconds since an arbitrary origin: real time divided by the time scale. */
gint64
_astrix_demo_pbx_now (AstrixDemoPbx *self)
{
  gint64 real = g_get_monotonic_time () - self->clock_real;

  return self->clock_sim + (gint64) (real / self->time_scale);
}

/**
 * astrix_demo_pbx_set_time_scale:
 * @scale: real seconds per simulated second: 1 is real time, 0.01 runs a hundred times faster
 *
 * Scales every delay of the simulation (ringing, ChanSpy's start, the failed-login pause,
 * call lengths, the traffic) and the durations it reports.
 */
void
astrix_demo_pbx_set_time_scale (AstrixDemoPbx *self,
                                double         scale)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (scale > 0);

  if (self->time_scale == scale)
    return;
  self->clock_sim = _astrix_demo_pbx_now (self);
  self->clock_real = g_get_monotonic_time ();
  self->time_scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_SCALE]);
}

/**
 * astrix_demo_pbx_set_seed:
 *
 * Seeds the simulation's random choices (callers, agents, call lengths, the traffic), so a
 * benchmark can run the same load twice.
 */
void
astrix_demo_pbx_set_seed (AstrixDemoPbx *self,
                          guint32        seed)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_rand_set_seed (self->rand, seed);
}

/* A timeout of @ms simulated milliseconds. */
guint
_astrix_demo_pbx_timeout (AstrixDemoPbx *self,
                          double         ms,
                          GSourceFunc    func,
                          gpointer       data)
{
  double real = MAX (ms, 0) * self->time_scale;

  return g_timeout_add ((guint) MIN (real + 0.5, (double) G_MAXUINT), func, data);
}

/**
 * astrix_demo_pbx_get_n_sessions:
 *
 * Returns: the number of client connections open now, logged in or not
 */
guint
astrix_demo_pbx_get_n_sessions (AstrixDemoPbx *self)
{
  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), 0);
  return self->sessions->len;
}

void
_astrix_demo_pbx_session_closed (AstrixDemoPbx     *self,
                                 AstrixDemoSession *session)
{
  if (g_ptr_array_remove (self->sessions, session))
    notify_n_sessions (self);
}

static gpointer
ref_session (gconstpointer session,
             gpointer      data)
{
  return g_object_ref ((gpointer) session);
}

/* The sessions, each with a reference of its own. */
static GPtrArray *
copy_sessions (AstrixDemoPbx *self)
{
  GPtrArray *copy = g_ptr_array_copy (self->sessions, ref_session, NULL);

  g_ptr_array_set_free_func (copy, g_object_unref);
  return copy;
}

/* Sends @event to every session whose read classes and event mask take it. */
void
_astrix_demo_pbx_emit (AstrixDemoPbx *self,
                       AmiMessage    *event)
{
  g_autoptr(GPtrArray) sessions = NULL;
  guint event_class;

  if (self->sessions->len == 0)
    return;
  event_class = _astrix_demo_event_class (event);
  /* A session may be dropped while it is sent to (its queue is full). */
  sessions = copy_sessions (self);
  for (guint i = 0; i < sessions->len; i++)
    _astrix_demo_session_send_event (g_ptr_array_index (sessions, i), event, event_class);
}

void
_astrix_demo_pbx_emit_fields (AstrixDemoPbx *self,
                              GPtrArray     *fields)
{
  g_autoptr(AmiMessage) event = NULL;

  if (self->sessions->len == 0)
    return;
  event = _astrix_demo_fields_to_message (fields);
  _astrix_demo_pbx_emit (self, event);
}

/**
 * astrix_demo_pbx_emit_event:
 * @event: an event, with a `Privilege` header naming its class (or none: then every
 *   logged-in session gets it)
 *
 * Sends an arbitrary event to every logged-in session whose read classes include the
 * event's class and whose event mask lets it through.
 */
void
astrix_demo_pbx_emit_event (AstrixDemoPbx *self,
                            AmiMessage    *event)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (event != NULL);

  _astrix_demo_pbx_emit (self, event);
}

/* Any channel, by name (without regard to case, as ast_channel_get_by_name) or Uniqueid. */
AstrixDemoChannel *
_astrix_demo_pbx_find_channel (AstrixDemoPbx *self,
                               const char    *name)
{
  if (name == NULL || name[0] == '\0')
    return NULL;
  for (guint i = 0; i < self->channels->len; i++)
    {
      AstrixDemoChannel *channel = g_ptr_array_index (self->channels, i);

      if (g_ascii_strcasecmp (channel->name, name) == 0 || strcmp (channel->uniqueid, name) == 0)
        return channel;
    }
  return NULL;
}

char *
_astrix_demo_pbx_new_uniqueid (AstrixDemoPbx *self)
{
  gint64 seconds = MAX (g_get_real_time () / G_USEC_PER_SEC, self->uniqueid_epoch);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%u", seconds, self->uniqueid_seq++);
}

/* Hangs @channel up with @cause the way its kind of channel goes; @soft when asked through
 * AMI (SoftHangupRequest) rather than by the far end (HangupRequest). */
gboolean
_astrix_demo_pbx_hangup_channel (AstrixDemoPbx     *self,
                                 AstrixDemoChannel *channel,
                                 int                cause,
                                 gboolean           soft)
{
  if (channel == NULL || channel->gone)
    return FALSE;
  if (channel->call != NULL)
    _astrix_demo_callcentre_hangup (channel->call, channel, cause, soft);
  else if (channel->run != NULL)
    _astrix_demo_run_hangup (channel->run, cause, soft);
  else
    {
      g_autoptr(AstrixDemoChannel) held = _astrix_demo_channel_ref (channel);

      _astrix_demo_channel_request_hangup (self, held, cause, soft);
      _astrix_demo_channel_gone (self, held, cause);
    }
  return TRUE;
}

/**
 * astrix_demo_pbx_set_running:
 *
 * Starts or stops the random traffic: customers calling in, agents answering, calls ending.
 * Calls in progress go on either way.
 */
void
astrix_demo_pbx_set_running (AstrixDemoPbx *self,
                             gboolean       running)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  running = !!running;
  if (self->running == running)
    return;
  self->running = running;
  _astrix_demo_callcentre_set_running (self, running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * astrix_demo_pbx_add_call:
 * @agent: (nullable): the agent's extension, "1001"; %NULL for the first free agent
 * @caller_number: (nullable): the customer's number; %NULL for a random one
 * @caller_name: (nullable): the customer's name (any UTF-8; Asterisk C-escapes it on the
 *   wire); %NULL for a random one
 *
 * A customer calls in on the trunk and the agent answers at once: the whole event sequence
 * (Newchannel ... DialEnd, BridgeCreate, BridgeEnter) is sent before this returns.
 *
 * Returns: (transfer full) (nullable): the agent's channel name, "PJSIP/1001-0000002a"; %NULL
 *   when @agent is %NULL and every agent (1001 to 1099) is on a call
 */
char *
astrix_demo_pbx_add_call (AstrixDemoPbx *self,
                          const char    *agent,
                          const char    *caller_number,
                          const char    *caller_name)
{
  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), NULL);
  return _astrix_demo_callcentre_add (self, agent, caller_number, caller_name, FALSE);
}

/**
 * astrix_demo_pbx_hangup:
 * @channel: a channel name or Uniqueid
 *
 * Hangs the channel up with cause 16 (normal clearing), with the events Asterisk sends: the
 * other leg of a call and any ChanSpy on it follow.
 *
 * Returns: %FALSE when there is no such channel
 */
gboolean
astrix_demo_pbx_hangup (AstrixDemoPbx *self,
                        const char    *channel)
{
  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), FALSE);

  return _astrix_demo_pbx_hangup_channel (self, _astrix_demo_pbx_find_channel (self, channel),
                                          ASTRIX_DEMO_CAUSE_NORMAL, FALSE);
}

/**
 * astrix_demo_pbx_dup_channels:
 *
 * Returns: (transfer full): the names of every channel up now, oldest first
 */
char **
astrix_demo_pbx_dup_channels (AstrixDemoPbx *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), NULL);

  for (guint i = 0; i < self->channels->len; i++)
    g_strv_builder_add (builder,
                        ((AstrixDemoChannel *) g_ptr_array_index (self->channels, i))->name);
  return g_strv_builder_end (builder);
}

/**
 * astrix_demo_pbx_set_endpoint_answer:
 * @endpoint: what an Originate's `Channel` names, without a channel suffix: "PJSIP/2000",
 *   "Local/2000@supervisor"
 *
 * How that endpoint answers an Originate. Unless told otherwise PJSIP, IAX2, DAHDI and Local
 * endpoints answer, SIP and unknown technologies cannot be created (Reason 0), and the lab's
 * extensions 2486 (busy), 2503 (congestion), 2999 (no answer) and 2404 (hangs up) misbehave.
 */
void
astrix_demo_pbx_set_endpoint_answer (AstrixDemoPbx    *self,
                                     const char       *endpoint,
                                     AstrixDemoAnswer  answer)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (endpoint != NULL);

  g_hash_table_replace (self->endpoint_answers, g_strdup (endpoint), GINT_TO_POINTER (answer));
}

/**
 * astrix_demo_pbx_get_spy_mode:
 * @channel: the spying channel (the one the Originate created)
 *
 * Returns: what the ChanSpy running on @channel does with the supervisor's voice now
 */
AstrixDemoSpyMode
astrix_demo_pbx_get_spy_mode (AstrixDemoPbx *self,
                              const char    *channel)
{
  AstrixDemoChannel *found;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), ASTRIX_DEMO_SPY_NONE);

  found = _astrix_demo_pbx_find_channel (self, channel);
  if (found == NULL || found->run == NULL || found->run->spy == NULL)
    return ASTRIX_DEMO_SPY_NONE;
  return _astrix_demo_spy_get_mode (found->run->spy);
}

/**
 * astrix_demo_pbx_inject_fault:
 *
 * Applies @fault to every logged-in session now, and to every session that logs in while it
 * is active (a stall holds every session, logged in or not, and new ones after their banner).
 * %ASTRIX_DEMO_FAULT_NONE clears it: a stalled session answers what it held back, an endless
 * line is ended with a blank line.
 */
void
astrix_demo_pbx_inject_fault (AstrixDemoPbx   *self,
                              AstrixDemoFault  fault)
{
  g_autoptr(GPtrArray) sessions = NULL;

  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  self->fault = fault;
  sessions = copy_sessions (self);
  for (guint i = 0; i < sessions->len; i++)
    _astrix_demo_session_apply_fault (g_ptr_array_index (sessions, i), fault);
}

/**
 * astrix_demo_pbx_set_ignored_action:
 * @action: an action name, without regard to case
 *
 * While @ignored, that action is received (and recorded) but never answered.
 */
void
astrix_demo_pbx_set_ignored_action (AstrixDemoPbx *self,
                                    const char    *action,
                                    gboolean       ignored)
{
  g_autofree char *key = NULL;

  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (action != NULL);

  key = g_ascii_strdown (action, -1);
  if (ignored)
    g_hash_table_add (self->ignored_actions, g_steal_pointer (&key));
  else
    g_hash_table_remove (self->ignored_actions, key);
}

gboolean
_astrix_demo_pbx_is_ignored (AstrixDemoPbx *self,
                             const char    *action)
{
  g_autofree char *key = g_ascii_strdown (action, -1);

  return g_hash_table_contains (self->ignored_actions, key);
}

/* The modules the simulated PBX has, as `module show like` lists them. */
static const AstrixDemoModule modules[] = {
  { "app_chanspy.so", "Listen to the audio of an active channel", "ChanSpy" },
  { "app_controlplayback.so", "Control Playback Application", "ControlPlayback" },
  { "app_mixmonitor.so", "Mixed Audio Monitoring Application", "MixMonitor" },
  { "app_playback.so", "Sound File Playback Application", "Playback" },
  { "chan_audiosocket.so", "AudioSocket Channel", NULL },
  { "chan_pjsip.so", "PJSIP Channel Driver", NULL },
  { "func_devstate.so", "Gets or sets a device state in the dialplan", NULL },
  { "res_audiosocket.so", "AudioSocket support", NULL },
};

const AstrixDemoModule *
_astrix_demo_pbx_modules (guint *n_modules)
{
  *n_modules = G_N_ELEMENTS (modules);
  return modules;
}

/* "app_chanspy.so" and "app_chanspy" are the same module (Asterisk's resource_name_match). */
static char *
module_key (const char *module)
{
  return g_str_has_suffix (module, ".so") ? g_strndup (module, strlen (module) - 3)
                                          : g_strdup (module);
}

/**
 * astrix_demo_pbx_set_module_loaded:
 * @module: a module name, with or without ".so": "app_chanspy"
 *
 * Unloads (or loads again) one of the simulated PBX's modules. Unloaded, the module is not in
 * `module show like`, ModuleCheck answers "Module not loaded", its dialplan application fails
 * as an unknown one, and its AMI actions (ControlPlayback for app_controlplayback) are unknown.
 */
void
astrix_demo_pbx_set_module_loaded (AstrixDemoPbx *self,
                                   const char    *module,
                                   gboolean       loaded)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (module != NULL);

  if (loaded)
    {
      g_autofree char *key = module_key (module);

      g_hash_table_remove (self->unloaded_modules, key);
    }
  else
    {
      g_hash_table_add (self->unloaded_modules, module_key (module));
    }
}

/* Whether @module (with or without ".so") is one of ours and loaded. */
gboolean
_astrix_demo_pbx_module_loaded (AstrixDemoPbx *self,
                                const char    *module)
{
  g_autofree char *key = module_key (module);

  if (g_hash_table_contains (self->unloaded_modules, key))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    {
      g_autofree char *ours = module_key (modules[i].module);

      if (g_ascii_strcasecmp (ours, key) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Whether a dialplan application can run: the core's always, a module's while it is loaded. */
gboolean
_astrix_demo_pbx_application_loaded (AstrixDemoPbx *self,
                                     const char    *application)
{
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    {
      if (modules[i].application != NULL &&
          g_ascii_strcasecmp (modules[i].application, application) == 0)
        return _astrix_demo_pbx_module_loaded (self, modules[i].module);
    }
  return TRUE;
}

/**
 * astrix_demo_pbx_set_context_present:
 * @context: a context of the lab's dialplan: "spy-context"
 *
 * Takes a dialplan context away (or puts it back): while absent, ShowDialPlan and
 * `dialplan show` do not find it and an Originate into it fails with "Extension does not
 * exist.", as on a PBX whose extensions.conf lacks it.
 */
void
astrix_demo_pbx_set_context_present (AstrixDemoPbx *self,
                                     const char    *context,
                                     gboolean       present)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));
  g_return_if_fail (context != NULL);

  if (present)
    g_hash_table_remove (self->removed_contexts, context);
  else
    g_hash_table_add (self->removed_contexts, g_strdup (context));
}

gboolean
_astrix_demo_pbx_has_context (AstrixDemoPbx *self,
                              const char    *context)
{
  return !g_hash_table_contains (self->removed_contexts, context);
}

/**
 * astrix_demo_pbx_restart:
 * @n_calls: how many calls are up after the restart
 *
 * What a PBX restart looks like to clients: every session is dropped, every channel is gone
 * and @n_calls new calls (new channel names and Uniqueids) are up. It goes on listening on
 * the same port; FullyBooted's Uptime starts again.
 */
void
astrix_demo_pbx_restart (AstrixDemoPbx *self,
                         guint          n_calls)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  astrix_demo_pbx_drop_sessions (self);
  clear_call_centre (self);
  self->uniqueid_epoch = MAX (self->uniqueid_epoch, g_get_real_time () / G_USEC_PER_SEC) + 1;
  self->booted_at = _astrix_demo_pbx_now (self);
  for (guint i = 0; i < n_calls; i++)
    g_free (_astrix_demo_callcentre_add (self, NULL, NULL, NULL, FALSE));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include <string.h>

#include "ami-client-private.h"
#include "ami-enums.h"

/*
 * The AMI client. One read loop per link feeds the parser; a write queue keeps one write in
 * flight; pending actions live in a table keyed by ActionID. Every link (one TCP/TLS
 * connection) is its own refcounted object, so callbacks of a link that has died find it
 * marked dead and do nothing. When a link dies, the table is stolen and every pending action
 * fails from an idle, exactly once. Actions are never re-sent: after a reconnect, callers decide.
 */

#define DEFAULT_ACTION_TIMEOUT_MS  10000
#define DEFAULT_CONNECT_TIMEOUT_MS 10000
#define DEFAULT_PING_INTERVAL_MS   20000
#define DEFAULT_PING_TIMEOUT_MS    5000
#define LOGOFF_TIMEOUT_MS          2000

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_USE_TLS,
  PROP_USERNAME,
  PROP_STATE,
  PROP_SERVER_VERSION,
  PROP_RETRY_AT,
  PROP_PEER_FINGERPRINT,
  PROP_ACTION_TIMEOUT,
  PROP_CONNECT_TIMEOUT,
  PROP_PING_INTERVAL,
  PROP_PING_TIMEOUT,
  PROP_AUTO_RECONNECT,
  N_PROPS
};

enum {
  EVENT,
  LOGGED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AmiClient, ami_client, G_TYPE_OBJECT)

/* State */

void
_ami_client_set_state (AmiClient      *self,
                       AmiClientState  state)
{
  if (self->state == state)
    return;

  g_debug ("%s:%u state %d -> %d", self->host, self->port, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_ami_client_set_last_error (AmiClient    *self,
                            const GError *error)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
}

void
_ami_client_set_retry_at (AmiClient *self,
                          gint64     retry_at)
{
  if (self->retry_at == retry_at)
    return;

  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

void
_ami_client_set_server_version (AmiClient  *self,
                                const char *version)
{
  g_free (self->server_version);
  self->server_version = g_strdup (version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
}

/* Takes @fingerprint (nullable): SHA-256 of the certificate the PBX presented. */
void
_ami_client_take_peer_fingerprint (AmiClient *self,
                                   char      *fingerprint)
{
  g_free (self->peer_fingerprint);
  self->peer_fingerprint = fingerprint;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_FINGERPRINT]);
}

void
_ami_client_emit_event (AmiClient  *self,
                        AmiMessage *message)
{
  const char *name = ami_message_get_name (message);
  /* try_string: an event name nobody connected to needs no quark (and a hostile server
   * cannot make us grow the quark table). */
  GQuark detail = name != NULL ? g_quark_try_string (name) : 0;

  g_signal_emit (self, signals[EVENT], detail, message);
}

void
_ami_client_emit_logged_in (AmiClient *self)
{
  g_signal_emit (self, signals[LOGGED_IN], 0);
}

/* The object */

static void
ami_client_dispose (GObject *object)
{
  AmiClient *self = AMI_CLIENT (object);

  self->keep_connected = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  _ami_client_stop_keepalive (self);
  if (self->link != NULL)
    _ami_link_kill (self->link);

  G_OBJECT_CLASS (ami_client_parent_class)->dispose (object);
}

static void
wipe_secret (AmiClient *self)
{
  if (self->secret != NULL)
    {
      memset (self->secret, 0, strlen (self->secret));
      g_clear_pointer (&self->secret, g_free);
    }
}

static void
ami_client_finalize (GObject *object)
{
  AmiClient *self = AMI_CLIENT (object);

  wipe_secret (self);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_error (&self->last_error);
  g_free (self->host);
  g_free (self->username);
  g_free (self->pinned_fingerprint);
  g_free (self->ca_file);
  g_free (self->peer_fingerprint);
  g_free (self->server_version);
  g_free (self->id_prefix);
  _ami_event_mask_free (self->event_mask);

  G_OBJECT_CLASS (ami_client_parent_class)->finalize (object);
}

static void
ami_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AmiClient *self = AMI_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_USE_TLS:
      g_value_set_boolean (value, self->use_tls);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SERVER_VERSION:
      g_value_set_string (value, self->server_version);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;
    case PROP_PEER_FINGERPRINT:
      g_value_set_string (value, self->peer_fingerprint);
      break;
    case PROP_ACTION_TIMEOUT:
      g_value_set_uint (value, self->action_timeout_ms);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;
    case PROP_PING_INTERVAL:
      g_value_set_uint (value, self->ping_interval_ms);
      break;
    case PROP_PING_TIMEOUT:
      g_value_set_uint (value, self->ping_timeout_ms);
      break;
    case PROP_AUTO_RECONNECT:
      g_value_set_boolean (value, self->auto_reconnect);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_uint_prop (AmiClient *self,
               guint     *field,
               guint      value,
               guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
ami_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AmiClient *self = AMI_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_free (self->host);
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    case PROP_USE_TLS:
      self->use_tls = g_value_get_boolean (value);
      break;
    case PROP_ACTION_TIMEOUT:
      set_uint_prop (self, &self->action_timeout_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_CONNECT_TIMEOUT:
      set_uint_prop (self, &self->connect_timeout_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_PING_INTERVAL:
      set_uint_prop (self, &self->ping_interval_ms, g_value_get_uint (value), prop_id);
      if (self->state == AMI_CLIENT_CONNECTED)
        _ami_client_start_keepalive (self);
      break;
    case PROP_PING_TIMEOUT:
      set_uint_prop (self, &self->ping_timeout_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_AUTO_RECONNECT:
      if (self->auto_reconnect != g_value_get_boolean (value))
        {
          self->auto_reconnect = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ami_client_class_init (AmiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ami_client_dispose;
  object_class->finalize = ami_client_finalize;
  object_class->get_property = ami_client_get_property;
  object_class->set_property = ami_client_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, 65535, 5038,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_TLS] =
    g_param_spec_boolean ("use-tls", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, AMI_TYPE_CLIENT_STATE, AMI_CLIENT_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_VERSION] =
    g_param_spec_string ("server-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEER_FINGERPRINT] =
    g_param_spec_string ("peer-fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_TIMEOUT] =
    g_param_spec_uint ("action-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_ACTION_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_CONNECT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PING_INTERVAL] =
    g_param_spec_uint ("ping-interval", NULL, NULL, 0, G_MAXUINT, DEFAULT_PING_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PING_TIMEOUT] =
    g_param_spec_uint ("ping-timeout", NULL, NULL, 1, G_MAXUINT, DEFAULT_PING_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_RECONNECT] =
    g_param_spec_boolean ("auto-reconnect", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AmiClient::event:
   * @message: the event
   *
   * An event from the PBX. Detailed with the event name (`event::Hangup`). Events carrying
   * another session's ActionID are not emitted; list items of our own actions are collected
   * into the action's result instead.
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, AMI_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * AmiClient::logged-in:
   *
   * Emitted after every successful login, the first and each after a reconnection: the moment
   * to resynchronise state with the PBX.
   */
  signals[LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ami_client_init (AmiClient *self)
{
  self->port = 5038;
  self->action_timeout_ms = DEFAULT_ACTION_TIMEOUT_MS;
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->ping_interval_ms = DEFAULT_PING_INTERVAL_MS;
  self->ping_timeout_ms = DEFAULT_PING_TIMEOUT_MS;
  self->auto_reconnect = TRUE;
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->id_prefix = g_strdup_printf ("astrix-%08x%08x-", g_random_int (), g_random_int ());
  self->event_mask = _ami_event_mask_new ();
}

/* Public API */

/**
 * ami_client_new:
 * @host: host name or address of the PBX
 * @port: 5038 for TCP, 5039 for TLS, or what the site configured
 * @use_tls: whether to speak TLS (the certificate is verified)
 */
AmiClient *
ami_client_new (const char *host,
                guint       port,
                gboolean    use_tls)
{
  return g_object_new (AMI_TYPE_CLIENT,
                       "host", host,
                       "port", port,
                       "use-tls", use_tls,
                       NULL);
}

/**
 * ami_client_set_credentials:
 * @secret: kept in memory only for logging in again after a reconnection; never a property,
 *   never logged, wiped when replaced or when the client is finalized
 */
void
ami_client_set_credentials (AmiClient  *self,
                            const char *username,
                            const char *secret)
{
  g_return_if_fail (AMI_IS_CLIENT (self));

  wipe_secret (self);
  self->secret = g_strdup (secret);
  if (g_strcmp0 (self->username, username) != 0)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
    }
}

void
_ami_client_set_auth_method (AmiClient     *self,
                             AmiAuthMethod  method)
{
  self->auth_method = method;
}

/**
 * ami_client_set_pinned_certificate:
 * @sha256: (nullable): the SHA-256 fingerprint of a certificate to accept even though it is
 *   not signed by a trusted authority (hex, with or without colons)
 */
void
ami_client_set_pinned_certificate (AmiClient  *self,
                                   const char *sha256)
{
  g_free (self->pinned_fingerprint);
  self->pinned_fingerprint = g_strdup (sha256);
}

/* @path: (nullable): a PEM file of authorities to trust instead of the system's */
void
ami_client_set_ca_file (AmiClient  *self,
                        const char *path)
{
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
}

/* Returns: (nullable): SHA-256 of the certificate the PBX presented last, lowercase hex */
const char *
ami_client_get_peer_fingerprint (AmiClient *self)
{
  return self->peer_fingerprint;
}

AmiClientState
ami_client_get_state (AmiClient *self)
{
  return self->state;
}

/* Returns: (nullable): the version in the banner, e.g. "11.0.0" (AMI's, not Asterisk's) */
const char *
_ami_client_get_server_version (AmiClient *self)
{
  return self->server_version;
}

/* Returns: (nullable): why the last attempt or link failed; cleared by a successful login */
const GError *
ami_client_get_last_error (AmiClient *self)
{
  return self->last_error;
}

/* Returns: the monotonic time of the next reconnection attempt, or 0 */
gint64
ami_client_get_retry_at (AmiClient *self)
{
  return self->retry_at;
}

static GSocketConnection *
current_socket_connection (AmiClient *self)
{
  GIOStream *stream;

  if (self->link == NULL || self->link->stream == NULL)
    return NULL;
  stream = self->link->stream;
  if (G_IS_TLS_CONNECTION (stream))
    g_object_get (stream, "base-io-stream", &stream, NULL);
  else
    g_object_ref (stream);
  if (!G_IS_SOCKET_CONNECTION (stream))
    {
      g_object_unref (stream);
      return NULL;
    }
  return G_SOCKET_CONNECTION (stream);
}

/* Returns: (transfer full) (nullable): this end of the link, the address the PBX sees us at */
GSocketAddress *
ami_client_get_local_address (AmiClient *self)
{
  g_autoptr(GSocketConnection) connection = current_socket_connection (self);

  return connection ? g_socket_connection_get_local_address (connection, NULL) : NULL;
}

/* Returns: (transfer full) (nullable): the PBX's end of the link */
GSocketAddress *
ami_client_get_remote_address (AmiClient *self)
{
  g_autoptr(GSocketConnection) connection = current_socket_connection (self);

  return connection ? g_socket_connection_get_remote_address (connection, NULL) : NULL;
}

/**
 * ami_client_connect_async:
 *
 * Connects and logs in, once. Completes when logged in, or with the reason it could not. If
 * #AmiClient:auto-reconnect is set, a link that goes down later is brought back.
 */
void
ami_client_connect_async (AmiClient           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (AMI_IS_CLIENT (self));
  g_task_set_source_tag (task, ami_client_connect_async);

  if (self->connect_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A connection attempt is already under way");
      return;
    }

  self->keep_connected = self->auto_reconnect;
  self->connect_task = g_steal_pointer (&task);
  _ami_client_start_attempt (self);
}

gboolean
ami_client_connect_finish (AmiClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ami_client_start:
 *
 * Keeps the client connected from now on: connects, and after any failure that retrying can
 * cure (refused, timed out, dropped) tries again with jittered exponential backoff. Stops at
 * failures it cannot cure (authentication, TLS trust, not an AMI server): state FAILED.
 */
void
ami_client_start (AmiClient *self)
{
  g_return_if_fail (AMI_IS_CLIENT (self));

  self->keep_connected = TRUE;
  if (self->state == AMI_CLIENT_CONNECTED || self->state == AMI_CLIENT_CONNECTING ||
      self->state == AMI_CLIENT_AUTHENTICATING)
    return;
  _ami_client_start_attempt (self);
}

/* Tries to connect now instead of waiting for the next scheduled attempt (a Retry button). */
void
ami_client_retry_now (AmiClient *self)
{
  g_return_if_fail (AMI_IS_CLIENT (self));

  self->keep_connected = TRUE;
  self->retry_attempt = 0;
  if (self->state == AMI_CLIENT_CONNECTED)
    return;
  _ami_client_start_attempt (self);
}

/* Drops the link at once, without Logoff, and stops reconnecting. */
void
ami_client_disconnect (AmiClient *self)
{
  g_return_if_fail (AMI_IS_CLIENT (self));

  self->keep_connected = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  _ami_client_set_retry_at (self, 0);
  if (self->link != NULL)
    _ami_client_link_lost (self, self->link,
                           g_error_new_literal (AMI_ERROR, AMI_ERROR_CLOSED,
                                                "The connection was closed"));
  else
    _ami_client_set_state (self, AMI_CLIENT_DISCONNECTED);
}

static void
logoff_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  AmiClient *self = g_task_get_source_object (task);
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (self, result, NULL, NULL);

  ami_client_disconnect (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * ami_client_close_async:
 *
 * Says goodbye (Logoff), closes the link and stops reconnecting. Pending actions fail with
 * %AMI_ERROR_CLOSED.
 */
void
ami_client_close_async (AmiClient           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AmiAction) logoff = NULL;

  g_task_set_source_tag (task, ami_client_close_async);
  self->keep_connected = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->state != AMI_CLIENT_CONNECTED)
    {
      ami_client_disconnect (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  logoff = ami_action_new ("Logoff");
  _ami_client_send (self, logoff, LOGOFF_TIMEOUT_MS, TRUE, NULL, logoff_done,
                    g_steal_pointer (&task));
}

gboolean
ami_client_close_finish (AmiClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include <string.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "ami-client-private.h"
#include "ami-enums.h"
#include "ami-parser.h"

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
#define READ_BUFFER_SIZE           (64 * 1024)

typedef struct _Link Link;

struct _Link
{
  gint          ref_count;
  AmiClient    *client;        /* not a reference; NULL once the client let go */
  GIOStream    *stream;
  GCancellable *cancellable;
  AmiParser    *parser;
  GQueue        write_queue;   /* of GBytes */
  GBytes       *writing;       /* the buffer of the write in flight */
  gboolean      dead;
  gboolean      got_banner;
  char          buffer[READ_BUFFER_SIZE];
};

typedef struct
{
  char       *action_id;
  char       *action_name;
  GTask      *task;
  guint       timeout_source;
  AmiMessage *response;        /* for a list, until EventList: Complete */
  GPtrArray  *events;
} Pending;

typedef struct
{
  AmiMessage *response;
  GPtrArray  *events;
} ActionResult;

struct _AmiClient
{
  GObject         parent_instance;

  char           *host;
  guint           port;
  gboolean        use_tls;
  char           *username;
  char           *secret;          /* never a property, never logged; wiped when dropped */
  AmiAuthMethod   auth_method;
  char           *pinned_fingerprint;
  char           *ca_file;
  char           *peer_fingerprint;
  guint           action_timeout_ms;
  guint           connect_timeout_ms;
  guint           ping_interval_ms;
  guint           ping_timeout_ms;
  gboolean        auto_reconnect;

  AmiClientState  state;
  char           *server_version;
  GError         *last_error;
  char           *id_prefix;       /* random per client: other sessions' ActionIDs never match */
  guint64         next_id;

  Link           *link;
  GHashTable     *pending;         /* ActionID -> Pending */
  GTask          *connect_task;    /* the attempt a caller of connect_async waits for */
  guint           connect_timeout_source;
  guint           ping_source;
  gboolean        ping_in_flight;
  gboolean        keep_connected;  /* reconnect when the link goes down */
  guint           retry_source;
  guint           retry_attempt;
  gint64          retry_at;
  AmiEventMask   *event_mask;      /* see ami-event-mask.c */
};

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

static void link_lost          (AmiClient *self, Link *link, GError *error);
static void start_attempt      (AmiClient *self);
static void send_internal      (AmiClient *self, AmiAction *action, guint timeout_ms,
                                GAsyncReadyCallback callback, gpointer user_data);
static void login              (AmiClient *self);

/* Links */

static Link *
link_ref (Link *link)
{
  link->ref_count++;
  return link;
}

static void
link_unref (Link *link)
{
  if (--link->ref_count > 0)
    return;

  g_queue_clear_full (&link->write_queue, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&link->writing, g_bytes_unref);
  g_clear_pointer (&link->parser, ami_parser_free);
  g_clear_object (&link->stream);
  g_clear_object (&link->cancellable);
  g_free (link);
}

static gboolean
link_is_current (Link *link)
{
  return !link->dead && link->client != NULL && link->client->link == link;
}

/* Ends a link: no callback of it will act any more; the client lets go of it. */
static void
link_kill (Link *link)
{
  AmiClient *client = link->client;

  if (link->dead)
    return;

  link->dead = TRUE;
  link->client = NULL;
  g_cancellable_cancel (link->cancellable);
  if (link->stream != NULL)
    g_io_stream_close_async (link->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (client != NULL && client->link == link)
    {
      client->link = NULL;
      link_unref (link);
    }
}

/* Pending actions */

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_source, g_source_remove);
  g_clear_pointer (&pending->response, ami_message_unref);
  g_clear_pointer (&pending->events, g_ptr_array_unref);
  g_clear_object (&pending->task);
  g_free (pending->action_name);
  g_free (pending->action_id);
  g_free (pending);
}

static void
action_result_free (ActionResult *result)
{
  g_clear_pointer (&result->response, ami_message_unref);
  g_clear_pointer (&result->events, g_ptr_array_unref);
  g_free (result);
}

static GError *
error_from_response (AmiMessage *response)
{
  const char *message = ami_message_get (response, "Message");

  if (message == NULL || message[0] == '\0')
    message = "The PBX answered with an error";
  if (g_ascii_strcasecmp (message, "Permission denied") == 0)
    return g_error_new_literal (AMI_ERROR, AMI_ERROR_PERMISSION_DENIED, message);
  if (g_ascii_strcasecmp (message, "Authentication failed") == 0)
    return g_error_new_literal (AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED, message);
  return g_error_new_literal (AMI_ERROR, AMI_ERROR_ACTION_FAILED, message);
}

/* Completes @pending (already removed from the table) with what it gathered. */
static void
pending_complete (Pending *pending)
{
  AmiMessage *response = pending->response;

  if (ami_message_is (response, "Response", "Error"))
    {
      g_task_return_error (pending->task, error_from_response (response));
    }
  else
    {
      ActionResult *result = g_new0 (ActionResult, 1);

      result->response = g_steal_pointer (&pending->response);
      result->events = g_steal_pointer (&pending->events);
      g_task_return_pointer (pending->task, result, (GDestroyNotify) action_result_free);
    }
  pending_free (pending);
}

static gboolean
pending_timed_out (gpointer data)
{
  Pending *pending = data;
  AmiClient *self = g_task_get_source_object (pending->task);

  pending->timeout_source = 0;
  g_hash_table_steal (self->pending, pending->action_id);
  g_debug ("%s (%s) timed out", pending->action_name, pending->action_id);
  g_task_return_new_error (pending->task, AMI_ERROR, AMI_ERROR_TIMED_OUT,
                           "The PBX did not answer %s in time", pending->action_name);
  pending_free (pending);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  GPtrArray *pendings;
  GError    *error;
} FailAll;

static gboolean
fail_all_idle (gpointer data)
{
  FailAll *fail = data;

  for (guint i = 0; i < fail->pendings->len; i++)
    {
      Pending *pending = g_ptr_array_index (fail->pendings, i);

      g_task_return_error (pending->task, g_error_copy (fail->error));
      pending_free (pending);
    }
  g_ptr_array_unref (fail->pendings);
  g_error_free (fail->error);
  g_free (fail);

  return G_SOURCE_REMOVE;
}

/* Takes every pending action out of the table and fails each once, from an idle. */
static void
fail_all_pending (AmiClient *self,
                  GError    *error)
{
  FailAll *fail;
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->pending) == 0)
    return;

  fail = g_new0 (FailAll, 1);
  fail->pendings = g_ptr_array_new ();
  fail->error = g_error_copy (error);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *pending = value;

      g_clear_handle_id (&pending->timeout_source, g_source_remove);
      g_ptr_array_add (fail->pendings, pending);
      g_hash_table_iter_steal (&iter);
    }
  g_idle_add_full (G_PRIORITY_DEFAULT, fail_all_idle, fail, NULL);
}

/* State */

static void
set_state (AmiClient      *self,
           AmiClientState  state)
{
  if (self->state == state)
    return;

  g_debug ("%s:%u state %d -> %d", self->host, self->port, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (AmiClient    *self,
                const GError *error)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
}

static void
set_retry_at (AmiClient *self,
              gint64     retry_at)
{
  if (self->retry_at == retry_at)
    return;

  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

/**
 * _ami_backoff_delay_ms:
 * @attempt: 0 for the first retry
 * @random: a number in [0, 1)
 *
 * The delay before a reconnection attempt: exponential from 1 s, capped at 30 s, with the
 * upper half jittered so that a call centre's desktops do not all knock at once.
 */
guint
_ami_backoff_delay_ms (guint  attempt,
                       double random)
{
  guint base = AMI_BACKOFF_CAP_MS;

  if (attempt < 5)
    base = MIN (AMI_BACKOFF_FIRST_MS << attempt, AMI_BACKOFF_CAP_MS);

  return base / 2 + (guint) (random * (base / 2));
}

static gboolean
retry_timeout (gpointer data)
{
  AmiClient *self = data;

  self->retry_source = 0;
  set_retry_at (self, 0);
  start_attempt (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (AmiClient *self)
{
  guint delay = _ami_backoff_delay_ms (self->retry_attempt, g_random_double ());

  self->retry_attempt++;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (delay, retry_timeout, self);
  set_retry_at (self, g_get_monotonic_time () + (gint64) delay * 1000);
  set_state (self, AMI_CLIENT_RECONNECTING);
  g_debug ("%s:%u: next attempt in %u ms", self->host, self->port, delay);
}

/* Errors that retrying cannot fix: the user has to change something first. */
static gboolean
error_is_final (const GError *error)
{
  return g_error_matches (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED) ||
         g_error_matches (error, AMI_ERROR, AMI_ERROR_TLS) ||
         g_error_matches (error, AMI_ERROR, AMI_ERROR_PROTOCOL) ||
         g_error_matches (error, AMI_ERROR, AMI_ERROR_HOST_NOT_FOUND);
}

/* Writing */

static void write_next (Link *link);

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Link *link = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&link->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (link_is_current (link))
        link_lost (link->client, link,
                   g_error_new (AMI_ERROR, AMI_ERROR_DISCONNECTED,
                                "Could not write to the PBX: %s", error->message));
    }
  else if (!link->dead)
    {
      write_next (link);
    }
  link_unref (link);
}

static void
write_next (Link *link)
{
  GOutputStream *out;

  if (link->writing != NULL || link->dead)
    return;

  link->writing = g_queue_pop_head (&link->write_queue);
  if (link->writing == NULL)
    return;

  out = g_io_stream_get_output_stream (link->stream);
  g_output_stream_write_all_async (out,
                                   g_bytes_get_data (link->writing, NULL),
                                   g_bytes_get_size (link->writing),
                                   G_PRIORITY_DEFAULT, link->cancellable,
                                   write_done, link_ref (link));
}

static void
link_write (Link   *link,
            GBytes *bytes)
{
  g_queue_push_tail (&link->write_queue, g_bytes_ref (bytes));
  write_next (link);
}

/* Dispatch of what the PBX sends */

static void
handle_banner (AmiClient  *self,
               Link       *link,
               AmiMessage *message)
{
  const char *banner = ami_message_get_banner (message);
  static const char prefix[] = "Asterisk Call Manager/";

  if (link->got_banner)
    return;
  link->got_banner = TRUE;

  if (banner == NULL || !g_str_has_prefix (banner, prefix))
    {
      link_lost (self, link,
                 g_error_new (AMI_ERROR, AMI_ERROR_PROTOCOL,
                              "%s:%u is not an Asterisk Manager Interface (it greeted with “%s”)",
                              self->host, self->port, banner != NULL ? banner : ""));
      return;
    }

  g_free (self->server_version);
  self->server_version = g_strdup (banner + strlen (prefix));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
  set_state (self, AMI_CLIENT_AUTHENTICATING);

  login (self);
}

static gboolean
is_list_end (AmiMessage *event)
{
  const char *name = ami_message_get_name (event);

  return ami_message_is (event, "EventList", "Complete") ||
         (name != NULL && g_str_has_suffix (name, "Complete") && !ami_message_has (event, "EventList"));
}

static void
handle_response (AmiClient  *self,
                 AmiMessage *message)
{
  const char *action_id = ami_message_get_action_id (message);
  Pending *pending;

  if (action_id == NULL || (pending = g_hash_table_lookup (self->pending, action_id)) == NULL)
    {
      g_debug ("Ignoring a response nobody waits for (ActionID %s): %s",
               action_id ? action_id : "none", ami_message_get (message, "Message"));
      return;
    }

  g_clear_pointer (&pending->response, ami_message_unref);
  pending->response = ami_message_ref (message);

  if (ami_message_is (message, "EventList", "start") &&
      !ami_message_is (message, "Response", "Error"))
    {
      pending->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
      return;
    }

  g_hash_table_steal (self->pending, action_id);
  pending_complete (pending);
}

static void
emit_event (AmiClient  *self,
            AmiMessage *message)
{
  const char *name = ami_message_get_name (message);
  /* try_string: an event name nobody connected to needs no quark (and a hostile server
   * cannot make us grow the quark table). */
  GQuark detail = name != NULL ? g_quark_try_string (name) : 0;

  g_signal_emit (self, signals[EVENT], detail, message);
}

static void
handle_event (AmiClient  *self,
              AmiMessage *message)
{
  const char *action_id = ami_message_get_action_id (message);
  Pending *pending;

  if (action_id == NULL)
    {
      emit_event (self, message);
      return;
    }

  /* OriginateResponse and list items of other AMI sessions reach us too: not ours, not used. */
  if (!ami_client_owns_action_id (self, action_id))
    return;

  pending = g_hash_table_lookup (self->pending, action_id);
  if (pending == NULL || pending->events == NULL)
    {
      emit_event (self, message);
      return;
    }

  if (is_list_end (message))
    {
      g_hash_table_steal (self->pending, action_id);
      pending_complete (pending);
      return;
    }
  g_ptr_array_add (pending->events, ami_message_ref (message));
}

static void
on_message (AmiMessage *message,
            gpointer    data)
{
  Link *link = data;
  AmiClient *self = link->client;

  if (!link_is_current (link))
    return;

  switch (ami_message_get_kind (message))
    {
    case AMI_MESSAGE_BANNER:
      handle_banner (self, link, message);
      break;

    case AMI_MESSAGE_RESPONSE:
      handle_response (self, message);
      break;

    case AMI_MESSAGE_EVENT:
      handle_event (self, message);
      break;

    case AMI_MESSAGE_ACTION:
    case AMI_MESSAGE_OTHER:
    default:
      g_debug ("Ignoring a message that is neither a response nor an event");
      break;
    }
}

static void
on_parse_error (const GError *error,
                gpointer      data)
{
  g_debug ("Malformed input from the PBX: %s", error->message);
}

/* Reading */

static void read_next (Link *link);

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Link *link = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (!link_is_current (link))
    {
      link_unref (link);
      return;
    }

  if (n > 0)
    {
      ami_parser_feed (link->parser, link->buffer, n);
      read_next (link);
    }
  else if (n == 0)
    {
      link_lost (link->client, link,
                 g_error_new_literal (AMI_ERROR, AMI_ERROR_DISCONNECTED,
                                      "The PBX closed the connection"));
    }
  else
    {
      link_lost (link->client, link,
                 g_error_new (AMI_ERROR, AMI_ERROR_DISCONNECTED,
                              "The connection to the PBX broke: %s", error->message));
    }
  link_unref (link);
}

static void
read_next (Link *link)
{
  if (!link_is_current (link))
    return;

  g_input_stream_read_async (g_io_stream_get_input_stream (link->stream),
                             link->buffer, sizeof link->buffer, G_PRIORITY_DEFAULT,
                             link->cancellable, read_done, link_ref (link));
}

/* Keepalive */

static void
ping_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AmiClient *self = AMI_CLIENT (source);
  Link *link = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (self, result, NULL, &error);

  self->ping_in_flight = FALSE;
  if (response == NULL && g_error_matches (error, AMI_ERROR, AMI_ERROR_TIMED_OUT) &&
      link_is_current (link))
    link_lost (self, link,
               g_error_new (AMI_ERROR, AMI_ERROR_TIMED_OUT,
                            "The PBX stopped answering (no reply to Ping within %u ms)",
                            self->ping_timeout_ms));
  link_unref (link);
}

static gboolean
ping_tick (gpointer data)
{
  AmiClient *self = data;
  g_autoptr(AmiAction) ping = NULL;

  if (self->state != AMI_CLIENT_CONNECTED || self->ping_in_flight || self->link == NULL)
    return G_SOURCE_CONTINUE;

  self->ping_in_flight = TRUE;
  ping = ami_action_new ("Ping");
  send_internal (self, ping, self->ping_timeout_ms, ping_done, link_ref (self->link));

  return G_SOURCE_CONTINUE;
}

static void
stop_keepalive (AmiClient *self)
{
  g_clear_handle_id (&self->ping_source, g_source_remove);
}

static void
start_keepalive (AmiClient *self)
{
  stop_keepalive (self);
  if (self->ping_interval_ms > 0)
    self->ping_source = g_timeout_add (self->ping_interval_ms, ping_tick, self);
}

/* Connecting */

static void
finish_attempt (AmiClient *self,
                GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The link went down (or never came up): fail what waits on it and decide what comes next. */
static void
link_lost (AmiClient *self,
           Link      *link,
           GError    *error)
{
  gboolean was_connected = self->state == AMI_CLIENT_CONNECTED;
  gboolean had_attempt = self->connect_task != NULL;
  g_autoptr(GError) disconnected = NULL;

  g_debug ("%s:%u: link lost: %s", self->host, self->port, error->message);
  link_kill (link);
  stop_keepalive (self);
  self->ping_in_flight = FALSE;

  disconnected = g_error_new (AMI_ERROR,
                              error->domain == AMI_ERROR && error->code == AMI_ERROR_CLOSED
                                ? AMI_ERROR_CLOSED : AMI_ERROR_DISCONNECTED,
                              "%s", error->message);
  fail_all_pending (self, disconnected);
  set_last_error (self, error);
  finish_attempt (self, error);

  if (error_is_final (error))
    {
      self->keep_connected = FALSE;
      set_state (self, AMI_CLIENT_FAILED);
    }
  else if (self->keep_connected && (was_connected || !had_attempt))
    schedule_retry (self);
  else
    set_state (self, AMI_CLIENT_DISCONNECTED);

  g_error_free (error);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AmiClient *self = AMI_CLIENT (source);
  Link *link = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (self, result, NULL, &error);

  if (!link_is_current (link))
    {
      link_unref (link);
      return;
    }

  if (response == NULL)
    {
      if (g_error_matches (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED))
        link_lost (self, link,
                   g_error_new (AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED,
                                "The PBX refused the user name or secret for “%s”",
                                self->username ? self->username : ""));
      else
        link_lost (self, link, g_steal_pointer (&error));
      link_unref (link);
      return;
    }

  self->retry_attempt = 0;
  set_last_error (self, NULL);
  start_keepalive (self);
  set_state (self, AMI_CLIENT_CONNECTED);
  /* The mask may have changed while the login was on its way. */
  _ami_client_event_mask_changed (self);
  finish_attempt (self, NULL);
  g_signal_emit (self, signals[LOGGED_IN], 0);
  link_unref (link);
}

static void
send_login (AmiClient  *self,
            const char *challenge)
{
  g_autoptr(AmiAction) login = ami_action_new ("Login");

  if (challenge != NULL)
    {
      g_autofree char *salted = g_strconcat (challenge, self->secret ? self->secret : "", NULL);
      g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_MD5, salted, -1);

      ami_action_add (login, "AuthType", "MD5");
      ami_action_add (login, "Username", self->username ? self->username : "");
      ami_action_add (login, "Key", key);
      memset (salted, 0, strlen (salted));
    }
  else
    {
      ami_action_add (login, "Username", self->username ? self->username : "");
      ami_action_add (login, "Secret", self->secret ? self->secret : "");
    }
  _ami_event_mask_add_to_login (self->event_mask, login);
  send_internal (self, login, self->action_timeout_ms, login_done, link_ref (self->link));
}

static void
challenge_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  AmiClient *self = AMI_CLIENT (source);
  Link *link = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (self, result, NULL, &error);
  const char *challenge = response ? ami_message_get (response, "Challenge") : NULL;

  if (link_is_current (link))
    {
      if (challenge == NULL || challenge[0] == '\0')
        link_lost (self, link,
                   error ? g_steal_pointer (&error)
                         : g_error_new_literal (AMI_ERROR, AMI_ERROR_PROTOCOL,
                                                "The PBX sent an empty MD5 challenge"));
      else
        send_login (self, challenge);
    }
  link_unref (link);
}

static void
login (AmiClient *self)
{
  gboolean md5 = self->auth_method == AMI_AUTH_MD5 ||
                 (self->auth_method == AMI_AUTH_AUTO && !self->use_tls);

  if (md5)
    {
      g_autoptr(AmiAction) challenge = ami_action_new_with ("Challenge", "AuthType", "MD5", NULL);

      send_internal (self, challenge, self->action_timeout_ms, challenge_done,
                     link_ref (self->link));
    }
  else
    {
      send_login (self, NULL);
    }
}

static void
link_start (AmiClient *self,
            Link      *link)
{
  link->parser = ami_parser_new (on_message, on_parse_error, link);
  read_next (link);
}

static GError *
map_connect_error (AmiClient    *self,
                   const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (AMI_ERROR, AMI_ERROR_REFUSED,
                        "Nothing accepts connections on %s port %u", self->host, self->port);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (AMI_ERROR, AMI_ERROR_HOST_NOT_FOUND,
                        "The host name “%s” could not be found", self->host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (AMI_ERROR, AMI_ERROR_TIMED_OUT,
                        "%s port %u did not answer in time", self->host, self->port);
  if (error->domain == G_TLS_ERROR)
    {
      if (self->peer_fingerprint != NULL &&
          g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        return g_error_new (AMI_ERROR, AMI_ERROR_TLS,
                            "The certificate of %s is not trusted (SHA-256 fingerprint %s)",
                            self->host, self->peer_fingerprint);
      return g_error_new (AMI_ERROR, AMI_ERROR_TLS, "TLS with %s failed: %s",
                          self->host, error->message);
    }
  return g_error_new (AMI_ERROR, AMI_ERROR_DISCONNECTED, "Could not connect to %s port %u: %s",
                      self->host, self->port, error->message);
}

static char *
normalize_fingerprint (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

static char *
certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  Link *link = data;
  AmiClient *self = link->client;
  g_autofree char *fingerprint = certificate_fingerprint (certificate);
  g_autofree char *pinned = NULL;

  if (self == NULL || fingerprint == NULL)
    return FALSE;

  g_free (self->peer_fingerprint);
  self->peer_fingerprint = g_strdup (fingerprint);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_FINGERPRINT]);

  if (self->pinned_fingerprint == NULL)
    return FALSE;
  pinned = normalize_fingerprint (self->pinned_fingerprint);
  return g_strcmp0 (pinned, fingerprint) == 0;
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Link *link = data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (link_is_current (link))
        link_lost (link->client, link, map_connect_error (link->client, error));
    }
  else if (link_is_current (link))
    {
      GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source));
      AmiClient *self = link->client;

      if (peer != NULL)
        {
          g_free (self->peer_fingerprint);
          self->peer_fingerprint = certificate_fingerprint (peer);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_FINGERPRINT]);
        }
      link_start (self, link);
    }
  link_unref (link);
}

static void
start_tls (AmiClient         *self,
           Link              *link,
           GSocketConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity,
                                                          &error);

  if (tls == NULL)
    {
      link_lost (self, link, map_connect_error (self, error));
      return;
    }

  if (self->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (self->ca_file, &error);

      if (database == NULL)
        {
          link_lost (self, link,
                     g_error_new (AMI_ERROR, AMI_ERROR_TLS,
                                  "Could not read the CA certificates in %s: %s",
                                  self->ca_file, error->message));
          return;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }

  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), link);
  g_set_object (&link->stream, tls);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    link->cancellable, handshake_done, link_ref (link));
}

static void
tcp_connected (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Link *link = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);

  if (!link_is_current (link))
    {
      link_unref (link);
      return;
    }

  if (connection == NULL)
    {
      link_lost (link->client, link, map_connect_error (link->client, error));
    }
  else
    {
      GSocket *socket = g_socket_connection_get_socket (connection);

      g_socket_set_keepalive (socket, TRUE);
      /* Actions are small and go one after another: no Nagle delay behind a delayed ACK. */
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      if (link->client->use_tls)
        {
          start_tls (link->client, link, connection);
        }
      else
        {
          link->stream = G_IO_STREAM (g_object_ref (connection));
          link_start (link->client, link);
        }
    }
  link_unref (link);
}

static gboolean
connect_timed_out (gpointer data)
{
  AmiClient *self = data;

  self->connect_timeout_source = 0;
  if (self->link != NULL && self->state != AMI_CLIENT_CONNECTED)
    link_lost (self, self->link,
               g_error_new (AMI_ERROR, AMI_ERROR_TIMED_OUT,
                            "%s port %u did not complete the login within %u ms",
                            self->host, self->port, self->connect_timeout_ms));
  return G_SOURCE_REMOVE;
}

static void
start_attempt (AmiClient *self)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  Link *link;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_retry_at (self, 0);
  if (self->link != NULL)
    link_kill (self->link);

  /* self->link holds the first reference, until link_kill(). */
  link = g_new0 (Link, 1);
  link->ref_count = 1;
  link->client = self;
  link->cancellable = g_cancellable_new ();
  g_queue_init (&link->write_queue);
  self->link = link;

  set_state (self, AMI_CLIENT_CONNECTING);
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  self->connect_timeout_source = g_timeout_add (self->connect_timeout_ms, connect_timed_out, self);

  /* AMI is not HTTP: never hand the connection to a proxy (nor ask one where to go). */
  g_socket_client_set_enable_proxy (socket_client, FALSE);
  g_socket_client_connect_to_host_async (socket_client, self->host, self->port, link->cancellable,
                                         tcp_connected, link_ref (link));
}

/* Sending */

static gboolean
action_is_allowed (AmiClient *self,
                   AmiAction *action,
                   gboolean   internal)
{
  if (self->link == NULL)
    return FALSE;
  if (self->state == AMI_CLIENT_CONNECTED)
    return TRUE;
  /* Before login succeeds only the login itself goes out. */
  return internal && self->state == AMI_CLIENT_AUTHENTICATING;
}

static void
send_common (AmiClient           *self,
             AmiAction           *action,
             guint                timeout_ms,
             gboolean             internal,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *action_id = NULL;
  Pending *pending;

  g_task_set_source_tag (task, ami_client_send_action_full_async);

  if (!ami_action_check (action, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!action_is_allowed (self, action, internal))
    {
      g_task_return_new_error (task, AMI_ERROR, AMI_ERROR_DISCONNECTED,
                               "Not connected to the PBX");
      return;
    }

  if (ami_action_get_id (action) != NULL)
    {
      if (!ami_client_owns_action_id (self, ami_action_get_id (action)) ||
          g_hash_table_contains (self->pending, ami_action_get_id (action)))
        {
          g_task_return_new_error (task, AMI_ERROR, AMI_ERROR_INVALID_ACTION,
                                   "The ActionID was not made by this client or is in use");
          return;
        }
      action_id = g_strdup (ami_action_get_id (action));
    }
  else
    {
      action_id = ami_client_new_action_id (self);
    }

  bytes = ami_action_serialize (action, action_id, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *text = ami_action_to_debug_string (action);
      g_debug ("-> %s ActionID=%s", text, action_id);
    }

  pending = g_new0 (Pending, 1);
  pending->action_id = g_steal_pointer (&action_id);
  pending->action_name = g_strdup (ami_action_get_name (action));
  pending->task = g_steal_pointer (&task);
  if (timeout_ms > 0)
    pending->timeout_source = g_timeout_add (timeout_ms, pending_timed_out, pending);
  g_hash_table_insert (self->pending, pending->action_id, pending);

  link_write (self->link, bytes);
}

static void
send_internal (AmiClient           *self,
               AmiAction           *action,
               guint                timeout_ms,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  send_common (self, action, timeout_ms, TRUE, NULL, callback, user_data);
}

AmiEventMask *
_ami_client_get_event_mask (AmiClient *self)
{
  return self->event_mask;
}

/* Public API */

static void
ami_client_dispose (GObject *object)
{
  AmiClient *self = AMI_CLIENT (object);

  self->keep_connected = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  stop_keepalive (self);
  if (self->link != NULL)
    link_kill (self->link);

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
        start_keepalive (self);
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

const char *
ami_client_get_host (AmiClient *self)
{
  return self->host;
}

guint
ami_client_get_port (AmiClient *self)
{
  return self->port;
}

gboolean
ami_client_get_use_tls (AmiClient *self)
{
  return self->use_tls;
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

const char *
ami_client_get_username (AmiClient *self)
{
  return self->username;
}

void
ami_client_set_auth_method (AmiClient     *self,
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
ami_client_get_server_version (AmiClient *self)
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

const char *
ami_client_get_action_id_prefix (AmiClient *self)
{
  return self->id_prefix;
}

gboolean
ami_client_owns_action_id (AmiClient  *self,
                           const char *action_id)
{
  return action_id != NULL && g_str_has_prefix (action_id, self->id_prefix);
}

/* Returns: (transfer full): a fresh ActionID of this client, for ami_action_set_id() */
char *
ami_client_new_action_id (AmiClient *self)
{
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT, self->id_prefix, ++self->next_id);
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
  start_attempt (self);
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
  start_attempt (self);
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
  start_attempt (self);
}

/* Drops the link at once, without Logoff, and stops reconnecting. */
void
ami_client_disconnect (AmiClient *self)
{
  g_return_if_fail (AMI_IS_CLIENT (self));

  self->keep_connected = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_retry_at (self, 0);
  if (self->link != NULL)
    link_lost (self, self->link,
               g_error_new_literal (AMI_ERROR, AMI_ERROR_CLOSED, "The connection was closed"));
  else
    set_state (self, AMI_CLIENT_DISCONNECTED);
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
  send_common (self, logoff, LOGOFF_TIMEOUT_MS, TRUE, NULL, logoff_done, g_steal_pointer (&task));
}

gboolean
ami_client_close_finish (AmiClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ami_client_send_action_async:
 *
 * Sends @action with the client's #AmiClient:action-timeout. See
 * ami_client_send_action_full_async().
 */
void
ami_client_send_action_async (AmiClient           *self,
                              AmiAction           *action,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ami_client_send_action_full_async (self, action, self->action_timeout_ms, cancellable,
                                     callback, user_data);
}

/**
 * ami_client_send_action_full_async:
 * @timeout_ms: how long to wait for the response (and the whole list), 0 for ever
 *
 * Sends @action, correlated by a fresh ActionID of this client. Fails without sending anything
 * when the action has a header that is not safe to send, or when not logged in. Never re-sent.
 */
void
ami_client_send_action_full_async (AmiClient           *self,
                                   AmiAction           *action,
                                   guint                timeout_ms,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (AMI_IS_CLIENT (self));
  g_return_if_fail (action != NULL);

  send_common (self, action, timeout_ms, FALSE, cancellable, callback, user_data);
}

/**
 * ami_client_send_action_finish:
 * @events: (out) (optional) (transfer full) (element-type AmiMessage): for a list action
 *   (`EventList: start`), the events of the list without the closing one; otherwise %NULL
 *
 * Returns: (transfer full): the response, or %NULL with @error: `Response: Error` is an error
 *   (%AMI_ERROR_PERMISSION_DENIED or %AMI_ERROR_ACTION_FAILED with the PBX's message)
 */
AmiMessage *
ami_client_send_action_finish (AmiClient     *self,
                               GAsyncResult  *result,
                               GPtrArray    **events,
                               GError       **error)
{
  ActionResult *action_result;
  AmiMessage *response;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (events != NULL)
    *events = NULL;

  action_result = g_task_propagate_pointer (G_TASK (result), error);
  if (action_result == NULL)
    return NULL;

  response = g_steal_pointer (&action_result->response);
  if (events != NULL)
    *events = g_steal_pointer (&action_result->events);
  action_result_free (action_result);

  return response;
}

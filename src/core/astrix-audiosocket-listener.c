/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-audiosocket"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-listener-private.h"

/*
 * Where Asterisk's AudioSocket channel connects to: this desktop, on the address the AMI link
 * already uses (the one the PBX sees it at). Nothing is served to whoever connects: a session
 * first asks for a UUID (expect_async), puts it in its Originate, and gets the connection whose
 * first frame carries that UUID, from the PBX's address, within the UUID's lifetime, once.
 * Anything else is closed at once: a peer no session expects before a byte is read, a first
 * frame that is not a UUID (or comes late) after at most 19 bytes, an unknown UUID.
 */

#define HANDSHAKE_TIMEOUT_MS 2000
#define MAX_HANDSHAKES       4
#define FIRST_FRAME_SIZE     (ASTRIX_AUDIOSOCKET_HEADER_SIZE + ASTRIX_AUDIOSOCKET_UUID_SIZE)

struct _AstrixAudioSocketListener
{
  GObject         parent_instance;

  GSocketService *service;
  GInetAddress   *address;
  guint16         port;
  guint           lifetime_ms;
  GHashTable     *pending;        /* UUID string -> Pending */
  guint           n_handshakes;   /* connections whose first frame is being read */
  char           *shared_key;     /* set while astrix_audiosocket_listener_acquire() shares it */
};

/* A UUID issued and not used yet. */
typedef struct
{
  AstrixAudioSocketListener *listener;  /* unowned: the table owns the Pending */
  char                      *uuid;
  guint8                     bytes[ASTRIX_AUDIOSOCKET_UUID_SIZE];
  GInetAddress              *peer;
  GTask                     *task;
  guint                      expiry_id;
  gulong                     cancelled_id;
} Pending;

/* A connection being checked. */
typedef struct
{
  AstrixAudioSocketListener *listener;  /* ref */
  GSocketConnection         *connection;
  GInetAddress              *peer;
  GCancellable              *cancellable;
  guint                      timeout_id;
  guint8                     frame[FIRST_FRAME_SIZE];
} Handshake;

enum {
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GHashTable *shared_listeners;    /* "address port" -> listener, unowned */

G_DEFINE_FINAL_TYPE (AstrixAudioSocketListener, astrix_audiosocket_listener, G_TYPE_OBJECT)

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->expiry_id, g_source_remove);
  if (pending->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (pending->task), pending->cancelled_id);
  g_clear_object (&pending->task);
  g_clear_object (&pending->peer);
  g_free (pending->uuid);
  g_free (pending);
}

/* Takes @pending out of the table and fails its task; the table no longer frees it. */
static void
pending_fail (Pending *pending,
              GError  *error)
{
  g_autoptr(GTask) task = g_object_ref (pending->task);

  g_hash_table_steal (pending->listener->pending, pending->uuid);
  pending_free (pending);
  g_task_return_error (task, error);
}

static void
astrix_audiosocket_listener_dispose (GObject *object)
{
  AstrixAudioSocketListener *self = ASTRIX_AUDIOSOCKET_LISTENER (object);
  GHashTableIter iter;
  gpointer value;

  if (self->shared_key != NULL && shared_listeners != NULL &&
      g_hash_table_lookup (shared_listeners, self->shared_key) == self)
    g_hash_table_remove (shared_listeners, self->shared_key);
  g_clear_pointer (&self->shared_key, g_free);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  /* Nothing will come for what is still expected. */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *pending = value;
      g_autoptr(GTask) task = g_object_ref (pending->task);

      g_hash_table_iter_steal (&iter);
      pending_free (pending);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("This computer stopped listening for the call’s audio."));
    }

  G_OBJECT_CLASS (astrix_audiosocket_listener_parent_class)->dispose (object);
}

static void
astrix_audiosocket_listener_finalize (GObject *object)
{
  AstrixAudioSocketListener *self = ASTRIX_AUDIOSOCKET_LISTENER (object);

  g_hash_table_unref (self->pending);
  g_clear_object (&self->address);

  G_OBJECT_CLASS (astrix_audiosocket_listener_parent_class)->finalize (object);
}

static void
astrix_audiosocket_listener_class_init (AstrixAudioSocketListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_audiosocket_listener_dispose;
  object_class->finalize = astrix_audiosocket_listener_finalize;

  /**
   * AstrixAudioSocketListener::refused:
   * @peer: (nullable): the address the connection came from
   * @reason: an #AstrixAudioSocketRefusal
   *
   * A connection was closed without being handed to anyone.
   */
  signals[REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INET_ADDRESS, G_TYPE_UINT);
}

static void
astrix_audiosocket_listener_init (AstrixAudioSocketListener *self)
{
  self->lifetime_ms = ASTRIX_AUDIOSOCKET_UUID_LIFETIME_MS;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) pending_free);
}

AstrixAudioSocketListener *
astrix_audiosocket_listener_new (void)
{
  return g_object_new (ASTRIX_TYPE_AUDIOSOCKET_LISTENER, NULL);
}

/* Checking a connection */

static void
refuse (AstrixAudioSocketListener *self,
        GSocketConnection         *connection,
        GInetAddress              *peer,
        AstrixAudioSocketRefusal   reason)
{
  g_autofree char *text = peer != NULL ? g_inet_address_to_string (peer) : NULL;

  g_debug ("refused an AudioSocket connection from %s (%d)", text, reason);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_signal_emit (self, signals[REFUSED], 0, peer, (guint) reason);
}

static void
handshake_free (Handshake *handshake)
{
  handshake->listener->n_handshakes--;
  g_clear_handle_id (&handshake->timeout_id, g_source_remove);
  g_clear_object (&handshake->cancellable);
  g_clear_object (&handshake->connection);
  g_clear_object (&handshake->peer);
  g_clear_object (&handshake->listener);
  g_free (handshake);
}

static gboolean
handshake_timed_out (gpointer data)
{
  Handshake *handshake = data;

  handshake->timeout_id = 0;
  g_cancellable_cancel (handshake->cancellable);
  return G_SOURCE_REMOVE;
}

static Pending *
find_pending (AstrixAudioSocketListener *self,
              const guint8              *uuid,
              GInetAddress              *peer)
{
  g_autofree char *text = astrix_audiosocket_uuid_to_string (uuid);
  Pending *pending = g_hash_table_lookup (self->pending, text);

  if (pending == NULL || !g_inet_address_equal (pending->peer, peer))
    return NULL;
  return pending;
}

static void
uuid_read (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Handshake *handshake = data;
  AstrixAudioSocketListener *self = handshake->listener;
  gsize n = 0;
  Pending *pending = NULL;

  if (g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) &&
      n == ASTRIX_AUDIOSOCKET_UUID_SIZE)
    pending = find_pending (self, handshake->frame + ASTRIX_AUDIOSOCKET_HEADER_SIZE,
                            handshake->peer);
  if (pending == NULL)
    refuse (self, handshake->connection, handshake->peer,
            n == ASTRIX_AUDIOSOCKET_UUID_SIZE ? ASTRIX_AUDIOSOCKET_REFUSED_UNKNOWN_UUID
                                              : ASTRIX_AUDIOSOCKET_REFUSED_BAD_FIRST_FRAME);
  else
    {
      /* One use: the UUID is gone from the table before anyone sees the connection. */
      g_autoptr(GTask) task = g_object_ref (pending->task);

      g_hash_table_remove (self->pending, pending->uuid);
      g_task_return_pointer (task, g_object_ref (handshake->connection), g_object_unref);
    }
  handshake_free (handshake);
}

static void
header_read (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Handshake *handshake = data;
  static const guint8 uuid_header[] = { ASTRIX_AUDIOSOCKET_KIND_UUID, 0x00,
                                        ASTRIX_AUDIOSOCKET_UUID_SIZE };
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) ||
      n != sizeof uuid_header || memcmp (handshake->frame, uuid_header, n) != 0)
    {
      refuse (handshake->listener, handshake->connection, handshake->peer,
              ASTRIX_AUDIOSOCKET_REFUSED_BAD_FIRST_FRAME);
      handshake_free (handshake);
      return;
    }
  g_input_stream_read_all_async (G_INPUT_STREAM (source),
                                 handshake->frame + ASTRIX_AUDIOSOCKET_HEADER_SIZE,
                                 ASTRIX_AUDIOSOCKET_UUID_SIZE, G_PRIORITY_DEFAULT,
                                 handshake->cancellable, uuid_read, handshake);
}

static gboolean
expects_peer (AstrixAudioSocketListener *self,
              GInetAddress              *peer)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (g_inet_address_equal (((Pending *) value)->peer, peer))
        return TRUE;
    }
  return FALSE;
}

static gboolean
on_incoming (GSocketService            *service,
             GSocketConnection         *connection,
             GObject                   *source_object,
             AstrixAudioSocketListener *self)
{
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  GInetAddress *peer = NULL;
  Handshake *handshake;

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    peer = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));

  if (peer == NULL || !expects_peer (self, peer))
    {
      refuse (self, connection, peer, ASTRIX_AUDIOSOCKET_REFUSED_UNEXPECTED_PEER);
      return TRUE;
    }
  if (self->n_handshakes >= MAX_HANDSHAKES)
    {
      refuse (self, connection, peer, ASTRIX_AUDIOSOCKET_REFUSED_BUSY);
      return TRUE;
    }

  /* 20 ms frames go out as they are written, not when a delayed ACK lets Nagle send them. */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
  handshake = g_new0 (Handshake, 1);
  handshake->listener = g_object_ref (self);
  handshake->connection = g_object_ref (connection);
  handshake->peer = g_object_ref (peer);
  handshake->cancellable = g_cancellable_new ();
  handshake->timeout_id = g_timeout_add (HANDSHAKE_TIMEOUT_MS, handshake_timed_out, handshake);
  self->n_handshakes++;
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                 handshake->frame, ASTRIX_AUDIOSOCKET_HEADER_SIZE,
                                 G_PRIORITY_DEFAULT, handshake->cancellable, header_read,
                                 handshake);
  return TRUE;
}

/* Listening */

/**
 * astrix_audiosocket_listener_listen:
 * @address: the local address to listen on (the AMI link's local address), never a wildcard
 * @port: the TCP port, or 0 for an ephemeral one
 *
 * Returns: %FALSE with @error set when the port cannot be had
 */
gboolean
astrix_audiosocket_listener_listen (AstrixAudioSocketListener  *self,
                                    GInetAddress               *address,
                                    guint16                     port,
                                    GError                    **error)
{
  g_autoptr(GSocketAddress) wanted = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();

  g_return_val_if_fail (ASTRIX_IS_AUDIOSOCKET_LISTENER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  wanted = g_inet_socket_address_new (address, port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), wanted, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;
  g_signal_connect_object (service, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (service);
  self->service = g_steal_pointer (&service);
  self->address = g_object_ref (address);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return TRUE;
}

static void
forget_shared (gpointer  data,
               GObject  *where_the_object_was)
{
  /* dispose already took it out of the table; this only drops an empty table. */
  if (shared_listeners != NULL && g_hash_table_size (shared_listeners) == 0)
    g_clear_pointer (&shared_listeners, g_hash_table_unref);
}

/**
 * astrix_audiosocket_listener_acquire:
 * @address: the local address to listen on
 * @port: the configured port, or 0 for an ephemeral one
 *
 * The listener on @address and @port that every session shares while one holds it: a fixed
 * port can only be listened on once, and one ephemeral port serves every session.
 *
 * Returns: (transfer full): the listener, or %NULL with @error set
 */
AstrixAudioSocketListener *
astrix_audiosocket_listener_acquire (GInetAddress  *address,
                                     guint16        port,
                                     GError       **error)
{
  g_autofree char *text = g_inet_address_to_string (address);
  g_autofree char *key = g_strdup_printf ("%s %u", text, port);
  g_autoptr(AstrixAudioSocketListener) listener = NULL;
  AstrixAudioSocketListener *shared;

  if (shared_listeners == NULL)
    shared_listeners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  shared = g_hash_table_lookup (shared_listeners, key);
  if (shared != NULL)
    return g_object_ref (shared);

  listener = astrix_audiosocket_listener_new ();
  if (!astrix_audiosocket_listener_listen (listener, address, port, error))
    {
      forget_shared (NULL, NULL);
      return NULL;
    }
  listener->shared_key = g_strdup (key);
  g_hash_table_insert (shared_listeners, g_steal_pointer (&key), listener);
  g_object_weak_ref (G_OBJECT (listener), forget_shared, NULL);
  return g_steal_pointer (&listener);
}

/* Returns: the port it listens on, 0 before listening */
guint16
_astrix_audiosocket_listener_get_port (AstrixAudioSocketListener *self)
{
  return self->port;
}

/* Returns: (transfer full): "<host>:<port>" for the Originate ("[::1]:port" for IPv6) */
char *
astrix_audiosocket_listener_dup_service (AstrixAudioSocketListener *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (self->address != NULL, NULL);
  host = g_inet_address_to_string (self->address);
  if (g_inet_address_get_family (self->address) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", host, self->port);
  return g_strdup_printf ("%s:%u", host, self->port);
}

/* For tests: how long an issued UUID waits (ASTRIX_AUDIOSOCKET_UUID_LIFETIME_MS by default). */
void
_astrix_audiosocket_listener_set_lifetime (AstrixAudioSocketListener *self,
                                           guint                      ms)
{
  self->lifetime_ms = ms;
}

/* Returns: how many issued UUIDs wait for their connection */
guint
_astrix_audiosocket_listener_get_n_pending (AstrixAudioSocketListener *self)
{
  return g_hash_table_size (self->pending);
}

/* Issuing UUIDs */

/* A version 4 UUID from the kernel's random source: nobody may guess the next one. */
static void
random_uuid (guint8 uuid[ASTRIX_AUDIOSOCKET_UUID_SIZE])
{
  gsize filled = 0;

  while (filled < ASTRIX_AUDIOSOCKET_UUID_SIZE)
    {
      gssize n = getrandom (uuid + filled, ASTRIX_AUDIOSOCKET_UUID_SIZE - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("No random numbers from the kernel: %s", g_strerror (errno));
      filled += n;
    }
  uuid[6] = (uuid[6] & 0x0f) | 0x40;
  uuid[8] = (uuid[8] & 0x3f) | 0x80;
}

static gboolean
pending_expired (gpointer data)
{
  Pending *pending = data;

  pending->expiry_id = 0;
  pending_fail (pending, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                              _("The PBX did not connect to this computer for "
                                                "the call’s audio in time.")));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  AstrixAudioSocketListener *listener;
  char                      *uuid;
} Withdrawal;

static gboolean
withdraw (gpointer data)
{
  Withdrawal *withdrawal = data;
  Pending *pending = g_hash_table_lookup (withdrawal->listener->pending, withdrawal->uuid);

  /* It may have been used or have expired since it was cancelled. */
  if (pending != NULL)
    pending_fail (pending, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "Operation was cancelled"));
  g_object_unref (withdrawal->listener);
  g_free (withdrawal->uuid);
  g_free (withdrawal);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              Pending      *pending)
{
  Withdrawal *withdrawal = g_new0 (Withdrawal, 1);

  /* Inside the handler the Pending cannot disconnect itself: finish from an idle. */
  withdrawal->listener = g_object_ref (pending->listener);
  withdrawal->uuid = g_strdup (pending->uuid);
  g_idle_add (withdraw, withdrawal);
}

/**
 * astrix_audiosocket_listener_expect_async:
 * @peer: the address the connection must come from (the PBX's, as the AMI link sees it)
 * @out_uuid: (out) (transfer full): the UUID to put in the Originate
 *
 * Issues a UUID for one session and waits for its connection. The callback gets the
 * connection (its UUID frame read, nothing after it), or an error when @lifetime passes
 * first (%G_IO_ERROR_TIMED_OUT), on cancellation, or when the listener goes away.
 */
void
astrix_audiosocket_listener_expect_async (AstrixAudioSocketListener  *self,
                                          GInetAddress               *peer,
                                          char                      **out_uuid,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data)
{
  Pending *pending;

  g_return_if_fail (ASTRIX_IS_AUDIOSOCKET_LISTENER (self));
  g_return_if_fail (G_IS_INET_ADDRESS (peer));
  g_return_if_fail (out_uuid != NULL);

  pending = g_new0 (Pending, 1);
  pending->listener = self;
  pending->peer = g_object_ref (peer);
  pending->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (pending->task, astrix_audiosocket_listener_expect_async);
  do
    {
      random_uuid (pending->bytes);
      g_free (pending->uuid);
      pending->uuid = astrix_audiosocket_uuid_to_string (pending->bytes);
    }
  while (g_hash_table_contains (self->pending, pending->uuid));
  g_hash_table_insert (self->pending, pending->uuid, pending);
  pending->expiry_id = g_timeout_add (self->lifetime_ms, pending_expired, pending);
  if (cancellable != NULL)
    pending->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                                   pending, NULL);
  *out_uuid = g_strdup (pending->uuid);
}

/* Returns: (transfer full): the connection, its UUID frame consumed */
GSocketConnection *
astrix_audiosocket_listener_expect_finish (AstrixAudioSocketListener  *self,
                                           GAsyncResult               *result,
                                           GError                    **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

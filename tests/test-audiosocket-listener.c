/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-listener-private.h"
#include "wait.h"

/*
 * The AudioSocket listener: a connection is handed out only with the UUID issued for it, from
 * the address it was issued for, once, within its lifetime; everything else is closed at once.
 */

typedef struct
{
  gboolean           done;
  GSocketConnection *connection;
  GError            *error;
} Expectation;

typedef struct
{
  AstrixAudioSocketListener *listener;
  GInetAddress              *loopback;
  GArray                    *refusals;      /* AstrixAudioSocketRefusal */
  GCancellable              *cancellable;   /* of every expectation */
  GPtrArray                 *expectations;  /* Expectation, freed at the end */
} Fixture;

static void
on_refused (AstrixAudioSocketListener *listener,
            GInetAddress              *peer,
            guint                      reason,
            Fixture                   *f)
{
  g_array_append_val (f->refusals, reason);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  f->listener = astrix_audiosocket_listener_new ();
  g_assert_true (astrix_audiosocket_listener_listen (f->listener, f->loopback, 0, &error));
  g_assert_no_error (error);
  f->refusals = g_array_new (FALSE, FALSE, sizeof (guint));
  f->cancellable = g_cancellable_new ();
  f->expectations = g_ptr_array_new ();
  g_signal_connect (f->listener, "refused", G_CALLBACK (on_refused), f);
}

static gboolean
all_done (Fixture *f)
{
  for (guint i = 0; i < f->expectations->len; i++)
    {
      if (!((Expectation *) g_ptr_array_index (f->expectations, i))->done)
        return FALSE;
    }
  return TRUE;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* What is still expected is withdrawn: the listener then goes with its last reference. */
  g_cancellable_cancel (f->cancellable);
  WAIT_UNTIL (all_done (f), 2000);
  for (guint i = 0; i < f->expectations->len; i++)
    {
      Expectation *e = g_ptr_array_index (f->expectations, i);

      g_clear_object (&e->connection);
      g_clear_error (&e->error);
      g_free (e);
    }
  g_ptr_array_unref (f->expectations);
  g_object_unref (f->cancellable);
  wait_ms (10);
  g_assert_finalize_object (f->listener);
  g_object_unref (f->loopback);
  g_array_unref (f->refusals);
}

static void
expect_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Expectation *e = data;

  e->connection = astrix_audiosocket_listener_expect_finish (ASTRIX_AUDIOSOCKET_LISTENER (source),
                                                              result, &e->error);
  e->done = TRUE;
}

/* A blocking client, as Asterisk: connects from @from and writes @bytes. */
static GSocket *
connect_from (Fixture      *f,
              const char   *from,
              const guint8 *bytes,
              gsize         length)
{
  g_autoptr(GInetAddress) local = g_inet_address_new_from_string (from);
  g_autoptr(GSocketAddress) bind_to = g_inet_socket_address_new (local, 0);
  g_autoptr(GSocketAddress) server =
    g_inet_socket_address_new (f->loopback, _astrix_audiosocket_listener_get_port (f->listener));
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);

  g_assert_true (g_socket_bind (socket, bind_to, FALSE, NULL));
  g_assert_true (g_socket_connect (socket, server, NULL, NULL));
  if (length > 0)
    g_assert_cmpint (g_socket_send (socket, (const char *) bytes, length, NULL, NULL), ==,
                     (gssize) length);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

static GSocket *
connect_with_uuid (Fixture    *f,
                   const char *uuid)
{
  guint8 bytes[16];
  guint8 frame[19 + 323];
  guint8 audio[320] = { 7 };

  g_assert_true (astrix_audiosocket_uuid_parse (uuid, bytes));
  astrix_audiosocket_frame_write (ASTRIX_AUDIOSOCKET_KIND_UUID, bytes, 16, frame, 19);
  /* Audio follows at once: the listener must not read past the UUID. */
  astrix_audiosocket_frame_write (ASTRIX_AUDIOSOCKET_KIND_AUDIO, audio, 320, frame + 19, 323);
  return connect_from (f, "127.0.0.1", frame, sizeof frame);
}

/* Whether the listener closed @socket (EOF or reset) within @ms. */
static gboolean
closed_soon (GSocket *socket,
             guint    ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      char byte;
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, &byte, 1, NULL, &error);

      if (n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
        return TRUE;
      wait_ms (2);
    }
  return FALSE;
}

/* Returns: (transfer none): a UUID issued for @peer, and what comes of it in @e */
static Expectation *
expect (Fixture     *f,
        const char  *peer,
        char       **uuid)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (peer);
  Expectation *e = g_new0 (Expectation, 1);

  g_ptr_array_add (f->expectations, e);
  astrix_audiosocket_listener_expect_async (f->listener, address, uuid, f->cancellable,
                                            expect_cb, e);
  return e;
}

static void
test_accept (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  Expectation *e = expect (f, "127.0.0.1", &uuid);
  g_autoptr(GSocket) client = NULL;
  GInputStream *input;
  guint8 next[3];
  guint8 bytes[16];

  /* A version 4 UUID, as Asterisk's dial string wants it. */
  g_assert_true (astrix_audiosocket_uuid_parse (uuid, bytes));
  g_assert_cmpint (uuid[14], ==, '4');
  g_assert_cmpuint (_astrix_audiosocket_listener_get_n_pending (f->listener), ==, 1);

  client = connect_with_uuid (f, uuid);
  WAIT_UNTIL (e->done, 2000);
  g_assert_no_error (e->error);
  g_assert_nonnull (e->connection);
  g_assert_cmpuint (_astrix_audiosocket_listener_get_n_pending (f->listener), ==, 0);
  /* The audio frame behind the UUID is still there for whoever takes the connection. */
  input = g_io_stream_get_input_stream (G_IO_STREAM (e->connection));
  g_assert_true (g_input_stream_read_all (input, next, 3, NULL, NULL, NULL));
  g_assert_cmpuint (next[0], ==, 0x10);
  g_assert_cmpuint (next[1], ==, 0x01);
  g_assert_cmpuint (next[2], ==, 0x40);
  g_assert_cmpuint (f->refusals->len, ==, 0);
}

/* One use: the same UUID again is refused; so is one never issued. A cancelled one too. */
static void
test_reused_and_unknown_uuid (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  g_autofree char *other_uuid = NULL;
  g_autofree char *cancelled_uuid = NULL;
  Expectation *e = expect (f, "127.0.0.1", &uuid);
  Expectation *other = expect (f, "127.0.0.1", &other_uuid);
  g_autoptr(GSocket) first = connect_with_uuid (f, uuid);
  g_autoptr(GSocket) again = NULL;
  g_autoptr(GSocket) unknown = NULL;
  g_autoptr(GSocket) withdrawn = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Expectation cancelled = { 0 };

  WAIT_UNTIL (e->done, 2000);
  g_assert_nonnull (e->connection);

  again = connect_with_uuid (f, uuid);
  g_assert_true (closed_soon (again, 2000));
  unknown = connect_with_uuid (f, "00000000-0000-4000-8000-000000000000");
  g_assert_true (closed_soon (unknown, 2000));
  g_assert_cmpuint (f->refusals->len, ==, 2);
  g_assert_cmpuint (g_array_index (f->refusals, guint, 0), ==,
                    ASTRIX_AUDIOSOCKET_REFUSED_UNKNOWN_UUID);
  g_assert_cmpuint (g_array_index (f->refusals, guint, 1), ==,
                    ASTRIX_AUDIOSOCKET_REFUSED_UNKNOWN_UUID);
  /* The session still waiting is not disturbed. */
  g_assert_false (other->done);
  g_assert_cmpuint (_astrix_audiosocket_listener_get_n_pending (f->listener), ==, 1);

  astrix_audiosocket_listener_expect_async (f->listener, f->loopback, &cancelled_uuid,
                                            cancellable, expect_cb, &cancelled);
  g_cancellable_cancel (cancellable);
  WAIT_UNTIL (cancelled.done, 2000);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  withdrawn = connect_with_uuid (f, cancelled_uuid);
  g_assert_true (closed_soon (withdrawn, 2000));
  g_assert_false (other->done);
}

/* From an address no session expects: closed before a byte is read. */
static void
test_unexpected_peer (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  Expectation *e = expect (f, "127.0.0.2", &uuid);
  g_autoptr(GSocket) client = connect_with_uuid (f, uuid);

  g_assert_true (closed_soon (client, 2000));
  g_assert_cmpuint (f->refusals->len, ==, 1);
  g_assert_cmpuint (g_array_index (f->refusals, guint, 0), ==,
                    ASTRIX_AUDIOSOCKET_REFUSED_UNEXPECTED_PEER);
  g_assert_false (e->done);

  /* The expected one, from 127.0.0.2, still gets through. */
  {
    guint8 bytes[16];
    guint8 frame[19];
    g_autoptr(GSocket) right = NULL;

    astrix_audiosocket_uuid_parse (uuid, bytes);
    astrix_audiosocket_frame_write (ASTRIX_AUDIOSOCKET_KIND_UUID, bytes, 16, frame, 19);
    right = connect_from (f, "127.0.0.2", frame, sizeof frame);
    WAIT_UNTIL (e->done, 2000);
    g_assert_nonnull (e->connection);
  }
}

/* Nobody expects anything: every connection is refused. */
static void
test_nothing_pending (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSocket) client = connect_with_uuid (f, "00000000-0000-4000-8000-000000000000");

  g_assert_true (closed_soon (client, 2000));
  g_assert_cmpuint (g_array_index (f->refusals, guint, 0), ==,
                    ASTRIX_AUDIOSOCKET_REFUSED_UNEXPECTED_PEER);
}

/* The first frame is not a UUID: closed after its header. */
static void
test_bad_first_frame (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  Expectation *e = expect (f, "127.0.0.1", &uuid);
  static const guint8 audio_first[] = { 0x10, 0x01, 0x40, 0, 0, 0 };
  static const guint8 long_uuid[] = { 0x01, 0x00, 0x11, 0, 0, 0 };
  g_autoptr(GSocket) a = connect_from (f, "127.0.0.1", audio_first, sizeof audio_first);
  g_autoptr(GSocket) b = connect_from (f, "127.0.0.1", long_uuid, sizeof long_uuid);

  g_assert_true (closed_soon (a, 2000));
  g_assert_true (closed_soon (b, 2000));
  g_assert_cmpuint (f->refusals->len, ==, 2);
  g_assert_cmpuint (g_array_index (f->refusals, guint, 0), ==,
                    ASTRIX_AUDIOSOCKET_REFUSED_BAD_FIRST_FRAME);
  g_assert_false (e->done);
}

/* Nothing comes: the UUID expires; coming late, it is refused. */
static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  g_autoptr(GSocket) late = NULL;
  Expectation *e;

  _astrix_audiosocket_listener_set_lifetime (f->listener, 50);
  e = expect (f, "127.0.0.1", &uuid);
  WAIT_UNTIL (e->done, 2000);
  g_assert_error (e->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpuint (_astrix_audiosocket_listener_get_n_pending (f->listener), ==, 0);
  late = connect_with_uuid (f, uuid);
  g_assert_true (closed_soon (late, 2000));
}

/* A first frame that never comes in full: closed after the handshake's time. */
static void
test_silent_peer (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  Expectation *e = expect (f, "127.0.0.1", &uuid);
  static const guint8 half[] = { 0x01, 0x00, 0x10, 0x91 };
  g_autoptr(GSocket) slow = connect_from (f, "127.0.0.1", half, sizeof half);

  g_assert_true (closed_soon (slow, 4000));
  g_assert_cmpuint (g_array_index (f->refusals, guint, 0), ==,
                    ASTRIX_AUDIOSOCKET_REFUSED_BAD_FIRST_FRAME);
  g_assert_false (e->done);
}

/* Sessions share the listener of an address and port; a fixed port is one listener. */
static void
test_shared (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixAudioSocketListener) a =
    astrix_audiosocket_listener_acquire (loopback, 0, &error);
  g_autoptr(AstrixAudioSocketListener) b =
    astrix_audiosocket_listener_acquire (loopback, 0, &error);
  g_autoptr(AstrixAudioSocketListener) fixed = NULL;
  g_autoptr(AstrixAudioSocketListener) same = NULL;
  g_autoptr(AstrixAudioSocketListener) clash = NULL;
  g_autofree char *service = NULL;
  guint16 port;

  g_assert_no_error (error);
  g_assert_true (a == b);
  port = _astrix_audiosocket_listener_get_port (a);
  g_assert_cmpuint (port, >, 0);
  service = astrix_audiosocket_listener_dup_service (a);
  g_assert_true (g_str_has_prefix (service, "127.0.0.1:"));
  g_assert_cmpuint (g_ascii_strtoull (strchr (service, ':') + 1, NULL, 10), ==, port);

  /* The port of a's listener, asked for as a fixed port: it is taken. */
  fixed = astrix_audiosocket_listener_acquire (loopback, port, &error);
  g_assert_null (fixed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_clear_error (&error);
  g_clear_object (&b);
  g_assert_finalize_object (g_steal_pointer (&a));
  fixed = astrix_audiosocket_listener_acquire (loopback, port, &error);
  g_assert_no_error (error);
  same = astrix_audiosocket_listener_acquire (loopback, port, &error);
  g_assert_true (fixed == same);
  g_assert_cmpuint (_astrix_audiosocket_listener_get_port (fixed), ==, port);
  clash = astrix_audiosocket_listener_new ();
  g_assert_false (astrix_audiosocket_listener_listen (clash, loopback, port, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
}

#define ADD(path, func) \
  g_test_add ("/audiosocket-listener" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/accept", test_accept);
  ADD ("/reused-and-unknown-uuid", test_reused_and_unknown_uuid);
  ADD ("/unexpected-peer", test_unexpected_peer);
  ADD ("/nothing-pending", test_nothing_pending);
  ADD ("/bad-first-frame", test_bad_first_frame);
  ADD ("/expiry", test_expiry);
  ADD ("/silent-peer", test_silent_peer);
  g_test_add_func ("/audiosocket-listener/shared", test_shared);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A raw AMI client for the simulator's tests: a loopback socket, AmiParser, and a log of what
 * came with when it came (not AmiClient, which has tests of its own).
 */
#include "ami-test-client.h"

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds or @ms pass; returns @cond's last value. */
gboolean
iterate_until (gboolean (*cond) (gpointer), gpointer data, guint ms)
{
  gboolean expired = FALSE;
  gboolean done = FALSE;
  guint id = g_timeout_add (ms, set_flag, &expired);

  while (!(done = cond (data)) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return done;
}

static void
on_message (AmiMessage *message,
            gpointer    data)
{
  Client *c = data;
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (c->log, ami_message_ref (message));
  g_array_append_val (c->times, now);
}

/* When @m (of @c's log) arrived, monotonic µs. */
gint64
arrival (Client     *c,
         AmiMessage *m)
{
  guint i;

  g_assert_true (g_ptr_array_find (c->log, m, &i));
  return g_array_index (c->times, gint64, i);
}

static void
on_parse_error (const GError *error,
                gpointer      data)
{
  Client *c = data;

  c->parse_errors++;
}

static void read_next (Client *c);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Client *c = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  c->reading = FALSE;
  if (n <= 0)
    {
      c->eof = TRUE;
      return;
    }
  g_byte_array_append (c->raw, (guint8 *) c->buf, n);
  ami_parser_feed (c->parser, c->buf, n);
  if (!c->paused)
    read_next (c);
}

static void
read_next (Client *c)
{
  c->reading = TRUE;
  g_input_stream_read_async (g_io_stream_get_input_stream (c->stream), c->buf, sizeof c->buf,
                             G_PRIORITY_DEFAULT, c->cancellable, read_cb, c);
}

Client *
client_new_for_stream (GIOStream *stream)
{
  Client *c = g_new0 (Client, 1);

  c->stream = stream;
  c->cancellable = g_cancellable_new ();
  c->parser = ami_parser_new (on_message, on_parse_error, c);
  c->log = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  c->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  c->raw = g_byte_array_new ();
  c->sent = g_byte_array_new ();
  read_next (c);
  return c;
}

Client *
client_connect (guint16 port)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  g_socket_client_set_enable_proxy (socket_client, FALSE);
  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  return client_new_for_stream (G_IO_STREAM (connection));
}

static gboolean
not_reading (gpointer data)
{
  return !((Client *) data)->reading;
}

void
client_free (Client *c)
{
  g_cancellable_cancel (c->cancellable);
  iterate_until (not_reading, c, CLIENT_WAIT_MS);
  g_io_stream_close (c->stream, NULL, NULL);
  g_object_unref (c->stream);
  g_object_unref (c->cancellable);
  ami_parser_free (c->parser);
  g_ptr_array_unref (c->log);
  g_array_unref (c->times);
  g_byte_array_unref (c->raw);
  g_byte_array_unref (c->sent);
  g_free (c);
}

void
client_send_raw (Client     *c,
                 const char *data,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_byte_array_append (c->sent, (const guint8 *) data, len);
  g_output_stream_write_all (g_io_stream_get_output_stream (c->stream), data, len, NULL, NULL,
                             &error);
  g_assert_no_error (error);
}

void
client_send_text (Client     *c,
                  const char *text)
{
  client_send_raw (c, text, strlen (text));
}

/* Sends "Key: value" pairs (NULL-terminated) and the blank line. */
void
client_send (Client     *c,
             const char *first_key,
             ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_string_append_printf (text, "%s: %s\r\n", key, va_arg (args, const char *));
  va_end (args);
  g_string_append (text, "\r\n");
  client_send_raw (c, text->str, text->len);
}

typedef struct
{
  Client     *c;
  const char *key;
  const char *value;
  AmiMessage *found;
} Expect;

static gboolean
find_expected (gpointer data)
{
  Expect *e = data;

  for (guint i = e->c->cursor; i < e->c->log->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (e->c->log, i);

      if (g_strcmp0 (ami_message_get (m, e->key), e->value) == 0)
        {
          e->found = m;
          e->c->cursor = i + 1;
          return TRUE;
        }
    }
  return FALSE;
}

/* The next message (from the cursor on) whose @key is @value; NULL after @ms. */
AmiMessage *
expect_within (Client     *c,
               const char *key,
               const char *value,
               guint       ms)
{
  Expect e = { c, key, value, NULL };

  iterate_until (find_expected, &e, ms);
  return e.found;
}

AmiMessage *
expect (Client     *c,
        const char *key,
        const char *value)
{
  AmiMessage *m = expect_within (c, key, value, CLIENT_WAIT_MS);

  if (m == NULL)
    g_error ("No message with %s: %s came", key, value);
  return m;
}

/* Whether a message with @key: @value is in the log at or after @from (without waiting). */
AmiMessage *
find_from (Client     *c,
           guint       from,
           const char *key,
           const char *value)
{
  for (guint i = from; i < c->log->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (c->log, i);

      if (g_strcmp0 (ami_message_get (m, key), value) == 0)
        return m;
    }
  return NULL;
}

guint
count_from (Client     *c,
            guint       from,
            const char *key,
            const char *value)
{
  guint n = 0;

  for (guint i = from; i < c->log->len; i++)
    n += g_strcmp0 (ami_message_get (g_ptr_array_index (c->log, i), key), value) == 0;
  return n;
}

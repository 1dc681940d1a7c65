/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-server-check-private.h"

/*
 * The server check's I/O below AMI: reading the greeting line off a fresh connection, and
 * asking a port whether it speaks the other protocol (TLS where plain AMI was expected, or
 * plain AMI where TLS was), so a wrong scheme is named as such instead of as a timeout.
 */

/* Asterisk's line buffer: a greeting longer than this is not AMI's. */
#define LINE_MAX_BYTES 1024

/* Reading a line */

typedef struct
{
  GIOStream *stream;
  GString   *line;
  char       buffer[LINE_MAX_BYTES];
} ReadLine;

static void
read_line_free (ReadLine *read)
{
  g_clear_object (&read->stream);
  g_string_free (read->line, TRUE);
  g_free (read);
}

static void read_line_next (GTask *task);

/* The line without its end, or %NULL while it has none. */
static char *
take_line (GString *line)
{
  const char *newline = memchr (line->str, '\n', line->len);
  gsize len;

  if (newline == NULL && line->len < LINE_MAX_BYTES)
    return NULL;
  len = newline != NULL ? (gsize) (newline - line->str) : line->len;
  if (len > 0 && line->str[len - 1] == '\r')
    len--;
  return g_utf8_make_valid (line->str, len);
}

static void
read_line_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  ReadLine *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  char *line;

  if (n < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (n == 0)
    {
      /* Closed: what came without an end of line, or nothing. */
      g_task_return_pointer (task, read->line->len > 0
                                     ? g_utf8_make_valid (read->line->str, read->line->len)
                                     : NULL,
                             g_free);
      return;
    }
  g_string_append_len (read->line, read->buffer, n);
  line = take_line (read->line);
  if (line != NULL)
    {
      g_task_return_pointer (task, line, g_free);
      return;
    }
  read_line_next (g_steal_pointer (&task));
}

static void
read_line_next (GTask *task)
{
  ReadLine *read = g_task_get_task_data (task);

  g_input_stream_read_async (g_io_stream_get_input_stream (read->stream), read->buffer,
                             LINE_MAX_BYTES - read->line->len, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_line_done, task);
}

/*
 * Reads the first line @stream sends (at most 1024 bytes). Finishes with the line without its
 * end, or %NULL without an error when the peer closed before sending anything.
 */
void
_astrix_server_check_read_line_async (GIOStream           *stream,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  ReadLine *read = g_new0 (ReadLine, 1);

  g_task_set_source_tag (task, _astrix_server_check_read_line_async);
  read->stream = g_object_ref (stream);
  read->line = g_string_new (NULL);
  g_task_set_task_data (task, read, (GDestroyNotify) read_line_free);
  read_line_next (task);
}

char *
_astrix_server_check_read_line_finish (GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Probing for the other protocol */

typedef struct
{
  char               *host;
  guint               port;
  gboolean            tls;
  GCancellable       *cancellable;  /* ours: the caller's and the timeout cancel it */
  GCancellable       *outer;
  gulong              outer_handler;
  guint               timer;
  GSocketConnection  *connection;
  GIOStream          *stream;
} Probe;

static void
probe_free (Probe *probe)
{
  if (probe->outer_handler != 0)
    g_cancellable_disconnect (probe->outer, probe->outer_handler);
  g_clear_object (&probe->outer);
  g_clear_handle_id (&probe->timer, g_source_remove);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->stream);
  g_clear_object (&probe->connection);
  g_free (probe->host);
  g_free (probe);
}

static gboolean
probe_timed_out (gpointer data)
{
  Probe *probe = data;

  probe->timer = 0;
  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled (GCancellable *outer,
                    GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
greeting_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autofree char *line = _astrix_server_check_read_line_finish (result, NULL);

  g_task_return_boolean (task, line != NULL && g_str_has_prefix (line, "Asterisk Call Manager/"));
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;

  g_task_return_boolean (task, g_tls_connection_handshake_finish (G_TLS_CONNECTION (source),
                                                                  result, NULL));
}

/* Only to learn whether the port speaks TLS: nothing is sent over it. */
static gboolean
accept_any (GTlsConnection       *connection,
            GTlsCertificate      *certificate,
            GTlsCertificateFlags  errors,
            gpointer              data)
{
  return TRUE;
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GSocketConnectable) identity = NULL;

  probe->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);
  if (probe->connection == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (!probe->tls)
    {
      _astrix_server_check_read_line_async (G_IO_STREAM (probe->connection), probe->cancellable,
                                            greeting_done, g_steal_pointer (&task));
      return;
    }
  identity = g_network_address_new (probe->host, probe->port);
  probe->stream = g_tls_client_connection_new (G_IO_STREAM (probe->connection), identity, NULL);
  if (probe->stream == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  g_signal_connect (probe->stream, "accept-certificate", G_CALLBACK (accept_any), NULL);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (probe->stream), G_PRIORITY_DEFAULT,
                                    probe->cancellable, handshake_done, g_steal_pointer (&task));
}

/*
 * Connects to @host:@port again and finishes with %TRUE if it speaks TLS (@tls), or greets in
 * plain AMI (!@tls), within @timeout_ms. Never fails: any error is a %FALSE.
 */
void
_astrix_server_check_probe_async (const char          *host,
                                  guint                port,
                                  gboolean             tls,
                                  guint                timeout_ms,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new (host, port);
  Probe *probe = g_new0 (Probe, 1);

  g_task_set_source_tag (task, _astrix_server_check_probe_async);
  probe->host = g_strdup (host);
  probe->port = port;
  probe->tls = tls;
  probe->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  if (cancellable != NULL)
    {
      probe->outer = g_object_ref (cancellable);
      probe->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                    probe->cancellable, NULL);
    }
  probe->timer = g_timeout_add (timeout_ms, probe_timed_out, probe);
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, address, probe->cancellable, connected, task);
}

gboolean
_astrix_server_check_probe_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

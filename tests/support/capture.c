/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "capture.h"

/*
 * Capture lines look like
 *   +000.304780 S>C | Event: Newchannel\r\n
 *               S>C | Privilege: call,all\r\n
 *   +004.120206 --- commentary (not on the wire)
 * A timestamp starts a new chunk. A connection starts where the server sends its banner.
 */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

GByteArray *
capture_unescape (const char *text,
                  gsize       length)
{
  GByteArray *out = g_byte_array_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = text[i];

      if (c == '\\' && i + 1 < length)
        {
          char e = text[++i];

          if (e == 'r')
            c = '\r';
          else if (e == 'n')
            c = '\n';
          else if (e == 't')
            c = '\t';
          else if (e == '\\')
            c = '\\';
          else if (e == 'x' && i + 2 < length && hex_value (text[i + 1]) >= 0 &&
                   hex_value (text[i + 2]) >= 0)
            {
              c = hex_value (text[i + 1]) * 16 + hex_value (text[i + 2]);
              i += 2;
            }
          else
            g_error ("Unknown escape \\%c in capture", e);
        }
      g_byte_array_append (out, &c, 1);
    }
  return out;
}

static CaptureConnection *
connection_new (void)
{
  CaptureConnection *conn = g_new0 (CaptureConnection, 1);

  conn->server = g_byte_array_new ();
  conn->client = g_byte_array_new ();
  conn->server_chunks = g_array_new (FALSE, FALSE, sizeof (gsize));
  return conn;
}

static void
connection_free (CaptureConnection *conn)
{
  g_byte_array_unref (conn->server);
  g_byte_array_unref (conn->client);
  g_array_unref (conn->server_chunks);
  g_free (conn);
}

void
capture_free (Capture *capture)
{
  g_ptr_array_unref (capture->connections);
  g_free (capture->name);
  g_free (capture);
}

Capture *
capture_load (const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Capture *capture;
  CaptureConnection *conn = NULL;
  gboolean server_chunk_open = FALSE;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  capture = g_new0 (Capture, 1);
  capture->name = g_path_get_basename (path);
  capture->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) connection_free);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean stamped = line[0] == '+';
      const char *dir;
      g_autoptr(GByteArray) bytes = NULL;

      if (line[0] == '#' || strlen (line) < 18)
        continue;
      dir = line + 12;
      if (strncmp (dir, "S>C | ", 6) != 0 && strncmp (dir, "C>S | ", 6) != 0)
        {
          if (stamped)
            server_chunk_open = FALSE;
          continue;
        }

      bytes = capture_unescape (dir + 6, strlen (dir + 6));
      if (dir[0] == 'S')
        {
          gboolean banner = bytes->len >= 22 &&
                            memcmp (bytes->data, "Asterisk Call Manager/", 22) == 0;

          if (conn == NULL || (stamped && banner))
            {
              conn = connection_new ();
              g_ptr_array_add (capture->connections, conn);
              server_chunk_open = FALSE;
            }
          if (stamped || !server_chunk_open)
            {
              gsize zero = 0;

              g_array_append_val (conn->server_chunks, zero);
              server_chunk_open = TRUE;
            }
          g_array_index (conn->server_chunks, gsize, conn->server_chunks->len - 1) += bytes->len;
          g_byte_array_append (conn->server, bytes->data, bytes->len);
        }
      else
        {
          if (stamped)
            server_chunk_open = FALSE;
          if (conn == NULL)
            {
              conn = connection_new ();
              g_ptr_array_add (capture->connections, conn);
            }
          g_byte_array_append (conn->client, bytes->data, bytes->len);
        }
    }

  return capture;
}

char *
capture_path (const char *name)
{
  const char *dir = g_getenv ("ASTRIX_TEST_DATA");

  if (dir == NULL)
    dir = TEST_DATA_DIR;
  return g_build_filename (dir, "captures", name, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Returns: (transfer full): the file names of every capture, sorted */
GPtrArray *
capture_list_names (void)
{
  g_autofree char *dir_path = capture_path ("");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".txt"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
collect (AmiMessage *message,
         gpointer    data)
{
  g_ptr_array_add (data, ami_message_ref (message));
}

/* Returns: (transfer full) (element-type AmiMessage): what the server sent on @connection */
GPtrArray *
capture_server_messages (Capture *capture,
                         guint    connection)
{
  CaptureConnection *conn = g_ptr_array_index (capture->connections, connection);
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  g_autoptr(AmiParser) parser = ami_parser_new (collect, NULL, messages);

  ami_parser_feed (parser, (const char *) conn->server->data, conn->server->len);
  return messages;
}

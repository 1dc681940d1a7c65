/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include "ami-client-private.h"

/* A link: one TCP (or TLS) connection with its read loop, parser and write queue. */

/* The client holds the first reference (self->link), until _ami_link_kill(). */
AmiLink *
_ami_link_new (AmiClient *client)
{
  AmiLink *link = g_new0 (AmiLink, 1);

  link->ref_count = 1;
  link->client = client;
  link->cancellable = g_cancellable_new ();
  g_queue_init (&link->write_queue);
  return link;
}

AmiLink *
_ami_link_ref (AmiLink *link)
{
  link->ref_count++;
  return link;
}

void
_ami_link_unref (AmiLink *link)
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

gboolean
_ami_link_is_current (AmiLink *link)
{
  return !link->dead && link->client != NULL && link->client->link == link;
}

/* Ends a link: no callback of it will act any more; the client lets go of it. */
void
_ami_link_kill (AmiLink *link)
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
      _ami_link_unref (link);
    }
}

/* Writing */

static void write_next (AmiLink *link);

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  AmiLink *link = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&link->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (_ami_link_is_current (link))
        _ami_client_link_lost (link->client, link,
                               g_error_new (AMI_ERROR, AMI_ERROR_DISCONNECTED,
                                            "Could not write to the PBX: %s", error->message));
    }
  else if (!link->dead)
    {
      write_next (link);
    }
  _ami_link_unref (link);
}

static void
write_next (AmiLink *link)
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
                                   write_done, _ami_link_ref (link));
}

void
_ami_link_write (AmiLink *link,
                 GBytes  *bytes)
{
  g_queue_push_tail (&link->write_queue, g_bytes_ref (bytes));
  write_next (link);
}

/* Dispatch of what the PBX sends */

static void
on_message (AmiMessage *message,
            gpointer    data)
{
  AmiLink *link = data;
  AmiClient *self = link->client;

  if (!_ami_link_is_current (link))
    return;

  switch (ami_message_get_kind (message))
    {
    case AMI_MESSAGE_BANNER:
      _ami_client_handle_banner (self, link, message);
      break;

    case AMI_MESSAGE_RESPONSE:
      _ami_client_handle_response (self, message);
      break;

    case AMI_MESSAGE_EVENT:
      _ami_client_handle_event (self, message);
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

static void read_next (AmiLink *link);

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AmiLink *link = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (!_ami_link_is_current (link))
    {
      _ami_link_unref (link);
      return;
    }

  if (n > 0)
    {
      ami_parser_feed (link->parser, link->buffer, n);
      read_next (link);
    }
  else if (n == 0)
    {
      _ami_client_link_lost (link->client, link,
                             g_error_new_literal (AMI_ERROR, AMI_ERROR_DISCONNECTED,
                                                  "The PBX closed the connection"));
    }
  else
    {
      _ami_client_link_lost (link->client, link,
                             g_error_new (AMI_ERROR, AMI_ERROR_DISCONNECTED,
                                          "The connection to the PBX broke: %s", error->message));
    }
  _ami_link_unref (link);
}

static void
read_next (AmiLink *link)
{
  if (!_ami_link_is_current (link))
    return;

  g_input_stream_read_async (g_io_stream_get_input_stream (link->stream),
                             link->buffer, sizeof link->buffer, G_PRIORITY_DEFAULT,
                             link->cancellable, read_done, _ami_link_ref (link));
}

/* The stream is open: read from now on. */
void
_ami_link_start (AmiLink *link)
{
  link->parser = ami_parser_new (on_message, on_parse_error, link);
  read_next (link);
}

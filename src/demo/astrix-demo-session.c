/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * One AMI connection. Input is framed exactly as Asterisk's get_input() and do_message() do
 * it (a 1024-byte line buffer that keeps the last byte when it overflows, a blank line ends a
 * message, 128 header lines at most, a NUL ends a line), so the quirks of captures 15 and 16
 * come out the same; each complete line goes through AmiParser, which builds the message.
 *
 * Output goes through one queue, handed to the stream a chunk at a time. A client that stops
 * reading is dropped, as Asterisk drops it after writetimeout: when a chunk is not taken for a
 * while, or when the queue grows past a hard limit.
 */

#define BANNER "Asterisk Call Manager/11.0.0\r\n"
/* Asterisk's authtimeout, simulated milliseconds */
#define AUTH_TIMEOUT_MS 30000
/* The seed's writetimeout, simulated milliseconds; never less than WRITE_TIMEOUT_MIN_MS real */
#define WRITE_TIMEOUT_MS     5000
#define WRITE_TIMEOUT_MIN_MS 1000
/* Unsent bytes a session may have queued before it is dropped */
#define WRITE_QUEUE_LIMIT    (128 * 1024 * 1024)
/* Bytes handed to the stream at a time: the write timeout is about progress, not size */
#define WRITE_CHUNK          (256 * 1024)
#define ENDLESS_CHUNK        (16 * 1024)
/* Messages a held session keeps before it stops reading (the kernel buffers the rest). */
#define DEFERRED_LIMIT       256

G_DEFINE_FINAL_TYPE (AstrixDemoSession, astrix_demo_session, G_TYPE_OBJECT)

static void
item_free (AstrixDemoItem *item)
{
  g_clear_pointer (&item->message, ami_message_unref);
  g_free (item);
}

static void
astrix_demo_session_dispose (GObject *object)
{
  AstrixDemoSession *self = ASTRIX_DEMO_SESSION (object);

  g_clear_handle_id (&self->auth_timeout_id, g_source_remove);
  g_clear_handle_id (&self->write_timeout_id, g_source_remove);
  g_clear_handle_id (&self->endless_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (astrix_demo_session_parent_class)->dispose (object);
}

static void
astrix_demo_session_finalize (GObject *object)
{
  AstrixDemoSession *self = ASTRIX_DEMO_SESSION (object);

  g_queue_clear_full (&self->deferred, (GDestroyNotify) item_free);
  g_clear_pointer (&self->parser, ami_parser_free);
  g_clear_pointer (&self->parsed, ami_message_unref);
  g_string_free (self->outq, TRUE);
  g_string_free (self->held, TRUE);
  g_clear_pointer (&self->writing, g_bytes_unref);
  g_free (self->username);
  g_free (self->challenge);

  G_OBJECT_CLASS (astrix_demo_session_parent_class)->finalize (object);
}

static void
astrix_demo_session_class_init (AstrixDemoSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_demo_session_dispose;
  object_class->finalize = astrix_demo_session_finalize;
}

static void
astrix_demo_session_init (AstrixDemoSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->outq = g_string_new (NULL);
  self->held = g_string_new (NULL);
  self->send_events = ASTRIX_DEMO_CLASS_ALL;
  g_queue_init (&self->deferred);
}

static void
on_parsed (AmiMessage *message,
           gpointer    user_data)
{
  AstrixDemoSession *self = user_data;

  g_clear_pointer (&self->parsed, ami_message_unref);
  self->parsed = ami_message_ref (message);
}

AstrixDemoSession *
_astrix_demo_session_new (AstrixDemoPbx *pbx,
                          GIOStream     *stream,
                          guint          id)
{
  AstrixDemoSession *self = g_object_new (ASTRIX_TYPE_DEMO_SESSION, NULL);

  self->pbx = pbx;
  self->stream = g_object_ref (stream);
  self->id = id;
  /* Lines never reach the parser longer than Asterisk's buffer, so its own bounds hold. */
  self->parser = ami_parser_new (on_parsed, NULL, self);
  ami_parser_reset (self->parser, FALSE);
  return self;
}

/* Output */

static void flush (AstrixDemoSession *self);

static gsize
unsent (AstrixDemoSession *self)
{
  return self->outq->len - self->out_offset;
}

static gboolean
over_limit (AstrixDemoSession *self)
{
  if (unsent (self) + self->held->len <= WRITE_QUEUE_LIMIT)
    return FALSE;
  g_debug ("demo PBX: session %u does not read; dropped", self->id);
  _astrix_demo_session_close (self);
  return TRUE;
}

/* What bench-pbx-cost measures: every byte queued for the client, by user once logged in. */
static void
count_sent (AstrixDemoSession *self,
            gsize              n)
{
  self->bytes_sent += n;
  if (self->pbx != NULL && self->username != NULL)
    _astrix_demo_pbx_count_sent (self->pbx, self->username, n);
}

/* Appends @message to @out, counting it. */
static void
queue_message (AstrixDemoSession *self,
               AmiMessage        *message,
               GString           *out)
{
  gsize before = out->len;

  ami_message_write (message, out);
  count_sent (self, out->len - before);
}

static void
send_raw (AstrixDemoSession *self,
          const char        *data,
          gsize              len)
{
  if (self->closed)
    return;
  g_string_append_len (self->outq, data, len);
  count_sent (self, len);
  if (!over_limit (self))
    flush (self);
}

/* Sends @message, or keeps it for later while the session is held. */
void
_astrix_demo_session_send (AstrixDemoSession *self,
                           AmiMessage        *message)
{
  if (self->closed || self->closing)
    return;
  if (self->hold_count > 0)
    {
      queue_message (self, message, self->held);
      over_limit (self);
      return;
    }
  queue_message (self, message, self->outq);
  if (!over_limit (self))
    flush (self);
}

/* Sends @message ahead of whatever the session holds back. */
void
_astrix_demo_session_send_now (AstrixDemoSession *self,
                               AmiMessage        *message)
{
  if (self->closed || self->closing)
    return;
  queue_message (self, message, self->outq);
  if (!over_limit (self))
    flush (self);
}

/* Events reach logged-in sessions whose read classes and event mask include their class. */
void
_astrix_demo_session_send_event (AstrixDemoSession *self,
                                 AmiMessage        *event,
                                 guint              event_class)
{
  if (!self->authenticated || self->send_events == 0)
    return;
  if ((self->readperm & event_class) != event_class ||
      (self->send_events & event_class) != event_class)
    return;
  _astrix_demo_session_send (self, event);
}

static gboolean
on_write_timeout (gpointer data)
{
  AstrixDemoSession *self = data;

  self->write_timeout_id = 0;
  g_debug ("demo PBX: session %u stopped reading; dropped", self->id);
  _astrix_demo_session_close (self);
  return G_SOURCE_REMOVE;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(AstrixDemoSession) self = data;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->write_timeout_id, g_source_remove);
  g_clear_pointer (&self->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      _astrix_demo_session_close (self);
      return;
    }
  flush (self);
}

static guint
write_timeout (AstrixDemoSession *self)
{
  double real = self->pbx != NULL ? WRITE_TIMEOUT_MS * self->pbx->time_scale : WRITE_TIMEOUT_MS;

  return (guint) MAX (real, WRITE_TIMEOUT_MIN_MS);
}

static void
flush (AstrixDemoSession *self)
{
  GOutputStream *out;
  gconstpointer data;
  gsize size;

  if (self->closed || self->writing != NULL)
    return;
  if (unsent (self) == 0)
    {
      g_string_truncate (self->outq, 0);
      self->out_offset = 0;
      if (self->closing)
        _astrix_demo_session_close (self);
      return;
    }

  size = MIN (unsent (self), WRITE_CHUNK);
  self->writing = g_bytes_new (self->outq->str + self->out_offset, size);
  self->out_offset += size;
  /* Drop what is written once it is most of the queue. */
  if (self->out_offset > WRITE_CHUNK && self->out_offset > self->outq->len / 2)
    {
      g_string_erase (self->outq, 0, self->out_offset);
      self->out_offset = 0;
    }
  data = g_bytes_get_data (self->writing, &size);
  out = g_io_stream_get_output_stream (self->stream);
  g_output_stream_write_all_async (out, data, size, G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, g_object_ref (self));
  self->write_timeout_id = g_timeout_add (write_timeout (self), on_write_timeout, self);
}

void
_astrix_demo_session_close (AstrixDemoSession *self)
{
  g_autoptr(AstrixDemoSession) hold = g_object_ref (self);
  AstrixDemoPbx *pbx = self->pbx;

  if (self->closed)
    return;
  self->closed = TRUE;
  self->authenticated = FALSE;
  self->pbx = NULL;
  g_clear_handle_id (&self->auth_timeout_id, g_source_remove);
  g_clear_handle_id (&self->write_timeout_id, g_source_remove);
  g_clear_handle_id (&self->endless_id, g_source_remove);
  g_queue_clear_full (&self->deferred, (GDestroyNotify) item_free);
  g_cancellable_cancel (self->cancellable);
  g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (pbx != NULL)
    _astrix_demo_pbx_session_closed (pbx, self);
}

/* Stops reading; closes once everything queued is written (Logoff, failed login). */
void
_astrix_demo_session_close_after_flush (AstrixDemoSession *self)
{
  self->closing = TRUE;
  flush (self);
}

/* Input */

static void process_deferred (AstrixDemoSession *self);
static void read_next (AstrixDemoSession *self);

void
_astrix_demo_session_hold (AstrixDemoSession *self)
{
  self->hold_count++;
}

/* The held events follow whatever was sent with _send_now(); then held input is processed. */
void
_astrix_demo_session_release (AstrixDemoSession *self)
{
  g_return_if_fail (self->hold_count > 0);

  if (--self->hold_count > 0 || self->closed)
    return;
  g_string_append_len (self->outq, self->held->str, self->held->len);
  g_string_truncate (self->held, 0);
  flush (self);
  process_deferred (self);
}

static void
process_deferred (AstrixDemoSession *self)
{
  AstrixDemoItem *item;

  /* Processing an item may release a hold: the loop that is running carries on. */
  if (self->processing)
    return;
  self->processing = TRUE;
  while (self->hold_count == 0 && !self->closed && !self->closing &&
         (item = g_queue_pop_head (&self->deferred)) != NULL)
    {
      g_autoptr(AstrixDemoSession) hold = g_object_ref (self);

      _astrix_demo_actions_process (self, item);
      item_free (item);
    }
  self->processing = FALSE;
  if (self->read_paused && self->deferred.length < DEFERRED_LIMIT && !self->closed &&
      !self->closing)
    {
      self->read_paused = FALSE;
      read_next (self);
    }
}

static void
end_message (AstrixDemoSession *self)
{
  AstrixDemoItem *item = g_new0 (AstrixDemoItem, 1);

  if (self->n_lines > 0)
    {
      ami_parser_feed (self->parser, "\r\n", 2);
      item->message = g_steal_pointer (&self->parsed);
      if (item->message == NULL)
        ami_parser_reset (self->parser, FALSE);
    }
  item->line_too_long = self->line_too_long;
  item->too_many_lines = self->n_lines > ASTRIX_DEMO_MAX_HEADERS;
  self->n_lines = 0;
  self->line_too_long = FALSE;

  if (item->message != NULL && self->pbx != NULL)
    _astrix_demo_pbx_record (self->pbx, item->message);
  g_queue_push_tail (&self->deferred, item);
  process_deferred (self);
}

static void
handle_line (AstrixDemoSession *self,
             const char        *line,
             gsize              len)
{
  /* Asterisk copies lines as C strings: a NUL ends the line (and one at the start makes it
   * blank). */
  len = strnlen (line, len);
  if (len == 0)
    {
      end_message (self);
      return;
    }
  if (++self->n_lines > ASTRIX_DEMO_MAX_HEADERS)
    return;
  ami_parser_feed (self->parser, line, len);
  ami_parser_feed (self->parser, "\r\n", 2);
}

static void
take_lines (AstrixDemoSession *self)
{
  char *nl;

  while (!self->closed && !self->closing &&
         (nl = memchr (self->inbuf, '\n', self->inlen)) != NULL)
    {
      gsize used = nl - self->inbuf + 1;
      gsize content = used - 1;

      if (content > 0 && self->inbuf[content - 1] == '\r')
        content--;
      handle_line (self, self->inbuf, content);
      self->inlen -= used;
      memmove (self->inbuf, self->inbuf + used, self->inlen);
    }
}

static void
feed_input (AstrixDemoSession *self,
            const char        *data,
            gsize              len)
{
  while (len > 0 && !self->closed && !self->closing)
    {
      gsize take = MIN (ASTRIX_DEMO_LINE_BUFFER - self->inlen, len);

      memcpy (self->inbuf + self->inlen, data, take);
      self->inlen += take;
      data += take;
      len -= take;
      take_lines (self);
      if (self->inlen >= ASTRIX_DEMO_LINE_BUFFER)
        {
          /* Too long: Asterisk keeps the last byte, in case it is the CR of a CR LF. */
          self->inbuf[0] = self->inbuf[self->inlen - 1];
          self->inlen = 1;
          self->line_too_long = TRUE;
        }
    }
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(AstrixDemoSession) self = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (self->closed)
    return;
  if (n <= 0)
    {
      _astrix_demo_session_close (self);
      return;
    }
  feed_input (self, self->readbuf, n);
  if (self->deferred.length >= DEFERRED_LIMIT)
    self->read_paused = TRUE;
  else if (!self->closed && !self->closing)
    read_next (self);
}

static void
read_next (AstrixDemoSession *self)
{
  GInputStream *in = g_io_stream_get_input_stream (self->stream);

  g_input_stream_read_async (in, self->readbuf, sizeof self->readbuf, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, g_object_ref (self));
}

static gboolean
on_auth_timeout (gpointer data)
{
  AstrixDemoSession *self = data;

  self->auth_timeout_id = 0;
  if (!self->authenticated)
    _astrix_demo_session_close (self);
  return G_SOURCE_REMOVE;
}

/* The banner, then actions are read; a session that does not log in in time is closed. */
void
_astrix_demo_session_start (AstrixDemoSession *self)
{
  send_raw (self, BANNER, strlen (BANNER));
  self->auth_timeout_id = _astrix_demo_pbx_timeout (self->pbx, AUTH_TIMEOUT_MS,
                                                    on_auth_timeout, self);
  if (self->pbx->fault == ASTRIX_DEMO_FAULT_STALL)
    _astrix_demo_session_apply_fault (self, ASTRIX_DEMO_FAULT_STALL);
  read_next (self);
}

/* Faults */

static void
send_garbage (AstrixDemoSession *self)
{
  GRand *rand = self->pbx != NULL ? self->pbx->rand : NULL;
  g_autoptr(GString) junk = g_string_new (NULL);

  for (guint line = 0; line < 4; line++)
    {
      g_string_append (junk, "\x01\xfe GARBAGE ");
      for (guint i = 0; i < 1000; i++)
        {
          char c = (char) (rand != NULL ? g_rand_int_range (rand, 1, 256) : 'x');

          g_string_append_c (junk, c == '\n' || c == '\r' ? '?' : c);
        }
      g_string_append (junk, "\r\n");
    }
  g_string_append (junk, "\r\n");
  send_raw (self, junk->str, junk->len);
}

static void
close_mid_message (AstrixDemoSession *self)
{
  static const char half[] = "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/10";

  send_raw (self, half, strlen (half));
  _astrix_demo_session_close_after_flush (self);
}

static gboolean
endless_tick (gpointer data)
{
  AstrixDemoSession *self = data;
  char chunk[ENDLESS_CHUNK];

  /* One chunk at a time, only once the last is written: the client sets the pace. */
  if (self->writing != NULL || unsent (self) > 0)
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < sizeof chunk; i++)
    chunk[i] = 'A' + i % 26;
  send_raw (self, chunk, sizeof chunk);
  return G_SOURCE_CONTINUE;
}

static void
start_endless_line (AstrixDemoSession *self)
{
  static const char start[] = "Event: Newchannel\r\nPrivilege: call,all\r\nChannel: ";

  if (self->endless_id != 0)
    return;
  send_raw (self, start, strlen (start));
  self->endless_id = g_timeout_add (5, endless_tick, self);
  /* Anything else sent now would end the line: responses and events wait. */
  _astrix_demo_session_hold (self);
}

static void
clear_faults (AstrixDemoSession *self)
{
  if (self->endless_id != 0)
    {
      g_clear_handle_id (&self->endless_id, g_source_remove);
      send_raw (self, "\r\n\r\n", 4);
      _astrix_demo_session_release (self);
    }
  if (self->stalled)
    {
      self->stalled = FALSE;
      _astrix_demo_session_release (self);
    }
}

void
_astrix_demo_session_apply_fault (AstrixDemoSession *self,
                                  AstrixDemoFault    fault)
{
  if (self->closed)
    return;
  if (fault == ASTRIX_DEMO_FAULT_NONE)
    {
      clear_faults (self);
      return;
    }
  if (fault == ASTRIX_DEMO_FAULT_STALL)
    {
      if (!self->stalled)
        {
          self->stalled = TRUE;
          _astrix_demo_session_hold (self);
        }
      return;
    }
  if (!self->authenticated)
    return;
  if (fault == ASTRIX_DEMO_FAULT_GARBAGE)
    send_garbage (self);
  else if (fault == ASTRIX_DEMO_FAULT_CLOSE_MID_MESSAGE)
    close_mid_message (self);
  else if (fault == ASTRIX_DEMO_FAULT_ENDLESS_LINE)
    start_endless_line (self);
}

/* Called once the login is answered: the session sees events, and any active fault. */
void
_astrix_demo_session_logged_in (AstrixDemoSession *self)
{
  g_clear_handle_id (&self->auth_timeout_id, g_source_remove);
  if (self->pbx != NULL && self->pbx->fault != ASTRIX_DEMO_FAULT_STALL)
    _astrix_demo_session_apply_fault (self, self->pbx->fault);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-frame-private.h"

/*
 * The AudioSocket framer: a 3-byte header (kind, big-endian payload length), then the payload.
 * Pure (no I/O, no GObject) so it can be fuzzed and tested alone.
 *
 * A frame that lies whole inside one feed is handed out in place; only one that spans feeds is
 * gathered in the carry buffer, which never holds more than one payload under the limit. A
 * frame whose length is over the limit, or wrong for its kind, is reported and its payload
 * skipped without being stored: the stream has no resynchronisation marker, but the length
 * still says where the next frame begins. So memory stays bounded, and any chunking of the
 * same bytes gives the same frames and the same errors.
 */

G_DEFINE_QUARK (astrix-audiosocket-frame-error-quark, astrix_audiosocket_frame_error)

struct _AstrixAudioSocketParser
{
  AstrixAudioSocketFrameFunc frame_func;
  AstrixAudioSocketErrorFunc error_func;
  gpointer                   user_data;
  gsize                      max_payload;

  guint8                     header[ASTRIX_AUDIOSOCKET_HEADER_SIZE];
  gsize                      header_len;   /* header bytes seen of the current frame */
  gsize                      length;       /* its payload length, once the header is whole */
  gboolean                   skipping;     /* its payload is being dropped after an error */
  gsize                      skipped;
  guint8                    *carry;        /* its payload so far, when it spans feeds */
  gsize                      carry_len;
};

AstrixAudioSocketParser *
astrix_audiosocket_parser_new (AstrixAudioSocketFrameFunc frame_func,
                               AstrixAudioSocketErrorFunc error_func,
                               gpointer                   user_data)
{
  AstrixAudioSocketParser *self = g_new0 (AstrixAudioSocketParser, 1);

  self->frame_func = frame_func;
  self->error_func = error_func;
  self->user_data = user_data;
  self->max_payload = ASTRIX_AUDIOSOCKET_DEFAULT_MAX_PAYLOAD;
  return self;
}

void
astrix_audiosocket_parser_free (AstrixAudioSocketParser *self)
{
  if (self == NULL)
    return;
  g_free (self->carry);
  g_free (self);
}

/* @max_payload: the longest payload accepted (at most 65535, what the header can say) */
void
_astrix_audiosocket_parser_set_max_payload (AstrixAudioSocketParser *self,
                                            gsize                    max_payload)
{
  g_return_if_fail (self->header_len == 0);

  self->max_payload = MIN (max_payload, G_MAXUINT16);
  g_clear_pointer (&self->carry, g_free);
}

/* Returns: how many bytes the parser holds now (a partial header and payload) */
gsize
_astrix_audiosocket_parser_get_buffered (AstrixAudioSocketParser *self)
{
  return self->header_len + self->carry_len;
}

static void
report (AstrixAudioSocketParser     *self,
        AstrixAudioSocketFrameError  code,
        const char                  *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
report (AstrixAudioSocketParser     *self,
        AstrixAudioSocketFrameError  code,
        const char                  *format,
        ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  va_list args;

  if (self->error_func == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  error = g_error_new_literal (ASTRIX_AUDIOSOCKET_FRAME_ERROR, code, message);
  self->error_func (error, self->user_data);
}

/* Whether @length is one a frame of @kind can have. */
static gboolean
length_fits_kind (guint8 kind,
                  gsize  length)
{
  switch (kind)
    {
    case ASTRIX_AUDIOSOCKET_KIND_HANGUP:
      return length == 0;
    case ASTRIX_AUDIOSOCKET_KIND_UUID:
      return length == ASTRIX_AUDIOSOCKET_UUID_SIZE;
    case ASTRIX_AUDIOSOCKET_KIND_DTMF:
      return length == 1;
    case ASTRIX_AUDIOSOCKET_KIND_AUDIO:
      return length > 0 && length % 2 == 0;
    default:
      return TRUE;
    }
}

static void
reset (AstrixAudioSocketParser *self)
{
  self->header_len = 0;
  self->length = 0;
  self->skipping = FALSE;
  self->skipped = 0;
  self->carry_len = 0;
}

static void
deliver (AstrixAudioSocketParser *self,
         const guint8            *payload)
{
  guint8 kind = self->header[0];
  gsize length = self->length;

  /* Reset first: the callback sees a parser ready for the next frame. */
  reset (self);
  if (self->frame_func != NULL)
    self->frame_func (kind, payload, length, self->user_data);
}

/* The header is whole: check the frame, and deliver it at once when it has no payload. */
static void
header_done (AstrixAudioSocketParser *self)
{
  guint8 kind = self->header[0];

  self->length = ((gsize) self->header[1] << 8) | self->header[2];
  if (self->length > self->max_payload)
    {
      report (self, ASTRIX_AUDIOSOCKET_FRAME_ERROR_OVERSIZED,
              "AudioSocket frame of kind 0x%02x is %" G_GSIZE_FORMAT " bytes long, over the "
              "limit of %" G_GSIZE_FORMAT, kind, self->length, self->max_payload);
      self->skipping = TRUE;
    }
  else if (!length_fits_kind (kind, self->length))
    {
      report (self, ASTRIX_AUDIOSOCKET_FRAME_ERROR_MALFORMED,
              "AudioSocket frame of kind 0x%02x cannot be %" G_GSIZE_FORMAT " bytes long",
              kind, self->length);
      self->skipping = TRUE;
    }
  if (self->length == 0)
    {
      if (self->skipping)
        reset (self);
      else
        deliver (self, NULL);
    }
}

/* Returns: how many bytes of @data the payload (or the skip) took */
static gsize
take_payload (AstrixAudioSocketParser *self,
              const guint8            *data,
              gsize                    length)
{
  gsize n;

  if (self->skipping)
    {
      n = MIN (length, self->length - self->skipped);
      self->skipped += n;
      if (self->skipped == self->length)
        reset (self);
      return n;
    }
  if (self->carry_len == 0 && length >= self->length)
    {
      n = self->length;
      deliver (self, data);
      return n;
    }
  if (self->carry == NULL)
    self->carry = g_malloc (MAX (self->max_payload, 1));
  n = MIN (length, self->length - self->carry_len);
  memcpy (self->carry + self->carry_len, data, n);
  self->carry_len += n;
  if (self->carry_len == self->length)
    deliver (self, self->carry);
  return n;
}

/**
 * astrix_audiosocket_parser_feed:
 *
 * Parses the next @length bytes of the stream: calls the frame function for every frame they
 * complete, the error function for every frame refused. Neither may free the parser.
 */
void
astrix_audiosocket_parser_feed (AstrixAudioSocketParser *self,
                                const guint8            *data,
                                gsize                    length)
{
  while (length > 0)
    {
      gsize n;

      if (self->header_len < ASTRIX_AUDIOSOCKET_HEADER_SIZE)
        {
          n = MIN (length, ASTRIX_AUDIOSOCKET_HEADER_SIZE - self->header_len);
          memcpy (self->header + self->header_len, data, n);
          self->header_len += n;
          if (self->header_len == ASTRIX_AUDIOSOCKET_HEADER_SIZE)
            header_done (self);
        }
      else
        n = take_payload (self, data, length);
      data += n;
      length -= n;
    }
}

/**
 * astrix_audiosocket_parser_finish:
 *
 * The stream has ended: reports a frame it cut short, and makes the parser ready for a new
 * stream.
 *
 * Returns: %FALSE when the stream ended inside a frame
 */
gboolean
astrix_audiosocket_parser_finish (AstrixAudioSocketParser *self)
{
  gsize buffered = self->header_len + self->carry_len + self->skipped;

  if (self->header_len == 0)
    return TRUE;
  report (self, ASTRIX_AUDIOSOCKET_FRAME_ERROR_TRUNCATED,
          "The AudioSocket stream ended inside a frame (%" G_GSIZE_FORMAT " bytes of it came)",
          buffered);
  reset (self);
  return FALSE;
}

/**
 * astrix_audiosocket_frame_write:
 * @out: (array length=out_size): where the frame goes
 *
 * Writes one frame: the header and @payload.
 *
 * Returns: the bytes written, or 0 when @length is over 65535 or @out is too small
 */
gsize
astrix_audiosocket_frame_write (guint8        kind,
                                const guint8 *payload,
                                gsize         length,
                                guint8       *out,
                                gsize         out_size)
{
  if (length > G_MAXUINT16 || out_size < ASTRIX_AUDIOSOCKET_HEADER_SIZE + length)
    return 0;
  out[0] = kind;
  out[1] = (length >> 8) & 0xff;
  out[2] = length & 0xff;
  if (length > 0)
    memcpy (out + ASTRIX_AUDIOSOCKET_HEADER_SIZE, payload, length);
  return ASTRIX_AUDIOSOCKET_HEADER_SIZE + length;
}

/* Returns: (transfer full) (nullable): one frame, or %NULL when @length is over 65535 */
GBytes *
_astrix_audiosocket_frame_new (guint8        kind,
                               const guint8 *payload,
                               gsize         length)
{
  gsize size = ASTRIX_AUDIOSOCKET_HEADER_SIZE + length;
  guint8 *frame;

  if (length > G_MAXUINT16)
    return NULL;
  frame = g_malloc (size);
  astrix_audiosocket_frame_write (kind, payload, length, frame, size);
  return g_bytes_new_take (frame, size);
}

/**
 * astrix_audiosocket_uuid_parse:
 * @text: a UUID as 8-4-4-4-12 hexadecimal digits, either case
 *
 * Returns: whether @text is a UUID; its 16 bytes are in @uuid then
 */
gboolean
astrix_audiosocket_uuid_parse (const char *text,
                               guint8      uuid[16])
{
  guint n = 0;

  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; )
    {
      int high, low;

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i++] != '-')
            return FALSE;
          continue;
        }
      high = g_ascii_xdigit_value (text[i]);
      low = g_ascii_xdigit_value (text[i + 1]);
      if (high < 0 || low < 0)
        return FALSE;
      uuid[n++] = (guint8) (high << 4 | low);
      i += 2;
    }
  return n == 16;
}

/* Returns: (transfer full): @uuid as Asterisk writes it, lower-case 8-4-4-4-12 */
char *
astrix_audiosocket_uuid_to_string (const guint8 uuid[16])
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          uuid[0], uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7],
                          uuid[8], uuid[9], uuid[10], uuid[11], uuid[12], uuid[13], uuid[14],
                          uuid[15]);
}

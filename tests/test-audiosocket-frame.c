/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-frame-private.h"

/* The AudioSocket framer and writer, on the frames of capture 25 and on broken streams. */

typedef struct
{
  GPtrArray *frames;   /* GBytes: the kind byte, then the payload */
  GArray    *errors;   /* AstrixAudioSocketFrameError */
} Result;

static void
on_frame (guint8        kind,
          const guint8 *payload,
          gsize         length,
          gpointer      data)
{
  Result *result = data;
  guint8 *copy = g_malloc (length + 1);

  copy[0] = kind;
  if (length > 0)
    memcpy (copy + 1, payload, length);
  g_ptr_array_add (result->frames, g_bytes_new_take (copy, length + 1));
}

static void
on_error (const GError *error,
          gpointer      data)
{
  Result *result = data;
  int code = error->code;

  g_assert_true (error->domain == ASTRIX_AUDIOSOCKET_FRAME_ERROR);
  g_assert_nonnull (error->message);
  g_array_append_val (result->errors, code);
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->frames, g_ptr_array_unref);
  g_clear_pointer (&result->errors, g_array_unref);
}

/* Parses @data in chunks of @chunk bytes (0: all at once), then finishes the stream. */
static void
parse (const guint8 *data,
       gsize         length,
       gsize         chunk,
       gsize         max_payload,
       Result       *result)
{
  g_autoptr(AstrixAudioSocketParser) parser = astrix_audiosocket_parser_new (on_frame, on_error,
                                                                              result);
  gsize pos = 0;

  result->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  result->errors = g_array_new (FALSE, FALSE, sizeof (int));
  if (max_payload > 0)
    _astrix_audiosocket_parser_set_max_payload (parser, max_payload);
  while (pos < length)
    {
      gsize n = chunk > 0 ? MIN (chunk, length - pos) : length - pos;

      astrix_audiosocket_parser_feed (parser, data + pos, n);
      g_assert_cmpuint (_astrix_audiosocket_parser_get_buffered (parser), <=,
                        ASTRIX_AUDIOSOCKET_HEADER_SIZE +
                        MAX (max_payload, ASTRIX_AUDIOSOCKET_DEFAULT_MAX_PAYLOAD));
      pos += n;
    }
  astrix_audiosocket_parser_finish (parser);
  g_assert_cmpuint (_astrix_audiosocket_parser_get_buffered (parser), ==, 0);
}

static void
assert_same (Result *a,
             Result *b)
{
  g_assert_cmpuint (a->frames->len, ==, b->frames->len);
  for (guint i = 0; i < a->frames->len; i++)
    g_assert_true (g_bytes_equal (g_ptr_array_index (a->frames, i),
                                  g_ptr_array_index (b->frames, i)));
  g_assert_cmpuint (a->errors->len, ==, b->errors->len);
  for (guint i = 0; i < a->errors->len; i++)
    g_assert_cmpint (g_array_index (a->errors, int, i), ==, g_array_index (b->errors, int, i));
}

static guint8
frame_kind (Result *result,
            guint   i)
{
  return ((const guint8 *) g_bytes_get_data (g_ptr_array_index (result->frames, i), NULL))[0];
}

static gsize
frame_length (Result *result,
              guint   i)
{
  return g_bytes_get_size (g_ptr_array_index (result->frames, i)) - 1;
}

static const guint8 *
frame_payload (Result *result,
               guint   i)
{
  return (const guint8 *) g_bytes_get_data (g_ptr_array_index (result->frames, i), NULL) + 1;
}

static void
append_frame (GByteArray   *stream,
              guint8        kind,
              const guint8 *payload,
              gsize         length)
{
  g_autoptr(GBytes) frame = _astrix_audiosocket_frame_new (kind, payload, length);

  g_byte_array_append (stream, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
}

/* One frame of every kind, as in capture 25: UUID, audio, DTMF, error, hangup. */
static GByteArray *
every_kind (void)
{
  GByteArray *stream = g_byte_array_new ();
  guint8 uuid[16];
  guint8 audio[ASTRIX_AUDIOSOCKET_FRAME_BYTES];
  static const guint8 digit[] = { '1' };
  static const guint8 code[] = { 0x01 };

  g_assert_true (astrix_audiosocket_uuid_parse ("91bd4667-2caf-4849-a4fb-cc2b8aba3b2b", uuid));
  for (guint i = 0; i < sizeof audio; i++)
    audio[i] = (guint8) (i * 7);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_UUID, uuid, sizeof uuid);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, audio, sizeof audio);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_DTMF, digit, sizeof digit);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, audio, sizeof audio);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_ERROR, code, sizeof code);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_HANGUP, NULL, 0);
  return stream;
}

static void
test_every_kind (void)
{
  g_autoptr(GByteArray) stream = every_kind ();
  Result result = { 0 };
  static const guint8 kinds[] = { 0x01, 0x10, 0x03, 0x10, 0xff, 0x00 };
  static const gsize lengths[] = { 16, 320, 1, 320, 1, 0 };

  parse (stream->data, stream->len, 0, 0, &result);
  g_assert_cmpuint (result.errors->len, ==, 0);
  g_assert_cmpuint (result.frames->len, ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_cmpuint (frame_kind (&result, i), ==, kinds[i]);
      g_assert_cmpuint (frame_length (&result, i), ==, lengths[i]);
    }
  {
    g_autofree char *uuid = astrix_audiosocket_uuid_to_string (frame_payload (&result, 0));

    g_assert_cmpstr (uuid, ==, "91bd4667-2caf-4849-a4fb-cc2b8aba3b2b");
  }
  g_assert_cmpuint (frame_payload (&result, 1)[5], ==, 35);
  g_assert_cmpuint (frame_payload (&result, 2)[0], ==, '1');
  result_clear (&result);
}

/* The first bytes of capture 25 exactly: "01 00 10" + UUID, "10 01 40" + 320 bytes. */
static void
test_capture_header_bytes (void)
{
  static const guint8 uuid_frame[] = { 0x01, 0x00, 0x10, 0x91, 0xbd, 0x46, 0x67, 0x2c, 0xaf,
                                       0x48, 0x49, 0xa4, 0xfb, 0xcc, 0x2b, 0x8a, 0xba, 0x3b,
                                       0x2b };
  guint8 audio[ASTRIX_AUDIOSOCKET_FRAME_BYTES] = { 0 };
  guint8 out[ASTRIX_AUDIOSOCKET_HEADER_SIZE + ASTRIX_AUDIOSOCKET_FRAME_BYTES];
  guint8 uuid[16];
  static const guint8 hangup[] = { 0x00, 0x00, 0x00 };

  g_assert_true (astrix_audiosocket_uuid_parse ("91BD4667-2CAF-4849-A4FB-CC2B8ABA3B2B", uuid));
  g_assert_cmpuint (astrix_audiosocket_frame_write (0x01, uuid, 16, out, sizeof out), ==, 19);
  g_assert_cmpmem (out, 19, uuid_frame, sizeof uuid_frame);
  g_assert_cmpuint (astrix_audiosocket_frame_write (0x10, audio, sizeof audio, out, sizeof out),
                    ==, 323);
  g_assert_cmpuint (out[0], ==, 0x10);
  g_assert_cmpuint (out[1], ==, 0x01);
  g_assert_cmpuint (out[2], ==, 0x40);
  g_assert_cmpuint (astrix_audiosocket_frame_write (0x00, NULL, 0, out, sizeof out), ==, 3);
  g_assert_cmpmem (out, 3, hangup, 3);

  /* Nothing is written that does not fit, and no length over what the header can say. */
  g_assert_cmpuint (astrix_audiosocket_frame_write (0x10, audio, sizeof audio, out, 100), ==, 0);
  g_assert_null (_astrix_audiosocket_frame_new (0x10, audio, 65536));

  g_assert_false (astrix_audiosocket_uuid_parse ("91bd4667-2caf-4849-a4fb-cc2b8aba3b2", uuid));
  g_assert_false (astrix_audiosocket_uuid_parse ("91bd4667x2caf-4849-a4fb-cc2b8aba3b2b", uuid));
  g_assert_false (astrix_audiosocket_uuid_parse ("91bd4667-2caf-4849-a4fb-cc2b8aba3bzz", uuid));
  g_assert_false (astrix_audiosocket_uuid_parse (NULL, uuid));
}

/* Any split gives the same frames: the stream cut in two at every byte, and fed byte by byte. */
static void
test_split_at_every_byte (void)
{
  g_autoptr(GByteArray) stream = every_kind ();
  Result whole = { 0 };
  Result bytes = { 0 };

  parse (stream->data, stream->len, 0, 0, &whole);
  parse (stream->data, stream->len, 1, 0, &bytes);
  assert_same (&whole, &bytes);
  result_clear (&bytes);

  for (guint cut = 1; cut < stream->len; cut++)
    {
      g_autoptr(AstrixAudioSocketParser) parser = NULL;
      Result split = { NULL, NULL };

      split.frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      split.errors = g_array_new (FALSE, FALSE, sizeof (int));
      parser = astrix_audiosocket_parser_new (on_frame, on_error, &split);
      astrix_audiosocket_parser_feed (parser, stream->data, cut);
      astrix_audiosocket_parser_feed (parser, stream->data + cut, stream->len - cut);
      g_assert_true (astrix_audiosocket_parser_finish (parser));
      assert_same (&whole, &split);
      result_clear (&split);
    }
  result_clear (&whole);
}

/* Over the limit: reported, skipped without being stored, and the next frame still parses. */
static void
test_oversized (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autofree guint8 *big = g_malloc0 (65535);
  guint8 audio[ASTRIX_AUDIOSOCKET_FRAME_BYTES] = { 1, 2, 3, 4 };
  Result whole = { 0 };
  Result bytes = { 0 };
  Result small = { 0 };

  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, big, 5000);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, audio, sizeof audio);
  append_frame (stream, 0x42, big, 65535);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_HANGUP, NULL, 0);

  parse (stream->data, stream->len, 0, 0, &whole);
  g_assert_cmpuint (whole.errors->len, ==, 2);
  g_assert_cmpint (g_array_index (whole.errors, int, 0), ==,
                   ASTRIX_AUDIOSOCKET_FRAME_ERROR_OVERSIZED);
  g_assert_cmpint (g_array_index (whole.errors, int, 1), ==,
                   ASTRIX_AUDIOSOCKET_FRAME_ERROR_OVERSIZED);
  g_assert_cmpuint (whole.frames->len, ==, 2);
  g_assert_cmpuint (frame_kind (&whole, 0), ==, ASTRIX_AUDIOSOCKET_KIND_AUDIO);
  g_assert_cmpmem (frame_payload (&whole, 0), 4, audio, 4);
  g_assert_cmpuint (frame_kind (&whole, 1), ==, ASTRIX_AUDIOSOCKET_KIND_HANGUP);

  parse (stream->data, stream->len, 7, 0, &bytes);
  assert_same (&whole, &bytes);

  /* A smaller limit refuses the 320-byte frame too. */
  parse (stream->data, stream->len, 13, 100, &small);
  g_assert_cmpuint (small.errors->len, ==, 3);
  g_assert_cmpuint (small.frames->len, ==, 1);
  result_clear (&whole);
  result_clear (&bytes);
  result_clear (&small);
}

/* A length its kind cannot have: a 15-byte UUID, a 2-byte digit, odd audio, a long hangup. */
static void
test_malformed (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  guint8 payload[32] = { 0 };
  Result result = { 0 };
  Result bytes = { 0 };

  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_UUID, payload, 15);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_DTMF, payload, 2);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, payload, 31);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, payload, 0);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_HANGUP, payload, 4);
  append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, payload, 32);

  parse (stream->data, stream->len, 0, 0, &result);
  g_assert_cmpuint (result.errors->len, ==, 5);
  for (guint i = 0; i < result.errors->len; i++)
    g_assert_cmpint (g_array_index (result.errors, int, i), ==,
                     ASTRIX_AUDIOSOCKET_FRAME_ERROR_MALFORMED);
  g_assert_cmpuint (result.frames->len, ==, 1);
  g_assert_cmpuint (frame_length (&result, 0), ==, 32);
  parse (stream->data, stream->len, 1, 0, &bytes);
  assert_same (&result, &bytes);
  result_clear (&result);
  result_clear (&bytes);
}

/* The stream ends inside a header, inside a payload, inside a skipped payload. */
static void
test_truncated (void)
{
  g_autoptr(GByteArray) stream = every_kind ();
  g_autofree guint8 *big = g_malloc0 (5000);
  g_autoptr(GByteArray) oversized = g_byte_array_new ();
  const gsize cuts[] = { 1, 2, 3, 10, 19 + 3, 19 + 100 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      Result result = { 0 };

      parse (stream->data, cuts[i], 0, 0, &result);
      g_assert_cmpuint (result.errors->len, ==, 1);
      g_assert_cmpint (g_array_index (result.errors, int, 0), ==,
                       ASTRIX_AUDIOSOCKET_FRAME_ERROR_TRUNCATED);
      g_assert_cmpuint (result.frames->len, ==, cuts[i] > 19 ? 1 : 0);
      result_clear (&result);
    }
  /* Cut at a frame boundary: nothing to report. */
  {
    Result result = { 0 };

    parse (stream->data, 19, 0, 0, &result);
    g_assert_cmpuint (result.errors->len, ==, 0);
    g_assert_cmpuint (result.frames->len, ==, 1);
    result_clear (&result);
  }
  append_frame (oversized, ASTRIX_AUDIOSOCKET_KIND_AUDIO, big, 5000);
  {
    Result result = { 0 };

    parse (oversized->data, 1000, 10, 0, &result);
    g_assert_cmpuint (result.errors->len, ==, 2);
    g_assert_cmpint (g_array_index (result.errors, int, 1), ==,
                     ASTRIX_AUDIOSOCKET_FRAME_ERROR_TRUNCATED);
    result_clear (&result);
  }
}

/* A long real-time stream in odd chunks: every 20 ms frame comes out whole and in order. */
static void
test_long_stream (void)
{
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  Result result = { 0 };

  for (guint n = 0; n < 500; n++)
    {
      guint8 audio[ASTRIX_AUDIOSOCKET_FRAME_BYTES];

      memset (audio, n & 0xff, sizeof audio);
      append_frame (stream, ASTRIX_AUDIOSOCKET_KIND_AUDIO, audio, sizeof audio);
    }
  parse (stream->data, stream->len, 1000, 0, &result);
  g_assert_cmpuint (result.frames->len, ==, 500);
  for (guint n = 0; n < 500; n++)
    {
      g_assert_cmpuint (frame_length (&result, n), ==, 320);
      g_assert_cmpuint (frame_payload (&result, n)[319], ==, n & 0xff);
    }
  result_clear (&result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audiosocket-frame/every-kind", test_every_kind);
  g_test_add_func ("/audiosocket-frame/capture-header-bytes", test_capture_header_bytes);
  g_test_add_func ("/audiosocket-frame/split-at-every-byte", test_split_at_every_byte);
  g_test_add_func ("/audiosocket-frame/oversized", test_oversized);
  g_test_add_func ("/audiosocket-frame/malformed", test_malformed);
  g_test_add_func ("/audiosocket-frame/truncated", test_truncated);
  g_test_add_func ("/audiosocket-frame/long-stream", test_long_stream);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the AudioSocket framer. For every input: the parser must not crash or
 * leak, must never hold more than one header and one payload under its limit, and splitting
 * the same bytes into other chunks (sizes taken from the input itself), or feeding them one
 * byte at a time, must give the same frames and the same errors, with the default limit and
 * with one small enough to be hit. Every frame it yields must come out the same through the
 * writer and the parser again.
 */
#include <string.h>

#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-frame-private.h"

typedef struct
{
  GByteArray *frames;   /* each frame as kind, length (2 bytes), payload: the wire format */
  GArray     *errors;   /* error codes, in order */
  guint       n_frames;
} Result;

static void
on_frame (guint8        kind,
          const guint8 *payload,
          gsize         length,
          gpointer      data)
{
  Result *result = data;
  GBytes *frame;

  g_assert (length == 0 || payload != NULL);
  frame = _astrix_audiosocket_frame_new (kind, payload, length);
  g_assert (frame != NULL);
  g_assert (g_bytes_get_size (frame) == ASTRIX_AUDIOSOCKET_HEADER_SIZE + length);
  g_byte_array_append (result->frames, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
  g_bytes_unref (frame);
  result->n_frames++;
}

static void
on_error (const GError *error,
          gpointer      data)
{
  Result *result = data;
  int code = error->code;

  g_assert (error->domain == ASTRIX_AUDIOSOCKET_FRAME_ERROR);
  g_array_append_val (result->errors, code);
}

static void
parse (const guint8 *data,
       size_t        size,
       const guint8 *chunks,
       size_t        n_chunks,
       gsize         max_payload,
       Result       *result)
{
  AstrixAudioSocketParser *parser = astrix_audiosocket_parser_new (on_frame, on_error, result);
  size_t pos = 0;
  size_t c = 0;

  result->frames = g_byte_array_new ();
  result->errors = g_array_new (FALSE, FALSE, sizeof (int));
  result->n_frames = 0;
  _astrix_audiosocket_parser_set_max_payload (parser, max_payload);
  while (pos < size)
    {
      size_t n = n_chunks > 0 ? (size_t) chunks[c++ % n_chunks] + 1 : size;

      n = MIN (n, size - pos);
      astrix_audiosocket_parser_feed (parser, data + pos, n);
      g_assert (_astrix_audiosocket_parser_get_buffered (parser) <=
                ASTRIX_AUDIOSOCKET_HEADER_SIZE + max_payload);
      pos += n;
    }
  astrix_audiosocket_parser_finish (parser);
  g_assert (_astrix_audiosocket_parser_get_buffered (parser) == 0);
  astrix_audiosocket_parser_free (parser);
}

static void
result_clear (Result *result)
{
  g_byte_array_unref (result->frames);
  g_array_unref (result->errors);
}

static void
compare_frames (Result *a,
                Result *b)
{
  g_assert (a->n_frames == b->n_frames);
  g_assert (a->frames->len == b->frames->len);
  g_assert (a->frames->len == 0 || memcmp (a->frames->data, b->frames->data, a->frames->len) == 0);
}

static void
compare (Result *a,
         Result *b)
{
  compare_frames (a, b);
  g_assert (a->errors->len == b->errors->len);
  g_assert (a->errors->len == 0 ||
            memcmp (a->errors->data, b->errors->data, a->errors->len * sizeof (int)) == 0);
}

/* The frames a parse yielded, written out again, parse to the same frames and no error. */
static void
round_trip (Result *result,
            gsize   max_payload)
{
  Result again;

  parse (result->frames->data, result->frames->len, NULL, 0, max_payload, &again);
  g_assert (again.errors->len == 0);
  compare_frames (result, &again);
  result_clear (&again);
}

static void
check (const guint8 *data,
       size_t        size,
       gsize         max_payload)
{
  Result whole, chunked, bytes;
  /* The first 16 bytes double as chunk sizes: the fuzzer explores splits too. */
  size_t n_chunks = MIN (size, 16);
  static const guint8 one[] = { 0 };

  parse (data, size, NULL, 0, max_payload, &whole);
  parse (data, size, data, n_chunks, max_payload, &chunked);
  parse (data, size, one, 1, max_payload, &bytes);
  compare (&whole, &chunked);
  compare (&whole, &bytes);
  round_trip (&whole, max_payload);
  result_clear (&whole);
  result_clear (&chunked);
  result_clear (&bytes);
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  check (data, size, ASTRIX_AUDIOSOCKET_DEFAULT_MAX_PAYLOAD);
  check (data, size, 40);
  return 0;
}

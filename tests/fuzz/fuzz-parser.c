/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for AmiParser. For every input: the parser must not crash or leak, every
 * value it yields must be valid UTF-8, and splitting the same bytes into other chunks (taken
 * from the input itself) must give the same messages and the same number of errors, with the
 * default limits and with limits small enough to be hit.
 */
#include <string.h>

#include "ami-error.h"
#include "ami-message-private.h"
#include "ami-parser-private.h"

typedef struct
{
  GPtrArray *messages;
  guint      errors;
} Result;

static void
on_message (AmiMessage *message,
            gpointer    data)
{
  Result *result = data;

  for (guint i = 0; i < ami_message_get_n_fields (message); i++)
    {
      g_assert (g_utf8_validate (ami_message_get_key (message, i), -1, NULL));
      g_assert (g_utf8_validate (ami_message_get_value (message, i), -1, NULL));
    }
  g_ptr_array_add (result->messages, ami_message_ref (message));
}

static void
on_error (const GError *error,
          gpointer      data)
{
  Result *result = data;

  result->errors++;
}

static void
parse (const guint8 *data,
       size_t        size,
       const guint8 *chunks,
       size_t        n_chunks,
       gsize         max_line,
       gsize         max_message,
       Result       *result)
{
  AmiParser *parser = ami_parser_new (on_message, on_error, result);
  size_t pos = 0;
  size_t c = 0;

  result->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  result->errors = 0;
  _ami_parser_set_limits (parser, max_line, max_message);
  while (pos < size)
    {
      size_t n = n_chunks > 0 ? (size_t) chunks[c++ % n_chunks] + 1 : size;

      n = MIN (n, size - pos);
      ami_parser_feed (parser, (const char *) data + pos, n);
      g_assert (_ami_parser_get_buffered (parser) <= max_message + max_line + 2);
      pos += n;
    }
  ami_parser_free (parser);
}

static void
compare (Result *a,
         Result *b)
{
  g_assert (a->messages->len == b->messages->len);
  g_assert (a->errors == b->errors);
  for (guint i = 0; i < a->messages->len; i++)
    g_assert (_ami_message_equal (g_ptr_array_index (a->messages, i),
                                 g_ptr_array_index (b->messages, i)));
  g_ptr_array_unref (a->messages);
  g_ptr_array_unref (b->messages);
}

static void
check (const guint8 *data,
       size_t        size,
       gsize         max_line,
       gsize         max_message)
{
  Result whole, chunked, bytes;
  /* The first 16 bytes double as chunk sizes: the fuzzer explores splits too. */
  size_t n_chunks = MIN (size, 16);
  static const guint8 one[] = { 0 };

  parse (data, size, NULL, 0, max_line, max_message, &whole);
  parse (data, size, data, n_chunks, max_line, max_message, &chunked);
  /* Byte by byte only for small inputs: it is the slow path, and the chunked pass covers it. */
  parse (data, MIN (size, 4096), one, 1, max_line, max_message, &bytes);
  {
    Result whole2;

    parse (data, size, NULL, 0, max_line, max_message, &whole2);
    compare (&whole2, &chunked);
  }
  if (size > 4096)
    {
      g_ptr_array_unref (whole.messages);
      parse (data, 4096, NULL, 0, max_line, max_message, &whole);
    }
  compare (&whole, &bytes);
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  check (data, size, AMI_PARSER_DEFAULT_MAX_LINE, AMI_PARSER_DEFAULT_MAX_MESSAGE);
  check (data, size, 24, 96);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-parser FILE [--digest] [--runs N]
 *
 * Parses a file of raw AMI bytes (as Asterisk sends them; tests/bench/make-corpus.py makes
 * one) in 64 KiB reads, as the client does, and prints
 *   parse: <N> msg/s <M> MB/s (<K> messages)
 * for the best of the runs. --digest also prints the FNV-1a digest of every key and raw value,
 * which make-corpus.py --digest computes independently.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ami.h"

#define READ_SIZE (64 * 1024)
#define FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)
#define FNV_PRIME  G_GUINT64_CONSTANT (0x100000001b3)

typedef struct
{
  guint64  count;
  guint64  errors;
  gboolean digest;
  guint64  hash;
} Totals;

static guint64
fnv (guint64     h,
     const char *data,
     gsize       length)
{
  for (gsize i = 0; i < length; i++)
    h = (h ^ (guint8) data[i]) * FNV_PRIME;
  return h;
}

static void
on_message (AmiMessage *message,
            gpointer    data)
{
  Totals *totals = data;

  totals->count++;
  if (!totals->digest)
    return;

  for (guint i = 0; i < ami_message_get_n_fields (message); i++)
    {
      const char *key = ami_message_get_key (message, i);
      gsize length;
      const char *value = ami_message_get_raw_value (message, i, &length);

      totals->hash = fnv (totals->hash, key, strlen (key) + 1);
      totals->hash = fnv (totals->hash, value, length);
      totals->hash = fnv (totals->hash, "", 1);
    }
  totals->hash = fnv (totals->hash, "\x1e", 1);
}

static void
on_error (const GError *error,
          gpointer      data)
{
  Totals *totals = data;

  totals->errors++;
}

static gint64
run_once (const char *bytes,
          gsize       length,
          Totals     *totals)
{
  g_autoptr(AmiParser) parser = ami_parser_new (on_message, on_error, totals);
  gint64 start = g_get_monotonic_time ();

  for (gsize pos = 0; pos < length; pos += READ_SIZE)
    ami_parser_feed (parser, bytes + pos, MIN (READ_SIZE, length - pos));

  return g_get_monotonic_time () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gboolean digest = FALSE;
  int runs = 5;
  const char *path = NULL;
  gint64 best = G_MAXINT64;
  Totals totals = { 0 };

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--digest") == 0)
        digest = TRUE;
      else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = atoi (argv[++i]);
      else
        path = argv[i];
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: bench-parser FILE [--digest] [--runs N]\n");
      return 2;
    }
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "bench-parser: %s\n", error->message);
      return 1;
    }

  runs = MAX (runs, 1);
  for (int r = 0; r < runs; r++)
    {
      gint64 elapsed;

      totals = (Totals) { .digest = digest, .hash = FNV_OFFSET };
      elapsed = run_once (contents, length, &totals);
      best = MIN (best, MAX (elapsed, 1));
    }

  printf ("parse: %.0f msg/s %.1f MB/s (%" G_GUINT64_FORMAT " messages)\n",
          totals.count * 1e6 / best, length / (double) best, totals.count);
  if (digest)
    printf ("digest: %016" G_GINT64_MODIFIER "x\n", totals.hash);
  if (totals.errors > 0)
    printf ("errors: %" G_GUINT64_FORMAT "\n", totals.errors);

  return 0;
}

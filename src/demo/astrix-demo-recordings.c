/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "astrix-demo-pbx-private.h"
#include "astrix-demo-private.h"

/*
 * The simulated PBX's recordings folder: real audio files a desktop can list and play, in
 * the layouts MixMonitor leaves (`${UNIQUEID}.wav`, `YYYYMMDD-HHMMSS-${UNIQUEID}.wav`) and a
 * site's own (`client-123/call-456.wav`). Setting the folder writes a day or three of past
 * calls into it, once; from then on every call of the call centre is recorded, and Playback /
 * ControlPlayback / STAT(e,...) look there, so a file that is not in the folder is "not found"
 * as on a real PBX (PLAYBACKSTATUS=FAILED, CPLAYBACKSTATUS=ERROR).
 *
 * As MixMonitor does, a call's WAV is there from the start of the call with a header whose
 * RIFF and data sizes are 0; the real header is written when the call ends. Until then the
 * PBX cannot play the file: Playback / ControlPlayback of it fail as a missing file does.
 *
 * The audio is synthesised: two voices taking turns (a lower one, the agent; a higher one,
 * the customer), 8 kHz mono, 16-bit PCM or G.711 µ-law in WAV.
 */

#define RATE             8000
#define MAX_CALL_SECONDS 600
#define SOUND_MS         2000   /* a system prompt ("demo-congrats") */
#define N_SAMPLES_CALLS  16

struct _AstrixDemoRecordings
{
  char       *dir;          /* where this desktop finds the folder */
  char       *pbx_path;     /* what the simulated PBX calls it */
  GHashTable *calls;        /* customer Uniqueid -> file name MixMonitor writes */
  guint       n_calls;
};

typedef enum
{
  ENCODING_PCM,
  ENCODING_ULAW,
} Encoding;

/* G.711 µ-law, as the ITU describes it: sign, 3-bit segment, 4-bit mantissa, inverted. */
static guint8
ulaw_encode (gint16 sample)
{
  int value = sample;
  int sign = value < 0 ? 0x80 : 0;
  int segment = 0;

  if (value < 0)
    value = -value;
  value = MIN (value, 32635) + 0x84;
  for (int mask = 0x4000; (value & mask) == 0 && segment < 7; mask >>= 1)
    segment++;
  segment = 7 - segment;
  return ~(sign | (segment << 4) | ((value >> (segment + 3)) & 0x0f));
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, 4);
}

static void
wav_header (GByteArray *out,
            Encoding    encoding,
            guint32     n_samples)
{
  gboolean pcm = encoding == ENCODING_PCM;
  guint bytes = pcm ? 2 : 1;
  guint32 data = n_samples * bytes;

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  put32 (out, (pcm ? 36 : 50) + data);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  put32 (out, pcm ? 16 : 18);
  put16 (out, pcm ? 1 : 7);
  put16 (out, 1);
  put32 (out, RATE);
  put32 (out, RATE * bytes);
  put16 (out, bytes);
  put16 (out, bytes * 8);
  if (!pcm)
    {
      /* Non-PCM formats carry cbSize and a fact chunk (the sample count). */
      put16 (out, 0);
      g_byte_array_append (out, (const guint8 *) "fact", 4);
      put32 (out, 4);
      put32 (out, n_samples);
    }
  g_byte_array_append (out, (const guint8 *) "data", 4);
  put32 (out, data);
}

/* Writes @relative in @dir, making the folders on the way (MixMonitor's File may name some). */
static gboolean
write_file (const char    *dir,
            const char    *relative,
            gconstpointer  data,
            gsize          size,
            GError       **error)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Cannot make %s: %s", parent, g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents (path, data, size, error);
}

/* What MixMonitor's WAV writer leaves while the call goes on: the sizes are still 0. */
static gboolean
write_empty_header (const char  *dir,
                    const char  *relative,
                    GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  wav_header (out, ENCODING_PCM, 0);
  /* wav_header() counts the header itself in the RIFF size: Asterisk writes 0 there too. */
  memset (out->data + 4, 0, 4);
  return write_file (dir, relative, out->data, out->len, error);
}

/* One voice's turn: a buzz with a slow pitch drift and a syllable-like envelope. */
static void
speak (gint16 *samples,
       guint   n,
       double  pitch,
       GRand  *rand)
{
  double phase = 0;
  double syllable = g_rand_double_range (rand, 3.0, 5.0);

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / RATE;
      double f = pitch * (1.0 + 0.08 * sin (2 * G_PI * 0.7 * t));
      double envelope = 0.5 - 0.5 * cos (2 * G_PI * syllable * t);
      double edge = MIN (1.0, MIN (i, n - i) / 400.0);

      phase += 2 * G_PI * f / RATE;
      samples[i] = (gint16) (7000 * envelope * edge *
                             (sin (phase) + 0.5 * sin (2 * phase) + 0.25 * sin (3 * phase)));
    }
}

/* @ms of two people taking turns, with silences where nobody talks. */
static GBytes *
conversation (guint     ms,
              Encoding  encoding,
              guint32   seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint n = MIN (ms, MAX_CALL_SECONDS * 1000) * (RATE / 1000);
  g_autofree gint16 *samples = g_new0 (gint16, n);
  g_autoptr(GByteArray) out = g_byte_array_sized_new (58 + n * 2);
  gboolean agent = TRUE;

  for (guint at = RATE / 4; at < n;)
    {
      guint wanted = g_rand_int_range (rand, RATE, 4 * RATE);
      guint turn = MIN (wanted, n - at);

      speak (samples + at, turn, agent ? 130 : 210, rand);
      at += turn + g_rand_int_range (rand, RATE / 10, RATE / 2);
      agent = !agent;
    }
  wav_header (out, encoding, n);
  if (encoding == ENCODING_PCM)
    {
      for (guint i = 0; i < n; i++)
        put16 (out, (guint16) samples[i]);
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          guint8 byte = ulaw_encode (samples[i]);

          g_byte_array_append (out, &byte, 1);
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
write_recording (const char  *dir,
                 const char  *relative,
                 guint        ms,
                 Encoding     encoding,
                 gint64       mtime,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr(GBytes) audio = conversation (ms, encoding, g_str_hash (relative));
  struct utimbuf times = { mtime, mtime };

  if (!write_file (dir, relative, g_bytes_get_data (audio, NULL), g_bytes_get_size (audio),
                   error))
    return FALSE;
  if (mtime > 0)
    g_utime (path, &times);
  return TRUE;
}

/* MixMonitor's names: `${UNIQUEID}.wav`, or with the date in front. */
static char *
mixmonitor_name (const char *uniqueid,
                 gint64      when,
                 gboolean    dated)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (when);
  g_autofree char *stamp = g_date_time_format (time, "%Y%m%d-%H%M%S");

  return dated ? g_strdup_printf ("%s-%s.wav", stamp, uniqueid)
               : g_strdup_printf ("%s.wav", uniqueid);
}

/* A few days of calls, as if the PBX had been recording for a while. */
static gboolean
write_samples (const char  *dir,
               GError     **error)
{
  static const char *const clients[] = {
    "client-123/call-456.wav", "client-123/call-457.wav", "client-204/call-9001.wav",
  };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);

  for (guint i = 0; i < N_SAMPLES_CALLS; i++)
    {
      gint64 start = now - 3600 * 3 - (gint64) i * g_rand_int_range (rand, 2400, 16000);
      g_autofree char *uniqueid = g_strdup_printf ("%" G_GINT64_FORMAT ".%u", start, 40 + i * 7);
      g_autofree char *name = mixmonitor_name (uniqueid, start, i % 2 == 0);
      guint seconds = g_rand_int_range (rand, 8, 46);

      if (!write_recording (dir, name, seconds * 1000, i % 3 == 0 ? ENCODING_ULAW : ENCODING_PCM,
                            start + seconds, error))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      gint64 end = now - 86400 - i * 5400;

      if (!write_recording (dir, clients[i], (12 + i * 9) * 1000,
                            i == 1 ? ENCODING_ULAW : ENCODING_PCM, end, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_recordings (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_suffix (name, ".wav") || g_str_has_prefix (name, "client-"))
        return TRUE;
    }
  return FALSE;
}

void
_astrix_demo_recordings_free (AstrixDemoRecordings *recordings)
{
  g_free (recordings->dir);
  g_free (recordings->pbx_path);
  g_hash_table_unref (recordings->calls);
  g_free (recordings);
}

/**
 * astrix_demo_pbx_set_recordings_dir:
 * @dir: (nullable): a folder on this computer (made if needed); %NULL: no recordings, every
 *   file "exists" (the simulator's behaviour without a folder)
 * @pbx_path: (nullable): what the simulated PBX calls that folder (its MixMonitor spool,
 *   `/var/spool/asterisk/monitor` on a real one); %NULL: the same path as @dir
 *
 * Gives the simulated PBX a recordings folder with real audio files. An empty folder gets a
 * few days of past calls; then every call is recorded (MixMonitor names, written when the
 * call ends), and Playback() and ControlPlayback() play only what is in the folder.
 */
gboolean
astrix_demo_pbx_set_recordings_dir (AstrixDemoPbx  *self,
                                    const char     *dir,
                                    const char     *pbx_path,
                                    GError        **error)
{
  AstrixDemoRecordings *recordings;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), FALSE);

  g_clear_pointer (&self->recordings, _astrix_demo_recordings_free);
  if (dir == NULL)
    return TRUE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Cannot make the recordings folder %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (!has_recordings (dir) && !write_samples (dir, error))
    return FALSE;

  recordings = g_new0 (AstrixDemoRecordings, 1);
  recordings->dir = g_strdup (dir);
  recordings->pbx_path = g_strdup (pbx_path != NULL ? pbx_path : dir);
  while (g_str_has_suffix (recordings->pbx_path, "/") && strlen (recordings->pbx_path) > 1)
    recordings->pbx_path[strlen (recordings->pbx_path) - 1] = '\0';
  recordings->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->recordings = recordings;
  return TRUE;
}

/* Returns: (nullable): the recordings folder on this computer */
const char *
_astrix_demo_pbx_get_recordings_dir (AstrixDemoPbx *self)
{
  return self->recordings != NULL ? self->recordings->dir : NULL;
}

/* Finding files */

static gint64
wav_duration_ms (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const guint8 *data = mapped ? (const guint8 *) g_mapped_file_get_contents (mapped) : NULL;
  gsize len = mapped ? g_mapped_file_get_length (mapped) : 0;
  guint32 byte_rate = 0;

  for (gsize at = 12; data != NULL && at + 8 <= len && memcmp (data, "RIFF", 4) == 0;)
    {
      guint32 size = data[at + 4] | data[at + 5] << 8 | data[at + 6] << 16 |
                     (guint32) data[at + 7] << 24;

      if (memcmp (data + at, "fmt ", 4) == 0 && at + 20 <= len)
        byte_rate = data[at + 16] | data[at + 17] << 8 | data[at + 18] << 16 |
                    (guint32) data[at + 19] << 24;
      else if (memcmp (data + at, "data", 4) == 0 && byte_rate > 0)
        return (gint64) MIN (size, len - at - 8) * 1000 / byte_rate;
      at += 8 + (gsize) size + (size & 1);
    }
  /* Headerless (.gsm, .ulaw, ...): near enough for the simulation. */
  return len > 0 ? (gint64) len * 1000 / (g_str_has_suffix (path, ".gsm") ? 1650 : RATE) : 0;
}

/* A WAV whose header was not written yet (RIFF size 0): Asterisk cannot play it. */
static gboolean
header_written (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const guint8 *data = mapped ? (const guint8 *) g_mapped_file_get_contents (mapped) : NULL;
  gsize len = mapped ? g_mapped_file_get_length (mapped) : 0;

  if (len < 8 || memcmp (data, "RIFF", 4) != 0)
    return TRUE;  /* not a WAV: no header to write */
  return (data[4] | data[5] | data[6] | data[7]) != 0;
}

/*
 * Where Asterisk would find @file (a Playback / ControlPlayback argument: no extension).
 * Returns: whether it is there and can be played (a recording of a call still going on
 * cannot: its header is written when the call ends); the length of the recording in
 * @duration_ms. Without a recordings folder everything is there except capture 11's
 * "does-not-exist".
 */
gboolean
_astrix_demo_recordings_find (AstrixDemoPbx *pbx,
                              const char    *file,
                              gint64        *duration_ms)
{
  static const char *const extensions[] = { "wav", "WAV", "wav49", "gsm", "ulaw", "alaw", "sln" };
  AstrixDemoRecordings *recordings = pbx->recordings;
  gsize len;

  *duration_ms = SOUND_MS;
  if (file == NULL || file[0] == '\0' || strstr (file, "does-not-exist") != NULL)
    return FALSE;
  /* Relative names are the PBX's own prompts ("demo-congrats", "file-not-found"). */
  if (recordings == NULL || file[0] != '/')
    return TRUE;
  len = strlen (recordings->pbx_path);
  if (strncmp (file, recordings->pbx_path, len) != 0 || file[len] != '/' ||
      strstr (file, "/../") != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s%s.%s", recordings->dir, file + len,
                                               extensions[i]);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          *duration_ms = wav_duration_ms (path);
          return header_written (path);
        }
    }
  return FALSE;
}

/* STAT(e,/var/spool/asterisk/monitor/x.wav): a file name with its extension. */
gboolean
_astrix_demo_recordings_stat (AstrixDemoPbx *pbx,
                              const char    *path)
{
  AstrixDemoRecordings *recordings = pbx->recordings;
  g_autofree char *local = NULL;
  gsize len;

  if (recordings == NULL)
    return strstr (path, "does-not-exist") == NULL;
  len = strlen (recordings->pbx_path);
  if (strncmp (path, recordings->pbx_path, len) != 0 || path[len] != '/' ||
      strstr (path, "/../") != NULL)
    return FALSE;
  local = g_strconcat (recordings->dir, path + len, NULL);
  return g_file_test (local, G_FILE_TEST_IS_REGULAR);
}

/* Recording the call centre */

/*
 * A customer's call starts: MixMonitor's file name for it (its argument, with `.wav`), and
 * the full name Asterisk reports in MIXMONITOR_FILENAME in @pbx_file.
 */
char *
_astrix_demo_recordings_call_started (AstrixDemoPbx     *pbx,
                                      AstrixDemoChannel *customer,
                                      char             **pbx_file)
{
  AstrixDemoRecordings *recordings = pbx->recordings;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (recordings == NULL)
    {
      *pbx_file = g_strdup_printf ("/var/spool/asterisk/monitor/%s.wav", customer->uniqueid);
      return g_strdup_printf ("%s.wav", customer->uniqueid);
    }
  name = mixmonitor_name (customer->uniqueid, g_get_real_time () / G_USEC_PER_SEC,
                          recordings->n_calls++ % 2 == 1);
  *pbx_file = g_strdup_printf ("%s/%s", recordings->pbx_path, name);
  g_hash_table_insert (recordings->calls, g_strdup (customer->uniqueid), g_strdup (name));
  if (!write_empty_header (recordings->dir, name, &error))
    g_warning ("The demo could not start its recording %s: %s", name, error->message);
  return g_steal_pointer (&name);
}

/* The customer's leg is gone: MixMonitor closes the file and writes its header. */
void
_astrix_demo_recordings_call_ended (AstrixDemoPbx     *pbx,
                                    AstrixDemoChannel *customer)
{
  AstrixDemoRecordings *recordings = pbx->recordings;
  g_autofree char *uniqueid = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ms;

  if (recordings == NULL ||
      !g_hash_table_steal_extended (recordings->calls, customer->uniqueid, (gpointer *) &uniqueid,
                                    (gpointer *) &name))
    return;
  ms = (_astrix_demo_pbx_now (pbx) - customer->created_at) / 1000;
  if (!write_recording (recordings->dir, name, MAX (ms, 1000),
                        recordings->n_calls % 3 == 0 ? ENCODING_ULAW : ENCODING_PCM, 0, &error))
    g_warning ("The demo could not write its recording %s: %s", name, error->message);
}

/* A recording started on demand (the MixMonitor action) */

/* Where @file (a MixMonitor File: absolute, or relative to the spool) is in the folder on
 * this computer, relative to it; %NULL without a folder, or when it is outside the folder. */
static const char *
relative_path (AstrixDemoRecordings *recordings,
               const char           *file)
{
  gsize len;

  if (recordings == NULL || strstr (file, "..") != NULL)
    return NULL;
  if (file[0] != '/')
    return file;
  len = strlen (recordings->pbx_path);
  if (strncmp (file, recordings->pbx_path, len) != 0 || file[len] != '/')
    return NULL;
  return file + len + 1;
}

/* MixMonitor opens @file at once, with the WAV header's sizes still 0. */
void
_astrix_demo_recordings_start_file (AstrixDemoPbx *pbx,
                                    const char    *file)
{
  const char *relative = relative_path (pbx->recordings, file);
  g_autoptr(GError) error = NULL;

  if (relative != NULL && !write_empty_header (pbx->recordings->dir, relative, &error))
    g_warning ("The demo could not start the recording %s: %s", file, error->message);
}

/* The recording stops after @ms: its audio and real header are written. */
void
_astrix_demo_recordings_finish_file (AstrixDemoPbx *pbx,
                                     const char    *file,
                                     gint64         ms)
{
  const char *relative = relative_path (pbx->recordings, file);
  g_autoptr(GError) error = NULL;

  if (relative != NULL &&
      !write_recording (pbx->recordings->dir, relative,
                        MIN (MAX (ms, 1000), MAX_CALL_SECONDS * 1000), ENCODING_PCM, 0, &error))
    g_warning ("The demo could not write the recording %s: %s", file, error->message);
}

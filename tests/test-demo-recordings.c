/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The simulated PBX's recordings folder: real WAV files in MixMonitor's layouts, written once
 * for the past and then for every call: with an empty header while it goes on, in full when
 * it ends. (What plays and what is "not found" is
 * tested through AstrixPhonePlayback in test-phone-playback.)
 */
#include <string.h>

#include <glib/gstdio.h>

#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "files.h"
#include "wait.h"

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

/* A WAV a player can take: RIFF, fmt (PCM 16-bit or µ-law), data as long as the file says. */
static gint64
assert_wav (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  const guint8 *p;
  gsize data_at;
  guint tag;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  p = (const guint8 *) contents;
  g_assert_cmpuint (len, >, 58);
  g_assert_cmpmem (p, 4, "RIFF", 4);
  g_assert_cmpuint (le32 (p + 4), ==, len - 8);
  g_assert_cmpmem (p + 8, 8, "WAVEfmt ", 8);
  tag = p[20] | p[21] << 8;
  g_assert_true (tag == 1 || tag == 7);
  g_assert_cmpuint (le32 (p + 24), ==, 8000);
  data_at = tag == 1 ? 36 : 50;
  g_assert_cmpmem (p + data_at, 4, "data", 4);
  g_assert_cmpuint (le32 (p + data_at + 4), ==, len - data_at - 8);
  return (gint64) le32 (p + data_at + 4) * 1000 / le32 (p + 28);
}

static GPtrArray *
list_wavs (const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_suffix (name, ".wav"))
        g_ptr_array_add (names, g_build_filename (dir, name, NULL));
    }
  return names;
}

static void
test_samples (void)
{
  g_autofree char *base = g_dir_make_tmp ("astrix-demo-rec-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "spool", "monitor", NULL);
  g_autofree char *client = g_build_filename (dir, "client-123", "call-456.wav", NULL);
  g_autoptr(GFile) base_file = g_file_new_for_path (base);
  g_autoptr(AstrixDemoPbx) pbx = astrix_demo_pbx_new ();
  g_autoptr(GPtrArray) wavs = NULL;
  g_autoptr(GError) error = NULL;
  guint dated = 0;

  g_assert_null (_astrix_demo_pbx_get_recordings_dir (pbx));
  g_assert_true (astrix_demo_pbx_set_recordings_dir (pbx, dir, "/var/spool/asterisk/monitor",
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpstr (_astrix_demo_pbx_get_recordings_dir (pbx), ==, dir);

  wavs = list_wavs (dir);
  g_assert_cmpuint (wavs->len, >=, 12);
  for (guint i = 0; i < wavs->len; i++)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (wavs, i));
      gint64 ms = assert_wav (g_ptr_array_index (wavs, i));

      g_assert_cmpint (ms, >=, 1000);
      /* MixMonitor's names: 1795666433.57.wav or 20261126-101500-1795666433.57.wav */
      g_assert_true (g_regex_match_simple ("^([0-9]{8}-[0-9]{6}-)?[0-9]{10}\\.[0-9]+\\.wav$",
                                           name, 0, 0));
      dated += g_regex_match_simple ("^[0-9]{8}-", name, 0, 0);
    }
  g_assert_cmpuint (dated, >, 0);
  g_assert_cmpuint (dated, <, wavs->len);
  assert_wav (client);

  /* A folder that has recordings is left as it is. */
  g_assert_cmpint (g_unlink (client), ==, 0);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (pbx, dir, NULL, &error));
  g_assert_false (g_file_test (client, G_FILE_TEST_EXISTS));
  g_assert_true (astrix_demo_pbx_set_recordings_dir (pbx, NULL, NULL, &error));
  g_assert_null (_astrix_demo_pbx_get_recordings_dir (pbx));
  remove_tree (base_file);
}

/* While the call goes on its WAV is there with MixMonitor's empty header: sizes 0. */
static void
assert_recording_now (const char *dir,
                      GPtrArray  *before)
{
  g_autoptr(GPtrArray) now = list_wavs (dir);
  g_autofree char *contents = NULL;
  const char *path = NULL;
  const guint8 *p;
  gsize len = 0;

  g_assert_cmpuint (now->len, ==, before->len + 1);
  for (guint i = 0; i < now->len; i++)
    {
      if (!g_ptr_array_find_with_equal_func (before, g_ptr_array_index (now, i), g_str_equal, NULL))
        path = g_ptr_array_index (now, i);
    }
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  p = (const guint8 *) contents;
  g_assert_cmpuint (len, >=, 44);
  g_assert_cmpmem (p, 4, "RIFF", 4);
  g_assert_cmpuint (le32 (p + 4), ==, 0);
  g_assert_cmpmem (p + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpmem (p + 36, 4, "data", 4);
  g_assert_cmpuint (le32 (p + 40), ==, 0);
}

static void
test_calls_recorded (void)
{
  g_autofree char *dir = g_dir_make_tmp ("astrix-demo-rec-XXXXXX", NULL);
  g_autofree char *placeholder = g_build_filename (dir, "1795000000.1.wav", NULL);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(AstrixDemoPbx) pbx = astrix_demo_pbx_new ();
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *agent = NULL;
  char *recorded = NULL;
  gint64 dialled;
  gint64 answered;
  gint64 shortest;
  gint64 longest;

  /* Not empty: no samples; only what the calls leave. */
  g_assert_true (g_file_set_contents (placeholder, "RIFF", 4, NULL));
  astrix_demo_pbx_set_time_scale (pbx, 0.01);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (pbx, dir, NULL, &error));
  g_assert_true (astrix_demo_pbx_start (pbx, 0, &error));
  before = list_wavs (dir);

  dialled = g_get_monotonic_time ();
  agent = astrix_demo_pbx_add_call (pbx, "1001", "+15551230001", "Ada Lovelace");
  answered = g_get_monotonic_time ();
  assert_recording_now (dir, before);
  wait_ms (120);  /* about 12 s of the call centre's time */
  /* The call lasted between these two (the simulated clock runs 100 times faster). */
  shortest = (g_get_monotonic_time () - answered) / 10;
  g_assert_true (astrix_demo_pbx_hangup (pbx, agent));
  longest = (g_get_monotonic_time () - dialled) / 10;
  after = list_wavs (dir);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    {
      if (strcmp (g_ptr_array_index (after, i), placeholder) != 0)
        recorded = g_ptr_array_index (after, i);
    }
  g_assert_cmpint (assert_wav (recorded), >=, shortest);
  g_assert_cmpint (assert_wav (recorded), <=, longest);
  astrix_demo_pbx_stop (pbx);
  remove_tree (dir_file);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-recordings/samples", test_samples);
  g_test_add_func ("/demo-recordings/calls-recorded", test_calls_recorded);
  return g_test_run ();
}

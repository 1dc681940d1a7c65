/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixLocalPlayer with a fakesink that keeps time (no sound card here): every format
 * Asterisk writes (made with sox), the duration, seeking, ±10 s, restart, the rate, the end,
 * damaged files and a decoder that is not installed, each in words.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "astrix-error.h"
#include "astrix-local-player-private.h"
#include "astrix-monitor.h"
#include "wait.h"

typedef struct
{
  char              *dir;
  AstrixLocalPlayer *player;
} Fixture;

#define assert_near(a, b, tolerance) \
  g_assert_cmpint (ABS ((gint64) (a) - (gint64) (b)), <=, (tolerance))

static char *
sox (Fixture    *f,
     const char *name,
     const char *encoding,
     const char *type,
     const char *seconds)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, "sox");
  g_ptr_array_add (argv, "-n");
  g_ptr_array_add (argv, "-r");
  g_ptr_array_add (argv, "8000");
  g_ptr_array_add (argv, "-c");
  g_ptr_array_add (argv, "1");
  if (encoding != NULL)
    {
      g_ptr_array_add (argv, "-e");
      g_ptr_array_add (argv, (char *) encoding);
    }
  if (type != NULL)
    {
      g_ptr_array_add (argv, "-t");
      g_ptr_array_add (argv, (char *) type);
    }
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, "synth");
  g_ptr_array_add (argv, (char *) seconds);
  g_ptr_array_add (argv, "sine");
  g_ptr_array_add (argv, "440");
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sox_path = g_find_program_in_path ("sox");

  if (sox_path == NULL)
    {
      g_test_skip ("sox is not installed");
      return;
    }
  f->dir = g_dir_make_tmp ("astrix-player-XXXXXX", NULL);
  f->player = astrix_local_player_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (f->dir == NULL)
    return;
  g_assert_finalize_object (g_steal_pointer (&f->player));
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
open_path (Fixture    *f,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  astrix_local_player_open (f->player, file, ASTRIX_RECORDING_FORMAT_UNKNOWN);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) != ASTRIX_PLAYER_LOADING, 5000);
}

static void
open_ready (Fixture    *f,
            const char *path)
{
  open_path (f, path);
  if (astrix_local_player_get_error_message (f->player) != NULL)
    g_error ("%s: %s", path, astrix_local_player_get_error_message (f->player));
  g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_PAUSED);
}

static void
test_formats (Fixture       *f,
              gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *encoding;
    const char *type;
    gint64      duration;
  } formats[] = {
    { "pcm.wav", "signed-integer", NULL, 3000 },
    { "ulaw.wav", "u-law", NULL, 2000 },
    { "alaw.wav", "a-law", NULL, 1000 },
    { "wav49.WAV", "gsm-full-rate", NULL, 2000 },
    { "wav49-lower-case.wav", "gsm-full-rate", NULL, 2000 },
    { "raw.gsm", NULL, "gsm", 3000 },
    { "raw.ulaw", NULL, "ul", 2000 },
    { "raw.alaw", NULL, "al", 1000 },
    { "vorbis.ogg", NULL, NULL, 2000 },
  };

  if (f->dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = sox (f, formats[i].name, formats[i].encoding, formats[i].type,
                                   formats[i].duration == 3000 ? "3" :
                                   formats[i].duration == 2000 ? "2" : "1");
      gint64 position;

      g_test_message ("%s", formats[i].name);
      open_ready (f, path);
      assert_near (astrix_local_player_get_duration (f->player), formats[i].duration, 40);
      g_assert_cmpint (astrix_local_player_get_position (f->player), ==, 0);
      astrix_local_player_play (f->player);
      WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PLAYING, 2000);
      WAIT_UNTIL (astrix_local_player_get_position (f->player) >= 300, 2000);
      astrix_local_player_pause (f->player);
      WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PAUSED, 2000);
      position = astrix_local_player_get_position (f->player);
      wait_ms (200);
      assert_near (astrix_local_player_get_position (f->player), position, 30);
      g_assert_cmpint (_astrix_local_player_get_started (f->player), >, 0);
    }
  astrix_local_player_close (f->player);
  g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_EMPTY);
  g_assert_cmpstr (astrix_local_player_get_end_reason (f->player), ==, "Stopped.");
}

static void
seek_and_wait (Fixture *f,
               gint64   target)
{
  astrix_local_player_seek (f->player, target);
  assert_near (astrix_local_player_get_position (f->player), target, 1);
  wait_ms (150);
}

static void
test_seek (Fixture       *f,
           gconstpointer  data)
{
  const char *names[] = { "long.wav", "long.gsm" };

  if (f->dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = sox (f, names[i], NULL, i == 1 ? "gsm" : NULL, "30");

      g_test_message ("%s", names[i]);
      open_ready (f, path);
      seek_and_wait (f, 5000);
      assert_near (astrix_local_player_get_position (f->player), 5000, 40);

      astrix_local_player_skip (f->player, 10000);
      wait_ms (150);
      assert_near (astrix_local_player_get_position (f->player), 15000, 40);
      astrix_local_player_skip (f->player, -10000);
      wait_ms (150);
      assert_near (astrix_local_player_get_position (f->player), 5000, 40);
      astrix_local_player_skip (f->player, -10000);
      wait_ms (150);
      g_assert_cmpint (astrix_local_player_get_position (f->player), ==, 0);

      /* Playing goes on playing from where it went. */
      astrix_local_player_play (f->player);
      WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PLAYING, 2000);
      astrix_local_player_seek (f->player, 20000);
      wait_ms (300);
      g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_PLAYING);
      g_assert_cmpint (astrix_local_player_get_position (f->player), >, 20100);
      g_assert_cmpint (astrix_local_player_get_position (f->player), <, 21000);
      astrix_local_player_restart (f->player);
      wait_ms (200);
      g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_PLAYING);
      g_assert_cmpint (astrix_local_player_get_position (f->player), <, 1000);
    }
}

static gint64
advance_over (Fixture *f,
              guint    ms)
{
  gint64 start = astrix_local_player_get_position (f->player);
  gint64 t0 = g_get_monotonic_time ();
  gint64 elapsed;

  wait_ms (ms);
  elapsed = (g_get_monotonic_time () - t0) / 1000;
  return (astrix_local_player_get_position (f->player) - start) * ms / MAX (elapsed, 1);
}

static void
test_rate (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = NULL;

  if (f->dir == NULL)
    return;
  path = sox (f, "rate.wav", NULL, NULL, "20");
  open_ready (f, path);
  astrix_local_player_play (f->player);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PLAYING, 2000);
  wait_ms (100);
  assert_near (advance_over (f, 500), 500, 120);

  astrix_local_player_set_rate (f->player, 2.0);
  wait_ms (100);
  assert_near (advance_over (f, 500), 1000, 200);
  astrix_local_player_set_rate (f->player, 0.75);
  wait_ms (100);
  assert_near (advance_over (f, 500), 375, 120);
  g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_PLAYING);

  /* Kept within 0.75 to 2.0 */
  astrix_local_player_set_rate (f->player, 5.0);
  g_assert_cmpfloat (_astrix_local_player_get_rate (f->player), ==, ASTRIX_PLAYER_MAX_RATE);
  astrix_local_player_set_rate (f->player, 0.1);
  g_assert_cmpfloat (_astrix_local_player_get_rate (f->player), ==, ASTRIX_PLAYER_MIN_RATE);
}

/* app.playback-control with nothing on the phone: the owner of the phone's call hands the
 * command to this computer's player; a word that is no control, or nothing playing, is said. */
static void
test_control_without_phone (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AstrixMonitor) monitor = astrix_monitor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 before;

  if (f->dir == NULL)
    return;
  g_assert_false (astrix_monitor_control_playback (monitor, f->player, "pause", &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "Nothing is playing.");
  g_clear_error (&error);

  path = sox (f, "control.wav", NULL, NULL, "30");
  open_ready (f, path);
  astrix_local_player_play (f->player);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PLAYING, 2000);
  g_assert_false (astrix_monitor_control_playback (monitor, f->player, "louder", &error));
  g_assert_nonnull (strstr (error->message, "“louder” is not a playback control"));
  g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_PLAYING);

  g_assert_true (astrix_monitor_control_playback (monitor, f->player, "pause", NULL));
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PAUSED, 2000);
  before = astrix_local_player_get_position (f->player);
  g_assert_true (astrix_monitor_control_playback (monitor, f->player, "forward", NULL));
  WAIT_UNTIL (astrix_local_player_get_position (f->player) >= before + 9000, 2000);
  g_assert_true (astrix_monitor_control_playback (monitor, f->player, "reverse", NULL));
  WAIT_UNTIL (astrix_local_player_get_position (f->player) < before + 1000, 2000);
  g_assert_true (astrix_monitor_control_playback (monitor, f->player, "stop", NULL));
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_EMPTY, 2000);
}

static void
test_end (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *raw = NULL;

  if (f->dir == NULL)
    return;
  path = sox (f, "short.wav", "u-law", NULL, "1");
  open_ready (f, path);
  astrix_local_player_set_rate (f->player, 2.0);
  astrix_local_player_play (f->player);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ENDED, 3000);
  g_assert_cmpint (astrix_local_player_get_position (f->player),
                   ==, astrix_local_player_get_duration (f->player));
  g_assert_cmpstr (astrix_local_player_get_end_reason (f->player), ==, "Played to the end.");
  g_assert_cmpint (_astrix_local_player_get_ended (f->player), >=,
                   _astrix_local_player_get_started (f->player));

  /* Play after the end starts over. */
  astrix_local_player_play (f->player);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PLAYING, 2000);
  g_assert_cmpint (astrix_local_player_get_position (f->player), <, 500);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ENDED, 3000);

  /* +10 s past the end is the end. */
  raw = sox (f, "short.gsm", NULL, "gsm", "2");
  open_ready (f, raw);
  astrix_local_player_play (f->player);
  astrix_local_player_skip (f->player, 10000);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ENDED, 3000);
}

/* What a PBX that stopped mid-call leaves: MixMonitor's WAV with the sizes still 0. */
static void
zero_wav_sizes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize at = 12;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, 4, "RIFF", 4);
  memset (contents + 4, 0, 4);
  while (at + 8 <= MIN (len, 256) && memcmp (contents + at, "data", 4) != 0)
    at++;
  g_assert_cmpuint (at + 8, <=, MIN (len, 256));
  memset (contents + at + 4, 0, 4);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

/* A WAV whose header was never written plays to its end and shows its real length. */
static void
test_no_header (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *pcm = NULL;
  g_autofree char *ulaw = NULL;

  if (f->dir == NULL)
    return;
  pcm = sox (f, "1795666433.57.wav", "signed-integer", NULL, "3");
  zero_wav_sizes (pcm);
  open_ready (f, pcm);
  assert_near (astrix_local_player_get_duration (f->player), 3000, 50);
  astrix_local_player_set_rate (f->player, 2.0);
  astrix_local_player_play (f->player);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ENDED, 5000);
  assert_near (astrix_local_player_get_position (f->player), 3000, 50);
  g_assert_cmpstr (astrix_local_player_get_end_reason (f->player), ==, "Played to the end.");

  /* µ-law (its header has a fact chunk), and a seek into it */
  ulaw = sox (f, "1795666433.58.wav", "u-law", NULL, "4");
  zero_wav_sizes (ulaw);
  open_ready (f, ulaw);
  assert_near (astrix_local_player_get_duration (f->player), 4000, 50);
  astrix_local_player_seek (f->player, 3000);
  astrix_local_player_play (f->player);
  WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ENDED, 5000);
  assert_near (astrix_local_player_get_position (f->player), 4000, 50);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  static const struct
  {
    const char  *name;
    const char  *contents;
    AstrixError  code;
  } cases[] = {
    { "garbage.wav", "this is not a recording, just some text in a file",
      ASTRIX_ERROR_UNSUPPORTED_FORMAT },
    { "truncated.wav", "RIFF\x24\0\0\0WAVEfmt \x10\0\0\0", ASTRIX_ERROR_UNSUPPORTED_FORMAT },
    { "garbage.mp3", "ID3 but nothing after it, nothing at all, nothing",
      ASTRIX_ERROR_UNSUPPORTED_FORMAT },
    { "empty.gsm", "", ASTRIX_ERROR_UNSUPPORTED_FORMAT },
  };

  if (f->dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, cases[i].name, NULL);

      g_test_message ("%s", cases[i].name);
      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      open_path (f, path);
      if (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_PAUSED)
        {
          /* Some damage only shows when it plays. */
          astrix_local_player_play (f->player);
          WAIT_UNTIL (astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ERROR ||
                      astrix_local_player_get_state (f->player) == ASTRIX_PLAYER_ENDED, 3000);
        }
      g_assert_cmpint (astrix_local_player_get_state (f->player), ==, ASTRIX_PLAYER_ERROR);
      g_assert_error ((GError *) _astrix_local_player_get_error (f->player), ASTRIX_ERROR,
                      (gint) cases[i].code);
      g_assert_nonnull (astrix_local_player_get_error_message (f->player));
      g_test_message ("%s", astrix_local_player_get_error_message (f->player));
    }

  /* Gone */
  {
    g_autofree char *path = g_build_filename (f->dir, "gone.wav", NULL);
    g_autofree char *raw = g_build_filename (f->dir, "gone.gsm", NULL);

    open_path (f, path);
    g_assert_error ((GError *) _astrix_local_player_get_error (f->player), ASTRIX_ERROR,
                    ASTRIX_ERROR_FILE_NOT_FOUND);
    open_path (f, raw);
    g_assert_error ((GError *) _astrix_local_player_get_error (f->player), ASTRIX_ERROR,
                    ASTRIX_ERROR_FILE_NOT_FOUND);
  }
}

/* Without gstreamer1.0-plugins-bad there is no GSM decoder: the message says what to install. */
static void
test_missing_decoder (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *raw = NULL;
  g_autofree char *wav49 = NULL;
  g_autofree char *disguised = NULL;
  g_autoptr(GstPluginFeature) gsmdec = NULL;

  if (f->dir == NULL)
    return;
  if (!g_test_subprocess ())
    {
      /* Taking a decoder out of the registry is for this process alone. */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  raw = sox (f, "raw.gsm", NULL, "gsm", "1");
  wav49 = sox (f, "wav49.WAV", "gsm-full-rate", NULL, "1");
  disguised = sox (f, "wav49.wav", "gsm-full-rate", NULL, "1");
  gst_init (NULL, NULL);
  gsmdec = gst_registry_lookup_feature (gst_registry_get (), "gsmdec");
  if (gsmdec == NULL)
    {
      g_test_skip ("gsmdec is not installed anyway");
      return;
    }
  gst_registry_remove_feature (gst_registry_get (), gsmdec);

  open_path (f, raw);
  g_assert_error ((GError *) _astrix_local_player_get_error (f->player), ASTRIX_ERROR,
                  ASTRIX_ERROR_UNSUPPORTED_FORMAT);
  g_assert_nonnull (strstr (astrix_local_player_get_error_message (f->player),
                            "gstreamer1.0-plugins-bad"));
  open_path (f, wav49);
  g_assert_error ((GError *) _astrix_local_player_get_error (f->player), ASTRIX_ERROR,
                  ASTRIX_ERROR_UNSUPPORTED_FORMAT);
  g_assert_nonnull (strstr (astrix_local_player_get_error_message (f->player),
                            "gstreamer1.0-plugins-bad"));
  /* GSM in a file named like PCM: GStreamer finds out, and says what is missing. */
  open_path (f, disguised);
  g_assert_error ((GError *) _astrix_local_player_get_error (f->player), ASTRIX_ERROR,
                  ASTRIX_ERROR_UNSUPPORTED_FORMAT);
  g_test_message ("%s", astrix_local_player_get_error_message (f->player));
  g_assert_nonnull (strstr (astrix_local_player_get_error_message (f->player), "GSM"));
}

int
main (int   argc,
      char *argv[])
{
  /* No sound card here: a sink that keeps time. */
  g_setenv ("ASTRIX_AUDIO_SINK", "fakesink sync=true", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/local-player/formats", test_formats);
  ADD ("/local-player/seek", test_seek);
  ADD ("/local-player/rate", test_rate);
  ADD ("/local-player/end", test_end);
  ADD ("/local-player/control-without-phone", test_control_without_phone);
  ADD ("/local-player/no-header", test_no_header);
  ADD ("/local-player/damaged", test_damaged);
  ADD ("/local-player/missing-decoder", test_missing_decoder);
#undef ADD
  return g_test_run ();
}

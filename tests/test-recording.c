/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixRecording: MixMonitor's and others' file names, headers, and the two paths of a
 * recording (this desktop's, the PBX's) with what must never reach a dialplan argument.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "astrix-error.h"
#include "astrix-recording-private.h"
#include "files.h"

static gint64
local_time (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, hour, minute, second);

  return g_date_time_to_unix (when);
}

static void
assert_name (const char *name,
             gboolean    parsed,
             gint64      date,
             const char *uniqueid,
             const char *caller)
{
  g_autofree char *got_uniqueid = NULL;
  g_autofree char *got_caller = NULL;
  gint64 got_date = -1;

  g_assert_cmpint (_astrix_recording_parse_name (name, &got_date, &got_uniqueid, &got_caller),
                   ==, parsed);
  if (parsed)
    g_assert_cmpint (got_date, ==, date);
  g_assert_cmpstr (got_uniqueid, ==, uniqueid);
  g_assert_cmpstr (got_caller, ==, caller);
}

static void
test_names (void)
{
  gint64 stamp = local_time (2026, 11, 26, 10, 15, 0);

  /* MixMonitor's default ${UNIQUEID}.wav: the Uniqueid starts with the Unix time. */
  assert_name ("1795666433.57.wav", TRUE, 1795666433, "1795666433.57", NULL);
  assert_name ("1795666433.57.WAV", TRUE, 1795666433, "1795666433.57", NULL);
  assert_name ("1795666433.57.gsm", TRUE, 1795666433, "1795666433.57", NULL);
  /* YYYYMMDD-HHMMSS-uniqueid */
  assert_name ("20261126-101500-1795666433.57.wav", TRUE, stamp, "1795666433.57", NULL);
  assert_name ("20261126-101500.wav", TRUE, stamp, NULL, NULL);
  /* FreePBX: in-<to>-<from>-date-time-uniqueid */
  assert_name ("in-5550100-+15551234567-20261126-101500-1795666433.57.wav", TRUE, stamp,
               "1795666433.57", "+15551234567");
  assert_name ("q-400-1001-20261126-101500-1795666433.58.wav49", TRUE, stamp,
               "1795666433.58", "1001");
  /* Anything else: by name and modification time. */
  assert_name ("call-456.wav", FALSE, 0, NULL, NULL);
  assert_name ("20261399-101500-x.wav", FALSE, 0, NULL, NULL);
  assert_name ("120261126-101500-x.wav", FALSE, 0, NULL, NULL);
  assert_name ("12345.wav", FALSE, 0, NULL, NULL);
  assert_name ("", FALSE, 0, NULL, NULL);

  g_assert_true (astrix_recording_is_audio_name ("call.wav"));
  g_assert_true (astrix_recording_is_audio_name ("call.WAV"));
  g_assert_true (astrix_recording_is_audio_name ("call.gsm"));
  g_assert_true (astrix_recording_is_audio_name ("call.mp3"));
  g_assert_false (astrix_recording_is_audio_name (".call.wav"));
  g_assert_false (astrix_recording_is_audio_name ("notes.txt"));
  g_assert_false (astrix_recording_is_audio_name ("wav"));
  g_assert_cmpint (_astrix_recording_format_from_name ("x.WAV"), ==,
                   ASTRIX_RECORDING_FORMAT_WAV_GSM);
  g_assert_cmpint (_astrix_recording_format_from_name ("x.Wav"), ==,
                   ASTRIX_RECORDING_FORMAT_WAV_PCM);
  g_assert_cmpint (_astrix_recording_format_from_name ("x.ul"), ==, ASTRIX_RECORDING_FORMAT_ULAW);
}

/* A canonical 44-byte WAV header. */
static GByteArray *
wav_header (guint tag, guint rate, guint bits, guint32 byte_rate, guint32 data_size)
{
  GByteArray *h = g_byte_array_new ();
  guint8 b[4];
#define PUT32(v) (b[0] = (v) & 0xff, b[1] = ((v) >> 8) & 0xff, b[2] = ((v) >> 16) & 0xff, \
                  b[3] = ((v) >> 24) & 0xff, g_byte_array_append (h, b, 4))
#define PUT16(v) (b[0] = (v) & 0xff, b[1] = ((v) >> 8) & 0xff, g_byte_array_append (h, b, 2))
  g_byte_array_append (h, (guint8 *) "RIFF", 4);
  PUT32 (36 + data_size);
  g_byte_array_append (h, (guint8 *) "WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (tag);
  PUT16 (1);
  PUT32 (rate);
  PUT32 (byte_rate);
  PUT16 (bits / 8);
  PUT16 (bits);
  g_byte_array_append (h, (guint8 *) "data", 4);
  PUT32 (data_size);
#undef PUT32
#undef PUT16
  return h;
}

static void
test_headers (void)
{
  g_autoptr(GByteArray) pcm = wav_header (1, 8000, 16, 16000, 48000);
  g_autoptr(GByteArray) ulaw = wav_header (7, 8000, 8, 8000, 0);
  g_autoptr(GByteArray) g729 = wav_header (0x83, 8000, 0, 1000, 1000);
  AstrixRecordingHeader header;
  g_autofree char *problem = NULL;

  g_assert_true (_astrix_recording_parse_header (pcm->data, pcm->len, 44 + 48000,
                                                 ASTRIX_RECORDING_FORMAT_WAV_PCM, &header,
                                                 &problem));
  g_assert_cmpint (header.format, ==, ASTRIX_RECORDING_FORMAT_WAV_PCM);
  g_assert_cmpint (header.duration_ms, ==, 3000);

  /* Still being written: the header says 0, the size tells. */
  g_assert_true (_astrix_recording_parse_header (ulaw->data, ulaw->len, 44 + 16000,
                                                 ASTRIX_RECORDING_FORMAT_WAV_PCM, &header,
                                                 &problem));
  g_assert_cmpint (header.format, ==, ASTRIX_RECORDING_FORMAT_WAV_ULAW);
  g_assert_cmpint (header.duration_ms, ==, 2000);

  g_assert_true (_astrix_recording_parse_header (g729->data, g729->len, 44 + 1000,
                                                 ASTRIX_RECORDING_FORMAT_WAV_PCM, &header,
                                                 &problem));
  g_assert_cmpint (header.format, ==, ASTRIX_RECORDING_FORMAT_WAV_OTHER);
  g_assert_cmpuint (header.wav_tag, ==, 0x83);
  g_assert_false (_astrix_recording_can_decode (header.format, header.wav_tag, &problem));
  g_assert_nonnull (strstr (problem, "0x0083"));
  g_clear_pointer (&problem, g_free);

  /* Headerless: arithmetic on the size. */
  g_assert_true (_astrix_recording_parse_header ((guint8 *) "", 0, 33 * 150,
                                                 ASTRIX_RECORDING_FORMAT_GSM, &header, &problem));
  g_assert_cmpint (header.duration_ms, ==, 3000);
  g_assert_true (_astrix_recording_parse_header ((guint8 *) "", 0, 8000,
                                                 ASTRIX_RECORDING_FORMAT_ALAW, &header, &problem));
  g_assert_cmpint (header.duration_ms, ==, 1000);

  /* Damaged */
  g_assert_false (_astrix_recording_parse_header ((guint8 *) "garbage garbage", 15, 15,
                                                  ASTRIX_RECORDING_FORMAT_WAV_PCM, &header,
                                                  &problem));
  g_assert_nonnull (problem);
  g_clear_pointer (&problem, g_free);
  g_assert_false (_astrix_recording_parse_header (pcm->data, 20, 20,
                                                  ASTRIX_RECORDING_FORMAT_WAV_PCM, &header,
                                                  &problem));
  g_assert_nonnull (problem);
}

typedef struct
{
  char  *dir;
  GFile *root;
} Folder;

static void
folder_set_up (Folder        *f,
               gconstpointer  data)
{
  g_autofree char *monitor = NULL;
  g_autofree char *nested = NULL;

  f->dir = g_dir_make_tmp ("astrix-recording-XXXXXX", NULL);
  f->root = g_file_new_for_path (f->dir);
  monitor = g_build_filename (f->dir, "monitor", NULL);
  nested = g_build_filename (monitor, "client-123", NULL);
  g_assert_cmpint (g_mkdir_with_parents (nested, 0755), ==, 0);
}

static void
folder_tear_down (Folder        *f,
                  gconstpointer  data)
{
  remove_tree (f->root);
  g_object_unref (f->root);
  g_free (f->dir);
}

static GFile *
touch (Folder     *f,
       const char *relative)
{
  g_autofree char *path = g_build_filename (f->dir, relative, NULL);

  g_assert_true (g_file_set_contents (path, "RIFF", 4, NULL));
  return g_file_new_for_path (path);
}

static void
test_map_to_pbx (Folder        *f,
                 gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_get_child (f->root, "monitor");
  g_autoptr(GFile) plain = touch (f, "monitor/1795666433.57.wav");
  g_autoptr(GFile) nested = touch (f, "monitor/client-123/call-456.WAV");
  g_autoptr(GFile) comma = touch (f, "monitor/a,b.wav");
  g_autoptr(GFile) paren = touch (f, "monitor/x(1).wav");
  g_autoptr(GFile) amp = touch (f, "monitor/x&y.wav");
  g_autoptr(GFile) outside = touch (f, "secret.wav");
  g_autoptr(GFile) text = touch (f, "monitor/notes.txt");
  g_autoptr(GFile) link = g_file_get_child (root, "escape.wav");
  g_autoptr(GFile) inner_link = g_file_get_child (root, "inner.wav");
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_path = g_file_get_path (outside);
  g_autofree char *pbx = NULL;
  const char *base = "/var/spool/asterisk/monitor";

  g_assert_true (g_file_make_symbolic_link (link, secret_path, NULL, NULL));
  g_assert_true (g_file_make_symbolic_link (inner_link, "client-123/call-456.WAV", NULL, NULL));

  pbx = astrix_recording_map_to_pbx (root, base, plain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pbx, ==, "/var/spool/asterisk/monitor/1795666433.57");
  g_clear_pointer (&pbx, g_free);
  pbx = astrix_recording_map_to_pbx (root, "/var/spool/asterisk/monitor/", nested, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pbx, ==, "/var/spool/asterisk/monitor/client-123/call-456");
  g_clear_pointer (&pbx, g_free);
  /* A link that stays inside is fine. */
  pbx = astrix_recording_map_to_pbx (root, base, inner_link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pbx, ==, "/var/spool/asterisk/monitor/inner");
  g_clear_pointer (&pbx, g_free);

  /* Refused: dialplan argument smuggling, outside the folder, a link out, not audio. */
  {
    GFile *refused[] = { comma, paren, amp, outside, link, text };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        pbx = astrix_recording_map_to_pbx (root, base, refused[i], &error);
        g_assert_null (pbx);
        g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (error->message);
        g_clear_error (&error);
      }
  }
  /* Gone */
  g_assert_true (g_file_delete (plain, NULL, NULL));
  g_assert_null (astrix_recording_map_to_pbx (root, base, plain, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND);
  g_clear_error (&error);
  /* Not set up */
  g_assert_null (astrix_recording_map_to_pbx (root, "relative/path", nested, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
}

static void
test_validate (void)
{
  const char *refused[] = {
    "/var/spool/asterisk/monitor/a,b", "/x/a|b", "/x/a(b", "/x/a)b", "/x/a&b", "/x/a\"b",
    "/x/a\\b", "/x/a\nb", "/x/a\rb", "/x/a\tb", "/x/a\x7f" "b", "/x/../etc/passwd", "/x/./y",
    "", "/x/\xff",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (astrix_recording_validate_pbx_name (refused[i], &error));
      g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
    }
  g_assert_true (astrix_recording_validate_pbx_name ("/var/spool/asterisk/monitor/client 12/é.x",
                                                     NULL));
}

static void
test_map_from_pbx (Folder        *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_uri ("sftp://pbx.example/var/spool/asterisk/monitor");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  file = astrix_recording_map_from_pbx (root, "/var/spool/asterisk/monitor",
                                        "/var/spool/asterisk/monitor/client-123/call-456.wav");
  uri = g_file_get_uri (file);
  g_assert_cmpstr (uri, ==,
                   "sftp://pbx.example/var/spool/asterisk/monitor/client-123/call-456.wav");
  g_clear_object (&file);
  g_assert_null (astrix_recording_map_from_pbx (root, "/var/spool/asterisk/monitor",
                                                "/var/spool/asterisk/monitorX/a.wav"));
  g_assert_null (astrix_recording_map_from_pbx (root, "/var/spool/asterisk/monitor",
                                                "/var/spool/asterisk/monitor/../../x"));
  g_assert_null (astrix_recording_map_from_pbx (root, "/var/spool/asterisk/monitor",
                                                "/etc/passwd"));

  /* resolve(): URIs, desktop paths, PBX paths, relative paths; never outside. */
  file = astrix_recording_resolve (root, "/var/spool/asterisk/monitor",
                                   "/var/spool/asterisk/monitor/a.wav", &error);
  g_assert_no_error (error);
  g_clear_pointer (&uri, g_free);
  uri = g_file_get_uri (file);
  g_assert_cmpstr (uri, ==, "sftp://pbx.example/var/spool/asterisk/monitor/a.wav");
  g_clear_object (&file);
  file = astrix_recording_resolve (root, "/var/spool/asterisk/monitor", "client-1/b.wav", &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  file = astrix_recording_resolve (root, "/var/spool/asterisk/monitor",
                                   "sftp://pbx.example/var/spool/asterisk/monitor/c.wav", &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  {
    const char *refused[] = { "../x.wav", "client/../../x.wav", "/etc/passwd",
                              "sftp://pbx.example/etc/passwd", "file:///etc/passwd", "" };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        file = astrix_recording_resolve (root, "/var/spool/asterisk/monitor", refused[i], &error);
        g_assert_null (file);
        g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recording/names", test_names);
  g_test_add_func ("/recording/headers", test_headers);
  g_test_add_func ("/recording/validate", test_validate);
  g_test_add ("/recording/map-to-pbx", Folder, NULL, folder_set_up, test_map_to_pbx,
              folder_tear_down);
  g_test_add ("/recording/map-from-pbx", Folder, NULL, folder_set_up, test_map_from_pbx,
              folder_tear_down);
  return g_test_run ();
}

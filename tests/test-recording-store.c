/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixRecordingStore on folders made here with sox: every format Asterisk writes, nested
 * folders, odd names, unreadable and damaged files, a link out of the folder, a vanished file;
 * the batches a huge folder comes in, durations read only on request, new files picked up by
 * the file monitor or by a refresh, callers from the live calls and the recordings of the calls
 * still going on.
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "astrix-channel-private.h"
#include "astrix-error.h"
#include "astrix-recording-private.h"
#include "astrix-recording-store-private.h"
#include "files.h"
#include "wait.h"

typedef struct
{
  char  *dir;
  GFile *root;
  char  *outside;       /* a file next to the folder, for the link that leads out */
} Fixture;

static char *
path_in (Fixture    *f,
         const char *relative)
{
  return g_build_filename (f->dir, relative, NULL);
}

/* sox -n -r 8000 -c 1 [-e ENCODING] [-t TYPE] FILE synth SECONDS sine 440 */
static void
sox (Fixture    *f,
     const char *relative,
     const char *encoding,
     const char *type,
     const char *seconds)
{
  g_autofree char *path = path_in (f, relative);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
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
  else if (type == NULL)
    {
      g_ptr_array_add (argv, "-b");
      g_ptr_array_add (argv, "16");
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
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
write_file (Fixture    *f,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = path_in (f, relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
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
  f->dir = g_dir_make_tmp ("astrix-recordings-XXXXXX", NULL);
  f->root = g_file_new_for_path (f->dir);
  f->outside = g_strconcat (f->dir, ".outside.wav", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->root == NULL)
    return;
  remove_tree (f->root);
  g_unlink (f->outside);
  g_object_unref (f->root);
  g_free (f->dir);
  g_free (f->outside);
}

/* The folder of a call centre, with every kind of trouble. */
static void
make_folder (Fixture *f)
{
  g_autofree char *link = path_in (f, "link-out.wav");
  g_autofree char *dangling = path_in (f, "dangling.wav");

  sox (f, "20261126-101500-1795666433.57.wav", NULL, NULL, "3");
  sox (f, "1795666500.12.wav", "u-law", NULL, "2");
  sox (f, "client-123/call-456.wav", "a-law", NULL, "1");
  sox (f, "client-123/archive/2026/call-789.WAV", "gsm-full-rate", NULL, "2");
  sox (f, "raw/1795666600.3.gsm", NULL, "gsm", "3");
  sox (f, "raw/1795666600.4.ogg", NULL, NULL, "2");
  sox (f, "odd names/in-5550100-+15551234567-20261126-111111-1795666700.9.wav", "u-law", NULL, "1");
  sox (f, "odd names/café (1), «x» & y.wav", NULL, NULL, "1");
  write_file (f, "broken.wav", "this is not a WAV file at all, just text");
  write_file (f, "notes.txt", "not a recording");
  write_file (f, ".hidden.wav", "hidden");
  g_assert_true (g_file_set_contents (f->outside, "RIFF", 4, NULL));
  g_assert_cmpint (symlink (f->outside, link), ==, 0);
  g_assert_cmpint (symlink ("nowhere.wav", dangling), ==, 0);
}

#define N_LISTED 11

static AstrixRecordingStore *
load (Fixture  *f,
      gboolean  watch)
{
  AstrixRecordingStore *store = g_object_new (ASTRIX_TYPE_RECORDING_STORE,
                                              "root", f->root,
                                              "pbx-path", "/var/spool/asterisk/monitor",
                                              "watch", watch,
                                              NULL);

  astrix_recording_store_load (store);
  g_assert_true (astrix_recording_store_get_loading (store));
  WAIT_UNTIL (!astrix_recording_store_get_loading (store), 5000);
  return store;
}

static AstrixRecording *
lookup (AstrixRecordingStore *store,
        const char           *relative)
{
  AstrixRecording *recording = _astrix_recording_store_lookup (store, relative);

  if (recording == NULL)
    g_error ("%s is not listed", relative);
  return recording;
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  g_auto(GStrv) folders = NULL;
  AstrixRecording *recording;
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 26, 10, 15, 0);

  if (f->root == NULL)
    return;
  make_folder (f);
  store = load (f, FALSE);
  g_assert_null (astrix_recording_store_get_error (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_LISTED);

  recording = lookup (store, "20261126-101500-1795666433.57.wav");
  g_assert_cmpint (astrix_recording_get_date (recording), ==, g_date_time_to_unix (when));
  g_assert_cmpstr (astrix_recording_get_uniqueid (recording), ==, "1795666433.57");
  g_assert_cmpstr (astrix_recording_get_folder (recording), ==, "");
  g_assert_cmpuint (astrix_recording_get_size (recording), ==, 44 + 48000);

  recording = lookup (store, "1795666500.12.wav");
  g_assert_cmpint (astrix_recording_get_date (recording), ==, 1795666500);
  g_assert_cmpstr (astrix_recording_get_uniqueid (recording), ==, "1795666500.12");

  recording = lookup (store, "client-123/archive/2026/call-789.WAV");
  g_assert_cmpstr (astrix_recording_get_folder (recording), ==, "client-123/archive/2026");
  g_assert_cmpstr (astrix_recording_get_name (recording), ==, "call-789.WAV");
  g_assert_null (astrix_recording_get_uniqueid (recording));
  g_assert_cmpint (astrix_recording_get_date (recording), ==,
                   _astrix_recording_get_modified (recording));

  recording = lookup (store, "odd names/in-5550100-+15551234567-20261126-111111-1795666700.9.wav");
  g_assert_cmpstr (astrix_recording_get_caller (recording), ==, "+15551234567");
  g_assert_true (_astrix_recording_matches (recording, "+1555123"));
  g_assert_true (_astrix_recording_matches (recording, "20261126-1111"));
  g_assert_false (_astrix_recording_matches (recording, "client"));

  lookup (store, "odd names/café (1), «x» & y.wav");
  g_assert_true (_astrix_recording_matches (lookup (store, "odd names/café (1), «x» & y.wav"),
                                            "café"));
  g_assert_null (_astrix_recording_store_lookup (store, "notes.txt"));
  g_assert_null (_astrix_recording_store_lookup (store, ".hidden.wav"));

  folders = astrix_recording_store_dup_folders (store);
  g_assert_cmpuint (g_strv_length (folders), ==, 5);  /* (raw holds two) */
  g_assert_cmpstr (folders[0], ==, "");
  g_assert_cmpstr (folders[1], ==, "client-123");
  g_assert_cmpstr (folders[2], ==, "client-123/archive/2026");
  g_assert_cmpstr (folders[3], ==, "odd names");
  g_assert_cmpstr (folders[4], ==, "raw");

  /* The PBX's name for it; never one that could smuggle arguments in. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *pbx =
      _astrix_recording_store_map_to_pbx (store, lookup (store, "raw/1795666600.3.gsm"), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (pbx, ==, "/var/spool/asterisk/monitor/raw/1795666600.3");
    g_assert_true (astrix_recording_store_lookup_pbx_path (store, pbx) ==
                   lookup (store, "raw/1795666600.3.gsm"));
    g_clear_pointer (&pbx, g_free);
    pbx = _astrix_recording_store_map_to_pbx (store,
                                             lookup (store, "odd names/café (1), «x» & y.wav"),
                                             &error);
    g_assert_null (pbx);
    g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  }
  g_assert_finalize_object (g_steal_pointer (&store));
}

typedef struct
{
  const char            *path;
  AstrixRecordingStatus  status;
  AstrixRecordingFormat  format;
  gint64                 duration;
} Expected;

static void
test_durations (Fixture       *f,
                gconstpointer  data)
{
  static const Expected expected[] = {
    { "20261126-101500-1795666433.57.wav", ASTRIX_RECORDING_STATUS_OK,
      ASTRIX_RECORDING_FORMAT_WAV_PCM, 3000 },
    { "1795666500.12.wav", ASTRIX_RECORDING_STATUS_OK, ASTRIX_RECORDING_FORMAT_WAV_ULAW, 2000 },
    { "client-123/call-456.wav", ASTRIX_RECORDING_STATUS_OK, ASTRIX_RECORDING_FORMAT_WAV_ALAW,
      1000 },
    { "client-123/archive/2026/call-789.WAV", ASTRIX_RECORDING_STATUS_OK,
      ASTRIX_RECORDING_FORMAT_WAV_GSM, 2000 },
    { "raw/1795666600.3.gsm", ASTRIX_RECORDING_STATUS_OK, ASTRIX_RECORDING_FORMAT_GSM, 3000 },
    /* Ogg and MP3 have no duration in their header: GstDiscoverer decodes. */
    { "raw/1795666600.4.ogg", ASTRIX_RECORDING_STATUS_OK, ASTRIX_RECORDING_FORMAT_OGG, 2000 },
    { "broken.wav", ASTRIX_RECORDING_STATUS_UNDECODABLE, ASTRIX_RECORDING_FORMAT_WAV_PCM, -1 },
    { "link-out.wav", ASTRIX_RECORDING_STATUS_OUTSIDE, ASTRIX_RECORDING_FORMAT_WAV_PCM, -1 },
    { "dangling.wav", ASTRIX_RECORDING_STATUS_UNREADABLE, ASTRIX_RECORDING_FORMAT_WAV_PCM, -1 },
  };
  g_autoptr(AstrixRecordingStore) store = NULL;
  AstrixRecording *untouched;
  AstrixRecording *last;

  if (f->root == NULL)
    return;
  make_folder (f);
  store = load (f, FALSE);

  /* Nothing is read before it is asked for. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(AstrixRecording) recording = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_cmpint (astrix_recording_get_status (recording), ==,
                       ASTRIX_RECORDING_STATUS_UNKNOWN);
      g_assert_cmpint (astrix_recording_get_duration (recording), ==, -1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    astrix_recording_store_request_duration (store, lookup (store, expected[i].path));
  /* Two views ask for the same one (still queued: four are read at a time); one takes its
   * request back: the other still gets it. */
  last = lookup (store, expected[G_N_ELEMENTS (expected) - 1].path);
  g_assert_cmpint (astrix_recording_get_status (last), ==, ASTRIX_RECORDING_STATUS_UNKNOWN);
  astrix_recording_store_request_duration (store, last);
  astrix_recording_store_cancel_duration (store, last);
  /* A request the row scrolled away from before its turn is forgotten. */
  untouched = lookup (store, "odd names/café (1), «x» & y.wav");
  astrix_recording_store_request_duration (store, untouched);
  astrix_recording_store_cancel_duration (store, untouched);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      AstrixRecording *recording = lookup (store, expected[i].path);

      WAIT_UNTIL (astrix_recording_get_status (recording) > ASTRIX_RECORDING_STATUS_PROBING, 3000);
      g_test_message ("%s: %s", expected[i].path, astrix_recording_get_problem (recording));
      g_assert_cmpint (astrix_recording_get_status (recording), ==, expected[i].status);
      if (expected[i].status == ASTRIX_RECORDING_STATUS_OK)
        {
          g_assert_null (astrix_recording_get_problem (recording));
          g_assert_cmpint (astrix_recording_get_format (recording), ==, expected[i].format);
          g_assert_cmpint (ABS (astrix_recording_get_duration (recording) - expected[i].duration),
                           <=, 40);
        }
      else
        g_assert_nonnull (astrix_recording_get_problem (recording));
    }
  g_assert_cmpint (astrix_recording_get_status (untouched), ==, ASTRIX_RECORDING_STATUS_UNKNOWN);
  g_assert_cmpint (
    astrix_recording_get_status (
      lookup (store, "odd names/in-5550100-+15551234567-20261126-111111-1795666700.9.wav")),
    ==, ASTRIX_RECORDING_STATUS_UNKNOWN);

  /* The store may be dropped while probes are on their way: it goes once they are done. */
  astrix_recording_store_request_duration (store, untouched);
  g_assert_cmpint (astrix_recording_get_status (untouched), ==, ASTRIX_RECORDING_STATUS_PROBING);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  WAIT_UNTIL (store == NULL, 3000);
}

/* Root reads every file: the test drops to "nobody" in a subprocess first. */
static gboolean
become_nobody (Fixture *f)
{
  if (geteuid () != 0)
    return TRUE;
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return FALSE;
    }
  g_assert_cmpint (chown (f->dir, 65534, 65534), ==, 0);
  g_assert_cmpint (setgid (65534), ==, 0);
  g_assert_cmpint (setuid (65534), ==, 0);
  return TRUE;
}

static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  g_autofree char *path = NULL;
  AstrixRecording *recording;

  if (f->root == NULL || !become_nobody (f))
    return;
  sox (f, "locked.wav", NULL, NULL, "1");
  path = path_in (f, "locked.wav");
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  store = load (f, FALSE);
  recording = lookup (store, "locked.wav");
  astrix_recording_store_request_duration (store, recording);
  WAIT_UNTIL (astrix_recording_get_status (recording) > ASTRIX_RECORDING_STATUS_PROBING, 3000);
  g_assert_cmpint (astrix_recording_get_status (recording), ==, ASTRIX_RECORDING_STATUS_UNREADABLE);
  g_assert_nonnull (strstr (astrix_recording_get_problem (recording), "permission"));
  g_chmod (path, 0644);
}

static void
test_vanished (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  g_autofree char *path = NULL;
  AstrixRecording *recording;

  if (f->root == NULL)
    return;
  sox (f, "going.wav", NULL, NULL, "1");
  /* Without a file monitor (as on sftp) the row stays until the next refresh. */
  store = load (f, FALSE);
  recording = lookup (store, "going.wav");
  path = path_in (f, "going.wav");
  g_assert_cmpint (g_unlink (path), ==, 0);
  astrix_recording_store_request_duration (store, recording);
  WAIT_UNTIL (astrix_recording_get_status (recording) > ASTRIX_RECORDING_STATUS_PROBING, 3000);
  g_assert_cmpint (astrix_recording_get_status (recording), ==, ASTRIX_RECORDING_STATUS_VANISHED);
  g_assert_nonnull (astrix_recording_get_problem (recording));

  astrix_recording_store_refresh (store);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0, 3000);
}

typedef struct
{
  guint signals;
  guint first_added;
  guint added;
} Changes;

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Changes    *changes)
{
  if (changes->signals++ == 0)
    changes->first_added = added;
  changes->added += added;
}

static void
test_batches (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  Changes changes = { 0, };
  guint n = 3000;

  if (f->root == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/20261126-%06u-1795666433.%u.wav",
                                               i % 2 ? "a" : "b/c", i % 240000, i);

      write_file (f, name, "RIFF");
    }
  store = g_object_new (ASTRIX_TYPE_RECORDING_STORE, "root", f->root, "batch-size", 250, NULL);
  g_signal_connect (store, "items-changed", G_CALLBACK (count_changes), &changes);
  astrix_recording_store_load (store);
  /* The first rows come long before the rest. */
  WAIT_UNTIL (changes.signals > 0, 2000);
  g_assert_cmpuint (changes.first_added, <=, 100);
  g_assert_true (astrix_recording_store_get_loading (store));
  WAIT_UNTIL (!astrix_recording_store_get_loading (store), 10000);
  g_assert_cmpuint (changes.added, ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  /* ... but not one signal a batch: the view would resort too often. */
  g_assert_cmpuint (changes.signals, >=, 2);
  g_assert_cmpuint (changes.signals, <, n / 250);
}

static void
test_monitor (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  if (f->root == NULL)
    return;
  sox (f, "first.wav", NULL, NULL, "1");
  store = load (f, TRUE);
  g_assert_true (_astrix_recording_store_get_watching (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* A new file, a new folder with a file, a removal: no refresh needed. */
  sox (f, "20261126-120000-1795670000.1.wav", "u-law", NULL, "1");
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "20261126-120000-1795670000.1.wav") != NULL,
              5000);
  sox (f, "new-client/call-1.wav", NULL, NULL, "1");
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "new-client/call-1.wav") != NULL, 5000);
  sox (f, "new-client/call-2.wav", NULL, NULL, "1");
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "new-client/call-2.wav") != NULL, 5000);
  path = path_in (f, "first.wav");
  g_assert_cmpint (g_unlink (path), ==, 0);
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "first.wav") == NULL, 5000);
  dir = path_in (f, "new-client");
  g_clear_pointer (&path, g_free);
  path = path_in (f, "moved-client");
  g_assert_cmpint (g_rename (dir, path), ==, 0);
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "new-client/call-1.wav") == NULL, 5000);
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "moved-client/call-2.wav") != NULL, 5000);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (store)) == 3, 5000);
  g_assert_null (_astrix_recording_store_lookup (store, "new-client/call-2.wav"));
}

static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  g_autofree char *path = NULL;

  if (f->root == NULL)
    return;
  sox (f, "first.wav", NULL, NULL, "1");
  store = load (f, FALSE);
  g_assert_false (_astrix_recording_store_get_watching (store));
  sox (f, "second.wav", NULL, NULL, "2");
  path = path_in (f, "first.wav");
  g_assert_cmpint (g_unlink (path), ==, 0);
  wait_ms (100);
  g_assert_nonnull (_astrix_recording_store_lookup (store, "first.wav"));
  astrix_recording_store_refresh (store);
  WAIT_UNTIL (!astrix_recording_store_get_loading (store), 3000);
  g_assert_null (_astrix_recording_store_lookup (store, "first.wav"));
  g_assert_nonnull (_astrix_recording_store_lookup (store, "second.wav"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
}

static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) nowhere = NULL;
  g_autoptr(AstrixRecordingStore) store = NULL;

  if (f->root == NULL)
    return;
  nowhere = g_file_get_child (f->root, "does-not-exist");
  store = _astrix_recording_store_new (nowhere, NULL);
  astrix_recording_store_load (store);
  WAIT_UNTIL (!astrix_recording_store_get_loading (store), 3000);
  g_assert_nonnull (astrix_recording_store_get_error (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static AmiMessage *
newchannel (const char *channel,
            const char *uniqueid,
            const char *number,
            const char *name)
{
  return ami_message_new ("Event", "Newchannel", "Privilege", "call,all", "Channel", channel,
                          "ChannelState", "4", "ChannelStateDesc", "Ring",
                          "CallerIDNum", number, "CallerIDName", name,
                          "ConnectedLineNum", "<unknown>", "ConnectedLineName", "<unknown>",
                          "Language", "en", "AccountCode", "", "Context", "from-trunk",
                          "Exten", "5550100", "Priority", "1", "Uniqueid", uniqueid,
                          "Linkedid", uniqueid, NULL);
}

/* Counts the changes of one item in place */
static void
on_caller_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   guint      *changed)
{
  g_autoptr(AstrixRecording) recording = g_list_model_get_item (model, position);

  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 1);
  g_assert_nonnull (astrix_recording_get_caller (recording));
  (*changed)++;
}

static void
test_callers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  guint changed = 0;
  g_autoptr(AstrixChannelStore) channels = astrix_channel_store_new ("pbx");
  g_autoptr(AmiMessage) first = newchannel ("PJSIP/trunk-00000001", "1795666433.57", "+15551230001",
                                            "Ada Lovelace");
  g_autoptr(AmiMessage) second = newchannel ("PJSIP/trunk-00000002", "1795670000.2", "+15551230002",
                                             "Grace Hopper");

  if (f->root == NULL)
    return;
  sox (f, "20261126-101500-1795666433.57.wav", NULL, NULL, "1");
  astrix_channel_store_handle_event (channels, first);
  _astrix_channel_store_flush (channels);
  store = load (f, TRUE);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_caller_changed), &changed);
  astrix_recording_store_set_channel_store (store, channels);
  g_assert_nonnull (strstr (astrix_recording_get_caller (
                              lookup (store, "20261126-101500-1795666433.57.wav")),
                            "Ada Lovelace"));
  /* What a search finds in it changed: views that keep it are told, as for a changed item */
  g_assert_cmpuint (changed, ==, 1);
  g_signal_handlers_disconnect_by_func (store, on_caller_changed, &changed);

  /* A call that starts after the folder was read; its recording comes later. */
  astrix_channel_store_handle_event (channels, second);
  _astrix_channel_store_flush (channels);
  sox (f, "1795670000.2.wav", NULL, NULL, "1");
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "1795670000.2.wav") != NULL, 5000);
  g_assert_nonnull (strstr (astrix_recording_get_caller (lookup (store, "1795670000.2.wav")),
                            "Grace Hopper"));
  astrix_recording_store_set_channel_store (store, NULL);
}

static AmiMessage *
linked_channel (const char *channel,
                const char *uniqueid,
                const char *linkedid)
{
  return ami_message_new ("Event", "Newchannel", "Privilege", "call,all", "Channel", channel,
                          "ChannelState", "6", "ChannelStateDesc", "Up",
                          "CallerIDNum", "1001", "CallerIDName", "Agent",
                          "ConnectedLineNum", "<unknown>", "ConnectedLineName", "<unknown>",
                          "Language", "en", "AccountCode", "", "Context", "agents",
                          "Exten", "1001", "Priority", "1", "Uniqueid", uniqueid,
                          "Linkedid", linkedid, NULL);
}

static void
hang_up (AstrixChannelStore *channels,
         const char         *channel,
         const char         *uniqueid,
         const char         *linkedid)
{
  g_autoptr(AmiMessage) hangup = ami_message_new ("Event", "Hangup", "Privilege", "call,all",
                                                  "Channel", channel, "Uniqueid", uniqueid,
                                                  "Linkedid", linkedid, "Cause", "16",
                                                  "Cause-txt", "Normal Clearing", NULL);

  astrix_channel_store_handle_event (channels, hangup);
  _astrix_channel_store_flush (channels);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The recordings of calls still going on are marked with a channel to listen to, and the
 * mark goes when the call ends; a linked channel keeps the call going. */
static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  g_autoptr(AstrixChannelStore) channels = astrix_channel_store_new ("pbx");
  g_autoptr(AmiMessage) customer = newchannel ("PJSIP/trunk-00000005", "1795680000.5",
                                               "+15551230005", "Alan Turing");
  g_autoptr(AmiMessage) agent = linked_channel ("PJSIP/1001-00000006", "1795680000.6",
                                                "1795680000.5");
  g_autoptr(AmiMessage) other = linked_channel ("PJSIP/1002-00000009", "1795690000.9",
                                                "1795690000.8");
  AstrixRecording *dated, *by_linkedid, *late;
  guint notified = 0;

  if (f->root == NULL)
    return;
  sox (f, "20261126-110000-1795680000.5.wav", NULL, NULL, "1");
  sox (f, "1795690000.8.wav", NULL, NULL, "1");
  sox (f, "1795700000.1.wav", NULL, NULL, "1");
  store = load (f, TRUE);
  dated = lookup (store, "20261126-110000-1795680000.5.wav");
  by_linkedid = lookup (store, "1795690000.8.wav");
  g_assert_null (astrix_recording_get_live_channel (dated));

  /* The calls start after the folder was read */
  astrix_recording_store_set_channel_store (store, channels);
  g_signal_connect (dated, "notify::live-channel", G_CALLBACK (count_notify), &notified);
  astrix_channel_store_handle_event (channels, customer);
  astrix_channel_store_handle_event (channels, agent);
  astrix_channel_store_handle_event (channels, other);
  _astrix_channel_store_flush (channels);
  g_assert_cmpstr (astrix_recording_get_live_channel (dated), ==, "PJSIP/trunk-00000005");
  g_assert_cmpuint (notified, ==, 1);
  /* Only its Linkedid is live (the channel that started the call is gone) */
  g_assert_cmpstr (astrix_recording_get_live_channel (by_linkedid), ==, "PJSIP/1002-00000009");
  g_assert_null (astrix_recording_get_live_channel (lookup (store, "1795700000.1.wav")));

  /* A recording that appears while its call goes on (MixMonitor just started) */
  sox (f, "1795680000.6.wav", NULL, NULL, "1");
  WAIT_UNTIL (_astrix_recording_store_lookup (store, "1795680000.6.wav") != NULL, 5000);
  late = lookup (store, "1795680000.6.wav");
  g_assert_cmpstr (astrix_recording_get_live_channel (late), ==, "PJSIP/1001-00000006");

  /* The customer hangs up; the agent's leg is still in the call */
  hang_up (channels, "PJSIP/trunk-00000005", "1795680000.5", "1795680000.5");
  g_assert_cmpstr (astrix_recording_get_live_channel (dated), ==, "PJSIP/1001-00000006");
  hang_up (channels, "PJSIP/1001-00000006", "1795680000.6", "1795680000.5");
  g_assert_null (astrix_recording_get_live_channel (dated));
  g_assert_null (astrix_recording_get_live_channel (late));
  g_assert_cmpuint (notified, ==, 3);
  g_assert_nonnull (astrix_recording_get_live_channel (by_linkedid));

  /* Without the live calls nothing is marked */
  astrix_recording_store_set_channel_store (store, NULL);
  g_assert_null (astrix_recording_get_live_channel (by_linkedid));
  g_signal_handlers_disconnect_by_func (dated, count_notify, &notified);
}

/* MixMonitor's WAV while it records, or after the PBX stopped mid-call: sizes 0. */
static void
zero_wav_sizes (Fixture    *f,
                const char *relative)
{
  g_autofree char *path = path_in (f, relative);
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize at = 12;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  memset (contents + 4, 0, 4);
  while (at + 8 <= MIN (len, 256) && memcmp (contents + at, "data", 4) != 0)
    at++;
  g_assert_cmpuint (at + 8, <=, MIN (len, 256));
  memset (contents + at + 4, 0, 4);
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
}

/* The prober gives a WAV whose header was never written its real length, from its size. */
static void
test_no_header (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AstrixRecordingStore) store = NULL;
  AstrixRecording *pcm, *ulaw;

  if (f->root == NULL)
    return;
  sox (f, "1795680000.7.wav", NULL, NULL, "3");
  sox (f, "1795680000.8.wav", "u-law", NULL, "2");
  zero_wav_sizes (f, "1795680000.7.wav");
  zero_wav_sizes (f, "1795680000.8.wav");
  store = load (f, FALSE);
  pcm = lookup (store, "1795680000.7.wav");
  ulaw = lookup (store, "1795680000.8.wav");
  astrix_recording_store_request_duration (store, pcm);
  astrix_recording_store_request_duration (store, ulaw);
  WAIT_UNTIL (astrix_recording_get_status (pcm) == ASTRIX_RECORDING_STATUS_OK &&
              astrix_recording_get_status (ulaw) == ASTRIX_RECORDING_STATUS_OK, 5000);
  g_assert_cmpint (astrix_recording_get_duration (pcm), ==, 3000);
  g_assert_cmpint (astrix_recording_get_format (pcm), ==, ASTRIX_RECORDING_FORMAT_WAV_PCM);
  g_assert_cmpint (astrix_recording_get_duration (ulaw), ==, 2000);
  g_assert_cmpint (astrix_recording_get_format (ulaw), ==, ASTRIX_RECORDING_FORMAT_WAV_ULAW);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/recording-store/list", test_list);
  ADD ("/recording-store/durations", test_durations);
  ADD ("/recording-store/unreadable", test_unreadable);
  ADD ("/recording-store/vanished", test_vanished);
  ADD ("/recording-store/batches", test_batches);
  ADD ("/recording-store/monitor", test_monitor);
  ADD ("/recording-store/refresh", test_refresh);
  ADD ("/recording-store/missing-folder", test_missing_folder);
  ADD ("/recording-store/callers", test_callers);
  ADD ("/recording-store/live", test_live);
  ADD ("/recording-store/no-header", test_no_header);
#undef ADD
  return g_test_run ();
}

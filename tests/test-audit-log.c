/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "astrix-audit-log.h"
#include "astrix-audit-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "files.h"
#include "wait.h"

/*
 * The audit log: what is written (JSON Lines, escaped right), that the file is only ever
 * appended to, that a line torn by a crash is skipped and the next record starts on a line of
 * its own, reading back newest first, searching, and monitoring sessions written as they go.
 */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("astrix-audit-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "sub", "audit.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  remove_tree (dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (astrix_audit_log_load_finish (ASTRIX_AUDIT_LOG (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
load_into (AstrixAuditLog *log)
{
  gboolean done = FALSE;

  astrix_audit_log_load_async (log, NULL, on_loaded, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A new log on @path, with the file read. */
static AstrixAuditLog *
load (const char *path)
{
  AstrixAuditLog *log = astrix_audit_log_new (path);

  load_into (log);
  return log;
}

static AstrixAuditEntry *
entry_at (AstrixAuditLog *log,
          guint           position)
{
  g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (entry);
  return entry; /* the log keeps it */
}

static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static void
append_raw (const char *path,
            const char *bytes,
            gssize      length)
{
  FILE *file = fopen (path, "ab");

  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (bytes, 1, length < 0 ? strlen (bytes) : (gsize) length, file), >, 0);
  fclose (file);
}

static AstrixServerConfig *
server_config (void)
{
  return g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                       "name", "Main PBX",
                       "host", "pbx.example.com",
                       "port", 5038u,
                       "username", "supervisor",
                       "endpoint", "PJSIP/2000",
                       NULL);
}

static void
sleep_a_little (void)
{
  /* Distinct start times, so newest first is defined. */
  g_usleep (2000);
}

/* Writing and reading back */

static void
test_write_and_read (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = server_config ();
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  AstrixAuditLog *reread;
  AstrixAuditEntry *entry;
  AstrixAuditChange *change;
  GPtrArray *changes;
  gint64 before = g_get_real_time ();

  first = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config, "PJSIP/1001-0000002a",
                                  "Ada Lovelace <+15551230001>", "listen");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_assert_true (astrix_audit_entry_get_live (entry_at (log, 0)));
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (entry_at (log, 0)), ==, "In progress");
  astrix_audit_log_change (log, first, "state", "active");
  astrix_audit_log_change (log, first, "mode", "whisper");
  astrix_audit_log_change (log, first, "mode", "barge");
  astrix_audit_log_end (log, first, ASTRIX_AUDIT_OUTCOME_ENDED, "Monitoring stopped.");
  sleep_a_little ();
  second = _astrix_audit_log_record (log, ASTRIX_AUDIT_PHONE_PLAYBACK, config,
                                     "20261126-104501-1795667052.0.wav", NULL, NULL,
                                     before, before + 65 * G_USEC_PER_SEC,
                                     ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  /* Newest first, also while it happens. */
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (log, 0)), ==, first);
  g_assert_finalize_object (log);

  contents = read_file (f->path);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6 + 1);
  g_assert_cmpstr (lines[6], ==, "");
  g_assert_true (g_str_has_prefix (lines[0], "{\"v\":1,\"time\":\""));
  g_assert_nonnull (strstr (lines[0], "\"event\":\"start\""));
  g_assert_nonnull (strstr (lines[0], "\"kind\":\"monitor\""));
  g_assert_nonnull (strstr (lines[0], "\"ami_user\":\"supervisor\""));
  g_assert_nonnull (strstr (lines[0], "\"server_uri\":\"ami://supervisor@pbx.example.com:5038\""));
  g_assert_nonnull (strstr (lines[4], "\"event\":\"end\""));
  g_assert_nonnull (strstr (lines[5], "\"event\":\"record\""));

  reread = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 2);
  g_assert_cmpuint (_astrix_audit_log_get_n_skipped (reread), ==, 0);
  entry = entry_at (reread, 0);
  g_assert_cmpstr (astrix_audit_entry_get_id (entry), ==, first);
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry), ==, ASTRIX_AUDIT_MONITOR);
  g_assert_cmpstr (astrix_audit_entry_get_local_user (entry), ==, g_get_user_name ());
  g_assert_cmpstr (astrix_audit_entry_get_host (entry), ==, g_get_host_name ());
  g_assert_cmpstr (_astrix_audit_entry_get_ami_user (entry), ==, "supervisor");
  g_assert_cmpstr (_astrix_audit_entry_get_server (entry), ==, "Main PBX");
  g_assert_cmpstr (_astrix_audit_entry_get_endpoint (entry), ==, "PJSIP/2000");
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry), ==, "PJSIP/1001-0000002a");
  g_assert_cmpstr (_astrix_audit_entry_get_caller (entry), ==, "Ada Lovelace <+15551230001>");
  g_assert_cmpint (astrix_audit_entry_get_started (entry), >=, before);
  g_assert_cmpint (_astrix_audit_entry_get_ended (entry), >=,
                   astrix_audit_entry_get_started (entry));
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==, "Monitoring stopped.");
  g_assert_false (astrix_audit_entry_get_live (entry));
  changes = _astrix_audit_entry_get_changes (entry);
  g_assert_cmpuint (changes->len, ==, 3);
  change = g_ptr_array_index (changes, 1);
  g_assert_cmpstr (change->what, ==, "mode");
  g_assert_cmpstr (change->value, ==, "whisper");
  g_assert_cmpint (change->time, >=, astrix_audit_entry_get_started (entry));
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==,
                   "Listen → Whisper → Barge in");

  entry = entry_at (reread, 1);
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry), ==, ASTRIX_AUDIT_PHONE_PLAYBACK);
  g_assert_cmpint (astrix_audit_entry_get_started (entry), ==, before);
  g_assert_cmpstr (astrix_audit_entry_get_duration_text (entry), ==, "01:05");
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==, "Played on the phone");
  g_assert_finalize_object (reread);
}

/* Only ever appended to: what was written stays byte for byte, in the same file. */
static void
test_never_rewritten (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = server_config ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  GStatBuf first_stat;
  GStatBuf second_stat;
  AstrixAuditLog *log;

  log = astrix_audit_log_new (f->path);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config,
                                                    "PJSIP/1001-1", NULL, "listen");

      astrix_audit_log_end (log, id, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
    }
  g_assert_finalize_object (log);
  before = read_file (f->path);
  g_assert_cmpint (g_stat (f->path, &first_stat), ==, 0);
  /* For this user only. */
  g_assert_cmpint (first_stat.st_mode & 0777, ==, 0600);
  {
    GStatBuf dir_stat;

    g_assert_cmpint (g_stat (dir, &dir_stat), ==, 0);
    g_assert_cmpint (dir_stat.st_mode & 0777, ==, 0700);
  }

  /* Another log object reads it all, then writes: the old bytes are untouched. */
  log = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  g_free (astrix_audit_log_begin (log, ASTRIX_AUDIT_DESKTOP_PLAYBACK, NULL, "file.wav", NULL,
                                  NULL));
  g_assert_finalize_object (log);
  after = read_file (f->path);
  g_assert_cmpint (g_stat (f->path, &second_stat), ==, 0);
  g_assert_true (g_str_has_prefix (after, before));
  g_assert_cmpuint (strlen (after), >, strlen (before));
  g_assert_cmpuint (first_stat.st_ino, ==, second_stat.st_ino);
}

/* A crash in the middle of a write: the torn line is skipped, nothing else is lost, and the
 * next record starts on a line of its own. */
static void
test_torn_line (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = server_config ();
  g_autofree char *whole = NULL;
  g_autofree char *torn_file = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *next = NULL;
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  g_autoptr(GString) line = g_string_new (NULL);
  const char *torn;

  kept = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config, "PJSIP/1001-1",
                                 "Kept <1>", "listen");
  astrix_audit_log_end (log, kept, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  g_assert_finalize_object (log);
  whole = read_file (f->path);

  /* The first half of a start record, as a crash would leave it. */
  torn = "{\"v\":1,\"time\":\"2026-11-26T05:00:00.000001Z\",\"event\":\"start\","
         "\"id\":\"torn\",\"kind\":\"mon";
  append_raw (f->path, torn, -1);
  torn_file = read_file (f->path);

  log = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_assert_cmpuint (_astrix_audit_log_get_n_skipped (log), ==, 1);
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (log, 0)), ==, kept);

  /* The next record: after a newline of its own, the torn bytes left as they are. */
  sleep_a_little ();
  next = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config, "PJSIP/1002-2", "Next <2>",
                                 "whisper");
  astrix_audit_log_end (log, next, ASTRIX_AUDIT_OUTCOME_FAILED, "Your phone PJSIP/2000 is busy.");
  g_assert_finalize_object (log);
  after = read_file (f->path);
  g_assert_true (g_str_has_prefix (after, torn_file));
  g_string_append_printf (line, "%s\n{\"v\":1,", torn);
  if (strstr (after, line->str) == NULL)
    g_error ("no “%s” in:\n%s", line->str, after);

  log = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);
  g_assert_cmpuint (_astrix_audit_log_get_n_skipped (log), ==, 1);
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (log, 0)), ==, next);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry_at (log, 0)), ==,
                   ASTRIX_AUDIT_OUTCOME_FAILED);
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (entry_at (log, 0)), ==,
                   "Failed: Your phone PJSIP/2000 is busy.");
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (log, 1)), ==, kept);
  g_assert_finalize_object (log);
}

/* Lines that are not records of ours are skipped, one by one; the rest is read. */
static void
test_garbage_lines (Fixture       *f,
                    gconstpointer  data)
{
  static const char good[] =
    "{\"v\":1,\"time\":\"2026-11-26T05:00:00Z\",\"event\":\"start\",\"id\":\"a\","
    "\"kind\":\"monitor\",\"target\":\"PJSIP/1001-1\","
    "\"extra\":{\"nested\":[1,2,{\"x\":null}]},\"n\":-1.5e3,\"b\":true}\n";
  g_autofree char *dir = g_path_get_dirname (f->path);
  AstrixAuditLog *log;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  append_raw (f->path, "\n\n", -1);
  append_raw (f->path, "not json at all\n", -1);
  append_raw (f->path, "{}\n", -1);
  append_raw (f->path, "[1,2]\n", -1);
  append_raw (f->path, "{\"id\":\"b\",\"event\":\"start\",\"target\":\"\xff\xfe\"}\n", -1);
  append_raw (f->path, "{\"id\":\"c\",\"event\":\"start\"} trailing\n", -1);
  append_raw (f->path, "{\"id\":\"d\",\"event\":\"start\",\"target\":\"a\nb\"}\n", -1);
  append_raw (f->path, good, -1);
  append_raw (f->path, "{\"id\":\"e\",\"event\":\"start\",\"x\":\"\\ud800\"}\n", -1);
  append_raw (f->path, "\0\0\0\n", 4);
  /* A future version's line: read for what it has. */
  append_raw (f->path, "{\"v\":7,\"time\":\"2027-01-01T00:00:00Z\",\"event\":\"start\","
                       "\"id\":\"f\",\"kind\":\"teleport\"}\n", -1);

  log = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (log, 0)), ==, "f");
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry_at (log, 0)), ==, ASTRIX_AUDIT_OTHER);
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry_at (log, 0)), ==, "teleport");
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry_at (log, 1)), ==, "PJSIP/1001-1");
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (entry_at (log, 1)), ==, "No end recorded");
  /* "not json", {}, [1,2], invalid UTF-8, trailing, raw newline in a string (two halves),
   * a lone surrogate, NULs */
  g_assert_cmpuint (_astrix_audit_log_get_n_skipped (log), ==, 9);
  g_assert_finalize_object (log);
}

/* Escaping: whatever a caller's name holds comes back as it was, on one line. */
static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  static const char *const names[] = {
    "\"Big\" Tony \\ Russo", "line\nbreak\r\nand\ttab", "bell\x07 esc\x1b del\x7f",
    "separators\xe2\x80\xa8" "and\xe2\x80\xa9", "Łukasz Żółć 渡辺 健 🎧", "",
    "}{\"id\":\"injected\",\"event\":\"end\"}",
  };
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (ids, astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, NULL, "PJSIP/1-1",
                                                  names[i], NULL));
  /* Invalid UTF-8 is replaced, not written. */
  g_ptr_array_add (ids, astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, NULL, "PJSIP/1-1",
                                                "bad \xff\xfe bytes", NULL));
  g_assert_finalize_object (log);

  contents = read_file (f->path);
  lines = g_strsplit (contents, "\n", -1);
  /* Their starts, then their ends (interrupted: the log went away first). */
  g_assert_cmpuint (g_strv_length (lines), ==, 2 * ids->len + 1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(GHashTable) record = _astrix_audit_json_parse_object (lines[i], strlen (lines[i]));

      g_assert_nonnull (record);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
      for (const char *p = lines[i]; *p != '\0'; p++)
        g_assert_cmpint ((guchar) *p, >=, 0x20);
      g_assert_null (strstr (lines[i], "\xe2\x80\xa8"));
      if (i < ids->len)
        g_assert_cmpstr (g_hash_table_lookup (record, "id"), ==, g_ptr_array_index (ids, i));
    }

  log = load (f->path);
  g_assert_null (_astrix_audit_log_lookup (log, "injected"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (_astrix_audit_entry_get_caller (
                       _astrix_audit_log_lookup (log, g_ptr_array_index (ids, i))),
                     ==, names[i]);
  g_assert_cmpstr (_astrix_audit_entry_get_caller (
                     _astrix_audit_log_lookup (log, g_ptr_array_index (ids, ids->len - 1))),
                   ==, "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
  g_assert_finalize_object (log);
}

static void
test_parser (void)
{
  static const struct
  {
    const char *text;
    const char *key;
    const char *value;   /* NULL: refused */
  } cases[] = {
    { "{\"a\":\"x\"}", "a", "x" },
    { " \t{ \"a\" : \"x\" , \"b\" : 1 } \r", "a", "x" },
    { "{\"a\":\"\\u00e9\\u20ac\\ud83c\\udfa7\"}", "a", "é€🎧" },
    { "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "a", "\"\\/\b\f\n\r\t" },
    /* A number is read for its value, as JSON writes it back */
    { "{\"a\":-0.5e+3}", "a", "-500" },
    { "{\"a\":false}", "a", "false" },
    { "{\"a\":null,\"b\":\"y\"}", "b", "y" },
    { "{\"a\":{\"b\":[[],{}]},\"c\":\"z\"}", "c", "z" },
    { "{\"a\":\"x\"", NULL, NULL },
    { "{\"a\":\"x\"}}", NULL, NULL },
    { "{\"a\" \"x\"}", NULL, NULL },
    { "{\"a\":\"x\",}", NULL, NULL },
    { "{\"a\":\"\\x\"}", NULL, NULL },
    { "{\"a\":\"\\udc00\"}", NULL, NULL },
    { "{\"a\":\"\\u0000\"}", NULL, NULL },
    { "{\"a\":tru}", NULL, NULL },
    { "{\"a\":+1}", NULL, NULL },
    { "{'a':'x'}", NULL, NULL },
    { "", NULL, NULL },
    { "{\"a\":\"x\"} {\"b\":\"y\"}", NULL, NULL },
    { "var v = {\"a\":\"x\"}", NULL, NULL },
    { "{\"a\":.5}", NULL, NULL },
    { "{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) members = _astrix_audit_json_parse_object (cases[i].text,
                                                                       strlen (cases[i].text));

      if (cases[i].value == NULL)
        {
          if (members != NULL)
            g_error ("accepted: %s", cases[i].text);
          continue;
        }
      if (members == NULL)
        g_error ("refused: %s", cases[i].text);
      g_assert_cmpstr (g_hash_table_lookup (members, cases[i].key), ==, cases[i].value);
    }
}

/* Searching */

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = server_config ();
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  g_autofree char *a = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config,
                                               "PJSIP/1001-0000002a", "José Álvarez", "listen");
  g_autofree char *b = NULL;
  AstrixAuditEntry *first;
  AstrixAuditEntry *second;

  astrix_audit_log_change (log, a, "mode", "barge");
  astrix_audit_log_end (log, a, ASTRIX_AUDIT_OUTCOME_ENDED, "The call has ended.");
  b = astrix_audit_log_begin (log, ASTRIX_AUDIT_PHONE_PLAYBACK, config, "client-7/call-9.wav",
                              NULL, NULL);
  first = _astrix_audit_log_lookup (log, a);
  second = _astrix_audit_log_lookup (log, b);

  g_assert_true (astrix_audit_entry_matches (first, NULL));
  g_assert_true (astrix_audit_entry_matches (first, ""));
  g_assert_true (astrix_audit_entry_matches (first, "josé"));
  g_assert_true (astrix_audit_entry_matches (first, "ÁLVAREZ pjsip/1001"));
  g_assert_true (astrix_audit_entry_matches (first, "barge"));
  g_assert_true (astrix_audit_entry_matches (first, "main pbx"));
  g_assert_true (astrix_audit_entry_matches (first, "supervisor"));
  g_assert_true (astrix_audit_entry_matches (first, g_get_user_name ()));
  g_assert_true (astrix_audit_entry_matches (first, "ended"));
  g_assert_false (astrix_audit_entry_matches (first, "josé 1002"));
  g_assert_false (astrix_audit_entry_matches (second, "josé"));
  g_assert_true (astrix_audit_entry_matches (second, "call-9 phone"));
  g_assert_true (astrix_audit_entry_matches (second, "in progress"));
  g_assert_finalize_object (log);
}

/* Ends and interruptions */

static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = server_config ();
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  g_autofree char *id = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config, "PJSIP/1-1",
                                                NULL, "listen");
  AstrixAuditLog *reader;

  /* A crash now would leave a start without an end. */
  reader = load (f->path);
  g_assert_cmpint (astrix_audit_entry_get_outcome (_astrix_audit_log_lookup (reader, id)), ==,
                   ASTRIX_AUDIT_OUTCOME_OPEN);
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (_astrix_audit_log_lookup (reader, id)), ==,
                   "No end recorded");
  g_assert_finalize_object (reader);

  /* Closing the app with it going on writes it as interrupted. */
  g_assert_finalize_object (log);
  reader = load (f->path);
  g_assert_cmpint (astrix_audit_entry_get_outcome (_astrix_audit_log_lookup (reader, id)), ==,
                   ASTRIX_AUDIT_OUTCOME_INTERRUPTED);
  g_assert_finalize_object (reader);
}

static void
on_write_failed (AstrixAuditLog *log,
                 const char     *sentence,
                 char          **out)
{
  g_free (*out);
  *out = g_strdup (sentence);
}

/* A run killed while it monitored (SIGKILL, a crash, the power) left a start without an end:
 * the next start closes it, only this computer's and user's. */
static void
test_close_unfinished (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = server_config ();
  g_autofree char *killed_path = g_build_filename (f->dir, "killed.jsonl", NULL);
  AstrixAuditLog *killed = astrix_audit_log_new (killed_path);
  g_autofree char *id = astrix_audit_log_begin (killed, ASTRIX_AUDIT_MONITOR, config, "PJSIP/1-1",
                                                NULL, "listen");
  g_autofree char *other_id = NULL;
  g_autofree char *live_id = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *host = g_strdup_printf ("\"host\":\"%s\"", g_get_host_name ());
  g_auto(GStrv) parts = NULL;
  g_autofree char *elsewhere = NULL;
  AstrixAuditLog *log;
  AstrixAuditEntry *entry;
  AstrixAuditChange *change;

  sleep_a_little ();
  astrix_audit_log_change (killed, id, "mode", "whisper");
  other_id = astrix_audit_log_begin (killed, ASTRIX_AUDIT_MONITOR, config, "PJSIP/2-2", NULL,
                                     "listen");
  /* What the killed run left: its lines, one of them as another computer's */
  lines = read_file (killed_path);
  {
    g_autofree char *dir = g_path_get_dirname (f->path);

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  }
  parts = g_strsplit (lines, "\n", -1);
  for (guint i = 0; parts[i] != NULL && parts[i][0] != '\0'; i++)
    {
      if (strstr (parts[i], other_id) != NULL)
        {
          g_auto(GStrv) halves = g_strsplit (parts[i], host, 2);

          g_assert_nonnull (halves[1]);
          elsewhere = g_strjoinv ("\"host\":\"elsewhere.example\"", halves);
          append_raw (f->path, elsewhere, -1);
        }
      else
        append_raw (f->path, parts[i], -1);
      append_raw (f->path, "\n", -1);
    }
  g_assert_finalize_object (killed);

  log = load (f->path);
  live_id = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, config, "PJSIP/3-3", NULL, "listen");
  g_assert_cmpuint (astrix_audit_log_close_unfinished (log), ==, 1);
  entry = _astrix_audit_log_lookup (log, id);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==, "Ended with the app.");
  change = g_ptr_array_index (_astrix_audit_entry_get_changes (entry), 0);
  g_assert_cmpint (_astrix_audit_entry_get_ended (entry), >=, change->time);
  g_assert_cmpint (_astrix_audit_entry_get_ended (entry), <=, g_get_real_time ());
  /* Another computer's app may still be at it; this run's own is going on. */
  g_assert_cmpint (astrix_audit_entry_get_outcome (_astrix_audit_log_lookup (log, other_id)), ==,
                   ASTRIX_AUDIT_OUTCOME_OPEN);
  g_assert_true (astrix_audit_entry_get_live (_astrix_audit_log_lookup (log, live_id)));
  /* Once only */
  g_assert_cmpuint (astrix_audit_log_close_unfinished (log), ==, 0);
  astrix_audit_log_end (log, live_id, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  g_assert_finalize_object (log);

  /* The end is in the file, for the next reader */
  log = load (f->path);
  entry = _astrix_audit_log_lookup (log, id);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (entry), ==,
                   "Interrupted: Ended with the app.");
  g_assert_cmpuint (astrix_audit_log_close_unfinished (log), ==, 0);
  g_assert_finalize_object (log);
}

static void
test_write_failed (Fixture       *f,
                   gconstpointer  data)
{
  /* The path is a folder: nothing can be appended to it. */
  AstrixAuditLog *log = astrix_audit_log_new (f->dir);
  g_autofree char *sentence = NULL;
  g_autofree char *id = NULL;

  g_signal_connect (log, "write-failed", G_CALLBACK (on_write_failed), &sentence);
  id = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, NULL, "PJSIP/1-1", NULL, "listen");
  g_assert_nonnull (sentence);
  g_assert_true (g_str_has_prefix (sentence, "The activity could not be written to the audit log"));
  /* Shown anyway. */
  g_assert_nonnull (_astrix_audit_log_lookup (log, id));
  g_clear_pointer (&sentence, g_free);
  /* Its end (interrupted) cannot be written either, and is said too. */
  g_assert_finalize_object (log);
  g_assert_nonnull (sentence);
}

static void
test_default_path (void)
{
  g_autofree char *path = _astrix_audit_log_default_path ();
  g_autofree char *expected = g_build_filename (g_getenv ("XDG_DATA_HOME"), "astrix-assist",
                                                "audit.jsonl", NULL);
  AstrixAuditLog *log = astrix_audit_log_new (NULL);

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (astrix_audit_log_get_path (log), ==, expected);
  g_assert_finalize_object (log);
}

/* Loading merges with what this session wrote already, without doubles. */
static void
test_load_merges (Fixture       *f,
                  gconstpointer  data)
{
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  g_autofree char *old = astrix_audit_log_begin (log, ASTRIX_AUDIT_MONITOR, NULL, "PJSIP/1-1",
                                                 NULL, "listen");
  g_autofree char *live = NULL;
  AstrixAuditLog *second;

  astrix_audit_log_end (log, old, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  g_assert_finalize_object (log);

  second = astrix_audit_log_new (f->path);
  sleep_a_little ();
  live = astrix_audit_log_begin (second, ASTRIX_AUDIT_MONITOR, NULL, "PJSIP/2-2", NULL, "listen");
  load_into (second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 2);
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (second, 0)), ==, live);
  g_assert_true (astrix_audit_entry_get_live (entry_at (second, 0)));
  g_assert_cmpstr (astrix_audit_entry_get_id (entry_at (second, 1)), ==, old);
  astrix_audit_log_end (second, live, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  g_assert_finalize_object (second);
}

/* Monitoring sessions, against the simulated PBX */

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  char               *target;
} Pbx;

static void
pbx_start (Pbx        *p,
           const char *endpoint)
{
  g_autoptr(GError) error = NULL;

  p->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (p->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_start (p->pbx, 0, &error));
  g_assert_no_error (error);
  p->target = astrix_demo_pbx_add_call (p->pbx, "1001", "+15551230001", "Ada Lovelace");
  p->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (p->pbx),
                            "username", "astrix_proxy",
                            "endpoint", endpoint,
                            NULL);
  p->connection = astrix_connection_new (p->config);
  astrix_connection_start (p->connection, "SecurePassword123!");
  WAIT_UNTIL (astrix_connection_get_state (p->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
}

static void
pbx_stop (Pbx *p)
{
  astrix_connection_stop (p->connection);
  wait_ms (50);
  g_clear_object (&p->connection);
  g_clear_object (&p->config);
  astrix_demo_pbx_stop (p->pbx);
  g_clear_object (&p->pbx);
  g_free (p->target);
}

static void
test_watch_session (Fixture       *f,
                    gconstpointer  data)
{
  Pbx p = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixMonitorSession) session = NULL;
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  AstrixAuditLog *reread;
  AstrixAuditEntry *entry;
  GPtrArray *changes;

  pbx_start (&p, "PJSIP/2000");
  session = astrix_connection_create_session (p.connection, p.target, ASTRIX_MONITOR_MODE_LISTEN,
                                              &error);
  g_assert_no_error (error);
  /* Watched before it starts: nothing is written until it does. */
  astrix_audit_log_watch_session (log, session, p.config);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 3000);
  astrix_monitor_session_set_mode (session, ASTRIX_MONITOR_MODE_WHISPER);
  WAIT_UNTIL (astrix_monitor_session_get_mode (session) == ASTRIX_MONITOR_MODE_WHISPER, 3000);
  astrix_monitor_session_stop (session);
  WAIT_UNTIL (!astrix_monitor_session_is_running (session), 3000);
  entry = entry_at (log, 0);
  g_assert_false (astrix_audit_entry_get_live (entry));
  g_assert_finalize_object (log);

  reread = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 1);
  entry = entry_at (reread, 0);
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry), ==, ASTRIX_AUDIT_MONITOR);
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry), ==, p.target);
  g_assert_cmpstr (_astrix_audit_entry_get_ami_user (entry), ==, "astrix_proxy");
  g_assert_cmpstr (_astrix_audit_entry_get_server (entry), ==, "Test PBX");
  g_assert_cmpstr (_astrix_audit_entry_get_endpoint (entry), ==, "PJSIP/2000");
  g_assert_cmpstr (_astrix_audit_entry_get_detail (entry), ==, "listen");
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==, "Monitoring stopped.");
  changes = _astrix_audit_entry_get_changes (entry);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (((AstrixAuditChange *) g_ptr_array_index (changes, 0))->value, ==, "active");
  g_assert_cmpstr (((AstrixAuditChange *) g_ptr_array_index (changes, 1))->what, ==, "mode");
  g_assert_cmpstr (((AstrixAuditChange *) g_ptr_array_index (changes, 1))->value, ==, "whisper");
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==, "Listen → Whisper");
  g_assert_finalize_object (reread);
  pbx_stop (&p);
}

static void
test_watch_failed_session (Fixture       *f,
                           gconstpointer  data)
{
  Pbx p = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixMonitorSession) session = NULL;
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  AstrixAuditEntry *entry;

  /* The lab's busy extension */
  pbx_start (&p, "PJSIP/2486");
  session = astrix_connection_create_session (p.connection, p.target, ASTRIX_MONITOR_MODE_BARGE,
                                              &error);
  g_assert_no_error (error);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  astrix_audit_log_watch_session (log, session, p.config);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_FAILED, 3000);
  entry = entry_at (log, 0);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_FAILED);
  g_assert_nonnull (strstr (_astrix_audit_entry_get_reason (entry), "busy"));
  g_assert_cmpstr (_astrix_audit_entry_get_detail (entry), ==, "barge");
  g_assert_cmpuint (_astrix_audit_entry_get_changes (entry)->len, ==, 0);
  g_assert_finalize_object (log);
  pbx_stop (&p);
}

/* A playback on the phone: answered, paused, playing again, hung up. */
static void
test_watch_phone_playback (Fixture       *f,
                           gconstpointer  data)
{
  static const char recording[] = "20261126-101500-1795666433.57.wav";
  g_autofree char *monitor = g_build_filename (f->dir, "monitor", NULL);
  g_autofree char *file = g_build_filename (monitor, recording, NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixPhonePlayback) playback = NULL;
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  AstrixAuditLog *reread;
  AstrixAuditEntry *entry;
  GPtrArray *changes;
  Pbx p = { 0 };

  write_silent_wav (file, 20000);
  p.pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (p.pbx, 0.05);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (p.pbx, monitor, "/var/spool/asterisk/monitor",
                                                     &error));
  g_assert_true (astrix_demo_pbx_start (p.pbx, 0, &error));
  g_assert_no_error (error);
  uri = g_filename_to_uri (monitor, NULL, NULL);
  p.config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                           "name", "Test PBX",
                           "host", "127.0.0.1",
                           "port", (guint) astrix_demo_pbx_get_port (p.pbx),
                           "username", "astrix_proxy",
                           "endpoint", "PJSIP/2000",
                           "recordings-uri", uri,
                           "pbx-recordings-path", "/var/spool/asterisk/monitor",
                           NULL);
  p.connection = astrix_connection_new (p.config);
  astrix_connection_start (p.connection, "SecurePassword123!");
  WAIT_UNTIL (astrix_connection_get_state (p.connection) == ASTRIX_CONNECTION_CONNECTED, 5000);

  playback = astrix_phone_playback_new (astrix_connection_get_client (p.connection), p.config,
                                        recording);
  astrix_audit_log_watch_phone_playback (log, playback, p.config);
  g_assert_true (astrix_phone_playback_start (playback, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_PLAYING, 3000);
  g_assert_true (astrix_phone_playback_control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE, &error));
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_PAUSED, 3000);
  g_assert_true (astrix_phone_playback_control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE, &error));
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_PLAYING, 3000);
  astrix_phone_playback_hangup (playback);
  WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 3000);
  g_assert_finalize_object (log);

  reread = load (f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reread)), ==, 1);
  entry = entry_at (reread, 0);
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry), ==, ASTRIX_AUDIT_PHONE_PLAYBACK);
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry), ==, recording);
  g_assert_cmpstr (_astrix_audit_entry_get_endpoint (entry), ==, "PJSIP/2000");
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  changes = _astrix_audit_entry_get_changes (entry);
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpstr (((AstrixAuditChange *) g_ptr_array_index (changes, 0))->value, ==, "playing");
  g_assert_cmpstr (((AstrixAuditChange *) g_ptr_array_index (changes, 1))->value, ==, "paused");
  g_assert_cmpstr (((AstrixAuditChange *) g_ptr_array_index (changes, 2))->value, ==, "playing");
  g_assert_finalize_object (reread);
  pbx_stop (&p);
}

static void
test_watch_local_player (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = g_build_filename (f->dir, "first.wav", NULL);
  g_autofree char *second = g_build_filename (f->dir, "second.wav", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autoptr(AstrixLocalPlayer) player = astrix_local_player_new ();
  AstrixAuditLog *log = astrix_audit_log_new (f->path);
  AstrixAuditEntry *entry;

  write_silent_wav (first, 400);
  write_silent_wav (second, 5000);
  astrix_local_player_open (player, first_file, ASTRIX_RECORDING_FORMAT_UNKNOWN);
  astrix_local_player_play (player);
  astrix_audit_log_watch_local_player (log, player, NULL, NULL);
  WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_PLAYING, 5000);
  astrix_local_player_pause (player);
  WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_PAUSED, 5000);
  astrix_local_player_play (player);
  /* Played to the end */
  WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_ENDED, 5000);
  entry = _astrix_audit_log_lookup (log, astrix_audit_entry_get_id (entry_at (log, 0)));
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry), ==, ASTRIX_AUDIT_DESKTOP_PLAYBACK);
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry), ==, "first.wav");
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpuint (_astrix_audit_entry_get_changes (entry)->len, ==, 2);

  /* The next one, closed by the one after it. */
  sleep_a_little ();
  astrix_local_player_open (player, second_file, ASTRIX_RECORDING_FORMAT_UNKNOWN);
  astrix_local_player_play (player);
  astrix_audit_log_watch_local_player (log, player, NULL, NULL);
  WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_PLAYING, 5000);
  g_assert_true (astrix_audit_entry_get_live (entry_at (log, 0)));
  astrix_local_player_close (player);
  g_assert_false (astrix_audit_entry_get_live (entry_at (log, 0)));
  g_assert_cmpstr (_astrix_audit_entry_get_target (entry_at (log, 0)), ==, "second.wav");
  g_assert_cmpuint (_astrix_audit_entry_get_changes (entry_at (log, 0))->len, ==, 0);
  g_assert_finalize_object (log);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("astrix-audit-home-XXXXXX", NULL);
  int status;

  /* Before GLib reads it: the default path is under it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* No sound card here: a sink that keeps time. */
  g_setenv ("ASTRIX_AUDIO_SINK", "fakesink sync=true", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/audit-log" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/write-and-read", test_write_and_read);
  ADD ("/never-rewritten", test_never_rewritten);
  ADD ("/torn-line", test_torn_line);
  ADD ("/garbage-lines", test_garbage_lines);
  ADD ("/escaping", test_escaping);
  g_test_add_func ("/audit-log/parser", test_parser);
  ADD ("/search", test_search);
  ADD ("/interrupted", test_interrupted);
  ADD ("/close-unfinished", test_close_unfinished);
  ADD ("/write-failed", test_write_failed);
  g_test_add_func ("/audit-log/default-path", test_default_path);
  ADD ("/load-merges", test_load_merges);
  ADD ("/watch-session", test_watch_session);
  ADD ("/watch-failed-session", test_watch_failed_session);
  ADD ("/watch-phone-playback", test_watch_phone_playback);
  ADD ("/watch-local-player", test_watch_local_player);

  status = g_test_run ();
  g_rmdir (data_home);
  return status;
}

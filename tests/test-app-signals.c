/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The real executable ended by a signal while it listens in: on SIGTERM (kill, a logout),
 * SIGINT (Ctrl+C) and SIGHUP it hangs up the ChanSpy call (the PBX sees the Hangup of our
 * channel), writes the session's end to the audit log, and exits normally. A run killed
 * outright (SIGKILL) leaves its session open in the log: the next start closes it as ended with
 * the app. Runs `astrix-assist --demo` under Xvfb with a private bus (quickstart test).
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "astrix-audit-log.h"
#include "files.h"
#include "ui-support.h"
#include "astrix-audit-private.h"

#define TARGET "PJSIP/1001-00000001"   /* the agent's side of the static demo's first call */

typedef struct
{
  char        *dir;
  char        *data_home;
  char        *transcript;
  char        *audit;
  GSubprocess *app;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("astrix-signals-XXXXXX", NULL);
  f->data_home = g_build_filename (f->dir, "data", NULL);
  f->transcript = g_build_filename (f->dir, "transcript.ami", NULL);
  f->audit = g_build_filename (f->data_home, "astrix-assist", "audit.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  if (f->app != NULL)
    g_subprocess_force_exit (f->app);
  g_clear_object (&f->app);
  remove_tree (dir);
  g_free (f->dir);
  g_free (f->data_home);
  g_free (f->transcript);
  g_free (f->audit);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_set_object ((GAsyncResult **) data, result);
}

/* The newest activity on TARGET in the audit log, as a new reader of the file sees it */
static AstrixAuditEntry *
newest_entry (Fixture *f)
{
  g_autoptr(AstrixAuditLog) log = astrix_audit_log_new (f->audit);
  g_autoptr(GAsyncResult) result = NULL;
  guint n;

  astrix_audit_log_load_async (log, NULL, on_loaded, &result);
  UI_WAIT_UNTIL (result != NULL, 5000);
  if (!astrix_audit_log_load_finish (log, result, NULL))
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (g_strcmp0 (_astrix_audit_entry_get_target (entry), TARGET) == 0)
        return g_steal_pointer (&entry);
    }
  return NULL;
}

static gboolean
is_active (AstrixAuditEntry *entry)
{
  GPtrArray *changes = entry != NULL ? _astrix_audit_entry_get_changes (entry) : NULL;

  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      AstrixAuditChange *change = g_ptr_array_index (changes, i);

      if (g_strcmp0 (change->what, "state") == 0 && g_strcmp0 (change->value, "active") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
start_app (Fixture *f)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "..", "src", "ui", "astrix-assist",
                                                 NULL);
  g_autofree char *cache = g_build_filename (f->dir, "cache", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "ASTRIX_DEMO_STATIC", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "ASTRIX_DEMO_CALLS", "2", TRUE);
  g_subprocess_launcher_setenv (launcher, "ASTRIX_DEMO_TRANSCRIPT", f->transcript, TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  f->app = g_subprocess_launcher_spawn (launcher, &error, path, "--demo", NULL);
  g_assert_no_error (error);
  UI_WAIT_UNTIL (ui_name_has_owner (APPLICATION_ID), 10000);
}

static void
activate_listen (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_auto(GStrv) parts = g_strsplit (APPLICATION_ID, ".", -1);
  g_autofree char *joined = g_strjoinv ("/", parts);
  g_autofree char *object_path = g_strconcat ("/", joined, NULL);
  GVariantBuilder parameter;
  g_autoptr(GVariant) reply = NULL;

  g_variant_builder_init (&parameter, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameter, "v", g_variant_new_string (TARGET));
  /* (Before the demo's calls are in, the app says so in the window: no error here.) */
  reply = g_dbus_connection_call_sync (bus, APPLICATION_ID, object_path, "org.gtk.Actions",
                                       "Activate",
                                       g_variant_new ("(sava{sv})", "listen", &parameter, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
}

/* Listens in on TARGET (as `gapplication action … listen` would), until the spy is up. */
static void
listen_in (Fixture *f)
{
  /* A ceiling, not a timing: generous, as a loaded machine (the sanitizer build) is slow */
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr(AstrixAuditEntry) entry = NULL;

  /* The demo's calls are there once the app has loaded them: until then, asked again */
  for (;;)
    {
      g_autofree char *transcript = read_text (f->transcript);

      if (strstr (transcript, "Action: Originate") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      activate_listen ();
      ui_wait_ms (500);
    }
  while (!is_active (entry))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      ui_wait_ms (100);
      g_clear_object (&entry);
      entry = newest_entry (f);
    }
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_OPEN);
}

/* The Hangup of our own channel (the spy's), not of the call listened to */
static void
assert_spy_hung_up (Fixture *f)
{
  g_autofree char *transcript = read_text (f->transcript);
  const char *hangup = strstr (transcript, "Action: Hangup\r\n");
  const char *channel;

  g_assert_nonnull (hangup);
  channel = strstr (hangup, "Channel: ");
  g_assert_nonnull (channel);
  g_assert_true (g_str_has_prefix (channel, "Channel: PJSIP/2000-"));
}

static void
test_signal (Fixture       *f,
             gconstpointer  data)
{
  int signo = GPOINTER_TO_INT (data);
  g_autoptr(AstrixAuditEntry) entry = NULL;

  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  start_app (f);
  listen_in (f);
  g_subprocess_send_signal (f->app, signo);
  UI_WAIT_UNTIL (g_subprocess_get_identifier (f->app) == NULL, 10000);
  g_assert_true (g_subprocess_get_if_exited (f->app));
  g_assert_cmpint (g_subprocess_get_exit_status (f->app), ==, 0);

  assert_spy_hung_up (f);
  entry = newest_entry (f);
  g_assert_nonnull (entry);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
}

/* Takes @previous; returns the newest entry on TARGET if it has an end */
static AstrixAuditEntry *
closed_entry (Fixture          *f,
              AstrixAuditEntry *previous)
{
  g_autoptr(AstrixAuditEntry) entry = newest_entry (f);

  g_clear_object (&previous);
  if (entry == NULL || astrix_audit_entry_get_outcome (entry) == ASTRIX_AUDIT_OUTCOME_OPEN)
    return NULL;
  return g_steal_pointer (&entry);
}

static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AstrixAuditEntry) entry = NULL;
  g_autofree char *id = NULL;

  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  /* Killed outright: no end written */
  start_app (f);
  listen_in (f);
  g_subprocess_force_exit (f->app);
  UI_WAIT_UNTIL (g_subprocess_get_identifier (f->app) == NULL, 10000);
  g_clear_object (&f->app);
  entry = newest_entry (f);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_OPEN);
  id = g_strdup (astrix_audit_entry_get_id (entry));
  UI_WAIT_UNTIL (!ui_name_has_owner (APPLICATION_ID), 10000);

  /* The next start closes it */
  start_app (f);
  g_clear_object (&entry);
  UI_WAIT_UNTIL ((entry = closed_entry (f, entry)) != NULL, 10000);
  g_assert_cmpstr (astrix_audit_entry_get_id (entry), ==, id);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_INTERRUPTED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==, "Ended with the app.");

  g_subprocess_send_signal (f->app, SIGTERM);
  UI_WAIT_UNTIL (g_subprocess_get_identifier (f->app) == NULL, 10000);
  g_assert_true (g_subprocess_get_if_exited (f->app));
  g_assert_cmpint (g_subprocess_get_exit_status (f->app), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/app-signals" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/sigterm", test_signal, GINT_TO_POINTER (SIGTERM));
  ADD ("/sigint", test_signal, GINT_TO_POINTER (SIGINT));
  ADD ("/sighup", test_signal, GINT_TO_POINTER (SIGHUP));
  ADD ("/killed-then-closed", test_killed, NULL);

  return g_test_run ();
}

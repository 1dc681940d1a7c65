/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "astrix-check-command.h"
#include "astrix-demo-pbx.h"
#include "astrix-secrets.h"
#include "files.h"
#include "tls-test.h"

/*
 * `astrix-assist --check-server` against the simulated PBX in each failure mode: the report
 * and the exit status, in-process (the function the application calls) and through the real
 * executable once the application has the option. The secret comes from libsecret's file
 * backend, or from standard input, never from the command line.
 */

#define USER   "supervisor"
#define SECRET "Least-Privilege-1!"
#define SCALE  0.05

typedef struct
{
  AstrixDemoPbx *pbx;
  char          *uri;
} Fixture;

static char *keyring_dir;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, SCALE);
  astrix_demo_pbx_add_user (f->pbx, USER, SECRET, "call", "originate,call,reporting");
  astrix_demo_pbx_add_user (f->pbx, "no_originate", SECRET, "call", "call,reporting");
  astrix_demo_pbx_add_user (f->pbx, "sys", SECRET, "call", "originate,call,reporting,system");
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  /* Calls come and go: the events show the read class at once. */
  astrix_demo_pbx_set_running (f->pbx, TRUE);
  g_free (astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL));
  f->uri = g_strdup_printf ("ami://%s@127.0.0.1:%u", USER, astrix_demo_pbx_get_port (f->pbx));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  astrix_demo_pbx_stop (f->pbx);
  g_assert_finalize_object (f->pbx);
  g_free (f->uri);
}

/* The keyring (libsecret's file backend) */

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (astrix_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
cleared (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  astrix_secrets_clear_finish (result, NULL);
  *(gboolean *) data = TRUE;
}

static void
store_secret (AstrixServerConfig *config,
              const char         *secret)
{
  gboolean done = FALSE;

  astrix_secrets_store_async (config, secret, NULL, stored, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
clear_secret (AstrixServerConfig *config)
{
  gboolean done = FALSE;

  astrix_secrets_clear_async (config, NULL, cleared, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* In-process */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_free (outcome->out);
  g_free (outcome->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static char *
slurp (FILE *file)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gsize n;

  rewind (file);
  while ((n = fread (buffer, 1, sizeof buffer, file)) > 0)
    g_string_append_len (text, buffer, n);
  fclose (file);
  return g_string_free (text, FALSE);
}

/* Runs the check of @config with @stdin_text (NULL: nothing) as standard input. */
static void
run_config (AstrixServerConfig *config,
            const char         *stdin_text,
            Outcome            *outcome)
{
  FILE *out = tmpfile ();
  FILE *err = tmpfile ();
  int saved_stdin = dup (STDIN_FILENO);
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  if (stdin_text != NULL)
    g_assert_cmpint (write (fds[1], stdin_text, strlen (stdin_text)), ==, strlen (stdin_text));
  close (fds[1]);
  dup2 (fds[0], STDIN_FILENO);
  close (fds[0]);

  outcome->status = astrix_check_command_run_config (config, out, err);

  dup2 (saved_stdin, STDIN_FILENO);
  close (saved_stdin);
  outcome->out = slurp (out);
  outcome->err = slurp (err);
  g_test_message ("exit %d\n%s%s", outcome->status, outcome->out, outcome->err);
}

static AstrixServerConfig *
config_for (Fixture    *f,
            const char *user)
{
  g_autofree char *uri = g_strdup_printf ("ami://%s@127.0.0.1:%u", user,
                                          astrix_demo_pbx_get_port (f->pbx));
  g_autoptr(GError) error = NULL;
  AstrixServerConfig *config = astrix_server_config_new_from_uri (uri, &error);

  g_assert_no_error (error);
  g_object_set (config, "endpoint", "PJSIP/2000", NULL);
  return config;
}

/* @text has @part, exactly (snippets) */
static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text);
}

static char *
collapse_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) && out->len > 0 && out->str[out->len - 1] == ' ')
        continue;
      g_string_append_c (out, g_ascii_isspace (*p) ? ' ' : *p);
    }
  return g_string_free (out, FALSE);
}

/* @text says @sentence, however it is wrapped */
static void
assert_says (const char *text,
             const char *sentence)
{
  g_autofree char *flat = collapse_spaces (text);

  if (strstr (flat, sentence) == NULL)
    g_error ("“%s” not in:\n%s", sentence, text);
}

static void
test_all_well (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  store_secret (config, SECRET);
  run_config (config, NULL, &outcome);
  clear_secret (config);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_OK);
  assert_says (outcome.out, "Checking ami://supervisor@127.0.0.1:");
  assert_says (outcome.out, "Logged in as “supervisor”");
  assert_says (outcome.out, "Nothing failed.");
  /* app_chanspy cannot be seen with these rights: said, with the command to run. */
  assert_says (outcome.out, "1 check could not be verified.");
  assert_contains (outcome.out, "asterisk -rx \"module show like app_chanspy\"");
  g_assert_null (strstr (outcome.out, SECRET));
  g_assert_null (strstr (outcome.err, SECRET));
}

/* No secret in the keyring: the first line of standard input (not a terminal here). */
static void
test_secret_from_stdin (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_OK);
  g_assert_null (strstr (outcome.out, SECRET));
  g_assert_null (strstr (outcome.err, SECRET));
}

static void
test_no_secret (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  run_config (config, NULL, &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_USAGE);
  assert_says (outcome.err, "No secret");
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len, ==, 0);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  astrix_demo_pbx_stop (f->pbx);
  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_FAILED);
  assert_says (outcome.out, "the connection was refused");
  assert_contains (outcome.out, "manager.conf:\n      [general]\n      enabled = yes\n");
  assert_says (outcome.out, "Not checked: Encryption (TLS), Manager interface, Login,");
  assert_says (outcome.out, "1 check failed.");
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  run_config (config, "wrong-secret\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_FAILED);
  assert_says (outcome.out, "Authentication failed");
  assert_says (outcome.out, "cannot be told apart");
  assert_contains (outcome.out, "      permit = 127.0.0.1/255.255.255.255\n");
  g_assert_null (strstr (outcome.out, "wrong-secret"));
}

static void
test_no_originate (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, "no_originate");
  g_auto(Outcome) outcome = { 0 };

  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_FAILED);
  assert_says (outcome.out, "Originate (write class originate) is refused");
  assert_contains (outcome.out, "      write = originate,call,reporting\n");
}

static void
test_missing_module (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, "sys");
  g_auto(Outcome) outcome = { 0 };

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_chanspy", FALSE);
  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_FAILED);
  assert_says (outcome.out, "app_chanspy is not loaded (ModuleCheck)");
  assert_contains (outcome.out, "asterisk -rx \"module load app_chanspy.so\"");
}

static void
test_missing_context (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  astrix_demo_pbx_set_context_present (f->pbx, "barge-context", FALSE);
  g_object_set (config, "monitor-method", ASTRIX_MONITOR_METHOD_CONTEXTS, NULL);
  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_FAILED);
  assert_says (outcome.out, "The PBX has no context “barge-context”");
  assert_contains (outcome.out, "extensions.conf:\n      [barge-context]\n");
  assert_contains (outcome.out, " same => n,ChanSpy(${SPYTARGET},qEubdB)\n");
}

/* @text has the row @title with its mark (ASCII or UTF-8, as the locale's charset has it) */
static void
assert_row_mark (const char *text,
                 const char *ascii,
                 const char *utf8,
                 const char *title)
{
  g_autofree char *with_ascii = g_strdup_printf ("  %s %s\n", ascii, title);
  g_autofree char *with_utf8 = g_strdup_printf ("  %s %s\n", utf8, title);

  if (strstr (text, with_ascii) == NULL && strstr (text, with_utf8) == NULL)
    g_error ("“%s” not in:\n%s", with_ascii, text);
}

/* The least privilege the README asks for: the optional capabilities are missing, said with
 * their manager.conf lines, and the exit status stays 0. */
static void
test_capabilities_restricted (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_OK);
  assert_row_mark (outcome.out, "[..]", "○", "Queue views");
  assert_contains (outcome.out, "      [supervisor]\n"
                                "      ; the whole read line: Asterisk keeps only the last one\n"
                                "      read = call,agent\n");
  assert_row_mark (outcome.out, "[..]", "○", "Pausing agents and queue membership");
  assert_says (outcome.out, "Pausing agents and changing queue membership need write = agent "
                            "in manager.conf. The PBX does not list QueuePause, QueueAdd, "
                            "QueueRemove, QueuePenalty for this user.");
  assert_contains (outcome.out, "      write = originate,call,reporting,agent\n");
  assert_row_mark (outcome.out, "[..]", "○", "Recording calls");
  assert_says (outcome.out, "To fix: Only if supervisors are to record calls: add system");
  assert_contains (outcome.out, "      write = originate,call,reporting,system\n");
  /* write = call allows stopping and muting recordings, Hangup and Redirect */
  assert_row_mark (outcome.out, "[ok]", "✓", "Stopping and muting recordings");
  assert_row_mark (outcome.out, "[ok]", "✓", "Ending and redirecting calls");
  assert_says (outcome.out, "Nothing failed.");
  assert_says (outcome.out, "3 optional capabilities are not confirmed.");
}

/* Every class: the queue rows are OK; still exit 0 with the warning about too many rights. */
static void
test_capabilities_full (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, "astrix_admin");
  g_auto(Outcome) outcome = { 0 };

  run_config (config, "AdminPass789!\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_OK);
  assert_row_mark (outcome.out, "[ok]", "✓", "Queue views");
  assert_says (outcome.out, "The user reads the events of queues (read = ");
  assert_row_mark (outcome.out, "[ok]", "✓", "Pausing agents and queue membership");
  assert_says (outcome.out, "The user may run QueuePause, QueueAdd, QueueRemove, QueuePenalty.");
  /* The simulated PBX offers MixMonitor, StopMixMonitor, MixMonitorMute, Hangup, Redirect */
  assert_row_mark (outcome.out, "[ok]", "✓", "Recording calls");
  assert_says (outcome.out, "The user may run MixMonitor.");
  assert_row_mark (outcome.out, "[ok]", "✓", "Stopping and muting recordings");
  assert_says (outcome.out, "The user may run StopMixMonitor, MixMonitorMute.");
  assert_row_mark (outcome.out, "[ok]", "✓", "Ending and redirecting calls");
  assert_says (outcome.out, "The user may run Hangup, Redirect.");
  assert_says (outcome.out, "Nothing failed. 1 warning.");
}

/* A PBX without app_mixmonitor: the class would allow recording, the PBX does not offer it. */
static void
test_capabilities_no_mixmonitor (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, "astrix_admin");
  g_auto(Outcome) outcome = { 0 };

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_mixmonitor", FALSE);
  run_config (config, "AdminPass789!\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_OK);
  assert_says (outcome.out, "The user’s write class system allows it, but the PBX does not "
                            "list MixMonitor");
  assert_row_mark (outcome.out, "[ok]", "✓", "Ending and redirecting calls");
  assert_says (outcome.out, "Nothing failed. 1 warning.");
  assert_says (outcome.out, "2 optional capabilities are not confirmed.");
}

/* A pinned certificate that is no longer the one presented. */
static void
test_tls_mismatch (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = config_for (f, USER);
  g_auto(Outcome) outcome = { 0 };

  tls_test_use_certificate (f->pbx, "selfsigned");
  g_object_set (config, "use-tls", TRUE, "pinned-certificate", "00:11:22:33", NULL);
  run_config (config, SECRET "\n", &outcome);
  g_assert_cmpint (outcome.status, ==, ASTRIX_CHECK_EXIT_FAILED);
  assert_says (outcome.out, "The certificate does not match the pinned one.");
  assert_contains (outcome.out, "openssl x509 -in /etc/asterisk/keys/asterisk.pem -noout "
                                "-fingerprint -sha256");
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len, ==, 0);
}

static void
test_bad_uri (Fixture       *f,
              gconstpointer  data)
{
  g_assert_cmpint (astrix_check_command_run ("http://example.com", NULL), ==,
                   ASTRIX_CHECK_EXIT_USAGE);
  g_assert_cmpint (astrix_check_command_run ("ami://user:secret@127.0.0.1", NULL), ==,
                   ASTRIX_CHECK_EXIT_USAGE);
  g_assert_cmpint (astrix_check_command_run ("ami://127.0.0.1", NULL), ==,
                   ASTRIX_CHECK_EXIT_USAGE);
  g_assert_cmpint (astrix_check_command_run (f->uri, "PJSIP/2000,b"), ==,
                   ASTRIX_CHECK_EXIT_USAGE);
}

/* The real executable */

static char *
executable (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "ui", "astrix-assist", NULL);
}

/* The executable was built and offers --check-server: a missing or broken one fails the test. */
static void
assert_has_check_server (void)
{
  g_autofree char *path = executable ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { path, "--help-all", NULL };
  int status = -1;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "--check-server"));
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Communicated;

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Communicated *c = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &c->out, &c->err, &error);
  g_assert_no_error (error);
  c->done = TRUE;
}

/* Runs `astrix-assist ARGS…` with @stdin_text as input; @schema_dir: where the settings schema
 * is looked for, alone (NULL: where the test environment says). */
static int
run_args (const char *const *args,
          const char        *schema_dir,
          const char        *stdin_text,
          Outcome           *outcome)
{
  g_autofree char *path = executable ();
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;
  g_autofree char *keyring = g_build_filename (keyring_dir, "empty.keyring", NULL);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Communicated c = { FALSE, NULL, NULL };

  /* An empty keyring of its own: the secret comes from standard input. */
  g_subprocess_launcher_setenv (launcher, "SECRET_BACKEND", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_COLOR", "1", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  if (schema_dir != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", schema_dir, TRUE);
    }
  g_strv_builder_add (argv, path);
  g_strv_builder_addv (argv, (const char **) args);
  full = g_strv_builder_end (argv);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) full, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, stdin_text, NULL, communicated, &c);
  while (!c.done)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  outcome->status = g_subprocess_get_exit_status (process);
  outcome->out = c.out;
  outcome->err = c.err;
  g_test_message ("exit %d\n%s%s", outcome->status, outcome->out, outcome->err);
  return outcome->status;
}

/* Runs `astrix-assist --check-server URI [--endpoint ENDPOINT]` with @stdin_text as input. */
static int
run_executable (const char *uri,
                const char *endpoint,
                const char *stdin_text,
                Outcome    *outcome)
{
  const char *args[] = { "--check-server", uri, "--endpoint", endpoint, NULL };

  if (endpoint == NULL)
    args[2] = NULL;
  return run_args (args, NULL, stdin_text, outcome);
}

static void
test_executable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *no_orig = g_strdup_printf ("ami://no_originate@127.0.0.1:%u",
                                              astrix_demo_pbx_get_port (f->pbx));
  g_autofree char *sys = g_strdup_printf ("ami://sys@127.0.0.1:%u",
                                          astrix_demo_pbx_get_port (f->pbx));
  g_autofree char *tls = g_strdup_printf ("amis://%s@127.0.0.1:%u", USER,
                                          astrix_demo_pbx_get_port (f->pbx));

  assert_has_check_server ();

  {
    g_auto(Outcome) outcome = { 0 };

    g_assert_cmpint (run_executable (f->uri, "PJSIP/2000", SECRET "\n", &outcome), ==, 0);
    assert_says (outcome.out, "The PBX knows PJSIP/2000");
    g_assert_null (strstr (outcome.out, SECRET));
    g_assert_null (strstr (outcome.err, SECRET));
  }
  {
    g_auto(Outcome) outcome = { 0 };

    g_assert_cmpint (run_executable (f->uri, NULL, "wrong\n", &outcome), ==, 1);
    assert_says (outcome.out, "Authentication failed");
  }
  {
    g_auto(Outcome) outcome = { 0 };

    g_assert_cmpint (run_executable (no_orig, NULL, SECRET "\n", &outcome), ==, 1);
    assert_says (outcome.out, "Originate (write class originate) is refused");
  }
  {
    g_auto(Outcome) outcome = { 0 };

    astrix_demo_pbx_set_module_loaded (f->pbx, "app_controlplayback", FALSE);
    g_assert_cmpint (run_executable (sys, NULL, SECRET "\n", &outcome), ==, 1);
    assert_says (outcome.out, "app_controlplayback is not loaded");
    astrix_demo_pbx_set_module_loaded (f->pbx, "app_controlplayback", TRUE);
  }
  {
    g_auto(Outcome) outcome = { 0 };

    /* amis:// to the plain port */
    g_assert_cmpint (run_executable (tls, NULL, SECRET "\n", &outcome), ==, 1);
    assert_says (outcome.out, "does not speak TLS");
  }
  {
    g_auto(Outcome) outcome = { 0 };

    astrix_demo_pbx_stop (f->pbx);
    g_assert_cmpint (run_executable (f->uri, NULL, SECRET "\n", &outcome), ==, 1);
    assert_says (outcome.out, "refused");
  }
}

/* --help, --version and --check-server need no settings schema; only the window does. */
static void
test_without_schema (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *empty = g_dir_make_tmp ("astrix-no-schema-XXXXXX", NULL);

  assert_has_check_server ();
  {
    g_auto(Outcome) outcome = { 0 };
    const char *args[] = { "--help", NULL };

    g_assert_cmpint (run_args (args, empty, NULL, &outcome), ==, 0);
    assert_says (outcome.out, "--check-server");
  }
  {
    g_auto(Outcome) outcome = { 0 };
    const char *args[] = { "--version", NULL };

    g_assert_cmpint (run_args (args, empty, NULL, &outcome), ==, 0);
    g_assert_cmpstr (outcome.out, ==, "astrix-assist " PACKAGE_VERSION "\n");
  }
  {
    g_auto(Outcome) outcome = { 0 };
    const char *args[] = { "--check-server", f->uri, "--endpoint", "PJSIP/2000", NULL };

    g_assert_cmpint (run_args (args, empty, SECRET "\n", &outcome), ==, 0);
    assert_says (outcome.out, "The PBX knows PJSIP/2000");
  }
  {
    g_auto(Outcome) outcome = { 0 };
    const char *args[] = { NULL };

    /* The window cannot do without it: a sentence and a failure, not an abort. */
    g_assert_cmpint (run_args (args, empty, NULL, &outcome), ==, 1);
    assert_says (outcome.err, "is not installed");
  }
  g_rmdir (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = NULL;
  int status;

  /* The report is UTF-8 text (a C locale would get it converted to ASCII). */
  setlocale (LC_ALL, "C.UTF-8");
  /* libsecret's file backend, before anything asks it; no D-Bus needed. */
  keyring_dir = g_dir_make_tmp ("astrix-check-command-XXXXXX", NULL);
  keyring = g_build_filename (keyring_dir, "test.keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  g_setenv ("NO_COLOR", "1", TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/check-command" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/all-well", test_all_well);
  ADD ("/secret-from-stdin", test_secret_from_stdin);
  ADD ("/no-secret", test_no_secret);
  ADD ("/bad-uri", test_bad_uri);
  ADD ("/refused", test_refused);
  ADD ("/wrong-secret", test_wrong_secret);
  ADD ("/permission-denied-originate", test_no_originate);
  ADD ("/missing-module", test_missing_module);
  ADD ("/missing-context", test_missing_context);
  ADD ("/tls-mismatch", test_tls_mismatch);
  ADD ("/capabilities/restricted", test_capabilities_restricted);
  ADD ("/capabilities/full", test_capabilities_full);
  ADD ("/capabilities/no-mixmonitor", test_capabilities_no_mixmonitor);
  ADD ("/executable", test_executable);
  ADD ("/executable-without-schema", test_without_schema);

  status = g_test_run ();
  remove_tree_at (keyring_dir);
  g_free (keyring_dir);
  return status;
}

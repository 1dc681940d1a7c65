/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The AMI secrets in libsecret, schema io.github.astrix.Assist.Server (host, port, user): with
 * libsecret's file backend, and with the real Secret Service (gnome-keyring on the private test
 * bus), checked from outside with secret-tool. Which one is chosen by the first argument, since
 * libsecret picks its backend once a process.
 */
#include <string.h>

#include <gio/gio.h>

#include "astrix-secrets.h"
#include "files.h"
#include "wait.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *secret;
  GError   *error;
} Result;

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  Result *r = data;

  r->ok = astrix_secrets_store_finish (result, &r->error);
  r->done = TRUE;
}

static void
looked_up (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Result *r = data;

  r->secret = astrix_secrets_lookup_finish (result, &r->error);
  r->done = TRUE;
}

static void
cleared (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Result *r = data;

  r->ok = astrix_secrets_clear_finish (result, &r->error);
  r->done = TRUE;
}

/* The secrets are filed under a server configuration's host, port and user. */
static AstrixServerConfig *
server (const char *host,
        guint       port,
        const char *user)
{
  return g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "host", host, "port", port, "username", user,
                       NULL);
}

static char *
lookup (const char *host,
        guint       port,
        const char *user)
{
  g_autoptr(AstrixServerConfig) config = server (host, port, user);
  Result r = { 0 };

  astrix_secrets_lookup_async (config, NULL, looked_up, &r);
  WAIT_UNTIL (r.done, 20000);
  g_assert_no_error (r.error);
  return r.secret;
}

static void
store (const char *host,
       guint       port,
       const char *user,
       const char *secret)
{
  g_autoptr(AstrixServerConfig) config = server (host, port, user);
  Result r = { 0 };

  astrix_secrets_store_async (config, secret, NULL, stored, &r);
  WAIT_UNTIL (r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static void
check_store_lookup_clear (void)
{
  g_autoptr(AstrixServerConfig) config = server ("pbx.example.com", 5038, "supervisor");
  char *secret;
  Result r = { 0 };

  store ("pbx.example.com", 5038, "supervisor", "s3cret: with \"quotes\" and ünïcode");
  store ("pbx.example.com", 5039, "supervisor", "the TLS one");
  store ("other.example.com", 5038, "supervisor", "another");

  secret = lookup ("pbx.example.com", 5038, "supervisor");
  g_assert_cmpstr (secret, ==, "s3cret: with \"quotes\" and ünïcode");
  astrix_secrets_free (secret);
  /* Every attribute counts. */
  secret = lookup ("pbx.example.com", 5039, "supervisor");
  g_assert_cmpstr (secret, ==, "the TLS one");
  astrix_secrets_free (secret);
  g_assert_null (lookup ("pbx.example.com", 5038, "someone-else"));
  g_assert_null (lookup ("nowhere.example.com", 5038, "supervisor"));

  /* Stored again: replaced, not doubled. */
  store ("pbx.example.com", 5038, "supervisor", "changed");
  secret = lookup ("pbx.example.com", 5038, "supervisor");
  g_assert_cmpstr (secret, ==, "changed");
  astrix_secrets_free (secret);

  astrix_secrets_clear_async (config, NULL, cleared, &r);
  WAIT_UNTIL (r.done, 20000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_null (lookup ("pbx.example.com", 5038, "supervisor"));
  secret = lookup ("other.example.com", 5038, "supervisor");
  g_assert_cmpstr (secret, ==, "another");
  astrix_secrets_free (secret);
}

static void
test_file_backend (void)
{
  check_store_lookup_clear ();
}

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "NameHasOwner",
                                 g_variant_new ("(s)", name),
                                 G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
test_secret_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GSubprocess) tool = NULL;
  g_autofree char *out = NULL;
  gint64 end;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL ||
      !g_file_test ("/usr/bin/gnome-keyring-daemon", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs the private session bus and gnome-keyring (build-aux/quickstart test)");
      return;
    }

  /* An unlocked keyring with a known password: no prompt. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                             &error, "/usr/bin/gnome-keyring-daemon", "--unlock",
                             "--components=secrets", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (daemon), "test", 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (daemon), NULL, NULL);
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!name_has_owner (bus, "org.freedesktop.secrets") && g_get_monotonic_time () < end)
    g_usleep (50000);
  g_assert_true (name_has_owner (bus, "org.freedesktop.secrets"));

  check_store_lookup_clear ();

  /* What another client of the keyring sees under the same attributes. */
  store ("pbx.example.com", 5038, "supervisor", "seen from outside");
  tool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "secret-tool", "lookup",
                           "host", "pbx.example.com", "port", "5038", "user", "supervisor", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (tool, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "seen from outside");
}

int
main (int   argc,
      char *argv[])
{
  gboolean service = argc > 1 && g_strcmp0 (argv[1], "--service") == 0;
  g_autofree char *tmp = NULL;
  int status;

  if (!service)
    {
      g_autofree char *path = NULL;

      tmp = g_dir_make_tmp ("astrix-secrets-XXXXXX", NULL);
      path = g_build_filename (tmp, "keyring", NULL);

      /* libsecret's file backend, in a place of our own. */
      g_setenv ("SECRET_BACKEND", "file", TRUE);
      g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
      g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);
    }
  else
    {
      argv[1] = argv[0];
      argc--;
      argv++;
    }

  g_test_init (&argc, &argv, NULL);
  if (service)
    g_test_add_func ("/secrets/secret-service", test_secret_service);
  else
    g_test_add_func ("/secrets/file-backend", test_file_backend);
  status = g_test_run ();
  if (tmp != NULL)
    remove_tree_at (tmp);
  return status;
}

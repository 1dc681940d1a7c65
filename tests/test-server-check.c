/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-pbx.h"
#include "astrix-server-check-private.h"
#include "tls-test.h"

/*
 * The server check against the simulated PBX in each failure mode, and against sockets that
 * are no PBX at all (refused, silent, another protocol, a full backlog, a name DNS lacks).
 */

#define SCALE       0.05
#define LEAST       "supervisor"
#define LEAST_KEY   "Least-Privilege-1!"
#define ADMIN       "astrix_admin"
#define ADMIN_KEY   "AdminPass789!"
#define RO          "astrix_ro"
#define RO_KEY      "ReadOnly456!"
#define PROXY       "astrix_proxy"
#define PROXY_KEY   "SecurePassword123!"

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, SCALE);
  /* The least privilege the README asks for. */
  astrix_demo_pbx_add_user (f->pbx, LEAST, LEAST_KEY, "call", "originate,call,reporting");
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", LEAST,
                            "endpoint", "PJSIP/2000",
                            NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_assert_finalize_object (f->pbx);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GError **error = data;
  gboolean ok = astrix_server_check_run_finish (ASTRIX_SERVER_CHECK (source), result, error);

  g_assert_true (ok == (*error == NULL));
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Runs the whole check; the error is %NULL when it completed. */
static AstrixServerCheck *
run_check_full (AstrixServerConfig  *config,
                const char          *secret,
                guint                event_wait_ms,
                GCancellable        *cancellable,
                GError             **error)
{
  AstrixServerCheck *check = astrix_server_check_new (config);
  GError *result = NULL;

  _astrix_server_check_set_timeout (check, 1000);
  _astrix_server_check_set_event_wait (check, event_wait_ms);
  astrix_server_check_run_async (check, secret, cancellable, on_done, &result);
  g_assert_true (astrix_server_check_get_running (check));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (astrix_server_check_get_running (check));
  if (g_error_matches (result, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&result);
  if (result != NULL)
    g_propagate_error (error, result);
  return check;
}

static AstrixServerCheck *
run_check (AstrixServerConfig *config,
           const char         *secret)
{
  g_autoptr(GError) error = NULL;
  AstrixServerCheck *check = run_check_full (config, secret, 200, NULL, &error);

  g_assert_no_error (error);
  return check;
}

static AstrixCheckResult *
row (AstrixServerCheck *check,
     const char        *id)
{
  AstrixCheckResult *result = astrix_server_check_lookup (check, id);

  if (result == NULL)
    g_error ("no row %s", id);
  return result;
}

static void
assert_row (AstrixServerCheck *check,
            const char        *id,
            AstrixCheckStatus  status,
            const char        *message_part)
{
  AstrixCheckResult *result = row (check, id);

  if (astrix_check_result_get_status (result) != status)
    g_error ("%s: %s, not %s: %s", id,
             astrix_check_status_to_string (astrix_check_result_get_status (result)),
             astrix_check_status_to_string (status), astrix_check_result_get_message (result));
  if (message_part != NULL &&
      strstr (astrix_check_result_get_message (result), message_part) == NULL)
    g_error ("%s: “%s” lacks “%s”", id, astrix_check_result_get_message (result), message_part);
}

static void
assert_snippet (AstrixServerCheck *check,
                const char        *id,
                const char        *file,
                const char        *part)
{
  AstrixCheckResult *result = row (check, id);

  g_assert_cmpstr (astrix_check_result_get_snippet_file (result), ==, file);
  g_assert_nonnull (astrix_check_result_get_snippet (result));
  if (strstr (astrix_check_result_get_snippet (result), part) == NULL)
    g_error ("%s: snippet lacks “%s”:\n%s", id, part, astrix_check_result_get_snippet (result));
  g_assert_null (strstr (astrix_check_result_get_snippet (result), "= all"));
}

/* Nothing the check shows may contain the secret. */
static void
assert_no_secret (AstrixServerCheck *check,
                  const char        *secret)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (check)); i++)
    {
      g_autoptr(AstrixCheckResult) result = g_list_model_get_item (G_LIST_MODEL (check), i);
      const char *texts[] = {
        astrix_check_result_get_message (result), astrix_check_result_get_fix (result),
        astrix_check_result_get_snippet (result),
      };

      for (guint j = 0; j < G_N_ELEMENTS (texts); j++)
        g_assert_true (texts[j] == NULL || strstr (texts[j], secret) == NULL);
    }
}

/* All is well */

static void
test_least_privilege (Fixture       *f,
                      gconstpointer  data)
{
  AstrixServerCheck *check;

  /* Calls come and go, so call events arrive. */
  astrix_demo_pbx_set_running (f->pbx, TRUE);
  g_free (astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL));
  check = run_check_full (f->config, LEAST_KEY, 3000, NULL, NULL);

  assert_row (check, "connection", ASTRIX_CHECK_OK, "127.0.0.1");
  assert_row (check, "tls", ASTRIX_CHECK_OK, "not needed");
  assert_row (check, "banner", ASTRIX_CHECK_OK, "AMI 11.0.0, Asterisk 22");
  assert_row (check, "login", ASTRIX_CHECK_OK, "MD5");
  assert_row (check, "permissions", ASTRIX_CHECK_OK, NULL);
  assert_row (check, "privilege", ASTRIX_CHECK_OK, NULL);
  /* Without system or command ChanSpy's module cannot be seen; ControlPlayback's can. */
  assert_row (check, "module-app_chanspy", ASTRIX_CHECK_UNVERIFIED, "rights");
  assert_snippet (check, "module-app_chanspy", "On the PBX", "module show like app_chanspy");
  assert_row (check, "module-app_controlplayback", ASTRIX_CHECK_OK, "ControlPlayback action");
  assert_row (check, "endpoint", ASTRIX_CHECK_OK, "idle");
  assert_row (check, "read-class", ASTRIX_CHECK_OK, "arrived");
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_UNVERIFIED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 10 + 5);
  assert_no_secret (check, LEAST_KEY);
  g_assert_finalize_object (check);
}

/* With system (ModuleCheck) and command (manager show user) everything is verified. */
static void
test_admin_verifies_everything (Fixture       *f,
                                gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "username", ADMIN, NULL);
  check = run_check (f->config, ADMIN_KEY);
  assert_row (check, "module-app_chanspy", ASTRIX_CHECK_OK, "ModuleCheck");
  assert_row (check, "module-app_controlplayback", ASTRIX_CHECK_OK, "ModuleCheck");
  assert_row (check, "read-class", ASTRIX_CHECK_OK, "read = ");
  /* All rights: more than the app needs. */
  assert_row (check, "privilege", ASTRIX_CHECK_WARNING, "Command (write class command)");
  assert_snippet (check, "privilege", "manager.conf", "write = originate,call,reporting");
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_WARNING);
  g_assert_finalize_object (check);
}

/* A quiet PBX and a user without command: the read class stays unverified, said so. */
static void
test_read_class_unverified (Fixture       *f,
                            gconstpointer  data)
{
  AstrixServerCheck *check = run_check (f->config, LEAST_KEY);

  assert_row (check, "read-class", ASTRIX_CHECK_UNVERIFIED, "cannot be told apart");
  assert_snippet (check, "read-class", "manager.conf", "read = call");
  g_assert_finalize_object (check);
}

static void
test_read_class_missing (Fixture       *f,
                         gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_add_user (f->pbx, "deaf", "Deaf-1!", "system",
                            "originate,call,reporting,command");
  g_object_set (f->config, "username", "deaf", NULL);
  check = run_check (f->config, "Deaf-1!");
  assert_row (check, "read-class", ASTRIX_CHECK_FAILED, "read = system");
  assert_snippet (check, "read-class", "manager.conf", "read = call");
  g_assert_finalize_object (check);
}

/* Failure modes of the acceptance */

static guint16
unused_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "port", (guint) unused_port (), NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "connection", ASTRIX_CHECK_FAILED, "refused");
  assert_snippet (check, "connection", "manager.conf", "enabled = yes");
  assert_row (check, "login", ASTRIX_CHECK_SKIPPED, "Network connection");
  assert_row (check, "read-class", ASTRIX_CHECK_SKIPPED, NULL);
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_FAILED);
  g_assert_finalize_object (check);
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  AstrixServerCheck *check = run_check (f->config, "not-the-secret");

  assert_row (check, "banner", ASTRIX_CHECK_OK, NULL);
  assert_row (check, "login", ASTRIX_CHECK_FAILED, "cannot be told apart");
  g_assert_nonnull (strstr (astrix_check_result_get_fix (row (check, "login")),
                            "failed to pass IP ACL"));
  assert_snippet (check, "login", "manager.conf", "permit = 127.0.0.1/255.255.255.255");
  assert_snippet (check, "login", "manager.conf", "[" LEAST "]");
  assert_row (check, "permissions", ASTRIX_CHECK_SKIPPED, "Login");
  assert_no_secret (check, "not-the-secret");
  assert_no_secret (check, LEAST_KEY);
  g_assert_finalize_object (check);
}

static void
test_no_originate (Fixture       *f,
                   gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_add_user (f->pbx, "no_originate", "NoOrig-1!", "call", "call,reporting");
  g_object_set (f->config, "username", "no_originate", NULL);
  check = run_check (f->config, "NoOrig-1!");
  assert_row (check, "login", ASTRIX_CHECK_OK, NULL);
  assert_row (check, "permissions", ASTRIX_CHECK_FAILED, "Originate (write class originate)");
  g_assert_null (strstr (astrix_check_result_get_message (row (check, "permissions")), "PlayDTMF"));
  assert_snippet (check, "permissions", "manager.conf", "write = originate,call,reporting");
  assert_snippet (check, "permissions", "manager.conf", "[no_originate]");
  /* The rest is still checked. */
  assert_row (check, "endpoint", ASTRIX_CHECK_OK, NULL);
  g_assert_finalize_object (check);
}

static void
test_read_only_user (Fixture       *f,
                     gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "username", RO, NULL);
  check = run_check (f->config, RO_KEY);
  assert_row (check, "permissions", ASTRIX_CHECK_FAILED, "Originate");
  assert_row (check, "permissions", ASTRIX_CHECK_FAILED,
              "CoreShowChannels (write class reporting)");
  g_assert_finalize_object (check);
}

static void
test_missing_module (Fixture       *f,
                     gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_chanspy", FALSE);
  g_object_set (f->config, "username", PROXY, NULL);
  check = run_check (f->config, PROXY_KEY);
  assert_row (check, "module-app_chanspy", ASTRIX_CHECK_FAILED, "not loaded (ModuleCheck)");
  assert_snippet (check, "module-app_chanspy", "On the PBX", "module load app_chanspy.so");
  assert_row (check, "module-app_controlplayback", ASTRIX_CHECK_OK, NULL);
  g_assert_finalize_object (check);
}

/* Without system, app_controlplayback's absence shows in ListCommands. */
static void
test_missing_module_deduced (Fixture       *f,
                             gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_controlplayback", FALSE);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "module-app_controlplayback", ASTRIX_CHECK_FAILED, "call class");
  assert_row (check, "module-app_chanspy", ASTRIX_CHECK_UNVERIFIED, NULL);
  g_assert_finalize_object (check);
}

/* With command only: module show like. */
static void
test_missing_module_command (Fixture       *f,
                             gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_add_user (f->pbx, "cli", "Cli-1!", "call", "originate,call,reporting,command");
  astrix_demo_pbx_set_module_loaded (f->pbx, "app_chanspy", FALSE);
  g_object_set (f->config, "username", "cli", NULL);
  check = run_check (f->config, "Cli-1!");
  assert_row (check, "module-app_chanspy", ASTRIX_CHECK_FAILED, "module show like");
  assert_row (check, "module-app_controlplayback", ASTRIX_CHECK_OK, "module show like");
  assert_row (check, "privilege", ASTRIX_CHECK_WARNING, "console command");
  g_assert_finalize_object (check);
}

static void
test_missing_context (Fixture       *f,
                      gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_context_present (f->pbx, "spy-context", FALSE);
  g_object_set (f->config, "monitor-method", ASTRIX_MONITOR_METHOD_CONTEXTS, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "context-spy-context", ASTRIX_CHECK_FAILED, "no context “spy-context”");
  assert_snippet (check, "context-spy-context", "extensions.conf",
                  "[spy-context]\nexten => s,1,GotoIf($[\"${SPYTARGET}\" = \"\"]?done)\n"
                  " same => n,ChanSpy(${SPYTARGET},qEubd)\n");
  /* The seed's whisper context runs ChanSpy at s. */
  assert_row (check, "context-whisper-context", ASTRIX_CHECK_OK, "ChanSpy");
  assert_row (check, "context-barge-context", ASTRIX_CHECK_OK, NULL);
  g_assert_finalize_object (check);
}

/* The application method needs no context: none is checked. */
static void
test_contexts_not_used (Fixture       *f,
                        gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_context_present (f->pbx, "spy-context", FALSE);
  check = run_check (f->config, LEAST_KEY);
  g_assert_null (astrix_server_check_lookup (check, "context-spy-context"));
  g_assert_finalize_object (check);
}

/* The playback context, when playing through the dialplan: the seed's has no ControlPlayback
 * at s (it uses Playback there). */
static void
test_playback_context (Fixture       *f,
                       gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "playback-method", ASTRIX_PLAYBACK_METHOD_CONTEXT, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "context-playback-context", ASTRIX_CHECK_WARNING, "ControlPlayback");
  assert_snippet (check, "context-playback-context", "extensions.conf",
                  "ControlPlayback(${RECFILE},3000)");
  g_assert_finalize_object (check);
}

static void
test_unknown_endpoint (Fixture       *f,
                       gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "endpoint", "SIP/2000", NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "endpoint", ASTRIX_CHECK_FAILED, "does not know SIP/2000");
  g_assert_finalize_object (check);

  g_object_set (f->config, "endpoint", "PJSIP/2000,x", NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "endpoint", ASTRIX_CHECK_FAILED, "not a channel");
  g_assert_finalize_object (check);

  /* None at all (the command line without --endpoint): not a failure, but said. */
  g_object_set (f->config, "endpoint", "", NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "endpoint", ASTRIX_CHECK_UNVERIFIED, "No phone is set");
  g_assert_finalize_object (check);
}

/* TLS */

static char *
fingerprint_of (const char *pem_name)
{
  g_autofree char *pem = tls_test_path (pem_name);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, NULL);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out = g_string_new (NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  for (const char *p = hex; *p != '\0'; p += 2)
    g_string_append_printf (out, "%s%c%c", out->len ? ":" : "", g_ascii_toupper (p[0]),
                            g_ascii_toupper (p[1]));
  return g_string_free (out, FALSE);
}

static void
test_tls_unknown_certificate (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *fingerprint = fingerprint_of ("selfsigned.pem");
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "selfsigned");
  g_object_set (f->config, "use-tls", TRUE, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "connection", ASTRIX_CHECK_OK, NULL);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, fingerprint);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, "not signed by an authority");
  assert_snippet (check, "tls", "On the PBX", "-fingerprint -sha256");
  assert_row (check, "login", ASTRIX_CHECK_SKIPPED, NULL);
  /* Nothing was sent inside a connection that was not trusted. */
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len, ==, 0);
  g_assert_finalize_object (check);
}

static void
test_tls_pinned (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *fingerprint = fingerprint_of ("selfsigned.pem");
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "selfsigned");
  g_object_set (f->config, "use-tls", TRUE, "pinned-certificate", fingerprint, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "tls", ASTRIX_CHECK_OK, "pinned");
  assert_row (check, "login", ASTRIX_CHECK_OK, "inside TLS");
  assert_row (check, "permissions", ASTRIX_CHECK_OK, NULL);
  g_assert_finalize_object (check);
}

/* The certificate changed since it was pinned: the TLS mismatch. */
static void
test_tls_mismatch (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pinned = fingerprint_of ("server.pem");
  g_autofree char *presented = fingerprint_of ("selfsigned.pem");
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "selfsigned");
  g_object_set (f->config, "use-tls", TRUE, "pinned-certificate", pinned, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, "does not match the pinned one");
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, pinned);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, presented);
  g_assert_nonnull (strstr (astrix_check_result_get_fix (row (check, "tls")), "intercepting"));
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len, ==, 0);
  g_assert_finalize_object (check);
}

static void
test_tls_verified (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *ca = tls_test_path ("ca.pem");
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "server");
  g_object_set (f->config, "use-tls", TRUE, "ca-file", ca, "host", "localhost", NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "tls", ASTRIX_CHECK_OK, "valid, trusted and for localhost");
  assert_row (check, "login", ASTRIX_CHECK_OK, NULL);
  g_assert_finalize_object (check);
}

static void
test_tls_wrong_host (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *ca = tls_test_path ("ca.pem");
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "otherhost");
  g_object_set (f->config, "use-tls", TRUE, "ca-file", ca, "host", "localhost", NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, "It is for other.example, not for “localhost”");
  g_assert_finalize_object (check);
}

/* amis:// to a plain port, and ami:// to a TLS one: named, not a bare timeout. */
static void
test_tls_to_plain_port (Fixture       *f,
                        gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "use-tls", TRUE, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, "does not speak TLS");
  g_assert_nonnull (strstr (astrix_check_result_get_fix (row (check, "tls")), "ami://"));
  g_assert_finalize_object (check);
}

static void
test_plain_to_tls_port (Fixture       *f,
                        gconstpointer  data)
{
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "selfsigned");
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "connection", ASTRIX_CHECK_OK, NULL);
  assert_row (check, "banner", ASTRIX_CHECK_FAILED, "speaks TLS");
  g_assert_nonnull (strstr (astrix_check_result_get_fix (row (check, "banner")), "amis://"));
  g_assert_finalize_object (check);
}

/* Sockets that are no PBX */

typedef struct
{
  GSocketService *service;
  const char     *greeting;    /* sent on accept; NULL: silent */
  GPtrArray      *connections;
  guint16         port;
} FakeServer;

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             FakeServer        *server)
{
  g_ptr_array_add (server->connections, g_object_ref (connection));
  if (server->greeting != NULL)
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                               server->greeting, strlen (server->greeting), NULL, NULL, NULL);
  return TRUE;
}

static void
fake_server_start (FakeServer *server,
                   const char *greeting)
{
  g_autoptr(GError) error = NULL;

  server->greeting = greeting;
  server->connections = g_ptr_array_new_with_free_func (g_object_unref);
  server->service = g_socket_service_new ();
  server->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (server->service), NULL,
                                                      &error);
  g_assert_no_error (error);
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
}

static void
fake_server_stop (FakeServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_clear_pointer (&server->connections, g_ptr_array_unref);
}

static void
test_silent_port (Fixture       *f,
                  gconstpointer  data)
{
  FakeServer server = { 0 };
  AstrixServerCheck *check;

  fake_server_start (&server, NULL);
  g_object_set (f->config, "port", (guint) server.port, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "connection", ASTRIX_CHECK_OK, NULL);
  assert_row (check, "banner", ASTRIX_CHECK_FAILED, "no greeting within 1 second:");
  assert_row (check, "login", ASTRIX_CHECK_SKIPPED, NULL);
  g_assert_finalize_object (check);
  fake_server_stop (&server);
}

static void
test_not_ami (Fixture       *f,
              gconstpointer  data)
{
  FakeServer server = { 0 };
  AstrixServerCheck *check;

  fake_server_start (&server, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  g_object_set (f->config, "port", (guint) server.port, NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "banner", ASTRIX_CHECK_FAILED, "it said “SSH-2.0-OpenSSH_9.2p1 Debian-2”");
  g_assert_finalize_object (check);
  fake_server_stop (&server);
}

/* A listener whose backlog is full: the kernel drops the SYN, the connect hangs. */
static void
test_tcp_timeout (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
  AstrixServerCheck *check;

  g_assert_true (g_socket_bind (listener, any, TRUE, NULL));
  g_socket_set_listen_backlog (listener, 0);
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  /* Fill the accept queue (backlog 0 still takes one or two). */
  for (guint i = 0; i < 4; i++)
    {
      GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);

      g_socket_set_blocking (filler, FALSE);
      g_socket_connect (filler, bound, NULL, NULL);
      g_ptr_array_add (fillers, filler);
    }
  g_object_set (f->config,
                "port", (guint) g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                NULL);
  check = run_check (f->config, LEAST_KEY);
  if (astrix_check_result_get_status (row (check, "connection")) == ASTRIX_CHECK_OK)
    {
      g_test_skip ("this kernel accepted the connection despite the full backlog");
      g_assert_finalize_object (check);
      return;
    }
  assert_row (check, "connection", ASTRIX_CHECK_FAILED, "did not answer within 1 second:");
  g_assert_finalize_object (check);
}

/* A resolver that knows no name: DNS failures without asking any server. */

typedef struct
{
  GResolver parent_instance;
} NoResolver;

typedef struct
{
  GResolverClass parent_class;
} NoResolverClass;

static GType no_resolver_get_type (void);
G_DEFINE_TYPE (NoResolver, no_resolver, G_TYPE_RESOLVER)

static void
no_lookup_async (GResolver           *resolver,
                 const char          *hostname,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "Name or service not known");
}

static void
no_lookup_flags_async (GResolver                *resolver,
                       const char               *hostname,
                       GResolverNameLookupFlags  flags,
                       GCancellable             *cancellable,
                       GAsyncReadyCallback       callback,
                       gpointer                  user_data)
{
  no_lookup_async (resolver, hostname, cancellable, callback, user_data);
}

static GList *
no_lookup_finish (GResolver     *resolver,
                  GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
no_lookup (GResolver     *resolver,
           const char    *hostname,
           GCancellable  *cancellable,
           GError       **error)
{
  g_set_error_literal (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                       "Name or service not known");
  return NULL;
}

static void
no_resolver_class_init (NoResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = no_lookup;
  resolver_class->lookup_by_name_async = no_lookup_async;
  resolver_class->lookup_by_name_finish = no_lookup_finish;
  resolver_class->lookup_by_name_with_flags_async = no_lookup_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = no_lookup_finish;
}

static void
no_resolver_init (NoResolver *self)
{
}

static void
test_dns (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(GResolver) none = g_object_new (no_resolver_get_type (), NULL);
  AstrixServerCheck *check;

  g_resolver_set_default (none);
  g_object_set (f->config, "host", "pbx.invalid", NULL);
  check = run_check (f->config, LEAST_KEY);
  g_resolver_set_default (previous);
  assert_row (check, "connection", ASTRIX_CHECK_FAILED, "“pbx.invalid” does not exist (DNS)");
  g_assert_finalize_object (check);
}

/* The life cycle */

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AstrixServerCheck *check;

  /* Cancelled while it watches for events. */
  g_timeout_add_once (300, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  check = run_check_full (f->config, LEAST_KEY, 60000, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_row (check, "login", ASTRIX_CHECK_OK, NULL);
  g_assert_null (astrix_server_check_lookup (check, "read-class"));
  g_assert_finalize_object (check);
}

/* Cancelled while the PBX does not answer the login: over at once, not at the timeout. */
static void
test_cancel_during_login (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AstrixServerCheck *check = astrix_server_check_new (f->config);
  GError *result = NULL;
  gint64 cancelled_at;

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_STALL);
  _astrix_server_check_set_timeout (check, 5000);
  astrix_server_check_run_async (check, LEAST_KEY, cancellable, on_done, &result);
  while (astrix_server_check_lookup (check, "banner") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  cancelled_at = g_get_monotonic_time ();
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (astrix_server_check_lookup (check, "login"));
  g_clear_error (&result);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  g_assert_finalize_object (check);
}

static void
test_tls_bad_ca_file (Fixture       *f,
                      gconstpointer  data)
{
  AstrixServerCheck *check;

  tls_test_use_certificate (f->pbx, "server");
  g_object_set (f->config, "use-tls", TRUE, "ca-file", "/nonexistent/ca.pem", NULL);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "tls", ASTRIX_CHECK_FAILED, "could not be read");
  g_assert_finalize_object (check);
}

static void
test_run_again (Fixture       *f,
                gconstpointer  data)
{
  AstrixServerCheck *check = run_check (f->config, "wrong");
  g_autoptr(GError) error = NULL;
  GError *result = NULL;

  assert_row (check, "login", ASTRIX_CHECK_FAILED, NULL);
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_FAILED);
  astrix_server_check_run_async (check, LEAST_KEY, NULL, on_done, &result);
  /* The rows of the last run are gone at once. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 0);
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_OK);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_error (&result);
  assert_row (check, "login", ASTRIX_CHECK_OK, NULL);
  g_assert_finalize_object (check);
}

/* The latest run wins: the one under way ends cancelled, and only the new one's rows show. */
static void
test_supersede (Fixture       *f,
                gconstpointer  data)
{
  AstrixServerCheck *check = astrix_server_check_new (f->config);
  GError *first = NULL;
  GError *second = NULL;

  _astrix_server_check_set_event_wait (check, 100);
  astrix_server_check_run_async (check, "wrong", NULL, on_done, &first);
  while (g_list_model_get_n_items (G_LIST_MODEL (check)) < 2)
    g_main_context_iteration (NULL, TRUE);
  astrix_server_check_run_async (check, LEAST_KEY, NULL, on_done, &second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 0);
  while (first == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (first, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (second, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_false (astrix_server_check_get_running (check));
  assert_row (check, "login", ASTRIX_CHECK_OK, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 10 + 5);
  g_clear_error (&first);
  g_clear_error (&second);
  g_assert_finalize_object (check);
}

/* Optional capabilities: never a failure; what is missing says which line allows it. */

/* A user with every class: `manager show user` tells read = all, ListCommands lists the queue
 * actions, MixMonitor, StopMixMonitor, MixMonitorMute, Hangup and Redirect. */
static void
test_capabilities_full (Fixture       *f,
                        gconstpointer  data)
{
  AstrixServerCheck *check;

  g_object_set (f->config, "username", ADMIN, NULL);
  check = run_check (f->config, ADMIN_KEY);
  assert_row (check, "capability-queue-events", ASTRIX_CHECK_OK, "read = ");
  assert_row (check, "capability-queue-members", ASTRIX_CHECK_OK,
              "QueuePause, QueueAdd, QueueRemove, QueuePenalty");
  assert_row (check, "capability-record", ASTRIX_CHECK_OK, "MixMonitor");
  assert_row (check, "capability-recording-control", ASTRIX_CHECK_OK,
              "StopMixMonitor, MixMonitorMute");
  assert_row (check, "capability-end-calls", ASTRIX_CHECK_OK, "Hangup, Redirect");
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_WARNING);
  g_assert_finalize_object (check);
}

/* Without app_mixmonitor the classes would allow recording, and the row says the PBX does not
 * offer it. */
static void
test_capabilities_no_mixmonitor (Fixture       *f,
                                 gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_mixmonitor", FALSE);
  g_object_set (f->config, "username", ADMIN, NULL);
  check = run_check (f->config, ADMIN_KEY);
  assert_row (check, "capability-record", ASTRIX_CHECK_OPTIONAL, "does not list MixMonitor");
  assert_row (check, "capability-record", ASTRIX_CHECK_OPTIONAL, "write class system allows it");
  assert_row (check, "capability-recording-control", ASTRIX_CHECK_OPTIONAL,
              "does not list StopMixMonitor");
  g_assert_null (astrix_check_result_get_snippet (row (check, "capability-record")));
  /* The worst is the privilege warning: the optional rows do not make it worse. */
  g_assert_cmpint (astrix_server_check_get_status (check), ==, ASTRIX_CHECK_WARNING);
  g_assert_finalize_object (check);
}

/* astrix_ro (read call, write call): no queue actions, no Command to ask for the read class,
 * no queue events: optional, each with its manager.conf line. */
static void
test_capabilities_restricted (Fixture       *f,
                              gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_running (f->pbx, TRUE);
  g_object_set (f->config, "username", "astrix_ro", NULL);
  check = run_check (f->config, "ReadOnly456!");
  assert_row (check, "capability-queue-events", ASTRIX_CHECK_OPTIONAL, "cannot be told");
  assert_snippet (check, "capability-queue-events", "manager.conf", "read = call,agent\n");
  assert_row (check, "capability-queue-members", ASTRIX_CHECK_OPTIONAL, "write = agent");
  assert_row (check, "capability-queue-members", ASTRIX_CHECK_OPTIONAL, "does not list QueuePause");
  assert_snippet (check, "capability-queue-members", "manager.conf",
                  "[astrix_ro]\n; the whole write line: Asterisk keeps only the last one\n"
                  "write = originate,call,reporting,agent\n");
  assert_row (check, "capability-record", ASTRIX_CHECK_OPTIONAL, "write = system");
  assert_snippet (check, "capability-record", "manager.conf",
                  "write = originate,call,reporting,system\n");
  g_assert_nonnull (strstr (astrix_check_result_get_fix (row (check, "capability-record")),
                            "Only if supervisors are to record"));
  /* write = call allows stopping and muting, Hangup and Redirect */
  assert_row (check, "capability-recording-control", ASTRIX_CHECK_OK,
              "StopMixMonitor, MixMonitorMute");
  assert_row (check, "capability-end-calls", ASTRIX_CHECK_OK, "Hangup, Redirect");
  g_assert_finalize_object (check);
}

/* A user with Command: `manager show user` says read lacks agent, and the snippet keeps the
 * classes the user has. */
static void
test_capabilities_no_agent (Fixture       *f,
                            gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_add_user (f->pbx, "cmd", "Cmd-1!", "call,reporting",
                            "originate,call,reporting,command");
  g_object_set (f->config, "username", "cmd", NULL);
  check = run_check (f->config, "Cmd-1!");
  assert_row (check, "capability-queue-events", ASTRIX_CHECK_OPTIONAL, "read = call,reporting");
  assert_snippet (check, "capability-queue-events", "manager.conf",
                  "read = call,reporting,agent\n");
  assert_snippet (check, "capability-queue-members", "manager.conf",
                  "write = call,command,reporting,originate,agent\n");
  g_assert_finalize_object (check);
}

/* Without Command, queue events arriving show read = agent. */
static void
test_capabilities_queue_events (Fixture       *f,
                                gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_add_user (f->pbx, "agent", "Agent-1!", "call,agent", "originate,call,reporting");
  astrix_demo_pbx_set_running (f->pbx, TRUE);
  g_free (astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL));
  g_object_set (f->config, "username", "agent", NULL);
  check = run_check_full (f->config, "Agent-1!", 3000, NULL, NULL);
  assert_row (check, "capability-queue-events", ASTRIX_CHECK_OK, "arrived");
  g_assert_finalize_object (check);
}

/* ListCommands unanswered: the capabilities cannot be told, which is said, and is no failure. */
static void
test_capabilities_unlisted (Fixture       *f,
                            gconstpointer  data)
{
  AstrixServerCheck *check;

  astrix_demo_pbx_set_ignored_action (f->pbx, "ListCommands", TRUE);
  check = run_check (f->config, LEAST_KEY);
  assert_row (check, "permissions", ASTRIX_CHECK_UNVERIFIED, "did not list");
  assert_row (check, "capability-queue-members", ASTRIX_CHECK_OPTIONAL, "could not be told");
  assert_row (check, "capability-record", ASTRIX_CHECK_OPTIONAL, "could not be told");
  assert_row (check, "capability-end-calls", ASTRIX_CHECK_OPTIONAL, "could not be told");
  assert_row (check, "capability-queue-events", ASTRIX_CHECK_OPTIONAL, "cannot be told");
  g_assert_cmpint (astrix_server_check_get_status (check), <, ASTRIX_CHECK_SKIPPED);
  g_assert_finalize_object (check);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/server-check" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/least-privilege", test_least_privilege);
  ADD ("/admin-verifies-everything", test_admin_verifies_everything);
  ADD ("/read-class/unverified", test_read_class_unverified);
  ADD ("/read-class/missing", test_read_class_missing);
  ADD ("/refused", test_refused);
  ADD ("/tcp-timeout", test_tcp_timeout);
  ADD ("/dns", test_dns);
  ADD ("/silent-port", test_silent_port);
  ADD ("/not-ami", test_not_ami);
  ADD ("/wrong-secret", test_wrong_secret);
  ADD ("/permission-denied/originate", test_no_originate);
  ADD ("/permission-denied/read-only", test_read_only_user);
  ADD ("/missing-module/module-check", test_missing_module);
  ADD ("/missing-module/deduced", test_missing_module_deduced);
  ADD ("/missing-module/command", test_missing_module_command);
  ADD ("/missing-context", test_missing_context);
  ADD ("/contexts-not-used", test_contexts_not_used);
  ADD ("/playback-context", test_playback_context);
  ADD ("/endpoint/unknown", test_unknown_endpoint);
  ADD ("/tls/unknown-certificate", test_tls_unknown_certificate);
  ADD ("/tls/pinned", test_tls_pinned);
  ADD ("/tls/mismatch", test_tls_mismatch);
  ADD ("/tls/verified", test_tls_verified);
  ADD ("/tls/wrong-host", test_tls_wrong_host);
  ADD ("/tls/to-plain-port", test_tls_to_plain_port);
  ADD ("/tls/plain-to-tls-port", test_plain_to_tls_port);
  ADD ("/cancel", test_cancel);
  ADD ("/run-again", test_run_again);
  ADD ("/cancel-during-login", test_cancel_during_login);
  ADD ("/tls/bad-ca-file", test_tls_bad_ca_file);
  ADD ("/supersede", test_supersede);
  ADD ("/capabilities/full", test_capabilities_full);
  ADD ("/capabilities/no-mixmonitor", test_capabilities_no_mixmonitor);
  ADD ("/capabilities/restricted", test_capabilities_restricted);
  ADD ("/capabilities/no-agent", test_capabilities_no_agent);
  ADD ("/capabilities/queue-events", test_capabilities_queue_events);
  ADD ("/capabilities/unlisted", test_capabilities_unlisted);

  return g_test_run ();
}

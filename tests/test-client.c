/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami.h"
#include "ami-client-private.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "tls-test.h"
#include "wait.h"

#define USER   "astrix_proxy"
#define SECRET "SecurePassword123!"

typedef struct
{
  AstrixDemoPbx *pbx;
  AmiClient     *client;
  GPtrArray     *events;      /* events the client emitted */
  guint          logged_in;   /* times "logged-in" fired */
} Fixture;

static void
on_event (AmiClient  *client,
          AmiMessage *message,
          Fixture    *f)
{
  g_ptr_array_add (f->events, ami_message_ref (message));
}

static void
on_logged_in (AmiClient *client,
              Fixture   *f)
{
  f->logged_in++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->client != NULL)
    {
      ami_client_disconnect (f->client);
      wait_ms (20);
      g_assert_finalize_object (f->client);
    }
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_ptr_array_unref (f->events);
}

static AmiClient *
make_client (Fixture    *f,
             const char *user,
             const char *secret)
{
  AmiClient *client = ami_client_new ("127.0.0.1", astrix_demo_pbx_get_port (f->pbx), FALSE);

  ami_client_set_credentials (client, user, secret);
  g_signal_connect (client, "event", G_CALLBACK (on_event), f);
  g_signal_connect (client, "logged-in", G_CALLBACK (on_logged_in), f);
  return client;
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     calls;
} ConnectResult;

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  ConnectResult *r = data;

  r->calls++;
  r->ok = ami_client_connect_finish (AMI_CLIENT (source), result, &r->error);
  r->done = TRUE;
}

static gboolean
connect_client (AmiClient  *client,
                GError    **error)
{
  ConnectResult r = { 0 };

  ami_client_connect_async (client, NULL, connect_cb, &r);
  WAIT_UNTIL (r.done, 10000);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

static void
connect_fixture (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->client = make_client (f, USER, SECRET);
  g_assert_true (connect_client (f->client, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gboolean    done;
  guint       calls;
  AmiMessage *response;
  GPtrArray  *events;
  GError     *error;
} SendResult;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  SendResult *r = data;

  r->calls++;
  g_clear_pointer (&r->response, ami_message_unref);
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_error (&r->error);
  r->response = ami_client_send_action_finish (AMI_CLIENT (source), result, &r->events, &r->error);
  r->done = TRUE;
}

static void
send_result_clear (SendResult *r)
{
  g_clear_pointer (&r->response, ami_message_unref);
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_error (&r->error);
}

static void
send_and_wait (AmiClient  *client,
               AmiAction  *action,
               guint       timeout_ms,
               SendResult *r)
{
  memset (r, 0, sizeof *r);
  ami_client_send_action_full_async (client, action, timeout_ms, NULL, send_cb, r);
  WAIT_UNTIL (r->done, 10000);
}

static void
test_login_plain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AmiMessage *login;

  f->client = make_client (f, USER, SECRET);
  _ami_client_set_auth_method (f->client, AMI_AUTH_PLAIN);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_DISCONNECTED);
  g_assert_true (connect_client (f->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);
  g_assert_cmpstr (_ami_client_get_server_version (f->client), ==, "11.0.0");
  g_assert_cmpuint (f->logged_in, ==, 1);
  g_assert_null (ami_client_get_last_error (f->client));

  login = _astrix_demo_pbx_last_received (f->pbx, "Login");
  g_assert_nonnull (login);
  g_assert_cmpstr (ami_message_get (login, "Username"), ==, USER);
  g_assert_cmpstr (ami_message_get (login, "Secret"), ==, SECRET);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Challenge"), ==, 0);
  /* ActionIDs carry the client's own prefix. */
  g_assert_true (_ami_client_owns_action_id (f->client, ami_message_get_action_id (login)));
}

static void
test_login_md5 (Fixture       *f,
                gconstpointer  data)
{
  AmiMessage *login;
  AmiMessage *challenge;

  /* AUTO on plain TCP means MD5: the secret never crosses the wire. */
  connect_fixture (f);
  challenge = _astrix_demo_pbx_last_received (f->pbx, "Challenge");
  login = _astrix_demo_pbx_last_received (f->pbx, "Login");
  g_assert_nonnull (challenge);
  g_assert_cmpstr (ami_message_get (challenge, "AuthType"), ==, "MD5");
  g_assert_nonnull (login);
  g_assert_cmpstr (ami_message_get (login, "AuthType"), ==, "MD5");
  g_assert_null (ami_message_get (login, "Secret"));
  g_assert_cmpuint (strlen (ami_message_get (login, "Key")), ==, 32);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->client = make_client (f, USER, "wrong-secret");
  ami_client_start (f->client);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_FAILED, 5000);
  g_assert_error (ami_client_get_last_error (f->client), AMI_ERROR,
                  AMI_ERROR_AUTHENTICATION_FAILED);

  /* No retry storm: a refused login is not tried again on its own. */
  wait_ms (2500);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_FAILED);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Login"), ==, 1);
  g_assert_cmpint (ami_client_get_retry_at (f->client), ==, 0);
  /* Before a successful login nothing but the login itself was sent. */
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, NULL), ==,
                    _astrix_demo_pbx_count_received (f->pbx, "Login") +
                    _astrix_demo_pbx_count_received (f->pbx, "Challenge"));
  g_assert_cmpuint (f->logged_in, ==, 0);

  g_clear_object (&f->client);
  f->client = make_client (f, USER, "wrong-secret");
  g_assert_false (connect_client (f->client, &error));
  g_assert_error (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint16 port = astrix_demo_pbx_get_port (f->pbx);

  astrix_demo_pbx_stop (f->pbx);
  f->client = ami_client_new ("127.0.0.1", port, FALSE);
  ami_client_set_credentials (f->client, USER, SECRET);
  g_object_set (f->client, "auto-reconnect", FALSE, NULL);
  g_assert_false (connect_client (f->client, &error));
  g_assert_error (error, AMI_ERROR, AMI_ERROR_REFUSED);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_DISCONNECTED);
}

static void
test_not_connected (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AmiAction) ping = ami_action_new ("Ping");
  SendResult r;

  f->client = make_client (f, USER, SECRET);
  send_and_wait (f->client, ping, 1000, &r);
  g_assert_error (r.error, AMI_ERROR, AMI_ERROR_DISCONNECTED);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, NULL), ==, 0);
  send_result_clear (&r);
}

static void
test_ping (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AmiAction) ping = ami_action_new ("Ping");
  SendResult r;

  connect_fixture (f);
  send_and_wait (f->client, ping, 5000, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (ami_message_get (r.response, "Ping"), ==, "Pong");
  g_assert_null (r.events);
  send_result_clear (&r);
}

static void
test_event_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AmiAction) list = ami_action_new ("CoreShowChannels");
  g_auto(GStrv) channels = NULL;
  SendResult r;

  g_free (astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada"));
  g_free (astrix_demo_pbx_add_call (f->pbx, "1002", "+15551230002", "Grace"));
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  connect_fixture (f);

  send_and_wait (f->client, list, 5000, &r);
  g_assert_no_error (r.error);
  g_assert_true (ami_message_is (r.response, "EventList", "start"));
  g_assert_nonnull (r.events);
  g_assert_cmpuint (r.events->len, ==, g_strv_length (channels));
  for (guint i = 0; i < r.events->len; i++)
    g_assert_cmpstr (ami_message_get_name (g_ptr_array_index (r.events, i)), ==, "CoreShowChannel");
  /* List items are results, not events. */
  for (guint i = 0; i < f->events->len; i++)
    g_assert_cmpstr (ami_message_get_name (g_ptr_array_index (f->events, i)), !=,
                     "CoreShowChannel");
  send_result_clear (&r);
}

static void
test_foreign_action_ids (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AmiAction) list = ami_action_new ("CoreShowChannels");
  g_autoptr(AmiMessage) foreign = ami_message_new ("Event", "OriginateResponse",
                                                   "Privilege", "call,all",
                                                   "ActionID", "other-session-1",
                                                   "Response", "Success",
                                                   "Channel", "PJSIP/2001-00000009",
                                                   "Reason", "4", NULL);
  g_autofree char *own_id = NULL;
  g_autoptr(AmiMessage) own = NULL;
  SendResult r;
  guint originate_responses = 0;

  g_free (astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada"));
  connect_fixture (f);

  /* Another supervisor's OriginateResponse and list items arrive between ours. */
  own_id = ami_client_new_action_id (f->client);
  own = ami_message_new ("Event", "OriginateResponse", "Privilege", "call,all",
                         "ActionID", own_id, "Response", "Failure",
                         "Channel", "PJSIP/2000", "Reason", "5", NULL);
  astrix_demo_pbx_emit_event (f->pbx, foreign);
  memset (&r, 0, sizeof r);
  ami_client_send_action_full_async (f->client, list, 5000, NULL, send_cb, &r);
  astrix_demo_pbx_emit_event (f->pbx, foreign);
  astrix_demo_pbx_emit_event (f->pbx, own);
  WAIT_UNTIL (r.done, 5000);
  wait_ms (100);

  g_assert_no_error (r.error);
  g_assert_cmpuint (r.events->len, ==, 2);
  for (guint i = 0; i < f->events->len; i++)
    {
      AmiMessage *event = g_ptr_array_index (f->events, i);

      if (g_strcmp0 (ami_message_get_name (event), "OriginateResponse") == 0)
        {
          g_assert_cmpstr (ami_message_get_action_id (event), ==, own_id);
          originate_responses++;
        }
    }
  g_assert_cmpuint (originate_responses, ==, 1);
  send_result_clear (&r);
}

static void
collect_hangup (AmiClient  *client,
                AmiMessage *message,
                GPtrArray  *seen)
{
  g_ptr_array_add (seen, ami_message_ref (message));
}

static void
test_detailed_event_signal (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  g_autofree char *channel = NULL;

  connect_fixture (f);
  g_signal_connect (f->client, "event::Hangup", G_CALLBACK (collect_hangup), seen);
  channel = astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada");
  wait_ms (200);
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, channel));
  wait_ms (300);
  g_signal_handlers_disconnect_by_func (f->client, collect_hangup, seen);

  /* A call is two channels at least; each hangs up; nothing else comes through the detail. */
  g_assert_cmpuint (seen->len, >=, 2);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (ami_message_get_name (g_ptr_array_index (seen, i)), ==, "Hangup");
}

static void
test_action_timeout (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AmiAction) ping = ami_action_new ("Ping");
  g_autoptr(AmiAction) ping2 = ami_action_new ("Ping");
  SendResult r;

  connect_fixture (f);
  astrix_demo_pbx_set_ignored_action (f->pbx, "Ping", TRUE);
  send_and_wait (f->client, ping, 200, &r);
  g_assert_error (r.error, AMI_ERROR, AMI_ERROR_TIMED_OUT);
  wait_ms (300);
  g_assert_cmpuint (r.calls, ==, 1);
  send_result_clear (&r);

  /* A timed-out action does not take the link down. */
  astrix_demo_pbx_set_ignored_action (f->pbx, "Ping", FALSE);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);
  send_and_wait (f->client, ping2, 2000, &r);
  g_assert_no_error (r.error);
  send_result_clear (&r);
}

static void
test_ping_deadline (Fixture       *f,
                    gconstpointer  data)
{
  connect_fixture (f);
  g_object_set (f->client, "ping-interval", 100, "ping-timeout", 300, NULL);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_STALL);

  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_RECONNECTING, 3000);
  g_assert_error (ami_client_get_last_error (f->client), AMI_ERROR, AMI_ERROR_TIMED_OUT);
  g_assert_cmpint (ami_client_get_retry_at (f->client), >, g_get_monotonic_time ());
  /* The first retry comes within a second. */
  g_assert_cmpint (ami_client_get_retry_at (f->client) - g_get_monotonic_time (), <=, 1000000);

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 3000);
  g_assert_cmpuint (f->logged_in, ==, 2);
}

static void
test_reconnect_after_server_dies (Fixture       *f,
                                  gconstpointer  data)
{
  guint16 port;
  g_autoptr(GError) error = NULL;

  connect_fixture (f);
  port = astrix_demo_pbx_get_port (f->pbx);

  astrix_demo_pbx_stop (f->pbx);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_RECONNECTING, 2000);
  g_assert_error (ami_client_get_last_error (f->client), AMI_ERROR, AMI_ERROR_DISCONNECTED);

  /* While the PBX is down, attempts fail (refused) and are rescheduled. */
  wait_ms (1500);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_RECONNECTING);

  g_assert_true (astrix_demo_pbx_start (f->pbx, port, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 8000);
  g_assert_cmpuint (f->logged_in, ==, 2);
}

static void
test_pending_fails_once (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AmiAction) originate = ami_action_new_with ("Originate", "Channel", "PJSIP/2000",
                                                        "Application", "ChanSpy",
                                                        "Data", "PJSIP/1001,bq",
                                                        "Async", "true", NULL);
  SendResult r = { 0 };

  connect_fixture (f);
  astrix_demo_pbx_set_ignored_action (f->pbx, "Originate", TRUE);
  ami_client_send_action_full_async (f->client, originate, 800, NULL, send_cb, &r);
  wait_ms (100);
  g_assert_false (r.done);

  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (r.done, 2000);
  g_assert_error (r.error, AMI_ERROR, AMI_ERROR_DISCONNECTED);
  g_assert_cmpuint (r.calls, ==, 1);

  /* Not again: not from the timeout, not after the reconnection, and never re-sent. */
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
  wait_ms (1000);
  g_assert_cmpuint (r.calls, ==, 1);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);
  send_result_clear (&r);
}

static void
test_header_injection (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AmiAction) evil = ami_action_new ("Originate");
  guint before;
  SendResult r;

  connect_fixture (f);
  before = _astrix_demo_pbx_count_received (f->pbx, NULL);
  ami_action_add (evil, "Channel", "PJSIP/2000\r\nAction: Command");
  ami_action_add (evil, "Application", "ChanSpy");
  send_and_wait (f->client, evil, 1000, &r);
  g_assert_error (r.error, AMI_ERROR, AMI_ERROR_INVALID_ACTION);
  wait_ms (200);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, NULL), ==, before);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Command"), ==, 0);
  send_result_clear (&r);
}

static void
test_error_responses (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiAction) command = ami_action_new_with ("Command", "Command", "core show version",
                                                      NULL);
  g_autoptr(AmiAction) unknown = ami_action_new ("NoSuchAction");
  SendResult r;

  /* The seed's user may not run Command: Permission denied, said as such. */
  connect_fixture (f);
  send_and_wait (f->client, command, 2000, &r);
  g_assert_error (r.error, AMI_ERROR, AMI_ERROR_PERMISSION_DENIED);
  send_result_clear (&r);

  send_and_wait (f->client, unknown, 2000, &r);
  g_assert_error (r.error, AMI_ERROR, AMI_ERROR_ACTION_FAILED);
  g_assert_nonnull (strstr (r.error->message, "Invalid/unknown command"));
  send_result_clear (&r);
}

static void
test_fault_close_mid_message (Fixture       *f,
                              gconstpointer  data)
{
  connect_fixture (f);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_CLOSE_MID_MESSAGE);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_RECONNECTING, 2000);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
  /* The half message was not delivered as an event. */
  for (guint i = 0; i < f->events->len; i++)
    g_assert_nonnull (ami_message_get_name (g_ptr_array_index (f->events, i)));
}

static void
test_fault_garbage (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AmiAction) ping = ami_action_new ("Ping");
  SendResult r;

  connect_fixture (f);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_GARBAGE);
  wait_ms (200);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);
  send_and_wait (f->client, ping, 2000, &r);
  g_assert_no_error (r.error);
  g_assert_cmpstr (ami_message_get (r.response, "Ping"), ==, "Pong");
  send_result_clear (&r);
}

static void
test_fault_endless_line (Fixture       *f,
                         gconstpointer  data)
{
  connect_fixture (f);
  g_object_set (f->client, "ping-interval", 100, "ping-timeout", 500, NULL);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_ENDLESS_LINE);

  /* Nothing more can be understood on that link: the Ping deadline declares it dead. */
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_RECONNECTING, 5000);
  g_assert_error (ami_client_get_last_error (f->client), AMI_ERROR, AMI_ERROR_TIMED_OUT);
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  ConnectResult *r = data;

  r->calls++;
  r->ok = ami_client_close_finish (AMI_CLIENT (source), result, &r->error);
  r->done = TRUE;
}

static void
test_close_logs_off (Fixture       *f,
                     gconstpointer  data)
{
  ConnectResult r = { 0 };
  g_autoptr(AmiAction) ping = ami_action_new ("Ping");
  SendResult s;

  connect_fixture (f);
  ami_client_close_async (f->client, NULL, close_cb, &r);
  WAIT_UNTIL (r.done, 5000);
  g_assert_true (r.ok);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_DISCONNECTED);
  wait_ms (100);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Logoff"), ==, 1);

  /* Closed means closed: no reconnection, no sending. */
  wait_ms (1500);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_DISCONNECTED);
  send_and_wait (f->client, ping, 1000, &s);
  g_assert_error (s.error, AMI_ERROR, AMI_ERROR_DISCONNECTED);
  send_result_clear (&s);
}

static AmiClient *
make_tls_client (Fixture    *f,
                 const char *host)
{
  AmiClient *client = ami_client_new (host, astrix_demo_pbx_get_port (f->pbx), TRUE);

  ami_client_set_credentials (client, USER, SECRET);
  g_object_set (client, "auto-reconnect", FALSE, NULL);
  return client;
}

static char *
fingerprint_of (const char *pem_name)
{
  g_autofree char *pem = tls_test_path (pem_name);
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (pem, NULL);
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static void
test_tls_verified (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = tls_test_path ("ca.pem");
  AmiMessage *login;

  tls_test_use_certificate (f->pbx, "server");
  f->client = make_tls_client (f, "localhost");
  ami_client_set_ca_file (f->client, ca);
  g_assert_true (connect_client (f->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);

  /* Inside TLS the AUTO method sends the plain secret (no Challenge). */
  login = _astrix_demo_pbx_last_received (f->pbx, "Login");
  g_assert_cmpstr (ami_message_get (login, "Secret"), ==, SECRET);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Challenge"), ==, 0);
}

static void
test_tls_untrusted_by_default (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Signed by an authority the system does not trust: refused, nothing sent. */
  tls_test_use_certificate (f->pbx, "server");
  f->client = make_tls_client (f, "localhost");
  g_assert_false (connect_client (f->client, &error));
  g_assert_error (error, AMI_ERROR, AMI_ERROR_TLS);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_FAILED);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, NULL), ==, 0);
}

static void
test_tls_wrong_host (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = tls_test_path ("ca.pem");

  /* A trusted authority, but the certificate is for other.example. */
  tls_test_use_certificate (f->pbx, "otherhost");
  f->client = make_tls_client (f, "localhost");
  ami_client_set_ca_file (f->client, ca);
  g_assert_false (connect_client (f->client, &error));
  g_assert_error (error, AMI_ERROR, AMI_ERROR_TLS);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, NULL), ==, 0);
}

static void
test_tls_pinned (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = fingerprint_of ("selfsigned.pem");
  g_autofree char *with_colons = NULL;
  GString *colons = g_string_new (NULL);

  tls_test_use_certificate (f->pbx, "selfsigned");
  f->client = make_tls_client (f, "localhost");
  g_assert_false (connect_client (f->client, &error));
  g_assert_error (error, AMI_ERROR, AMI_ERROR_TLS);
  /* The fingerprint to show the user, so they can pin it. */
  g_assert_cmpstr (ami_client_get_peer_fingerprint (f->client), ==, expected);
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  /* A wrong pin is no pin. */
  ami_client_set_pinned_certificate (f->client, "00:11:22:33");
  g_assert_false (connect_client (f->client, &error));
  g_assert_error (error, AMI_ERROR, AMI_ERROR_TLS);
  g_clear_error (&error);

  /* Pinned (in the usual AA:BB:... form): accepted. */
  for (const char *p = expected; *p != '\0'; p += 2)
    g_string_append_printf (colons, "%s%.2s", colons->len ? ":" : "", p);
  with_colons = g_ascii_strup (colons->str, -1);
  g_string_free (colons, TRUE);
  ami_client_set_pinned_certificate (f->client, with_colons);
  g_assert_true (connect_client (f->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);
}

static void
test_backoff (void)
{
  guint previous_max = 0;

  /* The first retry within 1 s; doubling; never above 30 s; jitter in the upper half. */
  g_assert_cmpuint (_ami_backoff_delay_ms (0, 0.0), ==, 500);
  g_assert_cmpuint (_ami_backoff_delay_ms (0, 0.999), <=, 1000);
  g_assert_cmpuint (_ami_backoff_delay_ms (1, 0.0), ==, 1000);
  g_assert_cmpuint (_ami_backoff_delay_ms (2, 0.999), <=, 4000);
  for (guint attempt = 0; attempt < 64; attempt++)
    {
      guint lo = _ami_backoff_delay_ms (attempt, 0.0);
      guint hi = _ami_backoff_delay_ms (attempt, 0.999999);

      g_assert_cmpuint (lo, <=, hi);
      g_assert_cmpuint (hi, <=, 30000);
      g_assert_cmpuint (hi, >=, previous_max / 2);
      previous_max = MAX (previous_max, hi);
    }
  g_assert_cmpuint (_ami_backoff_delay_ms (10, 0.0), ==, 15000);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* The fingerprints the client pins, as typed, and as the supervisor reads them. */
static void
test_fingerprint_text (void)
{
  g_autofree char *typed = ami_fingerprint_normalize ("AB:cd:0F 12");
  g_autofree char *none = ami_fingerprint_normalize (NULL);
  g_autofree char *shown = ami_fingerprint_format ("abcd0f12");
  g_autofree char *empty = ami_fingerprint_format ("");

  g_assert_cmpstr (typed, ==, "abcd0f12");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (shown, ==, "AB:CD:0F:12");
  g_assert_cmpstr (empty, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/backoff", test_backoff);
  g_test_add_func ("/client/fingerprint-text", test_fingerprint_text);
  ADD ("/client/login-plain", test_login_plain);
  ADD ("/client/login-md5", test_login_md5);
  ADD ("/client/wrong-secret", test_wrong_secret);
  ADD ("/client/refused", test_refused);
  ADD ("/client/not-connected", test_not_connected);
  ADD ("/client/ping", test_ping);
  ADD ("/client/event-list", test_event_list);
  ADD ("/client/foreign-action-ids", test_foreign_action_ids);
  ADD ("/client/detailed-event-signal", test_detailed_event_signal);
  ADD ("/client/action-timeout", test_action_timeout);
  ADD ("/client/ping-deadline", test_ping_deadline);
  ADD ("/client/reconnect-after-server-dies", test_reconnect_after_server_dies);
  ADD ("/client/pending-fails-once", test_pending_fails_once);
  ADD ("/client/header-injection", test_header_injection);
  ADD ("/client/error-responses", test_error_responses);
  ADD ("/client/fault/close-mid-message", test_fault_close_mid_message);
  ADD ("/client/fault/garbage", test_fault_garbage);
  ADD ("/client/fault/endless-line", test_fault_endless_line);
  ADD ("/client/close-logs-off", test_close_logs_off);
  ADD ("/client/tls/verified", test_tls_verified);
  ADD ("/client/tls/untrusted-by-default", test_tls_untrusted_by_default);
  ADD ("/client/tls/wrong-host", test_tls_wrong_host);
  ADD ("/client/tls/pinned", test_tls_pinned);

  return g_test_run ();
}

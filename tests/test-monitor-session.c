/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami-client-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "astrix-monitor.h"
#include "astrix-monitor-session-private.h"
#include "wait.h"
#include "astrix-channel-private.h"

#define ENDPOINT "PJSIP/2000"

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  char               *target;
  GArray             *states;     /* AstrixSessionState, as they came */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *user = data != NULL ? data : "astrix_proxy";
  const char *secret = data != NULL ? "ReadOnly456!" : "SecurePassword123!";

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->target = astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada Lovelace");

  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", user,
                            "endpoint", ENDPOINT,
                            NULL);
  f->connection = astrix_connection_new (f->config);
  astrix_connection_start (f->connection, secret);
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
  /* (The restricted user may not list channels: its store learns only of new calls.) */
  if (data == NULL)
    WAIT_UNTIL (astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection),
                                                     f->target) != NULL, 2000);
  f->states = g_array_new (FALSE, FALSE, sizeof (AstrixSessionState));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  astrix_connection_stop (f->connection);
  wait_ms (50);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_free (f->target);
  g_array_unref (f->states);
}

/* Our channel on the supervisor's phone, once known */
static const char *
our_channel (AstrixMonitorSession *session)
{
  return astrix_phone_call_get_channel (astrix_monitor_session_get_call (session));
}

static void
record_state (AstrixMonitorSession *session,
              GParamSpec           *pspec,
              Fixture              *f)
{
  AstrixSessionState state = astrix_monitor_session_get_state (session);

  g_array_append_val (f->states, state);
}

static AstrixMonitorSession *
new_session (Fixture           *f,
             const char        *target,
             AstrixMonitorMode  mode)
{
  g_autoptr(GError) error = NULL;
  AstrixMonitorSession *session = astrix_connection_create_session (f->connection, target, mode,
                                                                    &error);

  g_assert_no_error (error);
  g_signal_connect (session, "notify::state", G_CALLBACK (record_state), f);
  _astrix_monitor_session_set_target_timeout (session, 1000);
  return session;
}

static gboolean
saw_state (Fixture            *f,
           AstrixSessionState  state)
{
  for (guint i = 0; i < f->states->len; i++)
    {
      if (g_array_index (f->states, AstrixSessionState, i) == state)
        return TRUE;
    }
  return FALSE;
}

/* The Originate as sent: these keys, in this order, with these values, and nothing else. */
static void
assert_originate (Fixture    *f,
                  const char *data)
{
  AmiMessage *originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  g_autofree char *caller_id = NULL;
  static const char *keys[] = { "Action", "Channel", "Application", "Data", "CallerID",
                                "Timeout", "Async", "ActionID" };

  g_assert_nonnull (originate);
  g_assert_cmpuint (ami_message_get_n_fields (originate), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (ami_message_get_key (originate, i), ==, keys[i]);
  g_assert_cmpstr (ami_message_get (originate, "Channel"), ==, ENDPOINT);
  g_assert_cmpstr (ami_message_get (originate, "Application"), ==, "ChanSpy");
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==, data);
  g_assert_cmpstr (ami_message_get (originate, "Timeout"), ==, "30000");
  g_assert_cmpstr (ami_message_get (originate, "Async"), ==, "true");
  caller_id = g_strdup (ami_message_get (originate, "CallerID"));
  g_assert_true (g_str_has_prefix (caller_id, "\"") && g_str_has_suffix (caller_id, "\""));
  g_assert_true (_ami_client_owns_action_id (astrix_connection_get_client (f->connection),
                                            ami_message_get_action_id (originate)));
}

static void
test_listen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  g_autofree char *options = g_strdup_printf ("%s,quEbd", f->target);
  AstrixChannel *target;

  g_assert_true (astrix_monitor_session_start (session, NULL));
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_REQUESTED);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 3000);

  assert_originate (f, options);
  g_assert_true (saw_state (f, ASTRIX_SESSION_CONNECTING));
  g_assert_true (g_str_has_prefix (our_channel (session), ENDPOINT "-"));
  g_assert_cmpint (astrix_monitor_session_get_started (session), >, 0);
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, our_channel (session)),
                   ==, ASTRIX_DEMO_SPY_LISTEN);

  /* Shown as the call in the supervisor's words, customer ↔ agent (the agent is who is on the
   * channel); the store marks it as monitored (from ChanSpyStart). */
  target = astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection),
                                                f->target);
  {
    g_autofree char *caller = astrix_channel_dup_caller (target);
    g_autofree char *call = g_strdup_printf ("Ada Lovelace <+15551230001> ↔ %s", caller);

    g_assert_nonnull (caller);
    g_assert_cmpstr (caller, ==, "Alice Martin <1001>");
    g_assert_cmpstr (astrix_monitor_session_get_target_caller (session), ==, call);
  }
  WAIT_UNTIL (_astrix_channel_is_monitored (target), 1000);
}

static void
start_and_wait_active (Fixture              *f,
                       AstrixMonitorSession *session)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (astrix_monitor_session_start (session, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 3000);
}

static void
test_whisper_and_barge_from_start (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) whisper = new_session (f, f->target, ASTRIX_MONITOR_MODE_WHISPER);
  g_autoptr(AstrixMonitorSession) barge = NULL;
  g_autofree char *whisper_data = g_strdup_printf ("%s,quEbdw", f->target);
  g_autofree char *barge_data = g_strdup_printf ("%s,quEbdB", f->target);

  start_and_wait_active (f, whisper);
  assert_originate (f, whisper_data);
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, our_channel (whisper)),
                   ==, ASTRIX_DEMO_SPY_WHISPER);
  astrix_monitor_session_stop (whisper);
  WAIT_UNTIL (astrix_monitor_session_get_state (whisper) == ASTRIX_SESSION_ENDED, 3000);

  barge = new_session (f, f->target, ASTRIX_MONITOR_MODE_BARGE);
  start_and_wait_active (f, barge);
  assert_originate (f, barge_data);
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, our_channel (barge)),
                   ==, ASTRIX_DEMO_SPY_BARGE);
}

static void
switch_and_check (Fixture              *f,
                  AstrixMonitorSession *session,
                  AstrixMonitorMode     mode,
                  const char           *digit,
                  AstrixDemoSpyMode     expected)
{
  const char *channel = our_channel (session);
  guint before = _astrix_demo_pbx_count_received (f->pbx, "PlayDTMF");
  AmiMessage *dtmf;

  astrix_monitor_session_set_mode (session, mode);
  WAIT_UNTIL (astrix_monitor_session_get_mode (session) == mode, 2000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "PlayDTMF"), ==, before + 1);
  dtmf = _astrix_demo_pbx_last_received (f->pbx, "PlayDTMF");
  g_assert_cmpstr (ami_message_get (dtmf, "Channel"), ==, channel);
  g_assert_cmpstr (ami_message_get (dtmf, "Digit"), ==, digit);
  g_assert_cmpstr (ami_message_get (dtmf, "Receive"), ==, "true");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, channel), ==, expected);
}

static void
test_mode_switches (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);

  start_and_wait_active (f, session);
  switch_and_check (f, session, ASTRIX_MONITOR_MODE_WHISPER, "5", ASTRIX_DEMO_SPY_WHISPER);
  switch_and_check (f, session, ASTRIX_MONITOR_MODE_BARGE, "6", ASTRIX_DEMO_SPY_BARGE);
  switch_and_check (f, session, ASTRIX_MONITOR_MODE_LISTEN, "4", ASTRIX_DEMO_SPY_LISTEN);

  /* Without redialing: one Originate for the whole session. */
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_ACTIVE);
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  g_autofree char *ours = NULL;
  g_auto(GStrv) channels = NULL;
  AmiMessage *hangup;

  start_and_wait_active (f, session);
  ours = g_strdup (our_channel (session));
  astrix_monitor_session_stop (session);
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_STOPPING);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ENDED, 3000);

  hangup = _astrix_demo_pbx_last_received (f->pbx, "Hangup");
  g_assert_cmpstr (ami_message_get (hangup, "Channel"), ==, ours);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (session)),
                   ==, "Monitoring stopped.");
  g_assert_null (astrix_phone_call_get_error (astrix_monitor_session_get_call (session)));
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_false (g_strv_contains ((const char * const *) channels, ours));
  /* The monitored call itself goes on. */
  g_assert_true (g_strv_contains ((const char * const *) channels, f->target));
}

static void
test_spied_call_ends (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);

  start_and_wait_active (f, session);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, f->target));
  WAIT_UNTIL (!astrix_monitor_session_is_running (session), 3000);
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_ENDED);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (session)),
                   ==, "The call has ended.");
}

static void
test_target_gone_before_answer (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  const GError *error;

  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, ASTRIX_DEMO_ANSWER_ANSWER);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  /* The call ends while the supervisor's phone is still being rung. */
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, f->target));
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_FAILED, 5000);

  error = astrix_phone_call_get_error (astrix_monitor_session_get_call (session));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  g_assert_cmpstr (error->message, ==, "The call you wanted to monitor has ended.");
  g_assert_false (saw_state (f, ASTRIX_SESSION_ACTIVE));
  /* Asterisk says nothing then: ChanSpy would keep the phone on the line; we hang it up. */
  WAIT_UNTIL (_astrix_demo_pbx_last_received (f->pbx, "Hangup") != NULL, 2000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, our_channel (session));
}

static void
check_phone_failure (Fixture          *f,
                     AstrixDemoAnswer  answer,
                     AstrixError       code,
                     const char       *message)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  const GError *error;

  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, answer);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_FAILED, 5000);
  error = astrix_phone_call_get_error (astrix_monitor_session_get_call (session));
  g_assert_error (error, ASTRIX_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (session)),
                   ==, message);
}

static void
test_phone_busy (Fixture       *f,
                 gconstpointer  data)
{
  check_phone_failure (f, ASTRIX_DEMO_ANSWER_BUSY, ASTRIX_ERROR_PHONE_BUSY,
                       "Your phone PJSIP/2000 is busy.");
}

static void
test_phone_no_answer (Fixture       *f,
                      gconstpointer  data)
{
  check_phone_failure (f, ASTRIX_DEMO_ANSWER_NO_ANSWER, ASTRIX_ERROR_PHONE_NO_ANSWER,
                       "Your phone PJSIP/2000 did not answer.");
}

static void
test_phone_congestion (Fixture       *f,
                       gconstpointer  data)
{
  check_phone_failure (f, ASTRIX_DEMO_ANSWER_CONGESTION, ASTRIX_ERROR_PHONE_CONGESTION,
                       "The PBX could not reach your phone PJSIP/2000 (congestion).");
}

static void
test_phone_unreachable (Fixture       *f,
                        gconstpointer  data)
{
  check_phone_failure (f, ASTRIX_DEMO_ANSWER_HANGUP, ASTRIX_ERROR_PHONE_UNREACHABLE,
                       "Your phone PJSIP/2000 could not be called, or it rejected the call.");
}

static void
test_permission_denied (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session =
    astrix_monitor_session_new (astrix_connection_get_client (f->connection), f->config, f->target,
                                NULL, ASTRIX_MONITOR_MODE_LISTEN);
  const GError *error;

  /* Nor list the calls: the connection says so in words. */
  g_assert_nonnull (strstr (astrix_connection_get_error_text (f->connection), "Permission denied"));

  /* astrix_ro has no originate write class. */
  g_assert_true (astrix_monitor_session_start (session, NULL));
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_FAILED, 3000);
  error = astrix_phone_call_get_error (astrix_monitor_session_get_call (session));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "The PBX refused: Permission denied"));
}

static void
test_stop_while_ringing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);

  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, ASTRIX_DEMO_ANSWER_NO_ANSWER);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_RINGING, 3000);
  astrix_monitor_session_stop (session);
  WAIT_UNTIL (!astrix_monitor_session_is_running (session), 5000);
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_ENDED);
  g_assert_null (astrix_phone_call_get_error (astrix_monitor_session_get_call (session)));
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, 1);
}

static void
test_contexts_method (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = NULL;
  g_autofree char *variable = g_strdup_printf ("SPYTARGET=%s", f->target);
  AmiMessage *originate;

  g_object_set (f->config, "monitor-method", ASTRIX_MONITOR_METHOD_CONTEXTS, NULL);
  session = new_session (f, f->target, ASTRIX_MONITOR_MODE_WHISPER);
  _astrix_monitor_session_set_target_timeout (session, 8000);
  start_and_wait_active (f, session);

  originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  g_assert_cmpstr (ami_message_get (originate, "Channel"), ==, ENDPOINT);
  g_assert_cmpstr (ami_message_get (originate, "Context"), ==, "whisper-context");
  g_assert_cmpstr (ami_message_get (originate, "Exten"), ==, "s");
  g_assert_cmpstr (ami_message_get (originate, "Priority"), ==, "1");
  g_assert_cmpstr (ami_message_get (originate, "Variable"), ==, variable);
  g_assert_null (ami_message_get (originate, "Application"));
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, our_channel (session)),
                   ==, ASTRIX_DEMO_SPY_WHISPER);
}

static void
test_spy_groups (Fixture       *f,
                 gconstpointer  data)
{
  static const char *groups[] = { "team-a", "team_b", NULL };
  static const char *bad[] = { "team)a", NULL };
  g_autoptr(AstrixMonitorSession) session = NULL;
  g_autoptr(AstrixMonitorSession) refused = NULL;
  g_autoptr(GError) error = NULL;
  AmiMessage *originate;
  guint before;

  g_object_set (f->config, "spy-groups", groups, "bridged-only", FALSE, NULL);
  session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  WAIT_UNTIL ((originate = _astrix_demo_pbx_last_received (f->pbx, "Originate")) != NULL, 2000);
  g_assert_true (g_str_has_suffix (ami_message_get (originate, "Data"), ",quEdg(team-a:team_b)"));

  /* A group name that would break out of g(...) is refused and nothing is sent. */
  g_object_set (f->config, "spy-groups", bad, NULL);
  before = _astrix_demo_pbx_count_received (f->pbx, "Originate");
  refused = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  g_assert_false (astrix_monitor_session_start (refused, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (astrix_monitor_session_get_state (refused), ==, ASTRIX_SESSION_FAILED);
  wait_ms (100);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, before);
}

static void
test_refused_targets (Fixture       *f,
                      gconstpointer  data)
{
  static const char *targets[] = { "PJSIP/1001,B", "PJSIP/1001|x", "PJSIP/1001(x)",
                                   "PJSIP/10\n01", "" };
  AmiClient *client = astrix_connection_get_client (f->connection);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(AstrixMonitorSession) session =
        astrix_monitor_session_new (client, f->config, targets[i], NULL,
                                    ASTRIX_MONITOR_MODE_LISTEN);
      g_autoptr(GError) error = NULL;

      g_assert_false (astrix_monitor_session_start (session, &error));
      g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
    }
  wait_ms (100);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 0);

  /* A channel that is not (any more) on the PBX: a clear error before anything is sent. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (astrix_connection_create_session (f->connection, "PJSIP/1999-000000ff",
                                                     ASTRIX_MONITOR_MODE_LISTEN, &error));
    g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  }
}

static void
test_replace_running_session (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AstrixMonitor) monitor = astrix_monitor_new ();
  g_autofree char *second_target = astrix_demo_pbx_add_call (f->pbx, "1002", "+15551230002",
                                                             "Grace");
  AstrixMonitorSession *first;
  AstrixMonitorSession *second;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_channel = NULL;

  WAIT_UNTIL (astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection),
                                                   second_target) != NULL, 2000);
  first = g_object_ref (astrix_monitor_request (monitor, f->connection, f->target,
                                                ASTRIX_MONITOR_MODE_LISTEN, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (astrix_monitor_session_get_state (first) == ASTRIX_SESSION_ACTIVE, 3000);
  first_channel = g_strdup (our_channel (first));

  second = astrix_monitor_request (monitor, f->connection, second_target,
                                   ASTRIX_MONITOR_MODE_WHISPER, &error);
  g_assert_no_error (error);
  /* The old one is hung up before the phone is rung again. */
  g_assert_cmpint (astrix_monitor_session_get_state (first), ==, ASTRIX_SESSION_STOPPING);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);
  WAIT_UNTIL (astrix_monitor_session_get_state (second) == ASTRIX_SESSION_ACTIVE, 5000);
  g_assert_cmpint (astrix_monitor_session_get_state (first), ==, ASTRIX_SESSION_ENDED);
  g_assert_true (astrix_monitor_get_session (monitor) == second);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 2);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, first_channel);

  /* Stop through the monitor; then there is nothing to stop. */
  g_assert_true (astrix_monitor_stop (monitor, NULL));
  WAIT_UNTIL (astrix_monitor_session_get_state (second) == ASTRIX_SESSION_ENDED, 3000);
  g_assert_false (astrix_monitor_stop (monitor, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_object_unref (first);
}

static void
test_connection_lost (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixMonitorSession) session = new_session (f, f->target, ASTRIX_MONITOR_MODE_LISTEN);
  g_autofree char *ours = NULL;
  guint hangups;

  start_and_wait_active (f, session);
  ours = g_strdup (our_channel (session));
  hangups = _astrix_demo_pbx_count_received (f->pbx, "Hangup");
  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_FAILED, 3000);
  g_assert_error (astrix_phone_call_get_error (astrix_monitor_session_get_call (session)),
                  ASTRIX_ERROR,
                  ASTRIX_ERROR_CONNECTION_LOST);

  /* Back on line, the phone is not left on ChanSpy. */
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Hangup") == hangups + 1, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, ours);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* Which Newchannel is the one ringing the supervisor's phone */
static void
test_endpoint_rings_as (void)
{
  g_assert_true (astrix_endpoint_rings_as ("PJSIP/2000", "PJSIP/2000-0000002a"));
  g_assert_false (astrix_endpoint_rings_as ("PJSIP/2000", "PJSIP/20001-0000002a"));
  g_assert_false (astrix_endpoint_rings_as ("PJSIP/2000", "PJSIP/2000"));
  g_assert_false (astrix_endpoint_rings_as ("PJSIP/2000", NULL));
  /* a Local channel rings as its first half, without the options */
  g_assert_true (astrix_endpoint_rings_as ("Local/2000@supervisor/n",
                                           "Local/2000@supervisor-0000000c;1"));
  g_assert_false (astrix_endpoint_rings_as ("Local/2000@supervisor/n",
                                            "Local/2000@supervisor-0000000c;2"));
  g_assert_true (astrix_endpoint_rings_as ("Local/2000@supervisor",
                                           "Local/2000@supervisor-0000000d;1"));
  g_assert_false (astrix_endpoint_rings_as ("Local/2000@supervisor/n",
                                            "Local/2001@supervisor-0000000c;1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/monitor/listen", test_listen);
  ADD ("/monitor/whisper-and-barge-from-start", test_whisper_and_barge_from_start);
  ADD ("/monitor/mode-switches", test_mode_switches);
  ADD ("/monitor/stop", test_stop);
  ADD ("/monitor/spied-call-ends", test_spied_call_ends);
  ADD ("/monitor/target-gone-before-answer", test_target_gone_before_answer);
  ADD ("/monitor/phone-busy", test_phone_busy);
  ADD ("/monitor/phone-no-answer", test_phone_no_answer);
  ADD ("/monitor/phone-congestion", test_phone_congestion);
  ADD ("/monitor/phone-unreachable", test_phone_unreachable);
  g_test_add ("/monitor/permission-denied", Fixture, "astrix_ro", fixture_set_up,
              test_permission_denied, fixture_tear_down);
  ADD ("/monitor/stop-while-ringing", test_stop_while_ringing);
  ADD ("/monitor/contexts-method", test_contexts_method);
  ADD ("/monitor/spy-groups", test_spy_groups);
  ADD ("/monitor/refused-targets", test_refused_targets);
  ADD ("/monitor/replace-running-session", test_replace_running_session);
  ADD ("/monitor/connection-lost", test_connection_lost);
  g_test_add_func ("/monitor/endpoint-rings-as", test_endpoint_rings_as);

  return g_test_run ();
}

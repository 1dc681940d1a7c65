/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixConnection against the simulated PBX: connecting, syncing the live calls, the channel
 * list after the link drops and after the PBX restarts (no stale channel survives), and the
 * failures in words: a wrong secret, nothing listening. The calls (one per conversation) follow
 * the channels through all of it, and the supervisor's own spy call is none of them.
 */
#include <string.h>

#include "ami-client-private.h"
#include "astrix-call-private.h"
#include "astrix-channel-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "wait.h"

#define SECRET "SecurePassword123!"

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  GArray             *states;     /* AstrixConnectionState, as they came */
} Fixture;

static void
on_state (AstrixConnection *connection,
          GParamSpec       *pspec,
          Fixture          *f)
{
  AstrixConnectionState state = astrix_connection_get_state (connection);

  g_array_append_val (f->states, state);
}

static AstrixConnectionState
state (Fixture *f)
{
  return astrix_connection_get_state (f->connection);
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
  for (guint i = 0; i < 3; i++)
    g_free (astrix_demo_pbx_add_call (f->pbx, NULL, NULL, NULL));

  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", "astrix_proxy",
                            "endpoint", "PJSIP/2000",
                            NULL);
  f->connection = astrix_connection_new (f->config);
  f->states = g_array_new (FALSE, FALSE, sizeof (AstrixConnectionState));
  g_signal_connect (f->connection, "notify::state", G_CALLBACK (on_state), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  astrix_connection_stop (f->connection);
  g_signal_handlers_disconnect_by_data (f->connection, f);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_array_unref (f->states);
}

/* The store holds exactly the PBX's channels: none missing, none stale. */
static gboolean
store_matches_pbx (Fixture *f)
{
  AstrixChannelStore *store = astrix_connection_get_store (f->connection);
  g_auto(GStrv) channels = astrix_demo_pbx_dup_channels (f->pbx);

  _astrix_channel_store_flush (store);
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != g_strv_length (channels))
    return FALSE;
  for (guint i = 0; channels[i] != NULL; i++)
    {
      if (astrix_channel_store_lookup_by_name (store, channels[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
went_through (Fixture               *f,
              AstrixConnectionState  wanted)
{
  for (guint i = 0; i < f->states->len; i++)
    {
      if (g_array_index (f->states, AstrixConnectionState, i) == wanted)
        return TRUE;
    }
  return FALSE;
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_auto(GStrv) channels = astrix_demo_pbx_dup_channels (f->pbx);

  g_assert_cmpint (state (f), ==, ASTRIX_CONNECTION_IDLE);
  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  /* connecting, then loading the list, then connected */
  g_assert_true (went_through (f, ASTRIX_CONNECTION_CONNECTING));
  g_assert_true (went_through (f, ASTRIX_CONNECTION_SYNCING));
  g_assert_cmpuint (g_strv_length (channels), >=, 6);
  g_assert_true (store_matches_pbx (f));
  g_assert_null (astrix_connection_get_error_text (f->connection));
  g_assert_cmpstr (astrix_channel_store_get_server (astrix_connection_get_store (f->connection)),
                   ==, "Test PBX");

  /* Live: a new call and a hang-up reach the store from the events */
  g_free (astrix_demo_pbx_add_call (f->pbx, NULL, NULL, NULL));
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, channels[0]));
  WAIT_UNTIL (store_matches_pbx (f), 3000);
}

/* The link drops: the connection comes back by itself and lists the calls again. */
static void
test_link_drops (Fixture       *f,
                 gconstpointer  data)
{
  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  g_array_set_size (f->states, 0);

  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (went_through (f, ASTRIX_CONNECTION_RECONNECTING), 3000);
  g_assert_nonnull (astrix_connection_get_error_text (f->connection));
  g_assert_cmpint (astrix_connection_get_retry_at (f->connection), >, 0);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 15000);
  g_assert_true (went_through (f, ASTRIX_CONNECTION_SYNCING));
  g_assert_true (store_matches_pbx (f));
}

/* The PBX restarts with other calls: after the resync not one old channel is left. */
static void
test_pbx_restarts (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(GStrv) before = NULL;
  AstrixChannelStore *store = astrix_connection_get_store (f->connection);

  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  before = astrix_demo_pbx_dup_channels (f->pbx);
  g_array_set_size (f->states, 0);

  astrix_demo_pbx_restart (f->pbx, 5);
  WAIT_UNTIL (went_through (f, ASTRIX_CONNECTION_RECONNECTING), 3000);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 15000);
  WAIT_UNTIL (store_matches_pbx (f), 3000);
  for (guint i = 0; before[i] != NULL; i++)
    g_assert_null (astrix_channel_store_lookup_by_name (store, before[i]));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >=, 10);
}

/* Every call of the PBX is one call of two channels (customer and agent), none other. */
static gboolean
calls_match_pbx (Fixture *f,
                 guint    n_calls)
{
  AstrixCallStore *calls = astrix_connection_get_calls (f->connection);

  if (!store_matches_pbx (f))
    return FALSE;
  _astrix_call_store_flush (calls);
  if (g_list_model_get_n_items (G_LIST_MODEL (calls)) != n_calls)
    return FALSE;
  for (guint i = 0; i < n_calls; i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (G_LIST_MODEL (calls), i);

      if (g_list_model_get_n_items (astrix_call_get_channels (call)) != 2 ||
          astrix_call_get_agent_name (call) == NULL ||
          astrix_call_get_customer_number (call) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The calls are derived from the channels: right after the sync, a reconnection and a restart */
static void
test_calls (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *agent = NULL;

  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  WAIT_UNTIL (calls_match_pbx (f, 3), 3000);
  g_assert_true (calls_match_pbx (f, 3));

  agent = astrix_demo_pbx_add_call (f->pbx, NULL, "+15550000001", "New Caller");
  WAIT_UNTIL (calls_match_pbx (f, 4), 3000);
  g_assert_true (calls_match_pbx (f, 4));
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, agent));
  WAIT_UNTIL (calls_match_pbx (f, 3), 3000);
  g_assert_true (calls_match_pbx (f, 3));

  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (went_through (f, ASTRIX_CONNECTION_RECONNECTING), 3000);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 15000);
  WAIT_UNTIL (calls_match_pbx (f, 3), 3000);
  g_assert_true (calls_match_pbx (f, 3));

  astrix_demo_pbx_restart (f->pbx, 5);
  WAIT_UNTIL (state (f) != ASTRIX_CONNECTION_CONNECTED, 3000);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 15000);
  WAIT_UNTIL (calls_match_pbx (f, 5), 3000);
  g_assert_true (calls_match_pbx (f, 5));
}

/* The supervisor listens on a Local channel endpoint (the simulated PBX makes its ;1 half):
 * no call more, and the call listened to says who monitors it. */
static void
test_supervisor_not_a_call (Fixture       *f,
                            gconstpointer  data)
{
  AstrixCallStore *calls = astrix_connection_get_calls (f->connection);
  AstrixChannelStore *store = astrix_connection_get_store (f->connection);
  g_autoptr(AstrixMonitorSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AstrixCall) call = NULL;
  g_auto(GStrv) before = NULL;
  guint n_own = 0;

  g_object_set (f->config, "endpoint", "Local/2000@supervisor/n", NULL);
  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  WAIT_UNTIL (calls_match_pbx (f, 3), 3000);
  before = astrix_demo_pbx_dup_channels (f->pbx);
  call = g_list_model_get_item (G_LIST_MODEL (calls), 1);

  session = astrix_connection_create_session (f->connection, astrix_call_get_spy_target (call),
                                              ASTRIX_MONITOR_MODE_LISTEN, &error);
  g_assert_no_error (error);
  g_assert_true (astrix_monitor_session_start (session, NULL));
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 5000);
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_ACTIVE);
  WAIT_UNTIL (store_matches_pbx (f) && _astrix_call_is_monitored (call), 3000);
  _astrix_call_store_flush (calls);

  /* The supervisor's Local halves are channels of the store, and in no call */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, g_strv_length (before));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_has_prefix (astrix_channel_get_name (channel), "Local/2000@supervisor-"))
        {
          n_own++;
          g_assert_null (_astrix_call_store_lookup_channel (calls, channel));
        }
      else
        g_assert_nonnull (_astrix_call_store_lookup_channel (calls, channel));
    }
  g_assert_cmpuint (n_own, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 3);
  g_assert_true (_astrix_call_is_monitored (call));
  g_assert_cmpuint (g_list_model_get_n_items (astrix_call_get_channels (call)), ==, 2);
  /* and its session names it as the supervisor does */
  g_assert_nonnull (strstr (astrix_monitor_session_get_target_caller (session), " ↔ "));

  astrix_monitor_session_stop (session);
  WAIT_UNTIL (!astrix_monitor_session_is_running (session), 5000);
  WAIT_UNTIL (calls_match_pbx (f, 3) && !_astrix_call_is_monitored (call), 3000);
  g_assert_false (_astrix_call_is_monitored (call));
}

/* A wrong secret: it gives up (no retry storm against the PBX) and says why. */
static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  guint sessions;

  astrix_connection_start (f->connection, "not-the-secret");
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_FAILED, 5000);
  g_test_message ("%s", astrix_connection_get_error_text (f->connection));
  g_assert_nonnull (strstr (astrix_connection_get_error_text (f->connection), "secret"));
  g_assert_false (went_through (f, ASTRIX_CONNECTION_CONNECTED));
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (astrix_connection_get_store (f->connection))),
                    ==, 0);
  sessions = astrix_demo_pbx_get_n_sessions (f->pbx);
  wait_ms (1500);
  g_assert_cmpint (state (f), ==, ASTRIX_CONNECTION_FAILED);
  g_assert_cmpuint (astrix_demo_pbx_get_n_sessions (f->pbx), <=, sessions);
}

/* Nothing listens: the connection says so and keeps trying, without a list. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  astrix_demo_pbx_stop (f->pbx);
  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_RECONNECTING || state (f) == ASTRIX_CONNECTION_FAILED,
              5000);
  g_test_message ("%s", astrix_connection_get_error_text (f->connection));
  g_assert_nonnull (astrix_connection_get_error_text (f->connection));
  g_assert_nonnull (strstr (astrix_connection_get_error_text (f->connection), "refused"));
  g_assert_false (went_through (f, ASTRIX_CONNECTION_CONNECTED));
}

/* The connection logs in asking for call and agent events only; while spy groups are set it
 * asks for dialplan too (a channel's SPYGROUP comes as a VarSet), and the groups reach the
 * channels that start later. */
static void
test_event_mask (Fixture       *f,
                 gconstpointer  data)
{
  static const char *groups[] = { "support", NULL };
  AmiClient *client = astrix_connection_get_client (f->connection);
  AstrixChannelStore *store = astrix_connection_get_store (f->connection);
  g_autofree char *agent = NULL;
  g_autofree char *scoped = NULL;
  g_autofree char *unscoped = NULL;
  AstrixChannel *channel;

  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Login"), "Events"), ==,
                   "call,agent");

  g_object_set (f->config, "spy-groups", groups, NULL);
  scoped = _ami_client_dup_event_mask (client);
  g_assert_cmpstr (scoped, ==, "call,agent,dialplan");
  WAIT_UNTIL (_astrix_demo_pbx_last_received (f->pbx, "Events") != NULL, 2000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Events"), "EventMask"),
                   ==, "call,agent,dialplan");
  wait_ms (50);
  /* 1001 is in the sales team, outside the supervisor's groups */
  agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  WAIT_UNTIL ((_astrix_channel_store_flush (store),
               (channel = astrix_channel_store_lookup_by_name (store, agent)) != NULL &&
               astrix_channel_get_spy_group (channel) != NULL), 3000);
  g_assert_cmpstr (astrix_channel_get_spy_group (channel), ==, "sales");
  g_assert_true (astrix_channel_get_outside_groups (channel));

  g_object_set (f->config, "spy-groups", NULL, NULL);
  unscoped = _ami_client_dup_event_mask (client);
  g_assert_cmpstr (unscoped, ==, "call,agent");
  WAIT_UNTIL (g_strcmp0 (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Events"),
                                          "EventMask"), "call,agent") == 0, 2000);
}

/* A user who may not list calls (astrix_ro: no `system` or `reporting`): the connection says
 * that the calls older than the login cannot be listed, and keeps saying it, while the calls
 * that start later come in from their events and go again. */
static void
test_cannot_list (Fixture       *f,
                  gconstpointer  data)
{
  AstrixChannelStore *store = astrix_connection_get_store (f->connection);
  g_autofree char *agent = NULL;
  g_autofree char *said = NULL;
  guint before;

  g_object_set (f->config, "username", "astrix_ro", NULL);
  astrix_connection_start (f->connection, "ReadOnly456!");
  WAIT_UNTIL (state (f) == ASTRIX_CONNECTION_CONNECTED, 5000);
  said = g_strdup (astrix_connection_get_error_text (f->connection));
  g_test_message ("%s", said);
  g_assert_nonnull (said);
  g_assert_nonnull (strstr (said, "Calls that were already up on Test PBX when Astrix Assist "
                              "connected cannot be listed"));
  g_assert_nonnull (strstr (said, "“Permission denied” to CoreShowChannels"));
  g_assert_nonnull (strstr (said, "Calls that start from now on are shown."));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  agent = astrix_demo_pbx_add_call (f->pbx, NULL, "5550199", "Late Caller");
  WAIT_UNTIL ((_astrix_channel_store_flush (store),
               astrix_channel_store_lookup_by_name (store, agent) != NULL), 3000);
  before = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (before, ==, 2);
  g_assert_cmpstr (astrix_connection_get_error_text (f->connection), ==, said);
  g_assert_cmpint (state (f), ==, ASTRIX_CONNECTION_CONNECTED);

  g_assert_true (astrix_demo_pbx_hangup (f->pbx, agent));
  WAIT_UNTIL ((_astrix_channel_store_flush (store),
               g_list_model_get_n_items (G_LIST_MODEL (store)) == 0), 3000);
  g_assert_cmpstr (astrix_connection_get_error_text (f->connection), ==, said);
}

/* After the login the connection learns what the user may do (ListCommands). */
static AstrixCapabilities
capabilities (Fixture *f)
{
  AstrixCapabilities found;

  g_object_get (f->connection, "capabilities", &found, NULL);
  return found;
}

static void
test_capabilities_full (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpint (capabilities (f), ==, ASTRIX_CAPABILITY_NONE);

  /* Every class: the queue actions, recording, stopping and muting it, Hangup and Redirect. */
  g_object_set (f->config, "username", "astrix_admin", NULL);
  astrix_connection_start (f->connection, "AdminPass789!");
  WAIT_UNTIL (capabilities (f) != ASTRIX_CAPABILITY_NONE, 5000);
  g_assert_cmpint (capabilities (f), ==, ASTRIX_CAPABILITIES_ALL);
  g_assert_nonnull (_astrix_demo_pbx_last_received (f->pbx, "ListCommands"));
}

static void
test_capabilities_restricted (Fixture       *f,
                              gconstpointer  data)
{
  /* write = call: QueueStatus (no class), stopping and muting recordings, Hangup and Redirect;
   * not the member actions (write agent), not MixMonitor (write system) */
  g_object_set (f->config, "username", "astrix_ro", NULL);
  astrix_connection_start (f->connection, "ReadOnly456!");
  WAIT_UNTIL (capabilities (f) != ASTRIX_CAPABILITY_NONE, 5000);
  g_assert_cmpint (capabilities (f), ==,
                   ASTRIX_CAPABILITY_QUEUES | ASTRIX_CAPABILITY_RECORDING_CONTROL |
                   ASTRIX_CAPABILITY_END_CALLS);
}

/* ListCommands unanswered: nothing is known, so nothing is disabled (every action is tried and
 * its answer read). */
static void
test_capabilities_unlisted (Fixture       *f,
                            gconstpointer  data)
{
  astrix_demo_pbx_set_ignored_action (f->pbx, "ListCommands", TRUE);
  g_object_set (astrix_connection_get_client (f->connection), "action-timeout", 300u, NULL);
  astrix_connection_start (f->connection, SECRET);
  WAIT_UNTIL (capabilities (f) != ASTRIX_CAPABILITY_NONE, 5000);
  g_assert_cmpint (capabilities (f), ==, ASTRIX_CAPABILITIES_ALL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/connection" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync", test_sync);
  ADD ("/link-drops", test_link_drops);
  ADD ("/pbx-restarts", test_pbx_restarts);
  ADD ("/calls", test_calls);
  ADD ("/calls/supervisor-not-a-call", test_supervisor_not_a_call);
  ADD ("/wrong-secret", test_wrong_secret);
  ADD ("/refused", test_refused);
  ADD ("/cannot-list", test_cannot_list);
  ADD ("/event-mask", test_event_mask);
  ADD ("/capabilities/full", test_capabilities_full);
  ADD ("/capabilities/restricted", test_capabilities_restricted);
  ADD ("/capabilities/unlisted", test_capabilities_unlisted);
#undef ADD

  return g_test_run ();
}

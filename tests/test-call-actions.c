/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The supervisor's call actions against the simulated PBX: ending a call (Hangup, Cause 16),
 * recording on demand (MixMonitor, MixMonitorMute, StopMixMonitor) and the recording state the
 * events leave on the channel and the call, sending a waiting caller to an agent (Redirect);
 * the permission errors of a user who lacks the class, a target that has gone, hostile values
 * (nothing sent), and a connection that is down.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "astrix-call-actions.h"
#include "astrix-call-store.h"
#include "astrix-call.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "wait.h"

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  char               *folder;     /* the recordings folder on this computer */
  gboolean            done;
  gboolean            ok;
  char               *detail;
  GError             *error;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  astrix_demo_pbx_add_user (f->pbx, "no_call", "NoCall-1!", "call", "originate,reporting");
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->folder = g_dir_make_tmp ("astrix-call-actions-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (f->pbx, f->folder,
                                                     "/var/spool/asterisk/monitor", &error));

  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", "astrix_admin",
                            "endpoint", "PJSIP/2000",
                            NULL);
  f->connection = astrix_connection_new (f->config);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->folder);

  astrix_connection_stop (f->connection);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (f->folder);
  g_free (f->detail);
  g_clear_error (&f->error);
}

static void
connect_as (Fixture    *f,
            const char *user,
            const char *secret)
{
  g_object_set (f->config, "username", user, NULL);
  astrix_connection_start (f->connection, secret);
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
}

static AstrixChannel *
channel (Fixture    *f,
         const char *name)
{
  return astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection), name);
}

/* A call between a customer and @agent, bridged; returns the agent's channel, once seen. */
static char *
call_with (Fixture    *f,
           const char *agent)
{
  char *name = astrix_demo_pbx_add_call (f->pbx, agent, "+15550100", "Erika Mustermann");

  g_assert_nonnull (name);
  WAIT_UNTIL (channel (f, name) != NULL && astrix_channel_get_bridge_id (channel (f, name)), 5000);
  return name;
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Fixture *f = data;

  g_clear_pointer (&f->detail, g_free);
  g_clear_error (&f->error);
  f->ok = astrix_call_action_run_finish (result, &f->detail, &f->error);
  f->done = TRUE;
}

static gboolean
run (Fixture          *f,
     AstrixCallAction  action,
     const char       *target,
     const char       *argument)
{
  f->done = FALSE;
  astrix_call_action_run_async (f->connection, action, target, argument, NULL, run_done, f);
  WAIT_UNTIL (f->done, 5000);
  return f->ok;
}

static AstrixRecordingState
recording_state (Fixture    *f,
                 const char *name)
{
  AstrixChannel *found = channel (f, name);

  return found != NULL ? astrix_channel_get_recording_state (found) : ASTRIX_RECORDING_NONE;
}

/* The call of @name in @calls */
static AstrixCall *
call_of (AstrixCallStore *calls,
         const char      *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (calls));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (G_LIST_MODEL (calls), i);

      if (g_strcmp0 (astrix_call_get_agent_channel (call), name) == 0)
        return call;
    }
  return NULL;
}

static AstrixRecordingState
call_recording (AstrixCallStore *calls,
                const char      *name)
{
  AstrixCall *call = call_of (calls, name);

  return call != NULL ? astrix_call_get_recording_state (call) : (AstrixRecordingState) -1;
}

/* Record, mute, unmute, stop: the events set the channel's and the call's state. */
static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AstrixCallStore) calls = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *local = NULL;
  g_autofree char *suffix = NULL;
  AmiMessage *sent;
  const char *uniqueid;

  connect_as (f, "astrix_admin", "AdminPass789!");
  calls = astrix_call_store_new (astrix_connection_get_store (f->connection));
  agent = call_with (f, "1001");
  /* The customer's leg is recorded by the dialplan; the agent's is not */
  g_assert_cmpint (recording_state (f, agent), ==, ASTRIX_RECORDING_NONE);
  WAIT_UNTIL (call_of (calls, agent) != NULL, 5000);
  g_assert_cmpint (call_recording (calls, agent), ==, ASTRIX_RECORDING_ACTIVE);

  g_assert_true (run (f, ASTRIX_CALL_ACTION_RECORD, agent, NULL));
  g_assert_no_error (f->error);
  sent = _astrix_demo_pbx_last_received (f->pbx, "MixMonitor");
  g_assert_cmpstr (ami_message_get (sent, "Channel"), ==, agent);
  g_assert_cmpstr (ami_message_get (sent, "Options"), ==, "b");
  uniqueid = astrix_channel_get_uniqueid (channel (f, agent));
  /* /var/spool/asterisk/monitor/YYYYMMDD-HHMMSS-<uniqueid>.wav, made by the app */
  g_assert_cmpstr (ami_message_get (sent, "File"), ==, f->detail);
  g_assert_true (g_str_has_prefix (f->detail, "/var/spool/asterisk/monitor/"));
  suffix = g_strconcat ("-", uniqueid, ".wav", NULL);
  g_assert_true (g_str_has_suffix (f->detail, suffix));
  g_assert_cmpuint (strlen (f->detail), ==, strlen ("/var/spool/asterisk/monitor/") + 16 +
                                             strlen (uniqueid) + 4);
  /* The file is in the folder at once, as MixMonitor opens it */
  local = g_build_filename (f->folder, f->detail + strlen ("/var/spool/asterisk/monitor/"), NULL);
  g_assert_true (g_file_test (local, G_FILE_TEST_IS_REGULAR));
  WAIT_UNTIL (recording_state (f, agent) == ASTRIX_RECORDING_ACTIVE, 5000);

  g_assert_true (run (f, ASTRIX_CALL_ACTION_MUTE_RECORDING, agent, NULL));
  sent = _astrix_demo_pbx_last_received (f->pbx, "MixMonitorMute");
  g_assert_cmpstr (ami_message_get (sent, "Direction"), ==, "both");
  g_assert_cmpstr (ami_message_get (sent, "State"), ==, "1");
  WAIT_UNTIL (recording_state (f, agent) == ASTRIX_RECORDING_MUTED, 5000);
  /* The customer's recording still runs unmuted: the call is recorded */
  g_assert_cmpint (call_recording (calls, agent), ==, ASTRIX_RECORDING_ACTIVE);

  g_assert_true (run (f, ASTRIX_CALL_ACTION_UNMUTE_RECORDING, agent, NULL));
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "MixMonitorMute"),
                                    "State"), ==, "0");
  WAIT_UNTIL (recording_state (f, agent) == ASTRIX_RECORDING_ACTIVE, 5000);

  g_assert_true (run (f, ASTRIX_CALL_ACTION_STOP_RECORDING, agent, NULL));
  WAIT_UNTIL (recording_state (f, agent) == ASTRIX_RECORDING_NONE, 5000);

  /* Nothing records it any more: the PBX's errors, in words */
  g_assert_false (run (f, ASTRIX_CALL_ACTION_STOP_RECORDING, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (f->error->message, "Nothing is being recorded on"));
  g_assert_false (run (f, ASTRIX_CALL_ACTION_MUTE_RECORDING, agent, NULL));
  g_assert_nonnull (strstr (f->error->message, "Nothing is being recorded on"));
}

/* A call whose only recording is muted shows as muted; stopping it shows none. */
static void
test_call_muted (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AstrixCallStore) calls = NULL;
  g_autofree char *agent = NULL;
  AstrixCall *call;
  const char *customer;

  connect_as (f, "astrix_admin", "AdminPass789!");
  calls = astrix_call_store_new (astrix_connection_get_store (f->connection));
  agent = call_with (f, "1002");
  WAIT_UNTIL (call_of (calls, agent) != NULL, 5000);
  call = call_of (calls, agent);
  customer = astrix_call_get_customer_channel (call);
  g_assert_true (run (f, ASTRIX_CALL_ACTION_STOP_RECORDING, customer, NULL));
  WAIT_UNTIL (astrix_call_get_recording_state (call) == ASTRIX_RECORDING_NONE, 5000);
  g_assert_true (run (f, ASTRIX_CALL_ACTION_RECORD, agent, NULL));
  WAIT_UNTIL (astrix_call_get_recording_state (call) == ASTRIX_RECORDING_ACTIVE, 5000);
  g_assert_true (run (f, ASTRIX_CALL_ACTION_MUTE_RECORDING, agent, NULL));
  WAIT_UNTIL (astrix_call_get_recording_state (call) == ASTRIX_RECORDING_MUTED, 5000);
}

/* Hangup with Cause 16: the channel leaves the list. */
static void
test_end (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *agent = NULL;
  AmiMessage *sent;

  connect_as (f, "astrix_admin", "AdminPass789!");
  agent = call_with (f, "1003");
  g_assert_true (run (f, ASTRIX_CALL_ACTION_END, agent, NULL));
  sent = _astrix_demo_pbx_last_received (f->pbx, "Hangup");
  g_assert_cmpstr (ami_message_get (sent, "Channel"), ==, agent);
  g_assert_cmpstr (ami_message_get (sent, "Cause"), ==, "16");
  WAIT_UNTIL (channel (f, agent) == NULL, 5000);
}

/* A user without the class: the PBX's Permission denied, with the manager.conf line. */
static void
test_permission (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *agent = NULL;

  /* write = call: no MixMonitor (system) */
  connect_as (f, "astrix_ro", "ReadOnly456!");
  agent = call_with (f, "1004");
  g_assert_false (run (f, ASTRIX_CALL_ACTION_RECORD, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (f->error->message, "may not record calls"));
  g_assert_nonnull (strstr (f->error->message, "write = system"));
}

static void
test_permission_call (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *agent = NULL;

  /* no write = call: no Hangup, no Redirect */
  connect_as (f, "no_call", "NoCall-1!");
  agent = call_with (f, "1004");
  g_assert_false (run (f, ASTRIX_CALL_ACTION_END, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (f->error->message, "may not end calls"));
  g_assert_nonnull (strstr (f->error->message, "write = call"));
  g_assert_false (run (f, ASTRIX_CALL_ACTION_SEND_TO_AGENT, agent, "1020"));
  g_assert_nonnull (strstr (f->error->message, "may not redirect calls"));
  g_assert_false (run (f, ASTRIX_CALL_ACTION_STOP_RECORDING, agent, NULL));
  g_assert_nonnull (strstr (f->error->message, "write = call (or system)"));
  g_assert_nonnull (channel (f, agent));
}

/* The call ended before the action ran: a sentence, and nothing is sent. */
static void
test_vanished (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *agent = NULL;
  guint hangups;

  connect_as (f, "astrix_admin", "AdminPass789!");
  agent = call_with (f, "1005");
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, agent));
  WAIT_UNTIL (channel (f, agent) == NULL, 5000);
  hangups = _astrix_demo_pbx_count_received (f->pbx, "Hangup");
  g_assert_false (run (f, ASTRIX_CALL_ACTION_END, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  g_assert_nonnull (strstr (f->error->message, "has ended"));
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, hangups);
  g_assert_false (run (f, ASTRIX_CALL_ACTION_RECORD, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  g_assert_false (run (f, ASTRIX_CALL_ACTION_SEND_TO_AGENT, agent, "1020"));
  g_assert_nonnull (strstr (f->error->message, "no longer waiting"));
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "MixMonitor") +
                    _astrix_demo_pbx_count_received (f->pbx, "Redirect"), ==, 0);
}

/* Values that would change what the PBX does are refused; nothing goes out. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char *const agents[] = { "1020,1", "1020|x", "10\r\n20", "1020)", "1020@other" };
  static const char *const contexts[] = { "agents;evil", "from internal", "agents@host" };
  g_autofree char *agent = NULL;
  GPtrArray *received;
  guint before;

  connect_as (f, "astrix_admin", "AdminPass789!");
  agent = call_with (f, "1006");
  received = astrix_demo_pbx_get_received (f->pbx);
  before = received->len;

  g_assert_false (run (f, ASTRIX_CALL_ACTION_END, "PJSIP/1006\r\nAction: Originate", NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  for (guint i = 0; i < G_N_ELEMENTS (agents); i++)
    {
      g_assert_false (run (f, ASTRIX_CALL_ACTION_SEND_TO_AGENT, agent, agents[i]));
      g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (f->error->message, "Nothing was sent"));
    }
  g_object_set (f->config, "agent-context", "from-internal,1002,1\nAction: Hangup", NULL);
  g_assert_false (run (f, ASTRIX_CALL_ACTION_SEND_TO_AGENT, agent, "1020"));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  /* What the server editor refuses as a context is refused here too: `;`, a space, `@` */
  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_object_set (f->config, "agent-context", contexts[i], NULL);
      g_assert_false (run (f, ASTRIX_CALL_ACTION_SEND_TO_AGENT, agent, "1020"));
      g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (f->error->message, "Nothing was sent"));
      g_assert_nonnull (strstr (f->error->message, contexts[i]));
    }
  g_object_set (f->config, "pbx-recordings-path", "/var/spool/x,b,/etc/passwd", NULL);
  g_assert_false (run (f, ASTRIX_CALL_ACTION_RECORD, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_object_set (f->config, "pbx-recordings-path", "monitor/../../etc", NULL);
  g_assert_false (run (f, ASTRIX_CALL_ACTION_RECORD, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (received->len, ==, before);
}

/* A waiting caller out of the queue to a free agent: QueueCallerAbandon, the agent's phone. */
static void
test_send_to_agent (Fixture       *f,
                    gconstpointer  data)
{
  static const char *const members[] = { "1003", "1010", "1012" };
  g_autofree char *caller = NULL;
  g_auto(GStrv) channels = NULL;
  AmiMessage *sent;
  gboolean rung = FALSE;

  connect_as (f, "astrix_admin", "AdminPass789!");
  /* billing's members are all busy: the caller waits */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_free (call_with (f, members[i]));
  caller = astrix_demo_pbx_add_queue_call (f->pbx, "billing", "+15550199", "Very Important");
  g_assert_nonnull (caller);
  WAIT_UNTIL (channel (f, caller) != NULL, 5000);

  g_assert_true (run (f, ASTRIX_CALL_ACTION_SEND_TO_AGENT, caller, "1020"));
  sent = _astrix_demo_pbx_last_received (f->pbx, "Redirect");
  g_assert_cmpstr (ami_message_get (sent, "Channel"), ==, caller);
  g_assert_cmpstr (ami_message_get (sent, "Context"), ==, "from-internal");
  g_assert_cmpstr (ami_message_get (sent, "Exten"), ==, "1020");
  g_assert_cmpstr (ami_message_get (sent, "Priority"), ==, "1");
  g_assert_cmpstr (f->detail, ==, "from-internal,1020,1");
  /* The agent's phone rings, then talks with the caller */
  WAIT_UNTIL (channel (f, caller) != NULL &&
              astrix_channel_get_bridge_id (channel (f, caller)) != NULL, 10000);
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  for (guint i = 0; channels[i] != NULL; i++)
    rung |= g_str_has_prefix (channels[i], "PJSIP/1020-");
  g_assert_true (rung);
}

/* Redirect of a channel that is gone at the PBX: the PBX's "Channel does not exist", as gone;
 * and a connection that is down sends nothing. */
static void
test_not_connected (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *agent = NULL;

  g_assert_false (run (f, ASTRIX_CALL_ACTION_END, "PJSIP/1001-00000001", NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED);
  g_assert_nonnull (strstr (f->error->message, "Test PBX is not connected"));
  connect_as (f, "astrix_admin", "AdminPass789!");
  agent = call_with (f, "1007");
  astrix_demo_pbx_stop (f->pbx);
  WAIT_UNTIL (astrix_connection_get_state (f->connection) != ASTRIX_CONNECTION_CONNECTED, 5000);
  g_assert_false (run (f, ASTRIX_CALL_ACTION_END, agent, NULL));
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED);
}

/* The link drops while the PBX has not answered: a sentence says it is not known whether it
 * happened, and after the reconnection nothing is sent again. */
static void
test_no_retry (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *agent = NULL;

  connect_as (f, "astrix_admin", "AdminPass789!");
  agent = call_with (f, "1008");
  astrix_demo_pbx_set_ignored_action (f->pbx, "Hangup", TRUE);
  f->done = FALSE;
  astrix_call_action_run_async (f->connection, ASTRIX_CALL_ACTION_END, agent, NULL, NULL,
                                run_done, f);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Hangup") == 1, 5000);
  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (f->done, 5000);
  g_assert_false (f->ok);
  g_assert_error (f->error, ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
  g_assert_nonnull (strstr (f->error->message, "not tried again"));
  astrix_demo_pbx_set_ignored_action (f->pbx, "Hangup", FALSE);
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 10000);
  WAIT_UNTIL (channel (f, agent) != NULL, 5000);
  wait_ms (500);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, 1);
  g_assert_nonnull (channel (f, agent));
}

static void
test_names (void)
{
  g_autoptr(AstrixServerConfig) config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                                                       "pbx-recordings-path", "/rec/", NULL);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 12, 7, 9, 40, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = astrix_call_action_recording_file (config, "1796636402.72", when, &error);
  g_autofree char *bare = NULL;
  char *ext;

  g_assert_no_error (error);
  g_assert_cmpstr (file, ==, "/rec/20261207-094005-1796636402.72.wav");
  g_object_set (config, "pbx-recordings-path", "", NULL);
  bare = astrix_call_action_recording_file (config, "1796636402.72", when, NULL);
  g_assert_cmpstr (bare, ==, "20261207-094005-1796636402.72.wav");
  g_assert_null (astrix_call_action_recording_file (config, "1.2,b", when, NULL));
  g_assert_null (astrix_call_action_recording_file (config, "../x", when, NULL));

  ext = astrix_call_action_agent_extension ("PJSIP/1001");
  g_assert_cmpstr (ext, ==, "1001");
  g_free (ext);
  ext = astrix_call_action_agent_extension ("Local/1002@sim-agent-q/n");
  g_assert_cmpstr (ext, ==, "1002");
  g_free (ext);
  g_assert_null (astrix_call_action_agent_extension ("nothing"));
  g_assert_cmpstr (astrix_call_action_to_string (ASTRIX_CALL_ACTION_SEND_TO_AGENT), ==,
                   "send-to-agent");
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-actions/names", test_names);
  ADD ("/call-actions/record", test_record);
  ADD ("/call-actions/call-muted", test_call_muted);
  ADD ("/call-actions/end", test_end);
  ADD ("/call-actions/permission", test_permission);
  ADD ("/call-actions/permission-call", test_permission_call);
  ADD ("/call-actions/vanished", test_vanished);
  ADD ("/call-actions/hostile", test_hostile);
  ADD ("/call-actions/send-to-agent", test_send_to_agent);
  ADD ("/call-actions/not-connected", test_not_connected);
  ADD ("/call-actions/no-retry", test_no_retry);
  return g_test_run ();
}

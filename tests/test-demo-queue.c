/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "ami-test-client.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-queue-private.h"
#include "wait.h"

/*
 * The simulated PBX's app_queue against what captures 26-33 and 36 show: QueueStatus and its
 * filters, QueueSummary, the member actions' answers and errors, who gets the events (read
 * agent), the events of a queue call in their order; then the app's queue store fed by it
 * through AstrixConnection.
 */

#define SCALE     0.01
#define PROXY     "astrix_proxy"
#define PROXY_KEY "SecurePassword123!"
#define RO        "astrix_ro"
#define RO_KEY    "ReadOnly456!"
#define ADMIN     "astrix_admin"
#define ADMIN_KEY "AdminPass789!"

typedef struct
{
  AstrixDemoPbx *pbx;
  guint16        port;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, SCALE);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->port = astrix_demo_pbx_get_port (f->pbx);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  astrix_demo_pbx_stop (f->pbx);
  g_assert_finalize_object (f->pbx);
}

static Client *
logged_in (Fixture    *f,
           const char *user,
           const char *secret)
{
  Client *c = client_connect (f->port);

  client_send (c, "Action", "Login", "Username", user, "Secret", secret, "ActionID", "login",
               NULL);
  g_assert_cmpstr (ami_message_get (expect (c, "ActionID", "login"), "Response"), ==, "Success");
  return c;
}

/* Sends an action and returns its response's Message. */
static const char *
ask (Client     *c,
     const char *id,
     const char *action,
     ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *key;
  va_list args;

  g_string_append_printf (text, "Action: %s\r\nActionID: %s\r\n", action, id);
  va_start (args, action);
  while ((key = va_arg (args, const char *)) != NULL)
    g_string_append_printf (text, "%s: %s\r\n", key, va_arg (args, const char *));
  va_end (args);
  g_string_append (text, "\r\n");
  client_send_raw (c, text->str, text->len);
  return ami_message_get (expect (c, "ActionID", id), "Message");
}

/* The items of the list answering @id (after expect() saw its response), up to Complete. */
static GPtrArray *
list_of (Client     *c,
         const char *id)
{
  GPtrArray *items = g_ptr_array_new ();

  for (;;)
    {
      AmiMessage *m = expect (c, "ActionID", id);

      if (ami_message_has (m, "EventList"))
        {
          g_assert_cmpstr (ami_message_get (m, "EventList"), ==, "Complete");
          g_assert_cmpuint (atoi (ami_message_get (m, "ListItems")), ==, items->len);
          return items;
        }
      g_ptr_array_add (items, m);
    }
}

static guint
count_events (GPtrArray  *items,
              const char *event)
{
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    n += ami_message_is (g_ptr_array_index (items, i), "Event", event);
  return n;
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, RO, RO_KEY);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_interface = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) summary = NULL;
  AmiMessage *params;

  /* A user with no class at all may ask (33). */
  g_assert_cmpstr (ask (c, "qs", "QueueStatus", NULL), ==, "Queue status will follow");
  all = list_of (c, "qs");
  g_assert_cmpuint (count_events (all, "QueueParams"), ==, 3);
  g_assert_cmpuint (count_events (all, "QueueMember"), ==, 16);
  g_assert_cmpuint (count_events (all, "QueueEntry"), ==, 0);
  params = g_ptr_array_index (all, 0);
  g_assert_cmpstr (ami_message_get (params, "Queue"), ==, "support");
  g_assert_cmpstr (ami_message_get (params, "Strategy"), ==, "rrmemory");
  g_assert_cmpstr (ami_message_get (params, "ServiceLevel"), ==, "20");
  g_assert_cmpstr (ami_message_get (params, "ServicelevelPerf"), ==, "0.0");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (all, 1), "Name"), ==, "Alice Martin");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (all, 1), "Location"), ==, "PJSIP/1001");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (all, 1), "Status"), ==, "1");

  /* Member filters only the members: every queue's QueueParams still come (26). */
  ask (c, "qs-name", "QueueStatus", "Member", "Giulia Rossi", NULL);
  by_name = list_of (c, "qs-name");
  g_assert_cmpuint (count_events (by_name, "QueueParams"), ==, 3);
  g_assert_cmpuint (count_events (by_name, "QueueMember"), ==, 2);
  ask (c, "qs-if", "QueueStatus", "Queue", "billing", "Member", "PJSIP/1010", NULL);
  by_interface = list_of (c, "qs-if");
  g_assert_cmpuint (by_interface->len, ==, 2);
  ask (c, "qs-none", "QueueStatus", "Queue", "nosuchqueue", NULL);
  none = list_of (c, "qs-none");
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_cmpstr (ask (c, "qsum", "QueueSummary", "Queue", "sales", NULL), ==,
                   "Queue summary will follow");
  summary = list_of (c, "qsum");
  g_assert_cmpuint (summary->len, ==, 1);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (summary, 0), "LoggedIn"), ==, "6");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (summary, 0), "Available"), ==, "6");
}

/* QueuePause / QueueAdd / QueueRemove / QueuePenalty: the answers and errors of 30, 31, 33 */
static void
test_member_actions (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY);
  g_autoptr(Client) proxy = logged_in (f, PROXY, PROXY_KEY);
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY);
  AmiMessage *m;

  g_assert_cmpstr (ask (proxy, "p", "QueuePause", "Interface", "PJSIP/1001", "Paused", "true",
                        NULL), ==, "Permission denied");
  g_assert_cmpstr (ask (ro, "a", "QueueAdd", "Queue", "support", "Interface", "PJSIP/1012",
                        NULL), ==, "Permission denied");

  g_assert_cmpstr (ask (admin, "p-all", "QueuePause", "Interface", "PJSIP/1007", "Paused",
                        "true", "Reason", "lunch", NULL), ==, "Interface paused successfully");
  /* 1007 is in support and sales: one event each, to the reader of agent only. */
  m = expect (proxy, "Event", "QueueMemberPause");
  g_assert_cmpstr (ami_message_get (m, "Queue"), ==, "support");
  g_assert_cmpstr (ami_message_get (m, "PausedReason"), ==, "lunch");
  g_assert_cmpstr (ami_message_get (m, "Privilege"), ==, "agent,all");
  m = expect (proxy, "Event", "QueueMemberPause");
  g_assert_cmpstr (ami_message_get (m, "Queue"), ==, "sales");
  g_assert_cmpstr (ask (admin, "u", "QueuePause", "Interface", "PJSIP/1007", "Queue", "sales",
                        "Paused", "false", "Reason", "back", NULL), ==,
                   "Interface unpaused successfully");
  m = expect (proxy, "Event", "QueueMemberPause");
  g_assert_cmpstr (ami_message_get (m, "Paused"), ==, "0");
  g_assert_cmpstr (ami_message_get (m, "PausedReason"), ==, "back");
  g_assert_cmpstr (ask (admin, "p-x", "QueuePause", "Interface", "PJSIP/1999", "Paused", "true",
                        NULL), ==, "Interface not found");
  g_assert_cmpstr (ask (admin, "p-name", "QueuePause", "Interface", "Alice Martin", "Paused",
                        "true", NULL), ==, "Interface not found");
  g_assert_cmpstr (ask (admin, "p-q", "QueuePause", "Interface", "PJSIP/1001", "Queue", "sales",
                        "Paused", "true", NULL), ==, "Interface not found");
  g_assert_cmpstr (ask (admin, "p-np", "QueuePause", "Interface", "PJSIP/1001", NULL), ==,
                   "Need 'Interface' and 'Paused' parameters.");

  g_assert_cmpstr (ask (admin, "add", "QueueAdd", "Queue", "billing", "Interface", "PJSIP/1001",
                        "Penalty", "2", "MemberName", "Alice", "Paused", "true", "Reason",
                        "not ready", NULL), ==, "Added interface to queue");
  m = expect (proxy, "Event", "QueueMemberAdded");
  g_assert_cmpstr (ami_message_get (m, "Membership"), ==, "dynamic");
  g_assert_cmpstr (ami_message_get (m, "Penalty"), ==, "2");
  g_assert_cmpstr (ami_message_get (m, "Paused"), ==, "1");
  g_assert_cmpstr (ami_message_get (m, "PausedReason"), ==, "not ready");
  g_assert_cmpstr (ask (admin, "add2", "QueueAdd", "Queue", "billing", "Interface", "PJSIP/1001",
                        NULL), ==, "Unable to add interface: Already there");
  g_assert_cmpstr (ask (admin, "add3", "QueueAdd", "Queue", "nosuchqueue", "Interface",
                        "PJSIP/1001", NULL), ==, "Unable to add interface to queue: No such queue");
  g_assert_cmpstr (ask (admin, "add4", "QueueAdd", "Queue", "billing", NULL), ==,
                   "'Interface' not specified.");
  g_assert_cmpstr (ask (admin, "add5", "QueueAdd", "Interface", "PJSIP/1001", NULL), ==,
                   "'Queue' not specified.");

  g_assert_cmpstr (ask (admin, "pen", "QueuePenalty", "Interface", "PJSIP/1001", "Penalty", "4",
                        NULL), ==, "Interface penalty set successfully");
  g_assert_cmpstr (ami_message_get (expect (proxy, "Event", "QueueMemberPenalty"), "Queue"), ==,
                   "support");
  g_assert_cmpstr (ami_message_get (expect (proxy, "Event", "QueueMemberPenalty"), "Queue"), ==,
                   "billing");
  g_assert_cmpstr (ask (admin, "pen2", "QueuePenalty", "Interface", "PJSIP/1001", "Penalty", "-1",
                        NULL), ==, "Invalid interface, queuename or penalty");
  g_assert_cmpstr (ask (admin, "pen3", "QueuePenalty", "Interface", "PJSIP/1001", NULL), ==,
                   "Need 'Interface' and 'Penalty' parameters.");

  g_assert_cmpstr (ask (admin, "rm", "QueueRemove", "Queue", "billing", "Interface",
                        "PJSIP/1001", NULL), ==, "Removed interface from queue");
  g_assert_cmpstr (ami_message_get (expect (proxy, "Event", "QueueMemberRemoved"), "MemberName"),
                   ==, "Alice");
  g_assert_cmpstr (ask (admin, "rm2", "QueueRemove", "Queue", "billing", "Interface",
                        "PJSIP/1001", NULL), ==, "Unable to remove interface: Not there");
  g_assert_cmpstr (ask (admin, "rm3", "QueueRemove", "Queue", "support", "Interface",
                        "PJSIP/1001", NULL), ==, "Member not dynamic");
  g_assert_cmpstr (ask (admin, "rm4", "QueueRemove", "Queue", "nosuchqueue", "Interface",
                        "PJSIP/1001", NULL), ==,
                   "Unable to remove interface from queue: No such queue");
  g_assert_cmpstr (ask (admin, "rm5", "QueueRemove", "Interface", "PJSIP/1001", NULL), ==,
                   "Need 'Queue' and 'Interface' parameters.");

  /* The read-call user saw none of it. */
  ask (ro, "sync", "Ping", NULL);
  g_assert_null (find_from (ro, 0, "Privilege", "agent,all"));
}

static const char *
event_name (AmiMessage *m)
{
  return ami_message_get (m, "Event");
}

/* A queue call, as 27 shows it: join, AgentCalled, ringing, leave before connect, complete. */
static void
test_answered_call (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY);
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY);
  g_autofree char *caller = astrix_demo_pbx_add_queue_call (f->pbx, "billing", "+15550101",
                                                            "Ada Lovelace");
  AmiMessage *join, *called, *leave, *connect, *complete, *status;

  g_assert_null (astrix_demo_pbx_add_queue_call (f->pbx, "nosuchqueue", NULL, NULL));
  join = expect (c, "Event", "QueueCallerJoin");
  g_assert_cmpstr (ami_message_get (join, "Channel"), ==, caller);
  g_assert_cmpstr (ami_message_get (join, "Position"), ==, "1");
  g_assert_cmpstr (ami_message_get (join, "Count"), ==, "1");
  called = expect (c, "Event", "AgentCalled");
  g_assert_cmpstr (ami_message_get (called, "Interface"), ==, "PJSIP/1003");
  g_assert_cmpstr (ami_message_get (called, "MemberName"), ==, "Chloé Dubois");
  status = expect (c, "Event", "QueueMemberStatus");
  g_assert_cmpstr (ami_message_get (status, "Status"), ==, "6");

  /* Answered (or, one time in seven, ring-no-answer first and then another member). */
  leave = expect_within (c, "Event", "QueueCallerLeave", 60000);
  connect = expect (c, "Event", "AgentConnect");
  g_assert_cmpstr (ami_message_get (leave, "Count"), ==, "0");
  g_assert_cmpstr (ami_message_get (connect, "Channel"), ==, caller);
  complete = expect_within (c, "Event", "AgentComplete", 60000);
  g_assert_cmpstr (ami_message_get (complete, "Interface"), ==,
                   ami_message_get (connect, "Interface"));
  g_assert_nonnull (ami_message_get (complete, "TalkTime"));
  /* Then the member's device is free again: CallsTaken and LastCall show the call. */
  do
    status = expect (c, "Event", "QueueMemberStatus");
  while (!ami_message_is (status, "Status", "1") || !ami_message_is (status, "Queue", "billing") ||
         !ami_message_is (status, "Interface", ami_message_get (complete, "Interface")));
  g_assert_cmpstr (event_name (status), ==, "QueueMemberStatus");
  g_assert_cmpstr (ami_message_get (status, "CallsTaken"), ==, "1");
  g_assert_cmpstr (ami_message_get (status, "LastCall"), !=, "0");

  /* Asterisk's counters moved; the read-call user saw the device states, no queue event. */
  ask (c, "qs", "QueueStatus", "Queue", "billing", NULL);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (list_of (c, "qs"), 0), "Completed"), ==,
                   "1");
  ask (ro, "sync", "Ping", NULL);
  g_assert_nonnull (find_from (ro, 0, "Event", "DeviceStateChange"));
  g_assert_null (find_from (ro, 0, "Privilege", "agent,all"));
}

/* A caller who hangs up waiting: QueueCallerAbandon, then QueueCallerLeave (29). */
static void
test_abandon (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY);
  g_autofree char *caller = NULL;
  AmiMessage *abandon, *leave;

  /* Everybody in billing paused: the caller waits. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *const members[] = { "PJSIP/1003", "PJSIP/1010", "PJSIP/1012" };
      g_autofree char *id = g_strdup_printf ("p%u", i);

      ask (admin, id, "QueuePause", "Interface", members[i], "Queue", "billing", "Paused", "1",
           "Reason", "Training", NULL);
    }
  caller = astrix_demo_pbx_add_queue_call (f->pbx, "billing", NULL, NULL);
  expect (admin, "Event", "QueueCallerJoin");
  ask (admin, "qsum", "QueueSummary", "Queue", "billing", NULL);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (list_of (admin, "qsum"), 0), "Available"),
                   ==, "0");
  wait_ms (50);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, caller));
  abandon = expect (admin, "Event", "QueueCallerAbandon");
  g_assert_cmpstr (ami_message_get (abandon, "OriginalPosition"), ==, "1");
  leave = expect (admin, "Event", "QueueCallerLeave");
  g_assert_cmpstr (ami_message_get (leave, "Channel"), ==, caller);
  g_assert_null (find_from (admin, 0, "Event", "AgentCalled"));
  ask (admin, "qs", "QueueStatus", "Queue", "billing", NULL);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (list_of (admin, "qs"), 0), "Abandoned"),
                   ==, "1");
}

/* The app's models, fed by the simulated PBX through AstrixConnection */

static AstrixConnection *
connect_as (Fixture    *f,
            const char *user,
            const char *secret,
            AstrixServerConfig **config)
{
  AstrixConnection *connection;

  *config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "name", "Demo", "host", "127.0.0.1",
                          "port", (guint) f->port, "username", user, "endpoint", "PJSIP/2000",
                          NULL);
  connection = astrix_connection_new (*config);
  astrix_connection_start (connection, secret);
  return connection;
}

static guint
n_items (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_connection_models (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(AstrixConnection) connection = connect_as (f, PROXY, PROXY_KEY, &config);
  AstrixQueueStore *queues = astrix_connection_get_queues (connection);
  AstrixAgentStore *agents = astrix_queue_store_get_agents (queues);
  AstrixAgent *giulia;
  AstrixQueue *sales;

  WAIT_UNTIL (n_items (queues) == 3 && n_items (agents) == 12, 5000);
  giulia = astrix_agent_store_lookup (agents, "PJSIP/1007");
  g_assert_nonnull (giulia);
  g_assert_cmpstr (astrix_agent_get_name (giulia), ==, "Giulia Rossi");
  g_assert_true (_astrix_agent_is_in_queue (giulia, "support"));
  g_assert_true (_astrix_agent_is_in_queue (giulia, "sales"));
  sales = _astrix_queue_store_lookup (queues, "sales");
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (sales), ==, 6);

  /* Live: a caller waits, is answered; counters move, by events alone. */
  g_free (astrix_demo_pbx_add_queue_call (f->pbx, "sales", NULL, NULL));
  WAIT_UNTIL (astrix_queue_get_answered_today (sales) == 1, 30000);
  g_assert_false (astrix_queue_store_get_needs_agent_read (queues));

  /* A restart of the PBX: Asterisk's counters start again, the app's stay. */
  WAIT_UNTIL (astrix_queue_get_pbx_completed (sales) == 1, 60000);
  astrix_demo_pbx_restart (f->pbx, 0);
  WAIT_UNTIL (astrix_queue_get_pbx_completed (sales) == 0 &&
              astrix_connection_get_state (connection) == ASTRIX_CONNECTION_CONNECTED, 10000);
  g_assert_true (sales == _astrix_queue_store_lookup (queues, "sales"));
  g_assert_cmpuint (astrix_queue_get_answered_today (sales), ==, 1);
  astrix_connection_stop (connection);
  g_assert_cmpuint (n_items (queues), ==, 0);
}

/* A user without read agent: QueueStatus answers, then no queue event ever comes. */
static void
test_connection_restricted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(AstrixConnection) connection = connect_as (f, RO, RO_KEY, &config);
  AstrixQueueStore *queues = astrix_connection_get_queues (connection);

  WAIT_UNTIL (n_items (queues) == 3, 5000);
  g_free (astrix_demo_pbx_add_queue_call (f->pbx, "support", NULL, NULL));
  WAIT_UNTIL (astrix_queue_store_get_needs_agent_read (queues), 10000);
  g_assert_cmpuint (n_items (queues), ==, 0);
  g_assert_cmpuint (n_items (astrix_queue_store_get_agents (queues)), ==, 0);
  astrix_connection_stop (connection);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/demo-queue/status", test_status);
  ADD ("/demo-queue/member-actions", test_member_actions);
  ADD ("/demo-queue/answered-call", test_answered_call);
  ADD ("/demo-queue/abandon", test_abandon);
  ADD ("/demo-queue/connection-models", test_connection_models);
  ADD ("/demo-queue/connection-restricted", test_connection_restricted);
#undef ADD

  return g_test_run ();
}

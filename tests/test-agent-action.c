/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixAgentAction against the simulated PBX (captures 30, 31, 33): pausing and unpausing,
 * logging into and out of a queue, the penalty; the agent row follows the events; the
 * permission error, the agent who vanished, hostile values (nothing sent), a link lost before
 * the answer (nothing sent again), and the audit records.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "astrix-agent-action.h"
#include "astrix-audit-log.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "astrix-queue-private.h"
#include "wait.h"
#include "astrix-audit-private.h"

#define ADMIN     "astrix_admin"
#define ADMIN_KEY "AdminPass789!"
#define PROXY     "astrix_proxy"
#define PROXY_KEY "SecurePassword123!"

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  AstrixAuditLog     *log;
  char               *dir;
} Fixture;

static guint
n_items (gpointer model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static AstrixAgentStore *
agents (Fixture *f)
{
  return astrix_queue_store_get_agents (astrix_connection_get_queues (f->connection));
}

static void
connect_as (Fixture    *f,
            const char *user,
            const char *secret)
{
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "name", "Demo", "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", user, "endpoint", "PJSIP/2000", NULL);
  f->connection = astrix_connection_new (f->config);
  astrix_connection_start (f->connection, secret);
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED &&
              n_items (agents (f)) == 12, 10000);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.01);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("astrix-agent-action-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "audit.jsonl", NULL);
  f->log = astrix_audit_log_new (path);
  connect_as (f, data != NULL ? data : ADMIN, data != NULL ? PROXY_KEY : ADMIN_KEY);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "audit.jsonl", NULL);

  astrix_connection_stop (f->connection);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  g_clear_object (&f->log);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
  astrix_demo_pbx_stop (f->pbx);
  g_assert_finalize_object (f->pbx);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
ran (GObject      *source,
     GAsyncResult *result,
     gpointer      data)
{
  Outcome *outcome = data;

  outcome->ok = astrix_agent_action_run_finish (ASTRIX_AGENT_ACTION (source), result,
                                                &outcome->error);
  outcome->done = TRUE;
}

/* Runs @action to its end; returns its error, or NULL when the PBX took it. */
static GError *
run (Fixture           *f,
     AstrixAgentAction *action)
{
  Outcome outcome = { 0 };

  astrix_agent_action_set_audit_log (action, f->log);
  astrix_agent_action_run_async (action, f->connection, NULL, ran, &outcome);
  WAIT_UNTIL (outcome.done, 10000);
  g_assert_true (outcome.ok == (outcome.error == NULL));
  g_object_unref (action);
  return outcome.error;
}

static AstrixAuditEntry *
last_entry (Fixture *f)
{
  AstrixAuditEntry *entry;

  /* the log lists the newest first */
  g_assert_cmpuint (n_items (f->log), >, 0);
  entry = g_list_model_get_item (G_LIST_MODEL (f->log), 0);
  g_object_unref (entry);   /* the log holds it */
  return entry;
}

/* Pausing by name in every queue: the request, then the row from QueueMemberPause. */
static void
test_pause_unpause (Fixture       *f,
                    gconstpointer  data)
{
  AstrixAgent *chloe = astrix_agent_store_lookup (agents (f), "PJSIP/1003");
  AmiMessage *sent;
  AstrixAuditEntry *entry;

  g_assert_nonnull (chloe);
  g_assert_no_error (run (f, astrix_agent_action_new_pause ("Chloé Dubois", NULL, "Lunch")));
  sent = _astrix_demo_pbx_last_received (f->pbx, "QueuePause");
  g_assert_cmpstr (ami_message_get (sent, "Interface"), ==, "PJSIP/1003");
  g_assert_null (ami_message_get (sent, "Queue"));
  g_assert_cmpstr (ami_message_get (sent, "Paused"), ==, "true");
  g_assert_cmpstr (ami_message_get (sent, "Reason"), ==, "Lunch");
  /* paused in support and billing: the events say so */
  WAIT_UNTIL (astrix_agent_get_state (chloe) == ASTRIX_AGENT_PAUSED, 5000);
  g_assert_cmpstr (astrix_agent_get_paused_reason (chloe), ==, "Lunch");
  g_assert_cmpint (astrix_agent_get_state_since (chloe), >, 0);

  entry = last_entry (f);
  g_assert_cmpint (_astrix_audit_entry_get_kind (entry), ==, ASTRIX_AUDIT_AGENT_ACTION);
  g_assert_cmpstr (_astrix_audit_entry_get_ami_user (entry), ==, ADMIN);
  g_assert_cmpstr (astrix_audit_entry_get_local_user (entry), ==, g_get_user_name ());
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (entry), ==,
                   "Pause Chloé Dubois in every queue (Lunch)");
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==,
                   "Chloé Dubois paused in every queue (Lunch).");

  /* unpaused in one queue by interface: no longer paused everywhere */
  g_assert_no_error (run (f, astrix_agent_action_new_unpause ("PJSIP/1003", "billing")));
  sent = _astrix_demo_pbx_last_received (f->pbx, "QueuePause");
  g_assert_cmpstr (ami_message_get (sent, "Queue"), ==, "billing");
  g_assert_cmpstr (ami_message_get (sent, "Paused"), ==, "false");
  g_assert_null (ami_message_get (sent, "Reason"));
  WAIT_UNTIL (!_astrix_agent_is_paused_in (chloe, "billing"), 5000);
  g_assert_true (_astrix_agent_is_paused_in (chloe, "support"));
  g_assert_cmpint (astrix_agent_get_state (chloe), !=, ASTRIX_AGENT_PAUSED);
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (last_entry (f)), ==,
                   "Unpause Chloé Dubois in billing");
}

/* Logging in with member name and state interface, the penalty, logging out. */
static void
test_membership (Fixture       *f,
                 gconstpointer  data)
{
  AstrixAgent *alice = astrix_agent_store_lookup (agents (f), "PJSIP/1001");
  AmiMessage *sent;
  GError *error;

  g_assert_false (_astrix_agent_is_in_queue (alice, "sales"));
  g_assert_no_error (run (f, astrix_agent_action_new_add ("Alice Martin", "sales", 2)));
  sent = _astrix_demo_pbx_last_received (f->pbx, "QueueAdd");
  g_assert_cmpstr (ami_message_get (sent, "Queue"), ==, "sales");
  g_assert_cmpstr (ami_message_get (sent, "Interface"), ==, "PJSIP/1001");
  g_assert_cmpstr (ami_message_get (sent, "Penalty"), ==, "2");
  g_assert_cmpstr (ami_message_get (sent, "MemberName"), ==, "Alice Martin");
  WAIT_UNTIL (_astrix_agent_is_in_queue (alice, "sales"), 5000);
  g_assert_cmpint (_astrix_agent_get_penalty (alice, "sales"), ==, 2);
  g_assert_true (_astrix_agent_is_dynamic (alice, "sales"));
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (last_entry (f)), ==,
                   "Log Alice Martin into sales (penalty 2)");

  /* already there: said before anything is sent */
  error = run (f, astrix_agent_action_new_add ("Alice Martin", "sales", 0));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "already in queue sales"));
  g_clear_error (&error);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueueAdd"), ==, 1);

  g_assert_no_error (run (f, astrix_agent_action_new_penalty ("Alice Martin", "sales", 4)));
  WAIT_UNTIL (_astrix_agent_get_penalty (alice, "sales") == 4, 5000);
  g_assert_cmpint (_astrix_agent_get_penalty (alice, "support"), ==, 0);
  g_assert_no_error (run (f, astrix_agent_action_new_penalty ("PJSIP/1001", NULL, 1)));
  WAIT_UNTIL (_astrix_agent_get_penalty (alice, "support") == 1, 5000);
  g_assert_null (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "QueuePenalty"),
                                  "Queue"));

  /* a static member: the PBX says no, in words */
  error = run (f, astrix_agent_action_new_remove ("Alice Martin", "support"));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "queues.conf"));
  g_clear_error (&error);
  g_assert_cmpint (astrix_audit_entry_get_outcome (last_entry (f)), ==,
                   ASTRIX_AUDIT_OUTCOME_FAILED);

  g_assert_no_error (run (f, astrix_agent_action_new_remove ("Alice Martin", "sales")));
  WAIT_UNTIL (!_astrix_agent_is_in_queue (alice, "sales"), 5000);
  g_assert_cmpstr (astrix_audit_entry_get_activity_text (last_entry (f)), ==,
                   "Log Alice Martin out of sales");
}

static void
run_two_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  ran (source, result, data);
}

/* The agent left before the action ran: a sentence, and nothing (or nothing more) sent. */
static void
test_vanished (Fixture       *f,
               gconstpointer  data)
{
  AstrixAgent *alice = astrix_agent_store_lookup (agents (f), "PJSIP/1001");
  g_autoptr(AstrixAgentAction) first = astrix_agent_action_new_remove ("Alice Martin", "billing");
  g_autoptr(AstrixAgentAction) second = astrix_agent_action_new_remove ("Alice Martin", "billing");
  Outcome one = { 0 }, two = { 0 };
  GError *error;
  guint sent;

  g_assert_no_error (run (f, astrix_agent_action_new_add ("PJSIP/1001", "billing", 0)));
  WAIT_UNTIL (_astrix_agent_is_in_queue (alice, "billing"), 5000);

  /* both start before the first one's QueueMemberRemoved: the PBX answers the second */
  astrix_agent_action_run_async (first, f->connection, NULL, run_two_done, &one);
  astrix_agent_action_run_async (second, f->connection, NULL, run_two_done, &two);
  WAIT_UNTIL (one.done && two.done, 10000);
  g_assert_no_error (one.error);
  g_assert_error (two.error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  g_assert_nonnull (strstr (two.error->message, "is not in queue billing on Demo"));
  g_clear_error (&two.error);
  WAIT_UNTIL (!_astrix_agent_is_in_queue (alice, "billing"), 5000);

  /* gone from the list already: nothing is sent */
  sent = _astrix_demo_pbx_count_received (f->pbx, "QueuePause");
  error = run (f, astrix_agent_action_new_pause ("Alice Martin", "billing", "Lunch"));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  g_clear_error (&error);
  error = run (f, astrix_agent_action_new_unpause ("Nobody Here", NULL));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE);
  g_assert_nonnull (strstr (error->message, "Nobody Here is not in any queue on Demo"));
  g_clear_error (&error);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueuePause"), ==, sent);
  g_assert_cmpint (astrix_audit_entry_get_outcome (last_entry (f)), ==,
                   ASTRIX_AUDIT_OUTCOME_FAILED);
}

/* CR, LF, "|" or an overlong reason: refused, nothing sent. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char *const reasons[] = {
    "Lunch\r\nAction: Hangup\r\nChannel: PJSIP/1001", "Lunch\n", "a|b", "tab\there",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901",
  };
  guint before = _astrix_demo_pbx_count_received (f->pbx, "QueuePause");
  GError *error;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      error = run (f, astrix_agent_action_new_pause ("Alice Martin", NULL, reasons[i]));
      g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "nothing was sent"));
      g_clear_error (&error);
    }
  error = run (f, astrix_agent_action_new_pause ("Alice Martin\r\nAction: Logoff", NULL, ""));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  error = run (f, astrix_agent_action_new_add ("PJSIP/1099", "sales\r\nPenalty: 9", 0));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* a new interface must be one: no spaces or separators */
  error = run (f, astrix_agent_action_new_add ("PJSIP/1099&PJSIP/1001", "sales", 0));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  error = run (f, astrix_agent_action_new_penalty ("Alice Martin", NULL, -1));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueuePause"), ==, before);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueueAdd"), ==, 0);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueuePenalty"), ==, 0);
  /* the refusal is in the audit log too */
  g_assert_cmpint (astrix_audit_entry_get_outcome (last_entry (f)), ==,
                   ASTRIX_AUDIT_OUTCOME_FAILED);
}

/* The seed's user lacks write agent: ListCommands says so, and the PBX's refusal is a
 * sentence naming the manager.conf line (33). */
static void
test_permission (Fixture       *f,
                 gconstpointer  data)
{
  AstrixCapabilities capabilities = 0;
  GError *error;

  WAIT_UNTIL ((g_object_get (f->connection, "capabilities", &capabilities, NULL),
               (capabilities & ASTRIX_CAPABILITY_QUEUES) != 0), 5000);
  g_assert_false (capabilities & ASTRIX_CAPABILITY_QUEUE_MEMBERS);
  error = run (f, astrix_agent_action_new_pause ("Alice Martin", NULL, "Lunch"));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "“astrix_proxy” may not pause agents"));
  g_assert_nonnull (strstr (error->message, "write = …,agent"));
  g_clear_error (&error);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueuePause"), ==, 1);
  g_assert_cmpstr (_astrix_audit_entry_get_ami_user (last_entry (f)), ==, PROXY);
  g_assert_cmpint (astrix_audit_entry_get_outcome (last_entry (f)), ==,
                   ASTRIX_AUDIT_OUTCOME_FAILED);
}

/* The link drops before the answer: a sentence, and the action is not sent again after the
 * reconnection. */
static void
test_no_retry (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AstrixAgentAction) action = astrix_agent_action_new_pause ("Alice Martin", NULL, "");
  Outcome outcome = { 0 };

  astrix_demo_pbx_set_ignored_action (f->pbx, "QueuePause", TRUE);
  astrix_agent_action_run_async (action, f->connection, NULL, ran, &outcome);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "QueuePause") == 1, 5000);
  astrix_demo_pbx_set_ignored_action (f->pbx, "QueuePause", FALSE);
  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (outcome.done, 10000);
  g_assert_error (outcome.error, ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
  g_assert_nonnull (strstr (outcome.error->message, "will not be sent again"));
  g_clear_error (&outcome.error);
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 20000);
  wait_ms (200);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueuePause"), ==, 1);

  /* and while not connected, nothing goes out */
  astrix_connection_stop (f->connection);
  g_clear_object (&action);
  action = astrix_agent_action_new_pause ("Alice Martin", NULL, "");
  memset (&outcome, 0, sizeof outcome);
  astrix_agent_action_run_async (action, f->connection, NULL, ran, &outcome);
  WAIT_UNTIL (outcome.done, 5000);
  g_assert_error (outcome.error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED);
  g_clear_error (&outcome.error);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "QueuePause"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, user) \
  g_test_add (path, Fixture, user, fixture_set_up, func, fixture_tear_down)
  ADD ("/agent-action/pause-unpause", test_pause_unpause, NULL);
  ADD ("/agent-action/membership", test_membership, NULL);
  ADD ("/agent-action/vanished", test_vanished, NULL);
  ADD ("/agent-action/hostile", test_hostile, NULL);
  ADD ("/agent-action/permission", test_permission, PROXY);
  ADD ("/agent-action/no-retry", test_no_retry, NULL);
#undef ADD

  return g_test_run ();
}

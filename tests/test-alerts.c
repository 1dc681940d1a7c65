/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-alerts-private.h"
#include "astrix-queue-private.h"
#include "capture.h"
#include "wait.h"

/*
 * The alerts over the queue and agent models fed from the real captures 26, 27 and 30 (and
 * AgentConnect events in the captured shape for the service level), on a clock the test moves.
 */

#define SECOND G_USEC_PER_SEC
#define MINUTE (60 * SECOND)
/* 2026-12-07 09:35:00 UTC, about when the captures were made */
#define START  ((gint64) 1796636100 * SECOND)

typedef struct
{
  gint64            now;
  AstrixQueueStore *store;
  AstrixAlerts     *alerts;
  GPtrArray        *messages;
  guint             next;      /* the next message to replay */
  GPtrArray        *raised;    /* "id" of each raised, in order */
  GPtrArray        *cleared;   /* "id" of each cleared, in order */
} Fixture;

static gint64
fake_clock (gpointer data)
{
  return ((Fixture *) data)->now;
}

static void
on_signal (AstrixAlerts *alerts,
           AstrixAlert  *alert,
           GPtrArray    *log)
{
  g_ptr_array_add (log, g_strdup (astrix_alert_get_id (alert)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->now = START;
  f->store = astrix_queue_store_new (5);
  _astrix_queue_store_set_clock (f->store, fake_clock, f);
  f->alerts = astrix_alerts_new ();
  _astrix_alerts_set_clock (f->alerts, fake_clock, f);
  astrix_alerts_watch (f->alerts, f->store);
  f->raised = g_ptr_array_new_with_free_func (g_free);
  f->cleared = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->alerts, "raised", G_CALLBACK (on_signal), f->raised);
  g_signal_connect (f->alerts, "cleared", G_CALLBACK (on_signal), f->cleared);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_ptr_array_unref (f->raised);
  g_ptr_array_unref (f->cleared);
  g_assert_finalize_object (f->alerts);
  g_assert_finalize_object (f->store);
}

/* Every alert off but @kind, at @value */
static void
only (Fixture         *f,
      AstrixAlertKind  kind,
      guint            value)
{
  for (guint i = 0; i < ASTRIX_ALERT_N_KINDS; i++)
    astrix_alerts_set_threshold (f->alerts, i, i == kind ? value : 0);
}

static void
load (Fixture    *f,
      const char *name)
{
  g_autofree char *path = capture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(Capture) capture = capture_load (path, &error);

  g_assert_no_error (error);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  f->messages = capture_server_messages (capture, 0);
  f->next = 0;
}

/* The list answering @action_id applied as the resync after a login, without the events
 * named @skip (NULL: all of them) */
static void
resync (Fixture    *f,
        const char *capture,
        const char *action_id,
        const char *skip)
{
  g_autofree char *path = capture_path (capture);
  g_autoptr(Capture) c = capture_load (path, NULL);
  g_autoptr(GPtrArray) messages = capture_server_messages (c, 0);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);

      if (ami_message_get_kind (m) != AMI_MESSAGE_EVENT || ami_message_has (m, "EventList") ||
          !ami_message_is (m, "ActionID", action_id) ||
          (skip != NULL && ami_message_is (m, "Event", skip)))
        continue;
      g_ptr_array_add (items, m);
    }
  g_assert_cmpuint (items->len, >, 0);
  _astrix_queue_store_begin_resync (f->store);
  _astrix_queue_store_finish_resync (f->store, items);
}

/* Feeds the events up to and including the next @name (with @key = @value); a second passes
 * before each queue event. */
static AmiMessage *
replay_until (Fixture    *f,
              const char *name,
              const char *key,
              const char *value)
{
  while (f->next < f->messages->len)
    {
      AmiMessage *m = g_ptr_array_index (f->messages, f->next++);

      if (ami_message_get_kind (m) != AMI_MESSAGE_EVENT || ami_message_has (m, "ActionID"))
        continue;
      if (g_str_has_prefix (ami_message_get (m, "Privilege") ?: "", "agent"))
        f->now += SECOND;
      astrix_queue_store_handle_event (f->store, m);
      if (ami_message_is (m, "Event", name) && (key == NULL || ami_message_is (m, key, value)))
        {
          _astrix_queue_store_flush (f->store);
          return m;
        }
    }
  g_assert_not_reached ();
}

static AstrixAlert *
alert_at (Fixture *f,
          guint    position)
{
  g_autoptr(AstrixAlert) alert = g_list_model_get_item (G_LIST_MODEL (f->alerts), position);

  g_assert_nonnull (alert);
  return alert;
}

static guint
n_alerts (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->alerts));
}

static void
assert_log (GPtrArray  *log,
            const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (log, NULL);
  joined = g_strjoinv (",", (char **) log->pdata);
  g_ptr_array_remove_index (log, log->len - 1);
  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_description (AstrixAlert *alert,
                    const char  *expected)
{
  g_autofree char *description = astrix_alert_dup_description (alert);

  g_assert_cmpstr (description, ==, expected);
}

/* 26: two callers wait in support; an override per queue replaces the all-queues value */
static void
test_callers_waiting (Fixture       *f,
                      gconstpointer  data)
{
  AstrixAlert *alert;
  const char *overrides[] = { "support:callers-waiting=3", NULL };

  only (f, ASTRIX_ALERT_CALLERS_WAITING, 5);
  resync (f, "26-queue-status-summary.txt", "qs-all", NULL);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);

  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_CALLERS_WAITING, 1);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  alert = alert_at (f, 0);
  g_assert_cmpint (_astrix_alert_get_kind (alert), ==, ASTRIX_ALERT_CALLERS_WAITING);
  g_assert_false (astrix_alert_is_about_agent (alert));
  g_assert_cmpstr (astrix_alert_get_subject (alert), ==, "support");
  g_assert_cmpstr (astrix_alert_get_id (alert), ==, "callers-waiting:support");
  g_assert_cmpfloat (_astrix_alert_get_value (alert), ==, 2);
  g_assert_cmpuint (_astrix_alert_get_threshold (alert), ==, 1);
  g_assert_cmpint (_astrix_alert_get_since (alert), ==, START);
  g_assert_cmpstr (astrix_alert_get_title (alert), ==, "Many callers waiting");
  assert_description (alert, "2 callers are waiting in support (alert above 1)");
  assert_log (f->raised, "callers-waiting:support");

  /* support's own value: 2 is not above 3 any more; sales (none waiting) is unchanged */
  astrix_alerts_set_overrides (f->alerts, overrides);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "callers-waiting:support");

  /* Removing the override brings the all-queues value back */
  astrix_alerts_set_overrides (f->alerts, NULL);
  f->now += 6 * MINUTE;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  assert_log (f->raised, "callers-waiting:support,callers-waiting:support");
}

/* 26 then 27: the wait grows with time alone; the cool-down holds back a second raise */
static void
test_longest_wait_cooldown (Fixture       *f,
                            gconstpointer  data)
{
  AstrixAlert *alert;

  only (f, ASTRIX_ALERT_LONGEST_WAIT, 60);
  resync (f, "26-queue-status-summary.txt", "qs-all", NULL);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);

  /* The first caller came 4 s before START */
  f->now = START + 56 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  f->now = START + 57 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  alert = alert_at (f, 0);
  g_assert_cmpstr (astrix_alert_get_id (alert), ==, "longest-wait:support");
  g_assert_cmpfloat (_astrix_alert_get_value (alert), ==, 61);
  g_assert_cmpint (_astrix_alert_get_since (alert), ==, START + 56 * SECOND);
  assert_description (alert, "A caller has waited 1 min 1 s in support (alert above 60 s)");

  /* Still the same alert a minute on, with the value of now */
  f->now = START + 117 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_true (alert_at (f, 0) == alert);
  g_assert_cmpfloat (_astrix_alert_get_value (alert), ==, 121);
  assert_log (f->raised, "longest-wait:support");
  assert_log (f->cleared, "");

  /* Cleared, crossed again within the cool-down: listed, not signalled; nor its clearing */
  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_LONGEST_WAIT, 600);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "longest-wait:support");
  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_LONGEST_WAIT, 60);
  f->now = START + 356 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  assert_log (f->raised, "longest-wait:support");
  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_LONGEST_WAIT, 600);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "longest-wait:support");

  /* Once the cool-down after the first raise is over, it is signalled again */
  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_LONGEST_WAIT, 60);
  f->now = START + 357 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  assert_log (f->raised, "longest-wait:support,longest-wait:support");

  /* A shorter cool-down counts from that raise */
  astrix_alerts_set_cooldown (f->alerts, 10);
  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_LONGEST_WAIT, 600);
  _astrix_alerts_evaluate (f->alerts);
  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_LONGEST_WAIT, 60);
  f->now = START + 367 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  assert_log (f->raised, "longest-wait:support,longest-wait:support,longest-wait:support");
  assert_log (f->cleared, "longest-wait:support,longest-wait:support");
}

/* 27: the caller answered leaves the queue, and the alert is cleared by the event */
static void
test_cleared_by_events (Fixture       *f,
                        gconstpointer  data)
{
  only (f, ASTRIX_ALERT_LONGEST_WAIT, 1);
  resync (f, "26-queue-status-summary.txt", "qs-support", "QueueEntry");
  load (f, "27-queue-call-answered.txt");
  replay_until (f, "QueueCallerJoin", NULL, NULL);
  f->now += 2 * SECOND;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  assert_log (f->raised, "longest-wait:support");

  replay_until (f, "QueueCallerLeave", NULL, NULL);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "longest-wait:support");
}

/* An AgentConnect as in 27, with another hold time */
static AmiMessage *
connect_event (AmiMessage *captured,
               const char *hold_time)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

  for (guint i = 0; i < ami_message_get_n_fields (captured); i++)
    {
      const char *key = ami_message_get_key (captured, i);

      g_ptr_array_add (pairs, (char *) key);
      g_ptr_array_add (pairs, (char *) (strcmp (key, "HoldTime") == 0
                                        ? hold_time : ami_message_get_value (captured, i)));
    }
  return ami_message_new_from_pairs ((const char * const *) pairs->pdata, pairs->len / 2);
}

/* 27's answer in 2 s, then calls answered after 45 s: judged from the fifth answer on */
static void
test_service_level (Fixture       *f,
                    gconstpointer  data)
{
  AmiMessage *captured;
  AstrixAlert *alert;

  only (f, ASTRIX_ALERT_SERVICE_LEVEL, 80);
  resync (f, "26-queue-status-summary.txt", "qs-support", "QueueEntry");
  load (f, "27-queue-call-answered.txt");
  captured = replay_until (f, "AgentConnect", NULL, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(AmiMessage) late = connect_event (captured, "45");

      astrix_queue_store_handle_event (f->store, late);
    }
  _astrix_queue_store_flush (f->store);
  g_assert_cmpuint (astrix_queue_get_answered_today (_astrix_queue_store_lookup (f->store,
                                                                                "support")),
                    ==, 4);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);

  {
    g_autoptr(AmiMessage) late = connect_event (captured, "45");

    astrix_queue_store_handle_event (f->store, late);
    _astrix_queue_store_flush (f->store);
  }
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  alert = alert_at (f, 0);
  g_assert_cmpstr (astrix_alert_get_id (alert), ==, "service-level:support");
  g_assert_cmpfloat (_astrix_alert_get_value (alert), ==, 20);
  assert_description (alert, "The service level of support is 20 % today (alert below 80 %)");
  assert_log (f->raised, "service-level:support");

  astrix_alerts_set_threshold (f->alerts, ASTRIX_ALERT_SERVICE_LEVEL, 20);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "service-level:support");
}

/* 26 without its QueueMember items: no agent in either queue */
static void
test_no_agent (Fixture       *f,
               gconstpointer  data)
{
  const char *overrides[] = { "sales:no-agent=0", "bad entry", "support:nonsense=1", NULL };

  only (f, ASTRIX_ALERT_NO_AGENT, 1);
  resync (f, "26-queue-status-summary.txt", "qs-all", "QueueMember");
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 2);
  assert_log (f->raised, "no-agent:support,no-agent:sales");
  assert_description (alert_at (f, 1), "No agent is logged in to sales");

  /* The entries that do not parse change nothing */
  astrix_alerts_set_overrides (f->alerts, overrides);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  g_assert_cmpstr (astrix_alert_get_id (alert_at (f, 0)), ==, "no-agent:support");
  assert_log (f->cleared, "no-agent:sales");

  /* The agents log in (the whole status) */
  resync (f, "26-queue-status-summary.txt", "qs-all", NULL);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "no-agent:sales,no-agent:support");
}

/* A store emptied (a disconnection) drops its alerts without saying they were resolved */
static void
test_gone_not_cleared (Fixture       *f,
                       gconstpointer  data)
{
  only (f, ASTRIX_ALERT_NO_AGENT, 1);
  resync (f, "26-queue-status-summary.txt", "qs-all", "QueueMember");
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 2);

  astrix_queue_store_clear (f->store);
  _astrix_queue_store_flush (f->store);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "");
}

/* 30: 1002 (already paused in support in 26) pauses in sales too */
static void
test_agent_paused (Fixture       *f,
                   gconstpointer  data)
{
  const char *overrides[] = { "sales:agent-paused=5", NULL };
  AstrixAlert *alert;

  only (f, ASTRIX_ALERT_AGENT_PAUSED, 15);
  resync (f, "26-queue-status-summary.txt", "qs-all", NULL);
  load (f, "30-queue-pause-unpause.txt");
  replay_until (f, "QueueMemberPause", "Queue", "sales");
  f->now += 6 * MINUTE;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);

  /* The strictest of the agent's queues counts */
  astrix_alerts_set_overrides (f->alerts, overrides);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  alert = alert_at (f, 0);
  g_assert_true (astrix_alert_is_about_agent (alert));
  g_assert_cmpstr (astrix_alert_get_subject (alert), ==, "Local/1002@sim-agent-q/n");
  g_assert_cmpstr (astrix_alert_get_subject_name (alert), ==, "Agent 1002");
  g_assert_cmpuint (_astrix_alert_get_threshold (alert), ==, 5);
  g_assert_cmpint (_astrix_alert_get_since (alert), ==,
                   astrix_agent_get_state_since (astrix_agent_store_lookup (
                     astrix_queue_store_get_agents (f->store), "Local/1002@sim-agent-q/n")) +
                   5 * MINUTE);
  assert_description (alert, "Agent 1002 has been paused for 6 min 0 s (alert above 5 min)");
  assert_log (f->raised, "agent-paused:Local/1002@sim-agent-q/n");

  /* Unpaused in support: no longer paused everywhere */
  replay_until (f, "QueueMemberPause", "Queue", "support");
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "agent-paused:Local/1002@sim-agent-q/n");
}

/* 27: 1003's call runs past ten minutes, then ends */
static void
test_long_call (Fixture       *f,
                gconstpointer  data)
{
  AstrixAlert *alert;

  only (f, ASTRIX_ALERT_LONG_CALL, 10);
  resync (f, "26-queue-status-summary.txt", "qs-support", "QueueEntry");
  load (f, "27-queue-call-answered.txt");
  replay_until (f, "AgentConnect", NULL, NULL);
  f->now += 10 * MINUTE;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  f->now += SECOND;
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 1);
  alert = alert_at (f, 0);
  g_assert_cmpstr (astrix_alert_get_id (alert), ==, "long-call:Local/1003@sim-agent-q/n");
  g_assert_cmpfloat (_astrix_alert_get_value (alert), ==, 601);
  assert_description (alert, "Agent 1003 has been on a call for 10 min (alert above 10 min)");

  replay_until (f, "AgentComplete", NULL, NULL);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "long-call:Local/1003@sim-agent-q/n");
}

/* No explicit evaluation: the models' changes schedule one (a tenth of a second on, so that a
 * burst of events is one pass) */
static void
test_evaluates_on_change (Fixture       *f,
                          gconstpointer  data)
{
  only (f, ASTRIX_ALERT_CALLERS_WAITING, 1);
  resync (f, "26-queue-status-summary.txt", "qs-all", NULL);
  WAIT_UNTIL (n_alerts (f) == 1, 2000);
  g_assert_cmpuint (n_alerts (f), ==, 1);

  /* 27's caller joins support, then leaves it */
  load (f, "27-queue-call-answered.txt");
  replay_until (f, "QueueCallerJoin", NULL, NULL);
  WAIT_UNTIL (_astrix_alert_get_value (alert_at (f, 0)) == 3, 2000);
  g_assert_cmpfloat (_astrix_alert_get_value (alert_at (f, 0)), ==, 3);
  replay_until (f, "QueueCallerLeave", NULL, NULL);
  WAIT_UNTIL (_astrix_alert_get_value (alert_at (f, 0)) == 2, 2000);
  g_assert_cmpfloat (_astrix_alert_get_value (alert_at (f, 0)), ==, 2);
}

/* Time alone (no event) raises the longest wait: the one-second tick */
static void
test_tick (Fixture       *f,
           gconstpointer  data)
{
  only (f, ASTRIX_ALERT_LONGEST_WAIT, 60);
  resync (f, "26-queue-status-summary.txt", "qs-all", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_alerts (f), ==, 0);

  f->now += 2 * MINUTE;
  /* A seconds timeout fires within one to two seconds of being due */
  WAIT_UNTIL (n_alerts (f) == 1, 3000);
  assert_log (f->raised, "longest-wait:support");

  /* Unwatched: the tick stops and the store's alerts go without a word */
  _astrix_alerts_unwatch (f->alerts, f->store);
  _astrix_alerts_evaluate (f->alerts);
  g_assert_cmpuint (n_alerts (f), ==, 0);
  assert_log (f->cleared, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/alerts/callers-waiting", test_callers_waiting);
  ADD ("/alerts/longest-wait-cooldown", test_longest_wait_cooldown);
  ADD ("/alerts/cleared-by-events", test_cleared_by_events);
  ADD ("/alerts/service-level", test_service_level);
  ADD ("/alerts/no-agent", test_no_agent);
  ADD ("/alerts/gone-not-cleared", test_gone_not_cleared);
  ADD ("/alerts/agent-paused", test_agent_paused);
  ADD ("/alerts/long-call", test_long_call);
  ADD ("/alerts/evaluates-on-change", test_evaluates_on_change);
  ADD ("/alerts/tick", test_tick);
#undef ADD

  return g_test_run ();
}

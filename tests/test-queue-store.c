/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "astrix-queue-private.h"
#include "astrix-queue-store.h"
#include "capture.h"

/*
 * The queue and agent models against the real captures 26-33 and 36: QueueStatus lists are
 * applied as the resync after a login, events one by one, on a clock the test moves.
 */

#define SECOND G_USEC_PER_SEC
/* 2026-12-07 09:35:00 UTC, about when the captures were made */
#define START  ((gint64) 1796636100 * SECOND)

typedef struct
{
  gint64            now;
  AstrixQueueStore *store;
  GPtrArray        *messages;
  guint             next;        /* the next message to replay */
  guint             queue_signals;
  guint             agent_signals;
} Fixture;

static gint64
fake_clock (gpointer data)
{
  return ((Fixture *) data)->now;
}

static void
count_signal (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              guint      *counter)
{
  (*counter)++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->now = START;
  f->store = astrix_queue_store_new (5);
  _astrix_queue_store_set_clock (f->store, fake_clock, f);
  g_signal_connect (f->store, "items-changed", G_CALLBACK (count_signal), &f->queue_signals);
  g_signal_connect (astrix_queue_store_get_agents (f->store), "items-changed",
                    G_CALLBACK (count_signal), &f->agent_signals);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  g_assert_finalize_object (f->store);
}

static void
load (Fixture    *f,
      const char *name,
      guint       connection)
{
  g_autofree char *path = capture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(Capture) capture = capture_load (path, &error);

  g_assert_no_error (error);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  f->messages = capture_server_messages (capture, connection);
  f->next = 0;
}

/* The items of the list answering @action_id, in order, as AmiClient collects them. */
static GPtrArray *
list_items (GPtrArray  *messages,
            const char *action_id,
            gboolean    with_entries)
{
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);

      if (ami_message_get_kind (m) != AMI_MESSAGE_EVENT || ami_message_has (m, "EventList") ||
          !ami_message_is (m, "ActionID", action_id))
        continue;
      if (!with_entries && ami_message_is (m, "Event", "QueueEntry"))
        continue;
      g_ptr_array_add (items, m);
    }
  g_assert_cmpuint (items->len, >, 0);
  return items;
}

static void
resync (Fixture    *f,
        const char *capture,
        const char *action_id,
        gboolean    with_entries)
{
  g_autofree char *path = capture_path (capture);
  g_autoptr(Capture) c = capture_load (path, NULL);
  g_autoptr(GPtrArray) messages = capture_server_messages (c, 0);
  g_autoptr(GPtrArray) items = list_items (messages, action_id, with_entries);

  _astrix_queue_store_begin_resync (f->store);
  _astrix_queue_store_finish_resync (f->store, items);
}

/* Feeds the events (not list items) up to and including the next @name; a second passes
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
      if (name != NULL && ami_message_is (m, "Event", name) &&
          (key == NULL || ami_message_is (m, key, value)))
        {
          _astrix_queue_store_flush (f->store);
          return m;
        }
    }
  g_assert_null (name);
  _astrix_queue_store_flush (f->store);
  return NULL;
}

static AstrixAgent *
agent (Fixture    *f,
       const char *number)
{
  g_autofree char *interface = g_strdup_printf ("Local/%s@sim-agent-q/n", number);
  AstrixAgent *a = astrix_agent_store_lookup (astrix_queue_store_get_agents (f->store), interface);

  g_assert_nonnull (a);
  return a;
}

static AstrixQueue *
queue (Fixture    *f,
       const char *name)
{
  AstrixQueue *q = _astrix_queue_store_lookup (f->store, name);

  g_assert_nonnull (q);
  return q;
}

static char *
caller_at (AstrixQueue *q,
           guint        position)
{
  g_autoptr(AstrixQueueCaller) caller = g_list_model_get_item (astrix_queue_get_callers (q),
                                                               position);

  g_assert_nonnull (caller);
  g_assert_cmpuint (astrix_queue_caller_get_position (caller), ==, position + 1);
  return astrix_queue_caller_dup_caller (caller);
}

static void
assert_queues (AstrixAgent *a,
               const char  *expected)
{
  g_auto(GStrv) queues = astrix_agent_dup_queues (a);
  g_autofree char *joined = g_strjoinv (",", queues);

  g_assert_cmpstr (joined, ==, expected);
}

/* 26: the whole QueueStatus after a login */
static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  GListModel *queues = G_LIST_MODEL (f->store);
  GListModel *agents = G_LIST_MODEL (astrix_queue_store_get_agents (f->store));
  AstrixQueue *support, *sales;
  AstrixAgent *a1002;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  resync (f, "26-queue-status-summary.txt", "qs-all", TRUE);

  /* One items-changed per list for the whole burst. */
  g_assert_cmpuint (f->queue_signals, ==, 1);
  g_assert_cmpuint (f->agent_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (queues), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 4);

  support = queue (f, "support");
  sales = queue (f, "sales");
  g_assert_cmpstr (_astrix_queue_get_strategy (support), ==, "rrmemory");
  g_assert_cmpuint (astrix_queue_get_service_level (support), ==, 20);
  g_assert_cmpuint (astrix_queue_get_service_level (sales), ==, 30);
  g_assert_cmpuint (astrix_queue_get_pbx_completed (support), ==, 1);
  g_assert_cmpuint (astrix_queue_get_pbx_abandoned (support), ==, 1);
  g_assert_cmpuint (_astrix_queue_get_pbx_hold_time (support), ==, 2);
  g_assert_cmpuint (_astrix_queue_get_pbx_talk_time (support), ==, 5);
  g_assert_cmpfloat (astrix_queue_get_pbx_service_level (support), ==, 100.0);
  g_assert_cmpfloat (astrix_queue_get_pbx_service_level (sales), ==, 0.0);
  g_assert_cmpfloat (_astrix_queue_get_pbx_service_level2 (sales), ==, 100.0);
  /* The app has counted nothing yet: its own numbers are not Asterisk's. */
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 0);
  g_assert_cmpfloat (astrix_queue_get_service_level_today (support), <, 0.0);
  g_assert_cmpfloat (astrix_queue_get_average_wait_today (support), <, 0.0);
  g_assert_cmpfloat (astrix_queue_get_average_talk_today (support), <, 0.0);

  /* The callers in position order, with the wait the PBX reported. */
  g_assert_cmpuint (astrix_queue_get_n_waiting (support), ==, 2);
  first = caller_at (support, 0);
  second = caller_at (support, 1);
  g_assert_cmpstr (first, ==, "Caller 5003 <5555003>");
  g_assert_cmpstr (second, ==, "Caller 5004 <5555004>");
  g_assert_cmpint (astrix_queue_get_longest_wait_since (support), ==, START - 4 * SECOND);
  g_assert_cmpuint (astrix_queue_get_n_waiting (sales), ==, 0);

  /* As QueueSummary counts them: support LoggedIn 2 Available 0, sales 2 and 2. */
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (support), ==, 2);
  g_assert_cmpuint (astrix_queue_get_agents_available (support), ==, 0);
  g_assert_cmpuint (astrix_queue_get_agents_busy (support), ==, 1);
  g_assert_cmpuint (astrix_queue_get_agents_paused (support), ==, 1);
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (sales), ==, 2);
  g_assert_cmpuint (astrix_queue_get_agents_available (sales), ==, 2);

  /* One agent in two queues is one row, paused in one of them only. */
  a1002 = agent (f, "1002");
  g_assert_cmpstr (astrix_agent_get_name (a1002), ==, "Agent 1002");
  assert_queues (a1002, "support,sales");
  g_assert_true (_astrix_agent_is_paused_in (a1002, "support"));
  g_assert_false (_astrix_agent_is_paused_in (a1002, "sales"));
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1001")), ==, ASTRIX_AGENT_IN_CALL);
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1003")), ==, ASTRIX_AGENT_UNAVAILABLE);
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1004")), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_cmpstr (astrix_agent_get_state_interface (agent (f, "1004")), ==, "Custom:agent1004");
  g_assert_cmpuint (_astrix_agent_get_pbx_calls_taken (agent (f, "1003")), ==, 1);
  g_assert_false (astrix_queue_store_get_needs_agent_read (f->store));
}

/* 27: join, ring, answer, talk, hang up, wrap-up */
static void
test_answered (Fixture       *f,
               gconstpointer  data)
{
  AstrixQueue *support;
  AstrixAgent *a;
  g_autofree char *waiting = NULL;
  gint64 ended;
  AmiMessage *params = NULL;

  /* The queues as a login shortly before would have found them (26: 1001 busy, 1002 paused,
   * 1003 unavailable); only the configuration matters here. */
  resync (f, "26-queue-status-summary.txt", "qs-support", FALSE);
  load (f, "27-queue-call-answered.txt", 0);
  replay_until (f, "QueueCallerJoin", NULL, NULL);
  support = queue (f, "support");
  g_assert_cmpuint (astrix_queue_get_n_waiting (support), ==, 1);
  waiting = caller_at (support, 0);
  g_assert_cmpstr (waiting, ==, "Caller 5001 <5555001>");
  g_assert_cmpint (astrix_queue_get_longest_wait_since (support), ==, f->now);

  replay_until (f, "QueueMemberStatus", "Status", "6");
  a = agent (f, "1003");
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_RINGING);
  g_assert_cmpint (astrix_agent_get_state_since (a), ==, f->now);
  g_assert_cmpuint (astrix_queue_get_agents_busy (support), ==, 2);

  replay_until (f, "QueueMemberStatus", "Status", "2");
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_IN_CALL);
  replay_until (f, "QueueCallerLeave", NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_n_waiting (support), ==, 0);
  g_assert_cmpint (astrix_queue_get_longest_wait_since (support), ==, 0);

  replay_until (f, "AgentConnect", NULL, NULL);
  g_assert_cmpstr (astrix_agent_get_call_caller (a), ==, "Caller 5001 <5555001>");
  g_assert_cmpstr (astrix_agent_get_call_queue (a), ==, "support");
  g_assert_cmpstr (astrix_agent_get_call_channel (a), ==, "Local/1003@sim-agent-q-0000000e;1");
  g_assert_cmpint (astrix_agent_get_call_since (a), ==, f->now);
  g_assert_cmpuint (astrix_agent_get_calls_taken_today (a), ==, 1);
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 1);
  g_assert_cmpfloat (astrix_queue_get_average_wait_today (support), ==, 2.0);
  /* answered, not ended: no talk to average yet */
  g_assert_cmpfloat (astrix_queue_get_average_talk_today (support), <, 0.0);

  /* The QueueStatus taken during the call, as after a reconnection: the app's counts stay.
   * (It lists Agent 1003 only, so the others are logged out from here on.) */
  resync (f, "27-queue-call-answered.txt", "qs-during", FALSE);
  g_assert_true (a == agent (f, "1003"));
  g_assert_true (support == queue (f, "support"));
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_IN_CALL);
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 1);
  g_assert_cmpstr (astrix_agent_get_call_caller (a), ==, "Caller 5001 <5555001>");

  replay_until (f, "AgentComplete", NULL, NULL);
  ended = f->now;
  g_assert_null (astrix_agent_get_call_caller (a));
  g_assert_cmpint (astrix_agent_get_call_since (a), ==, 0);
  g_assert_cmpuint (_astrix_queue_get_completed_today (support), ==, 1);
  g_assert_cmpfloat (astrix_queue_get_average_talk_today (support), ==, 5.0);
  g_assert_cmpfloat (astrix_queue_get_service_level_today (support), ==, 100.0);

  /* Status 1 right after the call: wrap-up (5 s here), derived, not reported by AMI. */
  replay_until (f, "QueueMemberStatus", "Status", "1");
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_WRAP_UP);
  g_assert_cmpint (astrix_agent_get_state_since (a), ==, ended);
  g_assert_cmpuint (astrix_queue_get_agents_busy (support), ==, 1);
  f->now = ended + 5 * SECOND;
  _astrix_queue_store_refresh (f->store);
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_cmpint (astrix_agent_get_state_since (a), ==, ended + 5 * SECOND);

  /* What the app followed from the events is what Asterisk reports after the call. */
  for (guint i = 0; i < f->messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (f->messages, i);

      if (ami_message_is (m, "Event", "QueueParams") && ami_message_is (m, "ActionID", "qs-after"))
        params = m;
    }
  g_assert_nonnull (params);
  g_assert_cmpuint (astrix_queue_get_pbx_completed (support), ==, 1);
  g_assert_cmpstr (ami_message_get (params, "Completed"), ==, "1");
  g_assert_cmpuint (_astrix_queue_get_pbx_hold_time (support), ==, 2);
  g_assert_cmpstr (ami_message_get (params, "Holdtime"), ==, "2");
  g_assert_cmpuint (_astrix_queue_get_pbx_talk_time (support), ==, 5);
  g_assert_cmpstr (ami_message_get (params, "TalkTime"), ==, "5");
  g_assert_cmpfloat (astrix_queue_get_pbx_service_level (support), ==, 100.0);
  g_assert_cmpstr (ami_message_get (params, "ServicelevelPerf"), ==, "100.0");
}

/* 28: the only free member never answers; the caller gives up while it rings again */
static void
test_ring_no_answer (Fixture       *f,
                     gconstpointer  data)
{
  AstrixQueue *sales;
  AstrixAgent *a1004, *a1002;

  resync (f, "26-queue-status-summary.txt", "qs-sales-1004", TRUE);
  sales = queue (f, "sales");
  load (f, "28-queue-ring-no-answer.txt", 0);

  replay_until (f, "QueueMemberStatus", "Queue", "sales");
  a1002 = agent (f, "1002");
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_IN_CALL);
  assert_queues (a1002, "support,sales");

  replay_until (f, "QueueMemberStatus", "Status", "6");
  a1004 = agent (f, "1004");
  g_assert_cmpint (astrix_agent_get_state (a1004), ==, ASTRIX_AGENT_RINGING);
  replay_until (f, "AgentRingNoAnswer", NULL, NULL);
  g_assert_cmpuint (astrix_agent_get_calls_missed_today (a1004), ==, 1);
  g_assert_cmpuint (astrix_agent_get_calls_taken_today (a1004), ==, 0);
  replay_until (f, "QueueMemberStatus", "Status", "1");
  g_assert_cmpint (astrix_agent_get_state (a1004), ==, ASTRIX_AGENT_AVAILABLE);

  replay_until (f, "QueueCallerAbandon", NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_abandoned_today (sales), ==, 1);
  g_assert_cmpuint (astrix_queue_get_pbx_abandoned (sales), ==, 2);
  /* HoldTime 20 is within sales' 30 s: ServicelevelPerf2 stays 100. */
  g_assert_cmpfloat (_astrix_queue_get_pbx_service_level2 (sales), ==, 100.0);
  g_assert_cmpuint (astrix_queue_get_n_waiting (sales), ==, 1);
  replay_until (f, "QueueCallerLeave", NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_n_waiting (sales), ==, 0);
  replay_until (f, NULL, NULL, NULL);
  g_assert_cmpuint (astrix_agent_get_calls_missed_today (a1004), ==, 1);
  g_assert_cmpuint (astrix_queue_get_answered_today (sales), ==, 0);
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_AVAILABLE);
}

/* 29: everyone busy, the caller waits 6 s and hangs up */
static void
test_abandon (Fixture       *f,
              gconstpointer  data)
{
  AstrixQueue *support;

  resync (f, "26-queue-status-summary.txt", "qs-support", FALSE);
  support = queue (f, "support");
  load (f, "29-queue-caller-abandon.txt", 0);
  replay_until (f, "QueueCallerJoin", NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_agents_available (support), ==, 0);
  g_assert_cmpuint (astrix_queue_get_agents_busy (support), ==, 3);
  g_assert_cmpuint (astrix_queue_get_n_waiting (support), ==, 1);
  replay_until (f, "QueueCallerAbandon", NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_abandoned_today (support), ==, 1);
  g_assert_cmpuint (astrix_queue_get_pbx_abandoned (support), ==, 2);
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 0);
  replay_until (f, "QueueCallerLeave", NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_n_waiting (support), ==, 0);
  replay_until (f, NULL, NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_agents_available (support), ==, 3);
}

/* 30: pause and unpause, with and without Queue and Reason */
static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  AstrixAgent *a1001, *a1002;
  gint64 paused_at;

  resync (f, "26-queue-status-summary.txt", "qs-all", FALSE);
  load (f, "30-queue-pause-unpause.txt", 0);
  a1002 = agent (f, "1002");
  replay_until (f, "QueueMemberPause", "Queue", "sales");
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_PAUSED);
  g_assert_cmpint (astrix_agent_get_state_since (a1002), ==, f->now);
  g_assert_cmpstr (astrix_agent_get_paused_reason (a1002), ==, "lunch");
  g_assert_cmpuint (astrix_queue_get_agents_paused (queue (f, "sales")), ==, 1);

  /* Unpaused in support: available there, so no longer paused as a whole. */
  replay_until (f, "QueueMemberPause", "Queue", "support");
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_null (astrix_agent_get_paused_reason (a1002));
  g_assert_true (_astrix_agent_is_paused_in (a1002, "sales"));
  replay_until (f, "QueueMemberPause", "PausedReason", "back");
  g_assert_false (_astrix_agent_is_paused_in (a1002, "sales"));
  g_assert_null (astrix_agent_get_paused_reason (a1002));

  a1001 = agent (f, "1001");
  replay_until (f, "QueueMemberPause", "PausedReason", "meeting");
  g_assert_cmpint (astrix_agent_get_state (a1001), ==, ASTRIX_AGENT_PAUSED);
  g_assert_cmpstr (astrix_agent_get_paused_reason (a1001), ==, "meeting");
  paused_at = astrix_agent_get_state_since (a1001);
  /* Paused again with another reason: the reason changes, the pause goes on. */
  replay_until (f, "QueueMemberPause", "PausedReason", "training");
  g_assert_cmpstr (astrix_agent_get_paused_reason (a1001), ==, "training");
  g_assert_cmpint (astrix_agent_get_state_since (a1001), ==, paused_at);
  replay_until (f, "QueueMemberPause", "Paused", "1");
  g_assert_cmpstr (astrix_agent_get_paused_reason (a1001), ==, "");
  replay_until (f, "QueueMemberPause", "Paused", "0");
  g_assert_cmpint (astrix_agent_get_state (a1001), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_cmpint (astrix_agent_get_state_since (a1001), ==, f->now);
  replay_until (f, NULL, NULL, NULL);
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1003")), ==, ASTRIX_AGENT_AVAILABLE);
}

/* 31: QueueAdd, QueuePenalty, QueueRemove */
static void
test_add_remove_penalty (Fixture       *f,
                         gconstpointer  data)
{
  AstrixAgent *a1004, *a1005, *ghost;
  AstrixQueue *support;

  resync (f, "26-queue-status-summary.txt", "qs-all", FALSE);
  load (f, "31-queue-add-remove-penalty.txt", 0);
  a1004 = agent (f, "1004");
  support = queue (f, "support");
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (support), ==, 2);

  replay_until (f, "QueueMemberAdded", "MemberName", "Agent 1004");
  assert_queues (a1004, "sales,support");
  g_assert_cmpint (_astrix_agent_get_penalty (a1004, "support"), ==, 2);
  g_assert_true (_astrix_agent_is_dynamic (a1004, "support"));
  g_assert_false (_astrix_agent_is_dynamic (a1004, "sales"));
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (support), ==, 3);

  replay_until (f, "QueueMemberAdded", "Interface", "Local/1005@sim-agent-q/n");
  a1005 = agent (f, "1005");
  g_assert_cmpstr (astrix_agent_get_name (a1005), ==, "Local/1005@sim-agent-q/n");
  g_assert_cmpint (astrix_agent_get_state (a1005), ==, ASTRIX_AGENT_PAUSED);
  g_assert_cmpstr (astrix_agent_get_paused_reason (a1005), ==, "not ready");
  replay_until (f, "QueueMemberAdded", "MemberName", "Ghost");
  ghost = astrix_agent_store_lookup (astrix_queue_store_get_agents (f->store),
                                     "Local/7777@nowhere/n");
  g_assert_nonnull (ghost);
  g_assert_cmpint (astrix_agent_get_state (ghost), ==, ASTRIX_AGENT_UNAVAILABLE);
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (astrix_queue_store_get_agents (f->store))),
                    ==, 6);

  replay_until (f, "QueueMemberPenalty", "Penalty", "5");
  g_assert_cmpint (_astrix_agent_get_penalty (a1004, "support"), ==, 5);
  g_assert_cmpint (_astrix_agent_get_penalty (a1004, "sales"), ==, 0);
  replay_until (f, "QueueMemberPenalty", "Queue", "sales");
  g_assert_cmpint (_astrix_agent_get_penalty (a1004, "support"), ==, 3);
  g_assert_cmpint (_astrix_agent_get_penalty (a1004, "sales"), ==, 3);

  replay_until (f, "QueueMemberRemoved", "MemberName", "Agent 1004");
  assert_queues (a1004, "sales");
  g_assert_cmpint (_astrix_agent_get_penalty (a1004, "support"), ==, -1);
  replay_until (f, "QueueMemberRemoved", "MemberName", "Ghost");
  /* Out of their last queue: logged out, still a row for the day. */
  g_assert_cmpint (astrix_agent_get_state (a1005), ==, ASTRIX_AGENT_LOGGED_OUT);
  g_assert_cmpint (astrix_agent_get_state (ghost), ==, ASTRIX_AGENT_LOGGED_OUT);
  g_assert_cmpint (astrix_agent_get_state_since (ghost), ==, f->now);
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (support), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (astrix_queue_store_get_agents (f->store))),
                    ==, 6);
}

/* 32: Status 1-8 and the agent states they make */
static void
test_member_status (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *status; AstrixAgentState state; } steps[] = {
    { "2", ASTRIX_AGENT_IN_CALL },
    { "3", ASTRIX_AGENT_IN_CALL },
    { "4", ASTRIX_AGENT_UNAVAILABLE },
    { "5", ASTRIX_AGENT_UNAVAILABLE },
    { "6", ASTRIX_AGENT_RINGING },
    { "7", ASTRIX_AGENT_RINGING },
    { "8", ASTRIX_AGENT_ON_HOLD },
    { "1", ASTRIX_AGENT_AVAILABLE },
  };
  AstrixAgent *a1002;

  load (f, "32-queue-member-status.txt", 0);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      AstrixAgent *a;
      gint64 before = _astrix_queue_store_now (f->store);

      replay_until (f, "QueueMemberStatus", "Status", steps[i].status);
      a = agent (f, "1003");
      g_assert_cmpint (astrix_agent_get_device_status (a), ==, atoi (steps[i].status));
      g_assert_cmpint (astrix_agent_get_state (a), ==, steps[i].state);
      /* The time in state runs from the event that changed it. */
      if (i == 0 || steps[i].state != steps[i - 1].state)
        g_assert_cmpint (astrix_agent_get_state_since (a), ==, f->now);
      else
        g_assert_cmpint (astrix_agent_get_state_since (a), <=, before);
    }

  /* The member in two queues: one agent, one state, two QueueMemberStatus. */
  replay_until (f, "QueueMemberStatus", "Queue", "sales");
  a1002 = agent (f, "1002");
  assert_queues (a1002, "support,sales");
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_UNAVAILABLE);
  g_assert_cmpuint (astrix_queue_get_agents_logged_in (queue (f, "sales")), ==, 0);
  replay_until (f, NULL, NULL, NULL);
  g_assert_cmpint (astrix_agent_get_state (a1002), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (astrix_queue_store_get_agents (f->store))),
                    ==, 2);
}

/* 33: a user without read agent gets QueueStatus and then no queue event at all */
static void
test_restricted_user (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = capture_path ("33-queue-permissions.txt");
  g_autoptr(Capture) capture = capture_load (path, NULL);
  g_autoptr(GPtrArray) messages = capture_server_messages (capture, 1);
  g_autoptr(GPtrArray) items = list_items (messages, "qs", TRUE);
  GListModel *agents = G_LIST_MODEL (astrix_queue_store_get_agents (f->store));

  _astrix_queue_store_begin_resync (f->store);
  _astrix_queue_store_finish_resync (f->store, items);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 3);

  f->messages = g_ptr_array_ref (messages);
  replay_until (f, NULL, NULL, NULL);
  /* The device states changed; the queue events never come. */
  f->now += 10 * SECOND;
  _astrix_queue_store_refresh (f->store);
  g_assert_true (astrix_queue_store_get_needs_agent_read (f->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 0);

  /* Events keep it empty; the next login looks again. */
  f->next = 0;
  replay_until (f, NULL, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 0);
  _astrix_queue_store_begin_resync (f->store);
  g_assert_false (astrix_queue_store_get_needs_agent_read (f->store));
}

/* 33: the seed's user reads agent: the same device changes come with their queue events */
static void
test_agent_reader (Fixture       *f,
                   gconstpointer  data)
{
  resync (f, "33-queue-permissions.txt", "qs", TRUE);
  load (f, "33-queue-permissions.txt", 0);
  replay_until (f, NULL, NULL, NULL);
  f->now += 10 * SECOND;
  _astrix_queue_store_refresh (f->store);
  g_assert_false (astrix_queue_store_get_needs_agent_read (f->store));
  g_assert_cmpuint (astrix_queue_get_answered_today (queue (f, "support")), ==, 1);
  g_assert_cmpuint (astrix_agent_get_calls_taken_today (agent (f, "1001")), ==, 1);
}

/* A device change with no queue event, then a queue event after all: not restricted. */
static void
test_late_agent_event (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AmiMessage) change = ami_message_new ("Event", "DeviceStateChange",
                                                  "Privilege", "call,all",
                                                  "Device", "Custom:agent1001",
                                                  "State", "RINGING", NULL);
  g_autoptr(AmiMessage) unrelated = ami_message_new ("Event", "DeviceStateChange",
                                                     "Privilege", "call,all",
                                                     "Device", "PJSIP/9999",
                                                     "State", "RINGING", NULL);

  resync (f, "33-queue-permissions.txt", "qs", TRUE);
  astrix_queue_store_handle_event (f->store, unrelated);
  f->now += 10 * SECOND;
  _astrix_queue_store_refresh (f->store);
  g_assert_false (astrix_queue_store_get_needs_agent_read (f->store));

  astrix_queue_store_handle_event (f->store, change);
  f->now += SECOND;
  load (f, "33-queue-permissions.txt", 0);
  replay_until (f, "QueueMemberStatus", NULL, NULL);
  f->now += 10 * SECOND;
  _astrix_queue_store_refresh (f->store);
  g_assert_false (astrix_queue_store_get_needs_agent_read (f->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 1);
}

/* A PBX restart: Asterisk's counters start again, the app's stay; then local midnight. */
static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  AstrixQueue *support;
  AstrixAgent *a1003;
  g_autoptr(GPtrArray) restarted =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  GListModel *agents = G_LIST_MODEL (astrix_queue_store_get_agents (f->store));
  guint signals;

  resync (f, "26-queue-status-summary.txt", "qs-all", FALSE);
  support = queue (f, "support");
  a1003 = agent (f, "1003");
  load (f, "27-queue-call-answered.txt", 0);
  replay_until (f, NULL, NULL, NULL);
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 1);
  g_assert_cmpuint (astrix_queue_get_pbx_completed (support), ==, 2);

  /* After the restart the PBX lists support with zeroed counters and no sales. */
  g_ptr_array_add (restarted, ami_message_new ("Event", "QueueParams", "Queue", "support",
                                               "Max", "0", "Strategy", "rrmemory", "Calls", "0",
                                               "Holdtime", "0", "TalkTime", "0", "Completed", "0",
                                               "Abandoned", "0", "ServiceLevel", "20",
                                               "ServicelevelPerf", "0.0",
                                               "ServicelevelPerf2", "0.0", "Weight", "0", NULL));
  g_ptr_array_add (restarted, ami_message_new ("Event", "QueueMember", "Queue", "support",
                                               "Name", "Agent 1003",
                                               "Location", "Local/1003@sim-agent-q/n",
                                               "StateInterface", "Custom:agent1003",
                                               "Membership", "static", "Penalty", "0",
                                               "CallsTaken", "0", "LastCall", "0",
                                               "LastPause", "0", "LoginTime", "1796637000",
                                               "InCall", "0", "Status", "1", "Paused", "0",
                                               "PausedReason", "", "Wrapuptime", "0", NULL));
  signals = f->agent_signals;
  f->now += 60 * SECOND;
  _astrix_queue_store_begin_resync (f->store);
  _astrix_queue_store_finish_resync (f->store, restarted);

  g_assert_true (support == queue (f, "support"));
  g_assert_null (_astrix_queue_store_lookup (f->store, "sales"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 1);
  g_assert_cmpuint (astrix_queue_get_pbx_completed (support), ==, 0);
  g_assert_cmpuint (_astrix_queue_get_pbx_hold_time (support), ==, 0);
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 1);
  g_assert_cmpfloat (astrix_queue_get_average_talk_today (support), ==, 5.0);
  g_assert_true (a1003 == agent (f, "1003"));
  g_assert_cmpuint (astrix_agent_get_calls_taken_today (a1003), ==, 1);
  g_assert_cmpuint (_astrix_agent_get_pbx_calls_taken (a1003), ==, 0);
  g_assert_cmpint (astrix_agent_get_state (a1003), ==, ASTRIX_AGENT_AVAILABLE);
  /* The others are in no queue now: logged out, kept for the day, no list change. */
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1002")), ==, ASTRIX_AGENT_LOGGED_OUT);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 4);
  g_assert_cmpuint (f->agent_signals, ==, signals);

  /* The next day starts from zero and forgets who logged out. */
  f->now += (gint64) 24 * 3600 * SECOND;
  _astrix_queue_store_refresh (f->store);
  _astrix_queue_store_flush (f->store);
  g_assert_cmpuint (astrix_queue_get_answered_today (support), ==, 0);
  g_assert_cmpuint (astrix_agent_get_calls_taken_today (a1003), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 1);

  /* A failed QueueStatus changes nothing; clear() forgets everything. */
  _astrix_queue_store_begin_resync (f->store);
  _astrix_queue_store_finish_resync (f->store, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 1);
  astrix_queue_store_clear (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, 0);
}

/* Events that come while QueueStatus is under way: a caller who left does not come back from
 * the list, one who joined after it was made stays. */
static void
test_resync_race (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = capture_path ("26-queue-status-summary.txt");
  g_autoptr(Capture) capture = capture_load (path, NULL);
  g_autoptr(GPtrArray) messages = capture_server_messages (capture, 0);
  g_autoptr(GPtrArray) items = list_items (messages, "qs-all", TRUE);
  g_autoptr(AmiMessage) leave =
    ami_message_new ("Event", "QueueCallerLeave",
                     "Privilege", "agent,all",
                     "Channel", "Local/5003@sim-queue-caller-00000013;2",
                     "Uniqueid", "1796636149.39", "Queue", "support",
                     "Position", "1", "Count", "1", NULL);
  AstrixQueue *support;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  load (f, "27-queue-call-answered.txt", 0);
  _astrix_queue_store_begin_resync (f->store);
  astrix_queue_store_handle_event (f->store, leave);
  replay_until (f, "QueueCallerJoin", NULL, NULL);
  _astrix_queue_store_finish_resync (f->store, items);

  support = queue (f, "support");
  g_assert_cmpuint (astrix_queue_get_n_waiting (support), ==, 2);
  first = caller_at (support, 0);
  second = caller_at (support, 1);
  g_assert_cmpstr (first, ==, "Caller 5004 <5555004>");
  g_assert_cmpstr (second, ==, "Caller 5001 <5555001>");
}

/* 36: a Redirect of a waiting caller counts as abandoned; a supervisor listening */
static void
test_redirect_and_monitoring (Fixture       *f,
                              gconstpointer  data)
{
  AstrixAgent *a;
  g_autoptr(AmiMessage) start = NULL;
  g_autoptr(AmiMessage) stop = NULL;
  guint abandons = 0;
  AmiMessage *connect;

  load (f, "36-supervisor-hangup-redirect.txt", 0);
  connect = replay_until (f, "AgentConnect", NULL, NULL);
  a = astrix_agent_store_lookup (astrix_queue_store_get_agents (f->store),
                                 ami_message_get (connect, "Interface"));
  g_assert_nonnull (a);
  g_assert_false (astrix_agent_get_monitored (a));

  /* ChanSpyStart on the agent's phone side (;2) of the call. */
  {
    g_autofree char *spyee = g_strdup (ami_message_get (connect, "DestChannel"));

    spyee[strlen (spyee) - 1] = '2';
    start = ami_message_new ("Event", "ChanSpyStart", "Privilege", "call,all",
                             "SpyerChannel", "Local/2000@supervisor-00000001;1",
                             "SpyerUniqueid", "1.99", "SpyeeChannel", spyee, NULL);
    stop = ami_message_new ("Event", "ChanSpyStop", "Privilege", "call,all",
                            "SpyerUniqueid", "1.99", "SpyeeChannel", spyee, NULL);
  }
  astrix_queue_store_handle_event (f->store, start);
  g_assert_true (astrix_agent_get_monitored (a));
  astrix_queue_store_handle_event (f->store, stop);
  g_assert_false (astrix_agent_get_monitored (a));

  replay_until (f, NULL, NULL, NULL);
  for (guint i = 0; i < f->messages->len; i++)
    abandons += ami_message_is (g_ptr_array_index (f->messages, i), "Event", "QueueCallerAbandon");
  g_assert_cmpuint (abandons, >, 0);
  g_assert_cmpuint (astrix_queue_get_abandoned_today (queue (f, "support")), ==, abandons);
  g_assert_cmpuint (astrix_queue_get_n_waiting (queue (f, "support")), ==, 0);
}

/* 27, then a queue event about another agent after the wrap-up time ran out: the event finds
 * the wrap-up over (the store re-derives the agents an event touches and those whose wrap-up
 * time ended, not every agent), and leaves the other agents' times as they were. */
static void
test_wrap_up_ends_at_event (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AmiMessage) pause = NULL;
  AstrixAgent *a;
  AstrixAgent *other;
  gint64 ended;
  gint64 other_since;
  gint64 paused_since;

  resync (f, "26-queue-status-summary.txt", "qs-support", FALSE);
  load (f, "27-queue-call-answered.txt", 0);
  replay_until (f, "AgentComplete", NULL, NULL);
  ended = f->now;
  replay_until (f, "QueueMemberStatus", "Status", "1");
  a = agent (f, "1003");
  other = agent (f, "1001");
  other_since = astrix_agent_get_state_since (other);
  paused_since = astrix_agent_get_state_since (agent (f, "1002"));
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1002")), ==, ASTRIX_AGENT_PAUSED);
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_WRAP_UP);

  f->now = ended + 6 * SECOND;
  pause = ami_message_new ("Event", "QueueMemberPause", "Privilege", "agent,all",
                           "Queue", "support", "MemberName", "Agent 1002",
                           "Interface", "Local/1002@sim-agent-q/n",
                           "StateInterface", "Custom:agent1002", "Membership", "static",
                           "Penalty", "0", "CallsTaken", "0", "LastCall", "0",
                           "LastPause", "1796636168", "LoginTime", "1796635861", "InCall", "0",
                           "Status", "1", "Paused", "1", "PausedReason", "lunch",
                           "Ringinuse", "0", "Wrapuptime", "0", NULL);
  astrix_queue_store_handle_event (f->store, pause);
  g_assert_cmpint (astrix_agent_get_state (a), ==, ASTRIX_AGENT_AVAILABLE);
  g_assert_cmpint (astrix_agent_get_state_since (a), ==, ended + 5 * SECOND);
  /* 1002 was paused already (26): the same state, since the same time */
  g_assert_cmpint (astrix_agent_get_state (agent (f, "1002")), ==, ASTRIX_AGENT_PAUSED);
  g_assert_cmpint (astrix_agent_get_state_since (agent (f, "1002")), ==, paused_since);
  g_assert_cmpint (astrix_agent_get_state_since (other), ==, other_since);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/queue-store/status", test_status);
  ADD ("/queue-store/answered", test_answered);
  ADD ("/queue-store/ring-no-answer", test_ring_no_answer);
  ADD ("/queue-store/abandon", test_abandon);
  ADD ("/queue-store/pause", test_pause);
  ADD ("/queue-store/add-remove-penalty", test_add_remove_penalty);
  ADD ("/queue-store/member-status", test_member_status);
  ADD ("/queue-store/restricted-user", test_restricted_user);
  ADD ("/queue-store/agent-reader", test_agent_reader);
  ADD ("/queue-store/late-agent-event", test_late_agent_event);
  ADD ("/queue-store/reconnect", test_reconnect);
  ADD ("/queue-store/resync-race", test_resync_race);
  ADD ("/queue-store/wrap-up-ends-at-event", test_wrap_up_ends_at_event);
  ADD ("/queue-store/redirect-and-monitoring", test_redirect_and_monitoring);
#undef ADD

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * app_queue: queues, their members and waiting callers, and the events about them, as
 * captures 26-33 and 36 show them (field names and order, class agent, counters as
 * app_queue.c keeps them). The call centre (astrix-demo-callcentre.c) drives the calls;
 * astrix-demo-queue-actions.c answers QueueStatus, QueueSummary and the member actions.
 *
 * A member's Status is the device state of its StateInterface: every DeviceStateChange of
 * that device gives one QueueMemberStatus per queue the member is in, after it.
 */

static void
member_free (AstrixDemoMember *member)
{
  g_free (member->interface);
  g_free (member->name);
  g_free (member->state_interface);
  g_free (member->paused_reason);
  g_free (member);
}

static void
queue_free (AstrixDemoQueue *queue)
{
  g_free (queue->name);
  g_free (queue->strategy);
  g_ptr_array_unref (queue->members);
  g_ptr_array_unref (queue->waiting);
  g_free (queue);
}

AstrixDemoQueues *
_astrix_demo_queues_new (void)
{
  AstrixDemoQueues *queues = g_new0 (AstrixDemoQueues, 1);

  queues->list = g_ptr_array_new_with_free_func ((GDestroyNotify) queue_free);
  return queues;
}

void
_astrix_demo_queues_free (AstrixDemoQueues *queues)
{
  g_clear_handle_id (&queues->tick_id, g_source_remove);
  g_ptr_array_unref (queues->list);
  g_free (queues);
}

/* The queues, configured (queues.conf) the first time they are needed. */
static AstrixDemoQueues *
queues_of (AstrixDemoPbx *pbx)
{
  if (pbx->queues == NULL)
    {
      pbx->queues = _astrix_demo_queues_new ();
      _astrix_demo_callcentre_queues (pbx);
    }
  return pbx->queues;
}

/* Returns: (element-type AstrixDemoQueue): the queues, in queues.conf order */
GPtrArray *
_astrix_demo_queues (AstrixDemoPbx *pbx)
{
  return queues_of (pbx)->list;
}

/* The PBX's epoch seconds (LastCall, LastPause, LoginTime) on the simulated clock. */
gint64
_astrix_demo_queue_epoch (AstrixDemoPbx *pbx)
{
  return pbx->uniqueid_epoch + _astrix_demo_pbx_now (pbx) / G_USEC_PER_SEC;
}

AstrixDemoQueue *
_astrix_demo_queue_find (AstrixDemoPbx *pbx,
                         const char    *name)
{
  GPtrArray *list = queues_of (pbx)->list;

  for (guint i = 0; name != NULL && i < list->len; i++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (list, i);

      if (strcmp (queue->name, name) == 0)
        return queue;
    }
  return NULL;
}

/* queues.conf: a queue with @strategy and @service_level (s); @wrap_up (s) as wrapuptime. */
AstrixDemoQueue *
_astrix_demo_queue_add (AstrixDemoPbx *pbx,
                        const char    *name,
                        const char    *strategy,
                        guint          service_level,
                        guint          wrap_up)
{
  AstrixDemoQueue *queue = _astrix_demo_queue_find (pbx, name);

  if (queue != NULL)
    return queue;
  queue = g_new0 (AstrixDemoQueue, 1);
  queue->name = g_strdup (name);
  queue->strategy = g_strdup (strategy);
  queue->service_level = service_level;
  queue->wrap_up = wrap_up;
  queue->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  queue->waiting = g_ptr_array_new ();
  g_ptr_array_add (queues_of (pbx)->list, queue);
  return queue;
}

AstrixDemoMember *
_astrix_demo_queue_find_member (AstrixDemoQueue *queue,
                                const char      *interface)
{
  for (guint i = 0; interface != NULL && i < queue->members->len; i++)
    {
      AstrixDemoMember *member = g_ptr_array_index (queue->members, i);

      if (strcmp (member->interface, interface) == 0)
        return member;
    }
  return NULL;
}

/* The device state of @device as another member with that state interface has it. */
static int
known_status (AstrixDemoPbx *pbx,
              const char    *device)
{
  GPtrArray *list = queues_of (pbx)->list;

  for (guint q = 0; q < list->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (list, q);

      for (guint m = 0; m < queue->members->len; m++)
        {
          AstrixDemoMember *member = g_ptr_array_index (queue->members, m);

          if (strcmp (member->state_interface, device) == 0)
            return member->status;
        }
    }
  return -1;
}

/* A member of @queue (queues.conf when not @dynamic, QueueAdd when it is). */
AstrixDemoMember *
_astrix_demo_queue_add_member (AstrixDemoPbx   *pbx,
                               AstrixDemoQueue *queue,
                               const char      *interface,
                               const char      *name,
                               const char      *state_interface,
                               gboolean         dynamic,
                               int              penalty)
{
  AstrixDemoMember *member = g_new0 (AstrixDemoMember, 1);
  int status;

  member->interface = g_strdup (interface);
  member->name = g_strdup (name != NULL && name[0] != '\0' ? name : interface);
  member->state_interface = g_strdup (state_interface != NULL && state_interface[0] != '\0' ?
                                      state_interface : interface);
  member->dynamic = dynamic;
  member->penalty = penalty;
  member->login_time = _astrix_demo_queue_epoch (pbx);
  status = known_status (pbx, member->state_interface);
  /* A device nobody reported on: NOT_INUSE for a phone of the PBX, INVALID otherwise (31). */
  member->status = status >= 0 ? status :
                   g_str_has_prefix (member->state_interface, "PJSIP/") ? 1 : 4;
  g_ptr_array_add (queue->members, member);
  return member;
}

/* The fields common to QueueMember items and QueueMember* events, from StateInterface on. */
static void
add_member_state (GPtrArray        *fields,
                  AstrixDemoMember *member)
{
  _astrix_demo_fields_add (fields, "StateInterface", member->state_interface);
  _astrix_demo_fields_add (fields, "Membership", member->dynamic ? "dynamic" : "static");
  _astrix_demo_fields_add_printf (fields, "Penalty", "%d", member->penalty);
  _astrix_demo_fields_add_printf (fields, "CallsTaken", "%u", member->calls_taken);
  _astrix_demo_fields_add_printf (fields, "LastCall", "%" G_GINT64_FORMAT, member->last_call);
  _astrix_demo_fields_add_printf (fields, "LastPause", "%" G_GINT64_FORMAT, member->last_pause);
  _astrix_demo_fields_add_printf (fields, "LoginTime", "%" G_GINT64_FORMAT, member->login_time);
  _astrix_demo_fields_add (fields, "InCall", member->in_call ? "1" : "0");
  _astrix_demo_fields_add_printf (fields, "Status", "%d", member->status);
  _astrix_demo_fields_add (fields, "Paused", member->paused ? "1" : "0");
  _astrix_demo_fields_add (fields, "PausedReason", member->paused_reason);
}

/* QueueMemberStatus, QueueMemberPause, QueueMemberAdded ... (class agent). @paused_reason:
 * what the event says, which an unpause with a Reason makes differ from the member's (30). */
void
_astrix_demo_queue_member_event (AstrixDemoPbx    *pbx,
                                 const char       *event,
                                 AstrixDemoQueue  *queue,
                                 AstrixDemoMember *member,
                                 const char       *paused_reason)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new (event, ASTRIX_DEMO_CLASS_AGENT);
  g_autofree char *saved = g_strdup (member->paused_reason);

  _astrix_demo_fields_add (fields, "Queue", queue->name);
  _astrix_demo_fields_add (fields, "MemberName", member->name);
  _astrix_demo_fields_add (fields, "Interface", member->interface);
  g_free (member->paused_reason);
  member->paused_reason = g_strdup (paused_reason != NULL ? paused_reason : saved);
  add_member_state (fields, member);
  g_free (member->paused_reason);
  member->paused_reason = g_steal_pointer (&saved);
  _astrix_demo_fields_add (fields, "Ringinuse", member->ringinuse ? "1" : "0");
  _astrix_demo_fields_add (fields, "Wrapuptime", "0");
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/* A QueueMember list item (QueueStatus): Name and Location, ActionID last. */
void
_astrix_demo_queue_member_item (GPtrArray        *fields,
                                AstrixDemoQueue  *queue,
                                AstrixDemoMember *member)
{
  _astrix_demo_fields_add (fields, "Queue", queue->name);
  _astrix_demo_fields_add (fields, "Name", member->name);
  _astrix_demo_fields_add (fields, "Location", member->interface);
  add_member_state (fields, member);
  _astrix_demo_fields_add (fields, "Wrapuptime", "0");
}

/* Device state of the member's pause in a queue (class call): INUSE paused, else NOT_INUSE. */
void
_astrix_demo_queue_pause_device (AstrixDemoPbx    *pbx,
                                 AstrixDemoQueue  *queue,
                                 AstrixDemoMember *member)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new ("DeviceStateChange",
                                                        ASTRIX_DEMO_CLASS_CALL);

  _astrix_demo_fields_add_printf (fields, "Device", "Queue:%s_pause_%s", queue->name,
                                  member->interface);
  _astrix_demo_fields_add (fields, "State", member->paused ? "INUSE" : "NOT_INUSE");
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

void
_astrix_demo_queue_set_paused (AstrixDemoPbx    *pbx,
                               AstrixDemoQueue  *queue,
                               AstrixDemoMember *member,
                               gboolean          paused,
                               const char       *reason)
{
  gboolean changed = member->paused != paused;

  member->paused = paused;
  g_free (member->paused_reason);
  member->paused_reason = g_strdup (paused ? reason : "");
  if (paused)
    member->last_pause = _astrix_demo_queue_epoch (pbx);
  if (changed)
    _astrix_demo_queue_pause_device (pbx, queue, member);
  /* An unpause with a Reason shows it in the event only (30). */
  _astrix_demo_queue_member_event (pbx, "QueueMemberPause", queue, member, reason);
}

/* DeviceStateChange names as member Status numbers. */
static int
status_of (const char *state)
{
  static const char *names[] = { "UNKNOWN", "NOT_INUSE", "INUSE", "BUSY", "INVALID",
                                 "UNAVAILABLE", "RINGING", "RINGINUSE", "ONHOLD" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (state, names[i]) == 0)
        return i;
    }
  return 0;
}

/* The device @device is now @state: QueueMemberStatus in each queue with such a member. */
void
_astrix_demo_queue_device_state (AstrixDemoPbx *pbx,
                                 const char    *device,
                                 const char    *state)
{
  GPtrArray *list = _astrix_demo_queues (pbx);
  int status = status_of (state);

  for (guint q = 0; list != NULL && q < list->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (list, q);

      for (guint m = 0; m < queue->members->len; m++)
        {
          AstrixDemoMember *member = g_ptr_array_index (queue->members, m);

          if (strcmp (member->state_interface, device) != 0 || member->status == status)
            continue;
          member->status = status;
          _astrix_demo_queue_member_event (pbx, "QueueMemberStatus", queue, member, NULL);
        }
    }
}

/* The caller's snapshot, then @last keys: QueueCallerJoin / Leave / Abandon. */
static GPtrArray *
caller_event (const char        *event,
              AstrixDemoQueue   *queue,
              AstrixDemoChannel *caller)
{
  GPtrArray *fields = _astrix_demo_event_new (event, ASTRIX_DEMO_CLASS_AGENT);

  _astrix_demo_fields_add_snapshot (fields, "", caller);
  _astrix_demo_fields_add (fields, "Queue", queue->name);
  return fields;
}

/* The queue's own device: RINGING while callers wait (class call, 27-29). */
static void
queue_device (AstrixDemoPbx   *pbx,
              AstrixDemoQueue *queue,
              const char      *state)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new ("DeviceStateChange",
                                                        ASTRIX_DEMO_CLASS_CALL);

  _astrix_demo_fields_add_printf (fields, "Device", "Queue:%s", queue->name);
  _astrix_demo_fields_add (fields, "State", state);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/* QueueCallerJoin: @call waits, last in line. */
void
_astrix_demo_queue_join (AstrixDemoPbx   *pbx,
                         AstrixDemoQueue *queue,
                         AstrixDemoCall  *call)
{
  g_autoptr(GPtrArray) fields = caller_event ("QueueCallerJoin", queue, call->customer);

  if (queue->waiting->len == 0)
    queue_device (pbx, queue, "RINGING");
  g_ptr_array_add (queue->waiting, call);
  call->queue = queue;
  call->joined = _astrix_demo_pbx_now (pbx);
  call->position = queue->waiting->len;
  _astrix_demo_fields_add_printf (fields, "Position", "%u", queue->waiting->len);
  _astrix_demo_fields_add_printf (fields, "Count", "%u", queue->waiting->len);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

static guint
hold_seconds (AstrixDemoPbx  *pbx,
              AstrixDemoCall *call)
{
  return (_astrix_demo_pbx_now (pbx) - call->joined) / G_USEC_PER_SEC;
}

/* QueueCallerLeave: answered, or gone. */
void
_astrix_demo_queue_leave (AstrixDemoPbx  *pbx,
                          AstrixDemoCall *call)
{
  AstrixDemoQueue *queue = call->queue;
  g_autoptr(GPtrArray) fields = NULL;
  guint position;

  if (queue == NULL || !g_ptr_array_find (queue->waiting, call, &position))
    return;
  g_ptr_array_remove_index (queue->waiting, position);
  if (queue->waiting->len == 0)
    queue_device (pbx, queue, "NOT_INUSE");
  fields = caller_event ("QueueCallerLeave", queue, call->customer);
  _astrix_demo_fields_add_printf (fields, "Position", "%u", position + 1);
  _astrix_demo_fields_add_printf (fields, "Count", "%u", queue->waiting->len);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/* QueueCallerAbandon then QueueCallerLeave: the caller hung up (or was redirected) waiting. */
void
_astrix_demo_queue_abandon (AstrixDemoPbx  *pbx,
                            AstrixDemoCall *call)
{
  AstrixDemoQueue *queue = call->queue;
  g_autoptr(GPtrArray) fields = NULL;
  guint position;
  guint hold = hold_seconds (pbx, call);

  if (queue == NULL || !g_ptr_array_find (queue->waiting, call, &position))
    return;
  fields = caller_event ("QueueCallerAbandon", queue, call->customer);
  _astrix_demo_fields_add_printf (fields, "Position", "%u", position + 1);
  _astrix_demo_fields_add_printf (fields, "OriginalPosition", "%u", call->position);
  _astrix_demo_fields_add_printf (fields, "HoldTime", "%u", hold);
  _astrix_demo_pbx_emit_fields (pbx, fields);
  queue->abandoned++;
  if (hold <= queue->service_level)
    queue->abandoned_in_sl++;
  _astrix_demo_queue_leave (pbx, call);
}

/* AgentCalled / AgentConnect / AgentComplete / AgentRingNoAnswer: both snapshots, the member,
 * then what is particular to each. */
static GPtrArray *
agent_event (const char       *event,
             AstrixDemoCall   *call,
             AstrixDemoMember *member)
{
  GPtrArray *fields = _astrix_demo_event_new (event, ASTRIX_DEMO_CLASS_AGENT);

  _astrix_demo_fields_add_snapshot (fields, "", call->customer);
  _astrix_demo_fields_add_snapshot (fields, "Dest", call->agent);
  _astrix_demo_fields_add (fields, "Queue", call->queue->name);
  _astrix_demo_fields_add (fields, "Interface", member->interface);
  _astrix_demo_fields_add (fields, "MemberName", member->name);
  return fields;
}

static AstrixDemoMember *
member_of (AstrixDemoCall *call)
{
  return call->queue != NULL ? _astrix_demo_queue_find_member (call->queue, call->member) : NULL;
}

void
_astrix_demo_queue_agent_called (AstrixDemoPbx  *pbx,
                                 AstrixDemoCall *call)
{
  AstrixDemoMember *member = member_of (call);
  g_autoptr(GPtrArray) fields = NULL;

  if (member == NULL)
    return;
  call->rang_at = _astrix_demo_pbx_now (pbx);
  fields = agent_event ("AgentCalled", call, member);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

void
_astrix_demo_queue_ring_no_answer (AstrixDemoPbx  *pbx,
                                   AstrixDemoCall *call)
{
  AstrixDemoMember *member = member_of (call);
  g_autoptr(GPtrArray) fields = NULL;

  if (member == NULL)
    return;
  fields = agent_event ("AgentRingNoAnswer", call, member);
  /* In milliseconds, unlike AgentConnect's RingTime (28). */
  _astrix_demo_fields_add_printf (fields, "RingTime", "%" G_GINT64_FORMAT,
                                  (_astrix_demo_pbx_now (pbx) - call->rang_at) / 1000);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/* Asterisk's running averages: the first value, then (3 * old + new) / 4. */
static guint
running_average (guint old,
                 guint value)
{
  return old == 0 ? value : (3 * old + value) / 4;
}

/* The member answered: QueueCallerLeave, then AgentConnect (always in this order, 27). */
void
_astrix_demo_queue_connect (AstrixDemoPbx  *pbx,
                            AstrixDemoCall *call)
{
  AstrixDemoMember *member = member_of (call);
  g_autoptr(GPtrArray) fields = NULL;
  guint hold = hold_seconds (pbx, call);

  if (member == NULL)
    return;
  _astrix_demo_queue_leave (pbx, call);
  call->hold = hold;
  call->connected_at = _astrix_demo_pbx_now (pbx);
  member->in_call = TRUE;
  call->queue->hold_time = running_average (call->queue->hold_time, hold);
  fields = agent_event ("AgentConnect", call, member);
  _astrix_demo_fields_add_printf (fields, "HoldTime", "%u", hold);
  _astrix_demo_fields_add_printf (fields, "RingTime", "%" G_GINT64_FORMAT,
                                  (call->connected_at - call->rang_at) / G_USEC_PER_SEC);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/* AgentComplete (before the hangups, 27); the member's CallsTaken and LastCall, Asterisk's
 * Completed, show in the QueueMemberStatus of its device going NOT_INUSE. */
void
_astrix_demo_queue_complete (AstrixDemoPbx  *pbx,
                             AstrixDemoCall *call,
                             gboolean        caller_hung_up)
{
  AstrixDemoMember *member = member_of (call);
  AstrixDemoQueue *queue = call->queue;
  g_autoptr(GPtrArray) fields = NULL;
  guint talk = (_astrix_demo_pbx_now (pbx) - call->connected_at) / G_USEC_PER_SEC;

  if (member == NULL)
    return;
  fields = agent_event ("AgentComplete", call, member);
  _astrix_demo_fields_add_printf (fields, "HoldTime", "%u", call->hold);
  _astrix_demo_fields_add_printf (fields, "TalkTime", "%u", talk);
  _astrix_demo_fields_add (fields, "Reason", caller_hung_up ? "caller" : "agent");
  _astrix_demo_pbx_emit_fields (pbx, fields);
  member->in_call = FALSE;
  member->calls_taken++;
  member->last_call = _astrix_demo_queue_epoch (pbx);
  queue->completed++;
  if (call->hold <= queue->service_level)
    queue->completed_in_sl++;
  queue->talk_time = running_average (queue->talk_time, talk);
}

/* Whether @member can take a call now: logged in, free, not paused, past its wrap-up. */
static gboolean
member_free_now (AstrixDemoPbx    *pbx,
                 AstrixDemoQueue  *queue,
                 AstrixDemoMember *member)
{
  return member->status == 1 && !member->paused &&
         (member->last_call == 0 ||
          member->last_call + queue->wrap_up <= _astrix_demo_queue_epoch (pbx));
}

/* The member the strategy picks for the next caller, or NULL: linear takes the first free in
 * the order of the list, rrmemory goes round from after the last one called. */
AstrixDemoMember *
_astrix_demo_queue_pick_member (AstrixDemoPbx   *pbx,
                                AstrixDemoQueue *queue)
{
  guint n = queue->members->len;
  guint start = g_strcmp0 (queue->strategy, "rrmemory") == 0 ? queue->next_member : 0;

  for (guint i = 0; i < n; i++)
    {
      guint index = (start + i) % n;
      AstrixDemoMember *member = g_ptr_array_index (queue->members, index);

      if (member_free_now (pbx, queue, member))
        {
          queue->next_member = index + 1;
          return member;
        }
    }
  return NULL;
}

/**
 * astrix_demo_pbx_add_queue_call:
 * @queue: support, sales or billing
 * @caller_number: (nullable): the caller's number; %NULL for a random one
 * @caller_name: (nullable): the caller's name; %NULL for one of the customers
 *
 * A customer calls @queue's line and waits there (QueueCallerJoin); a free member is rung at
 * once, who answers after a few seconds (or not: ring-no-answer, then another). Unlike the
 * random traffic's callers, this one never gives up: it waits until answered or hung up.
 *
 * Returns: (transfer full) (nullable): the caller's channel name, or %NULL for an unknown queue
 */
char *
astrix_demo_pbx_add_queue_call (AstrixDemoPbx *self,
                                const char    *queue,
                                const char    *caller_number,
                                const char    *caller_name)
{
  AstrixDemoQueue *found;
  AstrixDemoChannel *caller;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), NULL);

  found = _astrix_demo_queue_find (self, queue);
  if (found == NULL)
    return NULL;
  caller = _astrix_demo_callcentre_queue_call (self, found, caller_number, caller_name);
  if (caller->call != NULL)
    g_clear_handle_id (&caller->call->patience_id, g_source_remove);
  return g_strdup (caller->name);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "astrix-demo-private.h"

/*
 * app_queue's AMI actions, with the answers and errors of captures 26, 30, 31 and 33.
 * QueueStatus and QueueSummary need no class; QueuePause, QueueAdd, QueueRemove and
 * QueuePenalty need write `agent` (the dispatch in astrix-demo-actions.c checks it).
 */

static void
respond (AstrixDemoSession *session,
         AmiMessage        *request,
         const char        *status,
         const char        *message)
{
  _astrix_demo_respond (session, request, status, "Message", message, NULL);
}

/* List items end with the ActionID, when the request had one (26). */
static void
send_item (AstrixDemoSession *session,
           AmiMessage        *request,
           GPtrArray         *fields)
{
  const char *id = _astrix_demo_header (request, "ActionID");
  g_autoptr(AmiMessage) item = NULL;

  if (id[0] != '\0')
    _astrix_demo_fields_add (fields, "ActionID", id);
  item = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (session, item);
}

static double
percent (guint part,
         guint whole)
{
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

static void
send_params (AstrixDemoSession *session,
             AmiMessage        *request,
             AstrixDemoQueue   *queue)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_fields_new ("Event", "QueueParams");

  _astrix_demo_fields_add (fields, "Queue", queue->name);
  _astrix_demo_fields_add (fields, "Max", "0");
  _astrix_demo_fields_add (fields, "Strategy", queue->strategy);
  _astrix_demo_fields_add_printf (fields, "Calls", "%u", queue->waiting->len);
  _astrix_demo_fields_add_printf (fields, "Holdtime", "%u", queue->hold_time);
  _astrix_demo_fields_add_printf (fields, "TalkTime", "%u", queue->talk_time);
  _astrix_demo_fields_add_printf (fields, "Completed", "%u", queue->completed);
  _astrix_demo_fields_add_printf (fields, "Abandoned", "%u", queue->abandoned);
  _astrix_demo_fields_add_printf (fields, "ServiceLevel", "%u", queue->service_level);
  _astrix_demo_fields_add_printf (fields, "ServicelevelPerf", "%2.1f",
                                  percent (queue->completed_in_sl, queue->completed));
  _astrix_demo_fields_add_printf (fields, "ServicelevelPerf2", "%2.1f",
                                  percent (queue->completed_in_sl + queue->abandoned_in_sl,
                                           queue->completed + queue->abandoned));
  _astrix_demo_fields_add (fields, "Weight", "0");
  send_item (session, request, fields);
}

static const char *
or_unknown (const char *value)
{
  return value != NULL && value[0] != '\0' ? value : "unknown";
}

static void
send_entry (AstrixDemoSession *session,
            AmiMessage        *request,
            AstrixDemoQueue   *queue,
            guint              position)
{
  AstrixDemoCall *call = g_ptr_array_index (queue->waiting, position);
  AstrixDemoChannel *caller = call->customer;
  g_autoptr(GPtrArray) fields = _astrix_demo_fields_new ("Event", "QueueEntry");
  g_autofree char *name = _astrix_demo_escape_c (or_unknown (caller->caller_name));
  g_autofree char *connected = _astrix_demo_escape_c (or_unknown (caller->connected_name));

  _astrix_demo_fields_add (fields, "Queue", queue->name);
  _astrix_demo_fields_add_printf (fields, "Position", "%u", position + 1);
  _astrix_demo_fields_add (fields, "Channel", caller->name);
  _astrix_demo_fields_add (fields, "Uniqueid", caller->uniqueid);
  _astrix_demo_fields_add (fields, "CallerIDNum", or_unknown (caller->caller_num));
  _astrix_demo_fields_add (fields, "CallerIDName", name);
  _astrix_demo_fields_add (fields, "ConnectedLineNum", or_unknown (caller->connected_num));
  _astrix_demo_fields_add (fields, "ConnectedLineName", connected);
  _astrix_demo_fields_add_printf (fields, "Wait", "%" G_GINT64_FORMAT,
                                  (_astrix_demo_pbx_now (session->pbx) - call->joined) /
                                  G_USEC_PER_SEC);
  _astrix_demo_fields_add (fields, "Priority", "0");
  send_item (session, request, fields);
}

/* `Member` matches the interface or the member name, not the state interface (26). */
static gboolean
member_matches (AstrixDemoMember *member,
                const char       *filter)
{
  return filter[0] == '\0' || strcmp (member->interface, filter) == 0 ||
         strcmp (member->name, filter) == 0;
}

/* QueueStatus: per queue its QueueParams, its members (only those `Member` names) and all of
 * its callers; an unknown `Queue` lists nothing. */
void
_astrix_demo_queue_status (AstrixDemoSession *session,
                           AmiMessage        *request)
{
  GPtrArray *list = _astrix_demo_queues (session->pbx);
  const char *only = _astrix_demo_header (request, "Queue");
  const char *member = _astrix_demo_header (request, "Member");
  guint items = 0;

  _astrix_demo_respond (session, request, "Success", "EventList", "start",
                        "Message", "Queue status will follow", NULL);
  for (guint q = 0; list != NULL && q < list->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (list, q);

      if (only[0] != '\0' && strcmp (only, queue->name) != 0)
        continue;
      send_params (session, request, queue);
      items++;
      for (guint m = 0; m < queue->members->len; m++)
        {
          AstrixDemoMember *each = g_ptr_array_index (queue->members, m);
          g_autoptr(GPtrArray) fields = NULL;

          if (!member_matches (each, member))
            continue;
          fields = _astrix_demo_fields_new ("Event", "QueueMember");
          _astrix_demo_queue_member_item (fields, queue, each);
          send_item (session, request, fields);
          items++;
        }
      for (guint e = 0; e < queue->waiting->len; e++, items++)
        send_entry (session, request, queue, e);
    }
  _astrix_demo_send_list_complete (session, request, "QueueStatusComplete", items);
}

static void
send_summary (AstrixDemoSession *session,
              AmiMessage        *request,
              AstrixDemoQueue   *queue)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_fields_new ("Event", "QueueSummary");
  gint64 now = _astrix_demo_pbx_now (session->pbx);
  guint logged_in = 0, available = 0;
  gint64 longest = 0;

  for (guint m = 0; m < queue->members->len; m++)
    {
      AstrixDemoMember *member = g_ptr_array_index (queue->members, m);

      /* LoggedIn: not UNAVAILABLE or INVALID; Available: free and not paused (26, 32). */
      if (member->status == 4 || member->status == 5)
        continue;
      logged_in++;
      if ((member->status == 0 || member->status == 1) && !member->paused)
        available++;
    }
  if (queue->waiting->len > 0)
    longest = now - ((AstrixDemoCall *) g_ptr_array_index (queue->waiting, 0))->joined;

  _astrix_demo_fields_add (fields, "Queue", queue->name);
  _astrix_demo_fields_add_printf (fields, "LoggedIn", "%u", logged_in);
  _astrix_demo_fields_add_printf (fields, "Available", "%u", available);
  _astrix_demo_fields_add_printf (fields, "Callers", "%u", queue->waiting->len);
  _astrix_demo_fields_add_printf (fields, "HoldTime", "%u", queue->hold_time);
  _astrix_demo_fields_add_printf (fields, "TalkTime", "%u", queue->talk_time);
  _astrix_demo_fields_add_printf (fields, "LongestHoldTime", "%" G_GINT64_FORMAT,
                                  longest / G_USEC_PER_SEC);
  send_item (session, request, fields);
}

void
_astrix_demo_queue_summary (AstrixDemoSession *session,
                            AmiMessage        *request)
{
  GPtrArray *list = _astrix_demo_queues (session->pbx);
  const char *only = _astrix_demo_header (request, "Queue");
  guint items = 0;

  _astrix_demo_respond (session, request, "Success", "EventList", "start",
                        "Message", "Queue summary will follow", NULL);
  for (guint q = 0; list != NULL && q < list->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (list, q);

      if (only[0] != '\0' && strcmp (only, queue->name) != 0)
        continue;
      send_summary (session, request, queue);
      items++;
    }
  _astrix_demo_send_list_complete (session, request, "QueueSummaryComplete", items);
}

/* The queues @interface is a member of: @only, or all of them when @only is empty. */
static GPtrArray *
memberships (AstrixDemoPbx *pbx,
             const char    *interface,
             const char    *only)
{
  GPtrArray *found = g_ptr_array_new ();
  GPtrArray *list = _astrix_demo_queues (pbx);

  for (guint q = 0; list != NULL && q < list->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (list, q);

      if ((only[0] == '\0' || strcmp (only, queue->name) == 0) &&
          _astrix_demo_queue_find_member (queue, interface) != NULL)
        g_ptr_array_add (found, queue);
    }
  return found;
}

/* QueuePause: in @Queue, or in every queue of the interface; a repeat still sends the event. */
void
_astrix_demo_queue_pause (AstrixDemoSession *session,
                          AmiMessage        *request)
{
  const char *interface = _astrix_demo_header (request, "Interface");
  const char *paused_text = _astrix_demo_header (request, "Paused");
  const char *reason = _astrix_demo_header (request, "Reason");
  gboolean paused = _astrix_demo_true (paused_text);
  g_autoptr(GPtrArray) queues = NULL;

  if (interface[0] == '\0' || paused_text[0] == '\0')
    {
      respond (session, request, "Error", "Need 'Interface' and 'Paused' parameters.");
      return;
    }
  queues = memberships (session->pbx, interface, _astrix_demo_header (request, "Queue"));
  if (queues->len == 0)
    {
      respond (session, request, "Error", "Interface not found");
      return;
    }
  respond (session, request, "Success", paused ? "Interface paused successfully"
                                               : "Interface unpaused successfully");
  for (guint i = 0; i < queues->len; i++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (queues, i);

      _astrix_demo_queue_set_paused (session->pbx, queue,
                                     _astrix_demo_queue_find_member (queue, interface), paused,
                                     reason);
    }
}

/* QueueAdd: a dynamic member, maybe paused with a reason. */
void
_astrix_demo_queue_add_action (AstrixDemoSession *session,
                               AmiMessage        *request)
{
  const char *name = _astrix_demo_header (request, "Queue");
  const char *interface = _astrix_demo_header (request, "Interface");
  const char *penalty = _astrix_demo_header (request, "Penalty");
  AstrixDemoQueue *queue;
  AstrixDemoMember *member;

  if (name[0] == '\0')
    {
      respond (session, request, "Error", "'Queue' not specified.");
      return;
    }
  if (interface[0] == '\0')
    {
      respond (session, request, "Error", "'Interface' not specified.");
      return;
    }
  queue = _astrix_demo_queue_find (session->pbx, name);
  if (queue == NULL)
    {
      respond (session, request, "Error", "Unable to add interface to queue: No such queue");
      return;
    }
  if (_astrix_demo_queue_find_member (queue, interface) != NULL)
    {
      respond (session, request, "Error", "Unable to add interface: Already there");
      return;
    }
  member = _astrix_demo_queue_add_member (session->pbx, queue, interface,
                                          _astrix_demo_header (request, "MemberName"),
                                          _astrix_demo_header (request, "StateInterface"), TRUE,
                                          MAX (0, atoi (penalty)));
  member->paused = _astrix_demo_true (_astrix_demo_header (request, "Paused"));
  member->paused_reason = g_strdup (member->paused ? _astrix_demo_header (request, "Reason") : "");
  if (member->paused)
    member->last_pause = member->login_time;
  respond (session, request, "Success", "Added interface to queue");
  _astrix_demo_queue_pause_device (session->pbx, queue, member);
  _astrix_demo_queue_member_event (session->pbx, "QueueMemberAdded", queue, member, NULL);
}

/* QueueRemove: dynamic members only. */
void
_astrix_demo_queue_remove (AstrixDemoSession *session,
                           AmiMessage        *request)
{
  const char *name = _astrix_demo_header (request, "Queue");
  const char *interface = _astrix_demo_header (request, "Interface");
  AstrixDemoQueue *queue;
  AstrixDemoMember *member;
  gboolean paused;

  if (name[0] == '\0' || interface[0] == '\0')
    {
      respond (session, request, "Error", "Need 'Queue' and 'Interface' parameters.");
      return;
    }
  queue = _astrix_demo_queue_find (session->pbx, name);
  member = queue != NULL ? _astrix_demo_queue_find_member (queue, interface) : NULL;
  if (queue == NULL)
    respond (session, request, "Error", "Unable to remove interface from queue: No such queue");
  else if (member == NULL)
    respond (session, request, "Error", "Unable to remove interface: Not there");
  else if (!member->dynamic)
    respond (session, request, "Error", "Member not dynamic");
  if (member == NULL || !member->dynamic)
    return;

  respond (session, request, "Success", "Removed interface from queue");
  _astrix_demo_queue_member_event (session->pbx, "QueueMemberRemoved", queue, member, NULL);
  paused = member->paused;
  member->paused = FALSE;
  if (paused)
    _astrix_demo_queue_pause_device (session->pbx, queue, member);
  g_ptr_array_remove (queue->members, member);
}

/* QueuePenalty: in @Queue, or in every queue of the interface, static members too. */
void
_astrix_demo_queue_penalty (AstrixDemoSession *session,
                            AmiMessage        *request)
{
  const char *interface = _astrix_demo_header (request, "Interface");
  const char *penalty_text = _astrix_demo_header (request, "Penalty");
  int penalty = atoi (penalty_text);
  g_autoptr(GPtrArray) queues = NULL;

  if (interface[0] == '\0' || penalty_text[0] == '\0')
    {
      respond (session, request, "Error", "Need 'Interface' and 'Penalty' parameters.");
      return;
    }
  queues = memberships (session->pbx, interface, _astrix_demo_header (request, "Queue"));
  if (penalty < 0 || queues->len == 0)
    {
      respond (session, request, "Error", "Invalid interface, queuename or penalty");
      return;
    }
  respond (session, request, "Success", "Interface penalty set successfully");
  for (guint i = 0; i < queues->len; i++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (queues, i);
      AstrixDemoMember *member = _astrix_demo_queue_find_member (queue, interface);

      member->penalty = penalty;
      _astrix_demo_queue_member_event (session->pbx, "QueueMemberPenalty", queue, member, NULL);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-callcentre [SECONDS] [EVENTS_PER_SECOND]
 *
 * The real window under X (run it under xvfb-run) connected, through AstrixConnection, to a
 * PBX on loopback with 500 agents in 40 queues, 2,000 live calls and 300 callers waiting,
 * which then sends 20,000 events a second: a call centre's traffic, with the field names and
 * shapes of a real Asterisk 22 (tests/data/captures/26-* ... 36-*): callers joining, waiting,
 * being answered or giving up, agents rung, talking, missing calls, pausing; the calls' channel
 * and bridge events, and the dialplan's Newexten / VarSet. The Calls, Agents and Queues pages
 * are shown in turn, a third of the storm each. Prints
 *   callcentre: <N> ev/s absorbed, worst stall <S> ms, rss <R> MB
 * and the worst stall of each page on the lines after. A stall is the longest the main loop
 * went without running a 1 ms timer; rss is the peak resident memory. Targets: every event
 * absorbed, stalls under 16 ms on every page, under 200 MB. STORM_DEBUG=1 prints each stall.
 * The main thread's processor time during the storm goes to stderr: it varies less with the
 * machine's load than the stalls do.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "astrix-window.h"
#include "bench-support.h"

#define N_AGENTS         500
#define N_QUEUES         40
#define QUEUES_PER_AGENT 3
#define N_CALLS          2000
#define N_WAITING        300

/* One conversation on the PBX: a customer's trunk channel and whom it talks to. A queue call
 * reaches its agent through a Local channel pair, as app_queue dials a member (27). */
typedef struct
{
  guint  id;          /* numbers the call's channels and Uniqueids */
  int    queue;       /* -1: a direct call */
  int    agent;       /* -1: waiting in its queue, or a direct call */
  gint64 joined;      /* when it joined its queue, seconds of the PBX */
} Call;

typedef struct
{
  int      status;    /* device state, as QueueMemberStatus numbers it */
  gboolean paused;
  guint    calls_taken;
  gint64   last_call;
  gint64   last_pause;
  int      call;      /* index into the calls, or -1 */
} Agent;

/* The simulated PBX, of the server thread only */
typedef struct
{
  GRand   *rand;
  Agent    agents[N_AGENTS];
  GArray  *calls;      /* Call */
  guint    next_id;
  gint64   epoch;
  GString *in;         /* bytes of actions not read yet */
} Centre;

static Centre centre;
static BenchStorm storm;

static const char *const queue_names[] = {
  "support", "sales", "billing", "technical", "returns", "priority", "retention", "orders",
};

static char *
queue_name (int queue)
{
  return g_strdup_printf ("%s-%02d", queue_names[queue % G_N_ELEMENTS (queue_names)], queue);
}

static int
agent_queue (int agent,
             int nth)
{
  return (agent + nth * 13) % N_QUEUES;
}

/* Channels */

static void
append_snapshot (GString    *out,
                 const char *prefix,
                 const char *channel,
                 int         state,
                 const char *cid_num,
                 const char *cid_name,
                 const char *context,
                 const char *exten,
                 guint       uniqueid,
                 guint       linkedid)
{
  static const char *states[] = { "Down", "Rsrvd", "OffHook", "Dialing", "Ring", "Ringing", "Up" };

  g_string_append_printf (out,
                          "%sChannel: %s\r\n%sChannelState: %d\r\n%sChannelStateDesc: %s\r\n"
                          "%sCallerIDNum: %s\r\n%sCallerIDName: %s\r\n"
                          "%sConnectedLineNum: <unknown>\r\n%sConnectedLineName: <unknown>\r\n"
                          "%sLanguage: en\r\n%sAccountCode: \r\n%sContext: %s\r\n%sExten: %s\r\n"
                          "%sPriority: 1\r\n%sUniqueid: 1796636000.%u\r\n"
                          "%sLinkedid: 1796636000.%u\r\n",
                          prefix, channel, prefix, state, prefix, states[state], prefix, cid_num,
                          prefix, cid_name, prefix, prefix, prefix, prefix, prefix, context,
                          prefix, exten, prefix, prefix, uniqueid, prefix, linkedid);
}

/* The parts of a call: 0 the customer's trunk channel, 1 and 2 the halves of the Local
 * channel to the agent (or the phone dialled directly, for 1 alone). */
static char *
channel_of (const Call *call,
            int         part)
{
  if (part == 0)
    return g_strdup_printf ("PJSIP/trunk-%08x", call->id);
  if (call->queue < 0)
    return g_strdup_printf ("PJSIP/%u-%08x", 3000 + call->id % 900, call->id);
  return g_strdup_printf ("Local/%u@from-queue-%08x;%d", 1000 + call->agent, call->id, part);
}

static void
append_channel (GString    *out,
                const Call *call,
                int         part,
                int         state)
{
  g_autofree char *channel = channel_of (call, part);
  g_autofree char *num = g_strdup_printf ("555%07u", call->id % 10000000);
  g_autofree char *name = g_strdup_printf ("Customer %u", call->id);
  g_autofree char *exten = g_strdup_printf ("%u", part == 0 ? 800 : 1000 + MAX (call->agent, 0));

  append_snapshot (out, "", channel, state, part == 0 ? num : exten, part == 0 ? name : "<unknown>",
                   part == 0 ? "from-trunk" : "from-queue", exten, call->id * 4 + part,
                   call->id * 4);
}

static void
append_event (GString    *out,
              const char *name,
              const char *privilege,
              const Call *call,
              int         part,
              int         state,
              const char *extra)
{
  g_string_append_printf (out, "Event: %s\r\nPrivilege: %s,all\r\n", name, privilege);
  append_channel (out, call, part, state);
  g_string_append (out, extra);
  g_string_append (out, "\r\n");
  storm.sent++;
}

static void
append_bridge (GString    *out,
               const char *name,
               const Call *call,
               int         part)
{
  g_string_append_printf (out, "Event: %s\r\nPrivilege: call,all\r\n"
                               "BridgeUniqueid: 6f0c7a4e-%04x-4f00-b449-%012x\r\n"
                               "BridgeType: basic\r\nBridgeTechnology: simple_bridge\r\n"
                               "BridgeCreator: <unknown>\r\nBridgeName: <unknown>\r\n"
                               "BridgeNumChannels: %d\r\nBridgeVideoSourceMode: none\r\n",
                          name, call->id & 0xffff, call->id, part == 0 ? 1 : 2);
  append_channel (out, call, part, 6);
  g_string_append (out, "\r\n");
  storm.sent++;
}

/* Queue members */

static void
append_member_fields (GString    *out,
                      int         agent,
                      int         queue,
                      const char *interface_key,
                      const char *name_key,
                      gboolean    in_list)
{
  Agent *a = &centre.agents[agent];
  g_autofree char *name = queue_name (queue);

  g_string_append_printf (out, "Queue: %s\r\n%s: Agent %u\r\n%s: Local/%u@from-queue/n\r\n"
                               "StateInterface: Custom:agent%u\r\nMembership: static\r\n"
                               "Penalty: 0\r\nCallsTaken: %u\r\nLastCall: %" G_GINT64_FORMAT "\r\n"
                               "LastPause: %" G_GINT64_FORMAT "\r\nLoginTime: %" G_GINT64_FORMAT
                               "\r\nInCall: %d\r\nStatus: %d\r\nPaused: %d\r\nPausedReason: %s\r\n",
                          name, name_key, 1000 + agent, interface_key, 1000 + agent, 1000 + agent,
                          a->calls_taken, a->last_call, a->last_pause, centre.epoch - 3600,
                          a->call >= 0, a->status, a->paused, a->paused ? "lunch" : "");
  if (!in_list)
    g_string_append (out, "Ringinuse: 0\r\n");
  g_string_append (out, "Wrapuptime: 0\r\n");
}

/* One QueueMemberStatus (or QueueMemberPause) per queue the agent is in, as app_queue sends. */
static void
member_events (GString    *out,
               const char *name,
               int         agent)
{
  for (int q = 0; q < QUEUES_PER_AGENT; q++)
    {
      g_string_append_printf (out, "Event: %s\r\nPrivilege: agent,all\r\n", name);
      append_member_fields (out, agent, agent_queue (agent, q), "Interface", "MemberName", FALSE);
      g_string_append (out, "\r\n");
      storm.sent++;
    }
}

static void
append_agent_event (GString    *out,
                    const char *name,
                    const Call *call,
                    int         agent,
                    const char *extra)
{
  g_autofree char *dest = channel_of (call, 1);
  g_autofree char *queue = queue_name (call->queue);

  g_string_append_printf (out, "Event: %s\r\nPrivilege: agent,all\r\n", name);
  append_channel (out, call, 0, 6);
  append_snapshot (out, "Dest", dest, 6, "800", "<unknown>", "from-queue", "800", call->id * 4 + 1,
                   call->id * 4);
  g_string_append_printf (out, "Queue: %s\r\nInterface: Local/%u@from-queue/n\r\n"
                               "MemberName: Agent %u\r\n%s\r\n",
                          queue, 1000 + agent, 1000 + agent, extra);
  storm.sent++;
}

static void
append_caller_event (GString    *out,
                     const char *name,
                     const Call *call,
                     const char *extra)
{
  g_autofree char *queue = queue_name (call->queue);
  g_autofree char *fields = g_strdup_printf ("Queue: %s\r\n%s", queue, extra);

  append_event (out, name, "agent", call, 0, 6, fields);
}

/* The storm's steps: each a few events of one thing that happens in a call centre */

static gint64
pbx_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static int
random_call (gboolean waiting)
{
  for (int tries = 0; tries < 64; tries++)
    {
      int i = g_rand_int_range (centre.rand, 0, centre.calls->len);
      Call *call = &g_array_index (centre.calls, Call, i);

      if (waiting == (call->queue >= 0 && call->agent < 0))
        return i;
    }
  return -1;
}

static int
free_agent_in (int queue)
{
  int start = g_rand_int_range (centre.rand, 0, N_AGENTS);

  for (int i = 0; i < N_AGENTS; i++)
    {
      int agent = (start + i) % N_AGENTS;
      Agent *a = &centre.agents[agent];

      if (a->call < 0 && !a->paused && a->status == 1 &&
          (agent_queue (agent, 0) == queue || agent_queue (agent, 1) == queue ||
           agent_queue (agent, 2) == queue))
        return agent;
    }
  return -1;
}

static void
dialplan (GString *out,
          Call    *call)
{
  append_event (out, "Newexten", "dialplan", call, 0, 6,
                "Extension: 800\r\nApplication: Queue\r\nAppData: support,t,,,300\r\n");
  append_event (out, "VarSet", "dialplan", call, 0, 6, "Variable: QUEUEPOSITION\r\nValue: 1\r\n");
}

/* A customer calls the centre's number and joins a queue. */
static void
caller_joins (GString *out)
{
  Call call = { centre.next_id++, g_rand_int_range (centre.rand, 0, N_QUEUES), -1, pbx_now () };
  g_autofree char *position = g_strdup_printf ("Position: %u\r\nCount: %u\r\n", 8, 8);

  append_event (out, "Newchannel", "call", &call, 0, 0, "");
  append_event (out, "NewCallerid", "call", &call, 0, 4,
                "CID-CallingPres: 0 (Presentation Allowed, Not Screened)\r\n");
  append_event (out, "Newstate", "call", &call, 0, 6, "");
  dialplan (out, &call);
  append_caller_event (out, "QueueCallerJoin", &call, position);
  g_array_append_val (centre.calls, call);
}

/* A member of the caller's queue is rung, and answers or not. */
static void
agent_rung (GString *out,
            int      index,
            gboolean answers)
{
  Call *call = &g_array_index (centre.calls, Call, index);
  int agent = free_agent_in (call->queue);
  Agent *a;

  if (agent < 0)
    return;
  a = &centre.agents[agent];
  call->agent = agent;
  append_event (out, "Newchannel", "call", call, 1, 0, "");
  append_event (out, "Newchannel", "call", call, 2, 4, "");
  append_agent_event (out, "AgentCalled", call, agent, "");
  a->status = 6;
  member_events (out, "QueueMemberStatus", agent);
  append_event (out, "NewConnectedLine", "call", call, 2, 5, "");
  if (!answers)
    {
      append_agent_event (out, "AgentRingNoAnswer", call, agent, "RingTime: 15000\r\n");
      append_event (out, "Hangup", "call", call, 1, 5,
                    "Cause: 26\r\nCause-txt: Answered elsewhere\r\n");
      append_event (out, "Hangup", "call", call, 2, 5,
                    "Cause: 26\r\nCause-txt: Answered elsewhere\r\n");
      a->status = 1;
      member_events (out, "QueueMemberStatus", agent);
      call->agent = -1;
      return;
    }
  append_event (out, "Newstate", "call", call, 2, 6, "");
  append_caller_event (out, "QueueCallerLeave", call, "Position: 1\r\nCount: 7\r\n");
  append_agent_event (out, "AgentConnect", call, agent, "HoldTime: 24\r\nRingTime: 2\r\n");
  a->status = 2;
  a->call = index;
  member_events (out, "QueueMemberStatus", agent);
  append_bridge (out, "BridgeEnter", call, 0);
  append_bridge (out, "BridgeEnter", call, 1);
}

/* A customer gives up waiting. */
static void
caller_abandons (GString *out,
                 int      index)
{
  Call *call = &g_array_index (centre.calls, Call, index);

  append_caller_event (out, "QueueCallerAbandon", call,
                       "Position: 3\r\nOriginalPosition: 8\r\nHoldTime: 41\r\n");
  append_caller_event (out, "QueueCallerLeave", call, "Position: 3\r\nCount: 7\r\n");
  append_event (out, "VarSet", "dialplan", call, 0, 6, "Variable: ABANDONED\r\nValue: TRUE\r\n");
  append_event (out, "Hangup", "call", call, 0, 6, "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
  g_array_remove_index_fast (centre.calls, index);
}

/* A call ends: an answered queue call (the agent's wrap-up starts) or a direct one. */
static void
call_ends (GString *out,
           int      index)
{
  Call *call = &g_array_index (centre.calls, Call, index);
  int agent = call->agent;

  if (agent >= 0)
    append_agent_event (out, "AgentComplete", call, agent,
                        "HoldTime: 24\r\nTalkTime: 187\r\nReason: caller\r\n");
  append_bridge (out, "BridgeLeave", call, 0);
  append_bridge (out, "BridgeLeave", call, 1);
  append_event (out, "Hangup", "call", call, 0, 6, "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
  append_event (out, "Hangup", "call", call, 1, 6, "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
  if (agent >= 0)
    {
      Agent *a = &centre.agents[agent];

      append_event (out, "Hangup", "call", call, 2, 6,
                    "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
      a->status = 1;
      a->call = -1;
      a->calls_taken++;
      a->last_call = pbx_now ();
      member_events (out, "QueueMemberStatus", agent);
    }
  /* the last call moves into the gap; its agent follows it */
  g_array_remove_index_fast (centre.calls, index);
  if (index < (int) centre.calls->len)
    {
      Call *moved = &g_array_index (centre.calls, Call, index);

      if (moved->agent >= 0 && centre.agents[moved->agent].call >= 0)
        centre.agents[moved->agent].call = index;
    }
}

/* A direct call (not through a queue) starts and is answered. */
static void
direct_call (GString *out)
{
  Call call = { centre.next_id++, -1, -1, 0 };

  append_event (out, "Newchannel", "call", &call, 0, 0, "");
  append_event (out, "Newchannel", "call", &call, 1, 0, "");
  append_event (out, "NewConnectedLine", "call", &call, 1, 5, "");
  append_event (out, "Newstate", "call", &call, 1, 6, "");
  append_bridge (out, "BridgeEnter", &call, 0);
  append_bridge (out, "BridgeEnter", &call, 1);
  g_array_append_val (centre.calls, call);
}

/* An agent pauses (lunch) or comes back. */
static void
pause_toggles (GString *out)
{
  int agent = g_rand_int_range (centre.rand, 0, N_AGENTS);
  Agent *a = &centre.agents[agent];

  if (a->call >= 0)
    return;
  a->paused = !a->paused;
  if (a->paused)
    a->last_pause = pbx_now ();
  member_events (out, "QueueMemberPause", agent);
}

static int
count_waiting (void)
{
  int waiting = 0;

  for (guint i = 0; i < centre.calls->len; i++)
    {
      Call *call = &g_array_index (centre.calls, Call, i);

      waiting += call->queue >= 0 && call->agent < 0;
    }
  return waiting;
}

/* One step of the storm; the numbers of waiting callers and of calls stay about the same. */
static void
storm_step (GString *out,
            int     *waiting)
{
  guint pick = g_rand_int_range (centre.rand, 0, 100);
  int index;

  if (pick < 55)
    {
      /* the dialplan of calls going on: half of a busy PBX's traffic */
      index = g_rand_int_range (centre.rand, 0, centre.calls->len);
      dialplan (out, &g_array_index (centre.calls, Call, index));
    }
  else if (pick < 62)
    {
      Call *call = &g_array_index (centre.calls, Call,
                                   g_rand_int_range (centre.rand, 0, centre.calls->len));

      append_event (out, "NewConnectedLine", "call", call,
                    call->queue >= 0 && call->agent < 0 ? 0 : 1, 6, "");
    }
  else if (pick < 70)
    {
      if (*waiting <= N_WAITING)
        {
          caller_joins (out);
          ++*waiting;
        }
      else if ((index = random_call (TRUE)) >= 0)
        {
          caller_abandons (out, index);
          --*waiting;
        }
    }
  else if (pick < 82)
    {
      if ((index = random_call (TRUE)) >= 0)
        {
          gboolean answers = g_rand_int_range (centre.rand, 0, 4) != 0;

          agent_rung (out, index, answers);
          if (g_array_index (centre.calls, Call, index).agent >= 0)
            --*waiting;
        }
    }
  else if (pick < 92)
    {
      if ((int) centre.calls->len - *waiting > N_CALLS && (index = random_call (FALSE)) >= 0)
        call_ends (out, index);
      else
        direct_call (out);
    }
  else
    pause_toggles (out);
}

/* The PBX at login */

static void
setup_pbx (void)
{
  centre.rand = g_rand_new_with_seed (42);
  centre.calls = g_array_new (FALSE, FALSE, sizeof (Call));
  centre.epoch = pbx_now ();
  for (int i = 0; i < N_AGENTS; i++)
    {
      centre.agents[i] = (Agent) { 1, i % 17 == 0, 3, centre.epoch - 600, 0, -1 };
      if (centre.agents[i].paused)
        centre.agents[i].last_pause = centre.epoch - 900;
    }
  /* 2,000 calls: one agent in ten is free, the rest talk to a queue's caller; the others are
   * direct calls. Then 300 callers wait. */
  for (centre.next_id = 0; centre.next_id < N_CALLS; centre.next_id++)
    {
      int agent = centre.next_id < N_AGENTS && centre.next_id % 10 != 1 &&
                  !centre.agents[centre.next_id].paused ? (int) centre.next_id : -1;
      Call call = { centre.next_id, agent >= 0 ? agent_queue (agent, 0) : -1, agent, 0 };

      g_array_append_val (centre.calls, call);
      if (agent >= 0)
        {
          centre.agents[agent].call = centre.calls->len - 1;
          centre.agents[agent].status = 2;
        }
    }
  for (int i = 0; i < N_WAITING; i++)
    {
      Call call = { centre.next_id++, i % N_QUEUES, -1, centre.epoch - i % 120 };

      g_array_append_val (centre.calls, call);
    }
}

static void
core_show_channel (GString    *out,
                   const char *id,
                   const Call *call,
                   int         part)
{
  gboolean waiting = call->queue >= 0 && call->agent < 0;

  g_string_append_printf (out, "Event: CoreShowChannel\r\nActionID: %s\r\n", id);
  append_channel (out, call, part, 6);
  g_string_append_printf (out,
                          "Application: %s\r\nApplicationData: %s\r\nDuration: 00:%02u:%02u\r\n",
                          waiting ? "Queue" : part == 0 ? "Dial" : "AppDial",
                          waiting ? "support,t,,,300" : "(Outgoing Line)",
                          call->id % 60, call->id % 59);
  if (waiting)
    g_string_append (out, "BridgeId: \r\n\r\n");
  else
    g_string_append_printf (out, "BridgeId: 6f0c7a4e-%04x-4f00-b449-%012x\r\n\r\n",
                            call->id & 0xffff, call->id);
}

static void
answer_core_show_channels (GString    *out,
                           const char *id)
{
  guint items = 0;

  g_string_append_printf (out, "Response: Success\r\nActionID: %s\r\nEventList: start\r\n"
                               "Message: Channels will follow\r\n\r\n", id);
  for (guint i = 0; i < centre.calls->len; i++)
    {
      Call *call = &g_array_index (centre.calls, Call, i);
      int parts = call->queue < 0 ? 2 : call->agent < 0 ? 1 : 3;

      for (int part = 0; part < parts; part++, items++)
        core_show_channel (out, id, call, part);
    }
  g_string_append_printf (out, "Event: CoreShowChannelsComplete\r\nActionID: %s\r\n"
                               "EventList: Complete\r\nListItems: %u\r\n\r\n", id, items);
}

static void
answer_queue_status (GString    *out,
                     const char *id)
{
  guint items = 0;

  g_string_append_printf (out, "Response: Success\r\nActionID: %s\r\nEventList: start\r\n"
                               "Message: Queue status will follow\r\n\r\n", id);
  for (int q = 0; q < N_QUEUES; q++)
    {
      g_autofree char *name = queue_name (q);
      guint position = 0;

      g_string_append_printf (out, "Event: QueueParams\r\nQueue: %s\r\nMax: 0\r\n"
                                   "Strategy: rrmemory\r\nCalls: %u\r\nHoldtime: 24\r\n"
                                   "TalkTime: 187\r\nCompleted: 412\r\nAbandoned: 17\r\n"
                                   "ServiceLevel: 20\r\nServicelevelPerf: 81.3\r\n"
                                   "ServicelevelPerf2: 79.9\r\nWeight: 0\r\nActionID: %s\r\n\r\n",
                              name, N_WAITING / N_QUEUES, id);
      items++;
      for (int agent = 0; agent < N_AGENTS; agent++)
        for (int nth = 0; nth < QUEUES_PER_AGENT; nth++)
          if (agent_queue (agent, nth) == q)
            {
              g_string_append (out, "Event: QueueMember\r\n");
              append_member_fields (out, agent, q, "Location", "Name", TRUE);
              g_string_append_printf (out, "ActionID: %s\r\n\r\n", id);
              items++;
            }
      for (guint i = 0; i < centre.calls->len; i++)
        {
          Call *call = &g_array_index (centre.calls, Call, i);
          g_autofree char *channel = channel_of (call, 0);

          if (call->queue != q || call->agent >= 0)
            continue;
          g_string_append_printf (out, "Event: QueueEntry\r\nQueue: %s\r\nPosition: %u\r\n"
                                       "Channel: %s\r\nUniqueid: 1796636000.%u\r\n"
                                       "CallerIDNum: 555%07u\r\nCallerIDName: Customer %u\r\n"
                                       "ConnectedLineNum: unknown\r\nConnectedLineName: unknown\r\n"
                                       "Wait: %" G_GINT64_FORMAT "\r\nPriority: 0\r\n"
                                       "ActionID: %s\r\n\r\n",
                                  name, ++position, channel, call->id * 4, call->id % 10000000,
                                  call->id, centre.epoch - call->joined, id);
          items++;
        }
    }
  g_string_append_printf (out, "Event: QueueStatusComplete\r\nActionID: %s\r\n"
                               "EventList: Complete\r\nListItems: %u\r\n\r\n", id, items);
}

/* The wire */

static char *
header (const char *action,
        const char *key)
{
  g_autofree char *needle = g_strdup_printf ("%s: ", key);
  const char *start = strstr (action, needle);
  const char *end;

  if (start == NULL)
    return g_strdup ("");
  start += strlen (needle);
  end = strstr (start, "\r\n");
  return g_strndup (start, end - start);
}

/* Answers one action as Asterisk 22 does (what the app asks at login, and anything after). */
static void
answer (GString    *out,
        const char *action)
{
  g_autofree char *name = header (action, "Action");
  g_autofree char *id = header (action, "ActionID");

  if (g_ascii_strcasecmp (name, "CoreShowChannels") == 0)
    answer_core_show_channels (out, id);
  else if (g_ascii_strcasecmp (name, "QueueStatus") == 0)
    answer_queue_status (out, id);
  else if (g_ascii_strcasecmp (name, "Challenge") == 0)
    g_string_append_printf (out,
                            "Response: Success\r\nActionID: %s\r\nChallenge: 123456789\r\n\r\n",
                            id);
  else if (g_ascii_strcasecmp (name, "Login") == 0)
    g_string_append_printf (out, "Response: Success\r\nActionID: %s\r\nMessage: Authentication "
                                 "accepted\r\n\r\nEvent: FullyBooted\r\nPrivilege: system,all\r\n"
                                 "Uptime: 409\r\nLastReload: 216\r\nStatus: Fully Booted\r\n\r\n",
                            id);
  else if (g_ascii_strcasecmp (name, "Ping") == 0)
    g_string_append_printf (out, "Response: Success\r\nActionID: %s\r\nPing: Pong\r\n"
                                 "Timestamp: 1796636000.000000\r\n\r\n", id);
  else if (g_ascii_strcasecmp (name, "Events") == 0)
    g_string_append_printf (out, "Response: Success\r\nActionID: %s\r\nEvents: On\r\n\r\n", id);
  else
    g_string_append_printf (out, "Response: Success\r\nActionID: %s\r\n\r\n", id);
}

/* Reads what the app sent (without blocking unless @wait) and answers each whole action. */
static gboolean
read_actions (GSocket  *socket,
              GString  *out,
              gboolean  wait)
{
  char buffer[4096];
  const char *end;

  if (wait || g_socket_condition_check (socket, G_IO_IN) != 0)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (centre.in, buffer, n);
    }
  while ((end = strstr (centre.in->str, "\r\n\r\n")) != NULL)
    {
      g_autofree char *action = g_strndup (centre.in->str, end + 4 - centre.in->str);

      g_string_erase (centre.in, 0, end + 4 - centre.in->str);
      answer (out, action);
    }
  return TRUE;
}

/* A slice of the storm: answers what the app asked, then the events due */
static gboolean
storm_slice (GSocket *socket,
             GString *out,
             guint64  due,
             gpointer data)
{
  int *waiting = data;

  if (!read_actions (socket, out, FALSE))
    return FALSE;
  while (storm.sent < due)
    storm_step (out, waiting);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GSocket) socket = g_socket_accept (storm.listener, NULL, NULL);
  GString *out = g_string_new (NULL);
  int waiting = N_WAITING;
  gint64 login_end;

  centre.in = g_string_new (NULL);
  bench_send_all (socket, "Asterisk Call Manager/11.0.0\r\n", 30);
  /* The login and the lists (CoreShowChannels, ListCommands, QueueStatus): 2 s of quiet, after
   * which the app has asked for all of it. */
  login_end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < login_end)
    {
      g_string_truncate (out, 0);
      if (!read_actions (socket, out, FALSE) || !bench_send_all (socket, out->str, out->len))
        break;
      g_usleep (2000);
    }
  g_string_free (out, TRUE);

  bench_storm_stream (&storm, socket, storm_slice, &waiting);
  if (g_getenv ("STORM_DEBUG"))
    fprintf (stderr, "the PBX at the end: %u calls, %d waiting\n", centre.calls->len,
             count_waiting ());
  return NULL;
}

/* The measure, in the main thread */

static const char *const pages[] = { "calls", "agents", "queues" };
static int page;                                   /* shown now */
static gint64 page_stall[G_N_ELEMENTS (pages)];    /* the worst stall of each page */

static void
on_stall (gint64 now,
          gint64 stall,
          double work)
{
  page_stall[page] = MAX (page_stall[page], stall);
  if (g_getenv ("STORM_DEBUG") && stall > 16000)
    fprintf (stderr, "stall %.1f ms at %.2f s on %s (monotonic %.6f s)\n", stall / 1000.0,
             (now - storm.start) / 1e6, pages[page], now / 1e6);
}

/* Each page in turn, a third of the storm each. */
static gboolean
next_page (gpointer data)
{
  AstrixWindow *window = data;

  if (page + 1 >= (int) G_N_ELEMENTS (pages))
    return G_SOURCE_REMOVE;
  page++;
  astrix_window_show_page (window, pages[page]);
  return G_SOURCE_CONTINUE;
}

static void
report (AstrixConnection *connection)
{
  AstrixQueueStore *queues = astrix_connection_get_queues (connection);
  GListModel *agents = G_LIST_MODEL (astrix_queue_store_get_agents (queues));

  bench_storm_print (&storm);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    printf ("  %s: worst stall %.1f ms\n", pages[i], page_stall[i] / 1000.0);
  fprintf (stderr, "(%" G_GUINT64_FORMAT " events sent, %" G_GUINT64_FORMAT " absorbed; "
           "%u channels, %u agents, %u queues in the lists)\n", storm.sent, storm.events,
           g_list_model_get_n_items (G_LIST_MODEL (astrix_connection_get_store (connection))),
           g_list_model_get_n_items (agents), g_list_model_get_n_items (G_LIST_MODEL (queues)));
}

static void
script (AstrixConnection *connection,
        GtkWidget        *window)
{
  double worked;
  guint pager;

  astrix_window_show_page (ASTRIX_WINDOW (window), pages[0]);

  bench_storm_wait_start (&storm);
  pager = g_timeout_add (storm.seconds * 1000 / G_N_ELEMENTS (pages), next_page, window);
  worked = bench_storm_absorb (&storm);
  fprintf (stderr, "(the main thread worked %.2f s during the storm)\n", worked);
  g_clear_handle_id (&pager, g_source_remove);
  bench_storm_settle ();

  report (connection);
}

int
main (int   argc,
      char *argv[])
{
  bench_storm_init (&storm, "callcentre", argc, argv, on_stall);
  setup_pbx ();
  return bench_storm_run (&storm, server_thread, script);
}

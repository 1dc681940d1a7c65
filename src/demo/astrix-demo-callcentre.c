/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * The call centre: customers call the support line on the SIP trunk (PJSIP/trunk-...), the
 * dialplan records the call (MixMonitor) and dials an agent's phone (PJSIP/1001-...), the
 * agent answers, both are bridged; later one side hangs up. The event sequences follow those
 * of captures 05, 14 and 22 with PJSIP channels in place of the lab's Local pairs. Agents are
 * 1001 to 1099, in two teams (SPYGROUP sales / support) of six; some customers' names need
 * Asterisk's C escaping.
 *
 * The random traffic goes through app_queue (astrix-demo-queue.c): three queues, the twelve
 * agents of the teams as their members (some in two queues), callers who wait, are answered
 * after a ring or not (ring-no-answer, then another try), give up, and agents who pause for
 * lunch or training now and then. A direct call (astrix_demo_pbx_add_call()) rings the agent
 * without a queue, as before.
 */

#define TRUNK            "PJSIP/trunk"
#define SUPPORT_LINE     "5550100"
#define FIRST_AGENT      1001
#define LAST_AGENT       1099
#define TRAFFIC_MAX_CALLS 14
#define QUEUE_TICK_MS         1000
#define QUEUE_RING_TIMEOUT_MS 15000   /* queues.conf timeout */
#define QUEUE_RETRY_MS        5000    /* queues.conf retry */

static const char *const agent_names[] = {
  "Alice Martin", "Bruno Costa", "Chloé Dubois", "Dmitri Ivanov", "Emma Schmidt",
  "Farah Khan", "Giulia Rossi", "Hiroshi Tanaka", "Ingrid Larsen", "Jamal Okafor",
  "Katarzyna Nowak", "Liam O'Connor",
};

static const char *const customer_names[] = {
  "Ada Lovelace", "Grace Hopper", "José Álvarez", "Zoë O'Brien", "\"Big\" Tony Russo",
  "ACME\\Support", "Łukasz Żółć", "渡辺 健", "Renée Dubois", "Nguyễn Văn An",
  "Björk Guðmundsdóttir", "Who? Me", "Müller & Söhne GmbH", "Ólafur Arnalds",
};

static void queue_member_gone (AstrixDemoCall *call,
                               int             cause);

static char *
agent_name (const char *agent)
{
  gint64 n = g_ascii_strtoll (agent, NULL, 10) - FIRST_AGENT;

  if (n < 0)
    return g_strdup_printf ("Agent %s", agent);
  return g_strdup (agent_names[n % G_N_ELEMENTS (agent_names)]);
}

static const char *
agent_team (const char *agent)
{
  gint64 n = g_ascii_strtoll (agent, NULL, 10) - FIRST_AGENT;

  return (n / 6) % 2 == 0 ? "sales" : "support";
}

static gboolean
agent_busy (AstrixDemoPbx *pbx,
            const char    *agent)
{
  g_autofree char *prefix = g_strdup_printf ("PJSIP/%s-", agent);

  for (guint i = 0; i < pbx->channels->len; i++)
    {
      if (g_str_has_prefix (((AstrixDemoChannel *) g_ptr_array_index (pbx->channels, i))->name,
                            prefix))
        return TRUE;
    }
  return FALSE;
}

static char *
free_agent (AstrixDemoPbx *pbx)
{
  for (int n = FIRST_AGENT; n <= LAST_AGENT; n++)
    {
      g_autofree char *agent = g_strdup_printf ("%d", n);

      if (!agent_busy (pbx, agent))
        return g_steal_pointer (&agent);
    }
  return NULL;
}

void
_astrix_demo_call_free (AstrixDemoCall *call)
{
  g_clear_handle_id (&call->timer_id, g_source_remove);
  g_clear_handle_id (&call->patience_id, g_source_remove);
  g_ptr_array_remove (call->pbx->calls, call);
  if (call->queue != NULL)
    g_ptr_array_remove (call->queue->waiting, call);
  call->customer->call = NULL;
  if (call->agent != NULL)
    call->agent->call = NULL;
  _astrix_demo_channel_unref (call->customer);
  g_clear_pointer (&call->agent, _astrix_demo_channel_unref);
  g_free (call->bridge_id);
  g_free (call->member);
  g_free (call);
}

/* The inbound leg runs from-trunk: a NoOp, MixMonitor, the recording's id for the agent's
 * side (capture 05's __RECUID), then Dial of the agent. */
static AstrixDemoChannel *
customer_calls_in (AstrixDemoPbx *pbx,
                   const char    *number,
                   const char    *name,
                   const char    *application,
                   const char    *data)
{
  AstrixDemoChannel *customer = _astrix_demo_channel_new (pbx, TRUNK, NULL,
                                                          ASTRIX_DEMO_STATE_RING);
  g_autofree char *file = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *path = NULL;

  _astrix_demo_channel_set_caller (customer, number, name);
  g_free (customer->context);
  g_free (customer->exten);
  customer->context = g_strdup ("from-trunk");
  customer->exten = g_strdup (SUPPORT_LINE);
  _astrix_demo_channel_emit (pbx, customer, "Newchannel", ASTRIX_DEMO_CLASS_CALL, NULL);
  _astrix_demo_channel_newexten (pbx, customer, "from-trunk", SUPPORT_LINE, 1, "NoOp",
                                 "Support line");
  recording = _astrix_demo_recordings_call_started (pbx, customer, &path);
  file = g_strdup_printf ("%s,b", recording);
  _astrix_demo_channel_newexten (pbx, customer, "from-trunk", SUPPORT_LINE, 2, "MixMonitor", file);
  _astrix_demo_channel_set_var (pbx, customer, "MIXMONITOR_FILENAME", path);
  _astrix_demo_channel_emit (pbx, customer, "MixMonitorStart", ASTRIX_DEMO_CLASS_CALL, NULL);
  _astrix_demo_mixmonitor_dialplan_started (pbx, customer);
  g_free (file);
  file = g_strdup_printf ("__RECUID=%s", customer->uniqueid);
  _astrix_demo_channel_newexten (pbx, customer, "from-trunk", SUPPORT_LINE, 3, "Set", file);
  _astrix_demo_channel_set_var (pbx, customer, "__RECUID", customer->uniqueid);
  _astrix_demo_channel_newexten (pbx, customer, "from-trunk", SUPPORT_LINE, 4, application, data);
  return customer;
}

/* Dial() makes the agent's channel: its caller ID is the agent, its connected line the caller. */
static AstrixDemoChannel *
agent_channel_new (AstrixDemoPbx     *pbx,
                   AstrixDemoChannel *customer,
                   const char        *agent)
{
  g_autofree char *endpoint = g_strdup_printf ("PJSIP/%s", agent);
  g_autofree char *name = agent_name (agent);
  AstrixDemoChannel *phone = _astrix_demo_channel_new (pbx, endpoint, NULL,
                                                       ASTRIX_DEMO_STATE_DOWN);

  _astrix_demo_channel_set_caller (phone, agent, name);
  _astrix_demo_channel_set_connected (phone, customer->caller_num, customer->caller_name);
  g_free (phone->linkedid);
  phone->linkedid = g_strdup (customer->linkedid);
  g_free (phone->context);
  g_free (phone->exten);
  phone->context = g_strdup ("from-internal");
  phone->exten = g_strdup (agent);
  _astrix_demo_channel_set_app (phone, "AppDial", "(Outgoing Line)");
  _astrix_demo_channel_emit (pbx, phone, "Newchannel", ASTRIX_DEMO_CLASS_CALL, NULL);
  _astrix_demo_channel_dial_vars (pbx, customer, phone, ASTRIX_DEMO_DIAL_BEGIN);
  _astrix_demo_channel_set_var (pbx, phone, "__RECUID", customer->uniqueid);
  _astrix_demo_channel_set_var (pbx, phone, "SPYGROUP", agent_team (agent));
  return phone;
}

static void
agent_phone_rings (AstrixDemoPbx     *pbx,
                   AstrixDemoChannel *customer,
                   AstrixDemoChannel *phone,
                   const char        *agent)
{
  _astrix_demo_channel_dial (pbx, "DialBegin", customer, phone, "DialString", agent);
  _astrix_demo_channel_set_state (pbx, phone, ASTRIX_DEMO_STATE_RINGING);
  _astrix_demo_channel_device (pbx, phone, "RINGING");
}

static AstrixDemoChannel *
agent_rings (AstrixDemoPbx     *pbx,
             AstrixDemoChannel *customer,
             const char        *agent)
{
  AstrixDemoChannel *phone = agent_channel_new (pbx, customer, agent);

  agent_phone_rings (pbx, customer, phone, agent);
  return phone;
}

/* The agent picks up: the caller is answered, both go into a new bridge. */
static void
answer (AstrixDemoCall *call)
{
  AstrixDemoPbx *pbx = call->pbx;
  AstrixDemoChannel *customer = call->customer;
  AstrixDemoChannel *agent = call->agent;

  call->answered = TRUE;
  _astrix_demo_channel_set_state (pbx, agent, ASTRIX_DEMO_STATE_UP);
  _astrix_demo_channel_device (pbx, agent, "INUSE");
  _astrix_demo_channel_dial_vars (pbx, customer, agent, ASTRIX_DEMO_DIAL_ANSWER);
  _astrix_demo_channel_dial (pbx, "DialEnd", customer, agent, "DialStatus", "ANSWER");
  _astrix_demo_channel_set_state (pbx, customer, ASTRIX_DEMO_STATE_UP);
  _astrix_demo_channel_set_connected (customer, agent->caller_num, agent->caller_name);
  _astrix_demo_channel_emit (pbx, customer, "NewConnectedLine", ASTRIX_DEMO_CLASS_CALL, NULL);
  if (call->queue != NULL)
    {
      g_clear_handle_id (&call->patience_id, g_source_remove);
      _astrix_demo_queue_connect (pbx, call);
    }

  call->bridge_id = g_uuid_string_random ();
  _astrix_demo_bridge_emit (pbx, "BridgeCreate", call->bridge_id, 0, NULL);
  agent->bridge_id = g_strdup (call->bridge_id);
  _astrix_demo_bridge_emit (pbx, "BridgeEnter", call->bridge_id, 1, agent);
  customer->bridge_id = g_strdup (call->bridge_id);
  _astrix_demo_bridge_emit (pbx, "BridgeEnter", call->bridge_id, 2, customer);
  _astrix_demo_channel_set_var (pbx, agent, "BRIDGEPEER", customer->name);
  _astrix_demo_channel_set_var (pbx, customer, "BRIDGEPEER", agent->name);
  pbx->calls_processed++;
  _astrix_demo_spy_wake (pbx);
}

static gboolean
on_call_ends (gpointer data)
{
  AstrixDemoCall *call = data;
  gboolean agent_first = g_rand_boolean (call->pbx->rand);

  call->timer_id = 0;
  _astrix_demo_callcentre_hangup (call, agent_first ? call->agent : call->customer,
                                  ASTRIX_DEMO_CAUSE_NORMAL, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_agent_answers (gpointer data)
{
  AstrixDemoCall *call = data;

  call->timer_id = 0;
  answer (call);
  /* 20 s to 3 min */
  call->timer_id = _astrix_demo_pbx_timeout (call->pbx,
                                             g_rand_int_range (call->pbx->rand, 20, 180) * 1000.0,
                                             on_call_ends, call);
  return G_SOURCE_REMOVE;
}

static char *
random_number (GRand *rand)
{
  return g_strdup_printf ("+1555%07d", g_rand_int_range (rand, 0, 10000000));
}

/*
 * A customer calls @agent (a free agent if %NULL). With @ring the agent answers after a few
 * seconds and the call ends by itself later; without, it is bridged before this returns and
 * lasts until hung up. Returns: the agent's channel name, or %NULL if every agent is busy.
 */
char *
_astrix_demo_callcentre_add (AstrixDemoPbx *pbx,
                             const char    *agent,
                             const char    *caller_number,
                             const char    *caller_name,
                             gboolean       ring)
{
  g_autofree char *chosen = agent != NULL ? g_strdup (agent) : free_agent (pbx);
  g_autofree char *number = caller_number != NULL ? g_strdup (caller_number)
                                                  : random_number (pbx->rand);
  g_autofree char *dial = NULL;
  AstrixDemoCall *call;

  if (chosen == NULL)
    return NULL;
  if (caller_name == NULL)
    caller_name = customer_names[g_rand_int_range (pbx->rand, 0, G_N_ELEMENTS (customer_names))];

  call = g_new0 (AstrixDemoCall, 1);
  call->pbx = pbx;
  dial = g_strdup_printf ("PJSIP/%s,30", chosen);
  call->customer = customer_calls_in (pbx, number, caller_name, "Dial", dial);
  call->agent = agent_rings (pbx, call->customer, chosen);
  call->customer->call = call;
  call->agent->call = call;
  g_ptr_array_add (pbx->calls, call);
  if (ring)
    call->timer_id = _astrix_demo_pbx_timeout (pbx, g_rand_int_range (pbx->rand, 2, 7) * 1000.0,
                                               on_agent_answers, call);
  else
    answer (call);
  return g_strdup (call->agent->name);
}

static void
leg_gone (AstrixDemoPbx     *pbx,
          AstrixDemoCall    *call,
          AstrixDemoChannel *leg,
          int                cause)
{
  /* The recording stops as the channel goes (astrix-demo-mixmonitor.c). */
  _astrix_demo_channel_gone (pbx, leg, cause);
}

/*
 * @first hangs up with @cause (@soft: through AMI); the other leg follows with normal
 * clearing, leaving and destroying the bridge if they were talking.
 */
void
_astrix_demo_callcentre_hangup (AstrixDemoCall    *call,
                                AstrixDemoChannel *first,
                                int                cause,
                                gboolean           soft)
{
  AstrixDemoPbx *pbx = call->pbx;
  AstrixDemoChannel *other = first == call->agent ? call->customer : call->agent;

  g_clear_handle_id (&call->timer_id, g_source_remove);
  if (call->queue != NULL && !call->answered && first == call->agent)
    {
      _astrix_demo_channel_request_hangup (pbx, first, cause, soft);
      queue_member_gone (call, cause);
      return;
    }
  if (call->queue != NULL && !call->answered && first == call->customer)
    _astrix_demo_queue_abandon (pbx, call);
  else if (call->queue != NULL && call->answered)
    _astrix_demo_queue_complete (pbx, call, first == call->customer);
  _astrix_demo_channel_request_hangup (pbx, first, cause, soft);
  if (call->agent == NULL)
    {
      leg_gone (pbx, call, first, cause);
      _astrix_demo_call_free (call);
      return;
    }
  if (!call->answered)
    {
      leg_gone (pbx, call, first, cause);
      _astrix_demo_channel_dial (pbx, "DialEnd", call->customer, call->agent, "DialStatus",
                                 first == call->agent ? "NOANSWER" : "CANCEL");
      leg_gone (pbx, call, other, ASTRIX_DEMO_CAUSE_NORMAL);
      _astrix_demo_call_free (call);
      return;
    }

  _astrix_demo_channel_set_var (pbx, first, "BRIDGEPEER", "");
  _astrix_demo_channel_set_var (pbx, other, "BRIDGEPEER", "");
  _astrix_demo_bridge_emit (pbx, "BridgeLeave", call->bridge_id, 1, first);
  g_clear_pointer (&first->bridge_id, g_free);
  leg_gone (pbx, call, first, cause);
  _astrix_demo_bridge_emit (pbx, "BridgeLeave", call->bridge_id, 0, other);
  g_clear_pointer (&other->bridge_id, g_free);
  _astrix_demo_bridge_emit (pbx, "BridgeDestroy", call->bridge_id, 0, NULL);
  _astrix_demo_channel_dial_vars (pbx, call->customer, call->agent, ASTRIX_DEMO_DIAL_END);
  _astrix_demo_channel_request_hangup (pbx, other, ASTRIX_DEMO_CAUSE_NORMAL, TRUE);
  leg_gone (pbx, call, other, ASTRIX_DEMO_CAUSE_NORMAL);
  _astrix_demo_call_free (call);
}

/* Queue calls */

static const struct
{
  const char *name;
  const char *strategy;
  guint       service_level;   /* s */
  guint       wrap_up;         /* s */
  const char *members;         /* extensions, in the order queues.conf lists them */
} queue_config[] = {
  { "support", "rrmemory", 20, 5, "1001 1002 1003 1004 1005 1006 1007" },
  { "sales", "linear", 30, 0, "1007 1008 1009 1010 1011 1012" },
  { "billing", "rrmemory", 60, 10, "1003 1010 1012" },
};

static const char *const pause_reasons[] = { "Lunch", "Training", "Break", "Team meeting" };

/* queues.conf: the queues and their static members, the agents' phones as they are now. */
void
_astrix_demo_callcentre_queues (AstrixDemoPbx *pbx)
{
  for (guint q = 0; q < G_N_ELEMENTS (queue_config); q++)
    {
      AstrixDemoQueue *queue = _astrix_demo_queue_add (pbx, queue_config[q].name,
                                                       queue_config[q].strategy,
                                                       queue_config[q].service_level,
                                                       queue_config[q].wrap_up);
      g_auto(GStrv) agents = g_strsplit (queue_config[q].members, " ", -1);

      for (guint a = 0; agents[a] != NULL; a++)
        {
          g_autofree char *interface = g_strdup_printf ("PJSIP/%s", agents[a]);
          g_autofree char *name = agent_name (agents[a]);
          AstrixDemoMember *member = _astrix_demo_queue_add_member (pbx, queue, interface, name,
                                                                    NULL, FALSE, 0);

          if (agent_busy (pbx, agents[a]))
            member->status = 2;
        }
    }
}

static gboolean on_queue_tick (gpointer data);

static void
schedule_queue_tick (AstrixDemoPbx *pbx)
{
  AstrixDemoQueues *queues = pbx->queues;

  if (queues != NULL && queues->tick_id == 0)
    queues->tick_id = _astrix_demo_pbx_timeout (pbx, QUEUE_TICK_MS, on_queue_tick, pbx);
}

/* The member's phone stops ringing (no answer, or it refused): the caller waits on, and the
 * queue tries again after its retry time. */
static void
queue_member_gone (AstrixDemoCall *call,
                   int             cause)
{
  AstrixDemoPbx *pbx = call->pbx;
  AstrixDemoChannel *phone;

  g_clear_handle_id (&call->timer_id, g_source_remove);
  _astrix_demo_queue_ring_no_answer (pbx, call);
  phone = g_steal_pointer (&call->agent);
  _astrix_demo_channel_dial (pbx, "DialEnd", call->customer, phone, "DialStatus", "NOANSWER");
  phone->call = NULL;
  leg_gone (pbx, call, phone, cause);
  _astrix_demo_channel_unref (phone);
  g_clear_pointer (&call->member, g_free);
  call->retry_at = _astrix_demo_pbx_now (pbx) + QUEUE_RETRY_MS * 1000;
  schedule_queue_tick (pbx);
}

static gboolean
on_ring_no_answer (gpointer data)
{
  AstrixDemoCall *call = data;

  call->timer_id = 0;
  _astrix_demo_channel_request_hangup (call->pbx, call->agent, ASTRIX_DEMO_CAUSE_NO_ANSWER, TRUE);
  queue_member_gone (call, ASTRIX_DEMO_CAUSE_NO_ANSWER);
  return G_SOURCE_REMOVE;
}

/* AgentCalled, then the member's phone rings; most agents pick up within seconds. */
static void
ring_member (AstrixDemoCall   *call,
             AstrixDemoMember *member)
{
  AstrixDemoPbx *pbx = call->pbx;
  const char *slash = strchr (member->interface, '/');
  const char *agent = slash != NULL ? slash + 1 : member->interface;

  call->member = g_strdup (member->interface);
  call->agent = agent_channel_new (pbx, call->customer, agent);
  call->agent->call = call;
  _astrix_demo_queue_agent_called (pbx, call);
  agent_phone_rings (pbx, call->customer, call->agent, agent);
  if (g_rand_double (pbx->rand) < 0.85)
    call->timer_id = _astrix_demo_pbx_timeout (pbx, g_rand_int_range (pbx->rand, 2, 9) * 1000.0,
                                               on_agent_answers, call);
  else
    call->timer_id = _astrix_demo_pbx_timeout (pbx, QUEUE_RING_TIMEOUT_MS, on_ring_no_answer,
                                               call);
}

/* Each waiting caller, in order, gets the member the strategy picks, while any is free. */
static void
dispatch (AstrixDemoPbx   *pbx,
          AstrixDemoQueue *queue)
{
  gint64 now = _astrix_demo_pbx_now (pbx);
  g_autoptr(GPtrArray) waiting = g_ptr_array_copy (queue->waiting, NULL, NULL);

  for (guint i = 0; i < waiting->len; i++)
    {
      AstrixDemoCall *call = g_ptr_array_index (waiting, i);
      AstrixDemoMember *member;

      if (call->agent != NULL || now < call->retry_at)
        continue;
      member = _astrix_demo_queue_pick_member (pbx, queue);
      if (member == NULL)
        return;
      ring_member (call, member);
    }
}

static gboolean
on_queue_tick (gpointer data)
{
  AstrixDemoPbx *pbx = data;
  GPtrArray *queues = _astrix_demo_queues (pbx);
  gboolean waiting = FALSE;

  pbx->queues->tick_id = 0;
  for (guint q = 0; q < queues->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (queues, q);

      dispatch (pbx, queue);
      waiting |= queue->waiting->len > 0;
    }
  if (waiting)
    schedule_queue_tick (pbx);
  return G_SOURCE_REMOVE;
}

static gboolean
on_caller_gives_up (gpointer data)
{
  AstrixDemoCall *call = data;

  call->patience_id = 0;
  _astrix_demo_callcentre_hangup (call, call->customer, ASTRIX_DEMO_CAUSE_NORMAL, FALSE);
  return G_SOURCE_REMOVE;
}

/*
 * A customer calls the queue's line: answered by Queue(), music on hold, then an agent.
 * Returns: (transfer none): the caller's channel
 */
AstrixDemoChannel *
_astrix_demo_callcentre_queue_call (AstrixDemoPbx   *pbx,
                                    AstrixDemoQueue *queue,
                                    const char      *caller_number,
                                    const char      *caller_name)
{
  AstrixDemoCall *call = g_new0 (AstrixDemoCall, 1);
  g_autofree char *number = caller_number != NULL ? g_strdup (caller_number)
                                                  : random_number (pbx->rand);
  const char *name = caller_name != NULL ? caller_name :
                     customer_names[g_rand_int_range (pbx->rand, 0,
                                                      G_N_ELEMENTS (customer_names))];
  g_autofree char *data = g_strdup_printf ("%s,,,,300", queue->name);

  call->pbx = pbx;
  call->customer = customer_calls_in (pbx, number, name, "Queue", data);
  call->customer->call = call;
  _astrix_demo_channel_set_state (pbx, call->customer, ASTRIX_DEMO_STATE_UP);
  g_ptr_array_add (pbx->calls, call);
  _astrix_demo_queue_join (pbx, queue, call);
  /* Some give up after a few seconds, most would wait minutes. */
  call->patience_id = _astrix_demo_pbx_timeout (pbx, g_rand_int_range (pbx->rand, 8, 240) * 1000.0,
                                                on_caller_gives_up, call);
  dispatch (pbx, queue);
  schedule_queue_tick (pbx);
  return call->customer;
}

/*
 * A Redirect (capture 36). A waiting caller leaves the queue (QueueCallerAbandon, Leave) and
 * the site's context dials the agent's extension: the lab's from-internal rings a free agent's
 * phone; any other context, extension or a busy agent ends the call, as a Dial that fails.
 * Other channels only move to the new place.
 */
void
_astrix_demo_callcentre_redirect (AstrixDemoPbx     *pbx,
                                  AstrixDemoChannel *channel,
                                  const char        *context,
                                  const char        *exten)
{
  AstrixDemoCall *call = channel->call;
  g_autofree char *dial = g_strdup_printf ("PJSIP/%s,30", exten);
  gint64 n = g_ascii_strtoll (exten, NULL, 10);

  if (call == NULL || channel != call->customer || call->queue == NULL || call->agent != NULL)
    {
      _astrix_demo_channel_newexten (pbx, channel, context, exten, 1, "NoOp", "Redirected");
      return;
    }
  g_clear_handle_id (&call->patience_id, g_source_remove);
  _astrix_demo_queue_abandon (pbx, call);
  call->queue = NULL;
  _astrix_demo_channel_newexten (pbx, channel, context, exten, 1, "Dial", dial);
  if (g_strcmp0 (context, "from-internal") != 0 || n < FIRST_AGENT || n > LAST_AGENT ||
      agent_busy (pbx, exten))
    {
      _astrix_demo_callcentre_hangup (call, channel, ASTRIX_DEMO_CAUSE_BUSY, FALSE);
      return;
    }
  call->agent = agent_rings (pbx, channel, exten);
  call->agent->call = call;
  call->timer_id = _astrix_demo_pbx_timeout (pbx, g_rand_int_range (pbx->rand, 2, 5) * 1000.0,
                                             on_agent_answers, call);
}

/* An agent goes to lunch or training (QueuePause in all its queues), or comes back. */
static void
toggle_pause (AstrixDemoPbx *pbx)
{
  guint n = g_rand_int_range (pbx->rand, 0, G_N_ELEMENTS (agent_names));
  const char *reason = pause_reasons[g_rand_int_range (pbx->rand, 0,
                                                       G_N_ELEMENTS (pause_reasons))];
  g_autofree char *interface = g_strdup_printf ("PJSIP/%u", FIRST_AGENT + n);
  GPtrArray *queues = _astrix_demo_queues (pbx);
  gboolean paused = FALSE;

  for (guint q = 0; q < queues->len; q++)
    {
      AstrixDemoMember *member = _astrix_demo_queue_find_member (g_ptr_array_index (queues, q),
                                                                 interface);

      paused |= member != NULL && member->paused;
    }
  for (guint q = 0; q < queues->len; q++)
    {
      AstrixDemoQueue *queue = g_ptr_array_index (queues, q);
      AstrixDemoMember *member = _astrix_demo_queue_find_member (queue, interface);

      if (member != NULL)
        _astrix_demo_queue_set_paused (pbx, queue, member, !paused, paused ? "" : reason);
    }
  schedule_queue_tick (pbx);
}

/* The traffic: every few seconds a customer may call one of the queues, up to a dozen calls at
 * once; now and then an agent pauses or comes back. */
static gboolean
on_traffic (gpointer data)
{
  AstrixDemoPbx *pbx = data;
  GPtrArray *queues = _astrix_demo_queues (pbx);

  if (pbx->calls->len < TRAFFIC_MAX_CALLS && g_rand_double (pbx->rand) < 0.7)
    _astrix_demo_callcentre_queue_call (pbx, g_ptr_array_index (queues, g_rand_int_range (
                                          pbx->rand, 0, queues->len)), NULL, NULL);
  if (g_rand_double (pbx->rand) < 0.08)
    toggle_pause (pbx);
  pbx->traffic_id = _astrix_demo_pbx_timeout (pbx, g_rand_int_range (pbx->rand, 1500, 5000),
                                              on_traffic, pbx);
  return G_SOURCE_REMOVE;
}

void
_astrix_demo_callcentre_set_running (AstrixDemoPbx *pbx,
                                     gboolean       running)
{
  g_clear_handle_id (&pbx->traffic_id, g_source_remove);
  if (running)
    pbx->traffic_id = _astrix_demo_pbx_timeout (pbx, 500, on_traffic, pbx);
}

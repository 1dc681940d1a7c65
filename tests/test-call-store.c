/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-call-private.h"
#include "astrix-call-store.h"
#include "astrix-channel-private.h"
#include "capture.h"

/*
 * The calls of the centre derived from the channel store, replayed from real Asterisk 22
 * captures and from synthetic sequences for what the captures do not show (hold, rename, a
 * transfer between bridges, a reconnect). After every event the store must be consistent: each
 * channel of the centre in exactly one call, the two sides of a bridge and the two halves of a
 * Local channel in the same call, the supervisor's own channels in none.
 */

typedef struct
{
  AstrixChannelStore *channels;
  AstrixCallStore    *calls;
  guint               signals;     /* items-changed of the call store */
  guint               last_removed;
  guint               last_added;
  gboolean            own_known;   /* the supervisor's endpoint is set: their channels are known */
} Ctx;

static void
on_calls_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Ctx        *ctx)
{
  ctx->signals++;
  ctx->last_removed = removed;
  ctx->last_added = added;
}

static void
ctx_init (Ctx        *ctx,
          const char *endpoint)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->channels = astrix_channel_store_new ("pbx");
  ctx->calls = astrix_call_store_new (ctx->channels);
  astrix_call_store_set_supervisor_endpoint (ctx->calls, endpoint);
  ctx->own_known = endpoint != NULL;
  g_signal_connect (ctx->calls, "items-changed", G_CALLBACK (on_calls_changed), ctx);
}

static void
ctx_clear (Ctx *ctx)
{
  g_assert_finalize_object (ctx->calls);
  g_assert_finalize_object (ctx->channels);
}

static GPtrArray *
load_messages (const char *name)
{
  g_autofree char *path = capture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(Capture) capture = capture_load (path, &error);

  g_assert_no_error (error);
  return capture_server_messages (capture, 0);
}

static guint
n_calls (Ctx *ctx)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ctx->calls));
}

/* Test data: the supervisor's channels are Local/2000@supervisor-..., PJSIP/2000-... and the
 * AudioSocket ones. */
static gboolean
is_supervisors (AstrixChannel *channel)
{
  const char *name = astrix_channel_get_name (channel);

  return strstr (name, "@supervisor-") != NULL || g_str_has_prefix (name, "AudioSocket/") ||
         g_str_has_prefix (name, "PJSIP/2000-");
}

static gboolean
same_local (AstrixChannel *a,
            AstrixChannel *b)
{
  const char *na = astrix_channel_get_name (a);
  const char *nb = astrix_channel_get_name (b);
  gsize len = strlen (na);

  return g_str_has_prefix (na, "Local/") && len == strlen (nb) && len > 2 &&
         strncmp (na, nb, len - 1) == 0 && na[len - 2] == ';';
}

static void
check_consistent (Ctx *ctx)
{
  GListModel *channels = G_LIST_MODEL (ctx->channels);
  guint n = g_list_model_get_n_items (channels);
  guint in_calls = 0;

  for (guint i = 0; i < n_calls (ctx); i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (G_LIST_MODEL (ctx->calls), i);
      GListModel *members = astrix_call_get_channels (call);

      g_assert_cmpuint (g_list_model_get_n_items (members), >, 0);
      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(AstrixChannel) channel = g_list_model_get_item (members, j);

          g_assert_true (astrix_channel_store_lookup (ctx->channels,
                                                      astrix_channel_get_uniqueid (channel)) ==
                         channel);
          g_assert_true (_astrix_call_store_lookup_channel (ctx->calls, channel) == call);
          g_assert_false (ctx->own_known && is_supervisors (channel));
          in_calls++;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixChannel) a = g_list_model_get_item (channels, i);
      AstrixCall *call = _astrix_call_store_lookup_channel (ctx->calls, a);

      if (is_supervisors (a))
        {
          g_assert_true (call == NULL || !ctx->own_known);
          continue;
        }
      g_assert_nonnull (call);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(AstrixChannel) b = g_list_model_get_item (channels, j);
          const char *bridge = astrix_channel_get_bridge_id (a);

          if (is_supervisors (b))
            continue;
          if ((bridge != NULL && g_strcmp0 (bridge, astrix_channel_get_bridge_id (b)) == 0) ||
              same_local (a, b))
            g_assert_true (_astrix_call_store_lookup_channel (ctx->calls, b) == call);
        }
    }
  g_assert_cmpuint (in_calls, <=, n);
}

static void
flush (Ctx *ctx)
{
  _astrix_channel_store_flush (ctx->channels);
  _astrix_call_store_flush (ctx->calls);
  check_consistent (ctx);
}

static void
feed (Ctx        *ctx,
      AmiMessage *event)
{
  astrix_channel_store_handle_event (ctx->channels, event);
  flush (ctx);
}

/* Replays events from *pos up to and including the first @event (on @channel, if given). */
static void
replay_to (Ctx        *ctx,
           GPtrArray  *messages,
           guint      *pos,
           const char *event,
           const char *channel)
{
  for (; *pos < messages->len; (*pos)++)
    {
      AmiMessage *m = g_ptr_array_index (messages, *pos);

      if (ami_message_get_kind (m) != AMI_MESSAGE_EVENT)
        continue;
      feed (ctx, m);
      if (event != NULL && ami_message_is (m, "Event", event) &&
          (channel == NULL || ami_message_is (m, "Channel", channel)))
        {
          (*pos)++;
          return;
        }
    }
  g_assert_null (event);
}

/* Resynchronises from the @list-th CoreShowChannels list of the capture (0 the first). */
static void
resync (Ctx       *ctx,
        GPtrArray *messages,
        guint      list)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  guint current = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);

      if (ami_message_is (m, "Event", "CoreShowChannelsComplete"))
        current++;
      else if (ami_message_is (m, "Event", "CoreShowChannel") && current == list)
        g_ptr_array_add (items, m);
    }
  g_assert_cmpuint (items->len, >, 0);
  astrix_channel_store_begin_resync (ctx->channels);
  astrix_channel_store_finish_resync (ctx->channels, items);
  check_consistent (ctx);
}

/* Returns: (transfer none): the call of the channel with that name */
static AstrixCall *
call_of (Ctx        *ctx,
         const char *name)
{
  AstrixChannel *channel = astrix_channel_store_lookup_by_name (ctx->channels, name);

  g_assert_nonnull (channel);
  return _astrix_call_store_lookup_channel (ctx->calls, channel);
}

static void
assert_call (AstrixCall      *call,
             const char      *customer_name,
             const char      *customer_number,
             const char      *agent_name,
             const char      *agent_number,
             AstrixCallState  state,
             const char      *spy_target,
             guint            n_channels)
{
  g_assert_nonnull (call);
  g_assert_cmpstr (astrix_call_get_customer_name (call), ==, customer_name);
  g_assert_cmpstr (astrix_call_get_customer_number (call), ==, customer_number);
  g_assert_cmpstr (astrix_call_get_agent_name (call), ==, agent_name);
  g_assert_cmpstr (astrix_call_get_agent_number (call), ==, agent_number);
  g_assert_cmpint (_astrix_call_get_state (call), ==, state);
  g_assert_cmpstr (astrix_call_get_spy_target (call), ==, spy_target);
  g_assert_cmpstr (astrix_call_get_agent_channel (call), ==, spy_target);
  g_assert_cmpuint (g_list_model_get_n_items (astrix_call_get_channels (call)), ==, n_channels);
  g_assert_cmpstr (astrix_call_get_server (call), ==, "pbx");
}

/* 06: three bridged calls on Local channels, twelve channels */

static void
assert_06_calls (Ctx *ctx)
{
  static const struct { const char *caller, *agent, *n; } calls[] = {
    { "Local/1001@sim-caller-00000000;2", "Local/1001@sim-agent-00000001;1", "1" },
    { "Local/1002@sim-caller-00000002;2", "Local/1002@sim-agent-00000003;1", "2" },
    { "Local/1003@sim-caller-00000004;2", "Local/1003@sim-agent-00000005;1", "3" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      AstrixCall *call = call_of (ctx, calls[i].caller);
      g_autofree char *customer = g_strconcat ("Customer 100", calls[i].n, NULL);
      g_autofree char *number = g_strconcat ("555010", calls[i].n, NULL);
      g_autofree char *agent = g_strconcat ("Agent 100", calls[i].n, NULL);
      g_autofree char *agent_number = g_strconcat ("100", calls[i].n, NULL);

      assert_call (call, customer, number, agent, agent_number, ASTRIX_CALL_STATE_TALKING,
                   calls[i].agent, 4);
      g_assert_cmpstr (astrix_call_get_customer_channel (call), ==, calls[i].caller);
      g_assert_null (astrix_call_get_queue (call));
      g_assert_false (_astrix_call_is_monitored (call));
      /* The duration counts from the oldest channel, listed as up for 29 s. */
      g_assert_cmpint (astrix_call_get_started (call), <=,
                       g_get_real_time () - 29 * G_USEC_PER_SEC);
      g_assert_cmpint (astrix_call_get_started (call), >, g_get_real_time () - 60 * G_USEC_PER_SEC);
    }
}

static void
test_coreshowchannels (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("06-coreshowchannels.txt");
  Ctx ctx;

  ctx_init (&ctx, NULL);
  resync (&ctx, messages, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ctx.channels)), ==, 12);
  g_assert_cmpuint (n_calls (&ctx), ==, 3);
  /* The burst is one items-changed here as in the channel store. */
  g_assert_cmpuint (ctx.signals, ==, 1);
  g_assert_cmpuint (ctx.last_added, ==, 3);
  assert_06_calls (&ctx);

  /* The same list again (a second resync) changes nothing. */
  resync (&ctx, messages, 1);
  g_assert_cmpuint (ctx.signals, ==, 1);
  assert_06_calls (&ctx);
  ctx_clear (&ctx);
}

/* 07: a supervisor listens to agent 1001 */

static void
run_spy (const char *endpoint)
{
  g_autoptr(GPtrArray) setup = load_messages ("06-coreshowchannels.txt");
  g_autoptr(GPtrArray) messages = load_messages ("07-spy-listen-app-bq.txt");
  g_autoptr(AstrixCall) monitored = NULL;
  guint pos = 0;
  Ctx ctx;

  ctx_init (&ctx, endpoint);
  resync (&ctx, setup, 0);
  monitored = g_object_ref (call_of (&ctx, "Local/1001@sim-agent-00000001;1"));

  /* With the endpoint known, the supervisor's phone ringing is never a call of the centre;
   * without it, it is one until ChanSpy starts (nothing says whose it is before). */
  replay_to (&ctx, messages, &pos, "OriginateResponse", NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, endpoint != NULL ? 3 : 4);

  replay_to (&ctx, messages, &pos, "ChanSpyStart", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ctx.channels)), ==, 14);
  g_assert_cmpuint (n_calls (&ctx), ==, 3);
  g_assert_null (call_of (&ctx, "Local/2000@supervisor-0000000c;1"));
  g_assert_null (call_of (&ctx, "Local/2000@supervisor-0000000c;2"));
  g_assert_true (call_of (&ctx, "Local/1001@sim-agent-00000001;1") == monitored);
  g_assert_true (_astrix_call_is_monitored (monitored));
  g_assert_cmpstr (astrix_call_get_monitored_by (monitored), ==, "Supervisor");
  assert_call (monitored, "Customer 1001", "5550101", "Agent 1001", "1001",
               ASTRIX_CALL_STATE_TALKING, "Local/1001@sim-agent-00000001;1", 4);
  g_assert_false (_astrix_call_is_monitored (call_of (&ctx, "Local/1002@sim-agent-00000003;1")));

  /* The spy stops and hangs up: the call is no longer monitored, and stays. */
  replay_to (&ctx, messages, &pos, "ChanSpyStop", NULL);
  g_assert_false (_astrix_call_is_monitored (monitored));
  g_assert_null (astrix_call_get_monitored_by (monitored));
  g_assert_cmpuint (n_calls (&ctx), ==, 3);
  replay_to (&ctx, messages, &pos, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ctx.channels)), ==, 12);
  g_assert_cmpuint (n_calls (&ctx), ==, 3);
  assert_06_calls (&ctx);

  g_clear_object (&monitored);
  ctx_clear (&ctx);
}

static void
test_spy (void)
{
  run_spy (NULL);
  run_spy ("Local/2000@supervisor");
}

/* 27: a caller waits in queue "support", agent 1003 rings, answers, both hang up */

static void
test_queue_answered (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("27-queue-call-answered.txt");
  g_autoptr(AstrixCall) call = NULL;
  const char *caller = "Local/5001@sim-queue-caller-0000000d;2";
  const char *agent = "Local/1003@sim-agent-q-0000000e;1";
  guint pos = 0;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  replay_to (&ctx, messages, &pos, "Newchannel", "Local/5001@sim-queue-caller-0000000d;2");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  call = g_object_ref (call_of (&ctx, caller));
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_RINGING);

  replay_to (&ctx, messages, &pos, "QueueCallerJoin", NULL);
  assert_call (call, "Caller 5001", "5555001", NULL, NULL, ASTRIX_CALL_STATE_WAITING, NULL, 2);
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "support");

  /* The queue dials the member: its Local channel joins the call, ringing. */
  replay_to (&ctx, messages, &pos, "Newstate", agent);
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  g_assert_true (call_of (&ctx, agent) == call);
  assert_call (call, "Caller 5001", "5555001", "Agent 1003", "1003", ASTRIX_CALL_STATE_RINGING,
               agent, 4);

  replay_to (&ctx, messages, &pos, "BridgeEnter", caller);
  assert_call (call, "Caller 5001", "5555001", "Agent 1003", "1003", ASTRIX_CALL_STATE_TALKING,
               agent, 4);
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "support");
  g_assert_cmpstr (astrix_call_get_customer_channel (call), ==, caller);

  /* The caller hangs up first; the row stays until the last channel has gone. */
  replay_to (&ctx, messages, &pos, "Hangup", "Local/5001@sim-queue-caller-0000000d;1");
  g_assert_true (call_of (&ctx, agent) == call);
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  replay_to (&ctx, messages, &pos, NULL, NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (astrix_call_get_channels (call)), ==, 0);
  /* Waiting, ringing, talking, hanging up: one row, so the list changed twice (in, out). */
  g_assert_cmpuint (ctx.signals, ==, 2);

  g_clear_object (&call);
  ctx_clear (&ctx);
}

/* 29: a caller gives up waiting */

/*
 * The same call as the app receives it: its event mask is "call,agent", so no Newexten
 * (class dialplan) tells that the caller runs Queue(). QueueCallerJoin (class agent) does.
 */
static void
test_queue_without_dialplan (void)
{
  g_autoptr(GPtrArray) all = load_messages ("27-queue-call-answered.txt");
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  const char *caller = "Local/5001@sim-queue-caller-0000000d;2";
  const char *agent = "Local/1003@sim-agent-q-0000000e;1";
  guint pos = 0;
  guint dropped = 0;
  AstrixCall *call;
  Ctx ctx;

  for (guint i = 0; i < all->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (all, i);
      const char *privilege = ami_message_get (m, "Privilege");

      if (privilege != NULL && g_str_has_prefix (privilege, "dialplan"))
        dropped++;
      else
        g_ptr_array_add (messages, m);
    }
  g_assert_cmpuint (dropped, >, 0);

  ctx_init (&ctx, NULL);
  replay_to (&ctx, messages, &pos, "MusicOnHoldStart", caller);
  call = call_of (&ctx, caller);
  g_assert_nonnull (call);
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_WAITING);
  g_assert_cmpstr (astrix_call_get_state_label (call), ==, "Waiting in queue");
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "support");
  g_assert_null (astrix_call_get_spy_target (call));

  replay_to (&ctx, messages, &pos, "BridgeEnter", caller);
  g_assert_true (call_of (&ctx, agent) == call);
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_TALKING);
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "support");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  replay_to (&ctx, messages, &pos, NULL, NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, 0);
  ctx_clear (&ctx);
}

static void
test_queue_abandon (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("29-queue-caller-abandon.txt");
  guint pos = 0;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  replay_to (&ctx, messages, &pos, "QueueCallerJoin", NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  assert_call (call_of (&ctx, "Local/5002@sim-queue-caller-00000012;2"), "Caller 5002", "5555002",
               NULL, NULL, ASTRIX_CALL_STATE_WAITING, NULL, 2);
  g_assert_cmpstr (astrix_call_get_queue (call_of (&ctx, "Local/5002@sim-queue-caller-00000012;1")),
                   ==, "support");

  replay_to (&ctx, messages, &pos, "Hangup", "Local/5002@sim-queue-caller-00000012;1");
  assert_call (call_of (&ctx, "Local/5002@sim-queue-caller-00000012;2"), "Caller 5002", "5555002",
               NULL, NULL, ASTRIX_CALL_STATE_WAITING, NULL, 1);
  replay_to (&ctx, messages, &pos, NULL, NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, 0);
  ctx_clear (&ctx);
}

/* 36: the supervisor hangs up an agent leg, then redirects a waiting caller to an agent */

static void
test_hangup_redirect (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("36-supervisor-hangup-redirect.txt");
  g_autoptr(AstrixCall) call = NULL;
  const char *caller = "Local/5016@sim-queue-caller-00000079;2";
  guint pos = 0;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  replay_to (&ctx, messages, &pos, "BridgeEnter", "Local/5015@sim-queue-caller-00000075;2");
  assert_call (call_of (&ctx, "Local/5015@sim-queue-caller-00000075;1"), "Caller 5015", "5555015",
               "Agent 1002", "1002", ASTRIX_CALL_STATE_TALKING,
               "Local/1002@sim-agent-q-00000076;1", 4);

  /* The agent leg is hung up: the caller is alone with what is left of the member's channel. */
  replay_to (&ctx, messages, &pos, "Hangup", "Local/1002@sim-agent-q-00000076;1");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  g_assert_cmpint (_astrix_call_get_state (call_of (&ctx,
                                                    "Local/5015@sim-queue-caller-00000075;1")),
                   !=, ASTRIX_CALL_STATE_TALKING);
  replay_to (&ctx, messages, &pos, "Hangup", "Local/1002@sim-agent-q-00000076;2");
  g_assert_cmpuint (n_calls (&ctx), ==, 0);

  replay_to (&ctx, messages, &pos, "BridgeEnter", "Local/5017@sim-queue-caller-00000077;2");
  assert_call (call_of (&ctx, "Local/5017@sim-queue-caller-00000077;2"), "Caller 5017", "5555017",
               "Agent 1003", "1003", ASTRIX_CALL_STATE_TALKING,
               "Local/1003@sim-agent-q-00000078;1", 4);
  replay_to (&ctx, messages, &pos, "Hangup", "Local/1003@sim-agent-q-00000078;1");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);

  /* The third caller waits (every member paused), is redirected to agent 1002 and talks: the
   * same row all along, still showing the queue it came through. */
  replay_to (&ctx, messages, &pos, "QueueCallerJoin", caller);
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  call = g_object_ref (call_of (&ctx, caller));
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_WAITING);
  g_assert_null (astrix_call_get_spy_target (call));
  replay_to (&ctx, messages, &pos, "BridgeEnter", caller);
  g_assert_true (call_of (&ctx, caller) == call);
  g_assert_true (call_of (&ctx, "Local/1002@sim-agent-q-0000007a;2") == call);
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_TALKING);
  g_assert_cmpstr (astrix_call_get_spy_target (call), ==, "Local/1002@sim-agent-q-0000007a;1");
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "support");
  g_assert_cmpstr (astrix_call_get_customer_number (call), ==, "5555016");
  replay_to (&ctx, messages, &pos, NULL, NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, 0);

  g_clear_object (&call);
  ctx_clear (&ctx);
}

/* 23: three calls hung up three ways */

static void
test_hangup_variants (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("23-hangup-variants.txt");
  guint pos = 0;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  replay_to (&ctx, messages, &pos, "BridgeEnter", "Local/1403@sim-caller-00000039;2");
  g_assert_cmpuint (n_calls (&ctx), ==, 3);
  for (guint i = 1; i <= 3; i++)
    {
      static const char *agents[] = { NULL, "Local/1401@sim-agent-00000036;1",
                                       "Local/1402@sim-agent-00000038;1",
                                       "Local/1403@sim-agent-0000003a;1" };
      AstrixCall *call = call_of (&ctx, agents[i]);

      g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_TALKING);
      g_assert_cmpstr (astrix_call_get_spy_target (call), ==, agents[i]);
      g_assert_cmpuint (g_list_model_get_n_items (astrix_call_get_channels (call)), ==, 4);
    }

  /* Call 1401 is hung up on the agent's phone side (Hangup action): once its last channel has
   * gone, so has the call; the two others stay. */
  replay_to (&ctx, messages, &pos, "Hangup", "Local/1401@sim-caller-00000035;1");
  g_assert_cmpuint (n_calls (&ctx), ==, 2);
  replay_to (&ctx, messages, &pos, NULL, NULL);
  g_assert_cmpuint (n_calls (&ctx), ==, 0);
  ctx_clear (&ctx);
}

/* Synthetic sequences: a PJSIP trunk call to agents, held, renamed and transferred */

static AmiMessage *
channel_event (const char *event,
               const char *name,
               const char *uniqueid,
               const char *linkedid,
               const char *state,
               const char *number,
               const char *caller_name)
{
  return ami_message_new ("Event", event, "Channel", name, "ChannelState", state,
                          "CallerIDNum", number, "CallerIDName", caller_name,
                          "ConnectedLineNum", "<unknown>", "ConnectedLineName", "<unknown>",
                          "Context", "from-trunk", "Exten", "s", "Uniqueid", uniqueid,
                          "Linkedid", linkedid, NULL);
}

static void
feed_new (Ctx        *ctx,
          const char *event,
          const char *name,
          const char *uniqueid,
          const char *linkedid,
          const char *state,
          const char *number,
          const char *caller_name)
{
  g_autoptr(AmiMessage) m = channel_event (event, name, uniqueid, linkedid, state, number,
                                           caller_name);

  feed (ctx, m);
}

static void
feed_simple (Ctx        *ctx,
             const char *event,
             const char *name,
             const char *uniqueid,
             const char *key,
             const char *value)
{
  g_autoptr(AmiMessage) m = ami_message_new ("Event", event, "Channel", name,
                                             "Uniqueid", uniqueid, key, value, NULL);

  feed (ctx, m);
}

static void
feed_exten (Ctx        *ctx,
            const char *name,
            const char *uniqueid,
            const char *application,
            const char *data)
{
  g_autoptr(AmiMessage) m = ami_message_new ("Event", "Newexten", "Channel", name,
                                             "Uniqueid", uniqueid, "Application", application,
                                             data != NULL ? "AppData" : NULL, data, NULL);

  feed (ctx, m);
}

static void
test_transfer_hold_rename (void)
{
  g_autoptr(AstrixCall) call = NULL;
  Ctx ctx;

  ctx_init (&ctx, "PJSIP/2000");

  feed_new (&ctx, "Newchannel", "PJSIP/trunk-00000001", "500.1", "500.1", "4", "5551234",
            "Jane Doe");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  call = g_object_ref (call_of (&ctx, "PJSIP/trunk-00000001"));
  assert_call (call, "Jane Doe", "5551234", NULL, NULL, ASTRIX_CALL_STATE_RINGING, NULL, 1);

  feed_new (&ctx, "Newchannel", "PJSIP/1001-00000002", "500.2", "500.1", "0", "1001", "Ada Agent");
  feed_new (&ctx, "Newstate", "PJSIP/1001-00000002", "500.2", "500.1", "5", "1001", "Ada Agent");
  assert_call (call, "Jane Doe", "5551234", "Ada Agent", "1001", ASTRIX_CALL_STATE_RINGING,
               "PJSIP/1001-00000002", 2);

  feed_new (&ctx, "Newstate", "PJSIP/1001-00000002", "500.2", "500.1", "6", "1001", "Ada Agent");
  feed_new (&ctx, "Newstate", "PJSIP/trunk-00000001", "500.1", "500.1", "6", "5551234", "Jane Doe");
  feed_simple (&ctx, "BridgeEnter", "PJSIP/1001-00000002", "500.2", "BridgeUniqueid", "b1");
  feed_simple (&ctx, "BridgeEnter", "PJSIP/trunk-00000001", "500.1", "BridgeUniqueid", "b1");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  assert_call (call, "Jane Doe", "5551234", "Ada Agent", "1001", ASTRIX_CALL_STATE_TALKING,
               "PJSIP/1001-00000002", 2);

  /* Hold and back. */
  feed_simple (&ctx, "Hold", "PJSIP/trunk-00000001", "500.1", "MusicClass", "default");
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_ON_HOLD);
  feed_simple (&ctx, "Unhold", "PJSIP/trunk-00000001", "500.1", "Privilege", "call,all");
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_TALKING);

  /* A rename (a masquerade): the spy target follows the agent's channel. */
  feed_simple (&ctx, "Rename", "PJSIP/1001-00000002", "500.2", "Newname", "PJSIP/1001-00000009");
  g_assert_true (call_of (&ctx, "PJSIP/1001-00000009") == call);
  assert_call (call, "Jane Doe", "5551234", "Ada Agent", "1001", ASTRIX_CALL_STATE_TALKING,
               "PJSIP/1001-00000009", 2);

  /* A blind transfer to agent 1002: the customer moves to another bridge, 1001 hangs up, 1002
   * rings and answers. One row all along, the customer's. */
  feed_simple (&ctx, "BridgeLeave", "PJSIP/trunk-00000001", "500.1", "BridgeUniqueid", "b1");
  feed_simple (&ctx, "BridgeEnter", "PJSIP/trunk-00000001", "500.1", "BridgeUniqueid", "b2");
  g_assert_true (call_of (&ctx, "PJSIP/trunk-00000001") == call);
  feed_simple (&ctx, "BridgeLeave", "PJSIP/1001-00000009", "500.2", "BridgeUniqueid", "b1");
  feed_simple (&ctx, "Hangup", "PJSIP/1001-00000009", "500.2", "Cause", "16");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  assert_call (call, "Jane Doe", "5551234", NULL, NULL, ASTRIX_CALL_STATE_TALKING, NULL, 1);

  feed_new (&ctx, "Newchannel", "PJSIP/1002-00000003", "500.3", "500.1", "0", "1002", "Bob Agent");
  feed_new (&ctx, "Newstate", "PJSIP/1002-00000003", "500.3", "500.1", "5", "1002", "Bob Agent");
  assert_call (call, "Jane Doe", "5551234", "Bob Agent", "1002", ASTRIX_CALL_STATE_RINGING,
               "PJSIP/1002-00000003", 2);
  feed_new (&ctx, "Newstate", "PJSIP/1002-00000003", "500.3", "500.1", "6", "1002", "Bob Agent");
  feed_simple (&ctx, "BridgeEnter", "PJSIP/1002-00000003", "500.3", "BridgeUniqueid", "b2");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  g_assert_true (call_of (&ctx, "PJSIP/1002-00000003") == call);
  assert_call (call, "Jane Doe", "5551234", "Bob Agent", "1002", ASTRIX_CALL_STATE_TALKING,
               "PJSIP/1002-00000003", 2);

  /* The supervisor's own phone (the endpoint) never makes a call of the centre. */
  feed_new (&ctx, "Newchannel", "PJSIP/2000-00000004", "600.1", "600.1", "0", "2000", "Supervisor");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  g_assert_null (call_of (&ctx, "PJSIP/2000-00000004"));

  /* A second conversation that shares nothing stays a second call. */
  feed_new (&ctx, "Newchannel", "PJSIP/trunk-00000005", "700.1", "700.1", "6", "5559876",
            "Max Roe");
  g_assert_cmpuint (n_calls (&ctx), ==, 2);
  g_assert_false (call_of (&ctx, "PJSIP/trunk-00000005") == call);

  g_clear_object (&call);
  ctx_clear (&ctx);
}

/*
 * A queue member that is a Local channel ringing the agent's phone (`Local/1003@agents/n`):
 * customer -> Local;1 (bridge x) ... Local;2 -> the phone (bridge y). One call; the agent is
 * the phone, the channel to spy on is the phone's.
 */
static void
test_local_member_phone (void)
{
  AstrixCall *call;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  feed_new (&ctx, "Newchannel", "PJSIP/trunk-00000010", "800.1", "800.1", "6", "5550001",
            "Kim Lee");
  feed_exten (&ctx, "PJSIP/trunk-00000010", "800.1", "Queue", NULL);
  call = call_of (&ctx, "PJSIP/trunk-00000010");
  g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_WAITING);
  /* Without AppData the queue is not known yet. */
  g_assert_null (astrix_call_get_queue (call));
  feed_exten (&ctx, "PJSIP/trunk-00000010", "800.1", "Queue", "sales,,,,60");
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "sales");

  feed_new (&ctx, "Newchannel", "Local/1003@agents-00000011;1", "800.2", "800.1", "0", "4000",
            "<unknown>");
  feed_new (&ctx, "Newchannel", "Local/1003@agents-00000011;2", "800.3", "800.1", "4", "5550001",
            "Kim Lee");
  feed_new (&ctx, "Newchannel", "PJSIP/1003-00000012", "800.4", "800.1", "0", "1003", "Jo Agent");
  feed_new (&ctx, "Newstate", "PJSIP/1003-00000012", "800.4", "800.1", "5", "1003", "Jo Agent");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  assert_call (call, "Kim Lee", "5550001", "Jo Agent", "1003", ASTRIX_CALL_STATE_RINGING,
               "PJSIP/1003-00000012", 4);

  feed_new (&ctx, "Newstate", "PJSIP/1003-00000012", "800.4", "800.1", "6", "1003", "Jo Agent");
  feed_simple (&ctx, "BridgeEnter", "Local/1003@agents-00000011;2", "800.3", "BridgeUniqueid", "y");
  feed_simple (&ctx, "BridgeEnter", "PJSIP/1003-00000012", "800.4", "BridgeUniqueid", "y");
  feed_simple (&ctx, "BridgeEnter", "Local/1003@agents-00000011;1", "800.2", "BridgeUniqueid", "x");
  feed_simple (&ctx, "BridgeEnter", "PJSIP/trunk-00000010", "800.1", "BridgeUniqueid", "x");
  g_assert_cmpuint (n_calls (&ctx), ==, 1);
  g_assert_true (call_of (&ctx, "PJSIP/1003-00000012") == call);
  assert_call (call, "Kim Lee", "5550001", "Jo Agent", "1003", ASTRIX_CALL_STATE_TALKING,
               "PJSIP/1003-00000012", 4);
  g_assert_cmpstr (astrix_call_get_customer_channel (call), ==, "PJSIP/trunk-00000010");
  g_assert_cmpstr (astrix_call_get_queue (call), ==, "sales");
  ctx_clear (&ctx);
}

/* 25: the app's AudioSocket channels spying are never calls of the centre. */
static void
test_audiosocket_not_calls (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("25-audiosocket-spy.txt");
  guint seen = 0;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  ctx.own_known = TRUE;
  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);

      if (ami_message_get_kind (m) != AMI_MESSAGE_EVENT)
        continue;
      feed (&ctx, m);
      seen = MAX (seen, g_list_model_get_n_items (G_LIST_MODEL (ctx.channels)));
      g_assert_cmpuint (n_calls (&ctx), ==, 0);
    }
  g_assert_cmpuint (seen, ==, 1);
  g_assert_cmpuint (ctx.signals, ==, 0);
  ctx_clear (&ctx);
}

static gboolean
timed_out (gpointer data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

/* The app's path: no explicit flush; the main loop applies changes before the next frame. */
static void
test_main_loop (void)
{
  g_autoptr(AmiMessage) first = channel_event ("Newchannel", "PJSIP/trunk-00000020", "900.1",
                                               "900.1", "6", "5550002", "Ann Bee");
  g_autoptr(AmiMessage) second = channel_event ("Newchannel", "PJSIP/1004-00000021", "900.2",
                                                "900.1", "6", "1004", "Cy Agent");
  g_autoptr(AmiMessage) enter1 = ami_message_new ("Event", "BridgeEnter",
                                                  "Channel", "PJSIP/trunk-00000020",
                                                  "Uniqueid", "900.1", "BridgeUniqueid", "z", NULL);
  g_autoptr(AmiMessage) enter2 = ami_message_new ("Event", "BridgeEnter",
                                                  "Channel", "PJSIP/1004-00000021",
                                                  "Uniqueid", "900.2", "BridgeUniqueid", "z", NULL);
  guint timeout = g_timeout_add_seconds (10, timed_out, NULL);
  AstrixCall *call;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  astrix_channel_store_handle_event (ctx.channels, first);
  astrix_channel_store_handle_event (ctx.channels, second);
  while (n_calls (&ctx) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ctx.signals, ==, 1);
  call = call_of (&ctx, "PJSIP/1004-00000021");
  g_assert_true (call == call_of (&ctx, "PJSIP/trunk-00000020"));

  /* Bridging changes no list of channels: the call store's own idle applies it. */
  astrix_channel_store_handle_event (ctx.channels, enter1);
  astrix_channel_store_handle_event (ctx.channels, enter2);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  assert_call (call, "Ann Bee", "5550002", "Cy Agent", "1004", ASTRIX_CALL_STATE_TALKING,
               "PJSIP/1004-00000021", 2);
  g_assert_cmpuint (ctx.signals, ==, 1);

  g_source_remove (timeout);
  ctx_clear (&ctx);
}

/* A reconnect: the resync list drops a call that ended meanwhile and brings a new one. */
static void
test_reconnect_resync (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("06-coreshowchannels.txt");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  g_autoptr(AstrixCall) call2 = NULL;
  g_autoptr(AstrixCall) call3 = NULL;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  resync (&ctx, messages, 0);
  call2 = g_object_ref (call_of (&ctx, "Local/1002@sim-caller-00000002;2"));
  call3 = g_object_ref (call_of (&ctx, "Local/1003@sim-caller-00000004;2"));
  ctx.signals = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);

      if (ami_message_is (m, "Event", "CoreShowChannel") &&
          ami_message_is (m, "ActionID", "csc-1") &&
          strstr (ami_message_get (m, "Channel"), "/1001@") == NULL)
        g_ptr_array_add (items, ami_message_ref (m));
    }
  g_assert_cmpuint (items->len, ==, 8);
  g_ptr_array_add (items, ami_message_new ("Event", "CoreShowChannel",
                                           "Channel", "PJSIP/trunk-00000009",
                                           "ChannelState", "6", "CallerIDNum", "5550199",
                                           "CallerIDName", "New Customer",
                                           "Uniqueid", "1795667099.40",
                                           "Linkedid", "1795667099.40", "Application", "Dial",
                                           "ApplicationData", "PJSIP/1005", "Duration", "00:00:03",
                                           "BridgeId", "b-new", NULL));
  g_ptr_array_add (items, ami_message_new ("Event", "CoreShowChannel",
                                           "Channel", "PJSIP/1005-0000000a",
                                           "ChannelState", "6", "CallerIDNum", "1005",
                                           "CallerIDName", "Eve Agent", "Uniqueid", "1795667099.41",
                                           "Linkedid", "1795667099.40", "Application", "AppDial",
                                           "ApplicationData", "(Outgoing Line)",
                                           "Duration", "00:00:02", "BridgeId", "b-new", NULL));

  astrix_channel_store_begin_resync (ctx.channels);
  astrix_channel_store_finish_resync (ctx.channels, items);
  check_consistent (&ctx);

  /* One change of the list: the ended call out, the new one in; the others the same rows. */
  g_assert_cmpuint (ctx.signals, ==, 1);
  g_assert_cmpuint (n_calls (&ctx), ==, 3);
  g_assert_true (call_of (&ctx, "Local/1002@sim-agent-00000003;2") == call2);
  g_assert_true (call_of (&ctx, "Local/1003@sim-agent-00000005;2") == call3);
  assert_call (call_of (&ctx, "PJSIP/trunk-00000009"), "New Customer", "5550199", "Eve Agent",
               "1005", ASTRIX_CALL_STATE_TALKING, "PJSIP/1005-0000000a", 2);
  g_assert_cmpint (_astrix_call_get_state (call2), ==, ASTRIX_CALL_STATE_TALKING);

  g_clear_object (&call2);
  g_clear_object (&call3);
  ctx_clear (&ctx);
}

/* Calls that start and end as in a busy centre: each flush takes channels out from the front and
 * the middle of the channel store's list and adds others; the calls follow, and a channel that
 * only moved up keeps its call. */
static void
call_starts (Ctx  *ctx,
             guint n)
{
  g_autofree char *trunk = g_strdup_printf ("PJSIP/trunk-%08x", n);
  g_autofree char *phone = g_strdup_printf ("PJSIP/%u-%08x", 1000 + n % 100, n);
  g_autofree char *a = g_strdup_printf ("700.%u", 2 * n);
  g_autofree char *b = g_strdup_printf ("700.%u", 2 * n + 1);
  g_autofree char *bridge = g_strdup_printf ("bridge-%u", n);
  g_autoptr(AmiMessage) first = channel_event ("Newchannel", trunk, a, a, "6", "5550000",
                                               "Customer");
  g_autoptr(AmiMessage) second = channel_event ("Newchannel", phone, b, a, "6", "1000", "Agent");
  g_autoptr(AmiMessage) enter1 = ami_message_new ("Event", "BridgeEnter", "Channel", trunk,
                                                  "Uniqueid", a, "BridgeUniqueid", bridge, NULL);
  g_autoptr(AmiMessage) enter2 = ami_message_new ("Event", "BridgeEnter", "Channel", phone,
                                                  "Uniqueid", b, "BridgeUniqueid", bridge, NULL);

  astrix_channel_store_handle_event (ctx->channels, first);
  astrix_channel_store_handle_event (ctx->channels, second);
  astrix_channel_store_handle_event (ctx->channels, enter1);
  astrix_channel_store_handle_event (ctx->channels, enter2);
}

static void
call_ends (Ctx  *ctx,
           guint n)
{
  for (guint side = 0; side < 2; side++)
    {
      g_autofree char *uniqueid = g_strdup_printf ("700.%u", 2 * n + side);
      AstrixChannel *channel = astrix_channel_store_lookup (ctx->channels, uniqueid);
      g_autoptr(AmiMessage) hangup = ami_message_new ("Event", "Hangup", "Channel",
                                                      astrix_channel_get_name (channel),
                                                      "Uniqueid", uniqueid, NULL);

      astrix_channel_store_handle_event (ctx->channels, hangup);
    }
}

static void
test_busy_flushes (void)
{
  g_autoptr(AstrixCall) last = NULL;
  guint next = 0;
  guint live = 0;
  Ctx ctx;

  ctx_init (&ctx, NULL);
  for (; next < 40; next++, live++)
    call_starts (&ctx, next);
  flush (&ctx);
  g_assert_cmpuint (n_calls (&ctx), ==, 40);
  last = g_object_ref (call_of (&ctx, "PJSIP/trunk-00000027"));

  /* Each round: a call near the front of the list and two in the middle end, three start. */
  for (guint round = 0; round < 5; round++)
    {
      guint first = 3 * round;

      call_ends (&ctx, first);
      call_ends (&ctx, 10 + first);
      call_ends (&ctx, 20 + first);
      for (guint i = 0; i < 3; i++)
        call_starts (&ctx, next++);
      flush (&ctx);
      g_assert_cmpuint (n_calls (&ctx), ==, live);
      g_assert_null (astrix_channel_store_lookup (ctx.channels, "700.0"));
      /* the last call of the first list only moved up: the same call */
      g_assert_true (call_of (&ctx, "PJSIP/trunk-00000027") == last);
      g_assert_true (call_of (&ctx, "PJSIP/1039-00000027") == last);
    }
  ctx_clear (&ctx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-store/coreshowchannels", test_coreshowchannels);
  g_test_add_func ("/call-store/spy", test_spy);
  g_test_add_func ("/call-store/queue-answered", test_queue_answered);
  g_test_add_func ("/call-store/queue-without-dialplan", test_queue_without_dialplan);
  g_test_add_func ("/call-store/queue-abandon", test_queue_abandon);
  g_test_add_func ("/call-store/hangup-redirect", test_hangup_redirect);
  g_test_add_func ("/call-store/hangup-variants", test_hangup_variants);
  g_test_add_func ("/call-store/transfer-hold-rename", test_transfer_hold_rename);
  g_test_add_func ("/call-store/local-member-phone", test_local_member_phone);
  g_test_add_func ("/call-store/audiosocket-not-calls", test_audiosocket_not_calls);
  g_test_add_func ("/call-store/reconnect-resync", test_reconnect_resync);
  g_test_add_func ("/call-store/main-loop", test_main_loop);
  g_test_add_func ("/call-store/busy-flushes", test_busy_flushes);

  return g_test_run ();
}

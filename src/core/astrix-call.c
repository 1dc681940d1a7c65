/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-call-private.h"
#include "astrix-channel-private.h"
#include "astrix-core-enums.h"
#include "astrix-glib-private.h"

/*
 * One conversation of the call centre, as a supervisor sees it: a customer, an agent, the queue
 * the call came through, its state and who monitors it. The call store decides which channels
 * belong together; a call only derives what it shows from its channels (_astrix_call_refresh(),
 * O(channels of the call)), so it never holds AMI state of its own.
 *
 * Parties. The two halves of a Local channel (`Local/x@ctx-0001;1` and `;2`) are one party.
 * The customer is the party of the oldest channel (the lowest Uniqueid): the one that started
 * the conversation, whose Uniqueid is the call's Linkedid. The agent is the callee at the far
 * end of that call: of the other parties, one that is in a bridge (talking) before one that
 * is not (still ringing), and of those the newest (the highest Uniqueid), so that with a queue
 * member or a transfer through a Local channel (customer -> Local member -> the agent's phone)
 * it is the agent's phone, not the Local hop, and after a transfer the new agent. An outgoing
 * call placed by an agent is seen the other way round (the agent is its oldest party): without
 * queue membership nothing in the channels tells a phone from a trunk.
 *
 * The spy target is the agent party's channel that is in the bridge: the channel Asterisk's
 * ChanSpy with the `b` option accepts and the one the app spied on when a supervisor picked
 * the row of a bridged channel (capture 07: `Local/1001@sim-agent-00000001;1`, the dialled
 * half). While the agent's phone still rings, it is that party's `;1` half (the half the
 * caller's Dial or Queue bridges with) or its only channel.
 */

struct _AstrixCall
{
  GObject          parent_instance;

  char            *server;
  GListStore      *channels;        /* AstrixChannel, in the order they joined */
  char            *customer_name;
  char            *customer_number;
  char            *customer_channel;
  char            *agent_name;
  char            *agent_number;
  char            *agent_channel;
  char            *queue;           /* kept once known: the caller's Queue() may end first */
  AstrixCallState  state;
  gint64           started;
  char            *monitored_by;
  char            *spy_target;
  gboolean         outside_groups;  /* the agent's side (or every channel) is outside them */
  AstrixRecordingState recording;   /* the most of its channels': recording beats muted */
  gboolean         gone;
};

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_CUSTOMER_NAME,
  PROP_CUSTOMER_NUMBER,
  PROP_CUSTOMER_CHANNEL,
  PROP_AGENT_NAME,
  PROP_AGENT_NUMBER,
  PROP_AGENT_CHANNEL,
  PROP_QUEUE,
  PROP_STATE,
  PROP_STARTED,
  PROP_MONITORED_BY,
  PROP_MONITORED,
  PROP_RECORDING_STATE,
  PROP_SPY_TARGET,
  PROP_CHANNELS,
  PROP_CUSTOMER,
  PROP_AGENT,
  PROP_STATE_LABEL,
  PROP_OUTSIDE_GROUPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixCall, astrix_call, G_TYPE_OBJECT)

/* One party: a channel, or both halves of a Local channel. */
typedef struct
{
  AstrixChannel *first;   /* the half in a bridge, else the `;1` half, else the only channel */
  AstrixChannel *second;  /* the other half of a Local pair, or NULL */
} Party;

static void
set_field (AstrixCall  *self,
           char       **field,
           const char  *value,
           guint        prop)
{
  if (!_astrix_set_str (field, value))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  /* What the table shows of the parties follows their parts */
  if (prop == PROP_CUSTOMER_NAME || prop == PROP_CUSTOMER_NUMBER)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
  else if (prop == PROP_AGENT_NAME || prop == PROP_AGENT_NUMBER)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT]);
}

/* The length of a Local channel's name without its ";1"/";2", or 0 for any other channel. */
static gsize
local_base_length (AstrixChannel *channel)
{
  const char *name = astrix_channel_get_name (channel);
  gsize len = name != NULL ? strlen (name) : 0;

  if (len < 3 || !g_str_has_prefix (name, "Local/") || name[len - 2] != ';' ||
      (name[len - 1] != '1' && name[len - 1] != '2'))
    return 0;
  return len - 2;
}

static gboolean
same_local (AstrixChannel *a,
            AstrixChannel *b)
{
  gsize len = local_base_length (a);

  return len > 0 && len == local_base_length (b) &&
         strncmp (astrix_channel_get_name (a), astrix_channel_get_name (b), len) == 0;
}

/* Uniqueids are "<seconds>.<sequence>": compared as numbers, not as text (".10" > ".9"). */
int
_astrix_call_compare_uniqueid (AstrixChannel *a,
                               AstrixChannel *b)
{
  const char *ua = astrix_channel_get_uniqueid (a);
  const char *ub = astrix_channel_get_uniqueid (b);
  char *end_a, *end_b;
  guint64 sa = g_ascii_strtoull (ua, &end_a, 10);
  guint64 sb = g_ascii_strtoull (ub, &end_b, 10);
  guint64 qa = *end_a == '.' ? g_ascii_strtoull (end_a + 1, NULL, 10) : 0;
  guint64 qb = *end_b == '.' ? g_ascii_strtoull (end_b + 1, NULL, 10) : 0;

  if (sa != sb)
    return sa < sb ? -1 : 1;
  return qa < qb ? -1 : qa > qb ? 1 : 0;
}

static gboolean
is_bridged (AstrixChannel *channel)
{
  return channel != NULL && astrix_channel_get_bridge_id (channel) != NULL;
}

static gboolean
party_bridged (const Party *party)
{
  return is_bridged (party->first) || is_bridged (party->second);
}

static AstrixChannel *
party_newest (const Party *party)
{
  if (party->second != NULL && _astrix_call_compare_uniqueid (party->second, party->first) > 0)
    return party->second;
  return party->first;
}

static void
party_add (Party         *party,
           AstrixChannel *channel)
{
  party->second = channel;
  if (is_bridged (party->first))
    return;
  if (is_bridged (channel) || g_str_has_suffix (astrix_channel_get_name (channel), ";1"))
    {
      party->second = party->first;
      party->first = channel;
    }
}

static GArray *
collect_parties (AstrixCall *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->channels));
  GArray *parties = g_array_sized_new (FALSE, TRUE, sizeof (Party), n);

  for (guint i = 0; i < n; i++)
    {
      AstrixChannel *channel = _astrix_call_get_channel (self, i);
      guint p;

      for (p = 0; p < parties->len; p++)
        {
          Party *party = &g_array_index (parties, Party, p);

          if (party->second == NULL && same_local (party->first, channel))
            break;
        }
      if (p < parties->len)
        party_add (&g_array_index (parties, Party, p), channel);
      else
        g_array_append_val (parties, ((Party) { channel, NULL }));
    }
  return parties;
}

/* The customer: the party of the oldest channel. */
static const Party *
find_customer (GArray *parties)
{
  const Party *customer = NULL;
  AstrixChannel *oldest = NULL;

  for (guint p = 0; p < parties->len; p++)
    {
      const Party *party = &g_array_index (parties, Party, p);
      AstrixChannel *candidates[2] = { party->first, party->second };

      for (guint c = 0; c < 2; c++)
        {
          if (candidates[c] != NULL &&
              (oldest == NULL || _astrix_call_compare_uniqueid (candidates[c], oldest) < 0))
            {
              oldest = candidates[c];
              customer = party;
            }
        }
    }
  return customer;
}

/* The agent: of the other parties, a bridged one first, then the newest. */
static const Party *
find_agent (GArray      *parties,
            const Party *customer)
{
  const Party *agent = NULL;

  for (guint p = 0; p < parties->len; p++)
    {
      const Party *party = &g_array_index (parties, Party, p);

      if (party == customer)
        continue;
      if (agent == NULL || party_bridged (party) > party_bridged (agent) ||
          (party_bridged (party) == party_bridged (agent) &&
           _astrix_call_compare_uniqueid (party_newest (party), party_newest (agent)) > 0))
        agent = party;
    }
  return agent;
}

/*
 * The caller ID of a Local pair is best read on its `;2` half: that half runs the party's own
 * dialplan, which sets its CALLERID (capture 27: `;2` is "Agent 1003" <1003> while `;1`, the
 * line the queue dialled, carries the number the customer dialled, 5001).
 */
static const char *
first_of (const Party *party,
          const char  *(*get) (AstrixChannel *))
{
  AstrixChannel *inner, *outer;
  const char *value;

  if (party == NULL)
    return NULL;
  inner = party->first;
  outer = party->second;
  if (outer != NULL && g_str_has_suffix (astrix_channel_get_name (outer), ";2"))
    {
      inner = party->second;
      outer = party->first;
    }
  value = get (inner);
  if (value == NULL && outer != NULL)
    value = get (outer);
  return value;
}

/* A party's name and number from its caller ID, else from what the other side sees of it. */
static void
name_party (const Party  *party,
            const Party  *other,
            const char  **name,
            const char  **number)
{
  *name = first_of (party, astrix_channel_get_caller_name);
  *number = first_of (party, astrix_channel_get_caller_num);
  if (*name == NULL)
    *name = first_of (other, astrix_channel_get_connected_name);
  if (*number == NULL)
    *number = first_of (other, astrix_channel_get_connected_num);
}

static void
refresh_parties (AstrixCall *self)
{
  g_autoptr(GArray) parties = collect_parties (self);
  const Party *customer = find_customer (parties);
  const Party *agent = find_agent (parties, customer);
  const char *name = NULL, *number = NULL;

  name_party (customer, agent, &name, &number);
  set_field (self, &self->customer_name, name, PROP_CUSTOMER_NAME);
  set_field (self, &self->customer_number, number, PROP_CUSTOMER_NUMBER);
  set_field (self, &self->customer_channel,
             customer != NULL ? astrix_channel_get_name (customer->first) : NULL,
             PROP_CUSTOMER_CHANNEL);

  name = number = NULL;
  if (agent != NULL)
    name_party (agent, customer, &name, &number);
  set_field (self, &self->agent_name, name, PROP_AGENT_NAME);
  set_field (self, &self->agent_number, number, PROP_AGENT_NUMBER);
  name = agent != NULL ? astrix_channel_get_name (agent->first) : NULL;
  set_field (self, &self->agent_channel, name, PROP_AGENT_CHANNEL);
  set_field (self, &self->spy_target, name, PROP_SPY_TARGET);
}

static gboolean
runs_queue (AstrixChannel *channel)
{
  const char *application = astrix_channel_get_application (channel);

  return application != NULL && g_ascii_strcasecmp (application, "Queue") == 0;
}

/* Whether another channel of the call is in the same bridge: two parties connected. */
static gboolean
has_bridge_peer (AstrixCall    *self,
                 AstrixChannel *channel,
                 guint          n)
{
  const char *bridge = astrix_channel_get_bridge_id (channel);

  for (guint j = 0; bridge != NULL && j < n; j++)
    {
      AstrixChannel *other = _astrix_call_get_channel (self, j);

      if (other != channel && g_strcmp0 (astrix_channel_get_bridge_id (other), bridge) == 0)
        return TRUE;
    }
  return FALSE;
}

/*
 * Hold wins (a held call is still bridged), then a bridge of two of the call's channels
 * (talking), then a phone ringing (ChannelState 5, Ringing: the far end rings), then the
 * Queue application (waiting); anything not up yet rings, anything up talks (to the PBX).
 */
static AstrixCallState
derive_state (AstrixCall *self)
{
  guint n = _astrix_call_get_n_channels (self);
  gboolean ringing = FALSE, queued = FALSE, down = FALSE, talking = FALSE;

  for (guint i = 0; i < n; i++)
    {
      AstrixChannel *channel = _astrix_call_get_channel (self, i);

      if (astrix_channel_get_on_hold (channel))
        return ASTRIX_CALL_STATE_ON_HOLD;
      talking |= has_bridge_peer (self, channel, n);
      ringing |= astrix_channel_get_state (channel) == 5;
      queued |= runs_queue (channel);
      down |= astrix_channel_get_state (channel) != 6;
    }
  if (talking)
    return ASTRIX_CALL_STATE_TALKING;
  if (ringing)
    return ASTRIX_CALL_STATE_RINGING;
  if (queued)
    return ASTRIX_CALL_STATE_WAITING;
  return down ? ASTRIX_CALL_STATE_RINGING : ASTRIX_CALL_STATE_TALKING;
}

/*
 * Whether ChanSpy may not reach the call: the supervisor's spy groups are checked on the
 * channel spied on, the agent's side; while there is none (a caller in a queue), the call is
 * outside only when every channel is.
 */
static void
refresh_outside_groups (AstrixCall *self,
                        guint       n)
{
  gboolean outside = n > 0;

  for (guint i = 0; i < n; i++)
    {
      AstrixChannel *channel = _astrix_call_get_channel (self, i);

      if (self->spy_target != NULL)
        {
          if (g_strcmp0 (astrix_channel_get_name (channel), self->spy_target) == 0)
            {
              outside = astrix_channel_get_outside_groups (channel);
              break;
            }
        }
      else
        outside &= astrix_channel_get_outside_groups (channel);
    }
  if (outside != self->outside_groups)
    {
      self->outside_groups = outside;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTSIDE_GROUPS]);
    }
}

/* Recorded when any channel records unmuted; muted when every recording is muted. */
static void
refresh_recording (AstrixCall *self)
{
  AstrixRecordingState recording = ASTRIX_RECORDING_NONE;
  guint n = _astrix_call_get_n_channels (self);

  for (guint i = 0; i < n && recording != ASTRIX_RECORDING_ACTIVE; i++)
    {
      AstrixRecordingState state =
        astrix_channel_get_recording_state (_astrix_call_get_channel (self, i));

      if (state == ASTRIX_RECORDING_ACTIVE || recording == ASTRIX_RECORDING_NONE)
        recording = state;
    }
  if (recording == self->recording)
    return;
  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_STATE]);
}

static void
refresh_details (AstrixCall *self)
{
  guint n = _astrix_call_get_n_channels (self);
  g_autoptr(GString) monitored = g_string_new (NULL);
  gint64 started = G_MAXINT64;
  g_autofree char *queue = NULL;

  for (guint i = 0; i < n; i++)
    {
      AstrixChannel *channel = _astrix_call_get_channel (self, i);
      const char *by = astrix_channel_get_monitored_by (channel);
      const char *data = astrix_channel_get_application_data (channel);
      gint64 created = astrix_channel_get_created (channel);

      if (created > 0)
        started = MIN (started, created);
      /* Queue(name,options,...) */
      if (queue == NULL && runs_queue (channel) && data != NULL)
        queue = g_strndup (data, strcspn (data, ","));
      if (by != NULL && strstr (monitored->str, by) == NULL)
        g_string_append_printf (monitored, "%s%s", monitored->len > 0 ? ", " : "", by);
    }

  if (queue != NULL && queue[0] != '\0')
    set_field (self, &self->queue, queue, PROP_QUEUE);
  refresh_outside_groups (self, n);
  refresh_recording (self);
  if (started != G_MAXINT64 && started != self->started)
    {
      self->started = started;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }
  if (g_strcmp0 (self->monitored_by, monitored->len > 0 ? monitored->str : NULL) != 0)
    {
      gboolean was = self->monitored_by != NULL;

      set_field (self, &self->monitored_by, monitored->len > 0 ? monitored->str : NULL,
                 PROP_MONITORED_BY);
      if (was != (self->monitored_by != NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITORED]);
    }
}

/* Derives everything the call shows from its channels, notifying what changed. */
void
_astrix_call_refresh (AstrixCall *self)
{
  AstrixCallState state;

  if (_astrix_call_get_n_channels (self) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  refresh_parties (self);
  refresh_details (self);
  state = derive_state (self);
  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_astrix_call_add_channel (AstrixCall    *self,
                          AstrixChannel *channel)
{
  g_list_store_append (self->channels, channel);
}

/* Returns: whether the channel was one of the call's */
gboolean
_astrix_call_remove_channel (AstrixCall    *self,
                             AstrixChannel *channel)
{
  guint position;

  if (!g_list_store_find (self->channels, channel, &position))
    return FALSE;
  g_list_store_remove (self->channels, position);
  return TRUE;
}

guint
_astrix_call_get_n_channels (AstrixCall *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->channels));
}

/* Returns: (transfer none): the channel at @position */
AstrixChannel *
_astrix_call_get_channel (AstrixCall *self,
                          guint       position)
{
  /* A GListStore hands out references; the store keeps its own, so this one can go now. */
  AstrixChannel *channel = g_list_model_get_item (G_LIST_MODEL (self->channels), position);

  g_object_unref (channel);
  return channel;
}

gboolean
_astrix_call_get_gone (AstrixCall *self)
{
  return self->gone;
}

void
_astrix_call_set_gone (AstrixCall *self,
                       gboolean    gone)
{
  self->gone = gone;
}

const char *
astrix_call_get_server (AstrixCall *self)
{
  return self->server;
}

/* Returns: (nullable): the customer's name, from caller ID (or the agent's connected line) */
const char *
astrix_call_get_customer_name (AstrixCall *self)
{
  return self->customer_name;
}

const char *
astrix_call_get_customer_number (AstrixCall *self)
{
  return self->customer_number;
}

/* Returns: (nullable): the customer party's channel (the one in the bridge if any) */
const char *
astrix_call_get_customer_channel (AstrixCall *self)
{
  return self->customer_channel;
}

/* Returns: (nullable): the agent's name; %NULL while no agent is on the call (in a queue) */
const char *
astrix_call_get_agent_name (AstrixCall *self)
{
  return self->agent_name;
}

const char *
astrix_call_get_agent_number (AstrixCall *self)
{
  return self->agent_number;
}

const char *
astrix_call_get_agent_channel (AstrixCall *self)
{
  return self->agent_channel;
}

/* Returns: (nullable): the queue the call came through, from the caller's Queue() */
const char *
astrix_call_get_queue (AstrixCall *self)
{
  return self->queue;
}

AstrixCallState
_astrix_call_get_state (AstrixCall *self)
{
  return self->state;
}

/* Returns: when the call's oldest channel came up, in g_get_real_time() microseconds */
gint64
astrix_call_get_started (AstrixCall *self)
{
  return self->started;
}

/* Returns: (nullable): who monitors the call (any of its channels), for display */
const char *
astrix_call_get_monitored_by (AstrixCall *self)
{
  return self->monitored_by;
}

gboolean
_astrix_call_is_monitored (AstrixCall *self)
{
  return self->monitored_by != NULL;
}

/**
 * astrix_call_get_spy_target:
 *
 * Returns: (nullable): the exact name of the channel to give ChanSpy to listen to, whisper to
 *   or barge in on the agent (see the rule at the top of this file); %NULL while the call has
 *   no agent (a customer waiting in a queue)
 */
const char *
astrix_call_get_spy_target (AstrixCall *self)
{
  return self->spy_target;
}

/* Returns: (transfer full) (nullable): the customer as "Name <number>", for display */
char *
astrix_call_dup_customer (AstrixCall *self)
{
  return _astrix_name_and_number (self->customer_name, self->customer_number);
}

/* Returns: (transfer full) (nullable): the agent as "Name <number>"; %NULL while none */
char *
astrix_call_dup_agent (AstrixCall *self)
{
  return _astrix_name_and_number (self->agent_name, self->agent_number);
}

/* Returns: the state in the supervisor's words */
const char *
astrix_call_get_state_label (AstrixCall *self)
{
  switch (self->state)
    {
    case ASTRIX_CALL_STATE_WAITING:
      return C_("call state", "Waiting in queue");
    case ASTRIX_CALL_STATE_TALKING:
      return C_("call state", "Talking");
    case ASTRIX_CALL_STATE_ON_HOLD:
      return C_("call state", "On hold");
    case ASTRIX_CALL_STATE_RINGING:
    default:
      return C_("call state", "Ringing");
    }
}

/* Returns: whether Asterisk would refuse the supervisor's ChanSpy on it (spy groups) */
gboolean
astrix_call_get_outside_groups (AstrixCall *self)
{
  return self->outside_groups;
}

/* Returns: whether the call is being recorded (by any of its channels' MixMonitors), and
 *   whether that recording is muted */
AstrixRecordingState
astrix_call_get_recording_state (AstrixCall *self)
{
  g_return_val_if_fail (ASTRIX_IS_CALL (self), ASTRIX_RECORDING_NONE);

  return self->recording;
}

/* Returns: (transfer none): the call's #AstrixChannel<!-- -->s, for a details pane */
GListModel *
astrix_call_get_channels (AstrixCall *self)
{
  return G_LIST_MODEL (self->channels);
}

static void
astrix_call_finalize (GObject *object)
{
  AstrixCall *self = ASTRIX_CALL (object);

  g_clear_object (&self->channels);
  g_free (self->server);
  g_free (self->customer_name);
  g_free (self->customer_number);
  g_free (self->customer_channel);
  g_free (self->agent_name);
  g_free (self->agent_number);
  g_free (self->agent_channel);
  g_free (self->queue);
  g_free (self->monitored_by);
  g_free (self->spy_target);

  G_OBJECT_CLASS (astrix_call_parent_class)->finalize (object);
}

static void
astrix_call_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AstrixCall *self = ASTRIX_CALL (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;
    case PROP_CUSTOMER_NUMBER:
      g_value_set_string (value, self->customer_number);
      break;
    case PROP_CUSTOMER_CHANNEL:
      g_value_set_string (value, self->customer_channel);
      break;
    case PROP_AGENT_NAME:
      g_value_set_string (value, self->agent_name);
      break;
    case PROP_AGENT_NUMBER:
      g_value_set_string (value, self->agent_number);
      break;
    case PROP_AGENT_CHANNEL:
      g_value_set_string (value, self->agent_channel);
      break;
    case PROP_QUEUE:
      g_value_set_string (value, self->queue);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STARTED: g_value_set_int64 (value, self->started); break;
    case PROP_MONITORED_BY:
      g_value_set_string (value, self->monitored_by);
      break;
    case PROP_MONITORED:
      g_value_set_boolean (value, self->monitored_by != NULL);
      break;
    case PROP_RECORDING_STATE:
      g_value_set_enum (value, self->recording);
      break;
    case PROP_SPY_TARGET:
      g_value_set_string (value, self->spy_target);
      break;
    case PROP_CHANNELS:
      g_value_set_object (value, self->channels);
      break;
    case PROP_CUSTOMER:
      g_value_take_string (value, astrix_call_dup_customer (self));
      break;
    case PROP_AGENT:
      g_value_take_string (value, astrix_call_dup_agent (self));
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, astrix_call_get_state_label (self));
      break;
    case PROP_OUTSIDE_GROUPS:
      g_value_set_boolean (value, self->outside_groups);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
astrix_call_class_init (AstrixCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_call_finalize;
  object_class->get_property = astrix_call_get_property;

  properties[PROP_SERVER] = string_prop ("server");
  properties[PROP_CUSTOMER_NAME] = string_prop ("customer-name");
  properties[PROP_CUSTOMER_NUMBER] = string_prop ("customer-number");
  properties[PROP_CUSTOMER_CHANNEL] = string_prop ("customer-channel");
  properties[PROP_AGENT_NAME] = string_prop ("agent-name");
  properties[PROP_AGENT_NUMBER] = string_prop ("agent-number");
  properties[PROP_AGENT_CHANNEL] = string_prop ("agent-channel");
  properties[PROP_QUEUE] = string_prop ("queue");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ASTRIX_TYPE_CALL_STATE, ASTRIX_CALL_STATE_RINGING,
                       flags);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MONITORED_BY] = string_prop ("monitored-by");
  properties[PROP_MONITORED] = g_param_spec_boolean ("monitored", NULL, NULL, FALSE, flags);
  properties[PROP_RECORDING_STATE] =
    g_param_spec_enum ("recording-state", NULL, NULL, ASTRIX_TYPE_RECORDING_STATE,
                       ASTRIX_RECORDING_NONE, flags);
  properties[PROP_SPY_TARGET] = string_prop ("spy-target");
  properties[PROP_CHANNELS] =
    g_param_spec_object ("channels", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  /* For the table: the parties as "Name <number>", the state in words */
  properties[PROP_CUSTOMER] = string_prop ("customer");
  properties[PROP_AGENT] = string_prop ("agent");
  properties[PROP_STATE_LABEL] = string_prop ("state-label");
  properties[PROP_OUTSIDE_GROUPS] =
    g_param_spec_boolean ("outside-groups", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_call_init (AstrixCall *self)
{
  self->channels = g_list_store_new (ASTRIX_TYPE_CHANNEL);
  self->state = ASTRIX_CALL_STATE_RINGING;
}

AstrixCall *
_astrix_call_new (const char *server)
{
  AstrixCall *self = g_object_new (ASTRIX_TYPE_CALL, NULL);

  self->server = g_strdup (server);
  return self;
}

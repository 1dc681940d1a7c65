/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-channel.h"
#include "astrix-core-enums.h"
#include "astrix-glib-private.h"
#include "astrix-queue-private.h"

/*
 * One agent: a queue member *interface*, however many queues it is in (one row for an agent
 * in support and sales). Built from QueueStatus's QueueMember items and then only from events
 * (QueueMember*, AgentConnect / AgentComplete / AgentRingNoAnswer), by AstrixQueueStore.
 *
 * Its state is derived here: the device state (Status, the same in every queue since it is
 * the StateInterface's), whether it is paused, and wrap-up. Time in state is the store's clock
 * at the event that changed it.
 */

typedef struct
{
  char     *queue;
  gboolean  dynamic;       /* Membership: dynamic (QueueAdd) or static (queues.conf) */
  int       penalty;
  guint     calls_taken;   /* Asterisk's CallsTaken, since the member entry was made */
  gint64    last_call;     /* LastCall, epoch seconds of the PBX, 0 = never */
  gint64    last_pause;    /* LastPause, epoch seconds, kept after unpausing */
  gint64    login_time;
  gboolean  in_call;       /* InCall: on a call from *this* queue */
  gboolean  paused;
  char     *paused_reason;
  guint     wrap_up;       /* the wrap-up time that applies in this queue, s */
} Membership;

struct _AstrixAgent
{
  GObject           parent_instance;

  char             *interface;
  char             *name;
  char             *state_interface;
  int               status;          /* the device state, 0-8, as Asterisk numbers them */
  GPtrArray        *memberships;     /* Membership, in the order the PBX listed them */
  AstrixAgentState  state;
  gint64            state_since;
  gint64            last_call_end;   /* when the last queue call ended */
  gint64            wrap_up_until;   /* derived: last_call_end + the queue's wrap-up time */
  char             *paused_reason;   /* of the latest pause */
  char             *call_caller;
  char             *call_queue;
  char             *call_channel;    /* the member's channel in the call (DestChannel) */
  char             *call_uniqueid;   /* the caller's channel in the queue */
  gint64            call_since;
  guint             taken_today;
  guint             missed_today;
  gboolean          monitored;
  /* What the state is derived from changed since it was last derived (or the wrap-up time
   * was reached or left): the store re-derives only these agents on each event. */
  gboolean          dirty;
  gboolean          in_wrap_up_time; /* at the last derivation: now < wrap_up_until */
};

enum {
  PROP_0,
  PROP_INTERFACE,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_STATE_SINCE,
  PROP_PAUSED_REASON,
  PROP_QUEUES,
  PROP_CALL_CALLER,
  PROP_CALL_QUEUE,
  PROP_CALL_SINCE,
  PROP_CALLS_TAKEN_TODAY,
  PROP_CALLS_MISSED_TODAY,
  PROP_MONITORED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixAgent, astrix_agent, G_TYPE_OBJECT)

static void
membership_free (Membership *m)
{
  g_free (m->queue);
  g_free (m->paused_reason);
  g_free (m);
}

static void
notify (AstrixAgent *self,
        guint        prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_string (AstrixAgent  *self,
            char        **field,
            const char   *value,
            guint         prop)
{
  if (_astrix_set_str (field, value) && prop != PROP_0)
    notify (self, prop);
}

static gint64
number (AmiMessage *message,
        const char *key)
{
  const char *value = ami_message_get (message, key);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static Membership *
find_membership (AstrixAgent *self,
                 const char  *queue)
{
  for (guint i = 0; i < self->memberships->len; i++)
    {
      Membership *m = g_ptr_array_index (self->memberships, i);

      if (g_strcmp0 (m->queue, queue) == 0)
        return m;
    }
  return NULL;
}

AstrixAgent *
_astrix_agent_new (const char *interface)
{
  AstrixAgent *self = g_object_new (ASTRIX_TYPE_AGENT, NULL);

  self->interface = g_strdup (interface);
  self->name = g_strdup (interface);
  return self;
}

/*
 * A QueueMember list item (Name, Location) or a QueueMember* event (MemberName, Interface):
 * the member's entry in one queue. @live: from an event (the times it changes are now), not
 * from a QueueStatus after a login (the times are the PBX's LastCall / LastPause).
 */
void
_astrix_agent_take_member (AstrixAgent *self,
                           AmiMessage  *member,
                           gint64       now,
                           guint        queue_wrap_up,
                           gboolean     live)
{
  const char *queue = ami_message_get (member, "Queue");
  const char *name = ami_message_get (member, "MemberName") ?: ami_message_get (member, "Name");
  Membership *m = find_membership (self, queue);
  gint64 last_call = number (member, "LastCall");
  gint64 last_pause = number (member, "LastPause");
  gboolean paused = number (member, "Paused") != 0;
  guint own_wrap_up = number (member, "Wrapuptime");
  gboolean was_paused;
  gboolean new_call;
  gboolean known = m != NULL;

  if (queue == NULL)
    return;
  self->dirty = TRUE;
  if (m == NULL)
    {
      m = g_new0 (Membership, 1);
      m->queue = g_strdup (queue);
      g_ptr_array_add (self->memberships, m);
      notify (self, PROP_QUEUES);
    }
  was_paused = m->paused;
  new_call = last_call > m->last_call;

  m->dynamic = ami_message_is (member, "Membership", "dynamic");
  m->penalty = number (member, "Penalty");
  m->calls_taken = number (member, "CallsTaken");
  m->last_call = last_call;
  m->last_pause = last_pause;
  m->login_time = number (member, "LoginTime");
  m->in_call = number (member, "InCall") != 0;
  m->paused = paused;
  m->wrap_up = own_wrap_up > 0 ? own_wrap_up : queue_wrap_up;
  g_free (m->paused_reason);
  m->paused_reason = g_strdup (paused ? ami_message_get (member, "PausedReason") : NULL);

  if (name != NULL)
    set_string (self, &self->name, name, PROP_NAME);
  set_string (self, &self->state_interface, ami_message_get (member, "StateInterface"), PROP_0);
  self->status = number (member, "Status");
  if (paused && (live || !was_paused))
    set_string (self, &self->paused_reason, m->paused_reason, PROP_PAUSED_REASON);

  /* Wrap-up is not an AMI state: Asterisk only says when the last call ended (LastCall) and
   * sends no event when the wrap-up time is over. Live, AgentComplete starts it; for a member
   * the app meets for the first time, or after a login, it ran from the PBX's LastCall. */
  if (new_call && !(live && known) && m->wrap_up > 0)
    {
      gint64 end = last_call * G_USEC_PER_SEC;

      if (end + (gint64) m->wrap_up * G_USEC_PER_SEC > self->wrap_up_until)
        {
          self->last_call_end = end;
          self->wrap_up_until = end + (gint64) m->wrap_up * G_USEC_PER_SEC;
        }
    }
}

/* Returns: whether the agent was in @queue */
gboolean
_astrix_agent_remove_queue (AstrixAgent *self,
                            const char  *queue)
{
  Membership *m = find_membership (self, queue);

  if (m == NULL)
    return FALSE;
  self->dirty = TRUE;
  g_ptr_array_remove (self->memberships, m);
  notify (self, PROP_QUEUES);
  return TRUE;
}

/* Before a resync: the PBX's list says again which queues the agent is in. */
void
_astrix_agent_clear_queues (AstrixAgent *self)
{
  if (self->memberships->len == 0)
    return;
  self->dirty = TRUE;
  g_ptr_array_set_size (self->memberships, 0);
  notify (self, PROP_QUEUES);
}

static char *
caller_of (AmiMessage *event)
{
  g_autofree char *name = astrix_unescape_caller_name (ami_message_get (event, "CallerIDName"));
  const char *num = ami_message_get (event, "CallerIDNum");
  gboolean has_name = name != NULL && name[0] != '\0' && g_strcmp0 (name, "<unknown>") != 0;
  gboolean has_num = num != NULL && num[0] != '\0' && g_strcmp0 (num, "<unknown>") != 0;

  if (has_name && has_num)
    return g_strdup_printf ("%s <%s>", name, num);
  if (has_name)
    return g_steal_pointer (&name);
  return g_strdup (has_num ? num : "");
}

/* AgentConnect: the agent took a queue call. */
void
_astrix_agent_call_connected (AstrixAgent *self,
                              AmiMessage  *event,
                              gint64       now)
{
  g_autofree char *caller = caller_of (event);

  set_string (self, &self->call_caller, caller, PROP_CALL_CALLER);
  set_string (self, &self->call_queue, ami_message_get (event, "Queue"), PROP_CALL_QUEUE);
  set_string (self, &self->call_channel, ami_message_get (event, "DestChannel"), PROP_0);
  set_string (self, &self->call_uniqueid, ami_message_get (event, "Uniqueid"), PROP_0);
  self->call_since = now;
  notify (self, PROP_CALL_SINCE);
  self->taken_today++;
  notify (self, PROP_CALLS_TAKEN_TODAY);
}

/* AgentComplete: the call is over; wrap-up starts now. */
void
_astrix_agent_call_ended (AstrixAgent *self,
                          AmiMessage  *event,
                          gint64       now,
                          guint        queue_wrap_up)
{
  Membership *m = find_membership (self, ami_message_get (event, "Queue"));
  guint wrap_up = m != NULL ? m->wrap_up : queue_wrap_up;

  set_string (self, &self->call_caller, NULL, PROP_CALL_CALLER);
  set_string (self, &self->call_queue, NULL, PROP_CALL_QUEUE);
  set_string (self, &self->call_channel, NULL, PROP_0);
  set_string (self, &self->call_uniqueid, NULL, PROP_0);
  if (self->call_since != 0)
    {
      self->call_since = 0;
      notify (self, PROP_CALL_SINCE);
    }
  _astrix_agent_set_monitored (self, FALSE);
  self->dirty = TRUE;
  self->last_call_end = now;
  self->wrap_up_until = now + (gint64) wrap_up * G_USEC_PER_SEC;
}

/* AgentRingNoAnswer: a queue call rang this agent and was not answered. */
void
_astrix_agent_count_missed (AstrixAgent *self)
{
  self->missed_today++;
  notify (self, PROP_CALLS_MISSED_TODAY);
}

void
_astrix_agent_reset_today (AstrixAgent *self)
{
  if (self->taken_today != 0)
    {
      self->taken_today = 0;
      notify (self, PROP_CALLS_TAKEN_TODAY);
    }
  if (self->missed_today != 0)
    {
      self->missed_today = 0;
      notify (self, PROP_CALLS_MISSED_TODAY);
    }
}

void
_astrix_agent_set_monitored (AstrixAgent *self,
                             gboolean     monitored)
{
  if (self->monitored == monitored)
    return;
  self->monitored = monitored;
  notify (self, PROP_MONITORED);
}

static gboolean
paused_everywhere (AstrixAgent *self)
{
  for (guint i = 0; i < self->memberships->len; i++)
    {
      Membership *m = g_ptr_array_index (self->memberships, i);

      if (!m->paused)
        return FALSE;
    }
  return self->memberships->len > 0;
}

static AstrixAgentState
derive_state (AstrixAgent *self,
              gint64       now)
{
  if (self->memberships->len == 0)
    return ASTRIX_AGENT_LOGGED_OUT;

  /* The phone comes first: a paused member rung directly still rings and talks (36). */
  switch (self->status)
    {
    case 2: /* INUSE */
    case 3: /* BUSY */
      return ASTRIX_AGENT_IN_CALL;
    case 6: /* RINGING */
    case 7: /* RINGINUSE */
      return ASTRIX_AGENT_RINGING;
    case 8: /* ONHOLD */
      return ASTRIX_AGENT_ON_HOLD;
    default:
      break;
    }
  if (paused_everywhere (self))
    return ASTRIX_AGENT_PAUSED;
  if (self->status == 4 || self->status == 5) /* INVALID, UNAVAILABLE */
    return ASTRIX_AGENT_UNAVAILABLE;
  if (now < self->wrap_up_until)
    return ASTRIX_AGENT_WRAP_UP;
  return ASTRIX_AGENT_AVAILABLE;
}

/* After a login the PBX's own times say best since when: LastPause for a pause, otherwise
 * the latest of LastCall, LastPause and LoginTime; a call in progress has none. */
static gint64
pbx_since (AstrixAgent      *self,
           AstrixAgentState  state,
           gint64            now)
{
  gint64 latest = 0;

  if (state == ASTRIX_AGENT_WRAP_UP)
    return self->last_call_end;
  if (state != ASTRIX_AGENT_PAUSED && state != ASTRIX_AGENT_AVAILABLE &&
      state != ASTRIX_AGENT_UNAVAILABLE)
    return now;
  for (guint i = 0; i < self->memberships->len; i++)
    {
      Membership *m = g_ptr_array_index (self->memberships, i);

      latest = MAX (latest, m->last_pause);
      if (state != ASTRIX_AGENT_PAUSED)
        latest = MAX (latest, MAX (m->last_call, m->login_time));
    }
  return latest > 0 ? MIN (latest * G_USEC_PER_SEC, now) : now;
}

/*
 * Re-derives the state at @now. A new state starts now when @live (an event changed it), or
 * at the PBX's own times after a login; the same state keeps its start. Wrap-up starts at the
 * end of the call, and the availability after it when the wrap-up time ran out.
 *
 * Returns: whether the state changed
 */
gboolean
_astrix_agent_update_state (AstrixAgent *self,
                            gint64       now,
                            gboolean     live)
{
  AstrixAgentState state = derive_state (self, now);
  gint64 since = live ? now : pbx_since (self, state, now);

  self->dirty = FALSE;
  self->in_wrap_up_time = now < self->wrap_up_until;

  if (state == self->state && self->state_since != 0)
    return FALSE;
  if (state == ASTRIX_AGENT_WRAP_UP)
    since = self->last_call_end;
  else if (state == ASTRIX_AGENT_AVAILABLE && self->state == ASTRIX_AGENT_WRAP_UP &&
           self->wrap_up_until <= now)
    since = self->wrap_up_until;
  self->state = state;
  self->state_since = since;
  notify (self, PROP_STATE);
  notify (self, PROP_STATE_LABEL);
  notify (self, PROP_STATE_SINCE);
  notify (self, PROP_PAUSED_REASON);
  return TRUE;
}

/*
 * Whether _astrix_agent_update_state() at @now could change anything: what the state is
 * derived from changed since, or the clock crossed the end of the wrap-up time. The state
 * depends on the time only there, so skipping the others changes nothing.
 */
gboolean
_astrix_agent_needs_update (AstrixAgent *self,
                            gint64       now)
{
  return self->dirty || self->state_since == 0 ||
         (now < self->wrap_up_until) != self->in_wrap_up_time;
}

/* The queues the agent is in, by index (the store counts each queue's agents with them). */
guint
_astrix_agent_get_n_queues (AstrixAgent *self)
{
  return self->memberships->len;
}

const char *
_astrix_agent_get_queue (AstrixAgent *self,
                         guint        index)
{
  return ((Membership *) g_ptr_array_index (self->memberships, index))->queue;
}

/*
 * Whether the agent counts in @queue as available, busy (ringing, in a call, on hold or in
 * wrap-up) or paused. Returns: whether it is logged in there (in the queue and its device
 * neither UNAVAILABLE nor INVALID, as Asterisk's QueueSummary counts LoggedIn).
 */
gboolean
_astrix_agent_counts_in (AstrixAgent *self,
                         const char  *queue,
                         gboolean    *available,
                         gboolean    *busy,
                         gboolean    *paused)
{
  Membership *m = find_membership (self, queue);

  *available = *busy = *paused = FALSE;
  if (m == NULL || self->status == 4 || self->status == 5)
    return FALSE;
  switch (self->state)
    {
    case ASTRIX_AGENT_RINGING:
    case ASTRIX_AGENT_IN_CALL:
    case ASTRIX_AGENT_ON_HOLD:
    case ASTRIX_AGENT_WRAP_UP:
      *busy = TRUE;
      break;
    default:
      *paused = m->paused;
      *available = !m->paused;
      break;
    }
  return TRUE;
}

const char *
astrix_agent_get_interface (AstrixAgent *self)
{
  return self->interface;
}

/* Returns: the member name (the interface when the PBX has none) */
const char *
astrix_agent_get_name (AstrixAgent *self)
{
  return self->name;
}

const char *
astrix_agent_get_state_interface (AstrixAgent *self)
{
  return self->state_interface;
}

/* Returns: the device state as Asterisk numbers it (0 UNKNOWN ... 8 ONHOLD) */
int
astrix_agent_get_device_status (AstrixAgent *self)
{
  return self->status;
}

AstrixAgentState
astrix_agent_get_state (AstrixAgent *self)
{
  return self->state;
}

const char *
astrix_agent_get_state_label (AstrixAgent *self)
{
  switch (self->state)
    {
    case ASTRIX_AGENT_AVAILABLE:
      return C_("agent state", "Available");
    case ASTRIX_AGENT_RINGING:
      return C_("agent state", "Ringing");
    case ASTRIX_AGENT_IN_CALL:
      return C_("agent state", "In a call");
    case ASTRIX_AGENT_ON_HOLD:
      return C_("agent state", "On hold");
    case ASTRIX_AGENT_PAUSED:
      return C_("agent state", "Paused");
    case ASTRIX_AGENT_WRAP_UP:
      return C_("agent state", "Wrap-up");
    case ASTRIX_AGENT_UNAVAILABLE:
      return C_("agent state", "Unavailable");
    case ASTRIX_AGENT_LOGGED_OUT:
    default:
      return C_("agent state", "Logged out");
    }
}

/* Returns: when the agent entered its state, wall-clock microseconds of the store's clock */
gint64
astrix_agent_get_state_since (AstrixAgent *self)
{
  return self->state_since;
}

/* Returns: when the wrap-up after the last queue call ends (derived), or 0 */
gint64
astrix_agent_get_wrap_up_until (AstrixAgent *self)
{
  return self->wrap_up_until;
}

/* Returns: (nullable): why the agent is paused, while paused */
const char *
astrix_agent_get_paused_reason (AstrixAgent *self)
{
  return self->state == ASTRIX_AGENT_PAUSED ? self->paused_reason : NULL;
}

/* Returns: (transfer full): the queues the agent is in */
char **
astrix_agent_dup_queues (AstrixAgent *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **queues;

  for (guint i = 0; i < self->memberships->len; i++)
    g_strv_builder_add (builder, ((Membership *) g_ptr_array_index (self->memberships, i))->queue);
  queues = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return queues;
}

gboolean
_astrix_agent_is_in_queue (AstrixAgent *self,
                          const char  *queue)
{
  return find_membership (self, queue) != NULL;
}

gboolean
_astrix_agent_is_paused_in (AstrixAgent *self,
                           const char  *queue)
{
  Membership *m = find_membership (self, queue);

  return m != NULL && m->paused;
}

/* Returns: the penalty in @queue, or -1 when the agent is not in it */
int
_astrix_agent_get_penalty (AstrixAgent *self,
                          const char  *queue)
{
  Membership *m = find_membership (self, queue);

  return m != NULL ? m->penalty : -1;
}

/* Returns: whether the agent was added with QueueAdd (and may be removed with QueueRemove) */
gboolean
_astrix_agent_is_dynamic (AstrixAgent *self,
                         const char  *queue)
{
  Membership *m = find_membership (self, queue);

  return m != NULL && m->dynamic;
}

/* Returns: Asterisk's CallsTaken over all the agent's queues (since each entry was made) */
guint
_astrix_agent_get_pbx_calls_taken (AstrixAgent *self)
{
  guint taken = 0;

  for (guint i = 0; i < self->memberships->len; i++)
    taken += ((Membership *) g_ptr_array_index (self->memberships, i))->calls_taken;
  return taken;
}

/* Returns: (nullable): the customer of the current queue call ("Name <number>") */
const char *
astrix_agent_get_call_caller (AstrixAgent *self)
{
  return self->call_caller;
}

/* Returns: (nullable): the queue of the current call */
const char *
astrix_agent_get_call_queue (AstrixAgent *self)
{
  return self->call_queue;
}

/* Returns: (nullable): the agent's channel in the current queue call */
const char *
astrix_agent_get_call_channel (AstrixAgent *self)
{
  return self->call_channel;
}

/* Returns: when the current queue call was answered, or 0 */
gint64
astrix_agent_get_call_since (AstrixAgent *self)
{
  return self->call_since;
}

/* Returns: queue calls answered since local midnight (the app's count) */
guint
astrix_agent_get_calls_taken_today (AstrixAgent *self)
{
  return self->taken_today;
}

/* Returns: queue calls that rang this agent unanswered since local midnight (the app's count) */
guint
astrix_agent_get_calls_missed_today (AstrixAgent *self)
{
  return self->missed_today;
}

/* Returns: whether a supervisor listens to (or talks into) the agent's call */
gboolean
astrix_agent_get_monitored (AstrixAgent *self)
{
  return self->monitored;
}

static void
astrix_agent_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AstrixAgent *self = ASTRIX_AGENT (object);

  switch (prop_id)
    {
    case PROP_INTERFACE:
      g_value_set_string (value, self->interface);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, astrix_agent_get_state_label (self));
      break;
    case PROP_STATE_SINCE:
      g_value_set_int64 (value, self->state_since);
      break;
    case PROP_PAUSED_REASON:
      g_value_set_string (value, astrix_agent_get_paused_reason (self));
      break;
    case PROP_QUEUES:
      g_value_take_boxed (value, astrix_agent_dup_queues (self));
      break;
    case PROP_CALL_CALLER:
      g_value_set_string (value, self->call_caller);
      break;
    case PROP_CALL_QUEUE:
      g_value_set_string (value, self->call_queue);
      break;
    case PROP_CALL_SINCE:
      g_value_set_int64 (value, self->call_since);
      break;
    case PROP_CALLS_TAKEN_TODAY:
      g_value_set_uint (value, self->taken_today);
      break;
    case PROP_CALLS_MISSED_TODAY:
      g_value_set_uint (value, self->missed_today);
      break;
    case PROP_MONITORED:
      g_value_set_boolean (value, self->monitored);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_agent_finalize (GObject *object)
{
  AstrixAgent *self = ASTRIX_AGENT (object);

  g_ptr_array_unref (self->memberships);
  g_free (self->interface);
  g_free (self->name);
  g_free (self->state_interface);
  g_free (self->paused_reason);
  g_free (self->call_caller);
  g_free (self->call_queue);
  g_free (self->call_channel);
  g_free (self->call_uniqueid);

  G_OBJECT_CLASS (astrix_agent_parent_class)->finalize (object);
}

static void
astrix_agent_class_init (AstrixAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_agent_finalize;
  object_class->get_property = astrix_agent_get_property;

  properties[PROP_INTERFACE] = g_param_spec_string ("interface", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, ASTRIX_TYPE_AGENT_STATE,
                                              ASTRIX_AGENT_LOGGED_OUT, flags);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_STATE_SINCE] = g_param_spec_int64 ("state-since", NULL, NULL, 0, G_MAXINT64, 0,
                                                     flags);
  properties[PROP_PAUSED_REASON] = g_param_spec_string ("paused-reason", NULL, NULL, NULL, flags);
  properties[PROP_QUEUES] = g_param_spec_boxed ("queues", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CALL_CALLER] = g_param_spec_string ("call-caller", NULL, NULL, NULL, flags);
  properties[PROP_CALL_QUEUE] = g_param_spec_string ("call-queue", NULL, NULL, NULL, flags);
  properties[PROP_CALL_SINCE] = g_param_spec_int64 ("call-since", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  properties[PROP_CALLS_TAKEN_TODAY] = g_param_spec_uint ("calls-taken-today", NULL, NULL,
                                                          0, G_MAXUINT, 0, flags);
  properties[PROP_CALLS_MISSED_TODAY] = g_param_spec_uint ("calls-missed-today", NULL, NULL,
                                                           0, G_MAXUINT, 0, flags);
  properties[PROP_MONITORED] = g_param_spec_boolean ("monitored", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_agent_init (AstrixAgent *self)
{
  self->memberships = g_ptr_array_new_with_free_func ((GDestroyNotify) membership_free);
  self->dirty = TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-queue-store"

#include "config.h"

#include <string.h>

#include "astrix-glib-private.h"
#include "astrix-queue-private.h"
#include "astrix-queue-store.h"

/*
 * The queues of one PBX as a GListModel, and their agents (astrix_queue_store_get_agents()).
 * Both come from one QueueStatus after each login (QueueParams, QueueMember, QueueEntry) and
 * then only from events: QueueCallerJoin / Leave / Abandon, QueueMember* and Agent*. The app
 * never polls QueueStatus on events: it has crashed Asterisk for others.
 *
 * Queue events are read class `agent`, but QueueStatus needs no class at all: a user without
 * `read = agent` gets a full QueueStatus and then never hears of a change. Nothing at login
 * says which classes the user reads, so the store watches for it: the device state changes
 * (class `call`) of the members' state interfaces come with QueueMemberStatus events within
 * moments for a user who reads `agent`; when they keep coming alone, the store empties itself
 * and says that queue data needs `read = agent` (#AstrixQueueStore:needs-agent-read).
 *
 * The app's "today" counters live in the queue and agent objects, which a resync updates in
 * place: they survive reconnections and PBX restarts, and start again at local midnight.
 */

#define FLUSH_INTERVAL_MS      16
#define AGENT_EVENT_GRACE_USEC (3 * G_USEC_PER_SEC)
#define RESYNC_TIMEOUT_MS      30000

struct _AstrixQueueStore
{
  GObject           parent_instance;

  GPtrArray        *items;          /* AstrixQueue, the visible list */
  GPtrArray        *next;           /* AstrixQueue, the list at the next flush */
  GHashTable       *by_name;        /* queue name -> AstrixQueue (in next) */
  AstrixAgentStore *agents;
  GHashTable       *spying;         /* spyer uniqueid -> agent interface */
  GHashTable       *left;           /* callers gone since the resync began (NULL outside) */
  GHashTable       *joined;         /* callers come since the resync began (NULL outside) */
  guint             default_wrap_up;
  AstrixClockFunc   clock;
  gpointer          clock_data;
  int               day;            /* the local date of the counters, yyyymmdd */
  /* The local day that holds the store's clock as last read, and its bounds (microseconds):
   * finding the local date costs GLib a readlink and a stat of /etc/localtime, and the date
   * is wanted on every event. */
  int               known_day;
  gint64            known_day_start;
  gint64            known_day_end;

  gboolean          agent_seen;     /* an event of class agent came since the login */
  gint64            unmatched_since;/* a device change came without its queue event */
  gboolean          needs_agent_read;

  guint             flush_source;
  guint             timer_source;   /* the next wrap-up end, or the agent-read check */
};

enum {
  PROP_0,
  PROP_NEEDS_AGENT_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void astrix_queue_store_list_model_init (GListModelInterface *iface);
static void schedule_timer                     (AstrixQueueStore    *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixQueueStore, astrix_queue_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_queue_store_list_model_init))

static GType
astrix_queue_store_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_QUEUE;
}

static guint
astrix_queue_store_get_n_items (GListModel *model)
{
  return ASTRIX_QUEUE_STORE (model)->items->len;
}

static gpointer
astrix_queue_store_get_item (GListModel *model,
                             guint       position)
{
  AstrixQueueStore *self = ASTRIX_QUEUE_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
astrix_queue_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_queue_store_get_item_type;
  iface->get_n_items = astrix_queue_store_get_n_items;
  iface->get_item = astrix_queue_store_get_item;
}

/* Returns: the store's wall clock, microseconds */
gint64
_astrix_queue_store_now (AstrixQueueStore *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
}

/* The agents' counts per queue: one pass over the agents' queues once a frame, not one per
 * event, nor one over every agent for each queue. */
static void
update_counts (AstrixQueueStore *self)
{
  GPtrArray *agents = _astrix_agent_store_all (self->agents);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *counts = g_new0 (guint, 4 * self->next->len);

  for (guint q = 0; q < self->next->len; q++)
    g_hash_table_insert (index,
                         (gpointer) astrix_queue_get_name (g_ptr_array_index (self->next, q)),
                         GUINT_TO_POINTER (q + 1));
  for (guint a = 0; a < agents->len; a++)
    {
      AstrixAgent *agent = g_ptr_array_index (agents, a);

      for (guint i = 0; i < _astrix_agent_get_n_queues (agent); i++)
        {
          const char *name = _astrix_agent_get_queue (agent, i);
          guint q = GPOINTER_TO_UINT (g_hash_table_lookup (index, name));
          gboolean available, busy, paused;

          if (q == 0 || !_astrix_agent_counts_in (agent, name, &available, &busy, &paused))
            continue;
          counts[4 * (q - 1)] += available;
          counts[4 * (q - 1) + 1] += busy;
          counts[4 * (q - 1) + 2] += paused;
          counts[4 * (q - 1) + 3]++;
        }
    }
  for (guint q = 0; q < self->next->len; q++)
    _astrix_queue_set_agent_counts (g_ptr_array_index (self->next, q), counts[4 * q],
                                    counts[4 * q + 1], counts[4 * q + 2], counts[4 * q + 3]);
}

static void
apply_flush (AstrixQueueStore *self)
{
  update_counts (self);
  _astrix_list_model_replace (G_LIST_MODEL (self), self->items, self->next);
  astrix_agent_store_flush (self->agents);
  schedule_timer (self);
}

/* Applies what came and went and the agents' counts, now (tests, the end of a resync). */
void
_astrix_queue_store_flush (AstrixQueueStore *self)
{
  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  apply_flush (self);
}

static gboolean
flush_timeout (gpointer data)
{
  AstrixQueueStore *self = data;

  self->flush_source = 0;
  apply_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (AstrixQueueStore *self)
{
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (FLUSH_INTERVAL_MS, flush_timeout, self);
}

static AstrixQueue *
ensure_queue (AstrixQueueStore *self,
              const char       *name)
{
  AstrixQueue *queue = g_hash_table_lookup (self->by_name, name);

  if (queue != NULL)
    return queue;
  queue = _astrix_queue_new (name, self->default_wrap_up);
  g_ptr_array_add (self->next, queue);
  g_hash_table_insert (self->by_name, g_strdup (name), queue);
  return queue;
}

static void
remove_queue (AstrixQueueStore *self,
              AstrixQueue      *queue)
{
  g_hash_table_remove (self->by_name, astrix_queue_get_name (queue));
  g_ptr_array_remove (self->next, queue);
}

static guint
wrap_up_of (AstrixQueueStore *self,
            const char       *queue)
{
  AstrixQueue *q = queue != NULL ? g_hash_table_lookup (self->by_name, queue) : NULL;

  return q != NULL ? astrix_queue_get_wrap_up_time (q) : self->default_wrap_up;
}

/* The local date of @now, as yyyymmdd. */
static int
day_of (gint64 now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);

  if (time == NULL)
    return 0;
  return g_date_time_get_year (time) * 10000 + g_date_time_get_month (time) * 100 +
         g_date_time_get_day_of_month (time);
}

static gint64 next_midnight (gint64 now);

/* day_of (@now), looked up once a day: the known day's bounds are kept. */
static int
local_day (AstrixQueueStore *self,
           gint64            now)
{
  gint64 end;

  if (self->known_day != 0 && now >= self->known_day_start && now < self->known_day_end)
    return self->known_day;
  end = next_midnight (now);
  self->known_day = day_of (now);
  /* The day began at the previous midnight: the next one's, from a moment of yesterday
   * (days of 23 and 25 hours included) */
  self->known_day_start = next_midnight (end - (gint64) 26 * 3600 * G_USEC_PER_SEC);
  if (self->known_day_start > now)
    self->known_day_start = now / G_USEC_PER_SEC * G_USEC_PER_SEC;
  self->known_day_end = end;
  return self->known_day;
}

/* At local midnight the app's counters start again, and yesterday's logged-out agents go. */
static void
check_day (AstrixQueueStore *self,
           gint64            now)
{
  int day = local_day (self, now);
  GPtrArray *agents = _astrix_agent_store_all (self->agents);
  g_autoptr(GPtrArray) gone = NULL;

  if (day == self->day)
    return;
  if (self->day != 0)
    {
      gone = g_ptr_array_new ();
      for (guint i = 0; i < self->next->len; i++)
        _astrix_queue_reset_today (g_ptr_array_index (self->next, i));
      for (guint i = 0; i < agents->len; i++)
        {
          AstrixAgent *agent = g_ptr_array_index (agents, i);

          _astrix_agent_reset_today (agent);
          if (astrix_agent_get_state (agent) == ASTRIX_AGENT_LOGGED_OUT)
            g_ptr_array_add (gone, agent);
        }
      for (guint i = 0; i < gone->len; i++)
        _astrix_agent_store_remove (self->agents, g_ptr_array_index (gone, i));
    }
  self->day = day;
}

/* Re-derives the state of the agents whose state may have changed (an event about them, or
 * the end of a wrap-up time): on every event, so not the others. */
static void
update_agents (AstrixQueueStore *self,
               gint64            now,
               gboolean          live)
{
  GPtrArray *agents = _astrix_agent_store_all (self->agents);

  for (guint i = 0; i < agents->len; i++)
    {
      AstrixAgent *agent = g_ptr_array_index (agents, i);

      if (_astrix_agent_needs_update (agent, now))
        _astrix_agent_update_state (agent, now, live);
    }
  schedule_flush (self);
}

/* Forgets every queue and agent; the app's counters go too. */
static void
forget_all (AstrixQueueStore *self)
{
  g_hash_table_remove_all (self->by_name);
  g_hash_table_remove_all (self->spying);
  g_ptr_array_set_size (self->next, 0);
  _astrix_agent_store_clear (self->agents);
  _astrix_queue_store_flush (self);
}

/* While the user lacks `read = agent` the store stays empty (tests set it directly). */
void
_astrix_queue_store_set_needs_agent_read (AstrixQueueStore *self,
                                          gboolean          needs)
{
  if (needs)
    forget_all (self);
  if (self->needs_agent_read == needs)
    return;
  self->needs_agent_read = needs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_AGENT_READ]);
}

static void
check_agent_read (AstrixQueueStore *self,
                  gint64            now)
{
  if (self->agent_seen || self->unmatched_since == 0 || self->needs_agent_read)
    return;
  if (now - self->unmatched_since >= AGENT_EVENT_GRACE_USEC)
    {
      g_debug ("Device states change with no queue events: the user lacks read = agent");
      _astrix_queue_store_set_needs_agent_read (self, TRUE);
    }
}

/**
 * _astrix_queue_store_refresh:
 *
 * What changes with time alone, at the store's clock: a wrap-up time that ran out, local
 * midnight, and queue events that should have come. The store runs it from a timer; tests
 * with their own clock call it.
 */
void
_astrix_queue_store_refresh (AstrixQueueStore *self)
{
  gint64 now;

  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  now = _astrix_queue_store_now (self);
  check_day (self, now);
  check_agent_read (self, now);
  update_agents (self, now, TRUE);
  schedule_timer (self);
}

static gboolean
timer_timeout (gpointer data)
{
  AstrixQueueStore *self = data;

  self->timer_source = 0;
  _astrix_queue_store_refresh (self);
  return G_SOURCE_REMOVE;
}

/* The next local midnight after @now, wall-clock microseconds. */
static gint64
next_midnight (gint64 now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;

  if (time == NULL)
    return G_MAXINT64;
  midnight = g_date_time_new_local (g_date_time_get_year (time), g_date_time_get_month (time),
                                    g_date_time_get_day_of_month (time), 0, 0, 0);
  next = g_date_time_add_days (midnight, 1);
  return g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

/* Wakes up at the next wrap-up end, to see whether queue events came after all, or at local
 * midnight (a new day for the counters). */
static void
schedule_timer (AstrixQueueStore *self)
{
  GPtrArray *agents = _astrix_agent_store_all (self->agents);
  gint64 now = _astrix_queue_store_now (self);
  gint64 next = G_MAXINT64;

  for (guint i = 0; i < agents->len; i++)
    {
      AstrixAgent *agent = g_ptr_array_index (agents, i);

      if (astrix_agent_get_state (agent) == ASTRIX_AGENT_WRAP_UP)
        next = MIN (next, astrix_agent_get_wrap_up_until (agent));
    }
  if (!self->agent_seen && self->unmatched_since != 0 && !self->needs_agent_read)
    next = MIN (next, self->unmatched_since + AGENT_EVENT_GRACE_USEC);
  if (self->next->len > 0)
    {
      local_day (self, now);
      next = MIN (next, self->known_day_end);
    }

  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (next != G_MAXINT64)
    self->timer_source = g_timeout_add (CLAMP ((next - now) / 1000 + 1, 1, G_MAXUINT),
                                        timer_timeout, self);
}

/* Device states Asterisk reports by name (DeviceStateChange), as member Status numbers. */
static int
status_of_state (const char *state)
{
  static const char *names[] = { "UNKNOWN", "NOT_INUSE", "INUSE", "BUSY", "INVALID",
                                 "UNAVAILABLE", "RINGING", "RINGINUSE", "ONHOLD" };

  return _astrix_name_index (names, G_N_ELEMENTS (names), state);
}

/* A device change (class call) that a user with read agent hears about as a queue event too:
 * a member's state interface changing state, or a queue starting to ring. */
static void
watch_device (AstrixQueueStore *self,
              AmiMessage       *event,
              gint64            now)
{
  const char *device = ami_message_get (event, "Device");
  const char *state = ami_message_get (event, "State");
  GPtrArray *agents = _astrix_agent_store_all (self->agents);
  gboolean unmatched = FALSE;

  if (self->agent_seen || self->unmatched_since != 0 || device == NULL)
    return;
  if (g_str_has_prefix (device, "Queue:"))
    unmatched = g_strcmp0 (state, "RINGING") == 0 &&
                g_hash_table_contains (self->by_name, device + strlen ("Queue:"));
  for (guint i = 0; i < agents->len && !unmatched; i++)
    {
      AstrixAgent *agent = g_ptr_array_index (agents, i);

      unmatched = g_strcmp0 (astrix_agent_get_state_interface (agent), device) == 0 &&
                  astrix_agent_get_state (agent) != ASTRIX_AGENT_LOGGED_OUT &&
                  status_of_state (state) != astrix_agent_get_device_status (agent);
    }
  if (unmatched)
    {
      self->unmatched_since = now;
      schedule_timer (self);
    }
}

/* Whether @a and @b are the two halves of one Local channel ("...;1" and "...;2"). */
static gboolean
sibling_halves (const char *a,
                const char *b)
{
  gsize length = a != NULL ? strlen (a) : 0;

  return length > 2 && length == strlen (b) && a[length - 2] == ';' && b[length - 2] == ';' &&
         strncmp (a, b, length - 1) == 0;
}

/* The agent on a channel: the member's channel in its queue call, its other half, or a
 * channel of its device (PJSIP/1001 -> PJSIP/1001-00000002). */
static AstrixAgent *
agent_of_channel (AstrixQueueStore *self,
                  const char       *channel)
{
  GPtrArray *agents = _astrix_agent_store_all (self->agents);

  for (guint i = 0; channel != NULL && i < agents->len; i++)
    {
      AstrixAgent *agent = g_ptr_array_index (agents, i);
      const char *call = astrix_agent_get_call_channel (agent);
      const char *interface = astrix_agent_get_interface (agent);
      g_autofree char *device = g_strdup (interface);
      gsize length = strlen (device);

      if (g_str_has_suffix (device, "/n"))
        device[length - 2] = '\0';
      if (g_strcmp0 (call, channel) == 0 || sibling_halves (call, channel))
        return agent;
      if (g_str_has_prefix (channel, device) && channel[strlen (device)] == '-')
        return agent;
    }
  return NULL;
}

static void
handle_spy (AstrixQueueStore *self,
            AmiMessage       *event,
            gboolean          start)
{
  const char *spyer = ami_message_get (event, "SpyerUniqueid");
  const char *interface;
  AstrixAgent *agent;

  if (spyer == NULL)
    return;
  if (start)
    {
      agent = agent_of_channel (self, ami_message_get (event, "SpyeeChannel"));
      if (agent == NULL)
        return;
      g_hash_table_insert (self->spying, g_strdup (spyer),
                           g_strdup (astrix_agent_get_interface (agent)));
      _astrix_agent_set_monitored (agent, TRUE);
      return;
    }
  interface = g_hash_table_lookup (self->spying, spyer);
  agent = interface != NULL ? astrix_agent_store_lookup (self->agents, interface) : NULL;
  g_hash_table_remove (self->spying, spyer);
  if (agent != NULL)
    _astrix_agent_set_monitored (agent, FALSE);
}

static void
handle_member (AstrixQueueStore *self,
               const char       *name,
               AmiMessage       *event,
               gint64            now)
{
  const char *queue = ami_message_get (event, "Queue");
  const char *interface = ami_message_get (event, "Interface");
  AstrixAgent *agent;

  if (queue == NULL || interface == NULL)
    return;
  if (strcmp (name, "QueueMemberRemoved") == 0)
    {
      agent = astrix_agent_store_lookup (self->agents, interface);
      if (agent != NULL)
        _astrix_agent_remove_queue (agent, queue);
      return;
    }
  ensure_queue (self, queue);
  agent = _astrix_agent_store_ensure (self->agents, interface);
  _astrix_agent_take_member (agent, event, now, wrap_up_of (self, queue), TRUE);
}

static void
handle_agent_call (AstrixQueueStore *self,
                   const char       *name,
                   AmiMessage       *event,
                   gint64            now)
{
  const char *queue = ami_message_get (event, "Queue");
  const char *interface = ami_message_get (event, "Interface");
  AstrixAgent *agent = interface != NULL ? _astrix_agent_store_ensure (self->agents, interface)
                                         : NULL;
  AstrixQueue *q = queue != NULL ? ensure_queue (self, queue) : NULL;

  if (agent == NULL || q == NULL)
    return;
  if (strcmp (name, "AgentConnect") == 0)
    {
      _astrix_queue_count_connect (q, event);
      _astrix_agent_call_connected (agent, event, now);
    }
  else if (strcmp (name, "AgentComplete") == 0)
    {
      _astrix_queue_count_complete (q, event);
      _astrix_agent_call_ended (agent, event, now, astrix_queue_get_wrap_up_time (q));
    }
  else if (strcmp (name, "AgentRingNoAnswer") == 0)
    _astrix_agent_count_missed (agent);
}

static void
handle_caller (AstrixQueueStore *self,
               const char       *name,
               AmiMessage       *event,
               gint64            now)
{
  const char *queue = ami_message_get (event, "Queue");
  const char *uniqueid = ami_message_get (event, "Uniqueid");
  AstrixQueue *q;

  if (queue == NULL || uniqueid == NULL)
    return;
  q = ensure_queue (self, queue);
  if (strcmp (name, "QueueCallerJoin") == 0)
    {
      _astrix_queue_caller_join (q, event, now);
      if (self->joined != NULL)
        g_hash_table_add (self->joined, g_strdup (uniqueid));
    }
  else if (strcmp (name, "QueueCallerAbandon") == 0)
    _astrix_queue_count_abandon (q, event);
  else if (strcmp (name, "QueueCallerLeave") == 0)
    {
      _astrix_queue_caller_leave (q, uniqueid);
      if (self->left != NULL)
        g_hash_table_add (self->left, g_strdup (uniqueid));
    }
}

static gboolean
is_agent_class (AmiMessage *event)
{
  const char *privilege = ami_message_get (event, "Privilege");

  return privilege != NULL && (g_str_has_prefix (privilege, "agent,") ||
                               strcmp (privilege, "agent") == 0);
}

static void
dispatch (AstrixQueueStore *self,
          const char       *name,
          AmiMessage       *event,
          gint64            now)
{
  if (g_str_has_prefix (name, "QueueMember"))
    handle_member (self, name, event, now);
  else if (g_str_has_prefix (name, "QueueCaller"))
    handle_caller (self, name, event, now);
  else if (g_str_has_prefix (name, "Agent"))
    handle_agent_call (self, name, event, now);
  else if (strcmp (name, "ChanSpyStart") == 0)
    handle_spy (self, event, TRUE);
  else if (strcmp (name, "ChanSpyStop") == 0)
    handle_spy (self, event, FALSE);
  else if (strcmp (name, "DeviceStateChange") == 0)
    watch_device (self, event, now);
  else
    return;
  update_agents (self, now, TRUE);
}

/**
 * astrix_queue_store_handle_event:
 *
 * Applies one AMI event; events that are not about queues, agents or monitoring are ignored.
 */
void
astrix_queue_store_handle_event (AstrixQueueStore *self,
                                 AmiMessage       *event)
{
  const char *name = ami_message_get_name (event);
  gint64 now;

  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  if (name == NULL || ami_message_get_kind (event) != AMI_MESSAGE_EVENT)
    return;
  now = _astrix_queue_store_now (self);
  check_day (self, now);
  if (is_agent_class (event))
    {
      self->agent_seen = TRUE;
      self->unmatched_since = 0;
    }
  check_agent_read (self, now);
  if (self->needs_agent_read)
    return;
  dispatch (self, name, event, now);
}

/**
 * _astrix_queue_store_begin_resync:
 *
 * Call when QueueStatus is sent after a login: callers who leave meanwhile are remembered, so
 * the list cannot bring them back; and the user's read class is looked at afresh.
 */
void
_astrix_queue_store_begin_resync (AstrixQueueStore *self)
{
  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  g_clear_pointer (&self->left, g_hash_table_unref);
  g_clear_pointer (&self->joined, g_hash_table_unref);
  self->left = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->joined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->agent_seen = FALSE;
  self->unmatched_since = 0;
  g_hash_table_remove_all (self->spying);
  if (self->needs_agent_read)
    {
      self->needs_agent_read = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_AGENT_READ]);
    }
}

static void
take_entry (AstrixQueueStore *self,
            AmiMessage       *item,
            GHashTable       *callers,
            gint64            now)
{
  const char *queue = ami_message_get (item, "Queue");
  const char *wait = ami_message_get (item, "Wait");
  const char *uniqueid = ami_message_get (item, "Uniqueid");
  gint64 joined = now - (wait != NULL ? g_ascii_strtoll (wait, NULL, 10) : 0) * G_USEC_PER_SEC;
  GPtrArray *list;

  if (queue == NULL || (self->left != NULL && uniqueid != NULL &&
                        g_hash_table_contains (self->left, uniqueid)))
    return;
  list = g_hash_table_lookup (callers, queue);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (callers, g_strdup (queue), list);
    }
  g_ptr_array_add (list, _astrix_queue_caller_new (queue, item, joined));
}

/* Callers who joined after the list was made (their events came before it ended) stay. */
static void
keep_joined (AstrixQueueStore *self,
             AstrixQueue      *queue,
             GPtrArray        *list)
{
  GListModel *callers = astrix_queue_get_callers (queue);

  for (guint i = 0; self->joined != NULL && i < g_list_model_get_n_items (callers); i++)
    {
      g_autoptr(AstrixQueueCaller) caller = g_list_model_get_item (callers, i);
      const char *uniqueid = astrix_queue_caller_get_uniqueid (caller);
      gboolean listed = FALSE;

      if (!g_hash_table_contains (self->joined, uniqueid))
        continue;
      for (guint j = 0; j < list->len && !listed; j++)
        listed = g_strcmp0 (astrix_queue_caller_get_uniqueid (g_ptr_array_index (list, j)),
                            uniqueid) == 0;
      if (!listed)
        g_ptr_array_add (list, g_object_ref (caller));
    }
}

static void
take_items (AstrixQueueStore *self,
            GPtrArray        *items,
            GHashTable       *listed,
            GHashTable       *callers,
            gint64            now)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      AmiMessage *item = g_ptr_array_index (items, i);
      const char *queue = ami_message_get (item, "Queue");
      const char *location = ami_message_get (item, "Location");

      if (queue == NULL)
        continue;
      if (ami_message_is (item, "Event", "QueueParams"))
        {
          _astrix_queue_take_params (ensure_queue (self, queue), item);
          g_hash_table_add (listed, g_strdup (queue));
        }
      else if (ami_message_is (item, "Event", "QueueMember") && location != NULL)
        _astrix_agent_take_member (_astrix_agent_store_ensure (self->agents, location), item,
                                   now, wrap_up_of (self, queue), FALSE);
      else if (ami_message_is (item, "Event", "QueueEntry"))
        take_entry (self, item, callers, now);
    }
}

/**
 * _astrix_queue_store_finish_resync:
 * @items: (nullable) (element-type AmiMessage): the QueueStatus list, or %NULL when it failed
 *
 * Makes the store what the PBX says: queues and their Asterisk counters, which queues each
 * agent is in and how, the waiting callers. Queue and agent objects are kept (the app's
 * counters with them); agents in no queue any more are logged out.
 */
void
_astrix_queue_store_finish_resync (AstrixQueueStore *self,
                                  GPtrArray        *items)
{
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) vanished = g_ptr_array_new ();
  GPtrArray *agents = _astrix_agent_store_all (self->agents);
  gint64 now = _astrix_queue_store_now (self);

  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  check_day (self, now);
  if (items != NULL && !self->needs_agent_read)
    {
      for (guint i = 0; i < agents->len; i++)
        _astrix_agent_clear_queues (g_ptr_array_index (agents, i));
      take_items (self, items, listed, callers, now);
      for (guint i = 0; i < self->next->len; i++)
        {
          AstrixQueue *queue = g_ptr_array_index (self->next, i);
          GPtrArray *list = g_hash_table_lookup (callers, astrix_queue_get_name (queue));
          g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);

          if (!g_hash_table_contains (listed, astrix_queue_get_name (queue)))
            {
              g_ptr_array_add (vanished, queue);
              continue;
            }
          if (list == NULL)
            list = none;
          keep_joined (self, queue, list);
          _astrix_queue_set_callers (queue, list);
        }
      for (guint i = 0; i < vanished->len; i++)
        remove_queue (self, g_ptr_array_index (vanished, i));
      update_agents (self, now, FALSE);
    }
  g_clear_pointer (&self->left, g_hash_table_unref);
  g_clear_pointer (&self->joined, g_hash_table_unref);
  _astrix_queue_store_flush (self);
  schedule_timer (self);
}

static void
resync_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AstrixQueueStore) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  &items, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (response == NULL)
    g_debug ("QueueStatus failed: %s", error->message);
  /* Without the list the events still bring queues and agents in as they change. */
  _astrix_queue_store_finish_resync (self, response != NULL ? items : NULL);
}

/**
 * astrix_queue_store_resync:
 * @client: logged in
 * @cancellable: (nullable): cancels the resync (the store is left as it was)
 *
 * After a login: one QueueStatus (no Queue, no Member: the whole of it), which every user may
 * send, applied with _astrix_queue_store_finish_resync().
 */
void
astrix_queue_store_resync (AstrixQueueStore *self,
                           AmiClient        *client,
                           GCancellable     *cancellable)
{
  g_autoptr(AmiAction) status = ami_action_new ("QueueStatus");

  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));
  g_return_if_fail (AMI_IS_CLIENT (client));

  _astrix_queue_store_begin_resync (self);
  ami_client_send_action_full_async (client, status, RESYNC_TIMEOUT_MS, cancellable, resync_done,
                                     g_object_ref (self));
}

/* Forgets every queue and agent (the server is gone for good). */
void
astrix_queue_store_clear (AstrixQueueStore *self)
{
  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  forget_all (self);
  g_clear_handle_id (&self->timer_source, g_source_remove);
}

/* Returns: (transfer none) (nullable): the queue of that name */
AstrixQueue *
_astrix_queue_store_lookup (AstrixQueueStore *self,
                           const char       *name)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUE_STORE (self), NULL);

  return g_hash_table_lookup (self->by_name, name);
}

/* Returns: (transfer none): the agents, one per member interface */
AstrixAgentStore *
astrix_queue_store_get_agents (AstrixQueueStore *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUE_STORE (self), NULL);

  return self->agents;
}

/* Returns: whether the user cannot see queue events (manager.conf lacks read = agent) */
gboolean
astrix_queue_store_get_needs_agent_read (AstrixQueueStore *self)
{
  g_return_val_if_fail (ASTRIX_IS_QUEUE_STORE (self), FALSE);

  return self->needs_agent_read;
}

/**
 * _astrix_queue_store_set_clock:
 * @func: (nullable): the wall clock; %NULL: g_get_real_time()
 *
 * For tests: every time the store records (state changes, joins, wrap-up, midnight) is read
 * from @func.
 */
void
_astrix_queue_store_set_clock (AstrixQueueStore *self,
                              AstrixClockFunc   func,
                              gpointer          user_data)
{
  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (self));

  self->clock = func;
  self->clock_data = user_data;
  self->known_day = 0;
  self->day = local_day (self, _astrix_queue_store_now (self));
}

/* The wrap-up time of queues the store meets from now on (the site's default), seconds. */
static void
astrix_queue_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AstrixQueueStore *self = ASTRIX_QUEUE_STORE (object);

  switch (prop_id)
    {
    case PROP_NEEDS_AGENT_READ:
      g_value_set_boolean (value, self->needs_agent_read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_queue_store_finalize (GObject *object)
{
  AstrixQueueStore *self = ASTRIX_QUEUE_STORE (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->spying, g_hash_table_unref);
  g_clear_pointer (&self->left, g_hash_table_unref);
  g_clear_pointer (&self->joined, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->next, g_ptr_array_unref);
  g_clear_object (&self->agents);

  G_OBJECT_CLASS (astrix_queue_store_parent_class)->finalize (object);
}

static void
astrix_queue_store_class_init (AstrixQueueStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = astrix_queue_store_finalize;
  object_class->get_property = astrix_queue_store_get_property;

  properties[PROP_NEEDS_AGENT_READ] =
    g_param_spec_boolean ("needs-agent-read", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_queue_store_init (AstrixQueueStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->next = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->spying = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->agents = _astrix_agent_store_new ();
  self->day = local_day (self, g_get_real_time ());
}

/* @default_wrap_up: the wrap-up time of each queue, seconds, until set per queue */
AstrixQueueStore *
astrix_queue_store_new (guint default_wrap_up)
{
  AstrixQueueStore *self = g_object_new (ASTRIX_TYPE_QUEUE_STORE, NULL);

  self->default_wrap_up = default_wrap_up;
  return self;
}

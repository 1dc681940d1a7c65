/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "astrix-queue-private.h"

/*
 * One queue of the PBX: its waiting callers (a GListModel in position order), the agents'
 * counts the store works out from the agents, and two sets of statistics kept apart:
 *
 * - the app's own, since local midnight: answered, abandoned, average wait and talk, service
 *   level. They live in this object, which a reconnection updates in place, so they survive
 *   one (and an Asterisk restart);
 * - Asterisk's (QueueParams: Completed, Abandoned, Holdtime, TalkTime, ServicelevelPerf),
 *   which run since Asterisk last loaded or reset the queue. They are taken from QueueStatus
 *   after each login and then followed from the events the way app_queue.c counts, since the
 *   app never polls QueueStatus.
 */

struct _AstrixQueue
{
  GObject     parent_instance;

  char       *name;
  char       *strategy;
  guint       service_level;       /* ServiceLevel, seconds (queues.conf servicelevel) */
  guint       wrap_up_time;        /* a setting: AMI does not report the queue's wrapuptime */
  GListStore *callers;             /* AstrixQueueCaller, in position order */

  guint       available;
  guint       busy;
  guint       paused;
  guint       logged_in;

  /* the app's, since local midnight */
  guint       answered;
  guint       answered_in_sl;
  guint       abandoned;
  guint       completed;
  guint64     wait_total;          /* seconds, over the answered calls */
  guint64     talk_total;          /* seconds, over the completed calls */

  /* Asterisk's, since its last reset */
  guint       pbx_completed;
  guint       pbx_abandoned;
  guint       pbx_completed_in_sl;
  guint       pbx_abandoned_in_sl;
  guint       pbx_hold_time;       /* running averages, seconds */
  guint       pbx_talk_time;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_WRAP_UP_TIME,
  PROP_N_WAITING,
  PROP_LONGEST_WAIT_SINCE,
  PROP_AGENTS_AVAILABLE,
  PROP_AGENTS_BUSY,
  PROP_AGENTS_PAUSED,
  PROP_AGENTS_LOGGED_IN,
  PROP_ANSWERED_TODAY,
  PROP_ABANDONED_TODAY,
  PROP_AVERAGE_WAIT_TODAY,
  PROP_AVERAGE_TALK_TODAY,
  PROP_SERVICE_LEVEL_TODAY,
  PROP_PBX_COMPLETED,
  PROP_PBX_ABANDONED,
  PROP_PBX_SERVICE_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixQueue, astrix_queue, G_TYPE_OBJECT)

static guint
number (AmiMessage *message,
        const char *key)
{
  const char *value = ami_message_get (message, key);
  gint64 n = value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;

  return CLAMP (n, 0, G_MAXUINT);
}

static void
notify_range (AstrixQueue *self,
              guint        first,
              guint        last)
{
  for (guint i = first; i <= last; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
}

static void
notify_statistics (AstrixQueue *self)
{
  notify_range (self, PROP_ANSWERED_TODAY, PROP_PBX_SERVICE_LEVEL);
}

static void
notify_callers (AstrixQueue *self)
{
  notify_range (self, PROP_N_WAITING, PROP_LONGEST_WAIT_SINCE);
}

AstrixQueue *
_astrix_queue_new (const char *name,
                   guint       wrap_up_time)
{
  AstrixQueue *self = g_object_new (ASTRIX_TYPE_QUEUE, NULL);

  self->name = g_strdup (name);
  self->wrap_up_time = wrap_up_time;
  return self;
}

/* Asterisk's running average (app_queue.c): the first value, then (3 * old + new) / 4. */
static guint
running_average (guint old,
                 guint value)
{
  return old == 0 ? value : (3 * old + value) / 4;
}

/*
 * QueueParams after a login: the configuration and Asterisk's counters (after a PBX restart,
 * back from zero). The calls within the service level are worked back from the percentages
 * so that the events can go on counting them.
 */
void
_astrix_queue_take_params (AstrixQueue *self,
                           AmiMessage  *params)
{
  double perf = g_ascii_strtod (ami_message_get (params, "ServicelevelPerf") ?: "0", NULL);
  double perf2 = g_ascii_strtod (ami_message_get (params, "ServicelevelPerf2") ?: "0", NULL);
  guint in_sl_total;

  g_free (self->strategy);
  self->strategy = g_strdup (ami_message_get (params, "Strategy"));
  self->service_level = number (params, "ServiceLevel");
  self->pbx_completed = number (params, "Completed");
  self->pbx_abandoned = number (params, "Abandoned");
  self->pbx_hold_time = number (params, "Holdtime");
  self->pbx_talk_time = number (params, "TalkTime");
  self->pbx_completed_in_sl = lround (perf * self->pbx_completed / 100.0);
  in_sl_total = lround (perf2 * (self->pbx_completed + self->pbx_abandoned) / 100.0);
  self->pbx_abandoned_in_sl = in_sl_total > self->pbx_completed_in_sl ?
                              in_sl_total - self->pbx_completed_in_sl : 0;
  notify_statistics (self);
}

static void
renumber (AstrixQueue *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->callers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixQueueCaller) caller = g_list_model_get_item (G_LIST_MODEL (self->callers), i);

      _astrix_queue_caller_set_position (caller, i + 1);
    }
}

/* @callers: (transfer none) (element-type AstrixQueueCaller): the QueueEntry items, in order */
void
_astrix_queue_set_callers (AstrixQueue *self,
                           GPtrArray   *callers)
{
  g_list_store_splice (self->callers, 0, g_list_model_get_n_items (G_LIST_MODEL (self->callers)),
                       callers->pdata, callers->len);
  renumber (self);
  notify_callers (self);
}

static gboolean
find_caller (AstrixQueue *self,
             const char  *uniqueid,
             guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->callers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixQueueCaller) caller = g_list_model_get_item (G_LIST_MODEL (self->callers), i);

      if (g_strcmp0 (astrix_queue_caller_get_uniqueid (caller), uniqueid) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* QueueCallerJoin: the caller goes in at its Position (a priority caller goes ahead). */
void
_astrix_queue_caller_join (AstrixQueue *self,
                           AmiMessage  *event,
                           gint64       now)
{
  g_autoptr(AstrixQueueCaller) caller = _astrix_queue_caller_new (self->name, event, now);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->callers));
  guint position = astrix_queue_caller_get_position (caller);
  guint old;

  if (find_caller (self, astrix_queue_caller_get_uniqueid (caller), &old))
    return;
  position = position >= 1 ? MIN (position - 1, n) : n;
  g_list_store_insert (self->callers, position, caller);
  renumber (self);
  notify_callers (self);
}

/* QueueCallerLeave: answered, abandoned or gone elsewhere. Returns: whether it was waiting */
gboolean
_astrix_queue_caller_leave (AstrixQueue *self,
                            const char  *uniqueid)
{
  guint position;

  if (uniqueid == NULL || !find_caller (self, uniqueid, &position))
    return FALSE;
  g_list_store_remove (self->callers, position);
  renumber (self);
  notify_callers (self);
  return TRUE;
}

/* QueueCallerAbandon (HoldTime in s) */
void
_astrix_queue_count_abandon (AstrixQueue *self,
                             AmiMessage  *event)
{
  guint hold = number (event, "HoldTime");

  self->abandoned++;
  self->pbx_abandoned++;
  if (hold <= self->service_level)
    self->pbx_abandoned_in_sl++;
  notify_statistics (self);
}

/* AgentConnect (HoldTime in s): answered; Asterisk's average hold time moves now. */
void
_astrix_queue_count_connect (AstrixQueue *self,
                             AmiMessage  *event)
{
  guint hold = number (event, "HoldTime");

  self->answered++;
  self->wait_total += hold;
  if (hold <= self->service_level)
    self->answered_in_sl++;
  self->pbx_hold_time = running_average (self->pbx_hold_time, hold);
  notify_statistics (self);
}

/* AgentComplete (HoldTime, TalkTime in s): Asterisk counts Completed when the call ends. */
void
_astrix_queue_count_complete (AstrixQueue *self,
                              AmiMessage  *event)
{
  guint hold = number (event, "HoldTime");
  guint talk = number (event, "TalkTime");

  self->completed++;
  self->talk_total += talk;
  self->pbx_completed++;
  if (hold <= self->service_level)
    self->pbx_completed_in_sl++;
  self->pbx_talk_time = running_average (self->pbx_talk_time, talk);
  notify_statistics (self);
}

/* A new day: the app's counters start again (Asterisk's do not). */
void
_astrix_queue_reset_today (AstrixQueue *self)
{
  self->answered = self->answered_in_sl = self->abandoned = self->completed = 0;
  self->wait_total = self->talk_total = 0;
  notify_statistics (self);
}

void
_astrix_queue_set_agent_counts (AstrixQueue *self,
                                guint        available,
                                guint        busy,
                                guint        paused,
                                guint        logged_in)
{
  guint old[] = { self->available, self->busy, self->paused, self->logged_in };
  guint new[] = { available, busy, paused, logged_in };

  self->available = available;
  self->busy = busy;
  self->paused = paused;
  self->logged_in = logged_in;
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      if (old[i] != new[i])
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENTS_AVAILABLE + i]);
    }
}

const char *
astrix_queue_get_name (AstrixQueue *self)
{
  return self->name;
}

const char *
_astrix_queue_get_strategy (AstrixQueue *self)
{
  return self->strategy;
}

/* Returns: the most callers the queue takes, 0 = no limit */
/* Returns: the service level target, seconds (queues.conf servicelevel) */
guint
astrix_queue_get_service_level (AstrixQueue *self)
{
  return self->service_level;
}

/* Returns: the wrap-up time the app assumes for this queue, seconds */
guint
astrix_queue_get_wrap_up_time (AstrixQueue *self)
{
  return self->wrap_up_time;
}

/**
 * astrix_queue_set_wrap_up_time:
 * @seconds: the queue's wrapuptime in queues.conf
 *
 * AMI does not report a queue's wrap-up time, so it is a setting (a member's own
 * `Wrapuptime`, when the PBX reports one, wins). It applies from the next call.
 */
void
astrix_queue_set_wrap_up_time (AstrixQueue *self,
                               guint        seconds)
{
  g_return_if_fail (ASTRIX_IS_QUEUE (self));

  if (self->wrap_up_time == seconds)
    return;
  self->wrap_up_time = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP_UP_TIME]);
}

/* Returns: (transfer none): the waiting callers (AstrixQueueCaller), in position order */
GListModel *
astrix_queue_get_callers (AstrixQueue *self)
{
  return G_LIST_MODEL (self->callers);
}

guint
astrix_queue_get_n_waiting (AstrixQueue *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->callers));
}

/* Returns: when the caller waiting longest joined, or 0 when nobody waits */
gint64
astrix_queue_get_longest_wait_since (AstrixQueue *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->callers));
  gint64 oldest = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixQueueCaller) caller = g_list_model_get_item (G_LIST_MODEL (self->callers), i);
      gint64 joined = astrix_queue_caller_get_joined (caller);

      if (oldest == 0 || joined < oldest)
        oldest = joined;
    }
  return oldest;
}

guint
astrix_queue_get_agents_available (AstrixQueue *self)
{
  return self->available;
}

/* Returns: agents ringing, in a call, on hold or in wrap-up */
guint
astrix_queue_get_agents_busy (AstrixQueue *self)
{
  return self->busy;
}

guint
astrix_queue_get_agents_paused (AstrixQueue *self)
{
  return self->paused;
}

/* Returns: members whose device is neither UNAVAILABLE nor INVALID (as QueueSummary counts) */
guint
astrix_queue_get_agents_logged_in (AstrixQueue *self)
{
  return self->logged_in;
}

guint
astrix_queue_get_answered_today (AstrixQueue *self)
{
  return self->answered;
}

guint
astrix_queue_get_abandoned_today (AstrixQueue *self)
{
  return self->abandoned;
}

/* Returns: answered calls that have ended today (the talk time average is over these) */
guint
_astrix_queue_get_completed_today (AstrixQueue *self)
{
  return self->completed;
}

/* Returns: seconds the answered callers waited, on average today; -1 with none (no call is
 *   not a wait of 0 s) */
double
astrix_queue_get_average_wait_today (AstrixQueue *self)
{
  return self->answered > 0 ? (double) self->wait_total / self->answered : -1.0;
}

/* Returns: seconds of talk per ended call today; -1 with none */
double
astrix_queue_get_average_talk_today (AstrixQueue *self)
{
  return self->completed > 0 ? (double) self->talk_total / self->completed : -1.0;
}

/* Returns: the percentage of today's answered calls answered within the service level (as
 *   Asterisk's ServicelevelPerf counts), or -1 when none was answered */
double
astrix_queue_get_service_level_today (AstrixQueue *self)
{
  return self->answered > 0 ? 100.0 * self->answered_in_sl / self->answered : -1.0;
}

guint
astrix_queue_get_pbx_completed (AstrixQueue *self)
{
  return self->pbx_completed;
}

guint
astrix_queue_get_pbx_abandoned (AstrixQueue *self)
{
  return self->pbx_abandoned;
}

guint
_astrix_queue_get_pbx_hold_time (AstrixQueue *self)
{
  return self->pbx_hold_time;
}

guint
_astrix_queue_get_pbx_talk_time (AstrixQueue *self)
{
  return self->pbx_talk_time;
}

/* Returns: ServicelevelPerf: 100 * completed within the service level / completed */
double
astrix_queue_get_pbx_service_level (AstrixQueue *self)
{
  return self->pbx_completed > 0 ? 100.0 * self->pbx_completed_in_sl / self->pbx_completed : 0.0;
}

/* Returns: ServicelevelPerf2: abandoned calls counted too */
double
_astrix_queue_get_pbx_service_level2 (AstrixQueue *self)
{
  guint calls = self->pbx_completed + self->pbx_abandoned;

  return calls > 0 ? 100.0 * (self->pbx_completed_in_sl + self->pbx_abandoned_in_sl) / calls : 0.0;
}

static void
astrix_queue_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AstrixQueue *self = ASTRIX_QUEUE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_WRAP_UP_TIME:
      g_value_set_uint (value, self->wrap_up_time);
      break;
    case PROP_N_WAITING:
      g_value_set_uint (value, astrix_queue_get_n_waiting (self));
      break;
    case PROP_LONGEST_WAIT_SINCE:
      g_value_set_int64 (value, astrix_queue_get_longest_wait_since (self));
      break;
    case PROP_AGENTS_AVAILABLE:
      g_value_set_uint (value, self->available);
      break;
    case PROP_AGENTS_BUSY:
      g_value_set_uint (value, self->busy);
      break;
    case PROP_AGENTS_PAUSED:
      g_value_set_uint (value, self->paused);
      break;
    case PROP_AGENTS_LOGGED_IN:
      g_value_set_uint (value, self->logged_in);
      break;
    case PROP_ANSWERED_TODAY:
      g_value_set_uint (value, self->answered);
      break;
    case PROP_ABANDONED_TODAY:
      g_value_set_uint (value, self->abandoned);
      break;
    case PROP_AVERAGE_WAIT_TODAY:
      g_value_set_double (value, astrix_queue_get_average_wait_today (self));
      break;
    case PROP_AVERAGE_TALK_TODAY:
      g_value_set_double (value, astrix_queue_get_average_talk_today (self));
      break;
    case PROP_SERVICE_LEVEL_TODAY:
      g_value_set_double (value, astrix_queue_get_service_level_today (self));
      break;
    case PROP_PBX_COMPLETED:
      g_value_set_uint (value, self->pbx_completed);
      break;
    case PROP_PBX_ABANDONED:
      g_value_set_uint (value, self->pbx_abandoned);
      break;
    case PROP_PBX_SERVICE_LEVEL:
      g_value_set_double (value, astrix_queue_get_pbx_service_level (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_queue_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_WRAP_UP_TIME:
      astrix_queue_set_wrap_up_time (ASTRIX_QUEUE (object), g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_queue_finalize (GObject *object)
{
  AstrixQueue *self = ASTRIX_QUEUE (object);

  g_clear_object (&self->callers);
  g_free (self->name);
  g_free (self->strategy);

  G_OBJECT_CLASS (astrix_queue_parent_class)->finalize (object);
}

static GParamSpec *
uint_property (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
double_property (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -1.0, G_MAXDOUBLE, 0.0,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
astrix_queue_class_init (AstrixQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_queue_finalize;
  object_class->get_property = astrix_queue_get_property;
  object_class->set_property = astrix_queue_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_WRAP_UP_TIME] = g_param_spec_uint ("wrap-up-time", NULL, NULL, 0, G_MAXUINT, 0,
                                                     flags | G_PARAM_WRITABLE);
  properties[PROP_N_WAITING] = uint_property ("n-waiting");
  properties[PROP_LONGEST_WAIT_SINCE] = g_param_spec_int64 ("longest-wait-since", NULL, NULL,
                                                            0, G_MAXINT64, 0, flags);
  properties[PROP_AGENTS_AVAILABLE] = uint_property ("agents-available");
  properties[PROP_AGENTS_BUSY] = uint_property ("agents-busy");
  properties[PROP_AGENTS_PAUSED] = uint_property ("agents-paused");
  properties[PROP_AGENTS_LOGGED_IN] = uint_property ("agents-logged-in");
  properties[PROP_ANSWERED_TODAY] = uint_property ("answered-today");
  properties[PROP_ABANDONED_TODAY] = uint_property ("abandoned-today");
  properties[PROP_AVERAGE_WAIT_TODAY] = double_property ("average-wait-today");
  properties[PROP_AVERAGE_TALK_TODAY] = double_property ("average-talk-today");
  properties[PROP_SERVICE_LEVEL_TODAY] = double_property ("service-level-today");
  properties[PROP_PBX_COMPLETED] = uint_property ("pbx-completed");
  properties[PROP_PBX_ABANDONED] = uint_property ("pbx-abandoned");
  properties[PROP_PBX_SERVICE_LEVEL] = double_property ("pbx-service-level");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_queue_init (AstrixQueue *self)
{
  self->callers = g_list_store_new (ASTRIX_TYPE_QUEUE_CALLER);
}

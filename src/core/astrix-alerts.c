/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-alerts"

#include "config.h"

#include <string.h>

#include "astrix-alerts-private.h"

/*
 * Thresholds over the queue and agent models: a GListModel of the alerts that hold now, and
 * `raised` / `cleared` as they start and end. The caller gives the thresholds (the UI binds
 * them to GSettings); 0 turns a numeric one off, and per-queue values replace the all-queues
 * ones for that queue.
 *
 * Evaluation runs once the models have changed (at most every EVALUATE_DELAY_MS, so a burst of
 * events is one pass: from an idle it ran hundreds of times a second in a busy centre, each a
 * walk of every queue and agent) and each second for what grows with time alone (waits,
 * pauses, calls).
 *
 * An alert raised again (same kind, same subject) within the cool-down of its last `raised`
 * is listed but not signalled, and then neither is its clearing: a value that hovers at the
 * threshold would otherwise notify every few seconds.
 *
 * An alert whose queue or agent has gone from the model (a disconnection empties the store)
 * leaves the list without `cleared`: nothing was resolved.
 */

/* The service level is a ratio over today's answered calls: after one or two calls it says
 * nothing, so it is judged only from this many answered calls on. */
#define SERVICE_LEVEL_MIN_ANSWERED 5

/* Thresholds are seconds and minutes: a tenth of a second later is not later for them. */
#define EVALUATE_DELAY_MS 100

#define UNSET  G_MAXUINT
#define MINUTE (60 * G_USEC_PER_SEC)

struct _AstrixAlerts
{
  GObject          parent_instance;

  GPtrArray       *stores;          /* AstrixQueueStore, watched */
  GPtrArray       *items;           /* AstrixAlert, the list, in the order raised */
  GHashTable      *by_id;           /* alert id -> AstrixAlert (in items) */
  GHashTable      *last_raised;     /* alert id -> gint64 *, when raised was last signalled */
  GHashTable      *watched;         /* AstrixQueue or AstrixAgent (a reference) -> handler id */
  GHashTable      *overrides;       /* queue name -> guint[ASTRIX_ALERT_N_KINDS], UNSET if not */
  guint            all[ASTRIX_ALERT_N_KINDS];
  guint            cooldown;        /* seconds */
  AstrixClockFunc  clock;
  gpointer         clock_data;
  guint            idle_source;     /* the pass after a change, EVALUATE_DELAY_MS on */
  guint            tick_source;
};

enum {
  PROP_0,
  PROP_COOLDOWN,
  N_PROPS
};

enum {
  RAISED,
  CLEARED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void astrix_alerts_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixAlerts, astrix_alerts, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_alerts_list_model_init))

static GType
astrix_alerts_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_ALERT;
}

static guint
astrix_alerts_get_n_items (GListModel *model)
{
  return ASTRIX_ALERTS (model)->items->len;
}

static gpointer
astrix_alerts_get_item (GListModel *model,
                        guint       position)
{
  AstrixAlerts *self = ASTRIX_ALERTS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
astrix_alerts_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_alerts_get_item_type;
  iface->get_n_items = astrix_alerts_get_n_items;
  iface->get_item = astrix_alerts_get_item;
}

static gint64
now (AstrixAlerts *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_real_time ();
}

/* Returns: the threshold of @kind for @queue (NULL: all queues) */
static guint
threshold_for (AstrixAlerts    *self,
               const char      *queue,
               AstrixAlertKind  kind)
{
  guint *values = queue != NULL ? g_hash_table_lookup (self->overrides, queue) : NULL;

  return values != NULL && values[kind] != UNSET ? values[kind] : self->all[kind];
}

static gboolean
idle_evaluate (gpointer data)
{
  AstrixAlerts *self = data;

  self->idle_source = 0;
  _astrix_alerts_evaluate (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (AstrixAlerts *self)
{
  if (self->idle_source == 0)
    self->idle_source = g_timeout_add (EVALUATE_DELAY_MS, idle_evaluate, self);
}

static gboolean
tick (gpointer data)
{
  _astrix_alerts_evaluate (data);
  return G_SOURCE_CONTINUE;
}

/* A queue or agent seen in this pass: its changes schedule the next one. */
static void
watch_object (AstrixAlerts *self,
              GHashTable   *seen,
              GObject      *object)
{
  if (!g_hash_table_contains (self->watched, object))
    {
      gulong id = g_signal_connect_object (object, "notify", G_CALLBACK (schedule), self,
                                           G_CONNECT_SWAPPED);

      g_hash_table_insert (self->watched, g_object_ref (object), GSIZE_TO_POINTER (id));
    }
  g_hash_table_add (seen, object);
}

static void
unwatch_unseen (AstrixAlerts *self,
                GHashTable   *seen)
{
  GHashTableIter iter;
  gpointer object, id;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &object, &id))
    if (!g_hash_table_contains (seen, object))
      {
        g_signal_handler_disconnect (object, GPOINTER_TO_SIZE (id));
        g_hash_table_iter_remove (&iter);
      }
}

static gboolean
cooling_down (AstrixAlerts *self,
              const char   *id,
              gint64        time)
{
  gint64 *last = g_hash_table_lookup (self->last_raised, id);

  return last != NULL && time - *last < (gint64) self->cooldown * G_USEC_PER_SEC;
}

static void
raise_alert (AstrixAlerts    *self,
             GHashTable      *held,
             AstrixAlertKind  kind,
             const char      *subject,
             const char      *subject_name,
             double           value,
             guint            threshold,
             gint64           since)
{
  g_autofree char *id = g_strdup_printf ("%s:%s", astrix_alert_kind_to_key (kind), subject);
  AstrixAlert *alert = g_hash_table_lookup (self->by_id, id);
  gint64 time = now (self);

  g_hash_table_add (held, g_strdup (id));
  if (alert != NULL)
    {
      _astrix_alert_update (alert, value, threshold);
      return;
    }
  alert = _astrix_alert_new (kind, subject, subject_name, threshold, since);
  _astrix_alert_update (alert, value, threshold);
  g_ptr_array_add (self->items, alert);
  g_hash_table_insert (self->by_id, g_strdup (id), alert);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
  if (cooling_down (self, id, time))
    return;
  g_hash_table_insert (self->last_raised, g_strdup (id), g_memdup2 (&time, sizeof time));
  _astrix_alert_set_announced (alert, TRUE);
  g_signal_emit (self, signals[RAISED], 0, alert);
}

static double
elapsed (gint64 time,
         gint64 since)
{
  return since > 0 && time > since ? (double) (time - since) / G_USEC_PER_SEC : 0;
}

static void
evaluate_queue (AstrixAlerts *self,
                GHashTable   *held,
                AstrixQueue  *queue,
                gint64        time)
{
  const char *name = astrix_queue_get_name (queue);
  guint limit;
  double value;

  limit = threshold_for (self, name, ASTRIX_ALERT_CALLERS_WAITING);
  value = astrix_queue_get_n_waiting (queue);
  if (limit > 0 && value > limit)
    raise_alert (self, held, ASTRIX_ALERT_CALLERS_WAITING, name, name, value, limit, time);

  limit = threshold_for (self, name, ASTRIX_ALERT_LONGEST_WAIT);
  value = elapsed (time, astrix_queue_get_longest_wait_since (queue));
  if (limit > 0 && value > limit)
    raise_alert (self, held, ASTRIX_ALERT_LONGEST_WAIT, name, name, value, limit,
                 astrix_queue_get_longest_wait_since (queue) + (gint64) limit * G_USEC_PER_SEC);

  limit = threshold_for (self, name, ASTRIX_ALERT_SERVICE_LEVEL);
  value = astrix_queue_get_service_level_today (queue);
  if (limit > 0 && astrix_queue_get_answered_today (queue) >= SERVICE_LEVEL_MIN_ANSWERED &&
      value < limit)
    raise_alert (self, held, ASTRIX_ALERT_SERVICE_LEVEL, name, name, value, limit, time);

  if (threshold_for (self, name, ASTRIX_ALERT_NO_AGENT) != 0 &&
      astrix_queue_get_agents_logged_in (queue) == 0)
    raise_alert (self, held, ASTRIX_ALERT_NO_AGENT, name, name, 0, 1, time);
}

/* Returns: the pause threshold for @agent: the strictest of its queues' */
static guint
pause_limit (AstrixAlerts *self,
             AstrixAgent  *agent)
{
  g_auto(GStrv) queues = astrix_agent_dup_queues (agent);
  guint limit = 0;

  for (guint i = 0; queues != NULL && queues[i] != NULL; i++)
    {
      guint l = threshold_for (self, queues[i], ASTRIX_ALERT_AGENT_PAUSED);

      if (l > 0 && (limit == 0 || l < limit))
        limit = l;
    }
  if (queues == NULL || queues[0] == NULL)
    return threshold_for (self, NULL, ASTRIX_ALERT_AGENT_PAUSED);
  return limit;
}

static void
evaluate_agent (AstrixAlerts *self,
                GHashTable   *held,
                AstrixAgent  *agent,
                gint64        time)
{
  const char *subject = astrix_agent_get_interface (agent);
  const char *name = astrix_agent_get_name (agent);
  guint limit;
  double value;

  if (astrix_agent_get_state (agent) == ASTRIX_AGENT_PAUSED)
    {
      limit = pause_limit (self, agent);
      value = elapsed (time, astrix_agent_get_state_since (agent));
      if (limit > 0 && value > limit * 60.0)
        raise_alert (self, held, ASTRIX_ALERT_AGENT_PAUSED, subject, name, value, limit,
                     astrix_agent_get_state_since (agent) + (gint64) limit * MINUTE);
    }

  if (astrix_agent_get_call_since (agent) > 0)
    {
      limit = threshold_for (self, astrix_agent_get_call_queue (agent), ASTRIX_ALERT_LONG_CALL);
      value = elapsed (time, astrix_agent_get_call_since (agent));
      if (limit > 0 && value > limit * 60.0)
        raise_alert (self, held, ASTRIX_ALERT_LONG_CALL, subject, name, value, limit,
                     astrix_agent_get_call_since (agent) + (gint64) limit * MINUTE);
    }
}

static void
evaluate_store (AstrixAlerts     *self,
                GHashTable       *held,
                GHashTable       *subjects,
                GHashTable       *seen,
                AstrixQueueStore *store,
                gint64            time)
{
  GListModel *queues = G_LIST_MODEL (store);
  GListModel *agents = G_LIST_MODEL (astrix_queue_store_get_agents (store));

  for (guint i = 0; i < g_list_model_get_n_items (queues); i++)
    {
      g_autoptr(AstrixQueue) queue = g_list_model_get_item (queues, i);

      watch_object (self, seen, G_OBJECT (queue));
      g_hash_table_add (subjects, g_strdup (astrix_queue_get_name (queue)));
      evaluate_queue (self, held, queue, time);
    }
  for (guint i = 0; i < g_list_model_get_n_items (agents); i++)
    {
      g_autoptr(AstrixAgent) agent = g_list_model_get_item (agents, i);

      watch_object (self, seen, G_OBJECT (agent));
      g_hash_table_add (subjects, g_strdup (astrix_agent_get_interface (agent)));
      evaluate_agent (self, held, agent, time);
    }
}

/* Alerts that no longer hold leave the list; cleared only for those whose subject is still
 * there and whose raise was signalled. */
static void
drop_released (AstrixAlerts *self,
               GHashTable   *held,
               GHashTable   *subjects)
{
  for (guint i = self->items->len; i > 0; i--)
    {
      g_autoptr(AstrixAlert) alert = g_object_ref (g_ptr_array_index (self->items, i - 1));
      const char *id = astrix_alert_get_id (alert);

      if (g_hash_table_contains (held, id))
        continue;
      g_hash_table_remove (self->by_id, id);
      g_ptr_array_remove_index (self->items, i - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
      if (_astrix_alert_get_announced (alert) &&
          g_hash_table_contains (subjects, astrix_alert_get_subject (alert)))
        g_signal_emit (self, signals[CLEARED], 0, alert);
    }
}

/**
 * _astrix_alerts_evaluate:
 *
 * Judges every threshold now (the idle and the tick call it; tests call it after the events
 * they feed).
 */
void
_astrix_alerts_evaluate (AstrixAlerts *self)
{
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  gint64 time;

  g_return_if_fail (ASTRIX_IS_ALERTS (self));

  g_clear_handle_id (&self->idle_source, g_source_remove);
  time = now (self);
  g_object_ref (self);
  for (guint i = 0; i < self->stores->len; i++)
    evaluate_store (self, held, subjects, seen, g_ptr_array_index (self->stores, i), time);
  unwatch_unseen (self, seen);
  drop_released (self, held, subjects);
  g_object_unref (self);
}

void
_astrix_alerts_set_clock (AstrixAlerts    *self,
                          AstrixClockFunc  func,
                          gpointer         user_data)
{
  g_return_if_fail (ASTRIX_IS_ALERTS (self));

  self->clock = func;
  self->clock_data = user_data;
}

/* Watches @store's queues and agents until _astrix_alerts_unwatch() or the end of @self. */
void
astrix_alerts_watch (AstrixAlerts     *self,
                     AstrixQueueStore *store)
{
  g_return_if_fail (ASTRIX_IS_ALERTS (self));
  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (store));

  if (g_ptr_array_find (self->stores, store, NULL))
    return;
  g_ptr_array_add (self->stores, g_object_ref (store));
  g_signal_connect_object (store, "items-changed", G_CALLBACK (schedule), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (astrix_queue_store_get_agents (store), "items-changed",
                           G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, tick, self);
  schedule (self);
}

void
_astrix_alerts_unwatch (AstrixAlerts     *self,
                        AstrixQueueStore *store)
{
  g_return_if_fail (ASTRIX_IS_ALERTS (self));
  g_return_if_fail (ASTRIX_IS_QUEUE_STORE (store));

  g_signal_handlers_disconnect_by_data (store, self);
  g_signal_handlers_disconnect_by_data (astrix_queue_store_get_agents (store), self);
  g_ptr_array_remove (self->stores, store);
  if (self->stores->len == 0)
    g_clear_handle_id (&self->tick_source, g_source_remove);
  schedule (self);
}

/**
 * astrix_alerts_set_threshold:
 * @value: callers, seconds (longest wait), percent (service level), minutes (pause, call), or
 *   0 or 1 for no agent logged in; 0 turns the alert off
 *
 * Sets the threshold of @kind for all queues without their own.
 */
void
astrix_alerts_set_threshold (AstrixAlerts    *self,
                             AstrixAlertKind  kind,
                             guint            value)
{
  g_return_if_fail (ASTRIX_IS_ALERTS (self));
  g_return_if_fail (kind < ASTRIX_ALERT_N_KINDS);

  self->all[kind] = value;
  schedule (self);
}

/* @value: as astrix_alerts_set_threshold(), or G_MAXUINT to follow the all-queues value */
static void
set_queue_threshold (AstrixAlerts    *self,
                     const char      *queue,
                     AstrixAlertKind  kind,
                     guint            value)
{
  guint *values;

  g_return_if_fail (ASTRIX_IS_ALERTS (self));
  g_return_if_fail (queue != NULL);
  g_return_if_fail (kind < ASTRIX_ALERT_N_KINDS);

  values = g_hash_table_lookup (self->overrides, queue);
  if (values == NULL)
    {
      values = g_new (guint, ASTRIX_ALERT_N_KINDS);
      for (guint i = 0; i < ASTRIX_ALERT_N_KINDS; i++)
        values[i] = UNSET;
      g_hash_table_insert (self->overrides, g_strdup (queue), values);
    }
  values[kind] = value;
  schedule (self);
}

/**
 * astrix_alerts_parse_override:
 * @entry: "queue:kind=value"; the queue is all before the last ':', which may hold more ':'
 *
 * Returns: whether @entry is a per-queue threshold (then @queue is set, to be freed)
 */
gboolean
astrix_alerts_parse_override (const char       *entry,
                              char            **queue,
                              AstrixAlertKind  *kind,
                              guint            *value)
{
  const char *equals = strrchr (entry, '=');
  g_autofree char *head = equals != NULL ? g_strndup (entry, equals - entry) : NULL;
  char *colon = head != NULL ? strrchr (head, ':') : NULL;
  guint64 n;

  if (colon == NULL || colon == head)
    return FALSE;
  *colon = '\0';
  if (!astrix_alert_kind_from_key (colon + 1, kind) ||
      !g_ascii_string_to_unsigned (equals + 1, 10, 0, G_MAXUINT - 1, &n, NULL))
    return FALSE;
  *queue = g_steal_pointer (&head);
  *value = n;
  return TRUE;
}

/**
 * astrix_alerts_set_overrides:
 * @overrides: (nullable): entries "queue:kind=value", kind as astrix_alert_kind_to_key()
 *
 * Replaces every per-queue threshold; an entry that does not parse is ignored (the
 * preferences save only entries that parse).
 */
void
astrix_alerts_set_overrides (AstrixAlerts       *self,
                             const char * const *overrides)
{
  g_return_if_fail (ASTRIX_IS_ALERTS (self));

  g_hash_table_remove_all (self->overrides);
  for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++)
    {
      g_autofree char *queue = NULL;
      AstrixAlertKind kind;
      guint value;

      if (astrix_alerts_parse_override (overrides[i], &queue, &kind, &value))
        set_queue_threshold (self, queue, kind, value);
      else
        g_debug ("Ignoring the alert override “%s”: not queue:kind=number", overrides[i]);
    }
  schedule (self);
}

void
astrix_alerts_set_cooldown (AstrixAlerts *self,
                            guint         seconds)
{
  g_return_if_fail (ASTRIX_IS_ALERTS (self));

  if (self->cooldown == seconds)
    return;
  self->cooldown = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COOLDOWN]);
}

static void
astrix_alerts_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AstrixAlerts *self = ASTRIX_ALERTS (object);

  switch (prop_id)
    {
    case PROP_COOLDOWN:
      g_value_set_uint (value, self->cooldown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_alerts_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AstrixAlerts *self = ASTRIX_ALERTS (object);

  switch (prop_id)
    {
    case PROP_COOLDOWN:
      astrix_alerts_set_cooldown (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
unwatch_object (gpointer object,
                gpointer id,
                gpointer data)
{
  g_signal_handler_disconnect (object, GPOINTER_TO_SIZE (id));
}

static void
astrix_alerts_dispose (GObject *object)
{
  AstrixAlerts *self = ASTRIX_ALERTS (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  while (self->stores->len > 0)
    _astrix_alerts_unwatch (self, g_ptr_array_index (self->stores, 0));
  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_hash_table_foreach (self->watched, unwatch_object, NULL);
  g_hash_table_remove_all (self->watched);

  G_OBJECT_CLASS (astrix_alerts_parent_class)->dispose (object);
}

static void
astrix_alerts_finalize (GObject *object)
{
  AstrixAlerts *self = ASTRIX_ALERTS (object);

  g_ptr_array_unref (self->stores);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->last_raised);
  g_hash_table_unref (self->watched);
  g_hash_table_unref (self->overrides);

  G_OBJECT_CLASS (astrix_alerts_parent_class)->finalize (object);
}

static void
astrix_alerts_class_init (AstrixAlertsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = astrix_alerts_get_property;
  object_class->set_property = astrix_alerts_set_property;
  object_class->dispose = astrix_alerts_dispose;
  object_class->finalize = astrix_alerts_finalize;

  properties[PROP_COOLDOWN] =
    g_param_spec_uint ("cooldown", NULL, NULL, 0, G_MAXUINT, ASTRIX_ALERTS_DEFAULT_COOLDOWN,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixAlerts::raised:
   * @alert: the alert, now in the list
   *
   * A threshold was crossed, and the same alert was not raised within the cool-down.
   */
  signals[RAISED] = g_signal_new ("raised", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, ASTRIX_TYPE_ALERT);
  /**
   * AstrixAlerts::cleared:
   * @alert: the alert, no longer in the list
   *
   * An alert whose `raised` was signalled no longer holds.
   */
  signals[CLEARED] = g_signal_new ("cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, ASTRIX_TYPE_ALERT);
}

static void
astrix_alerts_init (AstrixAlerts *self)
{
  self->stores = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_raised = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cooldown = ASTRIX_ALERTS_DEFAULT_COOLDOWN;
  self->all[ASTRIX_ALERT_CALLERS_WAITING] = 5;
  self->all[ASTRIX_ALERT_LONGEST_WAIT] = 60;
  self->all[ASTRIX_ALERT_SERVICE_LEVEL] = 80;
  self->all[ASTRIX_ALERT_NO_AGENT] = 1;
  self->all[ASTRIX_ALERT_AGENT_PAUSED] = 15;
  self->all[ASTRIX_ALERT_LONG_CALL] = 10;
}

AstrixAlerts *
astrix_alerts_new (void)
{
  return g_object_new (ASTRIX_TYPE_ALERTS, NULL);
}

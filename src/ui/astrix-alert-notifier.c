/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-alert-notifier.h"
#include "astrix-application-private.h"
#include "astrix-window.h"

/*
 * The alerts of every connection, told to the supervisor: one AstrixAlerts per connection with
 * the thresholds of AstrixSettings, one GNotification per raised alert (its id stable per
 * server and alert, so a raise replaces its own notification and a clearing withdraws it),
 * and a toast in the main window for each raise and clearing. An alert that leaves the list
 * without being cleared (its server disconnected or removed) has its notification withdrawn
 * too: it no longer says anything true.
 *
 * app.show-queue and app.show-agent (the name, or the agent's interface) bring the window up
 * on the Queues or Agents page and keep the name asked for in
 * #AstrixAlertNotifier:requested-queue / :requested-agent for that page to select.
 */

struct _AstrixAlertNotifier
{
  GObject         parent_instance;

  GApplication   *application;   /* not a reference: the application owns us */
  AstrixSettings *settings;
  GListModel     *connections;
  GHashTable     *alerts;        /* AstrixConnection -> AstrixAlerts */
  char           *requested_queue;
  char           *requested_agent;
};

enum {
  PROP_0,
  PROP_REQUESTED_QUEUE,
  PROP_REQUESTED_AGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixAlertNotifier, astrix_alert_notifier, G_TYPE_OBJECT)

/* Settings property -> alert kind, as astrix_alerts_set_threshold() takes it */
static const struct {
  const char      *property;
  AstrixAlertKind  kind;
} thresholds[] = {
  { "alert-callers-waiting", ASTRIX_ALERT_CALLERS_WAITING },
  { "alert-longest-wait", ASTRIX_ALERT_LONGEST_WAIT },
  { "alert-service-level", ASTRIX_ALERT_SERVICE_LEVEL },
  { "alert-agent-paused", ASTRIX_ALERT_AGENT_PAUSED },
  { "alert-long-call", ASTRIX_ALERT_LONG_CALL },
};

static void
apply_settings (AstrixAlertNotifier *self,
                AstrixAlerts        *alerts)
{
  g_auto(GStrv) overrides = NULL;
  gboolean no_agent;
  guint value;

  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      g_object_get (self->settings, thresholds[i].property, &value, NULL);
      astrix_alerts_set_threshold (alerts, thresholds[i].kind, value);
    }
  g_object_get (self->settings, "alert-no-agent", &no_agent, "alert-cooldown", &value,
                "alert-queue-overrides", &overrides, NULL);
  astrix_alerts_set_threshold (alerts, ASTRIX_ALERT_NO_AGENT, no_agent);
  astrix_alerts_set_cooldown (alerts, value * 60);
  astrix_alerts_set_overrides (alerts, (const char * const *) overrides);
}

static void
on_settings (AstrixAlertNotifier *self,
             GParamSpec          *pspec)
{
  GHashTableIter iter;
  gpointer alerts;

  if (!g_str_has_prefix (pspec->name, "alert-"))
    return;
  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, NULL, &alerts))
    apply_settings (self, alerts);
}

static char *
notification_id (AstrixConnection *connection,
                 AstrixAlert      *alert)
{
  AstrixServerConfig *config = astrix_connection_get_config (connection);

  return g_strdup_printf ("alert:%s:%s", astrix_server_config_get_id (config),
                          astrix_alert_get_id (alert));
}

static const char *
show_action (AstrixAlert *alert)
{
  return astrix_alert_is_about_agent (alert) ? "app.show-agent" : "app.show-queue";
}

static AstrixWindow *
main_window (AstrixAlertNotifier *self)
{
  return _astrix_application_get_main_window (ASTRIX_APPLICATION (self->application));
}

static void
toast (AstrixAlertNotifier *self,
       const char          *text,
       AstrixAlert         *alert)
{
  AstrixWindow *window = main_window (self);
  AdwToast *t;

  if (window == NULL)
    return;
  t = adw_toast_new (text);
  adw_toast_set_timeout (t, 10);
  if (alert != NULL)
    {
      adw_toast_set_button_label (t, _("_Show"));
      adw_toast_set_action_name (t, show_action (alert));
      adw_toast_set_action_target_value (t,
                                         g_variant_new_string (astrix_alert_get_subject (alert)));
      adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
    }
  /* The window's own overlay, so that astrix-window.c need not grow */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (gtk_widget_get_template_child (
                                 GTK_WIDGET (window), ASTRIX_TYPE_WINDOW, "toast_overlay")), t);
}

/* The ids sent for @alerts' alerts and not withdrawn yet */
static GHashTable *
sent_of (AstrixAlerts *alerts)
{
  return g_object_get_data (G_OBJECT (alerts), "astrix-sent");
}

static void
withdraw (AstrixAlertNotifier *self,
          AstrixAlerts        *alerts,
          const char          *id)
{
  g_application_withdraw_notification (self->application, id);
  g_hash_table_remove (sent_of (alerts), id);
}

/* Withdraws the notifications of the alerts no longer listed (all when @alerts is gone) */
static void
withdraw_unlisted (AstrixAlertNotifier *self,
                   AstrixAlerts        *alerts,
                   gboolean             all)
{
  AstrixConnection *connection = g_object_get_data (G_OBJECT (alerts), "astrix-connection");
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  for (guint i = 0; !all && i < g_list_model_get_n_items (G_LIST_MODEL (alerts)); i++)
    {
      g_autoptr(AstrixAlert) alert = g_list_model_get_item (G_LIST_MODEL (alerts), i);

      g_hash_table_add (listed, notification_id (connection, alert));
    }
  g_hash_table_iter_init (&iter, sent_of (alerts));
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (listed, id))
      g_ptr_array_add (gone, g_strdup (id));
  for (guint i = 0; i < gone->len; i++)
    withdraw (self, alerts, g_ptr_array_index (gone, i));
}

static void
on_alerts_changed (AstrixAlertNotifier *self,
                   guint                position,
                   guint                removed,
                   guint                added,
                   GListModel          *alerts)
{
  if (removed > 0)
    withdraw_unlisted (self, ASTRIX_ALERTS (alerts), FALSE);
}

static void
on_raised (AstrixAlertNotifier *self,
           AstrixAlert         *alert,
           AstrixAlerts        *alerts)
{
  AstrixConnection *connection = g_object_get_data (G_OBJECT (alerts), "astrix-connection");
  g_autoptr(GNotification) notification = g_notification_new (astrix_alert_get_title (alert));
  g_autofree char *description = astrix_alert_dup_description (alert);
  g_autofree char *body = g_strdup_printf (_("%s, on %s"), description,
                                           astrix_connection_get_name (connection));
  g_autofree char *id = notification_id (connection, alert);
  g_autofree char *text = g_strdup_printf ("%s: %s", astrix_alert_get_title (alert), description);
  GVariant *target = g_variant_new_string (astrix_alert_get_subject (alert));

  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target_value (notification, show_action (alert), target);
  g_notification_add_button_with_target_value (notification, _("Show"), show_action (alert),
                                               target);
  g_application_send_notification (self->application, id, notification);
  g_hash_table_add (sent_of (alerts), g_steal_pointer (&id));
  toast (self, text, alert);
}

static void
on_cleared (AstrixAlertNotifier *self,
            AstrixAlert         *alert,
            AstrixAlerts        *alerts)
{
  AstrixConnection *connection = g_object_get_data (G_OBJECT (alerts), "astrix-connection");
  g_autofree char *id = notification_id (connection, alert);
  g_autofree char *text = g_strdup_printf (_("Over: %s (%s)"), astrix_alert_get_title (alert),
                                           astrix_alert_get_subject_name (alert));

  withdraw (self, alerts, id);
  toast (self, text, NULL);
}

static void
add_connection (AstrixAlertNotifier *self,
                AstrixConnection    *connection)
{
  AstrixAlerts *alerts = astrix_alerts_new ();

  /* Not a reference: the alerts live no longer than the connection's entry here */
  g_object_set_data (G_OBJECT (alerts), "astrix-connection", connection);
  g_object_set_data_full (G_OBJECT (alerts), "astrix-sent",
                          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                          (GDestroyNotify) g_hash_table_unref);
  apply_settings (self, alerts);
  astrix_alerts_watch (alerts, astrix_connection_get_queues (connection));
  g_signal_connect_object (alerts, "raised", G_CALLBACK (on_raised), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (alerts, "cleared", G_CALLBACK (on_cleared), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (alerts, "items-changed", G_CALLBACK (on_alerts_changed), self,
                           G_CONNECT_SWAPPED);
  g_hash_table_insert (self->alerts, g_object_ref (connection), alerts);
}

/* One AstrixAlerts per connection in the list, made and dropped with it */
static void
sync_connections (AstrixAlertNotifier *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer connection, alerts;

  for (guint i = 0; i < g_list_model_get_n_items (self->connections); i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (self->connections, i);

      g_hash_table_add (present, c);
      if (!g_hash_table_contains (self->alerts, c))
        add_connection (self, c);
    }
  g_hash_table_iter_init (&iter, self->alerts);
  while (g_hash_table_iter_next (&iter, &connection, &alerts))
    if (!g_hash_table_contains (present, connection))
      {
        withdraw_unlisted (self, alerts, TRUE);
        g_hash_table_iter_remove (&iter);
      }
}

static void
request (AstrixAlertNotifier  *self,
         char                **field,
         guint                 prop,
         const char           *name,
         const char           *page)
{
  AstrixWindow *window = main_window (self);

  if (g_strcmp0 (*field, name) != 0)
    {
      g_free (*field);
      *field = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
  if (window == NULL)
    {
      g_application_activate (self->application);
      window = main_window (self);
    }
  if (window == NULL)
    return;
  astrix_window_show_page (window, page);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_queue_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  AstrixAlertNotifier *self = data;

  request (self, &self->requested_queue, PROP_REQUESTED_QUEUE,
           g_variant_get_string (param, NULL), "queues");
}

static void
show_agent_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  AstrixAlertNotifier *self = data;

  request (self, &self->requested_agent, PROP_REQUESTED_AGENT,
           g_variant_get_string (param, NULL), "agents");
}

static const GActionEntry entries[] = {
  { "show-queue", show_queue_activated, "s" },
  { "show-agent", show_agent_activated, "s" },
};

/* Returns: (nullable) (transfer none): the alerts of @connection */
AstrixAlerts *
astrix_alert_notifier_get_alerts (AstrixAlertNotifier *self,
                                  AstrixConnection    *connection)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT_NOTIFIER (self), NULL);
  return g_hash_table_lookup (self->alerts, connection);
}

/* Returns: (nullable): the queue app.show-queue last asked for */
const char *
astrix_alert_notifier_get_requested_queue (AstrixAlertNotifier *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT_NOTIFIER (self), NULL);
  return self->requested_queue;
}

/* Returns: (nullable): the agent interface app.show-agent last asked for */
const char *
astrix_alert_notifier_get_requested_agent (AstrixAlertNotifier *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT_NOTIFIER (self), NULL);
  return self->requested_agent;
}

static void
astrix_alert_notifier_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AstrixAlertNotifier *self = ASTRIX_ALERT_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_REQUESTED_QUEUE:
      g_value_set_string (value, self->requested_queue);
      break;
    case PROP_REQUESTED_AGENT:
      g_value_set_string (value, self->requested_agent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_alert_notifier_dispose (GObject *object)
{
  AstrixAlertNotifier *self = ASTRIX_ALERT_NOTIFIER (object);

  if (self->alerts != NULL)
    g_hash_table_remove_all (self->alerts);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (astrix_alert_notifier_parent_class)->dispose (object);
}

static void
astrix_alert_notifier_finalize (GObject *object)
{
  AstrixAlertNotifier *self = ASTRIX_ALERT_NOTIFIER (object);

  g_hash_table_unref (self->alerts);
  g_free (self->requested_queue);
  g_free (self->requested_agent);

  G_OBJECT_CLASS (astrix_alert_notifier_parent_class)->finalize (object);
}

static void
astrix_alert_notifier_class_init (AstrixAlertNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = astrix_alert_notifier_get_property;
  object_class->dispose = astrix_alert_notifier_dispose;
  object_class->finalize = astrix_alert_notifier_finalize;

  properties[PROP_REQUESTED_QUEUE] = g_param_spec_string ("requested-queue", NULL, NULL, NULL,
                                                          flags);
  properties[PROP_REQUESTED_AGENT] = g_param_spec_string ("requested-agent", NULL, NULL, NULL,
                                                          flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_alert_notifier_init (AstrixAlertNotifier *self)
{
  self->alerts = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
}

AstrixAlertNotifier *
astrix_alert_notifier_new (GApplication   *application,
                           AstrixSettings *settings,
                           GListModel     *connections)
{
  AstrixAlertNotifier *self = g_object_new (ASTRIX_TYPE_ALERT_NOTIFIER, NULL);

  self->application = application;
  self->settings = g_object_ref (settings);
  self->connections = g_object_ref (connections);
  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries),
                                   self);
  g_signal_connect_object (settings, "notify", G_CALLBACK (on_settings), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (connections, "items-changed", G_CALLBACK (sync_connections), self,
                           G_CONNECT_SWAPPED);
  sync_connections (self);
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agents-page.h"
#include "astrix-alert-notifier-private.h"
#include "astrix-alerts-bar.h"
#include "astrix-application-private.h"
#include "astrix-queues-page.h"
#include "astrix-window.h"

/*
 * The alerts of every connection, told to the supervisor: one AstrixAlerts per connection with
 * the thresholds of AstrixSettings, one GNotification per raised alert (its id stable per
 * server and alert, so a raise replaces its own notification and a clearing withdraws it),
 * a toast in the main window for each raise and clearing, and the alerts of all servers in
 * the window's AstrixAlertsBar while they hold. An alert that leaves the list without being
 * cleared (its server disconnected or removed) has its notification withdrawn too: it no
 * longer says anything true.
 *
 * app.show-queue and app.show-agent (the name, or the agent's interface) bring the window up
 * on the Queues or Agents page with that row selected. A notification clicked while the app
 * was not running starts it with the action: the row is selected when the server's queues
 * come, if they come within PENDING_SECONDS.
 */

#define PENDING_SECONDS 15

struct _AstrixAlertNotifier
{
  GObject         parent_instance;

  GApplication   *application;   /* not a reference: the application owns us */
  AstrixSettings *settings;
  GListModel     *connections;
  GHashTable     *alerts;        /* AstrixConnection -> AstrixAlerts */
  GListStore     *alert_lists;   /* the same AstrixAlerts, for: */
  GtkFlattenListModel *active;   /* every server's alerts that hold now, for the window */
  GtkWidget      *pending_page;  /* (weak) a page asked to select a row it did not have yet */
  char           *pending_name;  /* that row */
  gint64          pending_until; /* monotonic: when to stop waiting for it */
  guint           retry_source;
};

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

/* A new main window lists the alerts that hold (its bar is filled from here, as the toasts) */
static void
on_window_added (AstrixAlertNotifier *self,
                 GtkWindow           *window)
{
  GObject *bar;

  if (!ASTRIX_IS_WINDOW (window))
    return;
  bar = gtk_widget_get_template_child (GTK_WIDGET (window), ASTRIX_TYPE_WINDOW, "alerts_bar");
  astrix_alerts_bar_set_model (ASTRIX_ALERTS_BAR (bar), G_LIST_MODEL (self->active));
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
  g_list_store_append (self->alert_lists, alerts);
}

static void
remove_connection (AstrixAlertNotifier *self,
                   AstrixAlerts        *alerts)
{
  guint position;

  withdraw_unlisted (self, alerts, TRUE);
  if (g_list_store_find (self->alert_lists, alerts, &position))
    g_list_store_remove (self->alert_lists, position);
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
        remove_connection (self, alerts);
        g_hash_table_iter_remove (&iter);
      }
}

/* Returns: (nullable) (transfer none): the window up, on the page @page */
static GtkWidget *
show_page (AstrixAlertNotifier *self,
           const char          *page)
{
  AstrixWindow *window = main_window (self);
  GObject *stack;

  if (window == NULL)
    {
      g_application_activate (self->application);
      window = main_window (self);
    }
  if (window == NULL)
    return NULL;
  astrix_window_show_page (window, page);
  gtk_window_present (GTK_WINDOW (window));
  stack = gtk_widget_get_template_child (GTK_WIDGET (window), ASTRIX_TYPE_WINDOW, "view_stack");
  return adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), page);
}

static gboolean
select_row (GtkWidget  *page,
            const char *name)
{
  if (ASTRIX_IS_QUEUES_PAGE (page))
    return astrix_queues_page_select (ASTRIX_QUEUES_PAGE (page), name);
  return astrix_agents_page_select (ASTRIX_AGENTS_PAGE (page), name);
}

static GListModel *
rows_of (GtkWidget *page)
{
  if (ASTRIX_IS_QUEUES_PAGE (page))
    return astrix_queues_page_get_shown (ASTRIX_QUEUES_PAGE (page));
  return astrix_agents_page_get_shown (ASTRIX_AGENTS_PAGE (page));
}

static void on_pending_rows (AstrixAlertNotifier *self);

static void
clear_pending (AstrixAlertNotifier *self)
{
  if (self->pending_page != NULL)
    g_signal_handlers_disconnect_by_func (rows_of (self->pending_page), on_pending_rows, self);
  g_clear_weak_pointer (&self->pending_page);
  g_clear_pointer (&self->pending_name, g_free);
  g_clear_handle_id (&self->retry_source, g_source_remove);
}

static gboolean
retry_pending (gpointer data)
{
  AstrixAlertNotifier *self = data;

  self->retry_source = 0;
  if (self->pending_page == NULL || g_get_monotonic_time () > self->pending_until ||
      select_row (self->pending_page, self->pending_name))
    clear_pending (self);
  return G_SOURCE_REMOVE;
}

/* From an idle: selecting inside the rows' own items-changed would change them under it */
static void
on_pending_rows (AstrixAlertNotifier *self)
{
  if (self->retry_source == 0)
    self->retry_source = g_idle_add (retry_pending, self);
}

static void
show_row (AstrixAlertNotifier *self,
          const char          *page_name,
          const char          *name)
{
  GtkWidget *page = show_page (self, page_name);

  clear_pending (self);
  if (page == NULL || select_row (page, name))
    return;
  g_set_weak_pointer (&self->pending_page, page);
  self->pending_name = g_strdup (name);
  self->pending_until = g_get_monotonic_time () + PENDING_SECONDS * G_USEC_PER_SEC;
  g_signal_connect_object (rows_of (page), "items-changed", G_CALLBACK (on_pending_rows), self,
                           G_CONNECT_SWAPPED);
}

static void
show_queue_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  show_row (data, "queues", g_variant_get_string (param, NULL));
}

static void
show_agent_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  show_row (data, "agents", g_variant_get_string (param, NULL));
}

static const GActionEntry entries[] = {
  { "show-queue", show_queue_activated, "s" },
  { "show-agent", show_agent_activated, "s" },
};

/* Returns: (nullable) (transfer none): the alerts of @connection */
AstrixAlerts *
_astrix_alert_notifier_get_alerts (AstrixAlertNotifier *self,
                                   AstrixConnection    *connection)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT_NOTIFIER (self), NULL);
  return g_hash_table_lookup (self->alerts, connection);
}

static void
astrix_alert_notifier_dispose (GObject *object)
{
  AstrixAlertNotifier *self = ASTRIX_ALERT_NOTIFIER (object);

  if (self->alerts != NULL)
    g_hash_table_remove_all (self->alerts);
  clear_pending (self);
  g_clear_object (&self->active);
  g_clear_object (&self->alert_lists);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (astrix_alert_notifier_parent_class)->dispose (object);
}

static void
astrix_alert_notifier_finalize (GObject *object)
{
  AstrixAlertNotifier *self = ASTRIX_ALERT_NOTIFIER (object);

  g_hash_table_unref (self->alerts);

  G_OBJECT_CLASS (astrix_alert_notifier_parent_class)->finalize (object);
}

static void
astrix_alert_notifier_class_init (AstrixAlertNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_alert_notifier_dispose;
  object_class->finalize = astrix_alert_notifier_finalize;
}

static void
astrix_alert_notifier_init (AstrixAlertNotifier *self)
{
  self->alerts = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->alert_lists = g_list_store_new (ASTRIX_TYPE_ALERTS);
  self->active = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->alert_lists)));
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
  g_signal_connect_object (application, "window-added", G_CALLBACK (on_window_added), self,
                           G_CONNECT_SWAPPED);
  sync_connections (self);
  return self;
}

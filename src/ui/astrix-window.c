/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-activity-page.h"
#include "astrix-agents-page.h"
#include "astrix-alerts-bar.h"
#include "astrix-application.h"
#include "astrix-call-details.h"
#include "astrix-cell.h"
#include "astrix-channel-cells.h"
#include "astrix-channel.h"
#include "astrix-column-fit.h"
#include "astrix-connection.h"
#include "astrix-filter-model.h"
#include "astrix-monitor-bar.h"
#include "astrix-queues-page.h"
#include "astrix-recordings-page.h"
#include "astrix-sort-model.h"
#include "astrix-window-call-actions.h"
#include "astrix-window-private.h"

/*
 * The main window: the live calls of every connected server in one table, one row per
 * conversation (AstrixCall, from each connection's call store: search, sort, the keyboard),
 * the channels of the selected call below it on demand, the connection status, and the
 * monitoring bar. Monitoring commands act on the selected call's agent side (its spy target);
 * the work is the application's (app.listen ...), so the same paths serve the desktop-wide
 * D-Bus actions.
 */

struct _AstrixWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  GtkWidget            *search_button;
  GtkRevealer          *status_revealer;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  GtkWidget            *retry_button;
  GtkWidget            *trust_button;
  GtkDropDown          *server_dropdown;
  GtkStringList        *server_names;     /* "All servers", then each server */
  GSettings            *settings;
  gboolean              show_outside;     /* calls outside my spy groups */
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *server_column;
  GtkColumnViewColumn  *customer_column;
  GtkColumnViewColumn  *agent_column;
  GtkColumnViewColumn  *queue_column;
  GtkColumnViewColumn  *state_column;
  GtkColumnViewColumn  *duration_column;
  GtkColumnViewColumn  *monitored_by_column;
  GtkSingleSelection   *selection;
  AstrixFilterModel    *filter_model;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *connecting_page;
  GtkRevealer          *details_revealer;
  AstrixCallDetails    *call_details;
  GtkWidget            *details_button;
  AstrixMonitorBar     *monitor_bar;
  GtkWidget            *alerts_bar;    /* filled by AstrixAlertNotifier */
  AstrixRecordingsPage *recordings_page;
  AstrixActivityPage   *activity_page;
  AstrixAgentsPage     *agents_page;
  AstrixQueuesPage     *queues_page;

  GListModel           *connections;      /* AstrixConnection */
  GtkFlattenListModel  *calls;            /* every server's calls */
  char                 *search_text;      /* casefolded */
  GPtrArray            *duration_labels;  /* bound duration cells, ticked each second */
  guint                 tick_source;
  int                   table_width;      /* the width the column widths were made for */
  guint                 widths_source;
  gboolean              welcome;          /* no server configured */
};

G_DEFINE_FINAL_TYPE (AstrixWindow, astrix_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_column_widths (AstrixWindow *self);
static void astrix_window_size_allocate (GtkWidget *widget, int width, int height, int baseline);

/* Search */

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
call_matches (gpointer item,
              gpointer data)
{
  AstrixWindow *self = data;
  AstrixCall *call = item;
  guint server = gtk_drop_down_get_selected (self->server_dropdown);
  const char *fields[] = {
    astrix_call_get_customer_name (call), astrix_call_get_customer_number (call),
    astrix_call_get_agent_name (call), astrix_call_get_agent_number (call),
    astrix_call_get_queue (call), astrix_call_get_state_label (call),
    astrix_call_get_monitored_by (call), astrix_call_get_server (call),
    astrix_call_get_customer_channel (call), astrix_call_get_agent_channel (call),
  };

  if (!self->show_outside && astrix_call_get_outside_groups (call))
    return FALSE;
  if (server != GTK_INVALID_LIST_POSITION && server > 0 &&
      g_strcmp0 (astrix_call_get_server (call),
                 gtk_string_list_get_string (self->server_names, server)) != 0)
    return FALSE;
  if (self->search_text == NULL || self->search_text[0] == '\0')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (contains_folded (fields[i], self->search_text))
        return TRUE;
    }
  return FALSE;
}

static void update_page (AstrixWindow *self);

static void
on_search_changed (AstrixWindow   *self,
                   GtkSearchEntry *entry)
{
  g_free (self->search_text);
  self->search_text = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  astrix_filter_model_refilter (self->filter_model, GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
}

static void
on_search_stopped (AstrixWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Which page: the table, or why there is nothing in it */

static AstrixConnectionState
best_state (AstrixWindow *self)
{
  AstrixConnectionState best = ASTRIX_CONNECTION_IDLE;
  guint n = self->connections ? g_list_model_get_n_items (self->connections) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (self->connections, i);
      AstrixConnectionState state = astrix_connection_get_state (connection);

      if (state == ASTRIX_CONNECTION_CONNECTED)
        return state;
      if (state == ASTRIX_CONNECTION_SYNCING || best == ASTRIX_CONNECTION_IDLE)
        best = state;
    }
  return best;
}

static void
update_page (AstrixWindow *self)
{
  guint n_connections = self->connections ? g_list_model_get_n_items (self->connections) : 0;
  guint n_calls = g_list_model_get_n_items (G_LIST_MODEL (self->calls));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  AstrixConnectionState state = best_state (self);
  const char *page;

  if (n_connections == 0)
    page = self->welcome ? "welcome" : "connecting";
  else if (n_shown > 0)
    page = "calls";
  else if (n_calls > 0)
    page = "no-results";
  else if (state == ASTRIX_CONNECTION_CONNECTED)
    page = "empty";
  else
    page = "connecting";

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    {
      gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->column_view));

      gtk_stack_set_visible_child_name (self->stack, page);
      if (g_str_equal (page, "calls") && !gtk_search_bar_get_search_mode (self->search_bar) &&
          !had_focus)
        gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

/* Connection status */

/* A TLS failure with a certificate the supervisor could pin. */
static gboolean
is_untrusted (AstrixConnection *connection)
{
  AmiClient *client = astrix_connection_get_client (connection);
  const GError *error = ami_client_get_last_error (client);

  return g_error_matches (error, AMI_ERROR, AMI_ERROR_TLS) &&
         ami_client_get_peer_fingerprint (client) != NULL;
}

/* The server filter: shown with two servers or more. */
static void
update_server_names (AstrixWindow *self)
{
  guint n = self->connections ? g_list_model_get_n_items (self->connections) : 0;
  guint selected = gtk_drop_down_get_selected (self->server_dropdown);
  g_autofree char *selected_name = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->server_names));

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    selected_name = g_strdup (gtk_string_list_get_string (self->server_names, selected));
  g_strv_builder_add (builder, _("All Servers"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (self->connections, i);

      g_strv_builder_add (builder, astrix_connection_get_name (c));
    }
  names = g_strv_builder_end (builder);

  /* Unchanged: leave the drop-down (and its selection) alone. */
  if (old_n == n + 1)
    {
      gboolean same = TRUE;

      for (guint i = 0; i <= n && same; i++)
        same = g_strcmp0 (gtk_string_list_get_string (self->server_names, i), names[i]) == 0;
      if (same)
        return;
    }
  gtk_string_list_splice (self->server_names, 0, old_n, (const char * const *) names);
  gtk_drop_down_set_selected (self->server_dropdown, 0);
  for (guint i = 1; selected_name != NULL && names[i] != NULL; i++)
    {
      if (g_strcmp0 (names[i], selected_name) == 0)
        gtk_drop_down_set_selected (self->server_dropdown, i);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->server_dropdown), n > 1);
}

static void
update_status (AstrixWindow *self)
{
  guint n = self->connections ? g_list_model_get_n_items (self->connections) : 0;
  g_autofree char *subtitle = _astrix_connections_subtitle (self->connections);
  g_autoptr(GString) problems = g_string_new (NULL);
  gboolean can_retry = FALSE;
  const char *untrusted = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (self->connections, i);
      g_autofree char *text = _astrix_describe_connection (c);
      AstrixConnectionState state = astrix_connection_get_state (c);

      if (text == NULL)
        continue;
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append (problems, text);
      can_retry |= state == ASTRIX_CONNECTION_RECONNECTING || state == ASTRIX_CONNECTION_FAILED;
      if (untrusted == NULL && state == ASTRIX_CONNECTION_FAILED && is_untrusted (c))
        untrusted = astrix_connection_get_name (c);
    }

  adw_view_switcher_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_label_set_label (self->status_label, problems->str);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->trust_button, untrusted != NULL);
  if (untrusted != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->trust_button), "s", untrusted);
  update_server_names (self);
  gtk_revealer_set_reveal_child (self->status_revealer, problems->len > 0);
  if (gtk_column_view_column_get_visible (self->server_column) != (n > 1))
    {
      gtk_column_view_column_set_visible (self->server_column, n > 1);
      update_column_widths (self);
    }
  if (n > 0)
    {
      g_autoptr(AstrixConnection) first = g_list_model_get_item (self->connections, 0);
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("Calls on %s appear here as they start."),
                              astrix_connection_get_name (first));
      adw_status_page_set_description (self->empty_page, text);
      adw_status_page_set_description (self->connecting_page,
                                       problems->len > 0 ? problems->str : NULL);
    }
  update_page (self);
}

/* Durations tick: each second the bound duration cells are drawn again. */

static gboolean
tick (gpointer data)
{
  AstrixWindow *self = data;

  for (guint i = 0; i < self->duration_labels->len; i++)
    astrix_cell_invalidate (g_ptr_array_index (self->duration_labels, i));
  /* The reconnection countdown ticks too. */
  if (gtk_revealer_get_reveal_child (self->status_revealer))
    update_status (self);
  return G_SOURCE_CONTINUE;
}

/* The channels of the selected call, while the pane shows (Ctrl+I) */

static void
update_details (AstrixWindow *self)
{
  gboolean shown = gtk_revealer_get_reveal_child (self->details_revealer);

  astrix_call_details_set_call (self->call_details,
                                shown ? astrix_window_get_selected_call (self) : NULL);
}

static void
toggle_details_action (GtkWidget  *widget,
                       const char *action,
                       GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);

  astrix_window_show_page (self, "calls");
  gtk_revealer_set_reveal_child (self->details_revealer,
                                 !gtk_revealer_get_reveal_child (self->details_revealer));
}

/* Monitoring */

/**
 * astrix_window_get_selected_call:
 *
 * Returns: (transfer none) (nullable): the call selected in the Calls table
 */
AstrixCall *
astrix_window_get_selected_call (AstrixWindow *self)
{
  g_return_val_if_fail (ASTRIX_IS_WINDOW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

static void
monitor_selected (AstrixWindow      *self,
                  AstrixMonitorMode  mode)
{
  AstrixApplication *app = ASTRIX_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  AstrixCall *call = astrix_window_get_selected_call (self);
  g_autoptr(GError) error = NULL;

  /* On the Agents page, the selected agent's call */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "agents") == 0)
    {
      astrix_agents_page_monitor (self->agents_page, mode);
      return;
    }
  if (call == NULL)
    {
      astrix_window_show_toast (self, _("Select a call first."));
      return;
    }
  /* The agent's side of the call, the exact channel ChanSpy takes */
  if (astrix_call_get_spy_target (call) == NULL)
    {
      astrix_window_show_toast (self,
                                _("No agent is on this call yet: there is nobody to listen to."));
      return;
    }
  if (!astrix_application_monitor_channel (app, astrix_call_get_server (call),
                                           astrix_call_get_spy_target (call), mode, &error))
    astrix_window_show_toast (self, error->message);
}

/* win.listen, win.whisper, win.barge: the mode is the action's name after "win." */
static void
monitor_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  AstrixMonitorMode mode;

  if (astrix_monitor_mode_from_string (action + strlen ("win."), &mode))
    monitor_selected (ASTRIX_WINDOW (widget), mode);
}

static void
on_row_activated (AstrixWindow  *self,
                  guint          position,
                  GtkColumnView *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  monitor_selected (self, ASTRIX_MONITOR_MODE_LISTEN);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "recordings") == 0)
    astrix_recordings_page_focus_search (self->recordings_page);
  else if (g_strcmp0 (page, "activity") == 0)
    astrix_activity_page_focus_search (self->activity_page);
  else if (g_strcmp0 (page, "agents") == 0)
    astrix_agents_page_focus_search (self->agents_page);
  else if (g_strcmp0 (page, "queues") == 0)
    astrix_queues_page_focus_search (self->queues_page);
  else
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
}

static void
focus_list_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "recordings") == 0)
    gtk_widget_grab_focus (
      GTK_WIDGET (astrix_recordings_page_get_column_view (self->recordings_page)));
  else if (g_strcmp0 (page, "calls") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  else
    gtk_widget_child_focus (adw_view_stack_get_visible_child (self->view_stack),
                            GTK_DIR_TAB_FORWARD);
}

static void
retry_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  guint n = self->connections ? g_list_model_get_n_items (self->connections) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (self->connections, i);
      AstrixConnectionState state = astrix_connection_get_state (c);

      if (state == ASTRIX_CONNECTION_RECONNECTING || state == ASTRIX_CONNECTION_FAILED)
        astrix_connection_retry (c);
    }
}

/* Models */

static gpointer
connection_to_calls (gpointer item,
                     gpointer data)
{
  AstrixConnection *connection = item;
  gpointer store = g_object_ref (astrix_connection_get_calls (connection));

  g_object_unref (connection);
  return store;
}

static void
on_connection_notify (AstrixWindow *self)
{
  update_status (self);
}

static void
watch_connections (AstrixWindow *self,
                   guint         position,
                   guint         removed,
                   guint         added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (self->connections, i);

      g_signal_connect_object (c, "notify::state", G_CALLBACK (on_connection_notify), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (c, "notify::error-text", G_CALLBACK (on_connection_notify), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (c, "notify::retry-at", G_CALLBACK (on_connection_notify), self,
                               G_CONNECT_SWAPPED);
    }
  update_status (self);
}

static void
on_connections_changed (GListModel   *model,
                        guint         position,
                        guint         removed,
                        guint         added,
                        AstrixWindow *self)
{
  watch_connections (self, position, removed, added);
}

static void
on_session_changed (AstrixWindow  *self,
                    GParamSpec    *pspec,
                    AstrixMonitor *monitor)
{
  astrix_monitor_bar_set_session (self->monitor_bar, astrix_monitor_get_session (monitor));
}

static void
on_shown_changed (AstrixWindow *self)
{
  update_page (self);
}

static void
on_filter_option_changed (AstrixWindow *self)
{
  if (self->settings != NULL)
    self->show_outside = g_settings_get_boolean (self->settings, "show-outside-groups");
  astrix_filter_model_refilter (self->filter_model, GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
}

/**
 * astrix_window_show_toast:
 *
 * A short message in the window (failures with their reason, confirmations).
 */
void
astrix_window_show_toast (AstrixWindow *self,
                          const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Shows the welcome page ("Add Server", "Try the Demo") while no server is configured. */
void
astrix_window_set_welcome (AstrixWindow *self,
                           gboolean      welcome)
{
  self->welcome = welcome;
  update_page (self);
}

/**
 * astrix_window_add_page:
 *
 * Adds a top-level page (recordings, activity) beside the calls; Alt+number reaches it.
 */
void
astrix_window_add_page (AstrixWindow *self,
                        GtkWidget    *child,
                        const char   *name,
                        const char   *title,
                        const char   *icon_name)
{
  AdwViewStackPage *page = adw_view_stack_add_titled (self->view_stack, child, name, title);

  adw_view_stack_page_set_icon_name (page, icon_name);
  adw_view_stack_page_set_use_underline (page, TRUE);
}

/* Shows the page called @name ("calls", "recordings", "activity"). */
void
astrix_window_show_page (AstrixWindow *self,
                         const char   *name)
{
  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  guint index = g_variant_get_uint32 (param);
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  g_autoptr(AdwViewStackPage) page = NULL;

  if (index >= g_list_model_get_n_items (G_LIST_MODEL (pages)))
    return;
  page = g_list_model_get_item (G_LIST_MODEL (pages), index);
  adw_view_stack_set_visible_child (self->view_stack, adw_view_stack_page_get_child (page));
}

/* The search button belongs to the calls; the other pages have their own search. */
static void
on_visible_page (AstrixWindow *self)
{
  gboolean calls =
    g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "calls") == 0;

  gtk_widget_set_visible (self->search_button, calls);
  gtk_widget_set_visible (self->details_button, calls);
}

/* Returns: (transfer none): the recordings page */
AstrixRecordingsPage *
astrix_window_get_recordings_page (AstrixWindow *self)
{
  return self->recordings_page;
}

/* Returns: (transfer none) (nullable): the activity page */
AstrixActivityPage *
_astrix_window_get_activity_page (AstrixWindow *self)
{
  return self->activity_page;
}

/* Returns: which calls page shows: calls, empty, no-results, connecting or welcome */
const char *
_astrix_window_get_page (AstrixWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkColumnView *
astrix_window_get_column_view (AstrixWindow *self)
{
  return self->column_view;
}

GtkSingleSelection *
astrix_window_get_selection (AstrixWindow *self)
{
  return self->selection;
}

AstrixMonitorBar *
_astrix_window_get_monitor_bar (AstrixWindow *self)
{
  return self->monitor_bar;
}

/* The application's servers and monitor, which the window shows. */
static void
attach_application (AstrixWindow      *self,
                    AstrixApplication *app)
{
  AstrixMonitor *monitor = astrix_application_get_monitor (app);
  GtkMapListModel *stores;

  self->settings = g_object_ref (astrix_application_get_settings (app));
  g_signal_connect_object (self->settings, "changed::show-outside-groups",
                           G_CALLBACK (on_filter_option_changed), self, G_CONNECT_SWAPPED);
  self->show_outside = g_settings_get_boolean (self->settings, "show-outside-groups");
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->connections = g_object_ref (astrix_application_get_connections (app));
  stores = gtk_map_list_model_new (g_object_ref (self->connections), connection_to_calls, NULL,
                                   NULL);
  self->calls = gtk_flatten_list_model_new (G_LIST_MODEL (stores));
  astrix_filter_model_set_model (self->filter_model, G_LIST_MODEL (self->calls));
  g_signal_connect_object (self->connections, "items-changed",
                           G_CALLBACK (on_connections_changed), self, 0);
  watch_connections (self, 0, 0, g_list_model_get_n_items (self->connections));
  _astrix_window_attach_call_actions (self, app);

  g_signal_connect_object (monitor, "notify::session", G_CALLBACK (on_session_changed), self,
                           G_CONNECT_SWAPPED);

  self->recordings_page = ASTRIX_RECORDINGS_PAGE (astrix_recordings_page_new ());
  astrix_recordings_page_set_servers (self->recordings_page, self->connections);
  g_signal_connect_object (self->recordings_page, "toast", G_CALLBACK (astrix_window_show_toast),
                           self, G_CONNECT_SWAPPED);
  astrix_window_add_page (self, GTK_WIDGET (self->recordings_page), "recordings", _("_Recordings"),
                          "audio-x-generic-symbolic");
  /* The application writes down and notifies the playbacks (phone-playback-started) */
  if (astrix_application_get_audit_log (app) != NULL)
    {
      self->activity_page =
        ASTRIX_ACTIVITY_PAGE (astrix_activity_page_new (astrix_application_get_audit_log (app)));
      astrix_window_add_page (self, GTK_WIDGET (self->activity_page), "activity", _("Acti_vity"),
                              "document-open-recent-symbolic");
    }
  self->agents_page = ASTRIX_AGENTS_PAGE (astrix_agents_page_new ());
  astrix_agents_page_set_connections (self->agents_page, self->connections);
  astrix_agents_page_bind_settings (self->agents_page, self->settings);
  g_signal_connect_object (self->agents_page, "toast", G_CALLBACK (astrix_window_show_toast),
                           self, G_CONNECT_SWAPPED);
  astrix_window_add_page (self, GTK_WIDGET (self->agents_page), "agents", _("_Agents"),
                          "system-users-symbolic");
  self->queues_page = ASTRIX_QUEUES_PAGE (astrix_queues_page_new ());
  astrix_queues_page_set_connections (self->queues_page, self->connections);
  astrix_window_add_page (self, GTK_WIDGET (self->queues_page), "queues", _("_Queues"),
                          "view-list-symbolic");
  astrix_monitor_bar_set_session (self->monitor_bar, astrix_monitor_get_session (monitor));
  update_status (self);
}

static void
astrix_window_dispose (GObject *object)
{
  AstrixWindow *self = ASTRIX_WINDOW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->widths_source, g_source_remove);
  _astrix_window_dispose_call_actions (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_WINDOW);
  g_clear_object (&self->calls);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);
  g_clear_object (&self->server_names);

  G_OBJECT_CLASS (astrix_window_parent_class)->dispose (object);
}

static void
astrix_window_finalize (GObject *object)
{
  AstrixWindow *self = ASTRIX_WINDOW (object);

  g_free (self->search_text);
  g_ptr_array_unref (self->duration_labels);

  G_OBJECT_CLASS (astrix_window_parent_class)->finalize (object);
}

/* The window opens next time as large as it was closed. */
static gboolean
astrix_window_close_request (GtkWindow *window)
{
  AstrixWindow *self = ASTRIX_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  if (GTK_WINDOW_CLASS (astrix_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (astrix_window_parent_class)->close_request (window);
  return FALSE;
}

static void
astrix_window_class_init (AstrixWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = astrix_window_dispose;
  object_class->finalize = astrix_window_finalize;
  window_class->close_request = astrix_window_close_request;
  widget_class->size_allocate = astrix_window_size_allocate;

  g_type_ensure (ASTRIX_TYPE_CALL);
  g_type_ensure (ASTRIX_TYPE_CALL_DETAILS);
  g_type_ensure (ASTRIX_TYPE_MONITOR_BAR);
  g_type_ensure (ASTRIX_TYPE_ALERTS_BAR);
  g_type_ensure (ASTRIX_TYPE_SORT_MODEL);
  g_type_ensure (ASTRIX_TYPE_FILTER_MODEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, trust_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, server_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, server_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, customer_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, agent_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, queue_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, state_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, duration_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, monitored_by_column);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, monitor_bar);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, alerts_bar);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, call_details);
  gtk_widget_class_bind_template_child (widget_class, AstrixWindow, details_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "win.listen", NULL, monitor_action);
  gtk_widget_class_install_action (widget_class, "win.whisper", NULL, monitor_action);
  gtk_widget_class_install_action (widget_class, "win.barge", NULL, monitor_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.focus-list", NULL, focus_list_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-details", NULL, toggle_details_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.listen",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.whisper",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.barge",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.focus-list", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.retry",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.toggle-details", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-page", "u", show_page_action);
  _astrix_window_class_init_call_actions (widget_class);
  for (guint i = 0; i < 5; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page",
                                         "u", i);
}

/* The columns fit the table's width (see astrix_fit_columns()). */
static void
update_column_widths (AstrixWindow *self)
{
  AstrixColumnWidth widths[] = {
    { self->server_column, 120, FALSE }, { self->customer_column, 220, TRUE },
    { self->agent_column, 200, TRUE }, { self->queue_column, 100, TRUE },
    { self->state_column, 180, FALSE }, { self->duration_column, 80, FALSE },
    { self->monitored_by_column, 150, TRUE },
  };

  astrix_fit_columns (GTK_WIDGET (self), widths, G_N_ELEMENTS (widths), self->table_width);
}

static gboolean
update_column_widths_idle (gpointer data)
{
  AstrixWindow *self = data;

  self->widths_source = 0;
  update_column_widths (self);
  return G_SOURCE_REMOVE;
}

static void
astrix_window_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  int table_width;

  GTK_WIDGET_CLASS (astrix_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Not from within the allocation: setting a width queues a resize */
  table_width = gtk_widget_get_width (GTK_WIDGET (self->stack));
  if (table_width != self->table_width && self->widths_source == 0)
    {
      self->table_width = table_width;
      self->widths_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_column_widths_idle,
                                             self, NULL);
    }
}

static void
set_factory (GtkColumnViewColumn *column,
             GtkListItemFactory  *factory)
{
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

static void
astrix_window_init (AstrixWindow *self)
{
  self->duration_labels = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (on_visible_page), self);
  self->server_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->server_dropdown, G_LIST_MODEL (self->server_names));
  g_signal_connect_swapped (self->server_dropdown, "notify::selected",
                            G_CALLBACK (on_filter_option_changed), self);
  astrix_filter_model_set_filter_func (self->filter_model, call_matches, self, NULL);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (on_shown_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (update_details),
                            self);
  g_signal_connect_swapped (self->details_revealer, "notify::reveal-child",
                            G_CALLBACK (update_details), self);

  set_factory (self->server_column, astrix_text_cell_factory_new ("server", NULL));
  set_factory (self->customer_column, astrix_text_cell_factory_new ("customer", NULL));
  set_factory (self->agent_column, astrix_text_cell_factory_new ("agent", NULL));
  set_factory (self->queue_column, astrix_text_cell_factory_new ("queue", NULL));
  set_factory (self->state_column, _astrix_window_state_cell_factory_new ());
  set_factory (self->monitored_by_column, astrix_monitored_cell_factory_new ());

  set_factory (self->duration_column, _astrix_duration_cell_factory_new (self->duration_labels));
  _astrix_window_init_call_actions (self);

  update_column_widths (self);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (update_column_widths), self, G_CONNECT_SWAPPED);

  /* Longest calls first: new calls come in at the bottom and rows do not jump about. */
  gtk_column_view_sort_by_column (self->column_view, self->duration_column, GTK_SORT_DESCENDING);
  self->tick_source = g_timeout_add_seconds (1, tick, self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

AstrixWindow *
astrix_window_new (AstrixApplication *application)
{
  AstrixWindow *self = g_object_new (ASTRIX_TYPE_WINDOW, "application", application, NULL);

  attach_application (self, application);
  return self;
}

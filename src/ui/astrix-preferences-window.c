/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-alerts.h"
#include "astrix-preferences-window.h"

/*
 * Preferences: the servers (each opens its editor; app.add-server adds one), the options of
 * the list of calls and the alert thresholds, bound straight to GSettings.
 */

struct _AstrixPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkListBox           *server_list;
  GtkSwitch            *outside_switch;
  GtkSpinButton        *callers_spin;
  GtkSpinButton        *wait_spin;
  GtkSpinButton        *level_spin;
  GtkSwitch            *no_agent_switch;
  GtkSpinButton        *paused_spin;
  GtkSpinButton        *call_spin;
  GtkSpinButton        *cooldown_spin;
  AdwEntryRow          *overrides_row;

  AstrixSettings       *settings;
};

G_DEFINE_FINAL_TYPE (AstrixPreferencesWindow, astrix_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
update_subtitle (AdwActionRow       *row,
                 GParamSpec         *pspec,
                 AstrixServerConfig *config)
{
  g_autofree char *uri = astrix_server_config_dup_display_uri (config);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), astrix_server_config_get_name (config));
  adw_action_row_set_subtitle (row, uri);
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  AstrixServerConfig *config = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *next = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"),
                                                   astrix_server_config_get_name (config));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Server"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "app.remove-server");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s",
                                    astrix_server_config_get_id (config));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), next);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.edit-server");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s",
                                    astrix_server_config_get_id (config));

  update_subtitle (ADW_ACTION_ROW (row), NULL, config);
  g_signal_connect_object (config, "notify", G_CALLBACK (update_subtitle), row, G_CONNECT_SWAPPED);
  return row;
}

/* The per-queue thresholds as typed: "queue:kind=value" separated by commas */
static void
show_overrides (AstrixPreferencesWindow *self)
{
  g_auto(GStrv) overrides = g_settings_get_strv (astrix_settings_get_gsettings (self->settings),
                                                 "alert-queue-overrides");
  g_autofree char *text = g_strjoinv (", ", overrides);

  gtk_editable_set_text (GTK_EDITABLE (self->overrides_row), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->overrides_row), "error");
}

/* Saved only when every entry parses; otherwise the row says so and keeps the text */
static void
apply_overrides (AstrixPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->overrides_row));
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) overrides = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *queue = NULL;
      const char *entry = g_strstrip (parts[i]);
      AstrixAlertKind kind;
      guint value;

      if (entry[0] == '\0')
        continue;
      if (!astrix_alerts_parse_override (entry, &queue, &kind, &value))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->overrides_row), "error");
          return;
        }
      g_strv_builder_add (builder, entry);
    }
  overrides = g_strv_builder_end (builder);
  g_settings_set_strv (astrix_settings_get_gsettings (self->settings), "alert-queue-overrides",
                       (const char * const *) overrides);
  show_overrides (self);
}

static void
bind_alerts (AstrixPreferencesWindow *self)
{
  GSettings *settings = astrix_settings_get_gsettings (self->settings);
  struct { const char *key; gpointer widget; } spins[] = {
    { "alert-callers-waiting", self->callers_spin }, { "alert-longest-wait", self->wait_spin },
    { "alert-service-level", self->level_spin }, { "alert-agent-paused", self->paused_spin },
    { "alert-long-call", self->call_spin }, { "alert-cooldown", self->cooldown_spin },
  };

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_settings_bind (settings, spins[i].key, spins[i].widget, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "alert-no-agent", self->no_agent_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  show_overrides (self);
  g_signal_connect_object (settings, "changed::alert-queue-overrides",
                           G_CALLBACK (show_overrides), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overrides_row, "apply", G_CALLBACK (apply_overrides), self,
                           G_CONNECT_SWAPPED);
}

static void
astrix_preferences_window_dispose (GObject *object)
{
  AstrixPreferencesWindow *self = ASTRIX_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (astrix_preferences_window_parent_class)->dispose (object);
}

static void
astrix_preferences_window_class_init (AstrixPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/astrix/Assist/astrix-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, server_list);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, outside_switch);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, callers_spin);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, wait_spin);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, level_spin);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, no_agent_switch);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, paused_spin);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, call_spin);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, cooldown_spin);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, overrides_row);
}

static void
astrix_preferences_window_init (AstrixPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AstrixPreferencesWindow *
astrix_preferences_window_new (GtkWindow      *parent,
                               AstrixSettings *settings)
{
  AstrixPreferencesWindow *self = g_object_new (ASTRIX_TYPE_PREFERENCES_WINDOW,
                                                "transient-for", parent, NULL);

  self->settings = g_object_ref (settings);
  gtk_list_box_bind_model (self->server_list, astrix_settings_get_servers (settings),
                           create_row, self, NULL);
  g_settings_bind (astrix_settings_get_gsettings (settings), "show-outside-groups",
                   self->outside_switch, "active", G_SETTINGS_BIND_DEFAULT);
  bind_alerts (self);
  return self;
}

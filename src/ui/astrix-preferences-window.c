/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-preferences-window.h"

/*
 * Preferences: the servers (each opens its editor; app.add-server adds one) and the options of
 * the list of calls, bound straight to GSettings.
 */

struct _AstrixPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkListBox           *server_list;
  GtkSwitch            *outside_switch;

  AstrixSettings       *settings;
};

G_DEFINE_FINAL_TYPE (AstrixPreferencesWindow, astrix_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

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
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), astrix_server_config_get_name (config));

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Server"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "app.remove-server");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", astrix_server_config_get_id (config));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), next);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.edit-server");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", astrix_server_config_get_id (config));

  update_subtitle (ADW_ACTION_ROW (row), NULL, config);
  g_signal_connect_object (config, "notify", G_CALLBACK (update_subtitle), row, G_CONNECT_SWAPPED);
  return row;
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, server_list);
  gtk_widget_class_bind_template_child (widget_class, AstrixPreferencesWindow, outside_switch);
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
  return self;
}

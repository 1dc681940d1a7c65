/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-application-private.h"
#include "astrix-window.h"

/*
 * Application actions. They are exported on D-Bus with the application, so a supervisor can
 * bind desktop-wide keys, e.g.
 *   gapplication action io.github.astrix.Assist listen "'PJSIP/1001-0000002a'"
 * Enablement is recomputed in one place, _astrix_application_update_actions().
 */

static void
report_failure (AstrixApplication *self,
                const char        *channel,
                const GError      *error)
{
  g_autofree char *title = g_strdup_printf (_("Could not monitor %s"), channel);

  astrix_application_report (self, error->message);
  astrix_notifier_report_error (self->notifier, title, error->message);
}

static void
monitor_action (AstrixApplication *self,
                GVariant          *parameter,
                AstrixMonitorMode  mode)
{
  const char *channel = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!astrix_application_monitor_channel (self, NULL, channel, mode, &error))
    report_failure (self, channel, error);
}

static void
listen_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       data)
{
  monitor_action (ASTRIX_APPLICATION (data), parameter, ASTRIX_MONITOR_MODE_LISTEN);
}

static void
whisper_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  monitor_action (ASTRIX_APPLICATION (data), parameter, ASTRIX_MONITOR_MODE_WHISPER);
}

static void
barge_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  monitor_action (ASTRIX_APPLICATION (data), parameter, ASTRIX_MONITOR_MODE_BARGE);
}

static void
switch_mode_changed (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  g_autoptr(GError) error = NULL;
  AstrixMonitorMode mode;

  if (!astrix_monitor_mode_from_string (g_variant_get_string (value, NULL), &mode))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a mode: use listen, whisper or barge."),
                                               g_variant_get_string (value, NULL));

      astrix_application_report (self, text);
      return;
    }
  if (!astrix_monitor_set_mode (self->monitor, mode, &error))
    astrix_application_report (self, error->message);
  /* The state follows the session's mode once the PBX took the switch. */
}

static void
stop_monitoring_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);
  g_autoptr(GError) error = NULL;

  if (!astrix_monitor_stop (self->monitor, &error))
    astrix_application_report (self, error->message);
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  AstrixApplication *self = ASTRIX_APPLICATION (data);

  astrix_application_start_demo (self, NULL);
  g_application_activate (G_APPLICATION (self));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));

  gtk_show_uri (window, "help:astrix-assist", GDK_CURRENT_TIME);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));
  static const char *developers[] = { "The Astrix Assist developers", NULL };

  adw_show_about_window (window,
                         "application-name", _("Astrix Assist"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Astrix Assist developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/astrix/assist",
                         "issue-url", "https://github.com/astrix/assist/issues",
                         "support-url", "help:astrix-assist/troubleshooting",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 The Astrix Assist developers",
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  g_application_quit (G_APPLICATION (data));
}

static const GActionEntry app_entries[] = {
  { "listen", listen_activated, "s" },
  { "whisper", whisper_activated, "s" },
  { "barge", barge_activated, "s" },
  { "switch-mode", NULL, "s", "'listen'", switch_mode_changed },
  { "stop-monitoring", stop_monitoring_activated },
  { "demo", demo_activated },
  { "preferences", NULL },
  { "help", help_activated },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
set_enabled (AstrixApplication *self,
             const char        *name,
             gboolean           enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Recomputes which actions make sense now, and the mode the switch shows. */
void
_astrix_application_update_actions (AstrixApplication *self)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);
  gboolean running = session != NULL && astrix_monitor_session_is_running (session);
  GAction *switch_mode = g_action_map_lookup_action (G_ACTION_MAP (self), "switch-mode");

  if (switch_mode == NULL)
    return;

  set_enabled (self, "stop-monitoring", running);
  set_enabled (self, "switch-mode", running);
  set_enabled (self, "demo", self->demo == NULL);
  set_enabled (self, "preferences", FALSE);
  if (session != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (switch_mode),
                               g_variant_new_string (astrix_monitor_mode_to_string (
                                 astrix_monitor_session_get_mode (session))));
}

static void
on_session (AstrixApplication *self)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state",
                               G_CALLBACK (_astrix_application_update_actions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::mode",
                               G_CALLBACK (_astrix_application_update_actions), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "warning", G_CALLBACK (astrix_application_report), self,
                               G_CONNECT_SWAPPED);
    }
  _astrix_application_update_actions (self);
}

void
_astrix_application_init_actions (AstrixApplication *self)
{
  static const char *stop_accels[] = { "<Control>period", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.stop-monitoring", stop_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  g_signal_connect_object (self->monitor, "notify::session", G_CALLBACK (on_session), self,
                           G_CONNECT_SWAPPED);
  _astrix_application_update_actions (self);
}

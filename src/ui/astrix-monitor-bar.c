/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-audio-controls.h"
#include "astrix-monitor-bar.h"
#include "astrix-monitor-bar-private.h"

/*
 * The bar at the foot of the window while a session runs: who is monitored, how (listen,
 * whisper, barge — the buttons switch live), for how long, and Stop. It stays up a moment
 * after the session ends to say how it ended.
 */

#define LINGER_SECONDS 4

struct _AstrixMonitorBar
{
  GtkWidget             parent_instance;

  GtkActionBar         *action_bar;
  GtkImage             *state_icon;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkWidget            *mode_box;
  GtkWidget            *stop_button;
  AstrixAudioControls  *audio_controls;

  AstrixMonitorSession *session;
  GSignalGroup         *session_signals;
  guint                 tick_source;
  guint                 linger_source;
};

G_DEFINE_FINAL_TYPE (AstrixMonitorBar, astrix_monitor_bar, GTK_TYPE_WIDGET)

/* Returns: (transfer full): "1:02:03" or "02:03" */
char *
astrix_format_duration (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static const char *
who (AstrixMonitorSession *session)
{
  const char *caller = astrix_monitor_session_get_target_caller (session);

  return caller != NULL && caller[0] != '\0' ? caller : astrix_monitor_session_get_target (session);
}

static char *
title_for (AstrixMonitorSession *session)
{
  AstrixPhoneCall *call = astrix_monitor_session_get_call (session);

  switch (astrix_monitor_session_get_state (session))
    {
    case ASTRIX_SESSION_REQUESTED:
    case ASTRIX_SESSION_RINGING:
      if (astrix_phone_call_is_on_this_computer (call))
        return g_strdup (_("Connecting this computer…"));
      return g_strdup_printf (_("Calling your phone %s…"), astrix_phone_call_get_endpoint (call));
    case ASTRIX_SESSION_CONNECTING:
      return g_strdup_printf (_("Connecting to %s…"), who (session));
    case ASTRIX_SESSION_ACTIVE:
      switch (astrix_monitor_session_get_mode (session))
        {
        case ASTRIX_MONITOR_MODE_WHISPER:
          return g_strdup_printf (_("Whispering to %s"), who (session));
        case ASTRIX_MONITOR_MODE_BARGE:
          return g_strdup_printf (_("Barged in on %s"), who (session));
        case ASTRIX_MONITOR_MODE_LISTEN:
        default:
          return g_strdup_printf (_("Listening to %s"), who (session));
        }
    case ASTRIX_SESSION_STOPPING:
      return g_strdup (_("Stopping…"));
    case ASTRIX_SESSION_FAILED:
      return g_strdup_printf (_("Could not monitor %s"), who (session));
    case ASTRIX_SESSION_ENDED:
    case ASTRIX_SESSION_NEW:
    default:
      return g_strdup_printf (_("No longer monitoring %s"), who (session));
    }
}

static char *
subtitle_for (AstrixMonitorSession *session)
{
  AstrixPhoneCall *call = astrix_monitor_session_get_call (session);
  AstrixSessionState state = astrix_monitor_session_get_state (session);
  gint64 started = astrix_monitor_session_get_started (session);

  if (state == ASTRIX_SESSION_ENDED || state == ASTRIX_SESSION_FAILED)
    return g_strdup (astrix_phone_call_get_end_reason (call));
  if (state == ASTRIX_SESSION_ACTIVE && started > 0)
    {
      g_autofree char *elapsed =
        astrix_format_duration ((g_get_real_time () - started) / G_USEC_PER_SEC);

      return g_strdup_printf ("%s · %s · %s", astrix_monitor_session_get_target (session),
                              astrix_phone_call_get_server (call), elapsed);
    }
  return g_strdup_printf ("%s · %s", astrix_monitor_session_get_target (session),
                          astrix_phone_call_get_server (call));
}

static const char *
icon_for (AstrixMonitorSession *session)
{
  switch (astrix_monitor_session_get_state (session))
    {
    case ASTRIX_SESSION_REQUESTED:
    case ASTRIX_SESSION_RINGING:
    case ASTRIX_SESSION_CONNECTING:
      return "call-outgoing-symbolic";
    case ASTRIX_SESSION_FAILED:
      return "dialog-error-symbolic";
    case ASTRIX_SESSION_ENDED:
    case ASTRIX_SESSION_STOPPING:
      return "call-stop-symbolic";
    case ASTRIX_SESSION_ACTIVE:
    default:
      return astrix_monitor_session_get_mode (session) == ASTRIX_MONITOR_MODE_LISTEN
               ? "audio-headphones-symbolic" : "audio-input-microphone-symbolic";
    }
}

static void
update (AstrixMonitorBar *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean running;

  if (self->session == NULL)
    return;

  title = title_for (self->session);
  subtitle = subtitle_for (self->session);
  running = astrix_monitor_session_is_running (self->session);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_image_set_from_icon_name (self->state_icon, icon_for (self->session));
  gtk_widget_set_visible (self->mode_box, running);
  gtk_widget_set_visible (self->stop_button, running);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

static gboolean
tick (gpointer data)
{
  update (ASTRIX_MONITOR_BAR (data));
  return G_SOURCE_CONTINUE;
}

static gboolean
linger_over (gpointer data)
{
  AstrixMonitorBar *self = data;

  self->linger_source = 0;
  gtk_action_bar_set_revealed (self->action_bar, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_session_changed (AstrixMonitorBar *self)
{
  gboolean running = self->session != NULL && astrix_monitor_session_is_running (self->session);

  update (self);
  g_clear_handle_id (&self->linger_source, g_source_remove);
  if (running)
    {
      gtk_action_bar_set_revealed (self->action_bar, TRUE);
      if (self->tick_source == 0)
        self->tick_source = g_timeout_add_seconds (1, tick, self);
    }
  else
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      if (self->session != NULL && gtk_action_bar_get_revealed (self->action_bar))
        self->linger_source = g_timeout_add_seconds (LINGER_SECONDS, linger_over, self);
      else
        gtk_action_bar_set_revealed (self->action_bar, FALSE);
    }
}

void
astrix_monitor_bar_set_session (AstrixMonitorBar     *self,
                                AstrixMonitorSession *session)
{
  g_return_if_fail (ASTRIX_IS_MONITOR_BAR (self));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  astrix_audio_controls_set_session (self->audio_controls, session);
  on_session_changed (self);
}

/* The bar's headline, as shown (for tests and accessibility checks). */
const char *
_astrix_monitor_bar_get_title (AstrixMonitorBar *self)
{
  return gtk_action_bar_get_revealed (self->action_bar) ? gtk_label_get_label (self->title_label)
                                                        : NULL;
}

static void
astrix_monitor_bar_dispose (GObject *object)
{
  AstrixMonitorBar *self = ASTRIX_MONITOR_BAR (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_handle_id (&self->linger_source, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_MONITOR_BAR);

  G_OBJECT_CLASS (astrix_monitor_bar_parent_class)->dispose (object);
}

static void
astrix_monitor_bar_class_init (AstrixMonitorBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (ASTRIX_TYPE_AUDIO_CONTROLS);

  object_class->dispose = astrix_monitor_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-monitor-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, action_bar);
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, state_icon);
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, mode_box);
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, stop_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixMonitorBar, audio_controls);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
astrix_monitor_bar_init (AstrixMonitorBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (ASTRIX_TYPE_MONITOR_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state",
                                  G_CALLBACK (on_session_changed), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::mode",
                                  G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::end-reason",
                                  G_CALLBACK (update), self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-notifier.h"

/*
 * Desktop notifications for monitoring: started (ChanSpy attached), stopped, and every failure
 * with its reason. One stable id, so each replaces the one before instead of stacking up; the
 * running session's notification has a Stop button bound to app.stop-monitoring.
 */

struct _AstrixNotifier
{
  GObject               parent_instance;

  GApplication         *application;   /* not a reference: the application owns us */
  AstrixMonitor        *monitor;
  AstrixMonitorSession *session;
  GSignalGroup         *session_signals;
  gboolean              announced;     /* "started" was sent for this session */
};

G_DEFINE_FINAL_TYPE (AstrixNotifier, astrix_notifier, G_TYPE_OBJECT)

static const char *
who (AstrixMonitorSession *session)
{
  const char *caller = astrix_monitor_session_get_target_caller (session);

  return caller != NULL && caller[0] != '\0' ? caller : astrix_monitor_session_get_target (session);
}

static void
send (AstrixNotifier *self,
      const char     *title,
      const char     *body,
      gboolean        with_stop,
      gboolean        urgent)
{
  g_autoptr(GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, urgent ? G_NOTIFICATION_PRIORITY_HIGH
                                                    : G_NOTIFICATION_PRIORITY_NORMAL);
  if (with_stop)
    g_notification_add_button (notification, _("Stop"), "app.stop-monitoring");
  g_application_send_notification (self->application, ASTRIX_NOTIFICATION_MONITORING, notification);
}

static void
announce_active (AstrixNotifier       *self,
                 AstrixMonitorSession *session)
{
  g_autofree char *title = NULL;
  AstrixPhoneCall *call = astrix_monitor_session_get_call (session);
  g_autofree char *body = g_strdup_printf (_("%s on %s"),
                                           astrix_monitor_session_get_target (session),
                                           astrix_phone_call_get_server (call));

  switch (astrix_monitor_session_get_mode (session))
    {
    case ASTRIX_MONITOR_MODE_WHISPER:
      title = g_strdup_printf (_("Whispering to %s"), who (session));
      break;
    case ASTRIX_MONITOR_MODE_BARGE:
      title = g_strdup_printf (_("Barged in on %s"), who (session));
      break;
    case ASTRIX_MONITOR_MODE_LISTEN:
    default:
      title = g_strdup_printf (_("Listening to %s"), who (session));
      break;
    }
  send (self, title, body, TRUE, FALSE);
  self->announced = TRUE;
}

static void
on_state (AstrixNotifier *self)
{
  AstrixMonitorSession *session = self->session;
  const char *end_reason =
    astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (session));
  g_autofree char *title = NULL;

  switch (astrix_monitor_session_get_state (session))
    {
    case ASTRIX_SESSION_ACTIVE:
      if (!self->announced)
        announce_active (self, session);
      break;
    case ASTRIX_SESSION_ENDED:
      title = g_strdup_printf (_("Stopped monitoring %s"), who (session));
      send (self, title, end_reason, FALSE, FALSE);
      break;
    case ASTRIX_SESSION_FAILED:
      title = g_strdup_printf (_("Could not monitor %s"), who (session));
      send (self, title, end_reason, FALSE, TRUE);
      break;
    case ASTRIX_SESSION_NEW:
    case ASTRIX_SESSION_REQUESTED:
    case ASTRIX_SESSION_RINGING:
    case ASTRIX_SESSION_CONNECTING:
    case ASTRIX_SESSION_STOPPING:
    default:
      break;
    }
}

static void
on_mode (AstrixNotifier *self)
{
  if (astrix_monitor_session_get_state (self->session) == ASTRIX_SESSION_ACTIVE)
    announce_active (self, self->session);
}

static void
on_session (AstrixNotifier *self)
{
  g_set_object (&self->session, astrix_monitor_get_session (self->monitor));
  self->announced = FALSE;
  g_signal_group_set_target (self->session_signals, self->session);
  if (self->session != NULL)
    on_state (self);
}

/* A failure that did not even make a session (no such call, refused name). */
void
astrix_notifier_report_error (AstrixNotifier *self,
                              const char     *title,
                              const char     *body)
{
  send (self, title, body, FALSE, TRUE);
}

static void
astrix_notifier_dispose (GObject *object)
{
  AstrixNotifier *self = ASTRIX_NOTIFIER (object);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (astrix_notifier_parent_class)->dispose (object);
}

static void
on_playback_state (AstrixNotifier      *self,
                   GParamSpec          *pspec,
                   AstrixPhonePlayback *playback)
{
  g_autoptr(GNotification) notification = NULL;
  const GError *error;
  g_autofree char *name = NULL;

  if (astrix_phone_playback_get_state (playback) != ASTRIX_PLAYBACK_FAILED)
    return;
  error = astrix_phone_call_get_error (astrix_phone_playback_get_call (playback));
  name = g_path_get_basename (astrix_phone_playback_get_recording (playback));
  notification = g_notification_new (_("Could not play the recording"));
  g_notification_set_body (notification, error != NULL ? error->message : name);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (self->application, ASTRIX_NOTIFICATION_PLAYBACK, notification);
}

/**
 * astrix_notifier_watch_phone_playback:
 *
 * A playback on the supervisor's phone that fails (busy, no answer, no such file on the PBX)
 * is told in a notification too, like a monitoring session that fails.
 */
void
astrix_notifier_watch_phone_playback (AstrixNotifier      *self,
                                      AstrixPhonePlayback *playback)
{
  g_return_if_fail (ASTRIX_IS_NOTIFIER (self));
  g_return_if_fail (ASTRIX_IS_PHONE_PLAYBACK (playback));

  g_signal_connect_object (playback, "notify::state", G_CALLBACK (on_playback_state), self,
                           G_CONNECT_SWAPPED);
  on_playback_state (self, NULL, playback);
}

static void
astrix_notifier_class_init (AstrixNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = astrix_notifier_dispose;
}

static void
astrix_notifier_init (AstrixNotifier *self)
{
  self->session_signals = g_signal_group_new (ASTRIX_TYPE_MONITOR_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state", G_CALLBACK (on_state),
                                  self);
  g_signal_group_connect_swapped (self->session_signals, "notify::mode", G_CALLBACK (on_mode),
                                  self);
}

AstrixNotifier *
astrix_notifier_new (GApplication  *application,
                     AstrixMonitor *monitor)
{
  AstrixNotifier *self = g_object_new (ASTRIX_TYPE_NOTIFIER, NULL);

  self->application = application;
  self->monitor = g_object_ref (monitor);
  g_signal_connect_object (monitor, "notify::session", G_CALLBACK (on_session), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-assist"

#include "config.h"

#include <signal.h>

#include <glib-unix.h>

#include "astrix-application-private.h"

/* Ended by a signal */

#define HANG_UP_WAIT_USEC (2 * G_USEC_PER_SEC)

/* Whether a call of ours is up on a PBX: a monitoring session, or a recording on the phone */
static gboolean
on_the_line (AstrixApplication *self)
{
  AstrixMonitorSession *session = astrix_monitor_get_session (self->monitor);

  return (session != NULL && astrix_monitor_session_is_running (session)) ||
         astrix_monitor_is_playing (self->monitor);
}

static gboolean
quit_when_off_the_line (gpointer data)
{
  AstrixApplication *self = data;

  if (on_the_line (self) && g_get_monotonic_time () < self->quit_deadline)
    return G_SOURCE_CONTINUE;
  self->quit_source = 0;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/*
 * SIGTERM (kill, a session's logout), SIGINT (Ctrl+C), SIGHUP (its terminal closed): ends the
 * monitoring and a playback on the phone as their Stop does (Hangup, the audit record), lets
 * the PBX answer for a moment at most, then quits as Quit does. A second signal quits at once.
 */
static gboolean
on_quit_signal (gpointer data)
{
  AstrixApplication *self = data;
  GActionGroup *actions = G_ACTION_GROUP (self);

  if (self->quit_source != 0)
    {
      g_clear_handle_id (&self->quit_source, g_source_remove);
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_CONTINUE;
    }
  if (g_action_group_get_action_enabled (actions, "stop-monitoring"))
    g_action_group_activate_action (actions, "stop-monitoring", NULL);
  if (astrix_monitor_is_playing (self->monitor))
    g_action_group_activate_action (actions, "playback-control", g_variant_new_string ("stop"));
  self->quit_deadline = g_get_monotonic_time () + HANG_UP_WAIT_USEC;
  self->quit_source = g_timeout_add (20, quit_when_off_the_line, self);
  return G_SOURCE_CONTINUE;
}

void
_astrix_application_watch_quit_signals (AstrixApplication *self)
{
  const int quit_signals[] = { SIGTERM, SIGINT, SIGHUP };

  G_STATIC_ASSERT (G_N_ELEMENTS (quit_signals) == G_N_ELEMENTS (self->signal_sources));
  for (guint i = 0; i < G_N_ELEMENTS (quit_signals); i++)
    self->signal_sources[i] = g_unix_signal_add (quit_signals[i], on_quit_signal, self);
}

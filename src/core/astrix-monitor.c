/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-error.h"
#include "astrix-monitor.h"

/*
 * The supervisor has one phone, so one monitoring session at a time. A new request while a
 * session runs replaces it cleanly: the running one is hung up first and the new Originate
 * goes out once it has ended (or after a short grace), so the phone is not rung while it is
 * still on the old call.
 */

#define REPLACE_GRACE_MS 3000

struct _AstrixMonitor
{
  GObject               parent_instance;

  AstrixMonitorSession *session;     /* the current (or last) session */
  AstrixMonitorSession *next;        /* waiting for the current one to end */
  gulong                state_handler;
  guint                 grace_source;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixMonitor, astrix_monitor, G_TYPE_OBJECT)

static void on_session_state (AstrixMonitorSession *session, GParamSpec *pspec, AstrixMonitor *self);

static void
set_session (AstrixMonitor        *self,
             AstrixMonitorSession *session)
{
  g_clear_signal_handler (&self->state_handler, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    self->state_handler = g_signal_connect (session, "notify::state",
                                            G_CALLBACK (on_session_state), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
start_next (AstrixMonitor *self)
{
  g_autoptr(AstrixMonitorSession) next = g_steal_pointer (&self->next);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  if (next == NULL)
    return;
  set_session (self, next);
  /* A failure to start shows as the session's FAILED state, with the reason. */
  astrix_monitor_session_start (next, NULL);
}

static void
on_session_state (AstrixMonitorSession *session,
                  GParamSpec           *pspec,
                  AstrixMonitor        *self)
{
  if (self->next != NULL && !astrix_monitor_session_is_running (session))
    start_next (self);
}

static gboolean
grace_over (gpointer data)
{
  AstrixMonitor *self = data;

  self->grace_source = 0;
  start_next (self);
  return G_SOURCE_REMOVE;
}

/* Returns: (transfer none) (nullable): the running session, or the last one */
AstrixMonitorSession *
astrix_monitor_get_session (AstrixMonitor *self)
{
  return self->session;
}

/**
 * astrix_monitor_request:
 *
 * Monitors @target on @connection in @mode, replacing the running session if there is one.
 *
 * Returns: (transfer none) (nullable): the new session, or %NULL with @error when the request
 *   cannot be made at all (no such call, not connected, a refused name)
 */
AstrixMonitorSession *
astrix_monitor_request (AstrixMonitor      *self,
                        AstrixConnection   *connection,
                        const char         *target,
                        AstrixMonitorMode   mode,
                        GError            **error)
{
  g_autoptr(AstrixMonitorSession) session = astrix_connection_create_session (connection, target,
                                                                              mode, error);

  if (session == NULL)
    return NULL;

  g_set_object (&self->next, session);
  if (self->session != NULL && astrix_monitor_session_is_running (self->session))
    {
      astrix_monitor_session_stop (self->session);
      if (self->grace_source == 0)
        self->grace_source = g_timeout_add (REPLACE_GRACE_MS, grace_over, self);
      return session;
    }
  start_next (self);
  return session;
}

static AstrixMonitorSession *
running_session (AstrixMonitor  *self,
                 GError        **error)
{
  if (self->next != NULL)
    return self->next;
  if (self->session == NULL || !astrix_monitor_session_is_running (self->session))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("You are not monitoring a call."));
      return NULL;
    }
  return self->session;
}

gboolean
astrix_monitor_set_mode (AstrixMonitor      *self,
                         AstrixMonitorMode   mode,
                         GError            **error)
{
  AstrixMonitorSession *session = running_session (self, error);

  if (session == NULL)
    return FALSE;
  astrix_monitor_session_set_mode (session, mode);
  return TRUE;
}

gboolean
astrix_monitor_stop (AstrixMonitor  *self,
                     GError        **error)
{
  g_autoptr(AstrixMonitorSession) next = g_steal_pointer (&self->next);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  if (next != NULL)
    return TRUE; /* the replacement never went out; the old one is already stopping */
  if (running_session (self, error) == NULL)
    return FALSE;
  astrix_monitor_session_stop (self->session);
  return TRUE;
}

static void
astrix_monitor_dispose (GObject *object)
{
  AstrixMonitor *self = ASTRIX_MONITOR (object);

  g_clear_handle_id (&self->grace_source, g_source_remove);
  g_clear_signal_handler (&self->state_handler, self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->next);

  G_OBJECT_CLASS (astrix_monitor_parent_class)->dispose (object);
}

static void
astrix_monitor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AstrixMonitor *self = ASTRIX_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_monitor_class_init (AstrixMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_monitor_dispose;
  object_class->get_property = astrix_monitor_get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ASTRIX_TYPE_MONITOR_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_monitor_init (AstrixMonitor *self)
{
}

AstrixMonitor *
astrix_monitor_new (void)
{
  return g_object_new (ASTRIX_TYPE_MONITOR, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agent-monitor.h"
#include "astrix-application-agent-actions.h"
#include "astrix-application-private.h"

/*
 * The application's actions on agents, exported on D-Bus like the others so a supervisor can
 * bind desktop-wide keys:
 *   gapplication action io.github.astrix.Assist pause-agent "('Alice Martin', 'Lunch')"
 *   gapplication action io.github.astrix.Assist unpause-agent "'PJSIP/1001'"
 * The agent is named as the queue shows it, or by its interface, on whichever server has it.
 * Every action goes through astrix_application_run_agent_action(): written to the audit log,
 * and its outcome said in the window (or on the terminal) and, when it failed, in a
 * notification.
 */

typedef struct
{
  AstrixApplication *app;
  char              *description;   /* for the notification's title */
} Running;

static void
running_free (Running *running)
{
  g_application_release (G_APPLICATION (running->app));
  g_object_unref (running->app);
  g_free (running->description);
  g_free (running);
}

static void
report_failure (AstrixApplication *self,
                const char        *title,
                const char        *sentence)
{
  astrix_application_report (self, sentence);
  astrix_notifier_report_error (self->notifier, title, sentence);
}

static void
action_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Running *running = data;
  AstrixAgentAction *action = ASTRIX_AGENT_ACTION (source);
  g_autoptr(GError) error = NULL;

  if (astrix_agent_action_run_finish (action, result, &error))
    {
      g_autofree char *done = astrix_agent_action_dup_done_text (action);

      astrix_application_report (running->app, done);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report_failure (running->app, running->description, error->message);
  running_free (running);
}

static char *
failure_title (AstrixAgentAction *action)
{
  const char *agent = astrix_agent_action_get_agent (action);

  switch (astrix_agent_action_get_kind (action))
    {
    case ASTRIX_AGENT_ACTION_PAUSE:
      return g_strdup_printf (_("Could not pause %s"), agent);
    case ASTRIX_AGENT_ACTION_UNPAUSE:
      return g_strdup_printf (_("Could not unpause %s"), agent);
    case ASTRIX_AGENT_ACTION_ADD:
      return g_strdup_printf (_("Could not log %s into the queue"), agent);
    case ASTRIX_AGENT_ACTION_REMOVE:
      return g_strdup_printf (_("Could not log %s out of the queue"), agent);
    case ASTRIX_AGENT_ACTION_PENALTY:
    default:
      return g_strdup_printf (_("Could not change the penalty of %s"), agent);
    }
}

/**
 * astrix_application_run_agent_action:
 * @connection: the agent's server
 *
 * Runs @action once, writes it to the audit log, and says how it went. The application stays
 * up until the PBX answered (an action sent over D-Bus may have started it).
 */
void
astrix_application_run_agent_action (AstrixApplication *self,
                                     AstrixConnection  *connection,
                                     AstrixAgentAction *action)
{
  Running *running = g_new0 (Running, 1);

  running->app = g_object_ref (self);
  running->description = failure_title (action);
  g_application_hold (G_APPLICATION (self));
  astrix_agent_action_set_audit_log (action, self->audit_log);
  astrix_agent_action_run_async (action, connection, NULL, action_done, running);
}

/* The server that has the agent @who in its queues, or %NULL when none has (the caller says so). */
static AstrixConnection *
find_agent (AstrixApplication  *self,
            const char         *who)
{
  AstrixConnection *connection = NULL;

  if (astrix_agent_find (G_LIST_MODEL (self->connections), who, &connection) == NULL)
    return NULL;
  return connection;
}

static void
run_on_agent (AstrixApplication *self,
              AstrixAgentAction *action)
{
  g_autoptr(AstrixAgentAction) owned = action;
  const char *who = astrix_agent_action_get_agent (action);
  AstrixConnection *connection;
  g_autoptr(GError) error = NULL;

  if (!astrix_agent_action_validate (action, &error))
    {
      g_autofree char *title = failure_title (action);

      report_failure (self, title, error->message);
      return;
    }
  connection = find_agent (self, who);
  if (connection == NULL)
    {
      g_autofree char *title = failure_title (action);
      g_autofree char *text = g_strdup_printf (_("No connected server has an agent called "
                                                 "“%s” in its queues: nothing was sent. Use the "
                                                 "name the Agents page shows, or the interface "
                                                 "such as PJSIP/1001."), who);

      report_failure (self, title, text);
      return;
    }
  astrix_application_run_agent_action (self, connection, action);
}

static void
pause_agent_activated (GSimpleAction *simple,
                       GVariant      *parameter,
                       gpointer       data)
{
  const char *who = NULL;
  const char *reason = NULL;

  g_variant_get (parameter, "(&s&s)", &who, &reason);
  run_on_agent (ASTRIX_APPLICATION (data), astrix_agent_action_new_pause (who, NULL, reason));
}

static void
unpause_agent_activated (GSimpleAction *simple,
                         GVariant      *parameter,
                         gpointer       data)
{
  run_on_agent (ASTRIX_APPLICATION (data),
                astrix_agent_action_new_unpause (g_variant_get_string (parameter, NULL), NULL));
}

/*
 * add-agent-to-queue and set-agent-penalty take the same "(ssi)": the agent, the queue and the
 * penalty. The action reads an empty queue as none: every queue the agent is in, where it
 * allows that.
 */
typedef AstrixAgentAction *(*PenaltyActionNew) (const char *agent,
                                                const char *queue,
                                                int         penalty);

static void
run_penalty_action (AstrixApplication *self,
                    GVariant          *parameter,
                    PenaltyActionNew   action_new)
{
  const char *who = NULL;
  const char *queue = NULL;
  gint32 penalty = 0;

  g_variant_get (parameter, "(&s&si)", &who, &queue, &penalty);
  run_on_agent (self, action_new (who, queue, penalty));
}

static void
add_agent_activated (GSimpleAction *simple,
                     GVariant      *parameter,
                     gpointer       data)
{
  run_penalty_action (ASTRIX_APPLICATION (data), parameter, astrix_agent_action_new_add);
}

static void
remove_agent_activated (GSimpleAction *simple,
                        GVariant      *parameter,
                        gpointer       data)
{
  const char *who = NULL;
  const char *queue = NULL;

  g_variant_get (parameter, "(&s&s)", &who, &queue);
  run_on_agent (ASTRIX_APPLICATION (data), astrix_agent_action_new_remove (who, queue));
}

static void
set_penalty_activated (GSimpleAction *simple,
                       GVariant      *parameter,
                       gpointer       data)
{
  run_penalty_action (ASTRIX_APPLICATION (data), parameter, astrix_agent_action_new_penalty);
}

/* Exported on D-Bus: agent by name or interface; queue; penalty */
static const GActionEntry agent_entries[] = {
  { "pause-agent", pause_agent_activated, "(ss)" },
  { "unpause-agent", unpause_agent_activated, "s" },
  { "add-agent-to-queue", add_agent_activated, "(ssi)" },
  { "remove-agent-from-queue", remove_agent_activated, "(ss)" },
  { "set-agent-penalty", set_penalty_activated, "(ssi)" },
};

void
_astrix_application_init_agent_actions (AstrixApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), agent_entries,
                                   G_N_ELEMENTS (agent_entries), self);
}

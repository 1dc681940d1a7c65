/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-agent-action"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-agent-action.h"
#include "astrix-error.h"
#include "astrix-sent-text-private.h"

/*
 * One supervisor action on an agent: pause or unpause (QueuePause), log into or out of a
 * queue (QueueAdd, QueueRemove), change the penalty (QueuePenalty). All need write `agent`.
 *
 * The agent is named as the queue shows it, or by its interface; it is resolved on the
 * connection's agent store when the action runs, so an agent who logged out meanwhile gets a
 * sentence and nothing is sent. Every value is checked before anything goes out. The answer
 * only says the PBX took it: what the agent row shows (paused, why, since when) comes from the
 * events that follow (QueueMemberPause ...), never from here. Nothing is sent again after a
 * reconnection: the supervisor decides, seeing the list as it is then.
 */

struct _AstrixAgentAction
{
  GObject                parent_instance;

  AstrixAgentActionKind  kind;
  char                  *agent;       /* as given: a name or an interface */
  char                  *queue;       /* NULL: every queue of the agent (pause, penalty) */
  char                  *reason;      /* pause only; may be empty */
  int                    penalty;     /* add and penalty */
  AstrixAuditLog        *audit_log;   /* nullable */

  /* Learnt when it runs */
  char                  *name;        /* the agent's name as the queue shows it */
  char                  *interface;
  char                  *server;      /* the connection's name, for sentences */
  char                  *audit_id;
};

G_DEFINE_FINAL_TYPE (AstrixAgentAction, astrix_agent_action, G_TYPE_OBJECT)

static const char *const kind_names[] = { "pause", "unpause", "add", "remove", "penalty" };

const char *
astrix_agent_action_kind_to_string (AstrixAgentActionKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "unknown";
}

static AstrixAgentAction *
action_new (AstrixAgentActionKind  kind,
            const char            *agent,
            const char            *queue,
            const char            *reason,
            int                    penalty)
{
  AstrixAgentAction *self = g_object_new (ASTRIX_TYPE_AGENT_ACTION, NULL);

  self->kind = kind;
  self->agent = g_strdup (agent != NULL ? agent : "");
  self->queue = queue != NULL && queue[0] != '\0' ? g_strdup (queue) : NULL;
  self->reason = g_strdup (reason != NULL ? reason : "");
  self->penalty = penalty;
  return self;
}

/**
 * astrix_agent_action_new_pause:
 * @agent: the agent's name as the queue shows it, or its interface
 * @queue: (nullable): one queue, or %NULL (or "") for every queue of the agent
 * @reason: (nullable): why, as the site words it; may be empty
 */
AstrixAgentAction *
astrix_agent_action_new_pause (const char *agent,
                               const char *queue,
                               const char *reason)
{
  return action_new (ASTRIX_AGENT_ACTION_PAUSE, agent, queue, reason, 0);
}

AstrixAgentAction *
astrix_agent_action_new_unpause (const char *agent,
                                 const char *queue)
{
  return action_new (ASTRIX_AGENT_ACTION_UNPAUSE, agent, queue, NULL, 0);
}

/**
 * astrix_agent_action_new_add:
 * @agent: a known agent (name or interface), or a new interface such as PJSIP/1012
 * @queue: the queue to log the agent into
 */
AstrixAgentAction *
astrix_agent_action_new_add (const char *agent,
                             const char *queue,
                             int         penalty)
{
  return action_new (ASTRIX_AGENT_ACTION_ADD, agent, queue, NULL, penalty);
}

AstrixAgentAction *
astrix_agent_action_new_remove (const char *agent,
                                const char *queue)
{
  return action_new (ASTRIX_AGENT_ACTION_REMOVE, agent, queue, NULL, 0);
}

/* @queue: (nullable): one queue, or %NULL (or "") for every queue of the agent */
AstrixAgentAction *
astrix_agent_action_new_penalty (const char *agent,
                                 const char *queue,
                                 int         penalty)
{
  return action_new (ASTRIX_AGENT_ACTION_PENALTY, agent, queue, NULL, penalty);
}

AstrixAgentActionKind
astrix_agent_action_get_kind (AstrixAgentAction *self)
{
  return self->kind;
}

const char *
astrix_agent_action_get_agent (AstrixAgentAction *self)
{
  return self->agent;
}

/* @log: (nullable): where the action is written down (who, on whom, the outcome) */
void
astrix_agent_action_set_audit_log (AstrixAgentAction *self,
                                   AstrixAuditLog    *log)
{
  g_set_object (&self->audit_log, log);
}

/* Checking what is sent */

/**
 * astrix_validate_agent_text:
 * @text: a reason, member name, queue or interface
 * @what: what it is, for the sentence ("The reason")
 *
 * Refuses what would change the meaning of the request, or of app_queue's queue_log whose
 * fields `|` separates: control characters (CR, LF, NUL, tab ...) and `|`; and what app_queue
 * would cut short.
 */
gboolean
astrix_validate_agent_text (const char  *text,
                            const char  *what,
                            GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (!_astrix_sent_text_is_safe (text, "|"))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("%s may not contain line breaks, control characters or “|”: nothing "
                     "was sent."), what);
      return FALSE;
    }
  if (strlen (text) > ASTRIX_AGENT_ACTION_MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("%s is too long (at most %d characters): nothing was sent."), what,
                   ASTRIX_AGENT_ACTION_MAX_TEXT);
      return FALSE;
    }
  return TRUE;
}

/* An interface is one word: "PJSIP/1001", "Local/1001@agents/n". */
static gboolean
validate_interface (const char  *interface,
                    GError     **error)
{
  if (!astrix_validate_agent_text (interface, _("The agent’s interface"), error))
    return FALSE;
  if (strchr (interface, '/') == NULL || strpbrk (interface, " ,&()") != NULL)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an interface such as PJSIP/1001: nothing was sent."), interface);
      return FALSE;
    }
  return TRUE;
}

/**
 * astrix_agent_action_validate:
 *
 * Checks the values as given, before any agent is looked up.
 * Returns: %FALSE with a sentence in @error when the action cannot be sent as it is
 */
gboolean
astrix_agent_action_validate (AstrixAgentAction  *self,
                              GError            **error)
{
  g_return_val_if_fail (ASTRIX_IS_AGENT_ACTION (self), FALSE);

  if (self->agent[0] == '\0')
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Choose an agent first."));
      return FALSE;
    }
  if (!astrix_validate_agent_text (self->agent, _("The agent"), error) ||
      !astrix_validate_agent_text (self->queue, _("The queue"), error) ||
      !astrix_validate_agent_text (self->reason, _("The reason"), error))
    return FALSE;
  if ((self->kind == ASTRIX_AGENT_ACTION_ADD || self->kind == ASTRIX_AGENT_ACTION_REMOVE) &&
      self->queue == NULL)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("Choose a queue first."));
      return FALSE;
    }
  if (self->penalty < 0 || self->penalty > 1000000)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("The penalty is a whole number from 0 up: nothing was sent."));
      return FALSE;
    }
  return TRUE;
}

/* Sentences */

static const char *
shown_name (AstrixAgentAction *self)
{
  return self->name != NULL ? self->name : self->agent;
}

/**
 * astrix_agent_action_dup_done_text:
 *
 * Returns: (transfer full): what was asked of the PBX, as a sentence for a toast once it
 *   took it ("Alice Martin paused in every queue (Lunch).")
 */
char *
astrix_agent_action_dup_done_text (AstrixAgentAction *self)
{
  const char *who = shown_name (self);

  switch (self->kind)
    {
    case ASTRIX_AGENT_ACTION_PAUSE:
      if (self->reason[0] != '\0')
        return self->queue != NULL
               ? g_strdup_printf (_("%s paused in %s (%s)."), who, self->queue, self->reason)
               : g_strdup_printf (_("%s paused in every queue (%s)."), who, self->reason);
      return self->queue != NULL ? g_strdup_printf (_("%s paused in %s."), who, self->queue)
                                 : g_strdup_printf (_("%s paused in every queue."), who);
    case ASTRIX_AGENT_ACTION_UNPAUSE:
      return self->queue != NULL ? g_strdup_printf (_("%s unpaused in %s."), who, self->queue)
                                 : g_strdup_printf (_("%s unpaused in every queue."), who);
    case ASTRIX_AGENT_ACTION_ADD:
      return g_strdup_printf (_("%s logged into %s with penalty %d."), who, self->queue,
                              self->penalty);
    case ASTRIX_AGENT_ACTION_REMOVE:
      return g_strdup_printf (_("%s logged out of %s."), who, self->queue);
    case ASTRIX_AGENT_ACTION_PENALTY:
    default:
      return self->queue != NULL
             ? g_strdup_printf (_("%s now has penalty %d in %s."), who, self->penalty, self->queue)
             : g_strdup_printf (_("%s now has penalty %d in every queue."), who, self->penalty);
    }
}

static GError *
gone_error (AstrixAgentAction *self)
{
  if (self->queue != NULL)
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE,
                        _("%s is not in queue %s on %s (any more): nothing was changed. They "
                          "may have just logged out; the Agents page shows where they are."),
                        shown_name (self), self->queue, self->server);
  return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE,
                      _("%s is not in any queue on %s (any more): nothing was changed. They "
                        "may have just logged out."), shown_name (self), self->server);
}

/* The PBX's answer to an error, as a sentence that says why and what to do (30, 31, 33). */
static GError *
describe_failure (AstrixAgentAction *self,
                  const GError      *error,
                  const char        *username)
{
  const char *message = error->message;
  g_autofree char *sentence = NULL;

  if (g_error_matches (error, AMI_ERROR, AMI_ERROR_PERMISSION_DENIED))
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_REFUSED,
                        _("The PBX refused: the manager user “%s” may not pause agents or "
                          "change queue membership. Add agent to its write line in "
                          "manager.conf (write = …,agent) and reload the manager."), username);
  if (g_error_matches (error, AMI_ERROR, AMI_ERROR_DISCONNECTED) ||
      g_error_matches (error, AMI_ERROR, AMI_ERROR_CLOSED) ||
      g_error_matches (error, AMI_ERROR, AMI_ERROR_TIMED_OUT))
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST,
                        _("The connection to %s was lost before the PBX answered, so it is not "
                          "known whether the change was made. It will not be sent again: look "
                          "at %s on the Agents page once connected, and try again if need be."),
                        self->server, shown_name (self));
  if (!g_error_matches (error, AMI_ERROR, AMI_ERROR_ACTION_FAILED))
    {
      sentence = astrix_describe_error (error);
      return g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_REFUSED, sentence);
    }

  if (g_str_equal (message, "Interface not found") ||
      g_str_equal (message, "Unable to remove interface: Not there") ||
      g_str_equal (message, "Invalid interface, queuename or penalty"))
    return gone_error (self);
  if (g_str_equal (message, "Unable to add interface: Already there"))
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_REFUSED,
                        _("%s is already in queue %s: nothing was changed."),
                        shown_name (self), self->queue);
  if (g_str_has_suffix (message, "No such queue"))
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_REFUSED,
                        _("There is no queue %s on %s: check the queue’s name on the Queues "
                          "page."), self->queue, self->server);
  if (g_str_equal (message, "Member not dynamic"))
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_REFUSED,
                        _("%s is a permanent member of %s (listed in queues.conf): only a "
                          "change of queues.conf can take them out. Pause them instead."),
                        shown_name (self), self->queue);
  return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_REFUSED, _("The PBX refused: %s"), message);
}

/* Resolving the agent on the server */

static gboolean
resolve (AstrixAgentAction  *self,
         AstrixConnection   *connection,
         const char        **state_interface,
         GError            **error)
{
  AstrixAgentStore *agents =
    astrix_queue_store_get_agents (astrix_connection_get_queues (connection));
  AstrixAgent *agent = astrix_agent_store_find (agents, self->agent);
  g_auto(GStrv) queues = NULL;
  gboolean in_queue;

  *state_interface = NULL;
  if (agent == NULL)
    {
      /* Logging a new interface in: the PBX's member name is then the interface. */
      if (self->kind == ASTRIX_AGENT_ACTION_ADD)
        {
          self->interface = g_strdup (self->agent);
          return validate_interface (self->interface, error);
        }
      *error = gone_error (self);
      return FALSE;
    }
  g_free (self->name);
  self->name = g_strdup (astrix_agent_get_name (agent));
  self->interface = g_strdup (astrix_agent_get_interface (agent));
  *state_interface = astrix_agent_get_state_interface (agent);
  if (!validate_interface (self->interface, error) ||
      !astrix_validate_agent_text (self->name, _("The agent’s name"), error) ||
      !astrix_validate_agent_text (*state_interface, _("The agent’s state interface"), error))
    return FALSE;

  queues = astrix_agent_dup_queues (agent);
  in_queue = self->queue != NULL && g_strv_contains ((const char * const *) queues, self->queue);
  if (self->kind == ASTRIX_AGENT_ACTION_ADD)
    {
      if (!in_queue)
        return TRUE;
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_REFUSED,
                   _("%s is already in queue %s: nothing was changed."), self->name, self->queue);
      return FALSE;
    }
  if (queues[0] == NULL || (self->queue != NULL && !in_queue))
    {
      *error = gone_error (self);
      return FALSE;
    }
  return TRUE;
}

static AmiAction *
build (AstrixAgentAction *self,
       const char        *state_interface)
{
  AmiAction *action;

  switch (self->kind)
    {
    case ASTRIX_AGENT_ACTION_PAUSE:
    case ASTRIX_AGENT_ACTION_UNPAUSE:
      action = ami_action_new_with ("QueuePause", "Interface", self->interface, NULL);
      if (self->queue != NULL)
        ami_action_add (action, "Queue", self->queue);
      ami_action_add (action, "Paused", self->kind == ASTRIX_AGENT_ACTION_PAUSE ? "true" : "false");
      if (self->kind == ASTRIX_AGENT_ACTION_PAUSE && self->reason[0] != '\0')
        ami_action_add (action, "Reason", self->reason);
      return action;
    case ASTRIX_AGENT_ACTION_ADD:
      action = ami_action_new_with ("QueueAdd", "Queue", self->queue,
                                    "Interface", self->interface, NULL);
      ami_action_add_printf (action, "Penalty", "%d", self->penalty);
      if (self->name != NULL && g_strcmp0 (self->name, self->interface) != 0)
        ami_action_add (action, "MemberName", self->name);
      if (state_interface != NULL && state_interface[0] != '\0' &&
          g_strcmp0 (state_interface, self->interface) != 0)
        ami_action_add (action, "StateInterface", state_interface);
      return action;
    case ASTRIX_AGENT_ACTION_REMOVE:
      return ami_action_new_with ("QueueRemove", "Queue", self->queue,
                                  "Interface", self->interface, NULL);
    case ASTRIX_AGENT_ACTION_PENALTY:
    default:
      action = ami_action_new_with ("QueuePenalty", "Interface", self->interface, NULL);
      ami_action_add_printf (action, "Penalty", "%d", self->penalty);
      if (self->queue != NULL)
        ami_action_add (action, "Queue", self->queue);
      return action;
    }
}

/* The audit log */

static void
audit_begin (AstrixAgentAction *self,
             AstrixConnection  *connection)
{
  g_autofree char *penalty = g_strdup_printf ("%d", self->penalty);

  if (self->audit_log == NULL)
    return;
  self->audit_id = astrix_audit_log_begin (self->audit_log, ASTRIX_AUDIT_AGENT_ACTION,
                                           astrix_connection_get_config (connection),
                                           self->agent, NULL,
                                           astrix_agent_action_kind_to_string (self->kind));
  astrix_audit_log_change (self->audit_log, self->audit_id, "queue", self->queue);
  if (self->kind == ASTRIX_AGENT_ACTION_PAUSE)
    astrix_audit_log_change (self->audit_log, self->audit_id, "reason", self->reason);
  if (self->kind == ASTRIX_AGENT_ACTION_ADD || self->kind == ASTRIX_AGENT_ACTION_PENALTY)
    astrix_audit_log_change (self->audit_log, self->audit_id, "penalty", penalty);
}

static void
audit_end (AstrixAgentAction *self,
           const GError      *error)
{
  g_autofree char *done = NULL;

  if (self->audit_id == NULL)
    return;
  if (self->name != NULL)
    astrix_audit_log_change (self->audit_log, self->audit_id, "agent", self->name);
  if (self->interface != NULL && g_strcmp0 (self->interface, self->agent) != 0)
    astrix_audit_log_change (self->audit_log, self->audit_id, "interface", self->interface);
  if (error != NULL)
    {
      astrix_audit_log_end (self->audit_log, self->audit_id, ASTRIX_AUDIT_OUTCOME_FAILED,
                            error->message);
    }
  else
    {
      done = astrix_agent_action_dup_done_text (self);
      astrix_audit_log_end (self->audit_log, self->audit_id, ASTRIX_AUDIT_OUTCOME_ENDED, done);
    }
  g_clear_pointer (&self->audit_id, g_free);
}

static void
fail (GTask  *task,
      GError *error)
{
  AstrixAgentAction *self = g_task_get_source_object (task);

  audit_end (self, error);
  g_task_return_error (task, error);
}

/* Running it */

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixAgentAction *self = g_task_get_source_object (task);
  const char *username = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  if (response == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (task, g_steal_pointer (&error));
      else
        fail (task, describe_failure (self, error, username));
      return;
    }
  audit_end (self, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * astrix_agent_action_run_async:
 * @connection: the agent's server
 *
 * Checks the values, finds the agent on @connection and sends the action, once. The action is
 * written to the audit log (when one is set) before it is sent, and its outcome when known.
 */
void
astrix_agent_action_run_async (AstrixAgentAction   *self,
                               AstrixConnection    *connection,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AmiAction) action = NULL;
  AstrixServerConfig *config;
  AstrixConnectionState state;
  const char *state_interface = NULL;
  GError *error = NULL;

  g_return_if_fail (ASTRIX_IS_AGENT_ACTION (self));
  g_return_if_fail (ASTRIX_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, astrix_agent_action_run_async);
  config = astrix_connection_get_config (connection);
  g_task_set_task_data (task, g_strdup (astrix_server_config_get_username (config)), g_free);
  g_free (self->server);
  self->server = g_strdup (astrix_connection_get_name (connection));
  audit_begin (self, connection);

  if (!astrix_agent_action_validate (self, &error))
    {
      fail (task, error);
      return;
    }
  state = astrix_connection_get_state (connection);
  if (state != ASTRIX_CONNECTION_CONNECTED && state != ASTRIX_CONNECTION_SYNCING)
    {
      fail (task, g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                               _("Not connected to %s: nothing was sent."), self->server));
      return;
    }
  if (!resolve (self, connection, &state_interface, &error))
    {
      fail (task, error);
      return;
    }
  action = build (self, state_interface);
  ami_client_send_action_async (astrix_connection_get_client (connection), action, cancellable,
                                sent, g_steal_pointer (&task));
}

/* Returns: whether the PBX took it; otherwise a sentence in @error */
gboolean
astrix_agent_action_run_finish (AstrixAgentAction  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
astrix_agent_action_finalize (GObject *object)
{
  AstrixAgentAction *self = ASTRIX_AGENT_ACTION (object);

  g_free (self->agent);
  g_free (self->queue);
  g_free (self->reason);
  g_free (self->name);
  g_free (self->interface);
  g_free (self->server);
  g_free (self->audit_id);
  g_clear_object (&self->audit_log);

  G_OBJECT_CLASS (astrix_agent_action_parent_class)->finalize (object);
}

static void
astrix_agent_action_class_init (AstrixAgentActionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = astrix_agent_action_finalize;
}

static void
astrix_agent_action_init (AstrixAgentAction *self)
{
}

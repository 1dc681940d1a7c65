/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agent-monitor.h"
#include "astrix-error.h"

/*
 * Monitoring an agent rather than a channel: the agent's current call, on the server the
 * agent is on. Used by the Agents page and by app.listen / app.whisper / app.barge when their
 * argument names an agent (as the queue shows it) or an agent's interface instead of a live
 * channel. An agent who is in no call gets a sentence, never an Originate.
 */

/**
 * astrix_agent_find:
 * @connections: the application's AstrixConnections
 * @who: an agent's name as the queue shows it, or its interface
 * @connection: (out) (optional) (transfer none): the agent's server
 *
 * Returns: (transfer none) (nullable): the first agent called @who on any server
 */
AstrixAgent *
astrix_agent_find (GListModel        *connections,
                   const char        *who,
                   AstrixConnection **connection)
{
  guint n = g_list_model_get_n_items (connections);

  for (guint i = 0; i < n && who != NULL && who[0] != '\0'; i++)
    {
      g_autoptr(AstrixConnection) item = g_list_model_get_item (connections, i);
      AstrixQueueStore *queues = astrix_connection_get_queues (item);
      AstrixAgent *agent = queues != NULL
                             ? astrix_agent_store_find (astrix_queue_store_get_agents (queues),
                                                        who)
                             : NULL;

      if (agent != NULL)
        {
          if (connection != NULL)
            *connection = item;   /* the application holds it */
          return agent;
        }
    }
  return NULL;
}

/**
 * astrix_application_monitor_agent:
 * @connection: @agent's server
 *
 * Listens, whispers or barges on @agent's current call.
 * Returns: %FALSE with a sentence in @error, and nothing sent, when the agent is in no call
 */
gboolean
astrix_application_monitor_agent (AstrixApplication  *self,
                                  AstrixAgent        *agent,
                                  AstrixConnection   *connection,
                                  AstrixMonitorMode   mode,
                                  GError            **error)
{
  const char *channel = astrix_agent_get_call_channel (agent);

  AstrixAgentState state = astrix_agent_get_state (agent);

  if (channel == NULL && (state == ASTRIX_AGENT_IN_CALL || state == ASTRIX_AGENT_ON_HOLD))
    {
      /* a call the queue did not bring: the Calls page has it */
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE,
                   _("%s is not in a queue call: choose the call on the Calls page."),
                   astrix_agent_get_name (agent));
      return FALSE;
    }
  if (channel == NULL)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE, _("%s is not in a call."),
                   astrix_agent_get_name (agent));
      return FALSE;
    }
  return astrix_application_monitor_channel (self, astrix_connection_get_name (connection),
                                             channel, mode, error);
}

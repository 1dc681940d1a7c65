/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-connection.h"
#include "astrix-queue-pages.h"

/* What the Agents and Queues pages share: whether a server's AMI user lacks `read = agent`. */

/* Returns: whether a server's AMI user may not read the queue events (`read = agent`) */
gboolean
astrix_queue_pages_needs_agent_read (GListModel *connections)
{
  guint n = g_list_model_get_n_items (connections);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);
      AstrixQueueStore *queues = astrix_connection_get_queues (connection);

      if (queues != NULL && astrix_queue_store_get_needs_agent_read (queues))
        return TRUE;
    }
  return FALSE;
}

/* Returns: what to add to manager.conf for the agents and queues to show */
const char *
astrix_queue_pages_restricted_sentence (void)
{
  return _("The server’s AMI user cannot see the queues: add “agent” to its read line in "
           "manager.conf (read = call,agent), then run “manager reload” on Asterisk.");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-window-private.h"

/*
 * The window's connection status in words: the subtitle (how many servers are connected) and
 * each server's problem, for the status bar above the calls.
 */

/* Returns: (transfer full) (nullable): what is wrong with @connection, as a sentence */
char *
_astrix_describe_connection (AstrixConnection *connection)
{
  const char *name = astrix_connection_get_name (connection);
  const char *error = astrix_connection_get_error_text (connection);
  gint64 retry_at = astrix_connection_get_retry_at (connection);

  switch (astrix_connection_get_state (connection))
    {
    case ASTRIX_CONNECTION_RECONNECTING:
      {
        gint64 seconds = MAX (0, (retry_at - g_get_monotonic_time () + 999999) / G_USEC_PER_SEC);

        if (retry_at == 0)
          return g_strdup_printf (_("Reconnecting to %s…"), name);
        return g_strdup_printf (
          ngettext ("Lost the connection to %s: %s Reconnecting in %d second…",
                    "Lost the connection to %s: %s Reconnecting in %d seconds…",
                    (gulong) seconds),
          name, error ? error : "", (int) seconds);
      }
    case ASTRIX_CONNECTION_FAILED:
      return g_strdup_printf (_("Cannot connect to %s: %s"), name, error ? error : "");
    case ASTRIX_CONNECTION_CONNECTED:
    case ASTRIX_CONNECTION_SYNCING:
      return error != NULL ? g_strdup (error) : NULL;
    case ASTRIX_CONNECTION_CONNECTING:
    case ASTRIX_CONNECTION_IDLE:
    default:
      return NULL;
    }
}

/* Returns: (transfer full) (nullable): the window's subtitle for @connections */
char *
_astrix_connections_subtitle (GListModel *connections)
{
  guint n = connections ? g_list_model_get_n_items (connections) : 0;
  guint connected = 0;
  g_autoptr(AstrixConnection) first = NULL;

  if (n == 0)
    return NULL;
  first = g_list_model_get_item (connections, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) c = g_list_model_get_item (connections, i);

      if (astrix_connection_get_state (c) == ASTRIX_CONNECTION_CONNECTED)
        connected++;
    }

  if (n > 1)
    /* TRANSLATORS: the first number is how many of the (second number) servers are connected */
    return g_strdup_printf (ngettext ("%u of %u server connected", "%u of %u servers connected", n),
                            connected, n);
  switch (astrix_connection_get_state (first))
    {
    case ASTRIX_CONNECTION_CONNECTED:
      return g_strdup_printf (_("Connected to %s"), astrix_connection_get_name (first));
    case ASTRIX_CONNECTION_SYNCING:
      return g_strdup_printf (_("Loading calls from %s…"), astrix_connection_get_name (first));
    case ASTRIX_CONNECTION_CONNECTING:
      return g_strdup_printf (_("Connecting to %s…"), astrix_connection_get_name (first));
    case ASTRIX_CONNECTION_RECONNECTING:
      return g_strdup_printf (_("Reconnecting to %s…"), astrix_connection_get_name (first));
    case ASTRIX_CONNECTION_FAILED:
      return g_strdup_printf (_("Not connected to %s"), astrix_connection_get_name (first));
    case ASTRIX_CONNECTION_IDLE:
    default:
      return g_strdup (_("Not connected"));
    }
}

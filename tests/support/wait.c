/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "wait.h"

static gboolean
expire (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, expire, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

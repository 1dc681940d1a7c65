/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the main context for @ms milliseconds. */
void wait_ms (guint ms);

/* Runs the main context until @cond holds, or fails the test after @ms milliseconds. */
#define WAIT_UNTIL(cond, ms)                                            \
  G_STMT_START {                                                        \
    gint64 _end = g_get_monotonic_time () + (ms) * 1000;                \
    while (!(cond) && g_get_monotonic_time () < _end)                   \
      wait_ms (2);                                                      \
    if (!(cond))                                                        \
      g_error ("timed out waiting for %s", #cond);                      \
  } G_STMT_END

G_END_DECLS

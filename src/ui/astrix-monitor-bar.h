/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-monitor-session.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_MONITOR_BAR (astrix_monitor_bar_get_type ())

G_DECLARE_FINAL_TYPE (AstrixMonitorBar, astrix_monitor_bar, ASTRIX, MONITOR_BAR, GtkWidget)

void                  astrix_monitor_bar_set_session (AstrixMonitorBar     *self,
                                                      AstrixMonitorSession *session);

char                 *astrix_format_duration         (gint64                seconds);

G_END_DECLS

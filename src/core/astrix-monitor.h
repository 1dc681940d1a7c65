/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-connection.h"
#include "astrix-monitor-session.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_MONITOR (astrix_monitor_get_type ())

G_DECLARE_FINAL_TYPE (AstrixMonitor, astrix_monitor, ASTRIX, MONITOR, GObject)

AstrixMonitor        *astrix_monitor_new         (void);
AstrixMonitorSession *astrix_monitor_get_session (AstrixMonitor      *self);
AstrixMonitorSession *astrix_monitor_request     (AstrixMonitor      *self,
                                                  AstrixConnection   *connection,
                                                  const char         *target,
                                                  AstrixMonitorMode   mode,
                                                  GError            **error);
gboolean              astrix_monitor_set_mode    (AstrixMonitor      *self,
                                                  AstrixMonitorMode   mode,
                                                  GError            **error);
gboolean              astrix_monitor_stop        (AstrixMonitor      *self,
                                                  GError            **error);

G_END_DECLS

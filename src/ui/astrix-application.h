/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-audit-log.h"
#include "astrix-connection.h"
#include "astrix-monitor.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_APPLICATION (astrix_application_get_type ())

G_DECLARE_FINAL_TYPE (AstrixApplication, astrix_application, ASTRIX, APPLICATION, AdwApplication)

AstrixApplication *astrix_application_new             (void);
GListModel        *astrix_application_get_connections (AstrixApplication  *self);
AstrixMonitor     *astrix_application_get_monitor     (AstrixApplication  *self);
AstrixLocalPlayer *astrix_application_get_local_player (AstrixApplication *self);
GSettings         *astrix_application_get_settings    (AstrixApplication  *self);
AstrixAuditLog    *astrix_application_get_audit_log   (AstrixApplication  *self);
AstrixConnection  *astrix_application_find_channel    (AstrixApplication  *self,
                                                       const char         *server,
                                                       const char         *channel,
                                                       GError            **error);
gboolean           astrix_application_monitor_channel (AstrixApplication  *self,
                                                       const char         *server,
                                                       const char         *channel,
                                                       AstrixMonitorMode   mode,
                                                       GError            **error);
gboolean           astrix_application_play_on_phone   (AstrixApplication  *self,
                                                       const char         *recording,
                                                       GError            **error);
void               astrix_application_start_demo      (AstrixApplication  *self,
                                                       const char         *endpoint);
void               astrix_application_report          (AstrixApplication  *self,
                                                       const char         *text);

G_END_DECLS

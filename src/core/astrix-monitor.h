/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-connection.h"
#include "astrix-local-player.h"
#include "astrix-monitor-session.h"
#include "astrix-phone-playback.h"

G_BEGIN_DECLS

/*
 * AstrixMonitor: the one owner of the call on the supervisor's phone, a monitoring session
 * or a playback of a recording (never both ringing the phone at once).
 */

#define ASTRIX_TYPE_MONITOR (astrix_monitor_get_type ())

G_DECLARE_FINAL_TYPE (AstrixMonitor, astrix_monitor, ASTRIX, MONITOR, GObject)

AstrixMonitor        *astrix_monitor_new              (void);
AstrixMonitorSession *astrix_monitor_get_session      (AstrixMonitor          *self);
AstrixMonitorSession *astrix_monitor_request          (AstrixMonitor          *self,
                                                       AstrixConnection       *connection,
                                                       const char             *target,
                                                       AstrixMonitorMode       mode,
                                                       GError                **error);
gboolean              astrix_monitor_set_mode         (AstrixMonitor          *self,
                                                       AstrixMonitorMode       mode,
                                                       GError                **error);
gboolean              astrix_monitor_stop             (AstrixMonitor          *self,
                                                       GError                **error);
AstrixPhonePlayback  *astrix_monitor_play             (AstrixMonitor          *self,
                                                       AstrixConnection       *connection,
                                                       const char             *recording,
                                                       gint64                  duration_ms,
                                                       GError                **error);
gboolean              astrix_monitor_playback_control (AstrixMonitor          *self,
                                                       AstrixPlaybackControl   control,
                                                       GError                **error);
gboolean              astrix_monitor_is_playing       (AstrixMonitor          *self);
gboolean              astrix_monitor_control_playback (AstrixMonitor          *self,
                                                       AstrixLocalPlayer      *player,
                                                       const char             *command,
                                                       GError                **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-phone-call.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

/**
 * AstrixMonitorMode:
 * @ASTRIX_MONITOR_MODE_LISTEN: hear both parties, say nothing (ChanSpy spy mode, DTMF 4)
 * @ASTRIX_MONITOR_MODE_WHISPER: talk to the agent only (`w`, DTMF 5)
 * @ASTRIX_MONITOR_MODE_BARGE: talk to both parties (`B`, DTMF 6)
 */
typedef enum
{
  ASTRIX_MONITOR_MODE_LISTEN,
  ASTRIX_MONITOR_MODE_WHISPER,
  ASTRIX_MONITOR_MODE_BARGE,
} AstrixMonitorMode;

/**
 * AstrixSessionState:
 * @ASTRIX_SESSION_NEW: not started
 * @ASTRIX_SESSION_REQUESTED: the Originate is on its way
 * @ASTRIX_SESSION_RINGING: the supervisor's phone rings
 * @ASTRIX_SESSION_CONNECTING: the phone answered; waiting for ChanSpy to attach
 * @ASTRIX_SESSION_ACTIVE: monitoring (ChanSpyStart seen for our channel)
 * @ASTRIX_SESSION_STOPPING: hanging up
 * @ASTRIX_SESSION_ENDED: over, normally (see #AstrixMonitorSession:end-reason)
 * @ASTRIX_SESSION_FAILED: could not monitor (see #AstrixMonitorSession:error)
 */
typedef enum
{
  ASTRIX_SESSION_NEW,
  ASTRIX_SESSION_REQUESTED,
  ASTRIX_SESSION_RINGING,
  ASTRIX_SESSION_CONNECTING,
  ASTRIX_SESSION_ACTIVE,
  ASTRIX_SESSION_STOPPING,
  ASTRIX_SESSION_ENDED,
  ASTRIX_SESSION_FAILED,
} AstrixSessionState;

#define ASTRIX_TYPE_MONITOR_SESSION (astrix_monitor_session_get_type ())

G_DECLARE_FINAL_TYPE (AstrixMonitorSession, astrix_monitor_session, ASTRIX, MONITOR_SESSION,
                      GObject)

AstrixMonitorSession *astrix_monitor_session_new            (AmiClient            *client,
                                                             AstrixServerConfig   *config,
                                                             const char           *target,
                                                             const char           *target_caller,
                                                             AstrixMonitorMode     mode);
gboolean              astrix_monitor_session_start          (AstrixMonitorSession *self,
                                                             GError              **error);
void                  astrix_monitor_session_set_mode       (AstrixMonitorSession *self,
                                                             AstrixMonitorMode     mode);
void                  astrix_monitor_session_stop           (AstrixMonitorSession *self);
AstrixSessionState    astrix_monitor_session_get_state      (AstrixMonitorSession *self);
AstrixMonitorMode     astrix_monitor_session_get_mode       (AstrixMonitorSession *self);
const char           *astrix_monitor_session_get_target     (AstrixMonitorSession *self);
const char           *astrix_monitor_session_get_target_caller (AstrixMonitorSession *self);
gint64                astrix_monitor_session_get_started    (AstrixMonitorSession *self);
AstrixPhoneCall      *astrix_monitor_session_get_call       (AstrixMonitorSession *self);
gboolean              astrix_monitor_session_is_running     (AstrixMonitorSession *self);

const char           *astrix_monitor_mode_to_string         (AstrixMonitorMode     mode);
gboolean              astrix_monitor_mode_from_string       (const char           *text,
                                                             AstrixMonitorMode    *mode);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-monitor-session.h"
#include "astrix-phone-call-private.h"

G_BEGIN_DECLS

void             _astrix_monitor_session_set_target_timeout (AstrixMonitorSession *self,
                                                             guint                 ms);
AstrixPhoneCall *_astrix_monitor_session_get_call           (AstrixMonitorSession *self);
/* For tests: our channel on the supervisor's phone, once known */
const char      *_astrix_monitor_session_get_channel        (AstrixMonitorSession *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-monitor-session.h"
#include "astrix-phone-call-private.h"

G_BEGIN_DECLS

void             _astrix_monitor_session_set_target_timeout (AstrixMonitorSession *self,
                                                             guint                 ms);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-monitor.h"

G_BEGIN_DECLS

/* Read by tests only */
AstrixPhonePlayback *_astrix_monitor_get_playback (AstrixMonitor *self);

G_END_DECLS

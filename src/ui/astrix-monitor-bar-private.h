/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-monitor-bar.h"

G_BEGIN_DECLS

/* Read by tests only */
const char *_astrix_monitor_bar_get_title (AstrixMonitorBar *self);

G_END_DECLS

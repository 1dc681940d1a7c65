/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-alert-private.h"
#include "astrix-alerts.h"

G_BEGIN_DECLS

/* For tests: their own clock, a pass on demand, and a store let go before the end */
void _astrix_alerts_set_clock (AstrixAlerts     *self,
                               AstrixClockFunc   func,
                               gpointer          user_data);
void _astrix_alerts_evaluate  (AstrixAlerts     *self);
void _astrix_alerts_unwatch   (AstrixAlerts     *self,
                               AstrixQueueStore *store);

G_END_DECLS

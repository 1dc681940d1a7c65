/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-alert-notifier.h"

G_BEGIN_DECLS

AstrixAlerts *_astrix_alert_notifier_get_alerts (AstrixAlertNotifier *self,
                                                 AstrixConnection    *connection);

G_END_DECLS

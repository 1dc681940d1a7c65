/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-alerts.h"
#include "astrix-connection.h"
#include "astrix-settings.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_ALERT_NOTIFIER (astrix_alert_notifier_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAlertNotifier, astrix_alert_notifier, ASTRIX, ALERT_NOTIFIER, GObject)

AstrixAlertNotifier *astrix_alert_notifier_new                 (GApplication        *application,
                                                                AstrixSettings      *settings,
                                                                GListModel          *connections);

G_END_DECLS

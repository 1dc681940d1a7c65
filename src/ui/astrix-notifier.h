/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-monitor.h"

G_BEGIN_DECLS

#define ASTRIX_NOTIFICATION_MONITORING "monitoring"

#define ASTRIX_TYPE_NOTIFIER (astrix_notifier_get_type ())

G_DECLARE_FINAL_TYPE (AstrixNotifier, astrix_notifier, ASTRIX, NOTIFIER, GObject)

AstrixNotifier *astrix_notifier_new          (GApplication   *application,
                                              AstrixMonitor  *monitor);
void            astrix_notifier_report_error (AstrixNotifier *self,
                                              const char     *title,
                                              const char     *body);

G_END_DECLS

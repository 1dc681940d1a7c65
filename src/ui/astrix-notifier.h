/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-monitor.h"
#include "astrix-phone-playback.h"

G_BEGIN_DECLS

#define ASTRIX_NOTIFICATION_MONITORING "monitoring"
#define ASTRIX_NOTIFICATION_PLAYBACK "playback"

#define ASTRIX_TYPE_NOTIFIER (astrix_notifier_get_type ())

G_DECLARE_FINAL_TYPE (AstrixNotifier, astrix_notifier, ASTRIX, NOTIFIER, GObject)

AstrixNotifier *astrix_notifier_new          (GApplication   *application,
                                              AstrixMonitor  *monitor);
void            astrix_notifier_report_error (AstrixNotifier *self,
                                              const char     *title,
                                              const char     *body);
void            astrix_notifier_watch_phone_playback (AstrixNotifier      *self,
                                                      AstrixPhonePlayback *playback);

G_END_DECLS

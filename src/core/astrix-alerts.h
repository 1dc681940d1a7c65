/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-alert.h"
#include "astrix-queue-store.h"

G_BEGIN_DECLS

/* The cool-down a typical centre wants: five minutes between two of the same alert */
#define ASTRIX_ALERTS_DEFAULT_COOLDOWN 300

#define ASTRIX_TYPE_ALERTS (astrix_alerts_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAlerts, astrix_alerts, ASTRIX, ALERTS, GObject)

AstrixAlerts    *astrix_alerts_new                  (void);
void             astrix_alerts_watch                (AstrixAlerts        *self,
                                                     AstrixQueueStore    *store);
void             astrix_alerts_set_threshold        (AstrixAlerts        *self,
                                                     AstrixAlertKind      kind,
                                                     guint                value);
void             astrix_alerts_set_overrides        (AstrixAlerts        *self,
                                                     const char * const  *overrides);
void             astrix_alerts_set_cooldown         (AstrixAlerts        *self,
                                                     guint                seconds);
gboolean         astrix_alerts_parse_override       (const char          *entry,
                                                     char               **queue,
                                                     AstrixAlertKind     *kind,
                                                     guint               *value);

G_END_DECLS

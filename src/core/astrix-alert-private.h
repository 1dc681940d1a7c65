/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-alert.h"

G_BEGIN_DECLS

AstrixAlert *_astrix_alert_new          (AstrixAlertKind  kind,
                                         const char      *subject,
                                         const char      *subject_name,
                                         guint            threshold,
                                         gint64           since);
void         _astrix_alert_update       (AstrixAlert     *self,
                                         double           value,
                                         guint            threshold);
AstrixAlertKind _astrix_alert_get_kind  (AstrixAlert     *self);
double       _astrix_alert_get_value    (AstrixAlert     *self);
guint        _astrix_alert_get_threshold (AstrixAlert    *self);
gint64       _astrix_alert_get_since    (AstrixAlert     *self);
gboolean     _astrix_alert_get_announced (AstrixAlert    *self);
void         _astrix_alert_set_announced (AstrixAlert    *self,
                                          gboolean        announced);

G_END_DECLS

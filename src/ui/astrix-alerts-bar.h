/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ASTRIX_TYPE_ALERTS_BAR (astrix_alerts_bar_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAlertsBar, astrix_alerts_bar, ASTRIX, ALERTS_BAR, GtkWidget)

void astrix_alerts_bar_set_model (AstrixAlertsBar *self,
                                  GListModel      *alerts);

G_END_DECLS

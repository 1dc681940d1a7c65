/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-audit-log.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_ACTIVITY_PAGE (astrix_activity_page_get_type ())

G_DECLARE_FINAL_TYPE (AstrixActivityPage, astrix_activity_page, ASTRIX, ACTIVITY_PAGE, AdwBin)

GtkWidget      *astrix_activity_page_new          (AstrixAuditLog     *log);
void            astrix_activity_page_set_log      (AstrixActivityPage *self,
                                                   AstrixAuditLog     *log);
void            astrix_activity_page_focus_search (AstrixActivityPage *self);

G_END_DECLS

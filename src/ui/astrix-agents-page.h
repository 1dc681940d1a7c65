/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-agent.h"
#include "astrix-monitor-session.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_AGENTS_PAGE (astrix_agents_page_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAgentsPage, astrix_agents_page, ASTRIX, AGENTS_PAGE, AdwBin)

GtkWidget     *astrix_agents_page_new             (void);
void           astrix_agents_page_set_connections (AstrixAgentsPage *self,
                                                   GListModel       *connections);
void           astrix_agents_page_bind_settings   (AstrixAgentsPage *self,
                                                   GSettings        *settings);
GListModel    *astrix_agents_page_get_shown       (AstrixAgentsPage *self);
GtkColumnView *astrix_agents_page_get_column_view (AstrixAgentsPage *self);
AstrixAgent   *astrix_agents_page_get_selected    (AstrixAgentsPage *self);
gboolean       astrix_agents_page_get_alert       (AstrixAgentsPage *self,
                                                   AstrixAgent      *agent,
                                                   gint64            now);
char          *astrix_agents_page_dup_state_text  (AstrixAgentsPage *self,
                                                   AstrixAgent      *agent,
                                                   gint64            now);
void           astrix_agents_page_focus_search    (AstrixAgentsPage *self);
gboolean       astrix_agents_page_select          (AstrixAgentsPage *self,
                                                   const char       *name);
gboolean       astrix_agents_page_monitor         (AstrixAgentsPage *self,
                                                   AstrixMonitorMode mode);

G_END_DECLS

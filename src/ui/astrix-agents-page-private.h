/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-agents-page.h"

G_BEGIN_DECLS

/* The Agents page's actions on agents (astrix-agents-page-actions.c) */
void        _astrix_agents_page_install_actions (GtkWidgetClass   *widget_class);
void        _astrix_agents_page_init_actions    (AstrixAgentsPage *self,
                                                 GtkWidget        *action_bar);
void        _astrix_agents_page_update_actions  (AstrixAgentsPage *self);
void        _astrix_agents_page_dispose_actions (AstrixAgentsPage *self);
GListModel *_astrix_agents_page_get_connections (AstrixAgentsPage *self);

/* For the tests: the search, as if typed (astrix-agents-page.c) */
void        _astrix_agents_page_set_query       (AstrixAgentsPage *self,
                                                 const char       *query);

G_END_DECLS

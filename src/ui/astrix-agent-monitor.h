/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-application.h"
#include "astrix-agent.h"

G_BEGIN_DECLS

AstrixAgent *astrix_agent_find                (GListModel         *connections,
                                               const char         *who,
                                               AstrixConnection  **connection);
gboolean     astrix_application_monitor_agent (AstrixApplication  *self,
                                               AstrixAgent        *agent,
                                               AstrixConnection   *connection,
                                               AstrixMonitorMode   mode,
                                               GError            **error);

G_END_DECLS

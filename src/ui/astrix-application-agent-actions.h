/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-agent-action.h"
#include "astrix-application.h"

G_BEGIN_DECLS

void astrix_application_run_agent_action   (AstrixApplication *self,
                                            AstrixConnection  *connection,
                                            AstrixAgentAction *action);
void _astrix_application_init_agent_actions (AstrixApplication *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-agent-action.h"
#include "astrix-agent.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_AGENT_ACTION_DIALOG (astrix_agent_action_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAgentActionDialog, astrix_agent_action_dialog, ASTRIX,
                      AGENT_ACTION_DIALOG, AdwWindow)

AstrixAgentActionDialog *astrix_agent_action_dialog_new       (GtkWindow               *parent,
                                                               AstrixAgentActionKind    kind,
                                                               AstrixConnection        *connection,
                                                               AstrixAgent             *agent);
AstrixAgentAction       *astrix_agent_action_dialog_dup_action (AstrixAgentActionDialog *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-agent.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_AGENT_STORE (astrix_agent_store_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAgentStore, astrix_agent_store, ASTRIX, AGENT_STORE, GObject)

AstrixAgent *astrix_agent_store_lookup (AstrixAgentStore *self,
                                        const char       *interface);
AstrixAgent *astrix_agent_store_find   (AstrixAgentStore *self,
                                        const char       *who);
void         astrix_agent_store_flush  (AstrixAgentStore *self);

G_END_DECLS

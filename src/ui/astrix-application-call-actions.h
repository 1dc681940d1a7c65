/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-application.h"
#include "astrix-call-actions.h"

G_BEGIN_DECLS

void astrix_application_call_action         (AstrixApplication *self,
                                             const char        *server,
                                             AstrixCallAction   action,
                                             const char        *channel,
                                             const char        *argument);
void _astrix_application_init_call_actions  (AstrixApplication *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-call-details.h"

G_BEGIN_DECLS

/* Read by tests only */
AstrixCall *_astrix_call_details_get_call (AstrixCallDetails *self);
GtkListBox *_astrix_call_details_get_list (AstrixCallDetails *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-call.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_CALL_DETAILS (astrix_call_details_get_type ())

G_DECLARE_FINAL_TYPE (AstrixCallDetails, astrix_call_details, ASTRIX, CALL_DETAILS, GtkBox)

void        astrix_call_details_set_call (AstrixCallDetails *self,
                                          AstrixCall        *call);

G_END_DECLS

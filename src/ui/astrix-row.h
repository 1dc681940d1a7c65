/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ASTRIX_TYPE_ROW (astrix_row_get_type ())

G_DECLARE_FINAL_TYPE (AstrixRow, astrix_row, ASTRIX, ROW, GObject)

AstrixRow *astrix_row_new      (gpointer   item);
gpointer   astrix_row_get_item (AstrixRow *self);
void       astrix_row_set_item (AstrixRow *self,
                                gpointer   item);

G_END_DECLS

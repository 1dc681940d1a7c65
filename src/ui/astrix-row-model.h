/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-row.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_ROW_MODEL (astrix_row_model_get_type ())

G_DECLARE_FINAL_TYPE (AstrixRowModel, astrix_row_model, ASTRIX, ROW_MODEL, GObject)

void            astrix_row_model_set_model (AstrixRowModel *self,
                                            GListModel     *model);
void            astrix_row_model_set_pace_widget (AstrixRowModel *self,
                                                  GtkWidget      *widget);

G_END_DECLS

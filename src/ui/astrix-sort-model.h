/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ASTRIX_TYPE_SORT_MODEL (astrix_sort_model_get_type ())

G_DECLARE_FINAL_TYPE (AstrixSortModel, astrix_sort_model, ASTRIX, SORT_MODEL, GObject)

void             astrix_sort_model_set_model  (AstrixSortModel *self,
                                               GListModel      *model);
void             astrix_sort_model_set_sorter (AstrixSortModel *self,
                                               GtkSorter       *sorter);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-sort-model.h"

G_BEGIN_DECLS

/* Read by tests only */
GListModel      *_astrix_sort_model_get_model (AstrixSortModel *self);
AstrixSortModel *_astrix_sort_model_new       (GListModel      *model,
                                               GtkSorter       *sorter);

G_END_DECLS

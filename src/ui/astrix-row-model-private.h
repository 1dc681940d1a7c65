/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-row-model.h"

G_BEGIN_DECLS

/* Read by tests only */
GListModel     *_astrix_row_model_get_model (AstrixRowModel *self);
AstrixRowModel *_astrix_row_model_new       (GListModel     *model);

G_END_DECLS

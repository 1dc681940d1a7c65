/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-filter-model.h"

G_BEGIN_DECLS

/* Read by tests only */
AstrixFilterModel *_astrix_filter_model_new (GListModel *model);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-activity-page.h"

G_BEGIN_DECLS

/* Read by tests only */
GListModel *_astrix_activity_page_get_shown (AstrixActivityPage *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-queues-page.h"

G_BEGIN_DECLS

/* Read by tests only */
GtkColumnView *_astrix_queues_page_get_column_view (AstrixQueuesPage *self);

G_END_DECLS

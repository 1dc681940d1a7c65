/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-window.h"

G_BEGIN_DECLS

GtkListItemFactory *_astrix_duration_cell_factory_new (GPtrArray *bound);

G_END_DECLS

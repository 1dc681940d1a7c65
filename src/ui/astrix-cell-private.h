/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-cell.h"

G_BEGIN_DECLS

/* Read by tests only */
const char *_astrix_cell_get_text (AstrixCell *self);

G_END_DECLS

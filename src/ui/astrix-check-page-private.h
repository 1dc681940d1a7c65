/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-check-page.h"

G_BEGIN_DECLS

/* Read by tests only */
AstrixServerCheck *_astrix_check_page_get_check (AstrixCheckPage *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-sent-text.h"

G_BEGIN_DECLS

gboolean  _astrix_sent_text_is_safe (const char *text,
                                     const char *separators);

G_END_DECLS

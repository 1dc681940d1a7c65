/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  astrix_sent_text_is_context_name (const char *text);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean    astrix_queue_pages_needs_agent_read     (GListModel *connections);
const char *astrix_queue_pages_restricted_sentence  (void);

G_END_DECLS

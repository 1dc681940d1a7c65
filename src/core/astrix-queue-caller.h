/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ASTRIX_TYPE_QUEUE_CALLER (astrix_queue_caller_get_type ())

G_DECLARE_FINAL_TYPE (AstrixQueueCaller, astrix_queue_caller, ASTRIX, QUEUE_CALLER, GObject)

const char *astrix_queue_caller_get_uniqueid    (AstrixQueueCaller *self);
char       *astrix_queue_caller_dup_caller      (AstrixQueueCaller *self);
guint       astrix_queue_caller_get_position    (AstrixQueueCaller *self);
gint64      astrix_queue_caller_get_joined      (AstrixQueueCaller *self);

G_END_DECLS

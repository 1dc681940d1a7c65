/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-agent-store.h"
#include "astrix-queue.h"

G_BEGIN_DECLS

/**
 * AstrixClockFunc:
 *
 * Returns: the wall-clock time in microseconds, as g_get_real_time() (tests inject their own)
 */
typedef gint64 (*AstrixClockFunc) (gpointer user_data);

#define ASTRIX_TYPE_QUEUE_STORE (astrix_queue_store_get_type ())

G_DECLARE_FINAL_TYPE (AstrixQueueStore, astrix_queue_store, ASTRIX, QUEUE_STORE, GObject)

AstrixQueueStore *astrix_queue_store_new                 (guint               default_wrap_up);
AstrixAgentStore *astrix_queue_store_get_agents          (AstrixQueueStore   *self);
void              astrix_queue_store_handle_event        (AstrixQueueStore   *self,
                                                          AmiMessage         *event);
void              astrix_queue_store_resync              (AstrixQueueStore   *self,
                                                          AmiClient          *client,
                                                          GCancellable       *cancellable);
void              astrix_queue_store_clear               (AstrixQueueStore   *self);
gboolean          astrix_queue_store_get_needs_agent_read (AstrixQueueStore  *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-queue-caller.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_QUEUE (astrix_queue_get_type ())

G_DECLARE_FINAL_TYPE (AstrixQueue, astrix_queue, ASTRIX, QUEUE, GObject)

const char *astrix_queue_get_name                 (AstrixQueue *self);
guint       astrix_queue_get_wrap_up_time         (AstrixQueue *self);
void        astrix_queue_set_wrap_up_time         (AstrixQueue *self,
                                                   guint        seconds);
GListModel *astrix_queue_get_callers              (AstrixQueue *self);
guint       astrix_queue_get_n_waiting            (AstrixQueue *self);
gint64      astrix_queue_get_longest_wait_since   (AstrixQueue *self);
guint       astrix_queue_get_agents_available     (AstrixQueue *self);
guint       astrix_queue_get_agents_busy          (AstrixQueue *self);
guint       astrix_queue_get_agents_paused        (AstrixQueue *self);
guint       astrix_queue_get_agents_logged_in     (AstrixQueue *self);
/* The app's own counters, since local midnight, kept across reconnections */
guint       astrix_queue_get_answered_today       (AstrixQueue *self);
guint       astrix_queue_get_abandoned_today      (AstrixQueue *self);
double      astrix_queue_get_average_wait_today   (AstrixQueue *self);
double      astrix_queue_get_average_talk_today   (AstrixQueue *self);
guint       astrix_queue_get_service_level        (AstrixQueue *self);
double      astrix_queue_get_service_level_today  (AstrixQueue *self);
/* Asterisk's own counters, since its last reset (load, reload or restart) */
guint       astrix_queue_get_pbx_completed        (AstrixQueue *self);
guint       astrix_queue_get_pbx_abandoned        (AstrixQueue *self);
double      astrix_queue_get_pbx_service_level    (AstrixQueue *self);

G_END_DECLS

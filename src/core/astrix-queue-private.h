/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami.h"
#include "astrix-agent-store.h"
#include "astrix-agent.h"
#include "astrix-queue-caller.h"
#include "astrix-queue-store.h"
#include "astrix-queue.h"

G_BEGIN_DECLS

/*
 * The call centre's objects are changed only by AstrixQueueStore (which feeds the agent store
 * too); times are wall-clock microseconds of the store's clock.
 */

/* AstrixQueueCaller */
AstrixQueueCaller *_astrix_queue_caller_new          (const char        *queue,
                                                      AmiMessage        *message,
                                                      gint64             joined);
void               _astrix_queue_caller_set_position (AstrixQueueCaller *self,
                                                      guint              position);

/* AstrixQueue */
AstrixQueue *_astrix_queue_new                 (const char  *name,
                                                guint        wrap_up_time);
void         _astrix_queue_take_params         (AstrixQueue *self,
                                                AmiMessage  *params);
void         _astrix_queue_set_callers         (AstrixQueue *self,
                                                GPtrArray   *callers);
void         _astrix_queue_caller_join         (AstrixQueue *self,
                                                AmiMessage  *event,
                                                gint64       now);
gboolean     _astrix_queue_caller_leave        (AstrixQueue *self,
                                                const char  *uniqueid);
void         _astrix_queue_count_abandon       (AstrixQueue *self,
                                                AmiMessage  *event);
void         _astrix_queue_count_connect       (AstrixQueue *self,
                                                AmiMessage  *event);
void         _astrix_queue_count_complete      (AstrixQueue *self,
                                                AmiMessage  *event);
void         _astrix_queue_reset_today         (AstrixQueue *self);
void         _astrix_queue_set_agent_counts    (AstrixQueue *self,
                                                guint        available,
                                                guint        busy,
                                                guint        paused,
                                                guint        logged_in);

/* AstrixAgent */
AstrixAgent *_astrix_agent_new                 (const char  *interface);
void         _astrix_agent_take_member         (AstrixAgent *self,
                                                AmiMessage  *member,
                                                gint64       now,
                                                guint        queue_wrap_up,
                                                gboolean     live);
gboolean     _astrix_agent_remove_queue        (AstrixAgent *self,
                                                const char  *queue);
void         _astrix_agent_clear_queues        (AstrixAgent *self);
void         _astrix_agent_call_connected      (AstrixAgent *self,
                                                AmiMessage  *event,
                                                gint64       now);
void         _astrix_agent_call_ended          (AstrixAgent *self,
                                                AmiMessage  *event,
                                                gint64       now,
                                                guint        wrap_up_time);
void         _astrix_agent_count_missed        (AstrixAgent *self);
void         _astrix_agent_reset_today         (AstrixAgent *self);
void         _astrix_agent_set_monitored       (AstrixAgent *self,
                                                gboolean     monitored);
gboolean     _astrix_agent_update_state        (AstrixAgent *self,
                                                gint64       now,
                                                gboolean     live);
gboolean     _astrix_agent_needs_update        (AstrixAgent *self,
                                                gint64       now);
guint        _astrix_agent_get_n_queues        (AstrixAgent *self);
const char  *_astrix_agent_get_queue           (AstrixAgent *self,
                                                guint        index);
gboolean     _astrix_agent_counts_in           (AstrixAgent *self,
                                                const char  *queue,
                                                gboolean    *available,
                                                gboolean    *busy,
                                                gboolean    *paused);

/* AstrixAgentStore */
AstrixAgentStore *_astrix_agent_store_new       (void);
AstrixAgent      *_astrix_agent_store_ensure    (AstrixAgentStore *self,
                                                 const char       *interface);
void              _astrix_agent_store_remove    (AstrixAgentStore *self,
                                                 AstrixAgent      *agent);
void              _astrix_agent_store_clear     (AstrixAgentStore *self);
GPtrArray        *_astrix_agent_store_all       (AstrixAgentStore *self);

/* Shared by both stores: one items-changed from the first position that differs. */
void              _astrix_list_model_replace    (GListModel       *model,
                                                 GPtrArray        *visible,
                                                 GPtrArray        *next);

/* AstrixQueueStore: its clock, resync halves, timer and flush, driven by hand in tests */
void         _astrix_queue_store_set_clock     (AstrixQueueStore *self,
                                                AstrixClockFunc   func,
                                                gpointer          user_data);
gint64       _astrix_queue_store_now           (AstrixQueueStore *self);
void         _astrix_queue_store_begin_resync  (AstrixQueueStore *self);
void         _astrix_queue_store_finish_resync (AstrixQueueStore *self,
                                                GPtrArray        *items);
void         _astrix_queue_store_refresh       (AstrixQueueStore *self);
void         _astrix_queue_store_flush         (AstrixQueueStore *self);
void         _astrix_queue_store_set_needs_agent_read (AstrixQueueStore *self,
                                                       gboolean          needs);
AstrixQueue *_astrix_queue_store_lookup        (AstrixQueueStore *self,
                                                const char       *name);

/* Read by tests only */
const char *_astrix_queue_get_strategy           (AstrixQueue *self);
guint       _astrix_queue_get_completed_today    (AstrixQueue *self);
guint       _astrix_queue_get_pbx_hold_time      (AstrixQueue *self);
guint       _astrix_queue_get_pbx_talk_time      (AstrixQueue *self);
double      _astrix_queue_get_pbx_service_level2 (AstrixQueue *self);

int      _astrix_agent_get_penalty         (AstrixAgent *self,
                                            const char  *queue);
guint    _astrix_agent_get_pbx_calls_taken (AstrixAgent *self);
gboolean _astrix_agent_is_in_queue         (AstrixAgent *self,
                                            const char  *queue);
gboolean _astrix_agent_is_paused_in        (AstrixAgent *self,
                                            const char  *queue);
gboolean _astrix_agent_is_dynamic          (AstrixAgent *self,
                                            const char  *queue);

G_END_DECLS

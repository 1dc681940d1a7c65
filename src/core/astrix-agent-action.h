/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-audit-log.h"
#include "astrix-connection.h"

G_BEGIN_DECLS

/**
 * AstrixAgentActionKind:
 * @ASTRIX_AGENT_ACTION_PAUSE: QueuePause with Paused true (and a reason)
 * @ASTRIX_AGENT_ACTION_UNPAUSE: QueuePause with Paused false
 * @ASTRIX_AGENT_ACTION_ADD: QueueAdd (log the agent into a queue)
 * @ASTRIX_AGENT_ACTION_REMOVE: QueueRemove (log the agent out of a queue)
 * @ASTRIX_AGENT_ACTION_PENALTY: QueuePenalty
 */
typedef enum
{
  ASTRIX_AGENT_ACTION_PAUSE,
  ASTRIX_AGENT_ACTION_UNPAUSE,
  ASTRIX_AGENT_ACTION_ADD,
  ASTRIX_AGENT_ACTION_REMOVE,
  ASTRIX_AGENT_ACTION_PENALTY,
} AstrixAgentActionKind;

/* app_queue keeps a reason and a member name in 80 bytes; longer ones would be cut. */
#define ASTRIX_AGENT_ACTION_MAX_TEXT 79

#define ASTRIX_TYPE_AGENT_ACTION (astrix_agent_action_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAgentAction, astrix_agent_action, ASTRIX, AGENT_ACTION, GObject)

AstrixAgentAction     *astrix_agent_action_new_pause   (const char          *agent,
                                                        const char          *queue,
                                                        const char          *reason);
AstrixAgentAction     *astrix_agent_action_new_unpause (const char          *agent,
                                                        const char          *queue);
AstrixAgentAction     *astrix_agent_action_new_add     (const char          *agent,
                                                        const char          *queue,
                                                        int                  penalty);
AstrixAgentAction     *astrix_agent_action_new_remove  (const char          *agent,
                                                        const char          *queue);
AstrixAgentAction     *astrix_agent_action_new_penalty (const char          *agent,
                                                        const char          *queue,
                                                        int                  penalty);
AstrixAgentActionKind  astrix_agent_action_get_kind    (AstrixAgentAction   *self);
const char            *astrix_agent_action_get_agent   (AstrixAgentAction   *self);
void                   astrix_agent_action_set_audit_log (AstrixAgentAction *self,
                                                        AstrixAuditLog      *log);
gboolean               astrix_agent_action_validate    (AstrixAgentAction   *self,
                                                        GError             **error);
char                  *astrix_agent_action_dup_done_text (AstrixAgentAction *self);
void                   astrix_agent_action_run_async   (AstrixAgentAction   *self,
                                                        AstrixConnection    *connection,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean               astrix_agent_action_run_finish  (AstrixAgentAction   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

const char            *astrix_agent_action_kind_to_string (AstrixAgentActionKind kind);
gboolean               astrix_validate_agent_text      (const char          *text,
                                                        const char          *what,
                                                        GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * AstrixAgentState:
 * @ASTRIX_AGENT_LOGGED_OUT: in no queue any more (removed, or gone from the PBX's list)
 * @ASTRIX_AGENT_AVAILABLE: free to take a call
 * @ASTRIX_AGENT_RINGING: the agent's phone rings (device RINGING or RINGINUSE)
 * @ASTRIX_AGENT_IN_CALL: on a call (device INUSE or BUSY)
 * @ASTRIX_AGENT_ON_HOLD: the call is on hold (device ONHOLD)
 * @ASTRIX_AGENT_PAUSED: paused in every queue the agent is in (see the reason)
 * @ASTRIX_AGENT_WRAP_UP: after a queue call, within the queue's wrap-up time (derived: AMI has
 *   no such state)
 * @ASTRIX_AGENT_UNAVAILABLE: the device is UNAVAILABLE or INVALID (phone not registered)
 */
typedef enum
{
  ASTRIX_AGENT_LOGGED_OUT,
  ASTRIX_AGENT_AVAILABLE,
  ASTRIX_AGENT_RINGING,
  ASTRIX_AGENT_IN_CALL,
  ASTRIX_AGENT_ON_HOLD,
  ASTRIX_AGENT_PAUSED,
  ASTRIX_AGENT_WRAP_UP,
  ASTRIX_AGENT_UNAVAILABLE,
} AstrixAgentState;

#define ASTRIX_TYPE_AGENT (astrix_agent_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAgent, astrix_agent, ASTRIX, AGENT, GObject)

const char       *astrix_agent_get_interface          (AstrixAgent *self);
const char       *astrix_agent_get_name               (AstrixAgent *self);
const char       *astrix_agent_get_state_interface    (AstrixAgent *self);
int               astrix_agent_get_device_status      (AstrixAgent *self);
AstrixAgentState  astrix_agent_get_state              (AstrixAgent *self);
const char       *astrix_agent_get_state_label        (AstrixAgent *self);
gint64            astrix_agent_get_state_since        (AstrixAgent *self);
gint64            astrix_agent_get_wrap_up_until      (AstrixAgent *self);
const char       *astrix_agent_get_paused_reason      (AstrixAgent *self);
char            **astrix_agent_dup_queues             (AstrixAgent *self);
const char       *astrix_agent_get_call_caller        (AstrixAgent *self);
const char       *astrix_agent_get_call_queue         (AstrixAgent *self);
const char       *astrix_agent_get_call_channel       (AstrixAgent *self);
gint64            astrix_agent_get_call_since         (AstrixAgent *self);
guint             astrix_agent_get_calls_taken_today  (AstrixAgent *self);
guint             astrix_agent_get_calls_missed_today (AstrixAgent *self);
gboolean          astrix_agent_get_monitored          (AstrixAgent *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-channel.h"

G_BEGIN_DECLS

/**
 * AstrixCallState:
 * @ASTRIX_CALL_STATE_RINGING: a phone rings (an agent, or the customer's line before answer)
 * @ASTRIX_CALL_STATE_WAITING: the customer waits in a queue, no agent rings yet
 * @ASTRIX_CALL_STATE_TALKING: the parties are connected (or the customer talks to the PBX)
 * @ASTRIX_CALL_STATE_ON_HOLD: a party is on hold
 */
typedef enum
{
  ASTRIX_CALL_STATE_RINGING,
  ASTRIX_CALL_STATE_WAITING,
  ASTRIX_CALL_STATE_TALKING,
  ASTRIX_CALL_STATE_ON_HOLD,
} AstrixCallState;

#define ASTRIX_TYPE_CALL (astrix_call_get_type ())

G_DECLARE_FINAL_TYPE (AstrixCall, astrix_call, ASTRIX, CALL, GObject)

const char      *astrix_call_get_server          (AstrixCall *self);
const char      *astrix_call_get_customer_name   (AstrixCall *self);
const char      *astrix_call_get_customer_number (AstrixCall *self);
const char      *astrix_call_get_customer_channel (AstrixCall *self);
const char      *astrix_call_get_agent_name      (AstrixCall *self);
const char      *astrix_call_get_agent_number    (AstrixCall *self);
const char      *astrix_call_get_agent_channel   (AstrixCall *self);
const char      *astrix_call_get_queue           (AstrixCall *self);
gint64           astrix_call_get_started         (AstrixCall *self);
const char      *astrix_call_get_monitored_by    (AstrixCall *self);
const char      *astrix_call_get_spy_target      (AstrixCall *self);
AstrixRecordingState astrix_call_get_recording_state (AstrixCall *self);
GListModel      *astrix_call_get_channels        (AstrixCall *self);
char            *astrix_call_dup_customer        (AstrixCall *self);
char            *astrix_call_dup_agent           (AstrixCall *self);
const char      *astrix_call_get_state_label     (AstrixCall *self);
gboolean         astrix_call_get_outside_groups  (AstrixCall *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-connection.h"

G_BEGIN_DECLS

/**
 * AstrixCallAction:
 * @ASTRIX_CALL_ACTION_END: end the call (Hangup, Cause 16)
 * @ASTRIX_CALL_ACTION_RECORD: start recording (MixMonitor)
 * @ASTRIX_CALL_ACTION_STOP_RECORDING: stop recording (StopMixMonitor)
 * @ASTRIX_CALL_ACTION_MUTE_RECORDING: mute the recording, both directions (MixMonitorMute)
 * @ASTRIX_CALL_ACTION_UNMUTE_RECORDING: unmute it again
 * @ASTRIX_CALL_ACTION_SEND_TO_AGENT: take a waiting caller out of the queue to an agent
 *   (Redirect)
 */
typedef enum
{
  ASTRIX_CALL_ACTION_END,
  ASTRIX_CALL_ACTION_RECORD,
  ASTRIX_CALL_ACTION_STOP_RECORDING,
  ASTRIX_CALL_ACTION_MUTE_RECORDING,
  ASTRIX_CALL_ACTION_UNMUTE_RECORDING,
  ASTRIX_CALL_ACTION_SEND_TO_AGENT,
} AstrixCallAction;

const char         *astrix_call_action_to_string      (AstrixCallAction     action);
AstrixCapabilities  astrix_call_action_get_capability (AstrixCallAction     action);
gboolean            astrix_call_action_check_value    (const char          *value,
                                                       const char          *what,
                                                       const char          *separators,
                                                       GError             **error);
char               *astrix_call_action_recording_file (AstrixServerConfig  *config,
                                                       const char          *uniqueid,
                                                       GDateTime           *when,
                                                       GError             **error);
char               *astrix_call_action_agent_extension (const char         *interface);

void                astrix_call_action_run_async      (AstrixConnection    *connection,
                                                       AstrixCallAction     action,
                                                       const char          *channel,
                                                       const char          *argument,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            astrix_call_action_run_finish     (GAsyncResult        *result,
                                                       char               **detail,
                                                       GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"

G_BEGIN_DECLS

/**
 * AstrixCapabilities:
 * @ASTRIX_CAPABILITY_NONE: none
 * @ASTRIX_CAPABILITY_QUEUES: the PBX has queues (app_queue registers QueueStatus, which needs no
 *   class, so every user sees it listed)
 * @ASTRIX_CAPABILITY_QUEUE_MEMBERS: pausing agents and queue membership (QueuePause, QueueAdd,
 *   QueueRemove, QueuePenalty: write `agent`)
 * @ASTRIX_CAPABILITY_RECORD: starting a recording (MixMonitor: write `system`)
 * @ASTRIX_CAPABILITY_RECORDING_CONTROL: stopping and muting a recording (StopMixMonitor,
 *   MixMonitorMute: write `system` or `call`)
 * @ASTRIX_CAPABILITY_END_CALLS: ending a call and redirecting it (Hangup: write `system` or
 *   `call`; Redirect: write `call`)
 *
 * The supervisor actions a user may run, as ListCommands shows them: Asterisk lists only the
 * actions whose classes the user's write classes meet.
 */
typedef enum /*< flags >*/
{
  ASTRIX_CAPABILITY_NONE              = 0,
  ASTRIX_CAPABILITY_QUEUES            = 1 << 0,
  ASTRIX_CAPABILITY_QUEUE_MEMBERS     = 1 << 1,
  ASTRIX_CAPABILITY_RECORD            = 1 << 2,
  ASTRIX_CAPABILITY_RECORDING_CONTROL = 1 << 3,
  ASTRIX_CAPABILITY_END_CALLS         = 1 << 4,
} AstrixCapabilities;

/* Every capability: what is assumed when the PBX would not say */
#define ASTRIX_CAPABILITIES_ALL (ASTRIX_CAPABILITY_QUEUES | ASTRIX_CAPABILITY_QUEUE_MEMBERS | \
                                 ASTRIX_CAPABILITY_RECORD | ASTRIX_CAPABILITY_RECORDING_CONTROL | \
                                 ASTRIX_CAPABILITY_END_CALLS)

AstrixCapabilities  astrix_capabilities_from_list_commands (AmiMessage          *response);
const char * const *astrix_capability_get_actions          (AstrixCapabilities   capability);
const char         *astrix_capability_get_title            (AstrixCapabilities   capability);
const char         *astrix_capability_get_write_classes    (AstrixCapabilities   capability);
const char         *astrix_capability_describe_missing     (AstrixCapabilities   capability);
void                astrix_capabilities_learn_async        (AmiClient           *client,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
AstrixCapabilities  astrix_capabilities_learn_finish       (GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS

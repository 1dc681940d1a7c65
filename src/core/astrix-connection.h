/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-call-store.h"
#include "astrix-capabilities.h"
#include "astrix-channel-store.h"
#include "astrix-monitor-session.h"
#include "astrix-queue-store.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

/**
 * AstrixConnectionState:
 * @ASTRIX_CONNECTION_IDLE: not started, or stopped
 * @ASTRIX_CONNECTION_CONNECTING: connecting and logging in
 * @ASTRIX_CONNECTION_SYNCING: logged in; loading the live calls (CoreShowChannels)
 * @ASTRIX_CONNECTION_CONNECTED: logged in, the channel list is true
 * @ASTRIX_CONNECTION_RECONNECTING: the link went down; the next attempt is at
 *   #AstrixConnection:retry-at
 * @ASTRIX_CONNECTION_FAILED: gave up until the user changes something or retries
 */
typedef enum
{
  ASTRIX_CONNECTION_IDLE,
  ASTRIX_CONNECTION_CONNECTING,
  ASTRIX_CONNECTION_SYNCING,
  ASTRIX_CONNECTION_CONNECTED,
  ASTRIX_CONNECTION_RECONNECTING,
  ASTRIX_CONNECTION_FAILED,
} AstrixConnectionState;

#define ASTRIX_TYPE_CONNECTION (astrix_connection_get_type ())

G_DECLARE_FINAL_TYPE (AstrixConnection, astrix_connection, ASTRIX, CONNECTION, GObject)

AstrixConnection      *astrix_connection_new            (AstrixServerConfig  *config);
void                   astrix_connection_start          (AstrixConnection    *self,
                                                         const char          *secret);
void                   astrix_connection_retry          (AstrixConnection    *self);
void                   astrix_connection_stop           (AstrixConnection    *self);
AstrixServerConfig    *astrix_connection_get_config     (AstrixConnection    *self);
AmiClient             *astrix_connection_get_client     (AstrixConnection    *self);
AstrixChannelStore    *astrix_connection_get_store      (AstrixConnection    *self);
AstrixCallStore       *astrix_connection_get_calls      (AstrixConnection    *self);
AstrixQueueStore      *astrix_connection_get_queues     (AstrixConnection    *self);
AstrixConnectionState  astrix_connection_get_state      (AstrixConnection    *self);
const char            *astrix_connection_get_name       (AstrixConnection    *self);
const char            *astrix_connection_get_error_text (AstrixConnection    *self);
gint64                 astrix_connection_get_retry_at   (AstrixConnection    *self);
AstrixMonitorSession  *astrix_connection_create_session (AstrixConnection    *self,
                                                         const char          *target,
                                                         AstrixMonitorMode    mode,
                                                         GError             **error);

G_END_DECLS

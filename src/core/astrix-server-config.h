/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AstrixMonitorMethod:
 * @ASTRIX_MONITOR_METHOD_APPLICATION: Originate with `Application: ChanSpy` (no dialplan needed)
 * @ASTRIX_MONITOR_METHOD_CONTEXTS: Originate into the site's own contexts with SPYTARGET
 */
typedef enum
{
  ASTRIX_MONITOR_METHOD_APPLICATION,
  ASTRIX_MONITOR_METHOD_CONTEXTS,
} AstrixMonitorMethod;

/**
 * AstrixPlaybackMethod:
 * @ASTRIX_PLAYBACK_METHOD_APPLICATION: Originate with `Application: ControlPlayback`
 * @ASTRIX_PLAYBACK_METHOD_CONTEXT: Originate into the site's playback context with RECFILE
 */
typedef enum
{
  ASTRIX_PLAYBACK_METHOD_APPLICATION,
  ASTRIX_PLAYBACK_METHOD_CONTEXT,
} AstrixPlaybackMethod;

/* The endpoint value that means "this computer" (AudioSocket) instead of a phone. */
#define ASTRIX_ENDPOINT_AUDIOSOCKET "audiosocket"

#define ASTRIX_TYPE_SERVER_CONFIG (astrix_server_config_get_type ())

G_DECLARE_FINAL_TYPE (AstrixServerConfig, astrix_server_config, ASTRIX, SERVER_CONFIG, GObject)

AstrixServerConfig  *astrix_server_config_new              (void);
AstrixServerConfig  *astrix_server_config_new_from_uri     (const char          *uri,
                                                            GError             **error);
const char          *astrix_server_config_get_name         (AstrixServerConfig  *self);
const char          *astrix_server_config_get_host         (AstrixServerConfig  *self);
guint                astrix_server_config_get_port         (AstrixServerConfig  *self);
gboolean             astrix_server_config_get_use_tls      (AstrixServerConfig  *self);
const char          *astrix_server_config_get_username     (AstrixServerConfig  *self);
const char          *astrix_server_config_get_endpoint     (AstrixServerConfig  *self);
AstrixMonitorMethod  astrix_server_config_get_monitor_method (AstrixServerConfig *self);
const char          *astrix_server_config_get_listen_context (AstrixServerConfig *self);
const char          *astrix_server_config_get_whisper_context (AstrixServerConfig *self);
const char          *astrix_server_config_get_barge_context (AstrixServerConfig *self);
gboolean             astrix_server_config_get_bridged_only (AstrixServerConfig  *self);
const char * const  *astrix_server_config_get_spy_groups   (AstrixServerConfig  *self);
const char          *astrix_server_config_get_pinned_certificate (AstrixServerConfig *self);
const char          *astrix_server_config_get_id           (AstrixServerConfig  *self);
const char          *astrix_server_config_get_recordings_uri (AstrixServerConfig *self);
const char          *astrix_server_config_get_pbx_recordings_path (AstrixServerConfig *self);
AstrixPlaybackMethod astrix_server_config_get_playback_method (AstrixServerConfig *self);
const char          *astrix_server_config_get_playback_context (AstrixServerConfig *self);
const char          *astrix_server_config_get_agent_context (AstrixServerConfig *self);
guint                astrix_server_config_get_audiosocket_port (AstrixServerConfig *self);
char                *astrix_server_config_dup_display_uri  (AstrixServerConfig  *self);
const char * const  *astrix_server_config_get_pause_reasons (AstrixServerConfig *self);

gboolean             astrix_validate_channel_name          (const char          *name,
                                                            GError             **error);
gboolean             astrix_endpoint_rings_as              (const char          *endpoint,
                                                            const char          *channel);

G_END_DECLS

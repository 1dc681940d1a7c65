/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AstrixRecordingState:
 * @ASTRIX_RECORDING_NONE: nothing records the channel (or the app has not seen it start)
 * @ASTRIX_RECORDING_ACTIVE: MixMonitor records it
 * @ASTRIX_RECORDING_MUTED: MixMonitor records it, muted (MixMonitorMute)
 */
typedef enum
{
  ASTRIX_RECORDING_NONE,
  ASTRIX_RECORDING_ACTIVE,
  ASTRIX_RECORDING_MUTED,
} AstrixRecordingState;

#define ASTRIX_TYPE_CHANNEL (astrix_channel_get_type ())

G_DECLARE_FINAL_TYPE (AstrixChannel, astrix_channel, ASTRIX, CHANNEL, GObject)

const char *astrix_channel_get_uniqueid         (AstrixChannel *self);
const char *astrix_channel_get_linkedid         (AstrixChannel *self);
const char *astrix_channel_get_name             (AstrixChannel *self);
int         astrix_channel_get_state            (AstrixChannel *self);
const char *astrix_channel_get_state_label      (AstrixChannel *self);
const char *astrix_channel_get_caller_num       (AstrixChannel *self);
const char *astrix_channel_get_caller_name      (AstrixChannel *self);
const char *astrix_channel_get_connected_num    (AstrixChannel *self);
const char *astrix_channel_get_connected_name   (AstrixChannel *self);
const char *astrix_channel_get_application      (AstrixChannel *self);
const char *astrix_channel_get_application_data (AstrixChannel *self);
const char *astrix_channel_get_bridge_id        (AstrixChannel *self);
const char *astrix_channel_get_monitored_by     (AstrixChannel *self);
const char *astrix_channel_get_spying_on        (AstrixChannel *self);
const char *astrix_channel_get_spy_group        (AstrixChannel *self);
gint64      astrix_channel_get_created          (AstrixChannel *self);
char       *astrix_channel_dup_caller           (AstrixChannel *self);
char       *astrix_channel_dup_talking_to       (AstrixChannel *self);
gboolean    astrix_channel_get_outside_groups   (AstrixChannel *self);
gboolean    astrix_channel_get_on_hold          (AstrixChannel *self);
AstrixRecordingState astrix_channel_get_recording_state (AstrixChannel *self);

char       *astrix_unescape_caller_name         (const char    *escaped);

G_END_DECLS

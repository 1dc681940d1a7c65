/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-phone-call.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

/**
 * AstrixPlaybackState:
 * @ASTRIX_PLAYBACK_NEW: not started
 * @ASTRIX_PLAYBACK_REQUESTED: the Originate is on its way
 * @ASTRIX_PLAYBACK_RINGING: the supervisor's phone rings
 * @ASTRIX_PLAYBACK_PLAYING: answered; the PBX plays the recording
 * @ASTRIX_PLAYBACK_PAUSED: paused (ControlPlayback `pause`)
 * @ASTRIX_PLAYBACK_STOPPING: stopping and hanging up
 * @ASTRIX_PLAYBACK_ENDED: over, normally (see #AstrixPhonePlayback:end-reason)
 * @ASTRIX_PLAYBACK_FAILED: could not play (see #AstrixPhonePlayback:end-reason and the error)
 */
typedef enum
{
  ASTRIX_PLAYBACK_NEW,
  ASTRIX_PLAYBACK_REQUESTED,
  ASTRIX_PLAYBACK_RINGING,
  ASTRIX_PLAYBACK_PLAYING,
  ASTRIX_PLAYBACK_PAUSED,
  ASTRIX_PLAYBACK_STOPPING,
  ASTRIX_PLAYBACK_ENDED,
  ASTRIX_PLAYBACK_FAILED,
} AstrixPlaybackState;

/**
 * AstrixPlaybackControl:
 * @ASTRIX_PLAYBACK_CONTROL_PAUSE: pause, or go on after a pause
 * @ASTRIX_PLAYBACK_CONTROL_FORWARD: skip 3 s forward
 * @ASTRIX_PLAYBACK_CONTROL_REVERSE: skip 3 s back
 * @ASTRIX_PLAYBACK_CONTROL_RESTART: start over
 * @ASTRIX_PLAYBACK_CONTROL_STOP: stop and hang up
 *
 * The controls of Asterisk's `ControlPlayback` action.
 */
typedef enum
{
  ASTRIX_PLAYBACK_CONTROL_PAUSE,
  ASTRIX_PLAYBACK_CONTROL_FORWARD,
  ASTRIX_PLAYBACK_CONTROL_REVERSE,
  ASTRIX_PLAYBACK_CONTROL_RESTART,
  ASTRIX_PLAYBACK_CONTROL_STOP,
} AstrixPlaybackControl;

/* ControlPlayback's skipms: how far forward and reverse go */
#define ASTRIX_PLAYBACK_SKIP_MS 3000

#define ASTRIX_TYPE_PHONE_PLAYBACK (astrix_phone_playback_get_type ())

G_DECLARE_FINAL_TYPE (AstrixPhonePlayback, astrix_phone_playback, ASTRIX, PHONE_PLAYBACK, GObject)

AstrixPhonePlayback *astrix_phone_playback_new            (AmiClient             *client,
                                                           AstrixServerConfig    *config,
                                                           const char            *recording);
gboolean             astrix_phone_playback_start          (AstrixPhonePlayback   *self,
                                                           GError               **error);
gboolean             astrix_phone_playback_control        (AstrixPhonePlayback   *self,
                                                           AstrixPlaybackControl  control,
                                                           GError               **error);
gboolean             astrix_phone_playback_seek           (AstrixPhonePlayback   *self,
                                                           gint64                 position_ms,
                                                           GError               **error);
void                 astrix_phone_playback_hangup         (AstrixPhonePlayback   *self);
gboolean             astrix_phone_playback_is_running     (AstrixPhonePlayback   *self);
AstrixPlaybackState  astrix_phone_playback_get_state      (AstrixPhonePlayback   *self);
gint64               astrix_phone_playback_get_position   (AstrixPhonePlayback   *self);
gint64               astrix_phone_playback_get_duration   (AstrixPhonePlayback   *self);
void                 astrix_phone_playback_set_duration   (AstrixPhonePlayback   *self,
                                                           gint64                 duration_ms);
const char          *astrix_phone_playback_get_recording  (AstrixPhonePlayback   *self);
const char          *astrix_phone_playback_get_pbx_file   (AstrixPhonePlayback   *self);
AstrixPhoneCall     *astrix_phone_playback_get_call       (AstrixPhonePlayback   *self);
const char          *astrix_phone_playback_describe_state (AstrixPhonePlayback   *self);

const char          *astrix_playback_control_to_string    (AstrixPlaybackControl  control);
gboolean             astrix_playback_control_from_string  (const char            *text,
                                                           AstrixPlaybackControl *control);

G_END_DECLS

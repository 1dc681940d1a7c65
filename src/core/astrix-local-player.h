/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-recording.h"

G_BEGIN_DECLS

/**
 * AstrixPlayerState:
 * @ASTRIX_PLAYER_EMPTY: nothing is open
 * @ASTRIX_PLAYER_LOADING: opening the recording
 * @ASTRIX_PLAYER_PAUSED: open, not playing
 * @ASTRIX_PLAYER_PLAYING: playing
 * @ASTRIX_PLAYER_ENDED: played to the end
 * @ASTRIX_PLAYER_ERROR: cannot play (see #AstrixLocalPlayer:error-message)
 */
typedef enum
{
  ASTRIX_PLAYER_EMPTY,
  ASTRIX_PLAYER_LOADING,
  ASTRIX_PLAYER_PAUSED,
  ASTRIX_PLAYER_PLAYING,
  ASTRIX_PLAYER_ENDED,
  ASTRIX_PLAYER_ERROR,
} AstrixPlayerState;

#define ASTRIX_PLAYER_MIN_RATE 0.75
#define ASTRIX_PLAYER_MAX_RATE 2.0

#define ASTRIX_TYPE_LOCAL_PLAYER (astrix_local_player_get_type ())

G_DECLARE_FINAL_TYPE (AstrixLocalPlayer, astrix_local_player, ASTRIX, LOCAL_PLAYER, GObject)

AstrixLocalPlayer *astrix_local_player_new               (void);
void               astrix_local_player_open              (AstrixLocalPlayer     *self,
                                                          GFile                 *file,
                                                          AstrixRecordingFormat  format);
void               astrix_local_player_close             (AstrixLocalPlayer     *self);
void               astrix_local_player_play              (AstrixLocalPlayer     *self);
void               astrix_local_player_pause             (AstrixLocalPlayer     *self);
void               astrix_local_player_toggle            (AstrixLocalPlayer     *self);
void               astrix_local_player_seek              (AstrixLocalPlayer     *self,
                                                          gint64                 position_ms);
void               astrix_local_player_skip              (AstrixLocalPlayer     *self,
                                                          gint64                 delta_ms);
void               astrix_local_player_restart           (AstrixLocalPlayer     *self);
void               astrix_local_player_set_rate          (AstrixLocalPlayer     *self,
                                                          double                 rate);
AstrixPlayerState  astrix_local_player_get_state         (AstrixLocalPlayer     *self);
gint64             astrix_local_player_get_position      (AstrixLocalPlayer     *self);
gint64             astrix_local_player_get_duration      (AstrixLocalPlayer     *self);
GFile             *astrix_local_player_get_file          (AstrixLocalPlayer     *self);
const char        *astrix_local_player_get_error_message (AstrixLocalPlayer     *self);
const char        *astrix_local_player_get_end_reason    (AstrixLocalPlayer     *self);

G_END_DECLS

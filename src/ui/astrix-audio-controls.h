/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-audio-stream.h"
#include "astrix-monitor-session.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_AUDIO_CONTROLS (astrix_audio_controls_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAudioControls, astrix_audio_controls, ASTRIX, AUDIO_CONTROLS, GtkWidget)

void               astrix_audio_controls_set_session (AstrixAudioControls  *self,
                                                      AstrixMonitorSession *session);
void               astrix_audio_controls_set_stream  (AstrixAudioControls  *self,
                                                      AstrixAudioStream    *stream);

G_END_DECLS

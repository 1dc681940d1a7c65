/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* Environment variables that replace the desktop's audio devices (gst-launch descriptions). */
#define ASTRIX_AUDIO_SINK_ENV   "ASTRIX_AUDIO_SINK"
#define ASTRIX_AUDIO_SOURCE_ENV "ASTRIX_AUDIO_SOURCE"

#define ASTRIX_TYPE_AUDIO_STREAM (astrix_audio_stream_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAudioStream, astrix_audio_stream, ASTRIX, AUDIO_STREAM, GObject)

AstrixAudioStream *astrix_audio_stream_new                    (GIOStream         *connection,
                                                               GError           **error);
void               astrix_audio_stream_start                  (AstrixAudioStream *self);
void               astrix_audio_stream_close                  (AstrixAudioStream *self);
const GError      *astrix_audio_stream_get_error              (AstrixAudioStream *self);

void               astrix_audio_stream_set_talking            (AstrixAudioStream *self,
                                                               gboolean           talking);
void               astrix_audio_stream_set_microphone_muted   (AstrixAudioStream *self,
                                                               gboolean           muted);
gboolean           astrix_audio_stream_get_microphone_muted   (AstrixAudioStream *self);
void               astrix_audio_stream_set_volume             (AstrixAudioStream *self,
                                                               double             volume);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-recording.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_RECORDING_PROBER (astrix_recording_prober_get_type ())

G_DECLARE_FINAL_TYPE (AstrixRecordingProber, astrix_recording_prober, ASTRIX, RECORDING_PROBER,
                      GObject)

AstrixRecordingProber *astrix_recording_prober_new      (GFile                 *root);
void                   astrix_recording_prober_request  (AstrixRecordingProber *self,
                                                         AstrixRecording       *recording);
void                   astrix_recording_prober_cancel   (AstrixRecordingProber *self,
                                                         AstrixRecording       *recording);
void                   astrix_recording_prober_forget   (AstrixRecordingProber *self,
                                                         AstrixRecording       *recording);
void                   astrix_recording_prober_shutdown (AstrixRecordingProber *self);

G_END_DECLS

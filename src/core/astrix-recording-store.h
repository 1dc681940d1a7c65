/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-channel-store.h"
#include "astrix-recording.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_RECORDING_STORE (astrix_recording_store_get_type ())

G_DECLARE_FINAL_TYPE (AstrixRecordingStore, astrix_recording_store, ASTRIX, RECORDING_STORE,
                      GObject)

AstrixRecordingStore *astrix_recording_store_new_for_uri       (const char           *uri,
                                                                const char           *pbx_path);
GFile                *astrix_recording_store_get_root          (AstrixRecordingStore *self);
const char           *astrix_recording_store_get_pbx_path      (AstrixRecordingStore *self);
void                  astrix_recording_store_load              (AstrixRecordingStore *self);
void                  astrix_recording_store_refresh           (AstrixRecordingStore *self);
gboolean              astrix_recording_store_get_loading       (AstrixRecordingStore *self);
const char           *astrix_recording_store_get_error         (AstrixRecordingStore *self);
char                **astrix_recording_store_dup_folders       (AstrixRecordingStore *self);
AstrixRecording      *astrix_recording_store_lookup_file       (AstrixRecordingStore *self,
                                                                GFile                *file);
AstrixRecording      *astrix_recording_store_lookup_pbx_path   (AstrixRecordingStore *self,
                                                                const char           *pbx_path);
void                  astrix_recording_store_request_duration  (AstrixRecordingStore *self,
                                                                AstrixRecording      *recording);
void                  astrix_recording_store_cancel_duration   (AstrixRecordingStore *self,
                                                                AstrixRecording      *recording);
void                  astrix_recording_store_set_channel_store (AstrixRecordingStore *self,
                                                                AstrixChannelStore   *channels);

G_END_DECLS

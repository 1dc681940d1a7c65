/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * AstrixRecordingStatus:
 * @ASTRIX_RECORDING_STATUS_UNKNOWN: listed, not looked into yet (durations are read lazily)
 * @ASTRIX_RECORDING_STATUS_PROBING: its header is being read
 * @ASTRIX_RECORDING_STATUS_OK: readable, and this computer can decode it
 * @ASTRIX_RECORDING_STATUS_VANISHED: it was listed but is gone from the folder
 * @ASTRIX_RECORDING_STATUS_UNREADABLE: it cannot be read (permissions, a broken link, an I/O
 *   error, a damaged header)
 * @ASTRIX_RECORDING_STATUS_UNDECODABLE: readable, but this computer cannot decode its format
 *   (the PBX may still play it on the phone)
 * @ASTRIX_RECORDING_STATUS_OUTSIDE: a link that leads outside the recordings folder; never
 *   played nor sent
 *
 * See #AstrixRecording:problem for the reason in words.
 */
typedef enum
{
  ASTRIX_RECORDING_STATUS_UNKNOWN,
  ASTRIX_RECORDING_STATUS_PROBING,
  ASTRIX_RECORDING_STATUS_OK,
  ASTRIX_RECORDING_STATUS_VANISHED,
  ASTRIX_RECORDING_STATUS_UNREADABLE,
  ASTRIX_RECORDING_STATUS_UNDECODABLE,
  ASTRIX_RECORDING_STATUS_OUTSIDE,
} AstrixRecordingStatus;

/**
 * AstrixRecordingFormat:
 * @ASTRIX_RECORDING_FORMAT_UNKNOWN: not known yet, or not an audio format we know
 * @ASTRIX_RECORDING_FORMAT_WAV_PCM: WAV, 16-bit linear PCM (Asterisk's `wav`)
 * @ASTRIX_RECORDING_FORMAT_WAV_ULAW: WAV, G.711 µ-law
 * @ASTRIX_RECORDING_FORMAT_WAV_ALAW: WAV, G.711 a-law
 * @ASTRIX_RECORDING_FORMAT_WAV_GSM: WAV49: GSM 6.10 in WAV (Asterisk's `wav49`, `.WAV`)
 * @ASTRIX_RECORDING_FORMAT_WAV_OTHER: WAV with another codec
 * @ASTRIX_RECORDING_FORMAT_GSM: raw GSM 6.10 frames (`.gsm`)
 * @ASTRIX_RECORDING_FORMAT_ULAW: raw µ-law (`.ulaw`, `.ul`)
 * @ASTRIX_RECORDING_FORMAT_ALAW: raw a-law (`.alaw`, `.al`)
 * @ASTRIX_RECORDING_FORMAT_SLIN: raw 16-bit linear at 8 kHz (`.sln`, `.raw`)
 * @ASTRIX_RECORDING_FORMAT_MP3: MP3
 * @ASTRIX_RECORDING_FORMAT_OGG: Ogg (Opus or Vorbis)
 */
typedef enum
{
  ASTRIX_RECORDING_FORMAT_UNKNOWN,
  ASTRIX_RECORDING_FORMAT_WAV_PCM,
  ASTRIX_RECORDING_FORMAT_WAV_ULAW,
  ASTRIX_RECORDING_FORMAT_WAV_ALAW,
  ASTRIX_RECORDING_FORMAT_WAV_GSM,
  ASTRIX_RECORDING_FORMAT_WAV_OTHER,
  ASTRIX_RECORDING_FORMAT_GSM,
  ASTRIX_RECORDING_FORMAT_ULAW,
  ASTRIX_RECORDING_FORMAT_ALAW,
  ASTRIX_RECORDING_FORMAT_SLIN,
  ASTRIX_RECORDING_FORMAT_MP3,
  ASTRIX_RECORDING_FORMAT_OGG,
} AstrixRecordingFormat;

#define ASTRIX_TYPE_RECORDING (astrix_recording_get_type ())

G_DECLARE_FINAL_TYPE (AstrixRecording, astrix_recording, ASTRIX, RECORDING, GObject)

GFile                 *astrix_recording_dup_file          (AstrixRecording  *self);
char                  *astrix_recording_dup_uri           (AstrixRecording  *self);
const char            *astrix_recording_get_relative_path (AstrixRecording  *self);
const char            *astrix_recording_get_name          (AstrixRecording  *self);
const char            *astrix_recording_get_folder        (AstrixRecording  *self);
guint64                astrix_recording_get_size          (AstrixRecording  *self);
gint64                 astrix_recording_get_date          (AstrixRecording  *self);
const char            *astrix_recording_get_uniqueid      (AstrixRecording  *self);
const char            *astrix_recording_get_caller        (AstrixRecording  *self);
void                   astrix_recording_set_caller        (AstrixRecording  *self,
                                                           const char       *caller);
gint64                 astrix_recording_get_duration      (AstrixRecording  *self);
AstrixRecordingFormat  astrix_recording_get_format        (AstrixRecording  *self);
AstrixRecordingStatus  astrix_recording_get_status        (AstrixRecording  *self);
const char            *astrix_recording_get_problem       (AstrixRecording  *self);
const char            *astrix_recording_get_live_channel  (AstrixRecording  *self);
const char            *astrix_recording_get_search_key    (AstrixRecording  *self);
gboolean               astrix_recording_check_inside      (AstrixRecording  *self,
                                                           GError          **error);

gboolean               astrix_recording_is_audio_name     (const char       *name);

gboolean               astrix_recording_validate_pbx_name (const char       *name,
                                                           GError          **error);
char                  *astrix_recording_map_to_pbx        (GFile            *root,
                                                           const char       *pbx_root,
                                                           GFile            *file,
                                                           GError          **error);
GFile                 *astrix_recording_map_from_pbx      (GFile            *root,
                                                           const char       *pbx_root,
                                                           const char       *pbx_path);
GFile                 *astrix_recording_resolve           (GFile            *root,
                                                           const char       *pbx_root,
                                                           const char       *text,
                                                           GError          **error);

G_END_DECLS

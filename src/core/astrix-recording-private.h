/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-recording.h"

G_BEGIN_DECLS

/* What the header of a recording says. */
typedef struct
{
  AstrixRecordingFormat format;
  gint64                duration_ms;  /* -1 when the header does not tell */
  guint                 wav_tag;      /* the WAV format tag, for WAV_OTHER */
  guint                 rate;
  guint                 channels;
} AstrixRecordingHeader;

/* How many bytes of a file _astrix_recording_parse_header() wants to see. */
#define ASTRIX_RECORDING_HEADER_BYTES 4096

AstrixRecording       *_astrix_recording_new            (GFile                 *root,
                                                         const char            *relative_path,
                                                         GFileInfo             *info);
gboolean               _astrix_recording_update_info    (AstrixRecording       *self,
                                                         GFileInfo             *info);
void                   _astrix_recording_set_status     (AstrixRecording       *self,
                                                         AstrixRecordingStatus  status,
                                                         const char            *problem);
void                   _astrix_recording_set_probed     (AstrixRecording       *self,
                                                         AstrixRecordingFormat  format,
                                                         gint64                 duration_ms);
void                   _astrix_recording_set_live_channel (AstrixRecording       *self,
                                                           const char            *channel);
gboolean               _astrix_recording_matches        (AstrixRecording       *self,
                                                         const char            *needle);
gboolean               _astrix_recording_parse_name     (const char            *basename,
                                                         gint64                *date,
                                                         char                 **uniqueid,
                                                         char                 **caller);
AstrixRecordingFormat  _astrix_recording_format_from_name (const char          *basename);
gboolean               _astrix_recording_parse_header   (const guint8          *data,
                                                         gsize                  len,
                                                         guint64                file_size,
                                                         AstrixRecordingFormat  guess,
                                                         AstrixRecordingHeader *header,
                                                         char                 **problem);
gboolean               _astrix_recording_can_decode     (AstrixRecordingFormat  format,
                                                         guint                  wav_tag,
                                                         char                 **problem);
gboolean               _astrix_recording_check_inside   (GFile                 *root,
                                                         GFile                 *file,
                                                         GError               **error);
char                  *_astrix_recording_pbx_path       (const char            *pbx_root,
                                                         const char            *name);
gboolean               _astrix_recording_is_raw_format  (AstrixRecordingFormat  format);
char                  *_astrix_recording_raw_caps       (AstrixRecordingFormat  format);
gint64                 _astrix_recording_raw_bytes_per_second (AstrixRecordingFormat format);

gint64 _astrix_recording_get_modified (AstrixRecording *self);  /* for tests */

G_END_DECLS

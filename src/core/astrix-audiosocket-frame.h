/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * AstrixAudioSocketKind:
 * @ASTRIX_AUDIOSOCKET_KIND_HANGUP: the other end hangs up (no payload)
 * @ASTRIX_AUDIOSOCKET_KIND_UUID: the session's UUID (16 bytes), Asterisk's first frame
 * @ASTRIX_AUDIOSOCKET_KIND_DTMF: one DTMF digit (1 byte, ASCII)
 * @ASTRIX_AUDIOSOCKET_KIND_AUDIO: signed 16-bit little-endian mono PCM at 8 kHz
 * @ASTRIX_AUDIOSOCKET_KIND_ERROR: an error (an optional code)
 *
 * The frame kinds of Asterisk's AudioSocket protocol (capture 25). Each frame is a 3-byte
 * header, the kind and the payload length (big-endian), then the payload.
 */
typedef enum
{
  ASTRIX_AUDIOSOCKET_KIND_HANGUP = 0x00,
  ASTRIX_AUDIOSOCKET_KIND_UUID   = 0x01,
  ASTRIX_AUDIOSOCKET_KIND_DTMF   = 0x03,
  ASTRIX_AUDIOSOCKET_KIND_AUDIO  = 0x10,
  ASTRIX_AUDIOSOCKET_KIND_ERROR  = 0xff,
} AstrixAudioSocketKind;

#define ASTRIX_AUDIOSOCKET_HEADER_SIZE    3
#define ASTRIX_AUDIOSOCKET_UUID_SIZE      16
#define ASTRIX_AUDIOSOCKET_SAMPLE_RATE    8000
/* 20 ms of audio, what Asterisk sends in each frame */
#define ASTRIX_AUDIOSOCKET_FRAME_SAMPLES  160
#define ASTRIX_AUDIOSOCKET_FRAME_BYTES    320
#define ASTRIX_AUDIOSOCKET_FRAME_USEC     20000
/* The largest payload a parser accepts unless told otherwise: 256 ms of audio. */
#define ASTRIX_AUDIOSOCKET_DEFAULT_MAX_PAYLOAD 4096

#define ASTRIX_AUDIOSOCKET_FRAME_ERROR (astrix_audiosocket_frame_error_quark ())

/**
 * AstrixAudioSocketFrameError:
 * @ASTRIX_AUDIOSOCKET_FRAME_ERROR_OVERSIZED: a payload longer than the parser's limit (skipped)
 * @ASTRIX_AUDIOSOCKET_FRAME_ERROR_MALFORMED: a payload of a length its kind cannot have, such
 *   as a UUID that is not 16 bytes (skipped)
 * @ASTRIX_AUDIOSOCKET_FRAME_ERROR_TRUNCATED: the stream ended inside a frame
 */
typedef enum
{
  ASTRIX_AUDIOSOCKET_FRAME_ERROR_OVERSIZED,
  ASTRIX_AUDIOSOCKET_FRAME_ERROR_MALFORMED,
  ASTRIX_AUDIOSOCKET_FRAME_ERROR_TRUNCATED,
} AstrixAudioSocketFrameError;

typedef struct _AstrixAudioSocketParser AstrixAudioSocketParser;

/**
 * AstrixAudioSocketFrameFunc:
 * @kind: the frame's kind (an #AstrixAudioSocketKind, or another value Asterisk may add)
 * @payload: (array length=length): the payload, valid during the call only
 */
typedef void (*AstrixAudioSocketFrameFunc) (guint8        kind,
                                            const guint8 *payload,
                                            gsize         length,
                                            gpointer      user_data);
typedef void (*AstrixAudioSocketErrorFunc) (const GError *error,
                                            gpointer      user_data);

GQuark   astrix_audiosocket_frame_error_quark      (void);

AstrixAudioSocketParser *
         astrix_audiosocket_parser_new             (AstrixAudioSocketFrameFunc  frame_func,
                                                    AstrixAudioSocketErrorFunc  error_func,
                                                    gpointer                    user_data);
void     astrix_audiosocket_parser_free            (AstrixAudioSocketParser    *self);
void     astrix_audiosocket_parser_feed            (AstrixAudioSocketParser    *self,
                                                    const guint8               *data,
                                                    gsize                       length);
gboolean astrix_audiosocket_parser_finish          (AstrixAudioSocketParser    *self);

gsize    astrix_audiosocket_frame_write            (guint8                      kind,
                                                    const guint8               *payload,
                                                    gsize                       length,
                                                    guint8                     *out,
                                                    gsize                       out_size);

gboolean astrix_audiosocket_uuid_parse             (const char                 *text,
                                                    guint8                      uuid[16]);
char    *astrix_audiosocket_uuid_to_string         (const guint8                uuid[16]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AstrixAudioSocketParser, astrix_audiosocket_parser_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/app/app.h>

#include "astrix-audio-stream.h"
#include "astrix-audiosocket-frame.h"

G_BEGIN_DECLS

/* What the object and its two socket threads share; the lock guards the fields after it. */
typedef struct _AstrixAudioState AstrixAudioState;

struct _AstrixAudioState
{
  gatomicrefcount  ref_count;
  GMainContext    *context;       /* the object's */
  GWeakRef         owner;
  GSocket         *socket;        /* non-blocking; both threads wait on it */
  GCancellable    *cancellable;   /* cancelled when we close: wakes both threads */
  GstElement      *playback;      /* the pipeline, for its clock */
  GstAppSrc       *appsrc;

  GMutex           lock;
  GCond            cond;          /* wakes the writer when closing */
  gboolean         closing;       /* we close */
  gboolean         ended;         /* it is over, for either reason */
  GError          *end_error;     /* why, when not by us */
  gboolean         end_posted;
  gboolean         talking;
  gboolean         muted;
  GByteArray      *mic;           /* captured audio not sent yet */
  gsize            mic_chunk;     /* the largest buffer the microphone gave (bounded) */
  gboolean         mic_primed;    /* enough is buffered to send from it without running dry */
  double           playback_peak; /* RMS of the loudest frame since the meter last looked */
  double           capture_peak;
  guint            frames_in;
  guint            frames_out;

  /* The reader's own */
  AstrixAudioSocketParser *parser;
  GstClockTime     next_pts;
  gboolean         anchored;
  gint64           last_audio_at; /* monotonic; 0 before the first frame */
};

AstrixAudioState *_astrix_audio_state_new        (GObject          *owner,
                                                  GSocket          *socket);
AstrixAudioState *_astrix_audio_state_ref        (AstrixAudioState *state);
void              _astrix_audio_state_unref      (AstrixAudioState *state);
gpointer          _astrix_audio_reader_thread    (gpointer          data);
gpointer          _astrix_audio_writer_thread    (gpointer          data);
GstFlowReturn     _astrix_audio_on_mic_sample    (GstAppSink       *sink,
                                                  gpointer          data);

/* Defined with the object: tells it, on its main context, that the stream is over. */
void              _astrix_audio_stream_ended     (AstrixAudioState *state);

/* For tests: what the properties say, and what the stream has done */
gboolean          _astrix_audio_stream_is_closed              (AstrixAudioStream *self);
gboolean          _astrix_audio_stream_get_talking            (AstrixAudioStream *self);
gboolean          _astrix_audio_stream_get_microphone_open    (AstrixAudioStream *self);
double            _astrix_audio_stream_get_volume             (AstrixAudioStream *self);
double            _astrix_audio_stream_get_playback_level     (AstrixAudioStream *self);
double            _astrix_audio_stream_get_capture_level      (AstrixAudioStream *self);
guint             _astrix_audio_stream_get_n_frames_received  (AstrixAudioStream *self);
GstElement       *_astrix_audio_stream_get_playback_pipeline  (AstrixAudioStream *self);

G_END_DECLS

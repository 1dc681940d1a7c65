/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-audio"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-audio-stream-private.h"

/*
 * The socket side of an AstrixAudioStream: the reader and writer threads and the state they
 * share with the object (see astrix-audio-stream.c for the design). Nothing here touches the
 * object itself: it hears that the stream ended through _astrix_audio_stream_ended().
 */

#define TARGET_LEAD     (60 * GST_MSECOND)  /* how far ahead of the clock a frame is played */
#define MIN_LEAD        (10 * GST_MSECOND)  /* closer than this: re-anchor */
#define MAX_LEAD        (100 * GST_MSECOND) /* further than this: drop the frame */
#define STALL_USEC      (3 * G_USEC_PER_SEC) /* no audio this long after some: the PBX is gone */
#define WAIT_USEC       (250 * 1000)
#define WRITE_USEC      (1 * G_USEC_PER_SEC)
#define RESYNC_USEC     (100 * 1000)        /* the pacer this late: start again, no burst */
#define MIC_MAX_CHUNK   (10 * ASTRIX_AUDIOSOCKET_FRAME_BYTES) /* 200 ms: a source's buffers */

/* The shared state */

AstrixAudioState *
_astrix_audio_state_ref (AstrixAudioState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

void
_astrix_audio_state_unref (AstrixAudioState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;
  g_main_context_unref (state->context);
  g_weak_ref_clear (&state->owner);
  g_clear_object (&state->socket);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->playback);
  g_clear_object (&state->appsrc);
  g_mutex_clear (&state->lock);
  g_cond_clear (&state->cond);
  g_clear_error (&state->end_error);
  g_byte_array_unref (state->mic);
  astrix_audiosocket_parser_free (state->parser);
  g_free (state);
}

/* It is over: the first reason wins; the object hears of it on its main context. */
static void
state_end (AstrixAudioState *state,
           GError           *error)
{
  gboolean post;

  g_mutex_lock (&state->lock);
  if (!state->ended)
    {
      state->ended = TRUE;
      if (!state->closing)
        state->end_error = g_steal_pointer (&error);
    }
  post = !state->end_posted && !state->closing;
  state->end_posted = TRUE;
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->lock);
  g_clear_error (&error);
  if (post)
    _astrix_audio_stream_ended (state);
}

static gboolean
state_is_over (AstrixAudioState *state)
{
  gboolean over;

  g_mutex_lock (&state->lock);
  over = state->ended || state->closing;
  g_mutex_unlock (&state->lock);
  return over;
}

/* A socket error, as a sentence for the supervisor. */
static GError *
lost (GError *error)
{
  GError *sentence = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                  _("The call’s audio connection was lost (%s)."),
                                  error->message);

  g_error_free (error);
  return sentence;
}

/* RMS of S16LE samples, 0 to 1 */
static double
rms (const guint8 *pcm,
     gsize         length)
{
  double sum = 0;
  gsize n = length / 2;

  for (gsize i = 0; i < n; i++)
    {
      double v = (gint16) (pcm[2 * i] | (pcm[2 * i + 1] << 8)) / 32768.0;

      sum += v * v;
    }
  return n > 0 ? sqrt (sum / n) : 0;
}

/* The reader: Asterisk -> the desktop's speakers */

static void
play_audio (AstrixAudioState *state,
            const guint8     *pcm,
            gsize             length)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (state->playback);
  GstClockTime duration = gst_util_uint64_scale (length / 2, GST_SECOND,
                                                 ASTRIX_AUDIOSOCKET_SAMPLE_RATE);
  GstClockTime now;
  GstBuffer *buffer;

  /* Before the pipeline plays there is no clock to stamp against: such a frame is lost. */
  if (clock == NULL)
    return;
  now = gst_clock_get_time (clock) - gst_element_get_base_time (state->playback);
  if (!state->anchored || state->next_pts < now + MIN_LEAD)
    {
      if (state->anchored)
        g_debug ("audio frame late by %" G_GINT64_FORMAT " ms: re-anchored",
                 (gint64) (now + MIN_LEAD - state->next_pts) / GST_MSECOND);
      state->next_pts = now + TARGET_LEAD;
      state->anchored = TRUE;
    }
  else if (state->next_pts > now + MAX_LEAD)
    return;

  buffer = gst_buffer_new_memdup (pcm, length);
  GST_BUFFER_PTS (buffer) = state->next_pts;
  GST_BUFFER_DURATION (buffer) = duration;
  state->next_pts += duration;
  gst_app_src_push_buffer (state->appsrc, buffer);
}

static void
on_frame (guint8        kind,
          const guint8 *payload,
          gsize         length,
          gpointer      data)
{
  AstrixAudioState *state = data;
  double level;

  switch (kind)
    {
    case ASTRIX_AUDIOSOCKET_KIND_AUDIO:
      level = rms (payload, length);
      play_audio (state, payload, length);
      state->last_audio_at = g_get_monotonic_time ();
      g_mutex_lock (&state->lock);
      state->frames_in++;
      state->playback_peak = MAX (state->playback_peak, level);
      g_mutex_unlock (&state->lock);
      break;
    case ASTRIX_AUDIOSOCKET_KIND_HANGUP:
      state_end (state, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                             _("The PBX hung up the call’s audio.")));
      break;
    case ASTRIX_AUDIOSOCKET_KIND_ERROR:
      state_end (state, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                             _("The PBX reported an error on the call’s "
                                               "audio.")));
      break;
    default:
      /* DTMF (PlayDTMF without Receive), a repeated UUID, kinds of newer versions: nothing
       * to play. */
      break;
    }
}

static void
on_frame_error (const GError *error,
                gpointer      data)
{
  AstrixAudioState *state = data;

  g_debug ("%s", error->message);
  state_end (state, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 _("The PBX sent audio this app does not understand (%s)."),
                                 error->message));
}

/* Returns: FALSE when the reader should stop */
static gboolean
read_once (AstrixAudioState *state,
           guint8           *buffer,
           gsize             size)
{
  g_autoptr(GError) error = NULL;
  gssize n;

  if (!g_socket_condition_timed_wait (state->socket, G_IO_IN, WAIT_USEC, state->cancellable,
                                      &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          state_end (state, lost (g_steal_pointer (&error)));
          return FALSE;
        }
      if (state->last_audio_at != 0 && g_get_monotonic_time () - state->last_audio_at > STALL_USEC)
        {
          state_end (state, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                 _("The PBX stopped sending the call’s "
                                                   "audio.")));
          return FALSE;
        }
      return TRUE;
    }
  n = g_socket_receive_with_blocking (state->socket, (char *) buffer, size, FALSE,
                                      state->cancellable, &error);
  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return TRUE;
      state_end (state, lost (g_steal_pointer (&error)));
      return FALSE;
    }
  if (n == 0)
    {
      astrix_audiosocket_parser_finish (state->parser);
      state_end (state, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                             _("The PBX closed the call’s audio connection.")));
      return FALSE;
    }
  astrix_audiosocket_parser_feed (state->parser, buffer, n);
  return TRUE;
}

gpointer
_astrix_audio_reader_thread (gpointer data)
{
  AstrixAudioState *state = data;
  guint8 buffer[4096];

  while (!state_is_over (state) && read_once (state, buffer, sizeof buffer))
    ;
  _astrix_audio_state_unref (state);
  return NULL;
}

/* The writer: the desktop -> Asterisk, one frame every 20 ms */

static gboolean
send_all (AstrixAudioState  *state,
          const guint8      *data,
          gsize              length,
          GError           **error)
{
  while (length > 0)
    {
      gssize n;

      if (!g_socket_condition_timed_wait (state->socket, G_IO_OUT, WRITE_USEC,
                                          state->cancellable, error))
        return FALSE;
      n = g_socket_send_with_blocking (state->socket, (const char *) data, length, FALSE,
                                       state->cancellable, error);
      if (n < 0)
        {
          if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return FALSE;
          g_clear_error (error);
          continue;
        }
      data += n;
      length -= n;
    }
  return TRUE;
}

/*
 * Called with the lock held: the next 20 ms to send, the microphone's or silence.
 *
 * Sources deliver in chunks (a sound server's 10 ms, a test source's 128 ms); sent at our own
 * 20 ms pace, chunks would leave holes. So after running dry the microphone's audio is sent
 * again only once a chunk and a frame are buffered: one chunk of latency, no holes.
 */
static void
next_payload (AstrixAudioState *state,
              guint8            payload[ASTRIX_AUDIOSOCKET_FRAME_BYTES])
{
  gboolean talking = state->talking && !state->muted;

  if (talking && !state->mic_primed &&
      state->mic->len >= state->mic_chunk + ASTRIX_AUDIOSOCKET_FRAME_BYTES)
    state->mic_primed = TRUE;
  if (!talking || !state->mic_primed || state->mic->len < ASTRIX_AUDIOSOCKET_FRAME_BYTES)
    {
      state->mic_primed = FALSE;
      memset (payload, 0, ASTRIX_AUDIOSOCKET_FRAME_BYTES);
      return;
    }
  memcpy (payload, state->mic->data, ASTRIX_AUDIOSOCKET_FRAME_BYTES);
  g_byte_array_remove_range (state->mic, 0, ASTRIX_AUDIOSOCKET_FRAME_BYTES);
  state->capture_peak = MAX (state->capture_peak,
                             rms (payload, ASTRIX_AUDIOSOCKET_FRAME_BYTES));
}

gpointer
_astrix_audio_writer_thread (gpointer data)
{
  AstrixAudioState *state = data;
  gint64 start = g_get_monotonic_time ();
  guint64 n = 0;
  gboolean by_us;
  static const guint8 hangup[] = { ASTRIX_AUDIOSOCKET_KIND_HANGUP, 0, 0 };

  g_mutex_lock (&state->lock);
  while (!state->closing && !state->ended)
    {
      gint64 deadline = start + (gint64) n * ASTRIX_AUDIOSOCKET_FRAME_USEC;
      guint8 frame[ASTRIX_AUDIOSOCKET_HEADER_SIZE + ASTRIX_AUDIOSOCKET_FRAME_BYTES];
      guint8 payload[ASTRIX_AUDIOSOCKET_FRAME_BYTES];
      g_autoptr(GError) error = NULL;
      gint64 now;

      if (g_get_monotonic_time () < deadline)
        {
          g_cond_wait_until (&state->cond, &state->lock, deadline);
          continue;
        }
      now = g_get_monotonic_time ();
      if (now - deadline > RESYNC_USEC)
        {
          /* We were held up: carry on from now rather than send a burst. */
          start = now;
          n = 0;
        }
      next_payload (state, payload);
      g_mutex_unlock (&state->lock);

      astrix_audiosocket_frame_write (ASTRIX_AUDIOSOCKET_KIND_AUDIO, payload, sizeof payload,
                                      frame, sizeof frame);
      if (!send_all (state, frame, sizeof frame, &error))
        {
          state_end (state, lost (g_steal_pointer (&error)));
          g_mutex_lock (&state->lock);
          break;
        }
      g_mutex_lock (&state->lock);
      state->frames_out++;
      n++;
    }
  by_us = state->closing && state->end_error == NULL && !state->ended;
  g_mutex_unlock (&state->lock);

  /* Hanging up ourselves: say so (00 00 00), without waiting on a peer that may be gone. */
  if (by_us)
    g_socket_send_with_blocking (state->socket, (const char *) hangup, sizeof hangup, FALSE,
                                 NULL, NULL);
  _astrix_audio_state_unref (state);
  return NULL;
}

/* The microphone's samples, from its streaming thread */

GstFlowReturn
_astrix_audio_on_mic_sample (GstAppSink *sink,
                             gpointer    data)
{
  AstrixAudioState *state = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  GstMapInfo map;
  gsize limit;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  g_mutex_lock (&state->lock);
  g_byte_array_append (state->mic, map.data, map.size & ~(gsize) 1);
  state->mic_chunk = MAX (state->mic_chunk, MIN (map.size, MIC_MAX_CHUNK));
  /* Bounded: what is older than two chunks would only delay the supervisor's voice. */
  limit = 2 * (state->mic_chunk + ASTRIX_AUDIOSOCKET_FRAME_BYTES);
  if (state->mic->len > limit)
    g_byte_array_remove_range (state->mic, 0, state->mic->len - limit);
  g_mutex_unlock (&state->lock);
  gst_buffer_unmap (buffer, &map);
  return GST_FLOW_OK;
}

/* The state of a stream on @socket, owned by @owner; frames are parsed as they arrive. */
AstrixAudioState *
_astrix_audio_state_new (GObject *owner,
                         GSocket *socket)
{
  AstrixAudioState *state = g_new0 (AstrixAudioState, 1);

  g_atomic_ref_count_init (&state->ref_count);
  state->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&state->owner, owner);
  state->socket = g_object_ref (socket);
  g_socket_set_blocking (state->socket, FALSE);
  state->cancellable = g_cancellable_new ();
  g_mutex_init (&state->lock);
  g_cond_init (&state->cond);
  state->mic = g_byte_array_new ();
  state->parser = astrix_audiosocket_parser_new (on_frame, on_frame_error, state);
  return state;
}

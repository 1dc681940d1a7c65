/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-audio"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/app/app.h>
#include <gst/audio/audio.h>

#include "astrix-audio-stream-private.h"

/*
 * The audio of one AudioSocket session on this desktop.
 *
 * Asterisk -> desktop: 20 ms frames of 8 kHz S16LE mono, pushed into a live appsrc ->
 * audioconvert -> audioresample -> volume -> the desktop's sink. The jitter buffer is the
 * timestamps: the first frame is stamped TARGET_LEAD ahead of the pipeline's clock and each
 * next one 20 ms after the last, so the sink plays them evenly however they arrive; a frame
 * that comes too late for its slot re-anchors the stream (a gap), one too far ahead is
 * dropped, which keeps the added latency bounded.
 *
 * Desktop -> Asterisk: exactly one 20 ms frame every 20 ms of our own clock, from the moment
 * the connection is ours: the microphone's audio while talking (whisper, barge) and not muted,
 * silence otherwise. That steady stream is not optional: chan_audiosocket has no timer of its
 * own, so ChanSpy's audio towards us is clocked by what we send (capture 25: each frame from
 * Asterisk follows one of ours by about 1.4 ms), and without media coming back Asterisk is
 * slow to notice a hang-up. Only audio (0x10) and hangup (0x00) frames are ever written: any
 * other kind makes Asterisk drop the channel.
 *
 * The socket is served by two threads with blocking waits, so a busy main loop (a storm of
 * channel events) cannot make gaps: a reader (socket -> parser -> appsrc) and a writer (the
 * 20 ms pacer), in astrix-audio-stream-io.c. They share a refcounted AstrixAudioState with
 * the object; the object is reached from them only through a weak reference, in callbacks on
 * its own main context. The microphone runs only while its audio is sent, so the desktop shows
 * it in use exactly then.
 */

#define METER_MS        50
#define METER_FLOOR_DB  -60.0

struct _AstrixAudioStream
{
  GObject          parent_instance;

  GIOStream       *connection;
  AstrixAudioState *state;
  GThread         *reader;
  GThread         *writer;
  GstElement      *playback;
  GstElement      *volume;
  GstElement      *capture;
  guint            playback_watch;
  guint            capture_watch;
  guint            meter_id;

  gboolean         started;
  gboolean         closed;
  GError          *error;
  gboolean         talking;
  gboolean         muted;
  gboolean         mic_open;
  double           volume_value;
  double           playback_level;
  double           capture_level;
};

enum {
  PROP_0,
  PROP_TALKING,
  PROP_MICROPHONE_MUTED,
  PROP_MICROPHONE_OPEN,
  PROP_VOLUME,
  PROP_PLAYBACK_LEVEL,
  PROP_CAPTURE_LEVEL,
  PROP_CLOSED,
  N_PROPS
};

enum {
  CLOSED,
  WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixAudioStream, astrix_audio_stream, G_TYPE_OBJECT)


/* A meter's position for an RMS: -60 dBFS and below is 0, full scale 1. */
static double
meter_value (double level)
{
  double db;

  if (level <= 0)
    return 0;
  db = 20 * log10 (level);
  return CLAMP ((db - METER_FLOOR_DB) / -METER_FLOOR_DB, 0.0, 1.0);
}

/* The object, on its main context */

static gboolean
ended_cb (gpointer data)
{
  AstrixAudioState *state = data;
  g_autoptr(AstrixAudioStream) self = g_weak_ref_get (&state->owner);
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->closed)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&state->lock);
  error = g_steal_pointer (&state->end_error);
  g_mutex_unlock (&state->lock);
  if (error == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                 _("The PBX closed the call’s audio connection."));
  g_debug ("audio stream ended: %s", error->message);
  self->error = g_steal_pointer (&error);
  astrix_audio_stream_close (self);
  return G_SOURCE_REMOVE;
}

/* Always through a source: g_main_context_invoke() could run it here, in the thread. */
void
_astrix_audio_stream_ended (AstrixAudioState *state)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, ended_cb, _astrix_audio_state_ref (state),
                         (GDestroyNotify) _astrix_audio_state_unref);
  g_source_attach (source, state->context);
}

static void
set_level (AstrixAudioStream *self,
           double            *field,
           double             value,
           guint              prop)
{
  if (fabs (*field - value) < 0.005)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
meter_tick (gpointer data)
{
  AstrixAudioStream *self = data;
  AstrixAudioState *state = self->state;
  double playback, capture;

  g_mutex_lock (&state->lock);
  playback = state->playback_peak;
  capture = state->capture_peak;
  state->playback_peak = state->capture_peak = 0;
  g_mutex_unlock (&state->lock);
  set_level (self, &self->playback_level, meter_value (playback), PROP_PLAYBACK_LEVEL);
  set_level (self, &self->capture_level, self->mic_open ? meter_value (capture) : 0,
             PROP_CAPTURE_LEVEL);
  return G_SOURCE_CONTINUE;
}

static void
set_mic_open (AstrixAudioStream *self,
              gboolean           open)
{
  if (self->mic_open == open)
    return;
  self->mic_open = open;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MICROPHONE_OPEN]);
}

/* The microphone runs exactly while its audio is sent. */
static void
update_microphone (AstrixAudioStream *self)
{
  gboolean wanted = self->started && !self->closed && self->talking && !self->muted;

  g_mutex_lock (&self->state->lock);
  self->state->talking = self->talking;
  self->state->muted = self->muted;
  if (!wanted)
    {
      g_byte_array_set_size (self->state->mic, 0);
      self->state->mic_primed = FALSE;
    }
  g_mutex_unlock (&self->state->lock);

  if (self->capture == NULL || wanted == self->mic_open)
    return;
  if (!wanted)
    {
      gst_element_set_state (self->capture, GST_STATE_NULL);
      set_mic_open (self, FALSE);
      return;
    }
  if (gst_element_set_state (self->capture, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (self->capture, GST_STATE_NULL);
      g_signal_emit (self, signals[WARNING], 0, _("Could not open the microphone."));
      return;
    }
  set_mic_open (self, TRUE);
}

/* Pipelines */

static void
emit_gst_warning (AstrixAudioStream *self,
                  GstMessage        *message,
                  gboolean           capture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *text = NULL;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("%s pipeline: %s (%s)", capture ? "capture" : "playback", error->message, debug);
  if (capture)
    text = g_strdup_printf (_("Could not use the microphone: %s"), error->message);
  else
    text = g_strdup_printf (_("Could not play the call’s audio: %s"), error->message);
  g_signal_emit (self, signals[WARNING], 0, text);
}

static gboolean
on_playback_message (GstBus     *bus,
                     GstMessage *message,
                     gpointer    data)
{
  AstrixAudioStream *self = data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      emit_gst_warning (self, message, FALSE);
      gst_element_set_state (self->playback, GST_STATE_NULL);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_capture_message (GstBus     *bus,
                    GstMessage *message,
                    gpointer    data)
{
  AstrixAudioStream *self = data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      emit_gst_warning (self, message, TRUE);
      gst_element_set_state (self->capture, GST_STATE_NULL);
      set_mic_open (self, FALSE);
    }
  return G_SOURCE_CONTINUE;
}

/* Small device buffers: the default 200 ms of a sound server's sink would be felt. And no
 * processing deadline (20 ms more by default): frames come stamped well ahead already. */
static void
on_element_added (GstBin     *bin,
                  GstBin     *sub_bin,
                  GstElement *element,
                  gpointer    data)
{
  if (GST_IS_AUDIO_BASE_SINK (element) || GST_IS_AUDIO_BASE_SRC (element))
    g_object_set (element, "buffer-time", (gint64) 60000, "latency-time", (gint64) 10000, NULL);
  if (GST_IS_BASE_SINK (element))
    g_object_set (element, "processing-deadline", (guint64) 0, NULL);
}

/* The sink or source from the environment (a gst-launch description), or the desktop's. */
static GstElement *
device_from (const char  *variable,
             const char  *fallback,
             GError     **error)
{
  const char *description = g_getenv (variable);

  if (description == NULL || description[0] == '\0')
    description = fallback;
  return gst_parse_bin_from_description (description, TRUE, error);
}

static GstCaps *
telephone_caps (void)
{
  return gst_caps_new_simple ("audio/x-raw",
                              "format", G_TYPE_STRING, "S16LE",
                              "rate", G_TYPE_INT, ASTRIX_AUDIOSOCKET_SAMPLE_RATE,
                              "channels", G_TYPE_INT, 1,
                              "layout", G_TYPE_STRING, "interleaved",
                              NULL);
}

static gboolean
build_playback (AstrixAudioStream  *self,
                GError            **error)
{
  g_autoptr(GstCaps) caps = telephone_caps ();
  GstElement *src, *convert, *resample, *sink;
  g_autoptr(GstBus) bus = NULL;

  sink = device_from (ASTRIX_AUDIO_SINK_ENV, "autoaudiosink", error);
  if (sink == NULL)
    return FALSE;
  self->playback = gst_pipeline_new ("astrix-playback");
  src = gst_element_factory_make ("appsrc", "call-audio");
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  self->volume = gst_element_factory_make ("volume", NULL);
  g_object_set (src, "caps", caps, "is-live", TRUE, "format", GST_FORMAT_TIME,
                "min-latency", (gint64) 0, "max-bytes", (guint64) 16000,
                "leaky-type", GST_APP_LEAKY_TYPE_DOWNSTREAM, NULL);
  g_object_set (self->volume, "volume", self->volume_value, NULL);
  g_signal_connect (self->playback, "deep-element-added", G_CALLBACK (on_element_added), NULL);
  gst_bin_add_many (GST_BIN (self->playback), src, convert, resample, self->volume, sink, NULL);
  if (!gst_element_link_many (src, convert, resample, self->volume, sink, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The audio output cannot take the call’s audio."));
      return FALSE;
    }
  self->state->playback = g_object_ref (self->playback);
  self->state->appsrc = GST_APP_SRC (g_object_ref (src));
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->playback));
  self->playback_watch = gst_bus_add_watch (bus, on_playback_message, self);
  return TRUE;
}

static gboolean
build_capture (AstrixAudioStream  *self,
               GError            **error)
{
  g_autoptr(GstCaps) caps = telephone_caps ();
  GstAppSinkCallbacks callbacks = { .new_sample = _astrix_audio_on_mic_sample };
  GstElement *source, *convert, *resample, *sink;
  g_autoptr(GstBus) bus = NULL;

  source = device_from (ASTRIX_AUDIO_SOURCE_ENV, "autoaudiosrc", error);
  if (source == NULL)
    return FALSE;
  self->capture = gst_pipeline_new ("astrix-capture");
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  sink = gst_element_factory_make ("appsink", "microphone");
  g_object_set (sink, "caps", caps, "sync", TRUE, "max-buffers", 50, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks,
                              _astrix_audio_state_ref (self->state),
                              (GDestroyNotify) _astrix_audio_state_unref);
  g_signal_connect (self->capture, "deep-element-added", G_CALLBACK (on_element_added), NULL);
  gst_bin_add_many (GST_BIN (self->capture), source, convert, resample, sink, NULL);
  if (!gst_element_link_many (source, convert, resample, sink, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The microphone cannot give telephone audio."));
      return FALSE;
    }
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->capture));
  self->capture_watch = gst_bus_add_watch (bus, on_capture_message, self);
  return TRUE;
}

/**
 * astrix_audio_stream_start:
 *
 * Starts playing what the PBX sends and sending back (silence until talking). A device that
 * fails is reported with #AstrixAudioStream::warning and the stream goes on.
 */
void
astrix_audio_stream_start (AstrixAudioStream *self)
{
  g_return_if_fail (ASTRIX_IS_AUDIO_STREAM (self));
  g_return_if_fail (!self->started && !self->closed);

  if (gst_element_set_state (self->playback, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    g_signal_emit (self, signals[WARNING], 0, _("Could not play the call’s audio."));

  self->started = TRUE;
  self->reader = g_thread_new ("astrix-audio-in", _astrix_audio_reader_thread,
                               _astrix_audio_state_ref (self->state));
  self->writer = g_thread_new ("astrix-audio-out", _astrix_audio_writer_thread,
                               _astrix_audio_state_ref (self->state));
  self->meter_id = g_timeout_add (METER_MS, meter_tick, self);
  update_microphone (self);
}

/**
 * astrix_audio_stream_close:
 *
 * Ends the stream: sends Asterisk a hangup frame (unless the PBX ended it), closes the
 * connection, stops the pipelines. #AstrixAudioStream::closed follows, once.
 */
void
astrix_audio_stream_close (AstrixAudioStream *self)
{
  AstrixAudioState *state = self->state;

  g_return_if_fail (ASTRIX_IS_AUDIO_STREAM (self));

  if (self->closed)
    return;
  g_mutex_lock (&state->lock);
  state->closing = TRUE;
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->lock);
  g_cancellable_cancel (state->cancellable);
  /* Both threads wake at once: the writer's last frame does not wait for the peer. */
  g_clear_pointer (&self->writer, g_thread_join);
  g_clear_pointer (&self->reader, g_thread_join);
  g_io_stream_close (self->connection, NULL, NULL);

  self->closed = TRUE;
  update_microphone (self);
  g_clear_handle_id (&self->meter_id, g_source_remove);
  if (self->playback != NULL)
    gst_element_set_state (self->playback, GST_STATE_NULL);
  set_level (self, &self->playback_level, 0, PROP_PLAYBACK_LEVEL);
  set_level (self, &self->capture_level, 0, PROP_CAPTURE_LEVEL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
  g_signal_emit (self, signals[CLOSED], 0, self->error);
}

/* Settings */

/* @talking: whisper or barge (the microphone's audio goes out), or listen (silence) */
void
astrix_audio_stream_set_talking (AstrixAudioStream *self,
                                 gboolean           talking)
{
  g_return_if_fail (ASTRIX_IS_AUDIO_STREAM (self));

  talking = !!talking;
  if (self->talking == talking)
    return;
  self->talking = talking;
  update_microphone (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TALKING]);
}

void
astrix_audio_stream_set_microphone_muted (AstrixAudioStream *self,
                                          gboolean           muted)
{
  g_return_if_fail (ASTRIX_IS_AUDIO_STREAM (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  update_microphone (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MICROPHONE_MUTED]);
}

/* @volume: the call's audio on this desktop, 0 (silent) to 1 (as it comes) and up to 2 */
void
astrix_audio_stream_set_volume (AstrixAudioStream *self,
                                double             volume)
{
  g_return_if_fail (ASTRIX_IS_AUDIO_STREAM (self));

  volume = CLAMP (volume, 0.0, 2.0);
  if (self->volume_value == volume)
    return;
  self->volume_value = volume;
  if (self->volume != NULL)
    g_object_set (self->volume, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gboolean
_astrix_audio_stream_get_talking (AstrixAudioStream *self)
{
  return self->talking;
}

gboolean
astrix_audio_stream_get_microphone_muted (AstrixAudioStream *self)
{
  return self->muted;
}

/* Returns: whether the microphone runs and what it hears goes to the call now */
gboolean
_astrix_audio_stream_get_microphone_open (AstrixAudioStream *self)
{
  return self->mic_open;
}

double
_astrix_audio_stream_get_volume (AstrixAudioStream *self)
{
  return self->volume_value;
}

/* Returns: the call's audio level for a meter, 0 (-60 dBFS or less) to 1 (full scale) */
double
_astrix_audio_stream_get_playback_level (AstrixAudioStream *self)
{
  return self->playback_level;
}

/* Returns: the microphone's level as sent, for a meter (0 while it is closed) */
double
_astrix_audio_stream_get_capture_level (AstrixAudioStream *self)
{
  return self->capture_level;
}

gboolean
_astrix_audio_stream_is_closed (AstrixAudioStream *self)
{
  return self->closed;
}

/* Returns: (nullable): why the stream ended, when the PBX's side ended it */
const GError *
astrix_audio_stream_get_error (AstrixAudioStream *self)
{
  return self->error;
}

guint
_astrix_audio_stream_get_n_frames_received (AstrixAudioStream *self)
{
  guint n;

  g_mutex_lock (&self->state->lock);
  n = self->state->frames_in;
  g_mutex_unlock (&self->state->lock);
  return n;
}

/* Returns: (transfer none) (nullable): the playback pipeline, for tests to find their sink */
GstElement *
_astrix_audio_stream_get_playback_pipeline (AstrixAudioStream *self)
{
  return self->playback;
}

/* Life cycle */

static void
astrix_audio_stream_dispose (GObject *object)
{
  AstrixAudioStream *self = ASTRIX_AUDIO_STREAM (object);

  if (self->started)
    astrix_audio_stream_close (self);
  g_clear_handle_id (&self->meter_id, g_source_remove);
  if (self->playback != NULL)
    {
      gst_element_set_state (self->playback, GST_STATE_NULL);
      g_clear_handle_id (&self->playback_watch, g_source_remove);
      g_clear_object (&self->playback);
    }
  if (self->capture != NULL)
    {
      gst_element_set_state (self->capture, GST_STATE_NULL);
      g_clear_handle_id (&self->capture_watch, g_source_remove);
      g_clear_object (&self->capture);
    }
  if (self->connection != NULL && !self->closed)
    g_io_stream_close (self->connection, NULL, NULL);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (astrix_audio_stream_parent_class)->dispose (object);
}

static void
astrix_audio_stream_finalize (GObject *object)
{
  AstrixAudioStream *self = ASTRIX_AUDIO_STREAM (object);

  _astrix_audio_state_unref (self->state);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (astrix_audio_stream_parent_class)->finalize (object);
}

static void
astrix_audio_stream_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AstrixAudioStream *self = ASTRIX_AUDIO_STREAM (object);

  switch (prop_id)
    {
    case PROP_TALKING:
      g_value_set_boolean (value, self->talking);
      break;
    case PROP_MICROPHONE_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_MICROPHONE_OPEN:
      g_value_set_boolean (value, self->mic_open);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume_value);
      break;
    case PROP_PLAYBACK_LEVEL:
      g_value_set_double (value, self->playback_level);
      break;
    case PROP_CAPTURE_LEVEL:
      g_value_set_double (value, self->capture_level);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->closed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_audio_stream_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AstrixAudioStream *self = ASTRIX_AUDIO_STREAM (object);

  switch (prop_id)
    {
    case PROP_TALKING:
      astrix_audio_stream_set_talking (self, g_value_get_boolean (value));
      break;
    case PROP_MICROPHONE_MUTED:
      astrix_audio_stream_set_microphone_muted (self, g_value_get_boolean (value));
      break;
    case PROP_VOLUME:
      astrix_audio_stream_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_audio_stream_class_init (AstrixAudioStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_audio_stream_dispose;
  object_class->finalize = astrix_audio_stream_finalize;
  object_class->get_property = astrix_audio_stream_get_property;
  object_class->set_property = astrix_audio_stream_set_property;

  properties[PROP_TALKING] = g_param_spec_boolean ("talking", NULL, NULL, FALSE, rw);
  properties[PROP_MICROPHONE_MUTED] =
    g_param_spec_boolean ("microphone-muted", NULL, NULL, FALSE, rw);
  properties[PROP_MICROPHONE_OPEN] =
    g_param_spec_boolean ("microphone-open", NULL, NULL, FALSE, ro);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 2.0, 1.0, rw);
  properties[PROP_PLAYBACK_LEVEL] =
    g_param_spec_double ("playback-level", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_CAPTURE_LEVEL] =
    g_param_spec_double ("capture-level", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_CLOSED] = g_param_spec_boolean ("closed", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixAudioStream::closed:
   * @error: (nullable): why, when the PBX's side ended it (hung up, vanished, sent garbage)
   *
   * The stream is over: the connection is closed and the microphone released.
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * AstrixAudioStream::warning:
   * @message: a sentence for the supervisor
   *
   * An audio device failed; the stream goes on (the call's audio still flows both ways).
   */
  signals[WARNING] =
    g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
astrix_audio_stream_init (AstrixAudioStream *self)
{
  self->volume_value = 1.0;
}

/**
 * astrix_audio_stream_new:
 * @connection: the AudioSocket connection, its UUID frame read (from the listener)
 *
 * Builds the pipelines (so a test can reach its sink before audio flows) without starting
 * them. Fails when the sink or the source cannot be made: a description in
 * `ASTRIX_AUDIO_SINK` or `ASTRIX_AUDIO_SOURCE` that does not parse, a missing element.
 *
 * Returns: (transfer full) (nullable): a stream, not started, or %NULL with @error set
 */
AstrixAudioStream *
astrix_audio_stream_new (GIOStream  *connection,
                         GError    **error)
{
  g_autoptr(AstrixAudioStream) self = NULL;
  GSocket *socket;

  g_return_val_if_fail (G_IS_SOCKET_CONNECTION (connection), NULL);

  gst_init (NULL, NULL);
  self = g_object_new (ASTRIX_TYPE_AUDIO_STREAM, NULL);
  self->connection = g_object_ref (connection);
  socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection));
  self->state = _astrix_audio_state_new (G_OBJECT (self), socket);
  if (!build_playback (self, error) || !build_capture (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-player"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-local-player-private.h"
#include "astrix-recording-private.h"

/*
 * Plays a recording on this desktop: GStreamer's playbin behind play, pause, seek, skip,
 * restart and a rate of 0.75 to 2.0 (scaletempo keeps voices at their pitch), with position
 * and duration as properties.
 *
 * WAV of any codec (PCM, µ-law, a-law, GSM for WAV49), MP3 and Ogg go to playbin by URI, so
 * any GVfs location plays. Headerless files (raw `.gsm`, `.ulaw`, `.alaw`, `.sln`) cannot be
 * typefound: they are read into memory and fed through `appsrc://` with their caps, frame by
 * frame, with timestamps, so seeking and the duration work.
 *
 * The audio sink is playbin's choice, or the gst-launch description in ASTRIX_AUDIO_SINK
 * ("fakesink sync=true" in the tests, which have no sound card).
 */

#define TICK_MS          200
#define CHUNK_MS         500
#define MAX_RAW_BYTES    (256 * 1024 * 1024)
/* playbin's GstPlayFlags: audio and software volume, no video, no subtitles */
#define PLAY_FLAGS_AUDIO 0x12

/* A headerless recording in memory, fed to appsrc from GStreamer's streaming thread. */
typedef struct
{
  gatomicrefcount ref_count;
  GBytes         *data;
  gsize           frame;      /* bytes of one frame */
  gint64          frame_ns;   /* the duration of one frame */
  char           *caps;
  GMutex          lock;
  gsize           next;       /* under @lock: where the next chunk starts */
} RawSource;

struct _AstrixLocalPlayer
{
  GObject               parent_instance;

  GstElement           *pipeline;
  guint                 bus_watch;
  GFile                *file;
  AstrixRecordingFormat format;
  RawSource            *raw;
  GCancellable         *cancellable;   /* of the open */

  AstrixPlayerState     state;
  double                rate;
  gint64                duration;      /* ms, -1 unknown */
  gint64                seek_target;   /* ms; -1: no seek waiting or in flight */
  gboolean              seeking;       /* a seek is in flight (ASYNC_DONE ends it) */
  gboolean              prerolled;
  gboolean              play_when_ready;
  GError               *error;
  char                 *missing;       /* a missing plugin, as GStreamer described it */

  gint64                started;       /* real time µs, when it first played */
  gint64                ended;
  char                 *end_reason;
  guint                 tick_id;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RATE,
  PROP_FILE,
  PROP_ERROR_MESSAGE,
  PROP_STARTED,
  PROP_ENDED,
  PROP_END_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixLocalPlayer, astrix_local_player, G_TYPE_OBJECT)

/* Headerless files */

static RawSource *
raw_source_ref (RawSource *raw)
{
  g_atomic_ref_count_inc (&raw->ref_count);
  return raw;
}

static void
raw_source_unref (gpointer data)
{
  RawSource *raw = data;

  if (!g_atomic_ref_count_dec (&raw->ref_count))
    return;
  g_bytes_unref (raw->data);
  g_free (raw->caps);
  g_mutex_clear (&raw->lock);
  g_free (raw);
}

static void
raw_source_closure_notify (gpointer  data,
                           GClosure *closure)
{
  raw_source_unref (data);
}

static RawSource *
raw_source_new (GBytes                *data,
                AstrixRecordingFormat  format)
{
  RawSource *raw = g_new0 (RawSource, 1);
  gint64 rate = _astrix_recording_raw_bytes_per_second (format);

  g_atomic_ref_count_init (&raw->ref_count);
  g_mutex_init (&raw->lock);
  raw->data = g_bytes_ref (data);
  raw->caps = _astrix_recording_raw_caps (format);
  /* GSM: 33-byte frames of 20 ms; the G.711 laws: one byte a sample; linear: two. */
  raw->frame = format == ASTRIX_RECORDING_FORMAT_GSM ? 33
               : format == ASTRIX_RECORDING_FORMAT_SLIN ? 2 : 1;
  raw->frame_ns = raw->frame * GST_SECOND / rate;
  return raw;
}

static gint64
raw_source_duration_ns (RawSource *raw)
{
  return (g_bytes_get_size (raw->data) / raw->frame) * raw->frame_ns;
}

static void
raw_need_data (GstAppSrc *appsrc,
               guint      length,
               gpointer   data)
{
  RawSource *raw = data;
  gsize size = g_bytes_get_size (raw->data);
  gsize chunk = (CHUNK_MS * GST_MSECOND / raw->frame_ns) * raw->frame;
  g_autoptr(GBytes) bytes = NULL;
  GstBuffer *buffer;
  gsize offset;
  gsize n;

  g_mutex_lock (&raw->lock);
  offset = raw->next;
  n = offset < size ? MIN (chunk, (size - offset) / raw->frame * raw->frame) : 0;
  raw->next += n;
  g_mutex_unlock (&raw->lock);

  if (n == 0)
    {
      gst_app_src_end_of_stream (appsrc);
      return;
    }
  bytes = g_bytes_new_from_bytes (raw->data, offset, n);
  buffer = gst_buffer_new_wrapped_bytes (bytes);
  GST_BUFFER_PTS (buffer) = (offset / raw->frame) * raw->frame_ns;
  GST_BUFFER_DURATION (buffer) = (n / raw->frame) * raw->frame_ns;
  gst_app_src_push_buffer (appsrc, buffer);
}

static gboolean
raw_seek_data (GstAppSrc *appsrc,
               guint64    offset,
               gpointer   data)
{
  RawSource *raw = data;
  gsize size = g_bytes_get_size (raw->data);

  /* In TIME format the offset is a time: the frame it falls in. */
  g_mutex_lock (&raw->lock);
  raw->next = MIN ((offset / raw->frame_ns) * raw->frame, size / raw->frame * raw->frame);
  g_mutex_unlock (&raw->lock);
  return TRUE;
}

static void
on_source_setup (GstElement *playbin,
                 GstElement *source,
                 RawSource  *raw)
{
  GstAppSrcCallbacks callbacks = { raw_need_data, NULL, raw_seek_data, };
  g_autoptr(GstCaps) caps = gst_caps_from_string (raw->caps);

  if (!GST_IS_APP_SRC (source))
    return;
  g_object_set (source,
                "caps", caps,
                "format", GST_FORMAT_TIME,
                "stream-type", GST_APP_STREAM_TYPE_SEEKABLE,
                "duration", (guint64) raw_source_duration_ns (raw),
                NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (source), &callbacks, raw_source_ref (raw),
                             raw_source_unref);
}

/* State */

static void
notify_position (AstrixLocalPlayer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static gboolean
tick (gpointer data)
{
  notify_position (data);
  return G_SOURCE_CONTINUE;
}

static void
set_state (AstrixLocalPlayer *self,
           AstrixPlayerState  state)
{
  if (self->state == state)
    return;
  g_debug ("player: state %d -> %d", self->state, state);
  self->state = state;
  if (state == ASTRIX_PLAYER_PLAYING && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick, self);
  else if (state != ASTRIX_PLAYER_PLAYING)
    g_clear_handle_id (&self->tick_id, g_source_remove);
  if (state == ASTRIX_PLAYER_PLAYING && self->started == 0)
    {
      self->started = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  notify_position (self);
}

static void
set_ended (AstrixLocalPlayer *self,
           const char        *reason)
{
  if (self->started == 0 || self->ended != 0)
    return;
  self->ended = g_get_real_time ();
  g_free (self->end_reason);
  self->end_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_REASON]);
}

static void
set_duration (AstrixLocalPlayer *self,
              gint64             duration)
{
  if (self->duration == duration)
    return;
  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

static void
teardown (AstrixLocalPlayer *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  g_clear_pointer (&self->raw, raw_source_unref);
}

static void
fail (AstrixLocalPlayer *self,
      GError            *error)
{
  teardown (self);
  g_clear_error (&self->error);
  self->error = error;
  if (self->started != 0)
    set_ended (self, error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_state (self, ASTRIX_PLAYER_ERROR);
}

/* GStreamer's own messages end in a full stop; ours put them in parentheses. */
static char *
clause (const char *message)
{
  gsize len = strlen (message);

  while (len > 0 && (message[len - 1] == '.' || g_ascii_isspace (message[len - 1])))
    len--;
  return g_strndup (message, len);
}

/* A GStreamer error, in words. */
static GError *
describe_gst_error (AstrixLocalPlayer *self,
                    GError            *error)
{
  g_autofree char *detail = clause (error->message);

  if (self->missing != NULL)
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT,
                        _("This computer cannot play this recording: %s is missing. Install the "
                          "GStreamer plugins that provide it (gstreamer1.0-plugins-good or "
                          "-bad); the PBX can still play it on your phone."), self->missing);
  if (error->domain == GST_CORE_ERROR && error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT,
                        _("This computer has no GStreamer plugin for this recording’s format; the "
                          "PBX can still play it on your phone."));
  if (error->domain == GST_RESOURCE_ERROR)
    {
      switch (error->code)
        {
        case GST_RESOURCE_ERROR_NOT_FOUND:
          return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND,
                              _("The recording is no longer in the recordings folder."));
        case GST_RESOURCE_ERROR_OPEN_READ:
        case GST_RESOURCE_ERROR_READ:
        case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
          return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                              _("The recording cannot be read (%s)."), detail);
        default:
          return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                              _("No sound output is available on this computer (%s)."), detail);
        }
    }
  if (error->domain == GST_STREAM_ERROR)
    return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT,
                        _("The recording is damaged, or it is in a format this computer cannot "
                          "play (%s)."), detail);
  return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                      _("The recording cannot be played (%s)."), detail);
}

/* Seeking */

static gboolean
do_seek (AstrixLocalPlayer *self,
         gint64             position_ms)
{
  gboolean ok;

  ok = gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, position_ms * GST_MSECOND,
                         GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
  self->seeking = ok;
  if (!ok)
    self->seek_target = -1;
  return ok;
}

static void
query_duration (AstrixLocalPlayer *self)
{
  gint64 duration = 0;

  if (self->pipeline != NULL &&
      gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    set_duration (self, duration / GST_MSECOND);
  else if (self->raw != NULL)
    set_duration (self, raw_source_duration_ns (self->raw) / GST_MSECOND);
}

/* Bus */

static void
handle_async_done (AstrixLocalPlayer *self)
{
  gboolean first = !self->prerolled;

  self->prerolled = TRUE;
  if (self->seeking)
    {
      self->seeking = FALSE;
      self->seek_target = -1;
    }
  query_duration (self);
  /* A seek or rate asked for while it opened. */
  if (first && (self->seek_target >= 0 || self->rate != 1.0) &&
      do_seek (self, MAX (self->seek_target, 0)))
    return;
  if (self->state == ASTRIX_PLAYER_LOADING)
    {
      set_state (self, ASTRIX_PLAYER_PAUSED);
      if (self->play_when_ready)
        astrix_local_player_play (self);
    }
  notify_position (self);
}

static void
handle_state_changed (AstrixLocalPlayer *self,
                      GstMessage        *message)
{
  GstState old_state, new_state;

  if (GST_MESSAGE_SRC (message) != GST_OBJECT (self->pipeline))
    return;
  gst_message_parse_state_changed (message, &old_state, &new_state, NULL);
  if (self->state == ASTRIX_PLAYER_LOADING || self->state == ASTRIX_PLAYER_ENDED)
    return;
  if (new_state == GST_STATE_PLAYING)
    set_state (self, ASTRIX_PLAYER_PLAYING);
  else if (new_state == GST_STATE_PAUSED && old_state == GST_STATE_PLAYING)
    set_state (self, ASTRIX_PLAYER_PAUSED);
}

static void
handle_element (AstrixLocalPlayer *self,
                GstMessage        *message)
{
  if (!gst_is_missing_plugin_message (message))
    return;
  g_free (self->missing);
  self->missing = gst_missing_plugin_message_get_description (message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  AstrixLocalPlayer *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("player: %s (%s)", error->message, debug);
        fail (self, describe_gst_error (self, error));
        return G_SOURCE_CONTINUE;
      }
    case GST_MESSAGE_EOS:
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      set_ended (self, _("Played to the end."));
      set_state (self, ASTRIX_PLAYER_ENDED);
      break;
    case GST_MESSAGE_ASYNC_DONE:
      handle_async_done (self);
      break;
    case GST_MESSAGE_STATE_CHANGED:
      handle_state_changed (self, message);
      break;
    case GST_MESSAGE_DURATION_CHANGED:
      query_duration (self);
      break;
    case GST_MESSAGE_ELEMENT:
      handle_element (self, message);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* Building */

/* The pipeline refused to start: the reason is on the bus already. */
static void
failed_at_once (AstrixLocalPlayer *self,
                GstBus            *bus)
{
  GstMessage *message;

  while (self->state == ASTRIX_PLAYER_LOADING &&
         (message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT)) != NULL)
    {
      on_bus_message (bus, message, self);
      gst_message_unref (message);
    }
  if (self->state == ASTRIX_PLAYER_LOADING)
    fail (self, g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                                     _("The recording cannot be opened.")));
}

static GstElement *
make_sink (GError **error)
{
  const char *description = g_getenv ("ASTRIX_AUDIO_SINK");

  if (description == NULL || description[0] == '\0')
    return NULL;
  return gst_parse_bin_from_description (description, TRUE, error);
}

static void
build_pipeline (AstrixLocalPlayer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GstElement *sink;
  GstElement *filter;
  g_autoptr(GstBus) bus = NULL;

  self->pipeline = gst_element_factory_make ("playbin", NULL);
  if (self->pipeline == NULL)
    {
      fail (self, g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT,
                                       _("GStreamer’s playbin is missing: install "
                                         "gstreamer1.0-plugins-base.")));
      return;
    }
  gst_object_ref_sink (self->pipeline);
  sink = make_sink (&error);
  if (error != NULL)
    {
      fail (self, g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                               _("ASTRIX_AUDIO_SINK is not a sink GStreamer understands: %s"),
                               error->message));
      return;
    }
  filter = gst_element_factory_make ("scaletempo", NULL);
  uri = self->raw != NULL ? g_strdup ("appsrc://") : g_file_get_uri (self->file);
  g_object_set (self->pipeline, "uri", uri, "flags", PLAY_FLAGS_AUDIO, NULL);
  if (sink != NULL)
    g_object_set (self->pipeline, "audio-sink", sink, NULL);
  if (filter != NULL)
    g_object_set (self->pipeline, "audio-filter", filter, NULL);
  if (self->raw != NULL)
    g_signal_connect_data (self->pipeline, "source-setup", G_CALLBACK (on_source_setup),
                           raw_source_ref (self->raw), raw_source_closure_notify, 0);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    failed_at_once (self, bus);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(AstrixLocalPlayer) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || G_FILE (source) != self->file)
    return;
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        fail (self, g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND,
                                 _("The recording is no longer in the recordings folder.")));
      else
        fail (self, g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                                 _("The recording cannot be read: %s"), error->message));
      return;
    }
  if (g_bytes_get_size (bytes) < 33)
    {
      fail (self, g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT,
                                       _("The recording is empty.")));
      return;
    }
  if (g_bytes_get_size (bytes) > MAX_RAW_BYTES)
    {
      fail (self, g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT,
                                       _("The recording is too long to play here.")));
      return;
    }
  self->raw = raw_source_new (bytes, self->format);
  set_duration (self, raw_source_duration_ns (self->raw) / GST_MSECOND);
  build_pipeline (self);
}

/**
 * astrix_local_player_open:
 * @format: what the recording is, if known (headerless files need it; UNKNOWN: guessed from
 *   the name)
 *
 * Opens a recording, paused at the start. The state goes to PAUSED once it can play, or to
 * ERROR with the reason in words (a format this computer cannot decode names what to install).
 */
void
astrix_local_player_open (AstrixLocalPlayer     *self,
                          GFile                 *file,
                          AstrixRecordingFormat  format)
{
  g_autofree char *basename = NULL;
  g_autofree char *problem = NULL;

  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (self));
  g_return_if_fail (G_IS_FILE (file));

  astrix_local_player_close (self);
  gst_init (NULL, NULL);
  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  basename = g_file_get_basename (file);
  self->format = format != ASTRIX_RECORDING_FORMAT_UNKNOWN
                   ? format : _astrix_recording_format_from_name (basename);
  self->seek_target = -1;
  self->started = self->ended = 0;
  g_clear_pointer (&self->end_reason, g_free);
  set_duration (self, -1);
  set_state (self, ASTRIX_PLAYER_LOADING);

  /* WAV49 may say WAV in its name; its header tells, and playbin finds out by itself. */
  if (self->format != ASTRIX_RECORDING_FORMAT_WAV_PCM &&
      !_astrix_recording_can_decode (self->format, 0, &problem))
    {
      fail (self, g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_UNSUPPORTED_FORMAT, problem));
      return;
    }
  if (_astrix_recording_is_raw_format (self->format))
    {
      self->cancellable = g_cancellable_new ();
      g_file_load_bytes_async (file, self->cancellable, load_done, g_object_ref (self));
      return;
    }
  build_pipeline (self);
}

/* Stops and forgets the recording (the state goes back to EMPTY). */
void
astrix_local_player_close (AstrixLocalPlayer *self)
{
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (self));

  if (self->state == ASTRIX_PLAYER_PLAYING || self->state == ASTRIX_PLAYER_PAUSED)
    set_ended (self, _("Stopped."));
  teardown (self);
  self->prerolled = FALSE;
  self->seeking = FALSE;
  self->play_when_ready = FALSE;
  g_clear_pointer (&self->missing, g_free);
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  set_state (self, ASTRIX_PLAYER_EMPTY);
}

/* Transport */

void
astrix_local_player_play (AstrixLocalPlayer *self)
{
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (self));

  switch (self->state)
    {
    case ASTRIX_PLAYER_LOADING:
      self->play_when_ready = TRUE;
      break;
    case ASTRIX_PLAYER_ENDED:
      set_state (self, ASTRIX_PLAYER_PAUSED);
      self->ended = 0;
      self->seek_target = 0;
      do_seek (self, 0);
      G_GNUC_FALLTHROUGH;
    case ASTRIX_PLAYER_PAUSED:
      gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
      break;
    case ASTRIX_PLAYER_EMPTY:
    case ASTRIX_PLAYER_ERROR:
    case ASTRIX_PLAYER_PLAYING:
    default:
      break;
    }
}

void
astrix_local_player_pause (AstrixLocalPlayer *self)
{
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (self));

  if (self->state == ASTRIX_PLAYER_LOADING)
    self->play_when_ready = FALSE;
  else if (self->state == ASTRIX_PLAYER_PLAYING)
    gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

void
astrix_local_player_toggle (AstrixLocalPlayer *self)
{
  if (self->state == ASTRIX_PLAYER_PLAYING ||
      (self->state == ASTRIX_PLAYER_LOADING && self->play_when_ready))
    astrix_local_player_pause (self);
  else
    astrix_local_player_play (self);
}

/* Goes to @position_ms (clamped to the recording); playing goes on playing. */
void
astrix_local_player_seek (AstrixLocalPlayer *self,
                          gint64             position_ms)
{
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (self));

  if (self->state == ASTRIX_PLAYER_EMPTY || self->state == ASTRIX_PLAYER_ERROR)
    return;
  position_ms = MAX (position_ms, 0);
  if (self->duration >= 0)
    position_ms = MIN (position_ms, self->duration);
  self->seek_target = position_ms;
  if (self->state == ASTRIX_PLAYER_ENDED)
    {
      self->ended = 0;
      set_state (self, ASTRIX_PLAYER_PAUSED);
    }
  if (self->prerolled)
    do_seek (self, position_ms);
  notify_position (self);
}

/* -10 s, +10 s: a jump from where it is now. */
void
astrix_local_player_skip (AstrixLocalPlayer *self,
                          gint64             delta_ms)
{
  astrix_local_player_seek (self, astrix_local_player_get_position (self) + delta_ms);
}

void
astrix_local_player_restart (AstrixLocalPlayer *self)
{
  gboolean play = self->state == ASTRIX_PLAYER_PLAYING || self->state == ASTRIX_PLAYER_ENDED;

  astrix_local_player_seek (self, 0);
  if (play)
    astrix_local_player_play (self);
}

/* @rate: 0.75 to 2.0; the voices keep their pitch */
void
astrix_local_player_set_rate (AstrixLocalPlayer *self,
                              double             rate)
{
  g_return_if_fail (ASTRIX_IS_LOCAL_PLAYER (self));

  rate = CLAMP (rate, ASTRIX_PLAYER_MIN_RATE, ASTRIX_PLAYER_MAX_RATE);
  if (G_APPROX_VALUE (self->rate, rate, 0.001))
    return;
  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  if (self->prerolled && self->state != ASTRIX_PLAYER_ERROR)
    {
      gint64 position = astrix_local_player_get_position (self);

      self->seek_target = position;
      do_seek (self, position);
    }
}

double
_astrix_local_player_get_rate (AstrixLocalPlayer *self)
{
  return self->rate;
}

/* Properties and life cycle */

static void
astrix_local_player_dispose (GObject *object)
{
  AstrixLocalPlayer *self = ASTRIX_LOCAL_PLAYER (object);

  teardown (self);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (astrix_local_player_parent_class)->dispose (object);
}

static void
astrix_local_player_finalize (GObject *object)
{
  AstrixLocalPlayer *self = ASTRIX_LOCAL_PLAYER (object);

  g_clear_error (&self->error);
  g_free (self->missing);
  g_free (self->end_reason);

  G_OBJECT_CLASS (astrix_local_player_parent_class)->finalize (object);
}

static void
astrix_local_player_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AstrixLocalPlayer *self = ASTRIX_LOCAL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, astrix_local_player_get_position (self));
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, astrix_local_player_get_error_message (self));
      break;
    case PROP_STARTED:
      g_value_set_int64 (value, self->started);
      break;
    case PROP_ENDED:
      g_value_set_int64 (value, self->ended);
      break;
    case PROP_END_REASON:
      g_value_set_string (value, self->end_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_local_player_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AstrixLocalPlayer *self = ASTRIX_LOCAL_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      astrix_local_player_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_local_player_class_init (AstrixLocalPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_local_player_dispose;
  object_class->finalize = astrix_local_player_finalize;
  object_class->get_property = astrix_local_player_get_property;
  object_class->set_property = astrix_local_player_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ASTRIX_TYPE_PLAYER_STATE, ASTRIX_PLAYER_EMPTY, flags);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, ASTRIX_PLAYER_MIN_RATE, ASTRIX_PLAYER_MAX_RATE, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENDED] = g_param_spec_int64 ("ended", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_END_REASON] = g_param_spec_string ("end-reason", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_local_player_init (AstrixLocalPlayer *self)
{
  self->rate = 1.0;
  self->duration = -1;
  self->seek_target = -1;
}

AstrixLocalPlayer *
astrix_local_player_new (void)
{
  return g_object_new (ASTRIX_TYPE_LOCAL_PLAYER, NULL);
}

AstrixPlayerState
astrix_local_player_get_state (AstrixLocalPlayer *self)
{
  return self->state;
}

/* Returns: where it plays, in ms (during a seek: where it is going) */
gint64
astrix_local_player_get_position (AstrixLocalPlayer *self)
{
  gint64 position = 0;

  if (self->seek_target >= 0)
    return self->seek_target;
  if (self->state == ASTRIX_PLAYER_ENDED)
    return MAX (self->duration, 0);
  if (self->pipeline == NULL || !self->prerolled ||
      !gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    return 0;
  position /= GST_MSECOND;
  return self->duration >= 0 ? MIN (position, self->duration) : position;
}

/* Returns: the duration in ms, -1 until known */
gint64
astrix_local_player_get_duration (AstrixLocalPlayer *self)
{
  return self->duration;
}

/* Returns: (nullable): the recording that is open */
GFile *
astrix_local_player_get_file (AstrixLocalPlayer *self)
{
  return self->file;
}

const GError *
_astrix_local_player_get_error (AstrixLocalPlayer *self)
{
  return self->error;
}

/* Returns: (nullable): why it cannot play, as a sentence */
const char *
astrix_local_player_get_error_message (AstrixLocalPlayer *self)
{
  return self->error != NULL ? self->error->message : NULL;
}

/* Returns: when it first played (g_get_real_time()), or 0 */
gint64
_astrix_local_player_get_started (AstrixLocalPlayer *self)
{
  return self->started;
}

/* Returns: when the listening ended: the end, a stop, another recording, an error; or 0 */
gint64
_astrix_local_player_get_ended (AstrixLocalPlayer *self)
{
  return self->ended;
}

/* Returns: (nullable): how the listening ended, as a sentence */
const char *
astrix_local_player_get_end_reason (AstrixLocalPlayer *self)
{
  return self->end_reason;
}

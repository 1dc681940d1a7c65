/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <gst/app/app.h>

#include "astrix-audio-stream-private.h"
#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-frame-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "astrix-monitor.h"
#include "astrix-monitor-session-private.h"
#include "tone.h"
#include "wait.h"

/*
 * Listening on this computer, end to end against the simulated PBX: the session originates
 * AudioSocket, the PBX connects to our listener and streams a 440 Hz tone as the call, and the
 * desktop's sink is an appsink (ASTRIX_AUDIO_SINK) where the test hears it; the microphone is
 * a 1004 Hz test source (ASTRIX_AUDIO_SOURCE) that the PBX records by ChanSpy mode.
 */

#define SINK   "appsink name=astrix-test-sink sync=true " \
               "caps=audio/x-raw,format=S16LE,rate=8000,channels=1"
#define SOURCE "audiotestsrc freq=1004 volume=0.25 is-live=true"
#define CALL_HZ 440
#define MIC_HZ  1004

typedef struct
{
  AstrixDemoPbx        *pbx;
  AstrixServerConfig   *config;
  AstrixConnection     *connection;
  char                 *target;
  AstrixMonitorSession *session;
  GMutex                lock;
  GByteArray           *heard;      /* what the sink played: S16LE 8 kHz */
  GArray               *arrivals;   /* gint64: when each buffer reached the sink */
  GPtrArray            *warnings;
} Fixture;

/* What the desktop plays */

static GstFlowReturn
on_sample (GstAppSink *sink,
           gpointer    data)
{
  Fixture *f = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gint64 now = g_get_monotonic_time ();
  GstMapInfo map;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  g_mutex_lock (&f->lock);
  g_byte_array_append (f->heard, map.data, map.size);
  g_array_append_val (f->arrivals, now);
  g_mutex_unlock (&f->lock);
  gst_buffer_unmap (buffer, &map);
  return GST_FLOW_OK;
}

static void
on_audio_stream (AstrixMonitorSession *session,
                 GParamSpec           *pspec,
                 Fixture              *f)
{
  AstrixPhoneCall *call = astrix_monitor_session_get_call (session);
  AstrixAudioStream *stream = astrix_phone_call_get_audio_stream (call);
  GstAppSinkCallbacks callbacks = { .new_sample = on_sample };
  g_autoptr(GstElement) sink = NULL;

  g_assert_nonnull (stream);
  sink = gst_bin_get_by_name (GST_BIN (_astrix_audio_stream_get_playback_pipeline (stream)),
                              "astrix-test-sink");
  g_assert_nonnull (sink);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, f, NULL);
}

static void
on_warning (AstrixMonitorSession *session,
            const char           *message,
            Fixture              *f)
{
  g_ptr_array_add (f->warnings, g_strdup (message));
}

static guint
n_heard (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->lock);
  n = f->heard->len / 2;
  g_mutex_unlock (&f->lock);
  return n;
}

/* Returns: (transfer full): the last @ms of what the desktop played */
static GArray *
last_heard (Fixture *f,
            guint    ms)
{
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  guint n = ms * 8;

  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->heard->len / 2, >=, n);
  g_array_append_vals (samples, f->heard->data + f->heard->len - 2 * n, n);
  g_mutex_unlock (&f->lock);
  return samples;
}

/* The longest time between two buffers reaching the sink, from buffer @from on. */
static gint64
worst_gap (Fixture *f,
           guint    from)
{
  gint64 worst = 0;

  g_mutex_lock (&f->lock);
  for (guint i = MAX (from, 1); i < f->arrivals->len; i++)
    worst = MAX (worst, g_array_index (f->arrivals, gint64, i) -
                        g_array_index (f->arrivals, gint64, i - 1));
  g_mutex_unlock (&f->lock);
  return worst;
}

static guint
n_arrivals (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->lock);
  n = f->arrivals->len;
  g_mutex_unlock (&f->lock);
  return n;
}

/* Our channel on the supervisor's phone, once known */
static const char *
our_channel (AstrixMonitorSession *session)
{
  return astrix_phone_call_get_channel (astrix_monitor_session_get_call (session));
}

/* What the PBX got back */

static GBytes *
pbx_received (Fixture           *f,
              AstrixDemoSpyMode  mode)
{
  GBytes *bytes = astrix_demo_pbx_dup_audio_received (f->pbx,
                                                      our_channel (f->session),
                                                      mode);

  g_assert_nonnull (bytes);
  return bytes;
}

/* The last @ms the PBX got in @mode: its share of @hz, and its level. */
static double
pbx_tone (Fixture           *f,
          AstrixDemoSpyMode  mode,
          guint              ms,
          double            *rms)
{
  g_autoptr(GBytes) bytes = pbx_received (f, mode);
  gsize size;
  const gint16 *samples = g_bytes_get_data (bytes, &size);
  gsize n = ms * 8;

  g_assert_cmpuint (size / 2, >=, n);
  samples += size / 2 - n;
  if (rms != NULL)
    *rms = tone_rms (samples, n);
  return tone_ratio (samples, n, 8000, MIC_HZ);
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  astrix_demo_pbx_set_audio_signal (f->pbx, ASTRIX_DEMO_AUDIO_SINE, CALL_HZ);
  f->target = astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada Lovelace");
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", "astrix_proxy",
                            "endpoint", ASTRIX_ENDPOINT_AUDIOSOCKET,
                            NULL);
  f->connection = astrix_connection_new (f->config);
  astrix_connection_start (f->connection, "SecurePassword123!");
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
  WAIT_UNTIL (astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection),
                                                   f->target) != NULL, 2000);
  g_mutex_init (&f->lock);
  f->heard = g_byte_array_new ();
  f->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->warnings = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->session != NULL)
    {
      astrix_monitor_session_stop (f->session);
      WAIT_UNTIL (!astrix_monitor_session_is_running (f->session), 3000);
      /* Answers to its last actions may still be on their way (each holds a reference). */
      WAIT_UNTIL (G_OBJECT (f->session)->ref_count == 1, 3000);
      g_assert_finalize_object (g_steal_pointer (&f->session));
    }
  astrix_connection_stop (f->connection);
  wait_ms (50);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_free (f->target);
  g_byte_array_unref (f->heard);
  g_array_unref (f->arrivals);
  g_ptr_array_unref (f->warnings);
  g_mutex_clear (&f->lock);
}

static AstrixMonitorSession *
new_session (Fixture           *f,
             AstrixMonitorMode  mode)
{
  g_autoptr(GError) error = NULL;
  AstrixMonitorSession *session = astrix_connection_create_session (f->connection, f->target,
                                                                    mode, &error);

  g_assert_no_error (error);
  g_signal_connect (session, "notify::audio-stream", G_CALLBACK (on_audio_stream), f);
  g_signal_connect (session, "warning", G_CALLBACK (on_warning), f);
  _astrix_monitor_session_set_target_timeout (session, 1000);
  return session;
}

static void
start_active (Fixture           *f,
              AstrixMonitorMode  mode)
{
  g_autoptr(GError) error = NULL;

  f->session = new_session (f, mode);
  g_assert_true (astrix_monitor_session_start (f->session, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (astrix_monitor_session_get_state (f->session) == ASTRIX_SESSION_ACTIVE, 3000);
  g_assert_nonnull (astrix_phone_call_get_audio_stream (
                      astrix_monitor_session_get_call (f->session)));
}

static AstrixAudioStream *
stream_of (Fixture *f)
{
  return astrix_phone_call_get_audio_stream (astrix_monitor_session_get_call (f->session));
}

static void
switch_mode (Fixture           *f,
             AstrixMonitorMode  mode)
{
  astrix_monitor_session_set_mode (f->session, mode);
  WAIT_UNTIL (astrix_monitor_session_get_mode (f->session) == mode, 2000);
}

/* Tests */

/* The Originate and the channel as capture 25 has them; the call heard, evenly; silence back. */
static void
test_listen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GArray) heard = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autofree char *data_value = NULL;
  g_auto(GStrv) parts = NULL;
  AmiMessage *originate;
  const char *channel;
  guint steady;
  gint64 gap;
  double dominant;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  data_value = g_strdup_printf ("%s,quEbd", f->target);
  g_assert_cmpstr (ami_message_get (originate, "Application"), ==, "ChanSpy");
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==, data_value);
  /* AudioSocket/127.0.0.1:<port>/<uuid>, answered by AudioSocket/127.0.0.1:<port>-<uuid> */
  parts = g_strsplit (ami_message_get (originate, "Channel"), "/", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, "AudioSocket");
  g_assert_true (g_str_has_prefix (parts[1], "127.0.0.1:"));
  {
    guint8 uuid[16];
    g_autofree char *expected = g_strdup_printf ("AudioSocket/%s-%s", parts[1], parts[2]);

    g_assert_true (astrix_audiosocket_uuid_parse (parts[2], uuid));
    channel = our_channel (f->session);
    g_assert_cmpstr (channel, ==, expected);
  }
  g_assert_true (astrix_phone_call_is_on_this_computer (
                   astrix_monitor_session_get_call (f->session)));

  /* Half a second to settle, then a second and a half of steady state. */
  WAIT_UNTIL (n_heard (f) >= 4000, 3000);
  steady = n_arrivals (f);
  wait_ms (1500);
  heard = last_heard (f, 1000);
  dominant = tone_dominant ((const gint16 *) heard->data, heard->len, 8000, 100, 3900);
  g_test_message ("dominant %.0f Hz", dominant);
  g_assert_cmpfloat (fabs (dominant - CALL_HZ), <=, 5);
  g_assert_cmpfloat (tone_ratio ((const gint16 *) heard->data, heard->len, 8000, CALL_HZ), >, 0.9);
  gap = worst_gap (f, steady);
  g_test_message ("worst gap %" G_GINT64_FORMAT " ms", gap / 1000);
  g_assert_cmpint (gap, <=, 60000);
  g_assert_cmpfloat (_astrix_audio_stream_get_playback_level (stream_of (f)), >, 0.5);

  /* Listening: the microphone stays closed and the PBX gets silence, at the call's pace. */
  g_assert_false (_astrix_audio_stream_get_microphone_open (stream_of (f)));
  g_assert_cmpfloat (_astrix_audio_stream_get_capture_level (stream_of (f)), ==, 0);
  back = pbx_received (f, ASTRIX_DEMO_SPY_LISTEN);
  g_assert_cmpuint (g_bytes_get_size (back), >=, 16000 * 15 / 10);
  {
    gsize size;
    const gint16 *samples = g_bytes_get_data (back, &size);

    g_assert_cmpfloat (tone_rms (samples, size / 2), ==, 0);
  }
  /* Only audio frames came back: anything else makes Asterisk drop the channel. */
  g_assert_cmpuint (_astrix_demo_pbx_get_audio_frames_received (f->pbx, channel, 0x03), ==, 0);
  g_assert_cmpuint (_astrix_demo_pbx_get_audio_frames_received (f->pbx, channel, 0xff), ==, 0);
  g_assert_cmpuint (_astrix_demo_pbx_get_audio_frames_received (f->pbx, channel, 0x01), ==, 0);
  g_assert_cmpuint (f->warnings->len, ==, 0);
}

/* Whisper and barge: the PBX gets the microphone's tone; back to listen: silence again. */
static void
test_whisper_and_barge (Fixture       *f,
                        gconstpointer  data)
{
  double rms;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  wait_ms (200);
  switch_mode (f, ASTRIX_MONITOR_MODE_WHISPER);
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, our_channel (f->session)),
                   ==, ASTRIX_DEMO_SPY_WHISPER);
  g_assert_true (_astrix_audio_stream_get_talking (stream_of (f)));
  WAIT_UNTIL (_astrix_audio_stream_get_microphone_open (stream_of (f)), 1000);
  wait_ms (700);
  g_assert_cmpfloat (pbx_tone (f, ASTRIX_DEMO_SPY_WHISPER, 400, &rms), >, 0.9);
  g_assert_cmpfloat (rms, >, 1000);
  g_assert_cmpfloat (_astrix_audio_stream_get_capture_level (stream_of (f)), >, 0.3);

  switch_mode (f, ASTRIX_MONITOR_MODE_BARGE);
  g_assert_true (_astrix_audio_stream_get_microphone_open (stream_of (f)));
  wait_ms (600);
  g_assert_cmpfloat (pbx_tone (f, ASTRIX_DEMO_SPY_BARGE, 400, NULL), >, 0.9);

  /* The microphone closes as soon as the supervisor asks, before the PBX confirms. */
  astrix_monitor_session_set_mode (f->session, ASTRIX_MONITOR_MODE_LISTEN);
  g_assert_false (_astrix_audio_stream_get_microphone_open (stream_of (f)));
  WAIT_UNTIL (astrix_monitor_session_get_mode (f->session) == ASTRIX_MONITOR_MODE_LISTEN, 2000);
  wait_ms (600);
  pbx_tone (f, ASTRIX_DEMO_SPY_LISTEN, 500, &rms);
  g_assert_cmpfloat (rms, ==, 0);
  g_assert_cmpuint (f->warnings->len, ==, 0);
}

/* Starting in whisper: the microphone opens with the stream. */
static void
test_start_whispering (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *data_value = NULL;

  start_active (f, ASTRIX_MONITOR_MODE_WHISPER);
  data_value = g_strdup_printf ("%s,quEbdw", f->target);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"), "Data"),
                   ==, data_value);
  g_assert_true (_astrix_audio_stream_get_microphone_open (stream_of (f)));
  wait_ms (700);
  g_assert_cmpfloat (pbx_tone (f, ASTRIX_DEMO_SPY_WHISPER, 400, NULL), >, 0.9);
}

/* Mute: the microphone closes and silence goes out; volume: the call plays quieter. */
static void
test_mute_and_volume (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GArray) loud = NULL;
  g_autoptr(GArray) quiet = NULL;
  double rms;

  start_active (f, ASTRIX_MONITOR_MODE_WHISPER);
  wait_ms (500);
  astrix_audio_stream_set_microphone_muted (stream_of (f), TRUE);
  g_assert_false (_astrix_audio_stream_get_microphone_open (stream_of (f)));
  wait_ms (500);
  pbx_tone (f, ASTRIX_DEMO_SPY_WHISPER, 300, &rms);
  g_assert_cmpfloat (rms, ==, 0);
  WAIT_UNTIL (_astrix_audio_stream_get_capture_level (stream_of (f)) == 0, 1000);
  astrix_audio_stream_set_microphone_muted (stream_of (f), FALSE);
  g_assert_true (_astrix_audio_stream_get_microphone_open (stream_of (f)));
  /* The test source gives 128 ms at a time: a little more than that until it flows. */
  wait_ms (800);
  g_assert_cmpfloat (pbx_tone (f, ASTRIX_DEMO_SPY_WHISPER, 300, NULL), >, 0.9);

  loud = last_heard (f, 300);
  astrix_audio_stream_set_volume (stream_of (f), 0.5);
  wait_ms (500);
  quiet = last_heard (f, 300);
  rms = tone_rms ((const gint16 *) quiet->data, quiet->len) /
        tone_rms ((const gint16 *) loud->data, loud->len);
  g_assert_cmpfloat (rms, >, 0.45);
  g_assert_cmpfloat (rms, <, 0.55);
}

/* Stop: a Hangup of our channel; the stream closes. */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *channel = NULL;
  AstrixAudioStream *stream;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  stream = stream_of (f);
  channel = g_strdup (our_channel (f->session));
  astrix_monitor_session_stop (f->session);
  WAIT_UNTIL (astrix_monitor_session_get_state (f->session) == ASTRIX_SESSION_ENDED, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, channel);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (f->session)),
                   ==, "Monitoring stopped.");
  g_assert_null (astrix_phone_call_get_error (astrix_monitor_session_get_call (f->session)));
  g_assert_true (_astrix_audio_stream_is_closed (stream));
  g_assert_false (_astrix_audio_stream_get_microphone_open (stream));
  g_assert_cmpuint (_astrix_demo_pbx_get_audio_frames_received (f->pbx, channel, 0x03), ==, 0);
}

/* The spied call ends: ChanSpy returns (E) and the session says so. */
static void
test_spied_call_ends (Fixture       *f,
                      gconstpointer  data)
{
  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, f->target));
  WAIT_UNTIL (!astrix_monitor_session_is_running (f->session), 3000);
  g_assert_cmpint (astrix_monitor_session_get_state (f->session), ==, ASTRIX_SESSION_ENDED);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (f->session)),
                   ==, "The call has ended.");
  g_assert_true (_astrix_audio_stream_is_closed (stream_of (f)));
}

typedef struct
{
  char     *service;   /* host:port of the app's listener */
  char     *uuid;
  gboolean  done;
  gboolean  refused;   /* closed at once, with nothing sent */
} Intruder;

/* Connects like Asterisk would, in a thread: the main loop (the app's listener) goes on. */
static gpointer
intrude (gpointer data)
{
  Intruder *intruder = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, intruder->service, 0, NULL, NULL);
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GError) error = NULL;
  guint8 uuid[16];
  guint8 byte;
  gssize n;

  g_assert_nonnull (connection);
  g_assert_true (astrix_audiosocket_uuid_parse (intruder->uuid, uuid));
  frame = _astrix_audiosocket_frame_new (ASTRIX_AUDIOSOCKET_KIND_UUID, uuid, 16);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             g_bytes_get_data (frame, NULL), 19, NULL, NULL, NULL);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 3);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), &byte, 1,
                           NULL, &error);
  /* EOF or a reset: closed. Not a timeout: nothing at all would have happened then. */
  intruder->refused = n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR,
                                                            G_IO_ERROR_TIMED_OUT));
  g_atomic_int_set (&intruder->done, TRUE);
  return NULL;
}

/* Someone else hangs our channel up (an administrator): said as it is, not as a phone. */
static void
test_hung_up_by_pbx (Fixture       *f,
                     gconstpointer  data)
{
  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, our_channel (f->session)));
  WAIT_UNTIL (!astrix_monitor_session_is_running (f->session), 3000);
  g_assert_cmpint (astrix_monitor_session_get_state (f->session), ==, ASTRIX_SESSION_ENDED);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (f->session)),
                   ==,
                   "The PBX ended the call’s audio on this computer.");
  g_assert_true (_astrix_audio_stream_is_closed (stream_of (f)));
}

/* Someone connects with a UUID the app never issued, or with ours once more: refused. */
static void
test_unknown_and_reused_uuid (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(GStrv) parts = NULL;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  parts = g_strsplit (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"),
                                       "Channel"), "/", -1);
  for (guint i = 0; i < 2; i++)
    {
      Intruder intruder = { parts[1], i == 0 ? "00000000-0000-4000-8000-000000000000" : parts[2] };
      GThread *thread = g_thread_new ("intruder", intrude, &intruder);
      gint64 start = g_get_monotonic_time ();

      WAIT_UNTIL (g_atomic_int_get (&intruder.done), 5000);
      g_thread_join (thread);
      g_assert_true (intruder.refused);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 1000000);
    }
  /* The session goes on. */
  wait_ms (100);
  g_assert_cmpint (astrix_monitor_session_get_state (f->session), ==, ASTRIX_SESSION_ACTIVE);
  g_assert_false (_astrix_audio_stream_is_closed (stream_of (f)));
}

/* Nothing could reach this computer (a firewall): Reason 8, in words. */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const GError *failure;

  astrix_demo_pbx_set_audio_fault (f->pbx, ASTRIX_DEMO_AUDIO_UNREACHABLE);
  f->session = new_session (f, ASTRIX_MONITOR_MODE_LISTEN);
  g_assert_true (astrix_monitor_session_start (f->session, &error));
  WAIT_UNTIL (astrix_monitor_session_get_state (f->session) == ASTRIX_SESSION_FAILED, 3000);
  failure = astrix_phone_call_get_error (astrix_monitor_session_get_call (f->session));
  g_assert_error (failure, ASTRIX_ERROR, ASTRIX_ERROR_PHONE_CONGESTION);
  g_assert_nonnull (strstr (failure->message, "could not reach this computer at 127.0.0.1:"));
  g_assert_nonnull (strstr (failure->message, "firewall"));
  g_assert_null (astrix_phone_call_get_audio_stream (astrix_monitor_session_get_call (f->session)));
}

/* The PBX vanishes mid-stream: the session ends with a clear message. */
static void
test_pbx_vanishes (Fixture       *f,
                   gconstpointer  data)
{
  const GError *error;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  wait_ms (300);
  astrix_demo_pbx_stop (f->pbx);
  WAIT_UNTIL (astrix_monitor_session_get_state (f->session) == ASTRIX_SESSION_FAILED, 3000);
  error = astrix_phone_call_get_error (astrix_monitor_session_get_call (f->session));
  g_test_message ("%s", error->message);
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
  g_assert_nonnull (strstr (error->message, "PBX"));
  g_assert_true (_astrix_audio_stream_is_closed (stream_of (f)));
  g_assert_false (_astrix_audio_stream_get_microphone_open (stream_of (f)));
}

/* The audio stops, the AMI link stays (a frozen PBX): after a few seconds, in words. */
static void
test_audio_stalls (Fixture       *f,
                   gconstpointer  data)
{
  const GError *error;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  WAIT_UNTIL (_astrix_audio_stream_get_n_frames_received (stream_of (f)) > 10, 2000);
  astrix_demo_pbx_set_audio_fault (f->pbx, ASTRIX_DEMO_AUDIO_STALL);
  WAIT_UNTIL (astrix_monitor_session_get_state (f->session) == ASTRIX_SESSION_FAILED, 6000);
  error = astrix_phone_call_get_error (astrix_monitor_session_get_call (f->session));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
  g_assert_cmpstr (error->message, ==, "The PBX stopped sending the call’s audio.");
  /* The channel is hung up, in case the PBX is still there. */
  WAIT_UNTIL (_astrix_demo_pbx_last_received (f->pbx, "Hangup") != NULL, 2000);
}

/* The audio connection goes and nothing is said on AMI: after a grace, in words. */
static void
test_audio_dropped (Fixture       *f,
                    gconstpointer  data)
{
  const GError *error;

  start_active (f, ASTRIX_MONITOR_MODE_LISTEN);
  astrix_demo_pbx_set_audio_fault (f->pbx, ASTRIX_DEMO_AUDIO_DROP);
  WAIT_UNTIL (_astrix_audio_stream_is_closed (stream_of (f)), 2000);
  g_assert_cmpint (astrix_monitor_session_get_state (f->session), ==, ASTRIX_SESSION_ACTIVE);
  WAIT_UNTIL (astrix_monitor_session_get_state (f->session) == ASTRIX_SESSION_FAILED, 3000);
  error = astrix_phone_call_get_error (astrix_monitor_session_get_call (f->session));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
  g_assert_cmpstr (error->message, ==, "The PBX closed the call’s audio connection.");
  WAIT_UNTIL (_astrix_demo_pbx_last_received (f->pbx, "Hangup") != NULL, 2000);
}

/* A fixed port; one session replacing another shares the listener on it. */
static void
test_fixed_port_and_replace (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AstrixMonitor) monitor = astrix_monitor_new ();
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *second_target = astrix_demo_pbx_add_call (f->pbx, "1002", "+15551230002",
                                                             "Grace");
  AstrixMonitorSession *first, *second;
  AmiMessage *originate;
  guint port;

  /* A port free a moment ago. */
  g_assert_true (g_socket_bind (probe, any, TRUE, NULL));
  bound = g_socket_get_local_address (probe, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (probe, NULL);
  g_object_set (f->config, "audiosocket-port", port, NULL);
  prefix = g_strdup_printf ("AudioSocket/127.0.0.1:%u/", port);
  WAIT_UNTIL (astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection),
                                                   second_target) != NULL, 2000);

  first = astrix_monitor_request (monitor, f->connection, f->target, ASTRIX_MONITOR_MODE_LISTEN,
                                  NULL);
  g_object_ref (first);
  WAIT_UNTIL (astrix_monitor_session_get_state (first) == ASTRIX_SESSION_ACTIVE, 3000);
  originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  g_assert_true (g_str_has_prefix (ami_message_get (originate, "Channel"), prefix));
  second = astrix_monitor_request (monitor, f->connection, second_target,
                                   ASTRIX_MONITOR_MODE_WHISPER, NULL);
  WAIT_UNTIL (astrix_monitor_session_get_state (second) == ASTRIX_SESSION_ACTIVE, 5000);
  originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  g_assert_true (g_str_has_prefix (ami_message_get (originate, "Channel"), prefix));
  g_assert_cmpint (astrix_monitor_session_get_state (first), ==, ASTRIX_SESSION_ENDED);
  g_assert_nonnull (astrix_phone_call_get_audio_stream (astrix_monitor_session_get_call (second)));
  g_assert_true (_astrix_audio_stream_is_closed (
    astrix_phone_call_get_audio_stream (astrix_monitor_session_get_call (first))));
  astrix_monitor_stop (monitor, NULL);
  WAIT_UNTIL (!astrix_monitor_session_is_running (second), 3000);
  g_object_unref (first);
}

#define ADD(path, func) \
  g_test_add ("/monitor-audiosocket" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  /* The desktop's devices, replaced as a user can: an appsink to hear, a tone to talk. */
  g_setenv ("ASTRIX_AUDIO_SINK", SINK, TRUE);
  g_setenv ("ASTRIX_AUDIO_SOURCE", SOURCE, TRUE);
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  ADD ("/listen", test_listen);
  ADD ("/whisper-and-barge", test_whisper_and_barge);
  ADD ("/start-whispering", test_start_whispering);
  ADD ("/mute-and-volume", test_mute_and_volume);
  ADD ("/stop", test_stop);
  ADD ("/spied-call-ends", test_spied_call_ends);
  ADD ("/hung-up-by-pbx", test_hung_up_by_pbx);
  ADD ("/unknown-and-reused-uuid", test_unknown_and_reused_uuid);
  ADD ("/unreachable", test_unreachable);
  ADD ("/pbx-vanishes", test_pbx_vanishes);
  ADD ("/audio-stalls", test_audio_stalls);
  ADD ("/audio-dropped", test_audio_dropped);
  ADD ("/fixed-port-and-replace", test_fixed_port_and_replace);

  return g_test_run ();
}

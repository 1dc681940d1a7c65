/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

#include <gst/app/app.h>

#include "astrix-audio-stream-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-monitor-session-private.h"
#include "wait.h"

/*
 * Listening on this computer: how late the call plays, and how evenly. The simulated PBX sends
 * frames whose samples are their own number, and records when it sent each; the desktop's sink
 * (an appsink that plays in real time, sync=true) notes when each frame is played. Added
 * latency = played - sent (socket, parsing, jitter buffer, pipeline; a sound card's own buffer
 * comes on top); worst gap = the longest time between two frames played, in steady state.
 * A second run stalls the main loop (where the PBX and the AMI client live) 30 ms in every
 * 250 ms, as a busy desktop would.
 */

#define SINK     "appsink name=bench-sink sync=true " \
                 "caps=audio/x-raw,format=S16LE,rate=8000,channels=1"
#define SETTLE_S 1
#define RUN_S    10

typedef struct
{
  gint64 at;
  guint  frame;
} Played;

static GMutex lock;
static GArray *played;   /* Played */

static void
wait_until (gboolean (*check) (gpointer), gpointer data, guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        {
          fprintf (stderr, "bench-audiosocket: timed out\n");
          exit (1);
        }
      wait_ms (5);
    }
}

static GstFlowReturn
on_sample (GstAppSink *sink,
           gpointer    data)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  Played p = { g_get_monotonic_time (), 0 };
  gint16 first = 0;

  if (gst_buffer_extract (buffer, 0, &first, 2) == 2 && first > 0)
    {
      p.frame = (guint) first - 1;
      g_mutex_lock (&lock);
      g_array_append_val (played, p);
      g_mutex_unlock (&lock);
    }
  return GST_FLOW_OK;
}

static void
on_audio_stream (AstrixMonitorSession *session,
                 GParamSpec           *pspec,
                 gpointer              data)
{
  AstrixPhoneCall *call = astrix_monitor_session_get_call (session);
  AstrixAudioStream *stream = astrix_phone_call_get_audio_stream (call);
  GstAppSinkCallbacks callbacks = { .new_sample = on_sample };
  g_autoptr(GstElement) sink =
    gst_bin_get_by_name (GST_BIN (_astrix_audio_stream_get_playback_pipeline (stream)),
                         "bench-sink");

  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, NULL, NULL);
}

static gboolean
stall (gpointer data)
{
  g_usleep (30000);
  return G_SOURCE_CONTINUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Plays for RUN_S seconds; the figures of what came after the first SETTLE_S. */
static void
measure (AstrixDemoPbx *pbx,
         const char    *channel,
         const char    *label)
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 start, worst_gap = 0, last = 0;
  guint n;

  g_mutex_lock (&lock);
  g_array_set_size (played, 0);
  g_mutex_unlock (&lock);
  start = g_get_monotonic_time ();
  wait_ms ((SETTLE_S + RUN_S) * 1000);

  g_mutex_lock (&lock);
  for (guint i = 0; i < played->len; i++)
    {
      Played *p = &g_array_index (played, Played, i);
      gint64 sent = _astrix_demo_pbx_get_audio_sent_time (pbx, channel, p->frame);

      if (p->at - start < SETTLE_S * G_USEC_PER_SEC)
        continue;
      if (last != 0)
        worst_gap = MAX (worst_gap, p->at - last);
      last = p->at;
      if (sent > 0)
        {
          gint64 latency = p->at - sent;

          g_array_append_val (latencies, latency);
        }
    }
  g_mutex_unlock (&lock);

  n = latencies->len;
  if (n == 0)
    {
      fprintf (stderr, "bench-audiosocket: nothing played\n");
      exit (1);
    }
  g_array_sort (latencies, compare_gint64);
  printf ("%s: %u frames in %d s; latency median %.1f ms, 95th percentile %.1f ms, max %.1f ms\n",
          label, n, RUN_S, g_array_index (latencies, gint64, n / 2) / 1000.0,
          g_array_index (latencies, gint64, n * 95 / 100) / 1000.0,
          g_array_index (latencies, gint64, n - 1) / 1000.0);
  printf ("%s: %.0f ms added latency, %.0f ms worst gap\n", label,
          g_array_index (latencies, gint64, n / 2) / 1000.0, worst_gap / 1000.0);
}

static gboolean
connected (gpointer data)
{
  return astrix_connection_get_state (data) == ASTRIX_CONNECTION_CONNECTED;
}

static gboolean
active (gpointer data)
{
  return astrix_monitor_session_get_state (data) == ASTRIX_SESSION_ACTIVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AstrixDemoPbx) pbx = NULL;
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(AstrixConnection) connection = NULL;
  g_autoptr(AstrixMonitorSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  const char *channel;
  guint stall_id;

  g_setenv ("ASTRIX_AUDIO_SINK", SINK, TRUE);
  g_setenv ("ASTRIX_AUDIO_SOURCE", "audiotestsrc is-live=true", TRUE);
  gst_init (&argc, &argv);
  played = g_array_new (FALSE, FALSE, sizeof (Played));

  pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (pbx, 0.05);
  if (!astrix_demo_pbx_start (pbx, 0, &error))
    g_error ("%s", error->message);
  astrix_demo_pbx_set_audio_signal (pbx, ASTRIX_DEMO_AUDIO_FRAME_NUMBER, 0);
  target = astrix_demo_pbx_add_call (pbx, "1001", "+15551230001", "Ada Lovelace");
  config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                         "name", "Bench PBX", "host", "127.0.0.1",
                         "port", (guint) astrix_demo_pbx_get_port (pbx),
                         "username", "astrix_proxy", "endpoint", ASTRIX_ENDPOINT_AUDIOSOCKET,
                         NULL);
  connection = astrix_connection_new (config);
  astrix_connection_start (connection, "SecurePassword123!");
  wait_until (connected, connection, 5000);
  wait_ms (200);

  session = astrix_connection_create_session (connection, target, ASTRIX_MONITOR_MODE_LISTEN,
                                              &error);
  if (session == NULL)
    g_error ("%s", error->message);
  g_signal_connect (session, "notify::audio-stream", G_CALLBACK (on_audio_stream), NULL);
  if (!astrix_monitor_session_start (session, &error))
    g_error ("%s", error->message);
  wait_until (active, session, 5000);

  channel = astrix_phone_call_get_channel (astrix_monitor_session_get_call (session));
  measure (pbx, channel, "audiosocket");
  stall_id = g_timeout_add (250, stall, NULL);
  measure (pbx, channel,
           "audiosocket (main loop stalled 30 ms every 250 ms)");
  g_source_remove (stall_id);

  astrix_monitor_session_stop (session);
  wait_ms (200);
  astrix_connection_stop (connection);
  wait_ms (50);
  astrix_demo_pbx_stop (pbx);
  return 0;
}

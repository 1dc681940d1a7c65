/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-pbx-cost: what one supervisor's session costs the PBX. The simulated PBX counts the
 * bytes it sends to the app (AstrixConnection, as the app runs it) during ten simulated
 * minutes of a call centre: calls already up at login, customers calling in (seeded: the same
 * load every run) to the centre's queues, where they wait until a member is free and answers
 * (or give up when their time is up first), calls ending, one listen (ChanSpy, 90 s) and one
 * recording played on the supervisor's phone (60 s). Twice: with the app's event mask and
 * the seed's user, then unmasked (no Events header, a user who reads everything). Prints
 *   pbx-cost: <B> bytes/s to the app, <P> % of an unmasked session
 * Target: at most 45 %.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-phone-playback-private.h"
#include "files.h"
#include "wait.h"

#define SCALE        0.01      /* real seconds per simulated second */
#define SIM_SECONDS  600
#define SEED         14
#define FIRST_CALLS  6
#define MAX_CALLS    12
#define ARRIVAL_P    0.125     /* a customer calls in, each simulated second */
#define LISTEN_AT    60
#define LISTEN_STOP  150
#define PLAYBACK_AT  200
#define RECORDING_MS 60000
#define PBX_PATH     "/var/spool/asterisk/monitor"
#define RECORDING    "20261126-101500-1795666433.57.wav"

/* The simulated PBX's queues (astrix-demo-callcentre.c): a customer calls one of them. */
static const char *const queues[] = { "support", "sales", "billing" };

typedef struct
{
  char     *channel;            /* the agent's channel, or the customer's in a queue */
  gboolean  queued;
  int       ends_at;            /* simulated second: the customer hangs up */
} Call;

/* What the queues did, from the events the app received (class agent, in both runs) */
typedef struct
{
  guint joined;
  guint answered;
  guint abandoned;
} QueueTally;

typedef struct
{
  const char           *user;
  AstrixDemoPbx        *pbx;
  AstrixServerConfig   *config;
  AstrixConnection     *connection;
  GRand                *rand;
  GPtrArray            *calls;  /* Call */
  AstrixMonitorSession *listen;
  AstrixPhonePlayback  *playback;
  QueueTally            queue;
  char                 *dir;    /* the recordings folder as this desktop sees it */
  char                 *pbx_dir;
  guint                 n_calls;
} Run;

/* PBX_COST_DEBUG=1: the bytes of each kind of event the app received, on stderr */
static void
tally (AmiClient  *client,
       AmiMessage *event,
       GHashTable *bytes)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *name = ami_message_get_name (event);
  guint64 *count;

  ami_message_write (event, text);
  count = g_hash_table_lookup (bytes, name != NULL ? name : "?");
  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (bytes, g_strdup (name != NULL ? name : "?"), count);
    }
  *count += text->len;
}

static void
print_tally (GHashTable *bytes)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, bytes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    fprintf (stderr, "  %-24s %10" G_GUINT64_FORMAT "\n", (char *) key, *(guint64 *) value);
}

static void
count_queue_event (AmiClient  *client,
                   AmiMessage *event,
                   QueueTally *queue)
{
  const char *name = ami_message_get_name (event);

  if (g_strcmp0 (name, "QueueCallerJoin") == 0)
    queue->joined++;
  else if (g_strcmp0 (name, "AgentConnect") == 0)
    queue->answered++;
  else if (g_strcmp0 (name, "QueueCallerAbandon") == 0)
    queue->abandoned++;
}

static void
call_free (Call *call)
{
  g_free (call->channel);
  g_free (call);
}

/* A customer calls an agent directly (the calls up at login), or calls a queue's line and
 * stays on until the call's time is up: answered by then, or abandoning the queue. */
static void
call_in (Run      *run,
         int       now,
         gboolean  queued)
{
  Call *call;
  char *channel;

  if (queued)
    channel = astrix_demo_pbx_add_queue_call (run->pbx, queues[g_rand_int_range (
                                                run->rand, 0, G_N_ELEMENTS (queues))], NULL, NULL);
  else
    channel = astrix_demo_pbx_add_call (run->pbx, NULL, NULL, NULL);
  if (channel == NULL)
    return;
  call = g_new0 (Call, 1);
  call->channel = channel;
  call->queued = queued;
  call->ends_at = now + g_rand_int_range (run->rand, 20, 240);
  g_ptr_array_add (run->calls, call);
  run->n_calls++;
}

static void
start_listen (Run *run)
{
  g_autoptr(GError) error = NULL;
  Call *longest = NULL;

  /* The agent of the longest call with a known agent's channel */
  for (guint i = 0; i < run->calls->len; i++)
    {
      Call *call = g_ptr_array_index (run->calls, i);

      if (!call->queued && (longest == NULL || call->ends_at > longest->ends_at))
        longest = call;
    }
  run->listen = astrix_connection_create_session (run->connection, longest->channel,
                                                  ASTRIX_MONITOR_MODE_LISTEN, &error);
  if (run->listen == NULL || !astrix_monitor_session_start (run->listen, &error))
    g_error ("bench-pbx-cost: cannot listen: %s", error->message);
}

static void
start_playback (Run *run)
{
  g_autofree char *path = g_build_filename (run->dir, RECORDING, NULL);
  g_autoptr(GError) error = NULL;

  /* The PBX finds the file (and its length) only while it has the folder: just for this. */
  if (!astrix_demo_pbx_set_recordings_dir (run->pbx, run->pbx_dir, PBX_PATH, &error))
    g_error ("bench-pbx-cost: %s", error->message);
  run->playback = astrix_phone_playback_new (astrix_connection_get_client (run->connection),
                                             run->config, path);
  _astrix_phone_playback_set_time_scale (run->playback, SCALE);
  astrix_phone_playback_set_duration (run->playback, RECORDING_MS);
  if (!astrix_phone_playback_start (run->playback, &error))
    g_error ("bench-pbx-cost: cannot play: %s", error->message);
}

/* One simulated second of the call centre. */
static void
step (Run *run,
      int  now)
{
  for (guint i = run->calls->len; i > 0; i--)
    {
      Call *call = g_ptr_array_index (run->calls, i - 1);

      if (call->ends_at <= now)
        {
          astrix_demo_pbx_hangup (run->pbx, call->channel);
          g_ptr_array_remove_index (run->calls, i - 1);
        }
    }
  if (run->calls->len < MAX_CALLS && g_rand_double (run->rand) < ARRIVAL_P)
    call_in (run, now, TRUE);

  if (now == LISTEN_AT)
    start_listen (run);
  else if (now == LISTEN_STOP)
    astrix_monitor_session_stop (run->listen);
  else if (now == PLAYBACK_AT)
    start_playback (run);
  if (run->playback != NULL && !astrix_phone_playback_is_running (run->playback))
    astrix_demo_pbx_set_recordings_dir (run->pbx, NULL, NULL, NULL);
}

static void
run_init (Run        *run,
          const char *user,
          const char *secret,
          gboolean    masked,
          const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (dir, NULL, NULL);
  g_autofree char *on_pbx = NULL;

  run->user = user;
  run->dir = g_strdup (dir);
  run->pbx_dir = g_build_filename (dir, "pbx", NULL);
  /* The PBX's copy of the recording, in its own folder */
  on_pbx = g_build_filename (run->pbx_dir, RECORDING, NULL);
  g_mkdir_with_parents (run->pbx_dir, 0700);
  write_silent_wav (on_pbx, RECORDING_MS);
  run->rand = g_rand_new_with_seed (SEED);
  run->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);
  run->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_seed (run->pbx, SEED);
  astrix_demo_pbx_set_time_scale (run->pbx, SCALE);
  if (!astrix_demo_pbx_start (run->pbx, 0, &error))
    g_error ("bench-pbx-cost: %s", error->message);
  for (guint i = 0; i < FIRST_CALLS; i++)
    call_in (run, 0, FALSE);

  run->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                              "name", "Bench PBX", "host", "127.0.0.1",
                              "port", (guint) astrix_demo_pbx_get_port (run->pbx),
                              "username", user, "endpoint", "PJSIP/2000",
                              "recordings-uri", uri, "pbx-recordings-path", PBX_PATH,
                              NULL);
  run->connection = astrix_connection_new (run->config);
  if (!masked)
    ami_client_set_event_mask (astrix_connection_get_client (run->connection), NULL);
  astrix_connection_start (run->connection, secret);
  for (guint i = 0; i < 500 && astrix_connection_get_state (run->connection) !=
                                 ASTRIX_CONNECTION_CONNECTED; i++)
    wait_ms (10);
  if (astrix_connection_get_state (run->connection) != ASTRIX_CONNECTION_CONNECTED)
    g_error ("bench-pbx-cost: cannot connect as %s", user);
}

static void
run_clear (Run *run)
{
  g_autoptr(GFile) pbx_dir = g_file_new_for_path (run->pbx_dir);

  astrix_connection_stop (run->connection);
  wait_ms (50);
  g_clear_object (&run->listen);
  g_clear_object (&run->playback);
  g_clear_object (&run->connection);
  g_clear_object (&run->config);
  astrix_demo_pbx_stop (run->pbx);
  g_clear_object (&run->pbx);
  g_ptr_array_unref (run->calls);
  g_rand_free (run->rand);
  remove_tree (pbx_dir);
  g_free (run->pbx_dir);
  g_free (run->dir);
}

/* Returns: the bytes the PBX sent to the app during the load. */
static guint64
measure (const char *user,
         const char *secret,
         gboolean    masked,
         const char *dir)
{
  Run run = { 0 };
  guint64 before, after;
  AstrixPlaybackState played;

  gint64 start;
  int done = 0;

  g_autoptr(GHashTable) bytes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  run_init (&run, user, secret, masked, dir);
  g_signal_connect (astrix_connection_get_client (run.connection), "event",
                    G_CALLBACK (count_queue_event), &run.queue);
  if (g_getenv ("PBX_COST_DEBUG") != NULL)
    g_signal_connect (astrix_connection_get_client (run.connection), "event", G_CALLBACK (tally),
                      bytes);
  before = astrix_demo_pbx_get_bytes_sent (run.pbx, user);
  /* The load keeps to the simulated PBX's clock (real time over the scale): a late wake-up
   * runs the seconds it missed at once. */
  start = g_get_monotonic_time ();
  while (done < SIM_SECONDS)
    {
      int now = MIN ((g_get_monotonic_time () - start) / (G_USEC_PER_SEC * SCALE), SIM_SECONDS);

      for (; done < now; done++)
        step (&run, done);
      wait_ms (2);
    }
  after = astrix_demo_pbx_get_bytes_sent (run.pbx, user);
  played = astrix_phone_playback_get_state (run.playback);
  fprintf (stderr, "bench-pbx-cost: %s%s: %u calls (queues: %u joined, %u answered, %u "
           "abandoned), %" G_GUINT64_FORMAT " bytes in %d s (+%" G_GUINT64_FORMAT " at login); "
           "listen %s, playback %s\n",
           user, masked ? " with the app's mask" : " unmasked", run.n_calls, run.queue.joined,
           run.queue.answered, run.queue.abandoned, after - before, SIM_SECONDS, before,
           astrix_monitor_session_get_state (run.listen) == ASTRIX_SESSION_ENDED ? "ended"
                                                                                : "not ended",
           played == ASTRIX_PLAYBACK_ENDED ? "ended" : "not ended");
  if (played != ASTRIX_PLAYBACK_ENDED)
    g_error ("bench-pbx-cost: the playback did not play to its end (state %d: %s)", played,
             astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (run.playback)));
  print_tally (bytes);
  run_clear (&run);
  return after - before;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("bench-pbx-cost-XXXXXX", NULL);
  g_autofree char *recording = g_build_filename (dir, RECORDING, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  guint64 masked, unmasked;

  write_silent_wav (recording, RECORDING_MS);
  masked = measure ("astrix_proxy", "SecurePassword123!", TRUE, dir);
  unmasked = measure ("astrix_admin", "AdminPass789!", FALSE, dir);
  remove_tree (folder);

  printf ("pbx-cost: %.0f bytes/s to the app, %.1f %% of an unmasked session\n",
          (double) masked / SIM_SECONDS, 100.0 * masked / MAX (unmasked, 1));
  return 0;
}

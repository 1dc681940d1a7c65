/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AstrixPhonePlayback against the simulated PBX, which plays only what is in its recordings
 * folder and behaves as capture 11 shows: the Originate, every transport control and what our
 * clock makes of it, CPLAYBACKOFFSET, seeking by calling again with o(), the site's own
 * playback context (ControlPlayback or Playback), each failure in words, and the names that
 * must never reach a dialplan argument; and the windows in which it asks the PBX for
 * dialplan events, each catching what it waits for.
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ami-client-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "astrix-phone-playback-private.h"
#include "files.h"
#include "wait.h"

#define ENDPOINT   "PJSIP/2000"
#define PBX_PATH   "/var/spool/asterisk/monitor"
#define RECORDING  "20261126-101500-1795666433.57.wav"
#define LENGTH_MS  30000
#define SCALE      0.05
/* A longer recording, whose middle is long enough to look at */
#define LONG       "20261126-103000-1795667000.12.wav"
#define LONG_MS    60000
/* The channels of the supervisor's phone: ours; any other is another call's */
#define OURS       ENDPOINT "-"

typedef struct
{
  char               *dir;        /* holds monitor/ (the PBX's folder) and desktop/ */
  char               *monitor;
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  GArray             *states;
  GPtrArray          *offsets;    /* CPLAYBACKOFFSET values seen */
  GPtrArray          *statuses;   /* (C)PLAYBACKSTATUS values seen on our channels */
  guint               others;     /* VarSet and Newexten of other calls received */
  guint               other_calls; /* Newchannel of other calls received (class call) */
} Fixture;

static void
on_event (AmiClient  *client,
          AmiMessage *event,
          Fixture    *f)
{
  if (ami_message_is (event, "Variable", "CPLAYBACKOFFSET"))
    g_ptr_array_add (f->offsets, g_strdup (ami_message_get (event, "Value")));
  else if ((ami_message_is (event, "Variable", "CPLAYBACKSTATUS") ||
            ami_message_is (event, "Variable", "PLAYBACKSTATUS")) &&
           g_str_has_prefix (ami_message_get (event, "Channel"), OURS))
    g_ptr_array_add (f->statuses, g_strdup (ami_message_get (event, "Value")));
}

/* What the PBX sends of the other calls: dialplan events, and their Newchannel (call). */
static void
on_any_event (AmiClient  *client,
              AmiMessage *event,
              Fixture    *f)
{
  const char *channel = ami_message_get (event, "Channel");

  if (channel == NULL || g_str_has_prefix (channel, OURS))
    return;
  if (ami_message_is (event, "Event", "VarSet") || ami_message_is (event, "Event", "Newexten"))
    f->others++;
  else if (ami_message_is (event, "Event", "Newchannel"))
    f->other_calls++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *uri = NULL;

  f->dir = g_dir_make_tmp ("astrix-playback-XXXXXX", NULL);
  f->monitor = g_build_filename (f->dir, "monitor", NULL);
  recording = g_build_filename (f->monitor, RECORDING, NULL);
  write_silent_wav (recording, LENGTH_MS);

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, SCALE);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (f->pbx, f->monitor, PBX_PATH, &error));
  g_assert_no_error (error);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));

  /* This desktop sees the PBX's folder where it is; the PBX calls it /var/spool/... */
  uri = g_filename_to_uri (f->monitor, NULL, NULL);
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Test PBX",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", "astrix_proxy",
                            "endpoint", ENDPOINT,
                            "recordings-uri", uri,
                            "pbx-recordings-path", PBX_PATH,
                            NULL);
  f->connection = astrix_connection_new (f->config);
  astrix_connection_start (f->connection, "SecurePassword123!");
  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
  f->states = g_array_new (FALSE, FALSE, sizeof (AstrixPlaybackState));
  f->offsets = g_ptr_array_new_with_free_func (g_free);
  f->statuses = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (astrix_connection_get_client (f->connection), "event::VarSet",
                    G_CALLBACK (on_event), f);
  g_signal_connect (astrix_connection_get_client (f->connection), "event",
                    G_CALLBACK (on_any_event), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  g_signal_handlers_disconnect_by_data (astrix_connection_get_client (f->connection), f);
  astrix_connection_stop (f->connection);
  wait_ms (50);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_array_unref (f->states);
  g_ptr_array_unref (f->offsets);
  g_ptr_array_unref (f->statuses);
  remove_tree (dir);
  g_free (f->monitor);
  g_free (f->dir);
}

/* Our channel on the supervisor's phone, once known */
static const char *
our_channel (AstrixPhonePlayback *playback)
{
  return astrix_phone_call_get_channel (astrix_phone_playback_get_call (playback));
}

static void
record_state (AstrixPhonePlayback *playback,
              GParamSpec          *pspec,
              Fixture             *f)
{
  AstrixPlaybackState state = astrix_phone_playback_get_state (playback);

  g_array_append_val (f->states, state);
}

static gboolean
saw_state (Fixture             *f,
           AstrixPlaybackState  state)
{
  for (guint i = 0; i < f->states->len; i++)
    {
      if (g_array_index (f->states, AstrixPlaybackState, i) == state)
        return TRUE;
    }
  return FALSE;
}

static AstrixPhonePlayback *
new_playback (Fixture    *f,
              const char *recording)
{
  AstrixPhonePlayback *playback =
    astrix_phone_playback_new (astrix_connection_get_client (f->connection), f->config, recording);

  _astrix_phone_playback_set_time_scale (playback, SCALE);
  g_signal_connect (playback, "notify::state", G_CALLBACK (record_state), f);
  return playback;
}

static char *
recording_path (Fixture    *f,
                const char *name)
{
  return g_build_filename (f->monitor, name, NULL);
}

static AstrixPhonePlayback *
start_recording (Fixture    *f,
                 const char *name,
                 gint64      length_ms)
{
  g_autofree char *path = recording_path (f, name);
  AstrixPhonePlayback *playback = new_playback (f, path);
  g_autoptr(GError) error = NULL;

  astrix_phone_playback_set_duration (playback, length_ms);
  g_assert_true (astrix_phone_playback_start (playback, &error));
  g_assert_no_error (error);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_REQUESTED);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_PLAYING, 3000);
  return playback;
}

static AstrixPhonePlayback *
start_playing (Fixture *f)
{
  return start_recording (f, RECORDING, LENGTH_MS);
}

static void
control (AstrixPhonePlayback   *playback,
         AstrixPlaybackControl  what)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (astrix_phone_playback_control (playback, what, &error));
  g_assert_no_error (error);
}

/* The last ControlPlayback went to our channel with this control; its answer has come. */
static void
assert_control_sent (Fixture             *f,
                     AstrixPhonePlayback *playback,
                     const char          *what,
                     guint                count)
{
  AmiMessage *action;

  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "ControlPlayback") == count, 2000);
  action = _astrix_demo_pbx_last_received (f->pbx, "ControlPlayback");
  g_assert_cmpstr (ami_message_get (action, "Channel"), ==, our_channel (playback));
  g_assert_cmpstr (ami_message_get (action, "Control"), ==, what);
  wait_ms (30);
}

/* Our clock against the simulated PBX's: about the same, give or take a few of its ms. */
#define assert_near(a, b) g_assert_cmpint (ABS ((gint64) (a) - (gint64) (b)), <=, 700)

static void
test_play_to_the_end (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);
  AmiMessage *originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  static const char *keys[] = { "Action", "Channel", "Application", "Data", "CallerID",
                                "Timeout", "Async", "ActionID" };
  gint64 position;

  g_assert_cmpuint (ami_message_get_n_fields (originate), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (ami_message_get_key (originate, i), ==, keys[i]);
  g_assert_cmpstr (ami_message_get (originate, "Channel"), ==, ENDPOINT);
  g_assert_cmpstr (ami_message_get (originate, "Application"), ==, "ControlPlayback");
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==,
                   PBX_PATH "/20261126-101500-1795666433.57,3000");
  g_assert_cmpstr (ami_message_get (originate, "Async"), ==, "true");
  g_assert_cmpstr (astrix_phone_playback_get_pbx_file (playback), ==,
                   PBX_PATH "/20261126-101500-1795666433.57");
  g_assert_true (saw_state (f, ASTRIX_PLAYBACK_RINGING));
  g_assert_true (g_str_has_prefix (our_channel (playback), ENDPOINT "-"));
  g_assert_cmpint (_astrix_phone_playback_get_started (playback), >, 0);
  g_assert_cmpstr (astrix_phone_call_get_server (astrix_phone_playback_get_call (playback)),
                   ==, "Test PBX");
  g_assert_cmpstr (astrix_phone_call_get_endpoint (astrix_phone_playback_get_call (playback)),
                   ==, ENDPOINT);

  /* The position runs on our clock from the answer. */
  wait_ms (200);
  position = astrix_phone_playback_get_position (playback);
  g_assert_cmpint (position, >, 1000);
  g_assert_cmpint (position, <, 10000);

  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 5000);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (playback)), ==,
                   "The recording has played to the end.");
  g_assert_null (astrix_phone_call_get_error (astrix_phone_playback_get_call (playback)));
  g_assert_cmpint (astrix_phone_playback_get_position (playback), ==, LENGTH_MS);
  g_assert_cmpint (_astrix_phone_playback_get_ended (playback), >=,
                   _astrix_phone_playback_get_started (playback));
  g_assert_false (astrix_phone_playback_is_running (playback));
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);
  gint64 paused_at;

  wait_ms (100);
  control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE);
  assert_control_sent (f, playback, "pause", 1);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_PAUSED);
  paused_at = astrix_phone_playback_get_position (playback);
  wait_ms (200);
  g_assert_cmpint (astrix_phone_playback_get_position (playback), ==, paused_at);

  /* pause again goes on (ControlPlayback's pause toggles). */
  control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE);
  assert_control_sent (f, playback, "pause", 2);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_PLAYING);
  wait_ms (100);
  g_assert_cmpint (astrix_phone_playback_get_position (playback), >, paused_at);

  /* Where the PBX really was when it stopped: CPLAYBACKOFFSET agrees with our clock. */
  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (f->offsets->len == 1, 2000);
  assert_near (g_ascii_strtoll (g_ptr_array_index (f->offsets, 0), NULL, 10),
               astrix_phone_playback_get_position (playback));
  WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 2000);
}

/* How far the simulated PBX's clock went since @since (monotonic µs). */
static gint64
sim_elapsed (gint64 since)
{
  return (gint64) ((g_get_monotonic_time () - since) / 1000 / SCALE);
}

static void
test_forward_reverse_restart (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);
  gint64 before;
  gint64 since;

  before = astrix_phone_playback_get_position (playback);
  since = g_get_monotonic_time ();
  control (playback, ASTRIX_PLAYBACK_CONTROL_FORWARD);
  assert_control_sent (f, playback, "forward", 1);
  assert_near (astrix_phone_playback_get_position (playback), before + 3000 + sim_elapsed (since));

  before = astrix_phone_playback_get_position (playback);
  since = g_get_monotonic_time ();
  control (playback, ASTRIX_PLAYBACK_CONTROL_REVERSE);
  assert_control_sent (f, playback, "reverse", 2);
  assert_near (astrix_phone_playback_get_position (playback), before - 3000 + sim_elapsed (since));

  wait_ms (100);
  since = g_get_monotonic_time ();
  control (playback, ASTRIX_PLAYBACK_CONTROL_RESTART);
  assert_control_sent (f, playback, "restart", 3);
  assert_near (astrix_phone_playback_get_position (playback), sim_elapsed (since));

  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (f->offsets->len == 1, 2000);
  assert_near (g_ascii_strtoll (g_ptr_array_index (f->offsets, 0), NULL, 10),
               astrix_phone_playback_get_position (playback));
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);
  g_autofree char *ours = g_strdup (our_channel (playback));
  g_auto(GStrv) channels = NULL;

  wait_ms (100);
  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_STOPPING);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "ControlPlayback"),
                                    "Control"), ==, "stop");
  /* Then the phone is hung up (capture 11b), whether or not the PBX did it first. */
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (playback)),
                   ==, "Playback stopped.");
  g_assert_cmpuint (f->offsets->len, ==, 1);
  g_assert_cmpint (astrix_phone_playback_get_position (playback), ==,
                   g_ascii_strtoll (g_ptr_array_index (f->offsets, 0), NULL, 10));
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_false (g_strv_contains ((const char * const *) channels, ours));

  /* Nothing plays now: controls are refused in words, and nothing is sent. */
  {
    g_autoptr(GError) error = NULL;
    guint sent = _astrix_demo_pbx_count_received (f->pbx, "ControlPlayback");

    g_assert_false (astrix_phone_playback_control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE,
                                                   &error));
    g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "ControlPlayback"), ==, sent);
  }
}

static void
test_hangup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);
  g_autofree char *ours = g_strdup (our_channel (playback));

  astrix_phone_playback_hangup (playback);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, ours);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "ControlPlayback"), ==, 0);
}

static void
test_seek (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);
  g_autofree char *first = g_strdup (our_channel (playback));
  g_autoptr(GError) error = NULL;
  AmiMessage *originate;
  g_auto(GStrv) channels = NULL;

  g_assert_true (astrix_phone_playback_seek (playback, 20000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (astrix_phone_playback_get_position (playback), ==, 20000);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Originate") == 2, 2000);
  originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==,
                   PBX_PATH "/20261126-101500-1795666433.57,3000,,,,,,o(20000)");
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, first);

  /* The old call's Hangup does not end the playback: the new call plays on from 20 s. */
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_PLAYING, 3000);
  g_assert_cmpstr (our_channel (playback), !=, first);
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_false (g_strv_contains ((const char * const *) channels, first));
  g_assert_cmpint (astrix_phone_playback_get_position (playback), >=, 20000);

  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (f->offsets->len == 1, 2000);
  /* The PBX started at the offset asked for. */
  g_assert_cmpint (g_ascii_strtoll (g_ptr_array_index (f->offsets, 0), NULL, 10), >=, 20000);
  assert_near (g_ascii_strtoll (g_ptr_array_index (f->offsets, 0), NULL, 10),
               astrix_phone_playback_get_position (playback));
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 3000);
}

/* The supervisor's phone cannot take the call: each reason in words. */
static void
test_phone_failures (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char  *endpoint;
    AstrixError  code;
    const char  *words;
  } cases[] = {
    { "PJSIP/2486", ASTRIX_ERROR_PHONE_BUSY, "busy" },
    { "PJSIP/2503", ASTRIX_ERROR_PHONE_CONGESTION, "congestion" },
    { "PJSIP/2404", ASTRIX_ERROR_PHONE_UNREACHABLE, "could not be called" },
    { "SIP/2000", ASTRIX_ERROR_PHONE_UNREACHABLE, "could not be called" },
    { "PJSIP/2999", ASTRIX_ERROR_PHONE_NO_ANSWER, "did not answer" },
  };
  g_autofree char *path = recording_path (f, RECORDING);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AstrixPhonePlayback) playback = NULL;
      const GError *error;

      g_object_set (f->config, "endpoint", cases[i].endpoint, NULL);
      playback = new_playback (f, path);
      g_assert_true (astrix_phone_playback_start (playback, NULL));
      WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_FAILED, 5000);
      error = astrix_phone_call_get_error (astrix_phone_playback_get_call (playback));
      g_assert_error ((GError *) error, ASTRIX_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (astrix_phone_call_get_end_reason (
                                  astrix_phone_playback_get_call (playback)),
                                cases[i].words));
      g_assert_cmpint (_astrix_phone_playback_get_started (playback), ==, 0);
      g_assert_cmpint (_astrix_phone_playback_get_ended (playback), >, 0);
    }
}

/* On this desktop, but not in the folder the PBX plays from. */
static void
test_not_found_on_pbx (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *desktop = g_build_filename (f->dir, "desktop", NULL);
  g_autofree char *path = g_build_filename (desktop, "1795670000.9.wav", NULL);
  g_autofree char *uri = g_filename_to_uri (desktop, NULL, NULL);
  static const char *contexts[] = { NULL, "ctl@playback-context", "playback-context" };

  write_silent_wav (path, 5000);
  g_object_set (f->config, "recordings-uri", uri, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_autoptr(AstrixPhonePlayback) playback = NULL;

      if (contexts[i] != NULL)
        g_object_set (f->config, "playback-method", ASTRIX_PLAYBACK_METHOD_CONTEXT,
                      "playback-context", contexts[i], NULL);
      playback = new_playback (f, path);
      g_assert_true (astrix_phone_playback_start (playback, NULL));
      WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 5000);
      g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_FAILED);
      g_assert_error ((GError *) astrix_phone_call_get_error (
                        astrix_phone_playback_get_call (playback)),
                      ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND);
      g_assert_nonnull (strstr (astrix_phone_call_get_end_reason (
                                  astrix_phone_playback_get_call (playback)),
                                PBX_PATH "/1795670000.9"));
    }
}

/* The site's own dialplan: ControlPlayback in "ctl", or Playback() which cannot pause. */
static void
test_context (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = recording_path (f, RECORDING);
  g_autoptr(AstrixPhonePlayback) playback = NULL;
  g_autoptr(GError) error = NULL;
  AmiMessage *originate;

  g_object_set (f->config, "playback-method", ASTRIX_PLAYBACK_METHOD_CONTEXT,
                "playback-context", "ctl@playback-context", NULL);
  playback = new_playback (f, path);
  g_assert_true (astrix_phone_playback_start (playback, NULL));
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_PLAYING, 3000);
  originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
  g_assert_cmpstr (ami_message_get (originate, "Context"), ==, "playback-context");
  g_assert_cmpstr (ami_message_get (originate, "Exten"), ==, "ctl");
  g_assert_cmpstr (ami_message_get (originate, "Priority"), ==, "1");
  g_assert_cmpstr (ami_message_get (originate, "Variable"), ==,
                   "RECFILE=" PBX_PATH "/20261126-101500-1795666433.57");
  g_assert_null (ami_message_get (originate, "Application"));
  g_assert_true (_astrix_phone_playback_get_controllable (playback));
  control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE);
  assert_control_sent (f, playback, "pause", 1);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_PAUSED);
  /* No o() in a dialplan we do not know: no seeking. */
  g_assert_false (astrix_phone_playback_seek (playback, 1000, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 3000);
  g_clear_object (&playback);

  /* The seed's "s": Playback(), where pause and restart would end it (capture 11, A). */
  g_object_set (f->config, "playback-context", "playback-context", NULL);
  playback = new_playback (f, path);
  g_assert_true (astrix_phone_playback_start (playback, NULL));
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Originate") == 2, 2000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"), "Exten"),
                   ==, "s");
  WAIT_UNTIL (!_astrix_phone_playback_get_controllable (playback), 3000);
  g_assert_false (astrix_phone_playback_control (playback, ASTRIX_PLAYBACK_CONTROL_PAUSE, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (astrix_phone_playback_control (playback, ASTRIX_PLAYBACK_CONTROL_RESTART,
                                                 &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  /* (the first playback's pause and stop were the first two) */
  control (playback, ASTRIX_PLAYBACK_CONTROL_FORWARD);
  assert_control_sent (f, playback, "forward", 3);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_PLAYING);
  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 3000);
}

/* Names that must never reach a dialplan argument, and files outside the folder: nothing sent. */
static void
test_rejected_names (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *outside = g_build_filename (f->dir, "secret.wav", NULL);
  g_autofree char *link = recording_path (f, "escape.wav");
  g_autofree char *text = recording_path (f, "notes.txt");
  const char *odd[] = { "a,b.wav", "a|b.wav", "a(1).wav", "b).wav", "x&y.wav", "q\"q.wav",
                        "tab\there.wav" };
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func (g_free);

  write_silent_wav (outside, 1000);
  write_silent_wav (text, 1000);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      char *path = recording_path (f, odd[i]);

      write_silent_wav (path, 1000);
      g_ptr_array_add (refused, path);
    }
  g_ptr_array_add (refused, g_strdup (outside));
  g_ptr_array_add (refused, g_strdup (link));
  g_ptr_array_add (refused, g_strdup (text));
  g_ptr_array_add (refused, g_strconcat (f->monitor, "/../secret.wav", NULL));
  g_ptr_array_add (refused, g_strdup ("../secret.wav"));
  g_ptr_array_add (refused, g_strdup (PBX_PATH "/../../../etc/passwd"));
  g_ptr_array_add (refused, g_strdup ("/etc/passwd"));
  g_ptr_array_add (refused, g_strdup ("file:///etc/passwd"));
  g_ptr_array_add (refused, g_strdup ("line\nbreak.wav"));
  g_ptr_array_add (refused, g_strdup (""));

  for (guint i = 0; i < refused->len; i++)
    {
      g_autoptr(AstrixPhonePlayback) playback = new_playback (f, g_ptr_array_index (refused, i));
      g_autoptr(GError) error = NULL;

      g_assert_false (astrix_phone_playback_start (playback, &error));
      g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_FAILED);
      g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (playback)),
                       ==, error->message);
    }
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 0);

  /* Relative to the folder, by the PBX's own path, or without extension: fine. */
  {
    const char *accepted[] = { RECORDING, PBX_PATH "/" RECORDING,
                               PBX_PATH "/20261126-101500-1795666433.57" };

    for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
      {
        g_autoptr(AstrixPhonePlayback) playback = new_playback (f, accepted[i]);
        g_autoptr(GError) error = NULL;

        g_assert_true (astrix_phone_playback_start (playback, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (astrix_phone_playback_get_pbx_file (playback), ==,
                         PBX_PATH "/20261126-101500-1795666433.57");
        astrix_phone_playback_hangup (playback);
        WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 3000);
      }
  }
}

static void
test_not_set_up (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = recording_path (f, RECORDING);
  const char *endpoints[] = { "", "2000", "PJSIP/20,00", "audiosocket" };

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autoptr(AstrixPhonePlayback) playback = NULL;
      g_autoptr(GError) error = NULL;

      g_object_set (f->config, "endpoint", endpoints[i], NULL);
      playback = new_playback (f, path);
      g_assert_false (astrix_phone_playback_start (playback, &error));
      g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
    }
  g_object_set (f->config, "endpoint", ENDPOINT, NULL);

  /* Without a desktop folder only the PBX's own paths are accepted. */
  g_object_set (f->config, "recordings-uri", "", NULL);
  {
    g_autoptr(AstrixPhonePlayback) playback = new_playback (f, path);
    g_autoptr(AstrixPhonePlayback) by_pbx = new_playback (f, PBX_PATH "/" RECORDING);
    g_autoptr(GError) error = NULL;

    g_assert_false (astrix_phone_playback_start (playback, &error));
    g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (astrix_phone_playback_start (by_pbx, &error));
    g_assert_no_error (error);
    WAIT_UNTIL (astrix_phone_playback_get_state (by_pbx) == ASTRIX_PLAYBACK_PLAYING, 3000);
    astrix_phone_playback_hangup (by_pbx);
    WAIT_UNTIL (!astrix_phone_playback_is_running (by_pbx), 3000);
  }
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);

  /* Not connected */
  astrix_connection_stop (f->connection);
  WAIT_UNTIL (ami_client_get_state (astrix_connection_get_client (f->connection)) !=
              AMI_CLIENT_CONNECTED, 2000);
  {
    g_autoptr(AstrixPhonePlayback) playback = new_playback (f, PBX_PATH "/" RECORDING);
    g_autoptr(GError) error = NULL;

    g_assert_false (astrix_phone_playback_start (playback, &error));
    g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED);
  }
}

/* Stopped while the phone still rings: the call is cancelled. */
static void
test_cancel_while_ringing (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = recording_path (f, RECORDING);
  g_autoptr(AstrixPhonePlayback) playback = NULL;

  g_object_set (f->config, "endpoint", "PJSIP/2999", NULL);
  playback = new_playback (f, path);
  g_assert_true (astrix_phone_playback_start (playback, NULL));
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_RINGING, 3000);
  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 3000);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_ENDED);
  g_assert_null (astrix_phone_call_get_error (astrix_phone_playback_get_call (playback)));
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, our_channel (playback));
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "ControlPlayback"), ==, 0);
}

static void
test_connection_lost (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AstrixPhonePlayback) playback = start_playing (f);

  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_FAILED, 3000);
  g_assert_error ((GError *) astrix_phone_call_get_error (
                    astrix_phone_playback_get_call (playback)),
                  ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
}

/* The EventMask of every Events action the PBX received, in order */
static char *
masks_received (Fixture *f)
{
  GPtrArray *received = astrix_demo_pbx_get_received (f->pbx);
  g_autoptr(GString) masks = g_string_new (NULL);

  for (guint i = 0; i < received->len; i++)
    {
      AmiMessage *message = g_ptr_array_index (received, i);

      if (ami_message_is (message, "Action", "Events"))
        g_string_append_printf (masks, "%s%s", masks->len > 0 ? " " : "",
                                ami_message_get (message, "EventMask"));
    }
  return g_string_free (g_steal_pointer (&masks), FALSE);
}

/* The PBX has the mask the client wants: @mask */
static gboolean
pbx_has_mask (Fixture    *f,
              const char *mask)
{
  g_autofree char *wanted =
    _ami_client_dup_event_mask (astrix_connection_get_client (f->connection));
  AmiMessage *last = _astrix_demo_pbx_last_received (f->pbx, "Events");

  return g_strcmp0 (wanted, mask) == 0 && last != NULL &&
         g_strcmp0 (ami_message_get (last, "EventMask"), mask) == 0;
}

/* Another call comes and goes while we look: does the PBX send us its dialplan events? */
static guint
other_call_dialplan_events (Fixture *f)
{
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, NULL, NULL, NULL);
  guint calls = f->other_calls;

  f->others = 0;
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, agent));
  /* Its call events came (the mask has class call): so would its dialplan events by now */
  WAIT_UNTIL (f->other_calls > calls, 1000);
  wait_ms (20);
  return f->others;
}

/* The connection asks only for call and agent events; the playback widens the mask to
 * dialplan (its CPLAYBACK* VarSets) while it runs, and the mask narrows again when it ends,
 * also when it fails. */
static void
test_event_mask (Fixture       *f,
                 gconstpointer  data)
{
  AmiClient *client = astrix_connection_get_client (f->connection);
  g_autoptr(AstrixPhonePlayback) playback = NULL;
  g_autoptr(AstrixPhonePlayback) again = NULL;
  g_autofree char *before = _ami_client_dup_event_mask (client);
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Login"), "Events"), ==,
                   "call,agent");
  g_assert_cmpstr (before, ==, "call,agent");
  playback = start_playing (f);
  during = _ami_client_dup_event_mask (client);
  g_assert_cmpstr (during, ==, "call,agent,dialplan");
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Events"), "EventMask"),
                   ==, "call,agent,dialplan");
  WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 5000);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_ENDED);
  after = _ami_client_dup_event_mask (client);
  g_assert_cmpstr (after, ==, "call,agent");
  /* Widened for the start and again for the end, narrowed after each (the windows below) */
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 4, 2000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Events"), "EventMask"),
                   ==, "call,agent");
  {
    g_autofree char *masks = masks_received (f);

    g_assert_cmpstr (masks, ==, "call,agent,dialplan call,agent call,agent,dialplan call,agent");
  }

  again = start_playing (f);
  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (astrix_phone_playback_get_state (again) == ASTRIX_PLAYBACK_FAILED, 3000);
  g_clear_pointer (&after, g_free);
  after = _ami_client_dup_event_mask (client);
  g_assert_cmpstr (after, ==, "call,agent");
}

/* The middle of a long playback: no dialplan events at all, the other calls' included; near
 * the end our clock expects, the window opens again, so "played to the end" is still told. */
static void
test_mask_windows (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *long_path = recording_path (f, LONG);
  g_autoptr(AstrixPhonePlayback) playback = NULL;
  gint64 position;

  write_silent_wav (long_path, LONG_MS);
  playback = start_recording (f, LONG, LONG_MS);
  /* Starting: the other calls' VarSets come (what the windows save) */
  g_assert_true (pbx_has_mask (f, "call,agent,dialplan"));
  g_assert_cmpuint (other_call_dialplan_events (f), >, 0);

  /* Seen running for a moment: narrowed, and the PBX sends no dialplan event at all */
  WAIT_UNTIL (pbx_has_mask (f, "call,agent"), 1000);
  position = astrix_phone_playback_get_position (playback);
  g_assert_cmpint (position, >=, 2000);
  g_assert_cmpint (position, <, LONG_MS - 10000);
  g_assert_cmpuint (other_call_dialplan_events (f), ==, 0);
  wait_ms (500);
  g_assert_cmpuint (other_call_dialplan_events (f), ==, 0);
  g_assert_true (pbx_has_mask (f, "call,agent"));
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_PLAYING);

  /* The last seconds: widened before the end comes */
  WAIT_UNTIL (pbx_has_mask (f, "call,agent,dialplan"), 5000);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_PLAYING);
  position = astrix_phone_playback_get_position (playback);
  g_assert_cmpint (position, >=, LONG_MS - 6000);
  g_assert_cmpint (position, <, LONG_MS);
  g_assert_cmpuint (other_call_dialplan_events (f), >, 0);
  WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 3000);
  g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_ENDED);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->statuses, 0), ==, "SUCCESS");
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (playback)), ==,
                   "The recording has played to the end.");
  g_assert_cmpint (astrix_phone_playback_get_position (playback), ==, LONG_MS);
  WAIT_UNTIL (pbx_has_mask (f, "call,agent"), 2000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 4);
}

/* A control in the middle widens the mask before it is sent, and narrows it after: a stop's
 * CPLAYBACKOFFSET still comes and sets the clock right. */
static void
test_mask_control (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *long_path = recording_path (f, LONG);
  g_autoptr(AstrixPhonePlayback) playback = NULL;
  GPtrArray *received = astrix_demo_pbx_get_received (f->pbx);
  int widening;

  write_silent_wav (long_path, LONG_MS);
  playback = start_recording (f, LONG, LONG_MS);
  WAIT_UNTIL (pbx_has_mask (f, "call,agent"), 1000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 2);

  control (playback, ASTRIX_PLAYBACK_CONTROL_FORWARD);
  assert_control_sent (f, playback, "forward", 1);
  /* The widening went first, so what the control causes comes to us */
  widening = _astrix_demo_pbx_find_received (f->pbx, "Events", 3);
  g_assert_cmpint (widening, >=, 0);
  g_assert_cmpint (widening, <, _astrix_demo_pbx_find_received (f->pbx, "ControlPlayback", 1));
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (received, widening), "EventMask"), ==,
                   "call,agent,dialplan");
  WAIT_UNTIL (pbx_has_mask (f, "call,agent"), 2000);
  g_assert_cmpint (astrix_phone_playback_get_position (playback), <, LONG_MS - 10000);
  g_assert_cmpuint (other_call_dialplan_events (f), ==, 0);

  /* Stop in the middle: CPLAYBACKOFFSET comes and our clock takes it */
  g_assert_cmpuint (f->offsets->len, ==, 0);
  control (playback, ASTRIX_PLAYBACK_CONTROL_STOP);
  WAIT_UNTIL (astrix_phone_playback_get_state (playback) == ASTRIX_PLAYBACK_ENDED, 3000);
  widening = _astrix_demo_pbx_find_received (f->pbx, "Events", 5);
  g_assert_cmpint (widening, >=, 0);
  g_assert_cmpint (widening, <, _astrix_demo_pbx_find_received (f->pbx, "ControlPlayback", 2));
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (received, widening), "EventMask"), ==,
                   "call,agent,dialplan");
  g_assert_cmpuint (f->offsets->len, ==, 1);
  g_assert_cmpint (astrix_phone_playback_get_position (playback), ==,
                   g_ascii_strtoll (g_ptr_array_index (f->offsets, 0), NULL, 10));
  g_assert_cmpint (astrix_phone_playback_get_position (playback), >, 3000);
  g_assert_cmpuint (f->statuses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->statuses, 0), ==, "REMOTESTOPPED");
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (playback)),
                   ==, "Playback stopped.");
  WAIT_UNTIL (pbx_has_mask (f, "call,agent"), 2000);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 6);
}

/* A missing file of a known length: the start window catches the PBX's ERROR or FAILED,
 * whichever way the recording is played; the mask narrows again after the failure. */
static void
test_mask_not_found (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *context;
    const char *status;
  } cases[] = {
    { NULL, "ERROR" },
    { "ctl@playback-context", "ERROR" },
    { "playback-context", "FAILED" },
  };
  /* On this desktop, not in the PBX's folder (as in test_not_found_on_pbx) */
  g_autofree char *desktop = g_build_filename (f->dir, "desktop", NULL);
  g_autofree char *path = g_build_filename (desktop, "1795670000.9.wav", NULL);
  g_autofree char *uri = g_filename_to_uri (desktop, NULL, NULL);

  write_silent_wav (path, 5000);
  g_object_set (f->config, "recordings-uri", uri, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AstrixPhonePlayback) playback = NULL;

      if (cases[i].context != NULL)
        g_object_set (f->config, "playback-method", ASTRIX_PLAYBACK_METHOD_CONTEXT,
                      "playback-context", cases[i].context, NULL);
      g_ptr_array_set_size (f->statuses, 0);
      playback = new_playback (f, path);
      astrix_phone_playback_set_duration (playback, LONG_MS);
      g_assert_true (astrix_phone_playback_start (playback, NULL));
      WAIT_UNTIL (!astrix_phone_playback_is_running (playback), 5000);
      g_assert_cmpint (astrix_phone_playback_get_state (playback), ==, ASTRIX_PLAYBACK_FAILED);
      g_assert_error ((GError *) astrix_phone_call_get_error (
                        astrix_phone_playback_get_call (playback)),
                      ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND);
      g_assert_cmpuint (f->statuses->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (f->statuses, 0), ==, cases[i].status);
      WAIT_UNTIL (pbx_has_mask (f, "call,agent"), 2000);
    }
}

static void
test_controls_from_strings (void)
{
  AstrixPlaybackControl control;

  for (guint i = 0; i <= ASTRIX_PLAYBACK_CONTROL_STOP; i++)
    {
      g_assert_true (astrix_playback_control_from_string (astrix_playback_control_to_string (i),
                                                          &control));
      g_assert_cmpint (control, ==, i);
    }
  g_assert_false (astrix_playback_control_from_string ("jump", &control));
  g_assert_false (astrix_playback_control_from_string (NULL, &control));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/phone-playback/play-to-the-end", test_play_to_the_end);
  ADD ("/phone-playback/pause", test_pause);
  ADD ("/phone-playback/forward-reverse-restart", test_forward_reverse_restart);
  ADD ("/phone-playback/stop", test_stop);
  ADD ("/phone-playback/hangup", test_hangup);
  ADD ("/phone-playback/seek", test_seek);
  ADD ("/phone-playback/phone-failures", test_phone_failures);
  ADD ("/phone-playback/not-found-on-pbx", test_not_found_on_pbx);
  ADD ("/phone-playback/context", test_context);
  ADD ("/phone-playback/rejected-names", test_rejected_names);
  ADD ("/phone-playback/not-set-up", test_not_set_up);
  ADD ("/phone-playback/cancel-while-ringing", test_cancel_while_ringing);
  ADD ("/phone-playback/connection-lost", test_connection_lost);
  ADD ("/phone-playback/event-mask", test_event_mask);
  ADD ("/phone-playback/mask-windows", test_mask_windows);
  ADD ("/phone-playback/mask-control", test_mask_control);
  ADD ("/phone-playback/mask-not-found", test_mask_not_found);
#undef ADD
  g_test_add_func ("/phone-playback/controls", test_controls_from_strings);
  return g_test_run ();
}

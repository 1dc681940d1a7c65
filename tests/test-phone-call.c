/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The call on the supervisor's phone, against the simulated PBX.
 *
 * /phone-call/...: AstrixPhoneCall on its own, with an owner that only writes down what the
 * call tells it: each failure of the Originate in words, the PBX that says nothing (the
 * outcome timeout), the phone that hangs up before answering, a stop while ringing and after
 * the answer, a seek's new call, and the hang-up once logged in again after the link dropped.
 *
 * /phone-owner/...: the one owner of the phone (AstrixMonitor): a playback asked for while a
 * listen runs ends the listen first (ChanSpy's channel hung up, its audit record closed), and
 * only then is the playback's Originate sent; and the other way round.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "astrix-audit-log.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "astrix-monitor.h"
#include "astrix-monitor-private.h"
#include "astrix-monitor-session-private.h"
#include "astrix-phone-call-private.h"
#include "astrix-phone-playback-private.h"
#include "files.h"
#include "wait.h"
#include "astrix-audit-private.h"

#define ENDPOINT  "PJSIP/2000"
#define PBX_PATH  "/var/spool/asterisk/monitor"
#define RECORDING "20261126-101500-1795666433.57.wav"

typedef struct
{
  char               *dir;
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  AstrixConnection   *connection;
  char               *target;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *monitor = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *uri = NULL;

  f->dir = g_dir_make_tmp ("astrix-phone-call-XXXXXX", NULL);
  monitor = g_build_filename (f->dir, "monitor", NULL);
  g_assert_cmpint (g_mkdir_with_parents (monitor, 0755), ==, 0);
  recording = g_build_filename (monitor, RECORDING, NULL);
  /* Long enough to be still playing when a listen replaces it */
  write_silent_wav (recording, 120000);

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (f->pbx, monitor, PBX_PATH, &error));
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->target = astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada Lovelace");

  uri = g_filename_to_uri (monitor, NULL, NULL);
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
  WAIT_UNTIL (astrix_channel_store_lookup_by_name (astrix_connection_get_store (f->connection),
                                                   f->target) != NULL, 2000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  astrix_connection_stop (f->connection);
  wait_ms (50);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_free (f->target);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

    remove_tree (dir);
  }
  g_free (f->dir);
}

/* The call on its own: an owner that writes down what it is told */

typedef struct
{
  AstrixPhoneCall *call;
  guint            channel_changes;
  guint            ringing;
  guint            answered;
  guint            hung_up;
  guint            ended;
} Seen;

static Seen *
seen_of (GObject *owner)
{
  return g_object_get_data (owner, "seen");
}

static void
on_channel (GObject *owner)
{
  seen_of (owner)->channel_changes++;
}

static void
on_ringing (GObject *owner)
{
  seen_of (owner)->ringing++;
}

static void
on_answered (GObject *owner)
{
  seen_of (owner)->answered++;
}

static void
on_hung_up (GObject *owner)
{
  Seen *seen = seen_of (owner);

  seen->hung_up++;
  astrix_phone_call_finish (seen->call, FALSE, NULL, "The phone hung up.");
}

static void
on_ended (GObject *owner)
{
  seen_of (owner)->ended++;
}

static const AstrixPhoneCallHooks test_hooks = {
  .stopped = "Stopped.",
  .cancelled = "Cancelled.",
  .lost = "Lost.",
  .channel_changed = on_channel,
  .ringing = on_ringing,
  .answered = on_answered,
  .hung_up = on_hung_up,
  .ended = on_ended,
};

typedef struct
{
  GObject         *owner;
  AstrixPhoneCall *call;
  Seen             seen;
} Call;

static void
call_new (Fixture *f,
          Call    *c)
{
  c->owner = g_object_new (G_TYPE_OBJECT, NULL);
  c->call = astrix_phone_call_new (astrix_connection_get_client (f->connection), f->config,
                                   c->owner, &test_hooks);
  c->seen.call = c->call;
  g_object_set_data (c->owner, "seen", &c->seen);
}

static void
call_free (Call *c)
{
  astrix_phone_call_detach (c->call);
  g_clear_object (&c->call);
  g_clear_object (&c->owner);
}

/* Rings the phone for Echo, which stays on the line until hung up. */
static void
call_send (Call *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiAction) originate = NULL;

  g_assert_true (astrix_phone_call_check_endpoint (c->call, &error));
  g_assert_true (astrix_phone_call_check_connected (c->call, &error));
  originate = astrix_phone_call_new_originate (c->call);
  ami_action_add (originate, "Application", "Echo");
  g_assert_true (astrix_phone_call_end_originate (c->call, originate, "\"Test\"", &error));
  g_assert_no_error (error);
  astrix_phone_call_send (c->call, originate);
}

static void
check_originate_failure (Fixture          *f,
                         AstrixDemoAnswer  answer,
                         AstrixError       code,
                         const char       *message)
{
  Call c = { 0 };
  const GError *error;

  call_new (f, &c);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, answer);
  call_send (&c);
  g_assert_false (astrix_phone_call_is_over (c.call));
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 5000);
  g_assert_cmpuint (c.seen.ended, ==, 1);
  g_assert_cmpuint (c.seen.answered, ==, 0);
  g_assert_cmpuint (c.seen.hung_up, ==, 0);
  g_assert_true (astrix_phone_call_get_failed (c.call));
  error = astrix_phone_call_get_error (c.call);
  g_assert_error (error, ASTRIX_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==, message);
  /* Nothing is hung up: there is no channel to hang up */
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, 0);
  call_free (&c);
}

static void
test_originate_failures (Fixture       *f,
                         gconstpointer  data)
{
  check_originate_failure (f, ASTRIX_DEMO_ANSWER_BUSY, ASTRIX_ERROR_PHONE_BUSY,
                           "Your phone PJSIP/2000 is busy.");
  check_originate_failure (f, ASTRIX_DEMO_ANSWER_CONGESTION, ASTRIX_ERROR_PHONE_CONGESTION,
                           "The PBX could not reach your phone PJSIP/2000 (congestion).");
  check_originate_failure (f, ASTRIX_DEMO_ANSWER_UNAVAILABLE, ASTRIX_ERROR_PHONE_UNREACHABLE,
                           "Your phone PJSIP/2000 could not be called, or it rejected the call.");
}

/* Rings until the Originate's Timeout: the PBX's "no answer" */
static void
test_ring_timeout (Fixture       *f,
                   gconstpointer  data)
{
  Call c = { 0 };

  call_new (f, &c);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, ASTRIX_DEMO_ANSWER_NO_ANSWER);
  call_send (&c);
  WAIT_UNTIL (c.seen.ringing == 1, 3000);
  g_assert_nonnull (astrix_phone_call_get_channel (c.call));
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"),
                                    "Timeout"), ==, "30000");
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 5000);
  g_assert_error (astrix_phone_call_get_error (c.call), ASTRIX_ERROR, ASTRIX_ERROR_PHONE_NO_ANSWER);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==,
                   "Your phone PJSIP/2000 did not answer.");
  g_assert_cmpuint (c.seen.answered, ==, 0);
  g_assert_cmpuint (c.seen.ended, ==, 1);
  call_free (&c);
}

/* The PBX says nothing at all about the Originate: the call does not wait for ever. */
static void
test_outcome_timeout (Fixture       *f,
                      gconstpointer  data)
{
  Call c = { 0 };

  call_new (f, &c);
  _astrix_phone_call_set_outcome_timeout (c.call, 300);
  astrix_demo_pbx_set_ignored_action (f->pbx, "Originate", TRUE);
  call_send (&c);
  wait_ms (100);
  g_assert_false (astrix_phone_call_is_over (c.call));
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 3000);
  g_assert_error (astrix_phone_call_get_error (c.call), ASTRIX_ERROR, ASTRIX_ERROR_PHONE_NO_ANSWER);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==,
                   "The PBX did not say whether your phone answered.");
  g_assert_cmpuint (c.seen.ended, ==, 1);
  call_free (&c);
}

/* The phone's channel hangs up while it rings: the OriginateResponse that follows says why,
 * and the Hangup alone does not end the call. */
static void
test_hangup_before_answer (Fixture       *f,
                           gconstpointer  data)
{
  Call c = { 0 };

  call_new (f, &c);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, ASTRIX_DEMO_ANSWER_HANGUP);
  call_send (&c);
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 5000);
  g_assert_cmpuint (c.seen.ended, ==, 1);
  g_assert_cmpuint (c.seen.hung_up, ==, 0);
  g_assert_cmpuint (c.seen.answered, ==, 0);
  g_assert_true (astrix_phone_call_get_failed (c.call));
  g_assert_error (astrix_phone_call_get_error (c.call), ASTRIX_ERROR,
                  ASTRIX_ERROR_PHONE_UNREACHABLE);
  call_free (&c);
}

static void
test_stop_while_ringing (Fixture       *f,
                         gconstpointer  data)
{
  Call c = { 0 };

  call_new (f, &c);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, ENDPOINT, ASTRIX_DEMO_ANSWER_NO_ANSWER);
  call_send (&c);
  WAIT_UNTIL (c.seen.ringing == 1, 3000);
  astrix_phone_call_request_stop (c.call);
  astrix_phone_call_hang_up (c.call);
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 5000);
  g_assert_false (astrix_phone_call_get_failed (c.call));
  g_assert_null (astrix_phone_call_get_error (c.call));
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, astrix_phone_call_get_channel (c.call));
  /* The Hangup, or the cancelled Originate that follows it: either way in the owner's words */
  g_assert_true (g_strcmp0 (astrix_phone_call_get_end_reason (c.call), "Stopped.") == 0 ||
                 g_strcmp0 (astrix_phone_call_get_end_reason (c.call), "Cancelled.") == 0);
  g_assert_cmpuint (c.seen.answered, ==, 0);
  g_assert_cmpuint (c.seen.ended, ==, 1);
  call_free (&c);
}

static void
test_answer_and_stop (Fixture       *f,
                      gconstpointer  data)
{
  Call c = { 0 };
  g_autofree char *channel = NULL;

  call_new (f, &c);
  call_send (&c);
  WAIT_UNTIL (c.seen.answered == 1, 3000);
  channel = g_strdup (astrix_phone_call_get_channel (c.call));
  g_assert_true (g_str_has_prefix (channel, ENDPOINT "-"));
  g_assert_cmpuint (c.seen.channel_changes, >=, 1);
  astrix_phone_call_request_stop (c.call);
  astrix_phone_call_hang_up (c.call);
  astrix_phone_call_hang_up (c.call);
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 3000);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==, "Stopped.");
  g_assert_false (astrix_phone_call_get_failed (c.call));
  /* Hung up once */
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, 1);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, channel);
  g_assert_cmpuint (c.seen.hung_up, ==, 0);
  call_free (&c);
}

/* Unasked, the phone hangs up after the answer: the owner gives the reason. */
static void
test_phone_hangs_up (Fixture       *f,
                     gconstpointer  data)
{
  Call c = { 0 };

  call_new (f, &c);
  call_send (&c);
  WAIT_UNTIL (c.seen.answered == 1, 3000);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, astrix_phone_call_get_channel (c.call)));
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 3000);
  g_assert_cmpuint (c.seen.hung_up, ==, 1);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==, "The phone hung up.");
  call_free (&c);
}

/* A seek's new call: the old channel is hung up and its Hangup no longer concerns the call. */
static void
test_retire (Fixture       *f,
             gconstpointer  data)
{
  Call c = { 0 };
  g_autofree char *old = NULL;

  call_new (f, &c);
  call_send (&c);
  WAIT_UNTIL (c.seen.answered == 1, 3000);
  old = g_strdup (astrix_phone_call_get_channel (c.call));
  astrix_phone_call_retire (c.call);
  g_assert_null (astrix_phone_call_get_channel (c.call));
  call_send (&c);
  WAIT_UNTIL (c.seen.answered == 2, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, old);
  g_assert_cmpstr (astrix_phone_call_get_channel (c.call), !=, old);
  wait_ms (200);
  g_assert_false (astrix_phone_call_is_over (c.call));
  g_assert_cmpuint (c.seen.hung_up, ==, 0);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 2);
  call_free (&c);
}

/* The link drops during the call: it fails; once logged in again, its channel is hung up. */
static void
test_relogin_hangs_up (Fixture       *f,
                       gconstpointer  data)
{
  Call c = { 0 };
  g_autofree char *channel = NULL;
  guint hangups;

  call_new (f, &c);
  call_send (&c);
  WAIT_UNTIL (c.seen.answered == 1, 3000);
  channel = g_strdup (astrix_phone_call_get_channel (c.call));
  hangups = _astrix_demo_pbx_count_received (f->pbx, "Hangup");
  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (astrix_phone_call_is_over (c.call), 3000);
  g_assert_error (astrix_phone_call_get_error (c.call), ASTRIX_ERROR, ASTRIX_ERROR_CONNECTION_LOST);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==, "Lost.");
  g_assert_cmpuint (c.seen.ended, ==, 1);

  WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Hangup") == hangups + 1, 3000);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, channel);
  /* Once only, and the owner is not told again */
  wait_ms (200);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, hangups + 1);
  g_assert_cmpuint (c.seen.ended, ==, 1);
  call_free (&c);
}

/* Refused before anything is sent: over, failed, with the reason; the owner says so itself. */
static void
test_refuse (Fixture       *f,
             gconstpointer  data)
{
  Call c = { 0 };
  g_autoptr(GError) error = g_error_new_literal (ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                                                 "No.");

  call_new (f, &c);
  astrix_phone_call_refuse (c.call, error);
  g_assert_true (astrix_phone_call_is_over (c.call));
  g_assert_true (astrix_phone_call_get_failed (c.call));
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==, "No.");
  g_assert_cmpuint (c.seen.ended, ==, 0);
  /* Finishing what is over does nothing */
  astrix_phone_call_fail (c.call, ASTRIX_ERROR_REFUSED, "Again.");
  g_assert_cmpstr (astrix_phone_call_get_end_reason (c.call), ==, "No.");
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 0);
  call_free (&c);
}

/* The one owner of the phone */

typedef struct
{
  Fixture                *f;
  AstrixAuditLog         *log;
  AstrixMonitorSession   *session;
  AstrixPhonePlayback    *playback;
  /* What had happened when the second call's Originate went out */
  gboolean                sent;
  AstrixSessionState      session_state;
  AstrixPlaybackState     playback_state;
  gboolean                first_live;
  guint                   hangups;
} Owner;

static void
on_session (AstrixMonitor *monitor,
            GParamSpec    *pspec,
            Owner         *o)
{
  astrix_audit_log_watch_session (o->log, astrix_monitor_get_session (monitor), o->f->config);
}

static void
on_playback_started (AstrixMonitor       *monitor,
                     AstrixPhonePlayback *playback,
                     AstrixServerConfig  *config,
                     Owner               *o)
{
  astrix_audit_log_watch_phone_playback (o->log, playback, config);
}

static gboolean
entry_live (AstrixAuditLog *log,
            guint           position)
{
  g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), position);

  return astrix_audit_entry_get_live (entry);
}

static AstrixAuditEntry *
entry_of (AstrixAuditLog *log,
          AstrixAuditKind kind)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(AstrixAuditEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (_astrix_audit_entry_get_kind (entry) == kind)
        return entry;
    }
  return NULL;
}

static AstrixAuditEntry *entry_of (AstrixAuditLog *log, AstrixAuditKind kind);

/* The second call's Originate goes out now: what is the first one's state? */
static void
on_second_state (GObject    *second,
                 GParamSpec *pspec,
                 Owner      *o)
{
  gboolean requested = ASTRIX_IS_MONITOR_SESSION (second)
    ? astrix_monitor_session_get_state (ASTRIX_MONITOR_SESSION (second)) == ASTRIX_SESSION_REQUESTED
    : astrix_phone_playback_get_state (ASTRIX_PHONE_PLAYBACK (second)) == ASTRIX_PLAYBACK_REQUESTED;

  if (!requested || o->sent)
    return;
  o->sent = TRUE;
  o->session_state = astrix_monitor_session_get_state (o->session);
  o->playback_state = astrix_phone_playback_get_state (o->playback);
  o->first_live = astrix_audit_entry_get_live (
    entry_of (o->log, ASTRIX_IS_MONITOR_SESSION (second) ? ASTRIX_AUDIT_PHONE_PLAYBACK
                                                         : ASTRIX_AUDIT_MONITOR));
  o->hangups = _astrix_demo_pbx_count_received (o->f->pbx, "Hangup");
}

static void
owner_set_up (Owner         *o,
              Fixture       *f,
              AstrixMonitor *monitor)
{
  g_autofree char *path = g_build_filename (f->dir, "audit.jsonl", NULL);

  o->f = f;
  o->log = astrix_audit_log_new (path);
  g_signal_connect (monitor, "notify::session", G_CALLBACK (on_session), o);
  g_signal_connect (monitor, "playback-started", G_CALLBACK (on_playback_started), o);
}

static void
test_listen_then_play (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AstrixMonitor) monitor = astrix_monitor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *spy_channel = NULL;
  AstrixAuditEntry *entry;
  Owner o = { 0 };

  owner_set_up (&o, f, monitor);
  o.session = astrix_monitor_request (monitor, f->connection, f->target,
                                      ASTRIX_MONITOR_MODE_LISTEN, &error);
  g_assert_no_error (error);
  _astrix_monitor_session_set_target_timeout (o.session, 1000);
  WAIT_UNTIL (astrix_monitor_session_get_state (o.session) == ASTRIX_SESSION_ACTIVE, 3000);
  spy_channel =
    g_strdup (astrix_phone_call_get_channel (astrix_monitor_session_get_call (o.session)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (o.log)), ==, 1);
  g_assert_true (entry_live (o.log, 0));

  o.playback = astrix_monitor_play (monitor, f->connection, RECORDING, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (o.playback);
  g_signal_connect (o.playback, "notify::state", G_CALLBACK (on_second_state), &o);
  /* The listen is being ended; the phone is not rung again yet */
  g_assert_cmpint (astrix_monitor_session_get_state (o.session), ==, ASTRIX_SESSION_STOPPING);
  g_assert_cmpint (astrix_phone_playback_get_state (o.playback), ==, ASTRIX_PLAYBACK_NEW);
  g_assert_true (astrix_monitor_is_playing (monitor));
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);

  WAIT_UNTIL (astrix_phone_playback_get_state (o.playback) == ASTRIX_PLAYBACK_PLAYING, 5000);
  /* When the playback's Originate went out, the listen had ended and its record was closed */
  g_assert_true (o.sent);
  g_assert_cmpint (o.session_state, ==, ASTRIX_SESSION_ENDED);
  g_assert_false (o.first_live);
  g_assert_cmpuint (o.hangups, ==, 1);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_monitor_session_get_call (o.session)),
                   ==, "Monitoring stopped.");
  /* The PBX saw: the listen's Originate, the Hangup of the spy channel, then the playback's */
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 2);
  g_assert_cmpint (_astrix_demo_pbx_find_received (f->pbx, "Hangup", 1), <,
                   _astrix_demo_pbx_find_received (f->pbx, "Originate", 2));
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, spy_channel);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"),
                                    "Application"), ==, "ControlPlayback");
  entry = entry_of (o.log, ASTRIX_AUDIT_MONITOR);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==, "Monitoring stopped.");
  g_assert_true (_astrix_monitor_get_playback (monitor) == o.playback);
  g_assert_true (astrix_monitor_get_session (monitor) == o.session);

  /* Monitoring is over: nothing to stop there; the playback is stopped through the owner */
  g_assert_false (astrix_monitor_stop (monitor, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (astrix_monitor_playback_control (monitor, ASTRIX_PLAYBACK_CONTROL_STOP, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (!astrix_phone_playback_is_running (o.playback), 3000);
  g_assert_false (astrix_monitor_is_playing (monitor));
  g_assert_false (astrix_monitor_playback_control (monitor, ASTRIX_PLAYBACK_CONTROL_PAUSE, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_object_unref (o.log);
}

static void
test_play_then_listen (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AstrixMonitor) monitor = astrix_monitor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *playback_channel = NULL;
  AstrixAuditEntry *entry;
  Owner o = { 0 };

  owner_set_up (&o, f, monitor);
  o.playback = astrix_monitor_play (monitor, f->connection, RECORDING, 120000, &error);
  g_assert_no_error (error);
  _astrix_phone_playback_set_time_scale (o.playback, 0.05);
  WAIT_UNTIL (astrix_phone_playback_get_state (o.playback) == ASTRIX_PLAYBACK_PLAYING, 3000);
  playback_channel =
    g_strdup (astrix_phone_call_get_channel (astrix_phone_playback_get_call (o.playback)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (o.log)), ==, 1);
  g_assert_true (entry_live (o.log, 0));

  o.session = astrix_monitor_request (monitor, f->connection, f->target,
                                      ASTRIX_MONITOR_MODE_LISTEN, &error);
  g_assert_no_error (error);
  _astrix_monitor_session_set_target_timeout (o.session, 1000);
  g_signal_connect (o.session, "notify::state", G_CALLBACK (on_second_state), &o);
  g_assert_cmpint (astrix_phone_playback_get_state (o.playback), ==, ASTRIX_PLAYBACK_STOPPING);
  g_assert_cmpint (astrix_monitor_session_get_state (o.session), ==, ASTRIX_SESSION_NEW);
  g_assert_false (astrix_monitor_is_playing (monitor));
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);
  /* A mode asked for while waiting for the phone is the one it starts in */
  g_assert_true (astrix_monitor_set_mode (monitor, ASTRIX_MONITOR_MODE_WHISPER, NULL));

  WAIT_UNTIL (astrix_monitor_session_get_state (o.session) == ASTRIX_SESSION_ACTIVE, 5000);
  g_assert_true (o.sent);
  g_assert_cmpint (o.playback_state, ==, ASTRIX_PLAYBACK_ENDED);
  g_assert_false (o.first_live);
  g_assert_cmpuint (o.hangups, ==, 1);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (o.playback)),
                   ==, "Playback stopped.");
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 2);
  g_assert_cmpint (_astrix_demo_pbx_find_received (f->pbx, "Hangup", 1), <,
                   _astrix_demo_pbx_find_received (f->pbx, "Originate", 2));
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Hangup"), "Channel"),
                   ==, playback_channel);
  g_assert_cmpstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"),
                                    "Application"), ==, "ChanSpy");
  g_assert_nonnull (strstr (ami_message_get (_astrix_demo_pbx_last_received (f->pbx, "Originate"),
                                             "Data"), "w"));
  entry = entry_of (o.log, ASTRIX_AUDIT_PHONE_PLAYBACK);
  g_assert_cmpint (astrix_audit_entry_get_outcome (entry), ==, ASTRIX_AUDIT_OUTCOME_ENDED);
  g_assert_cmpstr (_astrix_audit_entry_get_reason (entry), ==, "Playback stopped.");

  g_assert_true (astrix_monitor_stop (monitor, NULL));
  WAIT_UNTIL (!astrix_monitor_session_is_running (o.session), 3000);
  g_object_unref (o.log);
}

/* What cannot be played is refused before the call that runs is ended. */
static void
test_refused_play_keeps_listen (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(AstrixMonitor) monitor = astrix_monitor_new ();
  g_autoptr(GError) error = NULL;
  AstrixMonitorSession *session;

  session = astrix_monitor_request (monitor, f->connection, f->target, ASTRIX_MONITOR_MODE_LISTEN,
                                    &error);
  g_assert_no_error (error);
  WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 3000);
  g_assert_null (astrix_monitor_play (monitor, f->connection, "/etc/passwd", -1, &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_assert_null (astrix_monitor_play (monitor, f->connection, PBX_PATH "/a,b(c)", -1, NULL));
  wait_ms (200);
  g_assert_cmpint (astrix_monitor_session_get_state (session), ==, ASTRIX_SESSION_ACTIVE);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, 1);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Hangup"), ==, 0);
  g_assert_false (astrix_monitor_is_playing (monitor));
  g_assert_true (astrix_monitor_stop (monitor, NULL));
  WAIT_UNTIL (!astrix_monitor_session_is_running (session), 3000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/phone-call/originate-failures", test_originate_failures);
  ADD ("/phone-call/ring-timeout", test_ring_timeout);
  ADD ("/phone-call/outcome-timeout", test_outcome_timeout);
  ADD ("/phone-call/hangup-before-answer", test_hangup_before_answer);
  ADD ("/phone-call/stop-while-ringing", test_stop_while_ringing);
  ADD ("/phone-call/answer-and-stop", test_answer_and_stop);
  ADD ("/phone-call/phone-hangs-up", test_phone_hangs_up);
  ADD ("/phone-call/retire", test_retire);
  ADD ("/phone-call/relogin-hangs-up", test_relogin_hangs_up);
  ADD ("/phone-call/refuse", test_refuse);
  ADD ("/phone-owner/listen-then-play", test_listen_then_play);
  ADD ("/phone-owner/play-then-listen", test_play_then_listen);
  ADD ("/phone-owner/refused-play-keeps-listen", test_refused_play_keeps_listen);
#undef ADD

  return g_test_run ();
}

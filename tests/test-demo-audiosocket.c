/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami.h"
#include "astrix-audiosocket-frame.h"
#include "astrix-audiosocket-frame-private.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "capture.h"
#include "tone.h"
#include "wait.h"

/*
 * The simulated PBX's AudioSocket channels against capture 25, with a fake desktop: a thread
 * that listens on loopback like the app does, sends 20 ms frames at real-time pace (silence or
 * a tone) and records what comes back.
 */

#define SCALE   0.05
#define UUID    "91bd4667-2caf-4849-a4fb-cc2b8aba3b2b"
#define UUID2   "6efbc173-eb14-4b2a-b410-bc9450766783"

typedef enum
{
  DESKTOP_NOTHING,
  DESKTOP_SEND_HANGUP,
  DESKTOP_SEND_DTMF,
  DESKTOP_SEND_ERROR,
  DESKTOP_CLOSE,
} DesktopCommand;

typedef struct
{
  GSocket        *listener;
  guint16         port;
  GThread        *thread;
  GMutex          lock;
  /* From the test */
  double          tone;          /* Hz, 0 for silence */
  DesktopCommand  command;
  gboolean        quit;
  /* From the thread */
  guint8          first[19];
  gboolean        accepted;
  GByteArray     *audio;         /* the PBX's audio frames' payloads */
  GArray         *arrivals;      /* gint64: when each audio frame came */
  guint           kinds[256];
  char            dtmf;
  gboolean        eof;
  gint64          eof_at;
} Desktop;

typedef struct
{
  AstrixDemoPbx *pbx;
  AmiClient     *client;
  GPtrArray     *events;         /* AmiMessage, as they came */
  GArray        *event_times;    /* gint64, monotonic */
  char          *target;
  char          *action_id;      /* of the last session's Originate */
  Desktop       *desktop;
} Fixture;

/* The fake desktop */

static void
desktop_on_frame (guint8        kind,
                  const guint8 *payload,
                  gsize         length,
                  gpointer      data)
{
  Desktop *d = data;
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&d->lock);
  d->kinds[kind]++;
  if (kind == ASTRIX_AUDIOSOCKET_KIND_AUDIO)
    {
      g_byte_array_append (d->audio, payload, length);
      g_array_append_val (d->arrivals, now);
    }
  else if (kind == ASTRIX_AUDIOSOCKET_KIND_DTMF)
    d->dtmf = payload[0];
  g_mutex_unlock (&d->lock);
}

static void
desktop_send (GSocket      *socket,
              guint8        kind,
              const guint8 *payload,
              gsize         length)
{
  g_autoptr(GBytes) frame = _astrix_audiosocket_frame_new (kind, payload, length);

  g_socket_send_with_blocking (socket, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame),
                               TRUE, NULL, NULL);
}

static void
desktop_send_audio (Desktop *d,
                    GSocket *socket,
                    double   tone,
                    double  *phase)
{
  guint8 pcm[ASTRIX_AUDIOSOCKET_FRAME_BYTES];

  for (guint i = 0; i < ASTRIX_AUDIOSOCKET_FRAME_SAMPLES; i++)
    {
      gint16 v = tone > 0 ? (gint16) (8000 * sin (*phase)) : 0;

      *phase += 2 * G_PI * tone / 8000;
      pcm[2 * i] = (guint16) v & 0xff;
      pcm[2 * i + 1] = ((guint16) v >> 8) & 0xff;
    }
  desktop_send (socket, ASTRIX_AUDIOSOCKET_KIND_AUDIO, pcm, sizeof pcm);
}

/* Returns: FALSE when the connection is over */
static gboolean
desktop_command (Desktop *d,
                 GSocket *socket)
{
  static const guint8 digit[] = { '5' };
  static const guint8 code[] = { 0x01 };
  DesktopCommand command;

  g_mutex_lock (&d->lock);
  command = d->command;
  d->command = DESKTOP_NOTHING;
  g_mutex_unlock (&d->lock);
  switch (command)
    {
    case DESKTOP_SEND_HANGUP:
      desktop_send (socket, ASTRIX_AUDIOSOCKET_KIND_HANGUP, NULL, 0);
      break;
    case DESKTOP_SEND_DTMF:
      desktop_send (socket, ASTRIX_AUDIOSOCKET_KIND_DTMF, digit, 1);
      break;
    case DESKTOP_SEND_ERROR:
      desktop_send (socket, ASTRIX_AUDIOSOCKET_KIND_ERROR, code, 1);
      break;
    case DESKTOP_CLOSE:
      g_socket_close (socket, NULL);
      g_mutex_lock (&d->lock);
      d->eof = TRUE;
      g_mutex_unlock (&d->lock);
      return FALSE;
    case DESKTOP_NOTHING:
    default:
      break;
    }
  return TRUE;
}

/* Returns: FALSE at EOF */
static gboolean
desktop_read (Desktop                 *d,
              GSocket                 *socket,
              AstrixAudioSocketParser *parser)
{
  guint8 buffer[2048];
  gssize n;

  if (!g_socket_condition_timed_wait (socket, G_IO_IN, 2000, NULL, NULL))
    return TRUE;
  n = g_socket_receive_with_blocking (socket, (char *) buffer, sizeof buffer, FALSE, NULL, NULL);
  if (n > 0)
    {
      astrix_audiosocket_parser_feed (parser, buffer, n);
      return TRUE;
    }
  if (n < 0)
    return TRUE;
  g_mutex_lock (&d->lock);
  d->eof = TRUE;
  d->eof_at = g_get_monotonic_time ();
  g_mutex_unlock (&d->lock);
  return FALSE;
}

static gboolean
desktop_quitting (Desktop *d)
{
  gboolean quit;

  g_mutex_lock (&d->lock);
  quit = d->quit;
  g_mutex_unlock (&d->lock);
  return quit;
}

static gpointer
desktop_thread (gpointer data)
{
  Desktop *d = data;
  g_autoptr(GSocket) socket = g_socket_accept (d->listener, NULL, NULL);
  g_autoptr(AstrixAudioSocketParser) parser = NULL;
  gint64 start = g_get_monotonic_time ();
  double phase = 0;
  guint64 n = 0;

  if (socket == NULL)
    return NULL;
  g_socket_set_timeout (socket, 5);
  g_socket_receive (socket, (char *) d->first, sizeof d->first, NULL, NULL);
  g_mutex_lock (&d->lock);
  d->accepted = TRUE;
  g_mutex_unlock (&d->lock);
  parser = astrix_audiosocket_parser_new (desktop_on_frame, NULL, d);
  while (!desktop_quitting (d))
    {
      if (g_get_monotonic_time () >= start + (gint64) n * 20000)
        {
          double tone;

          g_mutex_lock (&d->lock);
          tone = d->tone;
          g_mutex_unlock (&d->lock);
          desktop_send_audio (d, socket, tone, &phase);
          n++;
        }
      if (!desktop_command (d, socket) || !desktop_read (d, socket, parser))
        break;
    }
  return NULL;
}

static Desktop *
desktop_new (void)
{
  Desktop *d = g_new0 (Desktop, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_mutex_init (&d->lock);
  d->audio = g_byte_array_new ();
  d->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  d->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                              NULL);
  g_assert_true (g_socket_bind (d->listener, address, TRUE, NULL));
  g_assert_true (g_socket_listen (d->listener, NULL));
  g_socket_set_timeout (d->listener, 10);
  bound = g_socket_get_local_address (d->listener, NULL);
  d->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  d->thread = g_thread_new ("fake-desktop", desktop_thread, d);
  return d;
}

static void
desktop_free (Desktop *d)
{
  g_mutex_lock (&d->lock);
  d->quit = TRUE;
  g_mutex_unlock (&d->lock);
  /* A thread still waiting in accept() gives up when the listener closes. */
  g_socket_shutdown (d->listener, TRUE, TRUE, NULL);
  g_socket_close (d->listener, NULL);
  g_thread_join (d->thread);
  g_object_unref (d->listener);
  g_byte_array_unref (d->audio);
  g_array_unref (d->arrivals);
  g_mutex_clear (&d->lock);
  g_free (d);
}

static void
desktop_do (Desktop        *d,
            DesktopCommand  command)
{
  g_mutex_lock (&d->lock);
  d->command = command;
  g_mutex_unlock (&d->lock);
}

static void
desktop_set_tone (Desktop *d,
                  double   tone)
{
  g_mutex_lock (&d->lock);
  d->tone = tone;
  g_mutex_unlock (&d->lock);
}

static gboolean
desktop_eof (Desktop *d)
{
  gboolean eof;

  g_mutex_lock (&d->lock);
  eof = d->eof;
  g_mutex_unlock (&d->lock);
  return eof;
}

static guint
desktop_audio_frames (Desktop *d)
{
  guint n;

  g_mutex_lock (&d->lock);
  n = d->arrivals->len;
  g_mutex_unlock (&d->lock);
  return n;
}

/* The AMI side */

static void
on_event (AmiClient  *client,
          AmiMessage *event,
          Fixture    *f)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (f->events, ami_message_ref (event));
  g_array_append_val (f->event_times, now);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, SCALE);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  f->target = astrix_demo_pbx_add_call (f->pbx, "1001", "5550101", "Customer 1001");
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  f->event_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->client = ami_client_new ("127.0.0.1", astrix_demo_pbx_get_port (f->pbx), FALSE);
  ami_client_set_credentials (f->client, "astrix_proxy", "SecurePassword123!");
  g_signal_connect (f->client, "event", G_CALLBACK (on_event), f);
  ami_client_start (f->client);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
  f->desktop = desktop_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  desktop_free (f->desktop);
  ami_client_disconnect (f->client);
  wait_ms (20);
  g_assert_finalize_object (f->client);
  astrix_demo_pbx_stop (f->pbx);
  g_assert_finalize_object (f->pbx);
  g_ptr_array_unref (f->events);
  g_array_unref (f->event_times);
  g_free (f->target);
  g_free (f->action_id);
}

static void
send_action (Fixture    *f,
             const char *action,
             ...) G_GNUC_NULL_TERMINATED;

static void
send_action (Fixture    *f,
             const char *action,
             ...)
{
  g_autoptr(AmiAction) a = ami_action_new (action);
  const char *key;
  va_list args;

  va_start (args, action);
  while ((key = va_arg (args, const char *)) != NULL)
    ami_action_add (a, key, va_arg (args, const char *));
  va_end (args);
  ami_client_send_action_async (f->client, a, NULL, NULL, NULL);
}

static char *
dial_string (Fixture    *f,
             const char *uuid)
{
  return g_strdup_printf ("AudioSocket/127.0.0.1:%u/%s", f->desktop->port, uuid);
}

static char *
channel_name (Fixture    *f,
              const char *uuid)
{
  return g_strdup_printf ("AudioSocket/127.0.0.1:%u-%s", f->desktop->port, uuid);
}

/* Returns: (transfer full): the Originate's ActionID */
static char *
originate (Fixture    *f,
           const char *channel)
{
  g_autofree char *data = g_strdup_printf ("%s,qEud", f->target);
  g_autoptr(AmiAction) a = ami_action_new_with ("Originate", "Channel", channel,
                                                "Application", "ChanSpy", "Data", data,
                                                "Async", "true", NULL);
  char *id = ami_client_new_action_id (f->client);

  ami_action_set_id (a, id);
  ami_client_send_action_async (f->client, a, NULL, NULL, NULL);
  return id;
}

/* Returns: (transfer none) (nullable): the first event named @name with @key: @value */
static AmiMessage *
find_event (Fixture    *f,
            const char *name,
            const char *key,
            const char *value,
            guint      *index)
{
  for (guint i = 0; i < f->events->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (f->events, i);

      if (ami_message_is (m, "Event", name) &&
          (key == NULL || g_strcmp0 (ami_message_get (m, key), value) == 0))
        {
          if (index != NULL)
            *index = i;
          return m;
        }
    }
  return NULL;
}

/* A spied channel is on a started session: capture 25's order of events. */
static void
start_session (Fixture    *f,
               const char *uuid)
{
  g_autofree char *dial = dial_string (f, uuid);
  g_autofree char *name = channel_name (f, uuid);

  g_free (f->action_id);
  f->action_id = originate (f, dial);
  WAIT_UNTIL (find_event (f, "ChanSpyStart", "SpyerChannel", name, NULL) != NULL, 5000);
}

static gint64
event_time (Fixture *f,
            guint    index)
{
  return g_array_index (f->event_times, gint64, index);
}

/* ChanSpyStop, then Hangup with Cause 0, within @ms of @since; the desktop sees EOF. */
static void
assert_ended (Fixture    *f,
              const char *uuid,
              gint64      since,
              guint       ms)
{
  g_autofree char *name = channel_name (f, uuid);
  guint stop = 0, hangup = 0;
  AmiMessage *m;

  WAIT_UNTIL (find_event (f, "Hangup", "Channel", name, &hangup) != NULL, 3000);
  g_assert_nonnull (find_event (f, "ChanSpyStop", "SpyerChannel", name, &stop));
  g_assert_cmpuint (stop, <, hangup);
  m = g_ptr_array_index (f->events, hangup);
  g_assert_cmpstr (ami_message_get (m, "Cause"), ==, "0");
  g_assert_cmpstr (ami_message_get (m, "Cause-txt"), ==, "Unknown");
  g_assert_null (find_event (f, "SoftHangupRequest", "Channel", name, NULL));
  g_test_message ("Hangup %" G_GINT64_FORMAT " us after the end", event_time (f, hangup) - since);
  g_assert_cmpint (event_time (f, hangup) - since, <, ms * 1000);
  WAIT_UNTIL (desktop_eof (f->desktop), 2000);
  /* The spied call goes on. */
  {
    g_auto(GStrv) channels = astrix_demo_pbx_dup_channels (f->pbx);

    g_assert_true (g_strv_contains ((const char * const *) channels, f->target));
    g_assert_false (g_strv_contains ((const char * const *) channels, name));
  }
}

/* Tests */

static void
test_nothing_listens (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSocket) closed = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *dial = NULL;
  g_autofree char *id = NULL;
  AmiMessage *m;

  /* A port that was free a moment ago, and nothing listens on. */
  g_assert_true (g_socket_bind (closed, any, TRUE, NULL));
  bound = g_socket_get_local_address (closed, NULL);
  dial = g_strdup_printf ("AudioSocket/127.0.0.1:%u/" UUID,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (closed, NULL);
  id = originate (f, dial);
  WAIT_UNTIL ((m = find_event (f, "OriginateResponse", "ActionID", id, NULL)) != NULL, 3000);
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Failure");
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, "8");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, dial);
  g_assert_cmpstr (ami_message_get (m, "Uniqueid"), ==, "<unknown>");
  g_assert_null (find_event (f, "Newchannel", NULL, NULL, NULL));
}

static void
test_loopback_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *far = NULL;
  g_autofree char *named = NULL;
  g_autofree char *bad = NULL;
  AmiMessage *m;

  /* This simulator never connects anywhere but loopback: as unreachable as can be. */
  far = originate (f, "AudioSocket/192.0.2.1:9092/" UUID);
  named = originate (f, "AudioSocket/localhost:9092/" UUID);
  bad = originate (f, "AudioSocket/127.0.0.1:9092/not-a-uuid");
  WAIT_UNTIL ((m = find_event (f, "OriginateResponse", "ActionID", far, NULL)) != NULL, 3000);
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, "8");
  WAIT_UNTIL ((m = find_event (f, "OriginateResponse", "ActionID", named, NULL)) != NULL, 3000);
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, "8");
  WAIT_UNTIL ((m = find_event (f, "OriginateResponse", "ActionID", bad, NULL)) != NULL, 3000);
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, "0");
  g_assert_false (f->desktop->accepted);
}

/* The events as capture 25 has them: names, variables, order; the UUID frame first. */
static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *name = channel_name (f, UUID);
  g_autofree char *service = g_strdup_printf ("127.0.0.1:%u", f->desktop->port);
  static const guint8 first[] = { 0x01, 0x00, 0x10, 0x91, 0xbd, 0x46, 0x67, 0x2c, 0xaf, 0x48,
                                  0x49, 0xa4, 0xfb, 0xcc, 0x2b, 0x8a, 0xba, 0x3b, 0x2b };
  guint newchannel = 0, response = 0, spy = 0;
  AmiMessage *m;

  start_session (f, UUID);
  g_assert_cmpmem (f->desktop->first, sizeof first, first, sizeof first);
  g_assert_nonnull (find_event (f, "Newchannel", "Channel", name, &newchannel));
  g_assert_nonnull (find_event (f, "VarSet", "Value", UUID, NULL));
  m = find_event (f, "VarSet", "Variable", "AUDIOSOCKET_SERVICE", NULL);
  g_assert_cmpstr (ami_message_get (m, "Value"), ==, service);
  m = find_event (f, "DialBegin", "DestChannel", name, NULL);
  g_assert_true (g_str_has_suffix (ami_message_get (m, "DialString"), "/" UUID));
  m = find_event (f, "OriginateResponse", "ActionID", f->action_id, &response);
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Success");
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, "4");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, name);
  m = find_event (f, "ChanSpyStart", "SpyerChannel", name, &spy);
  g_assert_cmpstr (ami_message_get (m, "SpyeeChannel"), ==, f->target);
  g_assert_cmpuint (newchannel, <, response);
  g_assert_cmpuint (response, <, spy);
  m = find_event (f, "DeviceStateChange", "State", "INUSE", NULL);
  {
    g_autofree char *device = g_strndup (name, strlen (name) - strlen ("-cc2b8aba3b2b"));

    g_assert_cmpstr (ami_message_get (m, "Device"), ==, device);
  }
}

/* The call's audio, at the desktop's pace; the desktop's audio recorded by ChanSpy mode. */
static void
test_audio_both_ways (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *name = channel_name (f, UUID);
  g_autoptr(GBytes) listen = NULL;
  g_autoptr(GBytes) whisper = NULL;
  g_autoptr(GBytes) barge = NULL;
  const gint16 *samples;
  gsize n;
  guint before;
  gint64 first, last;

  start_session (f, UUID);
  WAIT_UNTIL (desktop_audio_frames (f->desktop) >= 60, 3000);
  g_mutex_lock (&f->desktop->lock);
  samples = (const gint16 *) f->desktop->audio->data;
  n = MIN (f->desktop->audio->len / 2, 8000);
  g_assert_cmpfloat (fabs (tone_dominant (samples, n, 8000, 100, 3900) - 440), <=, 1);
  /* 50 frames a second: the first 50 frames of the call took about a second to come. */
  first = g_array_index (f->desktop->arrivals, gint64, 5);
  last = g_array_index (f->desktop->arrivals, gint64, 55);
  g_mutex_unlock (&f->desktop->lock);
  g_assert_cmpint (last - first, >, 900000);
  g_assert_cmpint (last - first, <, 1100000);

  /* Listen: what the desktop says goes nowhere, but is recorded as such. */
  desktop_set_tone (f->desktop, 1004);
  wait_ms (300);
  send_action (f, "PlayDTMF", "Channel", name, "Digit", "5", "Receive", "true", NULL);
  WAIT_UNTIL (astrix_demo_pbx_get_spy_mode (f->pbx, name) == ASTRIX_DEMO_SPY_WHISPER, 2000);
  wait_ms (400);
  send_action (f, "PlayDTMF", "Channel", name, "Digit", "6", "Receive", "true", NULL);
  WAIT_UNTIL (astrix_demo_pbx_get_spy_mode (f->pbx, name) == ASTRIX_DEMO_SPY_BARGE, 2000);
  wait_ms (400);
  listen = astrix_demo_pbx_dup_audio_received (f->pbx, name, ASTRIX_DEMO_SPY_LISTEN);
  whisper = astrix_demo_pbx_dup_audio_received (f->pbx, name, ASTRIX_DEMO_SPY_WHISPER);
  barge = astrix_demo_pbx_dup_audio_received (f->pbx, name, ASTRIX_DEMO_SPY_BARGE);
  g_assert_cmpuint (g_bytes_get_size (whisper), >=, 16 * 320);
  g_assert_cmpuint (g_bytes_get_size (barge), >=, 16 * 320);
  samples = g_bytes_get_data (whisper, &n);
  g_assert_cmpfloat (tone_ratio (samples + 320, n / 2 - 320, 8000, 1004), >, 0.9);
  samples = g_bytes_get_data (barge, &n);
  g_assert_cmpfloat (tone_ratio (samples + 320, n / 2 - 320, 8000, 1004), >, 0.9);
  g_assert_cmpuint (g_bytes_get_size (listen), >=, 30 * 320);
  g_assert_cmpuint (_astrix_demo_pbx_get_audio_frames_received (f->pbx, name, 0x10), >, 60);

  /* Never echoed back: the desktop still hears the call alone. */
  before = desktop_audio_frames (f->desktop);
  wait_ms (200);
  g_mutex_lock (&f->desktop->lock);
  samples = (const gint16 *) f->desktop->audio->data + before * 160;
  g_assert_cmpfloat (tone_ratio (samples, 1600, 8000, 1004), <, 0.01);
  g_mutex_unlock (&f->desktop->lock);
  g_assert_cmpuint (_astrix_demo_pbx_get_audio_frames_sent (f->pbx, name), >=, before);

  /* PlayDTMF without Receive: the digit goes to the desktop as a 03 frame (run 8). */
  send_action (f, "PlayDTMF", "Channel", name, "Digit", "1", NULL);
  WAIT_UNTIL (f->desktop->dtmf == '1', 2000);
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, name), ==, ASTRIX_DEMO_SPY_BARGE);
}

/* Run 1: an AMI Hangup; Asterisk just closes the socket (no 00 frame). */
static void
test_end_ami_hangup (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *name = channel_name (f, UUID);
  gint64 since;

  start_session (f, UUID);
  since = g_get_monotonic_time ();
  send_action (f, "Hangup", "Channel", name, NULL);
  assert_ended (f, UUID, since, 100);
  g_assert_cmpuint (f->desktop->kinds[ASTRIX_AUDIOSOCKET_KIND_HANGUP], ==, 0);
}

static void
end_by_desktop (Fixture        *f,
                DesktopCommand  command,
                guint           kind)
{
  g_autofree char *name = channel_name (f, UUID);
  gint64 since;

  start_session (f, UUID);
  WAIT_UNTIL (desktop_audio_frames (f->desktop) >= 5, 2000);
  since = g_get_monotonic_time ();
  desktop_do (f->desktop, command);
  assert_ended (f, UUID, since, 100);
  if (command != DESKTOP_CLOSE)
    WAIT_UNTIL (_astrix_demo_pbx_get_audio_frames_received (f->pbx, name, kind) == 1, 1000);
}

/* Runs 2, 3, 6, 7: the desktop sends 00, closes, sends 03 or ff. */
static void
test_end_by_desktop (Fixture       *f,
                     gconstpointer  data)
{
  end_by_desktop (f, GPOINTER_TO_UINT (data), 0);
}

static void
test_end_desktop_dtmf (Fixture       *f,
                       gconstpointer  data)
{
  end_by_desktop (f, DESKTOP_SEND_DTMF, ASTRIX_AUDIOSOCKET_KIND_DTMF);
}

static void
test_end_desktop_error (Fixture       *f,
                        gconstpointer  data)
{
  end_by_desktop (f, DESKTOP_SEND_ERROR, ASTRIX_AUDIOSOCKET_KIND_ERROR);
}

static void
test_end_desktop_hangup (Fixture       *f,
                         gconstpointer  data)
{
  end_by_desktop (f, DESKTOP_SEND_HANGUP, ASTRIX_AUDIOSOCKET_KIND_HANGUP);
}

/* With E, ChanSpy returns when the spied call ends: the AudioSocket channel goes too. */
static void
test_end_spied_call (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *name = channel_name (f, UUID);
  guint hangup = 0;

  start_session (f, UUID);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, f->target));
  WAIT_UNTIL (find_event (f, "Hangup", "Channel", name, &hangup) != NULL, 3000);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (f->events, hangup), "Cause"), ==, "0");
  WAIT_UNTIL (desktop_eof (f->desktop), 2000);
}

/* The PBX goes away: its AudioSocket connections with it. */
static void
test_pbx_stops (Fixture       *f,
                gconstpointer  data)
{
  start_session (f, UUID);
  astrix_demo_pbx_stop (f->pbx);
  WAIT_UNTIL (desktop_eof (f->desktop), 2000);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *name = channel_name (f, UUID);
  guint frames;

  start_session (f, UUID);
  WAIT_UNTIL (desktop_audio_frames (f->desktop) >= 5, 2000);
  astrix_demo_pbx_set_audio_fault (f->pbx, ASTRIX_DEMO_AUDIO_STALL);
  wait_ms (100);
  frames = desktop_audio_frames (f->desktop);
  wait_ms (300);
  g_assert_cmpuint (desktop_audio_frames (f->desktop), ==, frames);
  g_assert_false (desktop_eof (f->desktop));

  astrix_demo_pbx_set_audio_fault (f->pbx, ASTRIX_DEMO_AUDIO_DROP);
  WAIT_UNTIL (desktop_eof (f->desktop), 2000);
  /* Not a word on AMI: the channel is still there. */
  wait_ms (100);
  g_assert_null (find_event (f, "Hangup", "Channel", name, NULL));
  send_action (f, "Hangup", "Channel", name, NULL);
  WAIT_UNTIL (find_event (f, "Hangup", "Channel", name, NULL) != NULL, 2000);
}

static gboolean
mentions_audiosocket (AmiMessage *m)
{
  for (guint k = 0; k < ami_message_get_n_fields (m); k++)
    {
      if (g_str_has_prefix (ami_message_get_value (m, k), "AudioSocket/"))
        return TRUE;
    }
  return FALSE;
}

static AmiMessage *
first_about_audiosocket (GPtrArray  *messages,
                         const char *name)
{
  for (guint j = 0; j < messages->len; j++)
    {
      AmiMessage *m = g_ptr_array_index (messages, j);

      if (ami_message_is (m, "Event", name) && mentions_audiosocket (m))
        return m;
    }
  return NULL;
}

/* Every event about the AudioSocket channel has the keys, in the order, capture 25 has. */
static void
test_key_order (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = capture_path ("25-audiosocket-spy.txt");
  g_autoptr(Capture) capture = capture_load (path, NULL);
  g_autoptr(GPtrArray) real = NULL;
  g_autofree char *name = channel_name (f, UUID);
  static const char *names[] = { "Newchannel", "VarSet", "Newexten", "DialBegin", "Newstate",
                                 "OriginateResponse", "DialEnd", "ChanSpyStart", "ChanSpyStop",
                                 "Hangup" };

  g_assert_nonnull (capture);
  real = capture_server_messages (capture, 0);
  start_session (f, UUID);
  send_action (f, "Hangup", "Channel", name, NULL);
  WAIT_UNTIL (find_event (f, "Hangup", "Channel", name, NULL) != NULL, 3000);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      AmiMessage *ours = first_about_audiosocket (f->events, names[i]);
      AmiMessage *theirs = first_about_audiosocket (real, names[i]);

      g_test_message ("%s", names[i]);
      g_assert_nonnull (ours);
      g_assert_nonnull (theirs);
      g_assert_cmpuint (ami_message_get_n_fields (ours), ==, ami_message_get_n_fields (theirs));
      for (guint k = 0; k < ami_message_get_n_fields (ours); k++)
        g_assert_cmpstr (ami_message_get_key (ours, k), ==, ami_message_get_key (theirs, k));
    }
}

#define ADD(path, func) \
  g_test_add ("/demo-audiosocket" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_DATA(path, data, func) \
  g_test_add ("/demo-audiosocket" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/nothing-listens", test_nothing_listens);
  ADD ("/loopback-only", test_loopback_only);
  ADD ("/connect", test_connect);
  ADD ("/audio-both-ways", test_audio_both_ways);
  ADD ("/end/ami-hangup", test_end_ami_hangup);
  ADD ("/end/desktop-hangup-frame", test_end_desktop_hangup);
  ADD_DATA ("/end/desktop-closes", GUINT_TO_POINTER (DESKTOP_CLOSE), test_end_by_desktop);
  ADD ("/end/desktop-dtmf", test_end_desktop_dtmf);
  ADD ("/end/desktop-error", test_end_desktop_error);
  ADD ("/end/spied-call", test_end_spied_call);
  ADD ("/pbx-stops", test_pbx_stops);
  ADD ("/faults", test_faults);
  ADD ("/key-order", test_key_order);

  return g_test_run ();
}

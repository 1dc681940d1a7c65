/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "astrix-demo-pbx-private.h"
#include "astrix-demo-private.h"

/*
 * AudioSocket/<host>:<port>/<uuid> as chan_audiosocket behaves in capture 25:
 * - Asterisk connects out to <host>:<port> before anything else; when nothing listens the
 *   Originate fails at once with Reason 8 and no channel. This simulator connects to loopback
 *   addresses only: anything else is treated as unreachable;
 * - the channel is AudioSocket/<host>:<port>-<uuid>, up at once (Reason 4), with the
 *   AUDIOSOCKET_UUID and AUDIOSOCKET_SERVICE variables; the first frame to the desktop is the
 *   UUID (01 00 10 + 16 bytes);
 * - the spied call's audio goes out as 20 ms frames (10 01 40 + 320 bytes) while ChanSpy is
 *   attached. chan_audiosocket has no timer, so ChanSpy's generator runs on the frames the
 *   desktop sends: one frame out for each audio frame in (each follows one of the desktop's by
 *   ~1.4 ms in the capture), at the desktop's real-time pace;
 * - what the desktop sends (audio frames) is the supervisor's voice: recorded here by ChanSpy
 *   mode, for tests; it is never echoed back;
 * - a hangup frame (00 00 00) or any kind other than audio from the desktop (DTMF 03, error
 *   ff, ...), or the desktop closing, hangs the channel up; so does an AMI Hangup, after which
 *   the socket is just closed. Every way shows as ChanSpyStop, then Hangup with Cause 0;
 * - PlayDTMF without Receive sends the digit to the desktop as an 03 frame.
 */

#define KIND_HANGUP       0x00
#define KIND_UUID         0x01
#define KIND_DTMF         0x03
#define KIND_AUDIO        0x10
#define HEADER_SIZE       3
#define UUID_SIZE         16
#define FRAME_SAMPLES     160
#define FRAME_BYTES       320
#define MAX_PAYLOAD       4096
#define AMPLITUDE         8000
#define CONNECT_TIMEOUT_S 2
#define MAX_QUEUED        50                      /* frames waiting for the desktop to read */
#define RECEIVED_LIMIT    (60 * 8000 * 2)         /* a minute of audio, per ChanSpy mode */
#define SENT_LIMIT        30000                   /* send times kept: ten minutes of frames */
#define MAX_RECORDS       32
#define N_MODES           (ASTRIX_DEMO_SPY_BARGE + 1)

/* What one AudioSocket channel sent and received; it outlives the channel. */
typedef struct
{
  char       *channel;
  GByteArray *received[N_MODES];  /* the desktop's audio, by the ChanSpy mode when it came */
  guint       kinds[256];         /* frames received from the desktop, by kind */
  GArray     *sent_at;            /* gint64: monotonic time each audio frame was sent */
  guint       n_sent;
} Record;

struct _AstrixDemoAudioLab
{
  AstrixDemoAudioSignal signal;
  double                frequency;
  AstrixDemoAudioFault  fault;
  GHashTable           *records;  /* channel name -> Record */
  GQueue                order;    /* channel names, oldest first (owned by the records) */
};

struct _AstrixDemoAudio
{
  gatomicrefcount    ref_count;
  AstrixDemoRun     *run;          /* owner; NULL once the run has let go */
  AstrixDemoPbx     *pbx;
  char              *service;      /* "127.0.0.1:9092" */
  char              *uuid;
  guint8             uuid_bytes[UUID_SIZE];
  GSocketConnection *connection;
  GCancellable      *cancellable;
  guint8             header[HEADER_SIZE];
  guint8             payload[MAX_PAYLOAD];
  GQueue             queue;        /* GBytes frames for the desktop */
  GBytes            *writing;      /* the one being written */
  double             phase;        /* of the sine, in radians */
  guint              hangup_id;
  gboolean           dropped;      /* closed by a fault: the channel knows nothing of it */
};

/* The lab: signal, faults, recordings */

static void
record_free (Record *record)
{
  for (guint i = 0; i < N_MODES; i++)
    g_byte_array_unref (record->received[i]);
  g_array_unref (record->sent_at);
  g_free (record->channel);
  g_free (record);
}

void
_astrix_demo_audio_lab_free (AstrixDemoAudioLab *lab)
{
  g_hash_table_unref (lab->records);
  g_queue_clear (&lab->order);
  g_free (lab);
}

static AstrixDemoAudioLab *
lab_of (AstrixDemoPbx *pbx)
{
  if (pbx->audio_lab == NULL)
    {
      pbx->audio_lab = g_new0 (AstrixDemoAudioLab, 1);
      pbx->audio_lab->frequency = 440.0;
      pbx->audio_lab->records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) record_free);
    }
  return pbx->audio_lab;
}

static Record *
record_of (AstrixDemoPbx *pbx,
           const char    *channel)
{
  AstrixDemoAudioLab *lab = lab_of (pbx);
  Record *record = g_hash_table_lookup (lab->records, channel);

  if (record != NULL)
    return record;
  if (g_queue_get_length (&lab->order) >= MAX_RECORDS)
    g_hash_table_remove (lab->records, g_queue_pop_head (&lab->order));
  record = g_new0 (Record, 1);
  record->channel = g_strdup (channel);
  for (guint i = 0; i < N_MODES; i++)
    record->received[i] = g_byte_array_new ();
  record->sent_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_insert (lab->records, record->channel, record);
  g_queue_push_tail (&lab->order, record->channel);
  return record;
}

static Record *
find_record (AstrixDemoPbx *pbx,
             const char    *channel)
{
  return channel != NULL ? g_hash_table_lookup (lab_of (pbx)->records, channel) : NULL;
}

/* The connection */

static AstrixDemoAudio *
audio_ref (AstrixDemoAudio *audio)
{
  g_atomic_ref_count_inc (&audio->ref_count);
  return audio;
}

static void
audio_unref (AstrixDemoAudio *audio)
{
  if (!g_atomic_ref_count_dec (&audio->ref_count))
    return;
  g_queue_clear_full (&audio->queue, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&audio->writing, g_bytes_unref);
  g_clear_object (&audio->connection);
  g_clear_object (&audio->cancellable);
  g_free (audio->service);
  g_free (audio->uuid);
  g_free (audio);
}

static void
drop (AstrixDemoAudio *audio)
{
  audio->dropped = TRUE;
  g_cancellable_cancel (audio->cancellable);
  if (audio->connection != NULL)
    g_io_stream_close (G_IO_STREAM (audio->connection), NULL, NULL);
}

static void
close_connection (AstrixDemoAudio *audio)
{
  g_cancellable_cancel (audio->cancellable);
  if (audio->connection != NULL)
    g_io_stream_close (G_IO_STREAM (audio->connection), NULL, NULL);
}

/* The run lets go (it hangs up or is torn down): the socket closes, no 00 frame. */
void
_astrix_demo_audio_free (AstrixDemoAudio *audio)
{
  audio->run = NULL;
  g_clear_handle_id (&audio->hangup_id, g_source_remove);
  close_connection (audio);
  audio_unref (audio);
}

static gboolean
hangup_now (gpointer data)
{
  AstrixDemoAudio *audio = data;

  audio->hangup_id = 0;
  if (audio->run != NULL)
    _astrix_demo_run_hangup (audio->run, ASTRIX_DEMO_CAUSE_UNKNOWN, FALSE);
  return G_SOURCE_REMOVE;
}

/* The desktop hung up, closed, or sent what Asterisk does not take: the channel goes. */
static void
hang_up_soon (AstrixDemoAudio *audio)
{
  if (audio->run != NULL && audio->hangup_id == 0 && !audio->dropped)
    audio->hangup_id = g_idle_add_full (G_PRIORITY_DEFAULT, hangup_now, audio_ref (audio),
                                        (GDestroyNotify) audio_unref);
}

/* Writing to the desktop */

static void write_next (AstrixDemoAudio *audio);

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  AstrixDemoAudio *audio = data;

  g_clear_pointer (&audio->writing, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    hang_up_soon (audio);
  else if (audio->run != NULL)
    write_next (audio);
  audio_unref (audio);
}

static void
write_next (AstrixDemoAudio *audio)
{
  GOutputStream *output;

  if (audio->writing != NULL || g_queue_is_empty (&audio->queue))
    return;
  audio->writing = g_queue_pop_head (&audio->queue);
  output = g_io_stream_get_output_stream (G_IO_STREAM (audio->connection));
  g_output_stream_write_all_async (output, g_bytes_get_data (audio->writing, NULL),
                                   g_bytes_get_size (audio->writing), G_PRIORITY_DEFAULT,
                                   audio->cancellable, written, audio_ref (audio));
}

static void
send_frame (AstrixDemoAudio *audio,
            guint8           kind,
            const guint8    *payload,
            gsize            length)
{
  guint8 *frame;

  /* A desktop that stopped reading loses frames, as it would with Asterisk. */
  if (audio->connection == NULL || g_queue_get_length (&audio->queue) >= MAX_QUEUED)
    return;
  frame = g_malloc (HEADER_SIZE + length);
  frame[0] = kind;
  frame[1] = (length >> 8) & 0xff;
  frame[2] = length & 0xff;
  memcpy (frame + HEADER_SIZE, payload, length);
  g_queue_push_tail (&audio->queue, g_bytes_new_take (frame, HEADER_SIZE + length));
  write_next (audio);
}

/* A digit played out on the channel (PlayDTMF without Receive). */
void
_astrix_demo_audio_send_dtmf (AstrixDemoAudio *audio,
                              char             digit)
{
  guint8 payload[1] = { (guint8) digit };

  send_frame (audio, KIND_DTMF, payload, sizeof payload);
}

/* "The call": one 20 ms frame of the test signal. */
static void
send_call_audio (AstrixDemoAudio *audio,
                 Record          *record)
{
  AstrixDemoAudioLab *lab = lab_of (audio->pbx);
  guint8 payload[FRAME_BYTES];
  double step = 2 * G_PI * lab->frequency / 8000.0;

  for (guint i = 0; i < FRAME_SAMPLES; i++)
    {
      gint16 sample;

      if (lab->signal == ASTRIX_DEMO_AUDIO_FRAME_NUMBER)
        sample = (gint16) (record->n_sent % 32000 + 1);
      else
        {
          sample = (gint16) lround (AMPLITUDE * sin (audio->phase));
          audio->phase = fmod (audio->phase + step, 2 * G_PI);
        }
      payload[2 * i] = (guint16) sample & 0xff;
      payload[2 * i + 1] = ((guint16) sample >> 8) & 0xff;
    }
  if (record->sent_at->len < SENT_LIMIT)
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (record->sent_at, now);
    }
  record->n_sent++;
  send_frame (audio, KIND_AUDIO, payload, sizeof payload);
}

/* Reading from the desktop */

static AstrixDemoSpyMode
spy_mode (AstrixDemoAudio *audio)
{
  AstrixDemoSpy *spy = audio->run != NULL ? audio->run->spy : NULL;

  if (spy == NULL || _astrix_demo_spy_get_spyee (spy) == NULL)
    return ASTRIX_DEMO_SPY_NONE;
  return _astrix_demo_spy_get_mode (spy);
}

static void
frame_received (AstrixDemoAudio *audio,
                guint8           kind,
                gsize            length)
{
  Record *record = record_of (audio->pbx, audio->run->channel->name);
  AstrixDemoSpyMode mode = spy_mode (audio);
  GByteArray *received = record->received[mode];

  record->kinds[kind]++;
  if (kind != KIND_AUDIO)
    {
      /* 00 is a hangup; anything else from the desktop makes Asterisk drop the channel. */
      hang_up_soon (audio);
      return;
    }
  if (received->len + length <= RECEIVED_LIMIT)
    g_byte_array_append (received, audio->payload, length);
  /* ChanSpy's generator runs on what comes in: one frame of the call for each. */
  if (mode != ASTRIX_DEMO_SPY_NONE && lab_of (audio->pbx)->fault == ASTRIX_DEMO_AUDIO_OK)
    send_call_audio (audio, record);
}

static void read_frame (AstrixDemoAudio *audio);

static void
payload_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  AstrixDemoAudio *audio = data;
  gsize length = ((gsize) audio->header[1] << 8) | audio->header[2];
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) || n != length)
    hang_up_soon (audio);
  else if (audio->run != NULL)
    {
      frame_received (audio, audio->header[0], length);
      read_frame (audio);
    }
  audio_unref (audio);
}

static void
header_read (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  AstrixDemoAudio *audio = data;
  gsize length = ((gsize) audio->header[1] << 8) | audio->header[2];
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, NULL) ||
      n != HEADER_SIZE || length > MAX_PAYLOAD)
    hang_up_soon (audio);
  else if (audio->run != NULL && length == 0)
    {
      frame_received (audio, audio->header[0], 0);
      read_frame (audio);
    }
  else if (audio->run != NULL)
    g_input_stream_read_all_async (G_INPUT_STREAM (source), audio->payload, length,
                                   G_PRIORITY_DEFAULT, audio->cancellable, payload_read,
                                   audio_ref (audio));
  audio_unref (audio);
}

static void
read_frame (AstrixDemoAudio *audio)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (audio->connection));

  if (audio->hangup_id != 0)
    return;
  g_input_stream_read_all_async (input, audio->header, HEADER_SIZE, G_PRIORITY_DEFAULT,
                                 audio->cancellable, header_read, audio_ref (audio));
}

/* Dialling */

/* Newchannel ... DialBegin as in capture 25. */
static void
create_channel (AstrixDemoAudio *audio)
{
  AstrixDemoRun *run = audio->run;
  AstrixDemoPbx *pbx = run->pbx;
  AstrixDemoChannel *channel = _astrix_demo_channel_new (pbx, "AudioSocket", NULL,
                                                         ASTRIX_DEMO_STATE_DOWN);
  g_autofree char *dial_string = g_strdup_printf ("%s/%s", audio->service, audio->uuid);

  g_free (channel->name);
  g_free (channel->device);
  channel->name = g_strdup_printf ("AudioSocket/%s-%s", audio->service, audio->uuid);
  /* The device is the name up to its last "-", as Asterisk cuts it. */
  channel->device = g_strndup (channel->name, strrchr (channel->name, '-') - channel->name);
  channel->run = run;
  run->channel = channel;
  _astrix_demo_channel_emit (pbx, channel, "Newchannel", ASTRIX_DEMO_CLASS_CALL, NULL);
  _astrix_demo_channel_set_var (pbx, channel, "AUDIOSOCKET_UUID", audio->uuid);
  _astrix_demo_channel_set_var (pbx, channel, "AUDIOSOCKET_SERVICE", audio->service);
  _astrix_demo_run_dial_begin (run, channel, dial_string, FALSE);
}

static void
connected (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AstrixDemoAudio *audio = data;
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);

  if (audio->run == NULL)
    {
      if (connection != NULL)
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
  else if (connection == NULL)
    /* Nothing listens: Reason 8, and the run is gone with its audio. */
    _astrix_demo_run_fail (audio->run, 8, 0, NULL);
  else
    {
      AstrixDemoRun *run = audio->run;

      g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP,
                           TCP_NODELAY, 1, NULL);
      audio->connection = g_steal_pointer (&connection);
      create_channel (audio);
      send_frame (audio, KIND_UUID, audio->uuid_bytes, UUID_SIZE);
      record_of (audio->pbx, run->channel->name);
      read_frame (audio);
      _astrix_demo_run_answer (run);
      if (lab_of (audio->pbx)->fault == ASTRIX_DEMO_AUDIO_DROP && run->audio != NULL)
        drop (run->audio);
    }
  audio_unref (audio);
}

static gboolean
parse_uuid (const char *text,
            guint8      bytes[UUID_SIZE])
{
  guint n = 0;

  if (strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      int high, low;

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
          continue;
        }
      high = g_ascii_xdigit_value (text[i]);
      low = g_ascii_xdigit_value (text[i + 1]);
      if (high < 0 || low < 0)
        return FALSE;
      bytes[n++] = (guint8) (high << 4 | low);
      i++;
    }
  return n == UUID_SIZE;
}

/* "127.0.0.1:9092" or "[::1]:9092", loopback only: this PBX never connects elsewhere. */
static GSocketAddress *
loopback_address (const char *service)
{
  const char *colon = strrchr (service, ':');
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
    return NULL;
  host = g_strndup (service, colon - service);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  address = g_inet_address_new_from_string (host);
  if (address == NULL || !g_inet_address_get_is_loopback (address))
    return NULL;
  return g_inet_socket_address_new (address, (guint16) port);
}

/* The request is AudioSocket/<service>/<uuid>: connect out, then the channel is up. */
void
_astrix_demo_audio_dial (AstrixDemoRun *run)
{
  const char *rest = run->request + strlen ("AudioSocket/");
  const char *slash = strrchr (rest, '/');
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketClient) client = NULL;
  AstrixDemoAudio *audio;

  if (slash == NULL || !_astrix_demo_pbx_module_loaded (run->pbx, "chan_audiosocket"))
    {
      _astrix_demo_run_fail (run, 0, 0, NULL);
      return;
    }
  audio = g_new0 (AstrixDemoAudio, 1);
  g_atomic_ref_count_init (&audio->ref_count);
  audio->pbx = run->pbx;
  audio->service = g_strndup (rest, slash - rest);
  audio->uuid = g_ascii_strdown (slash + 1, -1);
  audio->cancellable = g_cancellable_new ();
  g_queue_init (&audio->queue);
  run->audio = audio;
  audio->run = run;
  /* A UUID that does not parse: chan_audiosocket refuses the request (Reason 0). */
  if (!parse_uuid (audio->uuid, audio->uuid_bytes))
    {
      _astrix_demo_run_fail (run, 0, 0, NULL);
      return;
    }
  address = loopback_address (audio->service);
  if (address == NULL || lab_of (run->pbx)->fault == ASTRIX_DEMO_AUDIO_UNREACHABLE)
    {
      _astrix_demo_run_fail (run, 8, 0, NULL);
      return;
    }
  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, CONNECT_TIMEOUT_S);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), audio->cancellable,
                                 connected, audio_ref (audio));
}

/* The PBX stops: its AudioSocket channels go with their connections. */
void
_astrix_demo_audio_pbx_stopped (AstrixDemoPbx *pbx)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();

  for (guint i = 0; i < pbx->runs->len; i++)
    {
      AstrixDemoRun *run = g_ptr_array_index (pbx->runs, i);

      if (run->audio != NULL && run->channel != NULL)
        g_ptr_array_add (runs, run);
    }
  for (guint i = 0; i < runs->len; i++)
    _astrix_demo_run_hangup (g_ptr_array_index (runs, i), ASTRIX_DEMO_CAUSE_UNKNOWN, FALSE);
}

/* The API for tests */

/**
 * astrix_demo_pbx_set_audio_signal:
 * @frequency: for %ASTRIX_DEMO_AUDIO_SINE, in Hz (440 when 0 or less)
 *
 * What AudioSocket channels send the desktop as the spied call's audio.
 */
void
astrix_demo_pbx_set_audio_signal (AstrixDemoPbx         *self,
                                  AstrixDemoAudioSignal  signal,
                                  double                 frequency)
{
  AstrixDemoAudioLab *lab;

  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  lab = lab_of (self);
  lab->signal = signal;
  lab->frequency = frequency > 0 ? frequency : 440.0;
}

/**
 * astrix_demo_pbx_set_audio_fault:
 *
 * Applies @fault to every AudioSocket connection now and to those made while it holds.
 */
void
astrix_demo_pbx_set_audio_fault (AstrixDemoPbx        *self,
                                 AstrixDemoAudioFault  fault)
{
  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  lab_of (self)->fault = fault;
  if (fault != ASTRIX_DEMO_AUDIO_DROP)
    return;
  for (guint i = 0; i < self->runs->len; i++)
    {
      AstrixDemoRun *run = g_ptr_array_index (self->runs, i);

      /* Gone without a word: the channel stays until someone hangs it up. */
      if (run->audio != NULL)
        drop (run->audio);
    }
}

/**
 * astrix_demo_pbx_dup_audio_received:
 * @channel: an AudioSocket channel, live or hung up
 * @mode: %ASTRIX_DEMO_SPY_NONE for what came before ChanSpy attached (or after it let go)
 *
 * Returns: (transfer full) (nullable): the S16LE 8 kHz audio the desktop sent while ChanSpy
 *   was in @mode (at most a minute of it), or %NULL for an unknown channel
 */
GBytes *
astrix_demo_pbx_dup_audio_received (AstrixDemoPbx     *self,
                                    const char        *channel,
                                    AstrixDemoSpyMode  mode)
{
  Record *record;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), NULL);
  g_return_val_if_fail (mode < N_MODES, NULL);

  record = find_record (self, channel);
  if (record == NULL)
    return NULL;
  return g_bytes_new (record->received[mode]->data, record->received[mode]->len);
}

/* Returns: how many frames of @kind (0x10 audio, 0x00 hangup, ...) the desktop sent */
guint
_astrix_demo_pbx_get_audio_frames_received (AstrixDemoPbx *self,
                                           const char    *channel,
                                           guint          kind)
{
  Record *record;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), 0);

  record = find_record (self, channel);
  return record != NULL && kind < 256 ? record->kinds[kind] : 0;
}

/* Returns: how many frames of the call's audio went to the desktop */
guint
_astrix_demo_pbx_get_audio_frames_sent (AstrixDemoPbx *self,
                                       const char    *channel)
{
  Record *record;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), 0);

  record = find_record (self, channel);
  return record != NULL ? record->n_sent : 0;
}

/* Returns: when audio frame @frame (from 0) went out (g_get_monotonic_time()), or -1 */
gint64
_astrix_demo_pbx_get_audio_sent_time (AstrixDemoPbx *self,
                                     const char    *channel,
                                     guint          frame)
{
  Record *record;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), -1);

  record = find_record (self, channel);
  if (record == NULL || frame >= record->sent_at->len)
    return -1;
  return g_array_index (record->sent_at, gint64, frame);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"

G_BEGIN_DECLS

/**
 * AstrixDemoAnswer:
 * How a dialled endpoint (the supervisor's phone in an Originate) behaves, with the
 * OriginateResponse Reason Asterisk 22 gives for it (capture 10).
 * @ASTRIX_DEMO_ANSWER_ANSWER: answers at once: Reason 4
 * @ASTRIX_DEMO_ANSWER_BUSY: Reason 5
 * @ASTRIX_DEMO_ANSWER_NO_ANSWER: rings until the Originate's Timeout: Reason 3
 * @ASTRIX_DEMO_ANSWER_CONGESTION: Reason 8
 * @ASTRIX_DEMO_ANSWER_HANGUP: hangs up before answering: Reason 0
 * @ASTRIX_DEMO_ANSWER_UNAVAILABLE: the channel cannot be created (unknown endpoint): Reason 0
 */
typedef enum
{
  ASTRIX_DEMO_ANSWER_ANSWER,
  ASTRIX_DEMO_ANSWER_BUSY,
  ASTRIX_DEMO_ANSWER_NO_ANSWER,
  ASTRIX_DEMO_ANSWER_CONGESTION,
  ASTRIX_DEMO_ANSWER_HANGUP,
  ASTRIX_DEMO_ANSWER_UNAVAILABLE,
} AstrixDemoAnswer;

/**
 * AstrixDemoFault:
 * Faults a test injects into every connected session (and into new ones while active).
 * @ASTRIX_DEMO_FAULT_NONE: clears the faults
 * @ASTRIX_DEMO_FAULT_CLOSE_MID_MESSAGE: send half of an event, then close the connection
 * @ASTRIX_DEMO_FAULT_GARBAGE: send a few KiB of garbage bytes ending in a blank line, then carry on
 * @ASTRIX_DEMO_FAULT_ENDLESS_LINE: send one line that never ends (bytes without "\n", on and on)
 * @ASTRIX_DEMO_FAULT_STALL: keep the connection open, read, but answer nothing (no Pong)
 */
typedef enum
{
  ASTRIX_DEMO_FAULT_NONE,
  ASTRIX_DEMO_FAULT_CLOSE_MID_MESSAGE,
  ASTRIX_DEMO_FAULT_GARBAGE,
  ASTRIX_DEMO_FAULT_ENDLESS_LINE,
  ASTRIX_DEMO_FAULT_STALL,
} AstrixDemoFault;

/**
 * AstrixDemoSpyMode:
 * What a ChanSpy session does with the supervisor's voice. Asterisk sends no event when it
 * changes (PlayDTMF 4 / 5 / 6 with `Receive: true` and option d), so tests ask for it with
 * astrix_demo_pbx_get_spy_mode().
 * @ASTRIX_DEMO_SPY_NONE: the channel runs no ChanSpy
 * @ASTRIX_DEMO_SPY_LISTEN: listen only
 * @ASTRIX_DEMO_SPY_WHISPER: talk to the spied-on channel only
 * @ASTRIX_DEMO_SPY_BARGE: talk to both parties
 */
typedef enum
{
  ASTRIX_DEMO_SPY_NONE,
  ASTRIX_DEMO_SPY_LISTEN,
  ASTRIX_DEMO_SPY_WHISPER,
  ASTRIX_DEMO_SPY_BARGE,
} AstrixDemoSpyMode;

/**
 * AstrixDemoAudioSignal:
 * What an AudioSocket channel sends the desktop while its ChanSpy is attached: "the call".
 * @ASTRIX_DEMO_AUDIO_SINE: a sine of the frequency set (440 Hz unless told), amplitude 8000
 * @ASTRIX_DEMO_AUDIO_FRAME_NUMBER: every sample of the n-th frame sent (from 0) is n % 32000 + 1,
 *   so a test can tell which frame it hears (_astrix_demo_pbx_get_audio_sent_time())
 */
typedef enum
{
  ASTRIX_DEMO_AUDIO_SINE,
  ASTRIX_DEMO_AUDIO_FRAME_NUMBER,
} AstrixDemoAudioSignal;

/**
 * AstrixDemoAudioFault:
 * What happens to every AudioSocket connection, now and from now on.
 * @ASTRIX_DEMO_AUDIO_OK: audio flows (clears the others for new connections)
 * @ASTRIX_DEMO_AUDIO_STALL: nothing more is sent; the connections stay open (a frozen PBX)
 * @ASTRIX_DEMO_AUDIO_DROP: the connections are closed and nothing is said on AMI, as if the
 *   PBX had gone from the network between the two
 * @ASTRIX_DEMO_AUDIO_UNREACHABLE: new connections cannot be made (a firewall in between):
 *   AudioSocket originates fail with Reason 8
 */
typedef enum
{
  ASTRIX_DEMO_AUDIO_OK,
  ASTRIX_DEMO_AUDIO_STALL,
  ASTRIX_DEMO_AUDIO_DROP,
  ASTRIX_DEMO_AUDIO_UNREACHABLE,
} AstrixDemoAudioFault;

#define ASTRIX_TYPE_DEMO_PBX (astrix_demo_pbx_get_type ())

G_DECLARE_FINAL_TYPE (AstrixDemoPbx, astrix_demo_pbx, ASTRIX, DEMO_PBX, GObject)

AstrixDemoPbx *astrix_demo_pbx_new                    (void);

/* Server */
gboolean       astrix_demo_pbx_start                  (AstrixDemoPbx    *self,
                                                       guint16           port,
                                                       GError          **error);
void           astrix_demo_pbx_stop                   (AstrixDemoPbx    *self);
guint16        astrix_demo_pbx_get_port               (AstrixDemoPbx    *self);
void           astrix_demo_pbx_set_tls_certificate    (AstrixDemoPbx    *self,
                                                       GTlsCertificate  *certificate);
void           astrix_demo_pbx_add_user               (AstrixDemoPbx    *self,
                                                       const char       *username,
                                                       const char       *secret,
                                                       const char       *read_classes,
                                                       const char       *write_classes);
void           astrix_demo_pbx_set_time_scale         (AstrixDemoPbx    *self,
                                                       double            scale);
guint          astrix_demo_pbx_get_n_sessions         (AstrixDemoPbx    *self);
guint64        astrix_demo_pbx_get_bytes_sent         (AstrixDemoPbx    *self,
                                                       const char       *username);

/* The call centre */
void           astrix_demo_pbx_set_running            (AstrixDemoPbx    *self,
                                                       gboolean          running);
void           astrix_demo_pbx_set_seed               (AstrixDemoPbx    *self,
                                                       guint32           seed);
char          *astrix_demo_pbx_add_call               (AstrixDemoPbx    *self,
                                                       const char       *agent,
                                                       const char       *caller_number,
                                                       const char       *caller_name);
char          *astrix_demo_pbx_add_queue_call         (AstrixDemoPbx    *self,
                                                       const char       *queue,
                                                       const char       *caller_number,
                                                       const char       *caller_name);
gboolean       astrix_demo_pbx_hangup                 (AstrixDemoPbx    *self,
                                                       const char       *channel);
char         **astrix_demo_pbx_dup_channels           (AstrixDemoPbx    *self);
void           astrix_demo_pbx_set_endpoint_answer    (AstrixDemoPbx    *self,
                                                       const char       *endpoint,
                                                       AstrixDemoAnswer  answer);
void           astrix_demo_pbx_emit_event             (AstrixDemoPbx    *self,
                                                       AmiMessage       *event);
AstrixDemoSpyMode astrix_demo_pbx_get_spy_mode        (AstrixDemoPbx    *self,
                                                       const char       *channel);

/* Faults and scripting for tests */
void           astrix_demo_pbx_inject_fault           (AstrixDemoPbx    *self,
                                                       AstrixDemoFault   fault);
void           astrix_demo_pbx_set_ignored_action     (AstrixDemoPbx    *self,
                                                       const char       *action,
                                                       gboolean          ignored);
void           astrix_demo_pbx_restart                (AstrixDemoPbx    *self,
                                                       guint             n_calls);
void           astrix_demo_pbx_drop_sessions          (AstrixDemoPbx    *self);
void           astrix_demo_pbx_set_transcript         (AstrixDemoPbx    *self,
                                                       const char       *path);
GPtrArray     *astrix_demo_pbx_get_received           (AstrixDemoPbx    *self);

/* Recordings */
gboolean       astrix_demo_pbx_set_recordings_dir     (AstrixDemoPbx    *self,
                                                       const char       *dir,
                                                       const char       *pbx_path,
                                                       GError          **error);

/* AudioSocket: what goes to the desktop, and what came back */
void           astrix_demo_pbx_set_audio_signal       (AstrixDemoPbx    *self,
                                                       AstrixDemoAudioSignal signal,
                                                       double            frequency);
void           astrix_demo_pbx_set_audio_fault        (AstrixDemoPbx    *self,
                                                       AstrixDemoAudioFault fault);
GBytes        *astrix_demo_pbx_dup_audio_received     (AstrixDemoPbx    *self,
                                                       const char       *channel,
                                                       AstrixDemoSpyMode mode);

/* What the PBX has loaded and configured, for the server check's failure modes */
void           astrix_demo_pbx_set_module_loaded      (AstrixDemoPbx    *self,
                                                       const char       *module,
                                                       gboolean          loaded);
void           astrix_demo_pbx_set_context_present    (AstrixDemoPbx    *self,
                                                       const char       *context,
                                                       gboolean          present);

G_END_DECLS

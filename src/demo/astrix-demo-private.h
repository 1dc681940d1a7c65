/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-demo-pbx.h"

G_BEGIN_DECLS

/*
 * The simulated PBX's insides, shared by its source files:
 *   astrix-demo-pbx.c          the object, the listener, users, clock, faults, broadcasting
 *   astrix-demo-ledger.c       what clients sent (recorded, transcript), bytes sent per user
 *   astrix-demo-session.c      one AMI connection: framing as Asterisk does, write queue
 *   astrix-demo-actions.c      dispatch, authentication and the simple actions
 *   astrix-demo-command.c      Command (CLI), ListCommands, ShowDialPlan
 *   astrix-demo-fields.c       message building, channel snapshots, C escaping, classes
 *   astrix-demo-channel.c      channels and the events about them
 *   astrix-demo-callcentre.c   agents' calls and the random traffic
 *   astrix-demo-dialplan.c     the lab's dialplan (the seed's contexts)
 *   astrix-demo-originate.c    Originate: dialling the endpoint, then the dialplan or application
 *   astrix-demo-spy.c          ChanSpy
 *   astrix-demo-playback.c     Playback and ControlPlayback
 *   astrix-demo-audiosocket.c  AudioSocket: connecting out to the desktop, its audio both ways
 *   astrix-demo-queue.c        app_queue: queues, members, waiting callers and their events
 *   astrix-demo-queue-actions.c QueueStatus, QueueSummary, QueuePause / Add / Remove / Penalty
 *   astrix-demo-mixmonitor.c   MixMonitor, MixMonitorMute, StopMixMonitor, Redirect
 */

/* manager.conf read/write classes, with Asterisk's bit values */
typedef enum
{
  ASTRIX_DEMO_CLASS_SYSTEM    = 1 << 0,
  ASTRIX_DEMO_CLASS_CALL      = 1 << 1,
  ASTRIX_DEMO_CLASS_LOG       = 1 << 2,
  ASTRIX_DEMO_CLASS_VERBOSE   = 1 << 3,
  ASTRIX_DEMO_CLASS_COMMAND   = 1 << 4,
  ASTRIX_DEMO_CLASS_AGENT     = 1 << 5,
  ASTRIX_DEMO_CLASS_USER      = 1 << 6,
  ASTRIX_DEMO_CLASS_CONFIG    = 1 << 7,
  ASTRIX_DEMO_CLASS_DTMF      = 1 << 8,
  ASTRIX_DEMO_CLASS_REPORTING = 1 << 9,
  ASTRIX_DEMO_CLASS_CDR       = 1 << 10,
  ASTRIX_DEMO_CLASS_DIALPLAN  = 1 << 11,
  ASTRIX_DEMO_CLASS_ORIGINATE = 1 << 12,
  ASTRIX_DEMO_CLASS_AGI       = 1 << 13,
  ASTRIX_DEMO_CLASS_CC        = 1 << 14,
  ASTRIX_DEMO_CLASS_AOC       = 1 << 15,
  ASTRIX_DEMO_CLASS_TEST      = 1 << 16,
  ASTRIX_DEMO_CLASS_SECURITY  = 1 << 17,
  ASTRIX_DEMO_CLASS_MESSAGE   = 1 << 19,
} AstrixDemoClass;

#define ASTRIX_DEMO_CLASS_ALL 0xfffffu

/* Asterisk's channel states (ChannelState / ChannelStateDesc) */
typedef enum
{
  ASTRIX_DEMO_STATE_DOWN = 0,
  ASTRIX_DEMO_STATE_RING = 4,
  ASTRIX_DEMO_STATE_RINGING = 5,
  ASTRIX_DEMO_STATE_UP = 6,
  ASTRIX_DEMO_STATE_BUSY = 7,
} AstrixDemoState;

/* Where a Dial() is, for the variables it sets */
typedef enum
{
  ASTRIX_DEMO_DIAL_BEGIN,
  ASTRIX_DEMO_DIAL_ANSWER,
  ASTRIX_DEMO_DIAL_END,
} AstrixDemoDial;

/* Q.850 causes the simulator uses */
#define ASTRIX_DEMO_CAUSE_UNKNOWN     0
#define ASTRIX_DEMO_CAUSE_NORMAL      16
#define ASTRIX_DEMO_CAUSE_BUSY        17
#define ASTRIX_DEMO_CAUSE_NO_ANSWER   19
#define ASTRIX_DEMO_CAUSE_REJECTED    21
#define ASTRIX_DEMO_CAUSE_CONGESTION  34

typedef struct _AstrixDemoUser     AstrixDemoUser;
typedef struct _AstrixDemoChannel  AstrixDemoChannel;
typedef struct _AstrixDemoCall     AstrixDemoCall;
typedef struct _AstrixDemoRun      AstrixDemoRun;
typedef struct _AstrixDemoSpy      AstrixDemoSpy;
typedef struct _AstrixDemoPlayback AstrixDemoPlayback;
typedef struct _AstrixDemoRecordings AstrixDemoRecordings;
typedef struct _AstrixDemoAudio    AstrixDemoAudio;
typedef struct _AstrixDemoAudioLab AstrixDemoAudioLab;
typedef struct _AstrixDemoQueues   AstrixDemoQueues;
typedef struct _AstrixDemoQueue    AstrixDemoQueue;
typedef struct _AstrixDemoMember   AstrixDemoMember;

struct _AstrixDemoUser
{
  char *name;
  char *secret;
  guint read;
  guint write;
};

struct _AstrixDemoPbx
{
  GObject            parent_instance;

  GSocketService    *service;
  guint16            port;
  GTlsCertificate   *certificate;
  GPtrArray         *sessions;          /* AstrixDemoSession, in connection order */
  GHashTable        *users;             /* name -> AstrixDemoUser */

  /* The simulated clock: real time since @clock_real, divided by the scale, plus @clock_sim. */
  double             time_scale;
  gint64             clock_real;
  gint64             clock_sim;
  gint64             booted_at;         /* simulated µs, for FullyBooted's Uptime */

  GPtrArray         *channels;          /* AstrixDemoChannel, in creation order */
  GPtrArray         *calls;             /* AstrixDemoCall */
  GPtrArray         *runs;              /* AstrixDemoRun: originated channels */
  GHashTable        *endpoint_answers;  /* endpoint ("PJSIP/2000") -> AstrixDemoAnswer */
  guint              channel_seq;       /* the 8-hex-digit suffix of channel names */
  guint              uniqueid_seq;      /* the part of a Uniqueid after the dot */
  gint64             uniqueid_epoch;    /* lowest seconds part, raised by a restart */
  guint              calls_processed;
  GRand             *rand;
  gboolean           running;
  guint              traffic_id;

  AstrixDemoFault    fault;
  GHashTable        *ignored_actions;   /* lower-case action name -> itself */
  GHashTable        *unloaded_modules;  /* module name without ".so" -> itself */
  GHashTable        *removed_contexts;  /* dialplan context -> itself */
  GOutputStream     *transcript;
  GPtrArray         *received;          /* AmiMessage, every action received, in order */
  GHashTable        *bytes_sent;        /* user name -> guint64: bytes sent to its sessions */
  AstrixDemoRecordings *recordings;      /* the recordings folder, or NULL */
  AstrixDemoAudioLab *audio_lab;        /* AudioSocket signal, faults and recordings; lazy */
  AstrixDemoQueues  *queues;            /* app_queue's queues; lazy */
  GHashTable        *mixmonitors;       /* Uniqueid -> recordings running on it; lazy */
};

/* One client connection. */
#define ASTRIX_TYPE_DEMO_SESSION (astrix_demo_session_get_type ())

G_DECLARE_FINAL_TYPE (AstrixDemoSession, astrix_demo_session, ASTRIX, DEMO_SESSION, GObject)

/* Asterisk's input buffer: 1024 bytes a line, CR LF included. */
#define ASTRIX_DEMO_LINE_BUFFER 1024
/* Asterisk keeps at most 128 header lines of a message. */
#define ASTRIX_DEMO_MAX_HEADERS 128

struct _AstrixDemoSession
{
  GObject            parent_instance;

  AstrixDemoPbx     *pbx;               /* unowned; NULL once the session is closed */
  GIOStream         *stream;            /* the socket connection, or TLS on top of it */
  GCancellable      *cancellable;
  guint              id;                /* for SessionID in security events */

  /* Input, framed as Asterisk's get_input() does; whole lines go through the parser. */
  char               inbuf[ASTRIX_DEMO_LINE_BUFFER + 1];
  gsize              inlen;
  char               readbuf[4096];
  AmiParser         *parser;
  AmiMessage        *parsed;            /* what the parser produced for the current message */
  guint              n_lines;           /* header lines of the message being read */
  gboolean           line_too_long;     /* a line of this message overflowed the buffer */
  GQueue             deferred;          /* AstrixDemoItem waiting while the session is held */
  gboolean           processing;        /* an item is being processed (guards re-entry) */
  gboolean           read_paused;       /* too much input waits: reading resumes after it */

  /* Output */
  GString           *outq;              /* bytes to send, from out_offset on */
  gsize              out_offset;        /* how much of outq is handed to the stream already */
  GString           *held;              /* events held back while the session is held */
  GBytes            *writing;           /* the write in flight */
  guint              write_timeout_id;  /* drops a client that stopped reading */
  guint              hold_count;        /* sync Originate, failed login, stall */
  gboolean           stalled;
  gboolean           closing;           /* close once the queue is written */
  gboolean           closed;
  guint              endless_id;

  /* Authentication and what the user may see and do */
  gboolean           authenticated;
  char              *username;
  char              *challenge;
  guint              readperm;
  guint              writeperm;
  guint              send_events;
  guint              auth_timeout_id;
  guint64            bytes_sent;        /* everything queued to this client */
};

/* A message (or the lack of one) read from a client, as Asterisk's do_message() sees it. */
typedef struct
{
  AmiMessage *message;                  /* NULL for a blank line alone */
  gboolean    line_too_long;
  gboolean    too_many_lines;
} AstrixDemoItem;

struct _AstrixDemoChannel
{
  gatomicrefcount    ref_count;
  char              *name;
  char              *uniqueid;
  char              *linkedid;
  char              *device;            /* for DeviceStateChange: "PJSIP/1001" */
  AstrixDemoState    state;
  char              *caller_num;        /* raw; C-escaped on the wire */
  char              *caller_name;
  char              *connected_num;
  char              *connected_name;
  char              *context;
  char              *exten;
  int                priority;
  char              *application;       /* for CoreShowChannel and the CLI */
  char              *application_data;
  char              *bridge_id;         /* NULL when not in a bridge */
  GHashTable        *variables;
  gint64             created_at;        /* simulated µs */
  gboolean           gone;              /* hung up */
  AstrixDemoCall    *call;              /* unowned: the call this is a leg of */
  AstrixDemoRun     *run;               /* unowned: the Originate that made it */
};

/* An agent's call: a customer on the trunk bridged with an agent's phone. */
struct _AstrixDemoCall
{
  AstrixDemoPbx     *pbx;
  AstrixDemoChannel *customer;
  AstrixDemoChannel *agent;
  char              *bridge_id;
  guint              timer_id;          /* answer, then hang up */
  gboolean           answered;
  /* A queue call (astrix-demo-queue.c): @agent is NULL while the caller waits. */
  AstrixDemoQueue   *queue;
  char              *member;            /* the interface rung or talking */
  gint64             joined;            /* simulated µs */
  gint64             rang_at;
  gint64             connected_at;
  guint              position;          /* on joining (OriginalPosition) */
  guint              hold;              /* s, at the answer */
  gint64             retry_at;          /* no member is rung again before (queues.conf retry) */
  guint              patience_id;       /* the caller gives up */
};

/* A queue member (queues.conf or QueueAdd); one per queue it is in. */
struct _AstrixDemoMember
{
  char              *interface;         /* "PJSIP/1001" */
  char              *name;
  char              *state_interface;
  gboolean           dynamic;
  int                penalty;
  guint              calls_taken;
  gint64             last_call;         /* epoch s, 0 = never */
  gint64             last_pause;
  gint64             login_time;
  gboolean           in_call;
  int                status;            /* the device state of state_interface, 0-8 */
  gboolean           paused;
  char              *paused_reason;
  gboolean           ringinuse;
};

struct _AstrixDemoQueue
{
  char              *name;
  char              *strategy;          /* linear or rrmemory */
  guint              service_level;     /* s */
  guint              wrap_up;           /* s (wrapuptime: not in QueueParams) */
  GPtrArray         *members;           /* AstrixDemoMember */
  GPtrArray         *waiting;           /* AstrixDemoCall (unowned), in position order */
  guint              next_member;       /* rrmemory: where the next round starts */
  guint              completed;         /* Asterisk's counters since the PBX started */
  guint              abandoned;
  guint              completed_in_sl;
  guint              abandoned_in_sl;
  guint              hold_time;         /* running averages, s */
  guint              talk_time;
};

struct _AstrixDemoQueues
{
  GPtrArray         *list;              /* AstrixDemoQueue, in queues.conf order */
  guint              tick_id;           /* rings members for waiting callers, while any wait */
};

/* An originated channel: dialled, then the application or the dialplan that runs on it. */
struct _AstrixDemoRun
{
  AstrixDemoPbx     *pbx;
  AstrixDemoSession *session;           /* ref, for a synchronous Originate only */
  AstrixDemoChannel *channel;           /* NULL before it is created, or when it cannot be */
  char              *action_id;
  char              *request;           /* the Channel header as given */
  char              *endpoint;          /* the request without Local's "/n" options */
  char              *application;       /* Application originate ... */
  char              *data;
  char              *context;           /* ... or Context / Exten / Priority */
  char              *exten;
  int                priority;
  char              *cid_num;
  char              *cid_name;
  GPtrArray         *variables;         /* name, value, name, value, ... */
  guint              timeout_ms;
  gboolean           async;
  AstrixDemoAnswer   answer;
  guint              timer_id;
  AstrixDemoSpy     *spy;
  AstrixDemoPlayback *playback;
  AstrixDemoAudio   *audio;             /* an AudioSocket channel's connection to the desktop */
  gboolean           answered;
};

/* A module of the simulated PBX (`module show like`, ModuleCheck) and the dialplan
 * application it provides, if any. */
typedef struct
{
  const char *module;                   /* "app_chanspy.so" */
  const char *description;
  const char *application;              /* "ChanSpy", or NULL */
} AstrixDemoModule;

/* astrix-demo-pbx.c */
const AstrixDemoModule *_astrix_demo_pbx_modules    (guint               *n_modules);
gboolean            _astrix_demo_pbx_module_loaded  (AstrixDemoPbx       *self,
                                                     const char          *module);
gboolean            _astrix_demo_pbx_application_loaded (AstrixDemoPbx   *self,
                                                     const char          *application);
gboolean            _astrix_demo_pbx_has_context    (AstrixDemoPbx       *self,
                                                     const char          *context);
guint               _astrix_demo_pbx_timeout        (AstrixDemoPbx       *self,
                                                     double               ms,
                                                     GSourceFunc          func,
                                                     gpointer             data);
gint64              _astrix_demo_pbx_now            (AstrixDemoPbx       *self);
void                _astrix_demo_pbx_emit           (AstrixDemoPbx       *self,
                                                     AmiMessage          *event);
void                _astrix_demo_pbx_emit_fields    (AstrixDemoPbx       *self,
                                                     GPtrArray           *fields);
AstrixDemoUser     *_astrix_demo_pbx_lookup_user    (AstrixDemoPbx       *self,
                                                     const char          *name);
gboolean            _astrix_demo_pbx_is_ignored     (AstrixDemoPbx       *self,
                                                     const char          *action);
void                _astrix_demo_pbx_session_closed (AstrixDemoPbx       *self,
                                                     AstrixDemoSession   *session);
AstrixDemoChannel  *_astrix_demo_pbx_find_channel   (AstrixDemoPbx       *self,
                                                     const char          *name);
char               *_astrix_demo_pbx_new_uniqueid   (AstrixDemoPbx       *self);
gboolean            _astrix_demo_pbx_hangup_channel (AstrixDemoPbx       *self,
                                                     AstrixDemoChannel   *channel,
                                                     int                  cause,
                                                     gboolean             soft);

/* astrix-demo-ledger.c */
void                _astrix_demo_pbx_record         (AstrixDemoPbx       *self,
                                                     AmiMessage          *action);
void                _astrix_demo_pbx_count_sent     (AstrixDemoPbx       *self,
                                                     const char          *username,
                                                     gsize                n);

/* astrix-demo-session.c */
AstrixDemoSession  *_astrix_demo_session_new        (AstrixDemoPbx       *pbx,
                                                     GIOStream           *stream,
                                                     guint                id);
void                _astrix_demo_session_start      (AstrixDemoSession   *self);
void                _astrix_demo_session_send       (AstrixDemoSession   *self,
                                                     AmiMessage          *message);
void                _astrix_demo_session_send_now   (AstrixDemoSession   *self,
                                                     AmiMessage          *message);
void                _astrix_demo_session_send_event (AstrixDemoSession   *self,
                                                     AmiMessage          *event,
                                                     guint                event_class);
void                _astrix_demo_session_hold       (AstrixDemoSession   *self);
void                _astrix_demo_session_release    (AstrixDemoSession   *self);
void                _astrix_demo_session_close      (AstrixDemoSession   *self);
void                _astrix_demo_session_close_after_flush (AstrixDemoSession *self);
void                _astrix_demo_session_apply_fault (AstrixDemoSession  *self,
                                                     AstrixDemoFault      fault);
void                _astrix_demo_session_logged_in  (AstrixDemoSession   *self);

/* astrix-demo-actions.c */
void                _astrix_demo_actions_process    (AstrixDemoSession   *session,
                                                     AstrixDemoItem      *item);
void                _astrix_demo_respond            (AstrixDemoSession   *session,
                                                     AmiMessage          *request,
                                                     const char          *status,
                                                     ...) G_GNUC_NULL_TERMINATED;
void                _astrix_demo_respond_error      (AstrixDemoSession   *session,
                                                     AmiMessage          *request,
                                                     const char          *message);
AmiMessage         *_astrix_demo_response_new       (AmiMessage          *request,
                                                     const char          *status,
                                                     ...) G_GNUC_NULL_TERMINATED;
void                _astrix_demo_actions_list       (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
GPtrArray          *_astrix_demo_list_complete_new  (AmiMessage          *request,
                                                     const char          *event,
                                                     guint                n_items);
void                _astrix_demo_send_list_complete (AstrixDemoSession   *session,
                                                     AmiMessage          *request,
                                                     const char          *event,
                                                     guint                n_items);

/* astrix-demo-command.c */
void                _astrix_demo_command            (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_show_dialplan      (AstrixDemoSession   *session,
                                                     AmiMessage          *request);

/* astrix-demo-fields.c: a message under construction is a GPtrArray of owned strings */
GPtrArray          *_astrix_demo_fields_new         (const char          *first_key,
                                                     const char          *first_value);
void                _astrix_demo_fields_add         (GPtrArray           *fields,
                                                     const char          *key,
                                                     const char          *value);
void                _astrix_demo_fields_add_printf  (GPtrArray           *fields,
                                                     const char          *key,
                                                     const char          *format,
                                                     ...) G_GNUC_PRINTF (3, 4);
void                _astrix_demo_fields_add_snapshot (GPtrArray          *fields,
                                                     const char          *prefix,
                                                     AstrixDemoChannel   *channel);
AmiMessage         *_astrix_demo_fields_to_message  (GPtrArray           *fields);
GPtrArray          *_astrix_demo_event_new          (const char          *name,
                                                     guint                event_class);
const char         *_astrix_demo_header             (AmiMessage          *message,
                                                     const char          *key);
gboolean            _astrix_demo_one_of             (const char          *value,
                                                     const char *const   *words);
gboolean            _astrix_demo_true               (const char          *value);
char               *_astrix_demo_escape_c           (const char          *text);
guint               _astrix_demo_classes_parse      (const char          *text);
char               *_astrix_demo_classes_to_string  (guint                classes);
guint               _astrix_demo_event_class        (AmiMessage          *event);
const char         *_astrix_demo_state_desc         (AstrixDemoState      state);
const char         *_astrix_demo_cause_text         (int                  cause);
char               *_astrix_demo_format_duration    (gint64               usec);

/* astrix-demo-channel.c */
AstrixDemoChannel  *_astrix_demo_channel_new        (AstrixDemoPbx       *pbx,
                                                     const char          *endpoint,
                                                     const char          *suffix,
                                                     AstrixDemoState      state);
AstrixDemoChannel  *_astrix_demo_channel_ref        (AstrixDemoChannel   *channel);
void                _astrix_demo_channel_unref      (AstrixDemoChannel   *channel);
void                _astrix_demo_channel_set_caller (AstrixDemoChannel   *channel,
                                                     const char          *num,
                                                     const char          *name);
void                _astrix_demo_channel_set_connected (AstrixDemoChannel *channel,
                                                     const char          *num,
                                                     const char          *name);
void                _astrix_demo_channel_set_app    (AstrixDemoChannel   *channel,
                                                     const char          *application,
                                                     const char          *data);
void                _astrix_demo_channel_emit       (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     const char          *event,
                                                     guint                event_class,
                                                     ...) G_GNUC_NULL_TERMINATED;
void                _astrix_demo_channel_set_state  (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     AstrixDemoState      state);
void                _astrix_demo_channel_set_var    (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     const char          *name,
                                                     const char          *value);
void                _astrix_demo_channel_newexten   (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     const char          *context,
                                                     const char          *exten,
                                                     int                  priority,
                                                     const char          *application,
                                                     const char          *data);
void                _astrix_demo_channel_device     (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     const char          *state);
void                _astrix_demo_channel_dial       (AstrixDemoPbx       *pbx,
                                                     const char          *event,
                                                     AstrixDemoChannel   *caller,
                                                     AstrixDemoChannel   *dest,
                                                     const char          *last_key,
                                                     const char          *last_value);
void                _astrix_demo_channel_dial_vars  (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *caller,
                                                     AstrixDemoChannel   *dest,
                                                     AstrixDemoDial       stage);
void                _astrix_demo_channel_request_hangup (AstrixDemoPbx   *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     int                  cause,
                                                     gboolean             soft);
void                _astrix_demo_channel_gone       (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     int                  cause);
void                _astrix_demo_bridge_emit        (AstrixDemoPbx       *pbx,
                                                     const char          *event,
                                                     const char          *bridge_id,
                                                     guint                n_channels,
                                                     AstrixDemoChannel   *channel);

/* astrix-demo-callcentre.c */
char               *_astrix_demo_callcentre_add     (AstrixDemoPbx       *pbx,
                                                     const char          *agent,
                                                     const char          *caller_number,
                                                     const char          *caller_name,
                                                     gboolean             ring);
void                _astrix_demo_callcentre_hangup  (AstrixDemoCall      *call,
                                                     AstrixDemoChannel   *first,
                                                     int                  cause,
                                                     gboolean             soft);
void                _astrix_demo_callcentre_set_running (AstrixDemoPbx   *pbx,
                                                     gboolean             running);
void                _astrix_demo_call_free          (AstrixDemoCall      *call);
void                _astrix_demo_callcentre_queues  (AstrixDemoPbx       *pbx);
void                _astrix_demo_callcentre_redirect (AstrixDemoPbx      *pbx,
                                                     AstrixDemoChannel   *channel,
                                                     const char          *context,
                                                     const char          *exten);
AstrixDemoChannel  *_astrix_demo_callcentre_queue_call (AstrixDemoPbx    *pbx,
                                                     AstrixDemoQueue     *queue,
                                                     const char          *caller_number,
                                                     const char          *caller_name);

/* astrix-demo-originate.c */
AstrixDemoAnswer    _astrix_demo_endpoint_answer    (AstrixDemoPbx       *pbx,
                                                     const char          *endpoint);
char               *_astrix_demo_endpoint_of        (const char          *request);
void                _astrix_demo_originate          (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_run_hangup         (AstrixDemoRun       *run,
                                                     int                  cause,
                                                     gboolean             soft);
void                _astrix_demo_run_app_done       (AstrixDemoRun       *run);
void                _astrix_demo_run_free           (AstrixDemoRun       *run);

/* astrix-demo-dialplan.c: one priority of the lab's dialplan, as the walker hands it out */
typedef struct
{
  const char *context;
  const char *exten;
  int         priority;
  const char *label;
  const char *application;
  const char *data;
  int         line;         /* in the lab's extensions.conf, for `dialplan show` */
} AstrixDemoPriority;
typedef void (*AstrixDemoDialplanFunc) (const AstrixDemoPriority *priority,
                                        gpointer                  user_data);
const AstrixDemoPriority *_astrix_demo_dialplan_lookup (AstrixDemoPbx *pbx,
                                                     const char          *context,
                                                     const char          *exten,
                                                     int                  priority);
gboolean            _astrix_demo_dialplan_has_context (AstrixDemoPbx     *pbx,
                                                     const char          *context);
int                 _astrix_demo_dialplan_find_label (AstrixDemoPbx      *pbx,
                                                     const char          *context,
                                                     const char          *exten,
                                                     const char          *label);
guint               _astrix_demo_dialplan_foreach   (AstrixDemoPbx       *pbx,
                                                     const char          *context,
                                                     const char          *exten,
                                                     AstrixDemoDialplanFunc func,
                                                     gpointer             user_data);

/* astrix-demo-spy.c */
AstrixDemoSpy      *_astrix_demo_spy_start          (AstrixDemoRun       *run,
                                                     const char          *arguments);
void                _astrix_demo_spy_free           (AstrixDemoSpy       *spy);
void                _astrix_demo_spy_stop           (AstrixDemoSpy       *spy);
void                _astrix_demo_spy_channel_gone   (AstrixDemoPbx       *pbx,
                                                     AstrixDemoChannel   *channel);
void                _astrix_demo_spy_wake           (AstrixDemoPbx       *pbx);
void                _astrix_demo_spy_dtmf           (AstrixDemoSpy       *spy,
                                                     char                 digit);
AstrixDemoSpyMode   _astrix_demo_spy_get_mode       (AstrixDemoSpy       *spy);
AstrixDemoChannel  *_astrix_demo_spy_get_spyee      (AstrixDemoSpy       *spy);

/* astrix-demo-playback.c */
AstrixDemoPlayback *_astrix_demo_playback_start     (AstrixDemoRun       *run,
                                                     const char          *arguments,
                                                     gboolean             controllable);
void                _astrix_demo_playback_free      (AstrixDemoPlayback  *playback);
gboolean            _astrix_demo_playback_control   (AstrixDemoPlayback  *playback,
                                                     const char          *control);

/* astrix-demo-audiosocket.c */
void                _astrix_demo_audio_dial         (AstrixDemoRun       *run);
void                _astrix_demo_audio_free         (AstrixDemoAudio     *audio);
void                _astrix_demo_audio_send_dtmf    (AstrixDemoAudio     *audio,
                                                     char                 digit);
void                _astrix_demo_audio_pbx_stopped  (AstrixDemoPbx       *pbx);
void                _astrix_demo_audio_lab_free     (AstrixDemoAudioLab  *lab);

/* astrix-demo-originate.c, for AudioSocket's dialling */
void                _astrix_demo_run_dial_begin     (AstrixDemoRun       *run,
                                                     AstrixDemoChannel   *channel,
                                                     const char          *dial_string,
                                                     gboolean             connected_line);
void                _astrix_demo_run_fail           (AstrixDemoRun       *run,
                                                     int                  reason,
                                                     int                  cause,
                                                     const char          *dial_status);
void                _astrix_demo_run_answer         (AstrixDemoRun       *run);

/* astrix-demo-queue.c */
AstrixDemoQueues   *_astrix_demo_queues_new         (void);
void                _astrix_demo_queues_free        (AstrixDemoQueues    *queues);
gint64              _astrix_demo_queue_epoch        (AstrixDemoPbx       *pbx);
AstrixDemoQueue    *_astrix_demo_queue_find         (AstrixDemoPbx       *pbx,
                                                     const char          *name);
AstrixDemoQueue    *_astrix_demo_queue_add          (AstrixDemoPbx       *pbx,
                                                     const char          *name,
                                                     const char          *strategy,
                                                     guint                service_level,
                                                     guint                wrap_up);
AstrixDemoMember   *_astrix_demo_queue_find_member  (AstrixDemoQueue     *queue,
                                                     const char          *interface);
AstrixDemoMember   *_astrix_demo_queue_add_member   (AstrixDemoPbx       *pbx,
                                                     AstrixDemoQueue     *queue,
                                                     const char          *interface,
                                                     const char          *name,
                                                     const char          *state_interface,
                                                     gboolean             dynamic,
                                                     int                  penalty);
void                _astrix_demo_queue_member_event (AstrixDemoPbx       *pbx,
                                                     const char          *event,
                                                     AstrixDemoQueue     *queue,
                                                     AstrixDemoMember    *member,
                                                     const char          *paused_reason);
void                _astrix_demo_queue_member_item  (GPtrArray           *fields,
                                                     AstrixDemoQueue     *queue,
                                                     AstrixDemoMember    *member);
void                _astrix_demo_queue_device_state (AstrixDemoPbx       *pbx,
                                                     const char          *device,
                                                     const char          *state);
void                _astrix_demo_queue_join         (AstrixDemoPbx       *pbx,
                                                     AstrixDemoQueue     *queue,
                                                     AstrixDemoCall      *call);
void                _astrix_demo_queue_leave        (AstrixDemoPbx       *pbx,
                                                     AstrixDemoCall      *call);
void                _astrix_demo_queue_abandon      (AstrixDemoPbx       *pbx,
                                                     AstrixDemoCall      *call);
void                _astrix_demo_queue_agent_called (AstrixDemoPbx       *pbx,
                                                     AstrixDemoCall      *call);
void                _astrix_demo_queue_ring_no_answer (AstrixDemoPbx     *pbx,
                                                     AstrixDemoCall      *call);
void                _astrix_demo_queue_connect      (AstrixDemoPbx       *pbx,
                                                     AstrixDemoCall      *call);
void                _astrix_demo_queue_complete     (AstrixDemoPbx       *pbx,
                                                     AstrixDemoCall      *call,
                                                     gboolean             caller_hung_up);
AstrixDemoMember   *_astrix_demo_queue_pick_member  (AstrixDemoPbx       *pbx,
                                                     AstrixDemoQueue     *queue);
void                _astrix_demo_queue_pause_device (AstrixDemoPbx       *pbx,
                                                     AstrixDemoQueue     *queue,
                                                     AstrixDemoMember    *member);
void                _astrix_demo_queue_set_paused   (AstrixDemoPbx       *pbx,
                                                     AstrixDemoQueue     *queue,
                                                     AstrixDemoMember    *member,
                                                     gboolean             paused,
                                                     const char          *reason);
GPtrArray          *_astrix_demo_queues             (AstrixDemoPbx       *pbx);

/* astrix-demo-queue-actions.c */
void                _astrix_demo_queue_status       (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_queue_summary      (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_queue_pause        (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_queue_add_action   (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_queue_remove       (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_queue_penalty      (AstrixDemoSession   *session,
                                                     AmiMessage          *request);

/* astrix-demo-recordings.c */
void                _astrix_demo_recordings_free    (AstrixDemoRecordings *recordings);
gboolean            _astrix_demo_recordings_find    (AstrixDemoPbx       *pbx,
                                                     const char          *file,
                                                     gint64              *duration_ms);
gboolean            _astrix_demo_recordings_stat    (AstrixDemoPbx       *pbx,
                                                     const char          *path);
char               *_astrix_demo_recordings_call_started (AstrixDemoPbx  *pbx,
                                                     AstrixDemoChannel   *customer,
                                                     char               **pbx_file);
void                _astrix_demo_recordings_call_ended (AstrixDemoPbx    *pbx,
                                                     AstrixDemoChannel   *customer);
void                _astrix_demo_recordings_start_file (AstrixDemoPbx    *pbx,
                                                     const char          *file);
void                _astrix_demo_recordings_finish_file (AstrixDemoPbx   *pbx,
                                                     const char          *file,
                                                     gint64               ms);

/* astrix-demo-mixmonitor.c */
void                _astrix_demo_mixmonitor         (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_mixmonitor_mute    (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_stop_mixmonitor    (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_redirect           (AstrixDemoSession   *session,
                                                     AmiMessage          *request);
void                _astrix_demo_mixmonitor_dialplan_started (AstrixDemoPbx *pbx,
                                                     AstrixDemoChannel   *customer);
void                _astrix_demo_mixmonitor_channel_gone (AstrixDemoPbx  *pbx,
                                                     AstrixDemoChannel   *channel);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AstrixDemoChannel, _astrix_demo_channel_unref)

G_END_DECLS

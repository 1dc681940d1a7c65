/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-capabilities.h"
#include "astrix-error.h"
#include "astrix-monitor-session.h"
#include "astrix-server-check.h"

G_BEGIN_DECLS

/*
 * The server check's insides, one file per family of checks:
 *   astrix-server-check.c             the object, its rows and the run (plan, report, finish)
 *   astrix-server-check-connection.c  TCP, TLS and the banner, on a connection of our own
 *   astrix-server-check-login.c       the login, what the user may do, the read class, and the
 *                                     questions over AMI that follow, one after another
 *   astrix-server-check-modules.c     the modules the app needs
 *   astrix-server-check-dialplan.c    the dialplan contexts the configuration names
 *   astrix-server-check-endpoint.c    the supervisor's phone
 *   astrix-server-check-capabilities.c the optional capabilities: queue views, supervisor actions
 *   astrix-server-check-probe.c       raw I/O below AMI
 */

typedef struct _AstrixCheckRun   AstrixCheckRun;
typedef struct _AstrixCheckProbe AstrixCheckProbe;

struct _AstrixServerCheck
{
  GObject             parent_instance;

  AstrixServerConfig *config;
  GPtrArray          *results;       /* AstrixCheckResult, in the order they came */
  AstrixCheckStatus   status;        /* the worst so far */
  gboolean            running;
  AstrixCheckRun     *current;       /* the run whose rows the list shows; not a reference */
  guint               timeout_ms;
  guint               event_wait_ms; /* how long to watch for a call event after the login */
};

typedef void (*AstrixCheckProbeFunc) (AstrixCheckRun   *run,
                                      AstrixCheckProbe *probe,
                                      AmiMessage       *response,
                                      GPtrArray        *events,
                                      const GError     *error);

/* One question asked over AMI after the login (or answered without asking: no action). */
struct _AstrixCheckProbe
{
  AmiAction            *action;
  AstrixCheckProbeFunc  func;
  char                 *subject; /* the module, context or endpoint it is about */
  int                   detail;  /* the AstrixMonitorMode of a context, -1 for playback */
};

/* One run of the checks: the task data of astrix_server_check_run_async(). */
struct _AstrixCheckRun
{
  AstrixServerCheck  *self;
  AstrixServerConfig *config;
  char               *secret;           /* handed to the client at the login, then wiped */
  GCancellable       *cancellable;      /* ours: cancelled by the caller's, or by a newer run */
  gulong              cancel_handler;
  GCancellable       *outer;            /* the caller's, may be NULL */
  gulong              outer_handler;
  GPtrArray          *plan;             /* char* pairs: id, title of every check to report */
  GPtrArray          *queued;           /* AstrixCheckResult reported, not published yet */
  guint               publish_id;

  /* One I/O operation of our own at a time, with a timeout */
  GCancellable       *op;
  guint               op_timer;
  gboolean            op_timed_out;

  /* The probe connection: TCP, TLS, banner */
  GSocketConnection  *tcp;
  GIOStream          *stream;
  char               *local_address;    /* this computer's address, as this computer sees it */
  gboolean            remote_loopback;
  GString            *banner;
  GTlsCertificate    *peer;
  GTlsCertificateFlags peer_errors;
  char               *fingerprint;      /* SHA-256, lower-case hex */

  /* The login and what follows */
  AmiClient          *client;
  gulong              event_handler;
  gint64              logged_in_at;     /* monotonic µs */
  gboolean            saw_call_event;
  gboolean            saw_agent_event;
  gboolean            read_class_done;
  GHashTable         *allowed;          /* lower-case action names, NULL when unknown */
  AstrixCapabilities  capabilities;     /* from ListCommands, when capabilities_known */
  gboolean            capabilities_known;
  char               *read_classes;     /* from `manager show user`, NULL when unknown */
  char               *write_classes;
  GQueue              probes;
  AstrixCheckProbe   *probe;            /* the one waiting for its answer */
  GTask              *waiting;          /* the run, while it watches for a call event */
  guint               wait_timer;
};

/* astrix-server-check.c */
void                _astrix_server_check_set_timeout    (AstrixServerCheck  *self,
                                                         guint               timeout_ms);
void                _astrix_server_check_set_event_wait (AstrixServerCheck  *self,
                                                         guint               wait_ms);
AstrixCheckResult  *_astrix_check_report                (AstrixCheckRun     *run,
                                                         const char         *id,
                                                         AstrixCheckStatus   status,
                                                         const char         *message);
AstrixCheckResult  *_astrix_check_find_row              (AstrixCheckRun     *run,
                                                         const char         *id);
void                _astrix_check_finish                (GTask              *task,
                                                         const char         *why);
void                _astrix_check_complete              (GTask              *task);
gboolean            _astrix_check_stop_if_cancelled     (GTask             **task);
GCancellable       *_astrix_check_op_start              (AstrixCheckRun     *run,
                                                         guint               timeout_ms);
void                _astrix_check_op_done               (AstrixCheckRun     *run,
                                                         GError            **error);
guint               _astrix_check_seconds               (guint               ms);
void                _astrix_check_wipe                  (char              **secret);
gboolean            _astrix_check_uses_audiosocket      (AstrixServerConfig *config);

/* astrix-server-check-connection.c */
void                _astrix_check_connect               (GTask              *task);

/* astrix-server-check-login.c */
void                _astrix_check_login                 (GTask              *task);
gboolean            _astrix_check_wake_waiting          (gpointer            data);
void                _astrix_check_probe_free            (AstrixCheckProbe   *probe);
void                _astrix_check_add_probe             (AstrixCheckRun     *run,
                                                         AmiAction          *action,
                                                         AstrixCheckProbeFunc func,
                                                         const char         *subject,
                                                         int                 detail);
gboolean            _astrix_check_allowed               (AstrixCheckRun     *run,
                                                         const char         *action);
gboolean            _astrix_check_has_class             (const char         *classes,
                                                         const char         *wanted);

/* astrix-server-check-capabilities.c */
void                _astrix_check_plan_capabilities     (AstrixCheckRun     *run,
                                                         void              (*plan) (
                                                           AstrixCheckRun *run,
                                                           const char     *id,
                                                           const char     *title));
void                _astrix_check_report_capabilities   (AstrixCheckRun     *run);

/* astrix-server-check-modules.c */
void                _astrix_check_plan_module           (AstrixCheckRun     *run,
                                                         const char         *module);

/* astrix-server-check-dialplan.c */
GPtrArray          *_astrix_check_configured_contexts   (AstrixServerConfig *config);
char               *_astrix_check_context_id            (const char         *context,
                                                         int                 detail);
void                _astrix_check_plan_contexts         (AstrixCheckRun     *run);

/* astrix-server-check-endpoint.c */
void                _astrix_check_plan_endpoint         (AstrixCheckRun     *run);

/* astrix-server-check-probe.c: the server check's raw I/O, below AMI */
void      _astrix_server_check_read_line_async  (GIOStream            *stream,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
char     *_astrix_server_check_read_line_finish (GAsyncResult         *result,
                                                 GError              **error);
void      _astrix_server_check_probe_async      (const char           *host,
                                                 guint                 port,
                                                 gboolean              tls,
                                                 guint                 timeout_ms,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean  _astrix_server_check_probe_finish     (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-alert-notifier.h"
#include "astrix-application.h"
#include "astrix-audit-log.h"
#include "astrix-demo-pbx.h"
#include "astrix-notifier.h"
#include "astrix-settings.h"

G_BEGIN_DECLS

struct _AstrixApplication
{
  AdwApplication  parent_instance;

  GListStore     *connections;   /* AstrixConnection */
  AstrixMonitor  *monitor;
  AstrixLocalPlayer *player;     /* this computer's player of recordings */
  AstrixNotifier *notifier;
  AstrixDemoPbx  *demo;          /* the simulated PBX of --demo, in this process */
  AstrixSettings *settings;
  AstrixAuditLog *audit_log;     /* every monitoring session and playback */
  guint           signal_sources[3]; /* SIGTERM, SIGINT, SIGHUP: hang up, then quit */
  guint           quit_source;   /* after such a signal, waiting for the hang-up */
  gint64          quit_deadline; /* monotonic: when to quit anyway */
  AstrixAlertNotifier *alert_notifier;
};

void _astrix_application_init_actions   (AstrixApplication *self);
void _astrix_application_update_actions (AstrixApplication *self);
void _astrix_application_add_connection (AstrixApplication *self,
                                         AstrixConnection  *connection);
void _astrix_application_connect_server (AstrixApplication  *self,
                                         AstrixServerConfig *config);
void _astrix_application_forget_server  (AstrixApplication  *self,
                                         AstrixServerConfig *config);
gboolean _astrix_application_same_server (AstrixServerConfig *a,
                                          AstrixServerConfig *b);
int  _astrix_application_handle_local_options (GApplication *app,
                                               GVariantDict *options);
void _astrix_application_watch_quit_signals   (AstrixApplication *self);
struct _AstrixWindow *_astrix_application_get_main_window (AstrixApplication *self);
AstrixConnection *_astrix_application_find_connection (AstrixApplication *self,
                                                       const char        *name);

G_END_DECLS

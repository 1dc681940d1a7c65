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
  AstrixNotifier *notifier;
  AstrixDemoPbx  *demo;          /* the simulated PBX of --demo, in this process */
  AstrixSettings *settings;
  AstrixAuditLog *audit_log;     /* every monitoring session and playback */
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
struct _AstrixWindow *_astrix_application_get_main_window (AstrixApplication *self);
AstrixConnection *_astrix_application_find_connection (AstrixApplication *self,
                                                       const char        *name);

G_END_DECLS

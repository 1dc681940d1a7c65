/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-application.h"
#include "astrix-demo-pbx.h"
#include "astrix-notifier.h"

G_BEGIN_DECLS

struct _AstrixApplication
{
  AdwApplication  parent_instance;

  GListStore     *connections;   /* AstrixConnection */
  AstrixMonitor  *monitor;
  AstrixNotifier *notifier;
  AstrixDemoPbx  *demo;          /* the simulated PBX of --demo, in this process */
};

void _astrix_application_init_actions   (AstrixApplication *self);
void _astrix_application_update_actions (AstrixApplication *self);
void _astrix_application_add_connection (AstrixApplication *self,
                                         AstrixConnection  *connection);

G_END_DECLS

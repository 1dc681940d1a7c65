/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-call.h"
#include "astrix-connection.h"
#include "astrix-window.h"

G_BEGIN_DECLS

AstrixCall         *astrix_window_get_selected_call   (AstrixWindow     *self);

/* astrix-window-durations.c */
GtkListItemFactory *_astrix_duration_cell_factory_new (GPtrArray        *bound);

/* astrix-window-status.c */
char               *_astrix_describe_connection       (AstrixConnection *connection);
char               *_astrix_connections_subtitle      (GListModel       *connections);

/* Read by tests only */
AstrixActivityPage *_astrix_window_get_activity_page (AstrixWindow *self);
AstrixMonitorBar   *_astrix_window_get_monitor_bar   (AstrixWindow *self);
const char         *_astrix_window_get_page          (AstrixWindow *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

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

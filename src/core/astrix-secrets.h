/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-server-config.h"

G_BEGIN_DECLS

void     astrix_secrets_lookup_async  (AstrixServerConfig   *config,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char    *astrix_secrets_lookup_finish (GAsyncResult         *result,
                                       GError              **error);
void     astrix_secrets_store_async   (AstrixServerConfig   *config,
                                       const char           *secret,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean astrix_secrets_store_finish  (GAsyncResult         *result,
                                       GError              **error);
void     astrix_secrets_clear_async   (AstrixServerConfig   *config,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean astrix_secrets_clear_finish  (GAsyncResult         *result,
                                       GError              **error);
void     astrix_secrets_free          (char                 *secret);

G_END_DECLS

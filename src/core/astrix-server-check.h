/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-check-result.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_SERVER_CHECK (astrix_server_check_get_type ())

G_DECLARE_FINAL_TYPE (AstrixServerCheck, astrix_server_check, ASTRIX, SERVER_CHECK, GObject)

AstrixServerCheck  *astrix_server_check_new            (AstrixServerConfig   *config);
void                astrix_server_check_run_async      (AstrixServerCheck    *self,
                                                        const char           *secret,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            astrix_server_check_run_finish     (AstrixServerCheck    *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
gboolean            astrix_server_check_get_running    (AstrixServerCheck    *self);
AstrixCheckStatus   astrix_server_check_get_status     (AstrixServerCheck    *self);
AstrixCheckResult  *astrix_server_check_lookup         (AstrixServerCheck    *self,
                                                        const char           *id);

G_END_DECLS

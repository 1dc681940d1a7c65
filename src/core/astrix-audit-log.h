/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-audit-entry.h"
#include "astrix-local-player.h"
#include "astrix-monitor-session.h"
#include "astrix-phone-playback.h"
#include "astrix-recording.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_AUDIT_LOG (astrix_audit_log_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAuditLog, astrix_audit_log, ASTRIX, AUDIT_LOG, GObject)

AstrixAuditLog *astrix_audit_log_new            (const char           *path);
const char     *astrix_audit_log_get_path       (AstrixAuditLog       *self);
void            astrix_audit_log_load_async     (AstrixAuditLog       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        astrix_audit_log_load_finish    (AstrixAuditLog       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
guint           astrix_audit_log_close_unfinished (AstrixAuditLog     *self);

void            astrix_audit_log_watch_session  (AstrixAuditLog       *self,
                                                 AstrixMonitorSession *session,
                                                 AstrixServerConfig   *config);
void            astrix_audit_log_watch_phone_playback (AstrixAuditLog *self,
                                                 AstrixPhonePlayback  *playback,
                                                 AstrixServerConfig   *config);
void            astrix_audit_log_watch_local_player (AstrixAuditLog   *self,
                                                 AstrixLocalPlayer    *player,
                                                 AstrixServerConfig   *config,
                                                 AstrixRecording      *recording);
char           *astrix_audit_log_begin          (AstrixAuditLog       *self,
                                                 AstrixAuditKind       kind,
                                                 AstrixServerConfig   *config,
                                                 const char           *target,
                                                 const char           *caller,
                                                 const char           *detail);
void            astrix_audit_log_change         (AstrixAuditLog       *self,
                                                 const char           *id,
                                                 const char           *what,
                                                 const char           *value);
void            astrix_audit_log_end            (AstrixAuditLog       *self,
                                                 const char           *id,
                                                 AstrixAuditOutcome    outcome,
                                                 const char           *reason);

G_END_DECLS

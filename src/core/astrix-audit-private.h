/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "astrix-audit-entry.h"
#include "astrix-audit-log.h"

G_BEGIN_DECLS

/* The audit log's insides, shared by its files:
 *   astrix-audit-log.c    the file (appending, reading back) and the list of entries
 *   astrix-audit-watch.c  sessions and playbacks written down as they go
 *   astrix-audit-entry.c  one activity, folded from its records
 *   astrix-audit-json.c   a JSON object a line: writing, and reading back what we wrote */

/* astrix-audit-log.c */
GHashTable       *_astrix_audit_log_get_watched    (AstrixAuditLog   *self);
char             *_astrix_audit_log_default_path   (void);
guint             _astrix_audit_log_get_n_skipped  (AstrixAuditLog   *self);
AstrixAuditEntry *_astrix_audit_log_lookup         (AstrixAuditLog   *self,
                                                    const char       *id);
char             *_astrix_audit_log_record         (AstrixAuditLog     *self,
                                                    AstrixAuditKind     kind,
                                                    AstrixServerConfig *config,
                                                    const char         *target,
                                                    const char         *caller,
                                                    const char         *detail,
                                                    gint64              started,
                                                    gint64              ended,
                                                    AstrixAuditOutcome  outcome,
                                                    const char         *reason);

/* astrix-audit-watch.c */
void              _astrix_audit_watch_free         (gpointer          watch);

/* astrix-audit-entry.c */
AstrixAuditEntry *_astrix_audit_entry_new          (const char       *id);
void              _astrix_audit_entry_apply        (AstrixAuditEntry *self,
                                                    GHashTable       *record);
void              _astrix_audit_entry_set_live     (AstrixAuditEntry *self,
                                                    gboolean          live);
gint64            _astrix_audit_parse_time         (const char       *text);
char             *_astrix_audit_format_time        (gint64            usec);

/* astrix-audit-json.c */
void              _astrix_audit_json_add           (JsonBuilder      *object,
                                                    const char       *key,
                                                    const char       *value);
void              _astrix_audit_json_add_int       (JsonBuilder      *object,
                                                    const char       *key,
                                                    gint64            value);
GString          *_astrix_audit_json_finish        (JsonBuilder      *object);
GHashTable       *_astrix_audit_json_parse_object  (const char       *text,
                                                    gsize             length);

/* Read by tests only */
const char      *_astrix_audit_entry_get_ami_user (AstrixAuditEntry *self);
const char      *_astrix_audit_entry_get_caller   (AstrixAuditEntry *self);
GPtrArray       *_astrix_audit_entry_get_changes  (AstrixAuditEntry *self);
const char      *_astrix_audit_entry_get_detail   (AstrixAuditEntry *self);
gint64           _astrix_audit_entry_get_ended    (AstrixAuditEntry *self);
const char      *_astrix_audit_entry_get_endpoint (AstrixAuditEntry *self);
AstrixAuditKind  _astrix_audit_entry_get_kind     (AstrixAuditEntry *self);
const char      *_astrix_audit_entry_get_reason   (AstrixAuditEntry *self);
const char      *_astrix_audit_entry_get_server   (AstrixAuditEntry *self);
const char      *_astrix_audit_entry_get_target   (AstrixAuditEntry *self);

G_END_DECLS

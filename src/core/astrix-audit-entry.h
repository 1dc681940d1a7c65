/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AstrixAuditKind:
 * @ASTRIX_AUDIT_MONITOR: listening, whispering or barging in (a monitoring session)
 * @ASTRIX_AUDIT_PHONE_PLAYBACK: a recording played on the supervisor's phone
 * @ASTRIX_AUDIT_DESKTOP_PLAYBACK: a recording played on this computer
 * @ASTRIX_AUDIT_CALL_ACTION: an action on a call (the detail names it: end-call, record-call,
 *   stop-recording, mute-recording, unmute-recording, send-to-agent)
 * @ASTRIX_AUDIT_AGENT_ACTION: an agent paused, unpaused, logged into or out of a queue, or
 *   given another penalty (the detail says which)
 * @ASTRIX_AUDIT_OTHER: a kind this version does not know (written by a newer one)
 */
typedef enum
{
  ASTRIX_AUDIT_MONITOR,
  ASTRIX_AUDIT_PHONE_PLAYBACK,
  ASTRIX_AUDIT_DESKTOP_PLAYBACK,
  ASTRIX_AUDIT_CALL_ACTION,
  ASTRIX_AUDIT_AGENT_ACTION,
  ASTRIX_AUDIT_OTHER,
} AstrixAuditKind;

/**
 * AstrixAuditOutcome:
 * @ASTRIX_AUDIT_OUTCOME_OPEN: no end is recorded: going on, or the app stopped before it could
 *   write one
 * @ASTRIX_AUDIT_OUTCOME_ENDED: ended normally
 * @ASTRIX_AUDIT_OUTCOME_FAILED: did not work (the reason says why)
 * @ASTRIX_AUDIT_OUTCOME_INTERRUPTED: the app closed while it went on
 */
typedef enum
{
  ASTRIX_AUDIT_OUTCOME_OPEN,
  ASTRIX_AUDIT_OUTCOME_ENDED,
  ASTRIX_AUDIT_OUTCOME_FAILED,
  ASTRIX_AUDIT_OUTCOME_INTERRUPTED,
} AstrixAuditOutcome;

/**
 * AstrixAuditChange:
 * @time: when, real time in µs
 * @what: "mode" (listen, whisper, barge), "state" (active, paused, playing, ...), or what a
 *   caller of astrix_audit_log_change() named
 * @value: the new value
 */
typedef struct
{
  gint64  time;
  char   *what;
  char   *value;
} AstrixAuditChange;

#define ASTRIX_TYPE_AUDIT_ENTRY (astrix_audit_entry_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAuditEntry, astrix_audit_entry, ASTRIX, AUDIT_ENTRY, GObject)

const char         *astrix_audit_entry_get_id          (AstrixAuditEntry *self);
const char         *astrix_audit_entry_get_local_user  (AstrixAuditEntry *self);
const char         *astrix_audit_entry_get_host        (AstrixAuditEntry *self);
gint64              astrix_audit_entry_get_started     (AstrixAuditEntry *self);
AstrixAuditOutcome  astrix_audit_entry_get_outcome     (AstrixAuditEntry *self);
gboolean            astrix_audit_entry_get_live        (AstrixAuditEntry *self);
const char         *astrix_audit_entry_get_when_text   (AstrixAuditEntry *self);
const char         *astrix_audit_entry_get_activity_text (AstrixAuditEntry *self);
const char         *astrix_audit_entry_get_duration_text (AstrixAuditEntry *self);
const char         *astrix_audit_entry_get_outcome_text (AstrixAuditEntry *self);
gboolean            astrix_audit_entry_matches         (AstrixAuditEntry *self,
                                                        const char       *query);

const char         *astrix_audit_kind_to_string        (AstrixAuditKind   kind);
const char         *astrix_audit_outcome_to_string     (AstrixAuditOutcome outcome);

G_END_DECLS

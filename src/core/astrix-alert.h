/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * AstrixAlertKind:
 * @ASTRIX_ALERT_CALLERS_WAITING: more callers wait in a queue than the threshold
 * @ASTRIX_ALERT_LONGEST_WAIT: a caller has waited longer than the threshold (seconds)
 * @ASTRIX_ALERT_SERVICE_LEVEL: the queue's service level today is below the threshold (percent)
 * @ASTRIX_ALERT_NO_AGENT: no agent is logged in to a queue
 * @ASTRIX_ALERT_AGENT_PAUSED: an agent has been paused longer than the threshold (minutes)
 * @ASTRIX_ALERT_LONG_CALL: an agent's call has lasted longer than the threshold (minutes)
 */
typedef enum
{
  ASTRIX_ALERT_CALLERS_WAITING,
  ASTRIX_ALERT_LONGEST_WAIT,
  ASTRIX_ALERT_SERVICE_LEVEL,
  ASTRIX_ALERT_NO_AGENT,
  ASTRIX_ALERT_AGENT_PAUSED,
  ASTRIX_ALERT_LONG_CALL,
} AstrixAlertKind;

#define ASTRIX_ALERT_N_KINDS (ASTRIX_ALERT_LONG_CALL + 1)

#define ASTRIX_TYPE_ALERT (astrix_alert_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAlert, astrix_alert, ASTRIX, ALERT, GObject)

gboolean         astrix_alert_is_about_agent   (AstrixAlert *self);
const char      *astrix_alert_get_subject      (AstrixAlert *self);
const char      *astrix_alert_get_subject_name (AstrixAlert *self);
const char      *astrix_alert_get_id           (AstrixAlert *self);
const char      *astrix_alert_get_title        (AstrixAlert *self);
char            *astrix_alert_dup_description  (AstrixAlert *self);

const char      *astrix_alert_kind_to_key      (AstrixAlertKind  kind);
gboolean         astrix_alert_kind_from_key    (const char      *key,
                                                AstrixAlertKind *kind);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AstrixCheckStatus:
 * @ASTRIX_CHECK_OK: the prerequisite holds
 * @ASTRIX_CHECK_OPTIONAL: an optional capability the user lacks, or that could not be
 *   confirmed: the app works without it; the fix says which line would allow it
 * @ASTRIX_CHECK_WARNING: it holds, but something deserves attention
 * @ASTRIX_CHECK_UNVERIFIED: it could not be verified (with this user's rights, say); the
 *   sentence says why and how to verify it by hand
 * @ASTRIX_CHECK_SKIPPED: not checked, because an earlier check failed
 * @ASTRIX_CHECK_FAILED: it does not hold; the fix says what to change
 *
 * Ordered from best to worst.
 */
typedef enum
{
  ASTRIX_CHECK_OK,
  ASTRIX_CHECK_OPTIONAL,
  ASTRIX_CHECK_WARNING,
  ASTRIX_CHECK_UNVERIFIED,
  ASTRIX_CHECK_SKIPPED,
  ASTRIX_CHECK_FAILED,
} AstrixCheckStatus;

#define ASTRIX_TYPE_CHECK_RESULT (astrix_check_result_get_type ())

G_DECLARE_FINAL_TYPE (AstrixCheckResult, astrix_check_result, ASTRIX, CHECK_RESULT, GObject)

AstrixCheckResult *astrix_check_result_new              (const char        *id,
                                                         const char        *title,
                                                         AstrixCheckStatus  status,
                                                         const char        *message);
void               astrix_check_result_set_fix          (AstrixCheckResult *self,
                                                         const char        *fix,
                                                         const char        *snippet_file,
                                                         const char        *snippet);
const char        *astrix_check_result_get_id           (AstrixCheckResult *self);
const char        *astrix_check_result_get_title        (AstrixCheckResult *self);
AstrixCheckStatus  astrix_check_result_get_status       (AstrixCheckResult *self);
const char        *astrix_check_result_get_message      (AstrixCheckResult *self);
const char        *astrix_check_result_get_fix          (AstrixCheckResult *self);
const char        *astrix_check_result_get_snippet_file (AstrixCheckResult *self);
const char        *astrix_check_result_get_snippet      (AstrixCheckResult *self);

const char        *astrix_check_status_to_string        (AstrixCheckStatus  status);
const char        *astrix_check_status_describe         (AstrixCheckStatus  status);

G_END_DECLS

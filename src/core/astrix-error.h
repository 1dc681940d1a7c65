/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ASTRIX_ERROR (astrix_error_quark ())

/**
 * AstrixError:
 * @ASTRIX_ERROR_INVALID_ARGUMENT: a channel, endpoint, address or file name was refused
 * @ASTRIX_ERROR_NOT_CONNECTED: the server is not connected
 * @ASTRIX_ERROR_REFUSED: the PBX refused the action (the message says why)
 * @ASTRIX_ERROR_PHONE_UNREACHABLE: the supervisor's phone could not be called, or hung up
 *   before answering (OriginateResponse Reason 0 or 1)
 * @ASTRIX_ERROR_PHONE_NO_ANSWER: it rang but nobody answered (Reason 3)
 * @ASTRIX_ERROR_PHONE_BUSY: it was busy (Reason 5)
 * @ASTRIX_ERROR_PHONE_CONGESTION: the network could not reach it (Reason 8)
 * @ASTRIX_ERROR_TARGET_GONE: the call to monitor has ended, or never matched
 * @ASTRIX_ERROR_CONNECTION_LOST: the link to the PBX went down during the operation
 * @ASTRIX_ERROR_FILE_NOT_FOUND: a recording is not there (on the PBX, or on this desktop)
 * @ASTRIX_ERROR_UNSUPPORTED_FORMAT: this computer cannot decode a recording's format
 */
typedef enum
{
  ASTRIX_ERROR_INVALID_ARGUMENT,
  ASTRIX_ERROR_NOT_CONNECTED,
  ASTRIX_ERROR_REFUSED,
  ASTRIX_ERROR_PHONE_UNREACHABLE,
  ASTRIX_ERROR_PHONE_NO_ANSWER,
  ASTRIX_ERROR_PHONE_BUSY,
  ASTRIX_ERROR_PHONE_CONGESTION,
  ASTRIX_ERROR_TARGET_GONE,
  ASTRIX_ERROR_CONNECTION_LOST,
  ASTRIX_ERROR_FILE_NOT_FOUND,
  ASTRIX_ERROR_UNSUPPORTED_FORMAT,
} AstrixError;

GQuark  astrix_error_quark     (void);
char   *astrix_describe_error  (const GError *error);
GError *astrix_error_for_originate_reason (const char *reason,
                                           const char *endpoint);

G_END_DECLS

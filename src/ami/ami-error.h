/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AMI_ERROR (ami_error_quark ())

/**
 * AmiError:
 * @AMI_ERROR_REFUSED: nothing accepts connections at that address and port
 * @AMI_ERROR_HOST_NOT_FOUND: the host name could not be resolved
 * @AMI_ERROR_TIMED_OUT: the server did not answer in time
 * @AMI_ERROR_TLS: the TLS handshake failed or the certificate is not trusted
 * @AMI_ERROR_AUTHENTICATION_FAILED: the server refused the user name or secret
 * @AMI_ERROR_PERMISSION_DENIED: the AMI user lacks the class an action needs
 * @AMI_ERROR_ACTION_FAILED: the server answered an action with an error
 * @AMI_ERROR_PROTOCOL: the peer does not speak AMI, or sent something malformed
 * @AMI_ERROR_DISCONNECTED: the link went down (or was not up) before an answer came
 * @AMI_ERROR_INVALID_ACTION: an action could not be built (CR, LF or NUL in a header, ...);
 *   nothing was sent
 * @AMI_ERROR_CLOSED: the client was closed on purpose
 *
 * Error codes in the %AMI_ERROR domain. Every code is a different sentence for a user.
 */
typedef enum
{
  AMI_ERROR_REFUSED,
  AMI_ERROR_HOST_NOT_FOUND,
  AMI_ERROR_TIMED_OUT,
  AMI_ERROR_TLS,
  AMI_ERROR_AUTHENTICATION_FAILED,
  AMI_ERROR_PERMISSION_DENIED,
  AMI_ERROR_ACTION_FAILED,
  AMI_ERROR_PROTOCOL,
  AMI_ERROR_DISCONNECTED,
  AMI_ERROR_INVALID_ACTION,
  AMI_ERROR_CLOSED,
} AmiError;

GQuark ami_error_quark (void);

G_END_DECLS

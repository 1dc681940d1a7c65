/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "ami.h"
#include "astrix-error.h"

G_DEFINE_QUARK (astrix-error-quark, astrix_error)

/**
 * astrix_describe_error:
 *
 * Turns an error of the AMI client or of the app's services into a sentence for a supervisor.
 * Errors of the app's services already are sentences; AMI errors get one that says what to do.
 *
 * Returns: (transfer full): the sentence
 */
char *
astrix_describe_error (const GError *error)
{
  if (error == NULL)
    return NULL;

  if (error->domain != AMI_ERROR)
    return g_strdup (error->message);

  switch ((AmiError) error->code)
    {
    case AMI_ERROR_REFUSED:
      return g_strdup_printf (_("The PBX refused the connection. Check the address and port, and "
                                "that the manager interface is enabled (%s)."), error->message);
    case AMI_ERROR_HOST_NOT_FOUND:
      return g_strdup_printf (_("The server could not be found. Check the host name (%s)."),
                              error->message);
    case AMI_ERROR_TIMED_OUT:
      return g_strdup_printf (_("The PBX did not answer in time (%s)."), error->message);
    case AMI_ERROR_TLS:
      return g_strdup_printf (_("The secure connection failed: %s."), error->message);
    case AMI_ERROR_AUTHENTICATION_FAILED:
      return g_strdup (_("The PBX refused the user name or secret (or this computer’s address "
                         "is not permitted for that user)."));
    case AMI_ERROR_PERMISSION_DENIED:
      return g_strdup (_("The PBX refused: Permission denied. The manager user lacks a "
                         "permission this needs."));
    case AMI_ERROR_ACTION_FAILED:
      return g_strdup_printf (_("The PBX refused: %s"), error->message);
    case AMI_ERROR_PROTOCOL:
      return g_strdup_printf (_("The server does not speak the Asterisk Manager Interface "
                                "as expected (%s)."), error->message);
    case AMI_ERROR_DISCONNECTED:
      return g_strdup_printf (_("The connection to the PBX was lost (%s)."), error->message);
    case AMI_ERROR_INVALID_ACTION:
      return g_strdup_printf (_("The request was not sent: %s."), error->message);
    case AMI_ERROR_CLOSED:
      return g_strdup (_("The connection was closed."));
    default:
      return g_strdup (error->message);
    }
}

/**
 * astrix_error_for_originate_reason:
 * @reason: (nullable): the Reason of a failed OriginateResponse
 * @endpoint: the supervisor's phone that was called
 *
 * Why calling the supervisor's phone failed, in words. The codes are Asterisk's dial outcomes
 * as the captures show them: 1 hung up, 3 no answer, 5 busy, 8 congestion.
 *
 * Returns: (transfer full): the error
 */
GError *
astrix_error_for_originate_reason (const char *reason,
                                   const char *endpoint)
{
  int code = reason != NULL ? atoi (reason) : 0;

  switch (code)
    {
    case 3:
      return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_NO_ANSWER,
                          _("Your phone %s did not answer."), endpoint);
    case 5:
      return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_BUSY,
                          _("Your phone %s is busy."), endpoint);
    case 8:
      return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_CONGESTION,
                          _("The PBX could not reach your phone %s (congestion)."), endpoint);
    case 1:
      return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_UNREACHABLE,
                          _("Your phone %s hung up."), endpoint);
    default:
      return g_error_new (ASTRIX_ERROR, ASTRIX_ERROR_PHONE_UNREACHABLE,
                          _("Your phone %s could not be called, or it rejected the call."),
                          endpoint);
    }
}

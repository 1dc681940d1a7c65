/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include <string.h>

#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-server-check-private.h"

/* The modules the app needs: ModuleCheck (class system), `module show like` (class command), or
 * what ListCommands tells. */

/* Modules */

static const char *
module_purpose (const char *module)
{
  if (g_str_equal (module, "app_chanspy"))
    return _("listen, whisper or barge in");
  if (g_str_equal (module, "app_controlplayback"))
    return _("play recordings on your phone with pause and skip");
  return _("bring the audio of calls to this computer");
}

static void
report_module (AstrixCheckRun    *run,
               const char        *module,
               AstrixCheckStatus  status,
               const char        *how)
{
  g_autofree char *id = g_strconcat ("module-", module, NULL);
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;
  g_autofree char *command = NULL;
  AstrixCheckResult *row;

  if (status == ASTRIX_CHECK_OK)
    {
      message = g_strdup_printf (_("%s is loaded (%s)."), module, how);
      _astrix_check_report (run, id, ASTRIX_CHECK_OK, message);
      return;
    }
  if (status == ASTRIX_CHECK_FAILED)
    {
      message = g_strdup_printf (_("%s is not loaded (%s): the app cannot %s."), module, how,
                                 module_purpose (module));
      fix = g_strdup_printf (_("Load it on the PBX, and remove any “noload => %s.so” line from "
                               "modules.conf so that it loads at the next start."), module);
      command = g_strdup_printf ("asterisk -rx \"module load %s.so\"", module);
    }
  else
    {
      message = g_strdup_printf (_("Could not verify with this user’s rights: %s."), how);
      fix = g_strdup (_("Check on the PBX:"));
      command = g_strdup_printf ("asterisk -rx \"module show like %s\"", module);
    }
  row = _astrix_check_report (run, id, status, message);
  astrix_check_result_set_fix (row, fix, _("On the PBX"), command);
}

static void
module_check_done (AstrixCheckRun   *run,
                   AstrixCheckProbe *probe,
                   AmiMessage       *response,
                   GPtrArray        *events,
                   const GError     *error)
{
  g_autofree char *how = NULL;

  if (response != NULL)
    report_module (run, probe->subject, ASTRIX_CHECK_OK, "ModuleCheck");
  else if (g_error_matches (error, AMI_ERROR, AMI_ERROR_ACTION_FAILED))
    report_module (run, probe->subject, ASTRIX_CHECK_FAILED, "ModuleCheck");
  else
    {
      how = g_strdup_printf (_("ModuleCheck failed: %s"), error->message);
      report_module (run, probe->subject, ASTRIX_CHECK_UNVERIFIED, how);
    }
}

/* `module show like NAME` prints NAME.so in a row of its own when it is loaded. */
static gboolean
output_lists_module (AmiMessage *response,
                     const char *module)
{
  g_auto(GStrv) lines = ami_message_dup_values (response, "Output");
  g_autofree char *file = g_strconcat (module, ".so", NULL);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], file) &&
          (lines[i][strlen (file)] == ' ' || lines[i][strlen (file)] == '\0'))
        return TRUE;
    }
  return FALSE;
}

static void
module_command_done (AstrixCheckRun   *run,
                     AstrixCheckProbe *probe,
                     AmiMessage       *response,
                     GPtrArray        *events,
                     const GError     *error)
{
  g_autofree char *how = NULL;

  if (response == NULL)
    {
      how = g_strdup_printf (_("module show like failed: %s"), error->message);
      report_module (run, probe->subject, ASTRIX_CHECK_UNVERIFIED, how);
      return;
    }
  report_module (run, probe->subject,
                 output_lists_module (response, probe->subject) ? ASTRIX_CHECK_OK
                                                                : ASTRIX_CHECK_FAILED,
                 "module show like");
}

/* Without system or command: what ListCommands says, where it says anything. */
static void
module_deduce (AstrixCheckRun   *run,
               AstrixCheckProbe *probe,
               AmiMessage       *response,
               GPtrArray        *events,
               const GError     *error)
{
  gboolean controlplayback = g_str_equal (probe->subject, "app_controlplayback");

  if (controlplayback && run->allowed != NULL && _astrix_check_allowed (run, "ControlPlayback"))
    report_module (run, probe->subject, ASTRIX_CHECK_OK,
                   _("the PBX offers its ControlPlayback action"));
  else if (controlplayback && run->allowed != NULL && _astrix_check_allowed (run, "PlayDTMF"))
    /* The user has the class ControlPlayback needs (call, as PlayDTMF): only a missing
     * module keeps the action off the list. */
    report_module (run, probe->subject, ASTRIX_CHECK_FAILED,
                   _("the user has the call class, yet the PBX does not offer the "
                     "ControlPlayback action this module brings"));
  else
    report_module (run, probe->subject, ASTRIX_CHECK_UNVERIFIED,
                   _("that takes the system class (ModuleCheck) or the command class, which "
                     "the app does not need otherwise"));
}

void
_astrix_check_plan_module (AstrixCheckRun *run,
                           const char     *module)
{
  if (_astrix_check_allowed (run, "ModuleCheck"))
    _astrix_check_add_probe (run, ami_action_new_with ("ModuleCheck", "Module", module, NULL),
                             module_check_done, module, 0);
  else if (run->allowed != NULL && _astrix_check_allowed (run, "Command"))
    {
      g_autofree char *command = g_strdup_printf ("module show like %s", module);

      _astrix_check_add_probe (run, ami_action_new_with ("Command", "Command", command, NULL),
                               module_command_done, module, 0);
    }
  else
    _astrix_check_add_probe (run, NULL, module_deduce, module, 0);
}


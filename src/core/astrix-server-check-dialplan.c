/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-server-check-private.h"

/* The dialplan contexts the configuration names: do they exist, and run ChanSpy or
 * ControlPlayback? (ShowDialPlan, class reporting) */

static const char *
mode_name (int detail)
{
  switch (detail)
    {
    case ASTRIX_MONITOR_MODE_LISTEN:
      return _("listening");
    case ASTRIX_MONITOR_MODE_WHISPER:
      return _("whispering");
    case ASTRIX_MONITOR_MODE_BARGE:
      return _("barging in");
    default:
      return _("playing recordings on the phone");
    }
}

/* The dialplan contexts the configuration uses, with what each is for. */
GPtrArray *
_astrix_check_configured_contexts (AstrixServerConfig *config)
{
  GPtrArray *contexts = g_ptr_array_new ();

  if (astrix_server_config_get_monitor_method (config) == ASTRIX_MONITOR_METHOD_CONTEXTS)
    {
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_listen_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (ASTRIX_MONITOR_MODE_LISTEN));
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_whisper_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (ASTRIX_MONITOR_MODE_WHISPER));
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_barge_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (ASTRIX_MONITOR_MODE_BARGE));
    }
  if (astrix_server_config_get_playback_method (config) == ASTRIX_PLAYBACK_METHOD_CONTEXT)
    {
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_playback_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (-1));
    }
  return contexts;
}

char *
_astrix_check_context_id (const char *context,
                          int         detail)
{
  static const char *purposes[] = { "listen", "whisper", "barge" };

  /* An identifier, never translated */
  if (context != NULL && context[0] != '\0')
    return g_strdup_printf ("context-%s", context);
  return g_strdup_printf ("context-for-%s", detail >= 0 && detail < (int) G_N_ELEMENTS (purposes)
                                              ? purposes[detail] : "playback");
}

/* Dialplan contexts */

static char *
context_snippet (const char *context,
                 int         detail)
{
  const char *variable = detail < 0 ? "RECFILE" : "SPYTARGET";
  const char *application;

  switch (detail)
    {
    case ASTRIX_MONITOR_MODE_LISTEN:
      application = "ChanSpy(${SPYTARGET},qEubd)";
      break;
    case ASTRIX_MONITOR_MODE_WHISPER:
      application = "ChanSpy(${SPYTARGET},qEubdw)";
      break;
    case ASTRIX_MONITOR_MODE_BARGE:
      application = "ChanSpy(${SPYTARGET},qEubdB)";
      break;
    default:
      application = "ControlPlayback(${RECFILE},3000)";
      break;
    }
  return g_strdup_printf ("[%s]\n"
                          "exten => s,1,GotoIf($[\"${%s}\" = \"\"]?done)\n"
                          " same => n,%s\n"
                          " same => n(done),Hangup()\n",
                          context, variable, application);
}

static void
report_context_missing (AstrixCheckRun   *run,
                        AstrixCheckProbe *probe,
                        const char       *message)
{
  g_autofree char *id = _astrix_check_context_id (probe->subject, probe->detail);
  g_autofree char *snippet = context_snippet (probe->subject, probe->detail);
  AstrixCheckResult *row = _astrix_check_report (run, id, ASTRIX_CHECK_FAILED, message);

  astrix_check_result_set_fix (row, _("Add the context to extensions.conf (never in a context "
                                      "your phones can dial), then run asterisk -rx \"dialplan "
                                      "reload\"."),
                               "extensions.conf", snippet);
}

static gboolean
runs_application (GPtrArray  *events,
                  const char *application)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      if (g_strcmp0 (ami_message_get (g_ptr_array_index (events, i), "Application"),
                     application) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
report_context_present (AstrixCheckRun   *run,
                        AstrixCheckProbe *probe,
                        gboolean          runs_expected)
{
  g_autofree char *id = _astrix_check_context_id (probe->subject, probe->detail);
  g_autofree char *message = NULL;
  g_autofree char *snippet = NULL;
  const char *application = probe->detail < 0 ? "ControlPlayback" : "ChanSpy";

  if (runs_expected)
    {
      message = g_strdup_printf (_("It exists, and its extension s runs %s (for %s)."),
                                 application, mode_name (probe->detail));
      _astrix_check_report (run, id, ASTRIX_CHECK_OK, message);
      return;
    }
  message = g_strdup_printf (_("It exists, but its extension s does not run %s, which %s "
                               "needs."), application, mode_name (probe->detail));
  snippet = context_snippet (probe->subject, probe->detail);
  astrix_check_result_set_fix (_astrix_check_report (run, id, ASTRIX_CHECK_WARNING, message),
                               _("Compare it with this layout:"), "extensions.conf", snippet);
}

static void
report_context_unverified (AstrixCheckRun   *run,
                           AstrixCheckProbe *probe,
                           const char       *why)
{
  g_autofree char *id = _astrix_check_context_id (probe->subject, probe->detail);
  g_autofree char *command = g_strdup_printf ("asterisk -rx \"dialplan show s@%s\"",
                                              probe->subject);
  g_autofree char *message = g_strdup_printf (_("Could not verify with this user’s rights: %s."),
                                              why);
  AstrixCheckResult *row = _astrix_check_report (run, id, ASTRIX_CHECK_UNVERIFIED, message);

  astrix_check_result_set_fix (row, _("Check on the PBX:"), _("On the PBX"), command);
}

static void
context_done (AstrixCheckRun   *run,
              AstrixCheckProbe *probe,
              AmiMessage       *response,
              GPtrArray        *events,
              const GError     *error)
{
  g_autofree char *message = NULL;

  if (response != NULL)
    {
      report_context_present (run, probe, runs_application (events, probe->detail < 0
                                                                      ? "ControlPlayback"
                                                                      : "ChanSpy"));
      return;
    }
  if (g_error_matches (error, AMI_ERROR, AMI_ERROR_PERMISSION_DENIED))
    {
      report_context_unverified (run, probe, _("ShowDialPlan takes the reporting class"));
      return;
    }
  if (g_str_has_prefix (error->message, "Did not find context"))
    message = g_strdup_printf (_("The PBX has no context “%s”: %s does not work."),
                               probe->subject, mode_name (probe->detail));
  else if (g_str_has_prefix (error->message, "Did not find extension"))
    message = g_strdup_printf (_("The context “%s” exists but has no extension s, where the "
                                 "app sends the call: %s does not work."),
                               probe->subject, mode_name (probe->detail));
  else
    message = g_strdup_printf (_("ShowDialPlan failed: %s."), error->message);
  report_context_missing (run, probe, message);
}

static void
context_unset (AstrixCheckRun   *run,
               AstrixCheckProbe *probe,
               AmiMessage       *response,
               GPtrArray        *events,
               const GError     *error)
{
  g_autofree char *id = _astrix_check_context_id (probe->subject, probe->detail);
  g_autofree char *message = g_strdup_printf (_("No context is set for %s in the server’s "
                                                "settings."), mode_name (probe->detail));

  astrix_check_result_set_fix (_astrix_check_report (run, id, ASTRIX_CHECK_FAILED, message),
                               _("Enter the name of the context in the server’s settings, or "
                                 "let the app run ChanSpy and ControlPlayback directly."),
                               NULL, NULL);
}

static void
context_unverifiable (AstrixCheckRun   *run,
                      AstrixCheckProbe *probe,
                      AmiMessage       *response,
                      GPtrArray        *events,
                      const GError     *error)
{
  report_context_unverified (run, probe, _("ShowDialPlan takes the reporting class"));
}

void
_astrix_check_plan_contexts (AstrixCheckRun *run)
{
  g_autoptr(GPtrArray) contexts = _astrix_check_configured_contexts (run->config);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i + 1 < contexts->len; i += 2)
    {
      const char *context = g_ptr_array_index (contexts, i);
      int detail = GPOINTER_TO_INT (g_ptr_array_index (contexts, i + 1));

      if (context == NULL || context[0] == '\0')
        _astrix_check_add_probe (run, NULL, context_unset, NULL, detail);
      else if (!g_hash_table_add (seen, (gpointer) context))
        continue;
      else if (_astrix_check_allowed (run, "ShowDialPlan"))
        _astrix_check_add_probe (run, ami_action_new_with ("ShowDialPlan", "Context", context,
                                 "Extension", "s", NULL),
       context_done, context, detail);
      else
        _astrix_check_add_probe (run, NULL, context_unverifiable, context, detail);
    }
}


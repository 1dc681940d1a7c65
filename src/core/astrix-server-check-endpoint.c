/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include <string.h>

#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-server-check-private.h"

/* The supervisor's phone: does the PBX know it, and can it ring? (Getvar DEVICE_STATE) */

/* The supervisor's endpoint */

static const char *
describe_device_state (const char *state)
{
  static const struct
  {
    const char *state;
    const char *words;
  } states[] = {
    { "NOT_INUSE", N_("idle") },
    { "INUSE", N_("in use") },
    { "BUSY", N_("busy") },
    { "RINGING", N_("ringing") },
    { "RINGINUSE", N_("ringing and in use") },
    { "ONHOLD", N_("on hold") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (g_strcmp0 (state, states[i].state) == 0)
        return _(states[i].words);
    }
  return NULL;
}

static void
report_endpoint_state (AstrixCheckRun *run,
                       const char     *endpoint,
                       const char     *state)
{
  g_autofree char *message = NULL;
  const char *words = describe_device_state (state);
  AstrixCheckResult *row;

  if (words != NULL)
    {
      message = g_strdup_printf (_("The PBX knows %s (it is %s now)."), endpoint, words);
      _astrix_check_report (run, "endpoint", ASTRIX_CHECK_OK, message);
    }
  else if (g_strcmp0 (state, "INVALID") == 0)
    {
      message = g_strdup_printf (_("The PBX does not know %s: no such endpoint, or its channel "
                                   "driver is not loaded. Monitoring would fail at once."),
                                 endpoint);
      row = _astrix_check_report (run, "endpoint", ASTRIX_CHECK_FAILED, message);
      astrix_check_result_set_fix (row, _("Correct your phone in the server’s settings: a PJSIP "
                                          "phone is PJSIP/ and the endpoint’s name in "
                                          "pjsip.conf (SIP/ no longer exists since Asterisk "
                                          "21)."), NULL, NULL);
    }
  else if (g_strcmp0 (state, "UNAVAILABLE") == 0)
    {
      message = g_strdup_printf (_("The PBX knows %s, but the phone is unavailable (not "
                                   "registered, or unreachable): it cannot ring now."), endpoint);
      row = _astrix_check_report (run, "endpoint", ASTRIX_CHECK_WARNING, message);
      astrix_check_result_set_fix (row,
                                   _("Switch the phone on and let it register."), NULL, NULL);
    }
  else
    {
      message = g_strdup_printf (_("The PBX gives no state for %s (%s), so whether it knows "
                                   "it could not be verified."), endpoint,
                                 state != NULL && state[0] != '\0' ? state
                                                                    : _("func_devstate not "
                                                                        "loaded?"));
      _astrix_check_report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
    }
}

static void
endpoint_done (AstrixCheckRun   *run,
               AstrixCheckProbe *probe,
               AmiMessage       *response,
               GPtrArray        *events,
               const GError     *error)
{
  g_autofree char *message = NULL;

  if (response != NULL)
    {
      report_endpoint_state (run, probe->subject, ami_message_get (response, "Value"));
      return;
    }
  message = g_strdup_printf (_("Could not verify: Getvar failed: %s."), error->message);
  _astrix_check_report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
}

static void
endpoint_unverifiable (AstrixCheckRun   *run,
                       AstrixCheckProbe *probe,
                       AmiMessage       *response,
                       GPtrArray        *events,
                       const GError     *error)
{
  g_autofree char *message = g_strdup_printf (_("Could not verify with this user’s rights "
                                                "whether the PBX knows %s: Getvar takes the "
                                                "call or reporting class."), probe->subject);

  _astrix_check_report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
}

static void
endpoint_audiosocket (AstrixCheckRun   *run,
                      AstrixCheckProbe *probe,
                      AmiMessage       *response,
                      GPtrArray        *events,
                      const GError     *error)
{
  g_autofree char *message =
    g_strdup_printf (_("This computer: the PBX sends the audio to Astrix Assist over "
                       "AudioSocket. Whether the PBX can connect back to this computer (%s) "
                       "cannot be verified without a call."),
                     run->local_address != NULL ? run->local_address : "?");

  _astrix_check_report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
}

static void
endpoint_unset (AstrixCheckRun   *run,
                AstrixCheckProbe *probe,
                AmiMessage       *response,
                GPtrArray        *events,
                const GError     *error)
{
  AstrixCheckResult *row;

  if (probe->subject == NULL || probe->subject[0] == '\0')
    {
      row = _astrix_check_report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED,
                                  _("No phone is set, so none was checked. Monitoring needs one."));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a channel the app can call."),
                                                  probe->subject);

      row = _astrix_check_report (run, "endpoint", ASTRIX_CHECK_FAILED, message);
    }
  astrix_check_result_set_fix (row, _("Set your phone’s channel, for example PJSIP/2000, in the "
                                      "server’s settings (or with --endpoint)."), NULL, NULL);
}

/* "Local/2000@supervisor/n" is the device "Local/2000@supervisor" */
static char *
device_of (const char *endpoint)
{
  const char *slash = strchr (endpoint, '/');
  const char *options = slash != NULL ? strchr (slash + 1, '/') : NULL;

  return options != NULL ? g_strndup (endpoint, options - endpoint) : g_strdup (endpoint);
}

void
_astrix_check_plan_endpoint (AstrixCheckRun *run)
{
  const char *endpoint = astrix_server_config_get_endpoint (run->config);
  g_autofree char *device = NULL;
  g_autofree char *variable = NULL;

  if (_astrix_check_uses_audiosocket (run->config))
    {
      _astrix_check_add_probe (run, NULL, endpoint_audiosocket, endpoint, 0);
      return;
    }
  if (endpoint == NULL || strchr (endpoint, '/') == NULL ||
      !astrix_validate_channel_name (endpoint, NULL))
    {
      _astrix_check_add_probe (run, NULL, endpoint_unset, endpoint, 0);
      return;
    }
  if (!_astrix_check_allowed (run, "Getvar"))
    {
      _astrix_check_add_probe (run, NULL, endpoint_unverifiable, endpoint, 0);
      return;
    }
  device = device_of (endpoint);
  variable = g_strdup_printf ("DEVICE_STATE(%s)", device);
  _astrix_check_add_probe (run, ami_action_new_with ("Getvar", "Variable", variable, NULL),
                           endpoint_done, endpoint, 0);
}


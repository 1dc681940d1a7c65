/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-server-check-private.h"

/* The login, what the user may do (ListCommands), the read class, and the questions over AMI
 * that follow, one after another. */

/* Snippets */

static char *
address_with_mask (const char *address)
{
  if (address == NULL)
    return g_strdup ("192.0.2.10/255.255.255.255");
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("%s/128", address);
  return g_strdup_printf ("%s/255.255.255.255", address);
}

/* The user's manager.conf section with the rights the app needs, no more. */
static char *
rights_snippet (AstrixCheckRun *run)
{
  return g_strdup_printf ("[%s]\n"
                          "%s\n"
                          "read = call\n"
                          "write = originate,call,reporting\n",
                          astrix_server_config_get_username (run->config),
                          _("; keep its secret, deny and permit lines as they are"));
}

static char *
account_snippet (AstrixCheckRun *run)
{
  g_autofree char *permit = address_with_mask (run->local_address);

  return g_strdup_printf ("[%s]\n"
                          "secret = %s\n"
                          "deny = 0.0.0.0/0.0.0.0\n"
                          "permit = %s\n"
                          "read = call\n"
                          "write = originate,call,reporting\n",
                          astrix_server_config_get_username (run->config),
                          _("the-secret-you-entered-in-Astrix-Assist"), permit);
}

/* The login */

static void list_commands (GTask *task);

static gboolean
is_event_of (AmiMessage *event,
             const char *wanted)
{
  const char *privilege = ami_message_get (event, "Privilege");
  g_auto(GStrv) classes = NULL;

  if (privilege == NULL)
    return FALSE;
  classes = g_strsplit (privilege, ",", -1);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (g_strstrip (classes[i]), wanted) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_event (AmiClient      *client,
          AmiMessage     *event,
          AstrixCheckRun *run)
{
  /* Queue events (class agent) show read = agent (capture 33) */
  if (is_event_of (event, "agent"))
    run->saw_agent_event = TRUE;
  if (run->saw_call_event || !is_event_of (event, "call"))
    return;
  run->saw_call_event = TRUE;
  if (run->waiting != NULL)
    {
      g_clear_handle_id (&run->wait_timer, g_source_remove);
      run->wait_timer = g_idle_add (_astrix_check_wake_waiting, run);
    }
}

static void
report_login_failed (AstrixCheckRun *run,
                     const GError   *error)
{
  g_autofree char *snippet = NULL;
  g_autofree char *fix = NULL;
  g_autofree char *sentence = NULL;
  AstrixCheckResult *row;

  if (!g_error_matches (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED))
    {
      sentence = astrix_describe_error (error);
      _astrix_check_report (run, "login", ASTRIX_CHECK_FAILED, sentence);
      return;
    }
  row = _astrix_check_report (run, "login", ASTRIX_CHECK_FAILED,
                              _("The PBX answered “Authentication failed”. Asterisk gives this "
                                "same answer for a wrong secret, for a user name manager.conf "
                                "does not have, and for a computer the user’s permit and deny "
                                "lines do not allow: from here the three cannot be told "
                                "apart."));
  fix = g_strdup_printf (_("In manager.conf, check that the section [%s] exists, that its "
                           "secret is the one stored in Astrix Assist, and that a permit line "
                           "covers this computer (%s, unless a NAT is in between); then run "
                           "asterisk -rx \"manager reload\". The Asterisk log says which it was: "
                           "“failed to pass IP ACL” (the address), “tried to authenticate with "
                           "nonexistent user” (the user name) or “failed to authenticate as” "
                           "(the secret)."),
                         astrix_server_config_get_username (run->config),
                         run->local_address != NULL ? run->local_address : "?");
  snippet = account_snippet (run);
  astrix_check_result_set_fix (row, fix, "manager.conf", snippet);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!ami_client_connect_finish (AMI_CLIENT (source), result, &error) &&
      g_cancellable_is_cancelled (run->cancellable))
    {
      _astrix_check_complete (g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      report_login_failed (run, error);
      _astrix_check_finish (g_steal_pointer (&task), "login");
      return;
    }
  run->logged_in_at = g_get_monotonic_time ();
  if (astrix_server_config_get_use_tls (run->config))
    message = g_strdup_printf (_("Logged in as “%s”, inside TLS."),
                               astrix_server_config_get_username (run->config));
  else
    message = g_strdup_printf (_("Logged in as “%s” with an MD5 challenge: the secret itself "
                                 "was not sent."),
                               astrix_server_config_get_username (run->config));
  _astrix_check_report (run, "login", ASTRIX_CHECK_OK, message);
  list_commands (g_steal_pointer (&task));
}

void
_astrix_check_login (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  const char *pinned = astrix_server_config_get_pinned_certificate (run->config);
  g_autofree char *ca_file = NULL;

  if (run->secret == NULL)
    {
      _astrix_check_report (run, "login", ASTRIX_CHECK_FAILED,
                            _("No secret was given, so the login was not tried."));
      _astrix_check_finish (task, "login");
      return;
    }
  run->client = ami_client_new (astrix_server_config_get_host (run->config),
                                astrix_server_config_get_port (run->config),
                                astrix_server_config_get_use_tls (run->config));
  g_object_set (run->client,
                "auto-reconnect", FALSE,
                "connect-timeout", 2 * run->self->timeout_ms,
                "action-timeout", run->self->timeout_ms,
                "ping-interval", 0u,
                NULL);
  ami_client_set_credentials (run->client, astrix_server_config_get_username (run->config),
                              run->secret);
  _astrix_check_wipe (&run->secret);
  if (pinned != NULL)
    ami_client_set_pinned_certificate (run->client, pinned);
  g_object_get (run->config, "ca-file", &ca_file, NULL);
  if (ca_file != NULL && ca_file[0] != '\0')
    ami_client_set_ca_file (run->client, ca_file);
  run->event_handler = g_signal_connect (run->client, "event", G_CALLBACK (on_event), run);
  ami_client_connect_async (run->client, run->cancellable, login_done, task);
}

/* What the user may do: ListCommands */

gboolean
_astrix_check_allowed (AstrixCheckRun *run,
                       const char     *action)
{
  g_autofree char *key = g_ascii_strdown (action, -1);

  /* Unknown (ListCommands failed): try, and read the answer. */
  return run->allowed == NULL || g_hash_table_contains (run->allowed, key);
}

static GHashTable *
parse_list_commands (AmiMessage *response)
{
  GHashTable *actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < ami_message_get_n_fields (response); i++)
    {
      const char *key = ami_message_get_key (response, i);

      if (g_ascii_strcasecmp (key, "Response") != 0 && g_ascii_strcasecmp (key, "ActionID") != 0 &&
          g_ascii_strcasecmp (key, "Message") != 0)
        g_hash_table_add (actions, g_ascii_strdown (key, -1));
    }
  return actions;
}

/* The actions the app runs, the write class each needs, and what it is for. */
static const struct
{
  const char *action;
  const char *classes;
  const char *purpose;
} needed[] = {
  { "Originate", "originate", N_("ring your phone to monitor a call or play a recording") },
  { "PlayDTMF", "call", N_("switch between listening, whispering and barging") },
  { "Hangup", "call", N_("stop monitoring") },
  { "CoreShowChannels", "reporting", N_("list the calls already going on when it connects") },
};

static void
report_permissions (AstrixCheckRun *run)
{
  g_autoptr(GString) refused = g_string_new (NULL);
  g_autofree char *snippet = NULL;
  g_autofree char *message = NULL;
  AstrixCheckResult *row;

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      if (_astrix_check_allowed (run, needed[i].action))
        continue;
      if (refused->len > 0)
        g_string_append (refused, " ");
      /* TRANSLATORS: an AMI action the user may not run, its write class, and what for */
      g_string_append_printf (refused, _("%s (write class %s) is refused: the app cannot %s."),
                              needed[i].action, needed[i].classes, _(needed[i].purpose));
    }
  if (refused->len == 0)
    {
      _astrix_check_report (run, "permissions", ASTRIX_CHECK_OK,
                            _("The user may run every action the app needs: Originate, "
                              "PlayDTMF, Hangup and CoreShowChannels."));
      return;
    }
  row = _astrix_check_report (run, "permissions", ASTRIX_CHECK_FAILED, refused->str);
  snippet = rights_snippet (run);
  message = g_strdup_printf (_("Give the user [%s] the write classes originate, call and "
                               "reporting (and no more), then run asterisk -rx \"manager "
                               "reload\"."),
                             astrix_server_config_get_username (run->config));
  astrix_check_result_set_fix (row, message, "manager.conf", snippet);
}

/* Write classes that give more than the app needs, seen from actions only they allow. */
static const struct
{
  const char *action;
  const char *classes;
  const char *risk;
} excessive[] = {
  { "Command", "command", N_("run any console command, including a shutdown") },
  { "ModuleLoad", "system", N_("load and unload modules") },
  { "UpdateConfig", "config", N_("change the configuration files") },
  { "GetConfig", "system, config", N_("read the configuration files, secrets included") },
};

static void
report_privilege (AstrixCheckRun *run)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autofree char *snippet = NULL;
  AstrixCheckResult *row;

  for (guint i = 0; run->allowed != NULL && i < G_N_ELEMENTS (excessive); i++)
    {
      if (!_astrix_check_allowed (run, excessive[i].action))
        continue;
      if (extra->len > 0)
        g_string_append (extra, " ");
      /* TRANSLATORS: an AMI action, its write class, and what it lets a stolen secret do */
      g_string_append_printf (extra, _("%s (write class %s) lets it %s."), excessive[i].action,
                              excessive[i].classes, _(excessive[i].risk));
    }
  if (extra->len == 0)
    {
      _astrix_check_report (run, "privilege", ASTRIX_CHECK_OK,
                            _("The user has none of the powerful write classes system, "
                              "command and config."));
      return;
    }
  g_string_prepend (extra, _("The user may do more than the app needs. "));
  row = _astrix_check_report (run, "privilege", ASTRIX_CHECK_WARNING, extra->str);
  snippet = rights_snippet (run);
  astrix_check_result_set_fix (row, _("Least privilege: leave only the write classes "
                                      "originate, call and reporting, so a stolen secret can do "
                                      "no more than monitor. (With system, this check can also "
                                      "verify the modules.)"),
                               "manager.conf", snippet);
}

static void plan_probes (AstrixCheckRun *run);
static void run_probes (GTask *task);

static void
list_commands_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);
  g_autofree char *message = NULL;

  if (_astrix_check_stop_if_cancelled (&task))
    return;
  if (response == NULL)
    {
      g_autofree char *sentence = astrix_describe_error (error);

      message = g_strdup_printf (_("The PBX did not list the actions this user may run: %s"),
                                 sentence);
      _astrix_check_report (run, "permissions", ASTRIX_CHECK_UNVERIFIED, message);
      _astrix_check_report (run, "privilege", ASTRIX_CHECK_UNVERIFIED, message);
    }
  else
    {
      run->allowed = parse_list_commands (response);
      run->capabilities = astrix_capabilities_from_list_commands (response);
      run->capabilities_known = TRUE;
      report_permissions (run);
      report_privilege (run);
    }
  plan_probes (run);
  run_probes (g_steal_pointer (&task));
}

static void
list_commands (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(AmiAction) action = ami_action_new ("ListCommands");

  ami_client_send_action_async (run->client, action, run->cancellable, list_commands_done, task);
}

/* Questions over AMI, one after another */

void
_astrix_check_add_probe (AstrixCheckRun       *run,
                         AmiAction            *action,
                         AstrixCheckProbeFunc  func,
                         const char           *subject,
                         int                   detail)
{
  AstrixCheckProbe *probe = g_new0 (AstrixCheckProbe, 1);

  probe->action = action;
  probe->func = func;
  probe->subject = g_strdup (subject);
  probe->detail = detail;
  g_queue_push_tail (&run->probes, probe);
}

/* The read class */

static AstrixCheckResult *
report_read_class (AstrixCheckRun    *run,
                   AstrixCheckStatus  status,
                   const char        *message)
{
  g_autofree char *snippet = NULL;
  AstrixCheckResult *row = _astrix_check_report (run, "read-class", status, message);

  run->read_class_done = TRUE;
  if (status != ASTRIX_CHECK_OK)
    {
      snippet = rights_snippet (run);
      astrix_check_result_set_fix (row, _("Make sure the user’s section in manager.conf has "
                                          "read = call, then run asterisk -rx \"manager "
                                          "reload\"."), "manager.conf", snippet);
    }
  return row;
}

/* The @label ("read perm:") line of `manager show user`, or NULL. */
static char *
perm_line (AmiMessage *response,
           const char *label)
{
  g_auto(GStrv) lines = ami_message_dup_values (response, "Output");

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *found = strstr (lines[i], label);

      if (found != NULL)
        return g_strstrip (g_strdup (found + strlen (label)));
    }
  return NULL;
}

gboolean
_astrix_check_has_class (const char *classes,
                         const char *wanted)
{
  g_auto(GStrv) list = g_strsplit (classes, ",", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (g_ascii_strcasecmp (list[i], wanted) == 0 || g_ascii_strcasecmp (list[i], "all") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
manager_user_done (AstrixCheckRun   *run,
                   AstrixCheckProbe *probe,
                   AmiMessage       *response,
                   GPtrArray        *events,
                   const GError     *error)
{
  g_autofree char *classes = response != NULL ? perm_line (response, "read perm:") : NULL;
  g_autofree char *message = NULL;

  if (classes == NULL)
    return; /* the events will tell */
  run->read_classes = g_strdup (classes);
  run->write_classes = perm_line (response, "write perm:");
  if (_astrix_check_has_class (classes, "call"))
    {
      message = g_strdup_printf (_("The user reads the events of calls (read = %s)."), classes);
      report_read_class (run, ASTRIX_CHECK_OK, message);
      return;
    }
  message = g_strdup_printf (_("The user does not read the events of calls (read = %s): the "
                               "app would not see calls start and end, nor its own monitoring "
                               "begin."), classes[0] != '\0' ? classes : "none");
  report_read_class (run, ASTRIX_CHECK_FAILED, message);
}

static void check_read_class (GTask *task);

/* Takes @task: the optional capabilities, once the events have had their time, then the end. */
static void
finish_checks (GTask *task)
{
  _astrix_check_report_capabilities (g_task_get_task_data (task));
  _astrix_check_finish (task, NULL);
}

gboolean
_astrix_check_wake_waiting (gpointer data)
{
  AstrixCheckRun *run = data;

  run->wait_timer = 0;
  check_read_class (g_steal_pointer (&run->waiting));
  return G_SOURCE_REMOVE;
}

/* Takes @task: the last check, then the end. */
static void
check_read_class (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  gint64 waited = (g_get_monotonic_time () - run->logged_in_at) / 1000;
  g_autofree char *message = NULL;

  if (_astrix_check_stop_if_cancelled (&task))
    return;
  if (!run->read_class_done && run->saw_call_event)
    report_read_class (run, ASTRIX_CHECK_OK,
                       _("Events of calls arrived during the check: the user reads them."));
  if (run->read_class_done)
    {
      finish_checks (task);
      return;
    }
  if (waited < run->self->event_wait_ms)
    {
      run->waiting = task;
      run->wait_timer = g_timeout_add (run->self->event_wait_ms - waited,
                                       _astrix_check_wake_waiting, run);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "No event of a call arrived in the %u second of the "
                                          "check: either nothing happened on the PBX, or the "
                                          "user lacks read = call. With this user’s rights the "
                                          "two cannot be told apart.",
                                          "No event of a call arrived in the %u seconds of the "
                                          "check: either nothing happened on the PBX, or the "
                                          "user lacks read = call. With this user’s rights the "
                                          "two cannot be told apart.",
                                          _astrix_check_seconds (run->self->event_wait_ms)),
                             _astrix_check_seconds (run->self->event_wait_ms));
  report_read_class (run, ASTRIX_CHECK_UNVERIFIED, message);
  finish_checks (task);
}

/* Running the questions */

static void
plan_probes (AstrixCheckRun *run)
{
  _astrix_check_plan_module (run, "app_chanspy");
  _astrix_check_plan_module (run, "app_controlplayback");
  if (_astrix_check_uses_audiosocket (run->config))
    _astrix_check_plan_module (run, "chan_audiosocket");
  _astrix_check_plan_contexts (run);
  _astrix_check_plan_endpoint (run);
  if (run->allowed != NULL && _astrix_check_allowed (run, "Command"))
    {
      g_autofree char *command =
        g_strdup_printf ("manager show user %s", astrix_server_config_get_username (run->config));

      _astrix_check_add_probe (run, ami_action_new_with ("Command", "Command", command, NULL),
                               manager_user_done, NULL, 0);
    }
}

static void
probe_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  AstrixCheckRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  &events, &error);
  AstrixCheckProbe *probe = g_steal_pointer (&run->probe);

  if (!_astrix_check_stop_if_cancelled (&task))
    {
      probe->func (run, probe, response, events, error);
      run_probes (g_steal_pointer (&task));
    }
  _astrix_check_probe_free (probe);
}

/* Takes @task. */
static void
run_probes (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);
  AstrixCheckProbe *probe;

  while ((probe = g_queue_pop_head (&run->probes)) != NULL && probe->action == NULL)
    {
      probe->func (run, probe, NULL, NULL, NULL);
      _astrix_check_probe_free (probe);
    }
  if (probe == NULL)
    {
      check_read_class (task);
      return;
    }
  run->probe = probe;
  ami_client_send_action_async (run->client, probe->action, run->cancellable, probe_done, task);
}


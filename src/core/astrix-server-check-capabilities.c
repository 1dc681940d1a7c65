/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-server-check-private.h"

/* The optional capabilities: queue views (read `agent`) and the supervisor's actions beyond
 * monitoring (ListCommands, see astrix-capabilities.c). The app works without them, so one
 * missing, or one that cannot be told with the user's rights, is ASTRIX_CHECK_OPTIONAL: never a
 * failure, and not among the prerequisites that could not be verified; the fix names the
 * manager.conf line. */

static const struct
{
  const char         *id;
  AstrixCapabilities  capability;
} rows[] = {
  { "capability-queue-members", ASTRIX_CAPABILITY_QUEUE_MEMBERS },
  { "capability-record", ASTRIX_CAPABILITY_RECORD },
  { "capability-recording-control", ASTRIX_CAPABILITY_RECORDING_CONTROL },
  { "capability-end-calls", ASTRIX_CAPABILITY_END_CALLS },
};

/* Plans the rows: @plan is astrix-server-check.c's plan(). */
void
_astrix_check_plan_capabilities (AstrixCheckRun *run,
                                 void          (*plan) (AstrixCheckRun *run,
                                                        const char     *id,
                                                        const char     *title))
{
  plan (run, "capability-queue-events", _("Queue views"));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    plan (run, rows[i].id, astrix_capability_get_title (rows[i].capability));
}

/* @classes ("call,reporting") with @wanted added, or the app's own classes and @wanted. */
static char *
classes_with (const char *classes,
              const char *base,
              const char *wanted)
{
  if (classes == NULL || classes[0] == '\0')
    classes = base;
  if (_astrix_check_has_class (classes, wanted))
    return g_strdup (classes);
  return g_strdup_printf ("%s,%s", classes, wanted);
}

/* The user's section with the whole @key line (Asterisk keeps only the last one). */
static char *
line_snippet (AstrixCheckRun *run,
              const char     *key,
              const char     *classes)
{
  /* TRANSLATORS: a comment in manager.conf; %s is "read" or "write" */
  g_autofree char *note = g_strdup_printf (_("; the whole %s line: Asterisk keeps only the "
                                             "last one"), key);

  return g_strdup_printf ("[%s]\n%s\n%s = %s\n", astrix_server_config_get_username (run->config),
                          note, key, classes);
}

/* Whether the user has the write class @wanted: from `manager show user`, or else from an
 * action of that class alone that ListCommands lists (classes of capture 18). */
static gboolean
has_write_class (AstrixCheckRun *run,
                 const char     *wanted)
{
  if (run->write_classes != NULL)
    return _astrix_check_has_class (run->write_classes, wanted);
  if (run->allowed == NULL)
    return FALSE;
  if (g_str_equal (wanted, "call"))
    return _astrix_check_allowed (run, "PlayDTMF");
  if (g_str_equal (wanted, "system"))
    return _astrix_check_allowed (run, "ModuleCheck");
  return FALSE;
}

static void
report_no_queues (AstrixCheckRun *run,
                  const char     *id)
{
  AstrixCheckResult *row;

  row = _astrix_check_report (run, id, ASTRIX_CHECK_OPTIONAL,
                              _("The PBX lists no queue actions, not even QueueStatus, which "
                                "every user may run: the module app_queue is not loaded, so "
                                "there are no queues to show. Calls and recordings work as "
                                "they do."));
  astrix_check_result_set_fix (row, _("If the call centre uses queues, load app_queue on the "
                                      "PBX."), "modules.conf", "load = app_queue.so\n");
}

static void
report_queue_events (AstrixCheckRun *run)
{
  const char *id = "capability-queue-events";
  g_autofree char *classes = classes_with (run->read_classes, "call", "agent");
  g_autofree char *snippet = line_snippet (run, "read", classes);
  g_autofree char *message = NULL;
  AstrixCheckResult *row;

  if (run->capabilities_known && !(run->capabilities & ASTRIX_CAPABILITY_QUEUES))
    {
      report_no_queues (run, id);
      return;
    }
  if (run->read_classes != NULL && _astrix_check_has_class (run->read_classes, "agent"))
    {
      message = g_strdup_printf (_("The user reads the events of queues (read = %s)."),
                                 run->read_classes);
      _astrix_check_report (run, id, ASTRIX_CHECK_OK, message);
      return;
    }
  if (run->read_classes == NULL && run->saw_agent_event)
    {
      _astrix_check_report (run, id, ASTRIX_CHECK_OK,
                            _("Events of queues arrived during the check: the user reads "
                              "them."));
      return;
    }
  if (run->read_classes != NULL)
    {
      message = g_strdup_printf (_("The user does not read the events of queues (read = %s): "
                                   "the queue views stay empty. Calls and recordings work as "
                                   "they do."),
                                 run->read_classes[0] != '\0' ? run->read_classes : "none");
      row = _astrix_check_report (run, id, ASTRIX_CHECK_OPTIONAL, message);
    }
  else
    row = _astrix_check_report (run, id, ASTRIX_CHECK_OPTIONAL,
                                _("Whether the user reads the events of queues (read = agent) "
                                  "cannot be told with this user’s rights: no event of a "
                                  "queue arrived, and only a user who may run Command can "
                                  "ask. Without it the queue views stay empty; calls and "
                                  "recordings work as they do."));
  message = g_strdup_printf (_("For the queue views, add agent to the read line of the user "
                               "[%s], then run asterisk -rx \"manager reload\"."),
                             astrix_server_config_get_username (run->config));
  astrix_check_result_set_fix (row, message, "manager.conf", snippet);
}

/* The actions of @capability, or when it is missing those ListCommands did not list. */
static char *
join_actions (AstrixCheckRun     *run,
              AstrixCapabilities  capability)
{
  const char * const *actions = astrix_capability_get_actions (capability);
  g_autoptr(GString) joined = g_string_new (NULL);
  gboolean all = (run->capabilities & capability) != 0;

  for (guint i = 0; actions[i] != NULL; i++)
    {
      if (!all && _astrix_check_allowed (run, actions[i]))
        continue;
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? ", " : "", actions[i]);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
report_capability (AstrixCheckRun     *run,
                   const char         *id,
                   AstrixCapabilities  capability)
{
  const char *wanted = astrix_capability_get_write_classes (capability);
  g_autofree char *actions = join_actions (run, capability);
  g_autofree char *classes = classes_with (run->write_classes, "originate,call,reporting", wanted);
  g_autofree char *snippet = NULL;
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;
  AstrixCheckResult *row;

  if (run->capabilities & capability)
    {
      /* TRANSLATORS: %s is a list of AMI actions, such as "Hangup, Redirect" */
      message = g_strdup_printf (_("The user may run %s."), actions);
      _astrix_check_report (run, id, ASTRIX_CHECK_OK, message);
      return;
    }
  if (has_write_class (run, wanted))
    {
      /* TRANSLATORS: the first %s is a write class, the second a list of AMI actions */
      message = g_strdup_printf (_("The user’s write class %s allows it, but the PBX does not "
                                   "list %s: it does not offer them (is the module that "
                                   "registers them loaded?). The app works without it."),
                                 wanted, actions);
      _astrix_check_report (run, id, ASTRIX_CHECK_OPTIONAL, message);
      return;
    }
  /* TRANSLATORS: the first %s says which manager.conf line allows what; the second lists AMI
   * actions */
  message = g_strdup_printf (_("%s The PBX does not list %s for this user. The app works "
                               "without it."),
                             astrix_capability_describe_missing (capability), actions);
  row = _astrix_check_report (run, id, ASTRIX_CHECK_OPTIONAL, message);
  if (capability == ASTRIX_CAPABILITY_RECORD)
    fix = g_strdup_printf (_("Only if supervisors are to record calls: add system to the write "
                             "line of the user [%s], then run asterisk -rx \"manager "
                             "reload\". The class system also lets a stolen secret load "
                             "modules and restart Asterisk."),
                           astrix_server_config_get_username (run->config));
  else
    fix = g_strdup_printf (_("To allow it, add %s to the write line of the user [%s], then run "
                             "asterisk -rx \"manager reload\"."),
                           wanted, astrix_server_config_get_username (run->config));
  snippet = line_snippet (run, "write", classes);
  astrix_check_result_set_fix (row, fix, "manager.conf", snippet);
}

/* The rows, at the end of the checks: by then `manager show user` (where the user may run
 * Command) has told the classes, and the events have had their time to arrive. */
void
_astrix_check_report_capabilities (AstrixCheckRun *run)
{
  report_queue_events (run);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (!run->capabilities_known)
        _astrix_check_report (run, rows[i].id, ASTRIX_CHECK_OPTIONAL,
                              _("The PBX did not list the actions this user may run, so this "
                                "could not be told."));
      else if (rows[i].capability == ASTRIX_CAPABILITY_QUEUE_MEMBERS &&
               !(run->capabilities & ASTRIX_CAPABILITY_QUEUES))
        report_no_queues (run, rows[i].id);
      else
        report_capability (run, rows[i].id, rows[i].capability);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-capabilities"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-capabilities.h"

/*
 * What the user may do beyond monitoring, learnt from ListCommands: Asterisk lists only the
 * actions the user's write classes allow (any class of the action's will do), one header each,
 * "Name: synopsis  (Priv: classes)" (capture 18). A family of actions counts when every one of
 * its actions is listed. The app learns this at login (the same way `--check-server` does) and
 * disables, never hides, what the user lacks, saying which manager.conf line would allow it.
 */

static const char *const queue_actions[] = { "QueueStatus", NULL };
static const char *const member_actions[] = {
  "QueuePause", "QueueAdd", "QueueRemove", "QueuePenalty", NULL
};
static const char *const record_actions[] = { "MixMonitor", NULL };
static const char *const control_actions[] = { "StopMixMonitor", "MixMonitorMute", NULL };
static const char *const end_actions[] = { "Hangup", "Redirect", NULL };

static const struct
{
  AstrixCapabilities  capability;
  const char *const  *actions;
  const char         *classes;  /* the write classes, as a manager.conf line names them */
  const char         *title;
  const char         *missing;
} families[] = {
  { ASTRIX_CAPABILITY_QUEUES, queue_actions, "", N_("Queues"),
    N_("The PBX has no queues: the module app_queue is not loaded.") },
  { ASTRIX_CAPABILITY_QUEUE_MEMBERS, member_actions, "agent",
    N_("Pausing agents and queue membership"),
    N_("Pausing agents and changing queue membership need write = agent in manager.conf.") },
  { ASTRIX_CAPABILITY_RECORD, record_actions, "system", N_("Recording calls"),
    N_("Recording a call needs write = system in manager.conf.") },
  { ASTRIX_CAPABILITY_RECORDING_CONTROL, control_actions, "call",
    N_("Stopping and muting recordings"),
    N_("Stopping and muting a recording need write = call (or system) in manager.conf.") },
  { ASTRIX_CAPABILITY_END_CALLS, end_actions, "call", N_("Ending and redirecting calls"),
    N_("Ending a call and redirecting it need write = call in manager.conf.") },
};

static guint
family_index (AstrixCapabilities capability)
{
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      if (families[i].capability == capability)
        return i;
    }
  g_return_val_if_reached (0);
}

/**
 * astrix_capabilities_from_list_commands:
 * @response: the answer to ListCommands
 *
 * Returns: the capabilities whose every action the answer lists (none when it is not a
 *   success)
 */
AstrixCapabilities
astrix_capabilities_from_list_commands (AmiMessage *response)
{
  AstrixCapabilities found = ASTRIX_CAPABILITY_NONE;

  g_return_val_if_fail (response != NULL, ASTRIX_CAPABILITY_NONE);

  if (!ami_message_is (response, "Response", "Success"))
    return ASTRIX_CAPABILITY_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      gboolean all = TRUE;

      for (guint j = 0; families[i].actions[j] != NULL; j++)
        all = all && ami_message_has (response, families[i].actions[j]);
      if (all)
        found |= families[i].capability;
    }
  return found;
}

/* Returns: (transfer none): the AMI actions of one @capability, %NULL-terminated */
const char * const *
astrix_capability_get_actions (AstrixCapabilities capability)
{
  return (const char * const *) families[family_index (capability)].actions;
}

/* Returns: what one @capability lets the supervisor do, as a title */
const char *
astrix_capability_get_title (AstrixCapabilities capability)
{
  return _(families[family_index (capability)].title);
}

/* Returns: the write class that allows one @capability ("" for #ASTRIX_CAPABILITY_QUEUES,
 *   which no class allows: it needs the module) */
const char *
astrix_capability_get_write_classes (AstrixCapabilities capability)
{
  return families[family_index (capability)].classes;
}

/* Returns: for a tooltip, why one @capability is missing and which manager.conf line allows
 *   it */
const char *
astrix_capability_describe_missing (AstrixCapabilities capability)
{
  return _(families[family_index (capability)].missing);
}

/* Learning them over AMI */

static void
list_commands_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, astrix_capabilities_from_list_commands (response));
}

/**
 * astrix_capabilities_learn_async:
 * @client: logged in
 *
 * Asks ListCommands what the user may do.
 */
void
astrix_capabilities_learn_async (AmiClient           *client,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(AmiAction) action = ami_action_new ("ListCommands");
  GTask *task;

  g_return_if_fail (AMI_IS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, astrix_capabilities_learn_async);
  ami_client_send_action_async (client, action, cancellable, list_commands_done, task);
}

/* Returns: what the user may do; on an error (the PBX did not say), %ASTRIX_CAPABILITY_NONE */
AstrixCapabilities
astrix_capabilities_learn_finish (GAsyncResult  *result,
                                  GError       **error)
{
  gssize found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), ASTRIX_CAPABILITY_NONE);

  found = g_task_propagate_int (G_TASK (result), error);
  return found < 0 ? ASTRIX_CAPABILITY_NONE : (AstrixCapabilities) found;
}

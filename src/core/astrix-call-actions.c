/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-call-actions"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-call-actions.h"
#include "astrix-error.h"
#include "astrix-recording-private.h"
#include "astrix-sent-text-private.h"

/*
 * What a supervisor does to a call, beyond listening: end it, record it on demand, mute or stop
 * that recording, and send a waiting caller to an agent. Each is one AMI action on one channel,
 * answered as captures 12, 35 and 36 show:
 *   Hangup          Channel, Cause: 16                 "Channel Hungup"
 *   MixMonitor      Channel, File, Options: b          Success (no Message), MixMonitorStart
 *   MixMonitorMute  Channel, Direction: both, State    Success, MixMonitorMute
 *   StopMixMonitor  Channel                            Success, MixMonitorStop
 *   Redirect        Channel, Context, Exten, Priority  "Redirect successful"
 * The channel must still be in the store when the action starts: a call that ended gets a
 * sentence and nothing is sent. An action lost with the connection is never sent again (the
 * AMI client does not re-send, and neither does this): the user is told to look first.
 */

/* Dialplan argument separators: MixMonitor(file,options) and the parts of its options. */
#define APP_SEPARATORS ",|()&\"\\'"
/* What a context or an extension of a Redirect must not smuggle. */
#define GOTO_SEPARATORS ",|()&\"\\'"

typedef struct
{
  AstrixCallAction  action;
  char             *channel;
  char             *detail;    /* what was asked: the file, "context,exten", "muted" */
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->channel);
  g_free (data->detail);
  g_free (data);
}

const char *
astrix_call_action_to_string (AstrixCallAction action)
{
  static const char *const names[] = {
    "end-call", "record-call", "stop-recording", "mute-recording", "unmute-recording",
    "send-to-agent",
  };

  return action < G_N_ELEMENTS (names) ? names[action] : "unknown";
}

/* Returns: the capability the user needs for @action (what ListCommands must list) */
AstrixCapabilities
astrix_call_action_get_capability (AstrixCallAction action)
{
  switch (action)
    {
    case ASTRIX_CALL_ACTION_RECORD:
      return ASTRIX_CAPABILITY_RECORD;
    case ASTRIX_CALL_ACTION_STOP_RECORDING:
    case ASTRIX_CALL_ACTION_MUTE_RECORDING:
    case ASTRIX_CALL_ACTION_UNMUTE_RECORDING:
      return ASTRIX_CAPABILITY_RECORDING_CONTROL;
    case ASTRIX_CALL_ACTION_END:
    case ASTRIX_CALL_ACTION_SEND_TO_AGENT:
    default:
      return ASTRIX_CAPABILITY_END_CALLS;
    }
}

/**
 * astrix_call_action_check_value:
 * @value: what would be sent
 * @what: what it is, for the sentence ("the context")
 * @separators: (nullable): characters that would change the meaning where @value goes
 *
 * Returns: %FALSE with a sentence when @value is empty or holds CR, LF, NUL, another control
 *   character, or one of @separators
 */
gboolean
astrix_call_action_check_value (const char  *value,
                                const char  *what,
                                const char  *separators,
                                GError     **error)
{
  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("Nothing was sent: %s is empty."), what);
      return FALSE;
    }
  if (!_astrix_sent_text_is_safe (value, separators))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("Nothing was sent: %s contains a character that would change what the "
                     "PBX does (a line break, a control character or one of %s)."),
                   what, separators != NULL ? separators : "");
      return FALSE;
    }
  return TRUE;
}

/*
 * By the server editor's rule for a context (astrix_sent_text_is_context_name()), so that what
 * the editor saves is what goes out; a line break or a separator keeps its own sentence.
 */
static gboolean
check_agent_context (const char  *context,
                     GError     **error)
{
  if (!astrix_call_action_check_value (context, _("the agents’ context"), GOTO_SEPARATORS,
                                       error))
    return FALSE;
  if (!astrix_sent_text_is_context_name (context))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("Nothing was sent: the agents’ context (%s) may contain only letters, "
                     "digits, “-”, “_” and “.”. Correct it in the server’s settings."), context);
      return FALSE;
    }
  return TRUE;
}

/**
 * astrix_call_action_recording_file:
 * @config: the server: its recordings folder as Asterisk sees it
 * @uniqueid: the recorded channel's Uniqueid (from the PBX, never the caller ID)
 * @when: the start
 *
 * The file MixMonitor is to write: `YYYYMMDD-HHMMSS-<uniqueid>.wav`, one of the names the
 * Recordings page parses (date, time, and the Uniqueid that links it to the live call), in the
 * folder the site configured (#AstrixServerConfig:pbx-recordings-path, the path under which
 * Asterisk sees the folder this desktop watches), so the page shows it as soon as MixMonitor
 * creates it. Without that path, the bare name: Asterisk puts relative names in its monitor
 * spool, which is that path's default.
 *
 * Returns: (transfer full) (nullable): the File value, or %NULL with @error
 */
char *
astrix_call_action_recording_file (AstrixServerConfig  *config,
                                   const char          *uniqueid,
                                   GDateTime           *when,
                                   GError             **error)
{
  const char *folder = astrix_server_config_get_pbx_recordings_path (config);
  g_autofree char *stamp = g_date_time_format (when, "%Y%m%d-%H%M%S");
  g_autofree char *name = NULL;

  if (!astrix_call_action_check_value (uniqueid, _("the channel’s Uniqueid"), APP_SEPARATORS "/",
                                       error))
    return NULL;
  name = g_strdup_printf ("%s-%s.wav", stamp, uniqueid);
  if (folder == NULL || folder[0] == '\0')
    return g_steal_pointer (&name);
  /* Checked as typed: with slashes at its end, "/x/../" still shows its "/../". */
  if (folder[0] != '/' || strstr (folder, "/../") != NULL || g_str_has_suffix (folder, "/..") ||
      !astrix_call_action_check_value (folder, _("the recordings folder on the PBX"),
                                       APP_SEPARATORS, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                     _("Nothing was sent: the recordings folder on the PBX (%s) must be an "
                       "absolute path. Correct it in the server’s settings."), folder);
      return NULL;
    }
  return _astrix_recording_pbx_path (folder, name);
}

/**
 * astrix_call_action_agent_extension:
 * @interface: a queue member's interface (`PJSIP/1001`, `Local/1002@sim-agent-q/n`)
 *
 * Returns: (transfer full) (nullable): the agent's extension: what follows the technology, up
 *   to a `@`, `/` or `-`
 */
char *
astrix_call_action_agent_extension (const char *interface)
{
  const char *start = interface != NULL ? strchr (interface, '/') : NULL;
  gsize len;

  if (start == NULL || start[1] == '\0')
    return NULL;
  start++;
  len = strcspn (start, "@/-");
  return len > 0 ? g_strndup (start, len) : NULL;
}

/* Building the actions */

static AmiAction *
build_action (AstrixConnection  *connection,
              RunData           *data,
              const char        *argument,
              GError           **error)
{
  AstrixServerConfig *config = astrix_connection_get_config (connection);
  AstrixChannel *channel = astrix_channel_store_lookup_by_name (
    astrix_connection_get_store (connection), data->channel);
  g_autoptr(GDateTime) now = NULL;
  const char *context;

  switch (data->action)
    {
    case ASTRIX_CALL_ACTION_END:
      return ami_action_new_with ("Hangup", "Channel", data->channel, "Cause", "16", NULL);
    case ASTRIX_CALL_ACTION_RECORD:
      now = g_date_time_new_now_local ();
      data->detail = astrix_call_action_recording_file (config,
                                                        astrix_channel_get_uniqueid (channel),
                                                        now, error);
      if (data->detail == NULL)
        return NULL;
      /* b: only while bridged, as the dialplan's recordings (captures 12, 35) */
      return ami_action_new_with ("MixMonitor", "Channel", data->channel, "File", data->detail,
                                  "Options", "b", NULL);
    case ASTRIX_CALL_ACTION_STOP_RECORDING:
      return ami_action_new_with ("StopMixMonitor", "Channel", data->channel, NULL);
    case ASTRIX_CALL_ACTION_MUTE_RECORDING:
    case ASTRIX_CALL_ACTION_UNMUTE_RECORDING:
      data->detail = g_strdup (data->action == ASTRIX_CALL_ACTION_MUTE_RECORDING ? "1" : "0");
      return ami_action_new_with ("MixMonitorMute", "Channel", data->channel,
                                  "Direction", "both", "State", data->detail, NULL);
    case ASTRIX_CALL_ACTION_SEND_TO_AGENT:
    default:
      context = astrix_server_config_get_agent_context (config);
      if (!check_agent_context (context, error) ||
          !astrix_call_action_check_value (argument, _("the agent’s extension"),
                                           GOTO_SEPARATORS "@/", error))
        return NULL;
      data->detail = g_strdup_printf ("%s,%s,1", context, argument);
      return ami_action_new_with ("Redirect", "Channel", data->channel, "Context", context,
                                  "Exten", argument, "Priority", "1", NULL);
    }
}

/* The answers, in words */

static char *
gone_sentence (AstrixCallAction  action,
               const char       *channel)
{
  if (action == ASTRIX_CALL_ACTION_SEND_TO_AGENT)
    return g_strdup_printf (_("The caller on %s is no longer waiting: the call has ended or "
                              "was answered."), channel);
  return g_strdup_printf (_("The call on %s has ended: there is nothing left to do."), channel);
}

static const char *
action_phrase (AstrixCallAction action)
{
  switch (action)
    {
    case ASTRIX_CALL_ACTION_END: return _("end calls");
    case ASTRIX_CALL_ACTION_RECORD: return _("record calls");
    case ASTRIX_CALL_ACTION_STOP_RECORDING: return _("stop recordings");
    case ASTRIX_CALL_ACTION_MUTE_RECORDING: return _("mute recordings");
    case ASTRIX_CALL_ACTION_UNMUTE_RECORDING: return _("unmute recordings");
    case ASTRIX_CALL_ACTION_SEND_TO_AGENT:
    default: return _("redirect calls");
    }
}

static GError *
error_in_words (RunData *data,
                GError  *error)
{
  const char *message = error->message;
  g_autofree char *sentence = NULL;
  int code = ASTRIX_ERROR_REFUSED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || error->domain != AMI_ERROR)
    return g_error_copy (error);
  if (error->code == AMI_ERROR_PERMISSION_DENIED)
    sentence = g_strdup_printf (_("The PBX refused: this manager user may not %s. %s"),
                                action_phrase (data->action),
                                astrix_capability_describe_missing (
                                  astrix_call_action_get_capability (data->action)));
  else if (error->code == AMI_ERROR_ACTION_FAILED &&
           (g_str_equal (message, "No such channel") ||
            g_str_equal (message, "Channel not found") ||
            g_str_has_prefix (message, "Channel does not exist")))
    {
      sentence = gone_sentence (data->action, data->channel);
      code = ASTRIX_ERROR_TARGET_GONE;
    }
  else if (error->code == AMI_ERROR_ACTION_FAILED &&
           (g_str_equal (message, "Could not stop monitoring channel") ||
            g_str_equal (message, "Cannot set mute flag")))
    sentence = g_strdup_printf (_("Nothing is being recorded on %s (the recording has already "
                                  "stopped)."), data->channel);
  else if (error->code == AMI_ERROR_DISCONNECTED || error->code == AMI_ERROR_CLOSED ||
           error->code == AMI_ERROR_TIMED_OUT)
    {
      sentence = g_strdup_printf (_("The connection to the PBX was lost before it answered, so "
                                    "it is not known whether this happened; it was not tried "
                                    "again. Look at the call before trying again (%s)."),
                                  message);
      code = ASTRIX_ERROR_CONNECTION_LOST;
    }
  else
    sentence = astrix_describe_error (error);
  return g_error_new_literal (ASTRIX_ERROR, code, sentence);
}

static void
action_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  if (response == NULL)
    g_task_return_error (task, error_in_words (data, error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * astrix_call_action_run_async:
 * @connection: the server the call is on
 * @channel: the channel to act on (for @ASTRIX_CALL_ACTION_SEND_TO_AGENT, the waiting caller's)
 * @argument: (nullable): for @ASTRIX_CALL_ACTION_SEND_TO_AGENT, the agent's extension
 *
 * Sends one action. Nothing is sent when the connection is down, the channel has gone, or a
 * value would change the meaning of what is sent.
 */
void
astrix_call_action_run_async (AstrixConnection    *connection,
                              AstrixCallAction     action,
                              const char          *channel,
                              const char          *argument,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AmiAction) request = NULL;
  GError *error = NULL;
  RunData *data;

  g_return_if_fail (ASTRIX_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, astrix_call_action_run_async);
  data = g_new0 (RunData, 1);
  data->action = action;
  data->channel = g_strdup (channel);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (!astrix_call_action_check_value (channel, _("the channel"), NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (astrix_connection_get_state (connection) != ASTRIX_CONNECTION_CONNECTED)
    {
      g_task_return_new_error (task, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED,
                               _("%s is not connected: nothing was sent."),
                               astrix_connection_get_name (connection));
      return;
    }
  if (astrix_channel_store_lookup_by_name (astrix_connection_get_store (connection),
                                           channel) == NULL)
    {
      g_autofree char *sentence = gone_sentence (action, channel);

      g_task_return_new_error (task, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE, "%s", sentence);
      return;
    }
  request = build_action (connection, data, argument, &error);
  if (request == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ami_client_send_action_async (astrix_connection_get_client (connection), request, cancellable,
                                action_done, g_steal_pointer (&task));
}

/**
 * astrix_call_action_run_finish:
 * @detail: (out) (optional) (transfer full): what was sent beside the channel: the recording's
 *   file, "context,exten,1" of a redirect, the mute state
 *
 * Returns: whether the PBX did it
 */
gboolean
astrix_call_action_run_finish (GAsyncResult  *result,
                               char         **detail,
                               GError       **error)
{
  RunData *data;

  g_return_val_if_fail (G_IS_TASK (result) &&
                        g_task_get_source_tag (G_TASK (result)) == astrix_call_action_run_async,
                        FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (detail != NULL)
    *detail = g_strdup (data->detail);
  return g_task_propagate_boolean (G_TASK (result), error);
}

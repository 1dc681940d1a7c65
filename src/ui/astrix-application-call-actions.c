/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agent-monitor.h"
#include "astrix-application-call-actions.h"
#include "astrix-application-private.h"
#include "astrix-error.h"

/*
 * The supervisor's actions on calls, as application actions exported on D-Bus (a supervisor
 * binds desktop-wide keys to them), and the one path the window takes too:
 *   app.end-call       s     a channel of the call (the agent's or the customer's side);
 *                            over D-Bus without confirmation: the caller asked already
 *   app.record-call    s     records that channel (MixMonitor)
 *   app.stop-recording s     stops every recording of that channel's call
 *   app.mute-recording (sb)  mutes (true) or unmutes every recording of that call
 *   app.send-to-agent  (ss)  the waiting caller's channel, the agent by name or interface
 * Every action is written to the audit log (who, which AMI user, what, on whom, the outcome)
 * and a failure is reported in a sentence (toast, and a notification when no window shows).
 */

typedef struct
{
  AstrixApplication *app;
  AstrixCallAction   action;
  char              *target;
  char              *party;     /* who is on the call, for the audit log */
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->app);
  g_free (pending->target);
  g_free (pending->party);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
audit (AstrixApplication *self,
       AstrixServerConfig *config,
       AstrixCallAction   action,
       const char        *target,
       const char        *party,
       const char        *result,
       const GError      *error)
{
  g_autofree char *id = NULL;

  if (self->audit_log == NULL)
    return;
  id = astrix_audit_log_begin (self->audit_log, ASTRIX_AUDIT_CALL_ACTION, config, target, party,
                               astrix_call_action_to_string (action));
  astrix_audit_log_end (self->audit_log, id,
                        error != NULL ? ASTRIX_AUDIT_OUTCOME_FAILED : ASTRIX_AUDIT_OUTCOME_ENDED,
                        error != NULL ? error->message : result);
}

static void
report (AstrixApplication *self,
        const GError      *error)
{
  astrix_application_report (self, error->message);
  astrix_notifier_report_error (self->notifier, _("An action on a call failed"), error->message);
}

/* What the audit log says was done, beside the action's name */
static char *
result_text (AstrixCallAction  action,
             const char       *detail)
{
  switch (action)
    {
    case ASTRIX_CALL_ACTION_RECORD:
      return g_strdup_printf (_("Recording to %s"), detail);
    case ASTRIX_CALL_ACTION_SEND_TO_AGENT:
      return g_strdup_printf (_("Redirected to %s"), detail);
    default:
      return g_strdup (_("Done"));
    }
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(Pending) pending = data;
  AstrixConnection *connection = ASTRIX_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *text = NULL;

  if (astrix_call_action_run_finish (result, &detail, &error))
    text = result_text (pending->action, detail);
  audit (pending->app, astrix_connection_get_config (connection), pending->action,
         pending->target, pending->party, text, error);
  if (error != NULL)
    report (pending->app, error);
}

static char *
describe_party (AstrixChannel *channel)
{
  g_autofree char *caller = channel != NULL ? astrix_channel_dup_caller (channel) : NULL;
  g_autofree char *other = channel != NULL ? astrix_channel_dup_talking_to (channel) : NULL;

  if (caller != NULL && other != NULL && other[0] != '\0')
    return g_strdup_printf ("%s — %s", caller, other);
  return g_steal_pointer (&caller);
}

static void
run_one (AstrixApplication *self,
         AstrixConnection  *connection,
         AstrixCallAction   action,
         const char        *channel,
         const char        *argument)
{
  Pending *pending = g_new0 (Pending, 1);
  AstrixChannel *found = astrix_channel_store_lookup_by_name (
    astrix_connection_get_store (connection), channel);

  pending->app = g_object_ref (self);
  pending->action = action;
  pending->target = g_strdup (channel);
  pending->party = describe_party (found);
  astrix_call_action_run_async (connection, action, channel, argument, NULL, run_done, pending);
}

/* The channels of @channel's call (same Linkedid) that MixMonitor records now: a muted or
 * stopped call must not go on being recorded on its other side. @channel itself when none. */
static GPtrArray *
recording_channels (AstrixConnection *connection,
                    const char       *channel)
{
  AstrixChannelStore *store = astrix_connection_get_store (connection);
  AstrixChannel *target = astrix_channel_store_lookup_by_name (store, channel);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; target != NULL && i < n; i++)
    {
      g_autoptr(AstrixChannel) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_strcmp0 (astrix_channel_get_linkedid (item),
                     astrix_channel_get_linkedid (target)) == 0 &&
          astrix_channel_get_recording_state (item) != ASTRIX_RECORDING_NONE)
        g_ptr_array_add (found, g_strdup (astrix_channel_get_name (item)));
    }
  if (found->len == 0)
    g_ptr_array_add (found, g_strdup (channel));
  return found;
}

/**
 * astrix_application_call_action:
 * @server: (nullable): the server the call is on; %NULL: the one that has @channel
 * @channel: a channel of the call
 * @argument: (nullable): for %ASTRIX_CALL_ACTION_SEND_TO_AGENT, the agent's name or interface
 *
 * Runs one action on a call, writes it to the audit log and reports a failure in words.
 * Stopping, muting and unmuting act on every recording of the call.
 */
void
astrix_application_call_action (AstrixApplication *self,
                                const char        *server,
                                AstrixCallAction   action,
                                const char        *channel,
                                const char        *argument)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *extension = NULL;
  AstrixConnection *connection = astrix_application_find_channel (self, server, channel, &error);

  if (connection != NULL && action == ASTRIX_CALL_ACTION_SEND_TO_AGENT)
    {
      AstrixAgent *agent = astrix_agent_find (G_LIST_MODEL (self->connections), argument, NULL);

      extension = agent != NULL
                    ? astrix_call_action_agent_extension (astrix_agent_get_interface (agent))
                    : NULL;
      if (extension == NULL)
        g_set_error (&error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE,
                     _("There is no agent called %s in the queues: nothing was sent."),
                     argument != NULL ? argument : "");
    }
  if (error != NULL)
    {
      audit (self, connection != NULL ? astrix_connection_get_config (connection) : NULL,
             action, channel, NULL, NULL, error);
      report (self, error);
      return;
    }
  if (action == ASTRIX_CALL_ACTION_END || action == ASTRIX_CALL_ACTION_RECORD ||
      action == ASTRIX_CALL_ACTION_SEND_TO_AGENT)
    {
      run_one (self, connection, action, channel, extension);
      return;
    }
  targets = recording_channels (connection, channel);
  for (guint i = 0; i < targets->len; i++)
    run_one (self, connection, action, g_ptr_array_index (targets, i), NULL);
}

/* The exported actions */

/* end-call, record-call, stop-recording: a channel of the call; the action's name is the
 * AstrixCallAction's (astrix_call_action_to_string()) */
static void
channel_action_activated (GSimpleAction *simple,
                          GVariant      *parameter,
                          gpointer       data)
{
  const char *name = g_action_get_name (G_ACTION (simple));
  const AstrixCallAction actions[] = {
    ASTRIX_CALL_ACTION_END, ASTRIX_CALL_ACTION_RECORD, ASTRIX_CALL_ACTION_STOP_RECORDING,
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (g_str_equal (name, astrix_call_action_to_string (actions[i])))
        astrix_application_call_action (data, NULL, actions[i],
                                        g_variant_get_string (parameter, NULL), NULL);
    }
}

static void
mute_recording_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       data)
{
  const char *channel;
  gboolean muted;

  g_variant_get (parameter, "(&sb)", &channel, &muted);
  astrix_application_call_action (data, NULL, muted ? ASTRIX_CALL_ACTION_MUTE_RECORDING
                                                    : ASTRIX_CALL_ACTION_UNMUTE_RECORDING,
                                  channel, NULL);
}

static void
send_to_agent_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       data)
{
  const char *channel;
  const char *agent;

  g_variant_get (parameter, "(&s&s)", &channel, &agent);
  astrix_application_call_action (data, NULL, ASTRIX_CALL_ACTION_SEND_TO_AGENT, channel, agent);
}

static const GActionEntry call_entries[] = {
  { "end-call", channel_action_activated, "s" },
  { "record-call", channel_action_activated, "s" },
  { "stop-recording", channel_action_activated, "s" },
  { "mute-recording", mute_recording_activated, "(sb)" },
  { "send-to-agent", send_to_agent_activated, "(ss)" },
};

void
_astrix_application_init_call_actions (AstrixApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), call_entries,
                                   G_N_ELEMENTS (call_entries), self);
}

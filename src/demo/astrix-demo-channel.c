/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "astrix-demo-private.h"

/*
 * Channels and the events that describe them. A channel is named like chan_pjsip names them,
 * "PJSIP/1001-0000002a" (a global 8-hex-digit sequence), and has a Uniqueid like
 * "1795667084.24" (seconds, then a global counter). The PBX's list holds a reference until the
 * channel hangs up; calls and originates hold their own.
 */

AstrixDemoChannel *
_astrix_demo_channel_new (AstrixDemoPbx   *pbx,
                          const char      *endpoint,
                          const char      *suffix,
                          AstrixDemoState  state)
{
  AstrixDemoChannel *channel = g_new0 (AstrixDemoChannel, 1);

  g_atomic_ref_count_init (&channel->ref_count);
  channel->name = g_strdup_printf ("%s-%08x%s", endpoint, pbx->channel_seq++,
                                   suffix != NULL ? suffix : "");
  channel->uniqueid = _astrix_demo_pbx_new_uniqueid (pbx);
  channel->linkedid = g_strdup (channel->uniqueid);
  channel->device = g_strdup (endpoint);
  channel->state = state;
  channel->context = g_strdup ("default");
  channel->exten = g_strdup ("s");
  channel->priority = 1;
  channel->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  channel->created_at = _astrix_demo_pbx_now (pbx);

  g_ptr_array_add (pbx->channels, _astrix_demo_channel_ref (channel));
  return channel;
}

AstrixDemoChannel *
_astrix_demo_channel_ref (AstrixDemoChannel *channel)
{
  g_atomic_ref_count_inc (&channel->ref_count);
  return channel;
}

void
_astrix_demo_channel_unref (AstrixDemoChannel *channel)
{
  if (!g_atomic_ref_count_dec (&channel->ref_count))
    return;

  g_free (channel->name);
  g_free (channel->uniqueid);
  g_free (channel->linkedid);
  g_free (channel->device);
  g_free (channel->caller_num);
  g_free (channel->caller_name);
  g_free (channel->connected_num);
  g_free (channel->connected_name);
  g_free (channel->context);
  g_free (channel->exten);
  g_free (channel->application);
  g_free (channel->application_data);
  g_free (channel->bridge_id);
  g_hash_table_unref (channel->variables);
  g_free (channel);
}

/* Both copies are made before either field is freed: a new value may be an old one. */
static void
set_pair (char       **first,
          char       **second,
          const char  *first_value,
          const char  *second_value)
{
  char *new_first = g_strdup (first_value);
  char *new_second = g_strdup (second_value);

  g_free (*first);
  g_free (*second);
  *first = new_first;
  *second = new_second;
}

void
_astrix_demo_channel_set_caller (AstrixDemoChannel *channel,
                                 const char        *num,
                                 const char        *name)
{
  set_pair (&channel->caller_num, &channel->caller_name, num, name);
}

void
_astrix_demo_channel_set_connected (AstrixDemoChannel *channel,
                                    const char        *num,
                                    const char        *name)
{
  set_pair (&channel->connected_num, &channel->connected_name, num, name);
}

void
_astrix_demo_channel_set_app (AstrixDemoChannel *channel,
                              const char        *application,
                              const char        *data)
{
  set_pair (&channel->application, &channel->application_data, application, data);
}

static void
add_pairs (GPtrArray *fields,
           va_list    args)
{
  const char *key;

  while ((key = va_arg (args, const char *)) != NULL)
    _astrix_demo_fields_add (fields, key, va_arg (args, const char *));
}

/* Event, Privilege, the channel's snapshot and then @... (key, value pairs, NULL). */
void
_astrix_demo_channel_emit (AstrixDemoPbx     *pbx,
                           AstrixDemoChannel *channel,
                           const char        *event,
                           guint              event_class,
                           ...)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new (event, event_class);
  va_list args;

  _astrix_demo_fields_add_snapshot (fields, "", channel);
  va_start (args, event_class);
  add_pairs (fields, args);
  va_end (args);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

void
_astrix_demo_channel_set_state (AstrixDemoPbx     *pbx,
                                AstrixDemoChannel *channel,
                                AstrixDemoState    state)
{
  channel->state = state;
  _astrix_demo_channel_emit (pbx, channel, "Newstate", ASTRIX_DEMO_CLASS_CALL, NULL);
}

void
_astrix_demo_channel_set_var (AstrixDemoPbx     *pbx,
                              AstrixDemoChannel *channel,
                              const char        *name,
                              const char        *value)
{
  g_hash_table_replace (channel->variables, g_strdup (name), g_strdup (value));
  _astrix_demo_channel_emit (pbx, channel, "VarSet", ASTRIX_DEMO_CLASS_DIALPLAN,
                             "Variable", name, "Value", value, NULL);
}

/* The channel moves to a dialplan location and runs an application there. */
void
_astrix_demo_channel_newexten (AstrixDemoPbx     *pbx,
                               AstrixDemoChannel *channel,
                               const char        *context,
                               const char        *exten,
                               int                priority,
                               const char        *application,
                               const char        *data)
{
  /* @context and @exten may be the channel's own. */
  char *new_context = g_strdup (context);
  char *new_exten = g_strdup (exten);

  g_free (channel->context);
  g_free (channel->exten);
  channel->context = new_context;
  channel->exten = new_exten;
  channel->priority = priority;
  _astrix_demo_channel_set_app (channel, application, data);
  _astrix_demo_channel_emit (pbx, channel, "Newexten", ASTRIX_DEMO_CLASS_DIALPLAN,
                             "Extension", channel->exten, "Application", channel->application,
                             "AppData", channel->application_data, NULL);
}

void
_astrix_demo_channel_device (AstrixDemoPbx     *pbx,
                             AstrixDemoChannel *channel,
                             const char        *state)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new ("DeviceStateChange",
                                                        ASTRIX_DEMO_CLASS_CALL);

  _astrix_demo_fields_add (fields, "Device", channel->device);
  _astrix_demo_fields_add (fields, "State", state);
  _astrix_demo_pbx_emit_fields (pbx, fields);
  _astrix_demo_queue_device_state (pbx, channel->device, state);
}

/* DialBegin / DialEnd / DialState: the caller's snapshot (none for an Originate), the
 * destination's with the "Dest" prefix, then DialString or DialStatus. */
void
_astrix_demo_channel_dial (AstrixDemoPbx     *pbx,
                           const char        *event,
                           AstrixDemoChannel *caller,
                           AstrixDemoChannel *dest,
                           const char        *last_key,
                           const char        *last_value)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new (event, ASTRIX_DEMO_CLASS_CALL);

  if (caller != NULL)
    _astrix_demo_fields_add_snapshot (fields, "", caller);
  _astrix_demo_fields_add_snapshot (fields, "Dest", dest);
  _astrix_demo_fields_add (fields, last_key, last_value);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/* A hangup asked for: through AMI (@soft, SoftHangupRequest) or by the far end (HangupRequest). */
void
_astrix_demo_channel_request_hangup (AstrixDemoPbx     *pbx,
                                     AstrixDemoChannel *channel,
                                     int                cause,
                                     gboolean           soft)
{
  g_autofree char *cause_str = g_strdup_printf ("%d", cause);

  _astrix_demo_channel_emit (pbx, channel, soft ? "SoftHangupRequest" : "HangupRequest",
                             ASTRIX_DEMO_CLASS_CALL, "Cause", cause_str, NULL);
}

/*
 * The end of a channel: spies on it stop, then Hangup and the device goes idle. The channel
 * leaves the PBX's list; whoever still holds a reference sees it as gone.
 */
void
_astrix_demo_channel_gone (AstrixDemoPbx     *pbx,
                           AstrixDemoChannel *channel,
                           int                cause)
{
  g_autofree char *cause_str = g_strdup_printf ("%d", cause);

  if (channel->gone)
    return;
  channel->gone = TRUE;
  _astrix_demo_mixmonitor_channel_gone (pbx, channel);
  _astrix_demo_spy_channel_gone (pbx, channel);
  _astrix_demo_channel_emit (pbx, channel, "Hangup", ASTRIX_DEMO_CLASS_CALL,
                             "Cause", cause_str,
                             "Cause-txt", _astrix_demo_cause_text (cause), NULL);
  _astrix_demo_channel_device (pbx, channel, "NOT_INUSE");
  g_ptr_array_remove (pbx->channels, channel);
}

/* BridgeCreate / BridgeDestroy (no @channel) and BridgeEnter / BridgeLeave. */
void
_astrix_demo_bridge_emit (AstrixDemoPbx     *pbx,
                          const char        *event,
                          const char        *bridge_id,
                          guint              n_channels,
                          AstrixDemoChannel *channel)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new (event, ASTRIX_DEMO_CLASS_CALL);

  _astrix_demo_fields_add (fields, "BridgeUniqueid", bridge_id);
  _astrix_demo_fields_add (fields, "BridgeType", "basic");
  _astrix_demo_fields_add (fields, "BridgeTechnology", "simple_bridge");
  _astrix_demo_fields_add (fields, "BridgeCreator", "<unknown>");
  _astrix_demo_fields_add (fields, "BridgeName", "<unknown>");
  _astrix_demo_fields_add_printf (fields, "BridgeNumChannels", "%u", n_channels);
  _astrix_demo_fields_add (fields, "BridgeVideoSourceMode", "none");
  if (channel != NULL)
    _astrix_demo_fields_add_snapshot (fields, "", channel);
  _astrix_demo_pbx_emit_fields (pbx, fields);
}

/*
 * The variables Asterisk's Dial() sets on the calling channel (captures 05 and 22): all of
 * them cleared when it starts (and DIALEDPEERNUMBER on the called one), the peer when it
 * answers, the times when it returns. Half of a busy PBX's AMI bytes are such VarSets and
 * Newextens (class dialplan), which is what an event mask saves.
 */
void
_astrix_demo_channel_dial_vars (AstrixDemoPbx     *pbx,
                                AstrixDemoChannel *caller,
                                AstrixDemoChannel *dest,
                                AstrixDemoDial     stage)
{
  static const char *const times[] = { "ANSWEREDTIME", "DIALEDTIME", "RINGTIME", "PROGRESSTIME" };
  gint64 dialed_ms = (_astrix_demo_pbx_now (pbx) - dest->created_at) / 1000;

  if (stage == ASTRIX_DEMO_DIAL_ANSWER)
    {
      _astrix_demo_channel_set_var (pbx, caller, "DIALSTATUS", "ANSWER");
      _astrix_demo_channel_set_var (pbx, caller, "DIALEDPEERNAME", dest->name);
      _astrix_demo_channel_set_var (pbx, caller, "DIALEDPEERNUMBER", dest->caller_num);
      return;
    }
  if (stage == ASTRIX_DEMO_DIAL_BEGIN)
    {
      _astrix_demo_channel_set_var (pbx, caller, "DIALSTATUS", "");
      _astrix_demo_channel_set_var (pbx, caller, "DIALEDPEERNUMBER", "");
      _astrix_demo_channel_set_var (pbx, caller, "DIALEDPEERNAME", "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *ms_name = g_strconcat (times[i], "_MS", NULL);
      g_autofree char *s = NULL;
      g_autofree char *ms = NULL;

      if (stage == ASTRIX_DEMO_DIAL_END)
        {
          s = g_strdup_printf ("%" G_GINT64_FORMAT, dialed_ms / 1000);
          ms = g_strdup_printf ("%" G_GINT64_FORMAT, dialed_ms);
        }
      _astrix_demo_channel_set_var (pbx, caller, times[i], s != NULL ? s : "");
      _astrix_demo_channel_set_var (pbx, caller, ms_name, ms != NULL ? ms : "");
    }
  if (stage == ASTRIX_DEMO_DIAL_BEGIN)
    _astrix_demo_channel_set_var (pbx, dest, "DIALEDPEERNUMBER", dest->caller_num);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * What Asterisk's do_message() and process_message() do with a message, in their order: too
 * many lines, a line too long, no Action, not logged in, unknown action, not allowed; then the
 * action. The simple actions live here; Originate, Command and ShowDialPlan have files of their
 * own. Texts are those of capture 02, 03, 04, 05, 06, 13, 15, 16, 20 and 23.
 */

/* A failed login is answered after about a second (simulated), then the session is closed. */
#define LOGIN_FAILURE_DELAY_MS 1000

typedef void (*ActionFunc) (AstrixDemoSession *session,
                            AmiMessage        *request);

static void action_challenge         (AstrixDemoSession *session, AmiMessage *request);
static void action_control_playback  (AstrixDemoSession *session, AmiMessage *request);
static void action_core_show_channels (AstrixDemoSession *session, AmiMessage *request);
static void action_events            (AstrixDemoSession *session, AmiMessage *request);
static void action_getvar            (AstrixDemoSession *session, AmiMessage *request);
static void action_hangup            (AstrixDemoSession *session, AmiMessage *request);
static void action_login             (AstrixDemoSession *session, AmiMessage *request);
static void action_logoff            (AstrixDemoSession *session, AmiMessage *request);
static void action_module_check      (AstrixDemoSession *session, AmiMessage *request);
static void action_ping              (AstrixDemoSession *session, AmiMessage *request);
static void action_play_dtmf         (AstrixDemoSession *session, AmiMessage *request);

static const struct
{
  const char *name;
  guint       authority;  /* write classes, any of which allows it; 0: everybody */
  const char *synopsis;   /* as ListCommands shows it */
  ActionFunc  func;
  const char *module;     /* the module that registers it; NULL: the core */
} actions[] = {
  { "Challenge", 0, "Generate Challenge for MD5 Auth.", action_challenge },
  { "Command", ASTRIX_DEMO_CLASS_COMMAND, "Execute Asterisk CLI Command.", _astrix_demo_command },
  { "ControlPlayback", ASTRIX_DEMO_CLASS_CALL,
    "Control the playback of a file being played to a channel.", action_control_playback,
    "app_controlplayback" },
  { "CoreShowChannels", ASTRIX_DEMO_CLASS_SYSTEM | ASTRIX_DEMO_CLASS_REPORTING,
    "List currently active channels.", action_core_show_channels },
  { "Events", 0, "Control Event Flow.", action_events },
  { "Getvar", ASTRIX_DEMO_CLASS_CALL | ASTRIX_DEMO_CLASS_REPORTING,
    "Gets a channel variable or function value.", action_getvar },
  { "Hangup", ASTRIX_DEMO_CLASS_SYSTEM | ASTRIX_DEMO_CLASS_CALL, "Hangup channel.", action_hangup },
  { "ListCommands", 0, "List available manager commands.", _astrix_demo_actions_list },
  { "Login", 0, "Login Manager.", action_login },
  { "Logoff", 0, "Logoff Manager.", action_logoff },
  { "MixMonitor", ASTRIX_DEMO_CLASS_SYSTEM, "Record a call and mix the audio during the recording.",
    _astrix_demo_mixmonitor, "app_mixmonitor" },
  { "MixMonitorMute", ASTRIX_DEMO_CLASS_SYSTEM | ASTRIX_DEMO_CLASS_CALL,
    "Mute / unMute a Mixmonitor recording.", _astrix_demo_mixmonitor_mute, "app_mixmonitor" },
  { "ModuleCheck", ASTRIX_DEMO_CLASS_SYSTEM, "Check if module is loaded.", action_module_check },
  { "Originate", ASTRIX_DEMO_CLASS_ORIGINATE, "Originate a call.", _astrix_demo_originate },
  { "Ping", 0, "Keepalive command.", action_ping },
  { "PlayDTMF", ASTRIX_DEMO_CLASS_CALL, "Play DTMF signal on a specific channel.",
    action_play_dtmf },
  { "QueueAdd", ASTRIX_DEMO_CLASS_AGENT, "Add interface to queue.",
    _astrix_demo_queue_add_action },
  { "QueuePause", ASTRIX_DEMO_CLASS_AGENT, "Makes a queue member temporarily unavailable.",
    _astrix_demo_queue_pause },
  { "QueuePenalty", ASTRIX_DEMO_CLASS_AGENT, "Set the penalty for a queue member.",
    _astrix_demo_queue_penalty },
  { "QueueRemove", ASTRIX_DEMO_CLASS_AGENT, "Remove interface from queue.",
    _astrix_demo_queue_remove },
  { "QueueStatus", 0, "Show queue status.", _astrix_demo_queue_status },
  { "QueueSummary", 0, "Show queue summary.", _astrix_demo_queue_summary },
  { "Redirect", ASTRIX_DEMO_CLASS_CALL, "Redirect (transfer) a call.", _astrix_demo_redirect },
  { "ShowDialPlan", ASTRIX_DEMO_CLASS_CONFIG | ASTRIX_DEMO_CLASS_REPORTING,
    "Show dialplan contexts and extensions", _astrix_demo_show_dialplan },
  { "StopMixMonitor", ASTRIX_DEMO_CLASS_SYSTEM | ASTRIX_DEMO_CLASS_CALL,
    "Stop recording a call through MixMonitor, and free the recording's file handle.",
    _astrix_demo_stop_mixmonitor, "app_mixmonitor" },
};

static GPtrArray *
response_fields (AmiMessage *request,
                 const char *status)
{
  GPtrArray *fields = _astrix_demo_fields_new ("Response", status);
  const char *id = _astrix_demo_header (request, "ActionID");

  if (id[0] != '\0')
    _astrix_demo_fields_add (fields, "ActionID", id);
  return fields;
}

static AmiMessage *
response_new_valist (AmiMessage *request,
                     const char *status,
                     va_list     args)
{
  g_autoptr(GPtrArray) fields = response_fields (request, status);
  const char *key;

  while ((key = va_arg (args, const char *)) != NULL)
    _astrix_demo_fields_add (fields, key, va_arg (args, const char *));
  return _astrix_demo_fields_to_message (fields);
}

/* Response, ActionID (when @request had one), then @... (key, value pairs, NULL). */
AmiMessage *
_astrix_demo_response_new (AmiMessage *request,
                           const char *status,
                           ...)
{
  AmiMessage *response;
  va_list args;

  va_start (args, status);
  response = response_new_valist (request, status, args);
  va_end (args);
  return response;
}

void
_astrix_demo_respond (AstrixDemoSession *session,
                      AmiMessage        *request,
                      const char        *status,
                      ...)
{
  g_autoptr(AmiMessage) response = NULL;
  va_list args;

  va_start (args, status);
  response = response_new_valist (request, status, args);
  va_end (args);
  _astrix_demo_session_send (session, response);
}

/* Response: Error with @message, the way every action here refuses. */
void
_astrix_demo_respond_error (AstrixDemoSession *session,
                            AmiMessage        *request,
                            const char        *message)
{
  _astrix_demo_respond (session, request, "Error", "Message", message, NULL);
}

/* Whether an action is registered: the module that provides it is loaded. */
static gboolean
action_registered (AstrixDemoPbx *pbx,
                   guint          i)
{
  return actions[i].module == NULL || _astrix_demo_pbx_module_loaded (pbx, actions[i].module);
}

static int
find_action (AstrixDemoPbx *pbx,
             const char    *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (g_ascii_strcasecmp (actions[i].name, name) == 0)
        return action_registered (pbx, i) ? (int) i : -1;
    }
  return -1;
}

static gboolean
allowed_before_login (const char *action)
{
  return g_ascii_strcasecmp (action, "Login") == 0 ||
         g_ascii_strcasecmp (action, "Logoff") == 0 ||
         g_ascii_strcasecmp (action, "Challenge") == 0;
}

static void
process_message (AstrixDemoSession *session,
                 AmiMessage        *request)
{
  const char *action = _astrix_demo_header (request, "Action");
  g_autofree char *unknown = NULL;
  int i;

  if (action[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, "Missing action in request");
      return;
    }
  if (session->pbx == NULL || _astrix_demo_pbx_is_ignored (session->pbx, action))
    return;
  if (!session->authenticated && !allowed_before_login (action))
    {
      _astrix_demo_respond_error (session, request, "Permission denied");
      return;
    }
  i = find_action (session->pbx, action);
  if (i < 0)
    {
      unknown = g_strdup_printf ("Invalid/unknown command: %s. Use Action: ListCommands to "
                                 "show available commands.", action);
      _astrix_demo_respond_error (session, request, unknown);
      return;
    }
  if (actions[i].authority != 0 && (session->writeperm & actions[i].authority) == 0)
    {
      _astrix_demo_respond_error (session, request, "Permission denied");
      return;
    }
  actions[i].func (session, request);
}

void
_astrix_demo_actions_process (AstrixDemoSession *session,
                              AstrixDemoItem    *item)
{
  if (item->too_many_lines)
    _astrix_demo_respond_error (session, item->message,
                                "Too many lines in message or allocation failure");
  else if (item->line_too_long)
    _astrix_demo_respond_error (session, item->message, "Failed to parse message: line too long");
  else
    process_message (session, item->message);
}

/* Login, Challenge, Logoff */

static void
action_challenge (AstrixDemoSession *session,
                  AmiMessage        *request)
{
  if (g_ascii_strcasecmp (_astrix_demo_header (request, "AuthType"), "MD5") != 0)
    {
      _astrix_demo_respond_error (session, request, "Must specify AuthType");
      return;
    }
  if (session->challenge == NULL)
    session->challenge = g_strdup_printf ("%u", g_random_int_range (1, G_MAXINT32));
  _astrix_demo_respond (session, request, "Success", "Challenge", session->challenge, NULL);
}

static gboolean
credentials_ok (AstrixDemoSession *session,
                AstrixDemoUser    *user,
                AmiMessage        *request)
{
  g_autofree char *salted = NULL;
  g_autofree char *key = NULL;

  if (user == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (_astrix_demo_header (request, "AuthType"), "MD5") != 0)
    return g_strcmp0 (_astrix_demo_header (request, "Secret"), user->secret) == 0;
  if (session->challenge == NULL)
    return FALSE;
  salted = g_strconcat (session->challenge, user->secret, NULL);
  key = g_compute_checksum_for_string (G_CHECKSUM_MD5, salted, -1);
  return g_ascii_strcasecmp (key, _astrix_demo_header (request, "Key")) == 0;
}

typedef struct
{
  AstrixDemoSession *session;
  AmiMessage        *request;
} LoginFailure;

static gboolean
login_failed (gpointer data)
{
  g_autofree LoginFailure *failure = data;
  g_autoptr(AstrixDemoSession) session = failure->session;
  g_autoptr(AmiMessage) request = failure->request;
  g_autoptr(AmiMessage) response = _astrix_demo_response_new (request, "Error",
                                                              "Message", "Authentication failed",
                                                              NULL);

  _astrix_demo_session_send_now (session, response);
  _astrix_demo_session_close_after_flush (session);
  return G_SOURCE_REMOVE;
}

/* Asterisk sends FullyBooted itself to a session that takes system events. */
static void
send_fully_booted (AstrixDemoSession *session)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new ("FullyBooted", ASTRIX_DEMO_CLASS_SYSTEM);
  gint64 uptime = (_astrix_demo_pbx_now (session->pbx) - session->pbx->booted_at) / G_USEC_PER_SEC;
  g_autoptr(AmiMessage) event = NULL;

  if ((session->send_events & ASTRIX_DEMO_CLASS_SYSTEM) == 0 ||
      (session->readperm & ASTRIX_DEMO_CLASS_SYSTEM) == 0)
    return;
  _astrix_demo_fields_add_printf (fields, "Uptime", "%" G_GINT64_FORMAT, uptime);
  _astrix_demo_fields_add_printf (fields, "LastReload", "%" G_GINT64_FORMAT, uptime);
  _astrix_demo_fields_add (fields, "Status", "Fully Booted");
  event = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (session, event);
}

static char *
event_tv (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03d+0000", stamp, g_date_time_get_microsecond (now) / 1000);
}

/* The security event every session with read class security sees (capture 22). */
static void
emit_successful_auth (AstrixDemoSession *session,
                      gboolean           md5)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new ("SuccessfulAuth",
                                                        ASTRIX_DEMO_CLASS_SECURITY);
  g_autofree char *tv = event_tv ();

  _astrix_demo_fields_add (fields, "EventTV", tv);
  _astrix_demo_fields_add (fields, "Severity", "Informational");
  _astrix_demo_fields_add (fields, "Service", "AMI");
  _astrix_demo_fields_add (fields, "EventVersion", "1");
  _astrix_demo_fields_add (fields, "AccountID", session->username);
  _astrix_demo_fields_add_printf (fields, "SessionID", "0x%08x", session->id);
  _astrix_demo_fields_add_printf (fields, "LocalAddress", "IPV4/TCP/127.0.0.1/%u",
                                  session->pbx->port);
  _astrix_demo_fields_add (fields, "RemoteAddress", "IPV4/TCP/127.0.0.1/0");
  _astrix_demo_fields_add (fields, "UsingPassword", md5 ? "0" : "1");
  _astrix_demo_fields_add (fields, "SessionTV", tv);
  _astrix_demo_pbx_emit_fields (session->pbx, fields);
}

static void
log_in (AstrixDemoSession *session,
        AstrixDemoUser    *user,
        AmiMessage        *request)
{
  const char *events = _astrix_demo_header (request, "Events");

  session->authenticated = TRUE;
  session->username = g_strdup (user->name);
  /* The banner and what went before the login count for the user too. */
  _astrix_demo_pbx_count_sent (session->pbx, session->username, session->bytes_sent);
  session->readperm = user->read;
  session->writeperm = user->write;
  if (events[0] != '\0')
    session->send_events = _astrix_demo_true (events) ? ASTRIX_DEMO_CLASS_ALL
                                                      : _astrix_demo_classes_parse (events);
  _astrix_demo_respond (session, request, "Success", "Message", "Authentication accepted", NULL);
  send_fully_booted (session);
  _astrix_demo_session_logged_in (session);
  emit_successful_auth (session, session->challenge != NULL);
}

static void
action_login (AstrixDemoSession *session,
              AmiMessage        *request)
{
  AstrixDemoUser *user;
  LoginFailure *failure;

  if (session->authenticated)
    {
      _astrix_demo_respond (session, request, "Success", "Message", "Already authenticated",
                            NULL);
      return;
    }
  user = _astrix_demo_pbx_lookup_user (session->pbx, _astrix_demo_header (request, "Username"));
  if (credentials_ok (session, user, request))
    {
      log_in (session, user, request);
      return;
    }

  /* Nothing more is read or answered on this session. */
  _astrix_demo_session_hold (session);
  failure = g_new0 (LoginFailure, 1);
  failure->session = g_object_ref (session);
  failure->request = ami_message_ref (request);
  _astrix_demo_pbx_timeout (session->pbx, LOGIN_FAILURE_DELAY_MS, login_failed, failure);
}

static void
action_logoff (AstrixDemoSession *session,
               AmiMessage        *request)
{
  _astrix_demo_respond (session, request, "Goodbye", "Message", "Thanks for all the fish.",
                        NULL);
  _astrix_demo_session_close_after_flush (session);
}

/* Ping, Events, ListCommands */

static void
action_ping (AstrixDemoSession *session,
             AmiMessage        *request)
{
  gint64 now = g_get_real_time ();
  g_autofree char *stamp = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d", now / G_USEC_PER_SEC,
                                            (int) (now % G_USEC_PER_SEC));

  _astrix_demo_respond (session, request, "Success", "Ping", "Pong", "Timestamp", stamp, NULL);
}

/* set_eventmask(): -1 for an empty mask (invalid), else the classes to send. */
static gint64
event_mask (const char *mask)
{
  static const char *const no[] = { "no", "false", "n", "f", "0", "off", NULL };

  if (mask[0] == '\0')
    return -1;
  if (_astrix_demo_one_of (mask, no))
    return 0;
  if (_astrix_demo_true (mask))
    return ASTRIX_DEMO_CLASS_ALL;
  return _astrix_demo_classes_parse (mask);
}

static void
action_events (AstrixDemoSession *session,
               AmiMessage        *request)
{
  gint64 mask = event_mask (_astrix_demo_header (request, "EventMask"));

  if (mask < 0)
    {
      _astrix_demo_respond_error (session, request, "Invalid event mask");
      return;
    }
  session->send_events = (guint) mask;
  _astrix_demo_respond (session, request, "Success", "Events", mask > 0 ? "On" : "Off", NULL);
}

/* ListCommands: the actions this user may run, as "Name: synopsis  (Priv: classes)". */
void
_astrix_demo_actions_list (AstrixDemoSession *session,
                           AmiMessage        *request)
{
  g_autoptr(GPtrArray) fields = response_fields (request, "Success");
  g_autoptr(AmiMessage) response = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *classes = _astrix_demo_classes_to_string (actions[i].authority);

      if ((actions[i].authority != 0 && (session->writeperm & actions[i].authority) == 0) ||
          !action_registered (session->pbx, i))
        continue;
      if (actions[i].authority == 0)
        _astrix_demo_fields_add_printf (fields, actions[i].name, "%s  (Priv: <none>)",
                                        actions[i].synopsis);
      else
        _astrix_demo_fields_add_printf (fields, actions[i].name, "%s  (Priv: %s,all)",
                                        actions[i].synopsis, classes);
    }
  response = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (session, response);
}

/* ModuleCheck and Getvar (not in the captures: as Asterisk 22's manager.c answers them) */

static void
action_module_check (AstrixDemoSession *session,
                     AmiMessage        *request)
{
  if (!_astrix_demo_pbx_module_loaded (session->pbx, _astrix_demo_header (request, "Module")))
    {
      _astrix_demo_respond_error (session, request, "Module not loaded");
      return;
    }
  /* The Version header stays, empty, since Asterisk moved to git. */
  _astrix_demo_respond (session, request, "Success", "Version", "", NULL);
}

/* DEVICE_STATE() of func_devstate: INVALID for what cannot be dialled, else in use or not. */
static const char *
device_state (AstrixDemoPbx *pbx,
              const char    *device)
{
  g_autofree char *endpoint = _astrix_demo_endpoint_of (device);

  if (!_astrix_demo_pbx_module_loaded (pbx, "func_devstate"))
    return "";
  if (_astrix_demo_endpoint_answer (pbx, endpoint) == ASTRIX_DEMO_ANSWER_UNAVAILABLE)
    return "INVALID";
  for (guint i = 0; i < pbx->channels->len; i++)
    {
      AstrixDemoChannel *channel = g_ptr_array_index (pbx->channels, i);

      if (!channel->gone && g_strcmp0 (channel->device, endpoint) == 0)
        return "INUSE";
    }
  return "NOT_INUSE";
}

static const char *
variable_value (AstrixDemoPbx     *pbx,
                AstrixDemoChannel *channel,
                const char        *variable)
{
  const char *value;

  if (g_str_has_prefix (variable, "DEVICE_STATE(") && g_str_has_suffix (variable, ")"))
    {
      g_autofree char *device = g_strndup (variable + strlen ("DEVICE_STATE("),
                                           strlen (variable) - strlen ("DEVICE_STATE()"));

      return device_state (pbx, device);
    }
  if (channel == NULL)
    return "";
  value = g_hash_table_lookup (channel->variables, variable);
  return value != NULL ? value : "";
}

static void
action_getvar (AstrixDemoSession *session,
               AmiMessage        *request)
{
  const char *name = _astrix_demo_header (request, "Channel");
  const char *variable = _astrix_demo_header (request, "Variable");
  AstrixDemoChannel *channel = NULL;

  if (variable[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, "No variable specified");
      return;
    }
  if (name[0] != '\0' && (channel = _astrix_demo_pbx_find_channel (session->pbx, name)) == NULL)
    {
      _astrix_demo_respond_error (session, request, "No such channel");
      return;
    }
  _astrix_demo_respond (session, request, "Success", "Variable", variable,
                        "Value", variable_value (session->pbx, channel, variable), NULL);
}

/* CoreShowChannels */

static void
send_core_show_channel (AstrixDemoSession *session,
                        AmiMessage        *request,
                        AstrixDemoChannel *channel)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_fields_new ("Event", "CoreShowChannel");
  const char *id = _astrix_demo_header (request, "ActionID");
  g_autofree char *duration = NULL;
  g_autoptr(AmiMessage) item = NULL;

  if (id[0] != '\0')
    _astrix_demo_fields_add (fields, "ActionID", id);
  _astrix_demo_fields_add_snapshot (fields, "", channel);
  _astrix_demo_fields_add (fields, "Application", channel->application);
  _astrix_demo_fields_add (fields, "ApplicationData", channel->application_data);
  duration = _astrix_demo_format_duration (_astrix_demo_pbx_now (session->pbx) -
                                           channel->created_at);
  _astrix_demo_fields_add (fields, "Duration", duration);
  _astrix_demo_fields_add (fields, "BridgeId", channel->bridge_id);
  item = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (session, item);
}

/*
 * The end of a list: Event XComplete, ActionID, EventList: Complete, ListItems; a list with
 * more counts (ShowDialPlan) adds them.
 */
GPtrArray *
_astrix_demo_list_complete_new (AmiMessage *request,
                                const char *event,
                                guint       n_items)
{
  GPtrArray *fields = _astrix_demo_fields_new ("Event", event);
  const char *id = _astrix_demo_header (request, "ActionID");

  if (id[0] != '\0')
    _astrix_demo_fields_add (fields, "ActionID", id);
  _astrix_demo_fields_add (fields, "EventList", "Complete");
  _astrix_demo_fields_add_printf (fields, "ListItems", "%u", n_items);
  return fields;
}

void
_astrix_demo_send_list_complete (AstrixDemoSession *session,
                                 AmiMessage        *request,
                                 const char        *event,
                                 guint              n_items)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_list_complete_new (request, event, n_items);
  g_autoptr(AmiMessage) complete = _astrix_demo_fields_to_message (fields);

  _astrix_demo_session_send (session, complete);
}

static void
action_core_show_channels (AstrixDemoSession *session,
                           AmiMessage        *request)
{
  GPtrArray *channels = session->pbx->channels;

  _astrix_demo_respond (session, request, "Success", "EventList", "start",
                        "Message", "Channels will follow", NULL);
  for (guint i = 0; i < channels->len; i++)
    send_core_show_channel (session, request, g_ptr_array_index (channels, i));
  _astrix_demo_send_list_complete (session, request, "CoreShowChannelsComplete", channels->len);
}

/* Hangup */

static GPtrArray *
channels_matching (AstrixDemoPbx *pbx,
                   GRegex        *regex)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) _astrix_demo_channel_unref);

  for (guint i = 0; i < pbx->channels->len; i++)
    {
      AstrixDemoChannel *channel = g_ptr_array_index (pbx->channels, i);

      if (g_regex_match (regex, channel->name, 0, NULL))
        g_ptr_array_add (found, _astrix_demo_channel_ref (channel));
    }
  return found;
}

/* Channel: /regex/ hangs up every match and lists them (capture 23). */
static void
hangup_regex (AstrixDemoSession *session,
              AmiMessage        *request,
              const char        *name,
              int                cause)
{
  g_autofree char *pattern = g_strndup (name + 1, strlen (name) - 2);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_RAW, 0, NULL);
  g_autoptr(GPtrArray) found = NULL;
  AstrixDemoPbx *pbx = session->pbx;
  const char *id = _astrix_demo_header (request, "ActionID");

  if (regex == NULL)
    {
      _astrix_demo_respond_error (session, request, "Invalid regex");
      return;
    }
  found = channels_matching (pbx, regex);
  _astrix_demo_respond (session, request, "Success", "EventList", "start",
                        "Message", "Channels hung up will follow", NULL);
  for (guint i = 0; i < found->len; i++)
    {
      AstrixDemoChannel *channel = g_ptr_array_index (found, i);
      g_autoptr(AmiMessage) item = NULL;

      if (id[0] != '\0')
        item = ami_message_new ("Event", "ChannelHungup", "Channel", channel->name,
                                "ActionID", id, NULL);
      else
        item = ami_message_new ("Event", "ChannelHungup", "Channel", channel->name, NULL);
      _astrix_demo_session_send (session, item);
    }
  _astrix_demo_send_list_complete (session, request, "ChannelsHungupListComplete", found->len);
  for (guint i = 0; i < found->len; i++)
    _astrix_demo_pbx_hangup_channel (pbx, g_ptr_array_index (found, i), cause, TRUE);
}

static int
hangup_cause (AmiMessage *request)
{
  const char *text = _astrix_demo_header (request, "Cause");
  char *end = NULL;
  gint64 cause;

  /* Like Asterisk: a bad cause is dropped, the channel is hung up anyway. */
  if (text[0] == '\0')
    return ASTRIX_DEMO_CAUSE_UNKNOWN;
  cause = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || cause < 0 || cause > 127)
    return ASTRIX_DEMO_CAUSE_UNKNOWN;
  return (int) cause;
}

static void
action_hangup (AstrixDemoSession *session,
               AmiMessage        *request)
{
  const char *name = _astrix_demo_header (request, "Channel");
  int cause = hangup_cause (request);
  gsize len = strlen (name);
  AstrixDemoChannel *channel;

  if (len == 0)
    {
      _astrix_demo_respond_error (session, request, "No channel specified");
      return;
    }
  if (len > 2 && name[0] == '/' && name[len - 1] == '/')
    {
      hangup_regex (session, request, name, cause);
      return;
    }
  channel = _astrix_demo_pbx_find_channel (session->pbx, name);
  if (channel == NULL)
    {
      _astrix_demo_respond_error (session, request, "No such channel");
      return;
    }
  _astrix_demo_respond (session, request, "Success", "Message", "Channel Hungup", NULL);
  _astrix_demo_pbx_hangup_channel (session->pbx, channel, cause, TRUE);
}

/* PlayDTMF and ControlPlayback */

static void
emit_dtmf (AstrixDemoPbx     *pbx,
           AstrixDemoChannel *channel,
           const char        *digit,
           const char        *duration,
           gboolean           receive)
{
  if (receive)
    {
      /* A queued received digit comes through as its end alone (capture 13). */
      _astrix_demo_channel_emit (pbx, channel, "DTMFEnd", ASTRIX_DEMO_CLASS_DTMF,
                                 "Digit", digit, "DurationMs", "0", "Direction", "Received", NULL);
      return;
    }
  _astrix_demo_channel_emit (pbx, channel, "DTMFBegin", ASTRIX_DEMO_CLASS_DTMF,
                             "Digit", digit, "Direction", "Sent", NULL);
  _astrix_demo_channel_emit (pbx, channel, "DTMFEnd", ASTRIX_DEMO_CLASS_DTMF,
                             "Digit", digit, "DurationMs", duration[0] ? duration : "250",
                             "Direction", "Sent", NULL);
}

static void
action_play_dtmf (AstrixDemoSession *session,
                  AmiMessage        *request)
{
  AstrixDemoChannel *channel =
    _astrix_demo_pbx_find_channel (session->pbx, _astrix_demo_header (request, "Channel"));
  const char *digit = _astrix_demo_header (request, "Digit");
  const char *duration = _astrix_demo_header (request, "Duration");
  gboolean receive = _astrix_demo_true (_astrix_demo_header (request, "Receive"));
  g_autoptr(AstrixDemoChannel) held = NULL;
  char first[2] = { 0, 0 };
  guint64 ms;

  if (channel == NULL)
    {
      _astrix_demo_respond_error (session, request, "Channel not found");
      return;
    }
  if (digit[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, "No digit specified");
      return;
    }
  if (duration[0] != '\0' && !g_ascii_string_to_unsigned (duration, 10, 0, G_MAXUINT, &ms, NULL))
    {
      _astrix_demo_respond_error (session, request, "Could not convert Duration parameter");
      return;
    }
  held = _astrix_demo_channel_ref (channel);
  first[0] = digit[0];
  _astrix_demo_respond (session, request, "Success", "Message", "DTMF successfully queued", NULL);
  emit_dtmf (session->pbx, held, first, duration, receive);
  /* Sent out, the digit reaches the phone: ChanSpy never hears it. */
  if (receive && held->run != NULL && held->run->spy != NULL)
    _astrix_demo_spy_dtmf (held->run->spy, first[0]);
  /* Sent out on an AudioSocket channel, it goes to the desktop as a 0x03 frame (25, run 8). */
  if (!receive && held->run != NULL && held->run->audio != NULL)
    _astrix_demo_audio_send_dtmf (held->run->audio, first[0]);
}

/* Success, with no Message, even when nothing plays (capture 11). */
static void
action_control_playback (AstrixDemoSession *session,
                         AmiMessage        *request)
{
  static const char *const controls[] = { "stop", "forward", "reverse", "pause", "restart", NULL };
  const char *name = _astrix_demo_header (request, "Channel");
  const char *control = _astrix_demo_header (request, "Control");
  AstrixDemoChannel *channel;

  if (name[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, "Channel not specified");
      return;
    }
  if (control[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, "Control not specified");
      return;
    }
  channel = _astrix_demo_pbx_find_channel (session->pbx, name);
  if (channel == NULL)
    {
      _astrix_demo_respond_error (session, request, "No such channel");
      return;
    }
  if (!_astrix_demo_one_of (control, controls))
    {
      _astrix_demo_respond_error (session, request, "Unknown control type");
      return;
    }
  _astrix_demo_respond (session, request, "Success", NULL);
  if (channel->run != NULL && channel->run->playback != NULL)
    _astrix_demo_playback_control (channel->run->playback, control);
}

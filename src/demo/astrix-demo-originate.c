/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * Originate (capture 07 to 11, 13, 22). The action's checks come in action_originate()'s
 * order; then a run dials the endpoint, which answers, rings out, is busy, congested or
 * rejects as set with astrix_demo_pbx_set_endpoint_answer(). Answered, the channel runs the
 * Application (ChanSpy, Playback, ControlPlayback, Wait, ...) and hangs up when it returns, or
 * walks the dialplan from Context/Exten/Priority. `Async: true` answers at once and reports
 * the outcome in an OriginateResponse to every session that reads `call`; without it the
 * session is held until the outcome, then answered.
 *
 * One deviation: a Local channel is simulated as its ";1" half alone (no ";2", no
 * LocalBridge); PJSIP endpoints, which a call centre really dials, are one channel anyway.
 */

#define DIAL_DELAY_MS      5
#define RING_MS            1000
#define REJECT_MS          500
#define SIGNAL_MS          100
#define DEFAULT_TIMEOUT_MS 30000
#define MAX_STEPS          64

static const char *const dangerous_apps[] = {
  "Exec", "ExecIf", "ExecIfTime", "EAGI", "AGI", "System", "TrySystem", "Originate", NULL,
};

static void run_next_priority (AstrixDemoRun *run);

void
_astrix_demo_run_free (AstrixDemoRun *run)
{
  g_clear_handle_id (&run->timer_id, g_source_remove);
  g_clear_pointer (&run->spy, _astrix_demo_spy_free);
  g_clear_pointer (&run->playback, _astrix_demo_playback_free);
  g_clear_pointer (&run->audio, _astrix_demo_audio_free);
  if (run->channel != NULL)
    {
      run->channel->run = NULL;
      _astrix_demo_channel_unref (run->channel);
    }
  if (run->session != NULL)
    {
      /* A synchronous Originate torn down before its outcome (restart): the session goes on. */
      _astrix_demo_session_release (run->session);
      g_object_unref (run->session);
    }
  g_ptr_array_remove (run->pbx->runs, run);
  g_free (run->action_id);
  g_free (run->request);
  g_free (run->endpoint);
  g_free (run->application);
  g_free (run->data);
  g_free (run->context);
  g_free (run->exten);
  g_free (run->cid_num);
  g_free (run->cid_name);
  g_clear_pointer (&run->variables, g_ptr_array_unref);
  g_free (run);
}

/* What to call: "Local/2000@supervisor/n" dials "Local/2000@supervisor". */
char *
_astrix_demo_endpoint_of (const char *request)
{
  const char *slash = strchr (request, '/');
  const char *second = slash != NULL ? strchr (slash + 1, '/') : NULL;

  if (g_str_has_prefix (request, "Local/") && second != NULL)
    return g_strndup (request, second - request);
  return g_strdup (request);
}

AstrixDemoAnswer
_astrix_demo_endpoint_answer (AstrixDemoPbx *pbx,
                              const char    *endpoint)
{
  static const char *const techs[] = { "PJSIP/", "Local/", "IAX2/", "DAHDI/" };
  gpointer answer;

  if (g_hash_table_lookup_extended (pbx->endpoint_answers, endpoint, NULL, &answer))
    return GPOINTER_TO_INT (answer);
  for (guint i = 0; i < G_N_ELEMENTS (techs); i++)
    {
      if (g_str_has_prefix (endpoint, techs[i]))
        return ASTRIX_DEMO_ANSWER_ANSWER;
    }
  /* chan_sip is gone since Asterisk 21, anything else is not loaded here. */
  return ASTRIX_DEMO_ANSWER_UNAVAILABLE;
}

/* "Supervisor" <2000> -> Supervisor, 2000 (ast_callerid_parse, roughly) */
static void
parse_callerid (const char  *text,
                char       **name,
                char       **num)
{
  const char *open = strchr (text, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;
  g_autofree char *before = NULL;

  if (close != NULL)
    {
      *num = g_strndup (open + 1, close - open - 1);
      before = g_strstrip (g_strndup (text, open - text));
    }
  else if (text[0] != '\0' && strspn (text, "0123456789+*#") == strlen (text))
    {
      *num = g_strdup (text);
      return;
    }
  else
    before = g_strstrip (g_strdup (text));

  if (before[0] == '"' && strlen (before) >= 2 && before[strlen (before) - 1] == '"')
    *name = g_strndup (before + 1, strlen (before) - 2);
  else if (before[0] != '\0')
    *name = g_steal_pointer (&before);
}

/* Every "Variable: a=b,c=d" header, as name, value pairs. */
static GPtrArray *
parse_variables (AmiMessage *request)
{
  GPtrArray *variables = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < ami_message_get_n_fields (request); i++)
    {
      g_auto(GStrv) assignments = NULL;
      const char *value;

      if (g_ascii_strcasecmp (ami_message_get_key (request, i), "Variable") != 0)
        continue;
      value = ami_message_get_raw_value (request, i, NULL);
      assignments = g_strsplit (value + strspn (value, " \t"), ",", -1);
      for (guint j = 0; assignments[j] != NULL; j++)
        {
          char *eq = strchr (assignments[j], '=');

          if (eq == NULL || eq == assignments[j])
            continue;
          g_ptr_array_add (variables, g_strndup (assignments[j], eq - assignments[j]));
          g_ptr_array_add (variables, g_strdup (eq + 1));
        }
    }
  return variables;
}

static gboolean
parse_int (const char *text,
           int        *value)
{
  gint64 v;
  char *end = NULL;

  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || v < G_MININT || v > G_MAXINT)
    return FALSE;
  *value = (int) v;
  return TRUE;
}

/* action_originate()'s checks, in its order; the error to answer, or NULL. */
static const char *
check_request (AstrixDemoSession *session,
               AmiMessage        *request,
               int               *priority,
               int               *timeout)
{
  const char *priority_text = _astrix_demo_header (request, "Priority");
  const char *timeout_text = _astrix_demo_header (request, "Timeout");
  const char *application = _astrix_demo_header (request, "Application");
  const char *context = _astrix_demo_header (request, "Context");
  const char *exten = _astrix_demo_header (request, "Exten");

  if (_astrix_demo_header (request, "Channel")[0] == '\0')
    return "Channel not specified";
  if (priority_text[0] != '\0' && !parse_int (priority_text, priority))
    {
      *priority = _astrix_demo_dialplan_find_label (session->pbx, context, exten, priority_text);
      if (*priority < 1)
        return "Invalid priority";
    }
  if (timeout_text[0] != '\0' && !parse_int (timeout_text, timeout))
    return "Invalid timeout";
  if (strchr (_astrix_demo_header (request, "Channel"), '/') == NULL)
    return "Invalid channel";
  if (application[0] != '\0')
    {
      if (_astrix_demo_one_of (application, dangerous_apps) &&
          (session->writeperm & ASTRIX_DEMO_CLASS_SYSTEM) == 0)
        return "Originate with certain 'Application' arguments requires the additional System "
               "privilege, which you do not have.";
      return NULL;
    }
  if (_astrix_demo_dialplan_lookup (session->pbx, context, exten, *priority) == NULL)
    return "Extension does not exist.";
  return NULL;
}

static AstrixDemoRun *
run_new (AstrixDemoSession *session,
         AmiMessage        *request,
         int                priority,
         int                timeout)
{
  AstrixDemoRun *run = g_new0 (AstrixDemoRun, 1);
  const char *application = _astrix_demo_header (request, "Application");
  const char *id = _astrix_demo_header (request, "ActionID");

  run->pbx = session->pbx;
  run->action_id = id[0] != '\0' ? g_strdup (id) : NULL;
  run->request = g_strdup (_astrix_demo_header (request, "Channel"));
  run->endpoint = _astrix_demo_endpoint_of (run->request);
  if (application[0] != '\0')
    {
      run->application = g_strdup (application);
      run->data = g_strdup (_astrix_demo_header (request, "Data"));
    }
  else
    {
      run->context = g_strdup (_astrix_demo_header (request, "Context"));
      run->exten = g_strdup (_astrix_demo_header (request, "Exten"));
      run->priority = priority;
    }
  parse_callerid (_astrix_demo_header (request, "CallerID"), &run->cid_name, &run->cid_num);
  run->variables = parse_variables (request);
  run->timeout_ms = timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
  run->async = _astrix_demo_true (_astrix_demo_header (request, "Async"));
  run->answer = _astrix_demo_endpoint_answer (run->pbx, run->endpoint);
  g_ptr_array_add (run->pbx->runs, run);
  return run;
}

/* The outcome */

static void
emit_originate_response (AstrixDemoRun *run,
                         gboolean       success,
                         int            reason)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new ("OriginateResponse",
                                                        ASTRIX_DEMO_CLASS_CALL);

  if (run->action_id != NULL)
    _astrix_demo_fields_add (fields, "ActionID", run->action_id);
  _astrix_demo_fields_add (fields, "Response", success ? "Success" : "Failure");
  _astrix_demo_fields_add (fields, "Channel", success ? run->channel->name : run->request);
  if (run->application != NULL)
    {
      _astrix_demo_fields_add (fields, "Application", run->application);
      _astrix_demo_fields_add (fields, "Data", run->data);
    }
  else
    {
      _astrix_demo_fields_add (fields, "Context", run->context);
      _astrix_demo_fields_add (fields, "Exten", run->exten);
    }
  _astrix_demo_fields_add_printf (fields, "Reason", "%d", reason);
  _astrix_demo_fields_add (fields, "Uniqueid", success ? run->channel->uniqueid : "<unknown>");
  _astrix_demo_fields_add (fields, "CallerIDNum", run->cid_num ? run->cid_num : "<unknown>");
  _astrix_demo_fields_add (fields, "CallerIDName", run->cid_name ? run->cid_name : "<unknown>");
  _astrix_demo_pbx_emit_fields (run->pbx, fields);
}

/* A synchronous Originate is answered now, ahead of the events it held back. */
static void
answer_session (AstrixDemoRun *run,
                gboolean       success)
{
  g_autoptr(AstrixDemoSession) session = g_steal_pointer (&run->session);
  g_autoptr(AmiMessage) request = NULL;
  g_autoptr(AmiMessage) response = NULL;

  if (session == NULL)
    return;
  request = run->action_id != NULL ? ami_message_new ("ActionID", run->action_id, NULL)
                                   : ami_message_new ("Action", "Originate", NULL);
  if (success)
    response = _astrix_demo_response_new (request, "Success",
                                          "Message", "Originate successfully queued", NULL);
  else
    response = _astrix_demo_response_new (request, "Error", "Message", "Originate failed", NULL);
  _astrix_demo_session_send_now (session, response);
  _astrix_demo_session_release (session);
}

static void
fail (AstrixDemoRun *run,
      int            reason,
      int            cause,
      const char    *dial_status)
{
  if (run->channel != NULL && dial_status != NULL)
    _astrix_demo_channel_dial (run->pbx, "DialEnd", NULL, run->channel, "DialStatus", dial_status);
  if (run->channel != NULL)
    _astrix_demo_channel_gone (run->pbx, run->channel, cause);
  if (run->async)
    emit_originate_response (run, FALSE, reason);
  answer_session (run, FALSE);
  _astrix_demo_run_free (run);
}

/* How a phone that does not answer ends the Originate: its Reason, hangup cause, DialStatus. */
static const struct
{
  AstrixDemoAnswer answer;
  int              reason;
  int              cause;
  const char      *dial_status;
} failures[] = {
  { ASTRIX_DEMO_ANSWER_BUSY,       5, ASTRIX_DEMO_CAUSE_BUSY,       "BUSY" },
  { ASTRIX_DEMO_ANSWER_CONGESTION, 8, ASTRIX_DEMO_CAUSE_CONGESTION, "CONGESTION" },
  { ASTRIX_DEMO_ANSWER_HANGUP,     0, ASTRIX_DEMO_CAUSE_REJECTED,   "NOANSWER" },
  { ASTRIX_DEMO_ANSWER_NO_ANSWER,  3, ASTRIX_DEMO_CAUSE_NO_ANSWER,  NULL },
};

static gboolean
on_not_answered (gpointer data)
{
  AstrixDemoRun *run = data;

  run->timer_id = 0;
  if (run->answer == ASTRIX_DEMO_ANSWER_BUSY)
    _astrix_demo_channel_set_state (run->pbx, run->channel, ASTRIX_DEMO_STATE_BUSY);
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      /* fail() may free the run: nothing of it is read after. */
      if (failures[i].answer == run->answer)
        {
          fail (run, failures[i].reason, failures[i].cause, failures[i].dial_status);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

/* Answered: */

static void
start_application (AstrixDemoRun *run,
                   const char    *application,
                   const char    *data);

static gboolean
on_app_return (gpointer data)
{
  AstrixDemoRun *run = data;

  run->timer_id = 0;
  _astrix_demo_run_app_done (run);
  return G_SOURCE_REMOVE;
}

static void
execute (AstrixDemoRun *run)
{
  if (run->application != NULL)
    {
      _astrix_demo_channel_set_app (run->channel, run->application, run->data);
      start_application (run, run->application, run->data);
    }
  else
    {
      run->priority--;
      run_next_priority (run);
    }
}

static gboolean
on_answer (gpointer data)
{
  AstrixDemoRun *run = data;
  AstrixDemoPbx *pbx = run->pbx;

  run->timer_id = 0;
  run->answered = TRUE;
  _astrix_demo_channel_set_state (pbx, run->channel, ASTRIX_DEMO_STATE_UP);
  _astrix_demo_channel_device (pbx, run->channel, "INUSE");
  _astrix_demo_channel_dial (pbx, "DialEnd", NULL, run->channel, "DialStatus", "ANSWER");
  if (run->async)
    emit_originate_response (run, TRUE, 4);
  answer_session (run, TRUE);
  execute (run);
  return G_SOURCE_REMOVE;
}

/* AudioSocket's dialling ends here: it could not connect (Reason 8), or it is up at once. */
void
_astrix_demo_run_fail (AstrixDemoRun *run,
                       int            reason,
                       int            cause,
                       const char    *dial_status)
{
  fail (run, reason, cause, dial_status);
}

void
_astrix_demo_run_answer (AstrixDemoRun *run)
{
  g_clear_handle_id (&run->timer_id, g_source_remove);
  on_answer (run);
}

/* Dialling */

static void
name_channel (AstrixDemoRun *run)
{
  AstrixDemoPbx *pbx = run->pbx;
  const char *local = g_str_has_prefix (run->endpoint, "Local/") ? run->endpoint + 6 : NULL;
  const char *at = local != NULL ? strchr (local, '@') : NULL;
  AstrixDemoChannel *channel;

  channel = _astrix_demo_channel_new (pbx, run->endpoint, local != NULL ? ";1" : NULL,
                                      ASTRIX_DEMO_STATE_DOWN);
  g_free (channel->context);
  g_free (channel->exten);
  if (at != NULL)
    {
      channel->context = g_strdup (at + 1);
      channel->exten = g_strndup (local, at - local);
    }
  else
    {
      channel->context = g_strdup ("from-internal");
      channel->exten = g_strdup ("s");
    }
  channel->run = run;
  run->channel = channel;
}

/*
 * The outgoing leg of @run after its Newchannel: Newexten (AppDial2), the Originate's
 * variables, its caller ID (and, for a phone, the connected line too), DialBegin.
 */
void
_astrix_demo_run_dial_begin (AstrixDemoRun     *run,
                             AstrixDemoChannel *channel,
                             const char        *dial_string,
                             gboolean           connected_line)
{
  AstrixDemoPbx *pbx = run->pbx;

  _astrix_demo_channel_newexten (pbx, channel, channel->context, channel->exten, 1,
                                 "AppDial2", "(Outgoing Line)");
  for (guint i = 0; i + 1 < run->variables->len; i += 2)
    _astrix_demo_channel_set_var (pbx, channel, g_ptr_array_index (run->variables, i),
                                  g_ptr_array_index (run->variables, i + 1));
  if (run->cid_num != NULL || run->cid_name != NULL)
    {
      _astrix_demo_channel_set_caller (channel, run->cid_num, run->cid_name);
      _astrix_demo_channel_emit (pbx, channel, "NewCallerid", ASTRIX_DEMO_CLASS_CALL,
                                 "CID-CallingPres", "0 (Presentation Allowed, Not Screened)",
                                 NULL);
      if (connected_line)
        {
          _astrix_demo_channel_set_connected (channel, run->cid_num, run->cid_name);
          _astrix_demo_channel_emit (pbx, channel, "NewConnectedLine", ASTRIX_DEMO_CLASS_CALL,
                                     NULL);
        }
    }
  _astrix_demo_channel_dial (pbx, "DialBegin", NULL, channel, "DialString", dial_string);
}

/* Newchannel ... DialBegin, as for the supervisor's phone in capture 07. */
static void
create_channel (AstrixDemoRun *run)
{
  name_channel (run);
  _astrix_demo_channel_emit (run->pbx, run->channel, "Newchannel", ASTRIX_DEMO_CLASS_CALL, NULL);
  _astrix_demo_run_dial_begin (run, run->channel, strchr (run->request, '/') + 1, TRUE);
}

static void
ring (AstrixDemoRun *run)
{
  _astrix_demo_channel_set_state (run->pbx, run->channel, ASTRIX_DEMO_STATE_RINGING);
  _astrix_demo_channel_device (run->pbx, run->channel, "RINGING");
}

static gboolean
on_dial (gpointer data)
{
  AstrixDemoRun *run = data;

  run->timer_id = 0;
  /* AudioSocket connects out to the desktop first; the rest follows (README 23). */
  if (g_str_has_prefix (run->endpoint, "AudioSocket/"))
    {
      _astrix_demo_audio_dial (run);
      return G_SOURCE_REMOVE;
    }
  if (run->answer == ASTRIX_DEMO_ANSWER_UNAVAILABLE)
    {
      fail (run, 0, 0, NULL);
      return G_SOURCE_REMOVE;
    }

  create_channel (run);
  switch (run->answer)
    {
    case ASTRIX_DEMO_ANSWER_BUSY:
      run->timer_id = _astrix_demo_pbx_timeout (run->pbx, SIGNAL_MS, on_not_answered, run);
      break;
    case ASTRIX_DEMO_ANSWER_CONGESTION:
      run->timer_id = _astrix_demo_pbx_timeout (run->pbx, SIGNAL_MS, on_not_answered, run);
      break;
    case ASTRIX_DEMO_ANSWER_HANGUP:
      ring (run);
      run->timer_id = _astrix_demo_pbx_timeout (run->pbx, REJECT_MS, on_not_answered, run);
      break;
    case ASTRIX_DEMO_ANSWER_NO_ANSWER:
      ring (run);
      _astrix_demo_channel_dial (run->pbx, "DialState", NULL, run->channel,
                                 "DialStatus", "RINGING");
      run->timer_id = _astrix_demo_pbx_timeout (run->pbx, run->timeout_ms, on_not_answered, run);
      break;
    case ASTRIX_DEMO_ANSWER_ANSWER:
    default:
      ring (run);
      run->timer_id = _astrix_demo_pbx_timeout (run->pbx, MIN (RING_MS, run->timeout_ms),
                                                on_answer, run);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Handles Action: Originate. */
void
_astrix_demo_originate (AstrixDemoSession *session,
                        AmiMessage        *request)
{
  int priority = 1;
  int timeout = 0;
  const char *error = check_request (session, request, &priority, &timeout);
  AstrixDemoRun *run;

  if (error != NULL)
    {
      _astrix_demo_respond_error (session, request, error);
      return;
    }
  run = run_new (session, request, priority, timeout);
  if (run->async)
    _astrix_demo_respond (session, request, "Success",
                          "Message", "Originate successfully queued", NULL);
  else
    {
      /* Asterisk's session thread blocks until the outcome: so does this session. */
      run->session = g_object_ref (session);
      _astrix_demo_session_hold (session);
    }
  run->timer_id = _astrix_demo_pbx_timeout (run->pbx, DIAL_DELAY_MS, on_dial, run);
}

/* Applications and the dialplan */

static gboolean
on_unknown_application (gpointer data)
{
  AstrixDemoRun *run = data;

  run->timer_id = 0;
  _astrix_demo_run_hangup (run, ASTRIX_DEMO_CAUSE_UNKNOWN, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
on_hangup_application (gpointer data)
{
  AstrixDemoRun *run = data;

  run->timer_id = 0;
  _astrix_demo_run_hangup (run, ASTRIX_DEMO_CAUSE_NORMAL, TRUE);
  return G_SOURCE_REMOVE;
}

static void
start_application (AstrixDemoRun *run,
                   const char    *application,
                   const char    *data)
{
  static const char *const returns_at_once[] = { "NoOp", "Answer", "Set", "Verbose", "Log", NULL };
  static const char *const runs_forever[] = { "Echo", "MusicOnHold", "Milliwatt", "Park", NULL };
  int seconds = 0;

  /* The module that provides it is not loaded: as unknown as a typo. */
  if (!_astrix_demo_pbx_application_loaded (run->pbx, application))
    run->timer_id = _astrix_demo_pbx_timeout (run->pbx, 0, on_unknown_application, run);
  else if (g_ascii_strcasecmp (application, "ChanSpy") == 0)
    run->spy = _astrix_demo_spy_start (run, data);
  else if (g_ascii_strcasecmp (application, "Playback") == 0)
    run->playback = _astrix_demo_playback_start (run, data, FALSE);
  else if (g_ascii_strcasecmp (application, "ControlPlayback") == 0)
    run->playback = _astrix_demo_playback_start (run, data, TRUE);
  else if (g_ascii_strcasecmp (application, "Wait") == 0 && parse_int (data, &seconds))
    run->timer_id = _astrix_demo_pbx_timeout (run->pbx, seconds * 1000.0, on_app_return, run);
  else if (g_ascii_strcasecmp (application, "Hangup") == 0)
    run->timer_id = _astrix_demo_pbx_timeout (run->pbx, 0, on_hangup_application, run);
  else if (_astrix_demo_one_of (application, returns_at_once))
    run->timer_id = _astrix_demo_pbx_timeout (run->pbx, 0, on_app_return, run);
  else if (!_astrix_demo_one_of (application, runs_forever))
    /* No such application: Asterisk hangs the answered channel up (capture 10, o-badapp). */
    run->timer_id = _astrix_demo_pbx_timeout (run->pbx, 0, on_unknown_application, run);
}

/* The value of a ${...} expression: a channel variable, or STAT(e,file). */
static const char *
lookup_value (AstrixDemoRun *run,
              const char    *name)
{
  const char *value;

  if (g_str_has_prefix (name, "STAT(e,") && g_str_has_suffix (name, ")"))
    {
      g_autofree char *path = g_strndup (name + 7, strlen (name) - 8);

      return _astrix_demo_recordings_stat (run->pbx, path) ? "1" : "0";
    }
  value = g_hash_table_lookup (run->channel->variables, name);
  return value != NULL ? value : "";
}

/* ${VAR} (innermost first) and $[expr] (taken as is) in dialplan arguments. */
static char *
expand (AstrixDemoRun *run,
        const char    *template)
{
  g_autofree char *text = g_strdup (template);
  char *open;

  while ((open = g_strrstr (text, "${")) != NULL)
    {
      char *close = strchr (open, '}');
      g_autofree char *name = NULL;
      char *next;

      if (close == NULL)
        break;
      name = g_strndup (open + 2, close - open - 2);
      *open = '\0';
      next = g_strconcat (text, lookup_value (run, name), close + 1, NULL);
      g_free (text);
      text = next;
    }
  if (g_str_has_prefix (text, "$[") && strchr (text, ']') != NULL)
    {
      char *close = strchr (text, ']');
      char *next;

      *close = '\0';
      next = g_strconcat (text + 2, close + 1, NULL);
      g_free (text);
      text = next;
    }
  return g_steal_pointer (&text);
}

/* GotoIf(cond?label1:label2); FALSE when the label does not exist. */
static gboolean
goto_if (AstrixDemoRun *run,
         const char    *data)
{
  const char *question = strchr (data, '?');
  g_auto(GStrv) labels = NULL;
  const char *label;
  int priority;

  if (question == NULL)
    return FALSE;
  labels = g_strsplit (question + 1, ":", 2);
  label = (g_ascii_strtoll (data, NULL, 10) != 0 || labels[1] == NULL) ? labels[0] : labels[1];
  priority = _astrix_demo_dialplan_find_label (run->pbx, run->context, run->exten, label);
  if (priority < 1)
    return FALSE;
  run->priority = priority - 1;
  return TRUE;
}

/* One dialplan step; TRUE if the next one follows at once. */
static gboolean
step (AstrixDemoRun *run)
{
  const AstrixDemoPriority *entry = _astrix_demo_dialplan_lookup (run->pbx, run->context,
                                                                  run->exten, run->priority);
  const char *application;
  g_autofree char *data = NULL;
  char *eq;

  if (entry == NULL)
    {
      /* The end of the dialplan: Asterisk hangs up. */
      _astrix_demo_run_hangup (run, ASTRIX_DEMO_CAUSE_NORMAL, FALSE);
      return FALSE;
    }
  application = entry->application;
  data = expand (run, entry->data);
  _astrix_demo_channel_newexten (run->pbx, run->channel, run->context, run->exten, run->priority,
                                 application, data);
  if (g_str_equal (application, "GotoIf"))
    {
      /* A label that does not exist: the next priority, as Asterisk (with a warning). */
      goto_if (run, data);
      return TRUE;
    }
  if (g_str_equal (application, "Set") && (eq = strchr (data, '=')) != NULL &&
      memchr (data, '(', eq - data) == NULL)
    {
      *eq = '\0';
      _astrix_demo_channel_set_var (run->pbx, run->channel, data, eq + 1);
    }
  if (g_str_equal (application, "NoOp") || g_str_equal (application, "Answer") ||
      g_str_equal (application, "Set") || g_str_equal (application, "GotoIf"))
    return TRUE;
  start_application (run, application, data);
  return FALSE;
}

static void
run_next_priority (AstrixDemoRun *run)
{
  for (guint i = 0; i < MAX_STEPS; i++)
    {
      run->priority++;
      if (!step (run))
        return;
    }
  _astrix_demo_run_hangup (run, ASTRIX_DEMO_CAUSE_NORMAL, FALSE);
}

/* The application returned: the dialplan goes on, an application originate hangs up. */
void
_astrix_demo_run_app_done (AstrixDemoRun *run)
{
  g_clear_pointer (&run->spy, _astrix_demo_spy_free);
  g_clear_pointer (&run->playback, _astrix_demo_playback_free);
  if (run->application != NULL)
    _astrix_demo_run_hangup (run, ASTRIX_DEMO_CAUSE_NORMAL, FALSE);
  else
    run_next_priority (run);
}

/* The originated channel hangs up: @soft when asked to through AMI. */
void
_astrix_demo_run_hangup (AstrixDemoRun *run,
                         int            cause,
                         gboolean       soft)
{
  g_clear_handle_id (&run->timer_id, g_source_remove);
  if (run->channel == NULL)
    {
      _astrix_demo_run_free (run);
      return;
    }
  if (!run->answered)
    {
      /* Hung up while it rang: the Originate failed with Reason 1 (hangup). */
      fail (run, 1, cause, "CANCEL");
      return;
    }
  if (run->spy != NULL)
    _astrix_demo_spy_stop (run->spy);
  /* An AudioSocket channel ends with Cause 0 and no HangupRequest, however it ends (25). */
  if (run->audio != NULL)
    {
      cause = ASTRIX_DEMO_CAUSE_UNKNOWN;
      soft = FALSE;
    }
  if (soft)
    _astrix_demo_channel_request_hangup (run->pbx, run->channel, cause, TRUE);
  _astrix_demo_channel_gone (run->pbx, run->channel, cause);
  _astrix_demo_run_free (run);
}

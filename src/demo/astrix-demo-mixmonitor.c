/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * app_mixmonitor's manager actions and the supervisor's Redirect, as captures 12, 14, 35 and 36
 * show them:
 *   MixMonitor      Success without Message (MixMonitorID only with the i() option), then
 *                   MixMonitorStart; "No channel specified", "No such channel"
 *   MixMonitorMute  Success, then MixMonitorMute with Direction and State; "Cannot set mute
 *                   flag" when nothing records the channel
 *   StopMixMonitor  Success, then MixMonitorStop; "Could not stop monitoring channel"
 *   Redirect        "Redirect successful"; a waiting caller leaves the queue
 *                   (QueueCallerAbandon, QueueCallerLeave) and the site's context dials the agent
 * Permissions are the action table's (astrix-demo-actions.c). Each channel keeps the list of
 * recordings that run on it; a recording's file appears in the recordings folder at once, with
 * MixMonitor's empty header, and gets its real header when it stops or the channel goes.
 */

typedef struct
{
  char    *file;        /* as given (or made), as the PBX names it */
  char    *id;          /* what MixMonitorID would say */
  gint64   started;     /* simulated µs */
  gboolean dialplan;    /* the call centre's own recording of the call (from-trunk) */
} Recording;

static void
recording_free (gpointer data)
{
  Recording *recording = data;

  g_free (recording->file);
  g_free (recording->id);
  g_free (recording);
}

static GPtrArray *
recordings_of (AstrixDemoPbx     *pbx,
               AstrixDemoChannel *channel,
               gboolean           create)
{
  GPtrArray *list;

  if (pbx->mixmonitors == NULL)
    pbx->mixmonitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  list = g_hash_table_lookup (pbx->mixmonitors, channel->uniqueid);
  if (list == NULL && create)
    {
      list = g_ptr_array_new_with_free_func (recording_free);
      g_hash_table_insert (pbx->mixmonitors, g_strdup (channel->uniqueid), list);
    }
  return list;
}

/* The call centre's dialplan started recording @customer (MixMonitorStart is emitted already). */
void
_astrix_demo_mixmonitor_dialplan_started (AstrixDemoPbx     *pbx,
                                          AstrixDemoChannel *customer)
{
  Recording *recording = g_new0 (Recording, 1);

  recording->dialplan = TRUE;
  recording->started = customer->created_at;
  g_ptr_array_add (recordings_of (pbx, customer, TRUE), recording);
}

/* MixMonitorStop, and the file's header written: the dialplan's by its own rules. */
static void
stop_recording (AstrixDemoPbx     *pbx,
                AstrixDemoChannel *channel,
                Recording         *recording)
{
  _astrix_demo_channel_emit (pbx, channel, "MixMonitorStop", ASTRIX_DEMO_CLASS_CALL, NULL);
  if (recording->dialplan)
    _astrix_demo_recordings_call_ended (pbx, channel);
  else
    _astrix_demo_recordings_finish_file (pbx, recording->file,
                                         (_astrix_demo_pbx_now (pbx) - recording->started) / 1000);
}

/* The channel hangs up: what still records it stops first (the order of capture 27). */
void
_astrix_demo_mixmonitor_channel_gone (AstrixDemoPbx     *pbx,
                                      AstrixDemoChannel *channel)
{
  GPtrArray *list = pbx->mixmonitors != NULL ? recordings_of (pbx, channel, FALSE) : NULL;

  for (guint i = 0; list != NULL && i < list->len; i++)
    stop_recording (pbx, channel, g_ptr_array_index (list, i));
  if (list != NULL)
    g_hash_table_remove (pbx->mixmonitors, channel->uniqueid);
}

static AstrixDemoChannel *
find_target (AstrixDemoSession *session,
             AmiMessage        *request,
             const char        *missing)
{
  const char *name = _astrix_demo_header (request, "Channel");
  AstrixDemoChannel *channel;

  if (name[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, missing);
      return NULL;
    }
  channel = _astrix_demo_pbx_find_channel (session->pbx, name);
  if (channel == NULL || channel->gone)
    {
      _astrix_demo_respond_error (session, request, "No such channel");
      return NULL;
    }
  return channel;
}

/* The i(variable) option: the id goes into the response (capture 12). */
static gboolean
wants_id (const char *options)
{
  return strstr (options, "i(") != NULL;
}

void
_astrix_demo_mixmonitor (AstrixDemoSession *session,
                         AmiMessage        *request)
{
  AstrixDemoPbx *pbx = session->pbx;
  AstrixDemoChannel *channel = find_target (session, request, "No channel specified");
  const char *file = _astrix_demo_header (request, "File");
  Recording *recording;

  if (channel == NULL)
    return;
  recording = g_new0 (Recording, 1);
  recording->file = file[0] != '\0' ? g_strdup (file) : g_strdup_printf ("%s.wav",
                                                                        channel->uniqueid);
  recording->id = g_strdup_printf ("0x%012" G_GINT64_MODIFIER "x",
                                   (gint64) 0x7fd57c006340 + (gint64) pbx->uniqueid_seq * 64);
  recording->started = _astrix_demo_pbx_now (pbx);
  g_ptr_array_add (recordings_of (pbx, channel, TRUE), recording);
  _astrix_demo_recordings_start_file (pbx, recording->file);
  if (wants_id (_astrix_demo_header (request, "Options")))
    _astrix_demo_respond (session, request, "Success", "MixMonitorID", recording->id, NULL);
  else
    _astrix_demo_respond (session, request, "Success", NULL);
  _astrix_demo_channel_emit (pbx, channel, "MixMonitorStart", ASTRIX_DEMO_CLASS_CALL, NULL);
}

void
_astrix_demo_mixmonitor_mute (AstrixDemoSession *session,
                              AmiMessage        *request)
{
  AstrixDemoChannel *channel = find_target (session, request, "No channel specified");
  const char *direction = _astrix_demo_header (request, "Direction");
  const char *state = _astrix_demo_header (request, "State");
  GPtrArray *list;

  if (channel == NULL)
    return;
  if (direction[0] == '\0' || state[0] == '\0')
    {
      _astrix_demo_respond_error (session, request,
                                  direction[0] == '\0' ? "No direction specified"
                                                        : "No state specified");
      return;
    }
  if (g_ascii_strcasecmp (direction, "read") != 0 && g_ascii_strcasecmp (direction, "write") != 0 &&
      g_ascii_strcasecmp (direction, "both") != 0)
    {
      _astrix_demo_respond_error (session, request, "Invalid direction specified");
      return;
    }
  list = recordings_of (session->pbx, channel, FALSE);
  if (list == NULL || list->len == 0)
    {
      _astrix_demo_respond_error (session, request, "Cannot set mute flag");
      return;
    }
  _astrix_demo_respond (session, request, "Success", NULL);
  _astrix_demo_channel_emit (session->pbx, channel, "MixMonitorMute", ASTRIX_DEMO_CLASS_CALL,
                             "Direction", direction,
                             "State", _astrix_demo_true (state) ? "1" : "0", NULL);
}

/* Without MixMonitorID the newest recording stops; with one, that one. */
static int
find_recording (GPtrArray  *list,
                const char *id)
{
  if (list == NULL || list->len == 0)
    return -1;
  if (id[0] == '\0')
    return (int) list->len - 1;
  for (guint i = 0; i < list->len; i++)
    {
      if (g_strcmp0 (((Recording *) g_ptr_array_index (list, i))->id, id) == 0)
        return (int) i;
    }
  return -1;
}

void
_astrix_demo_stop_mixmonitor (AstrixDemoSession *session,
                              AmiMessage        *request)
{
  AstrixDemoPbx *pbx = session->pbx;
  AstrixDemoChannel *channel = find_target (session, request, "No channel specified");
  GPtrArray *list;
  int index;

  if (channel == NULL)
    return;
  list = recordings_of (pbx, channel, FALSE);
  index = find_recording (list, _astrix_demo_header (request, "MixMonitorID"));
  if (index < 0)
    {
      _astrix_demo_respond_error (session, request, "Could not stop monitoring channel");
      return;
    }
  _astrix_demo_respond (session, request, "Success", NULL);
  stop_recording (pbx, channel, g_ptr_array_index (list, index));
  g_ptr_array_remove_index (list, index);
}

/* Redirect */

void
_astrix_demo_redirect (AstrixDemoSession *session,
                       AmiMessage        *request)
{
  const char *name = _astrix_demo_header (request, "Channel");
  const char *context = _astrix_demo_header (request, "Context");
  const char *exten = _astrix_demo_header (request, "Exten");
  const char *priority = _astrix_demo_header (request, "Priority");
  AstrixDemoChannel *channel;
  g_autofree char *gone = NULL;
  guint64 n;

  if (name[0] == '\0')
    {
      _astrix_demo_respond_error (session, request, "Channel not specified");
      return;
    }
  if (priority[0] != '\0' && (!g_ascii_string_to_unsigned (priority, 10, 1, G_MAXINT, &n, NULL)))
    {
      _astrix_demo_respond_error (session, request, "Invalid priority");
      return;
    }
  channel = _astrix_demo_pbx_find_channel (session->pbx, name);
  if (channel == NULL || channel->gone)
    {
      gone = g_strdup_printf ("Channel does not exist: %s", name);
      _astrix_demo_respond_error (session, request, gone);
      return;
    }
  _astrix_demo_respond (session, request, "Success", "Message", "Redirect successful", NULL);
  _astrix_demo_callcentre_redirect (session->pbx, channel, context, exten);
}

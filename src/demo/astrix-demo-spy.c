/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * ChanSpy([chanprefix][,options]) as app_chanspy behaves in captures 07 to 09e, 13 and 22:
 * - the first look for a channel comes ~100 ms after the answer with `q`, ~5 s without
 *   (the beep and the announcement);
 * - a target that matches nothing gives no event at all: ChanSpy keeps looking;
 * - the prefix is matched against channel names from the start (case aside); `u` makes it an
 *   exact name or Uniqueid; `b` takes bridged channels only; `g(grp)` only channels whose
 *   SPYGROUP shares a group;
 * - ChanSpyStart / ChanSpyStop carry the spyer's and the spyee's snapshots;
 * - when the spied-on channel hangs up ChanSpyStop comes before its Hangup; with `E` ChanSpy
 *   returns, without it the supervisor stays on the line and ChanSpy looks for another channel;
 * - with `d`, digits 4 / 5 / 6 received on the spyer switch listen / whisper / barge, silently.
 */

#define FIRST_LOOK_QUIET_MS 100
#define FIRST_LOOK_MS       5000
#define LOOK_AGAIN_MS       1000

struct _AstrixDemoSpy
{
  AstrixDemoRun     *run;             /* owner; its channel is the spyer */
  char              *target;
  gboolean           exact;           /* u */
  gboolean           bridged_only;    /* b */
  gboolean           quiet;           /* q */
  gboolean           exit_on_hangup;  /* E */
  gboolean           mode_digits;     /* d */
  char             **groups;          /* g(grp), NULL when not given */
  AstrixDemoSpyMode  mode;
  AstrixDemoChannel *spyee;           /* ref; NULL while looking */
  guint              look_id;
};

static void
parse_options (AstrixDemoSpy *spy,
               const char    *options)
{
  for (const char *p = options; *p != '\0'; p++)
    {
      const char *close = p[1] == '(' ? strchr (p + 2, ')') : NULL;

      switch (*p)
        {
        case 'b':
          spy->bridged_only = TRUE;
          break;
        case 'B':
          spy->mode = ASTRIX_DEMO_SPY_BARGE;
          break;
        case 'd':
          spy->mode_digits = TRUE;
          break;
        case 'E':
          spy->exit_on_hangup = TRUE;
          break;
        case 'q':
          spy->quiet = TRUE;
          break;
        case 'u':
          spy->exact = TRUE;
          break;
        case 'w':
        case 'W':
          spy->mode = ASTRIX_DEMO_SPY_WHISPER;
          break;
        case 'g':
          if (close != NULL)
            {
              g_autofree char *groups = g_strndup (p + 2, close - p - 2);

              g_strfreev (spy->groups);
              spy->groups = g_strsplit (groups, ":", -1);
            }
          break;
        default:
          break;
        }
      /* Skip an option's (argument). */
      if (close != NULL)
        p = close;
    }
}

static gboolean
groups_match (AstrixDemoSpy     *spy,
              AstrixDemoChannel *channel)
{
  const char *spygroup = g_hash_table_lookup (channel->variables, "SPYGROUP");
  g_auto(GStrv) theirs = NULL;

  if (spy->groups == NULL)
    return TRUE;
  if (spygroup == NULL)
    return FALSE;
  theirs = g_strsplit (spygroup, ":", -1);
  for (guint i = 0; spy->groups[i] != NULL; i++)
    {
      if (spy->groups[i][0] != '\0' && g_strv_contains ((const char *const *) theirs,
                                                        spy->groups[i]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
matches (AstrixDemoSpy     *spy,
         AstrixDemoChannel *channel)
{
  if (channel == spy->run->channel || channel->gone)
    return FALSE;
  if (spy->bridged_only && channel->bridge_id == NULL)
    return FALSE;
  if (spy->exact)
    {
      if (g_ascii_strcasecmp (channel->name, spy->target) != 0 &&
          strcmp (channel->uniqueid, spy->target) != 0)
        return FALSE;
    }
  else if (g_ascii_strncasecmp (channel->name, spy->target, strlen (spy->target)) != 0)
    return FALSE;
  return groups_match (spy, channel);
}

static AstrixDemoChannel *
find_target (AstrixDemoSpy *spy)
{
  GPtrArray *channels = spy->run->pbx->channels;

  for (guint i = 0; i < channels->len; i++)
    {
      AstrixDemoChannel *channel = g_ptr_array_index (channels, i);

      if (matches (spy, channel))
        return channel;
    }
  return NULL;
}

static void
emit_spy_event (AstrixDemoSpy *spy,
                const char    *event)
{
  g_autoptr(GPtrArray) fields = _astrix_demo_event_new (event, ASTRIX_DEMO_CLASS_CALL);

  _astrix_demo_fields_add_snapshot (fields, "Spyer", spy->run->channel);
  _astrix_demo_fields_add_snapshot (fields, "Spyee", spy->spyee);
  _astrix_demo_pbx_emit_fields (spy->run->pbx, fields);
}

/* The audiohook makes Asterisk set BRIDGEPEER on both bridged channels again (capture 07). */
static void
refresh_bridge_peer (AstrixDemoPbx     *pbx,
                     AstrixDemoChannel *spyee)
{
  AstrixDemoCall *call = spyee->call;
  AstrixDemoChannel *peer;

  if (call == NULL || spyee->bridge_id == NULL)
    return;
  peer = call->agent == spyee ? call->customer : call->agent;
  _astrix_demo_channel_set_var (pbx, spyee, "BRIDGEPEER", peer->name);
  _astrix_demo_channel_set_var (pbx, peer, "BRIDGEPEER", spyee->name);
}

static gboolean look (gpointer data);

static void
schedule_look (AstrixDemoSpy *spy,
               double         ms)
{
  if (spy->look_id == 0)
    spy->look_id = _astrix_demo_pbx_timeout (spy->run->pbx, ms, look, spy);
}

static gboolean
look (gpointer data)
{
  AstrixDemoSpy *spy = data;
  AstrixDemoChannel *target;

  spy->look_id = 0;
  target = find_target (spy);
  if (target == NULL)
    return G_SOURCE_REMOVE;   /* _astrix_demo_spy_wake() calls again when channels come */
  spy->spyee = _astrix_demo_channel_ref (target);
  emit_spy_event (spy, "ChanSpyStart");
  refresh_bridge_peer (spy->run->pbx, target);
  return G_SOURCE_REMOVE;
}

AstrixDemoSpy *
_astrix_demo_spy_start (AstrixDemoRun *run,
                        const char    *arguments)
{
  AstrixDemoSpy *spy = g_new0 (AstrixDemoSpy, 1);
  const char *comma = strchr (arguments, ',');

  spy->run = run;
  spy->mode = ASTRIX_DEMO_SPY_LISTEN;
  spy->target = comma != NULL ? g_strndup (arguments, comma - arguments) : g_strdup (arguments);
  if (comma != NULL)
    parse_options (spy, comma + 1);
  schedule_look (spy, spy->quiet ? FIRST_LOOK_QUIET_MS : FIRST_LOOK_MS);
  return spy;
}

void
_astrix_demo_spy_free (AstrixDemoSpy *spy)
{
  g_clear_handle_id (&spy->look_id, g_source_remove);
  g_clear_pointer (&spy->spyee, _astrix_demo_channel_unref);
  g_strfreev (spy->groups);
  g_free (spy->target);
  g_free (spy);
}

/* The spyer hangs up: ChanSpyStop first. */
void
_astrix_demo_spy_stop (AstrixDemoSpy *spy)
{
  g_clear_handle_id (&spy->look_id, g_source_remove);
  if (spy->spyee == NULL)
    return;
  emit_spy_event (spy, "ChanSpyStop");
  g_clear_pointer (&spy->spyee, _astrix_demo_channel_unref);
}

static gboolean
exit_application (gpointer data)
{
  AstrixDemoSpy *spy = data;

  spy->look_id = 0;
  _astrix_demo_run_app_done (spy->run);
  return G_SOURCE_REMOVE;
}

static void
spyee_gone (AstrixDemoSpy *spy)
{
  emit_spy_event (spy, "ChanSpyStop");
  g_clear_pointer (&spy->spyee, _astrix_demo_channel_unref);
  g_clear_handle_id (&spy->look_id, g_source_remove);
  /* With E ChanSpy returns once the spied-on channel is gone (after its Hangup). */
  if (spy->exit_on_hangup)
    spy->look_id = g_timeout_add (0, exit_application, spy);
  else
    schedule_look (spy, LOOK_AGAIN_MS);
}

/* @channel is about to hang up: every ChanSpy on it stops (and with E, returns). */
void
_astrix_demo_spy_channel_gone (AstrixDemoPbx     *pbx,
                               AstrixDemoChannel *channel)
{
  g_autoptr(GPtrArray) affected = g_ptr_array_new ();

  for (guint i = 0; i < pbx->runs->len; i++)
    {
      AstrixDemoRun *run = g_ptr_array_index (pbx->runs, i);

      if (run->spy != NULL && run->spy->spyee == channel)
        g_ptr_array_add (affected, run->spy);
    }
  for (guint i = 0; i < affected->len; i++)
    spyee_gone (g_ptr_array_index (affected, i));
}

/* New channels are up: every ChanSpy still looking looks again. */
void
_astrix_demo_spy_wake (AstrixDemoPbx *pbx)
{
  for (guint i = 0; i < pbx->runs->len; i++)
    {
      AstrixDemoRun *run = g_ptr_array_index (pbx->runs, i);

      if (run->spy != NULL && run->spy->spyee == NULL)
        schedule_look (run->spy, run->spy->quiet ? FIRST_LOOK_QUIET_MS : LOOK_AGAIN_MS);
    }
}

/* A digit received on the spyer's channel (PlayDTMF with Receive: true). */
void
_astrix_demo_spy_dtmf (AstrixDemoSpy *spy,
                       char           digit)
{
  if (!spy->mode_digits)
    return;
  if (digit == '4')
    spy->mode = ASTRIX_DEMO_SPY_LISTEN;
  else if (digit == '5')
    spy->mode = ASTRIX_DEMO_SPY_WHISPER;
  else if (digit == '6')
    spy->mode = ASTRIX_DEMO_SPY_BARGE;
}

AstrixDemoSpyMode
_astrix_demo_spy_get_mode (AstrixDemoSpy *spy)
{
  return spy->mode;
}

/* Returns: (nullable): the channel the spy is attached to, NULL while it looks for one */
AstrixDemoChannel *
_astrix_demo_spy_get_spyee (AstrixDemoSpy *spy)
{
  return spy->spyee;
}

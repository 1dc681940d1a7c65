/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * Playback(file) and ControlPlayback(file[,skipms[,ff[,rew[,stop[,pause[,restart[,options]]]]]]])
 * as captures 11 and 11b show them. With a recordings folder (astrix_demo_pbx_set_recordings_dir())
 * a file plays if it is there, for as long as it lasts; without one every file "exists" and
 * lasts RECORDING_MS, except a name containing "does-not-exist" (capture 11's missing file).
 * Against Playback() the ControlPlayback action's pause, restart and stop end the playback;
 * against ControlPlayback() pause toggles, forward / reverse skip skipms, restart starts over
 * and stop ends it leaving CPLAYBACKOFFSET. The position runs on the simulated clock.
 */

#define RECORDING_MS    30000
#define DEFAULT_SKIP_MS 3000

struct _AstrixDemoPlayback
{
  AstrixDemoRun *run;           /* owner */
  gboolean       controllable;  /* ControlPlayback() rather than Playback() */
  gboolean       exists;
  gint64         length_ms;     /* of the file */
  gint64         skip_ms;
  gint64         offset_ms;     /* the position when it last started or paused */
  gint64         resumed_at;    /* simulated µs, when it last started */
  gboolean       paused;
  guint          timer_id;      /* the end of the file */
};

static gint64
position (AstrixDemoPlayback *playback)
{
  gint64 played = 0;

  if (!playback->paused)
    played = (_astrix_demo_pbx_now (playback->run->pbx) - playback->resumed_at) / 1000;
  return CLAMP (playback->offset_ms + played, 0, playback->length_ms);
}

static void
finish (AstrixDemoPlayback *playback,
        const char         *status,
        gboolean            with_offset)
{
  AstrixDemoRun *run = playback->run;
  g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, position (playback));

  g_clear_handle_id (&playback->timer_id, g_source_remove);
  if (!playback->controllable)
    _astrix_demo_channel_set_var (run->pbx, run->channel, "PLAYBACKSTATUS", status);
  else
    {
      _astrix_demo_channel_set_var (run->pbx, run->channel, "CPLAYBACKSTATUS", status);
      if (with_offset)
        _astrix_demo_channel_set_var (run->pbx, run->channel, "CPLAYBACKOFFSET", offset);
    }
  /* Frees @playback. */
  _astrix_demo_run_app_done (run);
}

static gboolean
on_end (gpointer data)
{
  AstrixDemoPlayback *playback = data;

  playback->timer_id = 0;
  if (!playback->exists)
    finish (playback, playback->controllable ? "ERROR" : "FAILED", FALSE);
  else
    finish (playback, "SUCCESS", FALSE);
  return G_SOURCE_REMOVE;
}

static void
schedule_end (AstrixDemoPlayback *playback)
{
  g_clear_handle_id (&playback->timer_id, g_source_remove);
  if (!playback->paused)
    playback->timer_id = _astrix_demo_pbx_timeout (playback->run->pbx,
                                                   playback->length_ms - position (playback),
                                                   on_end, playback);
}

static void
seek (AstrixDemoPlayback *playback,
      gint64              offset_ms)
{
  playback->offset_ms = CLAMP (offset_ms, 0, playback->length_ms);
  playback->resumed_at = _astrix_demo_pbx_now (playback->run->pbx);
  schedule_end (playback);
}

/* o(offset) among ControlPlayback's options: where to start, in ms. */
static gint64
start_offset (char **args)
{
  const char *options = g_strv_length (args) > 7 ? args[7] : "";
  const char *o = strstr (options, "o(");

  return o != NULL ? g_ascii_strtoll (o + 2, NULL, 10) : 0;
}

AstrixDemoPlayback *
_astrix_demo_playback_start (AstrixDemoRun *run,
                             const char    *arguments,
                             gboolean       controllable)
{
  AstrixDemoPlayback *playback = g_new0 (AstrixDemoPlayback, 1);
  g_auto(GStrv) args = g_strsplit (arguments, ",", -1);
  const char *file = args[0] != NULL ? args[0] : "";

  playback->run = run;
  playback->controllable = controllable;
  playback->exists = _astrix_demo_recordings_find (run->pbx, file, &playback->length_ms);
  if (run->pbx->recordings == NULL)
    playback->length_ms = RECORDING_MS;
  playback->skip_ms = DEFAULT_SKIP_MS;
  if (controllable && args[0] != NULL && args[1] != NULL && args[1][0] != '\0')
    playback->skip_ms = g_ascii_strtoll (args[1], NULL, 10);
  if (!playback->exists)
    playback->timer_id = _astrix_demo_pbx_timeout (run->pbx, 0, on_end, playback);
  else
    seek (playback, controllable ? start_offset (args) : 0);
  return playback;
}

void
_astrix_demo_playback_free (AstrixDemoPlayback *playback)
{
  g_clear_handle_id (&playback->timer_id, g_source_remove);
  g_free (playback);
}

static void
toggle_pause (AstrixDemoPlayback *playback)
{
  if (playback->paused)
    {
      playback->paused = FALSE;
      seek (playback, playback->offset_ms);
      return;
    }
  playback->offset_ms = position (playback);
  playback->paused = TRUE;
  schedule_end (playback);
}

/*
 * The ControlPlayback action on a channel that plays @playback (which may be freed by the
 * time this returns). Returns: whether the control did anything.
 */
gboolean
_astrix_demo_playback_control (AstrixDemoPlayback *playback,
                               const char         *control)
{
  gint64 skip = playback->controllable ? playback->skip_ms : DEFAULT_SKIP_MS;

  if (!playback->exists)
    return FALSE;
  if (g_ascii_strcasecmp (control, "stop") == 0)
    finish (playback, playback->controllable ? "REMOTESTOPPED" : "SUCCESS", TRUE);
  else if (g_ascii_strcasecmp (control, "forward") == 0)
    seek (playback, position (playback) + skip);
  else if (g_ascii_strcasecmp (control, "reverse") == 0)
    seek (playback, position (playback) - skip);
  else if (!playback->controllable)
    /* pause and restart stop a Playback() (the action's documentation, capture 11 A). */
    finish (playback, "SUCCESS", FALSE);
  else if (g_ascii_strcasecmp (control, "pause") == 0)
    toggle_pause (playback);
  else if (g_ascii_strcasecmp (control, "restart") == 0)
    seek (playback, 0);
  else
    return FALSE;
  return TRUE;
}

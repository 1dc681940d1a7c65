/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-glib-private.h"
#include "astrix-phone-playback-private.h"

/* The controls of a playback on the phone, by name and in words; its state in words. */

static const char *control_names[] = { "pause", "forward", "reverse", "restart", "stop" };

const char *
astrix_playback_control_to_string (AstrixPlaybackControl control)
{
  g_return_val_if_fail (control <= ASTRIX_PLAYBACK_CONTROL_STOP, NULL);
  return control_names[control];
}

gboolean
astrix_playback_control_from_string (const char            *text,
                                     AstrixPlaybackControl *control)
{
  int i = _astrix_name_index (control_names, G_N_ELEMENTS (control_names), text);

  if (i < 0)
    return FALSE;
  *control = i;
  return TRUE;
}

/* Returns: (transfer full): that @control failed, for the supervisor */
char *
_astrix_playback_control_describe_failure (AstrixPlaybackControl  control,
                                           const char            *sentence)
{
  switch (control)
    {
    case ASTRIX_PLAYBACK_CONTROL_PAUSE:
      return g_strdup_printf (_("Could not pause or resume the playback: %s"), sentence);
    case ASTRIX_PLAYBACK_CONTROL_FORWARD:
      return g_strdup_printf (_("Could not skip forward: %s"), sentence);
    case ASTRIX_PLAYBACK_CONTROL_REVERSE:
      return g_strdup_printf (_("Could not skip back: %s"), sentence);
    case ASTRIX_PLAYBACK_CONTROL_RESTART:
      return g_strdup_printf (_("Could not start the recording again: %s"), sentence);
    case ASTRIX_PLAYBACK_CONTROL_STOP:
    default:
      return g_strdup_printf (_("Could not stop the playback: %s"), sentence);
    }
}

/* Returns: the state in words, for a status line */
const char *
astrix_phone_playback_describe_state (AstrixPhonePlayback *self)
{
  const char *end_reason = astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (self));

  switch (astrix_phone_playback_get_state (self))
    {
    case ASTRIX_PLAYBACK_REQUESTED:
      return _("Calling your phone…");
    case ASTRIX_PLAYBACK_RINGING:
      return _("Your phone is ringing…");
    case ASTRIX_PLAYBACK_PLAYING:
      return _("Playing on your phone");
    case ASTRIX_PLAYBACK_PAUSED:
      return _("Paused on your phone");
    case ASTRIX_PLAYBACK_STOPPING:
      return _("Stopping…");
    case ASTRIX_PLAYBACK_ENDED:
    case ASTRIX_PLAYBACK_FAILED:
      return end_reason != NULL ? end_reason : _("Playback ended.");
    case ASTRIX_PLAYBACK_NEW:
    default:
      return "";
    }
}

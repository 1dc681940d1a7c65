/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-playback"

#include "config.h"

#include "astrix-phone-playback-private.h"

/*
 * When a playback on the phone asks the PBX for `dialplan` events.
 *
 * All a playback learns from the PBX besides its call comes as class dialplan events (README
 * fact 14): Newexten, VarSet of CPLAYBACKSTATUS / PLAYBACKSTATUS and of CPLAYBACKOFFSET. That
 * class is also every other call's VarSet and Newexten, over half of what a busy PBX sends
 * (issue 14), so the playback holds it only in windows around the moments its own events
 * come (AstrixPhonePlayback decides when). Asterisk applies a new mask at once, to the next
 * event (capture 34), and the `Events` action goes out before any action sent after it: a
 * window opened before an action is sent catches what that action causes. Each window is a
 * bit; the client's hold on the class is taken while any of them is open. A window can also
 * be set to open or close after a while (one pending change per window; setting it again
 * replaces that).
 *
 * The windows of a playback, as captures 11 and 11b show what comes when:
 *  - start: from before the Originate until START_WINDOW_MS after the playback is seen
 *    starting (the answer for the ControlPlayback application, which shows no Newexten; the
 *    Newexten of ControlPlayback or Playback in a dialplan, which tells which one runs). A
 *    missing file says so at once: CPLAYBACKSTATUS=ERROR right after the answer,
 *    PLAYBACKSTATUS=FAILED 0.2 ms after that Newexten (capture 11, whose dialplan waits 1 s
 *    between the two). A dialplan that never shows either is held all along.
 *  - control: from before each ControlPlayback action until CONTROL_LINGER_MS after its
 *    answer; after stop, until the call ends. Stop's CPLAYBACKSTATUS and CPLAYBACKOFFSET
 *    follow its answer by 0.2 ms (11b); pause, forward, reverse and restart set nothing (11,
 *    11b), but a forward past the end ends the playback at once.
 *  - end: from END_LEAD_MS before the end our clock expects until the call ends, for
 *    SUCCESS. Our clock keeps to Asterisk's within 20 ms (11b's offsets), so a few seconds
 *    are ample; while it stands (paused) the end cannot come. When the length is not known
 *    the end could come at any time: the class is then held all along.
 * In between, the PBX sends nothing for the playback that we lose, but for what the phone's
 * own keys do: ControlPlayback skips on # and * by default, which no event shows our clock
 * (nor did it before). Skipped to its end more than END_LEAD_MS before our clock expects, a
 * playback is told as "Your phone hung up." rather than played to the end.
 */

typedef struct
{
  AstrixPlaybackWindows *owner;
  AstrixPlaybackWindow   window;
  gboolean               open;     /* what the pending change does */
  guint                  id;
} Pending;

struct _AstrixPlaybackWindows
{
  AmiClient *client;
  guint      open;                 /* AstrixPlaybackWindow bits */
  gboolean   holding;              /* holds "dialplan" on the client */
  Pending    pending[3];           /* by the window's bit number */
};

static guint
index_of (AstrixPlaybackWindow window)
{
  return window == ASTRIX_PLAYBACK_WINDOW_START ? 0
         : window == ASTRIX_PLAYBACK_WINDOW_CONTROL ? 1 : 2;
}

static void
update_hold (AstrixPlaybackWindows *self)
{
  gboolean hold = self->open != 0;

  if (self->holding == hold)
    return;
  self->holding = hold;
  g_debug ("dialplan events %s", hold ? "held" : "released");
  if (hold)
    ami_client_hold_event_class (self->client, "dialplan");
  else
    ami_client_release_event_class (self->client, "dialplan");
}

static void
apply (AstrixPlaybackWindows *self,
       AstrixPlaybackWindow   window,
       gboolean               open)
{
  if (open)
    self->open |= window;
  else
    self->open &= ~window;
  update_hold (self);
}

AstrixPlaybackWindows *
_astrix_playback_windows_new (AmiClient *client)
{
  AstrixPlaybackWindows *self = g_new0 (AstrixPlaybackWindows, 1);

  self->client = g_object_ref (client);
  for (guint i = 0; i < G_N_ELEMENTS (self->pending); i++)
    {
      self->pending[i].owner = self;
      self->pending[i].window = 1 << i;
    }
  return self;
}

/* Closes every window at once (the call is over). */
void
_astrix_playback_windows_close_all (AstrixPlaybackWindows *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->pending); i++)
    g_clear_handle_id (&self->pending[i].id, g_source_remove);
  self->open = 0;
  update_hold (self);
}

void
_astrix_playback_windows_free (AstrixPlaybackWindows *self)
{
  _astrix_playback_windows_close_all (self);
  g_object_unref (self->client);
  g_free (self);
}

/* Opens or closes @window now; a pending change of it is dropped. */
void
_astrix_playback_windows_set (AstrixPlaybackWindows *self,
                              AstrixPlaybackWindow   window,
                              gboolean               open)
{
  g_clear_handle_id (&self->pending[index_of (window)].id, g_source_remove);
  apply (self, window, open);
}

static gboolean
on_pending (gpointer data)
{
  Pending *pending = data;

  pending->id = 0;
  apply (pending->owner, pending->window, pending->open);
  return G_SOURCE_REMOVE;
}

/* @window stays as it is for @ms, then opens or closes; already so, it just stays. */
void
_astrix_playback_windows_set_in (AstrixPlaybackWindows *self,
                                 AstrixPlaybackWindow   window,
                                 gboolean               open,
                                 guint                  ms)
{
  Pending *pending = &self->pending[index_of (window)];

  g_clear_handle_id (&pending->id, g_source_remove);
  if (_astrix_playback_windows_get (self, window) == open)
    return;
  pending->open = open;
  pending->id = g_timeout_add (ms, on_pending, pending);
}

gboolean
_astrix_playback_windows_get (AstrixPlaybackWindows *self,
                              AstrixPlaybackWindow   window)
{
  return (self->open & window) != 0;
}

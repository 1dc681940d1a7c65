/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include "astrix-recording-private.h"
#include "astrix-recording-store-private.h"

/*
 * What the live calls of the same PBX tell about the recordings: who called (kept after the
 * call ends), and which recordings are being made right now (MixMonitor names them by the
 * call's Uniqueid; the file's header is written only when the call ends).
 */

void
_astrix_recording_store_find_caller (AstrixRecordingStore *self,
                                     AstrixRecording      *recording)
{
  const char *uniqueid = astrix_recording_get_uniqueid (recording);
  const char *caller;

  if (uniqueid == NULL)
    return;
  g_hash_table_replace (self->by_uniqueid, (gpointer) uniqueid, recording);
  if (astrix_recording_get_caller (recording) != NULL)
    return;
  caller = g_hash_table_lookup (self->callers, uniqueid);
  if (caller == NULL && self->channels != NULL)
    {
      AstrixChannel *channel = astrix_channel_store_lookup (self->channels, uniqueid);

      if (channel != NULL)
        {
          g_hash_table_insert (self->callers, g_strdup (uniqueid), astrix_channel_dup_caller (channel));
          caller = g_hash_table_lookup (self->callers, uniqueid);
        }
    }
  if (caller != NULL && caller[0] != '\0')
    astrix_recording_set_caller (recording, caller);
}

static void
on_channels_changed (GListModel           *channels,
                     guint                 position,
                     guint                 removed,
                     guint                 added,
                     AstrixRecordingStore *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (channels, i);
      const char *uniqueid = astrix_channel_get_uniqueid (channel);
      g_autofree char *caller = astrix_channel_dup_caller (channel);
      AstrixRecording *recording;

      if (uniqueid == NULL || caller == NULL || caller[0] == '\0')
        continue;
      g_hash_table_insert (self->callers, g_strdup (uniqueid), g_strdup (caller));
      recording = g_hash_table_lookup (self->by_uniqueid, uniqueid);
      if (recording != NULL && astrix_recording_get_caller (recording) == NULL)
        {
          guint found;

          astrix_recording_set_caller (recording, caller);
          /* What a search finds in it changed too: views that keep what they search (the
           * recordings page does) are told as for any changed item. */
          if (_astrix_recording_store_find_position (self, recording, &found) && found < self->n_announced)
            g_list_model_items_changed (G_LIST_MODEL (self), found, 1, 1);
        }
    }
}

/**
 * astrix_recording_store_set_channel_store:
 * @channels: (nullable): the live calls of the same PBX
 *
 * Recordings named by the Uniqueid of a call that is (or was, while this ran) live show its
 * caller.
 */
void
astrix_recording_store_set_channel_store (AstrixRecordingStore *self,
                                          AstrixChannelStore   *channels)
{
  g_return_if_fail (ASTRIX_IS_RECORDING_STORE (self));

  if (self->channels == channels)
    return;
  if (self->channels != NULL)
    g_clear_signal_handler (&self->channels_handler, self->channels);
  g_set_object (&self->channels, channels);
  if (channels == NULL)
    return;
  self->channels_handler = g_signal_connect (channels, "items-changed",
                                             G_CALLBACK (on_channels_changed), self);
  on_channels_changed (G_LIST_MODEL (channels), 0, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (channels)), self);
}


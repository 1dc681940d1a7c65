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
  /* A file that appears while its call goes on: MixMonitor has just started. */
  if (g_hash_table_contains (self->live_ids, uniqueid))
    {
      _astrix_recording_set_live_channel (recording,
                                          g_hash_table_lookup (self->live_ids, uniqueid));
      g_hash_table_add (self->live, g_object_ref (recording));
    }
  if (astrix_recording_get_caller (recording) != NULL)
    return;
  caller = g_hash_table_lookup (self->callers, uniqueid);
  if (caller == NULL && self->channels != NULL)
    {
      AstrixChannel *channel = astrix_channel_store_lookup (self->channels, uniqueid);

      if (channel != NULL)
        {
          g_hash_table_insert (self->callers, g_strdup (uniqueid),
                               astrix_channel_dup_caller (channel));
          caller = g_hash_table_lookup (self->callers, uniqueid);
        }
    }
  if (caller != NULL && caller[0] != '\0')
    astrix_recording_set_caller (recording, caller);
}

/* The Uniqueid and Linkedid of every live channel -> the channel to listen to: the one that
 * has that Uniqueid, else one of the call it links. */
static GHashTable *
live_ids_of (GListModel *channels)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n = channels != NULL ? g_list_model_get_n_items (channels) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (channels, i);
      const char *name = astrix_channel_get_name (channel);
      const char *uniqueid = astrix_channel_get_uniqueid (channel);
      const char *linkedid = astrix_channel_get_linkedid (channel);

      if (name == NULL)
        continue;
      if (uniqueid != NULL)
        g_hash_table_replace (ids, g_strdup (uniqueid), g_strdup (name));
      if (linkedid != NULL && !g_hash_table_contains (ids, linkedid))
        g_hash_table_insert (ids, g_strdup (linkedid), g_strdup (name));
    }
  return ids;
}

/* Marks the recordings of the live calls, and unmarks those whose call has ended. */
static void
update_live (AstrixRecordingStore *self)
{
  g_autoptr(GHashTable) live = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_unref (self->live_ids);
  self->live_ids = live_ids_of (self->channels != NULL ? G_LIST_MODEL (self->channels) : NULL);
  g_hash_table_iter_init (&iter, self->live_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AstrixRecording *recording = g_hash_table_lookup (self->by_uniqueid, key);

      if (recording == NULL)
        continue;
      _astrix_recording_set_live_channel (recording, value);
      g_hash_table_add (live, g_object_ref (recording));
    }
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (live, key))
        _astrix_recording_set_live_channel (key, NULL);
    }
  g_hash_table_unref (self->live);
  self->live = g_steal_pointer (&live);
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
          if (_astrix_recording_store_find_position (self, recording, &found) &&
              found < self->n_announced)
            g_list_model_items_changed (G_LIST_MODEL (self), found, 1, 1);
        }
    }
  update_live (self);
}

/**
 * astrix_recording_store_set_channel_store:
 * @channels: (nullable): the live calls of the same PBX
 *
 * Recordings named by the Uniqueid of a call that is (or was, while this ran) live show its
 * caller; those of a call still going on are marked (#AstrixRecording:live-channel).
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
    {
      update_live (self);
      return;
    }
  self->channels_handler = g_signal_connect (channels, "items-changed",
                                             G_CALLBACK (on_channels_changed), self);
  on_channels_changed (G_LIST_MODEL (channels), 0, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (channels)), self);
}


/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <string.h>

#include "astrix-recording-store-private.h"

/*
 * New, changed and removed files of a recordings folder, from file monitors where the
 * backend has them (local folders). Elsewhere (sftp, smb) the store refreshes now and then.
 */

#define MAX_MONITORS 1024

static void
file_info_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(AstrixRecordingStore) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *relative = NULL;
  g_autofree char *parent = NULL;
  const char *dir;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  relative = _astrix_recording_store_relative_of (self, G_FILE (source));
  if (relative == NULL)
    return;
  if (info == NULL)
    {
      /* Gone again before we looked. */
      _astrix_recording_store_remove_path (self, relative);
      return;
    }
  parent = g_path_get_dirname (relative);
  dir = strcmp (parent, ".") == 0 ? "" : parent;
  /* Looked at just before its folder was moved away: that is gone with the folder. */
  if (self->watch && !self->unwatchable && !g_hash_table_contains (self->monitors, dir))
    return;
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    _astrix_recording_store_walk_from (self, relative);
  else
    _astrix_recording_store_take_info (self, dir, info);
}

static void
look_at (AstrixRecordingStore *self,
         GFile                *file)
{
  g_file_query_info_async (file, LIST_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                           G_PRIORITY_LOW, self->cancellable, file_info_done,
                           g_object_ref (self));
}

static void
gone (AstrixRecordingStore *self,
      GFile                *file)
{
  g_autofree char *relative = _astrix_recording_store_relative_of (self, file);

  if (relative == NULL || relative[0] == '\0')
    return;
  if (g_hash_table_contains (self->by_path, relative))
    _astrix_recording_store_remove_path (self, relative);
  else
    _astrix_recording_store_remove_under (self, relative);
}

static void
on_changed (GFileMonitor         *monitor,
            GFile                *file,
            GFile                *other,
            GFileMonitorEvent     event,
            AstrixRecordingStore *self)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL || basename[0] == '.')
    return;
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
      look_at (self, file);
      break;
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      gone (self, file);
      break;
    case G_FILE_MONITOR_EVENT_RENAMED:
      gone (self, file);
      if (other != NULL)
        look_at (self, other);
      break;
    default:
      break;
    }
}

void
_astrix_recording_store_watch_directory (AstrixRecordingStore *self,
                                         const char           *relative)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  GFileMonitor *monitor;

  if (!self->watch || self->unwatchable || g_hash_table_contains (self->monitors, relative))
    return;
  if (g_hash_table_size (self->monitors) >= MAX_MONITORS)
    {
      /* Too many directories for inotify's comfort: a periodic refresh covers the rest. */
      self->unwatchable = TRUE;
      return;
    }
  dir = g_file_resolve_relative_path (self->root, relative);
  monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, self->cancellable, &error);
  if (monitor == NULL)
    {
      g_debug ("No file monitor for %s: %s; refreshing now and then instead",
               g_file_peek_path (dir) ? g_file_peek_path (dir) : relative, error->message);
      self->unwatchable = TRUE;
      return;
    }
  g_signal_connect_object (monitor, "changed", G_CALLBACK (on_changed), self, 0);
  g_hash_table_insert (self->monitors, g_strdup (relative), monitor);
}


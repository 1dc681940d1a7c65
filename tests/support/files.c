/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>

#include "files.h"

/* Deletes @file and, for a folder, everything in it (links are removed, not followed). For the
 * folders a test makes and takes down. */
void
remove_tree (GFile *file)
{
  g_autoptr(GFileInfo) file_info =
    g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                       NULL, NULL);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  /* A link is removed, never what it points to (a link to /usr/share/mime once emptied it). */
  if (file_info != NULL && g_file_info_get_file_type (file_info) == G_FILE_TYPE_DIRECTORY)
    children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

/* remove_tree() of the file or folder at @path. */
void
remove_tree_at (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  remove_tree (file);
}

/* Writes @ms of silence to @path as a WAV, 16-bit PCM at 8 kHz (what the simulated PBX's
 * recordings are), making its folder first. */
void
write_silent_wav (const char *path,
                  guint       ms)
{
  guint32 size = ms * 16;
  g_autofree guint8 *bytes = g_malloc0 (44 + size);
  static const guint8 header[44] = "RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0"
                                   "\x80\x3e\0\0\x02\0\x10\0data\0\0\0\0";
  g_autofree char *parent = g_path_get_dirname (path);

  memcpy (bytes, header, 44);
  bytes[4] = (36 + size) & 0xff;
  bytes[5] = ((36 + size) >> 8) & 0xff;
  bytes[6] = ((36 + size) >> 16) & 0xff;
  bytes[40] = size & 0xff;
  bytes[41] = (size >> 8) & 0xff;
  bytes[42] = (size >> 16) & 0xff;
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, (char *) bytes, 44 + size, NULL));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
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

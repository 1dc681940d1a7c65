/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-error.h"
#include "astrix-phone-playback-private.h"
#include "astrix-recording-private.h"

/*
 * Which file the PBX plays for a recording given to AstrixPhonePlayback: the path Asterisk
 * sees, without extension, inside the recordings folder, with a name that fits a dialplan
 * argument.
 */

static gboolean
has_audio_extension (const char *path)
{
  const char *slash = strrchr (path, '/');

  return astrix_recording_is_audio_name (slash != NULL ? slash + 1 : path);
}

/* The PBX's own path was given and this desktop does not see the folder: checks only. */
static char *
pbx_file_from_pbx_path (const char  *recording,
                        const char  *pbx_root,
                        GError     **error)
{
  g_autofree char *base = g_strdup (pbx_root);
  gsize len;

  while ((len = strlen (base)) > 1 && base[len - 1] == '/')
    base[len - 1] = '\0';
  if (!astrix_recording_validate_pbx_name (recording, error))
    return NULL;
  if (recording[0] != '/' || !g_str_has_prefix (recording, base) ||
      recording[len] != '/')
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("That file is outside the recordings folder: it is not played."));
      return NULL;
    }
  if (has_audio_extension (recording))
    return g_strndup (recording, strrchr (recording, '.') - recording);
  return g_strdup (recording);
}

/* A recording named without its extension: the file beside it that Asterisk would pick. */
static GFile *
with_extension (GFile *file)
{
  static const char *const extensions[] = { "wav", "WAV", "wav49", "gsm", "ulaw", "alaw", "sln" };
  g_autofree char *path = g_file_get_uri (file);

  if (!g_file_is_native (file))
    return g_object_ref (file);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *uri = g_strconcat (path, ".", extensions[i], NULL);
      g_autoptr(GFile) candidate = g_file_new_for_uri (uri);

      if (g_file_query_exists (candidate, NULL))
        return g_steal_pointer (&candidate);
    }
  return g_object_ref (file);
}

/**
 * _astrix_phone_playback_resolve_file:
 * @recording: as given to astrix_phone_playback_new()
 *
 * Returns: (transfer full) (nullable): the file as Asterisk sees it, without extension; or
 *   %NULL with why it must not be sent
 */
char *
_astrix_phone_playback_resolve_file (AstrixServerConfig  *config,
                                     const char          *recording,
                                     GError             **error)
{
  const char *uri = astrix_server_config_get_recordings_uri (config);
  const char *pbx_root = astrix_server_config_get_pbx_recordings_path (config);
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) found = NULL;
  g_autofree char *relative = NULL;

  if (uri == NULL)
    return pbx_file_from_pbx_path (recording, pbx_root, error);
  root = g_file_new_for_commandline_arg (uri);
  file = astrix_recording_resolve (root, pbx_root, recording, error);
  if (file == NULL)
    return NULL;
  relative = g_file_get_relative_path (root, file);
  found = has_audio_extension (relative) ? g_object_ref (file) : with_extension (file);
  /* On this desktop, where links lead counts: a link out of the folder is not played. */
  if (g_file_is_native (found) && g_file_query_exists (found, NULL) &&
      !_astrix_recording_check_inside (root, found, error))
    return NULL;
  return astrix_recording_map_to_pbx (root, pbx_root, found, error);
}

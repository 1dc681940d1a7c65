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
 * argument; and the Originate that plays it on the supervisor's phone.
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

/* "ctl@playback-context" names the extension too; "playback-context" alone means s. */
static gboolean
split_context (AstrixServerConfig  *config,
               char               **context,
               char               **exten,
               GError             **error)
{
  const char *setting = astrix_server_config_get_playback_context (config);
  const char *at = setting != NULL ? strchr (setting, '@') : NULL;

  *context = g_strdup (at != NULL ? at + 1 : setting);
  *exten = at != NULL ? g_strndup (setting, at - setting) : g_strdup ("s");
  if (*context == NULL || (*context)[0] == '\0' || (*exten)[0] == '\0')
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("The dialplan context for playback is not set."));
      return FALSE;
    }
  return TRUE;
}

/**
 * _astrix_phone_playback_build_originate:
 * @pbx_file: as _astrix_phone_playback_resolve_file() gave it
 * @offset_ms: where to start (the ControlPlayback application only)
 *
 * Returns: (transfer full) (nullable): the Originate that plays @pbx_file on @call's phone,
 *   checked, not sent; or %NULL with why it cannot be sent
 */
AmiAction *
_astrix_phone_playback_build_originate (AstrixPhoneCall       *call,
                                        AstrixServerConfig    *config,
                                        AstrixPlaybackMethod   method,
                                        const char            *pbx_file,
                                        gint64                 offset_ms,
                                        GError               **error)
{
  g_autoptr(AmiAction) originate = astrix_phone_call_new_originate (call);

  if (method == ASTRIX_PLAYBACK_METHOD_CONTEXT)
    {
      g_autofree char *context = NULL;
      g_autofree char *exten = NULL;

      if (!split_context (config, &context, &exten, error))
        return NULL;
      ami_action_add (originate, "Context", context);
      ami_action_add (originate, "Exten", exten);
      ami_action_add (originate, "Priority", "1");
      ami_action_add_printf (originate, "Variable", "RECFILE=%s", pbx_file);
    }
  else
    {
      ami_action_add (originate, "Application", "ControlPlayback");
      /* ControlPlayback(file,skipms,ff,rew,stop,pause,restart,options): o() is the 8th. */
      if (offset_ms > 0)
        ami_action_add_printf (originate, "Data", "%s,%d,,,,,,o(%" G_GINT64_FORMAT ")",
                               pbx_file, ASTRIX_PLAYBACK_SKIP_MS, offset_ms);
      else
        ami_action_add_printf (originate, "Data", "%s,%d", pbx_file, ASTRIX_PLAYBACK_SKIP_MS);
    }
  if (!astrix_phone_call_end_originate (call, originate, "\"Recording\"", error))
    return NULL;
  return g_steal_pointer (&originate);
}

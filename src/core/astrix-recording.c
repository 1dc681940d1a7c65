/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-glib-private.h"
#include "astrix-recording-private.h"

/*
 * One recording in a recordings folder. A folder can hold 100,000 of these, so a recording
 * keeps its path relative to the folder (the folder's GFile is shared) and what the listing
 * and its name tell: size, date, uniqueid, caller. The header (format, duration) is read
 * later, and only for the rows someone looks at (AstrixRecordingStore).
 *
 * Asterisk's MixMonitor names its files `${UNIQUEID}.wav` by default; many sites use
 * `YYYYMMDD-HHMMSS-${UNIQUEID}.wav`, FreePBX `in-<to>-<from>-YYYYMMDD-HHMMSS-<uniqueid>.wav`,
 * others their own layout (`client-123/call-456.wav`), shown by name and modification time.
 * A Uniqueid starts with the Unix time the channel was made.
 *
 * The same folder has another path on the PBX (`/var/spool/asterisk/monitor`): the functions
 * at the end map between the two, and refuse what must never reach a dialplan argument.
 */

struct _AstrixRecording
{
  GObject                parent_instance;

  GFile                 *root;           /* the recordings folder, shared by all its recordings */
  char                  *relative_path;  /* "client-123/call-456.wav" */
  const char            *name;           /* points into relative_path */
  char                  *folder;         /* "client-123", or "" at the top */
  guint64                size;
  gint64                 modified;       /* Unix time */
  gint64                 date;           /* from the name, else the modification time */
  char                  *uniqueid;
  char                  *caller;
  char                  *search_key;     /* lower-case path and caller, for the search */
  AstrixRecordingFormat  format;
  gint64                 duration;       /* ms, -1 unknown */
  AstrixRecordingStatus  status;
  char                  *problem;
  char                  *live_channel;   /* the live call's channel while it is being recorded */
};

enum {
  PROP_0,
  PROP_RELATIVE_PATH,
  PROP_NAME,
  PROP_FOLDER,
  PROP_SIZE,
  PROP_DATE,
  PROP_MODIFIED,
  PROP_UNIQUEID,
  PROP_CALLER,
  PROP_DURATION,
  PROP_FORMAT,
  PROP_STATUS,
  PROP_PROBLEM,
  PROP_LIVE_CHANNEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixRecording, astrix_recording, G_TYPE_OBJECT)

static void
astrix_recording_finalize (GObject *object)
{
  AstrixRecording *self = ASTRIX_RECORDING (object);

  g_clear_object (&self->root);
  g_free (self->relative_path);
  g_free (self->folder);
  g_free (self->uniqueid);
  g_free (self->caller);
  g_free (self->search_key);
  g_free (self->problem);
  g_free (self->live_channel);

  G_OBJECT_CLASS (astrix_recording_parent_class)->finalize (object);
}

static void
astrix_recording_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AstrixRecording *self = ASTRIX_RECORDING (object);

  switch (prop_id)
    {
    case PROP_RELATIVE_PATH:
      g_value_set_string (value, self->relative_path);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_DATE:
      g_value_set_int64 (value, self->date);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    case PROP_UNIQUEID:
      g_value_set_string (value, self->uniqueid);
      break;
    case PROP_CALLER:
      g_value_set_string (value, self->caller);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_LIVE_CHANNEL:
      g_value_set_string (value, self->live_channel);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_recording_class_init (AstrixRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_recording_finalize;
  object_class->get_property = astrix_recording_get_property;

  properties[PROP_RELATIVE_PATH] = g_param_spec_string ("relative-path", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DATE] = g_param_spec_int64 ("date", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UNIQUEID] = g_param_spec_string ("uniqueid", NULL, NULL, NULL, flags);
  properties[PROP_CALLER] = g_param_spec_string ("caller", NULL, NULL, NULL, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL, ASTRIX_TYPE_RECORDING_FORMAT,
                       ASTRIX_RECORDING_FORMAT_UNKNOWN, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ASTRIX_TYPE_RECORDING_STATUS,
                       ASTRIX_RECORDING_STATUS_UNKNOWN, flags);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL, flags);
  properties[PROP_LIVE_CHANNEL] = g_param_spec_string ("live-channel", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_recording_init (AstrixRecording *self)
{
  self->duration = -1;
}

/* Construction and updates (AstrixRecordingStore) */

/* Lower-case path and caller: a keystroke of the search looks at 100,000 of these. */
static void
update_search_key (AstrixRecording *self)
{
  g_autofree char *text = g_strconcat (self->relative_path, "\n", self->caller ? self->caller : "",
                                       NULL);
  gboolean ascii = TRUE;

  for (const char *p = text; *p != '\0' && ascii; p++)
    ascii = (guchar) *p < 0x80;
  g_free (self->search_key);
  if (ascii)
    self->search_key = g_ascii_strdown (text, -1);
  else if (g_utf8_validate (text, -1, NULL))
    self->search_key = g_utf8_strdown (text, -1);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      self->search_key = g_utf8_strdown (valid, -1);
    }
}

AstrixRecording *
_astrix_recording_new (GFile      *root,
                       const char *relative_path,
                       GFileInfo  *info)
{
  AstrixRecording *self = g_object_new (ASTRIX_TYPE_RECORDING, NULL);
  const char *slash = strrchr (relative_path, '/');
  gint64 date = 0;

  self->root = g_object_ref (root);
  self->relative_path = g_strdup (relative_path);
  self->name = slash != NULL ? self->relative_path + (slash - relative_path) + 1
                             : self->relative_path;
  self->folder = slash != NULL ? g_strndup (relative_path, slash - relative_path) : g_strdup ("");
  self->format = _astrix_recording_format_from_name (self->name);
  if (info != NULL)
    {
      self->size = g_file_info_get_size (info);
      self->modified = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
    }
  if (_astrix_recording_parse_name (self->name, &date, &self->uniqueid, &self->caller))
    self->date = date;
  else
    self->date = self->modified;
  update_search_key (self);
  return self;
}

/* A new listing of the same file. Returns: whether anything changed. */
gboolean
_astrix_recording_update_info (AstrixRecording *self,
                               GFileInfo       *info)
{
  guint64 size = g_file_info_get_size (info);
  gint64 modified = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  gboolean changed = FALSE;

  if (self->size != size)
    {
      self->size = size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
      changed = TRUE;
    }
  if (self->modified != modified)
    {
      gboolean dated_by_mtime = self->date == self->modified;

      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
      if (dated_by_mtime && self->uniqueid == NULL)
        {
          self->date = modified;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
        }
      changed = TRUE;
    }
  /* A file still being written grows: its duration must be read again. */
  if (changed && self->status != ASTRIX_RECORDING_STATUS_UNKNOWN &&
      self->status != ASTRIX_RECORDING_STATUS_PROBING)
    _astrix_recording_set_status (self, ASTRIX_RECORDING_STATUS_UNKNOWN, NULL);
  return changed;
}

void
_astrix_recording_set_status (AstrixRecording       *self,
                              AstrixRecordingStatus  status,
                              const char            *problem)
{
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

void
_astrix_recording_set_probed (AstrixRecording       *self,
                              AstrixRecordingFormat  format,
                              gint64                 duration_ms)
{
  if (self->format != format)
    {
      self->format = format;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORMAT]);
    }
  if (self->duration != duration_ms)
    {
      self->duration = duration_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
}

/* The call is live (@channel, one of its channels) or over (%NULL): AstrixRecordingStore */
void
_astrix_recording_set_live_channel (AstrixRecording *self,
                                    const char      *channel)
{
  if (_astrix_set_str (&self->live_channel, channel))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_CHANNEL]);
}

/* Accessors */

/* Returns: (transfer full): the file, as this desktop reads it */
GFile *
astrix_recording_dup_file (AstrixRecording *self)
{
  g_return_val_if_fail (ASTRIX_IS_RECORDING (self), NULL);
  return g_file_resolve_relative_path (self->root, self->relative_path);
}

char *
astrix_recording_dup_uri (AstrixRecording *self)
{
  g_autoptr(GFile) file = astrix_recording_dup_file (self);

  return g_file_get_uri (file);
}

/* Returns: the path inside the recordings folder: "client-123/call-456.wav" */
const char *
astrix_recording_get_relative_path (AstrixRecording *self)
{
  return self->relative_path;
}

const char *
astrix_recording_get_name (AstrixRecording *self)
{
  return self->name;
}

/* Returns: the sub-folder it is in ("client-123"), "" at the top of the recordings folder */
const char *
astrix_recording_get_folder (AstrixRecording *self)
{
  return self->folder;
}

guint64
astrix_recording_get_size (AstrixRecording *self)
{
  return self->size;
}

/* Returns: when the call was recorded (Unix time): from the name, else the modification time */
gint64
astrix_recording_get_date (AstrixRecording *self)
{
  return self->date;
}

gint64
_astrix_recording_get_modified (AstrixRecording *self)
{
  return self->modified;
}

/* Returns: (nullable): the Uniqueid of the recorded channel, when the name tells */
const char *
astrix_recording_get_uniqueid (AstrixRecording *self)
{
  return self->uniqueid;
}

/* Returns: (nullable): who called, when the name or the live call told */
const char *
astrix_recording_get_caller (AstrixRecording *self)
{
  return self->caller;
}

void
astrix_recording_set_caller (AstrixRecording *self,
                             const char      *caller)
{
  g_return_if_fail (ASTRIX_IS_RECORDING (self));

  if (!_astrix_set_str (&self->caller, caller))
    return;
  update_search_key (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLER]);
}

/* Returns: the duration in ms, or -1 while it is not known (see
 * astrix_recording_store_request_duration()) */
gint64
astrix_recording_get_duration (AstrixRecording *self)
{
  return self->duration;
}

AstrixRecordingFormat
astrix_recording_get_format (AstrixRecording *self)
{
  return self->format;
}

AstrixRecordingStatus
astrix_recording_get_status (AstrixRecording *self)
{
  return self->status;
}

/*
 * Returns: (nullable): while the call it records is still going on, the name of one of its
 * channels (to listen to it live); %NULL otherwise. MixMonitor writes the WAV header only when
 * the call ends: until then the PBX cannot play the file (see AstrixRecordingStore).
 */
const char *
astrix_recording_get_live_channel (AstrixRecording *self)
{
  g_return_val_if_fail (ASTRIX_IS_RECORDING (self), NULL);

  return self->live_channel;
}

/* Returns: (nullable): why it cannot be played here, as a sentence */
const char *
astrix_recording_get_problem (AstrixRecording *self)
{
  return self->problem;
}

/**
 * _astrix_recording_matches:
 * @needle: one lower-case word
 *
 * The search as you type: looks into the path (with the name, its date and Uniqueid) and
 * the caller.
 */
gboolean
_astrix_recording_matches (AstrixRecording  *self,
                           const char       *needle)
{
  return strstr (self->search_key, needle) != NULL;
}

/**
 * astrix_recording_get_search_key:
 *
 * What _astrix_recording_matches() looks into: the path and the caller, in lower case. It
 * changes with the caller.
 */
const char *
astrix_recording_get_search_key (AstrixRecording *self)
{
  g_return_val_if_fail (ASTRIX_IS_RECORDING (self), NULL);

  return self->search_key;
}

/**
 * astrix_recording_check_inside:
 *
 * Whether @self may be played: it must be inside its recordings folder, also where links
 * lead (followed to the end for a local folder; elsewhere as far as the header read showed).
 */
gboolean
astrix_recording_check_inside (AstrixRecording  *self,
                               GError          **error)
{
  g_autoptr(GFile) file = astrix_recording_dup_file (self);

  if (self->status == ASTRIX_RECORDING_STATUS_OUTSIDE)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT, self->problem);
      return FALSE;
    }
  if (!g_file_is_native (file))
    return TRUE;
  return _astrix_recording_check_inside (self->root, file, error);
}

/* The two paths of a recording: this desktop's and the PBX's */

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/**
 * astrix_recording_validate_pbx_name:
 *
 * A file name goes into a dialplan application argument (ControlPlayback's, or RECFILE which a
 * dialplan expands into one): refuses what could add arguments or options (`,` `|` `(` `)`),
 * other files (`&` for Playback), quoting (`"` `\`), control characters, and `.` or `..` as a
 * path element.
 */
gboolean
astrix_recording_validate_pbx_name (const char  *name,
                                    GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (name == NULL || name[0] == '\0')
    return refuse (error, _("No recording was given."));
  if (strlen (name) > 1024 || !g_utf8_validate (name, -1, NULL))
    return refuse (error, _("That is not a recording’s file name."));
  for (const char *p = name; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f || strchr (",|()&\"\\", *p) != NULL)
        return refuse (error, _("The recording’s file name contains a character the PBX cannot "
                                "be given safely (a comma, bar, parenthesis, ampersand, quote, "
                                "backslash or control character)."));
    }
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0 || strcmp (parts[i], ".") == 0)
        return refuse (error, _("The recording’s path may not contain “.” or “..”."));
    }
  return TRUE;
}

static char *
trim_slashes (const char *path)
{
  g_autofree char *copy = g_strdup (path);
  gsize len = strlen (copy);

  while (len > 1 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return g_steal_pointer (&copy);
}

/**
 * _astrix_recording_pbx_path:
 * @pbx_root: an absolute folder as Asterisk sees it, "/" or ending in slashes as typed
 * @name: a name relative to it
 *
 * Returns: (transfer full): @name in @pbx_root, with one slash between them
 */
char *
_astrix_recording_pbx_path (const char *pbx_root,
                            const char *name)
{
  g_autofree char *base = trim_slashes (pbx_root);

  return g_strconcat (strcmp (base, "/") == 0 ? "" : base, "/", name, NULL);
}

/* For a local folder, where links lead: the file must really be inside the folder. */
gboolean
_astrix_recording_check_inside (GFile   *root,
                                GFile   *file,
                                GError **error)
{
  g_autofree char *root_path = g_file_get_path (root);
  g_autofree char *file_path = g_file_get_path (file);
  g_autofree char *real_root = NULL;
  g_autofree char *real_file = NULL;
  int saved_errno;

  if (root_path == NULL || file_path == NULL)
    return TRUE;
  real_root = realpath (root_path, NULL);
  real_file = realpath (file_path, NULL);
  saved_errno = errno;
  if (real_root == NULL || real_file == NULL)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND,
                   _("The recording “%s” is not in the recordings folder (%s)."),
                   g_file_peek_path (file), g_strerror (saved_errno));
      return FALSE;
    }
  if (!g_str_has_prefix (real_file, real_root) ||
      (real_file[strlen (real_root)] != '/' && strcmp (real_root, "/") != 0))
    return refuse (error, _("The recording is a link that leads outside the recordings folder: "
                            "it is not played."));
  return TRUE;
}

/**
 * astrix_recording_map_to_pbx:
 * @root: the recordings folder as this desktop reads it
 * @pbx_root: the same folder as Asterisk sees it (`/var/spool/asterisk/monitor`)
 * @file: a recording in @root
 *
 * The name to give Asterisk for @file: the PBX's path, without the extension (Asterisk picks
 * the format). For a local folder, links are followed: a file whose real place is outside
 * the folder is refused.
 *
 * Returns: (transfer full) (nullable): `/var/spool/asterisk/monitor/client-123/call-456`
 */
char *
astrix_recording_map_to_pbx (GFile       *root,
                             const char  *pbx_root,
                             GFile       *file,
                             GError     **error)
{
  g_autofree char *relative = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *result = NULL;

  if (root == NULL || pbx_root == NULL || pbx_root[0] != '/')
    {
      refuse (error, _("The recordings folder is not set up for this server."));
      return NULL;
    }
  relative = g_file_get_relative_path (root, file);
  if (relative == NULL)
    {
      refuse (error, _("That file is outside the recordings folder: it is not played."));
      return NULL;
    }
  if (!astrix_recording_is_audio_name (strrchr (relative, '/') ? strrchr (relative, '/') + 1
                                                               : relative))
    {
      refuse (error, _("That file is not a recording format the PBX plays."));
      return NULL;
    }
  if (!astrix_recording_validate_pbx_name (relative, error) ||
      !_astrix_recording_check_inside (root, file, error))
    return NULL;

  stem = g_strndup (relative, strrchr (relative, '.') - relative);
  result = _astrix_recording_pbx_path (pbx_root, stem);
  if (!astrix_recording_validate_pbx_name (result, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* Returns: (transfer full) (nullable): @pbx_path relative to @pbx_root, or %NULL if outside */
static char *
pbx_relative (const char *pbx_root,
              const char *pbx_path)
{
  g_autofree char *base = trim_slashes (pbx_root);
  gsize len = strlen (base);

  if (strcmp (base, "/") == 0)
    return pbx_path[0] == '/' && pbx_path[1] != '\0' ? g_strdup (pbx_path + 1) : NULL;
  if (strncmp (pbx_path, base, len) != 0 || pbx_path[len] != '/' || pbx_path[len + 1] == '\0')
    return NULL;
  return g_strdup (pbx_path + len + 1);
}

/**
 * astrix_recording_map_from_pbx:
 * @pbx_path: a path as Asterisk sees it (`MIXMONITOR_FILENAME`), with or without extension
 *
 * Returns: (transfer full) (nullable): the same file as this desktop reads it, or %NULL if
 *   @pbx_path is not in the recordings folder
 */
GFile *
astrix_recording_map_from_pbx (GFile      *root,
                               const char *pbx_root,
                               const char *pbx_path)
{
  g_autofree char *relative = NULL;

  if (root == NULL || pbx_root == NULL || pbx_path == NULL ||
      !astrix_recording_validate_pbx_name (pbx_path, NULL))
    return NULL;
  relative = pbx_relative (pbx_root, pbx_path);
  if (relative == NULL)
    return NULL;
  return g_file_resolve_relative_path (root, relative);
}

static gboolean
has_dot_dot (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * astrix_recording_resolve:
 * @text: a recording as a user or a script gives it: a URI, a path on this desktop, a path as
 *   the PBX sees it, or a path relative to the recordings folder
 *
 * Returns: (transfer full) (nullable): the recording as this desktop reads it; %NULL with
 *   @error for anything outside the folder
 */
GFile *
astrix_recording_resolve (GFile       *root,
                          const char  *pbx_root,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *relative = NULL;

  if (text == NULL || text[0] == '\0')
    {
      refuse (error, _("No recording was given."));
      return NULL;
    }
  if (root == NULL)
    {
      refuse (error, _("The recordings folder is not set up for this server."));
      return NULL;
    }
  if (has_dot_dot (text))
    {
      refuse (error, _("The recording’s path may not contain “..”."));
      return NULL;
    }
  if (g_uri_peek_scheme (text) != NULL)
    file = g_file_new_for_uri (text);
  else if (text[0] == '/')
    {
      g_autoptr(GFile) local = g_file_new_for_path (text);

      /* A desktop path inside the folder wins over the PBX's view of the same string. */
      if (g_file_has_prefix (local, root) || pbx_root == NULL)
        file = g_steal_pointer (&local);
      else
        file = astrix_recording_map_from_pbx (root, pbx_root, text);
    }
  else
    file = g_file_resolve_relative_path (root, text);

  if (file == NULL || (relative = g_file_get_relative_path (root, file)) == NULL)
    {
      refuse (error, _("That file is outside the recordings folder: it is not played."));
      return NULL;
    }
  return g_steal_pointer (&file);
}

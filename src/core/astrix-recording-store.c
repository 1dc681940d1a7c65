/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-error.h"
#include "astrix-glib-private.h"
#include "astrix-recording-private.h"
#include "astrix-recording-store-private.h"

/*
 * The recordings of one folder as a GListModel: a local path or any GVfs location
 * (sftp://pbx/var/spool/asterisk/monitor). The folder is walked recursively and
 * asynchronously, one directory at a time, in batches: the first rows come with the first
 * batch (a hundred files), later ones in announcements that grow further apart (ANNOUNCE_MS,
 * twice that, ...), so a folder of 100,000 files shows at once and a view sorting it resorts
 * and repaints a handful of times, not a hundred.
 *
 * New, changed and removed files come from file monitors where the backend has them (local
 * folders); elsewhere (sftp, smb) a periodic refresh walks the folder again and compares.
 *
 * The listing gives name, size and modification time only. Format and duration need the
 * header: they are read on request, for the rows a view shows (the recordings page asks with
 * request_duration() when a duration cell is first drawn, and cancels when the cell shows
 * another recording), a few at a time, by the store's AstrixRecordingProber.
 */

#define FIRST_BATCH       100
#define DEFAULT_BATCH     1000
#define ANNOUNCE_MS       100
#define MAX_ANNOUNCE_MS   800
#define DEFAULT_REFRESH_S 60



enum {
  PROP_0,
  PROP_ROOT,
  PROP_PBX_PATH,
  PROP_WATCH,
  PROP_BATCH_SIZE,
  PROP_REFRESH_INTERVAL,
  PROP_LOADING,
  PROP_WATCHING,
  PROP_ERROR,
  PROP_FOLDERS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void astrix_recording_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixRecordingStore, astrix_recording_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_recording_store_list_model_init))

static void walk_next (AstrixRecordingStore *self);

/* GListModel */

static GType
astrix_recording_store_get_item_type (GListModel *list)
{
  return ASTRIX_TYPE_RECORDING;
}

static guint
astrix_recording_store_get_n_items (GListModel *list)
{
  return ASTRIX_RECORDING_STORE (list)->n_announced;
}

static gpointer
astrix_recording_store_get_item (GListModel *list,
                                 guint       position)
{
  AstrixRecordingStore *self = ASTRIX_RECORDING_STORE (list);

  if (position >= self->n_announced)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
astrix_recording_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_recording_store_get_item_type;
  iface->get_n_items = astrix_recording_store_get_n_items;
  iface->get_item = astrix_recording_store_get_item;
}

/* Adding and removing */

static void
announce (AstrixRecordingStore *self)
{
  guint before = self->n_announced;

  g_clear_handle_id (&self->announce_id, g_source_remove);
  if (self->items->len == before)
    return;
  self->n_announced = self->items->len;
  g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->n_announced - before);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
announce_cb (gpointer data)
{
  AstrixRecordingStore *self = data;

  self->announce_id = 0;
  announce (self);
  return G_SOURCE_REMOVE;
}

/* The first rows show at once; after that the view gets them in a few big steps. */
static void
schedule_announce (AstrixRecordingStore *self)
{
  if (self->n_announced == 0)
    announce (self);
  else if (self->announce_id == 0)
    {
      self->announce_id = g_timeout_add (self->announce_ms, announce_cb, self);
      if (self->loading)
        self->announce_ms = MIN (self->announce_ms * 2, MAX_ANNOUNCE_MS);
    }
}

static void
count_folder (AstrixRecordingStore *self,
              const char           *folder,
              int                   delta)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->folders, folder));

  if (delta > 0)
    g_hash_table_insert (self->folders, g_strdup (folder), GUINT_TO_POINTER (n + 1));
  else if (n > 1)
    g_hash_table_insert (self->folders, g_strdup (folder), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (self->folders, folder);
  /* The list of folders changes when one appears or goes. */
  if ((delta > 0 && n == 0) || (delta < 0 && n <= 1))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDERS]);
}

static void
add_recording (AstrixRecordingStore *self,
               const char           *relative,
               GFileInfo            *info)
{
  AstrixRecording *recording = g_hash_table_lookup (self->by_path, relative);

  if (self->seen != NULL)
    g_hash_table_add (self->seen, g_strdup (relative));
  if (recording != NULL)
    {
      _astrix_recording_update_info (recording, info);
      return;
    }
  recording = _astrix_recording_new (self->root, relative, info);
  g_ptr_array_add (self->items, recording);
  g_hash_table_insert (self->by_path, (gpointer) astrix_recording_get_relative_path (recording),
                       recording);
  count_folder (self, astrix_recording_get_folder (recording), +1);
  _astrix_recording_store_find_caller (self, recording);
  schedule_announce (self);
}

static void
remove_at (AstrixRecordingStore *self,
           guint                 position)
{
  AstrixRecording *recording = g_ptr_array_index (self->items, position);
  const char *uniqueid = astrix_recording_get_uniqueid (recording);

  /* The view must know every row before one can go. */
  announce (self);
  astrix_recording_prober_forget (self->prober, recording);
  if (uniqueid != NULL && g_hash_table_lookup (self->by_uniqueid, uniqueid) == recording)
    g_hash_table_remove (self->by_uniqueid, uniqueid);
  g_hash_table_remove (self->by_path, astrix_recording_get_relative_path (recording));
  count_folder (self, astrix_recording_get_folder (recording), -1);
  g_ptr_array_remove_index (self->items, position);
  self->n_announced--;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

gboolean
_astrix_recording_store_find_position (AstrixRecordingStore *self,
                                       AstrixRecording      *recording,
                                       guint                *position)
{
  return g_ptr_array_find (self->items, recording, position);
}

void
_astrix_recording_store_remove_path (AstrixRecordingStore *self,
                                     const char           *relative)
{
  AstrixRecording *recording = g_hash_table_lookup (self->by_path, relative);
  guint position;

  if (recording != NULL && _astrix_recording_store_find_position (self, recording, &position))
    remove_at (self, position);
}

/* Everything under a directory that went away. */
void
_astrix_recording_store_remove_under (AstrixRecordingStore *self,
                                      const char           *relative_dir)
{
  g_autofree char *prefix = g_strconcat (relative_dir, "/", NULL);

  for (guint i = self->items->len; i > 0; i--)
    {
      AstrixRecording *recording = g_ptr_array_index (self->items, i - 1);

      if (g_str_has_prefix (astrix_recording_get_relative_path (recording), prefix))
        remove_at (self, i - 1);
    }
  g_hash_table_remove (self->monitors, relative_dir);
}

char *
_astrix_recording_store_relative_of (AstrixRecordingStore *self,
                                     GFile                *file)
{
  if (g_file_equal (file, self->root))
    return g_strdup ("");
  return g_file_get_relative_path (self->root, file);
}

static char *
join (const char *dir,
      const char *name)
{
  return dir[0] == '\0' ? g_strdup (name) : g_strconcat (dir, "/", name, NULL);
}

/* What one entry of a listing is to us. */
void
_astrix_recording_store_take_info (AstrixRecordingStore *self,
                                   const char           *dir,
                                   GFileInfo            *info)
{
  const char *name = g_file_info_get_name (info);
  g_autofree char *relative = NULL;

  if (name == NULL || name[0] == '.')
    return;
  relative = join (dir, name);
  switch (g_file_info_get_file_type (info))
    {
    case G_FILE_TYPE_DIRECTORY:
      /* Linked directories are not followed: they could loop, or lead out of the folder. */
      if (!g_queue_find_custom (&self->dirs, relative, (GCompareFunc) strcmp))
        g_queue_push_tail (&self->dirs, g_steal_pointer (&relative));
      break;
    case G_FILE_TYPE_REGULAR:
    case G_FILE_TYPE_SYMBOLIC_LINK:
      if (astrix_recording_is_audio_name (name))
        add_recording (self, relative, info);
      break;
    default:
      break;
    }
}

/* The walk */

typedef struct
{
  AstrixRecordingStore *self;
  GFileEnumerator      *enumerator;
  char                 *dir;
  guint                 batches;
} Walk;

static void
walk_free (Walk *walk)
{
  g_clear_object (&walk->self);
  g_clear_object (&walk->enumerator);
  g_free (walk->dir);
  g_free (walk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Walk, walk_free)

static void
set_loading (AstrixRecordingStore *self,
             gboolean              loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (AstrixRecordingStore *self,
           const char           *error)
{
  if (_astrix_set_str (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static gboolean
refresh_cb (gpointer data)
{
  AstrixRecordingStore *self = data;

  self->refresh_id = 0;
  astrix_recording_store_refresh (self);
  return G_SOURCE_REMOVE;
}

/* A refresh: what was not found again is gone. */
static void
drop_unseen (AstrixRecordingStore *self)
{
  g_autoptr(GHashTable) seen = g_steal_pointer (&self->seen);

  if (seen == NULL)
    return;
  for (guint i = self->items->len; i > 0; i--)
    {
      AstrixRecording *recording = g_ptr_array_index (self->items, i - 1);

      if (!g_hash_table_contains (seen, astrix_recording_get_relative_path (recording)))
        remove_at (self, i - 1);
    }
}

static void
walk_finished (AstrixRecordingStore *self)
{
  gboolean watching;

  g_clear_pointer (&self->current_dir, g_free);
  drop_unseen (self);
  announce (self);
  self->announce_ms = ANNOUNCE_MS;
  watching = self->watch && !self->unwatchable && g_hash_table_size (self->monitors) > 0;
  if (self->watching != watching)
    {
      self->watching = watching;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHING]);
    }
  set_loading (self, FALSE);
  if (self->walk_again)
    {
      self->walk_again = FALSE;
      astrix_recording_store_refresh (self);
      return;
    }
  /* Without monitors, new files show up through a walk now and then. */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (!self->watching && self->refresh_interval > 0)
    self->refresh_id = g_timeout_add_seconds (self->refresh_interval, refresh_cb, self);
}

static void
close_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_file_enumerator_close_finish (G_FILE_ENUMERATOR (source), result, NULL);
}

static void
next_files_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(Walk) walk = data;
  AstrixRecordingStore *self = walk->self;
  g_autoptr(GError) error = NULL;
  GList *infos = g_file_enumerator_next_files_finish (G_FILE_ENUMERATOR (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_warning ("Listing %s of the recordings folder: %s", walk->dir, error->message);

  for (GList *l = infos; l != NULL; l = l->next)
    _astrix_recording_store_take_info (self, walk->dir, l->data);

  if (infos == NULL)
    {
      g_file_enumerator_close_async (walk->enumerator, G_PRIORITY_LOW, NULL, close_done, NULL);
      walk_next (self);
    }
  else
    {
      GFileEnumerator *enumerator = walk->enumerator;

      walk->batches++;
      g_file_enumerator_next_files_async (enumerator, self->batch_size, G_PRIORITY_LOW,
                                          self->cancellable, next_files_done,
                                          g_steal_pointer (&walk));
    }
  g_list_free_full (infos, g_object_unref);
}

static void
enumerate_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(Walk) walk = data;
  AstrixRecordingStore *self = walk->self;
  g_autoptr(GError) error = NULL;
  GFileEnumerator *enumerator;

  walk->enumerator = g_file_enumerate_children_finish (G_FILE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (walk->enumerator == NULL)
    {
      if (walk->dir[0] == '\0')
        {
          g_autofree char *text = g_strdup_printf (_("The recordings folder cannot be read: %s"),
                                                   error->message);

          set_error (self, text);
        }
      else
        g_warning ("Listing %s of the recordings folder: %s", walk->dir, error->message);
      walk_next (self);
      return;
    }
  if (walk->dir[0] == '\0')
    set_error (self, NULL);
  _astrix_recording_store_watch_directory (self, walk->dir);
  /* A small first batch: the first rows of a huge folder come at once. */
  enumerator = walk->enumerator;
  g_file_enumerator_next_files_async (enumerator,
                                      self->n_announced == 0 ? MIN (FIRST_BATCH, self->batch_size)
                                                             : self->batch_size,
                                      G_PRIORITY_LOW, self->cancellable, next_files_done,
                                      g_steal_pointer (&walk));
}

static void
walk_next (AstrixRecordingStore *self)
{
  g_autofree char *dir = g_queue_pop_head (&self->dirs);
  g_autoptr(GFile) file = NULL;
  Walk *walk;

  if (dir == NULL)
    {
      walk_finished (self);
      return;
    }
  g_free (self->current_dir);
  self->current_dir = g_strdup (dir);
  file = g_file_resolve_relative_path (self->root, dir);
  walk = g_new0 (Walk, 1);
  walk->self = g_object_ref (self);
  walk->dir = g_steal_pointer (&dir);
  g_file_enumerate_children_async (file, LIST_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                   G_PRIORITY_LOW, self->cancellable, enumerate_done, walk);
}

/* Starts a walk from @relative_dir, or joins it to the walk going on. */
void
_astrix_recording_store_walk_from (AstrixRecordingStore *self,
                                   const char           *relative_dir)
{
  if (g_queue_find_custom (&self->dirs, relative_dir, (GCompareFunc) strcmp) ||
      g_strcmp0 (self->current_dir, relative_dir) == 0)
    return;
  g_queue_push_tail (&self->dirs, g_strdup (relative_dir));
  if (!self->loading)
    {
      set_loading (self, TRUE);
      walk_next (self);
    }
}

/**
 * astrix_recording_store_load:
 *
 * Lists the folder (once; later calls do nothing). Rows come in batches while
 * #AstrixRecordingStore:loading is %TRUE.
 */
void
astrix_recording_store_load (AstrixRecordingStore *self)
{
  g_return_if_fail (ASTRIX_IS_RECORDING_STORE (self));

  if (self->loading || self->items->len > 0 || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  _astrix_recording_store_walk_from (self, "");
}

/**
 * astrix_recording_store_refresh:
 *
 * Walks the folder again: new files are added, changed ones updated, vanished ones removed.
 */
void
astrix_recording_store_refresh (AstrixRecordingStore *self)
{
  g_return_if_fail (ASTRIX_IS_RECORDING_STORE (self));

  if (self->cancellable == NULL)
    {
      astrix_recording_store_load (self);
      return;
    }
  if (self->loading)
    {
      self->walk_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  _astrix_recording_store_walk_from (self, "");
}

/* Durations */

/**
 * astrix_recording_store_request_duration:
 *
 * Asks for the format and duration of @recording (a view calls this when it shows the row).
 * They come as property changes; the status says why when they cannot be had.
 */
void
astrix_recording_store_request_duration (AstrixRecordingStore *self,
                                         AstrixRecording      *recording)
{
  g_return_if_fail (ASTRIX_IS_RECORDING_STORE (self));
  g_return_if_fail (ASTRIX_IS_RECORDING (recording));

  /* Not before the folder is listed */
  if (self->cancellable != NULL)
    astrix_recording_prober_request (self->prober, recording);
}

/*
 * The row scrolled out of sight before its turn came: the request is taken back (once every
 * view that asked has taken it back; each request_duration() wants a cancel_duration()).
 */
void
astrix_recording_store_cancel_duration (AstrixRecordingStore *self,
                                        AstrixRecording      *recording)
{
  g_return_if_fail (ASTRIX_IS_RECORDING_STORE (self));

  astrix_recording_prober_cancel (self->prober, recording);
}

/* Life cycle */

static void
astrix_recording_store_dispose (GObject *object)
{
  AstrixRecordingStore *self = ASTRIX_RECORDING_STORE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->announce_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_hash_table_remove_all (self->monitors);
  if (self->prober != NULL)
    astrix_recording_prober_shutdown (self->prober);
  astrix_recording_store_set_channel_store (self, NULL);

  G_OBJECT_CLASS (astrix_recording_store_parent_class)->dispose (object);
}

static void
astrix_recording_store_finalize (GObject *object)
{
  AstrixRecordingStore *self = ASTRIX_RECORDING_STORE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->root);
  g_free (self->pbx_path);
  g_hash_table_unref (self->by_path);
  g_hash_table_unref (self->by_uniqueid);
  g_hash_table_unref (self->folders);
  g_ptr_array_unref (self->items);
  g_queue_clear_full (&self->dirs, g_free);
  g_free (self->current_dir);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_free (self->error);
  g_hash_table_unref (self->monitors);
  g_clear_object (&self->prober);
  g_hash_table_unref (self->callers);
  g_hash_table_unref (self->live_ids);
  g_hash_table_unref (self->live);

  G_OBJECT_CLASS (astrix_recording_store_parent_class)->finalize (object);
}

static void
astrix_recording_store_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AstrixRecordingStore *self = ASTRIX_RECORDING_STORE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;
    case PROP_PBX_PATH:
      g_value_set_string (value, self->pbx_path);
      break;
    case PROP_WATCH:
      g_value_set_boolean (value, self->watch);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, self->refresh_interval);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_WATCHING:
      g_value_set_boolean (value, self->watching);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_FOLDERS:
      g_value_take_boxed (value, astrix_recording_store_dup_folders (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_announced);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_recording_store_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  AstrixRecordingStore *self = ASTRIX_RECORDING_STORE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_object (value);
      if (self->root != NULL)
        self->prober = astrix_recording_prober_new (self->root);
      break;
    case PROP_PBX_PATH:
      self->pbx_path = g_value_dup_string (value);
      break;
    case PROP_WATCH:
      self->watch = g_value_get_boolean (value);
      break;
    case PROP_BATCH_SIZE:
      if (self->batch_size != g_value_get_uint (value))
        {
          self->batch_size = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_REFRESH_INTERVAL:
      if (self->refresh_interval != g_value_get_uint (value))
        {
          self->refresh_interval = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_recording_store_class_init (AstrixRecordingStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_write = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_recording_store_dispose;
  object_class->finalize = astrix_recording_store_finalize;
  object_class->get_property = astrix_recording_store_get_property;
  object_class->set_property = astrix_recording_store_set_property;

  properties[PROP_ROOT] = g_param_spec_object ("root", NULL, NULL, G_TYPE_FILE, construct);
  properties[PROP_PBX_PATH] =
    g_param_spec_string ("pbx-path", NULL, NULL, "/var/spool/asterisk/monitor", construct);
  /* FALSE: behave as on a backend without file monitors (a refresh now and then). */
  properties[PROP_WATCH] = g_param_spec_boolean ("watch", NULL, NULL, TRUE, construct);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 100000, DEFAULT_BATCH, read_write);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 0, 86400, DEFAULT_REFRESH_S, read_write);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, read_only);
  properties[PROP_WATCHING] = g_param_spec_boolean ("watching", NULL, NULL, FALSE, read_only);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, read_only);
  properties[PROP_FOLDERS] = g_param_spec_boxed ("folders", NULL, NULL, G_TYPE_STRV, read_only);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_recording_store_init (AstrixRecordingStore *self)
{
  self->batch_size = DEFAULT_BATCH;
  self->announce_ms = ANNOUNCE_MS;
  self->refresh_interval = DEFAULT_REFRESH_S;
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_uniqueid = g_hash_table_new (g_str_hash, g_str_equal);
  self->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->live_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->live = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
}

/**
 * astrix_recording_store_new:
 * @root: the recordings folder as this desktop reads it
 * @pbx_path: (nullable): the same folder as Asterisk sees it (`/var/spool/asterisk/monitor`
 *   by default)
 *
 * The store is empty until astrix_recording_store_load().
 */
AstrixRecordingStore *
_astrix_recording_store_new (GFile      *root,
                             const char *pbx_path)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);

  if (pbx_path == NULL)
    return g_object_new (ASTRIX_TYPE_RECORDING_STORE, "root", root, NULL);
  return g_object_new (ASTRIX_TYPE_RECORDING_STORE, "root", root, "pbx-path", pbx_path, NULL);
}

/* @uri: a URI or a local path */
AstrixRecordingStore *
astrix_recording_store_new_for_uri (const char *uri,
                                    const char *pbx_path)
{
  g_autoptr(GFile) root = g_file_new_for_commandline_arg (uri);

  return _astrix_recording_store_new (root, pbx_path);
}

GFile *
astrix_recording_store_get_root (AstrixRecordingStore *self)
{
  return self->root;
}

const char *
astrix_recording_store_get_pbx_path (AstrixRecordingStore *self)
{
  return self->pbx_path;
}

gboolean
astrix_recording_store_get_loading (AstrixRecordingStore *self)
{
  return self->loading;
}

/* Returns: whether file monitors report changes (otherwise a refresh runs every few minutes) */
gboolean
_astrix_recording_store_get_watching (AstrixRecordingStore *self)
{
  return self->watching;
}

/* Returns: (nullable): why the folder cannot be listed, as a sentence */
const char *
astrix_recording_store_get_error (AstrixRecordingStore *self)
{
  return self->error;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Returns: (transfer full): the sub-folders that hold recordings, sorted ("" for the top) */
char **
astrix_recording_store_dup_folders (AstrixRecordingStore *self)
{
  g_autofree char **keys = (char **) g_hash_table_get_keys_as_array (self->folders, NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **folders;

  g_strv_builder_addv (builder, (const char **) keys);
  folders = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  qsort (folders, g_strv_length (folders), sizeof (char *), compare_strings);
  return folders;
}

/* Returns: (transfer none) (nullable): the recording at that path inside the folder */
AstrixRecording *
_astrix_recording_store_lookup (AstrixRecordingStore *self,
                                const char           *relative_path)
{
  return g_hash_table_lookup (self->by_path, relative_path);
}

/* Returns: (transfer none) (nullable) */
AstrixRecording *
astrix_recording_store_lookup_file (AstrixRecordingStore *self,
                                    GFile                *file)
{
  g_autofree char *relative = g_file_get_relative_path (self->root, file);

  return relative != NULL ? _astrix_recording_store_lookup (self, relative) : NULL;
}

/**
 * astrix_recording_store_lookup_pbx_path:
 * @pbx_path: as Asterisk names it, with or without extension (`MIXMONITOR_FILENAME`,
 *   `/var/spool/asterisk/monitor/1795666433.57`)
 *
 * Returns: (transfer none) (nullable)
 */
AstrixRecording *
astrix_recording_store_lookup_pbx_path (AstrixRecordingStore *self,
                                        const char           *pbx_path)
{
  g_autoptr(GFile) file = astrix_recording_map_from_pbx (self->root, self->pbx_path, pbx_path);
  g_autofree char *relative = file != NULL ? g_file_get_relative_path (self->root, file) : NULL;
  AstrixRecording *recording;

  if (relative == NULL)
    return NULL;
  recording = _astrix_recording_store_lookup (self, relative);
  if (recording != NULL)
    return recording;
  /* Without extension: the file Asterisk would pick. */
  for (guint i = 0; i < self->items->len; i++)
    {
      AstrixRecording *candidate = g_ptr_array_index (self->items, i);
      const char *path = astrix_recording_get_relative_path (candidate);
      gsize len = strlen (relative);

      if (strncmp (path, relative, len) == 0 && path[len] == '.' &&
          strchr (path + len + 1, '/') == NULL)
        return candidate;
    }
  return NULL;
}

/**
 * astrix_recording_store_map_to_pbx:
 *
 * Returns: (transfer full) (nullable): the name Asterisk plays @recording by (the PBX's
 *   path without extension), or %NULL with @error when it must not be sent
 */
char *
_astrix_recording_store_map_to_pbx (AstrixRecordingStore  *self,
                                    AstrixRecording       *recording,
                                    GError               **error)
{
  g_autoptr(GFile) file = astrix_recording_dup_file (recording);

  if (astrix_recording_get_status (recording) == ASTRIX_RECORDING_STATUS_OUTSIDE)
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           astrix_recording_get_problem (recording));
      return NULL;
    }
  return astrix_recording_map_to_pbx (self->root, self->pbx_path, file, error);
}

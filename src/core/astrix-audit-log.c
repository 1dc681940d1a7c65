/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-audit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "astrix-audit-log.h"
#include "astrix-audit-private.h"

/*
 * The audit log: every monitoring session and playback, as JSON Lines in
 * $XDG_DATA_HOME/astrix-assist/audit.jsonl (readable by this user only).
 *
 * An activity is written as it happens: a "start" line, a "change" line for each mode change
 * (or pause, seek...), an "end" line; so a crash loses at most the end, and the start of what
 * was going on is there. The file is only ever appended to: opened with O_APPEND, never
 * truncated, renamed or rewritten, each line in one write(). A write torn by a crash leaves a
 * last line without its end: the next record starts with a newline of its own, and reading
 * skips the torn line (and any line it cannot understand) instead of failing.
 *
 * The object is also the list of activities for the Activity view, newest first: the ones of
 * this session as they happen, and the file's once astrix_audit_log_load_async() has read it.
 * Watching monitoring sessions and playbacks as they go is in astrix-audit-watch.c.
 */

#define FILE_NAME     "audit.jsonl"
#define LOG_VERSION   1

struct _AstrixAuditLog
{
  GObject     parent_instance;

  char       *path;
  GPtrArray  *entries;   /* AstrixAuditEntry, newest first */
  GHashTable *by_id;     /* id -> AstrixAuditEntry (the reference is the array's) */
  GHashTable *watched;   /* object watched -> its watch (astrix-audit-watch.c) */
  guint       n_skipped; /* lines the last load could not read */
};

enum {
  WRITE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixAuditLog, astrix_audit_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* The list */

static GType
astrix_audit_log_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_AUDIT_ENTRY;
}

static guint
astrix_audit_log_get_n_items (GListModel *model)
{
  return ASTRIX_AUDIT_LOG (model)->entries->len;
}

static gpointer
astrix_audit_log_get_item (GListModel *model,
                           guint       position)
{
  AstrixAuditLog *self = ASTRIX_AUDIT_LOG (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_audit_log_get_item_type;
  iface->get_n_items = astrix_audit_log_get_n_items;
  iface->get_item = astrix_audit_log_get_item;
}

/* Newest first; what has no start time last. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  gint64 ta = astrix_audit_entry_get_started (*(AstrixAuditEntry **) a);
  gint64 tb = astrix_audit_entry_get_started (*(AstrixAuditEntry **) b);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

/* Where a new entry goes: before the first that started no later. */
static guint
insertion_point (AstrixAuditLog   *self,
                 AstrixAuditEntry *entry)
{
  guint i = 0;

  while (i < self->entries->len &&
         compare_newest_first (&g_ptr_array_index (self->entries, i), &entry) < 0)
    i++;
  return i;
}

/* Writing */

/* Appends @line (one JSON object, no end of line) to the file in one write. */
static gboolean
append_line (AstrixAuditLog  *self,
             GString         *line,
             GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  gsize written = 0;
  off_t size;
  char last;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* Read too: the last byte tells whether the file ends with a whole line. */
  fd = g_open (self->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", self->path,
                   g_strerror (saved));
      return FALSE;
    }
  /* A crash in the middle of a write left a line without its end: ours starts anew. */
  size = lseek (fd, 0, SEEK_END);
  if (size > 0 && pread (fd, &last, 1, size - 1) == 1 && last != '\n')
    g_string_prepend_c (line, '\n');
  g_string_append_c (line, '\n');
  while (written < line->len)
    {
      gssize n = write (fd, line->str + written, line->len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", self->path,
                       g_strerror (saved));
          close (fd);
          return FALSE;
        }
      written += n;
    }
  return g_close (fd, error);
}

static JsonBuilder *
record_new (const char *event,
            const char *id,
            gint64      time)
{
  JsonBuilder *line = json_builder_new ();
  g_autofree char *stamp = _astrix_audit_format_time (time);

  json_builder_begin_object (line);
  _astrix_audit_json_add_int (line, "v", LOG_VERSION);
  _astrix_audit_json_add (line, "time", stamp);
  _astrix_audit_json_add (line, "event", event);
  _astrix_audit_json_add (line, "id", id);
  return line;
}

static AstrixAuditEntry *
find_or_add_entry (AstrixAuditLog *self,
                   const char     *id)
{
  AstrixAuditEntry *entry = g_hash_table_lookup (self->by_id, id);

  if (entry == NULL)
    {
      entry = _astrix_audit_entry_new (id);
      g_hash_table_insert (self->by_id, (gpointer) astrix_audit_entry_get_id (entry), entry);
    }
  return entry;
}

/* Writes @builder's record (taking @builder) and shows it in the list, as read back it would
 * be. */
static void
commit (AstrixAuditLog *self,
        const char     *id,
        JsonBuilder    *builder,
        gboolean        live)
{
  g_autoptr(GString) line = _astrix_audit_json_finish (builder);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) record = NULL;
  AstrixAuditEntry *entry;
  gboolean is_new;
  guint position;

  g_object_unref (builder);
  record = _astrix_audit_json_parse_object (line->str, line->len);
  g_assert (record != NULL);
  if (!append_line (self, line, &error))
    {
      g_autofree char *sentence = g_strdup_printf (_("The activity could not be written to the "
                                                     "audit log: %s"), error->message);

      /* Said once: to the supervisor if anybody listens, else in the journal. */
      if (g_signal_has_handler_pending (self, signals[WRITE_FAILED], 0, FALSE))
        g_signal_emit (self, signals[WRITE_FAILED], 0, sentence);
      else
        g_warning ("%s", sentence);
    }

  is_new = !g_hash_table_contains (self->by_id, id);
  entry = find_or_add_entry (self, id);
  _astrix_audit_entry_apply (entry, record);
  _astrix_audit_entry_set_live (entry, live);
  if (is_new)
    {
      position = insertion_point (self, entry);
      g_ptr_array_insert (self->entries, position, entry);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }
}

static void
add_server (JsonBuilder        *line,
            AstrixServerConfig *config)
{
  g_autofree char *uri = NULL;

  if (config == NULL)
    return;
  uri = astrix_server_config_dup_display_uri (config);
  _astrix_audit_json_add (line, "ami_user", astrix_server_config_get_username (config));
  _astrix_audit_json_add (line, "server", astrix_server_config_get_name (config));
  _astrix_audit_json_add (line, "server_uri", uri);
  _astrix_audit_json_add (line, "endpoint", astrix_server_config_get_endpoint (config));
}

static void
add_activity (JsonBuilder        *line,
              AstrixAuditKind     kind,
              AstrixServerConfig *config,
              const char         *target,
              const char         *caller,
              const char         *detail)
{
  _astrix_audit_json_add (line, "kind", astrix_audit_kind_to_string (kind));
  _astrix_audit_json_add (line, "local_user", g_get_user_name ());
  _astrix_audit_json_add (line, "host", g_get_host_name ());
  add_server (line, config);
  _astrix_audit_json_add (line, "target", target);
  _astrix_audit_json_add (line, "caller", caller);
  _astrix_audit_json_add (line, "detail", detail);
}

/**
 * astrix_audit_log_begin:
 * @config: (nullable): the server it happens on (%NULL for a file played on this computer)
 * @target: (nullable): the monitored channel, or the recording played
 * @caller: (nullable): who is on that call
 * @detail: (nullable): the first mode of a session ("listen"), or what else says what it is
 *
 * Writes the start of an activity now. Follow it with astrix_audit_log_change() for what
 * changes while it goes on, and astrix_audit_log_end().
 *
 * Returns: (transfer full): the activity's id, for the change and end records
 */
char *
astrix_audit_log_begin (AstrixAuditLog     *self,
                        AstrixAuditKind     kind,
                        AstrixServerConfig *config,
                        const char         *target,
                        const char         *caller,
                        const char         *detail)
{
  char *id;
  JsonBuilder *line;

  g_return_val_if_fail (ASTRIX_IS_AUDIT_LOG (self), NULL);
  g_return_val_if_fail (config == NULL || ASTRIX_IS_SERVER_CONFIG (config), NULL);

  id = g_uuid_string_random ();
  line = record_new ("start", id, g_get_real_time ());
  add_activity (line, kind, config, target, caller, detail);
  commit (self, id, line, TRUE);
  return id;
}

/**
 * astrix_audit_log_change:
 * @id: from astrix_audit_log_begin()
 * @what: what changed: "mode" for listen / whisper / barge, "state" for active, paused...
 * @value: (nullable): what it is now
 *
 * Writes a change of a running activity, with the time of now.
 */
void
astrix_audit_log_change (AstrixAuditLog *self,
                         const char     *id,
                         const char     *what,
                         const char     *value)
{
  JsonBuilder *line;

  g_return_if_fail (ASTRIX_IS_AUDIT_LOG (self));
  g_return_if_fail (id != NULL && what != NULL);

  line = record_new ("change", id, g_get_real_time ());
  _astrix_audit_json_add (line, "what", what);
  _astrix_audit_json_add (line, "value", value);
  commit (self, id, line, TRUE);
}

/**
 * astrix_audit_log_end:
 * @id: from astrix_audit_log_begin()
 * @outcome: how it ended
 * @reason: (nullable): why, as a sentence ("Monitoring stopped.", "Your phone is busy.")
 */
void
astrix_audit_log_end (AstrixAuditLog     *self,
                      const char         *id,
                      AstrixAuditOutcome  outcome,
                      const char         *reason)
{
  JsonBuilder *line;

  g_return_if_fail (ASTRIX_IS_AUDIT_LOG (self));
  g_return_if_fail (id != NULL);

  line = record_new ("end", id, g_get_real_time ());
  _astrix_audit_json_add (line, "outcome", astrix_audit_outcome_to_string (outcome));
  _astrix_audit_json_add (line, "reason", reason);
  commit (self, id, line, FALSE);
}

/**
 * _astrix_audit_log_record:
 * @started: when it started, real time in µs
 * @ended: when it ended, real time in µs
 *
 * Writes a whole activity at once, in one line, once it is over (for what is only known at
 * its end; an activity that takes long is better written as it goes, with
 * astrix_audit_log_begin()). The other arguments are those of astrix_audit_log_begin() and
 * astrix_audit_log_end().
 *
 * Returns: (transfer full): the activity's id
 */
char *
_astrix_audit_log_record (AstrixAuditLog     *self,
                          AstrixAuditKind     kind,
                          AstrixServerConfig *config,
                          const char         *target,
                          const char         *caller,
                          const char         *detail,
                          gint64              started,
                          gint64              ended,
                          AstrixAuditOutcome  outcome,
                          const char         *reason)
{
  g_autofree char *start_stamp = _astrix_audit_format_time (started);
  g_autofree char *end_stamp = _astrix_audit_format_time (ended);
  char *id;
  JsonBuilder *line;

  g_return_val_if_fail (ASTRIX_IS_AUDIT_LOG (self), NULL);

  id = g_uuid_string_random ();
  line = record_new ("record", id, g_get_real_time ());
  add_activity (line, kind, config, target, caller, detail);
  _astrix_audit_json_add (line, "started", start_stamp);
  _astrix_audit_json_add (line, "ended", end_stamp);
  _astrix_audit_json_add (line, "outcome", astrix_audit_outcome_to_string (outcome));
  _astrix_audit_json_add (line, "reason", reason);
  commit (self, id, line, FALSE);
  return id;
}

/* Reading */

typedef struct
{
  GPtrArray *entries;     /* AstrixAuditEntry, in the order of their first line */
  guint      n_skipped;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->entries);
  g_free (loaded);
}

/* One line into @by_id / @entries; FALSE when it is not a record of ours. */
static gboolean
fold_line (const char *line,
           gsize       length,
           GHashTable *by_id,
           GPtrArray  *entries)
{
  g_autoptr(GHashTable) record = _astrix_audit_json_parse_object (line, length);
  const char *id = record != NULL ? g_hash_table_lookup (record, "id") : NULL;
  AstrixAuditEntry *entry;

  if (id == NULL || id[0] == '\0' || g_hash_table_lookup (record, "event") == NULL)
    return FALSE;
  entry = g_hash_table_lookup (by_id, id);
  if (entry == NULL)
    {
      entry = _astrix_audit_entry_new (id);
      g_hash_table_insert (by_id, (gpointer) astrix_audit_entry_get_id (entry), entry);
      g_ptr_array_add (entries, entry);
    }
  _astrix_audit_entry_apply (entry, record);
  return TRUE;
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  const char *path = data;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);
  gsize length = 0;
  const char *p;
  const char *end;

  loaded->entries = g_ptr_array_new_with_free_func (g_object_unref);
  if (!g_file_get_contents (path, &contents, &length, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      loaded_free (loaded);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (p = contents, end = contents + length; p != NULL && p < end;)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;

      if (line_end > p && !fold_line (p, line_end - p, by_id, loaded->entries))
        loaded->n_skipped++;
      p = newline != NULL ? newline + 1 : NULL;
      if (g_task_return_error_if_cancelled (task))
        {
          loaded_free (loaded);
          return;
        }
    }
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  if (loaded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/**
 * astrix_audit_log_load_async:
 *
 * Reads the file (in a thread) and lists what it has, newest first, with what was written
 * since this object was made. Lines that cannot be read (a torn last line, say) are skipped
 * and counted (_astrix_audit_log_get_n_skipped()); a file that does not exist yet is empty.
 */
void
astrix_audit_log_load_async (AstrixAuditLog      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) reader = NULL;

  g_return_if_fail (ASTRIX_IS_AUDIT_LOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, astrix_audit_log_load_async);
  /* The thread's task holds nothing of ours: the last reference to it may go in the thread. */
  reader = g_task_new (NULL, cancellable, read_done, task);
  g_task_set_task_data (reader, g_strdup (self->path), g_free);
  g_task_run_in_thread (reader, load_in_thread);
}

/* What was read, and what this session wrote (which wins: it is the same and more). */
static void
merge (AstrixAuditLog *self,
       Loaded         *loaded)
{
  guint old_n = self->entries->len;

  for (guint i = loaded->entries->len; i > 0; i--)
    {
      AstrixAuditEntry *entry = g_ptr_array_index (loaded->entries, i - 1);

      if (g_hash_table_contains (self->by_id, astrix_audit_entry_get_id (entry)))
        continue;
      g_ptr_array_add (self->entries, g_object_ref (entry));
      g_hash_table_insert (self->by_id, (gpointer) astrix_audit_entry_get_id (entry), entry);
    }
  /* Stable: among equal times, the later line first. */
  g_ptr_array_sort (self->entries, compare_newest_first);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->entries->len);
}

gboolean
astrix_audit_log_load_finish (AstrixAuditLog  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  Loaded *loaded;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;
  self->n_skipped = loaded->n_skipped;
  if (loaded->n_skipped > 0)
    g_debug ("%s: %u lines skipped", self->path, loaded->n_skipped);
  merge (self, loaded);
  loaded_free (loaded);
  return TRUE;
}

/* Returns: how many lines the last load could not read (torn, or not ours) */
guint
_astrix_audit_log_get_n_skipped (AstrixAuditLog *self)
{
  g_return_val_if_fail (ASTRIX_IS_AUDIT_LOG (self), 0);

  return self->n_skipped;
}

GHashTable *
_astrix_audit_log_get_watched (AstrixAuditLog *self)
{
  return self->watched;
}

/* Returns: (transfer none) (nullable): the activity @id, if listed */
AstrixAuditEntry *
_astrix_audit_log_lookup (AstrixAuditLog *self,
                          const char     *id)
{
  g_return_val_if_fail (ASTRIX_IS_AUDIT_LOG (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

/* The object */

/* What is still going on when the log goes away (the app closes) is written as interrupted. */
static void
end_open_activities (AstrixAuditLog *self)
{
  const char *reason = _("Astrix Assist closed while it went on.");
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_free);

  g_hash_table_remove_all (self->watched);
  for (guint i = 0; i < self->entries->len; i++)
    {
      AstrixAuditEntry *entry = g_ptr_array_index (self->entries, i);

      if (astrix_audit_entry_get_live (entry))
        g_ptr_array_add (open, g_strdup (astrix_audit_entry_get_id (entry)));
    }
  for (guint i = 0; i < open->len; i++)
    astrix_audit_log_end (self, g_ptr_array_index (open, i), ASTRIX_AUDIT_OUTCOME_INTERRUPTED,
                          reason);
}

static void
astrix_audit_log_dispose (GObject *object)
{
  AstrixAuditLog *self = ASTRIX_AUDIT_LOG (object);

  if (self->watched != NULL)
    {
      end_open_activities (self);
      g_clear_pointer (&self->watched, g_hash_table_unref);
    }

  G_OBJECT_CLASS (astrix_audit_log_parent_class)->dispose (object);
}

static void
astrix_audit_log_finalize (GObject *object)
{
  AstrixAuditLog *self = ASTRIX_AUDIT_LOG (object);

  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->entries);
  g_free (self->path);

  G_OBJECT_CLASS (astrix_audit_log_parent_class)->finalize (object);
}

static void
astrix_audit_log_class_init (AstrixAuditLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_audit_log_dispose;
  object_class->finalize = astrix_audit_log_finalize;

  /**
   * AstrixAuditLog::write-failed:
   * @sentence: what went wrong, for the supervisor
   *
   * A record could not be written (a full disk, no permission). The list shows it anyway.
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
astrix_audit_log_init (AstrixAuditLog *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->watched = g_hash_table_new_full (NULL, NULL, NULL, _astrix_audit_watch_free);
}

/* Returns: (transfer full): $XDG_DATA_HOME/astrix-assist/audit.jsonl */
char *
_astrix_audit_log_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "astrix-assist", FILE_NAME, NULL);
}

/**
 * astrix_audit_log_new:
 * @path: (nullable): the file, or %NULL for _astrix_audit_log_default_path()
 *
 * Nothing is read or written yet: astrix_audit_log_load_async() reads what is there, the
 * first record creates the file (and its folder) for this user only.
 */
AstrixAuditLog *
astrix_audit_log_new (const char *path)
{
  AstrixAuditLog *self = g_object_new (ASTRIX_TYPE_AUDIT_LOG, NULL);

  self->path = path != NULL ? g_strdup (path) : _astrix_audit_log_default_path ();
  return self;
}

const char *
astrix_audit_log_get_path (AstrixAuditLog *self)
{
  g_return_val_if_fail (ASTRIX_IS_AUDIT_LOG (self), NULL);

  return self->path;
}

/* Activities an earlier run left open */

/* Only this user's on this computer: another computer's app may still be at it. */
static gboolean
was_left_open (AstrixAuditEntry *entry)
{
  return astrix_audit_entry_get_outcome (entry) == ASTRIX_AUDIT_OUTCOME_OPEN &&
         !astrix_audit_entry_get_live (entry) &&
         g_strcmp0 (astrix_audit_entry_get_host (entry), g_get_host_name ()) == 0 &&
         g_strcmp0 (astrix_audit_entry_get_local_user (entry), g_get_user_name ()) == 0;
}

/**
 * astrix_audit_log_close_unfinished:
 *
 * Ends what an earlier run of the app on this computer left without an end (it was killed,
 * or the computer went down): as interrupted, "ended with the app", now (when it is known to
 * be over; the log cannot tell when that run ended). Call it once the log is loaded, when the
 * app starts (the app is one instance a session: nothing else of this user's is running).
 *
 * Returns: how many activities were ended
 */
guint
astrix_audit_log_close_unfinished (AstrixAuditLog *self)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ASTRIX_IS_AUDIT_LOG (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    {
      AstrixAuditEntry *entry = g_ptr_array_index (self->entries, i);

      if (was_left_open (entry))
        g_ptr_array_add (open, g_object_ref (entry));
    }
  for (guint i = 0; i < open->len; i++)
    astrix_audit_log_end (self, astrix_audit_entry_get_id (g_ptr_array_index (open, i)),
                          ASTRIX_AUDIT_OUTCOME_INTERRUPTED, _("Ended with the app."));
  return open->len;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-recordings"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/pbutils/pbutils.h>

#include "astrix-error.h"
#include "astrix-recording-private.h"
#include "astrix-recording-prober.h"

/*
 * The format and duration of recordings, read on request for the rows a view shows, a few
 * at a time, oldest request first. WAV, WAV49 and the headerless formats are plain
 * arithmetic on the header; MP3 and Ogg go through GstDiscoverer. Links are followed only
 * when they stay inside the recordings folder.
 */

#define MAX_PROBES        4
#define DISCOVER_TIMEOUT  (5 * GST_SECOND)

#define PROBE_ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
                         G_FILE_ATTRIBUTE_STANDARD_SYMLINK_TARGET

struct _AstrixRecordingProber
{
  GObject        parent_instance;

  GFile         *root;           /* the recordings folder: links must stay inside */
  GCancellable  *cancellable;    /* of every probe; cancelled on shutdown */
  GQueue         probe_queue;    /* AstrixRecording (ref), oldest request first */
  GHashTable    *queued;         /* AstrixRecording -> Request */
  guint          n_probing;
  GstDiscoverer *discoverer;
  GHashTable    *discovering;    /* URI -> AstrixRecording (ref) */
};

G_DEFINE_FINAL_TYPE (AstrixRecordingProber, astrix_recording_prober, G_TYPE_OBJECT)

/* A recording waiting for its header to be read, and how many views want it. */
typedef struct
{
  GList *link;     /* in probe_queue */
  guint  wanted;
} Request;

static void run_probes (AstrixRecordingProber *self);

typedef struct
{
  AstrixRecordingProber *self;
  AstrixRecording       *recording;
  GFile                 *file;
  guint64                size;
  guint8                 buffer[ASTRIX_RECORDING_HEADER_BYTES];
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->self);
  g_clear_object (&probe->recording);
  g_clear_object (&probe->file);
  g_free (probe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

static void
finish_probe (AstrixRecordingProber *self,
              AstrixRecording       *recording,
              AstrixRecordingStatus  status,
              const char            *problem)
{
  _astrix_recording_set_status (recording, status, problem);
  self->n_probing--;
  run_probes (self);
}

static void
probe_done (Probe                 *probe,
            AstrixRecordingStatus  status,
            const char            *problem)
{
  finish_probe (probe->self, probe->recording, status, problem);
}

static void
probe_failed (Probe        *probe,
              const GError *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      probe_done (probe, ASTRIX_RECORDING_STATUS_VANISHED,
                  _("The file is no longer in the recordings folder."));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    text = g_strdup (_("This computer may not read the file (permission denied)."));
  else
    text = g_strdup_printf (_("The file cannot be read: %s"), error->message);
  probe_done (probe, ASTRIX_RECORDING_STATUS_UNREADABLE, text);
}

static void
on_discovered (GstDiscoverer         *discoverer,
               GstDiscovererInfo     *info,
               GError                *error,
               AstrixRecordingProber *self)
{
  const char *uri = gst_discoverer_info_get_uri (info);
  g_autofree char *key = NULL;
  g_autoptr(AstrixRecording) recording = NULL;
  g_autofree char *problem = NULL;
  AstrixRecordingStatus status = ASTRIX_RECORDING_STATUS_OK;

  if (!g_hash_table_steal_extended (self->discovering, uri, (gpointer *) &key,
                                    (gpointer *) &recording))
    return;
  switch (gst_discoverer_info_get_result (info))
    {
    case GST_DISCOVERER_OK:
      _astrix_recording_set_probed (recording, astrix_recording_get_format (recording),
                                    gst_discoverer_info_get_duration (info) / GST_MSECOND);
      break;
    case GST_DISCOVERER_MISSING_PLUGINS:
      status = ASTRIX_RECORDING_STATUS_UNDECODABLE;
      problem = g_strdup (_("This computer has no GStreamer plugin to decode this recording. "
                            "The PBX may still play it on your phone."));
      break;
    case GST_DISCOVERER_TIMEOUT:
      status = ASTRIX_RECORDING_STATUS_UNREADABLE;
      problem = g_strdup (_("Reading the recording took too long."));
      break;
    default:
      status = ASTRIX_RECORDING_STATUS_UNDECODABLE;
      problem = g_strdup_printf (_("The recording cannot be decoded: %s"),
                                 error != NULL ? error->message : _("unknown error"));
      break;
    }
  finish_probe (self, recording, status, problem);
}

static gboolean
discover (AstrixRecordingProber *self,
          Probe                 *probe)
{
  g_autofree char *uri = g_file_get_uri (probe->file);

  if (self->discoverer == NULL)
    {
      self->discoverer = gst_discoverer_new (DISCOVER_TIMEOUT, NULL);
      if (self->discoverer == NULL)
        return FALSE;
      g_signal_connect_object (self->discoverer, "discovered", G_CALLBACK (on_discovered), self, 0);
      gst_discoverer_start (self->discoverer);
    }
  if (!gst_discoverer_discover_uri_async (self->discoverer, uri))
    return FALSE;
  g_hash_table_insert (self->discovering, g_steal_pointer (&uri), g_object_ref (probe->recording));
  return TRUE;
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Probe) probe = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  AstrixRecordingHeader header;
  gsize n = 0;

  g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error);
  g_input_stream_close_async (G_INPUT_STREAM (source), G_PRIORITY_LOW, NULL, NULL, NULL);
  if (error != NULL)
    {
      probe_failed (probe, error);
      return;
    }
  if (!_astrix_recording_parse_header (probe->buffer, n, probe->size,
                                       astrix_recording_get_format (probe->recording),
                                       &header, &problem))
    {
      probe_done (probe, ASTRIX_RECORDING_STATUS_UNDECODABLE, problem);
      return;
    }
  _astrix_recording_set_probed (probe->recording, header.format, header.duration_ms);
  if (!_astrix_recording_can_decode (header.format, header.wav_tag, &problem))
    probe_done (probe, ASTRIX_RECORDING_STATUS_UNDECODABLE, problem);
  else if (header.duration_ms >= 0 || !discover (probe->self, probe))
    probe_done (probe, ASTRIX_RECORDING_STATUS_OK, NULL);
  /* else on_discovered() finishes it */
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Probe) probe = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);
  GCancellable *cancellable = probe->self->cancellable;
  guint8 *buffer = probe->buffer;

  if (stream == NULL)
    {
      probe_failed (probe, error);
      return;
    }
  g_input_stream_read_all_async (G_INPUT_STREAM (stream), buffer, sizeof probe->buffer,
                                 G_PRIORITY_LOW, cancellable, read_done, g_steal_pointer (&probe));
}

/* Where a link leads, for a folder GIO cannot give a local path of (sftp). */
static GFile *
link_target (GFile      *link,
             const char *target)
{
  g_autoptr(GFile) parent = g_file_get_parent (link);
  g_autofree char *uri = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) moved = NULL;
  g_autofree char *moved_uri = NULL;

  if (target[0] != '/')
    return g_file_resolve_relative_path (parent, target);
  uri = g_file_get_uri (link);
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    return NULL;
  moved = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (parsed), g_uri_get_userinfo (parsed),
                       g_uri_get_host (parsed), g_uri_get_port (parsed), target, NULL, NULL);
  moved_uri = g_uri_to_string (moved);
  return g_file_new_for_uri (moved_uri);
}

static gboolean
link_stays_inside (Probe     *probe,
                   GFileInfo *info)
{
  const char *target = g_file_info_get_symlink_target (info);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  /* Locally realpath() follows every link of a chain; elsewhere we see one step. */
  if (g_file_is_native (probe->file))
    return _astrix_recording_check_inside (probe->self->root, probe->file, &error) ||
           g_error_matches (error, ASTRIX_ERROR, ASTRIX_ERROR_FILE_NOT_FOUND);
  if (target == NULL)
    return FALSE;
  file = link_target (probe->file, target);
  return file != NULL && g_file_has_prefix (file, probe->self->root);
}

static void
target_info_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(Probe) probe = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  GCancellable *cancellable = probe->self->cancellable;

  /* GIO describes a dangling link itself rather than fail. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_SYMBOLIC_LINK))
    {
      probe_done (probe, ASTRIX_RECORDING_STATUS_UNREADABLE,
                  _("This is a link to a file that does not exist."));
      return;
    }
  if (info == NULL)
    {
      probe_failed (probe, error);
      return;
    }
  probe->size = g_file_info_get_size (info);
  g_file_read_async (G_FILE (source), G_PRIORITY_LOW, cancellable, open_done,
                     g_steal_pointer (&probe));
}

static void
info_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(Probe) probe = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  GCancellable *cancellable = probe->self->cancellable;

  if (info == NULL)
    {
      probe_failed (probe, error);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_SYMBOLIC_LINK)
    {
      probe->size = g_file_info_get_size (info);
      g_file_read_async (G_FILE (source), G_PRIORITY_LOW, cancellable, open_done,
                         g_steal_pointer (&probe));
      return;
    }
  if (!link_stays_inside (probe, info))
    {
      probe_done (probe, ASTRIX_RECORDING_STATUS_OUTSIDE,
                  _("This is a link to a file outside the recordings folder: it is not played."));
      return;
    }
  /* The size that counts is the target's. */
  g_file_query_info_async (G_FILE (source), PROBE_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_LOW, cancellable, target_info_done, g_steal_pointer (&probe));
}

static void
start_probe (AstrixRecordingProber *self,
             AstrixRecording       *recording)
{
  Probe *probe = g_new0 (Probe, 1);

  probe->self = g_object_ref (self);
  probe->recording = g_object_ref (recording);
  probe->file = astrix_recording_dup_file (recording);
  self->n_probing++;
  _astrix_recording_set_status (recording, ASTRIX_RECORDING_STATUS_PROBING, NULL);
  g_file_query_info_async (probe->file, PROBE_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                           G_PRIORITY_LOW, self->cancellable, info_done, probe);
}

static void
run_probes (AstrixRecordingProber *self)
{
  while (self->n_probing < MAX_PROBES && !g_queue_is_empty (&self->probe_queue))
    {
      g_autoptr(AstrixRecording) recording = g_queue_pop_head (&self->probe_queue);

      g_hash_table_remove (self->queued, recording);
      if (astrix_recording_get_status (recording) == ASTRIX_RECORDING_STATUS_UNKNOWN)
        start_probe (self, recording);
    }
}

/**
 * astrix_recording_prober_request:
 *
 * Asks for the format and duration of @recording. They come as property changes of the
 * recording; its status says why when they cannot be had.
 */
void
astrix_recording_prober_request (AstrixRecordingProber *self,
                                 AstrixRecording       *recording)
{
  Request *request;

  g_return_if_fail (ASTRIX_IS_RECORDING_PROBER (self));
  g_return_if_fail (ASTRIX_IS_RECORDING (recording));

  if (astrix_recording_get_status (recording) != ASTRIX_RECORDING_STATUS_UNKNOWN ||
      g_cancellable_is_cancelled (self->cancellable))
    return;
  request = g_hash_table_lookup (self->queued, recording);
  if (request != NULL)
    {
      request->wanted++;
      return;
    }
  request = g_new0 (Request, 1);
  request->wanted = 1;
  g_queue_push_tail (&self->probe_queue, g_object_ref (recording));
  request->link = self->probe_queue.tail;
  g_hash_table_insert (self->queued, recording, request);
  run_probes (self);
}

/* The recording left the folder: its turn, if it was waiting, goes. */
void
astrix_recording_prober_forget (AstrixRecordingProber *self,
                                AstrixRecording       *recording)
{
  Request *request;

  g_return_if_fail (ASTRIX_IS_RECORDING_PROBER (self));

  request = g_hash_table_lookup (self->queued, recording);
  if (request == NULL)
    return;
  g_queue_delete_link (&self->probe_queue, request->link);
  g_hash_table_remove (self->queued, recording);
  g_object_unref (recording);
}

/* One request taken back: once every view that asked has taken it back, the turn goes. */
void
astrix_recording_prober_cancel (AstrixRecordingProber *self,
                                AstrixRecording       *recording)
{
  Request *request;

  g_return_if_fail (ASTRIX_IS_RECORDING_PROBER (self));

  request = g_hash_table_lookup (self->queued, recording);
  if (request != NULL && --request->wanted == 0)
    astrix_recording_prober_forget (self, recording);
}

/* Stops every probe and drops every request (the store goes away). */
void
astrix_recording_prober_shutdown (AstrixRecordingProber *self)
{
  g_return_if_fail (ASTRIX_IS_RECORDING_PROBER (self));

  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->queued);
  g_queue_clear_full (&self->probe_queue, g_object_unref);
  if (self->discoverer != NULL)
    {
      gst_discoverer_stop (self->discoverer);
      g_clear_object (&self->discoverer);
    }
  g_hash_table_remove_all (self->discovering);
}

static void
astrix_recording_prober_dispose (GObject *object)
{
  astrix_recording_prober_shutdown (ASTRIX_RECORDING_PROBER (object));

  G_OBJECT_CLASS (astrix_recording_prober_parent_class)->dispose (object);
}

static void
astrix_recording_prober_finalize (GObject *object)
{
  AstrixRecordingProber *self = ASTRIX_RECORDING_PROBER (object);

  g_clear_object (&self->root);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->queued);
  g_hash_table_unref (self->discovering);

  G_OBJECT_CLASS (astrix_recording_prober_parent_class)->finalize (object);
}

static void
astrix_recording_prober_class_init (AstrixRecordingProberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_recording_prober_dispose;
  object_class->finalize = astrix_recording_prober_finalize;
}

static void
astrix_recording_prober_init (AstrixRecordingProber *self)
{
  self->cancellable = g_cancellable_new ();
  self->queued = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->discovering = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* @root: the recordings folder whose recordings it reads */
AstrixRecordingProber *
astrix_recording_prober_new (GFile *root)
{
  AstrixRecordingProber *self;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  self = g_object_new (ASTRIX_TYPE_RECORDING_PROBER, NULL);
  self->root = g_object_ref (root);
  return self;
}

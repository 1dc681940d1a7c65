/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-recording-prober.h"
#include "astrix-recording-store.h"

G_BEGIN_DECLS

/* Shared by the store's files: the listing, the watching (-watch.c), the live calls (-calls.c). */

#define LIST_ATTRIBUTES  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
                         G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED

struct _AstrixRecordingStore
{
  GObject              parent_instance;

  GFile               *root;
  char                *pbx_path;
  gboolean             watch;          /* use file monitors where the backend has them */
  guint                batch_size;
  guint                refresh_interval;

  GPtrArray           *items;          /* AstrixRecording, in listing order */
  guint                n_announced;    /* items[0 .. n_announced) are what the model shows */
  GHashTable          *by_path;        /* relative path -> AstrixRecording (unowned) */
  GHashTable          *by_uniqueid;    /* Uniqueid -> AstrixRecording (unowned) */
  GHashTable          *folders;        /* folder -> number of recordings in it */
  guint                announce_id;
  guint                announce_ms;    /* the wait before the next announcement */

  /* The walk */
  GCancellable        *cancellable;    /* of the walk and the monitors */
  GQueue               dirs;           /* relative paths of directories still to list */
  char                *current_dir;
  GHashTable          *seen;           /* during a refresh: the paths found again */
  gboolean             loading;
  gboolean             walk_again;     /* a refresh was asked for during a walk */
  char                *error;

  /* Watching */
  GHashTable          *monitors;       /* relative directory path -> GFileMonitor */
  gboolean             watching;       /* every directory has a monitor */
  gboolean             unwatchable;    /* the backend has no directory monitors */
  guint                refresh_id;

  /* Durations */
  AstrixRecordingProber *prober;     /* reads the headers the views ask for */

  /* Callers from the live calls, and the recordings being made now */
  AstrixChannelStore  *channels;
  gulong               channels_handler;
  GHashTable          *callers;        /* Uniqueid -> caller, kept after the call ends */
  GHashTable          *live_ids;       /* Uniqueid or Linkedid of a live call -> channel name */
  GHashTable          *live;           /* the AstrixRecordings marked live (ref) */
};

gboolean  _astrix_recording_store_find_position   (AstrixRecordingStore *self,
                                                   AstrixRecording      *recording,
                                                   guint                *position);
void      _astrix_recording_store_remove_path     (AstrixRecordingStore *self,
                                                   const char           *relative);
void      _astrix_recording_store_remove_under    (AstrixRecordingStore *self,
                                                   const char           *relative);
char     *_astrix_recording_store_relative_of     (AstrixRecordingStore *self,
                                                   GFile                *file);
void      _astrix_recording_store_take_info       (AstrixRecordingStore *self,
                                                   const char           *dir,
                                                   GFileInfo            *info);
void      _astrix_recording_store_walk_from       (AstrixRecordingStore *self,
                                                   const char           *relative_dir);
void      _astrix_recording_store_watch_directory (AstrixRecordingStore *self,
                                                   const char           *relative);
gboolean  _astrix_recording_store_get_watching    (AstrixRecordingStore *self);
void      _astrix_recording_store_find_caller     (AstrixRecordingStore *self,
                                                   AstrixRecording      *recording);

/* For tests: a store of a GFile, a recording by its path inside the folder, and the path
 * Asterisk sees (the app goes through new_for_uri(), lookup_file() and the playback) */
AstrixRecordingStore *_astrix_recording_store_new        (GFile                *root,
                                                          const char           *pbx_path);
AstrixRecording      *_astrix_recording_store_lookup     (AstrixRecordingStore *self,
                                                          const char           *relative_path);
char                 *_astrix_recording_store_map_to_pbx (AstrixRecordingStore *self,
                                                          AstrixRecording      *recording,
                                                          GError              **error);

G_END_DECLS

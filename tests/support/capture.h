/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A real AMI capture (tests/data/captures, see its README): the bytes each side sent, per TCP
 * connection, and the recv()/send() chunks as TCP delivered them.
 */
typedef struct
{
  GByteArray *server;         /* S>C bytes, unescaped */
  GByteArray *client;         /* C>S bytes, unescaped */
  GArray     *server_chunks;  /* gsize: the length of each S>C recv() chunk, in order */
} CaptureConnection;

typedef struct
{
  char      *name;
  GPtrArray *connections;     /* CaptureConnection */
} Capture;

Capture    *capture_load        (const char  *path,
                                 GError     **error);
void        capture_free        (Capture     *capture);
GByteArray *capture_unescape    (const char  *text,
                                 gsize        length);
char       *capture_path        (const char  *name);
GPtrArray  *capture_list_names  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

G_END_DECLS

#include "ami.h"

G_BEGIN_DECLS
GPtrArray  *capture_server_messages (Capture     *capture,
                                     guint        connection);
G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami.h"

G_BEGIN_DECLS

#define CLIENT_WAIT_MS 3000

/* One AMI client connection */

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  AmiParser    *parser;
  GPtrArray    *log;          /* AmiMessage: everything received, banner included */
  GArray       *times;        /* gint64: when each message of the log arrived */
  guint         cursor;       /* the first message expect() has not passed yet */
  GByteArray   *raw;          /* every byte received */
  GByteArray   *sent;         /* every byte sent */
  guint         parse_errors;
  gboolean      eof;
  gboolean      reading;      /* a read is pending */
  gboolean      paused;       /* stop reading (a client that does not read) */
  char          buf[16384];
} Client;

Client     *client_connect        (guint16     port);
Client     *client_new_for_stream (GIOStream  *stream);
void        client_free           (Client     *c);
void        client_send_raw       (Client     *c,
                                   const char *data,
                                   gsize       len);
void        client_send_text      (Client     *c,
                                   const char *text);
void        client_send           (Client     *c,
                                   const char *first_key,
                                   ...) G_GNUC_NULL_TERMINATED;
AmiMessage *expect_within         (Client     *c,
                                   const char *key,
                                   const char *value,
                                   guint       ms);
AmiMessage *expect                (Client     *c,
                                   const char *key,
                                   const char *value);
AmiMessage *find_from             (Client     *c,
                                   guint       from,
                                   const char *key,
                                   const char *value);
guint       count_from            (Client     *c,
                                   guint       from,
                                   const char *key,
                                   const char *value);
gint64      arrival               (Client     *c,
                                   AmiMessage *m);
gboolean    iterate_until         (gboolean  (*cond) (gpointer),
                                   gpointer    data,
                                   guint       ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-client.h"
#include "ami-parser.h"

G_BEGIN_DECLS

/*
 * The AMI client's insides, shared by its files:
 *   ami-client.c            the object: properties, signals, the public calls that start and stop
 *   ami-client-connect.c    one attempt: TCP, TLS and the certificate, the connect timeout
 *   ami-client-login.c      the banner, the MD5 challenge and the login
 *   ami-client-io.c         links: the read loop into the parser, the write queue
 *   ami-client-actions.c    the table of pending actions, sending, responses and event lists
 *   ami-client-reconnect.c  a lost link: backoff, the next attempt, the keepalive
 */

typedef struct _AmiEventMask AmiEventMask;

#define AMI_BACKOFF_FIRST_MS 1000
#define AMI_BACKOFF_CAP_MS   30000
#define AMI_READ_BUFFER_SIZE (64 * 1024)

/* One TCP (or TLS) connection, refcounted so that callbacks of a dead link do nothing. */
typedef struct _AmiLink AmiLink;

/* The reply to an action the client sends of its own accord (the login, the keepalive) on the
 * link that was current then: @response, or NULL and @error. The function checks whether @link
 * is still current (_ami_link_is_current()) before it acts on it. */
typedef void (*AmiLinkReplyFunc) (AmiClient    *self,
                                  AmiLink      *link,
                                  AmiMessage   *response,
                                  const GError *error);

struct _AmiLink
{
  gint          ref_count;
  AmiClient    *client;        /* not a reference; NULL once the client let go */
  GIOStream    *stream;
  GCancellable *cancellable;
  AmiParser    *parser;
  GQueue        write_queue;   /* of GBytes */
  GBytes       *writing;       /* the buffer of the write in flight */
  gboolean      dead;
  gboolean      got_banner;
  char          buffer[AMI_READ_BUFFER_SIZE];
};

struct _AmiClient
{
  GObject         parent_instance;

  char           *host;
  guint           port;
  gboolean        use_tls;
  char           *username;
  char           *secret;          /* never a property, never logged; wiped when dropped */
  AmiAuthMethod   auth_method;
  char           *pinned_fingerprint;
  char           *ca_file;
  char           *peer_fingerprint;
  guint           action_timeout_ms;
  guint           connect_timeout_ms;
  guint           ping_interval_ms;
  guint           ping_timeout_ms;
  gboolean        auto_reconnect;

  AmiClientState  state;
  char           *server_version;
  GError         *last_error;
  char           *id_prefix;       /* random per client: other sessions' ActionIDs never match */
  guint64         next_id;

  AmiLink        *link;
  GHashTable     *pending;         /* ActionID -> pending action (ami-client-actions.c) */
  GTask          *connect_task;    /* the attempt a caller of connect_async waits for */
  guint           connect_timeout_source;
  guint           ping_source;
  gboolean        ping_in_flight;
  gboolean        keep_connected;  /* reconnect when the link goes down */
  guint           retry_source;
  guint           retry_attempt;
  gint64          retry_at;
  AmiEventMask   *event_mask;      /* see ami-event-mask.c */
};

/* ami-client.c */
void            _ami_client_set_state              (AmiClient      *self,
                                                    AmiClientState  state);
void            _ami_client_set_last_error         (AmiClient      *self,
                                                    const GError   *error);
void            _ami_client_set_retry_at           (AmiClient      *self,
                                                    gint64          retry_at);
void            _ami_client_set_server_version     (AmiClient      *self,
                                                    const char     *version);
void            _ami_client_take_peer_fingerprint  (AmiClient      *self,
                                                    char           *fingerprint);
void            _ami_client_emit_event             (AmiClient      *self,
                                                    AmiMessage     *message);
void            _ami_client_emit_logged_in         (AmiClient      *self);
const char     *_ami_client_get_server_version     (AmiClient      *self);
void            _ami_client_set_auth_method        (AmiClient      *self,
                                                    AmiAuthMethod   method);

/* ami-client-connect.c */
void            _ami_client_start_attempt          (AmiClient      *self);

/* ami-client-login.c */
void            _ami_client_login                  (AmiClient      *self);
void            _ami_client_handle_banner          (AmiClient      *self,
                                                    AmiLink        *link,
                                                    AmiMessage     *message);

/* ami-client-io.c */
AmiLink        *_ami_link_new                      (AmiClient      *client);
AmiLink        *_ami_link_ref                      (AmiLink        *link);
void            _ami_link_unref                    (AmiLink        *link);
gboolean        _ami_link_is_current               (AmiLink        *link);
void            _ami_link_kill                     (AmiLink        *link);
void            _ami_link_start                    (AmiLink        *link);
void            _ami_link_write                    (AmiLink        *link,
                                                    GBytes         *bytes);

/* ami-client-actions.c */
void            _ami_client_handle_response        (AmiClient      *self,
                                                    AmiMessage     *message);
void            _ami_client_handle_event           (AmiClient      *self,
                                                    AmiMessage     *message);
void            _ami_client_fail_all_pending       (AmiClient      *self,
                                                    GError         *error);
void            _ami_client_send                   (AmiClient      *self,
                                                    AmiAction      *action,
                                                    guint           timeout_ms,
                                                    gboolean        internal,
                                                    GCancellable   *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer        user_data);
void            _ami_client_send_internal          (AmiClient      *self,
                                                    AmiAction      *action,
                                                    guint           timeout_ms,
                                                    AmiLinkReplyFunc func);

/* ami-client-reconnect.c */
void            _ami_client_link_lost              (AmiClient      *self,
                                                    AmiLink        *link,
                                                    GError         *error);
void            _ami_client_finish_attempt         (AmiClient      *self,
                                                    GError         *error);
void            _ami_client_start_keepalive        (AmiClient      *self);
void            _ami_client_stop_keepalive         (AmiClient      *self);
guint           _ami_backoff_delay_ms              (guint           attempt,
                                                    double          random);

/* ami-event-mask.c */
AmiEventMask *_ami_event_mask_new             (void);
void          _ami_event_mask_free            (AmiEventMask *self);
char         *_ami_event_mask_dup             (AmiEventMask *self);
void          _ami_event_mask_add_to_login    (AmiEventMask *self,
                                               AmiAction    *login);
void          _ami_client_event_mask_changed  (AmiClient    *self);

char    *_ami_client_dup_event_mask (AmiClient *self);
gboolean _ami_client_owns_action_id (AmiClient  *self,
                                     const char *action_id);

G_END_DECLS

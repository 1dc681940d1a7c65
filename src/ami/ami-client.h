/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami-action.h"
#include "ami-error.h"
#include "ami-message.h"

G_BEGIN_DECLS

/**
 * AmiClientState:
 * @AMI_CLIENT_DISCONNECTED: not connected and not trying to be
 * @AMI_CLIENT_CONNECTING: opening the TCP (and TLS) connection, waiting for the banner
 * @AMI_CLIENT_AUTHENTICATING: logging in
 * @AMI_CLIENT_CONNECTED: logged in; actions may be sent
 * @AMI_CLIENT_RECONNECTING: the link went down; the next attempt is scheduled (see
 *   #AmiClient:retry-at)
 * @AMI_CLIENT_FAILED: gave up: authentication or TLS failed, or the peer is not an AMI server;
 *   only ami_client_retry_now() or a new connect tries again
 */
typedef enum
{
  AMI_CLIENT_DISCONNECTED,
  AMI_CLIENT_CONNECTING,
  AMI_CLIENT_AUTHENTICATING,
  AMI_CLIENT_CONNECTED,
  AMI_CLIENT_RECONNECTING,
  AMI_CLIENT_FAILED,
} AmiClientState;

/**
 * AmiAuthMethod:
 * @AMI_AUTH_AUTO: MD5 (Challenge) on plain TCP, the plain secret inside TLS
 * @AMI_AUTH_PLAIN: send the secret in the Login action
 * @AMI_AUTH_MD5: Challenge, then Login with md5(challenge + secret)
 */
typedef enum
{
  AMI_AUTH_AUTO,
  AMI_AUTH_PLAIN,
  AMI_AUTH_MD5,
} AmiAuthMethod;

#define AMI_TYPE_CLIENT (ami_client_get_type ())

G_DECLARE_FINAL_TYPE (AmiClient, ami_client, AMI, CLIENT, GObject)

AmiClient       *ami_client_new                    (const char           *host,
                                                    guint                 port,
                                                    gboolean              use_tls);
void             ami_client_set_credentials        (AmiClient            *self,
                                                    const char           *username,
                                                    const char           *secret);
void             ami_client_set_pinned_certificate (AmiClient            *self,
                                                    const char           *sha256);
void             ami_client_set_ca_file            (AmiClient            *self,
                                                    const char           *path);
const char      *ami_client_get_peer_fingerprint   (AmiClient            *self);
AmiClientState   ami_client_get_state              (AmiClient            *self);
const GError    *ami_client_get_last_error         (AmiClient            *self);
gint64           ami_client_get_retry_at           (AmiClient            *self);
GSocketAddress  *ami_client_get_local_address      (AmiClient            *self);
GSocketAddress  *ami_client_get_remote_address     (AmiClient            *self);

void             ami_client_connect_async          (AmiClient            *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         ami_client_connect_finish         (AmiClient            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void             ami_client_start                  (AmiClient            *self);
void             ami_client_retry_now              (AmiClient            *self);
void             ami_client_disconnect             (AmiClient            *self);
void             ami_client_close_async            (AmiClient            *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         ami_client_close_finish           (AmiClient            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void             ami_client_send_action_async      (AmiClient            *self,
                                                    AmiAction            *action,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void             ami_client_send_action_full_async (AmiClient            *self,
                                                    AmiAction            *action,
                                                    guint                 timeout_ms,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
AmiMessage      *ami_client_send_action_finish     (AmiClient            *self,
                                                    GAsyncResult         *result,
                                                    GPtrArray           **events,
                                                    GError              **error);
char            *ami_client_new_action_id          (AmiClient            *self);
void             ami_client_set_event_mask         (AmiClient            *self,
                                                    const char           *classes);
void             ami_client_hold_event_class       (AmiClient            *self,
                                                    const char           *event_class);
void             ami_client_release_event_class    (AmiClient            *self,
                                                    const char           *event_class);

G_END_DECLS

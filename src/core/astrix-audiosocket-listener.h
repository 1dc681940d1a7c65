/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long an issued UUID waits for its connection. */
#define ASTRIX_AUDIOSOCKET_UUID_LIFETIME_MS 30000

/**
 * AstrixAudioSocketRefusal:
 * @ASTRIX_AUDIOSOCKET_REFUSED_UNEXPECTED_PEER: the connection came from an address no pending
 *   session expects (not the PBX's)
 * @ASTRIX_AUDIOSOCKET_REFUSED_BAD_FIRST_FRAME: its first frame was not a UUID, or did not come
 *   in time
 * @ASTRIX_AUDIOSOCKET_REFUSED_UNKNOWN_UUID: the UUID was never issued, was used already, or
 *   expired
 * @ASTRIX_AUDIOSOCKET_REFUSED_BUSY: too many connections were being checked at once
 *
 * Why #AstrixAudioSocketListener::refused closed a connection.
 */
typedef enum
{
  ASTRIX_AUDIOSOCKET_REFUSED_UNEXPECTED_PEER,
  ASTRIX_AUDIOSOCKET_REFUSED_BAD_FIRST_FRAME,
  ASTRIX_AUDIOSOCKET_REFUSED_UNKNOWN_UUID,
  ASTRIX_AUDIOSOCKET_REFUSED_BUSY,
} AstrixAudioSocketRefusal;

#define ASTRIX_TYPE_AUDIOSOCKET_LISTENER (astrix_audiosocket_listener_get_type ())

G_DECLARE_FINAL_TYPE (AstrixAudioSocketListener, astrix_audiosocket_listener, ASTRIX,
                      AUDIOSOCKET_LISTENER, GObject)

AstrixAudioSocketListener *astrix_audiosocket_listener_new      (void);
AstrixAudioSocketListener *astrix_audiosocket_listener_acquire  (GInetAddress  *address,
                                                                 guint16        port,
                                                                 GError       **error);
gboolean           astrix_audiosocket_listener_listen           (AstrixAudioSocketListener *self,
                                                                 GInetAddress  *address,
                                                                 guint16        port,
                                                                 GError       **error);
char              *astrix_audiosocket_listener_dup_service      (AstrixAudioSocketListener *self);
void               astrix_audiosocket_listener_expect_async     (AstrixAudioSocketListener *self,
                                                                 GInetAddress  *peer,
                                                                 char         **out_uuid,
                                                                 GCancellable  *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer       user_data);
GSocketConnection *astrix_audiosocket_listener_expect_finish    (AstrixAudioSocketListener *self,
                                                                 GAsyncResult  *result,
                                                                 GError       **error);

G_END_DECLS

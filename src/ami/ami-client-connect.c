/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "ami-client-private.h"
#include "ami-fingerprint.h"

/* One attempt to connect: TCP, then TLS (the certificate verified, or pinned), then the
 * connect timeout until the login is done. */

static GError *
map_connect_error (AmiClient    *self,
                   const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (AMI_ERROR, AMI_ERROR_REFUSED,
                        "Nothing accepts connections on %s port %u", self->host, self->port);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (AMI_ERROR, AMI_ERROR_HOST_NOT_FOUND,
                        "The host name “%s” could not be found", self->host);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (AMI_ERROR, AMI_ERROR_TIMED_OUT,
                        "%s port %u did not answer in time", self->host, self->port);
  if (error->domain == G_TLS_ERROR)
    {
      if (self->peer_fingerprint != NULL &&
          g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        return g_error_new (AMI_ERROR, AMI_ERROR_TLS,
                            "The certificate of %s is not trusted (SHA-256 fingerprint %s)",
                            self->host, self->peer_fingerprint);
      return g_error_new (AMI_ERROR, AMI_ERROR_TLS, "TLS with %s failed: %s",
                          self->host, error->message);
    }
  return g_error_new (AMI_ERROR, AMI_ERROR_DISCONNECTED, "Could not connect to %s port %u: %s",
                      self->host, self->port, error->message);
}

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  AmiLink *link = data;
  AmiClient *self = link->client;
  g_autofree char *fingerprint = ami_fingerprint_of_certificate (certificate);
  g_autofree char *pinned = NULL;

  if (self == NULL || fingerprint == NULL)
    return FALSE;

  _ami_client_take_peer_fingerprint (self, g_strdup (fingerprint));

  if (self->pinned_fingerprint == NULL)
    return FALSE;
  pinned = ami_fingerprint_normalize (self->pinned_fingerprint);
  return g_strcmp0 (pinned, fingerprint) == 0;
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  AmiLink *link = data;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      if (_ami_link_is_current (link))
        _ami_client_link_lost (link->client, link, map_connect_error (link->client, error));
    }
  else if (_ami_link_is_current (link))
    {
      GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source));
      AmiClient *self = link->client;

      if (peer != NULL)
        _ami_client_take_peer_fingerprint (self, ami_fingerprint_of_certificate (peer));
      _ami_link_start (link);
    }
  _ami_link_unref (link);
}

static void
start_tls (AmiClient         *self,
           AmiLink           *link,
           GSocketConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity,
                                                          &error);

  if (tls == NULL)
    {
      _ami_client_link_lost (self, link, map_connect_error (self, error));
      return;
    }

  if (self->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (self->ca_file, &error);

      if (database == NULL)
        {
          _ami_client_link_lost (self, link,
                                 g_error_new (AMI_ERROR, AMI_ERROR_TLS,
                                              "Could not read the CA certificates in %s: %s",
                                              self->ca_file, error->message));
          return;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }

  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), link);
  g_set_object (&link->stream, tls);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    link->cancellable, handshake_done, _ami_link_ref (link));
}

static void
tcp_connected (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  AmiLink *link = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);

  if (!_ami_link_is_current (link))
    {
      _ami_link_unref (link);
      return;
    }

  if (connection == NULL)
    {
      _ami_client_link_lost (link->client, link, map_connect_error (link->client, error));
    }
  else
    {
      GSocket *socket = g_socket_connection_get_socket (connection);

      g_socket_set_keepalive (socket, TRUE);
      /* Actions are small and go one after another: no Nagle delay behind a delayed ACK. */
      g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      if (link->client->use_tls)
        {
          start_tls (link->client, link, connection);
        }
      else
        {
          link->stream = G_IO_STREAM (g_object_ref (connection));
          _ami_link_start (link);
        }
    }
  _ami_link_unref (link);
}

static gboolean
connect_timed_out (gpointer data)
{
  AmiClient *self = data;

  self->connect_timeout_source = 0;
  if (self->link != NULL && self->state != AMI_CLIENT_CONNECTED)
    _ami_client_link_lost (self, self->link,
                           g_error_new (AMI_ERROR, AMI_ERROR_TIMED_OUT,
                                        "%s port %u did not complete the login within %u ms",
                                        self->host, self->port, self->connect_timeout_ms));
  return G_SOURCE_REMOVE;
}

void
_ami_client_start_attempt (AmiClient *self)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  AmiLink *link;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  _ami_client_set_retry_at (self, 0);
  if (self->link != NULL)
    _ami_link_kill (self->link);

  link = self->link = _ami_link_new (self);

  _ami_client_set_state (self, AMI_CLIENT_CONNECTING);
  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  self->connect_timeout_source = g_timeout_add (self->connect_timeout_ms, connect_timed_out, self);

  /* AMI is not HTTP: never hand the connection to a proxy (nor ask one where to go). */
  g_socket_client_set_enable_proxy (socket_client, FALSE);
  g_socket_client_connect_to_host_async (socket_client, self->host, self->port, link->cancellable,
                                         tcp_connected, _ami_link_ref (link));
}

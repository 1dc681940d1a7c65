/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <libsecret/secret.h>

#include "astrix-secrets.h"

/*
 * AMI secrets live in the Secret Service (or the portal inside Flatpak) under the schema
 * io.github.astrix.Assist.Server with the attributes host, port and user. They are handed to
 * the AMI client and dropped; never stored anywhere else, never logged.
 */

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "io.github.astrix.Assist.Server", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
astrix_secrets_lookup_async (const char          *host,
                             guint                port,
                             const char          *user,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  secret_password_lookup (server_schema (), cancellable, callback, user_data,
                          "host", host, "port", (int) port, "user", user, NULL);
}

/**
 * astrix_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with astrix_secrets_free(), or
 *   %NULL without @error when none is stored
 */
char *
astrix_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

void
astrix_secrets_store_async (const char          *host,
                            guint                port,
                            const char          *user,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *label = g_strdup_printf ("Asterisk Manager %s@%s:%u", user, host, port);

  secret_password_store (server_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, callback, user_data,
                         "host", host, "port", (int) port, "user", user, NULL);
}

gboolean
astrix_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
astrix_secrets_clear_async (const char          *host,
                            guint                port,
                            const char          *user,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  secret_password_clear (server_schema (), cancellable, callback, user_data,
                         "host", host, "port", (int) port, "user", user, NULL);
}

gboolean
astrix_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_clear_finish (result, error);
}

/* Wipes and frees a secret from astrix_secrets_lookup_finish(). */
void
astrix_secrets_free (char *secret)
{
  secret_password_free (secret);
}

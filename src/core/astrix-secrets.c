/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "astrix-secrets.h"

/*
 * AMI secrets live in the Secret Service (or the portal inside Flatpak) under the schema
 * io.github.astrix.Assist.Server with the attributes host, port and user, the server
 * configuration's. They are handed to the AMI client and dropped; never stored anywhere else,
 * never logged.
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

/* The attributes a server's secret is filed under: its host, port and user. */
static GHashTable *
attributes_of (AstrixServerConfig *config)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, "host", g_strdup (astrix_server_config_get_host (config)));
  g_hash_table_insert (attributes, "port",
                       g_strdup_printf ("%u", astrix_server_config_get_port (config)));
  g_hash_table_insert (attributes, "user", g_strdup (astrix_server_config_get_username (config)));
  return attributes;
}

void
astrix_secrets_lookup_async (AstrixServerConfig  *config,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = attributes_of (config);

  secret_password_lookupv (server_schema (), attributes, cancellable, callback, user_data);
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
astrix_secrets_store_async (AstrixServerConfig  *config,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = attributes_of (config);
  g_autofree char *label = g_strdup_printf ("Asterisk Manager %s@%s:%u",
                                            astrix_server_config_get_username (config),
                                            astrix_server_config_get_host (config),
                                            astrix_server_config_get_port (config));

  secret_password_storev (server_schema (), attributes, SECRET_COLLECTION_DEFAULT, label, secret,
                          cancellable, callback, user_data);
}

/* Returns: %FALSE with @error a sentence saying the secret was not saved, and why */
gboolean
astrix_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (secret_password_store_finish (result, &local))
    return TRUE;
  g_set_error (error, local->domain, local->code,
               _("The secret could not be saved in the keyring: %s"), local->message);
  return FALSE;
}

void
astrix_secrets_clear_async (AstrixServerConfig  *config,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GHashTable) attributes = attributes_of (config);

  secret_password_clearv (server_schema (), attributes, cancellable, callback, user_data);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "ami-fingerprint.h"

/*
 * SHA-256 fingerprints of TLS certificates, as the client pins them, the server check reports
 * them and the supervisor compares them with what `openssl x509 -fingerprint` prints on the PBX.
 */

/* Returns: (transfer full) (nullable): SHA-256 of the certificate's DER, lower-case hex */
char *
ami_fingerprint_of_certificate (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/* A fingerprint as typed or pasted (any case, colons or not): lower-case hex only. */
char *
ami_fingerprint_normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

/* Lower-case hex as people compare it: "AB:CD:...". */
char *
ami_fingerprint_format (const char *hex)
{
  GString *out = g_string_new (NULL);

  for (const char *p = hex; p[0] != '\0' && p[1] != '\0'; p += 2)
    {
      if (out->len > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (p[0]));
      g_string_append_c (out, g_ascii_toupper (p[1]));
    }
  return g_string_free (out, FALSE);
}

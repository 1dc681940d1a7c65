/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tls-test.h"

char *
tls_test_path (const char *name)
{
  const char *dir = g_getenv ("ASTRIX_TEST_DATA");

  return g_build_filename (dir ? dir : TEST_DATA_DIR, "tls", name, NULL);
}

void
tls_test_use_certificate (AstrixDemoPbx *pbx,
                          const char    *name)
{
  g_autofree char *pem_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *pem = tls_test_path (pem_name);
  g_autofree char *key = tls_test_path (key_name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (pem, key, &error);
  guint16 port = astrix_demo_pbx_get_port (pbx);

  g_assert_no_error (error);
  astrix_demo_pbx_stop (pbx);
  astrix_demo_pbx_set_tls_certificate (pbx, certificate);
  g_assert_true (astrix_demo_pbx_start (pbx, port, &error));
  g_assert_no_error (error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-demo-pbx.h"

G_BEGIN_DECLS

/* A file of tests/data/tls (self-signed, CA-signed and other test certificates) */
char *tls_test_path            (const char    *name);

/* Restarts @pbx on its port with the certificate @name.pem and its key @name.key */
void  tls_test_use_certificate (AstrixDemoPbx *pbx,
                                const char    *name);

G_END_DECLS

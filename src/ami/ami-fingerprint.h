/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *ami_fingerprint_of_certificate (GTlsCertificate *certificate);
char *ami_fingerprint_normalize      (const char      *text);
char *ami_fingerprint_format         (const char      *hex);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-server-check.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_CHECK_PAGE (astrix_check_page_get_type ())

G_DECLARE_FINAL_TYPE (AstrixCheckPage, astrix_check_page, ASTRIX, CHECK_PAGE, AdwBin)

GtkWidget          *astrix_check_page_new        (AstrixServerConfig *config);
void                astrix_check_page_set_config (AstrixCheckPage    *self,
                                                  AstrixServerConfig *config);
void                astrix_check_page_run        (AstrixCheckPage    *self,
                                                  const char         *secret);
GtkWindow          *astrix_check_page_present    (GtkWindow          *parent,
                                                  AstrixServerConfig *config,
                                                  const char         *secret);

G_END_DECLS

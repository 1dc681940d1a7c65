/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ASTRIX_TYPE_APPLICATION (astrix_application_get_type ())

G_DECLARE_FINAL_TYPE (AstrixApplication, astrix_application, ASTRIX, APPLICATION, AdwApplication)

AstrixApplication *astrix_application_new (void);

G_END_DECLS

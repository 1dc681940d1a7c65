/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-application.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_WINDOW (astrix_window_get_type ())

G_DECLARE_FINAL_TYPE (AstrixWindow, astrix_window, ASTRIX, WINDOW, AdwApplicationWindow)

AstrixWindow *astrix_window_new (AstrixApplication *application);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-settings.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_PREFERENCES_WINDOW (astrix_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (AstrixPreferencesWindow, astrix_preferences_window, ASTRIX,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

AstrixPreferencesWindow *astrix_preferences_window_new (GtkWindow      *parent,
                                                        AstrixSettings *settings);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-activity-page.h"
#include "astrix-application.h"
#include "astrix-monitor-bar.h"
#include "astrix-recordings-page.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_WINDOW (astrix_window_get_type ())

G_DECLARE_FINAL_TYPE (AstrixWindow, astrix_window, ASTRIX, WINDOW, AdwApplicationWindow)

AstrixWindow       *astrix_window_new              (AstrixApplication *application);
void                astrix_window_show_toast       (AstrixWindow      *self,
                                                    const char        *text);
void                astrix_window_set_welcome      (AstrixWindow      *self,
                                                    gboolean           welcome);
void                astrix_window_add_page         (AstrixWindow      *self,
                                                    GtkWidget         *child,
                                                    const char        *name,
                                                    const char        *title,
                                                    const char        *icon_name);
void                astrix_window_show_page        (AstrixWindow      *self,
                                                    const char        *name);
GtkColumnView      *astrix_window_get_column_view  (AstrixWindow      *self);
GtkSingleSelection *astrix_window_get_selection    (AstrixWindow      *self);
AstrixRecordingsPage *astrix_window_get_recordings_page (AstrixWindow  *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-server-config.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_SETTINGS (astrix_settings_get_type ())

G_DECLARE_FINAL_TYPE (AstrixSettings, astrix_settings, ASTRIX, SETTINGS, GObject)

AstrixSettings     *astrix_settings_new           (void);
GSettings          *astrix_settings_get_gsettings (AstrixSettings     *self);
GListModel         *astrix_settings_get_servers   (AstrixSettings     *self);
AstrixServerConfig *astrix_settings_add_server    (AstrixSettings     *self);
void                astrix_settings_remove_server (AstrixSettings     *self,
                                                   AstrixServerConfig *config);
AstrixServerConfig *astrix_settings_find_server   (AstrixSettings     *self,
                                                   const char         *id);
gboolean            astrix_settings_check_schemas (GError            **error);

G_END_DECLS

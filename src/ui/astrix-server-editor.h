/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-server-config.h"
#include "astrix-settings.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_SERVER_EDITOR (astrix_server_editor_get_type ())

G_DECLARE_FINAL_TYPE (AstrixServerEditor, astrix_server_editor, ASTRIX, SERVER_EDITOR, AdwWindow)

AstrixServerEditor *astrix_server_editor_new (GtkWindow          *parent,
                                              AstrixSettings     *settings,
                                              AstrixServerConfig *config);

G_END_DECLS

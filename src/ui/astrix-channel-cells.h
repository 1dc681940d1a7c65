/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkListItemFactory *astrix_text_cell_factory_new      (const char *property,
                                                       const char *css_class);
GtkListItemFactory *astrix_monitored_cell_factory_new (void);

G_END_DECLS

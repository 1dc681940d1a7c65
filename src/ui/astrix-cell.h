/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ASTRIX_TYPE_CELL (astrix_cell_get_type ())

G_DECLARE_FINAL_TYPE (AstrixCell, astrix_cell, ASTRIX, CELL, GtkWidget)

/* Returns: (transfer full) (nullable): the text to show now */
typedef char *(*AstrixCellTextFunc) (AstrixCell *cell,
                                     gpointer    data);

GtkWidget  *astrix_cell_new      (void);
void        astrix_cell_set_text (AstrixCell *self,
                                  const char *text);
void        astrix_cell_set_xalign (AstrixCell *self,
                                    float       xalign);
void        astrix_cell_set_text_func (AstrixCell         *self,
                                       AstrixCellTextFunc  func,
                                       gpointer            data);
void        astrix_cell_invalidate    (AstrixCell         *self);

GtkListItemFactory *astrix_cell_factory_new (GCallback setup,
                                             GCallback bind,
                                             GCallback unbind,
                                             gpointer  data);

G_END_DECLS

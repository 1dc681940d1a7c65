/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Returns: (transfer full) (nullable): the text of @item's cell, @now being g_get_real_time() */
typedef char     *(*AstrixItemTextFunc)   (gpointer    item,
                                           gint64      now,
                                           gpointer    data);
/* Returns: whether @item's cell shows an alert (an icon, and the "error" colour) */
typedef gboolean  (*AstrixItemAlertFunc)  (gpointer    item,
                                           gint64      now,
                                           gpointer    data);
typedef void      (*AstrixItemNotifyFunc) (gpointer    item,
                                           GParamSpec *pspec,
                                           gpointer    data);

typedef struct _AstrixItemCells AstrixItemCells;

AstrixItemCells *astrix_item_cells_new             (void);
void             astrix_item_cells_free            (AstrixItemCells      *self);
void             astrix_item_cells_add             (AstrixItemCells      *self,
                                                    GtkColumnViewColumn  *column,
                                                    AstrixItemTextFunc    text,
                                                    AstrixItemAlertFunc   alert,
                                                    gpointer              data,
                                                    gboolean              numeric,
                                                    gboolean              ticks);
void             astrix_item_cells_set_notify_func (AstrixItemCells      *self,
                                                    AstrixItemNotifyFunc  func,
                                                    gpointer              data);
void             astrix_item_cells_tick            (AstrixItemCells      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AstrixItemCells, astrix_item_cells_free)

G_END_DECLS

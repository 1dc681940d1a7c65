/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Returns: whether @item is shown */
typedef gboolean (*AstrixFilterFunc) (gpointer item,
                                      gpointer user_data);

/* Returns: (transfer none): the text a search looks into, owned by @item */
typedef const char *(*AstrixFilterKeyFunc) (gpointer item);

#define ASTRIX_TYPE_FILTER_MODEL (astrix_filter_model_get_type ())

G_DECLARE_FINAL_TYPE (AstrixFilterModel, astrix_filter_model, ASTRIX, FILTER_MODEL, GObject)

void               astrix_filter_model_set_model       (AstrixFilterModel *self,
                                                        GListModel        *model);
void               astrix_filter_model_set_filter_func (AstrixFilterModel *self,
                                                        AstrixFilterFunc   func,
                                                        gpointer           user_data,
                                                        GDestroyNotify     destroy);
void               astrix_filter_model_refilter        (AstrixFilterModel *self,
                                                        GtkFilterChange    change);
void               astrix_filter_model_set_key_func    (AstrixFilterModel   *self,
                                                        AstrixFilterKeyFunc  key_func);
void               astrix_filter_model_set_words       (AstrixFilterModel  *self,
                                                        const char * const *words,
                                                        GtkFilterChange     change);

G_END_DECLS

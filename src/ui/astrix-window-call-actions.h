/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-window.h"

G_BEGIN_DECLS

void                _astrix_window_class_init_call_actions (GtkWidgetClass    *widget_class);
void                _astrix_window_init_call_actions       (AstrixWindow      *self);
void                _astrix_window_attach_call_actions     (AstrixWindow      *self,
                                                            AstrixApplication *app);
void                _astrix_window_update_call_actions     (AstrixWindow      *self);
void                _astrix_window_dispose_call_actions    (AstrixWindow      *self);
GtkListItemFactory *_astrix_window_state_cell_factory_new  (void);

G_END_DECLS

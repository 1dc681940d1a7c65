/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-queue-caller.h"
#include "astrix-queue.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_QUEUES_PAGE (astrix_queues_page_get_type ())

G_DECLARE_FINAL_TYPE (AstrixQueuesPage, astrix_queues_page, ASTRIX, QUEUES_PAGE, AdwBin)

GtkWidget     *astrix_queues_page_new             (void);
void           astrix_queues_page_set_connections (AstrixQueuesPage *self,
                                                   GListModel       *connections);
GListModel    *astrix_queues_page_get_shown       (AstrixQueuesPage *self);
GtkColumnView *astrix_queues_page_get_callers_view (AstrixQueuesPage *self);
AstrixQueue   *astrix_queues_page_get_selected    (AstrixQueuesPage *self);
AstrixQueueCaller *astrix_queues_page_get_selected_caller (AstrixQueuesPage *self);
void           _astrix_queues_page_class_init_send (GtkWidgetClass  *widget_class);
void           _astrix_queues_page_init_send  (AstrixQueuesPage *self);
void           astrix_queues_page_focus_search    (AstrixQueuesPage *self);
gboolean       astrix_queues_page_select          (AstrixQueuesPage *self,
                                                   const char       *name);

G_END_DECLS

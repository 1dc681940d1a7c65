/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean    astrix_queue_pages_needs_agent_read     (GListModel *connections);
const char *astrix_queue_pages_restricted_sentence  (void);
gboolean    astrix_queue_pages_fold_query           (char              **query,
                                                     const char         *text);
void        astrix_queue_pages_search_activate      (GtkSingleSelection *selection,
                                                     GtkColumnView      *view);
void        astrix_queue_pages_stop_search          (GtkEditable        *entry,
                                                     GtkColumnView      *view);

/* Whether a page's row @item is the one called @name */
typedef gboolean (*AstrixQueuePagesMatch) (gpointer    item,
                                           const char *name);

gboolean    astrix_queue_pages_find                 (GListModel         *rows,
                                                     AstrixQueuePagesMatch match,
                                                     const char         *name,
                                                     guint              *position);
gboolean    astrix_queue_pages_select               (GtkSingleSelection *selection,
                                                     GtkColumnView      *view,
                                                     AstrixQueuePagesMatch match,
                                                     const char         *name);

G_END_DECLS

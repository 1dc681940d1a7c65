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

G_END_DECLS

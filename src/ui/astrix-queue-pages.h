/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-item-cells.h"

G_BEGIN_DECLS

/*
 * The table the Agents and Queues pages are built around, embedded in each page's struct:
 * the rows of every server's queue store, searched as the user types, ticking every second.
 */
typedef struct
{
  /* from the page's template (astrix_queue_pages_class_init()) */
  GtkLabel            *restricted_label;
  GtkSearchEntry      *search_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  GtkFilterListModel  *filter_model;
  AdwStatusPage       *empty_page;
  GtkColumnViewColumn *name_column;

  GListModel          *connections;
  GtkFlattenListModel *rows;             /* every server's, before the search */
  GtkCustomFilter     *filter;
  char                *query;            /* casefolded */
  AstrixItemCells     *cells;
  guint                tick_source;
  const char          *empty_text;       /* the empty page's description when nothing hides */
} AstrixQueuePagesTable;

/* Whether a page's row @item is the one called @name */
typedef gboolean (*AstrixQueuePagesMatch) (gpointer    item,
                                           const char *name);

void        astrix_queue_pages_class_init           (GtkWidgetClass         *widget_class,
                                                     gsize                   table_offset,
                                                     const char             *search_action_name);
void        astrix_queue_pages_init                 (AstrixQueuePagesTable  *table,
                                                     GtkWidget              *page,
                                                     GtkCustomFilterFunc     matches,
                                                     GSourceFunc             tick,
                                                     const char             *empty_text);
void        astrix_queue_pages_dispose              (AstrixQueuePagesTable  *table);
void        astrix_queue_pages_finalize             (AstrixQueuePagesTable  *table);
void        astrix_queue_pages_set_connections      (AstrixQueuePagesTable  *table,
                                                     GListModel             *connections,
                                                     GtkMapListModelMapFunc  to_rows);
void        astrix_queue_pages_update               (AstrixQueuePagesTable  *table);
void        astrix_queue_pages_set_query            (AstrixQueuePagesTable  *table,
                                                     const char             *query);
void        astrix_queue_pages_focus_search         (AstrixQueuePagesTable  *table);
gboolean    astrix_queue_pages_select               (AstrixQueuePagesTable  *table,
                                                     AstrixQueuePagesMatch   match,
                                                     const char             *name);

G_END_DECLS

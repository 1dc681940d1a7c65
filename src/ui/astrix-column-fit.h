/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkColumnViewColumn *column;
  int                  width;   /* its natural width at 96 dpi */
  gboolean             grows;   /* takes a share of the room to spare, and gives first */
} AstrixColumnWidth;

void astrix_fit_columns (GtkWidget         *widget,
                         AstrixColumnWidth *widths,
                         guint              n_widths,
                         int                available);

G_END_DECLS

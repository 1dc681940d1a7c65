/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-column-fit.h"

/*
 * Fixed column widths that fit a table's width.
 *
 * Fixed widths spare a table measuring every cell each frame (bench-storm); they follow the
 * text size, so larger text (accessibility settings) still fits. GTK 4.8 neither widens nor
 * narrows fixed-width columns: a table wider than its view pushes its last columns off the
 * edge. So the columns that grow share the room to spare, and when there is too little they
 * give up to half their width first, then the others up to a fifth of theirs; their cells
 * ellipsize.
 */

#define SPARE_PX      24   /* the vertical scrollbar and the cell margins */
#define GROWS_KEEP    0.5
#define FIXED_KEEP    0.8

static double
text_scale (GtkWidget *widget)
{
  int dpi = 0;

  g_object_get (gtk_widget_get_settings (widget), "gtk-xft-dpi", &dpi, NULL);
  return dpi > 0 ? dpi / (96.0 * 1024) : 1.0;
}

/* Takes up to @wanted pixels from the visible columns that grow (or do not), in proportion to
 * what each can give; returns what is still wanted. */
static int
shrink (AstrixColumnWidth *widths,
        int               *sizes,
        guint              n_widths,
        gboolean           grows,
        double             keep,
        int                wanted)
{
  int can_give = 0, given = 0;

  for (guint i = 0; i < n_widths; i++)
    {
      if (widths[i].grows == grows && gtk_column_view_column_get_visible (widths[i].column))
        can_give += sizes[i] - (int) (sizes[i] * keep);
    }
  if (can_give <= 0 || wanted <= 0)
    return wanted;
  for (guint i = 0; i < n_widths; i++)
    {
      int part;

      if (widths[i].grows != grows || !gtk_column_view_column_get_visible (widths[i].column))
        continue;
      part = (int) ((gint64) MIN (wanted, can_give) * (sizes[i] - (int) (sizes[i] * keep)) /
                    can_give) + 1;
      part = MIN (part, sizes[i] - (int) (sizes[i] * keep));
      sizes[i] -= part;
      given += part;
    }
  return MAX (wanted - given, 0);
}

/**
 * astrix_fit_columns:
 * @widget: a widget on the table's display, for the text size
 * @available: the width of the table's view, or 0 before it has one
 *
 * Sets the fixed width of each column in @widths so that the visible ones fit @available.
 */
void
astrix_fit_columns (GtkWidget         *widget,
                    AstrixColumnWidth *widths,
                    guint              n_widths,
                    int                available)
{
  g_autofree int *sizes = g_new0 (int, n_widths);
  double scale = text_scale (widget);
  int total = 0, growing = 0, room;

  for (guint i = 0; i < n_widths; i++)
    {
      sizes[i] = (int) (widths[i].width * scale);
      if (!gtk_column_view_column_get_visible (widths[i].column))
        continue;
      total += sizes[i];
      growing += widths[i].grows ? sizes[i] : 0;
    }
  room = available > 0 ? available - SPARE_PX : total;
  if (room >= total)
    {
      for (guint i = 0; i < n_widths && growing > 0; i++)
        {
          if (widths[i].grows)
            sizes[i] += (int) ((double) (room - total) * sizes[i] / growing);
        }
    }
  else
    {
      shrink (widths, sizes, n_widths, FALSE, FIXED_KEEP,
              shrink (widths, sizes, n_widths, TRUE, GROWS_KEEP, total - room));
    }
  for (guint i = 0; i < n_widths; i++)
    gtk_column_view_column_set_fixed_width (widths[i].column, sizes[i]);
}

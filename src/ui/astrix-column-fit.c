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
 * give up to half their width first, then the others up to a fifth of theirs, none narrower
 * than its title; their cells ellipsize.
 */

#define SPARE_PX        24   /* the vertical scrollbar and the cell margins */
#define TITLE_SPARE_PX  32
#define GROWS_KEEP      0.5
#define FIXED_KEEP      0.8

static double
text_scale (GtkWidget *widget)
{
  int dpi = 0;

  g_object_get (gtk_widget_get_settings (widget), "gtk-xft-dpi", &dpi, NULL);
  return dpi > 0 ? dpi / (96.0 * 1024) : 1.0;
}

/* The narrowest a column may be: a part of its width, and no less than its title's */
static int
narrowest (AstrixColumnWidth *width,
           int                size,
           double             keep,
           GtkWidget         *widget)
{
  const char *title = gtk_column_view_column_get_title (width->column);
  g_autoptr(PangoLayout) layout = NULL;
  int title_width = 0;

  if (title != NULL)
    {
      layout = gtk_widget_create_pango_layout (widget, title);
      pango_layout_get_pixel_size (layout, &title_width, NULL);
      /* GTK 4.8 does not ellipsize a title: room for it, its margins and a sort arrow */
      title_width += TITLE_SPARE_PX;
    }
  return MIN (size, MAX ((int) (size * keep), title_width));
}

/* Takes up to @wanted pixels from the visible columns that grow (or do not), in proportion to
 * what each can give; returns what is still wanted. */
static int
shrink (GtkWidget         *widget,
        AstrixColumnWidth *widths,
        int               *sizes,
        guint              n_widths,
        gboolean           grows,
        double             keep,
        int                wanted)
{
  g_autofree int *can_give = g_new0 (int, n_widths);
  int total = 0, given = 0;

  for (guint i = 0; i < n_widths; i++)
    {
      if (widths[i].grows == grows && gtk_column_view_column_get_visible (widths[i].column))
        can_give[i] = sizes[i] - narrowest (&widths[i], sizes[i], keep, widget);
      total += can_give[i];
    }
  if (total <= 0 || wanted <= 0)
    return wanted;
  for (guint i = 0; i < n_widths; i++)
    {
      int part = MIN ((int) ((gint64) MIN (wanted, total) * can_give[i] / total) + 1,
                      can_give[i]);

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
      int wanted = shrink (widget, widths, sizes, n_widths, TRUE, GROWS_KEEP, total - room);

      shrink (widget, widths, sizes, n_widths, FALSE, FIXED_KEEP, wanted);
    }
  for (guint i = 0; i < n_widths; i++)
    gtk_column_view_column_set_fixed_width (widths[i].column, sizes[i]);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-cell.h"
#include "astrix-cell-private.h"

/*
 * One line of text in a cell of a big table, ellipsized at the end.
 *
 * A GtkColumnView of GTK 4.8 keeps 200 rows of widgets, and a search or a storm of events
 * changes their text all the time. A GtkLabel asks for a new layout of the whole table on
 * every change, and a GtkInscription (like a label, every new one) makes its own Pango context
 * and reads the font's metrics when it is first measured. Here a cell is as tall as a line of
 * its font, found once for each font and kept; a new text is only drawn again; and the text is
 * laid out only when it is drawn, that is for the rows on screen. It asks for no width: the
 * table's columns give it.
 *
 * A cell can also ask for its text only when it is drawn (astrix_cell_set_text_func()): of
 * the 200 rows a table keeps, only those on screen then make theirs.
 */

struct _AstrixCell
{
  GtkWidget    parent_instance;

  char        *text;
  PangoLayout *layout;        /* made when drawn; dropped when the text, width or style change */
  int          line_height;   /* -1 until measured */
  float        xalign;

  AstrixCellTextFunc text_func;
  gpointer     text_data;
  gboolean     text_valid;    /* @text is what @text_func gave since the last invalidate() */
};

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixCell, astrix_cell, GTK_TYPE_WIDGET)

/* The height of a line, by font and resolution: the same few fonts serve thousands of cells */
static GHashTable *line_heights;

static int
find_line_height (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autofree char *font =
    pango_font_description_to_string (pango_context_get_font_description (context));
  g_autofree char *key = g_strdup_printf ("%s@%g", font,
                                          pango_cairo_context_get_resolution (context));
  gpointer known;

  if (line_heights == NULL)
    line_heights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_lookup_extended (line_heights, key, NULL, &known))
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (context);
      int height;

      /* A tall capital and a descender: the height of any one line in this font */
      pango_layout_set_text (layout, "Åg", -1);
      pango_layout_get_pixel_size (layout, NULL, &height);
      known = GINT_TO_POINTER (height);
      g_hash_table_insert (line_heights, g_steal_pointer (&key), known);
    }
  return GPOINTER_TO_INT (known);
}

static void
astrix_cell_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  AstrixCell *self = ASTRIX_CELL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }
  if (self->line_height < 0)
    self->line_height = find_line_height (widget);
  *minimum = *natural = self->line_height;
}

static void
astrix_cell_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  AstrixCell *self = ASTRIX_CELL (widget);

  if (self->layout != NULL && pango_layout_get_width (self->layout) != width * PANGO_SCALE)
    g_clear_object (&self->layout);
}

static void set_text (AstrixCell *self,
                      char       *text,
                      gboolean    drawing);

/* With a text function, the text it gives now. */
static void
ensure_text (AstrixCell *self)
{
  if (self->text_func == NULL || self->text_valid)
    return;
  self->text_valid = TRUE;
  set_text (self, self->text_func (self, self->text_data), TRUE);
}

static void
astrix_cell_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  AstrixCell *self = ASTRIX_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int text_width, text_height;
  float xalign = self->xalign;

  ensure_text (self);   /* (drawn now, with this text) */
  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (self->layout, width * PANGO_SCALE);
    }
  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1 - xalign;
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget),
                              MAX (0, (width - text_width) * xalign),
                              (gtk_widget_get_height (widget) - text_height) / 2, self->layout);
}

/* A new style may bring a new font (GTK then measures the cell again) or only a new color. */
static void
astrix_cell_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  AstrixCell *self = ASTRIX_CELL (widget);

  GTK_WIDGET_CLASS (astrix_cell_parent_class)->css_changed (widget, change);
  g_clear_object (&self->layout);
  self->line_height = -1;
}

static void
astrix_cell_finalize (GObject *object)
{
  AstrixCell *self = ASTRIX_CELL (object);

  g_free (self->text);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (astrix_cell_parent_class)->finalize (object);
}

static void
astrix_cell_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, ASTRIX_CELL (object)->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_cell_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TEXT:
      astrix_cell_set_text (ASTRIX_CELL (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_cell_class_init (AstrixCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = astrix_cell_finalize;
  object_class->get_property = astrix_cell_get_property;
  object_class->set_property = astrix_cell_set_property;
  widget_class->measure = astrix_cell_measure;
  widget_class->size_allocate = astrix_cell_size_allocate;
  widget_class->snapshot = astrix_cell_snapshot;
  widget_class->css_changed = astrix_cell_css_changed;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
astrix_cell_init (AstrixCell *self)
{
  self->line_height = -1;
  /* An empty cell is read as empty: with no name at all, AT-SPI reads the type's name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
}

GtkWidget *
astrix_cell_new (void)
{
  return g_object_new (ASTRIX_TYPE_CELL, NULL);
}

const char *
_astrix_cell_get_text (AstrixCell *self)
{
  g_return_val_if_fail (ASTRIX_IS_CELL (self), NULL);

  ensure_text (self);
  return self->text != NULL ? self->text : "";
}

/* Takes @text. @drawing: the cell is being drawn, with it. */
static void
set_text (AstrixCell *self,
          char       *text,
          gboolean    drawing)
{
  if (g_strcmp0 (self->text, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (self->text);
  self->text = text;
  g_clear_object (&self->layout);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text != NULL ? self->text : "", -1);
  if (!drawing)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * astrix_cell_set_text_func:
 * @func: (nullable): gives the text (newly allocated, or %NULL) when the cell is drawn
 * @data: for @func, not owned: it must outlive the cell or the function
 *
 * Asks @func for the text when the cell is drawn (or its text read), and again after
 * astrix_cell_invalidate().
 */
void
astrix_cell_set_text_func (AstrixCell         *self,
                           AstrixCellTextFunc  func,
                           gpointer            data)
{
  g_return_if_fail (ASTRIX_IS_CELL (self));

  self->text_func = func;
  self->text_data = data;
  astrix_cell_invalidate (self);
}

/**
 * astrix_cell_invalidate:
 *
 * The text function's text has changed: it is asked again when the cell is next drawn.
 */
void
astrix_cell_invalidate (AstrixCell *self)
{
  g_return_if_fail (ASTRIX_IS_CELL (self));

  self->text_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * astrix_cell_set_xalign:
 * @xalign: 0 for the start of the line, 1 for its end
 */
void
astrix_cell_set_xalign (AstrixCell *self,
                        float       xalign)
{
  g_return_if_fail (ASTRIX_IS_CELL (self));

  self->xalign = CLAMP (xalign, 0, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * astrix_cell_set_text:
 * @text: (nullable): one line
 *
 * Shows @text: the cell is drawn again, the table is not laid out again.
 */
void
astrix_cell_set_text (AstrixCell *self,
                      const char *text)
{
  g_return_if_fail (ASTRIX_IS_CELL (self));

  set_text (self, g_strdup (text), FALSE);
}

/**
 * astrix_cell_factory_new:
 * @setup: a GtkSignalListItemFactory::setup handler, that makes a row's cell
 * @bind: a ::bind handler, that shows an item in it and follows its changes
 * @unbind: an ::unbind handler, that stops following them
 * @data: (nullable): what each of them receives last, kept by the caller
 *
 * A factory for a table's column, its cells made and bound by these three.
 *
 * Returns: (transfer full): the factory
 */
GtkListItemFactory *
astrix_cell_factory_new (GCallback setup,
                         GCallback bind,
                         GCallback unbind,
                         gpointer  data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);
  g_signal_connect (factory, "unbind", unbind, data);
  return factory;
}

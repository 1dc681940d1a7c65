/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-channel-cells.h"
#include "astrix-channel.h"

/*
 * Cells of the channel table. Each shows one string property of an AstrixChannel and follows
 * its notifications while bound. Plain signal factories: under a storm of thousands of events
 * a second rows are rebound all the time, and a notify handler costs far less than an
 * expression watch (measured with bench-storm).
 */

typedef struct
{
  char  *property;
  char  *signal;      /* "notify::<property>" */
  char  *css_class;
} CellSpec;

static void
cell_spec_free (gpointer data)
{
  CellSpec *spec = data;

  g_free (spec->property);
  g_free (spec->signal);
  g_free (spec->css_class);
  g_free (spec);
}

static void
show_property (GtkLabel   *label,
               GObject    *channel,
               const char *property)
{
  g_autofree char *text = NULL;

  g_object_get (channel, property, &text, NULL);
  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
on_notify (GObject    *channel,
           GParamSpec *pspec,
           GtkLabel   *label)
{
  show_property (label, channel, pspec->name);
}

/* Calls outside the supervisor's spy groups are shown dimmed. */
static void
on_scope (AstrixChannel *channel,
          GParamSpec    *pspec,
          GtkWidget     *widget)
{
  if (astrix_channel_get_outside_groups (channel))
    gtk_widget_add_css_class (widget, "dim-label");
  else
    gtk_widget_remove_css_class (widget, "dim-label");
}

static void
text_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            CellSpec                 *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (spec->css_class != NULL)
    gtk_widget_add_css_class (label, spec->css_class);
  gtk_list_item_set_child (item, label);
}

static void
text_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           CellSpec                 *spec)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *channel = gtk_list_item_get_item (item);
  gulong handler;

  show_property (GTK_LABEL (label), channel, spec->property);
  on_scope (ASTRIX_CHANNEL (channel), NULL, label);
  handler = g_signal_connect_object (channel, spec->signal, G_CALLBACK (on_notify), label, 0);
  g_object_set_data (G_OBJECT (label), "astrix-handler", GSIZE_TO_POINTER (handler));
  handler = g_signal_connect_object (channel, "notify::outside-groups", G_CALLBACK (on_scope), label, 0);
  g_object_set_data (G_OBJECT (label), "astrix-scope-handler", GSIZE_TO_POINTER (handler));
}

static void
text_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CellSpec                 *spec)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *channel = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "astrix-handler"));
  gulong scope = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "astrix-scope-handler"));

  if (handler != 0 && channel != NULL)
    g_signal_handler_disconnect (channel, handler);
  if (scope != 0 && channel != NULL)
    g_signal_handler_disconnect (channel, scope);
  g_object_set_data (G_OBJECT (label), "astrix-handler", NULL);
  g_object_set_data (G_OBJECT (label), "astrix-scope-handler", NULL);
}

/**
 * astrix_text_cell_factory_new:
 * @property: a string property of AstrixChannel
 * @css_class: (nullable): a style class for the label
 */
GtkListItemFactory *
astrix_text_cell_factory_new (const char *property,
                              const char *css_class)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellSpec *spec = g_new0 (CellSpec, 1);

  spec->property = g_strdup (property);
  spec->signal = g_strconcat ("notify::", property, NULL);
  spec->css_class = g_strdup (css_class);
  g_object_set_data_full (G_OBJECT (factory), "astrix-cell-spec", spec, cell_spec_free);
  g_signal_connect (factory, "setup", G_CALLBACK (text_setup), spec);
  g_signal_connect (factory, "bind", G_CALLBACK (text_bind), spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (text_unbind), spec);
  return factory;
}

/* "Monitored by": a headphones icon and who, while someone monitors the channel. */

static void
show_monitored (AstrixChannel *channel,
                GParamSpec    *pspec,
                GtkWidget     *box)
{
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  const char *who = astrix_channel_get_monitored_by (channel);

  gtk_widget_set_visible (icon, who != NULL);
  gtk_label_set_label (GTK_LABEL (label), who != NULL ? who : "");
}

static void
monitored_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("audio-headphones-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "monitored", -1);
  gtk_widget_add_css_class (icon, "accent");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
monitored_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  AstrixChannel *channel = gtk_list_item_get_item (item);
  gulong handler;

  show_monitored (channel, NULL, box);
  handler = g_signal_connect_object (channel, "notify::monitored-by", G_CALLBACK (show_monitored),
                                     box, 0);
  g_object_set_data (G_OBJECT (box), "astrix-handler", GSIZE_TO_POINTER (handler));
}

static void
monitored_unbind (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GObject *channel = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (box), "astrix-handler"));

  if (handler != 0 && channel != NULL)
    g_signal_handler_disconnect (channel, handler);
  g_object_set_data (G_OBJECT (box), "astrix-handler", NULL);
}

GtkListItemFactory *
astrix_monitored_cell_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (monitored_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (monitored_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (monitored_unbind), NULL);
  return factory;
}

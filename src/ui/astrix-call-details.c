/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-call-details.h"
#include "astrix-call-details-private.h"
#include "astrix-channel.h"

/*
 * The channels of one call, for those who want to see them: the Calls table shows a
 * conversation as one row, and this pane below it lists what Asterisk has of it (each
 * channel's name, state, application or bridge, and Uniqueid).
 *
 * A call has a handful of channels: the list is made again, in an idle, whenever the call's
 * channels or anything of them changes, rather than kept in step field by field.
 */

struct _AstrixCallDetails
{
  GtkBox      parent_instance;

  GtkLabel   *title;
  GtkListBox *list;
  AstrixCall *call;
  GPtrArray  *watched;   /* AstrixChannel (owned) whose notify we follow */
  guint       rebuild_source;
};

G_DEFINE_FINAL_TYPE (AstrixCallDetails, astrix_call_details, GTK_TYPE_BOX)

static gboolean rebuild_idle (gpointer data);

static void
queue_rebuild (AstrixCallDetails *self)
{
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (rebuild_idle, self);
}

static void
unwatch (AstrixCallDetails *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i), queue_rebuild,
                                          self);
  g_ptr_array_set_size (self->watched, 0);
}

static GtkWidget *
cell (const char *text,
      gboolean    monospace,
      int         chars)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), chars);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (monospace)
    gtk_widget_add_css_class (label, "monospace");
  return label;
}

/* "Queue(sales)" or "in bridge 1f2e…" */
static char *
doing (AstrixChannel *channel)
{
  const char *application = astrix_channel_get_application (channel);
  const char *data = astrix_channel_get_application_data (channel);
  const char *bridge = astrix_channel_get_bridge_id (channel);
  g_autofree char *app = NULL;

  if (application != NULL)
    app = data != NULL && data[0] != '\0' ? g_strdup_printf ("%s(%s)", application, data)
                                          : g_strdup (application);
  if (bridge != NULL)
    /* TRANSLATORS: what a channel does (its dialplan application), then its bridge's id */
    return app != NULL ? g_strdup_printf (_("%s, in bridge %s"), app, bridge)
                       : g_strdup_printf (_("In bridge %s"), bridge);
  return g_steal_pointer (&app);
}

static GtkWidget *
make_row (AstrixChannel *channel)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *what = doing (channel);
  g_autofree char *label = NULL;

  gtk_box_append (GTK_BOX (box), cell (astrix_channel_get_name (channel), TRUE, 34));
  gtk_box_append (GTK_BOX (box), cell (astrix_channel_get_state_label (channel), FALSE, 10));
  gtk_box_append (GTK_BOX (box), cell (what, FALSE, 30));
  gtk_box_append (GTK_BOX (box), cell (astrix_channel_get_uniqueid (channel), TRUE, 16));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (box), TRUE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* TRANSLATORS: a screen reader's name for a channel row: name, state, application, Uniqueid */
  label = g_strdup_printf (_("%s, %s, %s, Uniqueid %s"), astrix_channel_get_name (channel),
                           astrix_channel_get_state_label (channel), what != NULL ? what : "",
                           astrix_channel_get_uniqueid (channel));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

static void
rebuild (AstrixCallDetails *self)
{
  GListModel *channels = self->call != NULL ? astrix_call_get_channels (self->call) : NULL;
  guint n = channels != NULL ? g_list_model_get_n_items (channels) : 0;
  GtkWidget *child;

  unwatch (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    {
      AstrixChannel *channel = g_list_model_get_item (channels, i);

      g_signal_connect_swapped (channel, "notify", G_CALLBACK (queue_rebuild), self);
      g_ptr_array_add (self->watched, channel);
      gtk_list_box_append (self->list, make_row (channel));
    }
  gtk_label_set_label (self->title, self->call != NULL ? _("Channels of the Selected Call")
                                                       : _("No Call Selected"));
}

static gboolean
rebuild_idle (gpointer data)
{
  AstrixCallDetails *self = data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/**
 * astrix_call_details_set_call:
 * @call: (nullable): the call whose channels to show
 */
void
astrix_call_details_set_call (AstrixCallDetails *self,
                              AstrixCall        *call)
{
  g_return_if_fail (ASTRIX_IS_CALL_DETAILS (self));

  if (self->call == call)
    return;
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_func (astrix_call_get_channels (self->call), queue_rebuild,
                                          self);
  g_set_object (&self->call, call);
  if (call != NULL)
    g_signal_connect_swapped (astrix_call_get_channels (call), "items-changed",
                              G_CALLBACK (queue_rebuild), self);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  rebuild (self);
}

/* Returns: (transfer none) (nullable): the call shown */
AstrixCall *
_astrix_call_details_get_call (AstrixCallDetails *self)
{
  return self->call;
}

/* Returns: (transfer none): the list of channels (a row each) */
GtkListBox *
_astrix_call_details_get_list (AstrixCallDetails *self)
{
  return self->list;
}

static void
astrix_call_details_dispose (GObject *object)
{
  AstrixCallDetails *self = ASTRIX_CALL_DETAILS (object);

  astrix_call_details_set_call (self, NULL);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  unwatch (self);

  G_OBJECT_CLASS (astrix_call_details_parent_class)->dispose (object);
}

static void
astrix_call_details_finalize (GObject *object)
{
  g_ptr_array_unref (ASTRIX_CALL_DETAILS (object)->watched);

  G_OBJECT_CLASS (astrix_call_details_parent_class)->finalize (object);
}

static void
astrix_call_details_class_init (AstrixCallDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_call_details_dispose;
  object_class->finalize = astrix_call_details_finalize;
}

static void
astrix_call_details_init (AstrixCallDetails *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  self->title = GTK_LABEL (gtk_label_new (_("No Call Selected")));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->title));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Channels of the selected call"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self), scrolled);
}

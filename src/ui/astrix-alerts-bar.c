/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-alert.h"
#include "astrix-alerts-bar.h"

/*
 * The alerts that hold now, under the window's header bar: one row each, with a warning icon,
 * what crossed which threshold in words, and a button to the queue or agent
 * (app.show-queue / app.show-agent, as the notification's). A toast passes; this stays until
 * the alert clears, so a supervisor who looked away still sees it. Hidden when there is none.
 */

struct _AstrixAlertsBar
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkListBox  *list;
  GListModel  *alerts;   /* AstrixAlert */
};

G_DEFINE_FINAL_TYPE (AstrixAlertsBar, astrix_alerts_bar, GTK_TYPE_WIDGET)

static GtkWidget *
show_button (AstrixAlert *alert)
{
  gboolean agent = astrix_alert_is_about_agent (alert);
  const char *name = astrix_alert_get_subject_name (alert);
  g_autofree char *label = agent ? g_strdup_printf (_("Show agent %s"), name)
                                 : g_strdup_printf (_("Show queue %s"), name);
  GtkWidget *button = gtk_button_new_with_label (agent ? _("Show Agent") : _("Show Queue"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                  agent ? "app.show-agent" : "app.show-queue");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (astrix_alert_get_subject (alert)));
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  AstrixAlert *alert = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *title = gtk_label_new (astrix_alert_get_title (alert));
  GtkWidget *description = gtk_label_new (NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Alert"), -1);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_widget_set_hexpand (description, TRUE);
  /* The wait or the pause grows while the alert holds: the words follow it */
  g_object_bind_property (alert, "description", description, "label", G_BINDING_SYNC_CREATE);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);
  gtk_box_append (GTK_BOX (box), show_button (alert));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Nothing to do on the row itself: Tab goes straight to its button */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
update_revealed (AstrixAlertsBar *self)
{
  guint n = self->alerts != NULL ? g_list_model_get_n_items (self->alerts) : 0;

  gtk_revealer_set_reveal_child (self->revealer, n > 0);
}

/* @alerts: (nullable): the alerts to show, AstrixAlert items */
void
astrix_alerts_bar_set_model (AstrixAlertsBar *self,
                             GListModel      *alerts)
{
  g_return_if_fail (ASTRIX_IS_ALERTS_BAR (self));

  if (self->alerts != NULL)
    g_signal_handlers_disconnect_by_func (self->alerts, update_revealed, self);
  g_set_object (&self->alerts, alerts);
  gtk_list_box_bind_model (self->list, alerts, create_row, NULL, NULL);
  if (alerts != NULL)
    g_signal_connect_object (alerts, "items-changed", G_CALLBACK (update_revealed), self,
                             G_CONNECT_SWAPPED);
  update_revealed (self);
}

static void
astrix_alerts_bar_dispose (GObject *object)
{
  AstrixAlertsBar *self = ASTRIX_ALERTS_BAR (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->alerts);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_ALERTS_BAR);

  G_OBJECT_CLASS (astrix_alerts_bar_parent_class)->dispose (object);
}

static void
astrix_alerts_bar_class_init (AstrixAlertsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_alerts_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-alerts-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixAlertsBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, AstrixAlertsBar, list);
}

static void
astrix_alerts_bar_init (AstrixAlertsBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

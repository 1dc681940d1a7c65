/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-window.h"

struct _AstrixWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (AstrixWindow, astrix_window, ADW_TYPE_APPLICATION_WINDOW)

static void
astrix_window_class_init (AstrixWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-window.ui");
}

static void
astrix_window_init (AstrixWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AstrixWindow *
astrix_window_new (AstrixApplication *application)
{
  return g_object_new (ASTRIX_TYPE_WINDOW, "application", application, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-application.h"
#include "astrix-window.h"

struct _AstrixApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AstrixApplication, astrix_application, ADW_TYPE_APPLICATION)

static void
astrix_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (astrix_window_new (ASTRIX_APPLICATION (app)));
  gtk_window_present (window);
}

static void
astrix_application_class_init (AstrixApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = astrix_application_activate;
}

static void
astrix_application_init (AstrixApplication *self)
{
}

AstrixApplication *
astrix_application_new (void)
{
  return g_object_new (ASTRIX_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/astrix/Assist",
                       NULL);
}

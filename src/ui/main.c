/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "astrix-application.h"
#include "astrix-settings.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AstrixApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  /* Before GTK starts: --help and --check-server speak the user's language */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!astrix_settings_check_schemas (&error))
    {
      g_printerr ("astrix-assist: %s\n", error->message);
      return 1;
    }

  app = astrix_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

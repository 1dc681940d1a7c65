/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "astrix-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AstrixApplication) app = NULL;

  /* Before GTK starts: --help and --check-server speak the user's language. The settings
   * schema is looked for later, by what needs it (astrix_application_handle_local_options). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = astrix_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

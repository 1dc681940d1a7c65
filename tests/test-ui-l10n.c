/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The application in German: the catalogue the build makes from po/de.po, LANGUAGE=de, and the
 * window, its pages, the monitoring bar and a message from the core all speak it. A screenshot
 * is saved (ui-german.png). Runs inside build-aux/quickstart test (Xvfb, private bus).
 */
#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>

#include "config.h"

#include "astrix-application-private.h"
#include "astrix-monitor-bar.h"
#include "astrix-monitor-bar-private.h"
#include "astrix-window.h"
#include "astrix-window-private.h"
#include "ui-support.h"

static AstrixApplication *app;
static AstrixWindow *window;
static char *localedir;

/* The translation of @english, which must exist and differ */
static const char *
german (const char *english)
{
  const char *text = g_dgettext (GETTEXT_PACKAGE, english);

  g_test_message ("%s → %s", english, text);
  g_assert_cmpstr (text, !=, english);
  return text;
}

static AdwViewStack *
view_stack (void)
{
  GtkWidget *page = GTK_WIDGET (astrix_window_get_recordings_page (window));

  return ADW_VIEW_STACK (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK));
}

static gboolean
script (gpointer data)
{
  AstrixMonitorBar *bar;
  AstrixMonitorSession *session;
  AdwViewStackPage *page;
  g_autofree char *listening = NULL;
  g_autoptr(GError) error = NULL;

  UI_WAIT_UNTIL ((window = _astrix_application_get_main_window (app)) != NULL, 5000);
  UI_WAIT_UNTIL (g_list_model_get_n_items (
                   G_LIST_MODEL (astrix_window_get_selection (window))) >= 4, 8000);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);

  /* The pages, from the .ui template */
  page = adw_view_stack_get_page (view_stack (),
                                  adw_view_stack_get_child_by_name (view_stack (), "calls"));
  g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, german ("_Calls"));
  page = adw_view_stack_get_page (view_stack (),
                                  adw_view_stack_get_child_by_name (view_stack (), "recordings"));
  g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, german ("_Recordings"));

  /* A column header of the table, from the template */
  g_assert_nonnull (ui_find_label (GTK_WIDGET (astrix_window_get_column_view (window)),
                                   german ("Customer")));

  /* Listening: the bar's title is made in C */
  ui_press (GTK_WINDOW (window), "ctrl+1");
  UI_WAIT_UNTIL ((session = astrix_monitor_get_session (
                    astrix_application_get_monitor (app))) != NULL &&
                 astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 5000);
  bar = _astrix_window_get_monitor_bar (window);
  listening = g_strdup (german ("Listening to %s"));
  *strstr (listening, "%s") = '\0';
  g_assert_true (g_str_has_prefix (_astrix_monitor_bar_get_title (bar), listening));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (bar), german ("_Whisper")));
  ui_wait_ms (300);
  ui_save_screenshot (GTK_WIDGET (window), "ui-german.png");

  /* A refusal from the application, in German too */
  g_assert_false (astrix_application_monitor_channel (app, NULL, "PJSIP/9999-dead",
                                                      ASTRIX_MONITOR_MODE_LISTEN, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "PJSIP/9999-dead"));
  g_assert_null (strstr (error->message, "There is no call"));

  ui_press (GTK_WINDOW (window), "ctrl+period");
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ENDED, 3000);
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

/* The build makes ASTRIX_TEST_PO_DIR/de/LC_MESSAGES/DOMAIN.mo from po/de.po */
static gboolean
find_catalogue (void)
{
  const char *build_po = g_getenv ("ASTRIX_TEST_PO_DIR");
  g_autofree char *mo = NULL;

  if (build_po == NULL)
    return FALSE;
  mo = g_build_filename (build_po, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  localedir = g_strdup (build_po);
  return TRUE;
}

static void
test_german (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  g_assert_true (find_catalogue ());
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ui_run_demo (&app, "4", script);
}

int
main (int   argc,
      char *argv[])
{
  /* German messages whatever the machine's locales: C.UTF-8 honours LANGUAGE */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");

  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/german", test_german);

  return g_test_run ();
}

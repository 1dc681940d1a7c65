/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * F1: the help as HTML is built (the index page among it), and it is opened in the web browser
 * when help: cannot be shown, e.g. where Yelp is not installed; when nothing can show either,
 * the error says so in words. The desktop here is a made-up one: a web browser (a script that
 * writes down what it was given) and no help viewer.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "astrix-help.h"
#include "files.h"
#include "ui-support.h"

static char *tmp;
static char *opened;   /* what the "browser" was given, a line each */

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
copy_mime_cache (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "mime.cache", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents ("/usr/share/mime/mime.cache", &contents, &length, &error));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* A desktop whose only handler is a web browser; set up before GIO reads any of it. */
static void
make_desktop (void)
{
  g_autofree char *script = g_build_filename (tmp, "browser", NULL);
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\necho \"$1\" >> '%s'\n", opened);
  g_autofree char *desktop = g_build_filename (tmp, "data", "applications", "test-browser.desktop",
                                               NULL);
  g_autofree char *desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\n"
                                                   "Name=Test Browser\nExec=%s %%u\n"
                                                   "MimeType=text/html;\n", script);
  g_autofree char *mimeapps = g_build_filename (tmp, "config", "mimeapps.list", NULL);
  g_autofree char *share = g_build_filename (tmp, "share", NULL);
  g_autofree char *mime = g_build_filename (share, "mime", NULL);
  g_autofree char *data_home = g_build_filename (tmp, "data", NULL);
  g_autofree char *config_home = g_build_filename (tmp, "config", NULL);

  write_file (script, script_text, 0700);
  write_file (desktop, desktop_text, 0600);
  write_file (mimeapps, "[Default Applications]\ntext/html=test-browser.desktop\n", 0600);
  /* The system's MIME types (.html is text/html), none of its applications: a copy of the
   * database, not a link (the test's folder is removed at the end) */
  copy_mime_cache (mime);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_DATA_DIRS", share, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", share, TRUE);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_set_object ((GAsyncResult **) data, result);
}

/* The lines the browser was given, once it has been given @n */
static GStrv
wait_opened (guint n)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (g_file_get_contents (opened, &text, NULL, NULL))
        {
          lines = g_strsplit (g_strchomp (text), "\n", -1);
          if (g_strv_length (lines) >= n)
            return g_steal_pointer (&lines);
        }
      ui_wait_ms (20);
    }
  g_error ("the browser was not started %u times", n);
}

/* GIO gives a browser a local file as its path or as its URI */
static void
assert_same_file (const char *given,
                  const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  if (g_strcmp0 (given, path) != 0)
    g_assert_cmpstr (given, ==, uri);
}

static void
test_built (void)
{
  g_auto(GStrv) uris = astrix_help_get_uris (NULL);
  g_auto(GStrv) page_uris = astrix_help_get_uris ("monitor-calls");
  g_autofree char *index = g_build_filename (HELP_BUILD_DIR, "index.html", NULL);
  g_autofree char *index_uri = g_filename_to_uri (index, NULL, NULL);
  g_autofree char *html = NULL;

  if (!g_file_test (index, G_FILE_TEST_EXISTS) && g_find_program_in_path ("yelp-build") == NULL)
    {
      g_test_skip ("yelp-build (yelp-tools) is not installed");
      return;
    }
  /* Run from the build tree: its HTML first, then help: */
  g_assert_cmpstr (uris[0], ==, index_uri);
  g_assert_cmpstr (uris[1], ==, "help:astrix-assist");
  g_assert_true (g_str_has_suffix (page_uris[0], "/help/monitor-calls.html"));
  g_assert_cmpstr (page_uris[1], ==, "help:astrix-assist/monitor-calls");

  g_assert_true (g_file_get_contents (index, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "<title>Astrix Assist Help</title>"));
  g_assert_nonnull (strstr (html, "monitor-calls.html"));
}

/* The HTML of the supervisor's language (LANGUAGE): German, Spanish; English for the rest */
static void
test_translated (void)
{
  static const struct { const char *language; const char *dir; const char *title; } cases[] = {
    { "de_DE:de", "/help/de/", "<title>Mithören, flüstern und aufschalten</title>" },
    { "es", "/help/es/", "<title>Escuchar, susurrar e intervenir</title>" },
    { "fr_FR:fr", "/help/", "<title>Listen, whisper and barge in</title>" },
  };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *index = g_build_filename (HELP_BUILD_DIR, "index.html", NULL);

  if (!g_file_test (index, G_FILE_TEST_EXISTS) && g_find_program_in_path ("yelp-build") == NULL)
    {
      g_test_skip ("yelp-build (yelp-tools) is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) uris = NULL;
      g_autofree char *path = NULL;
      g_autofree char *html = NULL;
      g_autofree char *expected = g_strconcat (cases[i].dir, "monitor-calls.html", NULL);

      g_setenv ("LANGUAGE", cases[i].language, TRUE);
      uris = astrix_help_get_uris ("monitor-calls");
      g_assert_true (g_str_has_suffix (uris[0], expected));
      g_assert_cmpstr (uris[1], ==, "help:astrix-assist/monitor-calls");
      path = g_filename_from_uri (uris[0], NULL, NULL);
      g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
      g_assert_nonnull (strstr (html, cases[i].title));
    }
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* help: cannot be shown (no help viewer): the HTML is, in the browser. */
static void
test_fallback (void)
{
  g_autofree char *index = g_build_filename (HELP_BUILD_DIR, "index.html", NULL);
  g_autofree char *index_uri = g_filename_to_uri (index, NULL, NULL);
  const char *uris[] = { "help:astrix-assist", index_uri, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_remove (opened);
  _astrix_help_show_uris_async (NULL, uris, NULL, on_done, &result);
  UI_WAIT_UNTIL (result != NULL, 5000);
  g_assert_true (astrix_help_show_finish (result, &error));
  g_assert_no_error (error);
  lines = wait_opened (1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  assert_same_file (lines[0], index);
}

/* Nothing can show it: said in words, with where the HTML is. */
static void
test_nothing_shows_it (void)
{
  g_autofree char *other = g_build_filename (tmp, "page.no-such-type", NULL);
  g_autofree char *other_uri = g_filename_to_uri (other, NULL, NULL);
  const char *uris[] = { "help:astrix-assist", other_uri, NULL };
  const char *help_only[] = { "help:astrix-assist", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_remove (opened);
  write_file (other, "", 0600);
  _astrix_help_show_uris_async (NULL, uris, NULL, on_done, &result);
  UI_WAIT_UNTIL (result != NULL, 5000);
  g_assert_false (astrix_help_show_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "no help viewer and no web browser"));
  g_assert_nonnull (strstr (error->message, other));

  g_clear_object (&result);
  g_clear_error (&error);
  _astrix_help_show_uris_async (NULL, help_only, NULL, on_done, &result);
  UI_WAIT_UNTIL (result != NULL, 5000);
  g_assert_false (astrix_help_show_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "no help viewer"));
  g_assert_false (g_file_test (opened, G_FILE_TEST_EXISTS));
}

/* What F1 does, from the build tree: the built HTML in the browser */
static void
test_show (void)
{
  g_autofree char *index = g_build_filename (HELP_BUILD_DIR, "index.html", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_test (index, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the help was not built as HTML (no yelp-build)");
      return;
    }
  g_remove (opened);
  astrix_help_show_async (NULL, NULL, NULL, on_done, &result);
  UI_WAIT_UNTIL (result != NULL, 5000);
  g_assert_true (astrix_help_show_finish (result, &error));
  g_assert_no_error (error);
  lines = wait_opened (1);
  assert_same_file (lines[0], index);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* What F1 does when nothing can show the help: a dialog says so */
static void
test_show_dialog (void)
{
  AdwMessageDialog *dialog;

  g_remove (opened);
  /* (no HTML of that page: only help:, which nothing shows here) */
  astrix_help_show (NULL, "no-such-page");
  UI_WAIT_UNTIL ((dialog = find_dialog ()) != NULL, 5000);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Help Cannot Be Shown");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "no help viewer"));
  g_assert_false (g_file_test (opened, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything reads the desktop's settings (GLib keeps the directories it found) */
  tmp = g_dir_make_tmp ("astrix-help-XXXXXX", NULL);
  opened = g_build_filename (tmp, "opened", NULL);
  make_desktop ();
  g_test_init (&argc, &argv, NULL);
  if (ui_have_session ())
    {
      gdk_set_allowed_backends ("x11");
      adw_init ();
      g_test_add_func ("/help/built", test_built);
      g_test_add_func ("/help/translated", test_translated);
      g_test_add_func ("/help/fallback", test_fallback);
      g_test_add_func ("/help/nothing-shows-it", test_nothing_shows_it);
      g_test_add_func ("/help/show", test_show);
      g_test_add_func ("/help/show-dialog", test_show_dialog);
    }
  else
    {
      g_test_add_func ("/help/built", test_built);
      g_test_add_func ("/help/translated", test_translated);
    }

  status = g_test_run ();
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp);

    remove_tree (dir);
  }
  g_free (opened);
  g_free (tmp);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "astrix-help.h"

/*
 * The help (F1): the Mallard pages under help/, shown by the desktop's help viewer (help:),
 * or else as the HTML that yelp-build made of them, in the web browser.
 *
 * Yelp is not always there, and a build tree has no installed help: there help: fails ("Operation
 * not supported") or shows an older, installed version. So the HTML comes first when the app
 * runs from its build tree, and after help: otherwise; and when nothing can show either, the
 * supervisor is told in words, not by GTK's bare "Could not show link".
 */

/* Whether this process runs from the build tree, not installed */
static gboolean
is_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, BUILD_ROOT G_DIR_SEPARATOR_S);
}

/*
 * The HTML page in @dir as a URI, if it is there: in the first of the supervisor's languages
 * the help is translated into (@dir/de/, @dir/es/; the untranslated pages are in @dir itself).
 */
static char *
html_uri (const char *dir,
          const char *page)
{
  g_autofree char *name = g_strconcat (page != NULL ? page : "index", ".html", NULL);
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      /* "C" is the untranslated help; a language name never holds a path (no separator) */
      if (g_str_equal (languages[i], "C"))
        path = g_build_filename (dir, name, NULL);
      else if (strchr (languages[i], G_DIR_SEPARATOR) == NULL)
        path = g_build_filename (dir, languages[i], name, NULL);
      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_filename_to_uri (path, NULL, NULL);
    }
  return NULL;
}

/**
 * astrix_help_get_uris:
 * @page: (nullable): a page of the help ("monitor-calls"), or %NULL for its start
 *
 * Returns: (transfer full): the addresses of the help, in the order they are tried
 */
char **
astrix_help_get_uris (const char *page)
{
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();
  g_autofree char *help = g_strconcat ("help:" GETTEXT_PACKAGE, page != NULL ? "/" : "", page,
                                       NULL);
  g_autofree char *built = html_uri (HELP_BUILD_DIR, page);
  g_autofree char *installed = html_uri (HELP_HTML_DIR, page);

  if (is_uninstalled () && built != NULL)
    g_strv_builder_add (uris, built);
  g_strv_builder_add (uris, help);
  if (installed != NULL)
    g_strv_builder_add (uris, installed);
  return g_strv_builder_end (uris);
}

typedef struct
{
  GStrv uris;
  guint next;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_strfreev (attempt->uris);
  g_free (attempt);
}

static void try_next (GTask *task);

static void
shown (GObject      *source,
       GAsyncResult *result,
       gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish ((GtkWindow *) source, result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("help: %s", error->message);
  try_next (g_steal_pointer (&task));
}

/* The last file:// address tried, as a path the supervisor can open some other way */
static char *
html_path (Attempt *attempt)
{
  for (guint i = attempt->next; i > 0; i--)
    {
      if (g_str_has_prefix (attempt->uris[i - 1], "file:"))
        return g_filename_from_uri (attempt->uris[i - 1], NULL, NULL);
    }
  return NULL;
}

static void
try_next (GTask *task)
{
  Attempt *attempt = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (attempt->uris[attempt->next] != NULL)
    {
      const char *uri = attempt->uris[attempt->next++];

      gtk_show_uri_full (g_task_get_source_object (task), uri, GDK_CURRENT_TIME,
                         g_task_get_cancellable (task), shown, task);
      return;
    }
  path = html_path (attempt);
  if (path != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("The help could not be opened: this computer has no help viewer "
                               "and no web browser for it. It is in %s."), path);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("The help could not be opened: this computer has no help viewer "
                               "for it (Yelp)."));
  g_object_unref (task);
}

/* Shows the first of @uris that the desktop can show. */
void
_astrix_help_show_uris_async (GtkWindow           *parent,
                              const char * const  *uris,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  Attempt *attempt = g_new0 (Attempt, 1);

  g_task_set_source_tag (task, astrix_help_show_async);
  attempt->uris = g_strdupv ((char **) uris);
  g_task_set_task_data (task, attempt, (GDestroyNotify) attempt_free);
  try_next (task);
}

/**
 * astrix_help_show_async:
 * @parent: (nullable): the window the help is for
 * @page: (nullable): a page of the help, or %NULL for its start
 *
 * Shows the help, in the help viewer or else in the web browser (see astrix_help_get_uris()).
 */
void
astrix_help_show_async (GtkWindow           *parent,
                        const char          *page,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_auto(GStrv) uris = astrix_help_get_uris (page);

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  _astrix_help_show_uris_async (parent, (const char * const *) uris, cancellable, callback,
                                user_data);
}

/* Returns: whether the help is shown; if not, @error says why in words for the supervisor */
gboolean
astrix_help_show_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == astrix_help_show_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
shown_or_said (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GtkWindow) parent = data;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (astrix_help_show_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A dialog, not a toast: the sentence is long and says where the pages are. */
  dialog = adw_message_dialog_new (parent, _("The Help Cannot Be Shown"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * astrix_help_show:
 * @parent: (nullable): the window the help is for
 * @page: (nullable): a page of the help, or %NULL for its start
 *
 * Shows the help (see astrix_help_show_async()), or a dialog that says why it cannot.
 */
void
astrix_help_show (GtkWindow  *parent,
                  const char *page)
{
  astrix_help_show_async (parent, page, NULL, shown_or_said,
                          parent != NULL ? g_object_ref (parent) : NULL);
}

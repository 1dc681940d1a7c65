/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The "Check Server" page under Xvfb against the simulated PBX: the rows as they come, a
 * failure opened on its fix with a working copy button, the secret typed on the page when the
 * keyring has none, Run Again, and the dialog that Escape closes. Screenshots go to
 * $ASTRIX_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include "astrix-check-page.h"
#include "astrix-check-page-private.h"
#include "astrix-demo-pbx.h"
#include "astrix-secrets.h"
#include "files.h"
#include "ui-support.h"

#define USER   "supervisor"
#define SECRET "Least-Privilege-1!"

typedef struct
{
  AstrixDemoPbx      *pbx;
  AstrixServerConfig *config;
  GtkWindow          *window;
  AstrixCheckPage    *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  astrix_demo_pbx_add_user (f->pbx, USER, SECRET, "call", "originate,call,reporting");
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  astrix_demo_pbx_set_running (f->pbx, TRUE);
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Call centre",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", USER,
                            "endpoint", "PJSIP/2000",
                            NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 720, 900);
  f->page = ASTRIX_CHECK_PAGE (astrix_check_page_new (f->config));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  ui_wait_ms (50);
  g_assert_finalize_object (f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_assert_finalize_object (f->pbx);
}

static gboolean
check_done (Fixture *f)
{
  AstrixServerCheck *check = _astrix_check_page_get_check (f->page);

  return !astrix_server_check_get_running (check) &&
         g_list_model_get_n_items (G_LIST_MODEL (check)) > 0;
}

/* The list of results (not the one of the secret's preferences group). */
static GtkListBox *
results_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) &&
      gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP) == NULL)
    return GTK_LIST_BOX (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *found = results_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_rows (GtkWidget *widget)
{
  GtkListBox *list = results_list (widget);
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GtkWidget *
row_named (Fixture    *f,
           const char *id)
{
  GtkListBox *list = results_list (GTK_WIDGET (f->page));

  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, i));

      if (g_strcmp0 (gtk_widget_get_name (row), id) == 0)
        return row;
    }
  g_error ("no row %s", id);
  return NULL;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *part)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  ui_collect_labels (widget, labels);
  return strstr (labels->str, part) != NULL;
}

static void
test_all_well (Fixture       *f,
               gconstpointer  data)
{
  astrix_check_page_run (f->page, SECRET);
  UI_WAIT_UNTIL (check_done (f), 10000);
  ui_wait_ms (100);
  g_assert_cmpuint (count_rows (GTK_WIDGET (f->page)), ==, 10 + 5);
  g_assert_true (has_label (GTK_WIDGET (f->page), "[Nothing failed]"));
  /* The unverifiable module opens on the command to run on the PBX. */
  g_assert_true (ADW_IS_EXPANDER_ROW (row_named (f, "module-app_chanspy")));
  g_assert_false (adw_expander_row_get_expanded (
                    ADW_EXPANDER_ROW (row_named (f, "module-app_chanspy"))));
  g_assert_true (ADW_IS_ACTION_ROW (row_named (f, "login")));
  ui_save_screenshot (GTK_WIDGET (f->window), "check-page-all-well.png");
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ClipboardRead *read = data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static void
keyring_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (astrix_secrets_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
store_secret (Fixture *f)
{
  gboolean done = FALSE;

  astrix_secrets_store_async (f->config, SECRET, NULL, keyring_done, &done);
  UI_WAIT_UNTIL (done, 5000);
}

static void
cleared (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  astrix_secrets_clear_finish (result, NULL);
  *(gboolean *) data = TRUE;
}

static void
clear_secret (Fixture *f)
{
  gboolean done = FALSE;

  astrix_secrets_clear_async (f->config, NULL, cleared, &done);
  UI_WAIT_UNTIL (done, 5000);
}

static void
test_failure_and_copy (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *row;
  GtkWidget *copy;
  ClipboardRead read = { NULL, FALSE };
  AstrixCheckResult *result;

  astrix_demo_pbx_set_context_present (f->pbx, "spy-context", FALSE);
  g_object_set (f->config, "monitor-method", ASTRIX_MONITOR_METHOD_CONTEXTS, NULL);
  astrix_check_page_run (f->page, SECRET);
  UI_WAIT_UNTIL (check_done (f), 10000);
  ui_wait_ms (100);
  g_assert_true (has_label (GTK_WIDGET (f->page), "[1 problem found]"));

  /* What failed is open on its fix, with the text to paste. */
  row = row_named (f, "context-spy-context");
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_true (has_label (row, "[extensions.conf]"));
  copy = ui_find_widget (row, GTK_TYPE_BUTTON, NULL);
  while (copy != NULL && g_object_get_data (G_OBJECT (copy), "astrix-snippet") == NULL)
    copy = ui_find_widget (gtk_widget_get_next_sibling (copy), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (copy), NULL, clipboard_read, &read);
  UI_WAIT_UNTIL (read.done, 5000);
  result = astrix_server_check_lookup (_astrix_check_page_get_check (f->page),
                                       "context-spy-context");
  g_assert_cmpstr (read.text, ==, astrix_check_result_get_snippet (result));
  g_assert_true (g_str_has_prefix (read.text, "[spy-context]\n"));
  g_free (read.text);
  ui_wait_ms (200);
  ui_save_screenshot (GTK_WIDGET (f->window), "check-page-failure.png");

  /* Fixed on the PBX, checked again (Ctrl+R) with the secret from the keyring. */
  astrix_demo_pbx_set_context_present (f->pbx, "spy-context", TRUE);
  store_secret (f);
  ui_press (f->window, "ctrl+r");
  UI_WAIT_UNTIL (check_done (f) &&
                 astrix_server_check_lookup (_astrix_check_page_get_check (f->page),
                                             "context-spy-context") != NULL &&
                 astrix_server_check_get_status (_astrix_check_page_get_check (f->page)) !=
                   ASTRIX_CHECK_FAILED, 10000);
  ui_wait_ms (100);
  g_assert_true (has_label (GTK_WIDGET (f->page), "[Nothing failed]"));
  g_assert_false (has_label (GTK_WIDGET (f->page), "problem"));
  clear_secret (f);
}

/* The snippet behind the copy button of @row */
static const char *
row_snippet (GtkWidget *row)
{
  GtkWidget *copy = ui_find_widget (row, GTK_TYPE_BUTTON, NULL);

  while (copy != NULL && g_object_get_data (G_OBJECT (copy), "astrix-snippet") == NULL)
    copy = ui_find_widget (gtk_widget_get_next_sibling (copy), GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (copy);
  return g_object_get_data (G_OBJECT (copy), "astrix-snippet");
}

/* The optional capabilities: a restricted user's are closed rows with their manager.conf
 * line, a full user's queue rows are plain OK rows; neither is a problem. */
static void
test_capabilities (Fixture       *f,
                   gconstpointer  data)
{
  /* The user lacks these classes; call, which stopping a recording and Redirect need, it
   * has (the simulated PBX offers neither: said in a plain row, with nothing to change). */
  static const char *const ids[] = {
    "capability-queue-events", "capability-queue-members", "capability-record",
  };
  GtkWidget *row;

  astrix_check_page_run (f->page, SECRET);
  UI_WAIT_UNTIL (check_done (f), 10000);
  ui_wait_ms (100);
  g_assert_true (has_label (GTK_WIDGET (f->page), "[Nothing failed]"));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      row = row_named (f, ids[i]);
      g_assert_true (ADW_IS_EXPANDER_ROW (row));
      /* Not a failure: closed */
      g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
    }
  g_assert_true (ADW_IS_ACTION_ROW (row_named (f, "capability-recording-control")));
  g_assert_true (ADW_IS_ACTION_ROW (row_named (f, "capability-end-calls")));
  row = row_named (f, "capability-queue-members");
  g_assert_true (has_label (row, "[Pausing agents and queue membership]"));
  g_assert_true (has_label (row, "[manager.conf]"));
  g_assert_nonnull (strstr (row_snippet (row), "write = originate,call,reporting,agent\n"));
  g_assert_nonnull (strstr (row_snippet (row_named (f, "capability-queue-events")),
                            "read = call,agent\n"));
  ui_save_screenshot (GTK_WIDGET (f->window), "check-page-capabilities.png");

  g_object_set (f->config, "username", "astrix_admin", NULL);
  astrix_check_page_run (f->page, "AdminPass789!");
  UI_WAIT_UNTIL (check_done (f) &&
                 astrix_server_check_lookup (_astrix_check_page_get_check (f->page),
                                             "capability-end-calls") != NULL, 10000);
  ui_wait_ms (100);
  g_assert_true (ADW_IS_ACTION_ROW (row_named (f, "capability-queue-events")));
  g_assert_true (ADW_IS_ACTION_ROW (row_named (f, "capability-queue-members")));
  g_assert_true (has_label (GTK_WIDGET (f->page), "[Works, with 1 warning]"));
}

/* Nothing in the keyring: the page asks for the secret, and checks with it. */
static void
test_secret_asked (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *entry;
  GtkRevealer *revealer;

  astrix_check_page_run (f->page, NULL);
  revealer = GTK_REVEALER (ui_find_widget (GTK_WIDGET (f->page), GTK_TYPE_REVEALER, NULL));
  UI_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer), 5000);
  g_assert_true (has_label (GTK_WIDGET (f->page), "[A secret is needed]"));
  ui_wait_ms (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "check-page-secret.png");

  entry = ui_find_widget (GTK_WIDGET (f->page), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), SECRET);
  g_signal_emit_by_name (entry, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  UI_WAIT_UNTIL (check_done (f), 10000);
  g_assert_cmpint (astrix_check_result_get_status (
                     astrix_server_check_lookup (_astrix_check_page_get_check (f->page), "login")),
                   ==, ASTRIX_CHECK_OK);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
}

static void
test_dialog (Fixture       *f,
             gconstpointer  data)
{
  GtkWindow *dialog = astrix_check_page_present (f->window, f->config, "wrong-secret");
  AstrixCheckPage *page = ASTRIX_CHECK_PAGE (ui_find_widget (GTK_WIDGET (dialog),
                                                             ASTRIX_TYPE_CHECK_PAGE, NULL));
  GtkWidget *row;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  UI_WAIT_UNTIL (!astrix_server_check_get_running (_astrix_check_page_get_check (page)) &&
                 astrix_server_check_lookup (_astrix_check_page_get_check (page), "login") != NULL,
                 10000);
  ui_wait_ms (300);
  row = ui_find_widget (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW, "Login");
  g_assert_nonnull (row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  ui_save_screenshot (GTK_WIDGET (dialog), "check-page-dialog.png");
  ui_wait_ms (200);
  ui_press (dialog, "Escape");
  UI_WAIT_UNTIL (dialog == NULL, 5000);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("astrix-check-page-XXXXXX", NULL);
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);
  int status;

  /* An empty keyring of our own: libsecret's file backend, no D-Bus service needed. */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);

  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();
#define ADD(path, func) \
  g_test_add ("/check-page" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  /* Without a display there is nothing to test: no test, not a failure */
  if (gtk_init_check ())
    {
      adw_init ();
      ADD ("/all-well", test_all_well);
      ADD ("/failure-and-copy", test_failure_and_copy);
      ADD ("/secret-asked", test_secret_asked);
      ADD ("/dialog", test_dialog);
      ADD ("/capabilities", test_capabilities);
    }

  status = g_test_run ();
  remove_tree_at (dir);
  return status;
}

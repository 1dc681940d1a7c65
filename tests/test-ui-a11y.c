/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accessibility: every control of the main window (with a session running), the preferences
 * and the server editor has a name an assistive technology can read; and the window in the dark
 * style and at 200 % text size (screenshots); the cells of the Agents and Queues tables are
 * named by their text. Runs with GTK_A11Y=test.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "astrix-agents-page.h"
#include "astrix-application-private.h"
#include "astrix-cell.h"
#include "astrix-cell-private.h"
#include "astrix-preferences-window.h"
#include "astrix-queues-page.h"
#include "astrix-server-editor.h"
#include "astrix-window.h"
#include "ui-support.h"

static AstrixApplication *app;
static GPtrArray *nameless;

/* Whether a label with some text is inside @widget. */
static gboolean
has_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_label (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (has_label_text (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_DROP_DOWN (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_ENTRY (widget) ||
         GTK_IS_COLUMN_VIEW (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SCALE (widget) ||
         GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
is_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* (GTK 4.8 reports a labelled-by relation on every button, set or not: not a name.) */
  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  /* A button is named by its label; a row's control by the row's title. */
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)) &&
      has_label_text (widget))
    return TRUE;
  for (; parent != NULL; parent = gtk_widget_get_parent (parent))
    {
      if (ADW_IS_PREFERENCES_ROW (parent))
        return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (parent))[0] != '\0';
    }
  return FALSE;
}

static void
check_tree (GtkWidget  *widget,
            const char *where)
{
  /* Only what is on screen (a disabled search bar inside a library widget is not). */
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_control (widget) && !is_named (widget))
    g_ptr_array_add (nameless, g_strdup_printf ("%s: %s (%s)", where, G_OBJECT_TYPE_NAME (widget),
                                                gtk_widget_get_name (widget)));
  /* Inside an entry or a menu button, GTK's own parts are named by the whole. */
  if (GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget) ||
      GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_tree (child, where);
}

/*
 * Every table cell has a name, "" when it is empty: without one, AT-SPI reads out the widget's
 * type ("AstrixCell") for each empty cell, e.g. Monitored By of a call nobody monitors.
 * Returns how many empty cells were found.
 */
static guint
check_cell_names (GtkWidget *widget)
{
  guint n_empty = 0;

  if (ASTRIX_IS_CELL (widget) && gtk_widget_get_mapped (widget))
    {
      const char *text = _astrix_cell_get_text (ASTRIX_CELL (widget));
      g_autofree char *wrong = NULL;

      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text);
      g_assert_null (wrong);
      return text[0] == '\0' ? 1 : 0;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_empty += check_cell_names (child);
  return n_empty;
}

/* The Agents (Alt+4) and Queues (Alt+5) pages: controls named, and each cell of a row named
 * by its text, as a screen reader reads the table */
static void
check_queue_page (AstrixWindow *window,
                  guint         index,
                  GType         type,
                  const char   *first_cell,
                  const char   *where)
{
  GtkWidget *page = ui_find_widget (GTK_WIDGET (window), type, NULL);
  GtkWidget *cell;
  GtkWidget *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "u", index));
  UI_WAIT_UNTIL (gtk_widget_get_mapped (page) &&
                 (cell = ui_find_label (page, first_cell)) != NULL, 8000);
  ui_wait_ms (300);
  check_tree (page, where);
  /* cell < the column's cell < row: every cell of the row says its text */
  row = gtk_widget_get_parent (gtk_widget_get_parent (cell));
  for (GtkWidget *column = gtk_widget_get_first_child (row); column != NULL;
       column = gtk_widget_get_next_sibling (column))
    {
      GtkWidget *child = ui_find_widget (column, ASTRIX_TYPE_CELL, NULL);
      const char *text = child != NULL ? _astrix_cell_get_text (ASTRIX_CELL (child)) : NULL;

      g_assert_nonnull (child);
      if (text[0] == '\0')
        continue;
      g_test_message ("%s cell: %s", where, text);
      g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (child),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL, text));
    }
}

static gboolean
script (gpointer data)
{
  AstrixWindow *window;
  GtkWindow *other;
  AstrixMonitorSession *session;

  UI_WAIT_UNTIL ((window = (AstrixWindow *)
                    gtk_application_get_active_window (GTK_APPLICATION (app))) != NULL, 5000);
  /* One row per call: the demo's three */
  UI_WAIT_UNTIL (g_list_model_get_n_items (
                   G_LIST_MODEL (astrix_window_get_selection (window))) >= 3, 8000);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);

  /* With a session running, so the monitoring bar is there too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.listen", NULL));
  UI_WAIT_UNTIL ((session = astrix_monitor_get_session (
                    astrix_application_get_monitor (app))) != NULL &&
                 astrix_monitor_session_get_state (session) == ASTRIX_SESSION_ACTIVE, 8000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  ui_wait_ms (500);
  check_tree (GTK_WIDGET (window), "main window");
  /* Only the call being listened to is monitored: the others' Monitored By is empty. */
  g_assert_cmpuint (check_cell_names (GTK_WIDGET (astrix_window_get_column_view (window))), >, 0);

  check_queue_page (window, 3, ASTRIX_TYPE_AGENTS_PAGE, "Alice Martin", "agents");
  check_queue_page (window, 4, ASTRIX_TYPE_QUEUES_PAGE, "support", "queues");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "u", 0));

  /* Dark style and twice the text size: the same window, still whole. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  ui_wait_ms (500);
  ui_save_screenshot (GTK_WIDGET (window), "ui-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 96 * 1024 * 2, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  ui_wait_ms (800);
  ui_save_screenshot (GTK_WIDGET (window), "ui-large-text.png");
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 96 * 1024, NULL);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  UI_WAIT_UNTIL ((other = ui_find_toplevel (ASTRIX_TYPE_PREFERENCES_WINDOW)) != NULL, 5000);
  check_tree (GTK_WIDGET (other), "preferences");
  gtk_window_destroy (other);

  g_action_group_activate_action (G_ACTION_GROUP (app), "add-server", NULL);
  UI_WAIT_UNTIL ((other = ui_find_toplevel (ASTRIX_TYPE_SERVER_EDITOR)) != NULL, 5000);
  check_tree (GTK_WIDGET (other), "server editor");
  gtk_window_destroy (other);

  for (guint i = 0; i < nameless->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (nameless, i));
  g_assert_cmpuint (nameless->len, ==, 0);

  astrix_monitor_session_stop (session);
  UI_WAIT_UNTIL (!astrix_monitor_session_is_running (session), 5000);
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
test_a11y (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  nameless = g_ptr_array_new_with_free_func (g_free);
  ui_run_demo (&app, "3", script);
  g_ptr_array_unref (nameless);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/accessibility", test_a11y);

  return g_test_run ();
}

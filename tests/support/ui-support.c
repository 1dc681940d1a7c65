/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "config.h"

#include "astrix-application.h"
#include "astrix-cell.h"
#include "astrix-cell-private.h"
#include "ui-support.h"

static gboolean
expire (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, expire, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
subprocess_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Runs a command while the main loop keeps going (the app must answer D-Bus meanwhile). */
int
ui_run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, subprocess_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return g_subprocess_get_exit_status (process);
}

/* Fails the test when the X server holds a key down after ui_press() released @keys. */
static void
assert_no_key_held (const char *keys)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  char down[32];

  XQueryKeymap (xdisplay, down);
  for (guint code = 0; code < 256; code++)
    if (down[code / 8] & (1 << (code % 8)))
      g_error ("key %u is held down after pressing %s", code, keys);
}

/* Real key presses, through the X server, to @window. A key that closes @window (Escape or
 * Return in a dialog) closes it between the key's press and its release, and xdotool then fails
 * to send the release to a window that is gone: that is the key having done its work.
 *
 * Then the keys are released again through XTEST. xdotool chooses, for each press and each
 * release, between XTEST (when @window has the X focus) and XSendEvent to @window (when it has
 * not). A key that opens a dialog (Ctrl+Shift+E) moves the focus between its press, sent by
 * XTEST, and its release, then sent to @window alone: the X server never sees the release and
 * holds the key down, for this test and, as Xvfb is not reset, for the tests after it (a held
 * E is skipped when typed, a held Escape cancels the next dialog as it opens). Releasing a key
 * that is not down does nothing. */
void
ui_press (GtkWindow  *window,
          const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "key", "--window", xid, keys, NULL };
  const char *release[] = { "xdotool", "keyup", keys, NULL };
  GtkWindow *alive = window;
  int status = 1;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &alive);
  /* xdotool now and then fails to talk to a window that has only just been mapped. */
  for (guint attempt = 0; attempt < 5 && status != 0; attempt++)
    {
      if (attempt > 0)
        ui_wait_ms (200);
      status = ui_run (argv);
      if (status != 0 && (alive == NULL || !gtk_widget_get_mapped (GTK_WIDGET (alive))))
        break;
    }
  if (alive != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &alive);
      if (gtk_widget_get_mapped (GTK_WIDGET (alive)))
        g_assert_cmpint (status, ==, 0);
    }
  g_assert_cmpint (ui_run (release), ==, 0);
  ui_wait_ms (150);
  assert_no_key_held (keys);
}

/* Types @text into @window's focused widget, a key a letter. */
void
ui_type (GtkWindow  *window,
         const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      ui_press (window, *p == '+' ? "plus" : *p == ' ' ? "space" : key);
    }
}

/* Runs @action of the running application (with @parameter, a GVariant in text, if given)
 * from outside, over D-Bus, as the desktop would. */
void
ui_gapplication_action (const char *action,
                        const char *parameter)
{
  const char *argv[] = { "gapplication", "action", APPLICATION_ID, action, parameter, NULL };

  g_assert_cmpint (ui_run (argv), ==, 0);
}

/* The widget as last drawn; waits for a frame when a redraw is pending (no node yet). */
static GskRenderNode *
drawn_node (GdkPaintable *paintable,
            int           width,
            int           height)
{
  gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  for (;;)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;

      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL || g_get_monotonic_time () > end)
        return node;
      ui_wait_ms (20);
    }
}

/* Saves what @widget shows as NAME in $ASTRIX_SCREENSHOT_DIR (or the temporary folder). */
void
ui_save_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("ASTRIX_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  node = drawn_node (paintable, width, height);
  if (node == NULL && GTK_IS_WINDOW (widget))
    {
      /* Some toplevels give no node to a paintable: ask the X server for the pixels. */
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (widget));
      g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
      const char *argv[] = { "import", "-window", xid, path, NULL };

      g_assert_cmpint (ui_run (argv), ==, 0);
      g_test_message ("screenshot: %s", path);
      return;
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The text of a label or of a table's cell (AstrixCell), or NULL */
static const char *
text_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (ASTRIX_IS_CELL (widget))
    return _astrix_cell_get_text (ASTRIX_CELL (widget));
  return NULL;
}

/* The text of every label (and table cell) inside @widget, in order. */
void
ui_collect_labels (GtkWidget *widget,
                   GString   *out)
{
  if (text_of (widget) != NULL)
    g_string_append_printf (out, "[%s]", text_of (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ui_collect_labels (child, out);
}

GtkWidget *
ui_find_label (GtkWidget  *widget,
               const char *text)
{
  if (text_of (widget) != NULL && g_strcmp0 (text_of (widget), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A widget of @type inside @widget; with @title, an AdwPreferencesRow of that title. */
GtkWidget *
ui_find_widget (GtkWidget  *widget,
                GType       type,
                const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (title == NULL ||
       (ADW_IS_PREFERENCES_ROW (widget) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_widget (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The mapped top-level window of @type (a dialog, the preferences), or NULL. Transfer none:
 * the reference taken from the list is dropped on return, GTK's list of toplevels keeps the
 * window alive while it is open. */
GtkWindow *
ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

gboolean
ui_name_has_owner (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
wait_for_name (const char *name)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!ui_name_has_owner (name))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (50000);
    }
}

/* In the mock daemon, before it runs: ended with the test. A test that fails by
 * g_error() (UI_WAIT_UNTIL) aborts at once, and a daemon left behind would hold the test's
 * output open, so meson would wait for its timeout before reporting the failure. (The test
 * must be the daemon's parent: G_SPAWN_DO_NOT_REAP_CHILD, or GLib forks in between and the
 * daemon is ended as soon as it starts.) */
static void
die_with_test (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* The mock daemon's log, in a folder of its own, while it runs */
static char *notify_folder;
static char *notify_log;

/* A mock org.freedesktop.Notifications that logs every call to ui_notify_log(); ended, and its
 * log removed, by ui_stop_notification_daemon(). One at a time. */
GPid
ui_start_notification_daemon (void)
{
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_null (notify_folder);
  notify_folder = g_dir_make_tmp ("astrix-notify-XXXXXX", &error);
  g_assert_no_error (error);
  notify_log = g_build_filename (notify_folder, "notifications.log", NULL);
  {
    const char *argv[] = { "/usr/bin/python3", "-m", "dbusmock", "--template",
                           "notification_daemon", "-l", notify_log, NULL };

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                  die_with_test, NULL, &pid, &error));
  }
  g_assert_no_error (error);
  wait_for_name ("org.freedesktop.Notifications");
  return pid;
}

/* The file the mock daemon logs every call to, while it runs */
const char *
ui_notify_log (void)
{
  g_assert_nonnull (notify_log);
  return notify_log;
}

/* Whether the mock daemon has logged @text (a notification's title or body) */
gboolean
ui_notified (const char *text)
{
  g_autofree char *log = NULL;

  return g_file_get_contents (ui_notify_log (), &log, NULL, NULL) && strstr (log, text) != NULL;
}

void
ui_stop_notification_daemon (GPid daemon)
{
  kill (daemon, SIGTERM);
  waitpid (daemon, NULL, 0);
  g_spawn_close_pid (daemon);
  g_unlink (notify_log);
  g_rmdir (notify_folder);
  g_clear_pointer (&notify_log, g_free);
  g_clear_pointer (&notify_folder, g_free);
}

/*
 * Runs the whole application on its simulated PBX (`--demo`, ASTRIX_DEMO_STATIC: no calls come
 * or go unless the test makes them; @n_calls calls at the start, or the demo's own number when
 * NULL) with @script as its first idle, under a mock notification daemon (its log:
 * ui_notify_log()); the application is in *@app while it runs. Asserts that it ends with 0.
 */
void
ui_run_demo (AstrixApplication **app,
             const char         *n_calls,
             GSourceFunc         script)
{
  const char *argv[] = { "astrix-assist", "--demo", NULL };
  GPid mock = ui_start_notification_daemon ();

  g_setenv ("ASTRIX_DEMO_STATIC", "1", TRUE);
  if (n_calls != NULL)
    g_setenv ("ASTRIX_DEMO_CALLS", n_calls, TRUE);
  *app = astrix_application_new ();
  g_idle_add (script, NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (*app), 2, (char **) argv), ==, 0);
  g_clear_object (app);
  ui_stop_notification_daemon (mock);
}

/* An unlocked gnome-keyring (Secret Service) on the private bus, with no prompt. */
gboolean
ui_start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) daemon = NULL;

  if (ui_name_has_owner ("org.freedesktop.secrets"))
    return TRUE;
  if (!g_file_test ("/usr/bin/gnome-keyring-daemon", G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                             &error, "/usr/bin/gnome-keyring-daemon", "--unlock",
                             "--components=secrets", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (daemon), "test", 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (daemon), NULL, NULL);
  wait_for_name ("org.freedesktop.secrets");
  return TRUE;
}

/* Whether there is a display and a private session bus (inside build-aux/quickstart test). */
gboolean
ui_have_session (void)
{
  return g_getenv ("DISPLAY") != NULL && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  const char *domain = NULL;
  const char *message = "";

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }
  /* GTK 4.8 warns when a window with a focused entry goes away without a window manager to
   * move the focus first (no WM runs under Xvfb). Not ours, not a failure. Any other warning
   * fails the test (without aborting it, so the test still cleans up). */
  if ((level & G_LOG_LEVEL_WARNING) &&
      !(g_strcmp0 (domain, "Gtk") == 0 && strstr (message, "did not receive a focus-out event")))
    g_test_fail_printf ("warning: %s: %s", domain ? domain : "", message);
  return g_log_writer_default (level, fields, n_fields, data);
}

/*
 * A data folder of the test's own below the suite's, for an audit log that counts only what
 * this test writes (the other UI tests share the suite's). Call it before g_test_init(): GLib
 * reads XDG_DATA_HOME once.
 */
void
ui_use_own_data_home (const char *name)
{
  const char *shared = g_getenv ("XDG_DATA_HOME");
  g_autofree char *template = g_strconcat (name, "-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (shared != NULL ? shared : g_get_tmp_dir (),
                                            template, NULL);

  g_mkdir_with_parents (shared != NULL ? shared : g_get_tmp_dir (), 0700);
  g_assert_nonnull (g_mkdtemp (data));
  g_setenv ("XDG_DATA_HOME", data, TRUE);
}

/* Warnings stay failures, but no longer abort: see log_writer(). Criticals still abort. */
void
ui_tolerate_known_warnings (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer, NULL, NULL);
}

/* Every visible column of @view is whole inside the part of it on screen (its scrolled window,
 * scrolled to the start): no column is pushed off the edge. */
void
ui_assert_columns_fit (GtkColumnView *view)
{
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (view));
  GListModel *columns = gtk_column_view_get_columns (view);
  int width = gtk_widget_get_width (viewport);
  guint n_visible = 0, n_titles = 0;

  g_assert_true (GTK_IS_SCROLLED_WINDOW (viewport));
  g_assert_cmpint (width, >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      n_visible += gtk_column_view_column_get_visible (column);
    }
  /* The column headers: GtkColumnViewTitle, one for each visible column */
  for (GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (view)); header != NULL;
       header = gtk_widget_get_next_sibling (header))
    {
      for (GtkWidget *title = gtk_widget_get_first_child (header); title != NULL;
           title = gtk_widget_get_next_sibling (title))
        {
          graphene_rect_t bounds;

          if (g_strcmp0 (G_OBJECT_TYPE_NAME (title), "GtkColumnViewTitle") != 0 ||
              !gtk_widget_get_visible (title))
            continue;
          g_assert_true (gtk_widget_compute_bounds (title, viewport, &bounds));
          g_test_message ("column %u: x %g, width %g of %d", n_titles, bounds.origin.x,
                          bounds.size.width, width);
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
          n_titles++;
        }
    }
  g_assert_cmpuint (n_titles, ==, n_visible);
}

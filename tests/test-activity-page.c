/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Activity page under Xvfb: the audit log newest first, a new session on top as it
 * happens, searching by typing, the empty and no-result states. Screenshots go to
 * $ASTRIX_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "astrix-activity-page.h"
#include "astrix-activity-page-private.h"
#include "astrix-audit-private.h"
#include "ui-support.h"

typedef struct
{
  char               *dir;
  char               *path;
  AstrixAuditLog     *log;
  AstrixServerConfig *config;
  GtkWindow          *window;
  AstrixActivityPage *page;
} Fixture;

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  g_assert_true (astrix_audit_log_load_finish (ASTRIX_AUDIT_LOG (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean done = FALSE;

  f->dir = g_dir_make_tmp ("astrix-activity-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "audit.jsonl", NULL);
  f->log = astrix_audit_log_new (f->path);
  astrix_audit_log_load_async (f->log, NULL, loaded, &done);
  UI_WAIT_UNTIL (done, 5000);
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Call centre",
                            "host", "pbx.example.com",
                            "username", "supervisor",
                            "endpoint", "PJSIP/2000",
                            NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1300, 420);
  f->page = ASTRIX_ACTIVITY_PAGE (astrix_activity_page_new (f->log));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  ui_wait_ms (50);
  g_assert_finalize_object (f->log);
  g_assert_finalize_object (f->config);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static const char *
visible_page (Fixture *f)
{
  GtkStack *stack = GTK_STACK (ui_find_widget (GTK_WIDGET (f->page), GTK_TYPE_STACK, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (_astrix_activity_page_get_shown (f->page));
}

static AstrixAuditEntry *
shown_at (Fixture *f,
          guint    position)
{
  g_autoptr(AstrixAuditEntry) entry =
    g_list_model_get_item (_astrix_activity_page_get_shown (f->page), position);

  return entry;
}

/* A morning's work, written as the app would. */
static void
fill (Fixture *f)
{
  gint64 now = g_get_real_time ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_free (_astrix_audit_log_record (f->log, ASTRIX_AUDIT_PHONE_PLAYBACK, f->config,
                                    "client-12/call-3401.wav", "Grace Hopper", NULL,
                                    now - 3600 * (gint64) G_USEC_PER_SEC,
                                    now - 3540 * (gint64) G_USEC_PER_SEC,
                                    ASTRIX_AUDIT_OUTCOME_ENDED, NULL));
  g_free (_astrix_audit_log_record (f->log, ASTRIX_AUDIT_MONITOR, f->config,
                                    "PJSIP/1003-0000001c", "Zoë O'Brien", "barge",
                                    now - 1800 * (gint64) G_USEC_PER_SEC,
                                    now - 1795 * (gint64) G_USEC_PER_SEC,
                                    ASTRIX_AUDIT_OUTCOME_FAILED, "Your phone PJSIP/2000 is busy."));
  a = astrix_audit_log_begin (f->log, ASTRIX_AUDIT_MONITOR, f->config, "PJSIP/1001-0000002a",
                              "Ada Lovelace", "listen");
  astrix_audit_log_change (f->log, a, "state", "active");
  astrix_audit_log_change (f->log, a, "mode", "whisper");
  astrix_audit_log_end (f->log, a, ASTRIX_AUDIT_OUTCOME_ENDED, "The call has ended.");
  b = astrix_audit_log_begin (f->log, ASTRIX_AUDIT_MONITOR, f->config, "PJSIP/1002-0000002b",
                              "José Álvarez", "listen");
}

static void
test_list_and_search (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *search;

  g_assert_cmpstr (visible_page (f), ==, "empty");
  ui_wait_ms (100);
  ui_save_screenshot (GTK_WIDGET (f->window), "activity-page-empty.png");

  fill (f);
  g_assert_cmpstr (visible_page (f), ==, "list");
  g_assert_cmpuint (n_shown (f), ==, 4);
  /* Newest first: the session going on is on top. */
  g_assert_cmpstr (_astrix_audit_entry_get_caller (shown_at (f, 0)), ==, "José Álvarez");
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (shown_at (f, 0)), ==, "In progress");
  g_assert_cmpstr (_astrix_audit_entry_get_caller (shown_at (f, 3)), ==, "Grace Hopper");
  ui_wait_ms (200);
  ui_save_screenshot (GTK_WIDGET (f->window), "activity-page.png");

  /* Typing searches. */
  search = ui_find_widget (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "whisper lovelace");
  UI_WAIT_UNTIL (n_shown (f) == 1, 3000);
  g_assert_cmpstr (_astrix_audit_entry_get_target (shown_at (f, 0)), ==, "PJSIP/1001-0000002a");
  gtk_editable_set_text (GTK_EDITABLE (search), "busy");
  UI_WAIT_UNTIL (n_shown (f) == 1, 3000);
  g_assert_cmpstr (_astrix_audit_entry_get_caller (shown_at (f, 0)), ==, "Zoë O'Brien");
  gtk_editable_set_text (GTK_EDITABLE (search), "nobody-at-all");
  UI_WAIT_UNTIL (n_shown (f) == 0, 3000);
  g_assert_cmpstr (visible_page (f), ==, "no-results");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  UI_WAIT_UNTIL (n_shown (f) == 4, 3000);
  g_assert_cmpstr (visible_page (f), ==, "list");
}

/* A session that starts while the page is shown goes on top, and its row follows it. */
static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL;

  fill (f);
  ui_press (f->window, "ctrl+f");
  ui_press (f->window, "a");
  ui_press (f->window, "d");
  ui_press (f->window, "a");
  UI_WAIT_UNTIL (n_shown (f) == 1, 3000);
  ui_press (f->window, "Escape");
  UI_WAIT_UNTIL (n_shown (f) == 4, 3000);

  id = astrix_audit_log_begin (f->log, ASTRIX_AUDIT_DESKTOP_PLAYBACK, NULL,
                               "20261126-104501-1795667052.0.wav", NULL, NULL);
  UI_WAIT_UNTIL (n_shown (f) == 5, 3000);
  g_assert_cmpstr (astrix_audit_entry_get_id (shown_at (f, 0)), ==, id);
  astrix_audit_log_end (f->log, id, ASTRIX_AUDIT_OUTCOME_ENDED, NULL);
  g_assert_cmpstr (astrix_audit_entry_get_outcome_text (shown_at (f, 0)), ==, "Ended");
  ui_wait_ms (100);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (f->page), "Played on this computer"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();
  /* Without a display there is nothing to test: no test, not a failure */
  if (!gtk_init_check ())
    return g_test_run ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/activity-page" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/list-and-search", test_list_and_search);
  ADD ("/live", test_live);

  return g_test_run ();
}

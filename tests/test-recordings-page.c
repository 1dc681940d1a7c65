/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recordings page under Xvfb against the simulated PBX and its folder of real recordings:
 * the rows, search as you type, a folder and a date range, the keys (real key presses through
 * the X server), playing here (a fakesink that keeps time) and on the phone (pause, forward,
 * stop), and the D-Bus actions' entry points refusing in words. Screenshots go to
 * $ASTRIX_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-error.h"
#include "astrix-local-player-private.h"
#include "astrix-phone-bar.h"
#include "astrix-phone-bar-private.h"
#include "astrix-recording-store-private.h"
#include "astrix-recordings-page.h"
#include "astrix-recordings-page-private.h"
#include "astrix-row.h"
#include "files.h"
#include "ui-support.h"

#define PBX_PATH "/var/spool/asterisk/monitor"

typedef struct
{
  char                 *dir;
  AstrixDemoPbx        *pbx;
  AstrixServerConfig   *config;
  AstrixConnection     *connection;
  GListStore           *servers;
  GtkWindow            *window;
  AstrixRecordingsPage *page;
  GPtrArray            *toasts;
  guint                 phone_started;
  guint                 local_started;
} Fixture;

static void
on_phone_started (AstrixRecordingsPage *page,
                  AstrixPhonePlayback  *playback,
                  AstrixServerConfig   *config,
                  Fixture              *f)
{
  g_assert_true (config == f->config);
  g_assert_true (playback == astrix_recordings_page_get_phone_playback (page));
  f->phone_started++;
}

static void
on_local_started (AstrixRecordingsPage *page,
                  AstrixLocalPlayer    *player,
                  AstrixServerConfig   *config,
                  AstrixRecording      *recording,
                  Fixture              *f)
{
  g_assert_true (config == f->config);
  g_assert_true (player == _astrix_recordings_page_get_local_player (page));
  g_assert_nonnull (astrix_recording_get_relative_path (recording));
  f->local_started++;
}

static void
on_toast (AstrixRecordingsPage *page,
          const char           *text,
          Fixture              *f)
{
  g_ptr_array_add (f->toasts, g_strdup (text));
}

static GListModel *
rows (Fixture *f)
{
  return G_LIST_MODEL (gtk_column_view_get_model (
                         astrix_recordings_page_get_column_view (f->page)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *folder = NULL;

  f->dir = g_dir_make_tmp ("astrix-recordings-page-XXXXXX", NULL);
  folder = g_build_filename (f->dir, "monitor", NULL);
  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_set_recordings_dir (f->pbx, folder, PBX_PATH, &error));
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);

  uri = g_filename_to_uri (folder, NULL, NULL);
  f->config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                            "name", "Call centre",
                            "host", "127.0.0.1",
                            "port", (guint) astrix_demo_pbx_get_port (f->pbx),
                            "username", "astrix_proxy",
                            "endpoint", "PJSIP/2000",
                            "recordings-uri", uri,
                            "pbx-recordings-path", PBX_PATH,
                            NULL);
  f->connection = astrix_connection_new (f->config);
  astrix_connection_start (f->connection, "SecurePassword123!");
  UI_WAIT_UNTIL (astrix_connection_get_state (f->connection) == ASTRIX_CONNECTION_CONNECTED, 5000);
  f->servers = g_list_store_new (ASTRIX_TYPE_CONNECTION);
  g_list_store_append (f->servers, f->connection);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 640);
  f->page = ASTRIX_RECORDINGS_PAGE (astrix_recordings_page_new ());
  f->toasts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->page, "toast", G_CALLBACK (on_toast), f);
  g_signal_connect (f->page, "phone-playback-started", G_CALLBACK (on_phone_started), f);
  g_signal_connect (f->page, "local-playback-started", G_CALLBACK (on_local_started), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  astrix_recordings_page_set_servers (f->page, G_LIST_MODEL (f->servers));
  UI_WAIT_UNTIL (_astrix_recordings_page_get_store (f->page) != NULL &&
                 !astrix_recording_store_get_loading (
                   _astrix_recordings_page_get_store (f->page)) &&
                 g_list_model_get_n_items (rows (f)) > 0, 5000);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  gtk_window_destroy (f->window);
  ui_wait_ms (50);
  g_clear_object (&f->servers);
  astrix_connection_stop (f->connection);
  ui_wait_ms (50);
  g_clear_object (&f->connection);
  g_clear_object (&f->config);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_ptr_array_unref (f->toasts);
  remove_tree (dir);
  g_free (f->dir);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* The drop-downs of the page in order: server, date range, folder, speed. */
static GtkDropDown *
drop_down (Fixture *f,
           guint    n)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (f->page), GTK_TYPE_DROP_DOWN, found);
  g_assert_cmpuint (found->len, ==, 4);
  return g_ptr_array_index (found, n);
}

/* The page's search entry (the drop-downs have their own, in their popovers). */
static GtkSearchEntry *
search_entry (Fixture *f)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (f->page), GTK_TYPE_SEARCH_ENTRY, found);
  for (guint i = 0; i < found->len; i++)
    {
      if (gtk_widget_get_ancestor (g_ptr_array_index (found, i), GTK_TYPE_POPOVER) == NULL)
        return g_ptr_array_index (found, i);
    }
  g_assert_not_reached ();
}

static guint
count_rows (Fixture *f)
{
  return g_list_model_get_n_items (rows (f));
}

/* The recording the table shows at @position (its rows are AstrixRows). */
static AstrixRecording *
row (Fixture *f,
     guint    position)
{
  g_autoptr(AstrixRow) shown = g_list_model_get_item (rows (f), position);

  return astrix_row_get_item (shown);
}

static void
focus_table (Fixture *f)
{
  GtkColumnView *view = astrix_recordings_page_get_column_view (f->page);

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows (f)), 0);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  ui_wait_ms (100);
}

/* The table: every recording of the folder, newest first, durations as rows show. */
static void
test_browse (Fixture       *f,
             gconstpointer  data)
{
  AstrixRecordingStore *store = _astrix_recordings_page_get_store (f->page);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_autoptr(GString) labels = g_string_new (NULL);
  gint64 previous = G_MAXINT64;

  g_assert_cmpuint (count_rows (f), ==, total);
  g_assert_cmpuint (total, >=, 12);
  for (guint i = 0; i < total; i++)
    {
      gint64 date = astrix_recording_get_date (row (f, i));

      g_assert_cmpint (date, <=, previous);
      previous = date;
    }
  /* The rows on screen (all of them, in this folder) have their duration read. */
  for (guint i = 0; i < total; i++)
    UI_WAIT_UNTIL (astrix_recording_get_duration (row (f, i)) > 0, 3000);
  ui_wait_ms (200);
  ui_collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_nonnull (strstr (labels->str, "[Date and Time]"));
  g_assert_nonnull (strstr (labels->str, "client-123"));
  ui_save_screenshot (GTK_WIDGET (f->window), "recordings-page.png");

  /* Search as you type: the Uniqueid of one recording finds it alone. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry (f)),
                         astrix_recording_get_uniqueid (row (f, 3)));
  UI_WAIT_UNTIL (count_rows (f) == 1, 2000);
  gtk_editable_set_text (GTK_EDITABLE (search_entry (f)), "call-45");
  UI_WAIT_UNTIL (count_rows (f) == 2, 2000);
  gtk_editable_set_text (GTK_EDITABLE (search_entry (f)), "no such recording");
  UI_WAIT_UNTIL (count_rows (f) == 0, 2000);
  g_string_truncate (labels, 0);
  ui_collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_nonnull (strstr (labels->str, "No Matching Recordings"));
  gtk_editable_set_text (GTK_EDITABLE (search_entry (f)), "");
  UI_WAIT_UNTIL (count_rows (f) == total, 2000);

  /* A folder, with what is below it */
  {
    GtkDropDown *folders = drop_down (f, 2);
    GListModel *choices = gtk_drop_down_get_model (folders);

    g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 3);
    gtk_drop_down_set_selected (folders, 1);
    UI_WAIT_UNTIL (count_rows (f) == 2, 2000);
    g_assert_cmpstr (astrix_recording_get_folder (row (f, 0)), ==, "client-123");
    gtk_drop_down_set_selected (folders, 0);
    UI_WAIT_UNTIL (count_rows (f) == total, 2000);
  }

  /* Dates: the samples are all older than today */
  {
    GtkDropDown *dates = drop_down (f, 1);

    gtk_drop_down_set_selected (dates, 1);
    UI_WAIT_UNTIL (count_rows (f) < total, 2000);
    gtk_drop_down_set_selected (dates, 4);
    UI_WAIT_UNTIL (count_rows (f) == total, 2000);
  }
}

/* Ctrl+F, typing, Escape back to the table, Space plays, arrows skip, ] speeds up. */
static void
test_keys_and_local_playback (Fixture       *f,
                              gconstpointer  data)
{
  AstrixLocalPlayer *player = _astrix_recordings_page_get_local_player (f->page);
  gint64 before;

  ui_press (f->window, "ctrl+f");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (search_entry (f))) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (search_entry (f))));
  for (const char *key = "client"; *key != '\0'; key++)
    {
      char one[2] = { *key, '\0' };

      ui_press (f->window, one);
    }
  UI_WAIT_UNTIL (count_rows (f) == 3, 2000);
  ui_press (f->window, "Escape");
  UI_WAIT_UNTIL (count_rows (f) > 3, 2000);

  focus_table (f);
  ui_press (f->window, "space");
  UI_WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_PLAYING, 3000);
  g_assert_true (astrix_local_player_get_file (player) != NULL);
  g_assert_cmpuint (f->local_started, ==, 1);
  UI_WAIT_UNTIL (astrix_local_player_get_position (player) > 500, 3000);
  ui_press (f->window, "space");
  UI_WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_PAUSED, 2000);

  before = astrix_local_player_get_position (player);
  ui_press (f->window, "Right");
  UI_WAIT_UNTIL (astrix_local_player_get_position (player) >= before + 9000, 2000);
  ui_press (f->window, "Left");
  UI_WAIT_UNTIL (astrix_local_player_get_position (player) <= before + 1000, 2000);
  ui_press (f->window, "bracketright");
  g_assert_cmpfloat (_astrix_local_player_get_rate (player), ==, 1.25);
  ui_press (f->window, "bracketleft");
  ui_press (f->window, "bracketleft");
  g_assert_cmpfloat (_astrix_local_player_get_rate (player), ==, 0.75);
  ui_press (f->window, "space");
  UI_WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_PLAYING, 2000);
  ui_wait_ms (300);
  ui_save_screenshot (GTK_WIDGET (f->window), "recordings-page-playing.png");
  ui_press (f->window, "Home");
  UI_WAIT_UNTIL (astrix_local_player_get_position (player) < 1000, 2000);
  ui_press (f->window, "End");
  UI_WAIT_UNTIL (astrix_local_player_get_state (player) == ASTRIX_PLAYER_EMPTY, 2000);
  g_assert_cmpstr (astrix_local_player_get_end_reason (player), ==, "Stopped.");
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Ctrl+Return plays on the phone; Ctrl+Space pauses, Ctrl+Right skips, Ctrl+End hangs up. */
static void
test_phone_playback (Fixture       *f,
                     gconstpointer  data)
{
  AstrixPhonePlayback *phone;
  gint64 before;

  /* The recording (33 s) must outlast the keys below on a busy machine: at the fixture's
   * 0.05 it played to its end in 1.65 s, sometimes before Ctrl+End came. */
  astrix_demo_pbx_set_time_scale (f->pbx, 0.25);
  focus_table (f);
  ui_press (f->window, "ctrl+Return");
  UI_WAIT_UNTIL (astrix_recordings_page_get_phone_playback (f->page) != NULL, 2000);
  phone = astrix_recordings_page_get_phone_playback (f->page);
  g_assert_cmpuint (f->phone_started, ==, 1);
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_PLAYING, 5000);
  g_assert_true (g_str_has_prefix (astrix_phone_playback_get_pbx_file (phone), PBX_PATH "/"));

  ui_press (f->window, "ctrl+space");
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_PAUSED, 2000);
  ui_save_screenshot (GTK_WIDGET (f->window), "recordings-page-phone.png");
  before = astrix_phone_playback_get_position (phone);
  ui_press (f->window, "ctrl+Right");
  UI_WAIT_UNTIL (astrix_phone_playback_get_position (phone) >= before + 3000, 2000);

  /* The same through the D-Bus entry point (app.playback-control) */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (astrix_recordings_page_playback_control (f->page, "pause", &error));
    UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_PLAYING, 2000);
    g_assert_false (astrix_recordings_page_playback_control (f->page, "jump", &error));
    g_assert_nonnull (error);
  }

  /* Dragging the phone's slider: one new call, from where it comes to rest (option o) */
  {
    GtkWidget *scale = find_named (GTK_WIDGET (f->page), "phone-scale");
    gint64 duration;
    guint before_count;
    gboolean handled;
    AmiMessage *originate;
    g_autofree char *expected = NULL;

    g_assert_nonnull (scale);
    /* known at once, or as soon as the recording's header is read */
    UI_WAIT_UNTIL (astrix_phone_playback_get_duration (phone) > 2000, 5000);
    duration = astrix_phone_playback_get_duration (phone);
    g_assert_true (gtk_widget_get_visible (scale));
    before_count = _astrix_demo_pbx_count_received (f->pbx, "Originate");
    g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, (double) duration / 4, &handled);
    g_signal_emit_by_name (scale, "change-value", GTK_SCROLL_JUMP, (double) duration / 2, &handled);
    UI_WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Originate") > before_count, 3000);
    ui_wait_ms (700);
    originate = _astrix_demo_pbx_last_received (f->pbx, "Originate");
    g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Originate"), ==, before_count + 1);
    expected = g_strdup_printf ("o(%" G_GINT64_FORMAT ")", duration / 2);
    g_test_message ("seek: %s", ami_message_get (originate, "Data"));
    g_assert_true (g_str_has_suffix (ami_message_get (originate, "Data"), expected));
    UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_PLAYING, 5000);
    g_assert_cmpint (astrix_phone_playback_get_position (phone), >=, duration / 2);
  }
  ui_press (f->window, "ctrl+End");
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_ENDED, 3000);
  g_assert_cmpstr (astrix_phone_call_get_end_reason (astrix_phone_playback_get_call (phone)),
                   ==, "Playback stopped.");
}

/* app.play-on-phone: paths as the PBX sees them work; what must not be sent is refused. */
static void
test_play_on_phone_api (Fixture       *f,
                        gconstpointer  data)
{
  AstrixRecording *first = row (f, 0);
  const char *uniqueid = astrix_recording_get_uniqueid (first);
  g_autofree char *pbx =
    _astrix_recording_store_map_to_pbx (_astrix_recordings_page_get_store (f->page), first, NULL);
  g_autoptr(GError) error = NULL;
  AstrixPhonePlayback *phone;

  g_assert_nonnull (uniqueid);
  g_assert_true (astrix_recordings_page_play_on_phone (f->page, pbx, &error));
  g_assert_no_error (error);
  phone = astrix_recordings_page_get_phone_playback (f->page);
  g_assert_cmpstr (astrix_phone_playback_get_pbx_file (phone), ==, pbx);
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_PLAYING, 5000);
  g_assert_true (astrix_recordings_page_playback_control (f->page, "stop", &error));
  UI_WAIT_UNTIL (!astrix_phone_playback_is_running (phone), 3000);

  g_assert_false (astrix_recordings_page_play_on_phone (f->page, "/etc/passwd", &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (astrix_recordings_page_play_on_phone (f->page, PBX_PATH "/a,b(c)", &error));
  g_assert_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Nothing plays now */
  g_assert_false (astrix_recordings_page_playback_control (f->page, "pause", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A file the PBX does not have: the failure comes as a toast too. */
  {
    g_autofree char *folder = g_build_filename (f->dir, "monitor", NULL);
    g_autofree char *extra = g_build_filename (folder, "1795670000.99.wav", NULL);
    g_autofree char *elsewhere = g_build_filename (f->dir, "pbx-only", NULL);
    g_autofree char *placeholder = g_build_filename (elsewhere, "1795000000.1.wav", NULL);
    guint toasts = f->toasts->len;

    /* On this desktop; the PBX plays from another folder that lacks it. */
    g_assert_true (g_file_set_contents (extra, "RIFF", 4, NULL));
    g_assert_cmpint (g_mkdir_with_parents (elsewhere, 0755), ==, 0);
    g_assert_true (g_file_set_contents (placeholder, "RIFF", 4, NULL));
    g_assert_true (astrix_demo_pbx_set_recordings_dir (f->pbx, elsewhere, PBX_PATH, NULL));
    g_assert_true (astrix_recordings_page_play_on_phone (f->page, extra, &error));
    g_assert_no_error (error);
    phone = astrix_recordings_page_get_phone_playback (f->page);
    UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_FAILED, 5000);
    UI_WAIT_UNTIL (f->toasts->len > toasts, 1000);
    g_assert_nonnull (strstr (g_ptr_array_index (f->toasts, f->toasts->len - 1), "cannot find"));
    ui_save_screenshot (GTK_WIDGET (f->window), "recordings-page-phone-failed.png");
  }
}

static void
on_listen (GSimpleAction *action,
           GVariant      *parameter,
           char         **listened)
{
  g_free (*listened);
  *listened = g_variant_dup_string (parameter, NULL);
}

static GtkWidget *
listen_live_button (Fixture *f)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                     "recordings.listen-live") == 0)
        return g_ptr_array_index (buttons, i);
    }
  g_assert_not_reached ();
}

static gboolean
toasted (Fixture    *f,
         const char *words)
{
  for (guint i = 0; i < f->toasts->len; i++)
    {
      if (strstr (g_ptr_array_index (f->toasts, i), words) != NULL)
        return TRUE;
    }
  return FALSE;
}

/*
 * A call still going on: its recording is marked in words, Ctrl+1 listens to the call
 * (app.listen), and played on the phone anyway (the PBX cannot: MixMonitor writes the header
 * when the call ends) it says so, not that the folder is set wrong. The mark goes with the call.
 */
static void
test_live_recording (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) app = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) listen = g_simple_action_new ("listen", G_VARIANT_TYPE_STRING);
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autofree char *listened = NULL;
  g_autofree char *agent = NULL;
  AstrixPhonePlayback *phone;
  AstrixRecording *live;
  guint total = count_rows (f);

  g_signal_connect (listen, "activate", G_CALLBACK (on_listen), &listened);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (listen));
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "app", G_ACTION_GROUP (app));
  g_assert_false (gtk_widget_get_visible (listen_live_button (f)));

  agent = astrix_demo_pbx_add_call (f->pbx, "1001", "+15551230001", "Ada Lovelace");
  UI_WAIT_UNTIL (count_rows (f) == total + 1, 5000);
  UI_WAIT_UNTIL (astrix_recording_get_live_channel (row (f, 0)) != NULL, 5000);
  live = row (f, 0);
  g_assert_true (g_str_has_prefix (astrix_recording_get_live_channel (live), "PJSIP/trunk-"));
  ui_wait_ms (200);
  ui_collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_nonnull (strstr (labels->str, "● Live"));

  /* The offer to listen live: a button, and Ctrl+1 from the table */
  focus_table (f);
  UI_WAIT_UNTIL (gtk_widget_get_visible (listen_live_button (f)), 2000);
  ui_save_screenshot (GTK_WIDGET (f->window), "recordings-page-live.png");
  ui_press (f->window, "ctrl+1");
  UI_WAIT_UNTIL (listened != NULL, 2000);
  g_assert_cmpstr (listened, ==, astrix_recording_get_live_channel (live));

  /* On the phone anyway: the PBX answers CPLAYBACKSTATUS ERROR; the sentence says why */
  ui_press (f->window, "ctrl+Return");
  UI_WAIT_UNTIL (astrix_recordings_page_get_phone_playback (f->page) != NULL, 2000);
  phone = astrix_recordings_page_get_phone_playback (f->page);
  {
    g_autoptr(GPtrArray) bars = g_ptr_array_new ();

    /* The phone bar is given the playback it shows */
    collect (GTK_WIDGET (f->page), ASTRIX_TYPE_PHONE_BAR, bars);
    g_assert_cmpuint (bars->len, ==, 1);
    g_assert_true (_astrix_phone_bar_get_playback (g_ptr_array_index (bars, 0)) == phone);
  }
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_FAILED, 5000);
  UI_WAIT_UNTIL (toasted (f, "still being recorded"), 2000);
  g_assert_true (toasted (f, astrix_recording_get_relative_path (live)));
  g_assert_false (toasted (f, "set right"));
  /* Here it plays what there is so far, and says so */
  ui_press (f->window, "space");
  UI_WAIT_UNTIL (toasted (f, "recorded so far"), 2000);
  g_string_truncate (labels, 0);
  ui_collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_nonnull (strstr (labels->str, "Still being recorded"));
  g_assert_null (strstr (labels->str, "cannot find"));
  ui_save_screenshot (GTK_WIDGET (f->window), "recordings-page-live-phone.png");

  /* The call ends: the mark and the offer go, the header is written, the PBX plays it */
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, agent));
  UI_WAIT_UNTIL (astrix_recording_get_live_channel (live) == NULL, 5000);
  UI_WAIT_UNTIL (!gtk_widget_get_visible (listen_live_button (f)), 2000);
  /* Its real length is read again from the header written now */
  UI_WAIT_UNTIL (astrix_recording_get_duration (live) >= 1000, 5000);
  g_string_truncate (labels, 0);
  ui_wait_ms (200);
  ui_collect_labels (GTK_WIDGET (f->page), labels);
  g_assert_null (strstr (labels->str, "● Live"));
  g_clear_pointer (&listened, g_free);
  ui_press (f->window, "ctrl+1");
  ui_wait_ms (100);
  g_assert_null (listened);
  g_ptr_array_set_size (f->toasts, 0);
  ui_press (f->window, "ctrl+Return");
  UI_WAIT_UNTIL (astrix_recordings_page_get_phone_playback (f->page) != phone, 2000);
  phone = astrix_recordings_page_get_phone_playback (f->page);
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_PLAYING, 5000);
  g_assert_false (toasted (f, "still being recorded"));
  ui_press (f->window, "ctrl+End");
  UI_WAIT_UNTIL (astrix_phone_playback_get_state (phone) == ASTRIX_PLAYBACK_ENDED, 3000);
}

int
main (int   argc,
      char *argv[])
{
  /* No sound card: a sink that keeps time. */
  g_setenv ("ASTRIX_AUDIO_SINK", "fakesink sync=true", TRUE);
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  ui_tolerate_known_warnings ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/recordings-page" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/browse", test_browse);
  ADD ("/keys-and-local-playback", test_keys_and_local_playback);
  ADD ("/phone-playback", test_phone_playback);
  ADD ("/play-on-phone-api", test_play_on_phone_api);
  ADD ("/live-recording", test_live_recording);
#undef ADD
  return g_test_run ();
}

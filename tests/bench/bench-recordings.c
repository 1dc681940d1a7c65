/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-recordings DIR
 *
 * The recordings page, in a real window under X (run it under xvfb-run), on a folder of
 * 100,000 recordings (DIR is filled when empty: MixMonitor's names, a tenth in client
 * sub-folders). Prints
 *   recordings: first <F> ms, full <L> ms, keystroke <K> ms, rss <R> MB
 * first: from choosing the server to the first frame that shows rows; full: to the frame that
 * shows the whole folder, sorted; keystroke: over words typed and corrected one key at a time,
 * the most the main thread worked for one frame, from a key to the frame that shows its result
 * or between the frames that follow while the table's rows catch up; rss: the peak resident
 * memory. Targets: first under 100 ms, full under 2 s, keystroke under 16 ms (a frame at
 * 60 Hz: no frame is missed while typing).
 *
 * A keystroke is the main thread's processor time: it leaves out waiting for the display's
 * next frame, up to one refresh whatever the app does (a window with only an entry waits as
 * long under Xvfb). The second line gives the latency with that wait, and the part of the work
 * that was the search itself. BENCH_DEBUG=1 prints every key.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "astrix-connection.h"
#include "astrix-recordings-page.h"
#include "astrix-recordings-page-private.h"
#include "astrix-row-model.h"
#include "astrix-row-model-private.h"
#include "bench-support.h"

#define N_FILES     100000
#define N_CLIENTS   100
#define DATA_BYTES  160     /* 20 ms of 8 kHz 16-bit audio */

static gboolean painted;
static gint64 search_began;  /* when search-changed was emitted */
static gint64 searched;      /* when the page had handled it */

static gboolean
is_empty (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  return listing == NULL || g_dir_read_name (listing) == NULL;
}

static void
fill (const char *dir)
{
  guint8 wav[44 + DATA_BYTES] =
    "RIFF____WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0data";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  wav[4] = 36 + DATA_BYTES;
  wav[40] = DATA_BYTES;
  g_mkdir_with_parents (dir, 0755);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *client = g_strdup_printf ("%s/client-%03u", dir, i);

      g_mkdir_with_parents (client, 0755);
    }
  for (guint i = 0; i < N_FILES; i++)
    {
      gint64 when = now - (gint64) i * 37;
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (when);
      g_autofree char *stamp = g_date_time_format (time, "%Y%m%d-%H%M%S");
      g_autofree char *path = NULL;

      if (i % 10 == 0)
        path = g_strdup_printf ("%s/client-%03u/call-%u.wav", dir, i / 10 % N_CLIENTS, i);
      else if (i % 3 == 0)
        path = g_strdup_printf ("%s/%" G_GINT64_FORMAT ".%u.wav", dir, when, i);
      else
        path = g_strdup_printf ("%s/%s-%" G_GINT64_FORMAT ".%u.wav", dir, stamp, when, i);
      if (!g_file_set_contents (path, (const char *) wav, sizeof wav, NULL))
        g_error ("cannot write %s", path);
    }
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

/* Iterates until the window has painted the next frame: one that @widget asks for, or else
 * one that something else has already asked for. */
static void
wait_for_frame (GtkWidget *widget)
{
  painted = FALSE;
  if (widget != NULL)
    gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

static GtkSearchEntry *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL)
    return GTK_SEARCH_ENTRY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSearchEntry *found = find_search_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An emission hook runs before every handler of the signal, the page's included */
static gboolean
search_emitted (GSignalInvocationHint *hint,
                guint                  n_values,
                const GValue          *values,
                gpointer               data)
{
  search_began = g_get_monotonic_time ();
  return TRUE;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   gpointer        data)
{
  searched = g_get_monotonic_time ();
}

/*
 * Keys as a supervisor types them, each one edit of the search text: a date digit by digit, a
 * wrong digit, backspaces, another; back to nothing; then a folder's name, and backspaces.
 *
 * Returns the most the main thread worked for one frame: from a key to the frame that shows
 * its result, and from each frame to the next while the table's rows catch up with it (see
 * astrix-row-model.c). That is processor time, so it leaves out waiting for the display's next
 * frame. @latency gets the worst wall time from a key to the frame that shows it, waits
 * included; @search the worst time the search itself took (the filter and the list's signals,
 * before anything is laid out or painted). A backspace is '<'; BENCH_KEYS types others.
 */
static double
worst_keystroke (GtkWidget      *window,
                 GtkSearchEntry *entry,
                 GListModel     *rows,
                 GListModel     *matches,
                 double         *latency,
                 double         *search)
{
  g_autofree char *keys = g_strdup (g_getenv ("BENCH_KEYS") != NULL ? g_getenv ("BENCH_KEYS")
                                    : "2026" "1" "<<" "1" "<<<<" "client-042" "<<<<");
  GtkEditable *editable = GTK_EDITABLE (entry);
  double worst = 0;

  *latency = *search = 0;
  gtk_search_entry_set_search_delay (entry, 0);
  /* connected after the page's own handler, so it runs when the page has searched */
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_emitted, NULL, NULL);
  for (guint i = 0; keys[i] != '\0'; i++)
    {
      int end = g_utf8_strlen (gtk_editable_get_text (editable), -1);
      gint64 start = g_get_monotonic_time ();
      double worked = bench_thread_cpu_seconds ();
      double frame, wall, most;
      guint frames = 1;

      searched = 0;
      if (keys[i] == '<')
        gtk_editable_delete_text (editable, end - 1, end);
      else
        gtk_editable_insert_text (editable, &keys[i], 1, &end);
      while (searched == 0)
        g_main_context_iteration (NULL, TRUE);
      /* The key changed the entry's text: that frame is coming. */
      wait_for_frame (NULL);
      wall = (g_get_monotonic_time () - start) / 1000.0;
      most = frame = (bench_thread_cpu_seconds () - worked) * 1000;
      while (g_list_model_get_n_items (rows) != g_list_model_get_n_items (matches))
        {
          worked = bench_thread_cpu_seconds ();
          wait_for_frame (NULL);
          most = MAX (most, (bench_thread_cpu_seconds () - worked) * 1000);
          frames++;
        }
      if (g_getenv ("BENCH_DEBUG") != NULL)
        fprintf (stderr, "  \"%s\": %u rows, %.1f ms of work (search %.1f ms), "
                 "shown after %.1f ms; %u frame(s), the most %.1f ms\n",
                 gtk_editable_get_text (editable),
                 g_list_model_get_n_items (rows), frame, (searched - search_began) / 1000.0, wall,
                 frames, most);
      worst = MAX (worst, most);
      *latency = MAX (*latency, wall);
      *search = MAX (*search, (searched - search_began) / 1000.0);
    }
  return worst;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(AstrixConnection) connection = NULL;
  g_autoptr(GListStore) servers = NULL;
  g_autofree char *uri = NULL;
  AstrixRecordingsPage *page;
  AstrixRecordingStore *store;
  GtkWidget *window;
  GListModel *rows;
  GListModel *matches;
  gint64 start;
  double first, full, keystroke, latency, search;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s DIR\n", argv[0]);
      return 2;
    }
  if (is_empty (argv[1]))
    {
      fprintf (stderr, "Filling %s with %d recordings…\n", argv[1], N_FILES);
      fill (argv[1]);
    }
  bench_prefer_cairo ();
  gtk_init ();
  adw_init ();

  uri = g_filename_to_uri (argv[1], NULL, NULL);
  config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "name", "bench", "host", "127.0.0.1",
                         "recordings-uri", uri, NULL);
  connection = astrix_connection_new (config);
  servers = g_list_store_new (ASTRIX_TYPE_CONNECTION);
  g_list_store_append (servers, connection);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  page = ASTRIX_RECORDINGS_PAGE (astrix_recordings_page_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
  wait_for_frame (window);
  rows = G_LIST_MODEL (gtk_column_view_get_model (astrix_recordings_page_get_column_view (page)));

  start = g_get_monotonic_time ();
  astrix_recordings_page_set_servers (page, G_LIST_MODEL (servers));
  store = _astrix_recordings_page_get_store (page);
  while (g_list_model_get_n_items (rows) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (window);
  first = (g_get_monotonic_time () - start) / 1000.0;

  while (astrix_recording_store_get_loading (store) ||
         g_list_model_get_n_items (rows) < g_list_model_get_n_items (G_LIST_MODEL (store)))
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (window);
  full = (g_get_monotonic_time () - start) / 1000.0;
  if (g_list_model_get_n_items (rows) < N_FILES)
    fprintf (stderr, "warning: %u recordings listed\n", g_list_model_get_n_items (rows));

  /* what the table's rows catch up with */
  matches = _astrix_row_model_get_model (
    ASTRIX_ROW_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (rows))));
  keystroke = worst_keystroke (window, find_search_entry (GTK_WIDGET (page)), rows, matches,
                               &latency, &search);

  printf ("recordings: first %.0f ms, full %.0f ms, keystroke %.1f ms, rss %.0f MB\n",
          first, full, keystroke, bench_peak_rss_mb ());
  printf ("recordings: of a keystroke's work, the search itself took up to %.1f ms; from a key "
          "to the frame that shows it, waits for the display included, up to %.1f ms\n",
          search, latency);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

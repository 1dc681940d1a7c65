/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-storm [SECONDS] [EVENTS_PER_SECOND] [CHANNELS]
 *
 * The real window under X (run it under xvfb-run) connected, through AstrixConnection, to a
 * PBX on loopback that has 5,000 live channels and then sends 20,000 events a second: the
 * traffic of a busy call centre (mostly Newexten and VarSet, calls starting and ending, state
 * and caller changes). Prints
 *   storm: <N> ev/s absorbed, worst stall <S> ms, rss <R> MB
 * where a stall is the longest the main loop went without running a 1 ms timer, and rss the
 * peak resident memory. Targets: stalls under 16 ms, under 150 MB. STORM_DEBUG=1 says where
 * the time goes (stalls, long frames, list signals). The Calls table shows the calls the
 * connection's AstrixCallStore derives from the channels. The main
 * thread's processor time is printed too, in all and the most between two ticks of the timer:
 * it varies less with the machine's load than stalls. STORM_REPAINT=1 then measures what a
 * frame costs, with nothing else going on, when the table only moves by a row and when a call
 * in view ends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "astrix-call-store.h"
#include "astrix-call.h"
#include "astrix-channel-store.h"
#include "astrix-channel.h"
#include "astrix-sort-model.h"
#include "astrix-sort-model-private.h"
#include "astrix-window.h"
#include "ui-support.h"
#include "bench-support.h"

static BenchStorm storm;
static guint n_channels;      /* up when the app logs in */

/* The PBX's channels, in its thread */
typedef struct
{
  GRand  *rand;
  GArray *live;       /* guint: the channels up */
  guint   next_id;
} Pbx;

static const char snapshot_format[] =
  "Channel: PJSIP/%u-%08x\r\nChannelState: %d\r\nChannelStateDesc: %s\r\n"
  "CallerIDNum: %u\r\nCallerIDName: Caller %u\r\nConnectedLineNum: %u\r\n"
  "ConnectedLineName: Agent %u\r\nLanguage: en\r\nAccountCode: \r\nContext: from-trunk\r\n"
  "Exten: %u\r\nPriority: 1\r\nUniqueid: 1795667000.%u\r\nLinkedid: 1795667000.%u\r\n";

static void
append_snapshot (GString *out,
                 guint    id,
                 int      state)
{
  g_string_append_printf (out, snapshot_format, 1000 + id % 900, id, state,
                          state == 6 ? "Up" : "Ring", 5550000 + id, id, 1000 + id % 900, id,
                          1000 + id % 900, id, id - id % 2);
}

static void
append_event (GString    *out,
              const char *name,
              guint       id,
              int         state,
              const char *extra)
{
  g_string_append_printf (out, "Event: %s\r\nPrivilege: call,all\r\n", name);
  append_snapshot (out, id, state);
  g_string_append (out, extra);
  g_string_append (out, "\r\n");
}

/* Reads one action (up to its blank line) and returns its ActionID. */
static char *
read_action (GSocket *socket)
{
  GString *in = g_string_new (NULL);
  char c;

  while (!g_str_has_suffix (in->str, "\r\n\r\n"))
    {
      if (g_socket_receive (socket, &c, 1, NULL, NULL) != 1)
        {
          g_string_free (in, TRUE);
          return NULL;
        }
      g_string_append_c (in, c);
    }
  {
    const char *id = strstr (in->str, "ActionID: ");
    char *end;

    if (id == NULL)
      {
        g_string_free (in, TRUE);
        return g_strdup ("");
      }
    id += strlen ("ActionID: ");
    end = strstr (id, "\r\n");
    return g_strndup (id, end - id);
  }
}

/* One event of the storm: mostly dialplan traffic, some state changes, calls coming and going. */
static void
storm_event (GString *out,
             Pbx     *pbx)
{
  guint pick = g_rand_int_range (pbx->rand, 0, 100);
  guint index = g_rand_int_range (pbx->rand, 0, pbx->live->len);
  guint id = g_array_index (pbx->live, guint, index);

  if (pick < 40)
    append_event (out, "Newexten", id, 6,
                  "Extension: s\r\nApplication: Dial\r\nAppData: PJSIP/1001\r\n");
  else if (pick < 75)
    append_event (out, "VarSet", id, 6, "Variable: BRIDGEPEER\r\nValue: PJSIP/1001-00000001\r\n");
  else if (pick < 85)
    append_event (out, "Newstate", id, 6, "");
  else if (pick < 92)
    append_event (out, "NewConnectedLine", id, 6, "");
  else if (pick < 96)
    {
      /* a channel hangs up ... */
      append_event (out, "Hangup", id, 6, "Cause: 16\r\nCause-txt: Normal Clearing\r\n");
      g_array_remove_index_fast (pbx->live, index);
    }
  else
    {
      /* ... and another comes in */
      id = pbx->next_id++;
      append_event (out, "Newchannel", id, 4, "");
      g_array_append_val (pbx->live, id);
    }
}

/* The events due, while there are channels */
static gboolean
storm_slice (GSocket *socket,
             GString *out,
             guint64  due,
             gpointer data)
{
  Pbx *pbx = data;

  while (storm.sent < due && pbx->live->len > 0)
    {
      storm_event (out, pbx);
      storm.sent++;
    }
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GSocket) socket = g_socket_accept (storm.listener, NULL, NULL);
  g_autofree char *id = NULL;
  GString *out = g_string_new (NULL);
  Pbx pbx = { g_rand_new_with_seed (42), g_array_new (FALSE, FALSE, sizeof (guint)), 0 };

  bench_send_all (socket, "Asterisk Call Manager/11.0.0\r\n", 30);
  /* Challenge, then Login: accept anything. */
  while ((id = read_action (socket)) != NULL)
    {
      g_string_printf (out, "Response: Success\r\nActionID: %s\r\nChallenge: 123456\r\n"
                            "Message: Authentication accepted\r\n\r\n", id);
      bench_send_all (socket, out->str, out->len);
      if (g_str_has_suffix (id, "2"))
        break;
      g_clear_pointer (&id, g_free);
    }
  g_clear_pointer (&id, g_free);

  /* The resync: CoreShowChannels with every live channel. */
  id = read_action (socket);
  g_string_printf (out, "Response: Success\r\nActionID: %s\r\nEventList: start\r\n"
                        "Message: Channels will follow\r\n\r\n", id);
  for (pbx.next_id = 0; pbx.next_id < n_channels; pbx.next_id++)
    {
      g_string_append_printf (out, "Event: CoreShowChannel\r\nActionID: %s\r\n", id);
      append_snapshot (out, pbx.next_id, 6);
      g_string_append_printf (out, "Application: Dial\r\nApplicationData: PJSIP/1001\r\n"
                                   "Duration: 00:01:%02u\r\nBridgeId: b-%u\r\n\r\n",
                              pbx.next_id % 60, pbx.next_id / 2);
      g_array_append_val (pbx.live, pbx.next_id);
    }
  g_string_append_printf (out, "Event: CoreShowChannelsComplete\r\nActionID: %s\r\n"
                               "EventList: Complete\r\nListItems: %u\r\n\r\n", id, n_channels);
  bench_send_all (socket, out->str, out->len);
  g_string_free (out, TRUE);
  g_usleep (G_USEC_PER_SEC);

  bench_storm_stream (&storm, socket, storm_slice, &pbx);
  g_rand_free (pbx.rand);
  g_array_unref (pbx.live);
  return NULL;
}

static void
on_stall (gint64 now,
          gint64 stall,
          double work)
{
  if (g_getenv ("STORM_DEBUG") && stall > 16000)
    fprintf (stderr, "stall %.1f ms (%.1f ms of work) at %.2f s\n", stall / 1000.0, work * 1000,
             (now - storm.start) / 1e6);
}

static gint64 phase_start;

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  phase_start = g_get_monotonic_time ();
}

static void
on_phase (GdkFrameClock *clock, gpointer data)
{
  gint64 dt = g_get_monotonic_time () - phase_start;

  if (g_getenv ("STORM_DEBUG") && dt > 8000)
    fprintf (stderr, "  frame until %s: %.1f ms\n", (const char *) data, dt / 1000.0);
}

static guint64 counts[3][3];
static gint64 emission_start[3], emission_time[3];
static GListModel *watched[3];

static gboolean
emission_began (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  GObject *model = g_value_get_object (&values[0]);

  for (int i = 0; i < 3; i++)
    if ((GObject *) watched[i] == model)
      emission_start[i] = g_get_monotonic_time ();
  return TRUE;
}

static void
on_sel_changed (GListModel *m, guint pos, guint removed, guint added, gpointer data)
{
  guint64 *c = data;
  int i = (c - counts[0]) / 3;

  c[0]++; c[1] += removed; c[2] += added;
  emission_time[i] += g_get_monotonic_time () - emission_start[i];
}

static guint frames_painted;
static gint64 frame_cost;

static void
on_after_paint_count (GdkFrameClock *clock,
                      gpointer       data)
{
  frame_cost = g_get_monotonic_time () - phase_start;
  frames_painted++;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @costs (ms) and prints their least, median and most */
static void
print_costs (const char *what,
             double     *costs,
             guint       n)
{
  qsort (costs, n, sizeof (double), compare_doubles);
  fprintf (stderr, "%s: min %.1f, median %.1f, max %.1f ms\n", what, costs[0], costs[n / 2],
           costs[n - 1]);
}

/* Waits for the next frame; returns what it cost, ms */
static double
next_frame_cost (void)
{
  guint before = frames_painted;

  while (frames_painted == before)
    g_main_context_iteration (NULL, TRUE);
  return frame_cost / 1000.0;
}

/* Ends the call at @position of the table as the PBX would (a Hangup for each channel) and
 * returns what the frame that shows it cost, ms */
static double
end_call_at (GListModel         *rows,
             guint               position,
             AstrixChannelStore *store)
{
  g_autoptr(AstrixCall) call = g_list_model_get_item (rows, position);
  GListModel *channels = astrix_call_get_channels (call);
  double cost = 0;

  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (channels, i);
      g_autoptr(AmiMessage) hangup =
        ami_message_new ("Event", "Hangup",
                         "Channel", astrix_channel_get_name (channel),
                         "Uniqueid", astrix_channel_get_uniqueid (channel),
                         "Cause", "16", NULL);

      astrix_channel_store_handle_event (store, hangup);
    }
  for (;;)
    {
      g_autoptr(GObject) now = NULL;

      cost = next_frame_cost ();
      now = g_list_model_get_item (rows, position);
      if (now != (GObject *) call)
        return cost;
    }
}

/* STORM_REPAINT=1, after the storm, with nothing else going on: what a frame costs when the
 * table only moves by a row (60 times), and when a call in view ends and the rows below it
 * move up (30 times): the drawing alone, to set against the storm's worst frames. */
static void
measure_repaint (GtkWidget          *window,
                 AstrixChannelStore *store)
{
  GtkWidget *scrolled = ui_find_widget (window, GTK_TYPE_SCROLLED_WINDOW, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  GListModel *rows = G_LIST_MODEL (astrix_window_get_selection (ASTRIX_WINDOW (window)));
  double moves[60];
  double ends[30];

  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_count), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      gtk_adjustment_set_value (adjustment,
                                gtk_adjustment_get_value (adjustment) + (i % 2 ? -27 : 27));
      moves[i] = next_frame_cost ();
    }
  print_costs ("repaint after a one-row move", moves, G_N_ELEMENTS (moves));
  gtk_adjustment_set_value (adjustment, 0);
  next_frame_cost ();
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    ends[i] = end_call_at (rows, 3, store);
  print_costs ("repaint after the fourth call ends", ends, G_N_ELEMENTS (ends));
}

static void
script (AstrixConnection *connection,
        GtkWidget        *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  double worked;

  /* Where the list signals go, and what their handlers cost: only when asked, as the hook
   * runs for every list signal */
  if (g_getenv ("STORM_DEBUG"))
    {
      GListModel *sel = G_LIST_MODEL (astrix_window_get_selection (ASTRIX_WINDOW (window)));
      GListModel *sorted = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (sel));
      GListModel *filtered = _astrix_sort_model_get_model (ASTRIX_SORT_MODEL (sorted));

      watched[0] = sel;
      watched[1] = sorted;
      watched[2] = filtered;
      g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0,
                                  emission_began, NULL, NULL);
      g_signal_connect (sel, "items-changed", G_CALLBACK (on_sel_changed), counts[0]);
      g_signal_connect (sorted, "items-changed", G_CALLBACK (on_sel_changed), counts[1]);
      g_signal_connect (filtered, "items-changed", G_CALLBACK (on_sel_changed), counts[2]);
    }
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (on_phase), "layout");
  g_signal_connect (clock, "paint", G_CALLBACK (on_phase), "paint");
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_phase), "after-paint");

  bench_storm_wait_start (&storm);
  worked = bench_storm_absorb (&storm);
  fprintf (stderr, "(the main thread worked %.2f s during the storm, at most %.1f ms between "
           "two ticks)\n", worked, storm.worst_work * 1000);
  bench_storm_settle ();

  if (g_getenv ("STORM_REPAINT"))
    measure_repaint (window, astrix_connection_get_store (connection));
  bench_storm_print (&storm);
  fprintf (stderr, "(%" G_GUINT64_FORMAT " events sent, %" G_GUINT64_FORMAT " absorbed, "
           "%u channels, %u calls in the list)\n", storm.sent, storm.events,
           g_list_model_get_n_items (G_LIST_MODEL (astrix_connection_get_store (connection))),
           g_list_model_get_n_items (G_LIST_MODEL (astrix_connection_get_calls (connection))));
  if (g_getenv ("STORM_DEBUG"))
    for (int i = 0; i < 3; i++)
      fprintf (stderr, "%s: %" G_GUINT64_FORMAT " signals, %" G_GUINT64_FORMAT " removed, %"
               G_GUINT64_FORMAT " added, %.1f ms in its handlers\n",
               (const char *[]) {"selection","sorted","filtered"}[i], counts[i][0], counts[i][1],
               counts[i][2], emission_time[i] / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  bench_storm_init (&storm, "storm", argc, argv, on_stall);
  n_channels = argc > 3 ? atoi (argv[3]) : 5000;
  return bench_storm_run (&storm, server_thread, script);
}

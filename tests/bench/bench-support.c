/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The measuring harness of the benchmarks that show the real window (see bench-support.h):
 * one definition of a stall, of the events absorbed, of the main thread's processor time and
 * of the peak resident memory, so that their figures can be set side by side.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "astrix-application-private.h"
#include "bench-support.h"

/* Under Xvfb the GL renderer is llvmpipe, a CPU emulation of a GPU that costs far more time and
 * memory than drawing does on a real desktop (and varies from run to run); cairo is the honest
 * software figure. Call before GTK starts. */
void
bench_prefer_cairo (void)
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

/* Returns: the peak resident memory of the process, MB, or -1 */
double
bench_peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (hwm = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoull (hwm + 6, NULL, 10) / 1024.0;
}

/* Returns: the processor time of the calling thread, s */
double
bench_thread_cpu_seconds (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return 0;
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* The PBX's side */

gboolean
bench_send_all (GSocket    *socket,
                const char *data,
                gsize       length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Sends the storm on @socket for @storm's seconds, paced in 5 ms slices: each slice, @slice
 * writes the events due by then at @storm's rate. */
void
bench_storm_stream (BenchStorm     *storm,
                    GSocket        *socket,
                    BenchSliceFunc  slice,
                    gpointer        data)
{
  GString *out = g_string_new (NULL);
  gint64 start, tick;

  g_atomic_int_set (&storm->streaming, 1);
  start = tick = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < storm->seconds * G_USEC_PER_SEC)
    {
      guint64 due = (guint64) ((g_get_monotonic_time () - start) * (guint64) storm->rate /
                               G_USEC_PER_SEC);

      g_string_truncate (out, 0);
      if (!slice (socket, out, due, data))
        break;
      if (out->len > 0 && !bench_send_all (socket, out->str, out->len))
        break;
      tick += 5000;
      if (tick > g_get_monotonic_time ())
        g_usleep (tick - g_get_monotonic_time ());
    }
  g_atomic_int_set (&storm->streaming, 0);
  g_atomic_int_set (&storm->done, 1);
  g_string_free (out, TRUE);
}

/* The main thread's side */

/* Reads the arguments every storm takes, [SECONDS] [EVENTS_PER_SECOND] (10 s of 20,000 events a
 * second unless told), and has the window drawn with cairo. @name is the benchmark's, without
 * its "bench-". */
void
bench_storm_init (BenchStorm      *storm,
                  const char      *name,
                  int              argc,
                  char           **argv,
                  BenchStallFunc   on_stall)
{
  bench_prefer_cairo ();
  storm->name = name;
  storm->seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 10;
  storm->rate = argc > 2 ? atoi (argv[2]) : 20000;
  storm->on_stall = on_stall;
}

static void
on_event (AmiClient  *client,
          AmiMessage *event,
          gpointer    data)
{
  BenchStorm *storm = data;

  if (g_atomic_int_get (&storm->streaming) || g_atomic_int_get (&storm->done))
    storm->events++;
}

/* Returns: a connection of @app to the PBX, started, whose events @storm counts */
static AstrixConnection *
connect_to_pbx (BenchStorm        *storm,
                AstrixApplication *app)
{
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address (storm->listener, NULL);
  guint port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  AstrixConnection *connection;

  config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "name", storm->name, "host", "127.0.0.1",
                         "port", port, "username", "bench", NULL);
  connection = astrix_connection_new (config);
  g_signal_connect (astrix_connection_get_client (connection), "event", G_CALLBACK (on_event),
                    storm);
  _astrix_application_add_connection (app, connection);
  astrix_connection_start (connection, "bench");
  return connection;
}

static gboolean
stall_tick (gpointer data)
{
  BenchStorm *storm = data;
  gint64 now = g_get_monotonic_time ();
  double cpu = bench_thread_cpu_seconds ();

  if (g_atomic_int_get (&storm->streaming))
    {
      if (storm->start == 0)
        storm->start = now;
      else
        {
          storm->worst_stall = MAX (storm->worst_stall, now - storm->last_tick);
          storm->worst_work = MAX (storm->worst_work, cpu - storm->last_cpu);
          if (storm->on_stall != NULL)
            storm->on_stall (now, now - storm->last_tick, cpu - storm->last_cpu);
        }
    }
  storm->last_tick = now;
  storm->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  BenchStorm        *storm;
  AstrixApplication *app;
  BenchScriptFunc    script;
} Script;

/* The app's first idle: its window, connected to the PBX, then the benchmark's script */
static gboolean
run_script (gpointer data)
{
  Script *script = data;
  g_autoptr(AstrixConnection) connection = connect_to_pbx (script->storm, script->app);
  GtkWidget *window;

  g_application_activate (G_APPLICATION (script->app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (script->app)));
  while (!gtk_widget_get_realized (window))
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 1, stall_tick, script->storm, NULL);
  script->script (connection, window);
  g_application_quit (G_APPLICATION (script->app));
  return G_SOURCE_REMOVE;
}

/* Listens on loopback for the app, runs @pbx (given @storm) in a thread to answer it, and the
 * application with @script. Returns: the exit status */
int
bench_storm_run (BenchStorm      *storm,
                 GThreadFunc      pbx,
                 BenchScriptFunc  script)
{
  g_autoptr(AstrixApplication) app = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_strconcat ("bench-", storm->name, NULL);
  const char *app_argv[] = { program, NULL };
  Script run = { storm, NULL, script };
  GThread *thread;

  storm->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);
  if (storm->listener == NULL || !g_socket_bind (storm->listener, address, TRUE, &error) ||
      !g_socket_listen (storm->listener, &error))
    {
      fprintf (stderr, "%s: %s\n", program, error->message);
      return 1;
    }
  thread = g_thread_new ("pbx", pbx, storm);

  app = g_object_new (ASTRIX_TYPE_APPLICATION, "application-id", "io.github.astrix.Assist.Bench",
                      "flags", G_APPLICATION_NON_UNIQUE, NULL);
  run.app = app;
  g_idle_add (run_script, &run);
  g_application_run (G_APPLICATION (app), 1, (char **) app_argv);
  g_thread_join (thread);
  g_clear_object (&storm->listener);
  return 0;
}

/* Runs the main loop until the storm begins */
void
bench_storm_wait_start (BenchStorm *storm)
{
  while (!g_atomic_int_get (&storm->streaming) && !g_atomic_int_get (&storm->done))
    g_main_context_iteration (NULL, TRUE);
}

/* Runs the main loop until the storm is over. Returns: the processor time the main thread
 * spent meanwhile, s */
double
bench_storm_absorb (BenchStorm *storm)
{
  double cpu_start = bench_thread_cpu_seconds ();

  while (!g_atomic_int_get (&storm->done))
    g_main_context_iteration (NULL, TRUE);
  storm->end = g_get_monotonic_time ();
  return bench_thread_cpu_seconds () - cpu_start;
}

/* Runs the main loop for half a second after the storm: the last events come in */
void
bench_storm_settle (void)
{
  for (gint64 end = g_get_monotonic_time () + 500000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
}

/* Prints the figures of the storm on one line:
 *   NAME: <N> ev/s absorbed, worst stall <S> ms, rss <R> MB */
void
bench_storm_print (BenchStorm *storm)
{
  printf ("%s: %.0f ev/s absorbed, worst stall %.1f ms, rss %.0f MB\n", storm->name,
          storm->events * 1e6 / MAX (storm->end - storm->start, 1),
          storm->worst_stall / 1000.0, bench_peak_rss_mb ());
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-connection.h"

G_BEGIN_DECLS

/*
 * What the benchmarks that show the real window measure, one way for all of them.
 *
 * A storm (bench-storm, bench-callcentre): a PBX on loopback, in a thread of the benchmark,
 * sends events at a rate for some seconds while the window absorbs them through an
 * AstrixConnection. The main thread counts the events it receives and runs a 1 ms timer: a
 * stall is the longest the main loop went without running it, and the processor time the main
 * thread spent between two ticks goes with it. The benchmark's script runs once the window
 * is up, connected to that PBX; the application quits when it returns.
 */

typedef struct _BenchStorm BenchStorm;

/* Told of every interval between two ticks of the timer during the storm: @stall µs ending at
 * @now (monotonic), of which the main thread worked @work s. */
typedef void     (*BenchStallFunc)  (gint64            now,
                                     gint64            stall,
                                     double            work);

/* What a benchmark does with the window */
typedef void     (*BenchScriptFunc) (AstrixConnection *connection,
                                     GtkWidget        *window);

/* One 5 ms slice of the storm, in the PBX's thread: writes to @out the events due until the
 * storm has sent @due in all (and answers what the app asked on @socket, if the PBX does).
 * Returns FALSE when the app has gone. */
typedef gboolean (*BenchSliceFunc)  (GSocket          *socket,
                                     GString          *out,
                                     guint64           due,
                                     gpointer          data);

struct _BenchStorm
{
  /* set by bench_storm_init() and bench_storm_run() */
  const char     *name;        /* "storm": bench-storm, which prints `storm: ...` */
  GSocket        *listener;
  guint           rate;        /* events a second */
  double          seconds;
  BenchStallFunc  on_stall;    /* or NULL */

  /* the PBX's thread */
  guint64         sent;
  gint            streaming;   /* atomic: the storm is on */
  gint            done;        /* atomic */

  /* the main thread */
  guint64         events;      /* received during the storm and after it */
  gint64          start;       /* the first tick of the storm */
  gint64          end;
  gint64          last_tick;
  gint64          worst_stall;
  double          last_cpu;
  double          worst_work;  /* s: the most processor time the main thread spent between ticks */
};

void     bench_prefer_cairo       (void);
double   bench_peak_rss_mb        (void);
double   bench_thread_cpu_seconds (void);

gboolean bench_send_all           (GSocket          *socket,
                                   const char       *data,
                                   gsize             length);
void     bench_storm_stream       (BenchStorm       *storm,
                                   GSocket          *socket,
                                   BenchSliceFunc    slice,
                                   gpointer          data);

void     bench_storm_init         (BenchStorm       *storm,
                                   const char       *name,
                                   int               argc,
                                   char            **argv,
                                   BenchStallFunc    on_stall);
int      bench_storm_run          (BenchStorm       *storm,
                                   GThreadFunc       pbx,
                                   BenchScriptFunc   script);
void     bench_storm_wait_start   (BenchStorm       *storm);
double   bench_storm_absorb       (BenchStorm       *storm);
void     bench_storm_settle       (void);
void     bench_storm_print        (BenchStorm       *storm);

G_END_DECLS

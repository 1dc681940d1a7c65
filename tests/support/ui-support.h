/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-application.h"

G_BEGIN_DECLS

/* Helpers for tests that drive the real application under Xvfb with a private bus. */

void       ui_wait_ms                  (guint               ms);
int        ui_run                      (const char * const *argv);
void       ui_press                    (GtkWindow          *window,
                                        const char         *keys);
void       ui_type                     (GtkWindow          *window,
                                        const char         *text);
void       ui_gapplication_action      (const char         *action,
                                        const char         *parameter);
void       ui_save_screenshot          (GtkWidget          *widget,
                                        const char         *name);
GtkWidget *ui_find_label               (GtkWidget          *widget,
                                        const char         *text);
GtkWidget *ui_find_widget              (GtkWidget          *widget,
                                        GType               type,
                                        const char         *title);
GtkWindow *ui_find_toplevel            (GType               type);
void       ui_collect_labels           (GtkWidget          *widget,
                                        GString            *out);
GPid       ui_start_notification_daemon (void);
const char *ui_notify_log               (void);
gboolean   ui_notified                  (const char        *text);
void       ui_stop_notification_daemon  (GPid               daemon);
void       ui_run_demo                  (AstrixApplication **app,
                                         const char         *n_calls,
                                         GSourceFunc         script);
gboolean   ui_start_keyring            (void);
gboolean   ui_name_has_owner           (const char         *name);
gboolean   ui_have_session             (void);
void       ui_tolerate_known_warnings  (void);
void       ui_use_own_data_home        (const char *name);
void       ui_assert_columns_fit       (GtkColumnView      *view);

#define UI_WAIT_UNTIL(cond, ms)                                         \
  G_STMT_START {                                                        \
    gint64 _end = g_get_monotonic_time () + (ms) * 1000;                \
    while (!(cond) && g_get_monotonic_time () < _end)                   \
      ui_wait_ms (10);                                                  \
    if (!(cond))                                                        \
      g_error ("timed out waiting for %s", #cond);                      \
  } G_STMT_END

G_END_DECLS

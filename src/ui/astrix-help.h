/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       astrix_help_show         (GtkWindow            *parent,
                                     const char           *page);
char     **astrix_help_get_uris     (const char           *page);
void       astrix_help_show_async   (GtkWindow            *parent,
                                     const char           *page,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
gboolean   astrix_help_show_finish  (GAsyncResult         *result,
                                     GError              **error);

void       _astrix_help_show_uris_async (GtkWindow           *parent,
                                         const char * const  *uris,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void remove_tree      (GFile      *file);
void remove_tree_at   (const char *path);
void write_silent_wav (const char *path,
                       guint       ms);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void remove_tree      (GFile      *file);
void write_silent_wav (const char *path,
                       guint       ms);

G_END_DECLS

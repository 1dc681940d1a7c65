/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int *astrix_list_match (GPtrArray     *old,
                        gpointer const *now,
                        guint          n_now);

G_END_DECLS

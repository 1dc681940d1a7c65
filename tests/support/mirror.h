/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void mirror_apply (GListStore *mirror,
                   GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added);

G_END_DECLS

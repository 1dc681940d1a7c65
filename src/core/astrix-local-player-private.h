/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-local-player.h"

G_BEGIN_DECLS

/* For tests: what the properties say */
double        _astrix_local_player_get_rate    (AstrixLocalPlayer *self);
const GError *_astrix_local_player_get_error   (AstrixLocalPlayer *self);
gint64        _astrix_local_player_get_started (AstrixLocalPlayer *self);
gint64        _astrix_local_player_get_ended   (AstrixLocalPlayer *self);

G_END_DECLS

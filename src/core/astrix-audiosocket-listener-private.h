/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-audiosocket-listener.h"

G_BEGIN_DECLS

/* For tests: where it listens, what waits for a taker, and how long a shared one lingers */
guint16 _astrix_audiosocket_listener_get_port      (AstrixAudioSocketListener *self);
void    _astrix_audiosocket_listener_set_lifetime  (AstrixAudioSocketListener *self,
                                                    guint                      ms);
guint   _astrix_audiosocket_listener_get_n_pending (AstrixAudioSocketListener *self);

G_END_DECLS

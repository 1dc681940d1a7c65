/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-audiosocket-frame.h"

G_BEGIN_DECLS

/* Read by tests only */
GBytes *_astrix_audiosocket_frame_new              (guint8                   kind,
                                                    const guint8            *payload,
                                                    gsize                    length);
gsize   _astrix_audiosocket_parser_get_buffered    (AstrixAudioSocketParser *self);
void    _astrix_audiosocket_parser_set_max_payload (AstrixAudioSocketParser *self,
                                                    gsize                    max_payload);

G_END_DECLS

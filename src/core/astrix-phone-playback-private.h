/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-phone-playback.h"

G_BEGIN_DECLS

void _astrix_phone_playback_set_time_scale (AstrixPhonePlayback *self,
                                            double               scale);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-phone-bar.h"

G_BEGIN_DECLS

/* Read by tests only */
AstrixPhonePlayback *_astrix_phone_bar_get_playback (AstrixPhoneBar *self);

G_END_DECLS

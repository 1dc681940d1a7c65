/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-audio-controls.h"

G_BEGIN_DECLS

/* Read by tests only */
GtkWidget *_astrix_audio_controls_new (void);

G_END_DECLS

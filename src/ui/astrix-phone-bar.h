/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-phone-playback.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_PHONE_BAR (astrix_phone_bar_get_type ())

G_DECLARE_FINAL_TYPE (AstrixPhoneBar, astrix_phone_bar, ASTRIX, PHONE_BAR, GtkWidget)

void                 astrix_phone_bar_set_playback (AstrixPhoneBar      *self,
                                                    AstrixPhonePlayback *playback);
void                 astrix_phone_bar_set_title    (AstrixPhoneBar      *self,
                                                    const char          *title);
void                 astrix_phone_bar_set_status   (AstrixPhoneBar      *self,
                                                    const char          *status);

G_END_DECLS

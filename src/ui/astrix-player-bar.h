/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "astrix-local-player.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_PLAYER_BAR (astrix_player_bar_get_type ())

G_DECLARE_FINAL_TYPE (AstrixPlayerBar, astrix_player_bar, ASTRIX, PLAYER_BAR, GtkWidget)

void               astrix_player_bar_set_player     (AstrixPlayerBar   *self,
                                                     AstrixLocalPlayer *player);
void               astrix_player_bar_set_title      (AstrixPlayerBar   *self,
                                                     const char        *title);
void               astrix_player_bar_change_speed   (AstrixPlayerBar   *self,
                                                     int                steps);
void               astrix_player_bar_set_live_offer (AstrixPlayerBar   *self,
                                                     gboolean           offer);

char              *astrix_format_position           (gint64             ms);

G_END_DECLS

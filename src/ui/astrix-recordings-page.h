/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "astrix-local-player.h"
#include "astrix-phone-playback.h"
#include "astrix-recording-store.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_RECORDINGS_PAGE (astrix_recordings_page_get_type ())

G_DECLARE_FINAL_TYPE (AstrixRecordingsPage, astrix_recordings_page, ASTRIX, RECORDINGS_PAGE, AdwBin)

GtkWidget            *astrix_recordings_page_new                (void);
void                  astrix_recordings_page_set_servers        (AstrixRecordingsPage *self,
                                                                 GListModel           *connections);
gboolean              astrix_recordings_page_play_on_phone      (AstrixRecordingsPage *self,
                                                                 const char           *recording,
                                                                 GError              **error);
gboolean              astrix_recordings_page_playback_control   (AstrixRecordingsPage *self,
                                                                 const char           *command,
                                                                 GError              **error);
AstrixPhonePlayback  *astrix_recordings_page_get_phone_playback (AstrixRecordingsPage *self);
GtkColumnView        *astrix_recordings_page_get_column_view    (AstrixRecordingsPage *self);
void                  astrix_recordings_page_focus_search       (AstrixRecordingsPage *self);

G_END_DECLS

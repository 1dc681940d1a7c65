/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-phone-call-private.h"
#include "astrix-phone-playback.h"

G_BEGIN_DECLS

/*
 * AstrixPlaybackWindow: when a playback holds the `dialplan` event class
 * (astrix-phone-playback-window.c)
 * @ASTRIX_PLAYBACK_WINDOW_START: from the Originate until the playback is seen running
 * @ASTRIX_PLAYBACK_WINDOW_CONTROL: around a ControlPlayback action
 * @ASTRIX_PLAYBACK_WINDOW_END: the last seconds of the recording and the end of the call
 */
typedef enum
{
  ASTRIX_PLAYBACK_WINDOW_START   = 1 << 0,
  ASTRIX_PLAYBACK_WINDOW_CONTROL = 1 << 1,
  ASTRIX_PLAYBACK_WINDOW_END     = 1 << 2,
} AstrixPlaybackWindow;

typedef struct _AstrixPlaybackWindows AstrixPlaybackWindows;

void             _astrix_phone_playback_set_time_scale (AstrixPhonePlayback  *self,
                                                        double                scale);
gboolean         _astrix_phone_playback_prepare        (AstrixPhonePlayback  *self,
                                                        GError              **error);
AstrixServerConfig *_astrix_phone_playback_get_config  (AstrixPhonePlayback  *self);
char            *_astrix_phone_playback_resolve_file   (AstrixServerConfig   *config,
                                                        const char           *recording,
                                                        GError              **error);
char            *_astrix_playback_control_describe_failure (AstrixPlaybackControl  control,
                                                            const char            *sentence);
AmiAction       *_astrix_phone_playback_build_originate (AstrixPhoneCall       *call,
                                                         AstrixServerConfig    *config,
                                                         AstrixPlaybackMethod   method,
                                                         const char            *pbx_file,
                                                         gint64                 offset_ms,
                                                         GError               **error);

AstrixPlaybackWindows *_astrix_playback_windows_new       (AmiClient             *client);
void                   _astrix_playback_windows_free      (AstrixPlaybackWindows *self);
void                   _astrix_playback_windows_set       (AstrixPlaybackWindows *self,
                                                           AstrixPlaybackWindow   window,
                                                           gboolean               open);
void                   _astrix_playback_windows_set_in    (AstrixPlaybackWindows *self,
                                                           AstrixPlaybackWindow   window,
                                                           gboolean               open,
                                                           guint                  ms);
gboolean               _astrix_playback_windows_get       (AstrixPlaybackWindows *self,
                                                           AstrixPlaybackWindow   window);
void                   _astrix_playback_windows_close_all (AstrixPlaybackWindows *self);

/* For tests: what the properties say */
gboolean               _astrix_phone_playback_get_controllable (AstrixPhonePlayback *self);
gint64                 _astrix_phone_playback_get_started      (AstrixPhonePlayback *self);
gint64                 _astrix_phone_playback_get_ended        (AstrixPhonePlayback *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-phone-call-private.h"
#include "astrix-phone-playback.h"

G_BEGIN_DECLS

void             _astrix_phone_playback_set_time_scale (AstrixPhonePlayback  *self,
                                                        double                scale);
gboolean         _astrix_phone_playback_prepare        (AstrixPhonePlayback  *self,
                                                        GError              **error);
AstrixPhoneCall *_astrix_phone_playback_get_call       (AstrixPhonePlayback  *self);
AstrixServerConfig *_astrix_phone_playback_get_config  (AstrixPhonePlayback  *self);
char            *_astrix_phone_playback_resolve_file   (AstrixServerConfig   *config,
                                                        const char           *recording,
                                                        GError              **error);
char            *_astrix_playback_control_describe_failure (AstrixPlaybackControl  control,
                                                            const char            *sentence);

G_END_DECLS

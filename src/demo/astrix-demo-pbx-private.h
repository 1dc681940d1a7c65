/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What only the tests and benchmarks read of the simulated PBX: where its recordings are, what
 * its AudioSocket sent and received, and which actions clients sent (astrix-demo-recordings.c,
 * astrix-demo-audiosocket.c, astrix-demo-ledger.c).
 */

#include "astrix-demo-pbx.h"

G_BEGIN_DECLS

const char    *_astrix_demo_pbx_get_recordings_dir        (AstrixDemoPbx *self);
guint          _astrix_demo_pbx_get_audio_frames_received (AstrixDemoPbx *self,
                                                           const char    *channel,
                                                           guint          kind);
guint          _astrix_demo_pbx_get_audio_frames_sent     (AstrixDemoPbx *self,
                                                           const char    *channel);
gint64         _astrix_demo_pbx_get_audio_sent_time       (AstrixDemoPbx *self,
                                                           const char    *channel,
                                                           guint          frame);
AmiMessage    *_astrix_demo_pbx_last_received             (AstrixDemoPbx *self,
                                                           const char    *action);
guint          _astrix_demo_pbx_count_received            (AstrixDemoPbx *self,
                                                           const char    *action);
int            _astrix_demo_pbx_find_received             (AstrixDemoPbx *self,
                                                           const char    *action,
                                                           guint          nth);

G_END_DECLS

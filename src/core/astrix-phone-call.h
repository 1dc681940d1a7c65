/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-audio-stream.h"

G_BEGIN_DECLS

/*
 * AstrixPhoneCall: the call that rings the supervisor's phone (or this computer, over
 * AudioSocket) for a monitoring session or a playback. The session or the playback drives it
 * (astrix-phone-call-private.h); the rest of the app reads from it who was called on which
 * server and how the call ended (astrix_monitor_session_get_call(),
 * astrix_phone_playback_get_call()).
 */

#define ASTRIX_TYPE_PHONE_CALL (astrix_phone_call_get_type ())

G_DECLARE_FINAL_TYPE (AstrixPhoneCall, astrix_phone_call, ASTRIX, PHONE_CALL, GObject)

gboolean           astrix_phone_call_is_on_this_computer (AstrixPhoneCall *self);
const char        *astrix_phone_call_get_endpoint        (AstrixPhoneCall *self);
const char        *astrix_phone_call_get_server          (AstrixPhoneCall *self);
const GError      *astrix_phone_call_get_error           (AstrixPhoneCall *self);
const char        *astrix_phone_call_get_end_reason      (AstrixPhoneCall *self);
AstrixAudioStream *astrix_phone_call_get_audio_stream    (AstrixPhoneCall *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-error.h"
#include "astrix-phone-call.h"
#include "astrix-server-config.h"

G_BEGIN_DECLS

/*
 * How a monitoring session or a playback drives its AstrixPhoneCall (astrix-phone-call.h).
 * Only those two do; they keep what the call does once answered (ChanSpy, ControlPlayback) and
 * hear of its life through hooks.
 */

#define ASTRIX_PHONE_CALL_RING_TIMEOUT_MS 30000

/**
 * AstrixPhoneCallHooks:
 * @stopped: (what the end reason says) the call was hung up as asked
 * @cancelled: the call was cancelled before the phone answered
 * @lost: the connection to the PBX was lost meanwhile
 * @channel_changed: (nullable): our channel's name changed
 * @ringing: the phone rings
 * @answered: the phone answered (not after a stop was asked for)
 * @event: (nullable): any AMI event but the call's own (Originate outcome, our ring, our hang-up)
 * @hung_up: our channel hung up after the answer, unasked: the owner ends with its reason
 * @ended: the call ended or failed: the owner takes over its state
 * @audio_started: (nullable): this computer's audio came (AudioSocket); not started yet
 * @warning: (nullable): a sentence for the supervisor that does not end the call
 *
 * The texts are marked for translation where they are written, and translated when used.
 */
typedef struct
{
  const char *stopped;
  const char *cancelled;
  const char *lost;
  void      (*channel_changed) (GObject *owner);
  void      (*ringing)         (GObject *owner);
  void      (*answered)        (GObject *owner);
  void      (*event)           (GObject *owner, AmiMessage *event);
  void      (*hung_up)         (GObject *owner);
  void      (*ended)           (GObject *owner);
  void      (*audio_started)   (GObject *owner);
  void      (*warning)         (GObject *owner, const char *message);
} AstrixPhoneCallHooks;

AstrixPhoneCall   *astrix_phone_call_new                (AmiClient                  *client,
                                                         AstrixServerConfig         *config,
                                                         GObject                    *owner,
                                                         const AstrixPhoneCallHooks *hooks);
void               astrix_phone_call_detach             (AstrixPhoneCall            *self);
gboolean           astrix_phone_call_check_endpoint     (AstrixPhoneCall            *self,
                                                         GError                    **error);
gboolean           astrix_phone_call_check_connected    (AstrixPhoneCall            *self,
                                                         GError                    **error);
gboolean           astrix_phone_call_prepare_audio      (AstrixPhoneCall            *self,
                                                         GError                    **error);
AmiAction         *astrix_phone_call_new_originate      (AstrixPhoneCall            *self);
gboolean           astrix_phone_call_end_originate      (AstrixPhoneCall            *self,
                                                         AmiAction                  *originate,
                                                         const char                 *caller_id,
                                                         GError                    **error);
void               astrix_phone_call_send               (AstrixPhoneCall            *self,
                                                         AmiAction                  *originate);
void               astrix_phone_call_refuse             (AstrixPhoneCall            *self,
                                                         const GError               *error);
void               astrix_phone_call_request_stop       (AstrixPhoneCall            *self);
void               astrix_phone_call_set_stopping       (AstrixPhoneCall            *self);
void               astrix_phone_call_hang_up            (AstrixPhoneCall            *self);
void               astrix_phone_call_retire             (AstrixPhoneCall            *self);
void               astrix_phone_call_finish             (AstrixPhoneCall            *self,
                                                         gboolean                    failed,
                                                         GError                     *error,
                                                         const char                 *end_reason);
void               astrix_phone_call_fail               (AstrixPhoneCall            *self,
                                                         AstrixError                 code,
                                                         const char                 *message);
gboolean           astrix_phone_call_is_ours            (AstrixPhoneCall            *self,
                                                         AmiMessage                 *event,
                                                         const char                 *uniqueid_key,
                                                         const char                 *channel_key);
gboolean           astrix_phone_call_is_over            (AstrixPhoneCall            *self);
gboolean           astrix_phone_call_get_failed         (AstrixPhoneCall            *self);
gboolean           astrix_phone_call_get_stop_requested (AstrixPhoneCall            *self);
const char        *astrix_phone_call_get_channel        (AstrixPhoneCall            *self);
const char        *astrix_phone_call_get_missing_audio  (AstrixPhoneCall            *self);
void               _astrix_phone_call_set_outcome_timeout (AstrixPhoneCall          *self,
                                                         guint                       ms);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-client.h"

G_BEGIN_DECLS

#define AMI_BACKOFF_FIRST_MS 1000
#define AMI_BACKOFF_CAP_MS   30000

guint _ami_backoff_delay_ms (guint  attempt,
                             double random);

typedef struct _AmiEventMask AmiEventMask;

AmiEventMask *_ami_event_mask_new             (void);
void          _ami_event_mask_free            (AmiEventMask *self);
char         *_ami_event_mask_dup             (AmiEventMask *self);
void          _ami_event_mask_add_to_login    (AmiEventMask *self,
                                               AmiAction    *login);
AmiEventMask *_ami_client_get_event_mask      (AmiClient    *self);
void          _ami_client_event_mask_changed  (AmiClient    *self);

G_END_DECLS

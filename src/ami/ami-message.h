/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AmiMessageKind:
 * @AMI_MESSAGE_OTHER: none of the below (a fragment that does not start with a known key)
 * @AMI_MESSAGE_BANNER: the greeting line, `Asterisk Call Manager/X.Y.Z`
 * @AMI_MESSAGE_RESPONSE: starts with `Response:`
 * @AMI_MESSAGE_EVENT: starts with `Event:`
 * @AMI_MESSAGE_ACTION: starts with `Action:` (what a client sends; the simulated PBX reads these)
 */
typedef enum
{
  AMI_MESSAGE_OTHER,
  AMI_MESSAGE_BANNER,
  AMI_MESSAGE_RESPONSE,
  AMI_MESSAGE_EVENT,
  AMI_MESSAGE_ACTION,
} AmiMessageKind;

#define AMI_TYPE_MESSAGE (ami_message_get_type ())

typedef struct _AmiMessage AmiMessage;

GType           ami_message_get_type        (void) G_GNUC_CONST;
AmiMessage     *ami_message_new             (const char        *first_key,
                                             ...) G_GNUC_NULL_TERMINATED;
AmiMessage     *ami_message_new_from_pairs  (const char *const *pairs,
                                             guint              n_pairs);
AmiMessage     *ami_message_new_banner      (const char        *text);
AmiMessage     *ami_message_ref             (AmiMessage        *self);
void            ami_message_unref           (AmiMessage        *self);
AmiMessageKind  ami_message_get_kind        (const AmiMessage  *self);
guint           ami_message_get_n_fields    (const AmiMessage  *self);
const char     *ami_message_get_key         (const AmiMessage  *self,
                                             guint              index);
const char     *ami_message_get_value       (const AmiMessage  *self,
                                             guint              index);
const char     *ami_message_get_raw_value   (const AmiMessage  *self,
                                             guint              index,
                                             gsize             *length);
const char     *ami_message_get             (const AmiMessage  *self,
                                             const char        *key);
gboolean        ami_message_has             (const AmiMessage  *self,
                                             const char        *key);
gboolean        ami_message_is              (const AmiMessage  *self,
                                             const char        *key,
                                             const char        *value);
char          **ami_message_dup_values      (const AmiMessage  *self,
                                             const char        *key);
const char     *ami_message_get_name        (const AmiMessage  *self);
const char     *ami_message_get_action_id   (const AmiMessage  *self);
const char     *ami_message_get_banner      (const AmiMessage  *self);
void            ami_message_write           (const AmiMessage  *self,
                                             GString           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmiMessage, ami_message_unref)

G_END_DECLS

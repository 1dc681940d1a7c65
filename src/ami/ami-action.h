/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What one Asterisk line buffer holds (1024 bytes with "\r\n"); longer lines are refused there. */
#define AMI_ACTION_MAX_LINE    1022
/* Asterisk refuses messages of more than 128 lines; the client adds ActionID. */
#define AMI_ACTION_MAX_HEADERS 127

#define AMI_TYPE_ACTION (ami_action_get_type ())

typedef struct _AmiAction AmiAction;

GType       ami_action_get_type     (void) G_GNUC_CONST;
AmiAction  *ami_action_new          (const char  *name);
AmiAction  *ami_action_new_with     (const char  *name,
                                     const char  *first_key,
                                     ...) G_GNUC_NULL_TERMINATED;
AmiAction  *ami_action_ref          (AmiAction   *self);
void        ami_action_unref        (AmiAction   *self);
const char *ami_action_get_name     (AmiAction   *self);
void        ami_action_add          (AmiAction   *self,
                                     const char  *key,
                                     const char  *value);
void        ami_action_add_printf   (AmiAction   *self,
                                     const char  *key,
                                     const char  *format,
                                     ...) G_GNUC_PRINTF (3, 4);
void        ami_action_set_id       (AmiAction   *self,
                                     const char  *action_id);
const char *ami_action_get_id       (AmiAction   *self);
gboolean    ami_action_check        (AmiAction   *self,
                                     GError     **error);
GBytes     *ami_action_serialize    (AmiAction   *self,
                                     const char  *action_id,
                                     GError     **error);
char       *ami_action_to_debug_string (AmiAction *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmiAction, ami_action_unref)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-action.h"

G_BEGIN_DECLS

void        _ami_action_add_len (AmiAction  *self,
                                 const char *key,
                                 const char *value,
                                 gsize       length);
const char *_ami_action_get     (AmiAction  *self,
                                 const char *key);

G_END_DECLS

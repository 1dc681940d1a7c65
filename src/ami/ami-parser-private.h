/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-parser.h"

G_BEGIN_DECLS

void  _ami_parser_set_limits   (AmiParser *self,
                                gsize      max_line,
                                gsize      max_message);
gsize _ami_parser_get_buffered (AmiParser *self);

G_END_DECLS

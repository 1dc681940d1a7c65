/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-message.h"

G_BEGIN_DECLS

#define AMI_LINE_NO_COLON G_MAXUINT32

typedef enum
{
  AMI_LINE_FIELD,
  AMI_LINE_BODY,   /* a line of an old-style "Response: Follows" body */
} AmiLineKind;

/* One line of a framed message, as offsets into the message's bytes. */
typedef struct
{
  guint32 start;
  guint32 colon;   /* offset of the first ':' or AMI_LINE_NO_COLON */
  guint32 end;     /* offset just past the content (where "\r\n" or "\n" begins) */
  guint32 kind;
} AmiLine;

AmiMessage *_ami_message_new_from_lines (const char    *bytes,
                                         gsize          length,
                                         const AmiLine *lines,
                                         guint          n_lines);

gboolean _ami_message_equal     (const AmiMessage *a,
                                 const AmiMessage *b);
char    *_ami_message_to_string (const AmiMessage *self);

G_END_DECLS

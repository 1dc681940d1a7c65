/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-message.h"

G_BEGIN_DECLS

#define AMI_PARSER_DEFAULT_MAX_LINE    (64 * 1024)
#define AMI_PARSER_DEFAULT_MAX_MESSAGE (1024 * 1024)

typedef struct _AmiParser AmiParser;

/**
 * AmiParserMessageFunc:
 * @message: (transfer none): a complete message; take a reference to keep it
 */
typedef void (*AmiParserMessageFunc) (AmiMessage   *message,
                                      gpointer      user_data);
/**
 * AmiParserErrorFunc:
 * @error: what was wrong with the input; the parser has already resynchronised
 */
typedef void (*AmiParserErrorFunc)   (const GError *error,
                                      gpointer      user_data);

AmiParser *ami_parser_new        (AmiParserMessageFunc  message_func,
                                  AmiParserErrorFunc    error_func,
                                  gpointer              user_data);
void       ami_parser_free       (AmiParser            *self);
void       ami_parser_reset      (AmiParser            *self,
                                  gboolean              expect_banner);
void       ami_parser_feed       (AmiParser            *self,
                                  const char           *data,
                                  gsize                 length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AmiParser, ami_parser_free)

G_END_DECLS

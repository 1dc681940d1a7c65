/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "astrix-sent-text-private.h"

/*
 * What may go to the PBX inside a value: an AMI header (`Reason: ...`) or a dialplan argument
 * (ChanSpy's channel, MixMonitor's file, a Redirect's context). AmiAction refuses CR and LF
 * itself, but a value that passes the wire can still change what the PBX does once it is
 * there: a tab or another control character in app_queue's queue_log, a `,` or `|` that adds
 * an argument to an application. So each check in core runs its value through one rule here
 * before the action is built, and keeps its own sentence and its own extra rules (empty or not,
 * a length, UTF-8), which differ with where the value goes.
 */

/**
 * _astrix_sent_text_is_safe:
 * @text: a value about to be sent
 * @separators: (nullable): the characters that separate fields or arguments where @text goes
 *
 * Bytes from 0x80 up are not refused: whether @text must be UTF-8 is the caller's rule.
 *
 * Returns: %FALSE when @text holds a control character (CR, LF, tab ..., DEL) or one of
 *   @separators
 */
gboolean
_astrix_sent_text_is_safe (const char *text,
                           const char *separators)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f || (separators != NULL && strchr (separators, *p)))
        return FALSE;
    }
  return TRUE;
}

/**
 * astrix_sent_text_is_context_name:
 * @text: a dialplan context, as the server's settings name it
 *
 * A context goes into an Originate's or a Redirect's Context header and into the snippets the
 * server check proposes for extensions.conf, where `;` starts a comment and `,` an argument:
 * only what a context name is made of passes, ASCII letters, digits, `_`, `-` and `.`.
 *
 * Returns: whether @text is such a name, and not empty
 */
gboolean
astrix_sent_text_is_context_name (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("_-.", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

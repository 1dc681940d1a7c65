/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami-error.h"
#include "ami-message-private.h"
#include "ami-parser-private.h"

/*
 * The framer. A message is a run of "Key: value" lines ended by a blank line; the first line of
 * a connection is a banner with no blank line after it; an old "Response: Follows" carries raw
 * body lines (blank ones included) up to "--END COMMAND--".
 *
 * Inside one feed nothing is copied until a whole message is known: lines are recorded as
 * offsets and the message is built with one allocation. Only a message that spans feeds is
 * gathered in the carry buffer, one line at a time, so a stream fed one byte at a time costs
 * O(n) as well. Both paths apply the same bounds through the same two checks, so any chunking
 * of the same bytes gives the same messages and the same number of errors.
 */

typedef enum
{
  SCAN_MORE,
  SCAN_MESSAGE,
  SCAN_BANNER,
  SCAN_BLANK,
  SCAN_LINE_TOO_LONG,
  SCAN_MESSAGE_TOO_LONG,
} ScanResult;

typedef enum
{
  SKIP_AT_LINE_START,
  SKIP_SEEN_CR,        /* the current line holds only "\r" so far: it may still be blank */
  SKIP_IN_LINE,
} SkipState;

struct _AmiParser
{
  AmiParserMessageFunc message_func;
  AmiParserErrorFunc   error_func;
  gpointer             user_data;
  gsize                max_line;
  gsize                max_message;

  /* Bytes of a message that began in an earlier feed; empty most of the time. */
  char    *carry;
  gsize    carry_len;
  gsize    carry_size;

  /* The lines of the message being framed, as offsets from its first byte. */
  AmiLine *lines;
  guint    n_lines;
  guint    lines_size;
  gsize    pos;            /* offset of the first line not yet scanned */

  guint    expect_banner : 1;
  guint    follows : 1;      /* the message is a "Response: Follows" */
  guint    follows_body : 1; /* ... and its header lines are behind us */
  guint    follows_end : 1;  /* ... and "--END COMMAND--" has been seen */
  guint    skipping : 1;     /* dropping input up to the next blank line after an error */
  guint    skip_state : 2;
};

static const char end_command[] = "--END COMMAND--";
#define END_COMMAND_LEN (sizeof end_command - 1)

AmiParser *
ami_parser_new (AmiParserMessageFunc message_func,
                AmiParserErrorFunc   error_func,
                gpointer             user_data)
{
  AmiParser *self = g_new0 (AmiParser, 1);

  self->message_func = message_func;
  self->error_func = error_func;
  self->user_data = user_data;
  self->max_line = AMI_PARSER_DEFAULT_MAX_LINE;
  self->max_message = AMI_PARSER_DEFAULT_MAX_MESSAGE;
  self->expect_banner = TRUE;
  self->lines_size = 32;
  self->lines = g_new (AmiLine, self->lines_size);

  return self;
}

void
ami_parser_free (AmiParser *self)
{
  if (self == NULL)
    return;

  g_free (self->carry);
  g_free (self->lines);
  g_free (self);
}

/* Lines longer than @max_line bytes and messages longer than @max_message are refused. */
void
_ami_parser_set_limits (AmiParser *self,
                       gsize      max_line,
                       gsize      max_message)
{
  g_return_if_fail (max_line > 0 && max_message > 0 && max_message < G_MAXUINT32);

  self->max_line = max_line;
  self->max_message = max_message;
}

static void
reset_message (AmiParser *self)
{
  self->n_lines = 0;
  self->pos = 0;
  self->follows = FALSE;
  self->follows_body = FALSE;
  self->follows_end = FALSE;
  self->carry_len = 0;
  if (self->carry_size > 256 * 1024)
    {
      g_clear_pointer (&self->carry, g_free);
      self->carry_size = 0;
    }
}

/**
 * ami_parser_reset:
 * @expect_banner: whether the next line may be a banner (the start of a connection)
 *
 * Forgets any partial message, for a new connection.
 */
void
ami_parser_reset (AmiParser *self,
                  gboolean   expect_banner)
{
  reset_message (self);
  self->skipping = FALSE;
  self->skip_state = SKIP_AT_LINE_START;
  self->expect_banner = !!expect_banner;
}

/* How many bytes of an unfinished message the parser holds: bounded by the limits. */
gsize
_ami_parser_get_buffered (AmiParser *self)
{
  return self->carry_len;
}

static void
push_line (AmiParser   *self,
           gsize        start,
           gsize        colon,
           gsize        end,
           AmiLineKind  kind)
{
  AmiLine *line;

  if (G_UNLIKELY (self->n_lines == self->lines_size))
    {
      self->lines_size *= 2;
      self->lines = g_renew (AmiLine, self->lines, self->lines_size);
    }
  line = &self->lines[self->n_lines++];
  line->start = start;
  line->colon = colon;
  line->end = end;
  line->kind = kind;
}

static gboolean
is_follows_header (const char *p,
                   gsize       key_len)
{
  return (key_len == 9 && g_ascii_strncasecmp (p, "Privilege", 9) == 0) ||
         (key_len == 8 && g_ascii_strncasecmp (p, "ActionID", 8) == 0);
}

/* Records a non-blank line of @content bytes at @p, @start bytes into the message. */
static void
add_line (AmiParser  *self,
          const char *p,
          gsize       start,
          gsize       content)
{
  gsize colon = AMI_LINE_NO_COLON;

  if (!self->follows_body)
    {
      for (gsize i = 0; i < content; i++)
        {
          if (p[i] == ':')
            {
              colon = i;
              break;
            }
        }
    }

  if (self->follows && !self->follows_body)
    {
      if (colon == AMI_LINE_NO_COLON || !is_follows_header (p, colon))
        self->follows_body = TRUE;
    }

  if (self->follows_body)
    {
      if (content >= END_COMMAND_LEN &&
          memcmp (p + content - END_COMMAND_LEN, end_command, END_COMMAND_LEN) == 0)
        {
          self->follows_end = TRUE;
          content -= END_COMMAND_LEN;
          if (content == 0)
            return;
        }
      push_line (self, start, AMI_LINE_NO_COLON, start + content, AMI_LINE_BODY);
      return;
    }

  push_line (self, start, colon == AMI_LINE_NO_COLON ? colon : start + colon, start + content,
             AMI_LINE_FIELD);

  if (self->n_lines == 1 && content == 17 && g_ascii_strncasecmp (p, "Response: Follows", 17) == 0)
    self->follows = TRUE;
}

/* The bounds for a line still without its "\n": @avail bytes so far, the last one @last. */
static ScanResult
check_partial_line (AmiParser *self,
                    gsize      pos,
                    gsize      avail,
                    char       last)
{
  gboolean may_be_blank = avail == 1 && last == '\r';

  if (may_be_blank)
    return SCAN_MORE;
  if (avail > self->max_line + 1)
    return SCAN_LINE_TOO_LONG;
  /* Once complete the line is at least avail + 1 bytes long. */
  if (pos + avail + 1 > self->max_message)
    return SCAN_MESSAGE_TOO_LONG;
  return SCAN_MORE;
}

/* The bounds for a complete non-blank line of @line_len bytes (without "\n"). */
static ScanResult
check_line (AmiParser *self,
            gsize      pos,
            gsize      line_len,
            gsize      content)
{
  if (content > self->max_line)
    return SCAN_LINE_TOO_LONG;
  if (pos + line_len + 1 > self->max_message)
    return SCAN_MESSAGE_TOO_LONG;
  return SCAN_MORE;
}

static gboolean
ends_message (AmiParser *self)
{
  return !self->follows || self->follows_end;
}

/*
 * Scans the complete lines of @buf (which starts with the message) from self->pos on.
 * Sets @consumed to the bytes the result accounts for.
 */
static ScanResult
scan (AmiParser  *self,
      const char *buf,
      gsize       len,
      gsize      *consumed)
{
  for (;;)
    {
      const char *p = buf + self->pos;
      gsize avail = len - self->pos;
      const char *nl = memchr (p, '\n', avail);
      gsize line_len;
      gsize content;
      ScanResult r;

      if (nl == NULL)
        {
          r = avail > 0 ? check_partial_line (self, self->pos, avail, p[avail - 1]) : SCAN_MORE;
          if (r != SCAN_MORE)
            {
              self->skip_state = SKIP_IN_LINE;
              *consumed = len;
            }
          return r;
        }

      line_len = nl - p;
      content = (line_len > 0 && p[line_len - 1] == '\r') ? line_len - 1 : line_len;
      *consumed = self->pos + line_len + 1;

      if (content == 0)
        {
          if (self->n_lines == 0)
            return SCAN_BLANK;
          if (ends_message (self))
            return SCAN_MESSAGE;
        }
      else
        {
          r = check_line (self, self->pos, line_len, content);
          if (r != SCAN_MORE)
            {
              self->skip_state = SKIP_AT_LINE_START;
              return r;
            }
        }

      if (self->expect_banner)
        {
          self->expect_banner = FALSE;
          if (self->n_lines == 0 && memchr (p, ':', content) == NULL)
            return SCAN_BANNER;
        }

      add_line (self, p, self->pos, content);
      self->pos += line_len + 1;
    }
}

static void
report (AmiParser  *self,
        ScanResult  result)
{
  g_autoptr(GError) error = NULL;

  if (result == SCAN_LINE_TOO_LONG)
    error = g_error_new (AMI_ERROR, AMI_ERROR_PROTOCOL,
                         "An AMI line was longer than %" G_GSIZE_FORMAT " bytes; "
                         "the message was skipped", self->max_line);
  else
    error = g_error_new (AMI_ERROR, AMI_ERROR_PROTOCOL,
                         "An AMI message was longer than %" G_GSIZE_FORMAT " bytes; "
                         "it was skipped", self->max_message);

  if (self->error_func != NULL)
    self->error_func (error, self->user_data);
}

static void
emit_banner (AmiParser  *self,
             const char *line,
             gsize       len)
{
  g_autofree char *text = NULL;
  g_autoptr(AmiMessage) message = NULL;

  if (len > 0 && line[len - 1] == '\n')
    len--;
  if (len > 0 && line[len - 1] == '\r')
    len--;
  text = g_strndup (line, len);
  message = ami_message_new_banner (text);
  self->message_func (message, self->user_data);
}

/* Acts on what scan() found in @buf, the message's first byte onwards. */
static void
finish (AmiParser  *self,
        ScanResult  result,
        const char *buf,
        gsize       consumed)
{
  g_autoptr(AmiMessage) message = NULL;

  switch (result)
    {
    case SCAN_MESSAGE:
      message = _ami_message_new_from_lines (buf, consumed, self->lines, self->n_lines);
      reset_message (self);
      self->message_func (message, self->user_data);
      return;

    case SCAN_BANNER:
      reset_message (self);
      emit_banner (self, buf, consumed);
      return;

    case SCAN_BLANK:
      reset_message (self);
      return;

    case SCAN_LINE_TOO_LONG:
    case SCAN_MESSAGE_TOO_LONG:
      reset_message (self);
      self->expect_banner = FALSE;
      self->skipping = TRUE;
      report (self, result);
      return;

    case SCAN_MORE:
    default:
      g_assert_not_reached ();
    }
}

static void
carry_append (AmiParser  *self,
              const char *data,
              gsize       len)
{
  if (self->carry_len + len > self->carry_size)
    {
      self->carry_size = MAX (self->carry_size * 2, MAX (self->carry_len + len, 4096));
      self->carry = g_realloc (self->carry, self->carry_size);
    }
  memcpy (self->carry + self->carry_len, data, len);
  self->carry_len += len;
}

static gsize
feed_direct (AmiParser  *self,
             const char *data,
             gsize       len)
{
  gsize consumed = 0;
  ScanResult result = scan (self, data, len, &consumed);

  if (result == SCAN_MORE)
    {
      carry_append (self, data, len);
      return len;
    }
  finish (self, result, data, consumed);
  return consumed;
}

/* Moves one line (or what there is of it) into the carry, checking the bounds first. */
static gsize
feed_carried (AmiParser  *self,
              const char *data,
              gsize       len)
{
  const char *nl = memchr (data, '\n', len);
  gsize take = nl != NULL ? (gsize) (nl - data) + 1 : len;
  gsize line_so_far = self->carry_len - self->pos;
  ScanResult result;
  gsize consumed = 0;

  if (nl == NULL)
    {
      result = check_partial_line (self, self->pos, line_so_far + take, data[take - 1]);
      if (result != SCAN_MORE)
        self->skip_state = SKIP_IN_LINE;
    }
  else
    {
      gsize line_len = line_so_far + take - 1;
      char before_nl = take >= 2 ? data[take - 2]
                                 : (line_so_far > 0 ? self->carry[self->carry_len - 1] : '\0');
      gsize content = (line_len > 0 && before_nl == '\r') ? line_len - 1 : line_len;

      result = content > 0 ? check_line (self, self->pos, line_len, content) : SCAN_MORE;
      if (result != SCAN_MORE)
        self->skip_state = SKIP_AT_LINE_START;
    }

  if (result != SCAN_MORE)
    {
      finish (self, result, NULL, 0);
      return take;
    }

  carry_append (self, data, take);
  if (nl == NULL)
    return take;

  result = scan (self, self->carry, self->carry_len, &consumed);
  if (result != SCAN_MORE)
    {
      g_autofree char *carry = g_steal_pointer (&self->carry);

      /* finish() may call out: give it a buffer that reset_message() cannot free under it. */
      self->carry_size = 0;
      finish (self, result, carry, consumed);
    }
  return take;
}

static gsize
skip_to_blank_line (AmiParser  *self,
                    const char *data,
                    gsize       len)
{
  gsize i = 0;

  while (i < len)
    {
      const char *nl = memchr (data + i, '\n', len - i);
      gsize seg;
      gboolean blank;

      if (nl == NULL)
        {
          seg = len - i;
          if (self->skip_state == SKIP_AT_LINE_START && seg == 1 && data[i] == '\r')
            self->skip_state = SKIP_SEEN_CR;
          else
            self->skip_state = SKIP_IN_LINE;
          return len;
        }

      seg = nl - (data + i);
      blank = (self->skip_state == SKIP_AT_LINE_START &&
               (seg == 0 || (seg == 1 && data[i] == '\r'))) ||
              (self->skip_state == SKIP_SEEN_CR && seg == 0);
      i += seg + 1;
      self->skip_state = SKIP_AT_LINE_START;
      if (blank)
        {
          self->skipping = FALSE;
          return i;
        }
    }
  return len;
}

/**
 * ami_parser_feed:
 * @data: (array length=length): bytes as they came from the socket
 *
 * Frames @data, calling the message callback for every complete message and the error
 * callback for every line or message over the limits. Any split of the same bytes into feeds
 * gives the same calls. The callbacks must not free the parser.
 */
void
ami_parser_feed (AmiParser  *self,
                 const char *data,
                 gsize       length)
{
  while (length > 0)
    {
      gsize used;

      if (self->skipping)
        used = skip_to_blank_line (self, data, length);
      else if (self->carry_len == 0)
        used = feed_direct (self, data, length);
      else
        used = feed_carried (self, data, length);

      data += used;
      length -= used;
    }
}

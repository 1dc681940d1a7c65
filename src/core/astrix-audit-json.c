/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-audit-private.h"

/*
 * JSON for the audit log, without a JSON library: writing one flat object a line (strings
 * escaped per RFC 8259, invalid UTF-8 replaced, U+2028/U+2029 escaped so no reader takes them
 * for line ends), and reading a line back into its top-level members. The reader takes any
 * valid JSON object (nested values are skipped) and refuses anything else, so a torn or
 * garbled line is refused, never half-read.
 */

/* Nesting a line may have: more is not ours. */
#define MAX_DEPTH 16

void
_astrix_audit_json_append_string (GString    *out,
                                  const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value != NULL ? value : "", -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
}

/* Adds "key":"value" to @object, an object being written ("{" at first). NULL is left out. */
void
_astrix_audit_json_add (GString    *object,
                        const char *key,
                        const char *value)
{
  if (value == NULL)
    return;
  if (object->len > 1)
    g_string_append_c (object, ',');
  _astrix_audit_json_append_string (object, key);
  g_string_append_c (object, ':');
  _astrix_audit_json_append_string (object, value);
}

void
_astrix_audit_json_add_int (GString    *object,
                            const char *key,
                            gint64      value)
{
  if (object->len > 1)
    g_string_append_c (object, ',');
  _astrix_audit_json_append_string (object, key);
  g_string_append_printf (object, ":%" G_GINT64_FORMAT, value);
}

/* Reading */

typedef struct
{
  const char *p;
  const char *end;
} Reader;

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
expect (Reader *r,
        char    c)
{
  skip_space (r);
  if (r->p >= r->end || *r->p != c)
    return FALSE;
  r->p++;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader  *r,
           guint32 *value)
{
  *value = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (*r->p++);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + digit;
    }
  return TRUE;
}

/* After "\u": a code point, joining a surrogate pair. */
static gboolean
read_unicode_escape (Reader   *r,
                     gunichar *c)
{
  guint32 high;
  guint32 low;

  if (!read_hex4 (r, &high))
    return FALSE;
  if (high >= 0xdc00 && high <= 0xdfff)
    return FALSE;
  if (high < 0xd800 || high > 0xdbff)
    {
      *c = high;
      return TRUE;
    }
  if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
    return FALSE;
  r->p += 2;
  if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
    return FALSE;
  *c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
  return TRUE;
}

static gboolean
read_escape (Reader  *r,
             GString *out)
{
  gunichar c;

  if (r->p >= r->end)
    return FALSE;
  switch (*r->p++)
    {
    case '"': g_string_append_c (out, '"'); return TRUE;
    case '\\': g_string_append_c (out, '\\'); return TRUE;
    case '/': g_string_append_c (out, '/'); return TRUE;
    case 'b': g_string_append_c (out, '\b'); return TRUE;
    case 'f': g_string_append_c (out, '\f'); return TRUE;
    case 'n': g_string_append_c (out, '\n'); return TRUE;
    case 'r': g_string_append_c (out, '\r'); return TRUE;
    case 't': g_string_append_c (out, '\t'); return TRUE;
    case 'u':
      if (!read_unicode_escape (r, &c) || c == 0)
        return FALSE;
      g_string_append_unichar (out, c);
      return TRUE;
    default:
      return FALSE;
    }
}

/* A string, after skipping space; into @out if not NULL. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (!expect (r, '"'))
    return FALSE;
  while (r->p < r->end && *r->p != '"')
    {
      if ((guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p == '\\')
        {
          r->p++;
          if (!read_escape (r, text))
            return FALSE;
          continue;
        }
      g_string_append_c (text, *r->p++);
    }
  if (r->p >= r->end || !g_utf8_validate_len (text->str, text->len, NULL))
    return FALSE;
  r->p++;
  if (out != NULL)
    g_string_append_len (out, text->str, text->len);
  return TRUE;
}

static gboolean
read_number (Reader  *r,
             GString *out)
{
  const char *start = r->p;
  char *end = NULL;
  g_autofree char *copy = NULL;

  while (r->p < r->end && strchr ("+-0123456789.eE", *r->p) != NULL)
    r->p++;
  if (r->p == start)
    return FALSE;
  copy = g_strndup (start, r->p - start);
  g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || copy[0] == '+' || copy[0] == '.')
    return FALSE;
  if (out != NULL)
    g_string_append (out, copy);
  return TRUE;
}

static gboolean
read_word (Reader     *r,
           const char *word,
           GString    *out)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || strncmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  if (out != NULL)
    g_string_append (out, word);
  return TRUE;
}

static gboolean read_value (Reader *r, GString *out, int depth);

static gboolean
skip_array (Reader *r,
            int     depth)
{
  if (!expect (r, '['))
    return FALSE;
  if (expect (r, ']'))
    return TRUE;
  do
    {
      if (!read_value (r, NULL, depth + 1))
        return FALSE;
    }
  while (expect (r, ','));
  return expect (r, ']');
}

/* An object's members: into @members (top level) or skipped (nested). */
static gboolean
read_object (Reader     *r,
             GHashTable *members,
             int         depth)
{
  if (depth > MAX_DEPTH || !expect (r, '{'))
    return FALSE;
  if (expect (r, '}'))
    return TRUE;
  do
    {
      g_autoptr(GString) key = g_string_new (NULL);
      g_autoptr(GString) value = g_string_new (NULL);
      gboolean scalar;

      if (!read_string (r, key) || !expect (r, ':'))
        return FALSE;
      skip_space (r);
      scalar = r->p < r->end && *r->p != '{' && *r->p != '[';
      if (!read_value (r, members != NULL && scalar ? value : NULL, depth + 1))
        return FALSE;
      /* null is as good as absent */
      if (members != NULL && scalar && !g_str_equal (value->str, "null"))
        g_hash_table_replace (members, g_string_free (g_steal_pointer (&key), FALSE),
                              g_string_free (g_steal_pointer (&value), FALSE));
    }
  while (expect (r, ','));
  return expect (r, '}');
}

static gboolean
read_value (Reader  *r,
            GString *out,
            int      depth)
{
  if (depth > MAX_DEPTH)
    return FALSE;
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '"':
      return read_string (r, out);
    case '{':
      return read_object (r, NULL, depth);
    case '[':
      return skip_array (r, depth);
    case 't':
      return read_word (r, "true", out);
    case 'f':
      return read_word (r, "false", out);
    case 'n':
      return read_word (r, "null", out);
    default:
      return read_number (r, out);
    }
}

/**
 * _astrix_audit_json_parse_object:
 *
 * Returns: (transfer full) (nullable): the top-level members of the one JSON object that is
 *   all of @text (numbers and true/false as their text; nulls and nested values left out), or
 *   %NULL when @text is anything else
 */
GHashTable *
_astrix_audit_json_parse_object (const char *text,
                                 gsize       length)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Reader r = { text, text + length };

  if (!read_object (&r, members, 0))
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    return NULL;
  return g_steal_pointer (&members);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami-message-private.h"

/*
 * A message is one allocation: the header, the field table and a copy of the bytes as they came
 * off the wire, split in place with NULs so keys and values need no copies of their own. Values
 * that are not valid UTF-8 (rare) get an escaped copy of their own; the raw bytes stay reachable.
 */

enum {
  FIELD_KEY_ALLOCATED = 1 << 0,
  FIELD_VALUE_ALLOCATED = 1 << 1,
};

typedef struct
{
  const char *key;
  const char *value;   /* valid UTF-8, NUL-terminated */
  const char *raw;     /* the bytes as received (may hold NUL or invalid UTF-8) */
  guint32     raw_len;
  guint32     flags;
} AmiField;

struct _AmiMessage
{
  gint           ref_count;
  AmiMessageKind kind;
  guint          n_fields;
  guint          has_allocations : 1;
  AmiField       fields[];
};

G_DEFINE_BOXED_TYPE (AmiMessage, ami_message, ami_message_ref, ami_message_unref)

static const char empty_key[] = "";
static const char output_key[] = "Output";
static const char banner_key[] = "Banner";

/* TRUE when every byte is 7-bit and none is NUL: the common case, checked a word at a time. */
static gboolean
bytes_are_plain_ascii (const char *bytes,
                       gsize       length)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 high = 0;
  guint64 zero = 0;
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 w;

      memcpy (&w, bytes + i, 8);
      high |= w;
      zero |= (w - ones) & ~w;
    }
  for (; i < length; i++)
    {
      guint8 c = (guint8) bytes[i];

      high |= c;
      zero |= (c == 0) ? 0x80 : 0;
    }

  return ((high | zero) & highs) == 0;
}

/* Invalid bytes (and NUL) become "\xNN" so they stay visible; valid UTF-8 is kept as is. */
static char *
escape_invalid_utf8 (const char *raw,
                     gsize       length)
{
  GString *out = g_string_sized_new (length + 16);
  const char *p = raw;
  const char *end = raw + length;

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len (p, end - p, &valid_end))
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, valid_end - p);
      g_string_append_printf (out, "\\x%02X", (guint8) *valid_end);
      p = valid_end + 1;
    }

  return g_string_free (out, FALSE);
}

static gboolean
needs_escape (const char *raw,
              gsize       length)
{
  return !g_utf8_validate_len (raw, length, NULL);
}

static void
fix_encoding (AmiMessage *self)
{
  for (guint i = 0; i < self->n_fields; i++)
    {
      AmiField *f = &self->fields[i];
      gsize key_len = strlen (f->key);

      if (needs_escape (f->key, key_len))
        {
          f->key = escape_invalid_utf8 (f->key, key_len);
          f->flags |= FIELD_KEY_ALLOCATED;
          self->has_allocations = TRUE;
        }
      if (needs_escape (f->raw, f->raw_len))
        {
          f->value = escape_invalid_utf8 (f->raw, f->raw_len);
          f->flags |= FIELD_VALUE_ALLOCATED;
          self->has_allocations = TRUE;
        }
    }
}

static AmiMessageKind
kind_from_first_key (const char *key)
{
  if (g_ascii_strcasecmp (key, "Event") == 0)
    return AMI_MESSAGE_EVENT;
  if (g_ascii_strcasecmp (key, "Response") == 0)
    return AMI_MESSAGE_RESPONSE;
  if (g_ascii_strcasecmp (key, "Action") == 0)
    return AMI_MESSAGE_ACTION;
  return AMI_MESSAGE_OTHER;
}

static AmiMessage *
message_alloc (guint   n_fields,
               gsize   n_bytes,
               char  **bytes)
{
  gsize header = sizeof (AmiMessage) + (gsize) n_fields * sizeof (AmiField);
  AmiMessage *self = g_malloc (header + n_bytes);

  self->ref_count = 1;
  self->kind = AMI_MESSAGE_OTHER;
  self->n_fields = n_fields;
  self->has_allocations = FALSE;
  *bytes = (char *) self + header;

  return self;
}

AmiMessage *
_ami_message_new_from_lines (const char    *raw,
                             gsize          length,
                             const AmiLine *lines,
                             guint          n_lines)
{
  char *bytes;
  AmiMessage *self = message_alloc (n_lines, length + 1, &bytes);

  memcpy (bytes, raw, length);
  bytes[length] = '\0';

  for (guint i = 0; i < n_lines; i++)
    {
      const AmiLine *line = &lines[i];
      AmiField *f = &self->fields[i];
      guint32 value_start;

      f->flags = 0;
      if (line->kind == AMI_LINE_BODY)
        {
          f->key = output_key;
          value_start = line->start;
        }
      else if (line->colon == AMI_LINE_NO_COLON)
        {
          f->key = empty_key;
          value_start = line->start;
        }
      else
        {
          bytes[line->colon] = '\0';
          f->key = bytes + line->start;
          value_start = line->colon + 1;
          /* One space separates key and value; anything after it is the value, verbatim. */
          if (value_start < line->end && bytes[value_start] == ' ')
            value_start++;
        }
      bytes[line->end] = '\0';
      f->value = f->raw = bytes + value_start;
      f->raw_len = line->end - value_start;
    }

  if (n_lines > 0)
    self->kind = kind_from_first_key (self->fields[0].key);
  if (!bytes_are_plain_ascii (raw, length))
    fix_encoding (self);

  return self;
}

/**
 * ami_message_new_from_pairs:
 * @pairs: (array length=n_pairs): key, value, key, value, ...
 * @n_pairs: the number of key/value pairs
 *
 * Builds a message. Values are taken verbatim; a value that is not UTF-8 is escaped for
 * ami_message_get_value() like a received one.
 */
AmiMessage *
ami_message_new_from_pairs (const char *const *pairs,
                            guint              n_pairs)
{
  gsize n_bytes = 0;
  gboolean plain = TRUE;
  AmiMessage *self;
  char *bytes;

  for (guint i = 0; i < 2 * n_pairs; i++)
    {
      gsize len = strlen (pairs[i]);

      n_bytes += len + 1;
      plain = plain && bytes_are_plain_ascii (pairs[i], len);
    }

  self = message_alloc (n_pairs, n_bytes, &bytes);
  for (guint i = 0; i < n_pairs; i++)
    {
      AmiField *f = &self->fields[i];
      gsize key_len = strlen (pairs[2 * i]);
      gsize value_len = strlen (pairs[2 * i + 1]);

      f->key = memcpy (bytes, pairs[2 * i], key_len + 1);
      bytes += key_len + 1;
      f->value = f->raw = memcpy (bytes, pairs[2 * i + 1], value_len + 1);
      f->raw_len = value_len;
      f->flags = 0;
      bytes += value_len + 1;
    }

  if (n_pairs > 0)
    self->kind = kind_from_first_key (self->fields[0].key);
  if (!plain)
    fix_encoding (self);

  return self;
}

/**
 * ami_message_new:
 * @first_key: the first key, followed by its value, more pairs, and %NULL
 *
 * Returns: (transfer full): a new message
 */
AmiMessage *
ami_message_new (const char *first_key,
                 ...)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      g_ptr_array_add (pairs, (gpointer) key);
      g_ptr_array_add (pairs, va_arg (args, char *));
    }
  va_end (args);

  return ami_message_new_from_pairs ((const char *const *) pairs->pdata, pairs->len / 2);
}

AmiMessage *
ami_message_new_banner (const char *text)
{
  const char *pairs[] = { banner_key, text };
  AmiMessage *self = ami_message_new_from_pairs (pairs, 1);

  self->kind = AMI_MESSAGE_BANNER;
  return self;
}

AmiMessage *
ami_message_ref (AmiMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
ami_message_unref (AmiMessage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  if (self->has_allocations)
    {
      for (guint i = 0; i < self->n_fields; i++)
        {
          if (self->fields[i].flags & FIELD_KEY_ALLOCATED)
            g_free ((char *) self->fields[i].key);
          if (self->fields[i].flags & FIELD_VALUE_ALLOCATED)
            g_free ((char *) self->fields[i].value);
        }
    }
  g_free (self);
}

AmiMessageKind
ami_message_get_kind (const AmiMessage *self)
{
  return self->kind;
}

guint
ami_message_get_n_fields (const AmiMessage *self)
{
  return self->n_fields;
}

const char *
ami_message_get_key (const AmiMessage *self,
                     guint             index)
{
  g_return_val_if_fail (index < self->n_fields, NULL);
  return self->fields[index].key;
}

/**
 * ami_message_get_value:
 *
 * Returns: the value as valid UTF-8; bytes that were not UTF-8 appear as `\xNN`
 */
const char *
ami_message_get_value (const AmiMessage *self,
                       guint             index)
{
  g_return_val_if_fail (index < self->n_fields, NULL);
  return self->fields[index].value;
}

/**
 * ami_message_get_raw_value:
 * @length: (out) (optional): the number of bytes
 *
 * Returns: the value exactly as received (NUL-terminated, but it may contain NUL bytes itself)
 */
const char *
ami_message_get_raw_value (const AmiMessage *self,
                           guint             index,
                           gsize            *length)
{
  g_return_val_if_fail (index < self->n_fields, NULL);
  if (length != NULL)
    *length = self->fields[index].raw_len;
  return self->fields[index].raw;
}

static const AmiField *
find_field (const AmiMessage *self,
            const char       *key)
{
  for (guint i = 0; i < self->n_fields; i++)
    {
      if (g_ascii_strcasecmp (self->fields[i].key, key) == 0)
        return &self->fields[i];
    }
  return NULL;
}

/**
 * ami_message_get:
 * @key: compared without regard to ASCII case
 *
 * Returns: (nullable): the value of the first field named @key (as Asterisk does with
 *   duplicate headers), or %NULL
 */
const char *
ami_message_get (const AmiMessage *self,
                 const char       *key)
{
  const AmiField *f = find_field (self, key);

  return f != NULL ? f->value : NULL;
}

gboolean
ami_message_has (const AmiMessage *self,
                 const char       *key)
{
  return find_field (self, key) != NULL;
}

/* Whether the field @key is present and equal to @value, without regard to ASCII case. */
gboolean
ami_message_is (const AmiMessage *self,
                const char       *key,
                const char       *value)
{
  const char *v = ami_message_get (self, key);

  return v != NULL && g_ascii_strcasecmp (v, value) == 0;
}

/**
 * ami_message_dup_values:
 *
 * Returns: (transfer full): the values of every field named @key, in order (`Output`,
 *   `ChanVariable`, `Variable` repeat)
 */
char **
ami_message_dup_values (const AmiMessage *self,
                        const char       *key)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->n_fields; i++)
    {
      if (g_ascii_strcasecmp (self->fields[i].key, key) == 0)
        g_strv_builder_add (builder, self->fields[i].value);
    }
  return g_strv_builder_end (builder);
}

/**
 * ami_message_get_name:
 *
 * Returns: (nullable): the event name, the response status or the action name: the value of
 *   the first field for those kinds of message
 */
const char *
ami_message_get_name (const AmiMessage *self)
{
  if (self->kind == AMI_MESSAGE_OTHER || self->kind == AMI_MESSAGE_BANNER)
    return NULL;
  return self->fields[0].value;
}

const char *
ami_message_get_action_id (const AmiMessage *self)
{
  return ami_message_get (self, "ActionID");
}

const char *
ami_message_get_banner (const AmiMessage *self)
{
  if (self->kind != AMI_MESSAGE_BANNER)
    return NULL;
  return self->fields[0].value;
}

/* Appends the message as it goes on the wire: "Key: value\r\n" lines and a blank line. */
void
ami_message_write (const AmiMessage *self,
                   GString          *out)
{
  if (self->kind == AMI_MESSAGE_BANNER)
    {
      g_string_append_len (out, self->fields[0].raw, self->fields[0].raw_len);
      g_string_append (out, "\r\n");
      return;
    }

  for (guint i = 0; i < self->n_fields; i++)
    {
      const AmiField *f = &self->fields[i];

      if (f->key[0] != '\0')
        {
          g_string_append (out, f->key);
          g_string_append_len (out, ": ", 2);
        }
      g_string_append_len (out, f->raw, f->raw_len);
      g_string_append_len (out, "\r\n", 2);
    }
  g_string_append_len (out, "\r\n", 2);
}

char *
_ami_message_to_string (const AmiMessage *self)
{
  GString *out = g_string_new (NULL);

  ami_message_write (self, out);
  return g_string_free (out, FALSE);
}

/* Same kind, same keys and the same raw values in the same order. */
gboolean
_ami_message_equal (const AmiMessage *a,
                   const AmiMessage *b)
{
  if (a->kind != b->kind || a->n_fields != b->n_fields)
    return FALSE;

  for (guint i = 0; i < a->n_fields; i++)
    {
      const AmiField *fa = &a->fields[i];
      const AmiField *fb = &b->fields[i];

      if (strcmp (fa->key, fb->key) != 0 || fa->raw_len != fb->raw_len ||
          memcmp (fa->raw, fb->raw, fa->raw_len) != 0)
        return FALSE;
    }
  return TRUE;
}

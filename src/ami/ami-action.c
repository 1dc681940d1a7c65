/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami-action-private.h"
#include "ami-error.h"

/*
 * An action is built header by header. A header that could not go on the wire safely (CR, LF
 * or NUL anywhere, a bad key, a line Asterisk would refuse) is not added; the first such
 * problem is kept and ami_action_serialize() refuses the whole action, so nothing of it is sent.
 */

struct _AmiAction
{
  gint       ref_count;
  char      *name;
  GPtrArray *pairs;   /* key, value, key, value ... */
  GError    *error;   /* the first header that was refused */
  char      *action_id;
};

G_DEFINE_BOXED_TYPE (AmiAction, ami_action, ami_action_ref, ami_action_unref)

static gboolean
key_is_valid (const char *key)
{
  if (key == NULL || key[0] == '\0')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

static void
refuse (AmiAction  *self,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
refuse (AmiAction  *self,
        const char *format,
        ...)
{
  va_list args;

  if (self->error != NULL)
    return;

  va_start (args, format);
  self->error = g_error_new_valist (AMI_ERROR, AMI_ERROR_INVALID_ACTION, format, args);
  va_end (args);
}

static void
add_checked (AmiAction  *self,
             const char *key,
             const char *value,
             gsize       length)
{
  if (!key_is_valid (key))
    {
      refuse (self, "“%s” is not a valid AMI header name", key != NULL ? key : "(null)");
      return;
    }
  if (g_ascii_strcasecmp (key, "ActionID") == 0)
    {
      refuse (self, "ActionID is set by the client, not by the caller");
      return;
    }
  if (memchr (value, '\r', length) != NULL || memchr (value, '\n', length) != NULL ||
      memchr (value, '\0', length) != NULL)
    {
      refuse (self, "The value of %s contains a line break or a NUL byte", key);
      return;
    }
  if (strlen (key) + 2 + length > AMI_ACTION_MAX_LINE)
    {
      refuse (self, "The %s header is longer than the %d bytes Asterisk accepts", key,
              AMI_ACTION_MAX_LINE);
      return;
    }
  if (self->pairs->len / 2 >= AMI_ACTION_MAX_HEADERS)
    {
      refuse (self, "An action may have at most %d headers", AMI_ACTION_MAX_HEADERS);
      return;
    }

  g_ptr_array_add (self->pairs, g_strdup (key));
  g_ptr_array_add (self->pairs, g_strndup (value, length));
}

AmiAction *
ami_action_new (const char *name)
{
  AmiAction *self = g_new0 (AmiAction, 1);

  self->ref_count = 1;
  self->pairs = g_ptr_array_new_with_free_func (g_free);
  self->name = g_strdup (name != NULL ? name : "");

  if (!key_is_valid (name))
    refuse (self, "“%s” is not a valid AMI action name", self->name);

  return self;
}

/**
 * ami_action_new_with:
 * @first_key: a header name, then its value, more pairs, and %NULL
 *
 * Returns: (transfer full): a new action with those headers
 */
AmiAction *
ami_action_new_with (const char *name,
                     const char *first_key,
                     ...)
{
  AmiAction *self = ami_action_new (name);
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    ami_action_add (self, key, va_arg (args, const char *));
  va_end (args);

  return self;
}

AmiAction *
ami_action_ref (AmiAction *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
ami_action_unref (AmiAction *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_free (self->action_id);
  g_free (self->name);
  g_free (self);
}

const char *
ami_action_get_name (AmiAction *self)
{
  return self->name;
}

void
ami_action_add (AmiAction  *self,
                const char *key,
                const char *value)
{
  g_return_if_fail (self != NULL);

  if (value == NULL)
    {
      refuse (self, "The %s header has no value", key != NULL ? key : "(null)");
      return;
    }
  add_checked (self, key, value, strlen (value));
}

/* Like ami_action_add() for a value that may hold NUL bytes (which are refused). */
void
_ami_action_add_len (AmiAction  *self,
                    const char *key,
                    const char *value,
                    gsize       length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (value != NULL || length == 0);

  add_checked (self, key, value != NULL ? value : "", length);
}

void
ami_action_add_printf (AmiAction  *self,
                       const char *key,
                       const char *format,
                       ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  ami_action_add (self, key, value);
}

/* Returns: (nullable): the first value of @key (case-insensitive) */
const char *
_ami_action_get (AmiAction  *self,
                const char *key)
{
  for (guint i = 0; i + 1 < self->pairs->len; i += 2)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->pairs, i), key) == 0)
        return g_ptr_array_index (self->pairs, i + 1);
    }
  return NULL;
}

/**
 * ami_action_set_id:
 *
 * Chooses the ActionID (from ami_client_new_action_id()), for a caller that must recognise
 * events carrying it (OriginateResponse) before the send completes. Otherwise the client picks.
 */
void
ami_action_set_id (AmiAction  *self,
                   const char *action_id)
{
  g_free (self->action_id);
  self->action_id = g_strdup (action_id);
}

const char *
ami_action_get_id (AmiAction *self)
{
  return self->action_id;
}

/* Returns: %FALSE, with the first refused header in @error, when the action cannot be sent. */
gboolean
ami_action_check (AmiAction  *self,
                  GError    **error)
{
  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }
  return TRUE;
}

/**
 * ami_action_serialize:
 * @action_id: (nullable): the ActionID to add last
 *
 * Returns: (transfer full) (nullable): the bytes to write, ending with exactly one blank line,
 *   or %NULL and @error when any header was refused
 */
GBytes *
ami_action_serialize (AmiAction   *self,
                      const char  *action_id,
                      GError     **error)
{
  GString *out;

  if (!ami_action_check (self, error))
    return NULL;

  if (action_id != NULL &&
      (strpbrk (action_id, "\r\n") != NULL || strlen (action_id) + 10 > AMI_ACTION_MAX_LINE))
    {
      g_set_error (error, AMI_ERROR, AMI_ERROR_INVALID_ACTION, "Invalid ActionID");
      return NULL;
    }

  out = g_string_sized_new (128);
  g_string_append_printf (out, "Action: %s\r\n", self->name);
  for (guint i = 0; i + 1 < self->pairs->len; i += 2)
    g_string_append_printf (out, "%s: %s\r\n", (char *) g_ptr_array_index (self->pairs, i),
                            (char *) g_ptr_array_index (self->pairs, i + 1));
  if (action_id != NULL)
    g_string_append_printf (out, "ActionID: %s\r\n", action_id);
  g_string_append (out, "\r\n");

  return g_string_free_to_bytes (out);
}

static gboolean
is_secret_header (const char *key)
{
  return g_ascii_strcasecmp (key, "Secret") == 0 || g_ascii_strcasecmp (key, "Key") == 0;
}

/* One line for debug logs; the values of Secret and Key are never shown. */
char *
ami_action_to_debug_string (AmiAction *self)
{
  GString *out = g_string_new (self->name);

  for (guint i = 0; i + 1 < self->pairs->len; i += 2)
    {
      const char *key = g_ptr_array_index (self->pairs, i);

      g_string_append_printf (out, " %s=%s", key,
                              is_secret_header (key) ? "<hidden>"
                                                     : (char *) g_ptr_array_index (self->pairs,
                                                                                   i + 1));
    }
  return g_string_free (out, FALSE);
}

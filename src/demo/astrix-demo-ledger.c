/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "astrix-demo-pbx-private.h"
#include "astrix-demo-private.h"

/*
 * The simulated PBX's ledger: every action clients sent (kept for the tests, and appended to
 * a transcript file, secrets masked), and the bytes it sent to each user's sessions (for
 * bench-pbx-cost: what an event mask saves).
 */

/* get_received() keeps at least this many of the latest actions */
#define RECEIVED_LIMIT 10000

static void
append_masked (GString    *out,
               AmiMessage *action)
{
  for (guint i = 0; i < ami_message_get_n_fields (action); i++)
    {
      const char *key = ami_message_get_key (action, i);
      gsize len;
      const char *value = ami_message_get_raw_value (action, i, &len);

      if (key[0] != '\0')
        g_string_append_printf (out, "%s: ", key);
      if (g_ascii_strcasecmp (key, "Secret") == 0 || g_ascii_strcasecmp (key, "Key") == 0)
        g_string_append (out, "********");
      else
        g_string_append_len (out, value, len);
      g_string_append (out, "\r\n");
    }
  g_string_append (out, "\r\n");
}

static void
write_transcript (AstrixDemoPbx *self,
                  AmiMessage    *action)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  append_masked (text, action);
  if (!g_output_stream_write_all (self->transcript, text->str, text->len, NULL, NULL, &error) ||
      !g_output_stream_flush (self->transcript, NULL, &error))
    {
      g_warning ("demo PBX: cannot write the transcript: %s", error->message);
      g_clear_object (&self->transcript);
    }
}

/* Every message a client sends is recorded, answered or not: the last RECEIVED_LIMIT at least,
 * so that a client sending without end cannot grow it without end. */
void
_astrix_demo_pbx_record (AstrixDemoPbx *self,
                         AmiMessage    *action)
{
  if (self->received->len >= 2 * RECEIVED_LIMIT)
    g_ptr_array_remove_range (self->received, 0, RECEIVED_LIMIT);
  g_ptr_array_add (self->received, ami_message_ref (action));
  if (self->transcript != NULL)
    write_transcript (self, action);
}

/**
 * astrix_demo_pbx_set_transcript:
 * @path: (nullable): a file to append to, or %NULL to stop
 *
 * Appends every action received from now on to @path as AMI text, the values of `Secret`
 * and `Key` replaced by `********`.
 */
void
astrix_demo_pbx_set_transcript (AstrixDemoPbx *self,
                                const char    *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ASTRIX_IS_DEMO_PBX (self));

  if (self->transcript != NULL)
    g_output_stream_close (self->transcript, NULL, NULL);
  g_clear_object (&self->transcript);
  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  self->transcript = G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &error));
  if (self->transcript == NULL)
    g_warning ("demo PBX: cannot open the transcript %s: %s", path, error->message);
}

/**
 * astrix_demo_pbx_get_received:
 *
 * Returns: (transfer none) (element-type AmiMessage): every message clients sent, in the
 *   order they arrived, secrets included (the latest 10 000 at least: older ones are dropped
 *   in batches); owned by the PBX and growing
 */
GPtrArray *
astrix_demo_pbx_get_received (AstrixDemoPbx *self)
{
  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), NULL);
  return self->received;
}

/* Returns: (transfer none) (nullable): the latest action named @action that a client sent */
AmiMessage *
_astrix_demo_pbx_last_received (AstrixDemoPbx *self,
                                const char    *action)
{
  for (guint i = self->received->len; i > 0; i--)
    {
      if (ami_message_is (g_ptr_array_index (self->received, i - 1), "Action", action))
        return g_ptr_array_index (self->received, i - 1);
    }
  return NULL;
}

/* Returns: how many actions named @action clients sent; every action with %NULL */
guint
_astrix_demo_pbx_count_received (AstrixDemoPbx *self,
                                 const char    *action)
{
  guint n = 0;

  if (action == NULL)
    return self->received->len;
  for (guint i = 0; i < self->received->len; i++)
    n += ami_message_is (g_ptr_array_index (self->received, i), "Action", action);
  return n;
}

/* Returns: where the @nth (from 1) action named @action stands in get_received(), or -1 */
int
_astrix_demo_pbx_find_received (AstrixDemoPbx *self,
                                const char    *action,
                                guint          nth)
{
  for (guint i = 0; i < self->received->len; i++)
    {
      if (ami_message_is (g_ptr_array_index (self->received, i), "Action", action) && --nth == 0)
        return (int) i;
    }
  return -1;
}

/* @n bytes went (or are queued) to a session of @username. */
void
_astrix_demo_pbx_count_sent (AstrixDemoPbx *self,
                             const char    *username,
                             gsize          n)
{
  guint64 *count = g_hash_table_lookup (self->bytes_sent, username);

  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (self->bytes_sent, g_strdup (username), count);
    }
  *count += n;
}

/**
 * astrix_demo_pbx_get_bytes_sent:
 * @username: (nullable): an AMI user, or %NULL for every user
 *
 * Returns: the bytes sent to the sessions that logged in as @username since the PBX was
 *   made, closed sessions included: the banner, responses and events, as Asterisk would
 *   write them (queued bytes count as sent)
 */
guint64
astrix_demo_pbx_get_bytes_sent (AstrixDemoPbx *self,
                                const char    *username)
{
  GHashTableIter iter;
  gpointer value;
  guint64 total = 0;

  g_return_val_if_fail (ASTRIX_IS_DEMO_PBX (self), 0);

  if (username != NULL)
    {
      guint64 *count = g_hash_table_lookup (self->bytes_sent, username);

      return count != NULL ? *count : 0;
    }
  g_hash_table_iter_init (&iter, self->bytes_sent);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += *(guint64 *) value;
  return total;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include <string.h>

#include "ami-client-private.h"

/*
 * The event mask of an AmiClient: the classes of events the PBX should send this session (the
 * `Events` header of Login, then the `Events` action, which any user may send and which
 * Asterisk applies at once). A base set of classes, plus classes that parts of the program
 * hold for a while (a phone playback needs `dialplan` while it runs): each held class counts
 * its holders, and the PBX is told only when the union changes. Asterisk filters by the
 * user's read classes as well, so a class the user may not read is simply never sent.
 */

struct _AmiEventMask
{
  char       **base;    /* NULL: no mask at all, everything the user may read */
  GHashTable  *held;    /* class -> number of holders */
  char        *applied; /* what the PBX has for the current link (NULL: no mask) */
};

AmiEventMask *
_ami_event_mask_new (void)
{
  AmiEventMask *self = g_new0 (AmiEventMask, 1);

  self->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
_ami_event_mask_free (AmiEventMask *self)
{
  g_strfreev (self->base);
  g_hash_table_unref (self->held);
  g_free (self->applied);
  g_free (self);
}

/* Class names are plain words ("call"); anything else could smuggle text into the header. */
static gboolean
is_class_name (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalpha (*p))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_class_list (const char *list)
{
  g_auto(GStrv) names = g_strsplit (list, ",", -1);

  if (list[0] == '\0')
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!is_class_name (names[i]))
        return FALSE;
    }
  return TRUE;
}

/*
 * Returns: (nullable): the mask to send: the base classes in their order, then the held
 * ones not among them, sorted; "off" when that is nothing; %NULL when there is no base (no
 * mask: everything).
 */
char *
_ami_event_mask_dup (AmiEventMask *self)
{
  g_autoptr(GString) mask = NULL;
  g_autoptr(GList) held = NULL;

  if (self->base == NULL)
    return NULL;
  mask = g_string_new (NULL);
  for (guint i = 0; self->base[i] != NULL; i++)
    g_string_append_printf (mask, "%s%s", mask->len > 0 ? "," : "", self->base[i]);
  held = g_list_sort (g_hash_table_get_keys (self->held), (GCompareFunc) strcmp);
  for (GList *l = held; l != NULL; l = l->next)
    {
      if (!g_strv_contains ((const char * const *) self->base, l->data))
        g_string_append_printf (mask, "%s%s", mask->len > 0 ? "," : "", (char *) l->data);
    }
  if (mask->len == 0)
    g_string_assign (mask, "off");
  return g_string_free (g_steal_pointer (&mask), FALSE);
}

/* A login carries the mask of the moment, so every new link starts with it. */
void
_ami_event_mask_add_to_login (AmiEventMask *self,
                              AmiAction    *login)
{
  g_free (self->applied);
  self->applied = _ami_event_mask_dup (self);
  if (self->applied != NULL)
    ami_action_add (login, "Events", self->applied);
}

static void
events_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);

  if (response == NULL)
    g_debug ("the PBX did not take the event mask: %s", error->message);
}

/* A logged-in session is told a new mask at once (Asterisk applies it to the next event). */
void
_ami_client_event_mask_changed (AmiClient *client)
{
  AmiEventMask *self = client->event_mask;
  g_autofree char *mask = _ami_event_mask_dup (self);
  g_autoptr(AmiAction) action = NULL;

  if (ami_client_get_state (client) != AMI_CLIENT_CONNECTED ||
      g_strcmp0 (mask, self->applied) == 0)
    return;
  action = ami_action_new_with ("Events", "EventMask", mask != NULL ? mask : "on", NULL);
  g_free (self->applied);
  self->applied = g_steal_pointer (&mask);
  ami_client_send_action_async (client, action, NULL, events_done, NULL);
}

/**
 * ami_client_set_event_mask:
 * @classes: (nullable): the classes of events wanted, comma-separated ("call,agent"; "" for
 *   none), or %NULL for every class the user may read (no mask, the default)
 *
 * Logins from now on ask the PBX for these classes only (plus those held with
 * ami_client_hold_event_class()); a logged-in session is told at once with the `Events`
 * action.
 */
void
ami_client_set_event_mask (AmiClient  *self,
                           const char *classes)
{
  AmiEventMask *mask;

  g_return_if_fail (AMI_IS_CLIENT (self));
  g_return_if_fail (classes == NULL || is_class_list (classes));

  mask = self->event_mask;
  g_strfreev (mask->base);
  mask->base = classes == NULL ? NULL
                               : classes[0] == '\0' ? g_new0 (char *, 1)
                                                    : g_strsplit (classes, ",", -1);
  _ami_client_event_mask_changed (self);
}

/**
 * _ami_client_dup_event_mask:
 *
 * Returns: (transfer full) (nullable): the mask logins and the `Events` action send now
 *   ("call,agent,dialplan", or "off"), or %NULL when there is none
 */
char *
_ami_client_dup_event_mask (AmiClient *self)
{
  g_return_val_if_fail (AMI_IS_CLIENT (self), NULL);

  return _ami_event_mask_dup (self->event_mask);
}

/**
 * ami_client_hold_event_class:
 * @event_class: one class of events, "dialplan"
 *
 * Widens the event mask by @event_class until as many ami_client_release_event_class() calls
 * as holds were made. Without a mask (everything comes already) it changes nothing sent.
 */
void
ami_client_hold_event_class (AmiClient  *self,
                             const char *event_class)
{
  GHashTable *held;
  guint count;

  g_return_if_fail (AMI_IS_CLIENT (self));
  g_return_if_fail (is_class_name (event_class));

  held = self->event_mask->held;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (held, event_class));
  g_hash_table_replace (held, g_strdup (event_class), GUINT_TO_POINTER (count + 1));
  _ami_client_event_mask_changed (self);
}

/**
 * ami_client_release_event_class:
 * @event_class: a class held with ami_client_hold_event_class()
 *
 * Gives up one hold; the last one narrows the mask again.
 */
void
ami_client_release_event_class (AmiClient  *self,
                                const char *event_class)
{
  GHashTable *held;
  guint count;

  g_return_if_fail (AMI_IS_CLIENT (self));
  g_return_if_fail (event_class != NULL);

  held = self->event_mask->held;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (held, event_class));
  g_return_if_fail (count > 0);
  if (count == 1)
    g_hash_table_remove (held, event_class);
  else
    g_hash_table_replace (held, g_strdup (event_class), GUINT_TO_POINTER (count - 1));
  _ami_client_event_mask_changed (self);
}

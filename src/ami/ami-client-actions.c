/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include "ami-client-private.h"

/*
 * The table of pending actions: each action sent waits there, keyed by its ActionID, for its
 * response (and, for a list, for the events up to EventList: Complete), its timeout, or the end
 * of the link.
 */

typedef struct
{
  char       *action_id;
  char       *action_name;
  GTask      *task;
  guint       timeout_source;
  AmiMessage *response;        /* for a list, until EventList: Complete */
  GPtrArray  *events;
} Pending;

typedef struct
{
  AmiMessage *response;
  GPtrArray  *events;
} ActionResult;

/* Pending actions */

static void
pending_free (Pending *pending)
{
  g_clear_handle_id (&pending->timeout_source, g_source_remove);
  g_clear_pointer (&pending->response, ami_message_unref);
  g_clear_pointer (&pending->events, g_ptr_array_unref);
  g_clear_object (&pending->task);
  g_free (pending->action_name);
  g_free (pending->action_id);
  g_free (pending);
}

static void
action_result_free (ActionResult *result)
{
  g_clear_pointer (&result->response, ami_message_unref);
  g_clear_pointer (&result->events, g_ptr_array_unref);
  g_free (result);
}

static GError *
error_from_response (AmiMessage *response)
{
  const char *message = ami_message_get (response, "Message");

  if (message == NULL || message[0] == '\0')
    message = "The PBX answered with an error";
  if (g_ascii_strcasecmp (message, "Permission denied") == 0)
    return g_error_new_literal (AMI_ERROR, AMI_ERROR_PERMISSION_DENIED, message);
  if (g_ascii_strcasecmp (message, "Authentication failed") == 0)
    return g_error_new_literal (AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED, message);
  return g_error_new_literal (AMI_ERROR, AMI_ERROR_ACTION_FAILED, message);
}

/* Completes @pending (already removed from the table) with what it gathered. */
static void
pending_complete (Pending *pending)
{
  AmiMessage *response = pending->response;

  if (ami_message_is (response, "Response", "Error"))
    {
      g_task_return_error (pending->task, error_from_response (response));
    }
  else
    {
      ActionResult *result = g_new0 (ActionResult, 1);

      result->response = g_steal_pointer (&pending->response);
      result->events = g_steal_pointer (&pending->events);
      g_task_return_pointer (pending->task, result, (GDestroyNotify) action_result_free);
    }
  pending_free (pending);
}

static gboolean
pending_timed_out (gpointer data)
{
  Pending *pending = data;
  AmiClient *self = g_task_get_source_object (pending->task);

  pending->timeout_source = 0;
  g_hash_table_steal (self->pending, pending->action_id);
  g_debug ("%s (%s) timed out", pending->action_name, pending->action_id);
  g_task_return_new_error (pending->task, AMI_ERROR, AMI_ERROR_TIMED_OUT,
                           "The PBX did not answer %s in time", pending->action_name);
  pending_free (pending);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  GPtrArray *pendings;
  GError    *error;
} FailAll;

static gboolean
fail_all_idle (gpointer data)
{
  FailAll *fail = data;

  for (guint i = 0; i < fail->pendings->len; i++)
    {
      Pending *pending = g_ptr_array_index (fail->pendings, i);

      g_task_return_error (pending->task, g_error_copy (fail->error));
      pending_free (pending);
    }
  g_ptr_array_unref (fail->pendings);
  g_error_free (fail->error);
  g_free (fail);

  return G_SOURCE_REMOVE;
}

/* Takes every pending action out of the table and fails each once, from an idle. */
void
_ami_client_fail_all_pending (AmiClient *self,
                              GError    *error)
{
  FailAll *fail;
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->pending) == 0)
    return;

  fail = g_new0 (FailAll, 1);
  fail->pendings = g_ptr_array_new ();
  fail->error = g_error_copy (error);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pending *pending = value;

      g_clear_handle_id (&pending->timeout_source, g_source_remove);
      g_ptr_array_add (fail->pendings, pending);
      g_hash_table_iter_steal (&iter);
    }
  g_idle_add_full (G_PRIORITY_DEFAULT, fail_all_idle, fail, NULL);
}

static gboolean
is_list_end (AmiMessage *event)
{
  const char *name = ami_message_get_name (event);

  return ami_message_is (event, "EventList", "Complete") ||
         (name != NULL && g_str_has_suffix (name, "Complete") &&
          !ami_message_has (event, "EventList"));
}

void
_ami_client_handle_response (AmiClient  *self,
                             AmiMessage *message)
{
  const char *action_id = ami_message_get_action_id (message);
  Pending *pending;

  if (action_id == NULL || (pending = g_hash_table_lookup (self->pending, action_id)) == NULL)
    {
      g_debug ("Ignoring a response nobody waits for (ActionID %s): %s",
               action_id ? action_id : "none", ami_message_get (message, "Message"));
      return;
    }

  g_clear_pointer (&pending->response, ami_message_unref);
  pending->response = ami_message_ref (message);

  if (ami_message_is (message, "EventList", "start") &&
      !ami_message_is (message, "Response", "Error"))
    {
      pending->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
      return;
    }

  g_hash_table_steal (self->pending, action_id);
  pending_complete (pending);
}

void
_ami_client_handle_event (AmiClient  *self,
                          AmiMessage *message)
{
  const char *action_id = ami_message_get_action_id (message);
  Pending *pending;

  if (action_id == NULL)
    {
      _ami_client_emit_event (self, message);
      return;
    }

  /* OriginateResponse and list items of other AMI sessions reach us too: not ours, not used. */
  if (!_ami_client_owns_action_id (self, action_id))
    return;

  pending = g_hash_table_lookup (self->pending, action_id);
  if (pending == NULL || pending->events == NULL)
    {
      _ami_client_emit_event (self, message);
      return;
    }

  if (is_list_end (message))
    {
      g_hash_table_steal (self->pending, action_id);
      pending_complete (pending);
      return;
    }
  g_ptr_array_add (pending->events, ami_message_ref (message));
}

/* Sending */

static gboolean
action_is_allowed (AmiClient *self,
                   AmiAction *action,
                   gboolean   internal)
{
  if (self->link == NULL)
    return FALSE;
  if (self->state == AMI_CLIENT_CONNECTED)
    return TRUE;
  /* Before login succeeds only the login itself goes out. */
  return internal && self->state == AMI_CLIENT_AUTHENTICATING;
}

void
_ami_client_send (AmiClient           *self,
                  AmiAction           *action,
                  guint                timeout_ms,
                  gboolean             internal,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *action_id = NULL;
  Pending *pending;

  g_task_set_source_tag (task, ami_client_send_action_full_async);

  if (!ami_action_check (action, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!action_is_allowed (self, action, internal))
    {
      g_task_return_new_error (task, AMI_ERROR, AMI_ERROR_DISCONNECTED,
                               "Not connected to the PBX");
      return;
    }

  if (ami_action_get_id (action) != NULL)
    {
      if (!_ami_client_owns_action_id (self, ami_action_get_id (action)) ||
          g_hash_table_contains (self->pending, ami_action_get_id (action)))
        {
          g_task_return_new_error (task, AMI_ERROR, AMI_ERROR_INVALID_ACTION,
                                   "The ActionID was not made by this client or is in use");
          return;
        }
      action_id = g_strdup (ami_action_get_id (action));
    }
  else
    {
      action_id = ami_client_new_action_id (self);
    }

  bytes = ami_action_serialize (action, action_id, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *text = ami_action_to_debug_string (action);
      g_debug ("-> %s ActionID=%s", text, action_id);
    }

  pending = g_new0 (Pending, 1);
  pending->action_id = g_steal_pointer (&action_id);
  pending->action_name = g_strdup (ami_action_get_name (action));
  pending->task = g_steal_pointer (&task);
  if (timeout_ms > 0)
    pending->timeout_source = g_timeout_add (timeout_ms, pending_timed_out, pending);
  g_hash_table_insert (self->pending, pending->action_id, pending);

  _ami_link_write (self->link, bytes);
}

typedef struct
{
  AmiLink          *link;      /* a reference: the link the action went out on */
  AmiLinkReplyFunc  func;
} LinkReply;

static void
link_reply_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  LinkReply *reply = data;
  AmiClient *self = AMI_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (self, result, NULL, &error);

  reply->func (self, reply->link, response, error);
  _ami_link_unref (reply->link);
  g_free (reply);
}

/* Sends an action of the client's own on the current link; @func hears how it went. */
void
_ami_client_send_internal (AmiClient        *self,
                           AmiAction        *action,
                           guint             timeout_ms,
                           AmiLinkReplyFunc  func)
{
  LinkReply *reply = g_new (LinkReply, 1);

  reply->link = _ami_link_ref (self->link);
  reply->func = func;
  _ami_client_send (self, action, timeout_ms, TRUE, NULL, link_reply_done, reply);
}

gboolean
_ami_client_owns_action_id (AmiClient  *self,
                            const char *action_id)
{
  return action_id != NULL && g_str_has_prefix (action_id, self->id_prefix);
}

/* Public API */

/* Returns: (transfer full): a fresh ActionID of this client, for ami_action_set_id() */
char *
ami_client_new_action_id (AmiClient *self)
{
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT, self->id_prefix, ++self->next_id);
}

/**
 * ami_client_send_action_async:
 *
 * Sends @action with the client's #AmiClient:action-timeout. See
 * ami_client_send_action_full_async().
 */
void
ami_client_send_action_async (AmiClient           *self,
                              AmiAction           *action,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ami_client_send_action_full_async (self, action, self->action_timeout_ms, cancellable,
                                     callback, user_data);
}

/**
 * ami_client_send_action_full_async:
 * @timeout_ms: how long to wait for the response (and the whole list), 0 for ever
 *
 * Sends @action, correlated by a fresh ActionID of this client. Fails without sending anything
 * when the action has a header that is not safe to send, or when not logged in. Never re-sent.
 */
void
ami_client_send_action_full_async (AmiClient           *self,
                                   AmiAction           *action,
                                   guint                timeout_ms,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (AMI_IS_CLIENT (self));
  g_return_if_fail (action != NULL);

  _ami_client_send (self, action, timeout_ms, FALSE, cancellable, callback, user_data);
}

/**
 * ami_client_send_action_finish:
 * @events: (out) (optional) (transfer full) (element-type AmiMessage): for a list action
 *   (`EventList: start`), the events of the list without the closing one; otherwise %NULL
 *
 * Returns: (transfer full): the response, or %NULL with @error: `Response: Error` is an error
 *   (%AMI_ERROR_PERMISSION_DENIED or %AMI_ERROR_ACTION_FAILED with the PBX's message)
 */
AmiMessage *
ami_client_send_action_finish (AmiClient     *self,
                               GAsyncResult  *result,
                               GPtrArray    **events,
                               GError       **error)
{
  ActionResult *action_result;
  AmiMessage *response;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (events != NULL)
    *events = NULL;

  action_result = g_task_propagate_pointer (G_TASK (result), error);
  if (action_result == NULL)
    return NULL;

  response = g_steal_pointer (&action_result->response);
  if (events != NULL)
    *events = g_steal_pointer (&action_result->events);
  action_result_free (action_result);

  return response;
}

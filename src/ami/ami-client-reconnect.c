/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ami-client"

#include "ami-client-private.h"

/* A link that went down, and what comes next: another attempt after a backoff, or not. The
 * keepalive (Ping) notices a link that died silently. */

/**
 * _ami_backoff_delay_ms:
 * @attempt: 0 for the first retry
 * @random: a number in [0, 1)
 *
 * The delay before a reconnection attempt: exponential from 1 s, capped at 30 s, with the
 * upper half jittered so that a call centre's desktops do not all knock at once.
 */
guint
_ami_backoff_delay_ms (guint  attempt,
                       double random)
{
  guint base = AMI_BACKOFF_CAP_MS;

  if (attempt < 5)
    base = MIN (AMI_BACKOFF_FIRST_MS << attempt, AMI_BACKOFF_CAP_MS);

  return base / 2 + (guint) (random * (base / 2));
}

static gboolean
retry_timeout (gpointer data)
{
  AmiClient *self = data;

  self->retry_source = 0;
  _ami_client_set_retry_at (self, 0);
  _ami_client_start_attempt (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (AmiClient *self)
{
  guint delay = _ami_backoff_delay_ms (self->retry_attempt, g_random_double ());

  self->retry_attempt++;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (delay, retry_timeout, self);
  _ami_client_set_retry_at (self, g_get_monotonic_time () + (gint64) delay * 1000);
  _ami_client_set_state (self, AMI_CLIENT_RECONNECTING);
  g_debug ("%s:%u: next attempt in %u ms", self->host, self->port, delay);
}

/* Errors that retrying cannot fix: the user has to change something first. */
static gboolean
error_is_final (const GError *error)
{
  return g_error_matches (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED) ||
         g_error_matches (error, AMI_ERROR, AMI_ERROR_TLS) ||
         g_error_matches (error, AMI_ERROR, AMI_ERROR_PROTOCOL) ||
         g_error_matches (error, AMI_ERROR, AMI_ERROR_HOST_NOT_FOUND);
}

/* Keepalive */

static void
ping_done (AmiClient    *self,
           AmiLink      *link,
           AmiMessage   *response,
           const GError *error)
{
  self->ping_in_flight = FALSE;
  if (response == NULL && g_error_matches (error, AMI_ERROR, AMI_ERROR_TIMED_OUT) &&
      _ami_link_is_current (link))
    _ami_client_link_lost (self, link,
                           g_error_new (AMI_ERROR, AMI_ERROR_TIMED_OUT,
                                        "The PBX stopped answering (no reply to Ping within %u ms)",
                                        self->ping_timeout_ms));
}

static gboolean
ping_tick (gpointer data)
{
  AmiClient *self = data;
  g_autoptr(AmiAction) ping = NULL;

  if (self->state != AMI_CLIENT_CONNECTED || self->ping_in_flight || self->link == NULL)
    return G_SOURCE_CONTINUE;

  self->ping_in_flight = TRUE;
  ping = ami_action_new ("Ping");
  _ami_client_send_internal (self, ping, self->ping_timeout_ms, ping_done);

  return G_SOURCE_CONTINUE;
}

void
_ami_client_stop_keepalive (AmiClient *self)
{
  g_clear_handle_id (&self->ping_source, g_source_remove);
}

void
_ami_client_start_keepalive (AmiClient *self)
{
  _ami_client_stop_keepalive (self);
  if (self->ping_interval_ms > 0)
    self->ping_source = g_timeout_add (self->ping_interval_ms, ping_tick, self);
}

/* Ends the attempt a caller of ami_client_connect_async() waits for. */
void
_ami_client_finish_attempt (AmiClient *self,
                            GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  g_clear_handle_id (&self->connect_timeout_source, g_source_remove);
  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The link went down (or never came up): fail what waits on it and decide what comes next. */
void
_ami_client_link_lost (AmiClient *self,
                       AmiLink   *link,
                       GError    *error)
{
  gboolean was_connected = self->state == AMI_CLIENT_CONNECTED;
  gboolean had_attempt = self->connect_task != NULL;
  g_autoptr(GError) disconnected = NULL;

  g_debug ("%s:%u: link lost: %s", self->host, self->port, error->message);
  _ami_link_kill (link);
  _ami_client_stop_keepalive (self);
  self->ping_in_flight = FALSE;

  disconnected = g_error_new (AMI_ERROR,
                              error->domain == AMI_ERROR && error->code == AMI_ERROR_CLOSED
                                ? AMI_ERROR_CLOSED : AMI_ERROR_DISCONNECTED,
                              "%s", error->message);
  _ami_client_fail_all_pending (self, disconnected);
  _ami_client_set_last_error (self, error);
  _ami_client_finish_attempt (self, error);

  if (error_is_final (error))
    {
      self->keep_connected = FALSE;
      _ami_client_set_state (self, AMI_CLIENT_FAILED);
    }
  else if (self->keep_connected && (was_connected || !had_attempt))
    schedule_retry (self);
  else
    _ami_client_set_state (self, AMI_CLIENT_DISCONNECTED);

  g_error_free (error);
}

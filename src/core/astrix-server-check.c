/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-core-enums.h"
#include "astrix-server-check-private.h"

/*
 * The server check: what a supervisor would otherwise verify by hand, one result row each.
 *
 * A connection of our own comes first, so that TCP, TLS and the banner can be told apart
 * (AmiClient folds them into one attempt). Then AmiClient logs in and the rest is asked over
 * AMI with no more rights than the user has: ListCommands lists exactly the actions the user
 * may run, which says most of what the permissions are; ModuleCheck (class system), Command
 * (class command), ShowDialPlan (reporting) and Getvar (call) are used where allowed, and what
 * cannot be verified with the user's rights is said plainly. Nothing is ever originated: the
 * read class is seen from the events that arrive (or from `manager show user` where the user
 * may run Command), so on a quiet PBX without `command` it stays unverified.
 */

#define DEFAULT_TIMEOUT_MS    5000
#define DEFAULT_EVENT_WAIT_MS 3000

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_RUNNING,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixServerCheck, astrix_server_check, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Results and the list model */

static GType
astrix_server_check_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_CHECK_RESULT;
}

static guint
astrix_server_check_get_n_items (GListModel *model)
{
  return ASTRIX_SERVER_CHECK (model)->results->len;
}

static gpointer
astrix_server_check_get_item (GListModel *model,
                              guint       position)
{
  AstrixServerCheck *self = ASTRIX_SERVER_CHECK (model);

  if (position >= self->results->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->results, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_server_check_get_item_type;
  iface->get_n_items = astrix_server_check_get_n_items;
  iface->get_item = astrix_server_check_get_item;
}

static void
set_status (AstrixServerCheck *self,
            AstrixCheckStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_running (AstrixServerCheck *self,
             gboolean           running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
clear_results (AstrixServerCheck *self)
{
  guint n = self->results->len;

  g_ptr_array_set_size (self->results, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
  set_status (self, ASTRIX_CHECK_OK);
}

/* Rows are published from an idle, so that a row is complete (fix and snippet set right after
 * it is reported) before anybody sees it. */
static void
publish (AstrixCheckRun *run)
{
  AstrixServerCheck *self = run->self;
  guint position = self->results->len;
  guint n = run->queued->len;

  g_clear_handle_id (&run->publish_id, g_source_remove);
  if (self->current != run)
    {
      /* A newer run replaced this one: its rows are not shown. */
      g_ptr_array_set_size (run->queued, 0);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      AstrixCheckResult *result = g_ptr_array_index (run->queued, i);

      g_debug ("%s: %s: %s", astrix_check_result_get_id (result),
               astrix_check_status_to_string (astrix_check_result_get_status (result)),
               astrix_check_result_get_message (result));
      g_ptr_array_add (self->results, g_object_ref (result));
      if (astrix_check_result_get_status (result) > self->status)
        set_status (self, astrix_check_result_get_status (result));
    }
  g_ptr_array_set_size (run->queued, 0);
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
}

static gboolean
publish_cb (gpointer data)
{
  AstrixCheckRun *run = data;

  run->publish_id = 0;
  publish (run);
  return G_SOURCE_REMOVE;
}

/* Adds @result (taking it) as the next row. */
static void
add_result (AstrixCheckRun    *run,
            AstrixCheckResult *result)
{
  g_ptr_array_add (run->queued, result);
  if (run->publish_id == 0)
    run->publish_id = g_idle_add (publish_cb, run);
}

static const char *
planned_title (AstrixCheckRun *run,
               const char     *id)
{
  for (guint i = 0; i + 1 < run->plan->len; i += 2)
    {
      if (g_str_equal (g_ptr_array_index (run->plan, i), id))
        return g_ptr_array_index (run->plan, i + 1);
    }
  return id;
}

/* Reports check @id; returns the row, to add a fix to. */
AstrixCheckResult *
_astrix_check_report (AstrixCheckRun    *run,
                      const char        *id,
                      AstrixCheckStatus  status,
                      const char        *message)
{
  AstrixCheckResult *result = astrix_check_result_new (id, planned_title (run, id), status,
                                                       message);

  add_result (run, result);
  return result;
}

/* The row of check @id, published or not yet. */
AstrixCheckResult *
_astrix_check_find_row (AstrixCheckRun *run,
                        const char     *id)
{
  for (guint i = 0; i < run->queued->len; i++)
    {
      AstrixCheckResult *result = g_ptr_array_index (run->queued, i);

      if (g_str_equal (astrix_check_result_get_id (result), id))
        return result;
    }
  return astrix_server_check_lookup (run->self, id);
}

static gboolean
reported (AstrixCheckRun *run,
          const char     *id)
{
  return _astrix_check_find_row (run, id) != NULL;
}

static void
plan (AstrixCheckRun *run,
      const char     *id,
      const char     *title)
{
  g_ptr_array_add (run->plan, g_strdup (id));
  g_ptr_array_add (run->plan, g_strdup (title));
}

gboolean
_astrix_check_uses_audiosocket (AstrixServerConfig *config)
{
  return g_strcmp0 (astrix_server_config_get_endpoint (config), ASTRIX_ENDPOINT_AUDIOSOCKET) == 0;
}

static void
make_plan (AstrixCheckRun *run)
{
  g_autoptr(GPtrArray) contexts = _astrix_check_configured_contexts (run->config);

  plan (run, "connection", _("Network connection"));
  plan (run, "tls", _("Encryption (TLS)"));
  plan (run, "banner", _("Manager interface"));
  plan (run, "login", _("Login"));
  plan (run, "permissions", _("Permissions"));
  plan (run, "privilege", _("Least privilege"));
  plan (run, "module-app_chanspy", _("Listening (app_chanspy)"));
  plan (run, "module-app_controlplayback", _("Playback on the phone (app_controlplayback)"));
  if (_astrix_check_uses_audiosocket (run->config))
    plan (run, "module-chan_audiosocket", _("Audio to this computer (chan_audiosocket)"));
  for (guint i = 0; i + 1 < contexts->len; i += 2)
    {
      const char *context = g_ptr_array_index (contexts, i);
      int detail = GPOINTER_TO_INT (g_ptr_array_index (contexts, i + 1));
      g_autofree char *id = _astrix_check_context_id (context, detail);
      g_autofree char *title = g_strdup_printf (_("Dialplan context “%s”"),
                                                context != NULL ? context : "");

      if (!g_ptr_array_find_with_equal_func (run->plan, id, g_str_equal, NULL))
        plan (run, id, title);
    }
  plan (run, "endpoint", _("Your phone"));
  plan (run, "read-class", _("Call events"));
  _astrix_check_plan_capabilities (run, plan);
}

/* Every planned check not reported yet is reported as not checked, because of @why. */
static void
report_skipped (AstrixCheckRun *run,
                const char     *why)
{
  g_autofree char *message = g_strdup_printf (_("Not checked, because “%s” failed."),
                                              planned_title (run, why));

  for (guint i = 0; i + 1 < run->plan->len; i += 2)
    {
      const char *id = g_ptr_array_index (run->plan, i);

      if (!reported (run, id))
        _astrix_check_report (run, id, ASTRIX_CHECK_SKIPPED, message);
    }
}

/* The run */

void
_astrix_check_probe_free (AstrixCheckProbe *probe)
{
  g_clear_pointer (&probe->action, ami_action_unref);
  g_free (probe->subject);
  g_free (probe);
}

void
_astrix_check_wipe (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
run_free (AstrixCheckRun *run)
{
  _astrix_check_wipe (&run->secret);
  if (run->self->current == run)
    run->self->current = NULL;
  if (run->outer_handler != 0)
    g_cancellable_disconnect (run->outer, run->outer_handler);
  g_clear_object (&run->outer);
  g_cancellable_disconnect (run->cancellable, run->cancel_handler);
  g_clear_object (&run->cancellable);
  g_clear_handle_id (&run->op_timer, g_source_remove);
  g_clear_handle_id (&run->wait_timer, g_source_remove);
  g_clear_object (&run->op);
  g_clear_object (&run->stream);
  g_clear_object (&run->tcp);
  g_clear_object (&run->peer);
  if (run->client != NULL)
    {
      g_clear_signal_handler (&run->event_handler, run->client);
      ami_client_disconnect (run->client);
      g_clear_object (&run->client);
    }
  g_queue_clear_full (&run->probes, (GDestroyNotify) _astrix_check_probe_free);
  g_clear_pointer (&run->probe, _astrix_check_probe_free);
  g_clear_pointer (&run->allowed, g_hash_table_unref);
  g_free (run->read_classes);
  g_free (run->write_classes);
  g_clear_pointer (&run->plan, g_ptr_array_unref);
  g_clear_handle_id (&run->publish_id, g_source_remove);
  g_clear_pointer (&run->queued, g_ptr_array_unref);
  if (run->banner != NULL)
    g_string_free (run->banner, TRUE);
  g_free (run->local_address);
  g_free (run->fingerprint);
  g_clear_object (&run->config);
  g_clear_object (&run->self);
  g_free (run);
}

/* Ends the run: the caller gets TRUE, or the cancellation. Takes @task. */
void
_astrix_check_complete (GTask *task)
{
  AstrixCheckRun *run = g_task_get_task_data (task);

  publish (run);
  if (run->self->current == run)
    {
      run->self->current = NULL;
      set_running (run->self, FALSE);
    }
  if (g_cancellable_is_cancelled (run->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The check was cancelled");
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
client_closed (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  ami_client_close_finish (AMI_CLIENT (source), result, NULL);
  _astrix_check_complete (data);
}

/* The checks are over (@why: the id of the failure that ended them early, or NULL). */
void
_astrix_check_finish (GTask      *task,
                      const char *why)
{
  AstrixCheckRun *run = g_task_get_task_data (task);

  if (why != NULL && !g_cancellable_is_cancelled (run->cancellable))
    report_skipped (run, why);
  if (run->client != NULL && ami_client_get_state (run->client) == AMI_CLIENT_CONNECTED)
    {
      g_clear_signal_handler (&run->event_handler, run->client);
      ami_client_close_async (run->client, NULL, client_closed, task);
      return;
    }
  _astrix_check_complete (task);
}

static gboolean
op_timed_out (gpointer data)
{
  AstrixCheckRun *run = data;

  run->op_timer = 0;
  run->op_timed_out = TRUE;
  g_cancellable_cancel (run->op);
  return G_SOURCE_REMOVE;
}

/* A cancellable for the next I/O of our own, cancelled after @timeout_ms or with the run. */
GCancellable *
_astrix_check_op_start (AstrixCheckRun *run,
                        guint           timeout_ms)
{
  g_clear_handle_id (&run->op_timer, g_source_remove);
  g_clear_object (&run->op);
  run->op = g_cancellable_new ();
  run->op_timed_out = FALSE;
  if (g_cancellable_is_cancelled (run->cancellable))
    g_cancellable_cancel (run->op);
  else
    run->op_timer = g_timeout_add (timeout_ms, op_timed_out, run);
  return run->op;
}

/* After the I/O: a cancellation that was our timeout becomes G_IO_ERROR_TIMED_OUT. */
void
_astrix_check_op_done (AstrixCheckRun *run,
                       GError        **error)
{
  g_clear_handle_id (&run->op_timer, g_source_remove);
  if (error != NULL && *error != NULL && run->op_timed_out &&
      g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out");
    }
}

static gboolean
disconnect_client (gpointer data)
{
  ami_client_disconnect (AMI_CLIENT (data));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable   *cancellable,
              AstrixCheckRun *run)
{
  if (run->op != NULL)
    g_cancellable_cancel (run->op);
  /* A login under way would go on to its timeout: cut it (from an idle, not inside the
   * cancellation). */
  if (run->client != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, disconnect_client, g_object_ref (run->client),
                     g_object_unref);
  if (run->waiting != NULL)
    {
      g_clear_handle_id (&run->wait_timer, g_source_remove);
      run->wait_timer = g_idle_add (_astrix_check_wake_waiting, run);
    }
}

/* Stops here if the run was cancelled: completes *@task and clears it, for the callback's
 * g_autoptr() to leave alone. */
gboolean
_astrix_check_stop_if_cancelled (GTask **task)
{
  AstrixCheckRun *run = g_task_get_task_data (*task);

  if (!g_cancellable_is_cancelled (run->cancellable))
    return FALSE;
  _astrix_check_complete (g_steal_pointer (task));
  return TRUE;
}

guint
_astrix_check_seconds (guint ms)
{
  return MAX (1, (ms + 500) / 1000);
}

/* The object */

static void
astrix_server_check_dispose (GObject *object)
{
  AstrixServerCheck *self = ASTRIX_SERVER_CHECK (object);

  g_clear_object (&self->config);
  g_ptr_array_set_size (self->results, 0);

  G_OBJECT_CLASS (astrix_server_check_parent_class)->dispose (object);
}

static void
astrix_server_check_finalize (GObject *object)
{
  AstrixServerCheck *self = ASTRIX_SERVER_CHECK (object);

  g_ptr_array_unref (self->results);

  G_OBJECT_CLASS (astrix_server_check_parent_class)->finalize (object);
}

static void
astrix_server_check_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AstrixServerCheck *self = ASTRIX_SERVER_CHECK (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_server_check_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AstrixServerCheck *self = ASTRIX_SERVER_CHECK (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_server_check_class_init (AstrixServerCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_server_check_dispose;
  object_class->finalize = astrix_server_check_finalize;
  object_class->get_property = astrix_server_check_get_property;
  object_class->set_property = astrix_server_check_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, ASTRIX_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, readable);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, ASTRIX_TYPE_CHECK_STATUS,
                                               ASTRIX_CHECK_OK, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_server_check_init (AstrixServerCheck *self)
{
  self->results = g_ptr_array_new_with_free_func (g_object_unref);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->event_wait_ms = DEFAULT_EVENT_WAIT_MS;
}

/**
 * astrix_server_check_new:
 * @config: the server to check (its settings are read when a run starts)
 *
 * A list of #AstrixCheckResult rows, filled by astrix_server_check_run_async().
 */
AstrixServerCheck *
astrix_server_check_new (AstrixServerConfig *config)
{
  g_return_val_if_fail (ASTRIX_IS_SERVER_CONFIG (config), NULL);

  return g_object_new (ASTRIX_TYPE_SERVER_CHECK, "config", config, NULL);
}

/* How long connecting, the TLS handshake, the greeting and each answer may take (5 s). */
void
_astrix_server_check_set_timeout (AstrixServerCheck *self,
                                  guint              timeout_ms)
{
  g_return_if_fail (ASTRIX_IS_SERVER_CHECK (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

/* How long after the login to watch for an event of a call (3 s), when nothing else shows
 * the read class. */
void
_astrix_server_check_set_event_wait (AstrixServerCheck *self,
                                     guint              wait_ms)
{
  g_return_if_fail (ASTRIX_IS_SERVER_CHECK (self));

  self->event_wait_ms = wait_ms;
}

static void
cancel_ours (GCancellable *outer,
             GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * astrix_server_check_run_async:
 * @secret: (nullable): the AMI secret for the login; copied, handed to the login and wiped
 *
 * Runs every check again: the rows are cleared, then added one by one as the checks complete.
 * A run under way is cancelled (it finishes with %G_IO_ERROR_CANCELLED) and shows nothing
 * more. Sends nothing that changes anything on the PBX (no Originate).
 */
void
astrix_server_check_run_async (AstrixServerCheck   *self,
                               const char          *secret,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AstrixCheckRun *run;

  g_return_if_fail (ASTRIX_IS_SERVER_CHECK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, astrix_server_check_run_async);
  if (self->current != NULL)
    {
      /* The latest request wins: the run under way finishes, cancelled, and shows nothing
       * more. */
      AstrixCheckRun *previous = g_steal_pointer (&self->current);

      g_cancellable_cancel (previous->cancellable);
    }

  run = g_new0 (AstrixCheckRun, 1);
  run->self = g_object_ref (self);
  run->config = g_object_ref (self->config);
  run->secret = g_strdup (secret);
  run->cancellable = g_cancellable_new ();
  run->plan = g_ptr_array_new_with_free_func (g_free);
  run->queued = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&run->probes);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  self->current = run;
  clear_results (self);
  set_running (self, TRUE);
  make_plan (run);
  run->cancel_handler = g_cancellable_connect (run->cancellable, G_CALLBACK (on_cancelled), run,
                                               NULL);
  if (cancellable != NULL)
    {
      run->outer = g_object_ref (cancellable);
      run->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_ours),
                                                  run->cancellable, NULL);
    }
  _astrix_check_connect (g_steal_pointer (&task));
}

/* Returns: %TRUE when the checks ran (whatever they found), %FALSE if cancelled */
gboolean
astrix_server_check_run_finish (AstrixServerCheck  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
astrix_server_check_get_running (AstrixServerCheck *self)
{
  g_return_val_if_fail (ASTRIX_IS_SERVER_CHECK (self), FALSE);

  return self->running;
}

/* Returns: the worst status among the rows so far (%ASTRIX_CHECK_OK when there are none) */
AstrixCheckStatus
astrix_server_check_get_status (AstrixServerCheck *self)
{
  g_return_val_if_fail (ASTRIX_IS_SERVER_CHECK (self), ASTRIX_CHECK_FAILED);

  return self->status;
}

/* Returns: (transfer none) (nullable): the row of check @id ("login", ...), if reported */
AstrixCheckResult *
astrix_server_check_lookup (AstrixServerCheck *self,
                            const char        *id)
{
  g_return_val_if_fail (ASTRIX_IS_SERVER_CHECK (self), NULL);

  for (guint i = 0; i < self->results->len; i++)
    {
      AstrixCheckResult *result = g_ptr_array_index (self->results, i);

      if (g_strcmp0 (astrix_check_result_get_id (result), id) == 0)
        return result;
    }
  return NULL;
}


/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ami.h"
#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-monitor-session.h"
#include "astrix-server-check-private.h"
#include "astrix-server-check.h"

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

typedef struct _Run   Run;
typedef struct _Probe Probe;

struct _AstrixServerCheck
{
  GObject             parent_instance;

  AstrixServerConfig *config;
  GPtrArray          *results;       /* AstrixCheckResult, in the order they came */
  AstrixCheckStatus   status;        /* the worst so far */
  gboolean            running;
  Run                *current;       /* the run whose rows the list shows; not a reference */
  guint               timeout_ms;
  guint               event_wait_ms; /* how long to watch for a call event after the login */
};

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


typedef void (*ProbeFunc) (Run          *run,
                           Probe        *probe,
                           AmiMessage   *response,
                           GPtrArray    *events,
                           const GError *error);

/* One question asked over AMI after the login (or answered without asking: no action). */
struct _Probe
{
  AmiAction *action;
  ProbeFunc  func;
  char      *subject;     /* the module, context or endpoint it is about */
  int        detail;      /* the AstrixMonitorMode of a context, -1 for playback */
};

struct _Run
{
  AstrixServerCheck  *self;
  AstrixServerConfig *config;
  char               *secret;           /* handed to the client at the login, then wiped */
  GCancellable       *cancellable;      /* ours: cancelled by the caller's, or by a newer run */
  gulong              cancel_handler;
  GCancellable       *outer;            /* the caller's, may be NULL */
  gulong              outer_handler;
  GPtrArray          *plan;             /* char* pairs: id, title of every check to report */
  GPtrArray          *queued;           /* AstrixCheckResult reported, not published yet */
  guint               publish_id;

  /* One I/O operation of our own at a time, with a timeout */
  GCancellable       *op;
  guint               op_timer;
  gboolean            op_timed_out;

  /* The probe connection: TCP, TLS, banner */
  GSocketConnection  *tcp;
  GIOStream          *stream;
  char               *local_address;    /* this computer's address, as this computer sees it */
  gboolean            remote_loopback;
  GString            *banner;
  GTlsCertificate    *peer;
  GTlsCertificateFlags peer_errors;
  char               *fingerprint;      /* SHA-256, lower-case hex */

  /* The login and what follows */
  AmiClient          *client;
  gulong              event_handler;
  gint64              logged_in_at;     /* monotonic µs */
  gboolean            saw_call_event;
  gboolean            read_class_done;
  GHashTable         *allowed;          /* lower-case action names, NULL when unknown */
  GQueue              probes;
  Probe              *probe;            /* the one waiting for its answer */
  GTask              *waiting;          /* the run, while it watches for a call event */
  guint               wait_timer;
};

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
publish (Run *run)
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
  Run *run = data;

  run->publish_id = 0;
  publish (run);
  return G_SOURCE_REMOVE;
}

/* Adds @result (taking it) as the next row. */
static void
add_result (Run               *run,
            AstrixCheckResult *result)
{
  g_ptr_array_add (run->queued, result);
  if (run->publish_id == 0)
    run->publish_id = g_idle_add (publish_cb, run);
}

static const char *
planned_title (Run        *run,
               const char *id)
{
  for (guint i = 0; i + 1 < run->plan->len; i += 2)
    {
      if (g_str_equal (g_ptr_array_index (run->plan, i), id))
        return g_ptr_array_index (run->plan, i + 1);
    }
  return id;
}

/* Reports check @id; returns the row, to add a fix to. */
static AstrixCheckResult *
report (Run               *run,
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
static AstrixCheckResult *
find_row (Run        *run,
          const char *id)
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
reported (Run        *run,
          const char *id)
{
  return find_row (run, id) != NULL;
}

static void
plan (Run        *run,
      const char *id,
      const char *title)
{
  g_ptr_array_add (run->plan, g_strdup (id));
  g_ptr_array_add (run->plan, g_strdup (title));
}

static const char *
mode_name (int detail)
{
  switch (detail)
    {
    case ASTRIX_MONITOR_MODE_LISTEN:
      return _("listening");
    case ASTRIX_MONITOR_MODE_WHISPER:
      return _("whispering");
    case ASTRIX_MONITOR_MODE_BARGE:
      return _("barging in");
    default:
      return _("playing recordings on the phone");
    }
}

/* The dialplan contexts the configuration uses, with what each is for. */
static GPtrArray *
configured_contexts (AstrixServerConfig *config)
{
  GPtrArray *contexts = g_ptr_array_new ();

  if (astrix_server_config_get_monitor_method (config) == ASTRIX_MONITOR_METHOD_CONTEXTS)
    {
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_listen_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (ASTRIX_MONITOR_MODE_LISTEN));
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_whisper_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (ASTRIX_MONITOR_MODE_WHISPER));
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_barge_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (ASTRIX_MONITOR_MODE_BARGE));
    }
  if (astrix_server_config_get_playback_method (config) == ASTRIX_PLAYBACK_METHOD_CONTEXT)
    {
      g_ptr_array_add (contexts, (gpointer) astrix_server_config_get_playback_context (config));
      g_ptr_array_add (contexts, GINT_TO_POINTER (-1));
    }
  return contexts;
}

static char *
context_id (const char *context,
            int         detail)
{
  static const char *purposes[] = { "listen", "whisper", "barge" };

  /* An identifier, never translated */
  if (context != NULL && context[0] != '\0')
    return g_strdup_printf ("context-%s", context);
  return g_strdup_printf ("context-for-%s", detail >= 0 && detail < (int) G_N_ELEMENTS (purposes)
                                              ? purposes[detail] : "playback");
}

static gboolean
uses_audiosocket (AstrixServerConfig *config)
{
  return g_strcmp0 (astrix_server_config_get_endpoint (config), ASTRIX_ENDPOINT_AUDIOSOCKET) == 0;
}

static void
make_plan (Run *run)
{
  g_autoptr(GPtrArray) contexts = configured_contexts (run->config);

  plan (run, "connection", _("Network connection"));
  plan (run, "tls", _("Encryption (TLS)"));
  plan (run, "banner", _("Manager interface"));
  plan (run, "login", _("Login"));
  plan (run, "permissions", _("Permissions"));
  plan (run, "privilege", _("Least privilege"));
  plan (run, "module-app_chanspy", _("Listening (app_chanspy)"));
  plan (run, "module-app_controlplayback", _("Playback on the phone (app_controlplayback)"));
  if (uses_audiosocket (run->config))
    plan (run, "module-chan_audiosocket", _("Audio to this computer (chan_audiosocket)"));
  for (guint i = 0; i + 1 < contexts->len; i += 2)
    {
      const char *context = g_ptr_array_index (contexts, i);
      int detail = GPOINTER_TO_INT (g_ptr_array_index (contexts, i + 1));
      g_autofree char *id = context_id (context, detail);
      g_autofree char *title = g_strdup_printf (_("Dialplan context “%s”"),
                                                context != NULL ? context : "");

      if (!g_ptr_array_find_with_equal_func (run->plan, id, g_str_equal, NULL))
        plan (run, id, title);
    }
  plan (run, "endpoint", _("Your phone"));
  plan (run, "read-class", _("Call events"));
}

/* Every planned check not reported yet is reported as not checked, because of @why. */
static void
report_skipped (Run        *run,
                const char *why)
{
  g_autofree char *message = g_strdup_printf (_("Not checked, because “%s” failed."),
                                              planned_title (run, why));

  for (guint i = 0; i + 1 < run->plan->len; i += 2)
    {
      const char *id = g_ptr_array_index (run->plan, i);

      if (!reported (run, id))
        report (run, id, ASTRIX_CHECK_SKIPPED, message);
    }
}

/* The run */

static void
probe_free (Probe *probe)
{
  g_clear_pointer (&probe->action, ami_action_unref);
  g_free (probe->subject);
  g_free (probe);
}

static void
wipe (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
run_free (Run *run)
{
  wipe (&run->secret);
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
  g_queue_clear_full (&run->probes, (GDestroyNotify) probe_free);
  g_clear_pointer (&run->probe, probe_free);
  g_clear_pointer (&run->allowed, g_hash_table_unref);
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
static void
complete (GTask *task)
{
  Run *run = g_task_get_task_data (task);

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
  complete (data);
}

/* The checks are over (@why: the id of the failure that ended them early, or NULL). */
static void
finish (GTask      *task,
        const char *why)
{
  Run *run = g_task_get_task_data (task);

  if (why != NULL && !g_cancellable_is_cancelled (run->cancellable))
    report_skipped (run, why);
  if (run->client != NULL && ami_client_get_state (run->client) == AMI_CLIENT_CONNECTED)
    {
      g_clear_signal_handler (&run->event_handler, run->client);
      ami_client_close_async (run->client, NULL, client_closed, task);
      return;
    }
  complete (task);
}

static gboolean
op_timed_out (gpointer data)
{
  Run *run = data;

  run->op_timer = 0;
  run->op_timed_out = TRUE;
  g_cancellable_cancel (run->op);
  return G_SOURCE_REMOVE;
}

/* A cancellable for the next I/O of our own, cancelled after @timeout_ms or with the run. */
static GCancellable *
op_start (Run   *run,
          guint  timeout_ms)
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
static void
op_done (Run     *run,
         GError **error)
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
wake_waiting (gpointer data);

static gboolean
disconnect_client (gpointer data)
{
  ami_client_disconnect (AMI_CLIENT (data));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              Run          *run)
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
      run->wait_timer = g_idle_add (wake_waiting, run);
    }
}

/* Stops here if the run was cancelled (takes @task then). */
static gboolean
stop_if_cancelled (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (!g_cancellable_is_cancelled (run->cancellable))
    return FALSE;
  complete (task);
  return TRUE;
}

static guint
seconds (guint ms)
{
  return MAX (1, (ms + 500) / 1000);
}

/* Snippets */

static char *
address_with_mask (const char *address)
{
  if (address == NULL)
    return g_strdup ("192.0.2.10/255.255.255.255");
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("%s/128", address);
  return g_strdup_printf ("%s/255.255.255.255", address);
}

/* The user's manager.conf section with the rights the app needs, no more. */
static char *
rights_snippet (Run *run)
{
  return g_strdup_printf ("[%s]\n"
                          "%s\n"
                          "read = call\n"
                          "write = originate,call,reporting\n",
                          astrix_server_config_get_username (run->config),
                          _("; keep its secret, deny and permit lines as they are"));
}

static char *
account_snippet (Run *run)
{
  g_autofree char *permit = address_with_mask (run->local_address);

  return g_strdup_printf ("[%s]\n"
                          "secret = %s\n"
                          "deny = 0.0.0.0/0.0.0.0\n"
                          "permit = %s\n"
                          "read = call\n"
                          "write = originate,call,reporting\n",
                          astrix_server_config_get_username (run->config),
                          _("the-secret-you-entered-in-Astrix-Assist"), permit);
}

static char *
listener_snippet (Run *run)
{
  guint port = astrix_server_config_get_port (run->config);

  if (astrix_server_config_get_use_tls (run->config))
    return g_strdup_printf ("[general]\n"
                            "enabled = yes\n"
                            "tlsenable = yes\n"
                            "tlsbindaddr = 0.0.0.0:%u\n"
                            "tlscertfile = /etc/asterisk/keys/asterisk.pem\n"
                            "tlsprivatekey = /etc/asterisk/keys/asterisk.key\n", port);
  return g_strdup_printf ("[general]\n"
                          "enabled = yes\n"
                          "port = %u\n"
                          "bindaddr = 0.0.0.0\n", port);
}

static const char fingerprint_command[] =
  "openssl x509 -in /etc/asterisk/keys/asterisk.pem -noout -fingerprint -sha256";

/* TCP */

static char *
describe_connect_error (Run          *run,
                        const GError *error,
                        char        **fix)
{
  const char *host = astrix_server_config_get_host (run->config);
  guint port = astrix_server_config_get_port (run->config);
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      *fix = g_strdup (_("Enable the manager interface on the PBX and let it listen on an "
                         "address this computer can reach, on this port; check any firewall "
                         "in between. Then run asterisk -rx \"manager reload\"."));
      return g_strdup_printf (_("Nothing accepts connections on %s port %u: the connection was "
                                "refused."), host, port);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      *fix = g_strdup_printf (_("Check that the PBX is up, that the address is right, and that "
                                "a firewall lets this computer reach TCP port %u."), port);
      n = seconds (run->self->timeout_ms);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s port %u did not answer within %u second: the "
                                           "address may be wrong, or a firewall drops the "
                                           "connection.",
                                           "%s port %u did not answer within %u seconds: the "
                                           "address may be wrong, or a firewall drops the "
                                           "connection.", n),
                              host, port, n);
    }
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      *fix = g_strdup (_("Check the spelling of the host name, or use the PBX’s IP address."));
      return g_strdup_printf (_("The host name “%s” does not exist (DNS)."), host);
    }
  if (error->domain == G_RESOLVER_ERROR)
    {
      *fix = g_strdup (_("Check this computer’s network and DNS settings, or use the PBX’s IP "
                         "address."));
      return g_strdup_printf (_("The host name “%s” could not be looked up: %s."), host,
                              error->message);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      *fix = g_strdup (_("Check the network route to the PBX (a VPN, the routing)."));
      return g_strdup_printf (_("%s cannot be reached from this computer: %s."), host,
                              error->message);
    }
  *fix = NULL;
  return g_strdup_printf (_("Could not connect to %s port %u: %s."), host, port, error->message);
}

static void check_tls (GTask *task);
static void read_banner (GTask *task);

static void
report_tls_not_used (Run *run)
{
  g_autofree char *snippet = NULL;
  AstrixCheckResult *row;

  if (run->remote_loopback)
    {
      report (run, "tls", ASTRIX_CHECK_OK, _("Not used, and not needed: the PBX is on this "
                                             "computer."));
      return;
    }
  row = report (run, "tls", ASTRIX_CHECK_WARNING,
                _("Not used: the calls’ channels, numbers and names cross the network "
                  "unencrypted. The login uses an MD5 challenge, so the secret itself is not "
                  "sent."));
  snippet = g_strdup_printf ("[general]\n"
                             "tlsenable = yes\n"
                             "tlsbindaddr = 0.0.0.0:5039\n"
                             "tlscertfile = /etc/asterisk/keys/asterisk.pem\n"
                             "tlsprivatekey = /etc/asterisk/keys/asterisk.key\n");
  astrix_check_result_set_fix (row, _("Enable TLS on the PBX and connect with amis:// (port "
                                      "5039)."), "manager.conf", snippet);
}

static void
remember_addresses (Run               *run,
                    GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

  GInetAddress *address;

  if (G_IS_INET_SOCKET_ADDRESS (local))
    {
      address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
      run->local_address = g_inet_address_to_string (address);
    }
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
      run->remote_loopback = g_inet_address_get_is_loopback (address);
    }
}

static void
tcp_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;

  run->tcp = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  op_done (run, &error);
  if (stop_if_cancelled (task))
    {
      g_steal_pointer (&task);
      return;
    }
  if (run->tcp == NULL)
    {
      gboolean refused = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
      g_autofree char *snippet = refused ? listener_snippet (run) : NULL;

      message = describe_connect_error (run, error, &fix);
      astrix_check_result_set_fix (report (run, "connection", ASTRIX_CHECK_FAILED, message), fix,
                                   refused ? "manager.conf" : NULL, snippet);
      finish (g_steal_pointer (&task), "connection");
      return;
    }

  remember_addresses (run, run->tcp);
  message = g_strdup_printf (_("%s port %u accepts connections (this computer is %s on that "
                               "connection)."),
                             astrix_server_config_get_host (run->config),
                             astrix_server_config_get_port (run->config),
                             run->local_address != NULL ? run->local_address : "?");
  report (run, "connection", ASTRIX_CHECK_OK, message);
  if (astrix_server_config_get_use_tls (run->config))
    {
      check_tls (g_steal_pointer (&task));
      return;
    }
  report_tls_not_used (run);
  run->stream = G_IO_STREAM (g_object_ref (run->tcp));
  read_banner (g_steal_pointer (&task));
}

static void
check_tcp (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address =
    g_network_address_new (astrix_server_config_get_host (run->config),
                           astrix_server_config_get_port (run->config));

  /* AMI is not HTTP: never through a proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, address, op_start (run, run->self->timeout_ms),
                                 tcp_done, task);
}

/* TLS */

static char *
format_fingerprint (const char *hex)
{
  GString *out = g_string_new (NULL);

  for (const char *p = hex; p[0] != '\0' && p[1] != '\0'; p += 2)
    {
      if (out->len > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (p[0]));
      g_string_append_c (out, g_ascii_toupper (p[1]));
    }
  return g_string_free (out, FALSE);
}

static char *
normalize_fingerprint (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

static char *
certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static gboolean
pinned_matches (Run *run)
{
  g_autofree char *pinned =
    normalize_fingerprint (astrix_server_config_get_pinned_certificate (run->config));

  return pinned[0] != '\0' && g_strcmp0 (pinned, run->fingerprint) == 0;
}

static void
remember_peer (Run                  *run,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors)
{
  g_set_object (&run->peer, certificate);
  run->peer_errors = errors;
  g_free (run->fingerprint);
  run->fingerprint = certificate_fingerprint (certificate);
}

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Run                  *run)
{
  remember_peer (run, certificate, errors);
  return pinned_matches (run);
}

/* The names a certificate is for, for a sentence: "other.example, 192.0.2.1". */
static char *
certificate_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) dns = NULL;
  g_autoptr(GPtrArray) ips = NULL;
  g_autofree char *subject = NULL;
  GString *out = g_string_new (NULL);

  g_object_get (certificate, "dns-names", &dns, "ip-addresses", &ips, "subject-name", &subject,
                NULL);
  for (guint i = 0; dns != NULL && i < dns->len; i++)
    {
      gsize len;
      const char *name = g_bytes_get_data (g_ptr_array_index (dns, i), &len);

      g_string_append_printf (out, "%s%.*s", out->len > 0 ? ", " : "", (int) len, name);
    }
  for (guint i = 0; ips != NULL && i < ips->len; i++)
    {
      g_autofree char *ip = g_inet_address_to_string (g_ptr_array_index (ips, i));

      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", ip);
    }
  if (out->len == 0 && subject != NULL)
    g_string_append (out, subject);
  return g_string_free (out, FALSE);
}

static char *
describe_certificate_errors (Run *run)
{
  GString *out = g_string_new (NULL);
  GTlsCertificateFlags errors = run->peer_errors;

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_string_append (out, _("It is not signed by an authority this computer trusts (a "
                            "self-signed certificate?). "));
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    {
      g_autofree char *names = certificate_names (run->peer);

      g_string_append_printf (out, _("It is for %s, not for “%s”. "), names,
                              astrix_server_config_get_host (run->config));
    }
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    g_string_append (out, _("It has expired. "));
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_string_append (out, _("It is not valid yet (is this computer’s clock right?). "));
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    g_string_append (out, _("It has been revoked. "));
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    g_string_append (out, _("It uses an insecure algorithm. "));
  if (errors & G_TLS_CERTIFICATE_GENERIC_ERROR)
    g_string_append (out, _("It could not be verified. "));
  return g_string_free (out, FALSE);
}

static void
report_certificate_refused (Run *run)
{
  g_autofree char *pretty = format_fingerprint (run->fingerprint);
  g_autofree char *problems = describe_certificate_errors (run);
  g_autofree char *message = NULL;
  const char *pinned = astrix_server_config_get_pinned_certificate (run->config);
  AstrixCheckResult *row;

  if (pinned != NULL)
    {
      g_autofree char *normalized = normalize_fingerprint (pinned);
      g_autofree char *pinned_pretty = format_fingerprint (normalized);

      message = g_strdup_printf (_("The certificate does not match the pinned one. Pinned: "
                                   "SHA-256 %s. Presented now: SHA-256 %s. %s"),
                                 pinned_pretty, pretty, problems);
      row = report (run, "tls", ASTRIX_CHECK_FAILED, g_strstrip (message));
      astrix_check_result_set_fix (row, _("If the PBX’s certificate was renewed, compare the "
                                          "fingerprint on the PBX, forget the pinned certificate in "
                                          "the server’s settings and trust the new one (Trust "
                                          "Certificate… in the main window). If nobody "
                                          "changed it, someone may be intercepting the "
                                          "connection: do not log in."),
                                   _("On the PBX"), fingerprint_command);
      return;
    }
  message = g_strdup_printf (_("The certificate was refused. %sIts SHA-256 fingerprint is %s."),
                             problems, pretty);
  row = report (run, "tls", ASTRIX_CHECK_FAILED, message);
  astrix_check_result_set_fix (row, _("Compare this fingerprint with the one the PBX shows. If "
                                      "they are the same, trust it with Trust Certificate… in "
                                      "the main window, or choose the file of the authority that "
                                      "signed it in the server’s settings; if they differ, do not "
                                      "connect."),
                               _("On the PBX"), fingerprint_command);
}

static void
report_tls_ok (Run *run)
{
  g_autofree char *pretty = NULL;
  g_autofree char *message = NULL;
  g_autofree char *names = NULL;
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (run->stream));

  if (run->fingerprint == NULL && peer != NULL)
    remember_peer (run, peer, 0);
  pretty = format_fingerprint (run->fingerprint != NULL ? run->fingerprint : "");
  if (run->peer_errors != 0)
    {
      message = g_strdup_printf (_("The certificate is the pinned one (SHA-256 %s)."), pretty);
    }
  else
    {
      names = run->peer != NULL ? certificate_names (run->peer) : g_strdup ("?");
      message = g_strdup_printf (_("The certificate is valid, trusted and for %s (SHA-256 %s)."),
                                 names, pretty);
    }
  report (run, "tls", ASTRIX_CHECK_OK, message);
}

static void
report_not_tls (Run          *run,
                const GError *error,
                gboolean      speaks_plain)
{
  g_autofree char *message = NULL;
  g_autofree char *snippet = listener_snippet (run);
  AstrixCheckResult *row;

  if (speaks_plain)
    message = g_strdup_printf (_("%s port %u does not speak TLS: it greets in plain AMI."),
                               astrix_server_config_get_host (run->config),
                               astrix_server_config_get_port (run->config));
  else
    message = g_strdup_printf (_("The TLS handshake with %s failed: %s."),
                               astrix_server_config_get_host (run->config), error->message);
  row = report (run, "tls", ASTRIX_CHECK_FAILED, message);
  astrix_check_result_set_fix (row, _("Connect with ami:// to the plain port, or enable TLS on "
                                      "the PBX and connect to its TLS port (usually 5039)."),
                               "manager.conf", snippet);
}

/* A failed step that a probe of the other protocol explains: TLS, or plain AMI, on that port? */
typedef struct
{
  GTask        *task;
  GError       *error;
  const char   *id;        /* the row it ends */
  void        (*explain) (Run *run, const GError *error, gboolean other_answers);
} OtherProtocol;

static void
other_protocol_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  OtherProtocol *probe = data;
  g_autoptr(GTask) task = probe->task;
  g_autoptr(GError) error = probe->error;
  Run *run = g_task_get_task_data (task);
  gboolean answers = _astrix_server_check_probe_finish (result, NULL);
  const char *id = probe->id;
  void (*explain) (Run *, const GError *, gboolean) = probe->explain;

  g_free (probe);
  if (stop_if_cancelled (task))
    {
      g_steal_pointer (&task);
      return;
    }
  explain (run, error, answers);
  finish (g_steal_pointer (&task), id);
}

/* Takes @task and @error; @tls: probe for TLS (else for a plain AMI greeting) */
static void
probe_other_protocol (GTask       *task,
                      GError      *error,
                      gboolean     tls,
                      const char  *id,
                      void       (*explain) (Run *run, const GError *error, gboolean other_answers))
{
  Run *run = g_task_get_task_data (task);
  OtherProtocol *probe = g_new0 (OtherProtocol, 1);

  probe->task = task;
  probe->error = error;
  probe->id = id;
  probe->explain = explain;
  _astrix_server_check_probe_async (astrix_server_config_get_host (run->config),
                                    astrix_server_config_get_port (run->config), tls,
                                    run->self->timeout_ms, run->cancellable,
                                    other_protocol_done, probe);
}

static void
handshake_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  op_done (run, &error);
  if (stop_if_cancelled (task))
    {
      g_steal_pointer (&task);
      return;
    }
  if (error == NULL)
    {
      report_tls_ok (run);
      read_banner (g_steal_pointer (&task));
      return;
    }
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) && run->peer != NULL)
    {
      report_certificate_refused (run);
      finish (g_steal_pointer (&task), "tls");
      return;
    }
  /* Not TLS? A plain AMI greeting on the same port tells. */
  probe_other_protocol (g_steal_pointer (&task), g_steal_pointer (&error), FALSE, "tls",
                        report_not_tls);
}

static void
check_tls (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSocketConnectable) identity =
    g_network_address_new (astrix_server_config_get_host (run->config),
                           astrix_server_config_get_port (run->config));
  g_autoptr(GError) error = NULL;
  g_autofree char *ca_file = NULL;
  GIOStream *tls = g_tls_client_connection_new (G_IO_STREAM (run->tcp), identity, &error);

  if (tls == NULL)
    {
      report_not_tls (run, error, FALSE);
      finish (task, "tls");
      return;
    }
  run->stream = tls;
  g_object_get (run->config, "ca-file", &ca_file, NULL);
  if (ca_file != NULL && ca_file[0] != '\0')
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);

      if (database == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The file of certificate authorities "
                                                        "could not be read: %s."),
                                                      error->message);

          astrix_check_result_set_fix (report (run, "tls", ASTRIX_CHECK_FAILED, message),
                                       _("Choose a PEM file of the authorities that sign the "
                                         "PBX’s certificate in the server’s settings."),
                                       NULL, NULL);
          finish (task, "tls");
          return;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), run);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    op_start (run, run->self->timeout_ms), handshake_done, task);
}

/* The banner */

static void login (GTask *task);

static void
report_no_banner (Run          *run,
                  const GError *error,
                  gboolean      speaks_tls)
{
  const char *host = astrix_server_config_get_host (run->config);
  guint port = astrix_server_config_get_port (run->config);
  g_autofree char *message = NULL;
  AstrixCheckResult *row;

  if (speaks_tls)
    {
      message = g_strdup_printf (_("%s port %u speaks TLS: it waits for a TLS handshake instead "
                                   "of greeting in plain AMI."), host, port);
      row = report (run, "banner", ASTRIX_CHECK_FAILED, message);
      astrix_check_result_set_fix (row, _("Connect with amis:// (TLS) to this port, or with "
                                          "ami:// to the PBX’s plain port (usually 5038)."),
                                   NULL, NULL);
      return;
    }
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s port %u accepted the connection but sent no "
                                            "greeting within %u second: it does not look like "
                                            "the Asterisk Manager Interface.",
                                            "%s port %u accepted the connection but sent no "
                                            "greeting within %u seconds: it does not look like "
                                            "the Asterisk Manager Interface.",
                                            seconds (run->self->timeout_ms)),
                               host, port, seconds (run->self->timeout_ms));
  else if (error != NULL)
    message = g_strdup_printf (_("%s port %u sent no greeting: %s."), host, port, error->message);
  else
    message = g_strdup_printf (_("%s port %u closed the connection without a greeting: the PBX "
                                 "may refuse this computer, or allow no more sessions."),
                               host, port);
  row = report (run, "banner", ASTRIX_CHECK_FAILED, message);
  astrix_check_result_set_fix (row, _("Check the port: the manager interface is usually on 5038 "
                                      "(5039 with TLS), as set in manager.conf. The Asterisk log "
                                      "tells why a connection was closed."), NULL, NULL);
}

/* The Asterisk release of an AMI version: 9 came with Asterisk 20, 10 with 21, 11 with 22. */
static int
asterisk_release (const char *ami_version)
{
  gint64 major = g_ascii_strtoll (ami_version, NULL, 10);

  return major >= 2 ? (int) major + 11 : 0;
}

static void
report_banner (Run        *run,
               const char *banner)
{
  static const char prefix[] = "Asterisk Call Manager/";
  g_autofree char *message = NULL;
  const char *version;
  int release;

  if (!g_str_has_prefix (banner, prefix))
    {
      message = g_strdup_printf (_("Something answers on %s port %u, but not the Asterisk "
                                   "Manager Interface: it said “%s”."),
                                 astrix_server_config_get_host (run->config),
                                 astrix_server_config_get_port (run->config), banner);
      astrix_check_result_set_fix (report (run, "banner", ASTRIX_CHECK_FAILED, message),
                                   _("Check the port: the manager interface is usually on 5038 "
                                     "(5039 with TLS)."), NULL, NULL);
      return;
    }
  version = banner + strlen (prefix);
  release = asterisk_release (version);
  if (release > 0 && release < 20)
    {
      message = g_strdup_printf (_("It greets as “%s”: AMI %s, Asterisk %d. Astrix Assist is "
                                   "made for Asterisk 20 and later; older versions may behave "
                                   "differently."), banner, version, release);
      report (run, "banner", ASTRIX_CHECK_WARNING, message);
      return;
    }
  if (release > 0)
    message = g_strdup_printf (_("It greets as “%s”: AMI %s, Asterisk %d."), banner, version,
                               release);
  else
    message = g_strdup_printf (_("It greets as “%s”."), banner);
  report (run, "banner", ASTRIX_CHECK_OK, message);
}

static void
banner_failed (GTask  *task,
               GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (astrix_server_config_get_use_tls (run->config) ||
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      report_no_banner (run, error, FALSE);
      g_clear_error (&error);
      finish (task, "banner");
      return;
    }
  /* A silent plain port may be a TLS one. */
  probe_other_protocol (task, error, TRUE, "banner", report_no_banner);
}

static void
banner_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *line = _astrix_server_check_read_line_finish (result, &error);

  op_done (run, &error);
  if (stop_if_cancelled (task))
    {
      g_clear_error (&error);
      g_steal_pointer (&task);
      return;
    }
  /* The probe connection has served; the login makes its own. */
  g_clear_object (&run->stream);
  g_clear_object (&run->tcp);
  if (line == NULL)
    {
      banner_failed (g_steal_pointer (&task), error);
      return;
    }
  report_banner (run, line);
  if (astrix_check_result_get_status (find_row (run, "banner")) ==
      ASTRIX_CHECK_FAILED)
    {
      finish (g_steal_pointer (&task), "banner");
      return;
    }
  login (g_steal_pointer (&task));
}

static void
read_banner (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  _astrix_server_check_read_line_async (run->stream, op_start (run, run->self->timeout_ms),
                                        banner_done, task);
}

/* The login */

static void list_commands (GTask *task);

static gboolean
is_call_event (AmiMessage *event)
{
  const char *privilege = ami_message_get (event, "Privilege");
  g_auto(GStrv) classes = NULL;

  if (privilege == NULL)
    return FALSE;
  classes = g_strsplit (privilege, ",", -1);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (g_strstrip (classes[i]), "call") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_event (AmiClient  *client,
          AmiMessage *event,
          Run        *run)
{
  if (run->saw_call_event || !is_call_event (event))
    return;
  run->saw_call_event = TRUE;
  if (run->waiting != NULL)
    {
      g_clear_handle_id (&run->wait_timer, g_source_remove);
      run->wait_timer = g_idle_add (wake_waiting, run);
    }
}

static void
report_login_failed (Run          *run,
                     const GError *error)
{
  g_autofree char *snippet = NULL;
  g_autofree char *fix = NULL;
  g_autofree char *sentence = NULL;
  AstrixCheckResult *row;

  if (!g_error_matches (error, AMI_ERROR, AMI_ERROR_AUTHENTICATION_FAILED))
    {
      sentence = astrix_describe_error (error);
      report (run, "login", ASTRIX_CHECK_FAILED, sentence);
      return;
    }
  row = report (run, "login", ASTRIX_CHECK_FAILED,
                _("The PBX answered “Authentication failed”. Asterisk gives this same answer "
                  "for a wrong secret, for a user name manager.conf does not have, and for a "
                  "computer the user’s permit and deny lines do not allow: from here the three "
                  "cannot be told apart."));
  fix = g_strdup_printf (_("In manager.conf, check that the section [%s] exists, that its "
                           "secret is the one stored in Astrix Assist, and that a permit line "
                           "covers this computer (%s, unless a NAT is in between); then run "
                           "asterisk -rx \"manager reload\". The Asterisk log says which it was: "
                           "“failed to pass IP ACL” (the address), “tried to authenticate with "
                           "nonexistent user” (the user name) or “failed to authenticate as” "
                           "(the secret)."),
                         astrix_server_config_get_username (run->config),
                         run->local_address != NULL ? run->local_address : "?");
  snippet = account_snippet (run);
  astrix_check_result_set_fix (row, fix, "manager.conf", snippet);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!ami_client_connect_finish (AMI_CLIENT (source), result, &error) &&
      g_cancellable_is_cancelled (run->cancellable))
    {
      complete (g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      report_login_failed (run, error);
      finish (g_steal_pointer (&task), "login");
      return;
    }
  run->logged_in_at = g_get_monotonic_time ();
  if (astrix_server_config_get_use_tls (run->config))
    message = g_strdup_printf (_("Logged in as “%s”, inside TLS."),
                               astrix_server_config_get_username (run->config));
  else
    message = g_strdup_printf (_("Logged in as “%s” with an MD5 challenge: the secret itself "
                                 "was not sent."),
                               astrix_server_config_get_username (run->config));
  report (run, "login", ASTRIX_CHECK_OK, message);
  list_commands (g_steal_pointer (&task));
}

static void
login (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  const char *pinned = astrix_server_config_get_pinned_certificate (run->config);
  g_autofree char *ca_file = NULL;

  if (run->secret == NULL)
    {
      report (run, "login", ASTRIX_CHECK_FAILED, _("No secret was given, so the login was not "
                                                   "tried."));
      finish (task, "login");
      return;
    }
  run->client = ami_client_new (astrix_server_config_get_host (run->config),
                                astrix_server_config_get_port (run->config),
                                astrix_server_config_get_use_tls (run->config));
  g_object_set (run->client,
                "auto-reconnect", FALSE,
                "connect-timeout", 2 * run->self->timeout_ms,
                "action-timeout", run->self->timeout_ms,
                "ping-interval", 0u,
                NULL);
  ami_client_set_credentials (run->client, astrix_server_config_get_username (run->config),
                              run->secret);
  wipe (&run->secret);
  if (pinned != NULL)
    ami_client_set_pinned_certificate (run->client, pinned);
  g_object_get (run->config, "ca-file", &ca_file, NULL);
  if (ca_file != NULL && ca_file[0] != '\0')
    ami_client_set_ca_file (run->client, ca_file);
  run->event_handler = g_signal_connect (run->client, "event", G_CALLBACK (on_event), run);
  ami_client_connect_async (run->client, run->cancellable, login_done, task);
}

/* What the user may do: ListCommands */

static gboolean
allowed (Run        *run,
         const char *action)
{
  g_autofree char *key = g_ascii_strdown (action, -1);

  /* Unknown (ListCommands failed): try, and read the answer. */
  return run->allowed == NULL || g_hash_table_contains (run->allowed, key);
}

static GHashTable *
parse_list_commands (AmiMessage *response)
{
  GHashTable *actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < ami_message_get_n_fields (response); i++)
    {
      const char *key = ami_message_get_key (response, i);

      if (g_ascii_strcasecmp (key, "Response") != 0 && g_ascii_strcasecmp (key, "ActionID") != 0 &&
          g_ascii_strcasecmp (key, "Message") != 0)
        g_hash_table_add (actions, g_ascii_strdown (key, -1));
    }
  return actions;
}

/* The actions the app runs, the write class each needs, and what it is for. */
static const struct
{
  const char *action;
  const char *classes;
  const char *purpose;
} needed[] = {
  { "Originate", "originate", N_("ring your phone to monitor a call or play a recording") },
  { "PlayDTMF", "call", N_("switch between listening, whispering and barging") },
  { "Hangup", "call", N_("stop monitoring") },
  { "CoreShowChannels", "reporting", N_("list the calls already going on when it connects") },
};

static void
report_permissions (Run *run)
{
  g_autoptr(GString) refused = g_string_new (NULL);
  g_autofree char *snippet = NULL;
  g_autofree char *message = NULL;
  AstrixCheckResult *row;

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      if (allowed (run, needed[i].action))
        continue;
      if (refused->len > 0)
        g_string_append (refused, " ");
      /* TRANSLATORS: an AMI action the user may not run, its write class, and what for */
      g_string_append_printf (refused, _("%s (write class %s) is refused: the app cannot %s."),
                              needed[i].action, needed[i].classes, _(needed[i].purpose));
    }
  if (refused->len == 0)
    {
      report (run, "permissions", ASTRIX_CHECK_OK,
              _("The user may run every action the app needs: Originate, PlayDTMF, Hangup and "
                "CoreShowChannels."));
      return;
    }
  row = report (run, "permissions", ASTRIX_CHECK_FAILED, refused->str);
  snippet = rights_snippet (run);
  message = g_strdup_printf (_("Give the user [%s] the write classes originate, call and "
                               "reporting (and no more), then run asterisk -rx \"manager "
                               "reload\"."),
                             astrix_server_config_get_username (run->config));
  astrix_check_result_set_fix (row, message, "manager.conf", snippet);
}

/* Write classes that give more than the app needs, seen from actions only they allow. */
static const struct
{
  const char *action;
  const char *classes;
  const char *risk;
} excessive[] = {
  { "Command", "command", N_("run any console command, including a shutdown") },
  { "ModuleLoad", "system", N_("load and unload modules") },
  { "UpdateConfig", "config", N_("change the configuration files") },
  { "GetConfig", "system, config", N_("read the configuration files, secrets included") },
};

static void
report_privilege (Run *run)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autofree char *snippet = NULL;
  AstrixCheckResult *row;

  for (guint i = 0; run->allowed != NULL && i < G_N_ELEMENTS (excessive); i++)
    {
      if (!allowed (run, excessive[i].action))
        continue;
      if (extra->len > 0)
        g_string_append (extra, " ");
      /* TRANSLATORS: an AMI action, its write class, and what it lets a stolen secret do */
      g_string_append_printf (extra, _("%s (write class %s) lets it %s."), excessive[i].action,
                              excessive[i].classes, _(excessive[i].risk));
    }
  if (extra->len == 0)
    {
      report (run, "privilege", ASTRIX_CHECK_OK,
              _("The user has none of the powerful write classes system, command and config."));
      return;
    }
  g_string_prepend (extra, _("The user may do more than the app needs. "));
  row = report (run, "privilege", ASTRIX_CHECK_WARNING, extra->str);
  snippet = rights_snippet (run);
  astrix_check_result_set_fix (row, _("Least privilege: leave only the write classes "
                                      "originate, call and reporting, so a stolen secret can do "
                                      "no more than monitor. (With system, this check can also "
                                      "verify the modules.)"),
                               "manager.conf", snippet);
}

static void plan_probes (Run *run);
static void run_probes (GTask *task);

static void
list_commands_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  NULL, &error);
  g_autofree char *message = NULL;

  if (stop_if_cancelled (task))
    {
      g_steal_pointer (&task);
      return;
    }
  if (response == NULL)
    {
      g_autofree char *sentence = astrix_describe_error (error);

      message = g_strdup_printf (_("The PBX did not list the actions this user may run: %s"),
                                 sentence);
      report (run, "permissions", ASTRIX_CHECK_UNVERIFIED, message);
      report (run, "privilege", ASTRIX_CHECK_UNVERIFIED, message);
    }
  else
    {
      run->allowed = parse_list_commands (response);
      report_permissions (run);
      report_privilege (run);
    }
  plan_probes (run);
  run_probes (g_steal_pointer (&task));
}

static void
list_commands (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(AmiAction) action = ami_action_new ("ListCommands");

  ami_client_send_action_async (run->client, action, run->cancellable, list_commands_done, task);
}

/* Questions over AMI, one after another */

static void
add_probe (Run        *run,
           AmiAction  *action,
           ProbeFunc   func,
           const char *subject,
           int         detail)
{
  Probe *probe = g_new0 (Probe, 1);

  probe->action = action;
  probe->func = func;
  probe->subject = g_strdup (subject);
  probe->detail = detail;
  g_queue_push_tail (&run->probes, probe);
}

/* Modules */

static const char *
module_purpose (const char *module)
{
  if (g_str_equal (module, "app_chanspy"))
    return _("listen, whisper or barge in");
  if (g_str_equal (module, "app_controlplayback"))
    return _("play recordings on your phone with pause and skip");
  return _("bring the audio of calls to this computer");
}

static void
report_module (Run               *run,
               const char        *module,
               AstrixCheckStatus  status,
               const char        *how)
{
  g_autofree char *id = g_strconcat ("module-", module, NULL);
  g_autofree char *message = NULL;
  g_autofree char *fix = NULL;
  g_autofree char *command = NULL;
  AstrixCheckResult *row;

  if (status == ASTRIX_CHECK_OK)
    {
      message = g_strdup_printf (_("%s is loaded (%s)."), module, how);
      report (run, id, ASTRIX_CHECK_OK, message);
      return;
    }
  if (status == ASTRIX_CHECK_FAILED)
    {
      message = g_strdup_printf (_("%s is not loaded (%s): the app cannot %s."), module, how,
                                 module_purpose (module));
      fix = g_strdup_printf (_("Load it on the PBX, and remove any “noload => %s.so” line from "
                               "modules.conf so that it loads at the next start."), module);
      command = g_strdup_printf ("asterisk -rx \"module load %s.so\"", module);
    }
  else
    {
      message = g_strdup_printf (_("Could not verify with this user’s rights: %s."), how);
      fix = g_strdup (_("Check on the PBX:"));
      command = g_strdup_printf ("asterisk -rx \"module show like %s\"", module);
    }
  row = report (run, id, status, message);
  astrix_check_result_set_fix (row, fix, _("On the PBX"), command);
}

static void
module_check_done (Run          *run,
                   Probe        *probe,
                   AmiMessage   *response,
                   GPtrArray    *events,
                   const GError *error)
{
  g_autofree char *how = NULL;

  if (response != NULL)
    report_module (run, probe->subject, ASTRIX_CHECK_OK, "ModuleCheck");
  else if (g_error_matches (error, AMI_ERROR, AMI_ERROR_ACTION_FAILED))
    report_module (run, probe->subject, ASTRIX_CHECK_FAILED, "ModuleCheck");
  else
    {
      how = g_strdup_printf (_("ModuleCheck failed: %s"), error->message);
      report_module (run, probe->subject, ASTRIX_CHECK_UNVERIFIED, how);
    }
}

/* `module show like NAME` prints NAME.so in a row of its own when it is loaded. */
static gboolean
output_lists_module (AmiMessage *response,
                     const char *module)
{
  g_auto(GStrv) lines = ami_message_dup_values (response, "Output");
  g_autofree char *file = g_strconcat (module, ".so", NULL);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], file) &&
          (lines[i][strlen (file)] == ' ' || lines[i][strlen (file)] == '\0'))
        return TRUE;
    }
  return FALSE;
}

static void
module_command_done (Run          *run,
                     Probe        *probe,
                     AmiMessage   *response,
                     GPtrArray    *events,
                     const GError *error)
{
  g_autofree char *how = NULL;

  if (response == NULL)
    {
      how = g_strdup_printf (_("module show like failed: %s"), error->message);
      report_module (run, probe->subject, ASTRIX_CHECK_UNVERIFIED, how);
      return;
    }
  report_module (run, probe->subject,
                 output_lists_module (response, probe->subject) ? ASTRIX_CHECK_OK
                                                                : ASTRIX_CHECK_FAILED,
                 "module show like");
}

/* Without system or command: what ListCommands says, where it says anything. */
static void
module_deduce (Run          *run,
               Probe        *probe,
               AmiMessage   *response,
               GPtrArray    *events,
               const GError *error)
{
  gboolean controlplayback = g_str_equal (probe->subject, "app_controlplayback");

  if (controlplayback && run->allowed != NULL && allowed (run, "ControlPlayback"))
    report_module (run, probe->subject, ASTRIX_CHECK_OK,
                   _("the PBX offers its ControlPlayback action"));
  else if (controlplayback && run->allowed != NULL && allowed (run, "PlayDTMF"))
    /* The user has the class ControlPlayback needs (call, as PlayDTMF): only a missing
     * module keeps the action off the list. */
    report_module (run, probe->subject, ASTRIX_CHECK_FAILED,
                   _("the user has the call class, yet the PBX does not offer the "
                     "ControlPlayback action this module brings"));
  else
    report_module (run, probe->subject, ASTRIX_CHECK_UNVERIFIED,
                   _("that takes the system class (ModuleCheck) or the command class, which "
                     "the app does not need otherwise"));
}

static void
plan_module (Run        *run,
             const char *module)
{
  if (allowed (run, "ModuleCheck"))
    add_probe (run, ami_action_new_with ("ModuleCheck", "Module", module, NULL),
               module_check_done, module, 0);
  else if (run->allowed != NULL && allowed (run, "Command"))
    {
      g_autofree char *command = g_strdup_printf ("module show like %s", module);

      add_probe (run, ami_action_new_with ("Command", "Command", command, NULL),
                 module_command_done, module, 0);
    }
  else
    add_probe (run, NULL, module_deduce, module, 0);
}

/* Dialplan contexts */

static char *
context_snippet (const char *context,
                 int         detail)
{
  const char *variable = detail < 0 ? "RECFILE" : "SPYTARGET";
  const char *application;

  switch (detail)
    {
    case ASTRIX_MONITOR_MODE_LISTEN:
      application = "ChanSpy(${SPYTARGET},qEubd)";
      break;
    case ASTRIX_MONITOR_MODE_WHISPER:
      application = "ChanSpy(${SPYTARGET},qEubdw)";
      break;
    case ASTRIX_MONITOR_MODE_BARGE:
      application = "ChanSpy(${SPYTARGET},qEubdB)";
      break;
    default:
      application = "ControlPlayback(${RECFILE},3000)";
      break;
    }
  return g_strdup_printf ("[%s]\n"
                          "exten => s,1,GotoIf($[\"${%s}\" = \"\"]?done)\n"
                          " same => n,%s\n"
                          " same => n(done),Hangup()\n",
                          context, variable, application);
}

static void
report_context_missing (Run        *run,
                        Probe      *probe,
                        const char *message)
{
  g_autofree char *id = context_id (probe->subject, probe->detail);
  g_autofree char *snippet = context_snippet (probe->subject, probe->detail);
  AstrixCheckResult *row = report (run, id, ASTRIX_CHECK_FAILED, message);

  astrix_check_result_set_fix (row, _("Add the context to extensions.conf (never in a context "
                                      "your phones can dial), then run asterisk -rx \"dialplan "
                                      "reload\"."),
                               "extensions.conf", snippet);
}

static gboolean
runs_application (GPtrArray  *events,
                  const char *application)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      if (g_strcmp0 (ami_message_get (g_ptr_array_index (events, i), "Application"),
                     application) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
report_context_present (Run        *run,
                        Probe      *probe,
                        gboolean    runs_expected)
{
  g_autofree char *id = context_id (probe->subject, probe->detail);
  g_autofree char *message = NULL;
  g_autofree char *snippet = NULL;
  const char *application = probe->detail < 0 ? "ControlPlayback" : "ChanSpy";

  if (runs_expected)
    {
      message = g_strdup_printf (_("It exists, and its extension s runs %s (for %s)."),
                                 application, mode_name (probe->detail));
      report (run, id, ASTRIX_CHECK_OK, message);
      return;
    }
  message = g_strdup_printf (_("It exists, but its extension s does not run %s, which %s "
                               "needs."), application, mode_name (probe->detail));
  snippet = context_snippet (probe->subject, probe->detail);
  astrix_check_result_set_fix (report (run, id, ASTRIX_CHECK_WARNING, message),
                               _("Compare it with this layout:"), "extensions.conf", snippet);
}

static void
report_context_unverified (Run        *run,
                           Probe      *probe,
                           const char *why)
{
  g_autofree char *id = context_id (probe->subject, probe->detail);
  g_autofree char *command = g_strdup_printf ("asterisk -rx \"dialplan show s@%s\"",
                                              probe->subject);
  g_autofree char *message = g_strdup_printf (_("Could not verify with this user’s rights: %s."),
                                              why);
  AstrixCheckResult *row = report (run, id, ASTRIX_CHECK_UNVERIFIED, message);

  astrix_check_result_set_fix (row, _("Check on the PBX:"), _("On the PBX"), command);
}

static void
context_done (Run          *run,
              Probe        *probe,
              AmiMessage   *response,
              GPtrArray    *events,
              const GError *error)
{
  g_autofree char *message = NULL;

  if (response != NULL)
    {
      report_context_present (run, probe, runs_application (events, probe->detail < 0
                                                                      ? "ControlPlayback"
                                                                      : "ChanSpy"));
      return;
    }
  if (g_error_matches (error, AMI_ERROR, AMI_ERROR_PERMISSION_DENIED))
    {
      report_context_unverified (run, probe, _("ShowDialPlan takes the reporting class"));
      return;
    }
  if (g_str_has_prefix (error->message, "Did not find context"))
    message = g_strdup_printf (_("The PBX has no context “%s”: %s does not work."),
                               probe->subject, mode_name (probe->detail));
  else if (g_str_has_prefix (error->message, "Did not find extension"))
    message = g_strdup_printf (_("The context “%s” exists but has no extension s, where the "
                                 "app sends the call: %s does not work."),
                               probe->subject, mode_name (probe->detail));
  else
    message = g_strdup_printf (_("ShowDialPlan failed: %s."), error->message);
  report_context_missing (run, probe, message);
}

static void
context_unset (Run          *run,
               Probe        *probe,
               AmiMessage   *response,
               GPtrArray    *events,
               const GError *error)
{
  g_autofree char *id = context_id (probe->subject, probe->detail);
  g_autofree char *message = g_strdup_printf (_("No context is set for %s in the server’s "
                                                "settings."), mode_name (probe->detail));

  astrix_check_result_set_fix (report (run, id, ASTRIX_CHECK_FAILED, message),
                               _("Enter the name of the context in the server’s settings, or "
                                 "let the app run ChanSpy and ControlPlayback directly."),
                               NULL, NULL);
}

static void
context_unverifiable (Run          *run,
                      Probe        *probe,
                      AmiMessage   *response,
                      GPtrArray    *events,
                      const GError *error)
{
  report_context_unverified (run, probe, _("ShowDialPlan takes the reporting class"));
}

static void
plan_contexts (Run *run)
{
  g_autoptr(GPtrArray) contexts = configured_contexts (run->config);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i + 1 < contexts->len; i += 2)
    {
      const char *context = g_ptr_array_index (contexts, i);
      int detail = GPOINTER_TO_INT (g_ptr_array_index (contexts, i + 1));

      if (context == NULL || context[0] == '\0')
        add_probe (run, NULL, context_unset, NULL, detail);
      else if (!g_hash_table_add (seen, (gpointer) context))
        continue;
      else if (allowed (run, "ShowDialPlan"))
        add_probe (run, ami_action_new_with ("ShowDialPlan", "Context", context,
                                             "Extension", "s", NULL),
                   context_done, context, detail);
      else
        add_probe (run, NULL, context_unverifiable, context, detail);
    }
}

/* The supervisor's endpoint */

static const char *
describe_device_state (const char *state)
{
  static const struct
  {
    const char *state;
    const char *words;
  } states[] = {
    { "NOT_INUSE", N_("idle") },
    { "INUSE", N_("in use") },
    { "BUSY", N_("busy") },
    { "RINGING", N_("ringing") },
    { "RINGINUSE", N_("ringing and in use") },
    { "ONHOLD", N_("on hold") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (g_strcmp0 (state, states[i].state) == 0)
        return _(states[i].words);
    }
  return NULL;
}

static void
report_endpoint_state (Run        *run,
                       const char *endpoint,
                       const char *state)
{
  g_autofree char *message = NULL;
  const char *words = describe_device_state (state);
  AstrixCheckResult *row;

  if (words != NULL)
    {
      message = g_strdup_printf (_("The PBX knows %s (it is %s now)."), endpoint, words);
      report (run, "endpoint", ASTRIX_CHECK_OK, message);
    }
  else if (g_strcmp0 (state, "INVALID") == 0)
    {
      message = g_strdup_printf (_("The PBX does not know %s: no such endpoint, or its channel "
                                   "driver is not loaded. Monitoring would fail at once."),
                                 endpoint);
      row = report (run, "endpoint", ASTRIX_CHECK_FAILED, message);
      astrix_check_result_set_fix (row, _("Correct your phone in the server’s settings: a PJSIP "
                                          "phone is PJSIP/ and the endpoint’s name in "
                                          "pjsip.conf (SIP/ no longer exists since Asterisk "
                                          "21)."), NULL, NULL);
    }
  else if (g_strcmp0 (state, "UNAVAILABLE") == 0)
    {
      message = g_strdup_printf (_("The PBX knows %s, but the phone is unavailable (not "
                                   "registered, or unreachable): it cannot ring now."), endpoint);
      astrix_check_result_set_fix (report (run, "endpoint", ASTRIX_CHECK_WARNING, message),
                                   _("Switch the phone on and let it register."), NULL, NULL);
    }
  else
    {
      message = g_strdup_printf (_("The PBX gives no state for %s (%s), so whether it knows "
                                   "it could not be verified."), endpoint,
                                 state != NULL && state[0] != '\0' ? state
                                                                    : _("func_devstate not "
                                                                        "loaded?"));
      report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
    }
}

static void
endpoint_done (Run          *run,
               Probe        *probe,
               AmiMessage   *response,
               GPtrArray    *events,
               const GError *error)
{
  g_autofree char *message = NULL;

  if (response != NULL)
    {
      report_endpoint_state (run, probe->subject, ami_message_get (response, "Value"));
      return;
    }
  message = g_strdup_printf (_("Could not verify: Getvar failed: %s."), error->message);
  report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
}

static void
endpoint_unverifiable (Run          *run,
                       Probe        *probe,
                       AmiMessage   *response,
                       GPtrArray    *events,
                       const GError *error)
{
  g_autofree char *message = g_strdup_printf (_("Could not verify with this user’s rights "
                                                "whether the PBX knows %s: Getvar takes the "
                                                "call or reporting class."), probe->subject);

  report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
}

static void
endpoint_audiosocket (Run          *run,
                      Probe        *probe,
                      AmiMessage   *response,
                      GPtrArray    *events,
                      const GError *error)
{
  g_autofree char *message =
    g_strdup_printf (_("This computer: the PBX sends the audio to Astrix Assist over "
                       "AudioSocket. Whether the PBX can connect back to this computer (%s) "
                       "cannot be verified without a call."),
                     run->local_address != NULL ? run->local_address : "?");

  report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED, message);
}

static void
endpoint_unset (Run          *run,
                Probe        *probe,
                AmiMessage   *response,
                GPtrArray    *events,
                const GError *error)
{
  AstrixCheckResult *row;

  if (probe->subject == NULL || probe->subject[0] == '\0')
    {
      row = report (run, "endpoint", ASTRIX_CHECK_UNVERIFIED,
                    _("No phone is set, so none was checked. Monitoring needs one."));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a channel the app can call."),
                                                  probe->subject);

      row = report (run, "endpoint", ASTRIX_CHECK_FAILED, message);
    }
  astrix_check_result_set_fix (row, _("Set your phone’s channel, for example PJSIP/2000, in the "
                                      "server’s settings (or with --endpoint)."), NULL, NULL);
}

/* "Local/2000@supervisor/n" is the device "Local/2000@supervisor" */
static char *
device_of (const char *endpoint)
{
  const char *slash = strchr (endpoint, '/');
  const char *options = slash != NULL ? strchr (slash + 1, '/') : NULL;

  return options != NULL ? g_strndup (endpoint, options - endpoint) : g_strdup (endpoint);
}

static void
plan_endpoint (Run *run)
{
  const char *endpoint = astrix_server_config_get_endpoint (run->config);
  g_autofree char *device = NULL;
  g_autofree char *variable = NULL;

  if (uses_audiosocket (run->config))
    {
      add_probe (run, NULL, endpoint_audiosocket, endpoint, 0);
      return;
    }
  if (endpoint == NULL || strchr (endpoint, '/') == NULL ||
      !astrix_validate_channel_name (endpoint, NULL))
    {
      add_probe (run, NULL, endpoint_unset, endpoint, 0);
      return;
    }
  if (!allowed (run, "Getvar"))
    {
      add_probe (run, NULL, endpoint_unverifiable, endpoint, 0);
      return;
    }
  device = device_of (endpoint);
  variable = g_strdup_printf ("DEVICE_STATE(%s)", device);
  add_probe (run, ami_action_new_with ("Getvar", "Variable", variable, NULL), endpoint_done,
             endpoint, 0);
}

/* The read class */

static AstrixCheckResult *
report_read_class (Run               *run,
                   AstrixCheckStatus  status,
                   const char        *message)
{
  g_autofree char *snippet = NULL;
  AstrixCheckResult *row = report (run, "read-class", status, message);

  run->read_class_done = TRUE;
  if (status != ASTRIX_CHECK_OK)
    {
      snippet = rights_snippet (run);
      astrix_check_result_set_fix (row, _("Make sure the user’s section in manager.conf has "
                                          "read = call, then run asterisk -rx \"manager "
                                          "reload\"."), "manager.conf", snippet);
    }
  return row;
}

/* The "read perm:" line of `manager show user`, or NULL. */
static char *
read_perm (AmiMessage *response)
{
  g_auto(GStrv) lines = ami_message_dup_values (response, "Output");

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *found = strstr (lines[i], "read perm:");

      if (found != NULL)
        return g_strstrip (g_strdup (found + strlen ("read perm:")));
    }
  return NULL;
}

static gboolean
has_class (const char *classes,
           const char *wanted)
{
  g_auto(GStrv) list = g_strsplit (classes, ",", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (g_ascii_strcasecmp (list[i], wanted) == 0 || g_ascii_strcasecmp (list[i], "all") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
manager_user_done (Run          *run,
                   Probe        *probe,
                   AmiMessage   *response,
                   GPtrArray    *events,
                   const GError *error)
{
  g_autofree char *classes = response != NULL ? read_perm (response) : NULL;
  g_autofree char *message = NULL;

  if (classes == NULL)
    return; /* the events will tell */
  if (has_class (classes, "call"))
    {
      message = g_strdup_printf (_("The user reads the events of calls (read = %s)."), classes);
      report_read_class (run, ASTRIX_CHECK_OK, message);
      return;
    }
  message = g_strdup_printf (_("The user does not read the events of calls (read = %s): the "
                               "app would not see calls start and end, nor its own monitoring "
                               "begin."), classes[0] != '\0' ? classes : "none");
  report_read_class (run, ASTRIX_CHECK_FAILED, message);
}

static void check_read_class (GTask *task);

static gboolean
wake_waiting (gpointer data)
{
  Run *run = data;

  run->wait_timer = 0;
  check_read_class (g_steal_pointer (&run->waiting));
  return G_SOURCE_REMOVE;
}

/* Takes @task: the last check, then the end. */
static void
check_read_class (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gint64 waited = (g_get_monotonic_time () - run->logged_in_at) / 1000;
  g_autofree char *message = NULL;

  if (stop_if_cancelled (task))
    return;
  if (!run->read_class_done && run->saw_call_event)
    report_read_class (run, ASTRIX_CHECK_OK,
                       _("Events of calls arrived during the check: the user reads them."));
  if (run->read_class_done)
    {
      finish (task, NULL);
      return;
    }
  if (waited < run->self->event_wait_ms)
    {
      run->waiting = task;
      run->wait_timer = g_timeout_add (run->self->event_wait_ms - waited, wake_waiting, run);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "No event of a call arrived in the %u second of the "
                                          "check: either nothing happened on the PBX, or the "
                                          "user lacks read = call. With this user’s rights the "
                                          "two cannot be told apart.",
                                          "No event of a call arrived in the %u seconds of the "
                                          "check: either nothing happened on the PBX, or the "
                                          "user lacks read = call. With this user’s rights the "
                                          "two cannot be told apart.",
                                          seconds (run->self->event_wait_ms)),
                             seconds (run->self->event_wait_ms));
  report_read_class (run, ASTRIX_CHECK_UNVERIFIED, message);
  finish (task, NULL);
}

/* Running the questions */

static void
plan_probes (Run *run)
{
  plan_module (run, "app_chanspy");
  plan_module (run, "app_controlplayback");
  if (uses_audiosocket (run->config))
    plan_module (run, "chan_audiosocket");
  plan_contexts (run);
  plan_endpoint (run);
  if (run->allowed != NULL && allowed (run, "Command"))
    {
      g_autofree char *command =
        g_strdup_printf ("manager show user %s", astrix_server_config_get_username (run->config));

      add_probe (run, ami_action_new_with ("Command", "Command", command, NULL), manager_user_done,
                 NULL, 0);
    }
}

static void
probe_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  &events, &error);
  Probe *probe = g_steal_pointer (&run->probe);

  if (!stop_if_cancelled (task))
    {
      probe->func (run, probe, response, events, error);
      run_probes (g_steal_pointer (&task));
    }
  else
    {
      g_steal_pointer (&task);
    }
  probe_free (probe);
}

/* Takes @task. */
static void
run_probes (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  Probe *probe;

  while ((probe = g_queue_pop_head (&run->probes)) != NULL && probe->action == NULL)
    {
      probe->func (run, probe, NULL, NULL, NULL);
      probe_free (probe);
    }
  if (probe == NULL)
    {
      check_read_class (task);
      return;
    }
  run->probe = probe;
  ami_client_send_action_async (run->client, probe->action, run->cancellable, probe_done, task);
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

AstrixServerConfig *
astrix_server_check_get_config (AstrixServerCheck *self)
{
  g_return_val_if_fail (ASTRIX_IS_SERVER_CHECK (self), NULL);

  return self->config;
}

/* How long connecting, the TLS handshake, the greeting and each answer may take (5 s). */
void
astrix_server_check_set_timeout (AstrixServerCheck *self,
                                 guint              timeout_ms)
{
  g_return_if_fail (ASTRIX_IS_SERVER_CHECK (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

/* How long after the login to watch for an event of a call (3 s), when nothing else shows
 * the read class. */
void
astrix_server_check_set_event_wait (AstrixServerCheck *self,
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
  Run *run;

  g_return_if_fail (ASTRIX_IS_SERVER_CHECK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, astrix_server_check_run_async);
  if (self->current != NULL)
    {
      /* The latest request wins: the run under way finishes, cancelled, and shows nothing
       * more. */
      Run *previous = g_steal_pointer (&self->current);

      g_cancellable_cancel (previous->cancellable);
    }

  run = g_new0 (Run, 1);
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
  check_tcp (g_steal_pointer (&task));
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

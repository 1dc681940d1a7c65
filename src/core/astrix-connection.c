/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-call-private.h"
#include "astrix-connection.h"
#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-glib-private.h"

/*
 * One configured PBX: its AMI client and its live channels. After every login (the first and
 * each after a reconnection) the channel store is resynchronised with CoreShowChannels, and
 * every event keeps it true in between.
 */

#define RESYNC_TIMEOUT_MS 30000

/* The classes of events the app uses: channels, bridges, ChanSpy, OriginateResponse and
 * Hangup are `call`; queues and their members are `agent`. The rest (dialplan alone is half
 * of a busy PBX's bytes) is asked for only while something needs it: see
 * ami_client_hold_event_class(). */
#define ASTRIX_EVENT_CLASSES "call,agent"

struct _AstrixConnection
{
  GObject                parent_instance;

  AstrixServerConfig    *config;
  AmiClient             *client;
  AstrixChannelStore    *store;
  AstrixCallStore       *calls;          /* derived from store: one per conversation */
  AstrixQueueStore      *queues;         /* QueueStatus after the calls are listed */
  AstrixConnectionState  state;
  char                  *error_text;     /* the last problem, as a sentence */
  GCancellable          *cancellable;    /* of the resync in flight */
  gboolean               holds_dialplan; /* spy groups are learnt from VarSet SPYGROUP */
  AstrixCapabilities     capabilities;   /* ListCommands after each login */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_TEXT,
  PROP_RETRY_AT,
  PROP_CAPABILITIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixConnection, astrix_connection, G_TYPE_OBJECT)

static void
set_state (AstrixConnection      *self,
           AstrixConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_text (AstrixConnection *self,
                const char       *text)
{
  if (_astrix_set_str (&self->error_text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_TEXT]);
}

/* Why the list failed, and what the supervisor sees anyway. */
static char *
describe_resync_error (AstrixConnection *self,
                       const GError     *error)
{
  g_autofree char *sentence = NULL;

  /* A user without `system` or `reporting` (write): the events still bring every call that
   * starts from now on, so say exactly which calls are missing, for as long as it is true. */
  if (g_error_matches (error, AMI_ERROR, AMI_ERROR_PERMISSION_DENIED))
    return g_strdup_printf (_("Calls that were already up on %s when Astrix Assist connected "
                              "cannot be listed: the PBX answered “Permission denied” to "
                              "CoreShowChannels (add “reporting” to the manager user’s write line "
                              "in manager.conf). "
                              "Calls that start from now on are shown."),
                            astrix_connection_get_name (self));
  sentence = astrix_describe_error (error);
  return g_strdup_printf (_("Cannot list the calls on %s: %s"), astrix_connection_get_name (self),
                          sentence);
}

static void
resync_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(AstrixConnection) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(AmiMessage) response = ami_client_send_action_finish (AMI_CLIENT (source), result,
                                                                  &items, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (response == NULL)
    {
      g_autofree char *text = describe_resync_error (self, error);

      /* Without the list the events still add calls as they start. */
      astrix_channel_store_finish_resync (self->store, NULL);
      set_error_text (self, text);
    }
  else
    {
      astrix_channel_store_finish_resync (self->store, items);
      set_error_text (self, NULL);
    }
  if (ami_client_get_state (self->client) == AMI_CLIENT_CONNECTED)
    set_state (self, ASTRIX_CONNECTION_CONNECTED);
  astrix_queue_store_resync (self->queues, self->client, self->cancellable);
}

static void
capabilities_learnt (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(AstrixConnection) self = data;
  g_autoptr(GError) error = NULL;
  AstrixCapabilities found = astrix_capabilities_learn_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* When the PBX would not say, every action is tried and its answer read. */
  self->capabilities = error != NULL ? ASTRIX_CAPABILITIES_ALL : found;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPABILITIES]);
}

static void
on_logged_in (AmiClient        *client,
              AstrixConnection *self)
{
  g_autoptr(AmiAction) list = ami_action_new ("CoreShowChannels");

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_state (self, ASTRIX_CONNECTION_SYNCING);
  astrix_channel_store_begin_resync (self->store);
  ami_client_send_action_full_async (client, list, RESYNC_TIMEOUT_MS, self->cancellable,
                                     resync_done, g_object_ref (self));
  astrix_capabilities_learn_async (client, self->cancellable, capabilities_learnt,
                                   g_object_ref (self));
}

static void
on_event (AmiClient        *client,
          AmiMessage       *event,
          AstrixConnection *self)
{
  astrix_channel_store_handle_event (self->store, event);
  astrix_queue_store_handle_event (self->queues, event);
}

static void
on_client_state (AmiClient        *client,
                 GParamSpec       *pspec,
                 AstrixConnection *self)
{
  const GError *error = ami_client_get_last_error (client);
  g_autofree char *sentence = error != NULL ? astrix_describe_error (error) : NULL;

  switch (ami_client_get_state (client))
    {
    case AMI_CLIENT_DISCONNECTED:
      set_state (self, ASTRIX_CONNECTION_IDLE);
      break;
    case AMI_CLIENT_CONNECTING:
    case AMI_CLIENT_AUTHENTICATING:
      if (self->state != ASTRIX_CONNECTION_RECONNECTING)
        set_state (self, ASTRIX_CONNECTION_CONNECTING);
      break;
    case AMI_CLIENT_CONNECTED:
      break; /* SYNCING, then CONNECTED, from on_logged_in() */
    case AMI_CLIENT_RECONNECTING:
      set_error_text (self, sentence);
      set_state (self, ASTRIX_CONNECTION_RECONNECTING);
      break;
    case AMI_CLIENT_FAILED:
    default:
      set_error_text (self, sentence);
      set_state (self, ASTRIX_CONNECTION_FAILED);
      break;
    }
}

static void
on_retry_at (AmiClient        *client,
             GParamSpec       *pspec,
             AstrixConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

static AmiClient *
make_client (AstrixConnection *self)
{
  AstrixServerConfig *config = self->config;
  AmiClient *client = ami_client_new (astrix_server_config_get_host (config),
                                      astrix_server_config_get_port (config),
                                      astrix_server_config_get_use_tls (config));
  g_autofree char *ca_file = NULL;

  ami_client_set_pinned_certificate (client, astrix_server_config_get_pinned_certificate (config));
  ami_client_set_event_mask (client, ASTRIX_EVENT_CLASSES);
  g_object_get (config, "ca-file", &ca_file, NULL);
  if (ca_file != NULL && ca_file[0] != '\0')
    ami_client_set_ca_file (client, ca_file);

  g_signal_connect_object (client, "logged-in", G_CALLBACK (on_logged_in), self, 0);
  g_signal_connect_object (client, "event", G_CALLBACK (on_event), self, 0);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (on_client_state), self, 0);
  g_signal_connect_object (client, "notify::retry-at", G_CALLBACK (on_retry_at), self, 0);
  return client;
}

/**
 * astrix_connection_start:
 * @secret: the AMI secret; handed to the client and not kept here
 *
 * Connects, and keeps connected: reconnects after failures that retrying can cure.
 */
void
astrix_connection_start (AstrixConnection *self,
                         const char       *secret)
{
  g_return_if_fail (ASTRIX_IS_CONNECTION (self));

  ami_client_set_credentials (self->client, astrix_server_config_get_username (self->config),
                              secret);
  set_error_text (self, NULL);
  ami_client_start (self->client);
}

/* Tries again now (the Retry button), with the credentials given to start(). */
void
astrix_connection_retry (AstrixConnection *self)
{
  set_error_text (self, NULL);
  set_state (self, ASTRIX_CONNECTION_CONNECTING);
  ami_client_retry_now (self->client);
}

static void
close_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  ami_client_close_finish (AMI_CLIENT (source), result, NULL);
}

/* Logs off and stops reconnecting; the channel list empties. */
void
astrix_connection_stop (AstrixConnection *self)
{
  g_cancellable_cancel (self->cancellable);
  ami_client_close_async (self->client, NULL, close_done, NULL);
  astrix_channel_store_clear (self->store);
  astrix_queue_store_clear (self->queues);
  set_state (self, ASTRIX_CONNECTION_IDLE);
}

/* Who the supervisor monitors, in their words: "customer ↔ agent" for a call with both
 * parties, else who is on the channel. */
static char *
describe_call (AstrixConnection *self,
               AstrixChannel    *channel)
{
  AstrixCall *call = _astrix_call_store_lookup_channel (self->calls, channel);
  g_autofree char *customer = call != NULL ? astrix_call_dup_customer (call) : NULL;
  g_autofree char *agent = call != NULL ? astrix_call_dup_agent (call) : NULL;

  if (customer != NULL && agent != NULL)
    /* TRANSLATORS: the monitored call: the customer, then the agent */
    return g_strdup_printf (_("%s ↔ %s"), customer, agent);
  return astrix_channel_dup_caller (channel);
}

/**
 * astrix_connection_create_session:
 * @target: the exact channel name, as listed
 *
 * Returns: (transfer full) (nullable): a session, not started, or %NULL with @error when the
 *   channel is not (or no longer) on the PBX or the server is not connected
 */
AstrixMonitorSession *
astrix_connection_create_session (AstrixConnection   *self,
                                  const char         *target,
                                  AstrixMonitorMode   mode,
                                  GError            **error)
{
  AstrixChannel *channel;
  g_autofree char *caller = NULL;

  if (!astrix_validate_channel_name (target, error))
    return NULL;
  if (self->state != ASTRIX_CONNECTION_CONNECTED && self->state != ASTRIX_CONNECTION_SYNCING)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_NOT_CONNECTED, _("Not connected to %s."),
                   astrix_connection_get_name (self));
      return NULL;
    }

  channel = astrix_channel_store_lookup_by_name (self->store, target);
  if (channel == NULL)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_TARGET_GONE,
                   _("There is no call on %s any more: it has ended."), target);
      return NULL;
    }

  if (astrix_channel_get_outside_groups (channel))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("%s is outside your spy groups (its group is %s): Asterisk would not let you "
                     "monitor it."), target, astrix_channel_get_spy_group (channel));
      return NULL;
    }

  caller = describe_call (self, channel);
  return astrix_monitor_session_new (self->client, self->config, target, caller, mode);
}

static void
astrix_connection_dispose (GObject *object)
{
  AstrixConnection *self = ASTRIX_CONNECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    ami_client_disconnect (self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->calls);
  g_clear_object (&self->store);
  g_clear_object (&self->queues);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (astrix_connection_parent_class)->dispose (object);
}

static void
astrix_connection_finalize (GObject *object)
{
  AstrixConnection *self = ASTRIX_CONNECTION (object);

  g_free (self->error_text);

  G_OBJECT_CLASS (astrix_connection_parent_class)->finalize (object);
}

static void
astrix_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AstrixConnection *self = ASTRIX_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, astrix_connection_get_retry_at (self));
      break;
    case PROP_CAPABILITIES:
      g_value_set_flags (value, self->capabilities);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_connection_class_init (AstrixConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = astrix_connection_dispose;
  object_class->finalize = astrix_connection_finalize;
  object_class->get_property = astrix_connection_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ASTRIX_TYPE_CONNECTION_STATE, ASTRIX_CONNECTION_IDLE,
                       flags);
  properties[PROP_ERROR_TEXT] = g_param_spec_string ("error-text", NULL, NULL, NULL, flags);
  properties[PROP_RETRY_AT] = g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* What the user may do beyond monitoring (none until learnt after the login) */
  properties[PROP_CAPABILITIES] = g_param_spec_flags ("capabilities", NULL, NULL,
                                                      ASTRIX_TYPE_CAPABILITIES, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_connection_init (AstrixConnection *self)
{
}

static void
on_pinned_certificate (AstrixServerConfig *config,
                       GParamSpec         *pspec,
                       AstrixConnection   *self)
{
  ami_client_set_pinned_certificate (self->client,
                                     astrix_server_config_get_pinned_certificate (config));
}

static void
on_spy_groups (AstrixServerConfig *config,
               GParamSpec         *pspec,
               AstrixConnection   *self)
{
  const char * const *groups = astrix_server_config_get_spy_groups (config);
  gboolean scoped = groups != NULL && groups[0] != NULL;

  astrix_channel_store_set_spy_groups (self->store, groups);
  /* A channel's group comes from the dialplan's Set(SPYGROUP=...), a VarSet (class dialplan),
   * unless manager.conf's channelvars puts it in every call event. */
  if (scoped && !self->holds_dialplan)
    ami_client_hold_event_class (self->client, "dialplan");
  else if (!scoped && self->holds_dialplan)
    ami_client_release_event_class (self->client, "dialplan");
  self->holds_dialplan = scoped;
}

/* The supervisor's own calls (ringing the phone for a spy or a playback) are not calls of
 * the centre; the call store knows them by this endpoint from their first event. */
static void
on_endpoint (AstrixServerConfig *config,
             GParamSpec         *pspec,
             AstrixConnection   *self)
{
  astrix_call_store_set_supervisor_endpoint (self->calls,
                                             astrix_server_config_get_endpoint (config));
}

AstrixConnection *
astrix_connection_new (AstrixServerConfig *config)
{
  AstrixConnection *self = g_object_new (ASTRIX_TYPE_CONNECTION, NULL);

  self->config = g_object_ref (config);
  self->store = astrix_channel_store_new (astrix_server_config_get_name (config));
  self->calls = astrix_call_store_new (self->store);
  self->queues = astrix_queue_store_new (0); /* Asterisk's own default wrapuptime */
  self->client = make_client (self);
  on_spy_groups (config, NULL, self);
  on_endpoint (config, NULL, self);
  g_signal_connect_object (config, "notify::endpoint", G_CALLBACK (on_endpoint), self, 0);
  g_signal_connect_object (config, "notify::spy-groups", G_CALLBACK (on_spy_groups), self, 0);
  g_signal_connect_object (config, "notify::pinned-certificate", G_CALLBACK (on_pinned_certificate),
                           self, 0);
  return self;
}

AstrixServerConfig *
astrix_connection_get_config (AstrixConnection *self)
{
  return self->config;
}

AmiClient *
astrix_connection_get_client (AstrixConnection *self)
{
  return self->client;
}

AstrixChannelStore *
astrix_connection_get_store (AstrixConnection *self)
{
  return self->store;
}

/* Returns: (transfer none): the queues and, through them, the agents */
/**
 * astrix_connection_get_calls:
 *
 * Returns: (transfer none): the live calls, one per conversation, derived from the channels
 *   (and so true again after every resync)
 */
AstrixCallStore *
astrix_connection_get_calls (AstrixConnection *self)
{
  return self->calls;
}

AstrixQueueStore *
astrix_connection_get_queues (AstrixConnection *self)
{
  return self->queues;
}

AstrixConnectionState
astrix_connection_get_state (AstrixConnection *self)
{
  return self->state;
}

const char *
astrix_connection_get_name (AstrixConnection *self)
{
  return astrix_server_config_get_name (self->config);
}

/* Returns: (nullable): the last problem with this server, as a sentence */
const char *
astrix_connection_get_error_text (AstrixConnection *self)
{
  return self->error_text;
}

/* Returns: the monotonic time of the next reconnection attempt, or 0 */
gint64
astrix_connection_get_retry_at (AstrixConnection *self)
{
  return self->client != NULL ? ami_client_get_retry_at (self->client) : 0;
}

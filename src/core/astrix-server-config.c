/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "astrix-core-enums.h"
#include "astrix-error.h"
#include "astrix-glib-private.h"
#include "astrix-sent-text-private.h"
#include "astrix-server-config.h"

/*
 * What the app knows about one PBX: where it is, who logs in, how to monitor. Plain typed
 * properties, so the UI binds them to GSettings (g_settings_bind) and the services never read
 * settings themselves. Never the secret: that lives in libsecret only.
 */

struct _AstrixServerConfig
{
  GObject              parent_instance;

  char                *name;
  char                *host;
  guint                port;
  gboolean             use_tls;
  char                *username;
  char                *endpoint;
  AstrixMonitorMethod  monitor_method;
  char                *listen_context;
  char                *whisper_context;
  char                *barge_context;
  gboolean             bridged_only;
  char               **spy_groups;
  char                *pinned_certificate;
  char                *ca_file;
  char                *id;                   /* the settings path element, "" when unsaved */
  char                *recordings_uri;       /* where this desktop reads the recordings */
  char                *pbx_recordings_path;  /* where Asterisk sees the same folder */
  AstrixPlaybackMethod playback_method;
  char                *playback_context;
  char                *agent_context;        /* where Send to Agent dials the agent's extension */
  guint                audiosocket_port;     /* 0: an ephemeral port */
  char               **pause_reasons;        /* the site's reasons to offer for a pause */
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_HOST,
  PROP_PORT,
  PROP_USE_TLS,
  PROP_USERNAME,
  PROP_ENDPOINT,
  PROP_MONITOR_METHOD,
  PROP_LISTEN_CONTEXT,
  PROP_WHISPER_CONTEXT,
  PROP_BARGE_CONTEXT,
  PROP_BRIDGED_ONLY,
  PROP_SPY_GROUPS,
  PROP_PINNED_CERTIFICATE,
  PROP_CA_FILE,
  PROP_ID,
  PROP_RECORDINGS_URI,
  PROP_PBX_RECORDINGS_PATH,
  PROP_PLAYBACK_METHOD,
  PROP_PLAYBACK_CONTEXT,
  PROP_AUDIOSOCKET_PORT,
  PROP_AGENT_CONTEXT,
  PROP_PAUSE_REASONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixServerConfig, astrix_server_config, G_TYPE_OBJECT)

/* The string fields, by property id. */
static char **
string_field (AstrixServerConfig *self,
              guint               prop_id)
{
  switch (prop_id)
    {
    case PROP_NAME: return &self->name;
    case PROP_HOST: return &self->host;
    case PROP_USERNAME: return &self->username;
    case PROP_ENDPOINT: return &self->endpoint;
    case PROP_LISTEN_CONTEXT: return &self->listen_context;
    case PROP_WHISPER_CONTEXT: return &self->whisper_context;
    case PROP_BARGE_CONTEXT: return &self->barge_context;
    case PROP_PINNED_CERTIFICATE: return &self->pinned_certificate;
    case PROP_CA_FILE: return &self->ca_file;
    case PROP_ID: return &self->id;
    case PROP_RECORDINGS_URI: return &self->recordings_uri;
    case PROP_PBX_RECORDINGS_PATH: return &self->pbx_recordings_path;
    case PROP_PLAYBACK_CONTEXT: return &self->playback_context;
    case PROP_AGENT_CONTEXT: return &self->agent_context;
    default: return NULL;
    }
}

static void
astrix_server_config_finalize (GObject *object)
{
  AstrixServerConfig *self = ASTRIX_SERVER_CONFIG (object);

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      char **field = string_field (self, prop);

      if (field != NULL)
        g_free (*field);
    }
  g_strfreev (self->spy_groups);
  g_strfreev (self->pause_reasons);

  G_OBJECT_CLASS (astrix_server_config_parent_class)->finalize (object);
}

static void
astrix_server_config_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AstrixServerConfig *self = ASTRIX_SERVER_CONFIG (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      g_value_set_string (value, *field);
      return;
    }

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_USE_TLS:
      g_value_set_boolean (value, self->use_tls);
      break;
    case PROP_MONITOR_METHOD:
      g_value_set_enum (value, self->monitor_method);
      break;
    case PROP_BRIDGED_ONLY:
      g_value_set_boolean (value, self->bridged_only);
      break;
    case PROP_SPY_GROUPS:
      g_value_set_boxed (value, self->spy_groups);
      break;
    case PROP_PLAYBACK_METHOD:
      g_value_set_enum (value, self->playback_method);
      break;
    case PROP_AUDIOSOCKET_PORT:
      g_value_set_uint (value, self->audiosocket_port);
      break;
    case PROP_PAUSE_REASONS:
      g_value_set_boxed (value, self->pause_reasons);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_server_config_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AstrixServerConfig *self = ASTRIX_SERVER_CONFIG (object);
  char **field = string_field (self, prop_id);

  if (field != NULL)
    {
      if (_astrix_set_str (field, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      return;
    }

  switch (prop_id)
    {
    case PROP_PORT:
      if (self->port != g_value_get_uint (value))
        {
          self->port = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_USE_TLS:
      if (self->use_tls != g_value_get_boolean (value))
        {
          self->use_tls = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MONITOR_METHOD:
      if (self->monitor_method != (AstrixMonitorMethod) g_value_get_enum (value))
        {
          self->monitor_method = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_BRIDGED_ONLY:
      if (self->bridged_only != g_value_get_boolean (value))
        {
          self->bridged_only = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SPY_GROUPS:
      g_strfreev (self->spy_groups);
      self->spy_groups = g_value_dup_boxed (value);
      if (self->spy_groups == NULL)
        self->spy_groups = g_new0 (char *, 1);
      g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_PLAYBACK_METHOD:
      if (self->playback_method != (AstrixPlaybackMethod) g_value_get_enum (value))
        {
          self->playback_method = g_value_get_enum (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_AUDIOSOCKET_PORT:
      if (self->audiosocket_port != g_value_get_uint (value))
        {
          self->audiosocket_port = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PAUSE_REASONS:
      if (g_value_get_boxed (value) == NULL)
        break;   /* never none: the defaults stay */
      g_strfreev (self->pause_reasons);
      self->pause_reasons = g_value_dup_boxed (value);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name,
             const char *default_value)
{
  return g_param_spec_string (name, NULL, NULL, default_value,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static void
astrix_server_config_class_init (AstrixServerConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_server_config_finalize;
  object_class->get_property = astrix_server_config_get_property;
  object_class->set_property = astrix_server_config_set_property;

  properties[PROP_NAME] = string_prop ("name", "");
  properties[PROP_HOST] = string_prop ("host", "");
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 1, 65535, 5038, flags);
  properties[PROP_USE_TLS] = g_param_spec_boolean ("use-tls", NULL, NULL, FALSE, flags);
  properties[PROP_USERNAME] = string_prop ("username", "");
  properties[PROP_ENDPOINT] = string_prop ("endpoint", "PJSIP/2000");
  properties[PROP_MONITOR_METHOD] =
    g_param_spec_enum ("monitor-method", NULL, NULL, ASTRIX_TYPE_MONITOR_METHOD,
                       ASTRIX_MONITOR_METHOD_APPLICATION, flags);
  properties[PROP_LISTEN_CONTEXT] = string_prop ("listen-context", "spy-context");
  properties[PROP_WHISPER_CONTEXT] = string_prop ("whisper-context", "whisper-context");
  properties[PROP_BARGE_CONTEXT] = string_prop ("barge-context", "barge-context");
  properties[PROP_BRIDGED_ONLY] = g_param_spec_boolean ("bridged-only", NULL, NULL, TRUE, flags);
  properties[PROP_SPY_GROUPS] = g_param_spec_boxed ("spy-groups", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PINNED_CERTIFICATE] = string_prop ("pinned-certificate", "");
  properties[PROP_CA_FILE] = string_prop ("ca-file", "");
  properties[PROP_ID] = string_prop ("id", "");
  properties[PROP_RECORDINGS_URI] = string_prop ("recordings-uri", "");
  properties[PROP_PBX_RECORDINGS_PATH] = string_prop ("pbx-recordings-path",
                                                      "/var/spool/asterisk/monitor");
  properties[PROP_PLAYBACK_METHOD] =
    g_param_spec_enum ("playback-method", NULL, NULL, ASTRIX_TYPE_PLAYBACK_METHOD,
                       ASTRIX_PLAYBACK_METHOD_APPLICATION, flags);
  properties[PROP_PLAYBACK_CONTEXT] = string_prop ("playback-context", "playback-context");
  properties[PROP_AUDIOSOCKET_PORT] =
    g_param_spec_uint ("audiosocket-port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_AGENT_CONTEXT] = string_prop ("agent-context", "from-internal");
  properties[PROP_PAUSE_REASONS] = g_param_spec_boxed ("pause-reasons", NULL, NULL, G_TYPE_STRV,
                                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_server_config_init (AstrixServerConfig *self)
{
  static const char *const reasons[] = { "Lunch", "Training", "Coaching", "After-call work", NULL };

  self->spy_groups = g_new0 (char *, 1);
  self->pause_reasons = g_strdupv ((char **) reasons);
}

AstrixServerConfig *
astrix_server_config_new (void)
{
  return g_object_new (ASTRIX_TYPE_SERVER_CONFIG, NULL);
}

/**
 * astrix_server_config_new_from_uri:
 * @uri: `ami://USER@HOST[:PORT]`, or `amis://` for TLS (default ports 5038 and 5039)
 *
 * Returns: (transfer full) (nullable): the configuration, or %NULL with @error
 */
AstrixServerConfig *
astrix_server_config_new_from_uri (const char  *uri,
                                   GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  gboolean tls;
  int port;

  parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL ||
      ((scheme = g_uri_get_scheme (parsed)) == NULL) ||
      (g_ascii_strcasecmp (scheme, "ami") != 0 && g_ascii_strcasecmp (scheme, "amis") != 0))
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address. Use ami://user@host:port, or amis:// for TLS."),
                   uri);
      return NULL;
    }
  if (g_uri_get_password (parsed) != NULL)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("Do not put the secret in the address: it would show in the process list "
                     "and in your shell history. It is asked for once and kept in the keyring."));
      return NULL;
    }
  if (g_uri_get_host (parsed) == NULL || g_uri_get_host (parsed)[0] == '\0' ||
      g_uri_get_user (parsed) == NULL || g_uri_get_user (parsed)[0] == '\0')
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("The address “%s” needs an AMI user and a host: ami://user@host:port"), uri);
      return NULL;
    }

  tls = g_ascii_strcasecmp (scheme, "amis") == 0;
  port = g_uri_get_port (parsed);
  return g_object_new (ASTRIX_TYPE_SERVER_CONFIG,
                       "name", g_uri_get_host (parsed),
                       "host", g_uri_get_host (parsed),
                       "port", port > 0 ? (guint) port : (tls ? 5039u : 5038u),
                       "use-tls", tls,
                       "username", g_uri_get_user (parsed),
                       NULL);
}

const char *
astrix_server_config_get_name (AstrixServerConfig *self)
{
  return self->name != NULL && self->name[0] != '\0' ? self->name : self->host;
}

const char *
astrix_server_config_get_host (AstrixServerConfig *self)
{
  return self->host;
}

guint
astrix_server_config_get_port (AstrixServerConfig *self)
{
  return self->port;
}

gboolean
astrix_server_config_get_use_tls (AstrixServerConfig *self)
{
  return self->use_tls;
}

const char *
astrix_server_config_get_username (AstrixServerConfig *self)
{
  return self->username;
}

const char *
astrix_server_config_get_endpoint (AstrixServerConfig *self)
{
  return self->endpoint;
}

AstrixMonitorMethod
astrix_server_config_get_monitor_method (AstrixServerConfig *self)
{
  return self->monitor_method;
}

const char *
astrix_server_config_get_listen_context (AstrixServerConfig *self)
{
  return self->listen_context;
}

const char *
astrix_server_config_get_whisper_context (AstrixServerConfig *self)
{
  return self->whisper_context;
}

const char *
astrix_server_config_get_barge_context (AstrixServerConfig *self)
{
  return self->barge_context;
}

gboolean
astrix_server_config_get_bridged_only (AstrixServerConfig *self)
{
  return self->bridged_only;
}

const char * const *
astrix_server_config_get_spy_groups (AstrixServerConfig *self)
{
  return (const char * const *) self->spy_groups;
}

/* Returns: (nullable): the SHA-256 fingerprint of a certificate to trust, or %NULL */
const char *
astrix_server_config_get_pinned_certificate (AstrixServerConfig *self)
{
  return self->pinned_certificate != NULL && self->pinned_certificate[0] != '\0'
           ? self->pinned_certificate : NULL;
}

const char *
astrix_server_config_get_id (AstrixServerConfig *self)
{
  return self->id;
}

/* Returns: (nullable): the recordings folder as this desktop reads it (a GFile URI), or %NULL */
const char *
astrix_server_config_get_recordings_uri (AstrixServerConfig *self)
{
  return self->recordings_uri != NULL && self->recordings_uri[0] != '\0' ? self->recordings_uri
                                                                          : NULL;
}

/* Returns: the same folder as Asterisk sees it (/var/spool/asterisk/monitor) */
const char *
astrix_server_config_get_pbx_recordings_path (AstrixServerConfig *self)
{
  return self->pbx_recordings_path;
}

AstrixPlaybackMethod
astrix_server_config_get_playback_method (AstrixServerConfig *self)
{
  return self->playback_method;
}

const char *
astrix_server_config_get_playback_context (AstrixServerConfig *self)
{
  return self->playback_context;
}

/* Returns: the dialplan context in which an agent's extension rings the agent (Send to Agent) */
const char *
astrix_server_config_get_agent_context (AstrixServerConfig *self)
{
  return self->agent_context;
}

/* Returns: the port of this desktop's AudioSocket listener, or 0 for an ephemeral one */
guint
astrix_server_config_get_audiosocket_port (AstrixServerConfig *self)
{
  return self->audiosocket_port;
}

/* Returns: the reasons for a pause the site offers (free text is allowed too) */
const char * const *
astrix_server_config_get_pause_reasons (AstrixServerConfig *self)
{
  return (const char * const *) self->pause_reasons;
}

/* Returns: (transfer full): ami://user@host:port, for display and logs (never a secret) */
char *
astrix_server_config_dup_display_uri (AstrixServerConfig *self)
{
  return g_strdup_printf ("%s://%s@%s:%u", self->use_tls ? "amis" : "ami",
                          self->username ? self->username : "", self->host ? self->host : "",
                          self->port);
}

/**
 * astrix_validate_channel_name:
 *
 * A channel name goes into a dialplan application argument (ChanSpy's): refuses what could
 * smuggle more arguments or options in (`,` `|` `(` `)`), control characters, and nothing.
 */
gboolean
astrix_validate_channel_name (const char  *name,
                              GError     **error)
{
  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("No channel was given"));
      return FALSE;
    }
  if (strlen (name) > 256 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("That is not a channel name"));
      return FALSE;
    }
  if (!_astrix_sent_text_is_safe (name, ",|()"))
    {
      g_set_error_literal (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                           _("The channel name contains a character that is not allowed "
                             "(a comma, a bar, a parenthesis or a control character)"));
      return FALSE;
    }
  return TRUE;
}

/**
 * astrix_endpoint_rings_as:
 * @endpoint: the supervisor's phone, as configured (`PJSIP/2000`, `Local/2000@supervisor/n`)
 * @channel: (nullable): a channel name from a Newchannel event
 *
 * Whether @channel is the one Asterisk makes when it rings @endpoint: `PJSIP/2000-0000002a`,
 * or for a Local channel its first half, `Local/2000@supervisor-0000000c;1`.
 */
gboolean
astrix_endpoint_rings_as (const char *endpoint,
                          const char *channel)
{
  g_autofree char *prefix = NULL;
  const char *options;
  gsize len;

  if (endpoint == NULL || channel == NULL)
    return FALSE;
  if (!g_str_has_prefix (endpoint, "Local/"))
    {
      prefix = g_strconcat (endpoint, "-", NULL);
      return g_str_has_prefix (channel, prefix);
    }
  options = strchr (endpoint + strlen ("Local/"), '/');
  len = options ? (gsize) (options - endpoint) : strlen (endpoint);
  prefix = g_strdup_printf ("%.*s-", (int) len, endpoint);
  return g_str_has_prefix (channel, prefix) && g_str_has_suffix (channel, ";1");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-error.h"
#include "astrix-settings.h"

/*
 * The settings, behind one object: the app's own keys, and one AstrixServerConfig per
 * configured server, each bound key by key (g_settings_bind) to a relocatable
 * io.github.astrix.Assist.Server at /io/github/astrix/Assist/servers/<id>/. The ids are listed
 * in the "servers" key. Services only ever see the config objects; secrets are not here.
 */

#define SERVER_SCHEMA "io.github.astrix.Assist.Server"
#define SERVER_PATH   "/io/github/astrix/Assist/servers/%s/"

/* The alert thresholds: typed properties named as their keys, bound to them */
enum {
  PROP_0,
  PROP_ALERT_CALLERS_WAITING,
  PROP_ALERT_LONGEST_WAIT,
  PROP_ALERT_SERVICE_LEVEL,
  PROP_ALERT_NO_AGENT,
  PROP_ALERT_AGENT_PAUSED,
  PROP_ALERT_LONG_CALL,
  PROP_ALERT_COOLDOWN,
  PROP_ALERT_QUEUE_OVERRIDES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _AstrixSettings
{
  GObject     parent_instance;

  GSettings  *settings;
  GListStore *servers;   /* AstrixServerConfig, in the order of the "servers" key */
  guint       alert_values[N_PROPS];   /* the uint and boolean alert properties */
  GStrv       alert_queue_overrides;
};

G_DEFINE_FINAL_TYPE (AstrixSettings, astrix_settings, G_TYPE_OBJECT)

/* Settings keys and AstrixServerConfig properties share their names. */
static const char *server_keys[] = {
  "name", "host", "port", "use-tls", "username", "endpoint", "monitor-method", "listen-context",
  "whisper-context", "barge-context", "bridged-only", "spy-groups", "pinned-certificate", "ca-file",
  "recordings-uri", "pbx-recordings-path", "playback-method", "playback-context",
  "audiosocket-port", "agent-context", "pause-reasons",
};

/**
 * astrix_settings_check_schemas:
 *
 * Returns: %FALSE with an explanation when the schemas are not installed (an uninstalled
 *   build needs GSETTINGS_SCHEMA_DIR): GSettings would abort the program instead.
 */
gboolean
astrix_settings_check_schemas (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) app = NULL;
  g_autoptr(GSettingsSchema) server = NULL;

  if (source != NULL)
    {
      app = g_settings_schema_source_lookup (source, BASE_APPLICATION_ID, TRUE);
      server = g_settings_schema_source_lookup (source, SERVER_SCHEMA, TRUE);
    }
  if (app == NULL || server == NULL)
    {
      g_set_error (error, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT,
                   _("The settings schema %s is not installed. Install Astrix Assist, or run it "
                     "from the build with GSETTINGS_SCHEMA_DIR set to the build’s data folder."),
                   BASE_APPLICATION_ID);
      return FALSE;
    }
  return TRUE;
}

static AstrixServerConfig *
bind_server (const char *id)
{
  g_autofree char *path = g_strdup_printf (SERVER_PATH, id);
  GSettings *settings = g_settings_new_with_path (SERVER_SCHEMA, path);
  AstrixServerConfig *config = g_object_new (ASTRIX_TYPE_SERVER_CONFIG, "id", id, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (server_keys); i++)
    g_settings_bind (settings, server_keys[i], config, server_keys[i], G_SETTINGS_BIND_DEFAULT);
  g_object_set_data_full (G_OBJECT (config), "astrix-gsettings", settings, g_object_unref);
  return config;
}

static void
save_ids (AstrixSettings *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->servers));
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixServerConfig) config =
        g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      g_strv_builder_add (ids, astrix_server_config_get_id (config));
    }
  strv = g_strv_builder_end (ids);
  g_settings_set_strv (self->settings, "servers", (const char * const *) strv);
}

static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || id[0] == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }
  return TRUE;
}

static void
load (AstrixSettings *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "servers");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(AstrixServerConfig) config = NULL;

      /* An id that cannot be a settings path element would abort GSettings: skip it. */
      if (!id_is_valid (ids[i]))
        continue;
      config = bind_server (ids[i]);
      g_list_store_append (self->servers, config);
    }
}

/* Returns: (transfer none): a new server with default settings, saved in the list */
AstrixServerConfig *
astrix_settings_add_server (AstrixSettings *self)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(AstrixServerConfig) config = bind_server (uuid);

  g_list_store_append (self->servers, config);
  save_ids (self);
  return config;
}

/* Forgets a server: its settings go back to the defaults and it leaves the list. */
void
astrix_settings_remove_server (AstrixSettings     *self,
                               AstrixServerConfig *config)
{
  GSettings *settings = g_object_get_data (G_OBJECT (config), "astrix-gsettings");
  guint position;

  if (!g_list_store_find (self->servers, config, &position))
    return;
  if (settings != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (server_keys); i++)
        {
          g_settings_unbind (config, server_keys[i]);
          g_settings_reset (settings, server_keys[i]);
        }
    }
  g_list_store_remove (self->servers, position);
  save_ids (self);
}

/* Returns: (transfer none) (nullable) */
AstrixServerConfig *
astrix_settings_find_server (AstrixSettings *self,
                             const char     *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->servers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixServerConfig) config =
        g_list_model_get_item (G_LIST_MODEL (self->servers), i);

      if (g_strcmp0 (astrix_server_config_get_id (config), id) == 0)
        return config;
    }
  return NULL;
}

GSettings *
astrix_settings_get_gsettings (AstrixSettings *self)
{
  return self->settings;
}

/* Returns: (transfer none): the configured servers (AstrixServerConfig) */
GListModel *
astrix_settings_get_servers (AstrixSettings *self)
{
  return G_LIST_MODEL (self->servers);
}

static void
astrix_settings_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AstrixSettings *self = ASTRIX_SETTINGS (object);

  if (prop_id == PROP_ALERT_QUEUE_OVERRIDES)
    g_value_set_boxed (value, self->alert_queue_overrides);
  else if (prop_id == PROP_ALERT_NO_AGENT)
    g_value_set_boolean (value, self->alert_values[prop_id]);
  else if (prop_id < N_PROPS)
    g_value_set_uint (value, self->alert_values[prop_id]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
astrix_settings_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AstrixSettings *self = ASTRIX_SETTINGS (object);
  guint n;

  if (prop_id == PROP_ALERT_QUEUE_OVERRIDES)
    {
      if (g_strv_equal ((const char * const *) self->alert_queue_overrides,
                        g_value_get_boxed (value) ?: (const char * const []) { NULL }))
        return;
      g_strfreev (self->alert_queue_overrides);
      self->alert_queue_overrides = g_value_dup_boxed (value) ?: g_new0 (char *, 1);
      g_object_notify_by_pspec (object, pspec);
      return;
    }
  n = prop_id == PROP_ALERT_NO_AGENT ? (guint) g_value_get_boolean (value)
                                     : g_value_get_uint (value);
  if (self->alert_values[prop_id] == n)
    return;
  self->alert_values[prop_id] = n;
  g_object_notify_by_pspec (object, pspec);
}

static void
astrix_settings_dispose (GObject *object)
{
  AstrixSettings *self = ASTRIX_SETTINGS (object);

  g_clear_object (&self->servers);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (astrix_settings_parent_class)->dispose (object);
}

static void
astrix_settings_finalize (GObject *object)
{
  g_strfreev (ASTRIX_SETTINGS (object)->alert_queue_overrides);

  G_OBJECT_CLASS (astrix_settings_parent_class)->finalize (object);
}

static GParamSpec *
uint_property (const char *name,
               guint       max)
{
  return g_param_spec_uint (name, NULL, NULL, 0, max, 0,
                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
astrix_settings_class_init (AstrixSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = astrix_settings_get_property;
  object_class->set_property = astrix_settings_set_property;
  object_class->dispose = astrix_settings_dispose;
  object_class->finalize = astrix_settings_finalize;

  /* Ranges as in the schema */
  properties[PROP_ALERT_CALLERS_WAITING] = uint_property ("alert-callers-waiting", 1000);
  properties[PROP_ALERT_LONGEST_WAIT] = uint_property ("alert-longest-wait", 3600);
  properties[PROP_ALERT_SERVICE_LEVEL] = uint_property ("alert-service-level", 100);
  properties[PROP_ALERT_NO_AGENT] = g_param_spec_boolean ("alert-no-agent", NULL, NULL, FALSE,
                                                          flags);
  properties[PROP_ALERT_AGENT_PAUSED] = uint_property ("alert-agent-paused", 480);
  properties[PROP_ALERT_LONG_CALL] = uint_property ("alert-long-call", 480);
  properties[PROP_ALERT_COOLDOWN] = uint_property ("alert-cooldown", 240);
  properties[PROP_ALERT_QUEUE_OVERRIDES] = g_param_spec_boxed ("alert-queue-overrides", NULL, NULL,
                                                               G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_settings_init (AstrixSettings *self)
{
  self->settings = g_settings_new (BASE_APPLICATION_ID);
  self->servers = g_list_store_new (ASTRIX_TYPE_SERVER_CONFIG);
  self->alert_queue_overrides = g_new0 (char *, 1);
  load (self);
  for (guint i = PROP_ALERT_CALLERS_WAITING; i < N_PROPS; i++)
    g_settings_bind (self->settings, properties[i]->name, self, properties[i]->name,
                     G_SETTINGS_BIND_DEFAULT);
}

AstrixSettings *
astrix_settings_new (void)
{
  return g_object_new (ASTRIX_TYPE_SETTINGS, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-assist"

#include "config.h"


#include "astrix-application-private.h"
#include "astrix-check-command.h"

/*
 * The options that run before (and without) the GUI: --version and --check-server. They must
 * work where the settings schema is not installed; only the window needs it.
 */

/* --check-server */

/* A configured server with that address, so that its contexts and pinned certificate count */
static AstrixServerConfig *
configured_server_for (AstrixServerConfig *wanted)
{
  g_autoptr(AstrixSettings) settings = NULL;
  GListModel *servers;
  guint n;

  /* Without the schema nothing is configured: the check runs on what the address says. */
  if (!astrix_settings_check_schemas (NULL))
    return NULL;
  settings = astrix_settings_new ();
  servers = astrix_settings_get_servers (settings);
  n = g_list_model_get_n_items (servers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixServerConfig) config = g_list_model_get_item (servers, i);

      if (_astrix_application_same_server (config, wanted))
        return g_steal_pointer (&config);
    }
  return NULL;
}

/* A copy that can be changed without changing the settings */
static AstrixServerConfig *
copy_config (AstrixServerConfig *config)
{
  AstrixServerConfig *copy = astrix_server_config_new ();
  g_autofree GParamSpec **specs = NULL;
  guint n_specs;

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (config), &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if ((specs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (specs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        continue;
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (G_OBJECT (config), specs[i]->name, &value);
      g_object_set_property (G_OBJECT (copy), specs[i]->name, &value);
    }
  return copy;
}

/* The window needs the settings schema; --help, --version and --check-server do not. */
static int
schemas_or_exit (void)
{
  g_autoptr(GError) error = NULL;

  if (astrix_settings_check_schemas (&error))
    return -1;
  g_printerr ("astrix-assist: %s\n", error->message);
  return 1;
}

/*
 * `astrix-assist --check-server URI` runs here, in the process that was started, and exits
 * with the check's status: it neither starts nor needs the GUI.
 */
int
_astrix_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  g_autoptr(AstrixServerConfig) wanted = NULL;
  g_autoptr(AstrixServerConfig) configured = NULL;
  g_autoptr(AstrixServerConfig) config = NULL;
  const char *uri = NULL;
  const char *endpoint = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("astrix-assist %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (!g_variant_dict_lookup (options, "check-server", "&s", &uri))
    return schemas_or_exit ();
  g_variant_dict_lookup (options, "endpoint", "&s", &endpoint);

  wanted = astrix_server_config_new_from_uri (uri, NULL);
  if (wanted != NULL)
    configured = configured_server_for (wanted);
  if (configured == NULL)
    return astrix_check_command_run (uri, endpoint);

  config = copy_config (configured);
  if (endpoint != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!astrix_validate_channel_name (endpoint, &error))
        {
          g_printerr ("%s\n", error->message);
          return ASTRIX_CHECK_EXIT_USAGE;
        }
      g_object_set (config, "endpoint", endpoint, NULL);
    }
  return astrix_check_command_run_config (config, stdout, stderr);
}

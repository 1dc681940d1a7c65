/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Server settings round-trip through a real (keyfile) GSettings backend, and no secret ever
 * reaches the settings, the debug log or an object property.
 */
#include "config.h"

#include <string.h>

#include "ami-client-private.h"
#include "astrix-connection.h"
#include "astrix-demo-pbx.h"
#include "astrix-settings.h"
#include "files.h"
#include "wait.h"

#define SECRET "SecurePassword123!"

static char *config_home;
static GString *debug_log;

static char *
read_keyfile (void)
{
  g_autofree char *path = g_build_filename (config_home, "glib-2.0", "settings", "keyfile", NULL);
  char *contents = NULL;

  g_settings_sync ();
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static void
test_round_trip (void)
{
  static const char *groups[] = { "sales", "support", NULL };
  g_autoptr(AstrixSettings) settings = astrix_settings_new ();
  g_autoptr(AstrixSettings) again = NULL;
  AstrixServerConfig *config = astrix_settings_add_server (settings);
  g_autofree char *id = g_strdup (astrix_server_config_get_id (config));
  AstrixServerConfig *loaded;
  g_auto(GStrv) loaded_groups = NULL;
  g_autofree char *keyfile = NULL;

  g_object_set (config, "name", "HQ", "host", "pbx.example.com", "port", 5039, "use-tls", TRUE,
                "username", "supervisor", "endpoint", "PJSIP/2042",
                "monitor-method", ASTRIX_MONITOR_METHOD_CONTEXTS, "listen-context", "my-spy",
                "bridged-only", FALSE, "spy-groups", groups, "pinned-certificate", "ab:cd",
                "recordings-uri", "sftp://pbx/var/spool/asterisk/monitor",
                "playback-method", ASTRIX_PLAYBACK_METHOD_CONTEXT, "audiosocket-port", 9092, NULL);
  g_clear_object (&settings);

  /* A new process would read the same. */
  again = astrix_settings_new ();
  g_assert_cmpuint (g_list_model_get_n_items (astrix_settings_get_servers (again)), ==, 1);
  loaded = astrix_settings_find_server (again, id);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (astrix_server_config_get_name (loaded), ==, "HQ");
  g_assert_cmpstr (astrix_server_config_get_host (loaded), ==, "pbx.example.com");
  g_assert_cmpuint (astrix_server_config_get_port (loaded), ==, 5039);
  g_assert_true (astrix_server_config_get_use_tls (loaded));
  g_assert_cmpstr (astrix_server_config_get_username (loaded), ==, "supervisor");
  g_assert_cmpstr (astrix_server_config_get_endpoint (loaded), ==, "PJSIP/2042");
  g_assert_cmpint (astrix_server_config_get_monitor_method (loaded), ==,
                   ASTRIX_MONITOR_METHOD_CONTEXTS);
  g_assert_cmpstr (astrix_server_config_get_listen_context (loaded), ==, "my-spy");
  g_assert_false (astrix_server_config_get_bridged_only (loaded));
  g_object_get (loaded, "spy-groups", &loaded_groups, NULL);
  g_assert_true (g_strv_equal ((const char * const *) loaded_groups, groups));
  g_assert_cmpstr (astrix_server_config_get_pinned_certificate (loaded), ==, "ab:cd");
  g_assert_cmpstr (astrix_server_config_get_recordings_uri (loaded), ==,
                   "sftp://pbx/var/spool/asterisk/monitor");
  g_assert_cmpint (astrix_server_config_get_playback_method (loaded), ==,
                   ASTRIX_PLAYBACK_METHOD_CONTEXT);
  g_assert_cmpuint (astrix_server_config_get_audiosocket_port (loaded), ==, 9092);

  /* Stored where it survives an upgrade: the relocatable schema at servers/<id>/. */
  keyfile = read_keyfile ();
  g_assert_nonnull (strstr (keyfile, id));
  g_assert_nonnull (strstr (keyfile, "pbx.example.com"));

  /* Removed: gone from the list and from the stored settings. */
  astrix_settings_remove_server (again, loaded);
  g_assert_cmpuint (g_list_model_get_n_items (astrix_settings_get_servers (again)), ==, 0);
  g_free (keyfile);
  keyfile = read_keyfile ();
  g_assert_null (strstr (keyfile, "pbx.example.com"));
}

static void
capture_log (const char *text)
{
  g_string_append (debug_log, text);
  g_string_append_c (debug_log, '\n');
}

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        capture_log (fields[i].value);
    }
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    return g_log_writer_default (level, fields, n_fields, data);
  return G_LOG_WRITER_HANDLED;
}

static void
assert_no_property_holds (GObject    *object,
                          const char *secret)
{
  guint n = 0;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (!(specs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (object, specs[i]->name, &value);
      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) != NULL)
        g_assert_null (strstr (g_value_get_string (&value), secret));
      text = g_strdup_value_contents (&value);
      g_assert_null (strstr (text, secret));
    }
}

static void
check_login_leaks_nothing (AmiAuthMethod method)
{
  g_autoptr(AstrixDemoPbx) pbx = astrix_demo_pbx_new ();
  g_autoptr(AstrixSettings) settings = astrix_settings_new ();
  g_autoptr(AstrixConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keyfile = NULL;
  AstrixServerConfig *config;
  gint64 end;

  astrix_demo_pbx_set_time_scale (pbx, 0.05);
  g_assert_true (astrix_demo_pbx_start (pbx, 0, &error));
  config = astrix_settings_add_server (settings);
  g_object_set (config, "name", "Test", "host", "127.0.0.1",
                "port", (guint) astrix_demo_pbx_get_port (pbx), "username", "astrix_proxy", NULL);

  g_string_truncate (debug_log, 0);
  connection = astrix_connection_new (config);
  _ami_client_set_auth_method (astrix_connection_get_client (connection), method);
  astrix_connection_start (connection, SECRET);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (astrix_connection_get_state (connection) != ASTRIX_CONNECTION_CONNECTED &&
         g_get_monotonic_time () < end)
    wait_ms (10);
  g_assert_cmpint (astrix_connection_get_state (connection), ==, ASTRIX_CONNECTION_CONNECTED);

  /* The debug log was on and saw the login, but not the secret. */
  g_assert_nonnull (strstr (debug_log->str, "Login"));
  g_assert_null (strstr (debug_log->str, SECRET));
  keyfile = read_keyfile ();
  g_assert_nonnull (strstr (keyfile, "astrix_proxy"));
  g_assert_null (strstr (keyfile, SECRET));
  assert_no_property_holds (G_OBJECT (config), SECRET);
  assert_no_property_holds (G_OBJECT (connection), SECRET);
  assert_no_property_holds (G_OBJECT (astrix_connection_get_client (connection)), SECRET);
  assert_no_property_holds (G_OBJECT (astrix_connection_get_store (connection)), SECRET);

  astrix_connection_stop (connection);
  astrix_settings_remove_server (settings, config);
  astrix_demo_pbx_stop (pbx);
}

static void
test_no_secret_plain (void)
{
  check_login_leaks_nothing (AMI_AUTH_PLAIN);
}

static void
test_no_secret_md5 (void)
{
  check_login_leaks_nothing (AMI_AUTH_MD5);
}

static void
test_bad_ids_skipped (void)
{
  g_autoptr(GSettings) app = g_settings_new (BASE_APPLICATION_ID);
  const char *ids[] = { "../escape", "", "ok-id", NULL };
  g_autoptr(AstrixSettings) settings = NULL;

  /* A hand-edited list with ids that are no path element: skipped, not a crash. */
  g_settings_set_strv (app, "servers", ids);
  settings = astrix_settings_new ();
  g_assert_cmpuint (g_list_model_get_n_items (astrix_settings_get_servers (settings)), ==, 1);
  g_assert_nonnull (astrix_settings_find_server (settings, "ok-id"));
  g_settings_set_strv (app, "servers", NULL);
}

/* The alert thresholds: the schema's defaults as typed properties, stored when set */
static void
test_alerts (void)
{
  static const char *overrides[] = { "sales:longest-wait=30", NULL };
  g_autoptr(AstrixSettings) settings = astrix_settings_new ();
  g_autoptr(AstrixSettings) again = NULL;
  g_auto(GStrv) loaded = NULL;
  g_autofree char *keyfile = NULL;
  guint waiting, wait, level, paused, call, cooldown;
  gboolean no_agent;

  g_object_get (settings, "alert-callers-waiting", &waiting, "alert-longest-wait", &wait,
                "alert-service-level", &level, "alert-no-agent", &no_agent,
                "alert-agent-paused", &paused, "alert-long-call", &call,
                "alert-cooldown", &cooldown, "alert-queue-overrides", &loaded, NULL);
  g_assert_cmpuint (waiting, ==, 5);
  g_assert_cmpuint (wait, ==, 60);
  g_assert_cmpuint (level, ==, 80);
  g_assert_true (no_agent);
  g_assert_cmpuint (paused, ==, 15);
  g_assert_cmpuint (call, ==, 10);
  g_assert_cmpuint (cooldown, ==, 5);
  g_assert_cmpuint (g_strv_length (loaded), ==, 0);
  g_clear_pointer (&loaded, g_strfreev);

  g_object_set (settings, "alert-longest-wait", 90, "alert-no-agent", FALSE,
                "alert-queue-overrides", overrides, NULL);
  g_clear_object (&settings);
  keyfile = read_keyfile ();
  g_assert_nonnull (strstr (keyfile, "alert-longest-wait=90"));
  g_assert_nonnull (strstr (keyfile, "sales:longest-wait=30"));

  again = astrix_settings_new ();
  g_object_get (again, "alert-longest-wait", &wait, "alert-no-agent", &no_agent,
                "alert-queue-overrides", &loaded, NULL);
  g_assert_cmpuint (wait, ==, 90);
  g_assert_false (no_agent);
  g_assert_true (g_strv_equal ((const char * const *) loaded, overrides));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("astrix-settings-XXXXXX", NULL);
  int status;

  /* A real backend, in a place of our own, before anything touches GSettings. */
  config_home = g_build_filename (tmp, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  debug_log = g_string_new (NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/settings/round-trip", test_round_trip);
  g_test_add_func ("/settings/no-secret-plain-login", test_no_secret_plain);
  g_test_add_func ("/settings/no-secret-md5-login", test_no_secret_md5);
  g_test_add_func ("/settings/bad-ids-skipped", test_bad_ids_skipped);
  g_test_add_func ("/settings/alerts", test_alerts);
  status = g_test_run ();
  remove_tree_at (tmp);
  return status;
}

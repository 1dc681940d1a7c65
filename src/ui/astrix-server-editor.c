/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "astrix-agent-action.h"
#include "astrix-check-page.h"
#include "astrix-secrets.h"
#include "astrix-sent-text.h"
#include "astrix-server-editor.h"

/*
 * Adds or edits one server. Nothing is applied until Save, and then only when every field is
 * valid: the settings change in one go (and the app reconnects once), the secret goes to the
 * keyring and nowhere else.
 */

struct _AstrixServerEditor
{
  AdwWindow           parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwEntryRow        *name_row;
  AdwEntryRow        *host_row;
  AdwEntryRow        *port_row;
  GtkSwitch          *tls_switch;
  AdwEntryRow        *ca_file_row;
  AdwEntryRow        *user_row;
  AdwEntryRow        *secret_row;
  AdwComboRow        *listen_on_row;
  AdwEntryRow        *endpoint_row;
  AdwEntryRow        *audiosocket_port_row;
  AdwComboRow        *method_row;
  AdwEntryRow        *listen_context_row;
  AdwEntryRow        *whisper_context_row;
  AdwEntryRow        *barge_context_row;
  GtkSwitch          *bridged_switch;
  AdwEntryRow        *groups_row;
  AdwEntryRow        *pause_reasons_row;
  AdwEntryRow        *agent_context_row;
  AdwEntryRow        *recordings_row;
  AdwEntryRow        *pbx_recordings_row;
  AdwComboRow        *playback_method_row;
  AdwEntryRow        *playback_context_row;
  AdwPreferencesGroup *security_group;
  AdwActionRow       *pinned_row;

  AstrixSettings     *settings;
  AstrixServerConfig *config;       /* NULL while adding */
  char               *pinned;       /* the fingerprint to save */
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixServerEditor, astrix_server_editor, ADW_TYPE_WINDOW)

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (text_of (row)));
}

/* Says what is wrong and moves to the field; returns FALSE for "not valid". */
static gboolean
complain (AstrixServerEditor *self,
          const char         *text,
          GtkWidget          *focus)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  return FALSE;
}

static void
update_visibility (AstrixServerEditor *self)
{
  gboolean computer = adw_combo_row_get_selected (self->listen_on_row) == 1;
  gboolean contexts = adw_combo_row_get_selected (self->method_row) == 1;
  gboolean playback_context = adw_combo_row_get_selected (self->playback_method_row) == 1;

  gtk_widget_set_visible (GTK_WIDGET (self->ca_file_row), gtk_switch_get_active (self->tls_switch));
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_row), !computer);
  gtk_widget_set_visible (GTK_WIDGET (self->audiosocket_port_row), computer);
  gtk_widget_set_visible (GTK_WIDGET (self->listen_context_row), contexts);
  gtk_widget_set_visible (GTK_WIDGET (self->whisper_context_row), contexts);
  gtk_widget_set_visible (GTK_WIDGET (self->barge_context_row), contexts);
  gtk_widget_set_visible (GTK_WIDGET (self->playback_context_row), playback_context);
  gtk_widget_set_visible (GTK_WIDGET (self->security_group), self->pinned != NULL);
  if (self->pinned != NULL)
    adw_action_row_set_subtitle (self->pinned_row, self->pinned);
}

static gboolean
parse_port (const char *text,
            guint       min,
            guint      *port)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, min, 65535, &value, NULL))
    return FALSE;
  *port = (guint) value;
  return TRUE;
}

/* Spy groups as typed ("sales, support") to a list, each checked as ChanSpy's g() needs. */
static char **
parse_groups (const char *text,
              gboolean   *valid)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",:; ", -1);
  g_autoptr(GStrvBuilder) groups = g_strv_builder_new ();

  *valid = TRUE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      for (const char *p = parts[i]; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
            *valid = FALSE;
        }
      g_strv_builder_add (groups, parts[i]);
    }
  return g_strv_builder_end (groups);
}

/* Pause reasons as typed ("Lunch, Training") to a list. */
static char **
parse_reasons (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) reasons = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (reasons, parts[i]);
    }
  return g_strv_builder_end (reasons);
}

typedef struct
{
  char    *name;
  char    *host;
  guint    port;
  gboolean tls;
  char    *ca_file;
  char    *user;
  char    *endpoint;
  guint    audiosocket_port;
  int      method;
  char    *contexts[3];
  gboolean bridged;
  char   **groups;
  char   **pause_reasons;
  char    *recordings;
  char    *pbx_recordings;
  int      playback_method;
  char    *playback_context;
  char    *agent_context;
} Form;

static void
form_clear (Form *form)
{
  g_free (form->name);
  g_free (form->host);
  g_free (form->ca_file);
  g_free (form->user);
  g_free (form->endpoint);
  for (guint i = 0; i < 3; i++)
    g_free (form->contexts[i]);
  g_strfreev (form->groups);
  g_strfreev (form->pause_reasons);
  g_free (form->recordings);
  g_free (form->pbx_recordings);
  g_free (form->playback_context);
  g_free (form->agent_context);
}

/* Reads and checks every field; complains about the first wrong one. */
static gboolean
read_form (AstrixServerEditor *self,
           Form               *form)
{
  gboolean groups_valid;
  g_autofree char *port = stripped (self->port_row);
  g_autofree char *as_port = stripped (self->audiosocket_port_row);
  AdwEntryRow *context_rows[3] = { self->listen_context_row, self->whisper_context_row,
                                   self->barge_context_row };

  form->host = stripped (self->host_row);
  form->user = stripped (self->user_row);
  form->name = stripped (self->name_row);
  form->endpoint = stripped (self->endpoint_row);
  form->tls = gtk_switch_get_active (self->tls_switch);
  form->ca_file = stripped (self->ca_file_row);
  form->method = adw_combo_row_get_selected (self->method_row);
  form->bridged = gtk_switch_get_active (self->bridged_switch);
  form->groups = parse_groups (text_of (self->groups_row), &groups_valid);
  form->pause_reasons = parse_reasons (text_of (self->pause_reasons_row));
  form->recordings = stripped (self->recordings_row);
  form->pbx_recordings = stripped (self->pbx_recordings_row);
  form->playback_method = adw_combo_row_get_selected (self->playback_method_row);
  form->playback_context = stripped (self->playback_context_row);
  form->agent_context = stripped (self->agent_context_row);
  for (guint i = 0; i < 3; i++)
    form->contexts[i] = stripped (context_rows[i]);

  if (form->host[0] == '\0' || strpbrk (form->host, " /@") != NULL)
    return complain (self, _("Enter the host name or address of the PBX."),
                     GTK_WIDGET (self->host_row));
  if (!parse_port (port[0] ? port : (form->tls ? "5039" : "5038"), 1, &form->port))
    return complain (self, _("The port is a number from 1 to 65535."), GTK_WIDGET (self->port_row));
  if (form->tls && form->ca_file[0] != '\0' &&
      (!g_path_is_absolute (form->ca_file) || !g_file_test (form->ca_file, G_FILE_TEST_IS_REGULAR)))
    return complain (
      self, _("The file of certificate authorities is not there: choose a PEM file."),
      GTK_WIDGET (self->ca_file_row));
  if (form->user[0] == '\0')
    return complain (self, _("Enter the manager user."), GTK_WIDGET (self->user_row));
  if (adw_combo_row_get_selected (self->listen_on_row) == 1)
    {
      g_free (form->endpoint);
      form->endpoint = g_strdup (ASTRIX_ENDPOINT_AUDIOSOCKET);
      if (!parse_port (as_port[0] ? as_port : "0", 0, &form->audiosocket_port))
        return complain (self, _("The AudioSocket port is a number from 0 to 65535."),
                         GTK_WIDGET (self->audiosocket_port_row));
    }
  else if (strchr (form->endpoint, '/') == NULL ||
           !astrix_validate_channel_name (form->endpoint, NULL))
    return complain (self, _("Enter your phone’s channel, such as PJSIP/2000."),
                     GTK_WIDGET (self->endpoint_row));
  for (guint i = 0; form->pause_reasons[i] != NULL; i++)
    {
      if (!astrix_validate_agent_text (form->pause_reasons[i], _("A pause reason"), NULL))
        return complain (self, _("A pause reason may not contain “|” and has at most 79 "
                                 "characters."), GTK_WIDGET (self->pause_reasons_row));
    }
  if (!astrix_sent_text_is_context_name (form->agent_context))
    return complain (self, _("Enter the dialplan context of the agents’ extensions, such as "
                             "from-internal."), GTK_WIDGET (self->agent_context_row));
  if (!groups_valid)
    return complain (self, _("A spy group name may contain only letters, digits, “-” and “_”."),
                     GTK_WIDGET (self->groups_row));
  for (guint i = 0; form->method == 1 && i < 3; i++)
    {
      if (!astrix_sent_text_is_context_name (form->contexts[i]))
        return complain (self, _("Enter the names of the dialplan contexts."),
                         GTK_WIDGET (context_rows[i]));
    }
  if (form->playback_method == 1 && !astrix_sent_text_is_context_name (form->playback_context))
    return complain (self, _("Enter the name of the playback context."),
                     GTK_WIDGET (self->playback_context_row));
  return TRUE;
}

static void
apply_form (AstrixServerEditor *self,
            AstrixServerConfig *config,
            Form               *form)
{
  g_object_set (config,
                "name", form->name[0] ? form->name : form->host,
                "host", form->host,
                "port", form->port,
                "use-tls", form->tls,
                "ca-file", form->tls ? form->ca_file : "",
                "username", form->user,
                "endpoint", form->endpoint,
                "audiosocket-port", form->audiosocket_port,
                "monitor-method", form->method,
                "listen-context", form->contexts[0],
                "whisper-context", form->contexts[1],
                "barge-context", form->contexts[2],
                "bridged-only", form->bridged,
                "spy-groups", form->groups,
                "pause-reasons", form->pause_reasons,
                "agent-context", form->agent_context,
                "recordings-uri", form->recordings,
                "pbx-recordings-path", form->pbx_recordings,
                "playback-method", form->playback_method,
                "playback-context", form->playback_context,
                "pinned-certificate", self->pinned != NULL ? self->pinned : "",
                NULL);
}

static gboolean
identity_changed (AstrixServerEditor *self,
                  Form               *form)
{
  return self->config == NULL ||
         g_strcmp0 (astrix_server_config_get_host (self->config), form->host) != 0 ||
         astrix_server_config_get_port (self->config) != form->port ||
         g_strcmp0 (astrix_server_config_get_username (self->config), form->user) != 0;
}

static void
secret_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(AstrixServerEditor) self = data;
  g_autoptr(GError) error = NULL;

  if (!astrix_secrets_store_finish (result, &error))
    {
      complain (self, error->message, NULL);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, self->config);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  AstrixServerEditor *self = ASTRIX_SERVER_EDITOR (widget);
  const char *secret = text_of (self->secret_row);
  Form form = { 0 };

  if (!read_form (self, &form))
    {
      form_clear (&form);
      return;
    }
  /* The secret is kept under host, port and user: a new address needs it again. */
  if (secret[0] == '\0' && identity_changed (self, &form))
    {
      complain (self, _("Enter the secret: it is stored for this host, port and user."),
                GTK_WIDGET (self->secret_row));
      form_clear (&form);
      return;
    }

  if (self->config == NULL)
    self->config = g_object_ref (astrix_settings_add_server (self->settings));
  apply_form (self, self->config, &form);
  form_clear (&form);

  if (secret[0] != '\0')
    {
      astrix_secrets_store_async (self->config, secret, NULL, secret_stored, g_object_ref (self));
      gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, self->config);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The server check on what the form says now, saved or not, with the secret typed if any. */
static void
check_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  AstrixServerEditor *self = ASTRIX_SERVER_EDITOR (widget);
  g_autoptr(AstrixServerConfig) config = NULL;
  const char *secret = text_of (self->secret_row);
  Form form = { 0 };

  if (!read_form (self, &form))
    {
      form_clear (&form);
      return;
    }
  config = astrix_server_config_new ();
  apply_form (self, config, &form);
  /* A new address has no secret in the keyring yet: the check page asks for it. */
  astrix_check_page_present (GTK_WINDOW (self), config,
                             secret[0] != '\0' ? secret : NULL);
  form_clear (&form);
}

static void
on_ca_file_chosen (GtkNativeDialog    *dialog,
                   int                 response,
                   AstrixServerEditor *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->ca_file_row), path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_ca_file_action (GtkWidget  *widget,
                       const char *action,
                       GVariant   *param)
{
  AstrixServerEditor *self = ASTRIX_SERVER_EDITOR (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Certificate Authorities"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PEM Certificates"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_ca_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
forget_certificate_action (GtkWidget  *widget,
                           const char *action,
                           GVariant   *param)
{
  AstrixServerEditor *self = ASTRIX_SERVER_EDITOR (widget);

  g_clear_pointer (&self->pinned, g_free);
  update_visibility (self);
}

static void
fill (AstrixServerEditor *self)
{
  AstrixServerConfig *c = self->config;
  g_autofree char *port = NULL;
  g_autofree char *as_port = NULL;
  g_autofree char *groups = NULL;
  const char *endpoint;

  if (c == NULL)
    {
      set_text (self->endpoint_row, "PJSIP/2000");
      set_text (self->port_row, "5038");
      set_text (self->audiosocket_port_row, "0");
      set_text (self->listen_context_row, "spy-context");
      set_text (self->whisper_context_row, "whisper-context");
      set_text (self->barge_context_row, "barge-context");
      set_text (self->pbx_recordings_row, "/var/spool/asterisk/monitor");
      set_text (self->playback_context_row, "playback-context");
      gtk_switch_set_active (self->bridged_switch, TRUE);
      set_text (self->pause_reasons_row, _("Lunch, Training, Coaching, After-call work"));
      set_text (self->agent_context_row, "from-internal");
      return;
    }

  endpoint = astrix_server_config_get_endpoint (c);
  port = g_strdup_printf ("%u", astrix_server_config_get_port (c));
  as_port = g_strdup_printf ("%u", astrix_server_config_get_audiosocket_port (c));
  groups = g_strjoinv (", ", (char **) astrix_server_config_get_spy_groups (c));
  set_text (self->name_row, astrix_server_config_get_name (c));
  set_text (self->host_row, astrix_server_config_get_host (c));
  set_text (self->port_row, port);
  gtk_switch_set_active (self->tls_switch, astrix_server_config_get_use_tls (c));
  {
    g_autofree char *ca_file = NULL;

    g_object_get (c, "ca-file", &ca_file, NULL);
    set_text (self->ca_file_row, ca_file != NULL ? ca_file : "");
  }
  set_text (self->user_row, astrix_server_config_get_username (c));
  adw_combo_row_set_selected (self->listen_on_row,
                              g_strcmp0 (endpoint, ASTRIX_ENDPOINT_AUDIOSOCKET) == 0);
  set_text (self->endpoint_row,
            g_strcmp0 (endpoint, ASTRIX_ENDPOINT_AUDIOSOCKET) == 0 ? "" : endpoint);
  set_text (self->audiosocket_port_row, as_port);
  adw_combo_row_set_selected (self->method_row, astrix_server_config_get_monitor_method (c));
  set_text (self->listen_context_row, astrix_server_config_get_listen_context (c));
  set_text (self->whisper_context_row, astrix_server_config_get_whisper_context (c));
  set_text (self->barge_context_row, astrix_server_config_get_barge_context (c));
  gtk_switch_set_active (self->bridged_switch, astrix_server_config_get_bridged_only (c));
  set_text (self->groups_row, groups);
  {
    g_autofree char *reasons =
      g_strjoinv (", ", (char **) astrix_server_config_get_pause_reasons (c));

    set_text (self->pause_reasons_row, reasons);
  }
  set_text (self->agent_context_row, astrix_server_config_get_agent_context (c));
  set_text (self->recordings_row, astrix_server_config_get_recordings_uri (c));
  set_text (self->pbx_recordings_row, astrix_server_config_get_pbx_recordings_path (c));
  adw_combo_row_set_selected (self->playback_method_row,
                              astrix_server_config_get_playback_method (c));
  set_text (self->playback_context_row, astrix_server_config_get_playback_context (c));
  self->pinned = g_strdup (astrix_server_config_get_pinned_certificate (c));
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 _("Secret (leave empty to keep it)"));
}

static void
astrix_server_editor_dispose (GObject *object)
{
  AstrixServerEditor *self = ASTRIX_SERVER_EDITOR (object);

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_SERVER_EDITOR);

  G_OBJECT_CLASS (astrix_server_editor_parent_class)->dispose (object);
}

static void
astrix_server_editor_finalize (GObject *object)
{
  AstrixServerEditor *self = ASTRIX_SERVER_EDITOR (object);

  g_free (self->pinned);

  G_OBJECT_CLASS (astrix_server_editor_parent_class)->finalize (object);
}

static void
astrix_server_editor_class_init (AstrixServerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_server_editor_dispose;
  object_class->finalize = astrix_server_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-server-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, AstrixServerEditor, name)
  BIND (toast_overlay);
  BIND (name_row);
  BIND (host_row);
  BIND (port_row);
  BIND (tls_switch);
  BIND (ca_file_row);
  BIND (user_row);
  BIND (secret_row);
  BIND (listen_on_row);
  BIND (endpoint_row);
  BIND (audiosocket_port_row);
  BIND (method_row);
  BIND (listen_context_row);
  BIND (whisper_context_row);
  BIND (barge_context_row);
  BIND (bridged_switch);
  BIND (groups_row);
  BIND (pause_reasons_row);
  BIND (agent_context_row);
  BIND (recordings_row);
  BIND (pbx_recordings_row);
  BIND (playback_method_row);
  BIND (playback_context_row);
  BIND (security_group);
  BIND (pinned_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-ca-file", NULL,
                                   choose_ca_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "editor.check", NULL);
  gtk_widget_class_install_action (widget_class, "editor.forget-certificate", NULL,
                                   forget_certificate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /**
   * AstrixServerEditor::saved:
   * @config: the server's settings, as saved
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ASTRIX_TYPE_SERVER_CONFIG);
}

static void
astrix_server_editor_init (AstrixServerEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->listen_on_row, "notify::selected",
                            G_CALLBACK (update_visibility), self);
  g_signal_connect_swapped (self->tls_switch, "notify::active", G_CALLBACK (update_visibility),
                            self);
  g_signal_connect_swapped (self->method_row, "notify::selected", G_CALLBACK (update_visibility),
                            self);
  g_signal_connect_swapped (self->playback_method_row, "notify::selected",
                            G_CALLBACK (update_visibility), self);
}

/**
 * astrix_server_editor_new:
 * @config: (nullable): the server to edit, or %NULL to add one
 */
AstrixServerEditor *
astrix_server_editor_new (GtkWindow          *parent,
                          AstrixSettings     *settings,
                          AstrixServerConfig *config)
{
  AstrixServerEditor *self = g_object_new (ASTRIX_TYPE_SERVER_EDITOR,
                                           "transient-for", parent,
                                           "title", config ? _("Edit Server") : _("Add Server"),
                                           NULL);

  self->settings = g_object_ref (settings);
  self->config = config ? g_object_ref (config) : NULL;
  fill (self);
  update_visibility (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  return self;
}

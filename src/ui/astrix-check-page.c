/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-check-page.h"
#include "astrix-check-page-private.h"
#include "astrix-secrets.h"

/*
 * "Check Server": the rows of an AstrixServerCheck, each with its status icon and sentence;
 * what failed opens on what to change and the configuration text to paste, with a copy
 * button. The secret comes from the keyring, from the caller (a server being edited), or is
 * typed here, used once and not stored.
 */

struct _AstrixCheckPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *summary_icon_stack;
  GtkImage            *summary_icon;
  GtkSpinner          *spinner;
  GtkLabel            *summary_title;
  GtkLabel            *summary_subtitle;
  GtkWidget           *run_button;
  GtkRevealer         *secret_revealer;
  AdwPasswordEntryRow *secret_row;
  GtkListBox          *list_box;

  AstrixServerConfig  *config;
  AstrixServerCheck   *check;
  GCancellable        *cancellable;   /* the run, or the keyring lookup before it */
  gboolean             needs_secret;  /* the keyring had none: waiting for one typed */
};

enum {
  PROP_0,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixCheckPage, astrix_check_page, ADW_TYPE_BIN)

/* Rows */

static const char *
status_icon_name (AstrixCheckStatus status)
{
  static const char *const icons[] = {
    "emblem-ok-symbolic", "dialog-information-symbolic", "dialog-warning-symbolic",
    "dialog-question-symbolic", "action-unavailable-symbolic", "dialog-error-symbolic",
  };

  return icons[status];
}

static const char *
status_css_class (AstrixCheckStatus status)
{
  static const char *const classes[] = {
    "success", "dim-label", "warning", "accent", "dim-label", "error"
  };

  return classes[status];
}

static GtkWidget *
status_image (AstrixCheckStatus status)
{
  GtkWidget *image = gtk_image_new_from_icon_name (status_icon_name (status));

  gtk_widget_add_css_class (image, status_css_class (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  astrix_check_status_describe (status), -1);
  return image;
}

static void
on_copy_clicked (GtkButton *button,
                 gpointer   data)
{
  const char *text = g_object_get_data (G_OBJECT (button), "astrix-snippet");
  AstrixCheckPage *self = ASTRIX_CHECK_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                       ASTRIX_TYPE_CHECK_PAGE));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  if (self != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied")));
}

/* The file it goes into, a copy button, and the text itself. */
static GtkWidget *
snippet_widget (AstrixCheckResult *result)
{
  const char *file = astrix_check_result_get_snippet_file (result);
  g_autofree char *copy_label = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *file_label = gtk_label_new (file != NULL ? file : "");
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autofree char *snippet = g_strchomp (g_strdup (astrix_check_result_get_snippet (result)));
  GtkWidget *text = gtk_label_new (snippet);

  gtk_label_set_xalign (GTK_LABEL (file_label), 0);
  gtk_widget_set_hexpand (file_label, TRUE);
  gtk_widget_add_css_class (file_label, "heading");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  /* TRANSLATORS: the accessible name of a copy button; %s is a file name such as manager.conf
   * or a heading such as “On the PBX” */
  copy_label = file != NULL ? g_strdup_printf (C_("copy button", "Copy: %s"), file)
                            : g_strdup (_("Copy the text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  copy_label, -1);
  g_object_set_data_full (G_OBJECT (copy), "astrix-snippet",
                          g_strdup (astrix_check_result_get_snippet (result)), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked), NULL);
  gtk_box_append (GTK_BOX (header), file_label);
  gtk_box_append (GTK_BOX (header), copy);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_add_css_class (text, "monospace");
  gtk_widget_set_margin_start (text, 12);
  gtk_widget_set_margin_end (text, 12);
  gtk_widget_set_margin_top (text, 9);
  gtk_widget_set_margin_bottom (text, 9);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), text);
  gtk_widget_add_css_class (scrolled, "card");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

/* What to change, under the row. */
static GtkWidget *
fix_row (AstrixCheckResult *result)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  const char *fix = astrix_check_result_get_fix (result);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  if (fix != NULL)
    {
      GtkWidget *label = gtk_label_new (fix);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_focusable (label, FALSE);
      gtk_box_append (GTK_BOX (box), label);
    }
  if (astrix_check_result_get_snippet (result) != NULL)
    gtk_box_append (GTK_BOX (box), snippet_widget (result));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  AstrixCheckResult *result = item;
  AstrixCheckStatus status = astrix_check_result_get_status (result);
  g_autofree char *title = g_markup_escape_text (astrix_check_result_get_title (result), -1);
  g_autofree char *subtitle = g_markup_escape_text (astrix_check_result_get_message (result), -1);
  GtkWidget *row;

  if (astrix_check_result_get_fix (result) == NULL &&
      astrix_check_result_get_snippet (result) == NULL)
    {
      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), status_image (status));
    }
  else
    {
      row = adw_expander_row_new ();
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), status_image (status));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), fix_row (result));
      /* What failed shows its fix at once. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), status == ASTRIX_CHECK_FAILED);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, astrix_check_result_get_id (result));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  astrix_check_status_describe (status), -1);
  return row;
}

/* The summary above the rows */

static void
count_statuses (AstrixCheckPage *self,
                guint           *counts)
{
  GListModel *model = G_LIST_MODEL (self->check);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AstrixCheckResult) result = g_list_model_get_item (model, i);

      counts[astrix_check_result_get_status (result)]++;
    }
}

static char *
summary_title (guint *counts)
{
  if (counts[ASTRIX_CHECK_FAILED] > 0)
    return g_strdup_printf (ngettext ("%u problem found", "%u problems found",
                                      counts[ASTRIX_CHECK_FAILED]),
                            counts[ASTRIX_CHECK_FAILED]);
  if (counts[ASTRIX_CHECK_WARNING] > 0)
    return g_strdup_printf (ngettext ("Works, with %u warning", "Works, with %u warnings",
                                      counts[ASTRIX_CHECK_WARNING]),
                            counts[ASTRIX_CHECK_WARNING]);
  if (counts[ASTRIX_CHECK_UNVERIFIED] > 0)
    return g_strdup (_("Nothing failed"));
  if (counts[ASTRIX_CHECK_OPTIONAL] > 0)
    return g_strdup_printf (ngettext ("Works; %u optional capability is not confirmed",
                                      "Works; %u optional capabilities are not confirmed",
                                      counts[ASTRIX_CHECK_OPTIONAL]),
                            counts[ASTRIX_CHECK_OPTIONAL]);
  return g_strdup (_("All is well"));
}

static void
set_summary_icon (AstrixCheckPage   *self,
                  AstrixCheckStatus  status)
{
  /* "Nothing failed" under a question mark would read as a doubt about the whole. */
  if (status == ASTRIX_CHECK_UNVERIFIED || status == ASTRIX_CHECK_OPTIONAL)
    status = ASTRIX_CHECK_OK;
  for (guint i = ASTRIX_CHECK_OK; i <= ASTRIX_CHECK_FAILED; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_icon), status_css_class (i));
  gtk_image_set_from_icon_name (self->summary_icon, status_icon_name (status));
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_icon), status_css_class (status));
}

static void
update_summary (AstrixCheckPage *self)
{
  guint counts[ASTRIX_CHECK_FAILED + 1] = { 0 };
  g_autofree char *uri = self->config != NULL ? astrix_server_config_dup_display_uri (self->config)
                                              : g_strdup ("");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean running = self->check != NULL && astrix_server_check_get_running (self->check);

  gtk_spinner_set_spinning (self->spinner, running);
  gtk_stack_set_visible_child_name (self->summary_icon_stack, running ? "spinner" : "icon");
  if (self->check == NULL ||
      (!running && g_list_model_get_n_items (G_LIST_MODEL (self->check)) == 0))
    {
      gtk_label_set_label (self->summary_title,
                           self->needs_secret ? _("A secret is needed") : _("Not checked yet"));
      gtk_label_set_label (self->summary_subtitle, uri);
      set_summary_icon (self, ASTRIX_CHECK_SKIPPED);
      gtk_image_set_from_icon_name (self->summary_icon, self->needs_secret
                                                          ? "dialog-password-symbolic"
                                                          : "network-server-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->list_box), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), TRUE);
  count_statuses (self, counts);
  title = running ? g_strdup (_("Checking…")) : summary_title (counts);
  if (!running && counts[ASTRIX_CHECK_UNVERIFIED] > 0)
    subtitle = g_strdup_printf (ngettext ("%s — %u check could not be verified",
                                          "%s — %u checks could not be verified",
                                          counts[ASTRIX_CHECK_UNVERIFIED]),
                                uri, counts[ASTRIX_CHECK_UNVERIFIED]);
  gtk_label_set_label (self->summary_title, title);
  gtk_label_set_label (self->summary_subtitle, subtitle != NULL ? subtitle : uri);
  set_summary_icon (self, astrix_server_check_get_status (self->check));
}

static void
on_check_notify (AstrixCheckPage *self)
{
  update_summary (self);
}

/* Running */

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(AstrixCheckPage) self = data;

  /* Cancelled (a new run, or the page went away): the rows say what was found so far. */
  astrix_server_check_run_finish (ASTRIX_SERVER_CHECK (source), result, NULL);
  update_summary (self);
}

static void
start_check (AstrixCheckPage *self,
             const char      *secret)
{
  self->needs_secret = FALSE;
  gtk_revealer_set_reveal_child (self->secret_revealer, FALSE);
  astrix_server_check_run_async (self->check, secret, self->cancellable, run_done,
                                 g_object_ref (self));
  update_summary (self);
}

static void
secret_found (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(AstrixCheckPage) self = data;
  g_autoptr(GError) error = NULL;
  char *secret = astrix_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->check == NULL)
    {
      astrix_secrets_free (secret);
      return;
    }
  if (secret == NULL)
    {
      /* None stored (or no keyring): ask here. */
      self->needs_secret = TRUE;
      gtk_revealer_set_reveal_child (self->secret_revealer, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
      update_summary (self);
      return;
    }
  start_check (self, secret);
  astrix_secrets_free (secret);
}

/**
 * astrix_check_page_run:
 * @secret: (nullable): the AMI secret, or %NULL to take it from the keyring (and ask for it
 *   on the page when there is none)
 *
 * Checks the server again from the start; a check under way is cancelled.
 */
void
astrix_check_page_run (AstrixCheckPage *self,
                       const char      *secret)
{
  g_return_if_fail (ASTRIX_IS_CHECK_PAGE (self));
  g_return_if_fail (self->config != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (secret != NULL)
    {
      start_check (self, secret);
      return;
    }
  astrix_secrets_lookup_async (self->config, self->cancellable, secret_found, g_object_ref (self));
}

static void
on_secret_apply (AstrixCheckPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));

  if (text[0] == '\0' || self->config == NULL)
    return;
  astrix_check_page_run (self, text);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
}

static void
run_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AstrixCheckPage *self = ASTRIX_CHECK_PAGE (widget);

  if (self->config != NULL)
    astrix_check_page_run (self, NULL);
}

/* The object */

static void
astrix_check_page_dispose (GObject *object)
{
  AstrixCheckPage *self = ASTRIX_CHECK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (astrix_check_page_parent_class)->dispose (object);
}

static void
astrix_check_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AstrixCheckPage *self = ASTRIX_CHECK_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_check_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AstrixCheckPage *self = ASTRIX_CHECK_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      astrix_check_page_set_config (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_check_page_class_init (AstrixCheckPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_check_page_dispose;
  object_class->get_property = astrix_check_page_get_property;
  object_class->set_property = astrix_check_page_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, ASTRIX_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/astrix/Assist/astrix-check-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, summary_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, summary_title);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, summary_subtitle);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, run_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, secret_revealer);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, AstrixCheckPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_secret_apply);

  gtk_widget_class_install_action (widget_class, "check-page.run-again", NULL, run_again_action);
}

static void
astrix_check_page_init (AstrixCheckPage *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Ctrl+R anywhere in the window the page is in (a dialog of its own, as a rule). */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_r,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new (
                                                            "check-page.run-again")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-page.run-again", FALSE);
  update_summary (self);
}

/**
 * astrix_check_page_new:
 * @config: (nullable): the server to check
 *
 * The page does not start by itself: call astrix_check_page_run().
 */
GtkWidget *
astrix_check_page_new (AstrixServerConfig *config)
{
  return g_object_new (ASTRIX_TYPE_CHECK_PAGE, "config", config, NULL);
}

/* Another server: what was shown of the last one goes, and a check under way stops. */
void
astrix_check_page_set_config (AstrixCheckPage    *self,
                              AstrixServerConfig *config)
{
  g_return_if_fail (ASTRIX_IS_CHECK_PAGE (self));
  g_return_if_fail (config == NULL || ASTRIX_IS_SERVER_CONFIG (config));

  if (self->config == config)
    return;
  g_cancellable_cancel (self->cancellable);
  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  g_set_object (&self->config, config);
  if (config != NULL)
    {
      self->check = astrix_server_check_new (config);
      g_signal_connect_swapped (self->check, "notify::running", G_CALLBACK (on_check_notify), self);
      g_signal_connect_swapped (self->check, "notify::status", G_CALLBACK (on_check_notify), self);
      g_signal_connect_swapped (self->check, "items-changed", G_CALLBACK (on_check_notify), self);
    }
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->check), create_row, NULL, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "check-page.run-again", config != NULL);
  self->needs_secret = FALSE;
  gtk_revealer_set_reveal_child (self->secret_revealer, FALSE);
  update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

/* Returns: (transfer none) (nullable): the check the page shows, its rows a GListModel */
AstrixServerCheck *
_astrix_check_page_get_check (AstrixCheckPage *self)
{
  g_return_val_if_fail (ASTRIX_IS_CHECK_PAGE (self), NULL);

  return self->check;
}

/**
 * astrix_check_page_present:
 * @parent: (nullable): the window it belongs to
 * @config: the server to check
 * @secret: (nullable): as for astrix_check_page_run()
 *
 * Opens a dialog window with the page and starts the check. Escape closes it.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
astrix_check_page_present (GtkWindow          *parent,
                           AstrixServerConfig *config,
                           const char         *secret)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Check Server"),
                                           astrix_server_config_get_name (config));
  GtkWidget *page = astrix_check_page_new (config);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Check Server"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_window_set_modal (GTK_WINDOW (window), parent != NULL);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  astrix_check_page_run (ASTRIX_CHECK_PAGE (page), secret);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (ASTRIX_CHECK_PAGE (page)->run_button));
  return GTK_WINDOW (window);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agent-action-dialog.h"
#include "astrix-application-agent-actions.h"

/*
 * What an action on an agent needs before it is sent: the reason of a pause (the site's list
 * from the server's settings, or any text) and in which queue (or all); the queue to log the
 * agent into or out of; the penalty. Return runs it, Escape cancels.
 */

struct _AstrixAgentActionDialog
{
  AdwWindow              parent_instance;

  GtkButton             *run_button;
  AdwPreferencesGroup   *group;
  AdwComboRow           *reason_row;
  AdwEntryRow           *other_reason_row;
  AdwComboRow           *queue_row;
  AdwActionRow          *penalty_row;
  GtkSpinButton         *penalty_spin;

  AstrixAgentActionKind  kind;
  AstrixConnection      *connection;
  AstrixAgent           *agent;
  GtkStringList         *reasons;     /* "No reason" first, then the site's */
  GtkStringList         *queues;      /* "All queues" first when the action allows it */
  gboolean               all_queues;  /* whether queues' first item means every queue */
};

G_DEFINE_FINAL_TYPE (AstrixAgentActionDialog, astrix_agent_action_dialog, ADW_TYPE_WINDOW)

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/**
 * astrix_agent_action_dialog_dup_action:
 *
 * Returns: (transfer full) (nullable): the action as the dialog says it now; %NULL when there
 *   is no queue to choose
 */
AstrixAgentAction *
astrix_agent_action_dialog_dup_action (AstrixAgentActionDialog *self)
{
  const char *who = astrix_agent_get_interface (self->agent);
  const char *queue = selected_string (self->queue_row);
  int penalty = gtk_spin_button_get_value_as_int (self->penalty_spin);
  g_autofree char *other =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->other_reason_row))));
  const char *reason = other[0] != '\0' ? other : NULL;

  if (queue == NULL)
    return NULL;
  if (self->all_queues && adw_combo_row_get_selected (self->queue_row) == 0)
    queue = NULL;
  if (reason == NULL && adw_combo_row_get_selected (self->reason_row) > 0)
    reason = selected_string (self->reason_row);
  switch (self->kind)
    {
    case ASTRIX_AGENT_ACTION_PAUSE:
      return astrix_agent_action_new_pause (who, queue, reason);
    case ASTRIX_AGENT_ACTION_ADD:
      return astrix_agent_action_new_add (who, queue, penalty);
    case ASTRIX_AGENT_ACTION_REMOVE:
      return astrix_agent_action_new_remove (who, queue);
    case ASTRIX_AGENT_ACTION_PENALTY:
      return astrix_agent_action_new_penalty (who, queue, penalty);
    case ASTRIX_AGENT_ACTION_UNPAUSE:
    default:
      return astrix_agent_action_new_unpause (who, queue);
    }
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  AstrixAgentActionDialog *self = ASTRIX_AGENT_ACTION_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;
  g_autoptr(AstrixAgentAction) action = astrix_agent_action_dialog_dup_action (self);

  if (action == NULL || !ASTRIX_IS_APPLICATION (app))
    return;
  astrix_application_run_agent_action (ASTRIX_APPLICATION (app), self->connection, action);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The queues to offer: the agent's, or (to log into) the server's others. */
static void
fill_queues (AstrixAgentActionDialog *self)
{
  GListModel *all = G_LIST_MODEL (astrix_connection_get_queues (self->connection));
  g_auto(GStrv) own = astrix_agent_dup_queues (self->agent);

  self->all_queues = self->kind == ASTRIX_AGENT_ACTION_PAUSE ||
                     self->kind == ASTRIX_AGENT_ACTION_PENALTY;
  if (self->all_queues)
    gtk_string_list_append (self->queues, _("All of the agent’s queues"));
  if (self->kind != ASTRIX_AGENT_ACTION_ADD)
    {
      for (guint i = 0; own[i] != NULL; i++)
        gtk_string_list_append (self->queues, own[i]);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(AstrixQueue) queue = g_list_model_get_item (all, i);
      const char *name = astrix_queue_get_name (queue);

      if (!g_strv_contains ((const char * const *) own, name))
        gtk_string_list_append (self->queues, name);
    }
}

static void
set_up (AstrixAgentActionDialog *self)
{
  AstrixServerConfig *config = astrix_connection_get_config (self->connection);
  const char * const *reasons = astrix_server_config_get_pause_reasons (config);
  const char *name = astrix_agent_get_name (self->agent);
  gboolean pause = self->kind == ASTRIX_AGENT_ACTION_PAUSE;
  gboolean penalty = self->kind == ASTRIX_AGENT_ACTION_ADD ||
                     self->kind == ASTRIX_AGENT_ACTION_PENALTY;
  const char *titles[] = {
    [ASTRIX_AGENT_ACTION_PAUSE] = _("Pause Agent"),
    [ASTRIX_AGENT_ACTION_UNPAUSE] = _("Unpause Agent"),
    [ASTRIX_AGENT_ACTION_ADD] = _("Add to Queue"),
    [ASTRIX_AGENT_ACTION_REMOVE] = _("Remove from Queue"),
    [ASTRIX_AGENT_ACTION_PENALTY] = _("Change Penalty"),
  };
  const char *buttons[] = {
    [ASTRIX_AGENT_ACTION_PAUSE] = _("_Pause"),
    [ASTRIX_AGENT_ACTION_UNPAUSE] = _("_Unpause"),
    [ASTRIX_AGENT_ACTION_ADD] = _("_Add"),
    [ASTRIX_AGENT_ACTION_REMOVE] = _("_Remove"),
    [ASTRIX_AGENT_ACTION_PENALTY] = _("_Change"),
  };

  gtk_window_set_title (GTK_WINDOW (self), titles[self->kind]);
  gtk_button_set_label (self->run_button, buttons[self->kind]);
  adw_preferences_group_set_title (self->group, name);
  adw_preferences_group_set_description (self->group, astrix_agent_get_interface (self->agent));
  gtk_string_list_append (self->reasons, _("No reason"));
  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    gtk_string_list_append (self->reasons, reasons[i]);
  fill_queues (self);
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (self->reasons));
  adw_combo_row_set_model (self->queue_row, G_LIST_MODEL (self->queues));
  if (pause && reasons != NULL && reasons[0] != NULL)
    adw_combo_row_set_selected (self->reason_row, 1);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), pause);
  gtk_widget_set_visible (GTK_WIDGET (self->other_reason_row), pause);
  gtk_widget_set_visible (GTK_WIDGET (self->penalty_row), penalty);
  if (self->kind == ASTRIX_AGENT_ACTION_PENALTY)
    gtk_spin_button_set_value (self->penalty_spin, 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.run",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->queues)) > 0);
  /* Return at once confirms what is offered; Tab reaches the fields */
  gtk_widget_grab_focus (GTK_WIDGET (self->run_button));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->queues)) == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->queue_row),
                                 _("There is no queue to choose."));
}

static void
astrix_agent_action_dialog_dispose (GObject *object)
{
  AstrixAgentActionDialog *self = ASTRIX_AGENT_ACTION_DIALOG (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->agent);
  g_clear_object (&self->reasons);
  g_clear_object (&self->queues);
  gtk_widget_dispose_template (GTK_WIDGET (self), ASTRIX_TYPE_AGENT_ACTION_DIALOG);

  G_OBJECT_CLASS (astrix_agent_action_dialog_parent_class)->dispose (object);
}

static void
astrix_agent_action_dialog_class_init (AstrixAgentActionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = astrix_agent_action_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/astrix/Assist/astrix-agent-action-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, run_button);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, group);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, other_reason_row);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, queue_row);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, penalty_row);
  gtk_widget_class_bind_template_child (widget_class, AstrixAgentActionDialog, penalty_spin);

  gtk_widget_class_install_action (widget_class, "dialog.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "dialog.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "dialog.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
astrix_agent_action_dialog_init (AstrixAgentActionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->reasons = gtk_string_list_new (NULL);
  self->queues = gtk_string_list_new (NULL);
}

/**
 * astrix_agent_action_dialog_new:
 * @connection: @agent's server
 *
 * Asks what @kind of action on @agent needs, then runs it through the application.
 */
AstrixAgentActionDialog *
astrix_agent_action_dialog_new (GtkWindow             *parent,
                                AstrixAgentActionKind  kind,
                                AstrixConnection      *connection,
                                AstrixAgent           *agent)
{
  AstrixAgentActionDialog *self = g_object_new (ASTRIX_TYPE_AGENT_ACTION_DIALOG,
                                                "transient-for", parent, NULL);

  self->kind = kind;
  self->connection = g_object_ref (connection);
  self->agent = g_object_ref (agent);
  set_up (self);
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-agent-action-dialog.h"
#include "astrix-agent-monitor.h"
#include "astrix-agents-page-private.h"
#include "astrix-application-agent-actions.h"

/*
 * Acting on the selected agent: pause (with a reason, in one queue or all), unpause, log into
 * or out of a queue, change the penalty. Each is a page action with a shortcut, a button of
 * the page's action bar and an item of the row's menu (right click, Menu or Shift+F10). A user
 * whose manager.conf lacks write = agent sees them disabled, never hidden, and the buttons'
 * tooltips say which line would allow them.
 */

static const struct
{
  const char     *name;
  guint           key;
  GdkModifierType mods;
  const char     *tooltip;   /* when enabled */
} page_actions[] = {
  { "agents.pause", GDK_KEY_p, GDK_CONTROL_MASK, N_("Pause the agent, with a reason (Ctrl+P)") },
  { "agents.unpause", GDK_KEY_u, GDK_CONTROL_MASK,
    N_("Unpause the agent in every queue (Ctrl+U)") },
  { "agents.add-to-queue", GDK_KEY_j, GDK_CONTROL_MASK,
    N_("Log the agent into another queue (Ctrl+J)") },
  { "agents.remove-from-queue", GDK_KEY_Delete, GDK_CONTROL_MASK,
    N_("Log the agent out of a queue (Ctrl+Delete)") },
  { "agents.change-penalty", GDK_KEY_k, GDK_CONTROL_MASK,
    N_("Change the agent’s penalty (Ctrl+K)") },
};

#define MENU_KEY "astrix-agents-menu"
#define BAR_KEY  "astrix-agents-action-bar"

/* The selected agent and its server; FALSE with a toast when there is none. */
static gboolean
selected (AstrixAgentsPage  *self,
          AstrixAgent      **agent,
          AstrixConnection **connection)
{
  GListModel *connections = _astrix_agents_page_get_connections (self);

  *agent = astrix_agents_page_get_selected (self);
  *connection = NULL;
  if (*agent == NULL)
    {
      g_signal_emit_by_name (self, "toast", _("Select an agent first."));
      return FALSE;
    }
  if (connections == NULL ||
      astrix_agent_find (connections, astrix_agent_get_interface (*agent), connection) != *agent)
    {
      g_signal_emit_by_name (self, "toast", _("This agent’s server is gone."));
      return FALSE;
    }
  return TRUE;
}

static AstrixCapabilities
capabilities_of (AstrixConnection *connection)
{
  AstrixCapabilities capabilities = ASTRIX_CAPABILITY_NONE;

  if (connection != NULL)
    g_object_get (connection, "capabilities", &capabilities, NULL);
  return capabilities;
}

/* Back in the table after a dialog, so the page's shortcuts work on at once. */
static void
refocus (AstrixAgentsPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (astrix_agents_page_get_column_view (self)));
}

static void
act (GtkWidget  *widget,
     const char *name,
     GVariant   *param)
{
  AstrixAgentsPage *self = ASTRIX_AGENTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                              : NULL;
  AstrixAgentActionKind kind = ASTRIX_AGENT_ACTION_PAUSE;
  AstrixAgent *agent;
  AstrixConnection *connection;
  GtkWidget *dialog;

  if (!ASTRIX_IS_APPLICATION (app) || !selected (self, &agent, &connection))
    return;
  if (g_str_equal (name, "agents.unpause"))
    {
      g_autoptr(AstrixAgentAction) action =
        astrix_agent_action_new_unpause (astrix_agent_get_interface (agent), NULL);

      astrix_application_run_agent_action (ASTRIX_APPLICATION (app), connection, action);
      return;
    }
  if (g_str_equal (name, "agents.add-to-queue"))
    kind = ASTRIX_AGENT_ACTION_ADD;
  else if (g_str_equal (name, "agents.remove-from-queue"))
    kind = ASTRIX_AGENT_ACTION_REMOVE;
  else if (g_str_equal (name, "agents.change-penalty"))
    kind = ASTRIX_AGENT_ACTION_PENALTY;
  dialog = GTK_WIDGET (astrix_agent_action_dialog_new (GTK_WINDOW (root), kind, connection,
                                                       agent));
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (refocus), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The row's menu */

static GtkWidget *
ensure_menu (AstrixAgentsPage *self)
{
  GtkWidget *menu = g_object_get_data (G_OBJECT (self), MENU_KEY);
  g_autoptr(GMenu) model = NULL;

  if (menu != NULL)
    return menu;
  model = g_menu_new ();
  g_menu_append (model, _("_Pause…"), "agents.pause");
  g_menu_append (model, _("_Unpause"), "agents.unpause");
  g_menu_append (model, _("_Add to Queue…"), "agents.add-to-queue");
  g_menu_append (model, _("_Remove from Queue…"), "agents.remove-from-queue");
  g_menu_append (model, _("Change P_enalty…"), "agents.change-penalty");
  menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (model));
  gtk_popover_set_has_arrow (GTK_POPOVER (menu), FALSE);
  gtk_widget_set_halign (menu, GTK_ALIGN_START);
  gtk_widget_set_parent (menu, GTK_WIDGET (astrix_agents_page_get_column_view (self)));
  g_object_set_data_full (G_OBJECT (self), MENU_KEY, menu, (GDestroyNotify) gtk_widget_unparent);
  return menu;
}

static void
popup_at (AstrixAgentsPage *self,
          double            x,
          double            y)
{
  GtkWidget *menu = ensure_menu (self);
  GdkRectangle where = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &where);
  gtk_popover_popup (GTK_POPOVER (menu));
}

static void
menu_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GtkWidget *view = GTK_WIDGET (astrix_agents_page_get_column_view (ASTRIX_AGENTS_PAGE (widget)));

  popup_at (ASTRIX_AGENTS_PAGE (widget), gtk_widget_get_width (view) / 4.0, 40);
}

static void
on_right_click (GtkGestureClick  *gesture,
                int               n_press,
                double            x,
                double            y,
                AstrixAgentsPage *self)
{
  GtkColumnView *view = astrix_agents_page_get_column_view (self);
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (view), x, y, GTK_PICK_DEFAULT);

  /* the row under the pointer becomes the selected one, as a left click would make it */
  while (picked != NULL && picked != GTK_WIDGET (view) &&
         !g_str_equal (G_OBJECT_TYPE_NAME (picked), "GtkColumnViewRowWidget") &&
         !g_str_equal (G_OBJECT_TYPE_NAME (picked), "GtkListItemWidget"))
    picked = gtk_widget_get_parent (picked);
  if (picked != NULL && picked != GTK_WIDGET (view))
    gtk_widget_activate_action (picked, "listitem.select", "(bb)", FALSE, FALSE);
  popup_at (self, x, y);
}

/* Enablement, and the tooltips that say why not */

static void
set_tooltips (GtkWidget  *widget,
              const char *missing)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = GTK_IS_ACTIONABLE (child)
                         ? gtk_actionable_get_action_name (GTK_ACTIONABLE (child)) : NULL;

      for (guint i = 0; name != NULL && i < G_N_ELEMENTS (page_actions); i++)
        {
          if (g_str_equal (name, page_actions[i].name))
            gtk_widget_set_tooltip_text (child, missing != NULL ? missing
                                                                : _(page_actions[i].tooltip));
        }
      set_tooltips (child, missing);
    }
}

/**
 * _astrix_agents_page_update_actions:
 *
 * Enables the actions when an agent is selected whose server lets this user change queues
 * (write = agent); otherwise disables them, and says why in the buttons' tooltips.
 */
void
_astrix_agents_page_update_actions (AstrixAgentsPage *self)
{
  AstrixAgent *agent = astrix_agents_page_get_selected (self);
  GListModel *connections = _astrix_agents_page_get_connections (self);
  AstrixConnection *connection = NULL;
  AstrixCapabilities capabilities;
  gboolean allowed;
  GtkWidget *bar = g_object_get_data (G_OBJECT (self), BAR_KEY);

  if (agent != NULL && connections != NULL)
    astrix_agent_find (connections, astrix_agent_get_interface (agent), &connection);
  capabilities = capabilities_of (connection);
  allowed = (capabilities & ASTRIX_CAPABILITY_QUEUE_MEMBERS) != 0;
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), page_actions[i].name,
                                   connection != NULL && allowed);
  if (bar != NULL)
    set_tooltips (bar, connection != NULL && !allowed
                       ? astrix_capability_describe_missing (ASTRIX_CAPABILITY_QUEUE_MEMBERS)
                       : NULL);
}

void
_astrix_agents_page_install_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    {
      gtk_widget_class_install_action (widget_class, page_actions[i].name, NULL, act);
      gtk_widget_class_add_binding_action (widget_class, page_actions[i].key,
                                           page_actions[i].mods, page_actions[i].name, NULL);
    }
  gtk_widget_class_install_action (widget_class, "agents.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "agents.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "agents.menu",
                                       NULL);
}

/* @action_bar: the page's bar of buttons for the actions */
void
_astrix_agents_page_init_actions (AstrixAgentsPage *self,
                                  GtkWidget        *action_bar)
{
  GtkGesture *click = gtk_gesture_click_new ();

  g_object_set_data (G_OBJECT (self), BAR_KEY, action_bar);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (astrix_agents_page_get_column_view (self)),
                             GTK_EVENT_CONTROLLER (click));
  _astrix_agents_page_update_actions (self);
}

/* Before the column view goes: the menu is its child. */
void
_astrix_agents_page_dispose_actions (AstrixAgentsPage *self)
{
  g_object_set_data (G_OBJECT (self), MENU_KEY, NULL);
  g_object_set_data (G_OBJECT (self), BAR_KEY, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-application-call-actions.h"
#include "astrix-question.h"
#include "astrix-queues-page.h"

/*
 * Send to Agent… on the Queues page: the selected waiting caller leaves the queue for the agent
 * the supervisor chooses (app.send-to-agent's path: a Redirect to the agent's extension in the
 * server's agents' context). From the callers' menu (right click) or Ctrl+Shift+T.
 */

static AstrixApplication *
get_app (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  return app != NULL ? ASTRIX_APPLICATION (app) : NULL;
}

/* The caller's channel and its server, from the Uniqueid the queue reports */
static AstrixConnection *
find_caller (AstrixApplication  *app,
             AstrixQueueCaller  *caller,
             const char        **channel)
{
  GListModel *connections = astrix_application_get_connections (app);
  guint n = g_list_model_get_n_items (connections);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);
      AstrixChannel *found =
        astrix_channel_store_lookup (astrix_connection_get_store (connection),
                                     astrix_queue_caller_get_uniqueid (caller));

      if (found != NULL)
        {
          *channel = astrix_channel_get_name (found);
          return connection;   /* the application holds it */
        }
    }
  return NULL;
}

/* The agents of @connection's queues: "Name — state" to show, the interfaces to send. */
static GtkStringList *
agent_list (AstrixConnection *connection,
            GPtrArray        *interfaces)
{
  AstrixQueueStore *queues = astrix_connection_get_queues (connection);
  GListModel *agents = queues != NULL ? G_LIST_MODEL (astrix_queue_store_get_agents (queues))
                                      : NULL;
  GtkStringList *names = gtk_string_list_new (NULL);
  guint n = agents != NULL ? g_list_model_get_n_items (agents) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixAgent) agent = g_list_model_get_item (agents, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", astrix_agent_get_name (agent),
                                                astrix_agent_get_state_label (agent));

      gtk_string_list_append (names, label);
      g_ptr_array_add (interfaces, g_strdup (astrix_agent_get_interface (agent)));
    }
  return names;
}

static void
on_send_response (AdwMessageDialog *dialog,
                  const char       *response,
                  GtkDropDown      *agents)
{
  GPtrArray *interfaces = g_object_get_data (G_OBJECT (dialog), "astrix-interfaces");
  guint chosen = gtk_drop_down_get_selected (agents);

  if (g_strcmp0 (response, "send") != 0 || chosen >= interfaces->len)
    return;
  astrix_application_call_action (g_object_get_data (G_OBJECT (dialog), "astrix-app"),
                                  g_object_get_data (G_OBJECT (dialog), "astrix-server"),
                                  ASTRIX_CALL_ACTION_SEND_TO_AGENT,
                                  g_object_get_data (G_OBJECT (dialog), "astrix-channel"),
                                  g_ptr_array_index (interfaces, chosen));
}

static void
send_to_agent_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  AstrixQueuesPage *self = ASTRIX_QUEUES_PAGE (widget);
  AstrixQueueCaller *caller = astrix_queues_page_get_selected_caller (self);
  AstrixApplication *app = get_app (widget);
  g_autoptr(GPtrArray) interfaces = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *who = NULL;
  const char *channel = NULL;
  AstrixConnection *connection;
  AdwMessageDialog *dialog;
  GtkWidget *agents;

  connection = caller != NULL && app != NULL ? find_caller (app, caller, &channel) : NULL;
  if (connection == NULL)
    {
      if (app != NULL)
        astrix_application_report (app, _("Select a waiting caller first."));
      return;
    }
  who = astrix_queue_caller_dup_caller (caller);
  dialog = astrix_question_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Send to Agent?"),
                                "send", _("_Send"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_format_body (dialog,
                                  _("%s leaves the queue and is put through to the agent you "
                                    "choose."), who);
  agents = gtk_drop_down_new (G_LIST_MODEL (agent_list (connection, interfaces)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (agents), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agent"), -1);
  adw_message_dialog_set_extra_child (dialog, agents);
  g_object_set_data_full (G_OBJECT (dialog), "astrix-interfaces", g_steal_pointer (&interfaces),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "astrix-app", g_object_ref (app), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "astrix-server",
                          g_strdup (astrix_connection_get_name (connection)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "astrix-channel", g_strdup (channel), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_send_response), agents);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_right_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                GtkWidget       *menu)
{
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &at);
  gtk_popover_popup (GTK_POPOVER (menu));
}

static void
on_view_destroy (GtkWidget *view,
                 GtkWidget *menu)
{
  gtk_widget_unparent (menu);
}

void
_astrix_queues_page_class_init_send (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "queues.send-to-agent", NULL,
                                   send_to_agent_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "queues.send-to-agent", NULL);
}

/* The waiting callers' menu */
void
_astrix_queues_page_init_send (AstrixQueuesPage *self)
{
  GtkColumnView *view = astrix_queues_page_get_callers_view (self);
  g_autoptr(GMenu) model = g_menu_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkWidget *menu;

  g_menu_append (model, _("Send to _Agent…"), "queues.send-to-agent");
  menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (model));
  gtk_popover_set_has_arrow (GTK_POPOVER (menu), FALSE);
  gtk_widget_set_parent (menu, GTK_WIDGET (view));
  g_signal_connect (view, "destroy", G_CALLBACK (on_view_destroy), menu);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), menu);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
}

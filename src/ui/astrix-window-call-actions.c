/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "astrix-application-call-actions.h"
#include "astrix-cell.h"
#include "astrix-question.h"
#include "astrix-window-call-actions.h"
#include "astrix-window-private.h"

/*
 * The window's actions on the selected call: End Call… (asks first, naming both parties: it
 * cannot be undone), Record, Stop Recording, Mute Recording (a toggle). They are in the row's
 * menu (right click, Menu or Shift+F10) and have shortcuts; the work is the application's
 * (astrix_application_call_action()), the same path as the exported app.end-call ... actions.
 * An action the manager user may not run is disabled, never hidden, and the menu and the
 * table's tooltip say which manager.conf line would allow it. The selected row is reached only
 * through selected_call_target(), on the call the Calls table has selected.
 */

#define DATA_KEY "astrix-window-call-actions"

typedef struct
{
  GtkWidget      *menu;       /* the row's popover menu */
  GMenu          *missing;    /* its section saying what the user may not do */
  AstrixCall     *watched;    /* the selected row, for its recording state */
  gulong          watched_id;
} CallActions;

static void
call_actions_free (gpointer data)
{
  CallActions *actions = data;

  g_clear_signal_handler (&actions->watched_id, actions->watched);
  g_clear_object (&actions->watched);
  g_clear_object (&actions->missing);
  g_free (actions);
}

static CallActions *
get_actions (AstrixWindow *self)
{
  return g_object_get_data (G_OBJECT (self), DATA_KEY);
}

static AstrixApplication *
get_app (AstrixWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app != NULL ? ASTRIX_APPLICATION (app) : NULL;
}

static AstrixCall *
selected_call (AstrixWindow *self)
{
  return astrix_window_get_selected_call (self);
}

/*
 * The selected call: its server, the channel to act on, and both parties in words for the
 * confirmation. Recording acts on the agent's side (a MixMonitor there hears both parties of
 * the bridge; the agent's channel is also the one the supervisor spies on), and so does
 * everything else but ending the call, which hangs up the customer's side: after an agent's
 * side hangs up, the customer's dialplan would go on after Queue() (a survey, voicemail), which
 * is not what "end the call" means. A call with only one side uses that one.
 * Returns: %FALSE when no call is selected.
 */
static gboolean
selected_call_target (AstrixWindow      *self,
                      AstrixCallAction   action,
                      char             **server,
                      char             **channel,
                      char             **other_party_description)
{
  AstrixCall *selected = selected_call (self);
  const char *agent_side;
  const char *customer_side;
  g_autofree char *customer = NULL;
  g_autofree char *agent = NULL;

  if (selected == NULL)
    return FALSE;
  agent_side = astrix_call_get_agent_channel (selected);
  customer_side = astrix_call_get_customer_channel (selected);
  if (agent_side == NULL && customer_side == NULL)
    return FALSE;
  customer = astrix_call_dup_customer (selected);
  agent = astrix_call_dup_agent (selected);
  if (server != NULL)
    *server = g_strdup (astrix_call_get_server (selected));
  if (channel != NULL)
    {
      if (action == ASTRIX_CALL_ACTION_END)
        *channel = g_strdup (customer_side != NULL ? customer_side : agent_side);
      else
        *channel = g_strdup (agent_side != NULL ? agent_side : customer_side);
    }
  if (other_party_description != NULL)
    *other_party_description =
      g_strdup_printf (_("%s and %s"),
                       customer != NULL && customer[0] ? customer : _("an unknown party"),
                       agent != NULL && agent[0] ? agent : _("nobody yet"));
  return TRUE;
}

static AstrixRecordingState
selected_recording (AstrixWindow *self)
{
  AstrixCall *selected = selected_call (self);

  return selected != NULL ? astrix_call_get_recording_state (selected) : ASTRIX_RECORDING_NONE;
}

static AstrixConnection *
selected_connection (AstrixWindow *self)
{
  g_autofree char *server = NULL;
  GListModel *connections;
  guint n;

  if (get_app (self) == NULL ||
      !selected_call_target (self, ASTRIX_CALL_ACTION_END, &server, NULL, NULL))
    return NULL;
  connections = astrix_application_get_connections (get_app (self));
  n = g_list_model_get_n_items (connections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);

      if (g_strcmp0 (astrix_connection_get_name (connection), server) == 0)
        return connection;   /* the application holds it */
    }
  return NULL;
}

static gboolean
allowed (AstrixCapabilities have,
         AstrixCallAction   action)
{
  return (have & astrix_call_action_get_capability (action)) != 0;
}

/* Enablement, in one place; and what is missing, in words. */
void
_astrix_window_update_call_actions (AstrixWindow *self)
{
  CallActions *actions = get_actions (self);
  AstrixConnection *connection = selected_connection (self);
  AstrixCapabilities have = ASTRIX_CAPABILITY_NONE;
  AstrixRecordingState recording = selected_recording (self);
  g_autoptr(GString) missing = g_string_new (NULL);
  static const AstrixCapabilities needed[] = {
    ASTRIX_CAPABILITY_END_CALLS, ASTRIX_CAPABILITY_RECORD, ASTRIX_CAPABILITY_RECORDING_CONTROL
  };

  if (actions == NULL)
    return;
  if (connection != NULL)
    g_object_get (connection, "capabilities", &have, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.end-call",
                                 allowed (have, ASTRIX_CALL_ACTION_END));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.record-call",
                                 allowed (have, ASTRIX_CALL_ACTION_RECORD) &&
                                 recording == ASTRIX_RECORDING_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-recording",
                                 allowed (have, ASTRIX_CALL_ACTION_STOP_RECORDING) &&
                                 recording != ASTRIX_RECORDING_NONE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mute-recording",
                                 allowed (have, ASTRIX_CALL_ACTION_MUTE_RECORDING) &&
                                 recording != ASTRIX_RECORDING_NONE);

  g_menu_remove_all (actions->missing);
  for (guint i = 0; connection != NULL && i < G_N_ELEMENTS (needed); i++)
    {
      if ((have & needed[i]) != 0)
        continue;
      g_menu_append (actions->missing, astrix_capability_describe_missing (needed[i]),
                     "win.no-such-action");
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? "\n" : "",
                              astrix_capability_describe_missing (needed[i]));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (astrix_window_get_column_view (self)),
                               missing->len > 0 ? missing->str : NULL);
}

static void
on_selected_recording (AstrixWindow *self)
{
  _astrix_window_update_call_actions (self);
}

static void
on_selection (AstrixWindow *self)
{
  CallActions *actions = get_actions (self);
  AstrixCall *selected = selected_call (self);

  g_clear_signal_handler (&actions->watched_id, actions->watched);
  g_set_object (&actions->watched, selected);
  if (selected != NULL)
    actions->watched_id = g_signal_connect_swapped (selected, "notify::recording-state",
                                                    G_CALLBACK (on_selected_recording), self);
  _astrix_window_update_call_actions (self);
}

/* The actions */

static void
run (AstrixWindow     *self,
     AstrixCallAction  action)
{
  g_autofree char *server = NULL;
  g_autofree char *channel = NULL;

  if (!selected_call_target (self, action, &server, &channel, NULL))
    {
      astrix_window_show_toast (self, _("Select a call first."));
      return;
    }
  astrix_application_call_action (get_app (self), server, action, channel, NULL);
}

static void
on_end_response (AdwMessageDialog *dialog,
                 const char       *response,
                 AstrixWindow     *self)
{
  const char *server = g_object_get_data (G_OBJECT (dialog), "astrix-server");
  const char *channel = g_object_get_data (G_OBJECT (dialog), "astrix-channel");

  if (g_strcmp0 (response, "end") == 0)
    astrix_application_call_action (get_app (self), server, ASTRIX_CALL_ACTION_END, channel,
                                    NULL);
}

static void
end_call_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  g_autofree char *server = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *parties = NULL;
  AdwMessageDialog *dialog;

  if (!selected_call_target (self, ASTRIX_CALL_ACTION_END, &server, &channel, &parties))
    {
      astrix_window_show_toast (self, _("Select a call first."));
      return;
    }
  dialog = astrix_question_new (GTK_WINDOW (self), _("End the Call?"), "end", _("_End Call"),
                                ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_format_body (dialog,
                                  _("The call between %s will be hung up (%s). This cannot be "
                                    "undone."), parties, channel);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "astrix-server", g_steal_pointer (&server), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "astrix-channel", g_steal_pointer (&channel), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_end_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_call_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  run (ASTRIX_WINDOW (widget), ASTRIX_CALL_ACTION_RECORD);
}

static void
stop_recording_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  run (ASTRIX_WINDOW (widget), ASTRIX_CALL_ACTION_STOP_RECORDING);
}

static void
mute_recording_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);

  run (self, selected_recording (self) == ASTRIX_RECORDING_MUTED
               ? ASTRIX_CALL_ACTION_UNMUTE_RECORDING : ASTRIX_CALL_ACTION_MUTE_RECORDING);
}

/* The selected call's menu, pointing at @at in the table */
static void
popup_menu (AstrixWindow       *self,
            const GdkRectangle *at)
{
  CallActions *actions = get_actions (self);

  if (selected_call (self) == NULL)
    return;
  _astrix_window_update_call_actions (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (actions->menu), at);
  gtk_popover_popup (GTK_POPOVER (actions->menu));
}

static void
call_menu_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  AstrixWindow *self = ASTRIX_WINDOW (widget);
  GtkWidget *view = GTK_WIDGET (astrix_window_get_column_view (self));
  /* From the keyboard there is no pointer: near the top of the table, inside the window */
  GdkRectangle at = { gtk_widget_get_width (view) / 3, MIN (gtk_widget_get_height (view) / 4, 120),
                      1, 1 };

  popup_menu (self, &at);
}

static void
on_right_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                AstrixWindow    *self)
{
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  popup_menu (self, &at);
}

/* The state cell also says whether the call is being recorded, and muted. */

static void
update_state_cell (AstrixCall *call,
                   GParamSpec *pspec,
                   AstrixCell *cell)
{
  const char *state = astrix_call_get_state_label (call);
  g_autofree char *text = NULL;

  switch (astrix_call_get_recording_state (call))
    {
    case ASTRIX_RECORDING_ACTIVE:
      text = g_strdup_printf (_("%s, recorded"), state);
      break;
    case ASTRIX_RECORDING_MUTED:
      /* Only while bridged: the state goes without saying, and the column is narrow */
      text = g_strdup (_("Recording muted"));
      break;
    case ASTRIX_RECORDING_NONE:
    default:
      text = g_strdup (state);
      break;
    }
  astrix_cell_set_text (cell, text);
}

static void
state_setup (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  gtk_list_item_set_child (item, astrix_cell_new ());
}

static void
state_bind (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  AstrixCall *call = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);

  update_state_cell (call, NULL, ASTRIX_CELL (cell));
  g_signal_connect_object (call, "notify::state-label", G_CALLBACK (update_state_cell), cell, 0);
  g_signal_connect_object (call, "notify::recording-state", G_CALLBACK (update_state_cell),
                           cell, 0);
}

static void
state_unbind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_state_cell,
                                        gtk_list_item_get_child (item));
}

GtkListItemFactory *
_astrix_window_state_cell_factory_new (void)
{
  return astrix_cell_factory_new (G_CALLBACK (state_setup), G_CALLBACK (state_bind),
                                  G_CALLBACK (state_unbind), NULL);
}

/* Setting up */

static GMenu *
build_menu (CallActions *actions)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  g_menu_append (section, _("_End Call…"), "win.end-call");
  g_menu_append (section, _("_Record"), "win.record-call");
  g_menu_append (section, _("_Stop Recording"), "win.stop-recording");
  g_menu_append (section, _("_Mute Recording"), "win.mute-recording");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  actions->missing = g_menu_new ();
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions->missing));
  return menu;
}

void
_astrix_window_class_init_call_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.end-call", NULL, end_call_action);
  gtk_widget_class_install_action (widget_class, "win.record-call", NULL, record_call_action);
  gtk_widget_class_install_action (widget_class, "win.stop-recording", NULL,
                                   stop_recording_action);
  gtk_widget_class_install_action (widget_class, "win.mute-recording", NULL,
                                   mute_recording_action);
  gtk_widget_class_install_action (widget_class, "win.call-menu", NULL, call_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.end-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.record-call", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.stop-recording", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.mute-recording", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "win.call-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "win.call-menu", NULL);
}

void
_astrix_window_init_call_actions (AstrixWindow *self)
{
  CallActions *actions = g_new0 (CallActions, 1);
  GtkColumnView *view = astrix_window_get_column_view (self);
  GtkGesture *click = gtk_gesture_click_new ();
  g_autoptr(GMenu) menu = build_menu (actions);

  g_object_set_data_full (G_OBJECT (self), DATA_KEY, actions, call_actions_free);
  actions->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (actions->menu), FALSE);
  gtk_widget_set_parent (actions->menu, GTK_WIDGET (view));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (astrix_window_get_selection (self), "notify::selected-item",
                           G_CALLBACK (on_selection), self, G_CONNECT_SWAPPED);
  on_selection (self);
}

/* What a connection's user may do is learnt at each login: recompute then. */
static void
on_connections_changed (GListModel   *connections,
                        guint         position,
                        guint         removed,
                        guint         added,
                        AstrixWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(AstrixConnection) connection = g_list_model_get_item (connections, i);

      g_signal_connect_object (connection, "notify::capabilities",
                               G_CALLBACK (_astrix_window_update_call_actions), self,
                               G_CONNECT_SWAPPED);
    }
  _astrix_window_update_call_actions (self);
}

void
_astrix_window_attach_call_actions (AstrixWindow      *self,
                                    AstrixApplication *app)
{
  GListModel *connections = astrix_application_get_connections (app);

  g_signal_connect_object (connections, "items-changed", G_CALLBACK (on_connections_changed),
                           self, 0);
  on_connections_changed (connections, 0, 0, g_list_model_get_n_items (connections), self);
}

/* Before the window goes: the popover has the table for parent. */
void
_astrix_window_dispose_call_actions (AstrixWindow *self)
{
  CallActions *actions = get_actions (self);

  if (actions != NULL && actions->menu != NULL)
    g_clear_pointer (&actions->menu, gtk_widget_unparent);
}

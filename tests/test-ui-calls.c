/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Calls page as a supervisor sees it, the whole application on the simulated PBX under
 * Xvfb, driven by the keyboard: one row per conversation (not per channel), the supervisor's
 * own spy call folded into the call it monitors ("monitored by"), listening from a row on the
 * agent's exact channel, the details pane with the call's channels, the search by customer
 * number and by agent name, and a call that ends leaving the table.
 */
#include <signal.h>
#include <string.h>

#include "config.h"

#include "astrix-agents-page.h"
#include "astrix-application-private.h"
#include "astrix-call-details.h"
#include "astrix-call-details-private.h"
#include "astrix-cell.h"
#include "astrix-cell-private.h"
#include "astrix-demo-pbx-private.h"
#include "astrix-window-private.h"
#include "ui-support.h"
#include "astrix-call-private.h"

#define CUSTOMER_NAME   "Quentin Quiz"
#define CUSTOMER_NUMBER "+44207946001"
#define AGENT_NAME      "Ingrid Larsen"   /* the demo's agent 1009 */

static AstrixApplication *app;
static AstrixWindow *window;

static void
press (const char *keys)
{
  ui_press (GTK_WINDOW (window), keys);
}

static GListModel *
rows (void)
{
  return G_LIST_MODEL (astrix_window_get_selection (window));
}

static AstrixConnection *
connection (void)
{
  static AstrixConnection *connection;

  if (connection == NULL)
    {
      connection = g_list_model_get_item (G_LIST_MODEL (app->connections), 0);
      g_object_unref (connection);   /* the application keeps it */
    }
  return connection;
}

static guint
n_channels (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (astrix_connection_get_store (connection ())));
}

/* The row (position) whose customer's number is @number, or -1 */
static int
find_row (const char *number)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows ()); i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (rows (), i);

      if (g_strcmp0 (astrix_call_get_customer_number (call), number) == 0)
        return i;
    }
  return -1;
}

/* A label or cell under @widget whose text has @text in it */
static GtkWidget *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  const char *shown = NULL;

  if (GTK_IS_LABEL (widget))
    shown = gtk_label_get_text (GTK_LABEL (widget));
  else if (ASTRIX_IS_CELL (widget))
    shown = _astrix_cell_get_text (ASTRIX_CELL (widget));
  if (shown != NULL && strstr (shown, text) != NULL && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AstrixMonitorSession *
session (void)
{
  return astrix_monitor_get_session (astrix_application_get_monitor (app));
}

/* A conversation between a customer and an agent is one row, of two channels */
static void
check_one_row_per_call (void)
{
  guint n = g_list_model_get_n_items (rows ());

  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (n_channels (), ==, 2 * n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (rows (), i);

      g_assert_cmpuint (g_list_model_get_n_items (astrix_call_get_channels (call)), ==, 2);
      g_assert_nonnull (astrix_call_get_customer_name (call));
      g_assert_nonnull (astrix_call_get_customer_number (call));
      g_assert_nonnull (astrix_call_get_agent_name (call));
      g_assert_cmpint (_astrix_call_get_state (call), ==, ASTRIX_CALL_STATE_TALKING);
      g_assert_cmpstr (astrix_call_get_state_label (call), ==, "Talking");
      g_assert_false (_astrix_call_is_monitored (call));
    }
}

static void
check_search (void)
{
  g_autoptr(AstrixCall) found = NULL;

  /* By the customer's number */
  press ("ctrl+f");
  ui_type (GTK_WINDOW (window), "207946");
  UI_WAIT_UNTIL (g_list_model_get_n_items (rows ()) == 1, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 1);
  found = g_list_model_get_item (rows (), 0);
  g_assert_cmpstr (astrix_call_get_customer_number (found), ==, CUSTOMER_NUMBER);
  g_clear_object (&found);

  /* By the agent's name, whatever its case */
  press ("ctrl+a");
  ui_type (GTK_WINDOW (window), "ingrid");
  ui_wait_ms (300);
  UI_WAIT_UNTIL (g_list_model_get_n_items (rows ()) == 1, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 1);
  found = g_list_model_get_item (rows (), 0);
  g_assert_cmpstr (astrix_call_get_agent_name (found), ==, AGENT_NAME);

  /* Nothing matches: no row */
  ui_type (GTK_WINDOW (window), "zz");
  UI_WAIT_UNTIL (g_list_model_get_n_items (rows ()) == 0, 5000);
  g_assert_cmpstr (_astrix_window_get_page (window), ==, "no-results");

  press ("ctrl+a");
  press ("BackSpace");
  press ("Escape");
  UI_WAIT_UNTIL (g_list_model_get_n_items (rows ()) == 4, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 4);
}

/* Selects the row of the call with @number by the keyboard (Ctrl+L, Home, Down...) */
static AstrixCall *
select_call (const char *number)
{
  press ("ctrl+l");
  press ("Home");
  UI_WAIT_UNTIL (gtk_single_selection_get_selected (astrix_window_get_selection (window)) == 0,
                 2000);
  for (int i = 0; i < find_row (number); i++)
    press ("Down");
  UI_WAIT_UNTIL (astrix_window_get_selected_call (window) != NULL &&
                 g_strcmp0 (astrix_call_get_customer_number (
                              astrix_window_get_selected_call (window)),
                            number) == 0, 3000);
  g_assert_cmpstr (astrix_call_get_customer_number (astrix_window_get_selected_call (window)), ==,
                   number);
  return astrix_window_get_selected_call (window);
}

static void
check_listen (AstrixCall *call,
              const char *agent_channel)
{
  g_autofree char *data = g_strdup_printf ("%s,quEbd", agent_channel);
  AmiMessage *originate;
  guint before = n_channels ();

  g_assert_cmpstr (astrix_call_get_spy_target (call), ==, agent_channel);
  press ("ctrl+1");
  UI_WAIT_UNTIL (session () != NULL &&
                 astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ACTIVE, 8000);
  originate = _astrix_demo_pbx_last_received (app->demo, "Originate");
  g_assert_nonnull (originate);
  g_assert_cmpstr (ami_message_get (originate, "Application"), ==, "ChanSpy");
  g_assert_cmpstr (ami_message_get (originate, "Data"), ==, data);
  g_assert_cmpstr (astrix_monitor_session_get_target (session ()), ==, agent_channel);

  /* The supervisor's spy call is a channel more, and no row: the call shows who monitors it */
  UI_WAIT_UNTIL (n_channels () > before && _astrix_call_is_monitored (call), 5000);
  ui_wait_ms (300);
  g_assert_cmpuint (n_channels (), >, before);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 4);
  g_assert_true (_astrix_call_is_monitored (call));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (astrix_window_get_column_view (window)),
                                   astrix_call_get_monitored_by (call)));
  g_assert_cmpuint (g_list_model_get_n_items (astrix_call_get_channels (call)), ==, 2);
  ui_save_screenshot (GTK_WIDGET (window), "ui-calls-monitored.png");
}

static void
check_details (AstrixCall *call)
{
  AstrixCallDetails *details =
    ASTRIX_CALL_DETAILS (ui_find_widget (GTK_WIDGET (window), ASTRIX_TYPE_CALL_DETAILS, NULL));
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (details),
                                                                 GTK_TYPE_REVEALER));
  GListModel *channels = astrix_call_get_channels (call);
  GString *text = g_string_new (NULL);
  g_autofree char *labels = NULL;
  guint n_rows = 0;

  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  press ("ctrl+i");
  UI_WAIT_UNTIL (gtk_revealer_get_reveal_child (revealer) &&
                 _astrix_call_details_get_call (details) == call, 3000);
  g_assert_true (_astrix_call_details_get_call (details) == call);
  ui_wait_ms (300);
  for (GtkWidget *row = gtk_widget_get_first_child (
         GTK_WIDGET (_astrix_call_details_get_list (details)));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (channels));
  ui_collect_labels (GTK_WIDGET (details), text);
  labels = g_string_free (text, FALSE);
  g_test_message ("details: %s", labels);
  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (channels, i);

      g_assert_nonnull (strstr (labels, astrix_channel_get_name (channel)));
      g_assert_nonnull (strstr (labels, astrix_channel_get_uniqueid (channel)));
      g_assert_nonnull (strstr (labels, astrix_channel_get_state_label (channel)));
      g_assert_nonnull (astrix_channel_get_bridge_id (channel));
      g_assert_nonnull (strstr (labels, astrix_channel_get_bridge_id (channel)));
    }
  ui_save_screenshot (GTK_WIDGET (window), "ui-calls-details.png");

  press ("ctrl+i");
  UI_WAIT_UNTIL (!gtk_revealer_get_reveal_child (revealer), 3000);
  g_assert_null (_astrix_call_details_get_call (details));
}

static gboolean
script (gpointer data)
{
  g_autofree char *agent_channel = NULL;
  AstrixCall *call;

  UI_WAIT_UNTIL ((window = (AstrixWindow *)
                    gtk_application_get_active_window (GTK_APPLICATION (app))) != NULL, 5000);
  UI_WAIT_UNTIL (g_list_model_get_n_items (rows ()) >= 3 && n_channels () >= 6, 8000);
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);
  ui_wait_ms (300);
  check_one_row_per_call ();

  /* A customer calls in and agent 1009 answers: one row more */
  agent_channel = astrix_demo_pbx_add_call (app->demo, "1009", CUSTOMER_NUMBER, CUSTOMER_NAME);
  UI_WAIT_UNTIL (find_row (CUSTOMER_NUMBER) >= 0, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 4);
  ui_wait_ms (300);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (astrix_window_get_column_view (window)),
                                   CUSTOMER_NAME " <" CUSTOMER_NUMBER ">"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (astrix_window_get_column_view (window)),
                                   AGENT_NAME " <1009>"));

  /* The Agents page shows the agent's call, though it did not come through a queue */
  press ("alt+4");
  {
    GtkWidget *page = ui_find_widget (GTK_WIDGET (window), ASTRIX_TYPE_AGENTS_PAGE, NULL);
    GtkWidget *cell = NULL;

    UI_WAIT_UNTIL (gtk_widget_get_mapped (page) &&
                   (cell = find_label_containing (page,
                                                  CUSTOMER_NAME " <" CUSTOMER_NUMBER ">")) != NULL,
                   8000);
    g_assert_nonnull (cell);
  }
  press ("alt+1");
  UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (astrix_window_get_column_view (window))), 3000);

  check_search ();
  call = select_call (CUSTOMER_NUMBER);
  g_object_ref (call);
  check_listen (call, agent_channel);
  check_details (call);

  press ("ctrl+period");
  UI_WAIT_UNTIL (astrix_monitor_session_get_state (session ()) == ASTRIX_SESSION_ENDED, 5000);
  UI_WAIT_UNTIL (!_astrix_call_is_monitored (call), 5000);
  g_assert_false (_astrix_call_is_monitored (call));

  /* The call ends: its row goes, the others stay */
  g_assert_true (astrix_demo_pbx_hangup (app->demo, agent_channel));
  UI_WAIT_UNTIL (find_row (CUSTOMER_NUMBER) < 0, 5000);
  g_assert_cmpint (find_row (CUSTOMER_NUMBER), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (rows ()), ==, 3);
  g_object_unref (call);

  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
test_calls_page (void)
{
  if (!ui_have_session ())
    {
      g_test_skip ("needs an X display and a private session bus (build-aux/quickstart test)");
      return;
    }
  /* Monitoring notifies: a daemon to take the notifications */
  ui_run_demo (&app, "3", script);
}

int
main (int   argc,
      char *argv[])
{
  ui_use_own_data_home ("test-ui-calls");
  g_test_init (&argc, &argv, NULL);
  gdk_set_allowed_backends ("x11");
  ui_tolerate_known_warnings ();

  g_test_add_func ("/ui/calls-page", test_calls_page);

  return g_test_run ();
}

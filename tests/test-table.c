/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Tables under Xvfb: AstrixCell (as tall as a label, its text made only when it is read or
 * drawn); the channel table's cells, which follow their channel's changes through one handler
 * per channel, given up when no cell shows it any more, also when rows shift (and the same for
 * the calls of the Calls page, two channels a row); and the rows of
 * AstrixRowModel, which catch up with a big change of length over the frames of their view: at
 * once a screen of rows, then a few rows a frame, rows past the end empty until they go.
 */
#include "config.h"

#include <adwaita.h>

#include "astrix-call-private.h"
#include "astrix-cell.h"
#include "astrix-cell-private.h"
#include "astrix-channel-cells.h"
#include "astrix-channel-private.h"
#include "astrix-channel-store.h"
#include "astrix-row-model.h"
#include "astrix-row-model-private.h"
#include "row-support.h"
#include "ui-support.h"

static guint texts_made;

static char *
count_text (AstrixCell *cell,
            gpointer    data)
{
  texts_made++;
  return g_strdup_printf ("%s %u", (const char *) data, texts_made);
}

static void
test_cell (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("Åg label");
  GtkWidget *cell = astrix_cell_new ();
  GtkWidget *lazy = astrix_cell_new ();
  int label_height, cell_height, width;

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), cell);
  gtk_box_append (GTK_BOX (box), lazy);
  gtk_window_set_child (GTK_WINDOW (window), box);
  astrix_cell_set_text (ASTRIX_CELL (cell), "Åg cell");
  g_assert_cmpstr (_astrix_cell_get_text (ASTRIX_CELL (cell)), ==, "Åg cell");
  astrix_cell_set_text (ASTRIX_CELL (cell), NULL);
  g_assert_cmpstr (_astrix_cell_get_text (ASTRIX_CELL (cell)), ==, "");
  astrix_cell_set_text (ASTRIX_CELL (cell), "Åg cell");

  /* The text function is asked only when the text is needed, once until invalidated */
  astrix_cell_set_text_func (ASTRIX_CELL (lazy), count_text, (gpointer) "made");
  g_assert_cmpuint (texts_made, ==, 0);
  g_assert_cmpstr (_astrix_cell_get_text (ASTRIX_CELL (lazy)), ==, "made 1");
  g_assert_cmpstr (_astrix_cell_get_text (ASTRIX_CELL (lazy)), ==, "made 1");
  astrix_cell_invalidate (ASTRIX_CELL (lazy));
  g_assert_cmpuint (texts_made, ==, 1);
  g_assert_cmpstr (_astrix_cell_get_text (ASTRIX_CELL (lazy)), ==, "made 2");

  gtk_window_present (GTK_WINDOW (window));
  UI_WAIT_UNTIL (gtk_widget_get_mapped (cell) && gtk_widget_get_height (cell) > 0, 5000);
  /* As tall as a label of the same font; no width of its own */
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, &label_height, NULL, NULL);
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, NULL, &cell_height, NULL, NULL);
  g_assert_cmpint (cell_height, >, 0);
  g_assert_cmpint (cell_height, ==, label_height);
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  g_assert_cmpint (width, ==, 0);

  /* Drawn: the invalidated text is made for the frame */
  astrix_cell_invalidate (ASTRIX_CELL (lazy));
  UI_WAIT_UNTIL (texts_made == 3, 5000);
  ui_wait_ms (100);
  g_assert_cmpuint (texts_made, ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Channels */

static AmiMessage *
newchannel (guint i)
{
  g_autofree char *name = g_strdup_printf ("PJSIP/1%03u-%08x", i, i);
  g_autofree char *uniqueid = g_strdup_printf ("500.%u", i);
  g_autofree char *number = g_strdup_printf ("55500%03u", i);

  return ami_message_new ("Event", "Newchannel", "Channel", name, "ChannelState", "6",
                          "ChannelStateDesc", "Up", "CallerIDNum", number, "CallerIDName",
                          "Caller", "ConnectedLineNum", "<unknown>", "ConnectedLineName",
                          "<unknown>", "Uniqueid", uniqueid, "Linkedid", uniqueid, NULL);
}

static void
send_event (AstrixChannelStore *store,
            const char         *event,
            guint               i,
            const char         *caller_name)
{
  g_autofree char *name = g_strdup_printf ("PJSIP/1%03u-%08x", i, i);
  g_autofree char *uniqueid = g_strdup_printf ("500.%u", i);
  g_autofree char *number = g_strdup_printf ("55500%03u", i);
  g_autoptr(AmiMessage) m = ami_message_new ("Event", event, "Channel", name, "ChannelState", "6",
                                             "ChannelStateDesc", "Up", "CallerIDNum", number,
                                             "CallerIDName", caller_name, "Uniqueid", uniqueid,
                                             "Cause", "16", NULL);

  astrix_channel_store_handle_event (store, m);
}

static gboolean
has_notify_handler (AstrixChannel *channel)
{
  return g_signal_has_handler_pending (channel, g_signal_lookup ("notify", G_TYPE_OBJECT), 0,
                                       FALSE);
}

/* Every row shows its channel's caller, and every channel in the table has its handler */
static void
assert_rows (GtkWidget          *view,
             AstrixChannelStore *store)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *caller = astrix_channel_dup_caller (channel);

      g_assert_nonnull (ui_find_label (view, caller));
      g_assert_true (has_notify_handler (channel));
    }
}

static void
test_channel_cells (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new ("pbx");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;
  GtkColumnViewColumn *column;
  g_autoptr(AstrixChannel) first = NULL;
  g_autoptr(AstrixChannel) fifth = NULL;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(AmiMessage) m = newchannel (i);

      astrix_channel_store_handle_event (store, m);
    }
  _astrix_channel_store_flush (store);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (
                                gtk_single_selection_new (g_object_ref (G_LIST_MODEL (store)))));
  column = gtk_column_view_column_new ("Caller", astrix_text_cell_factory_new ("caller", NULL));
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
  g_object_unref (column);
  column = gtk_column_view_column_new ("Monitored", astrix_monitored_cell_factory_new ());
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
  g_object_unref (column);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  UI_WAIT_UNTIL (ui_find_label (view, "Caller <55500011>") != NULL, 5000);
  assert_rows (view, store);
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  fifth = g_list_model_get_item (G_LIST_MODEL (store), 4);

  /* A change of the caller shows */
  send_event (store, "NewCallerid", 4, "Ada");
  UI_WAIT_UNTIL (ui_find_label (view, "Ada <55500004>") != NULL, 5000);
  g_assert_null (ui_find_label (view, "Caller <55500004>"));

  /* The first call ends: every row below shifts; each still shows its own channel, and the
   * channel that ended has no handler left */
  send_event (store, "Hangup", 0, "Caller");
  _astrix_channel_store_flush (store);
  UI_WAIT_UNTIL (ui_find_label (view, "Caller <55500000>") == NULL, 5000);
  assert_rows (view, store);
  g_assert_false (has_notify_handler (first));
  send_event (store, "NewCallerid", 4, "Bea");
  UI_WAIT_UNTIL (ui_find_label (view, "Bea <55500004>") != NULL, 5000);

  /* Nothing shown any more: no handler anywhere */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_false (has_notify_handler (fifth));
}

/* Calls: a customer's channel (500.i) and an agent's (500.(100 + i)) in one bridge */

static void
agent_answers (AstrixChannelStore *store,
               guint               i)
{
  g_autofree char *name = g_strdup_printf ("PJSIP/1%03u-%08x", i + 100, i + 100);
  g_autofree char *uniqueid = g_strdup_printf ("500.%u", i + 100);
  g_autofree char *linkedid = g_strdup_printf ("500.%u", i);
  g_autofree char *bridge = g_strdup_printf ("bridge-%u", i);
  g_autofree char *customer = g_strdup_printf ("500.%u", i);
  g_autoptr(AmiMessage) m = ami_message_new ("Event", "Newchannel", "Channel", name,
                                             "ChannelState", "6", "ChannelStateDesc", "Up",
                                             "CallerIDNum", "1001", "CallerIDName", "Agent",
                                             "Uniqueid", uniqueid, "Linkedid", linkedid, NULL);
  g_autoptr(AmiMessage) enter = ami_message_new ("Event", "BridgeEnter", "Uniqueid", uniqueid,
                                                 "BridgeUniqueid", bridge, NULL);
  g_autoptr(AmiMessage) enter2 = ami_message_new ("Event", "BridgeEnter", "Uniqueid", customer,
                                                  "BridgeUniqueid", bridge, NULL);

  astrix_channel_store_handle_event (store, m);
  astrix_channel_store_handle_event (store, enter);
  astrix_channel_store_handle_event (store, enter2);
}

static void
assert_call_rows (GtkWidget       *view,
                  AstrixCallStore *calls)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (calls)); i++)
    {
      g_autoptr(AstrixCall) call = g_list_model_get_item (G_LIST_MODEL (calls), i);
      g_autofree char *customer = astrix_call_dup_customer (call);

      g_assert_nonnull (ui_find_label (view, customer));
      g_assert_true (g_signal_has_handler_pending (call, g_signal_lookup ("notify", G_TYPE_OBJECT),
                                                   0, FALSE));
    }
}

static void
test_call_cells (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new ("pbx");
  g_autoptr(AstrixCallStore) calls = astrix_call_store_new (store);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;
  GtkColumnViewColumn *column;
  g_autoptr(AstrixCall) first = NULL;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(AmiMessage) m = newchannel (i);

      astrix_channel_store_handle_event (store, m);
      agent_answers (store, i);
    }
  _astrix_channel_store_flush (store);
  _astrix_call_store_flush (calls);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 24);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 12);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (
                                gtk_single_selection_new (g_object_ref (G_LIST_MODEL (calls)))));
  column = gtk_column_view_column_new ("Customer", astrix_text_cell_factory_new ("customer", NULL));
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
  g_object_unref (column);
  column = gtk_column_view_column_new ("State", astrix_text_cell_factory_new ("state-label", NULL));
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
  g_object_unref (column);
  column = gtk_column_view_column_new ("Monitored", astrix_monitored_cell_factory_new ());
  gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
  g_object_unref (column);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  UI_WAIT_UNTIL (ui_find_label (view, "Caller <55500011>") != NULL, 5000);
  assert_call_rows (view, calls);
  g_assert_nonnull (ui_find_label (view, "Talking"));
  first = g_list_model_get_item (G_LIST_MODEL (calls), 0);

  /* The customer's new caller ID shows on the call's row */
  send_event (store, "NewCallerid", 4, "Ada");
  _astrix_channel_store_flush (store);
  _astrix_call_store_flush (calls);
  UI_WAIT_UNTIL (ui_find_label (view, "Ada <55500004>") != NULL, 5000);
  g_assert_null (ui_find_label (view, "Caller <55500004>"));

  /* The first call ends (both channels): its row goes, the rows below shift and each still
   * shows its own call; the call that ended has no handler left */
  send_event (store, "Hangup", 0, "Caller");
  {
    g_autoptr(AmiMessage) m = ami_message_new ("Event", "Hangup", "Uniqueid", "500.100", NULL);

    astrix_channel_store_handle_event (store, m);
  }
  _astrix_channel_store_flush (store);
  _astrix_call_store_flush (calls);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 11);
  UI_WAIT_UNTIL (ui_find_label (view, "Caller <55500000>") == NULL, 5000);
  assert_call_rows (view, calls);
  g_assert_false (g_signal_has_handler_pending (first, g_signal_lookup ("notify", G_TYPE_OBJECT),
                                                0, FALSE));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Rows */

static guint n_signals;

static void
on_changed (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gpointer    data)
{
  n_signals++;
}

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

static void
next_frame (GtkWidget *widget)
{
  painted = FALSE;
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

/* The first @n rows show the source's first @n items; the rest of the rows show nothing. */
static void
assert_catching_up (GListModel *source,
                    GListModel *rows,
                    guint       n)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(AstrixRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = i < n ? g_list_model_get_item (source, i) : NULL;

      g_assert_true (astrix_row_get_item (row) == (gpointer) item);
    }
}

/* The whole source replaced by @n new items, in one change */
static void
replace_all (GListStore *source,
             guint       n,
             const char *prefix)
{
  g_autoptr(GListStore) fresh = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  fill (fresh, n, prefix);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fresh), i));
  g_list_store_splice (source, 0, g_list_model_get_n_items (G_LIST_MODEL (source)), items->pdata,
                       items->len);
}

static void
test_paced (void)
{
  g_autoptr(GListStore) source = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(AstrixRowModel) model = NULL;
  GtkWidget *window;
  GtkWidget *view;
  guint frames = 0;
  guint before;

  window = gtk_window_new ();
  view = gtk_label_new ("rows");
  gtk_widget_set_size_request (view, 200, 240);   /* a screen: 240 / 24 + 2 = 12 rows */
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (view) || gtk_widget_get_height (view) < 240)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);

  fill (source, 5, "a");
  model = _astrix_row_model_new (G_LIST_MODEL (source));
  astrix_row_model_set_pace_widget (model, view);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_changed), NULL);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));

  /* 5 rows become 150: a screen (12 rows) at once, nothing more in the frame that shows it,
   * then at most 4 a frame */
  replace_all (source, 150, "b");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 12);
  assert_catching_up (G_LIST_MODEL (source), G_LIST_MODEL (model), 12);
  next_frame (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 12);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) < 150)
    {
      before = g_list_model_get_n_items (G_LIST_MODEL (model));
      next_frame (window);
      frames++;
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)) - before, <=, 4);
      assert_catching_up (G_LIST_MODEL (source), G_LIST_MODEL (model),
                          g_list_model_get_n_items (G_LIST_MODEL (model)));
    }
  g_assert_cmpuint (frames, >=, (150 - 12) / 4);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));

  /* 150 rows become 3: the rows past the third show nothing at once, and go 8 a frame */
  replace_all (source, 3, "c");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 150);
  assert_catching_up (G_LIST_MODEL (source), G_LIST_MODEL (model), 3);
  frames = 0;
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) > 3)
    {
      before = g_list_model_get_n_items (G_LIST_MODEL (model));
      next_frame (window);
      frames++;
      g_assert_cmpuint (before - g_list_model_get_n_items (G_LIST_MODEL (model)), <=, 8);
      assert_catching_up (G_LIST_MODEL (source), G_LIST_MODEL (model), 3);
    }
  g_assert_cmpuint (frames, >=, 147 / 8);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));

  /* 3 rows become 150 again; while they catch up, an item goes: all rows are shown again */
  replace_all (source, 150, "d");
  next_frame (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 150);
  /* A small change while the rows catch up: all of them shown again, right */
  g_list_store_remove (source, 1);
  assert_catching_up (G_LIST_MODEL (source), G_LIST_MODEL (model),
                      g_list_model_get_n_items (G_LIST_MODEL (model)));

  /* Hidden, the rows catch up at once */
  gtk_widget_set_visible (window, FALSE);
  assert_same (G_LIST_MODEL (source), G_LIST_MODEL (model));

  astrix_row_model_set_pace_widget (model, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/table/cell", test_cell);
  g_test_add_func ("/table/channel-cells", test_channel_cells);
  g_test_add_func ("/table/call-cells", test_call_cells);
  g_test_add_func ("/table/paced-rows", test_paced);
  return g_test_run ();
}

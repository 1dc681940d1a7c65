/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-channel-private.h"
#include "astrix-channel-store.h"
#include "capture.h"

typedef struct
{
  guint signals;
  guint last_position;
  guint last_removed;
  guint last_added;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->signals++;
  changes->last_position = position;
  changes->last_removed = removed;
  changes->last_added = added;
}

static GPtrArray *
load_messages (const char *name,
               guint       connection)
{
  g_autofree char *path = capture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(Capture) capture = capture_load (path, &error);

  g_assert_no_error (error);
  return capture_server_messages (capture, connection);
}

/* The uniqueids in the model, as a set. */
static GHashTable *
model_uniqueids (GListModel *model)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (model, i);

      g_assert_false (g_hash_table_contains (set, astrix_channel_get_uniqueid (channel)));
      g_hash_table_add (set, g_strdup (astrix_channel_get_uniqueid (channel)));
    }
  return set;
}

static void
test_coreshowchannels (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("06-coreshowchannels.txt", 0);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new ("pbx");
  g_autoptr(GHashTable) bridges = g_hash_table_new (g_str_hash, g_str_equal);
  Changes changes = { 0 };
  guint bridged = 0;

  /* The items of the first list (ActionID csc-1), as the client collects them. */
  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);

      if (ami_message_is (m, "Event", "CoreShowChannel") && ami_message_is (m, "ActionID", "csc-1"))
        g_ptr_array_add (items, m);
    }
  g_assert_cmpuint (items->len, ==, 12);

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changes);
  astrix_channel_store_begin_resync (store);
  astrix_channel_store_finish_resync (store, items);

  /* The whole burst is one items-changed. */
  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 0);
  g_assert_cmpuint (changes.last_added, ==, 12);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 12);

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(AstrixChannel) channel = g_list_model_get_item (G_LIST_MODEL (store), i);
      AmiMessage *item = g_ptr_array_index (items, i);
      const char *bridge = ami_message_get (item, "BridgeId");
      AstrixChannel *peer;

      g_assert_cmpstr (astrix_channel_get_name (channel), ==, ami_message_get (item, "Channel"));
      g_assert_cmpstr (_astrix_channel_get_server (channel), ==, "pbx");
      g_assert_cmpstr (_astrix_channel_get_state_desc (channel), ==, "Up");
      g_assert_cmpstr (astrix_channel_get_application (channel), ==,
                       ami_message_get (item, "Application"));
      g_assert_true (astrix_channel_get_created (channel) <=
                     g_get_real_time () - 20 * G_USEC_PER_SEC);
      if (bridge[0] == '\0')
        {
          g_assert_null (astrix_channel_get_bridge_id (channel));
          g_assert_null (_astrix_channel_get_peer (channel));
          continue;
        }

      /* Both halves of a bridged call share the BridgeId and name each other. */
      bridged++;
      g_assert_cmpstr (astrix_channel_get_bridge_id (channel), ==, bridge);
      peer = astrix_channel_store_lookup_by_name (store, _astrix_channel_get_peer (channel));
      g_assert_nonnull (peer);
      g_assert_true (peer != channel);
      g_assert_cmpstr (astrix_channel_get_bridge_id (peer), ==, bridge);
      g_assert_cmpstr (_astrix_channel_get_peer (peer), ==, astrix_channel_get_name (channel));
      g_hash_table_add (bridges, (gpointer) bridge);
    }
  g_assert_cmpuint (bridged, ==, 6);
  g_assert_cmpuint (g_hash_table_size (bridges), ==, 3);

  {
    AstrixChannel *c = astrix_channel_store_lookup (store, "1795667052.1");
    g_autofree char *caller = astrix_channel_dup_caller (c);

    g_assert_cmpstr (caller, ==, "Customer 1001 <5550101>");
  }
}

/* Replays a capture's events; after every Hangup the channel must be out of the model. */
static void
replay_stream (const char *name)
{
  g_autoptr(GPtrArray) messages = load_messages (name, 0);
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new ("pbx");
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) actual = NULL;
  guint newchannels = 0;
  guint hangups_checked = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);
      const char *event = ami_message_get_name (m);
      const char *uniqueid = ami_message_get (m, "Uniqueid");

      astrix_channel_store_handle_event (store, m);
      if (ami_message_get_kind (m) != AMI_MESSAGE_EVENT)
        continue;

      if (g_strcmp0 (event, "Newchannel") == 0)
        {
          g_hash_table_add (expected, (gpointer) uniqueid);
          newchannels++;
        }
      else if (g_strcmp0 (event, "Hangup") == 0)
        {
          g_hash_table_remove (expected, uniqueid);
          _astrix_channel_store_flush (store);
          g_assert_null (astrix_channel_store_lookup (store, uniqueid));
          for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (store)); k++)
            {
              g_autoptr(AstrixChannel) c = g_list_model_get_item (G_LIST_MODEL (store), k);

              g_assert_cmpstr (astrix_channel_get_uniqueid (c), !=, uniqueid);
            }
          hangups_checked++;
        }
    }
  _astrix_channel_store_flush (store);

  g_assert_cmpuint (newchannels, >, 10);
  g_assert_cmpuint (hangups_checked, >, 10);
  actual = model_uniqueids (G_LIST_MODEL (store));
  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, expected);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_assert_true (g_hash_table_contains (actual, key));
  }
}

static void
test_passive_stream_all (void)
{
  replay_stream ("22-passive-stream-all.txt");
}

static void
test_passive_stream_proxy (void)
{
  replay_stream ("22-passive-stream-proxy.txt");
}

/* In 22 the driver spies on a call it started: the spyee shows who monitors it, then not. */
static void
test_spy_marks (void)
{
  g_autoptr(GPtrArray) messages = load_messages ("22-passive-stream-all.txt", 0);
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new ("pbx");
  gboolean saw_start = FALSE, saw_stop = FALSE;

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);
      AstrixChannel *spyee;
      AstrixChannel *spyer;

      astrix_channel_store_handle_event (store, m);
      if (ami_message_is (m, "Event", "ChanSpyStart"))
        {
          spyee = astrix_channel_store_lookup (store, ami_message_get (m, "SpyeeUniqueid"));
          spyer = astrix_channel_store_lookup (store, ami_message_get (m, "SpyerUniqueid"));
          g_assert_nonnull (spyee);
          g_assert_nonnull (spyer);
          g_assert_true (_astrix_channel_is_monitored (spyee));
          g_assert_cmpstr (astrix_channel_get_monitored_by (spyee), ==, "Supervisor");
          g_assert_cmpstr (astrix_channel_get_spying_on (spyer), ==,
                           ami_message_get (m, "SpyeeChannel"));
          saw_start = TRUE;
        }
      else if (ami_message_is (m, "Event", "ChanSpyStop"))
        {
          spyee = astrix_channel_store_lookup (store, ami_message_get (m, "SpyeeUniqueid"));
          if (spyee != NULL)
            {
              g_assert_false (_astrix_channel_is_monitored (spyee));
              g_assert_null (astrix_channel_get_monitored_by (spyee));
            }
          saw_stop = TRUE;
        }
    }
  g_assert_true (saw_start);
  g_assert_true (saw_stop);
}

static AmiMessage *
newchannel (const char *name,
            const char *uniqueid)
{
  return ami_message_new ("Event", "Newchannel", "Privilege", "call,all",
                          "Channel", name, "ChannelState", "0", "ChannelStateDesc", "Down",
                          "CallerIDNum", "1001", "CallerIDName", "Agent \\\"Ada\\\" L\\\\",
                          "ConnectedLineNum", "<unknown>", "ConnectedLineName", "<unknown>",
                          "Language", "en", "AccountCode", "", "Context", "from-internal",
                          "Exten", "s", "Priority", "1", "Uniqueid", uniqueid,
                          "Linkedid", uniqueid, NULL);
}

static AmiMessage *
hangup (const char *name,
        const char *uniqueid)
{
  return ami_message_new ("Event", "Hangup", "Privilege", "call,all", "Channel", name,
                          "Uniqueid", uniqueid, "Cause", "16", "Cause-txt", "Normal Clearing",
                          NULL);
}

static void
test_rename_and_escapes (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new (NULL);
  g_autoptr(AmiMessage) nc = newchannel ("PJSIP/1001-0000002a", "100.1");
  g_autoptr(AmiMessage) rename = ami_message_new ("Event", "Rename", "Privilege", "call,all",
                                                  "Channel", "PJSIP/1001-0000002a",
                                                  "Newname", "PJSIP/1001-0000002a<MASQ>",
                                                  "Uniqueid", "100.1", NULL);
  AstrixChannel *channel;

  astrix_channel_store_handle_event (store, nc);
  channel = astrix_channel_store_lookup (store, "100.1");
  /* Asterisk C-escapes caller names; shown unescaped. */
  g_assert_cmpstr (astrix_channel_get_caller_name (channel), ==, "Agent \"Ada\" L\\");
  g_assert_null (astrix_channel_get_connected_name (channel));

  astrix_channel_store_handle_event (store, rename);
  g_assert_cmpstr (astrix_channel_get_name (channel), ==, "PJSIP/1001-0000002a<MASQ>");
  g_assert_true (astrix_channel_store_lookup_by_name (store, "PJSIP/1001-0000002a<MASQ>") ==
                 channel);
  g_assert_null (astrix_channel_store_lookup_by_name (store, "PJSIP/1001-0000002a"));
}

static void
test_storm_coalesced (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new (NULL);
  Changes changes = { 0 };
  gint64 deadline;

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changes);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("PJSIP/1%03u-%08x", i, i);
      g_autofree char *uniqueid = g_strdup_printf ("200.%u", i);
      g_autoptr(AmiMessage) m = newchannel (name, uniqueid);

      astrix_channel_store_handle_event (store, m);
    }
  /* Half of them hang up again before anyone looked. */
  for (guint i = 0; i < 1000; i += 2)
    {
      g_autofree char *name = g_strdup_printf ("PJSIP/1%03u-%08x", i, i);
      g_autofree char *uniqueid = g_strdup_printf ("200.%u", i);
      g_autoptr(AmiMessage) m = hangup (name, uniqueid);

      astrix_channel_store_handle_event (store, m);
    }
  g_assert_cmpuint (changes.signals, ==, 0);

  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (changes.signals == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 500);

  /* A thousand more events that change nothing in the list: no list signal at all. */
  for (guint i = 1; i < 1000; i += 2)
    {
      g_autofree char *name = g_strdup_printf ("PJSIP/1%03u-%08x", i, i);
      g_autofree char *uniqueid = g_strdup_printf ("200.%u", i);
      g_autoptr(AmiMessage) m = ami_message_new ("Event", "Newstate", "Channel", name,
                                                 "ChannelState", "6", "ChannelStateDesc", "Up",
                                                 "Uniqueid", uniqueid, NULL);

      astrix_channel_store_handle_event (store, m);
      g_assert_cmpstr (_astrix_channel_get_state_desc (astrix_channel_store_lookup (store,
                                                                                    uniqueid)),
                       ==, "Up");
    }
  _astrix_channel_store_flush (store);
  g_assert_cmpuint (changes.signals, ==, 1);
}

/* A flush is one signal: from the first channel that ended to the end of the list, where the
 * new ones are; the channels in between are the same objects, in the same order. */
static void
test_flush_shape (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new (NULL);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  Changes changes = { 0 };

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("PJSIP/2%03u-%08x", i, i);
      g_autofree char *uniqueid = g_strdup_printf ("300.%u", i);
      g_autoptr(AmiMessage) m = newchannel (name, uniqueid);

      astrix_channel_store_handle_event (store, m);
    }
  _astrix_channel_store_flush (store);
  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changes);

  for (guint i = 3; i < 10; i += 4)   /* 3 and 7 end, 2 start */
    {
      g_autofree char *name = g_strdup_printf ("PJSIP/2%03u-%08x", i, i);
      g_autofree char *uniqueid = g_strdup_printf ("300.%u", i);
      g_autoptr(AmiMessage) m = hangup (name, uniqueid);

      astrix_channel_store_handle_event (store, m);
    }
  for (guint i = 10; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("PJSIP/2%03u-%08x", i, i);
      g_autofree char *uniqueid = g_strdup_printf ("300.%u", i);
      g_autoptr(AmiMessage) m = newchannel (name, uniqueid);

      astrix_channel_store_handle_event (store, m);
    }
  _astrix_channel_store_flush (store);
  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 3);
  g_assert_cmpuint (changes.last_removed, ==, 7);
  g_assert_cmpuint (changes.last_added, ==, 7);
  {
    const guint kept[] = { 0, 1, 2, 4, 5, 6, 8, 9 };

    for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
      {
        g_autoptr(AstrixChannel) channel = g_list_model_get_item (G_LIST_MODEL (store), i);

        g_assert_true (channel == g_ptr_array_index (before, kept[i]));
      }
  }

  /* Only new ones: one signal for them alone */
  {
    g_autoptr(AmiMessage) m = newchannel ("PJSIP/2999-00000999", "300.999");

    astrix_channel_store_handle_event (store, m);
    _astrix_channel_store_flush (store);
    g_assert_cmpuint (changes.signals, ==, 2);
    g_assert_cmpuint (changes.last_position, ==, 10);
    g_assert_cmpuint (changes.last_removed, ==, 0);
    g_assert_cmpuint (changes.last_added, ==, 1);
  }
}

static void
test_resync (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new (NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  g_autoptr(AmiMessage) stale = newchannel ("PJSIP/1001-00000001", "1.1");
  g_autoptr(AmiMessage) gone = newchannel ("PJSIP/1002-00000002", "1.2");
  g_autoptr(AmiMessage) fresh = newchannel ("PJSIP/1003-00000003", "1.3");
  g_autoptr(AmiMessage) stale_hangup = hangup ("PJSIP/1001-00000001", "1.1");
  Changes changes = { 0 };

  astrix_channel_store_handle_event (store, stale);
  astrix_channel_store_handle_event (store, gone);
  _astrix_channel_store_flush (store);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* After a reconnection: 1.2 ended while we were away; 1.1 hangs up while the list is on
   * its way (its list item is already stale); 1.3 starts meanwhile; 1.4 we never saw. */
  astrix_channel_store_begin_resync (store);
  astrix_channel_store_handle_event (store, stale_hangup);
  astrix_channel_store_handle_event (store, fresh);
  g_ptr_array_add (items, ami_message_new ("Event", "CoreShowChannel",
                                           "Channel", "PJSIP/1001-00000001",
                                           "ChannelState", "6", "ChannelStateDesc", "Up",
                                           "Uniqueid", "1.1", "Duration", "00:01:00",
                                           "BridgeId", "", NULL));
  g_ptr_array_add (items, ami_message_new ("Event", "CoreShowChannel",
                                           "Channel", "PJSIP/1004-00000004",
                                           "ChannelState", "6", "ChannelStateDesc", "Up",
                                           "Uniqueid", "1.4", "Duration", "01:00:00",
                                           "BridgeId", "", NULL));
  astrix_channel_store_finish_resync (store, items);

  g_assert_cmpuint (changes.signals, ==, 1);
  g_assert_null (astrix_channel_store_lookup (store, "1.1"));
  g_assert_null (astrix_channel_store_lookup (store, "1.2"));
  g_assert_nonnull (astrix_channel_store_lookup (store, "1.3"));
  g_assert_nonnull (astrix_channel_store_lookup (store, "1.4"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpint (astrix_channel_get_created (astrix_channel_store_lookup (store, "1.4")), <,
                   g_get_real_time () - (gint64) 3599 * G_USEC_PER_SEC);
}

static void
test_unknown_channels_ignored (void)
{
  g_autoptr(AstrixChannelStore) store = astrix_channel_store_new (NULL);
  g_autoptr(AmiMessage) state = ami_message_new ("Event", "Newstate", "Channel", "PJSIP/9-1",
                                                 "ChannelState", "6", "Uniqueid", "9.9", NULL);
  g_autoptr(AmiMessage) up = hangup ("PJSIP/9-1", "9.9");
  g_autoptr(AmiMessage) response = ami_message_new ("Response", "Success", "Uniqueid", "9.8", NULL);

  astrix_channel_store_handle_event (store, state);
  astrix_channel_store_handle_event (store, up);
  astrix_channel_store_handle_event (store, response);
  _astrix_channel_store_flush (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/channel-store/coreshowchannels", test_coreshowchannels);
  g_test_add_func ("/channel-store/passive-stream-all", test_passive_stream_all);
  g_test_add_func ("/channel-store/passive-stream-proxy", test_passive_stream_proxy);
  g_test_add_func ("/channel-store/spy-marks", test_spy_marks);
  g_test_add_func ("/channel-store/rename-and-escapes", test_rename_and_escapes);
  g_test_add_func ("/channel-store/storm-coalesced", test_storm_coalesced);
  g_test_add_func ("/channel-store/flush-shape", test_flush_shape);
  g_test_add_func ("/channel-store/resync", test_resync);
  g_test_add_func ("/channel-store/unknown-channels-ignored", test_unknown_channels_ignored);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a user may do beyond monitoring, from the real ListCommands answers of capture 18
 * (astrix_proxy: write system,call,originate,reporting; astrix_ro: write call; app_queue was not
 * loaded then) and the queue permissions of capture 33.
 */
#include <string.h>

#include "astrix-capabilities.h"
#include "capture.h"

/* The answer to @action_id in connection @connection of capture @name. */
static AmiMessage *
captured_response (const char *name,
                   guint       connection,
                   const char *action_id)
{
  g_autofree char *path = capture_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(Capture) capture = capture_load (path, &error);
  g_autoptr(GPtrArray) messages = NULL;

  g_assert_no_error (error);
  messages = capture_server_messages (capture, connection);
  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *message = g_ptr_array_index (messages, i);

      if (ami_message_has (message, "Response") &&
          g_strcmp0 (ami_message_get_action_id (message), action_id) == 0)
        return ami_message_ref (message);
    }
  g_error ("no answer to %s in %s", action_id, name);
}

static void
test_full_user (void)
{
  g_autoptr(AmiMessage) response = captured_response ("18-listcommands.txt", 0, "lc-proxy");

  /* MixMonitor (system), StopMixMonitor and MixMonitorMute (system or call), Hangup, Redirect;
   * no queues: app_queue was not loaded, not even QueueStatus is listed. */
  g_assert_cmpint (astrix_capabilities_from_list_commands (response), ==,
                   ASTRIX_CAPABILITY_RECORD | ASTRIX_CAPABILITY_RECORDING_CONTROL |
                   ASTRIX_CAPABILITY_END_CALLS);
}

static void
test_restricted_user (void)
{
  g_autoptr(AmiMessage) response = captured_response ("18-listcommands.txt", 1, "lc-ro");

  /* write = call: MixMonitor (system only) is not listed; stopping, muting, Hangup and
   * Redirect are. */
  g_assert_false (ami_message_has (response, "MixMonitor"));
  g_assert_true (ami_message_has (response, "MixMonitorMute"));
  g_assert_cmpint (astrix_capabilities_from_list_commands (response), ==,
                   ASTRIX_CAPABILITY_RECORDING_CONTROL | ASTRIX_CAPABILITY_END_CALLS);
}

/* The captured answer with @extra (name, value pairs) added, as app_queue registers them. */
static AmiMessage *
with_actions (AmiMessage         *response,
              const char * const *extra)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();

  for (guint i = 0; i < ami_message_get_n_fields (response); i++)
    {
      g_ptr_array_add (pairs, (gpointer) ami_message_get_key (response, i));
      g_ptr_array_add (pairs, (gpointer) ami_message_get_value (response, i));
    }
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (pairs, (gpointer) extra[i]);
  return ami_message_new_from_pairs ((const char * const *) pairs->pdata, pairs->len / 2);
}

/* With app_queue: QueueStatus needs no class (capture 33: astrix_ro, write call, got it), the
 * member actions need write agent (capture 33: astrix_proxy, without it, was refused). */
static void
test_queues (void)
{
  g_autoptr(AmiMessage) ro = captured_response ("18-listcommands.txt", 1, "lc-ro");
  g_autoptr(AmiMessage) status = captured_response ("33-queue-permissions.txt", 1, "qs");
  g_autoptr(AmiMessage) pause = captured_response ("33-queue-permissions.txt", 0, "p");
  g_autoptr(AmiMessage) add = captured_response ("33-queue-permissions.txt", 0, "a");
  static const char *const reader[] = {
    "QueueStatus", "Show queue status.  (Priv: <none>)",
    "QueueSummary", "Show queue summary.  (Priv: <none>)", NULL
  };
  static const char *const agent[] = {
    "QueueStatus", "Show queue status.  (Priv: <none>)",
    "QueueAdd", "Add interface to queue.  (Priv: agent,all)",
    "QueuePause", "Makes a queue member temporarily unavailable.  (Priv: agent,all)",
    "QueuePenalty", "Set the penalty for a queue member.  (Priv: agent,all)",
    "QueueRemove", "Remove interface from queue.  (Priv: agent,all)", NULL
  };
  static const char *const partial[] = {
    "QueueStatus", "Show queue status.  (Priv: <none>)",
    "QueuePause", "Makes a queue member temporarily unavailable.  (Priv: agent,all)", NULL
  };
  g_autoptr(AmiMessage) ro_queues = with_actions (ro, reader);
  g_autoptr(AmiMessage) ro_agent = with_actions (ro, agent);
  g_autoptr(AmiMessage) ro_partial = with_actions (ro, partial);

  g_assert_true (ami_message_is (status, "Response", "Success"));
  g_assert_true (ami_message_is (pause, "Message", "Permission denied"));
  g_assert_true (ami_message_is (add, "Message", "Permission denied"));

  g_assert_cmpint (astrix_capabilities_from_list_commands (ro_queues), ==,
                   ASTRIX_CAPABILITY_QUEUES | ASTRIX_CAPABILITY_RECORDING_CONTROL |
                   ASTRIX_CAPABILITY_END_CALLS);
  g_assert_cmpint (astrix_capabilities_from_list_commands (ro_agent), ==,
                   ASTRIX_CAPABILITY_QUEUES | ASTRIX_CAPABILITY_QUEUE_MEMBERS |
                   ASTRIX_CAPABILITY_RECORDING_CONTROL | ASTRIX_CAPABILITY_END_CALLS);
  /* A family counts only whole */
  g_assert_false (astrix_capabilities_from_list_commands (ro_partial) &
                  ASTRIX_CAPABILITY_QUEUE_MEMBERS);
}

static void
test_error (void)
{
  g_autoptr(AmiMessage) refused = ami_message_new ("Response", "Error",
                                                   "Message", "Permission denied", NULL);
  g_autoptr(AmiMessage) lower = ami_message_new ("Response", "Success",
                                                 "hangup", "Hangup channel.  (Priv: call,all)",
                                                 "REDIRECT", "Redirect (transfer) a call.",
                                                 NULL);

  g_assert_cmpint (astrix_capabilities_from_list_commands (refused), ==,
                   ASTRIX_CAPABILITY_NONE);
  /* Header names are case-insensitive (capture 15) */
  g_assert_cmpint (astrix_capabilities_from_list_commands (lower), ==,
                   ASTRIX_CAPABILITY_END_CALLS);
}

/* What a tooltip says: the manager.conf line that would allow it */
static void
test_sentences (void)
{
  g_assert_nonnull (strstr (astrix_capability_describe_missing (ASTRIX_CAPABILITY_QUEUE_MEMBERS),
                            "write = agent"));
  g_assert_nonnull (strstr (astrix_capability_describe_missing (ASTRIX_CAPABILITY_RECORD),
                            "write = system"));
  g_assert_nonnull (strstr (astrix_capability_describe_missing (
                              ASTRIX_CAPABILITY_RECORDING_CONTROL),
                            "write = call"));
  g_assert_nonnull (strstr (astrix_capability_describe_missing (ASTRIX_CAPABILITY_END_CALLS),
                            "write = call"));
  g_assert_cmpstr (astrix_capability_get_write_classes (ASTRIX_CAPABILITY_QUEUE_MEMBERS), ==,
                   "agent");
  g_assert_cmpstr (astrix_capability_get_actions (ASTRIX_CAPABILITY_END_CALLS)[1], ==,
                   "Redirect");
  g_assert_cmpstr (astrix_capability_get_title (ASTRIX_CAPABILITY_RECORD), ==,
                   "Recording calls");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capabilities/full-user", test_full_user);
  g_test_add_func ("/capabilities/restricted-user", test_restricted_user);
  g_test_add_func ("/capabilities/queues", test_queues);
  g_test_add_func ("/capabilities/error", test_error);
  g_test_add_func ("/capabilities/sentences", test_sentences);

  return g_test_run ();
}

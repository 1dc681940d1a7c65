/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * AmiClient's event mask against the simulated PBX: Login carries `Events:` with the mask,
 * held classes widen it with the `Events` action only when the union changes and narrow it
 * again on the last release, a reconnection logs in with the mask of the moment, a user who
 * may not read a class still works, and a class name that is not a word is refused.
 */
#include <string.h>

#include "ami.h"
#include "ami-client-private.h"
#include "astrix-demo-pbx.h"
#include "astrix-demo-pbx-private.h"
#include "wait.h"

typedef struct
{
  AstrixDemoPbx *pbx;
  AmiClient     *client;
  GPtrArray     *events;      /* the names of the events the client emitted */
} Fixture;

static void
on_event (AmiClient  *client,
          AmiMessage *message,
          Fixture    *f)
{
  g_ptr_array_add (f->events, g_strdup (ami_message_get_name (message)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, 0.05);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->client = ami_client_new ("127.0.0.1", astrix_demo_pbx_get_port (f->pbx), FALSE);
  ami_client_set_credentials (f->client, "astrix_proxy", "SecurePassword123!");
  g_signal_connect (f->client, "event", G_CALLBACK (on_event), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ami_client_disconnect (f->client);
  wait_ms (20);
  g_assert_finalize_object (f->client);
  astrix_demo_pbx_stop (f->pbx);
  g_clear_object (&f->pbx);
  g_ptr_array_unref (f->events);
}

static void
start (Fixture *f)
{
  ami_client_start (f->client);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
}

static const char *
last_value (Fixture    *f,
            const char *action,
            const char *key)
{
  AmiMessage *last = _astrix_demo_pbx_last_received (f->pbx, action);

  g_assert_nonnull (last);
  return ami_message_get (last, key);
}

static gboolean
saw_from (Fixture    *f,
          guint       from,
          const char *name)
{
  for (guint i = from; i < f->events->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (f->events, i), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A call starts and is answered; returns where its events begin in f->events. */
static guint
one_call (Fixture *f)
{
  guint mark = f->events->len;
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, NULL, NULL, NULL);

  WAIT_UNTIL (saw_from (f, mark, "BridgeEnter"), 3000);
  wait_ms (50);
  return mark;
}

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  guint mark;

  g_assert_null (_ami_client_dup_event_mask (f->client));
  ami_client_set_event_mask (f->client, "call,agent");
  start (f);
  g_assert_cmpstr (last_value (f, "Login", "Events"), ==, "call,agent");
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 0);

  mark = one_call (f);
  g_assert_true (saw_from (f, mark, "Newchannel"));
  g_assert_false (saw_from (f, 0, "VarSet"));
  g_assert_false (saw_from (f, 0, "Newexten"));
  /* FullyBooted is class system: Asterisk does not send it under this mask either. */
  g_assert_false (saw_from (f, 0, "FullyBooted"));
}

static void
test_no_mask (Fixture       *f,
              gconstpointer  data)
{
  guint mark;

  start (f);
  g_assert_null (last_value (f, "Login", "Events"));
  mark = one_call (f);
  g_assert_true (saw_from (f, mark, "VarSet"));

  /* Without a mask everything comes already: holding a class sends nothing. */
  ami_client_hold_event_class (f->client, "dialplan");
  g_assert_null (_ami_client_dup_event_mask (f->client));
  wait_ms (50);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 0);
  ami_client_release_event_class (f->client, "dialplan");

  /* A mask set on a live session applies at once, and taking it away is "on". */
  ami_client_set_event_mask (f->client, "call");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 1, 2000);
  g_assert_cmpstr (last_value (f, "Events", "EventMask"), ==, "call");
  ami_client_set_event_mask (f->client, NULL);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 2, 2000);
  g_assert_cmpstr (last_value (f, "Events", "EventMask"), ==, "on");
  ami_client_set_event_mask (f->client, "");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 3, 2000);
  g_assert_cmpstr (last_value (f, "Events", "EventMask"), ==, "off");
}

static void
test_hold_release (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *widened = NULL;
  g_autofree char *narrowed = NULL;
  guint mark;

  ami_client_set_event_mask (f->client, "call,agent");
  start (f);

  ami_client_hold_event_class (f->client, "dialplan");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 1, 2000);
  g_assert_cmpstr (last_value (f, "Events", "EventMask"), ==, "call,agent,dialplan");
  widened = _ami_client_dup_event_mask (f->client);
  g_assert_cmpstr (widened, ==, "call,agent,dialplan");
  mark = one_call (f);
  g_assert_true (saw_from (f, mark, "VarSet"));
  g_assert_true (saw_from (f, mark, "Newexten"));

  /* A second holder changes nothing on the wire; neither does the first release. */
  ami_client_hold_event_class (f->client, "dialplan");
  ami_client_release_event_class (f->client, "dialplan");
  /* Held classes already in the base are not sent twice. */
  ami_client_hold_event_class (f->client, "call");
  wait_ms (100);
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 1);
  ami_client_release_event_class (f->client, "call");

  ami_client_release_event_class (f->client, "dialplan");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 2, 2000);
  g_assert_cmpstr (last_value (f, "Events", "EventMask"), ==, "call,agent");
  narrowed = _ami_client_dup_event_mask (f->client);
  g_assert_cmpstr (narrowed, ==, "call,agent");
  mark = one_call (f);
  g_assert_true (saw_from (f, mark, "Newchannel"));
  g_assert_false (saw_from (f, mark, "VarSet"));
}

/* After the link drops, the new login carries the mask of the moment, holds included. */
static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  guint mark;

  ami_client_set_event_mask (f->client, "call,agent");
  start (f);
  ami_client_hold_event_class (f->client, "dialplan");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 1, 2000);

  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Login") == 2, 8000);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
  g_assert_cmpstr (last_value (f, "Login", "Events"), ==, "call,agent,dialplan");
  mark = one_call (f);
  g_assert_true (saw_from (f, mark, "VarSet"));

  /* Released while the link is down: nothing can be sent; the next login narrows it. */
  astrix_demo_pbx_drop_sessions (f->pbx);
  WAIT_UNTIL (ami_client_get_state (f->client) != AMI_CLIENT_CONNECTED, 2000);
  ami_client_release_event_class (f->client, "dialplan");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Login") == 3, 8000);
  WAIT_UNTIL (ami_client_get_state (f->client) == AMI_CLIENT_CONNECTED, 5000);
  g_assert_cmpstr (last_value (f, "Login", "Events"), ==, "call,agent");
  g_assert_cmpuint (_astrix_demo_pbx_count_received (f->pbx, "Events"), ==, 1);
}

/* astrix_ro reads `call` only: asking for dialplan is harmless, and calls still come. */
static void
test_read_classes (Fixture       *f,
                   gconstpointer  data)
{
  guint mark;

  ami_client_set_credentials (f->client, "astrix_ro", "ReadOnly456!");
  ami_client_set_event_mask (f->client, "call,agent");
  start (f);
  ami_client_hold_event_class (f->client, "dialplan");
  WAIT_UNTIL (_astrix_demo_pbx_count_received (f->pbx, "Events") == 1, 2000);
  mark = one_call (f);
  g_assert_true (saw_from (f, mark, "Newchannel"));
  g_assert_true (saw_from (f, mark, "Hangup") || saw_from (f, mark, "BridgeEnter"));
  g_assert_false (saw_from (f, 0, "VarSet"));
  g_assert_cmpint (ami_client_get_state (f->client), ==, AMI_CLIENT_CONNECTED);
  ami_client_release_event_class (f->client, "dialplan");
}

/* Anything but a word as a class could carry text into the header: refused, nothing changes. */
static void
test_bad_class (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *mask = NULL;

  ami_client_set_event_mask (f->client, "call");
  g_test_expect_message ("ami-client", G_LOG_LEVEL_CRITICAL, "*is_class_name*");
  ami_client_hold_event_class (f->client, "dialplan\r\nAction: Originate");
  g_test_assert_expected_messages ();
  g_test_expect_message ("ami-client", G_LOG_LEVEL_CRITICAL, "*is_class_list*");
  ami_client_set_event_mask (f->client, "call,,agent");
  g_test_assert_expected_messages ();
  g_test_expect_message ("ami-client", G_LOG_LEVEL_CRITICAL, "*count > 0*");
  ami_client_release_event_class (f->client, "dialplan");
  g_test_assert_expected_messages ();
  mask = _ami_client_dup_event_mask (f->client);
  g_assert_cmpstr (mask, ==, "call");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/event-mask" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/login", test_login);
  ADD ("/no-mask", test_no_mask);
  ADD ("/hold-release", test_hold_release);
  ADD ("/reconnect", test_reconnect);
  ADD ("/read-classes", test_read_classes);
  ADD ("/bad-class", test_bad_class);
#undef ADD

  return g_test_run ();
}

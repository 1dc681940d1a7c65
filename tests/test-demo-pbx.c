/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <glib/gstdio.h>

#include "ami-test-client.h"
#include "astrix-demo-pbx.h"
#include "wait.h"

/*
 * The simulated PBX, spoken to over real loopback sockets with GSocketClient and AmiParser
 * (not AmiClient, which has tests of its own). Every delay runs at SCALE of real time.
 */

#define SCALE     0.01
#define PROXY     "astrix_proxy"
#define PROXY_KEY "SecurePassword123!"
#define RO        "astrix_ro"
#define RO_KEY    "ReadOnly456!"
#define ADMIN     "astrix_admin"
#define ADMIN_KEY "AdminPass789!"

typedef struct
{
  AstrixDemoPbx *pbx;
  guint16        port;
} Fixture;

static gboolean
is_eof (gpointer data)
{
  return ((Client *) data)->eof;
}

static AmiMessage *
response_to (Client     *c,
             const char *action_id)
{
  return expect (c, "ActionID", action_id);
}

static void
login (Client     *c,
       const char *user,
       const char *secret,
       const char *events)
{
  AmiMessage *r;

  if (events != NULL)
    client_send (c, "Action", "Login", "Username", user, "Secret", secret, "Events", events,
                 "ActionID", "login", NULL);
  else
    client_send (c, "Action", "Login", "Username", user, "Secret", secret, "ActionID", "login",
                 NULL);
  r = response_to (c, "login");
  g_assert_cmpstr (ami_message_get (r, "Response"), ==, "Success");
  g_assert_cmpstr (ami_message_get (r, "Message"), ==, "Authentication accepted");
}

static Client *
logged_in (Fixture    *f,
           const char *user,
           const char *secret,
           const char *events)
{
  Client *c = client_connect (f->port);

  login (c, user, secret, events);
  return c;
}

/* The keys of @m, in order, joined by spaces. */
static char *
keys_of (AmiMessage *m)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < ami_message_get_n_fields (m); i++)
    g_string_append_printf (keys, "%s%s", i ? " " : "", ami_message_get_key (m, i));
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static void
assert_keys (AmiMessage *m,
             const char *expected)
{
  g_autofree char *keys = keys_of (m);

  g_assert_cmpstr (keys, ==, expected);
}

#define SNAPSHOT "Channel ChannelState ChannelStateDesc CallerIDNum CallerIDName " \
                 "ConnectedLineNum ConnectedLineName Language AccountCode Context Exten " \
                 "Priority Uniqueid Linkedid"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->pbx = astrix_demo_pbx_new ();
  astrix_demo_pbx_set_time_scale (f->pbx, SCALE);
  g_assert_true (astrix_demo_pbx_start (f->pbx, 0, &error));
  g_assert_no_error (error);
  f->port = astrix_demo_pbx_get_port (f->pbx);
  g_assert_cmpuint (f->port, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  astrix_demo_pbx_stop (f->pbx);
  wait_ms (20);
  g_assert_finalize_object (f->pbx);
}

static gboolean
no_sessions (gpointer data)
{
  return astrix_demo_pbx_get_n_sessions (data) == 0;
}

/* Login */

static void
test_banner_and_login (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Client) c = client_connect (f->port);
  AmiMessage *booted;

  login (c, PROXY, PROXY_KEY, NULL);
  g_assert_true (c->raw->len > 30);
  g_assert_cmpint (memcmp (c->raw->data, "Asterisk Call Manager/11.0.0\r\n", 30), ==, 0);
  g_assert_cmpstr (ami_message_get_banner (g_ptr_array_index (c->log, 0)), ==,
                   "Asterisk Call Manager/11.0.0");
  assert_keys (g_ptr_array_index (c->log, 1), "Response ActionID Message");

  booted = expect (c, "Event", "FullyBooted");
  assert_keys (booted, "Event Privilege Uptime LastReload Status");
  g_assert_cmpstr (ami_message_get (booted, "Privilege"), ==, "system,all");
  g_assert_cmpstr (ami_message_get (booted, "Status"), ==, "Fully Booted");
  g_assert_cmpuint (astrix_demo_pbx_get_n_sessions (f->pbx), ==, 1);
}

static void
test_login_events_off (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autofree char *channel = NULL;

  channel = astrix_demo_pbx_add_call (f->pbx, "1001", "5550101", "Ada");
  client_send (c, "Action", "Ping", "ActionID", "p", NULL);
  response_to (c, "p");
  /* Nothing but the login's response and the Pong. */
  g_assert_cmpuint (c->log->len, ==, 3);
  g_assert_null (find_from (c, 0, "Event", "FullyBooted"));
}

static void
test_login_md5 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Client) c = client_connect (f->port);
  g_autofree char *salted = NULL;
  g_autofree char *key = NULL;
  AmiMessage *r;
  const char *challenge;

  client_send (c, "Action", "Challenge", "ActionID", "c0", NULL);
  r = response_to (c, "c0");
  g_assert_cmpstr (ami_message_get (r, "Response"), ==, "Error");
  g_assert_cmpstr (ami_message_get (r, "Message"), ==, "Must specify AuthType");
  client_send (c, "Action", "Challenge", "AuthType", "plain", "ActionID", "c1", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "c1"), "Message"), ==,
                   "Must specify AuthType");

  client_send (c, "Action", "Challenge", "AuthType", "MD5", "ActionID", "c2", NULL);
  r = response_to (c, "c2");
  assert_keys (r, "Response ActionID Challenge");
  challenge = ami_message_get (r, "Challenge");
  g_assert_cmpuint (strspn (challenge, "0123456789"), ==, strlen (challenge));
  salted = g_strconcat (challenge, PROXY_KEY, NULL);
  key = g_compute_checksum_for_string (G_CHECKSUM_MD5, salted, -1);
  client_send (c, "Action", "Login", "AuthType", "MD5", "Username", PROXY, "Key", key,
               "ActionID", "l", NULL);
  r = response_to (c, "l");
  g_assert_cmpstr (ami_message_get (r, "Message"), ==, "Authentication accepted");
}

static void
test_login_md5_wrong_key (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Client) c = client_connect (f->port);

  client_send (c, "Action", "Challenge", "AuthType", "MD5", "ActionID", "c", NULL);
  response_to (c, "c");
  client_send (c, "Action", "Login", "AuthType", "MD5", "Username", PROXY,
               "Key", "00000000000000000000000000000000", "ActionID", "l", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "l"), "Message"), ==,
                   "Authentication failed");
  g_assert_true (iterate_until (is_eof, c, CLIENT_WAIT_MS));
}

/* A wrong secret, an unknown user, no user: answered after ~1 s (scaled), then closed. */
static void
test_login_failures (Fixture       *f,
                     gconstpointer  data)
{
  const char *users[] = { PROXY, "nobody", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(Client) c = client_connect (f->port);
      gint64 sent;
      AmiMessage *r;

      expect (c, "Banner", "Asterisk Call Manager/11.0.0");
      sent = g_get_monotonic_time ();
      if (users[i] != NULL)
        client_send (c, "Action", "Login", "Username", users[i], "Secret", "wrong-secret",
                     "ActionID", "bad", NULL);
      else
        client_send (c, "Action", "Login", "ActionID", "bad", NULL);
      r = response_to (c, "bad");
      g_assert_cmpint (arrival (c, r) - sent, >=, 0.9 * 1000000 * SCALE);
      assert_keys (r, "Response ActionID Message");
      g_assert_cmpstr (ami_message_get (r, "Response"), ==, "Error");
      g_assert_cmpstr (ami_message_get (r, "Message"), ==, "Authentication failed");
      g_assert_true (iterate_until (is_eof, c, CLIENT_WAIT_MS));
    }
  g_assert_true (iterate_until (no_sessions, f->pbx, CLIENT_WAIT_MS));
}

/* Anything but Login, Challenge, Logoff before login: Permission denied, the session stays. */
static void
test_action_before_login (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Client) c = client_connect (f->port);
  AmiMessage *r;

  client_send (c, "Action", "Ping", "ActionID", "pre", NULL);
  r = response_to (c, "pre");
  assert_keys (r, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (r, "Message"), ==, "Permission denied");
  client_send (c, "Action", "NoSuchThing", "ActionID", "pre2", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "pre2"), "Message"), ==, "Permission denied");
  g_assert_false (c->eof);
  login (c, PROXY, PROXY_KEY, "off");
  client_send (c, "Action", "Login", "Username", PROXY, "Secret", PROXY_KEY, "ActionID", "again",
               NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "again"), "Message"), ==,
                   "Already authenticated");
}

/* A silent connection is closed after Asterisk's authtimeout (30 s, scaled: capture 24). */
static void
test_auth_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Client) c = client_connect (f->port);
  gint64 start = g_get_monotonic_time ();

  g_assert_true (iterate_until (is_eof, c, CLIENT_WAIT_MS));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 0.9 * 30 * 1000000 * SCALE);
  g_assert_cmpuint (astrix_demo_pbx_get_n_sessions (f->pbx), ==, 0);
}

static void
test_ping (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(GRegex) stamp = g_regex_new ("^[0-9]{10,}\\.[0-9]{6}$", 0, 0, NULL);
  AmiMessage *r;

  client_send (c, "Action", "Ping", "ActionID", "ping-42", NULL);
  r = response_to (c, "ping-42");
  assert_keys (r, "Response ActionID Ping Timestamp");
  g_assert_cmpstr (ami_message_get (r, "Ping"), ==, "Pong");
  g_assert_true (g_regex_match (stamp, ami_message_get (r, "Timestamp"), 0, NULL));

  client_send (c, "Action", "Ping", NULL);
  r = expect (c, "Ping", "Pong");
  assert_keys (r, "Response Ping Timestamp");
}

/* Events and read classes */

static void
test_events_mask (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *d = NULL;
  guint mark;

  client_send (c, "Action", "Events", "EventMask", "off", "ActionID", "off", NULL);
  assert_keys (response_to (c, "off"), "Response ActionID Events");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (c->log, c->cursor - 1), "Events"), ==,
                   "Off");
  mark = c->log->len;
  a = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  client_send (c, "Action", "Ping", "ActionID", "p1", NULL);
  response_to (c, "p1");
  g_assert_null (find_from (c, mark, "Event", "Newchannel"));

  client_send (c, "Action", "Events", "EventMask", "system", "ActionID", "sys", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "sys"), "Events"), ==, "On");
  mark = c->log->len;
  b = astrix_demo_pbx_add_call (f->pbx, "1002", NULL, NULL);
  client_send (c, "Action", "Ping", "ActionID", "p2", NULL);
  response_to (c, "p2");
  g_assert_null (find_from (c, mark, "Event", "Newchannel"));

  client_send (c, "Action", "Events", "EventMask", "call,dialplan", "ActionID", "cd", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "cd"), "Events"), ==, "On");
  d = astrix_demo_pbx_add_call (f->pbx, "1003", NULL, NULL);
  expect (c, "Event", "Newchannel");
  expect (c, "Event", "VarSet");

  client_send (c, "Action", "Events", "ActionID", "missing", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "missing"), "Message"), ==,
                   "Invalid event mask");
  client_send (c, "Action", "Events", "EventMask", "on", "ActionID", "on", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "on"), "Events"), ==, "On");
}

/* Login with a class list (capture 34): the classes listed and read, nothing else, and no
 * FullyBooted (class system). */
static void
test_login_events_classes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "call,agent");
  g_autofree char *channel = NULL;

  assert_keys (g_ptr_array_index (c->log, c->cursor - 1), "Response ActionID Message");
  channel = astrix_demo_pbx_add_call (f->pbx, "1001", "5550101", "Ada");
  expect (c, "Event", "BridgeEnter");
  wait_ms (50);
  g_assert_nonnull (find_from (c, 0, "Event", "Newchannel"));
  g_assert_null (find_from (c, 0, "Event", "FullyBooted"));
  g_assert_null (find_from (c, 0, "Event", "VarSet"));
  g_assert_null (find_from (c, 0, "Event", "Newexten"));

  /* Widened to dialplan with the Events action, it applies at once. */
  client_send (c, "Action", "Events", "EventMask", "call,agent,dialplan", "ActionID", "dp", NULL);
  assert_keys (response_to (c, "dp"), "Response ActionID Events");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (c->log, c->cursor - 1), "Events"), ==,
                   "On");
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, channel));
  expect (c, "Event", "VarSet");
}

/* The mask never widens what the user may read: astrix_ro with everything on still gets no
 * dialplan event, and with a dialplan-only mask gets nothing at all. */
static void
test_mask_and_read_classes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Client) on = logged_in (f, RO, RO_KEY, "on");
  g_autoptr(Client) dialplan = logged_in (f, RO, RO_KEY, "dialplan");
  g_autofree char *channel = NULL;

  client_send (on, "Action", "Events", "EventMask", "call,dialplan", "ActionID", "cd", NULL);
  g_assert_cmpstr (ami_message_get (response_to (on, "cd"), "Events"), ==, "On");
  channel = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  expect (on, "Event", "BridgeEnter");
  wait_ms (50);
  g_assert_null (find_from (on, 0, "Event", "VarSet"));
  g_assert_null (find_from (on, 0, "Event", "Newexten"));
  for (guint i = 0; i < dialplan->log->len; i++)
    g_assert_null (ami_message_get (g_ptr_array_index (dialplan->log, i), "Event"));
}

/* The bytes each user's sessions were sent, counted exactly: what the clients received. */
static void
test_bytes_sent (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Client) masked = logged_in (f, PROXY, PROXY_KEY, "call,agent");
  g_autoptr(Client) all = logged_in (f, ADMIN, ADMIN_KEY, NULL);
  g_autofree char *channel = NULL;

  g_assert_cmpuint (astrix_demo_pbx_get_bytes_sent (f->pbx, RO), ==, 0);
  channel = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, channel));
  client_send (masked, "Action", "Ping", "ActionID", "p1", NULL);
  client_send (all, "Action", "Ping", "ActionID", "p2", NULL);
  response_to (masked, "p1");
  response_to (all, "p2");
  wait_ms (50);

  g_assert_cmpuint (astrix_demo_pbx_get_bytes_sent (f->pbx, PROXY), ==, masked->raw->len);
  g_assert_cmpuint (astrix_demo_pbx_get_bytes_sent (f->pbx, ADMIN), ==, all->raw->len);
  g_assert_cmpuint (astrix_demo_pbx_get_bytes_sent (f->pbx, NULL), ==,
                    masked->raw->len + all->raw->len);
  g_assert_cmpuint (masked->raw->len, <, all->raw->len);

  /* A closed session's bytes stay counted. */
  client_send (masked, "Action", "Logoff", "ActionID", "bye", NULL);
  response_to (masked, "bye");
  g_clear_pointer (&masked, client_free);
  wait_ms (50);
  g_assert_cmpuint (astrix_demo_pbx_get_bytes_sent (f->pbx, PROXY), >, 0);
}

/* astrix_ro reads `call` only: no FullyBooted (system), no VarSet or Newexten (dialplan). */
static void
test_read_classes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, NULL);
  g_autoptr(Client) proxy = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY, NULL);
  g_autofree char *channel = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);

  expect (ro, "Event", "BridgeEnter");
  expect (proxy, "Event", "BridgeEnter");
  wait_ms (50);
  g_assert_null (find_from (ro, 0, "Event", "FullyBooted"));
  g_assert_null (find_from (ro, 0, "Event", "VarSet"));
  g_assert_null (find_from (ro, 0, "Event", "Newexten"));
  g_assert_null (find_from (ro, 0, "Event", "SuccessfulAuth"));
  g_assert_nonnull (find_from (proxy, 0, "Event", "FullyBooted"));
  g_assert_nonnull (find_from (proxy, 0, "Event", "VarSet"));
  g_assert_nonnull (find_from (proxy, 0, "Event", "Newexten"));
  g_assert_null (find_from (proxy, 0, "Event", "SuccessfulAuth"));
  /* Only the admin reads `security`. */
  g_assert_nonnull (find_from (admin, 0, "Event", "SuccessfulAuth"));
}

/* The call centre */

static void
test_core_show_channels (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autofree char *one = astrix_demo_pbx_add_call (f->pbx, "1001", "5550101", "Ada");
  g_autofree char *two = astrix_demo_pbx_add_call (f->pbx, "1002", "5550102", "Grace");
  g_auto(GStrv) channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_autoptr(GHashTable) bridges = g_hash_table_new (g_str_hash, g_str_equal);
  AmiMessage *r;
  AmiMessage *complete;
  guint first;

  g_assert_cmpuint (g_strv_length (channels), ==, 4);
  client_send (c, "Action", "CoreShowChannels", "ActionID", "csc", NULL);
  r = response_to (c, "csc");
  assert_keys (r, "Response ActionID EventList Message");
  g_assert_cmpstr (ami_message_get (r, "EventList"), ==, "start");
  g_assert_cmpstr (ami_message_get (r, "Message"), ==, "Channels will follow");
  first = c->cursor;
  complete = expect (c, "Event", "CoreShowChannelsComplete");
  assert_keys (complete, "Event ActionID EventList ListItems");
  g_assert_cmpstr (ami_message_get (complete, "EventList"), ==, "Complete");
  g_assert_cmpstr (ami_message_get (complete, "ListItems"), ==, "4");
  g_assert_cmpuint (c->cursor - 1 - first, ==, 4);
  for (guint i = first; i < c->cursor - 1; i++)
    {
      AmiMessage *item = g_ptr_array_index (c->log, i);
      const char *bridge = ami_message_get (item, "BridgeId");

      assert_keys (item, "Event ActionID " SNAPSHOT
                   " Application ApplicationData Duration BridgeId");
      g_assert_false (ami_message_has (item, "Privilege"));
      g_assert_cmpstr (ami_message_get (item, "ActionID"), ==, "csc");
      g_assert_true (g_strv_contains ((const char *const *) channels,
                                      ami_message_get (item, "Channel")));
      g_assert_cmpuint (strlen (bridge), ==, 36);
      g_hash_table_insert (bridges, (gpointer) bridge,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (bridges,
                                                                                    bridge)) + 1));
    }
  /* Both halves of each call share its bridge. */
  g_assert_cmpuint (g_hash_table_size (bridges), ==, 2);

  client_send (c, "Action", "CoreShowChannels", NULL);
  r = expect (c, "Message", "Channels will follow");
  assert_keys (r, "Response EventList Message");
  complete = expect (c, "Event", "CoreShowChannelsComplete");
  assert_keys (complete, "Event EventList ListItems");
  assert_keys (g_ptr_array_index (c->log, c->cursor - 2),
               "Event " SNAPSHOT " Application ApplicationData Duration BridgeId");
}

/* PJSIP names with an 8-hex-digit sequence, Uniqueids, Linkedid, and the call's events. */
static void
test_call_events (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(GRegex) agent_name = g_regex_new ("^PJSIP/1007-[0-9a-f]{8}$", 0, 0, NULL);
  g_autoptr(GRegex) trunk_name = g_regex_new ("^PJSIP/trunk-[0-9a-f]{8}$", 0, 0, NULL);
  g_autoptr(GRegex) uniqueid = g_regex_new ("^[0-9]{10,}\\.[0-9]+$", 0, 0, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1007", "+15550001", "Grace");
  AmiMessage *customer_new;
  AmiMessage *agent_new;
  AmiMessage *enter;

  g_assert_true (g_regex_match (agent_name, agent, 0, NULL));
  customer_new = expect (c, "Event", "Newchannel");
  assert_keys (customer_new, "Event Privilege " SNAPSHOT);
  g_assert_true (g_regex_match (trunk_name, ami_message_get (customer_new, "Channel"), 0, NULL));
  g_assert_true (g_regex_match (uniqueid, ami_message_get (customer_new, "Uniqueid"), 0, NULL));
  g_assert_cmpstr (ami_message_get (customer_new, "CallerIDNum"), ==, "+15550001");
  g_assert_cmpstr (ami_message_get (customer_new, "CallerIDName"), ==, "Grace");
  agent_new = expect (c, "Channel", agent);
  g_assert_cmpstr (ami_message_get (agent_new, "Event"), ==, "Newchannel");
  g_assert_cmpstr (ami_message_get (agent_new, "Linkedid"), ==,
                   ami_message_get (customer_new, "Uniqueid"));
  g_assert_cmpstr (ami_message_get (agent_new, "ConnectedLineName"), ==, "Grace");
  assert_keys (expect (c, "Event", "DialBegin"),
               "Event Privilege " SNAPSHOT " DestChannel DestChannelState DestChannelStateDesc "
               "DestCallerIDNum DestCallerIDName DestConnectedLineNum DestConnectedLineName "
               "DestLanguage DestAccountCode DestContext DestExten DestPriority DestUniqueid "
               "DestLinkedid DialString");
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "DialEnd"), "DialStatus"), ==, "ANSWER");
  assert_keys (expect (c, "Event", "BridgeCreate"),
               "Event Privilege BridgeUniqueid BridgeType BridgeTechnology BridgeCreator "
               "BridgeName BridgeNumChannels BridgeVideoSourceMode");
  enter = expect (c, "Event", "BridgeEnter");
  assert_keys (enter, "Event Privilege BridgeUniqueid BridgeType BridgeTechnology "
                      "BridgeCreator BridgeName BridgeNumChannels BridgeVideoSourceMode " SNAPSHOT);
  g_assert_cmpstr (ami_message_get (enter, "BridgeNumChannels"), ==, "1");
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "BridgeEnter"), "BridgeNumChannels"), ==,
                   "2");
}

/* Asterisk C-escapes caller and connected names in snapshots; UTF-8 passes as is. */
static void
test_caller_name_escaping (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1012", "+15550002",
                                                     "Zoë \"Z\" O'Brien \\ Why?");
  AmiMessage *m = expect (c, "Event", "Newchannel");

  g_assert_cmpstr (ami_message_get (m, "CallerIDName"), ==,
                   "Zoë \\\"Z\\\" O\\'Brien \\\\ Why\\?");
  m = expect (c, "Channel", agent);
  g_assert_cmpstr (ami_message_get (m, "ConnectedLineName"), ==,
                   "Zoë \\\"Z\\\" O\\'Brien \\\\ Why\\?");
  /* Agent 1012 is Liam O'Connor. */
  g_assert_cmpstr (ami_message_get (m, "CallerIDName"), ==, "Liam O\\'Connor");
}

/* hangup(): the far end hangs up; the other leg, the bridge and the recording follow. */
static void
test_hangup_call (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_auto(GStrv) after = NULL;
  AmiMessage *m;

  expect (c, "BridgeNumChannels", "2");
  g_assert_true (astrix_demo_pbx_hangup (f->pbx, agent));
  g_assert_false (astrix_demo_pbx_hangup (f->pbx, agent));
  g_assert_false (astrix_demo_pbx_hangup (f->pbx, "PJSIP/none-00000000"));
  m = expect (c, "Event", "HangupRequest");
  assert_keys (m, "Event Privilege " SNAPSHOT " Cause");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, agent);
  expect (c, "Event", "BridgeLeave");
  m = expect (c, "Event", "Hangup");
  assert_keys (m, "Event Privilege " SNAPSHOT " Cause Cause-txt");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, agent);
  g_assert_cmpstr (ami_message_get (m, "Cause"), ==, "16");
  g_assert_cmpstr (ami_message_get (m, "Cause-txt"), ==, "Normal Clearing");
  expect (c, "Event", "BridgeDestroy");
  expect (c, "Event", "MixMonitorStop");
  m = expect (c, "Event", "Hangup");
  g_assert_true (g_str_has_prefix (ami_message_get (m, "Channel"), "PJSIP/trunk-"));
  after = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
}

/* Originate */

static char *
originate_app (Client     *c,
               const char *endpoint,
               const char *application,
               const char *data,
               const char *id)
{
  AmiMessage *m;

  client_send (c, "Action", "Originate", "Channel", endpoint, "Application", application,
               "Data", data, "Async", "true", "CallerID", "\"Supervisor\" <2000>",
               "ActionID", id, NULL);
  m = response_to (c, id);
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Originate successfully queued");
  m = expect (c, "Event", "OriginateResponse");
  g_assert_cmpstr (ami_message_get (m, "ActionID"), ==, id);
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Success");
  return g_strdup (ami_message_get (m, "Channel"));
}

static void
test_originate_chanspy (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(GRegex) ours = g_regex_new ("^PJSIP/2000-[0-9a-f]{8}$", 0, 0, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *spy_data = g_strdup_printf ("%s,bqu", agent);
  g_autofree char *spyer = NULL;
  AmiMessage *m;
  gint64 answered;

  /* Slower, so 100 ms (10 ms here) can be told from nothing. */
  astrix_demo_pbx_set_time_scale (f->pbx, 0.1);
  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Application", "ChanSpy",
               "Data", spy_data, "Async", "true", "CallerID", "\"Supervisor\" <2000>",
               "Variable", "SPYTARGET=x", "ActionID", "listen-1", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "listen-1"), "Response"), ==, "Success");
  m = expect (c, "Event", "Newchannel");
  spyer = g_strdup (ami_message_get (m, "Channel"));
  g_assert_true (g_regex_match (ours, spyer, 0, NULL));
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "VarSet"), "Variable"), ==, "SPYTARGET");
  assert_keys (expect (c, "Event", "NewCallerid"), "Event Privilege " SNAPSHOT " CID-CallingPres");
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "DialBegin"), "DialString"), ==, "2000");
  expect (c, "ChannelStateDesc", "Ringing");
  expect (c, "ChannelStateDesc", "Up");
  m = expect (c, "Event", "OriginateResponse");
  answered = arrival (c, m);
  assert_keys (m, "Event Privilege ActionID Response Channel Application Data Reason Uniqueid "
                  "CallerIDNum CallerIDName");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, spyer);
  g_assert_cmpstr (ami_message_get (m, "Application"), ==, "ChanSpy");
  g_assert_cmpstr (ami_message_get (m, "Data"), ==, spy_data);
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, "4");
  g_assert_cmpstr (ami_message_get (m, "CallerIDNum"), ==, "2000");
  g_assert_cmpstr (ami_message_get (m, "CallerIDName"), ==, "Supervisor");

  m = expect (c, "Event", "ChanSpyStart");
  /* With q about 100 ms (scaled) after the answer. */
  g_assert_cmpint (arrival (c, m) - answered, >=, 0.09 * 1000000 * 0.1);
  g_assert_cmpint (arrival (c, m) - answered, <, 2 * 1000000 * 0.1);
  g_assert_cmpstr (ami_message_get (m, "SpyerChannel"), ==, spyer);
  g_assert_cmpstr (ami_message_get (m, "SpyeeChannel"), ==, agent);
  g_assert_cmpstr (ami_message_get (m, "SpyerCallerIDName"), ==, "Supervisor");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_LISTEN);

  /* Stop = Hangup of our channel: ChanSpyStop, then its Hangup. */
  client_send (c, "Action", "Hangup", "Channel", spyer, "Cause", "16", "ActionID", "hup", NULL);
  m = response_to (c, "hup");
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Channel Hungup");
  m = expect (c, "Event", "ChanSpyStop");
  g_assert_cmpstr (ami_message_get (m, "SpyerChannel"), ==, spyer);
  g_assert_cmpstr (ami_message_get (m, "SpyeeChannel"), ==, agent);
  m = expect (c, "Event", "Hangup");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, spyer);
  g_assert_cmpstr (ami_message_get (m, "Cause"), ==, "16");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_NONE);
  /* The spied-on call goes on. */
  g_assert_null (find_from (c, 0, "Event", "BridgeLeave"));
}

/* Without q, ChanSpy beeps and announces: ChanSpyStart about 5 s (scaled) after the answer. */
static void
test_chanspy_not_quiet (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *spyer = originate_app (c, "PJSIP/2000", "ChanSpy", "PJSIP/1001,b", "s");
  gint64 answered = arrival (c, g_ptr_array_index (c->log, c->cursor - 1));
  AmiMessage *m = expect (c, "Event", "ChanSpyStart");

  g_assert_cmpint (arrival (c, m) - answered, >=, 4.5 * 1000000 * SCALE);
  g_assert_cmpstr (ami_message_get (m, "SpyeeChannel"), ==, agent);
}

/* A target that matches nothing: no event at all, ever (09c). */
static void
test_chanspy_no_target (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *spyer = originate_app (c, "PJSIP/2000", "ChanSpy", "PJSIP/7777,bq", "s");
  guint mark = c->log->len;
  AmiMessage *m;

  wait_ms (10000 * SCALE);
  g_assert_null (find_from (c, mark, "Event", "ChanSpyStart"));
  /* A new call that does not match either. */
  g_free (astrix_demo_pbx_add_call (f->pbx, "1002", NULL, NULL));
  wait_ms (2000 * SCALE);
  g_assert_null (find_from (c, mark, "Event", "ChanSpyStart"));
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_LISTEN);

  client_send (c, "Action", "Hangup", "Channel", spyer, "ActionID", "h", NULL);
  response_to (c, "h");
  m = expect (c, "Event", "Hangup");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, spyer);
  g_assert_null (find_from (c, mark, "Event", "ChanSpyStop"));
}

/* u: an exact name or a Uniqueid; a prefix picks channels by name; b bridged only. */
static void
test_chanspy_targets (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1003", NULL, NULL);
  AmiMessage *agent_new = expect (c, "Channel", agent);
  g_autofree char *by_uid = g_strdup_printf ("%s,bqu", ami_message_get (agent_new, "Uniqueid"));
  g_autofree char *by_name = g_strdup_printf ("%s,qu", agent);
  g_autofree char *one = originate_app (c, "PJSIP/2000", "ChanSpy", by_uid, "uid");
  g_autofree char *two = NULL;
  g_autofree char *three = NULL;

  g_assert_cmpstr (ami_message_get (expect (c, "Event", "ChanSpyStart"), "SpyeeChannel"), ==,
                   agent);
  two = originate_app (c, "PJSIP/2001", "ChanSpy", by_name, "name");
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "ChanSpyStart"), "SpyeeChannel"), ==,
                   agent);
  /* A prefix: "pjsip/100" (case aside) matches the agent's channel, not the trunk's. */
  three = originate_app (c, "PJSIP/2002", "ChanSpy", "pjsip/100,bq", "prefix");
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "ChanSpyStart"), "SpyeeChannel"), ==,
                   agent);
}

/* g(grp): only agents whose SPYGROUP shares a group (1001-1006 sales, 1007-1012 support). */
static void
test_chanspy_groups (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *sales = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *spyer = originate_app (c, "PJSIP/2000", "ChanSpy",
                                          "PJSIP/,bqg(support:billing)", "g");
  g_autofree char *support = NULL;
  guint mark = c->log->len;

  wait_ms (500 * SCALE);
  g_assert_null (find_from (c, mark, "Event", "ChanSpyStart"));
  support = astrix_demo_pbx_add_call (f->pbx, "1008", NULL, NULL);
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "ChanSpyStart"), "SpyeeChannel"), ==,
                   support);
}

/* Without E ChanSpy outlives the spied call (ChanSpyStop, the supervisor stays: 22); with E it
 * returns and the supervisor's channel hangs up. */
static void
test_chanspy_spied_call_ends (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *first = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *second = astrix_demo_pbx_add_call (f->pbx, "1002", NULL, NULL);
  g_autofree char *keep = g_strdup_printf ("%s,bqu", first);
  g_autofree char *leave = g_strdup_printf ("%s,bquE", second);
  g_autofree char *stays = originate_app (c, "PJSIP/2000", "ChanSpy", keep, "keep");
  g_autofree char *goes = NULL;
  g_auto(GStrv) channels = NULL;
  AmiMessage *m;

  expect (c, "Event", "ChanSpyStart");
  goes = originate_app (c, "PJSIP/2001", "ChanSpy", leave, "leave");
  expect (c, "Event", "ChanSpyStart");

  astrix_demo_pbx_hangup (f->pbx, first);
  m = expect (c, "Event", "ChanSpyStop");
  g_assert_cmpstr (ami_message_get (m, "SpyerChannel"), ==, stays);
  m = expect (c, "Event", "Hangup");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, first);
  wait_ms (2000 * SCALE);
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_true (g_strv_contains ((const char *const *) channels, stays));
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, stays), ==, ASTRIX_DEMO_SPY_LISTEN);

  astrix_demo_pbx_hangup (f->pbx, second);
  m = expect (c, "Event", "ChanSpyStop");
  g_assert_cmpstr (ami_message_get (m, "SpyerChannel"), ==, goes);
  m = expect (c, "Channel", goes);
  g_assert_cmpstr (ami_message_get (m, "Event"), ==, "Hangup");
  g_strfreev (channels);
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_false (g_strv_contains ((const char *const *) channels, goes));
  g_assert_true (g_strv_contains ((const char *const *) channels, stays));
}

/* PlayDTMF 4 / 5 / 6 switch the mode only with Receive: true and option d; no spy event. */
static void
test_playdtmf_modes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, ADMIN, ADMIN_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *target = g_strdup_printf ("%s,bqdu", agent);
  g_autofree char *spyer = originate_app (c, "PJSIP/2000", "ChanSpy", target, "d");
  guint mark;
  AmiMessage *m;

  expect (c, "Event", "ChanSpyStart");
  mark = c->log->len;
  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "Digit", "5", "ActionID", "out", NULL);
  m = response_to (c, "out");
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "DTMF successfully queued");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_LISTEN);
  m = expect (c, "Event", "DTMFEnd");
  g_assert_cmpstr (ami_message_get (m, "Direction"), ==, "Sent");

  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "Digit", "5", "Receive", "true",
               "ActionID", "in5", NULL);
  response_to (c, "in5");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_WHISPER);
  m = expect (c, "Event", "DTMFEnd");
  assert_keys (m, "Event Privilege " SNAPSHOT " Digit DurationMs Direction");
  g_assert_cmpstr (ami_message_get (m, "Direction"), ==, "Received");
  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "Digit", "6", "Receive", "true",
               "ActionID", "in6", NULL);
  response_to (c, "in6");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_BARGE);
  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "Digit", "4", "Receive", "yes",
               "ActionID", "in4", NULL);
  response_to (c, "in4");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, spyer), ==, ASTRIX_DEMO_SPY_LISTEN);
  wait_ms (50);
  g_assert_null (find_from (c, mark, "Event", "ChanSpyStart"));
  g_assert_null (find_from (c, mark, "Event", "ChanSpyStop"));

  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "ActionID", "nodigit", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "nodigit"), "Message"), ==,
                   "No digit specified");
  client_send (c, "Action", "PlayDTMF", "Channel", "PJSIP/none-0", "Digit", "5",
               "ActionID", "nochan", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "nochan"), "Message"), ==,
                   "Channel not found");
}

/* Without option d, digits received do not switch modes; w and B start whispering, barging. */
static void
test_spy_modes_without_d (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *whisper = originate_app (c, "PJSIP/2000", "ChanSpy", "PJSIP/1001,bqw", "w");
  g_autofree char *barge = originate_app (c, "PJSIP/2001", "ChanSpy", "PJSIP/1001,bqB", "B");

  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, whisper), ==, ASTRIX_DEMO_SPY_WHISPER);
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, barge), ==, ASTRIX_DEMO_SPY_BARGE);
  client_send (c, "Action", "PlayDTMF", "Channel", whisper, "Digit", "4", "Receive", "true",
               "ActionID", "x", NULL);
  response_to (c, "x");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, whisper), ==, ASTRIX_DEMO_SPY_WHISPER);
}

static void
check_failure (Client     *c,
               const char *endpoint,
               const char *id,
               const char *reason)
{
  AmiMessage *m;

  client_send (c, "Action", "Originate", "Channel", endpoint, "Application", "Wait",
               "Data", "1", "Async", "true", "Timeout", "4000", "ActionID", id, NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, id), "Response"), ==, "Success");
  m = expect (c, "Event", "OriginateResponse");
  assert_keys (m, "Event Privilege ActionID Response Channel Application Data Reason Uniqueid "
                  "CallerIDNum CallerIDName");
  g_assert_cmpstr (ami_message_get (m, "ActionID"), ==, id);
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Failure");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, endpoint);
  g_assert_cmpstr (ami_message_get (m, "Reason"), ==, reason);
  g_assert_cmpstr (ami_message_get (m, "Uniqueid"), ==, "<unknown>");
}

/* Each AstrixDemoAnswer and its Reason (capture 10). */
static void
test_originate_reasons (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  AmiMessage *m;

  astrix_demo_pbx_set_endpoint_answer (f->pbx, "PJSIP/3001", ASTRIX_DEMO_ANSWER_BUSY);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, "PJSIP/3002", ASTRIX_DEMO_ANSWER_NO_ANSWER);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, "PJSIP/3003", ASTRIX_DEMO_ANSWER_CONGESTION);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, "PJSIP/3004", ASTRIX_DEMO_ANSWER_HANGUP);
  astrix_demo_pbx_set_endpoint_answer (f->pbx, "PJSIP/3005", ASTRIX_DEMO_ANSWER_UNAVAILABLE);
  check_failure (c, "PJSIP/3001", "busy", "5");
  check_failure (c, "PJSIP/3002", "noanswer", "3");
  check_failure (c, "PJSIP/3003", "congestion", "8");
  check_failure (c, "PJSIP/3004", "hangup", "0");
  check_failure (c, "PJSIP/3005", "unavailable", "0");
  /* chan_sip is gone in Asterisk 21+; the lab's busy extension behind a Local channel. */
  check_failure (c, "SIP/1000", "sip", "0");
  check_failure (c, "Local/2486@supervisor/n", "local-busy", "5");

  /* What the busy phone looked like on the way. */
  m = find_from (c, 0, "DialStatus", "BUSY");
  g_assert_nonnull (m);
  m = find_from (c, 0, "Cause-txt", "User busy");
  g_assert_nonnull (m);
  g_assert_nonnull (find_from (c, 0, "Cause-txt", "User alerting, no answer"));
  g_assert_nonnull (find_from (c, 0, "Cause-txt", "Circuit/channel congestion"));
}

/* OriginateResponse goes to every session that reads `call`, ActionID included. */
static void
test_originate_response_everywhere (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(Client) other = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, NULL);
  g_autoptr(Client) quiet = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autofree char *spyer = originate_app (c, "PJSIP/2000", "Wait", "5", "mine");

  g_assert_cmpstr (ami_message_get (expect (other, "Event", "OriginateResponse"), "ActionID"), ==,
                   "mine");
  g_assert_cmpstr (ami_message_get (expect (ro, "Event", "OriginateResponse"), "ActionID"), ==,
                   "mine");
  g_assert_null (find_from (quiet, 0, "Event", "OriginateResponse"));
}

/* Without Async the session waits for the outcome; the answer comes before the events. */
static void
test_originate_sync (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  AmiMessage *m;
  guint at;

  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Application", "Wait",
               "Data", "1", "ActionID", "sync-ok", NULL);
  client_send (c, "Action", "Ping", "ActionID", "after", NULL);
  m = response_to (c, "sync-ok");
  at = c->cursor;
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Originate successfully queued");
  /* The Ping waited behind it; the held events follow the response. */
  g_assert_nonnull (expect (c, "ActionID", "after"));
  g_assert_nonnull (find_from (c, at, "Event", "Newchannel"));
  g_assert_null (find_from (c, 0, "Event", "OriginateResponse"));

  astrix_demo_pbx_set_endpoint_answer (f->pbx, "PJSIP/2001", ASTRIX_DEMO_ANSWER_BUSY);
  client_send (c, "Action", "Originate", "Channel", "PJSIP/2001", "Application", "Wait",
               "Data", "1", "ActionID", "sync-busy", NULL);
  m = response_to (c, "sync-busy");
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Error");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Originate failed");
  g_assert_null (find_from (c, 0, "Event", "OriginateResponse"));
}

/* The synchronous errors of capture 10, and who may originate. */
static void
test_originate_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, "off");

  client_send (c, "Action", "Originate", "Application", "Wait", "ActionID", "e1", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "e1"), "Message"), ==,
                   "Channel not specified");
  client_send (c, "Action", "Originate", "Channel", "garbage", "Application", "Wait",
               "ActionID", "e2", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "e2"), "Message"), ==, "Invalid channel");
  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Application", "Wait",
               "Timeout", "abc", "ActionID", "e3", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "e3"), "Message"), ==, "Invalid timeout");
  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Context", "no-such-context",
               "Exten", "s", "Priority", "1", "Async", "true", "ActionID", "e4", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "e4"), "Message"), ==,
                   "Extension does not exist.");
  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Context", "spy-context",
               "Exten", "s", "Priority", "nolabel", "ActionID", "e5", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "e5"), "Message"), ==, "Invalid priority");
  client_send (ro, "Action", "Originate", "Channel", "PJSIP/2000", "Application", "ChanSpy",
               "Data", "PJSIP/1001,bq", "Async", "true", "ActionID", "ro", NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "ro"), "Message"), ==, "Permission denied");
}

/* The seed's contexts: the dialplan shows as Newexten, SPYTARGET expanded. */
static void
test_originate_context (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1004", NULL, NULL);
  g_autofree char *target = g_strdup_printf ("SPYTARGET=%s", agent);
  g_autofree char *chanspy_data = g_strdup_printf ("%s,w", agent);
  AmiMessage *m;

  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Context", "whisper-context",
               "Exten", "s", "Priority", "1", "Async", "true", "Variable", target,
               "ActionID", "ctx", NULL);
  response_to (c, "ctx");
  m = expect (c, "Event", "OriginateResponse");
  assert_keys (m, "Event Privilege ActionID Response Channel Context Exten Reason Uniqueid "
                  "CallerIDNum CallerIDName");
  g_assert_cmpstr (ami_message_get (m, "Context"), ==, "whisper-context");
  g_assert_cmpstr (ami_message_get (m, "CallerIDNum"), ==, "<unknown>");
  m = expect (c, "Context", "whisper-context");
  assert_keys (m, "Event Privilege " SNAPSHOT " Extension Application AppData");
  g_assert_cmpstr (ami_message_get (m, "Application"), ==, "NoOp");
  m = expect (c, "Application", "ChanSpy");
  g_assert_cmpstr (ami_message_get (m, "AppData"), ==, chanspy_data);
  g_assert_cmpstr (ami_message_get (m, "Priority"), ==, "2");
  m = expect (c, "Event", "ChanSpyStart");
  g_assert_cmpstr (ami_message_get (m, "SpyeeChannel"), ==, agent);
  g_assert_cmpstr (ami_message_get (m, "SpyerContext"), ==, "whisper-context");
  g_assert_cmpint (astrix_demo_pbx_get_spy_mode (f->pbx, ami_message_get (m, "SpyerChannel")),
                   ==, ASTRIX_DEMO_SPY_WHISPER);
}

/* ControlPlayback: the application, the action's controls and errors (capture 11). */
static void
test_control_playback (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *ours = originate_app (c, "PJSIP/2000", "ControlPlayback",
                                         "/var/spool/asterisk/monitor/1795666433.57,3000", "cp");
  g_autofree char *idle = originate_app (c, "PJSIP/2001", "Wait", "60", "idle");
  const char *controls[] = { "pause", "pause", "forward", "reverse", "restart" };
  AmiMessage *m;

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      client_send (c, "Action", "ControlPlayback", "Channel", ours, "Control", controls[i],
                   "ActionID", controls[i], NULL);
      assert_keys (response_to (c, controls[i]), "Response ActionID");
    }
  wait_ms (1000 * SCALE);
  client_send (c, "Action", "ControlPlayback", "Channel", ours, "Control", "stop",
               "ActionID", "stop", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "stop"), "Response"), ==, "Success");
  m = expect (c, "Variable", "CPLAYBACKSTATUS");
  g_assert_cmpstr (ami_message_get (m, "Value"), ==, "REMOTESTOPPED");
  m = expect (c, "Variable", "CPLAYBACKOFFSET");
  g_assert_cmpint (g_ascii_strtoll (ami_message_get (m, "Value"), NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (ami_message_get (m, "Value"), NULL, 10), <, 30000);
  m = expect (c, "Event", "Hangup");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, ours);

  /* Success even when nothing plays. */
  client_send (c, "Action", "ControlPlayback", "Channel", idle, "Control", "pause",
               "ActionID", "nothing", NULL);
  assert_keys (response_to (c, "nothing"), "Response ActionID");
  client_send (c, "Action", "ControlPlayback", "Channel", idle, "Control", "jump",
               "ActionID", "jump", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "jump"), "Message"), ==,
                   "Unknown control type");
  client_send (c, "Action", "ControlPlayback", "Channel", "PJSIP/2000-deadbeef",
               "Control", "pause", "ActionID", "gone", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "gone"), "Message"), ==, "No such channel");
  client_send (c, "Action", "ControlPlayback", "Channel", idle, "ActionID", "nocontrol", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "nocontrol"), "Message"), ==,
                   "Control not specified");
  client_send (c, "Action", "ControlPlayback", "Control", "stop", "ActionID", "nochannel", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "nochannel"), "Message"), ==,
                   "Channel not specified");
}

/* Against Playback(), pause ends the playback (capture 11, A). */
static void
test_playback_pause_ends (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *ours = originate_app (c, "PJSIP/2000", "Playback",
                                         "/var/spool/asterisk/monitor/1795666433.57", "pb");
  AmiMessage *m;

  client_send (c, "Action", "ControlPlayback", "Channel", ours, "Control", "pause",
               "ActionID", "pause", NULL);
  response_to (c, "pause");
  m = expect (c, "Variable", "PLAYBACKSTATUS");
  g_assert_cmpstr (ami_message_get (m, "Value"), ==, "SUCCESS");
  m = expect (c, "Event", "Hangup");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, ours);
}

/* The seed's playback-context with a file that is not there: PLAYBACKSTATUS=FAILED. */
static void
test_playback_missing_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  AmiMessage *m;

  client_send (c, "Action", "Originate", "Channel", "PJSIP/2000", "Context", "playback-context",
               "Exten", "s", "Priority", "1", "Async", "true",
               "Variable", "RECFILE=/var/spool/asterisk/monitor/does-not-exist",
               "ActionID", "missing", NULL);
  response_to (c, "missing");
  m = expect (c, "Application", "Playback");
  g_assert_cmpstr (ami_message_get (m, "AppData"), ==,
                   "/var/spool/asterisk/monitor/does-not-exist");
  m = expect (c, "Variable", "PLAYBACKSTATUS");
  g_assert_cmpstr (ami_message_get (m, "Value"), ==, "FAILED");
  m = expect (c, "AppData", "PLAYBACKSTATUS=FAILED");
  expect (c, "Application", "Hangup");
  expect (c, "Event", "Hangup");
}

/* Hangup: a Cause, a /regex/ list, and the errors (capture 15, 23). */
static void
test_hangup_action (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *one = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *two = astrix_demo_pbx_add_call (f->pbx, "1002", NULL, NULL);
  g_autofree char *three = astrix_demo_pbx_add_call (f->pbx, "1003", NULL, NULL);
  g_auto(GStrv) left = NULL;
  AmiMessage *m;

  client_send (c, "Action", "Hangup", "Channel", one, "Cause", "21", "ActionID", "h21", NULL);
  response_to (c, "h21");
  m = expect (c, "Event", "SoftHangupRequest");
  g_assert_cmpstr (ami_message_get (m, "Cause"), ==, "21");
  m = expect (c, "Channel", one);
  m = expect (c, "Cause-txt", "Call Rejected");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, one);

  client_send (c, "Action", "Hangup", "Channel", "/^PJSIP\\/100[23]-.*$/", "ActionID", "re",
               NULL);
  m = response_to (c, "re");
  assert_keys (m, "Response ActionID EventList Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Channels hung up will follow");
  m = expect (c, "Event", "ChannelHungup");
  assert_keys (m, "Event Channel ActionID");
  m = expect (c, "Event", "ChannelsHungupListComplete");
  assert_keys (m, "Event ActionID EventList ListItems");
  g_assert_cmpstr (ami_message_get (m, "ListItems"), ==, "2");
  wait_ms (50);
  left = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_cmpuint (g_strv_length (left), ==, 0);

  client_send (c, "Action", "Hangup", "Channel", "/^nothing.*$/", "ActionID", "none", NULL);
  response_to (c, "none");
  g_assert_cmpstr (ami_message_get (expect (c, "Event", "ChannelsHungupListComplete"),
                                    "ListItems"), ==, "0");
  client_send (c, "Action", "Hangup", "ActionID", "nochan", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "nochan"), "Message"), ==,
                   "No channel specified");
  client_send (c, "Action", "Hangup", "Channel", "PJSIP/1001-ffffffff", "ActionID", "nosuch",
               NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "nosuch"), "Message"), ==, "No such channel");
}

/* Command: Output lines; Permission denied without the command class (capture 17). */
static void
test_command (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY, "off");
  g_autoptr(Client) proxy = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_auto(GStrv) output = NULL;
  AmiMessage *m;

  client_send (admin, "Action", "Command", "Command", "core show version", "ActionID", "v", NULL);
  m = response_to (admin, "v");
  assert_keys (m, "Response ActionID Message Output");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Command output follows");
  g_assert_true (g_str_has_prefix (ami_message_get (m, "Output"), "Asterisk 22"));

  client_send (admin, "Action", "Command", "Command", "core show channels", "ActionID", "ch",
               NULL);
  m = response_to (admin, "ch");
  output = ami_message_dup_values (m, "Output");
  g_assert_cmpuint (g_strv_length (output), ==, 1 + 2 + 3);
  g_assert_true (g_str_has_prefix (output[0], "Channel "));
  g_assert_true (g_str_has_prefix (output[1], "PJSIP/trunk-"));
  g_assert_true (g_str_has_prefix (output[2], agent));
  g_assert_nonnull (strstr (output[2], "1001@from-internal:1"));
  g_assert_nonnull (strstr (output[2], "AppDial((Outgoing Line))"));
  g_assert_cmpstr (output[3], ==, "2 active channels");
  g_assert_cmpstr (output[4], ==, "1 active call");

  client_send (admin, "Action", "Command", "Command", "dialplan show spy-context",
               "ActionID", "dp", NULL);
  m = response_to (admin, "dp");
  g_strfreev (output);
  output = ami_message_dup_values (m, "Output");
  g_assert_cmpstr (output[0], ==, "[ Context 'spy-context' created by 'pbx_config' ]");
  g_assert_cmpstr (output[g_strv_length (output) - 1], ==,
                   "-= 2 extensions (7 priorities) in 1 context. =-");

  client_send (admin, "Action", "Command", "Command", "no such cli command", "ActionID", "bad",
               NULL);
  m = response_to (admin, "bad");
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Error");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Command output follows");
  g_assert_cmpstr (ami_message_get (m, "Output"), ==,
                   "No such command 'no such cli command' (type 'core show help no such cli' "
                   "for other possible commands)");

  client_send (proxy, "Action", "Command", "Command", "core show version", "ActionID", "p", NULL);
  m = response_to (proxy, "p");
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Permission denied");
}

/* ListCommands lists what the user may run (capture 18). */
static void
test_list_commands (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) proxy = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, "off");
  AmiMessage *m;

  client_send (proxy, "Action", "ListCommands", "ActionID", "lc", NULL);
  m = response_to (proxy, "lc");
  g_assert_cmpstr (ami_message_get (m, "Originate"), ==,
                   "Originate a call.  (Priv: originate,all)");
  g_assert_cmpstr (ami_message_get (m, "Ping"), ==, "Keepalive command.  (Priv: <none>)");
  g_assert_cmpstr (ami_message_get (m, "Hangup"), ==, "Hangup channel.  (Priv: system,call,all)");
  g_assert_cmpstr (ami_message_get (m, "CoreShowChannels"), ==,
                   "List currently active channels.  (Priv: system,reporting,all)");
  g_assert_false (ami_message_has (m, "Command"));

  client_send (ro, "Action", "ListCommands", "ActionID", "lc", NULL);
  m = response_to (ro, "lc");
  g_assert_false (ami_message_has (m, "Originate"));
  g_assert_false (ami_message_has (m, "CoreShowChannels"));
  g_assert_true (ami_message_has (m, "PlayDTMF"));
  g_assert_true (ami_message_has (m, "ControlPlayback"));

  client_send (ro, "Action", "CoreShowChannels", "ActionID", "csc", NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "csc"), "Message"), ==, "Permission denied");
  client_send (ro, "Action", "Hangup", "Channel", "PJSIP/x-0", "ActionID", "h", NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "h"), "Message"), ==, "No such channel");
}

static void
test_show_dialplan (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  AmiMessage *m;

  client_send (c, "Action", "ShowDialPlan", "Context", "spy-context", "ActionID", "sdp", NULL);
  m = response_to (c, "sdp");
  assert_keys (m, "Response ActionID EventList Message");
  m = expect (c, "Event", "ListDialplan");
  assert_keys (m, "Event ActionID Context Extension Priority Application AppData Registrar");
  g_assert_cmpstr (ami_message_get (m, "AppData"), ==,
                   "ChanSpy with DTMF mode switching on ${SPYTARGET}");
  m = expect (c, "Event", "ShowDialPlanComplete");
  assert_keys (m, "Event ActionID EventList ListItems ListExtensions ListPriorities ListContexts");
  g_assert_cmpstr (ami_message_get (m, "ListItems"), ==, "7");
  g_assert_cmpstr (ami_message_get (m, "ListExtensions"), ==, "2");
  client_send (c, "Action", "ShowDialPlan", "Context", "no-such-context", "ActionID", "no", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "no"), "Message"), ==,
                   "Did not find context no-such-context");
}

/* ModuleCheck, and a module a test unloads (not captured: as Asterisk 22's manager.c). */
static void
test_module_check (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY, "off");
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, "off");
  g_auto(GStrv) output = NULL;
  AmiMessage *m;

  client_send (admin, "Action", "ModuleCheck", "Module", "app_chanspy", "ActionID", "mc", NULL);
  m = response_to (admin, "mc");
  assert_keys (m, "Response ActionID Version");
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Success");
  client_send (ro, "Action", "ModuleCheck", "Module", "app_chanspy", "ActionID", "ro", NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "ro"), "Message"), ==, "Permission denied");

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_chanspy.so", FALSE);
  astrix_demo_pbx_set_module_loaded (f->pbx, "app_controlplayback", FALSE);
  client_send (admin, "Action", "ModuleCheck", "Module", "app_chanspy", "ActionID", "gone", NULL);
  m = response_to (admin, "gone");
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Error");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Module not loaded");
  client_send (admin, "Action", "Command", "Command", "module show like chanspy", "ActionID", "ml",
               NULL);
  output = ami_message_dup_values (response_to (admin, "ml"), "Output");
  g_assert_cmpstr (output[g_strv_length (output) - 1], ==, "0 modules loaded");

  /* The action of an unloaded module is unknown, and ListCommands does not list it. */
  client_send (ro, "Action", "ListCommands", "ActionID", "lc", NULL);
  g_assert_false (ami_message_has (response_to (ro, "lc"), "ControlPlayback"));
  client_send (ro, "Action", "ControlPlayback", "Channel", "PJSIP/x-0", "Control", "pause",
               "ActionID", "cp", NULL);
  g_assert_true (g_str_has_prefix (ami_message_get (response_to (ro, "cp"), "Message"),
                                   "Invalid/unknown command: ControlPlayback."));

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_chanspy", TRUE);
  client_send (admin, "Action", "ModuleCheck", "Module", "app_chanspy.so", "ActionID", "back",
               NULL);
  g_assert_cmpstr (ami_message_get (response_to (admin, "back"), "Response"), ==, "Success");
}

/* Without app_chanspy, ChanSpy is an unknown application: answered, then hung up. */
static void
test_module_unloaded_application (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_autofree char *spy_data = g_strdup_printf ("%s,qu", agent);
  g_autofree char *spyer = NULL;
  AmiMessage *m;

  astrix_demo_pbx_set_module_loaded (f->pbx, "app_chanspy", FALSE);
  spyer = originate_app (c, "PJSIP/2000", "ChanSpy", spy_data, "spy");
  m = expect (c, "Event", "Hangup");
  g_assert_cmpstr (ami_message_get (m, "Channel"), ==, spyer);
  g_assert_null (find_from (c, 0, "Event", "ChanSpyStart"));
}

/* A context a test takes away is gone for ShowDialPlan, the CLI and Originate alike. */
static void
test_context_absent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY, "off");

  astrix_demo_pbx_set_context_present (f->pbx, "spy-context", FALSE);
  client_send (admin, "Action", "ShowDialPlan", "Context", "spy-context", "ActionID", "sdp", NULL);
  g_assert_cmpstr (ami_message_get (response_to (admin, "sdp"), "Message"), ==,
                   "Did not find context spy-context");
  client_send (admin, "Action", "Originate", "Channel", "PJSIP/2000", "Context", "spy-context",
               "Exten", "s", "Priority", "1", "Async", "true", "ActionID", "o", NULL);
  g_assert_cmpstr (ami_message_get (response_to (admin, "o"), "Message"), ==,
                   "Extension does not exist.");
  client_send (admin, "Action", "ShowDialPlan", "Context", "whisper-context", "Extension", "s",
               "ActionID", "other", NULL);
  g_assert_cmpstr (ami_message_get (response_to (admin, "other"), "Response"), ==, "Success");

  astrix_demo_pbx_set_context_present (f->pbx, "spy-context", TRUE);
  client_send (admin, "Action", "ShowDialPlan", "Context", "spy-context", "ActionID", "back",
               NULL);
  g_assert_cmpstr (ami_message_get (response_to (admin, "back"), "Response"), ==, "Success");
}

/* Getvar of DEVICE_STATE(): whether the PBX knows an endpoint. */
static void
test_getvar (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, "off");
  AmiMessage *m;

  client_send (ro, "Action", "Getvar", "Variable", "DEVICE_STATE(PJSIP/2000)", "ActionID", "ok",
               NULL);
  m = response_to (ro, "ok");
  assert_keys (m, "Response ActionID Variable Value");
  g_assert_cmpstr (ami_message_get (m, "Value"), ==, "NOT_INUSE");
  client_send (ro, "Action", "Getvar", "Variable", "DEVICE_STATE(SIP/2000)", "ActionID", "sip",
               NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "sip"), "Value"), ==, "INVALID");
  client_send (ro, "Action", "Getvar", "ActionID", "none", NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "none"), "Message"), ==,
                   "No variable specified");
  client_send (ro, "Action", "Getvar", "Channel", "PJSIP/x-0", "Variable", "X", "ActionID", "nc",
               NULL);
  g_assert_cmpstr (ami_message_get (response_to (ro, "nc"), "Message"), ==, "No such channel");
}

/* manager show user: the classes of a manager.conf user. */
static void
test_manager_show_user (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY, "off");
  g_autofree char *joined = NULL;
  g_auto(GStrv) output = NULL;

  client_send (admin, "Action", "Command", "Command", "manager show user astrix_ro",
               "ActionID", "u", NULL);
  output = ami_message_dup_values (response_to (admin, "u"), "Output");
  joined = g_strjoinv ("\n", output);
  g_assert_nonnull (strstr (joined, "         read perm: call\n"));
  g_assert_nonnull (strstr (joined, "        write perm: call\n"));
}

/* Errors and framing (captures 15 and 16) */

static void
test_unknown_and_missing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  AmiMessage *m;
  guint mark;

  client_send (c, "Action", "FooBar", "ActionID", "unk", NULL);
  m = response_to (c, "unk");
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==,
                   "Invalid/unknown command: FooBar. Use Action: ListCommands to show available "
                   "commands.");
  client_send (c, "ActionID", "noaction", "Channel", "x", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "noaction"), "Message"), ==,
                   "Missing action in request");

  /* Every extra blank line is a message without an action. */
  mark = c->log->len;
  client_send_text (c, "\r\n\r\n");
  client_send (c, "Action", "Ping", "ActionID", "alive", NULL);
  response_to (c, "alive");
  g_assert_cmpuint (count_from (c, mark, "Message", "Missing action in request"), ==, 2);
  assert_keys (g_ptr_array_index (c->log, mark), "Response Message");

  /* Header names without regard to case, no space after the colon, the first of twins. */
  client_send_text (c, "action: ping\r\nactionid: lc-1\r\n\r\n");
  g_assert_cmpstr (ami_message_get (response_to (c, "lc-1"), "Ping"), ==, "Pong");
  client_send_text (c, "Action:Ping\r\nActionID:nospace\r\n\r\n");
  g_assert_cmpstr (ami_message_get (response_to (c, "nospace"), "Ping"), ==, "Pong");
  client_send (c, "Action", "Ping", "ActionID", "dup-1", "ActionID", "dup-2", NULL);
  response_to (c, "dup-1");
  client_send_text (c, "Action: Ping\r\nthis line has no colon\r\nActionID: nocolon\r\n\r\n");
  g_assert_cmpstr (ami_message_get (response_to (c, "nocolon"), "Ping"), ==, "Pong");
  /* Bare LF, a NUL ending a value. */
  client_send_text (c, "Action: Ping\nActionID: lf\n\n");
  response_to (c, "lf");
  {
    static const char nul[] = "Action: Ping\r\nActionID: nul\0tail\r\n\r\n";

    client_send_raw (c, nul, sizeof nul - 1);
  }
  response_to (c, "nul");
}

static void
test_too_many_lines (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(GString) text = g_string_new ("Action: Ping\r\nActionID: toomany\r\n");
  AmiMessage *m;

  for (guint i = 0; i < 127; i++)
    g_string_append_printf (text, "X-Pad%u: y\r\n", i);
  g_string_append (text, "\r\n");
  client_send_raw (c, text->str, text->len);
  m = response_to (c, "toomany");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==,
                   "Too many lines in message or allocation failure");
  /* 128 lines are fine. */
  g_string_assign (text, "Action: Ping\r\nActionID: fits\r\n");
  for (guint i = 0; i < 126; i++)
    g_string_append_printf (text, "X-Pad%u: y\r\n", i);
  g_string_append (text, "\r\n");
  client_send_raw (c, text->str, text->len);
  g_assert_cmpstr (ami_message_get (response_to (c, "fits"), "Ping"), ==, "Pong");
}

static void
send_long_line (Client     *c,
                const char *id,
                gsize       content)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "Action: Ping\r\nActionID: %s\r\nX-Fit: ", id);
  while (text->len < strlen ("Action: Ping\r\nActionID: \r\n") + strlen (id) + content)
    g_string_append_c (text, 'f');
  g_string_append (text, "\r\n\r\n");
  client_send_raw (c, text->str, text->len);
}

/* Asterisk's line buffer: 1022 bytes and CR LF fit; 1023 do not (and leave a blank line). */
static void
test_line_too_long (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(GString) garbage = g_string_new (NULL);
  AmiMessage *m;
  guint mark;

  send_long_line (c, "fit-1022", 1022);
  g_assert_cmpstr (ami_message_get (response_to (c, "fit-1022"), "Ping"), ==, "Pong");

  mark = c->log->len;
  send_long_line (c, "fit-1023", 1023);
  m = response_to (c, "fit-1023");
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Failed to parse message: line too long");
  m = expect (c, "Message", "Missing action in request");
  g_assert_false (ami_message_has (m, "ActionID"));

  for (guint i = 0; i < 3072; i++)
    g_string_append_c (garbage, 'A' + i % 26);
  g_string_append (garbage, "\r\nAction: Ping\r\nActionID: after-garbage\r\n\r\n");
  client_send_raw (c, garbage->str, garbage->len);
  m = response_to (c, "after-garbage");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Failed to parse message: line too long");
  client_send (c, "Action", "Ping", "ActionID", "still-alive", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "still-alive"), "Ping"), ==, "Pong");
  g_assert_cmpuint (count_from (c, mark, "Ping", "Pong"), ==, 1);
}

/* Random bytes do not bring the server down; other sessions go on. */
static void
test_hostile_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) bystander = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(Client) c = client_connect (f->port);
      char junk[20000];

      if (round % 2 == 1)
        login (c, PROXY, PROXY_KEY, "off");
      for (guint i = 0; i < sizeof junk; i++)
        junk[i] = (char) g_rand_int_range (rand, 0, 256);
      client_send_raw (c, junk, sizeof junk);
      wait_ms (20);
    }
  client_send (bystander, "Action", "Ping", "ActionID", "ok", NULL);
  g_assert_cmpstr (ami_message_get (response_to (bystander, "ok"), "Ping"), ==, "Pong");
}

static void
test_logoff (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  AmiMessage *m;

  client_send (c, "Action", "Logoff", "ActionID", "bye-42", NULL);
  m = response_to (c, "bye-42");
  assert_keys (m, "Response ActionID Message");
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Goodbye");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "Thanks for all the fish.");
  g_assert_true (iterate_until (is_eof, c, CLIENT_WAIT_MS));
  g_assert_true (iterate_until (no_sessions, f->pbx, CLIENT_WAIT_MS));
}

/* Faults and scripting */

static gboolean
has_bytes (Client     *c,
           const char *needle)
{
  return c->raw->len > 0 &&
         g_strstr_len ((const char *) c->raw->data, c->raw->len, needle) != NULL;
}

static void
test_fault_close_mid_message (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(Client) late = NULL;
  g_autoptr(Client) after = NULL;
  guint before;

  expect (c, "Event", "FullyBooted");
  before = c->log->len;
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_CLOSE_MID_MESSAGE);
  g_assert_true (iterate_until (is_eof, c, CLIENT_WAIT_MS));
  /* Half an event, then the end: nothing complete came of it. */
  g_assert_cmpuint (c->log->len, ==, before);
  g_assert_true (g_str_has_suffix (
                   (const char *) g_byte_array_append (c->raw, (guint8 *) "", 1)->data,
                   "Channel: PJSIP/10"));
  g_assert_true (iterate_until (no_sessions, f->pbx, CLIENT_WAIT_MS));

  /* While the fault is active, every new session gets it after its login. */
  late = client_connect (f->port);
  login (late, PROXY, PROXY_KEY, "off");
  g_assert_true (iterate_until (is_eof, late, CLIENT_WAIT_MS));

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  after = logged_in (f, PROXY, PROXY_KEY, "off");
  client_send (after, "Action", "Ping", "ActionID", "p", NULL);
  g_assert_cmpstr (ami_message_get (response_to (after, "p"), "Ping"), ==, "Pong");
  g_assert_false (after->eof);
}

static void
test_fault_garbage (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  gsize before = c->raw->len;

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_GARBAGE);
  client_send (c, "Action", "Ping", "ActionID", "after", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "after"), "Ping"), ==, "Pong");
  g_assert_cmpuint (c->raw->len - before, >, 2048);
  g_assert_true (has_bytes (c, "GARBAGE"));
  /* A few KiB ending in a blank line: the session carries on. */
  g_assert_nonnull (g_strstr_len ((const char *) c->raw->data + before, c->raw->len - before,
                                  "\r\n\r\nResponse: Success"));
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  g_assert_false (c->eof);
}

static gboolean
got_much (gpointer data)
{
  return ((Client *) data)->raw->len > 200 * 1024;
}

static void
test_fault_endless_line (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  guint before = c->log->len;

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_ENDLESS_LINE);
  client_send (c, "Action", "Ping", "ActionID", "lost", NULL);
  g_assert_true (iterate_until (got_much, c, CLIENT_WAIT_MS));
  /* On and on without a line end: the parser gave up on it, nothing was understood. */
  g_assert_cmpuint (c->log->len, ==, before);
  g_assert_cmpuint (c->parse_errors, >=, 1);

  /* Cleared: the line ends with a blank line, and the link works again. */
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  client_send (c, "Action", "Ping", "ActionID", "back", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "back"), "Ping"), ==, "Pong");
}

static void
test_fault_stall (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(Client) late = NULL;

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_STALL);
  client_send (c, "Action", "Ping", "ActionID", "stalled", NULL);
  g_assert_null (expect_within (c, "ActionID", "stalled", 300));
  g_assert_false (c->eof);
  /* Read all the same. */
  g_assert_cmpstr (ami_message_get (
                     g_ptr_array_index (astrix_demo_pbx_get_received (f->pbx),
                                        astrix_demo_pbx_get_received (f->pbx)->len - 1),
                     "ActionID"), ==, "stalled");

  /* A new session gets its banner, and nothing more. */
  late = client_connect (f->port);
  expect (late, "Banner", "Asterisk Call Manager/11.0.0");
  client_send (late, "Action", "Login", "Username", PROXY, "Secret", PROXY_KEY,
               "ActionID", "late", NULL);
  g_assert_null (expect_within (late, "ActionID", "late", 100));

  /* Cleared: what was held back is answered. */
  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  g_assert_cmpstr (ami_message_get (response_to (c, "stalled"), "Ping"), ==, "Pong");
  g_assert_cmpstr (ami_message_get (response_to (late, "late"), "Message"), ==,
                   "Authentication accepted");
}

static void
test_ignored_action (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  GPtrArray *received;

  astrix_demo_pbx_set_ignored_action (f->pbx, "ping", TRUE);
  client_send (c, "Action", "Ping", "ActionID", "ignored", NULL);
  client_send (c, "Action", "Events", "EventMask", "off", "ActionID", "other", NULL);
  response_to (c, "other");
  g_assert_null (find_from (c, 0, "ActionID", "ignored"));
  received = astrix_demo_pbx_get_received (f->pbx);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (received, received->len - 2), "ActionID"),
                   ==, "ignored");

  astrix_demo_pbx_set_ignored_action (f->pbx, "PING", FALSE);
  client_send (c, "Action", "Ping", "ActionID", "answered", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "answered"), "Ping"), ==, "Pong");
}

/* emit_event(): to every logged-in session whose read classes take the event's class. */
static void
test_emit_event (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Client) ro = logged_in (f, RO, RO_KEY, NULL);
  g_autoptr(Client) proxy = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(Client) admin = logged_in (f, ADMIN, ADMIN_KEY, NULL);
  g_autoptr(Client) anonymous = client_connect (f->port);
  g_autoptr(AmiMessage) call = ami_message_new ("Event", "OriginateResponse",
                                                "Privilege", "call,all",
                                                "ActionID", "someone-else", "Response", "Failure",
                                                "Channel", "PJSIP/2001", "Reason", "5", NULL);
  g_autoptr(AmiMessage) security = ami_message_new ("Event", "InvalidPassword",
                                                    "Privilege", "security,all", NULL);
  g_autoptr(AmiMessage) plain = ami_message_new ("Event", "UserEvent", "UserEvent", "x", NULL);

  astrix_demo_pbx_emit_event (f->pbx, security);
  astrix_demo_pbx_emit_event (f->pbx, call);
  astrix_demo_pbx_emit_event (f->pbx, plain);
  g_assert_cmpstr (ami_message_get (expect (ro, "Event", "OriginateResponse"), "ActionID"), ==,
                   "someone-else");
  expect (proxy, "Event", "OriginateResponse");
  expect (admin, "Event", "OriginateResponse");
  expect (ro, "Event", "UserEvent");
  expect (proxy, "Event", "UserEvent");
  g_assert_nonnull (find_from (admin, 0, "Event", "InvalidPassword"));
  g_assert_null (find_from (proxy, 0, "Event", "InvalidPassword"));
  g_assert_null (find_from (ro, 0, "Event", "InvalidPassword"));
  wait_ms (20);
  /* Not logged in: only the banner. */
  g_assert_cmpuint (anonymous->log->len, ==, 1);
}

static void
test_drop_sessions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) a = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(Client) b = client_connect (f->port);
  g_autoptr(Client) again = NULL;
  g_autofree char *agent = astrix_demo_pbx_add_call (f->pbx, "1001", NULL, NULL);
  g_auto(GStrv) channels = NULL;

  expect (b, "Banner", "Asterisk Call Manager/11.0.0");
  g_assert_cmpuint (astrix_demo_pbx_get_n_sessions (f->pbx), ==, 2);
  astrix_demo_pbx_drop_sessions (f->pbx);
  g_assert_cmpuint (astrix_demo_pbx_get_n_sessions (f->pbx), ==, 0);
  g_assert_true (iterate_until (is_eof, a, CLIENT_WAIT_MS));
  g_assert_true (iterate_until (is_eof, b, CLIENT_WAIT_MS));
  /* The calls go on, and the PBX still listens. */
  channels = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_true (g_strv_contains ((const char *const *) channels, agent));
  again = logged_in (f, PROXY, PROXY_KEY, "off");
}

/* restart(): sessions dropped, every channel replaced by new ones, the same port. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(Client) again = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  AmiMessage *complete;

  for (guint i = 0; i < 3; i++)
    g_free (astrix_demo_pbx_add_call (f->pbx, NULL, NULL, NULL));
  before = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_cmpuint (g_strv_length (before), ==, 6);

  astrix_demo_pbx_restart (f->pbx, 2);
  g_assert_true (iterate_until (is_eof, c, CLIENT_WAIT_MS));
  g_assert_cmpuint (astrix_demo_pbx_get_port (f->pbx), ==, f->port);
  after = astrix_demo_pbx_dup_channels (f->pbx);
  g_assert_cmpuint (g_strv_length (after), ==, 4);
  for (guint i = 0; after[i] != NULL; i++)
    g_assert_false (g_strv_contains ((const char *const *) before, after[i]));

  again = logged_in (f, PROXY, PROXY_KEY, "off");
  client_send (again, "Action", "CoreShowChannels", "ActionID", "csc", NULL);
  complete = expect (again, "Event", "CoreShowChannelsComplete");
  g_assert_cmpstr (ami_message_get (complete, "ListItems"), ==, "4");
  for (guint i = 0; after[i] != NULL; i++)
    g_assert_nonnull (find_from (again, 0, "Channel", after[i]));
}

/* The transcript: every action as AMI text, secrets masked. */
static void
test_transcript (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("astrix-demo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "transcript.txt", NULL);
  g_autoptr(Client) c = client_connect (f->port);
  g_autoptr(Client) md5 = client_connect (f->port);
  g_autofree char *text = NULL;

  astrix_demo_pbx_set_transcript (f->pbx, path);
  login (c, PROXY, PROXY_KEY, "off");
  client_send (md5, "Action", "Challenge", "AuthType", "MD5", "ActionID", "ch", NULL);
  response_to (md5, "ch");
  client_send (md5, "Action", "Login", "AuthType", "MD5", "Username", PROXY,
               "Key", "0123456789abcdef0123456789abcdef", "ActionID", "k", NULL);
  response_to (md5, "k");
  client_send (c, "Action", "Ping", "ActionID", "p", NULL);
  response_to (c, "p");
  astrix_demo_pbx_set_transcript (f->pbx, NULL);
  client_send (c, "Action", "Ping", "ActionID", "not-in-it", NULL);
  response_to (c, "not-in-it");

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text,
                            "Action: Login\r\nUsername: astrix_proxy\r\nSecret: ********\r\n"));
  g_assert_nonnull (strstr (text, "Key: ********\r\n"));
  g_assert_nonnull (strstr (text, "Action: Ping\r\nActionID: p\r\n\r\n"));
  g_assert_null (strstr (text, PROXY_KEY));
  g_assert_null (strstr (text, "0123456789abcdef"));
  g_assert_null (strstr (text, "not-in-it"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_received (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  GPtrArray *received;

  client_send (c, "Action", "Ping", "ActionID", "one", NULL);
  client_send (c, "Action", "FooBar", "ActionID", "two", NULL);
  response_to (c, "two");
  received = astrix_demo_pbx_get_received (f->pbx);
  g_assert_cmpuint (received->len, ==, 3);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (received, 0), "Secret"), ==, PROXY_KEY);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (received, 1), "ActionID"), ==, "one");
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (received, 2), "Action"), ==, "FooBar");
}

static gboolean
one_session (gpointer data)
{
  return astrix_demo_pbx_get_n_sessions (data) == 1;
}

/* A client that stops reading is dropped; its queue does not grow without bound. */
static void
test_slow_reader (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(Client) reader = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(AmiMessage) event = NULL;

  g_string_set_size (big, 60000);
  memset (big->str, 'x', big->len);
  event = ami_message_new ("Event", "UserEvent", "Privilege", "call,all", "Data", big->str, NULL);
  c->paused = TRUE;
  wait_ms (20);
  /* Far more than socket buffers hold. */
  for (guint i = 0; i < 200 && astrix_demo_pbx_get_n_sessions (f->pbx) == 2; i++)
    {
      astrix_demo_pbx_emit_event (f->pbx, event);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (iterate_until (one_session, f->pbx, 2500));
  /* The other session lives on. */
  client_send (reader, "Action", "Ping", "ActionID", "alive", NULL);
  g_assert_cmpstr (ami_message_get (response_to (reader, "alive"), "Ping"), ==, "Pong");
}

static gboolean
all_pongs (gpointer data)
{
  return count_from (data, 0, "Ping", "Pong") == 2000;
}

/* A held session stops reading after a while instead of queueing without end; released, it
 * answers everything. */
static void
test_held_input_bounded (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  g_autoptr(GString) flood = g_string_new (NULL);
  guint before = astrix_demo_pbx_get_received (f->pbx)->len;

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_STALL);
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (flood, "Action: Ping\r\nActionID: flood-%u\r\n\r\n", i);
  client_send_raw (c, flood->str, flood->len);
  wait_ms (200);
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len - before, <, 2000);
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len - before, >=, 256);
  g_assert_null (find_from (c, 0, "Ping", "Pong"));

  astrix_demo_pbx_inject_fault (f->pbx, ASTRIX_DEMO_FAULT_NONE);
  g_assert_true (iterate_until (all_pongs, c, CLIENT_WAIT_MS));
  g_assert_cmpuint (astrix_demo_pbx_get_received (f->pbx)->len - before, ==, 2000);
  g_assert_cmpstr (ami_message_get (g_ptr_array_index (c->log, c->log->len - 1), "ActionID"), ==,
                   "flood-1999");
}

static gboolean
n_calls_at_least (gpointer data)
{
  Fixture *f = data;
  g_auto(GStrv) channels = astrix_demo_pbx_dup_channels (f->pbx);

  return g_strv_length (channels) >= 4;
}

/* The random traffic: customers call in, agents answer, calls end. */
static void
test_running (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, NULL);
  g_autoptr(GRegex) agent = g_regex_new ("^PJSIP/10[0-9][0-9]-[0-9a-f]{8}$", 0, 0, NULL);
  AmiMessage *m;
  gboolean running = TRUE;

  g_object_get (f->pbx, "running", &running, NULL);
  g_assert_false (running);
  astrix_demo_pbx_set_time_scale (f->pbx, 0.002);
  astrix_demo_pbx_set_running (f->pbx, TRUE);
  g_assert_true (iterate_until (n_calls_at_least, f, CLIENT_WAIT_MS));
  m = expect (c, "Event", "BridgeEnter");
  g_assert_true (g_regex_match (agent, ami_message_get (m, "Channel"), 0, NULL));
  /* Calls end by themselves (20 s to 3 min, simulated). */
  expect (c, "Event", "BridgeDestroy");
  astrix_demo_pbx_set_running (f->pbx, FALSE);
}

/* TLS */

static GTlsCertificate *
test_certificate (const char *name)
{
  g_autofree char *cert = g_strdup_printf ("%s/tls/%s.pem", TEST_DATA_DIR, name);
  g_autofree char *key = g_strdup_printf ("%s/tls/%s.key", TEST_DATA_DIR, name);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert, key, &error);

  g_assert_no_error (error);
  return certificate;
}

typedef struct
{
  gboolean             done;
  GError              *error;
  GTlsCertificateFlags flags;
} Handshake;

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       Handshake            *h)
{
  h->flags = errors;
  return FALSE;
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Handshake *h = data;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &h->error);
  h->done = TRUE;
}

static gboolean
handshake_done (gpointer data)
{
  return ((Handshake *) data)->done;
}

/* A TLS client that trusts only the test CA and expects "localhost". */
static GIOStream *
tls_connect (Fixture   *f,
             Handshake *h)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", f->port);
  g_autofree char *ca = g_strdup_printf ("%s/tls/ca.pem", TEST_DATA_DIR);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  g_socket_client_set_enable_proxy (socket_client, FALSE);
  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), h);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    handshake_cb, h);
  g_assert_true (iterate_until (handshake_done, h, CLIENT_WAIT_MS));
  return tls;
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(Client) plain = NULL;
  g_autoptr(Client) c = NULL;
  Handshake h = { 0 };
  GIOStream *tls;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking)");
      return;
    }
  certificate = test_certificate ("server");
  astrix_demo_pbx_set_tls_certificate (f->pbx, certificate);

  tls = tls_connect (f, &h);
  g_assert_no_error (h.error);
  c = client_new_for_stream (tls);
  g_assert_cmpstr (ami_message_get_banner (expect (c, "Banner", "Asterisk Call Manager/11.0.0")),
                   ==, "Asterisk Call Manager/11.0.0");
  login (c, PROXY, PROXY_KEY, "off");
  client_send (c, "Action", "Ping", "ActionID", "tls-ping", NULL);
  g_assert_cmpstr (ami_message_get (response_to (c, "tls-ping"), "Ping"), ==, "Pong");

  /* A client that does not speak TLS gets no banner in the clear. */
  plain = client_connect (f->port);
  client_send (plain, "Action", "Ping", NULL);
  wait_ms (100);
  g_assert_false (has_bytes (plain, "Asterisk Call Manager"));
}

/* The client side of the test certificates: a self-signed one and another host's fail. */
static void
test_tls_untrusted (Fixture       *f,
                    gconstpointer  data)
{
  const struct
  {
    const char           *name;
    GTlsCertificateFlags  flags;
  } cases[] = {
    { "selfsigned", G_TLS_CERTIFICATE_UNKNOWN_CA },
    { "otherhost", G_TLS_CERTIFICATE_BAD_IDENTITY },
  };

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GTlsCertificate) certificate = test_certificate (cases[i].name);
      Handshake h = { 0 };
      g_autoptr(GIOStream) tls = NULL;

      astrix_demo_pbx_set_tls_certificate (f->pbx, certificate);
      tls = tls_connect (f, &h);
      g_assert_error (h.error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
      g_assert_cmpint (h.flags & cases[i].flags, ==, cases[i].flags);
      g_clear_error (&h.error);
      g_io_stream_close (tls, NULL, NULL);
    }
  wait_ms (50);
}

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  guint notified = 0;
  guint port = 0;
  double scale = 0;

  g_signal_connect (f->pbx, "notify::n-sessions", G_CALLBACK (notify_count), &notified);
  {
    g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  }
  g_assert_true (iterate_until (no_sessions, f->pbx, CLIENT_WAIT_MS));
  g_assert_cmpuint (notified, ==, 2);
  g_signal_handlers_disconnect_by_func (f->pbx, notify_count, &notified);
  g_object_get (f->pbx, "port", &port, "time-scale", &scale, NULL);
  g_assert_cmpuint (port, ==, f->port);
  g_assert_cmpfloat (scale, ==, SCALE);

  /* Stopped, then started again on the same port. */
  astrix_demo_pbx_stop (f->pbx);
  g_assert_cmpuint (astrix_demo_pbx_get_port (f->pbx), ==, 0);
  g_assert_true (astrix_demo_pbx_start (f->pbx, f->port, NULL));
  g_assert_cmpuint (astrix_demo_pbx_get_port (f->pbx), ==, f->port);
  {
    g_autoptr(Client) c = logged_in (f, PROXY, PROXY_KEY, "off");
  }
}

static void
add_tests (void)
{
#define ADD(path, func) \
  g_test_add ("/demo-pbx" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/login/banner", test_banner_and_login);
  ADD ("/login/events-off", test_login_events_off);
  ADD ("/login/md5", test_login_md5);
  ADD ("/login/md5-wrong-key", test_login_md5_wrong_key);
  ADD ("/login/failures", test_login_failures);
  ADD ("/login/action-before-login", test_action_before_login);
  ADD ("/login/auth-timeout", test_auth_timeout);
  ADD ("/ping", test_ping);
  ADD ("/events/mask", test_events_mask);
  ADD ("/events/read-classes", test_read_classes);
  ADD ("/events/login-classes", test_login_events_classes);
  ADD ("/events/mask-and-read-classes", test_mask_and_read_classes);
  ADD ("/events/bytes-sent", test_bytes_sent);
  ADD ("/calls/core-show-channels", test_core_show_channels);
  ADD ("/calls/events", test_call_events);
  ADD ("/calls/caller-name-escaping", test_caller_name_escaping);
  ADD ("/calls/hangup", test_hangup_call);
  ADD ("/originate/chanspy", test_originate_chanspy);
  ADD ("/originate/reasons", test_originate_reasons);
  ADD ("/originate/response-everywhere", test_originate_response_everywhere);
  ADD ("/originate/sync", test_originate_sync);
  ADD ("/originate/errors", test_originate_errors);
  ADD ("/originate/context", test_originate_context);
  ADD ("/chanspy/not-quiet", test_chanspy_not_quiet);
  ADD ("/chanspy/no-target", test_chanspy_no_target);
  ADD ("/chanspy/targets", test_chanspy_targets);
  ADD ("/chanspy/groups", test_chanspy_groups);
  ADD ("/chanspy/spied-call-ends", test_chanspy_spied_call_ends);
  ADD ("/chanspy/playdtmf-modes", test_playdtmf_modes);
  ADD ("/chanspy/modes-without-d", test_spy_modes_without_d);
  ADD ("/playback/control", test_control_playback);
  ADD ("/playback/pause-ends-playback", test_playback_pause_ends);
  ADD ("/playback/missing-file", test_playback_missing_file);
  ADD ("/hangup", test_hangup_action);
  ADD ("/command", test_command);
  ADD ("/list-commands", test_list_commands);
  ADD ("/show-dialplan", test_show_dialplan);
  ADD ("/modules/module-check", test_module_check);
  ADD ("/modules/unloaded-application", test_module_unloaded_application);
  ADD ("/script/context-absent", test_context_absent);
  ADD ("/getvar", test_getvar);
  ADD ("/command/manager-show-user", test_manager_show_user);
  ADD ("/errors/unknown-and-missing", test_unknown_and_missing);
  ADD ("/errors/too-many-lines", test_too_many_lines);
  ADD ("/errors/line-too-long", test_line_too_long);
  ADD ("/errors/hostile-input", test_hostile_input);
  ADD ("/logoff", test_logoff);
  ADD ("/fault/close-mid-message", test_fault_close_mid_message);
  ADD ("/fault/garbage", test_fault_garbage);
  ADD ("/fault/endless-line", test_fault_endless_line);
  ADD ("/fault/stall", test_fault_stall);
  ADD ("/script/ignored-action", test_ignored_action);
  ADD ("/script/emit-event", test_emit_event);
  ADD ("/script/drop-sessions", test_drop_sessions);
  ADD ("/script/restart", test_restart);
  ADD ("/script/transcript", test_transcript);
  ADD ("/script/received", test_received);
  ADD ("/robustness/slow-reader", test_slow_reader);
  ADD ("/robustness/held-input-bounded", test_held_input_bounded);
  ADD ("/calls/running", test_running);
  ADD ("/tls/login", test_tls);
  ADD ("/tls/untrusted", test_tls_untrusted);
  ADD ("/properties", test_properties);
#undef ADD
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  add_tests ();
  return g_test_run ();
}

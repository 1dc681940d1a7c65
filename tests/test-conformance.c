/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdlib.h>
#include <string.h>

#include "ami-test-client.h"
#include "astrix-demo-pbx.h"
#include "capture.h"
#include "wait.h"

/*
 * The simulated PBX against the real Asterisk 22 captures: for every type of event and of
 * response (keyed by the action it answers) that both produce, the simulator's header keys come
 * in the same order as one of Asterisk's for that type, and an event's Privilege is one
 * Asterisk gave it. Both sides are classified by the same code: a connection's server bytes,
 * with responses matched to the client's actions by ActionID.
 */

#define SCALE   0.01
/* Fewer types compared than this means the test did not really run. */
#define MIN_COMPARED 50

typedef struct
{
  GHashTable *sequences;   /* type -> set of key sequences */
  GHashTable *privileges;  /* type -> set of Privilege values ("" for none) */
} Catalogue;

static Catalogue *
catalogue_new (void)
{
  Catalogue *c = g_new0 (Catalogue, 1);

  c->sequences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  c->privileges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  return c;
}

static void
catalogue_free (Catalogue *c)
{
  g_hash_table_unref (c->sequences);
  g_hash_table_unref (c->privileges);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Catalogue, catalogue_free)

static void
add_to_set (GHashTable *table,
            const char *type,
            const char *value)
{
  GHashTable *set = g_hash_table_lookup (table, type);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (table, g_strdup (type), set);
    }
  g_hash_table_add (set, g_strdup (value));
}

/* The keys in order; a run of the same key (Output, Variable) counts once. */
static char *
key_sequence (AmiMessage *m)
{
  GString *keys = g_string_new (NULL);
  const char *last = NULL;

  for (guint i = 0; i < ami_message_get_n_fields (m); i++)
    {
      const char *key = ami_message_get_key (m, i);

      if (last != NULL && g_ascii_strcasecmp (key, last) == 0)
        continue;
      g_string_append_printf (keys, "%s%s", keys->len ? " " : "", key);
      last = key;
    }
  return g_string_free (keys, FALSE);
}

static void
collect (AmiMessage *message,
         gpointer    data)
{
  g_ptr_array_add (data, ami_message_ref (message));
}

static GPtrArray *
parse (const guint8 *bytes,
       gsize         len,
       gboolean      banner)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  g_autoptr(AmiParser) parser = ami_parser_new (collect, NULL, messages);

  ami_parser_reset (parser, banner);
  ami_parser_feed (parser, (const char *) bytes, len);
  return messages;
}

/* "Response:<status>:<action>" for a response to one of @actions, or NULL. */
static char *
response_type (AmiMessage *response,
               GPtrArray  *actions,
               gboolean   *used)
{
  const char *id = ami_message_get (response, "ActionID");

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < actions->len; i++)
    {
      AmiMessage *action = g_ptr_array_index (actions, i);
      const char *name = ami_message_get (action, "Action");
      g_autofree char *lower = NULL;

      if (used[i] || g_strcmp0 (ami_message_get (action, "ActionID"), id) != 0)
        continue;
      used[i] = TRUE;
      lower = g_ascii_strdown (name != NULL ? name : "(none)", -1);
      return g_strdup_printf ("Response:%s:%s", ami_message_get_name (response), lower);
    }
  return NULL;
}

static void
add_connection (Catalogue    *catalogue,
                const guint8 *server,
                gsize         server_len,
                const guint8 *client,
                gsize         client_len)
{
  g_autoptr(GPtrArray) messages = parse (server, server_len, TRUE);
  g_autoptr(GPtrArray) actions = parse (client, client_len, FALSE);
  g_autofree gboolean *used = g_new0 (gboolean, actions->len + 1);

  for (guint i = 0; i < messages->len; i++)
    {
      AmiMessage *m = g_ptr_array_index (messages, i);
      g_autofree char *type = NULL;
      g_autofree char *keys = NULL;
      const char *privilege;

      if (ami_message_get_kind (m) == AMI_MESSAGE_EVENT)
        type = g_strdup_printf ("Event:%s", ami_message_get_name (m));
      else if (ami_message_get_kind (m) == AMI_MESSAGE_RESPONSE)
        type = response_type (m, actions, used);
      if (type == NULL)
        continue;
      keys = key_sequence (m);
      add_to_set (catalogue->sequences, type, keys);
      privilege = ami_message_get (m, "Privilege");
      add_to_set (catalogue->privileges, type, privilege != NULL ? privilege : "");
    }
}

static Catalogue *
load_captures (void)
{
  Catalogue *catalogue = catalogue_new ();
  g_autoptr(GPtrArray) names = capture_list_names ();

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = capture_path (g_ptr_array_index (names, i));
      g_autoptr(GError) error = NULL;
      g_autoptr(Capture) capture = capture_load (path, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < capture->connections->len; j++)
        {
          CaptureConnection *conn = g_ptr_array_index (capture->connections, j);

          add_connection (catalogue, conn->server->data, conn->server->len, conn->client->data,
                          conn->client->len);
        }
    }
  return catalogue;
}

/* A client of the simulator that keeps every byte both ways */

static Client *
logged_in (AstrixDemoPbx *pbx,
           const char    *user,
           const char    *secret)
{
  Client *c = client_connect (astrix_demo_pbx_get_port (pbx));

  client_send (c, "Action", "Login", "Username", user, "Secret", secret, "ActionID", "login",
               NULL);
  g_assert_cmpstr (ami_message_get (expect (c, "ActionID", "login"), "Response"), ==,
                   "Success");
  return c;
}

/* The scenario: every kind of message the simulator sends */

static void
logins (AstrixDemoPbx *pbx,
        GPtrArray     *clients)
{
  Client *bad = client_connect (astrix_demo_pbx_get_port (pbx));
  Client *md5 = client_connect (astrix_demo_pbx_get_port (pbx));
  Client *ro = logged_in (pbx, "astrix_ro", "ReadOnly456!");
  AmiMessage *challenge;
  g_autofree char *salted = NULL;
  g_autofree char *key = NULL;

  g_ptr_array_add (clients, bad);
  g_ptr_array_add (clients, md5);
  g_ptr_array_add (clients, ro);
  client_send (bad, "Action", "Ping", "ActionID", "pre-auth-ping", NULL);
  expect (bad, "ActionID", "pre-auth-ping");
  client_send (bad, "Action", "Login", "Username", "astrix_proxy", "Secret", "wrong",
               "ActionID", "bad-1", NULL);
  expect (bad, "ActionID", "bad-1");

  client_send (md5, "Action", "Challenge", "ActionID", "ch-0", NULL);
  client_send (md5, "Action", "Challenge", "AuthType", "MD5", "ActionID", "ch-1", NULL);
  challenge = expect (md5, "ActionID", "ch-1");
  salted = g_strconcat (ami_message_get (challenge, "Challenge"), "SecurePassword123!", NULL);
  key = g_compute_checksum_for_string (G_CHECKSUM_MD5, salted, -1);
  client_send (md5, "Action", "Login", "AuthType", "MD5", "Username", "astrix_proxy", "Key", key,
               "ActionID", "md5", NULL);
  expect (md5, "ActionID", "md5");
  client_send (md5, "Action", "Logoff", "ActionID", "bye", NULL);
  expect (md5, "ActionID", "bye");

  client_send (ro, "Action", "Originate", "Channel", "PJSIP/2000", "Application", "ChanSpy",
               "Data", "PJSIP/1001,bq", "Async", "true", "ActionID", "ro-orig", NULL);
  client_send (ro, "Action", "CoreShowChannels", "ActionID", "ro-csc", NULL);
  client_send (ro, "Action", "Command", "Command", "core show version", "ActionID", "ro-cmd",
               NULL);
  client_send (ro, "Action", "ListCommands", "ActionID", "ro-lc", NULL);
  expect (ro, "ActionID", "ro-lc");
}

static void
simple_actions (AstrixDemoPbx *pbx,
                Client        *c)
{
  g_autofree char *agent = astrix_demo_pbx_add_call (pbx, "1007", "+15550007", "\"Big\" Tony");

  client_send (c, "Action", "Ping", "ActionID", "ping", NULL);
  client_send (c, "Action", "Events", "EventMask", "off", "ActionID", "ev-off", NULL);
  client_send (c, "Action", "Events", "ActionID", "ev-missing", NULL);
  client_send (c, "Action", "Events", "EventMask", "call,agent,dialplan", "ActionID", "ev-dp",
               NULL);
  client_send (c, "Action", "Events", "EventMask", "on", "ActionID", "ev-on", NULL);
  client_send (c, "Action", "Challenge", "AuthType", "MD5", "ActionID", "ch", NULL);
  client_send (c, "Action", "ShowDialPlan", "Context", "spy-context", "ActionID", "sdp", NULL);
  client_send (c, "Action", "ShowDialPlan", "Context", "nowhere", "ActionID", "sdp-no", NULL);
  client_send (c, "Action", "Command", "Command", "core show channels", "ActionID", "cmd", NULL);
  client_send (c, "Action", "Command", "Command", "no such cli command", "ActionID", "cmd-no",
               NULL);
  client_send (c, "Action", "CoreShowChannels", "ActionID", "csc", NULL);
  client_send (c, "Action", "CoreShowChannels", NULL);
  client_send (c, "Action", "FooBar", "ActionID", "unk", NULL);
  client_send (c, "ActionID", "noaction", "Channel", "x", NULL);
  client_send_raw (c, "\r\n", 2);
  expect (c, "ActionID", "noaction");
}

static void
framing_errors (Client *c)
{
  g_autoptr(GString) text = g_string_new ("Action: Ping\r\nActionID: toomany\r\n");

  for (guint i = 0; i < 127; i++)
    g_string_append_printf (text, "X-Pad%u: y\r\n", i);
  g_string_append (text, "\r\n");
  client_send_raw (c, text->str, text->len);
  g_string_assign (text, "Action: Ping\r\nActionID: long\r\nX-Long: ");
  for (guint i = 0; i < 1100; i++)
    g_string_append_c (text, 'v');
  g_string_append (text, "\r\n\r\n");
  client_send_raw (c, text->str, text->len);
  expect (c, "ActionID", "long");
}

static AmiMessage *
originate (Client     *c,
           const char *id,
           const char *first_key,
           ...)
{
  g_autoptr(GString) text = g_string_new ("Action: Originate\r\n");
  va_list args;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    g_string_append_printf (text, "%s: %s\r\n", key, va_arg (args, const char *));
  va_end (args);
  g_string_append_printf (text, "ActionID: %s\r\n\r\n", id);
  client_send_raw (c, text->str, text->len);
  return expect (c, "ActionID", id);
}

static char *
originate_answered (Client     *c,
                    const char *id,
                    const char *application,
                    const char *data)
{
  AmiMessage *m;

  originate (c, id, "Channel", "PJSIP/2000", "Application", application, "Data", data,
             "Async", "true", "CallerID", "\"Supervisor\" <2000>", NULL);
  m = expect (c, "ActionID", id);
  g_assert_cmpstr (ami_message_get (m, "Event"), ==, "OriginateResponse");
  return g_strdup (ami_message_get (m, "Channel"));
}

static void
originate_outcomes (AstrixDemoPbx *pbx,
                    Client        *c)
{
  const char *endpoints[] = { "PJSIP/2486", "PJSIP/2999", "PJSIP/2503", "PJSIP/2404", "SIP/1000" };

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      originate (c, endpoints[i], "Channel", endpoints[i], "Application", "Wait", "Data", "1",
                 "Async", "true", "Timeout", "4000", NULL);
      expect (c, "ActionID", endpoints[i]);
    }
  originate (c, "sync-ok", "Channel", "PJSIP/2000", "Application", "Wait", "Data", "1", NULL);
  originate (c, "sync-busy", "Channel", "PJSIP/2486", "Application", "Wait", "Data", "1", NULL);
  originate (c, "no-channel", "Application", "Wait", NULL);
  originate (c, "bad-channel", "Channel", "garbage", "Application", "Wait", NULL);
  originate (c, "bad-timeout", "Channel", "PJSIP/2000", "Application", "Wait", "Timeout", "abc",
             NULL);
  originate (c, "no-exten", "Channel", "PJSIP/2000", "Context", "no-such-context", "Exten", "s",
             "Priority", "1", "Async", "true", NULL);
  originate (c, "bad-app", "Channel", "PJSIP/2000", "Application", "NoSuchApp", "Data", "x",
             "Async", "true", NULL);
  expect (c, "ActionID", "bad-app");
}

static void
spying (AstrixDemoPbx *pbx,
        Client        *c)
{
  g_autofree char *agent = astrix_demo_pbx_add_call (pbx, "1001", "5550101", "Zoë O'Brien");
  g_autofree char *data = g_strdup_printf ("%s,bqdu", agent);
  g_autofree char *target = g_strdup_printf ("SPYTARGET=%s", agent);
  g_autofree char *spyer = originate_answered (c, "spy", "ChanSpy", data);

  expect (c, "Event", "ChanSpyStart");
  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "Digit", "5", "ActionID", "dtmf-0",
               NULL);
  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "Digit", "5", "Receive", "true",
               "ActionID", "dtmf-1", NULL);
  client_send (c, "Action", "PlayDTMF", "Channel", spyer, "ActionID", "dtmf-nodigit", NULL);
  client_send (c, "Action", "PlayDTMF", "Channel", "PJSIP/none-0", "Digit", "5",
               "ActionID", "dtmf-nochan", NULL);
  client_send (c, "Action", "Hangup", "Channel", spyer, "Cause", "16", "ActionID", "hup", NULL);
  expect (c, "Event", "ChanSpyStop");

  originate (c, "ctx", "Channel", "PJSIP/2001", "Context", "spy-context", "Exten", "s",
             "Priority", "1", "Async", "true", "Variable", target, NULL);
  expect (c, "Event", "ChanSpyStart");
  astrix_demo_pbx_hangup (pbx, agent);
  expect (c, "Event", "ChanSpyStop");
}

static void
playing (AstrixDemoPbx *pbx,
         Client        *c)
{
  g_autofree char *control = originate_answered (c, "cp", "ControlPlayback",
                                                 "/var/spool/asterisk/monitor/1795666433.57,3000");
  g_autofree char *plain = originate_answered (c, "pb", "Playback",
                                               "/var/spool/asterisk/monitor/1795666433.57");

  client_send (c, "Action", "ControlPlayback", "Channel", control, "Control", "pause",
               "ActionID", "cp-pause", NULL);
  client_send (c, "Action", "ControlPlayback", "Channel", control, "Control", "jump",
               "ActionID", "cp-jump", NULL);
  client_send (c, "Action", "ControlPlayback", "Channel", control, "ActionID", "cp-nocontrol",
               NULL);
  client_send (c, "Action", "ControlPlayback", "Control", "stop", "ActionID", "cp-nochannel", NULL);
  client_send (c, "Action", "ControlPlayback", "Channel", "PJSIP/2000-deadbeef",
               "Control", "stop", "ActionID", "cp-gone", NULL);
  client_send (c, "Action", "ControlPlayback", "Channel", control, "Control", "stop",
               "ActionID", "cp-stop", NULL);
  expect (c, "Variable", "CPLAYBACKOFFSET");
  client_send (c, "Action", "ControlPlayback", "Channel", plain, "Control", "pause",
               "ActionID", "pb-pause", NULL);
  expect (c, "Variable", "PLAYBACKSTATUS");

  originate (c, "ctx-pb", "Channel", "PJSIP/2002", "Context", "playback-context", "Exten", "s",
             "Priority", "1", "Async", "true",
             "Variable", "RECFILE=/var/spool/asterisk/monitor/does-not-exist", NULL);
  expect (c, "AppData", "PLAYBACKSTATUS=FAILED");
}

static void
hanging_up (AstrixDemoPbx *pbx,
            Client        *c)
{
  g_autofree char *one = astrix_demo_pbx_add_call (pbx, "1002", NULL, NULL);
  g_autofree char *two = astrix_demo_pbx_add_call (pbx, "1003", NULL, NULL);

  client_send (c, "Action", "Hangup", "Channel", one, "Cause", "21", "ActionID", "h-21", NULL);
  client_send (c, "Action", "Hangup", "Channel", "/^PJSIP\\/1003-.*$/", "ActionID", "h-regex",
               NULL);
  client_send (c, "Action", "Hangup", "ActionID", "h-none", NULL);
  client_send (c, "Action", "Hangup", "Channel", "PJSIP/none-0", "ActionID", "h-nosuch", NULL);
  expect (c, "ActionID", "h-nosuch");
  wait_ms (50);
}

/* app_queue's actions as captures 26, 30, 31 and 33 made them, answers and errors. */
static void
queue_actions (AstrixDemoPbx *pbx,
               Client        *c,
               Client        *proxy)
{
  static const char *const requests[][9] = {
    { "QueueStatus", "ActionID", "qs-all" },
    { "QueueStatus", "Queue", "sales", "ActionID", "qs-sales" },
    { "QueueStatus", "Queue", "support", "ActionID", "qs-support" },
    { "QueueStatus", "Member", "Bruno Costa", "ActionID", "qs-name" },
    { "QueueStatus", "Member", "PJSIP/1003", "ActionID", "qs-if" },
    { "QueueStatus", "Queue", "nosuchqueue", "ActionID", "qs-none" },
    { "QueueSummary", "ActionID", "qsum" },
    { "QueueSummary", "Queue", "nosuchqueue", "ActionID", "qsum-none" },
    { "QueuePause", "Interface", "PJSIP/1002", "Paused", "true", "Reason", "lunch",
      "ActionID", "p-all" },
    { "QueuePause", "Interface", "PJSIP/1002", "Queue", "support", "Paused", "false",
      "ActionID", "u-support" },
    { "QueuePause", "Interface", "PJSIP/1999", "Paused", "true", "ActionID", "p-unknown" },
    { "QueuePause", "Interface", "PJSIP/1001", "ActionID", "p-nopaused" },
    { "QueueAdd", "Queue", "support", "Interface", "PJSIP/1012", "Penalty", "2",
      "ActionID", "add" },
    { "QueueAdd", "Queue", "support", "Interface", "PJSIP/1012", "ActionID", "add-again" },
    { "QueueAdd", "Queue", "nosuchqueue", "Interface", "PJSIP/1012", "ActionID", "add-noq" },
    { "QueueAdd", "Queue", "support", "ActionID", "add-noif" },
    { "QueueAdd", "Interface", "PJSIP/1012", "ActionID", "add-noqueue" },
    { "QueuePenalty", "Interface", "PJSIP/1012", "Penalty", "3", "ActionID", "pen" },
    { "QueuePenalty", "Interface", "PJSIP/1999", "Penalty", "1", "ActionID", "pen-unknown" },
    { "QueuePenalty", "Interface", "PJSIP/1012", "ActionID", "pen-missing" },
    { "QueueRemove", "Queue", "support", "Interface", "PJSIP/1012", "ActionID", "rm" },
    { "QueueRemove", "Queue", "support", "Interface", "PJSIP/1012", "ActionID", "rm-again" },
    { "QueueRemove", "Queue", "support", "Interface", "PJSIP/1001", "ActionID", "rm-static" },
    { "QueueRemove", "Queue", "nosuchqueue", "Interface", "PJSIP/1001", "ActionID", "rm-noq" },
    { "QueueRemove", "Interface", "PJSIP/1001", "ActionID", "rm-noqueue" },
  };

  /* Callers waiting in sales, for QueueEntry. */
  g_free (astrix_demo_pbx_add_queue_call (pbx, "sales", "+15550042", "Zoë O'Brien"));
  g_free (astrix_demo_pbx_add_queue_call (pbx, "sales", NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      const char *id = NULL;

      g_string_append_printf (text, "Action: %s\r\n", requests[i][0]);
      for (guint k = 1; k + 1 < G_N_ELEMENTS (requests[i]) && requests[i][k] != NULL; k += 2)
        {
          g_string_append_printf (text, "%s: %s\r\n", requests[i][k], requests[i][k + 1]);
          if (g_str_equal (requests[i][k], "ActionID"))
            id = requests[i][k + 1];
        }
      g_string_append (text, "\r\n");
      client_send_raw (c, text->str, text->len);
      expect (c, "ActionID", id);
    }
  /* The seed's user may read queues but not change them (33). */
  client_send (proxy, "Action", "QueuePause", "Interface", "PJSIP/1001", "Paused", "true",
               "ActionID", "proxy-pause", NULL);
  client_send (proxy, "Action", "QueueStatus", "Queue", "support", "ActionID", "proxy-qs", NULL);
  expect (proxy, "ActionID", "proxy-qs");
}

static void
traffic (AstrixDemoPbx *pbx)
{
  /* Random calls for some simulated minutes: they ring, are answered and end. Seeded, so
   * that the traffic holds every kind of queue event (a member who does not answer too). */
  astrix_demo_pbx_set_seed (pbx, 42);
  astrix_demo_pbx_set_time_scale (pbx, 0.002);
  astrix_demo_pbx_set_running (pbx, TRUE);
  wait_ms (2400);
  astrix_demo_pbx_set_running (pbx, FALSE);
  astrix_demo_pbx_restart (pbx, 0);
}

static Catalogue *
drive_simulator (void)
{
  g_autoptr(AstrixDemoPbx) pbx = astrix_demo_pbx_new ();
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  Catalogue *catalogue = catalogue_new ();
  Client *admin;
  Client *proxy;

  astrix_demo_pbx_set_time_scale (pbx, SCALE);
  g_assert_true (astrix_demo_pbx_start (pbx, 0, NULL));
  admin = logged_in (pbx, "astrix_admin", "AdminPass789!");
  proxy = logged_in (pbx, "astrix_proxy", "SecurePassword123!");
  g_ptr_array_add (clients, admin);
  g_ptr_array_add (clients, proxy);

  logins (pbx, clients);
  simple_actions (pbx, admin);
  framing_errors (admin);
  originate_outcomes (pbx, admin);
  spying (pbx, admin);
  playing (pbx, admin);
  hanging_up (pbx, admin);
  queue_actions (pbx, admin, proxy);
  /* ListCommands of users like the captures' (the admin's would list Command, which no
   * captured list has). */
  client_send (proxy, "Action", "ListCommands", "ActionID", "lc", NULL);
  client_send (proxy, "Action", "Logoff", "ActionID", "bye", NULL);
  expect (proxy, "ActionID", "bye");
  traffic (pbx);
  wait_ms (50);

  for (guint i = 0; i < clients->len; i++)
    {
      Client *c = g_ptr_array_index (clients, i);

      add_connection (catalogue, c->raw->data, c->raw->len, c->sent->data,
                      c->sent->len);
    }
  g_ptr_array_set_size (clients, 0);
  astrix_demo_pbx_stop (pbx);
  return catalogue;
}

/* ListCommands lists other actions than the lab's Asterisk has: its keys need only be in
 * Asterisk's order. app_queue's actions (Queue...) are left out of the comparison: app_queue
 * was not loaded when the ListCommands of capture 18 were recorded. */
static gboolean
is_subsequence (const char *keys,
                const char *of)
{
  g_auto(GStrv) mine = g_strsplit (keys, " ", -1);
  g_auto(GStrv) theirs = g_strsplit (of, " ", -1);
  guint j = 0;

  for (guint i = 0; mine[i] != NULL; i++)
    {
      if (g_str_has_prefix (mine[i], "Queue"))
        continue;
      while (theirs[j] != NULL && g_strcmp0 (theirs[j], mine[i]) != 0)
        j++;
      if (theirs[j] == NULL)
        return FALSE;
      j++;
    }
  return TRUE;
}

static gboolean
conforms (const char *type,
          const char *keys,
          GHashTable *theirs)
{
  GHashTableIter iter;
  gpointer variant;

  if (g_hash_table_contains (theirs, keys))
    return TRUE;
  if (!g_str_equal (type, "Response:Success:listcommands"))
    return FALSE;
  g_hash_table_iter_init (&iter, theirs);
  while (g_hash_table_iter_next (&iter, &variant, NULL))
    {
      if (is_subsequence (keys, variant))
        return TRUE;
    }
  return FALSE;
}

static guint
check_type (const char *type,
            Catalogue  *ours,
            Catalogue  *asterisk,
            GString    *report)
{
  GHashTable *theirs = g_hash_table_lookup (asterisk->sequences, type);
  GHashTable *our_privileges = g_hash_table_lookup (ours->privileges, type);
  GHashTable *their_privileges = g_hash_table_lookup (asterisk->privileges, type);
  GHashTableIter iter;
  gpointer value;
  guint failures = 0;

  g_hash_table_iter_init (&iter, g_hash_table_lookup (ours->sequences, type));
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      if (conforms (type, value, theirs))
        continue;
      g_string_append_printf (report, "%s: keys \"%s\" are not Asterisk's\n", type,
                              (char *) value);
      failures++;
    }
  g_hash_table_iter_init (&iter, our_privileges);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    {
      if (g_hash_table_contains (their_privileges, value))
        continue;
      g_string_append_printf (report, "%s: Privilege \"%s\" is not Asterisk's\n", type,
                              (char *) value);
      failures++;
    }
  return failures;
}

static const char *const queue_types[] = {
  "Event:QueueParams", "Event:QueueMember", "Event:QueueEntry", "Event:QueueStatusComplete",
  "Event:QueueSummary", "Event:QueueSummaryComplete",
  "Event:QueueCallerJoin", "Event:QueueCallerLeave", "Event:QueueCallerAbandon",
  "Event:AgentCalled", "Event:AgentConnect", "Event:AgentComplete", "Event:AgentRingNoAnswer",
  "Event:QueueMemberStatus", "Event:QueueMemberPause", "Event:QueueMemberAdded",
  "Event:QueueMemberRemoved", "Event:QueueMemberPenalty",
  "Response:Success:queuestatus", "Response:Success:queuesummary",
  "Response:Success:queuepause", "Response:Error:queuepause",
  "Response:Success:queueadd", "Response:Error:queueadd",
  "Response:Success:queueremove", "Response:Error:queueremove",
  "Response:Success:queuepenalty", "Response:Error:queuepenalty",
};

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
test_key_order (void)
{
  g_autoptr(Catalogue) asterisk = load_captures ();
  g_autoptr(Catalogue) ours = drive_simulator ();
  g_autoptr(GString) report = g_string_new (NULL);
  guint n_types = 0;
  g_autofree const char **types = (const char **) g_hash_table_get_keys_as_array (ours->sequences,
                                                                                  &n_types);
  guint compared = 0;
  guint failures = 0;

  qsort (types, n_types, sizeof *types, compare_strings);
  for (guint i = 0; i < n_types; i++)
    {
      const char *type = types[i];

      if (!g_hash_table_contains (asterisk->sequences, type))
        {
          g_test_message ("not in the captures, not compared: %s", type);
          continue;
        }
      compared++;
      g_test_message ("compared: %s", type);
      failures += check_type (type, ours, asterisk, report);
    }
  g_test_message ("%u of the simulator's %u message types compared with the captures' %u",
                  compared, n_types, g_hash_table_size (asterisk->sequences));
  if (failures > 0)
    g_test_message ("%s", report->str);
  g_assert_cmpuint (failures, ==, 0);
  g_assert_cmpuint (compared, >=, MIN_COMPARED);

  /* Every kind of message the simulated app_queue sends was held against Asterisk's. */
  for (guint i = 0; i < G_N_ELEMENTS (queue_types); i++)
    {
      g_test_message ("queue type: %s", queue_types[i]);
      g_assert_true (g_hash_table_contains (ours->sequences, queue_types[i]));
      g_assert_true (g_hash_table_contains (asterisk->sequences, queue_types[i]));
    }
}

/* The classification itself, on a capture known by heart (01). */
static void
test_capture_catalogue (void)
{
  g_autoptr(Catalogue) asterisk = load_captures ();
  GHashTable *login = g_hash_table_lookup (asterisk->sequences, "Response:Success:login");
  GHashTable *booted = g_hash_table_lookup (asterisk->sequences, "Event:FullyBooted");
  GHashTable *newexten = g_hash_table_lookup (asterisk->privileges, "Event:Newexten");

  g_assert_nonnull (login);
  g_assert_true (g_hash_table_contains (login, "Response ActionID Message"));
  g_assert_nonnull (booted);
  g_assert_true (g_hash_table_contains (booted, "Event Privilege Uptime LastReload Status"));
  g_assert_true (g_hash_table_contains (newexten, "dialplan,all"));
  g_assert_cmpuint (g_hash_table_size (asterisk->sequences), >, 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conformance/capture-catalogue", test_capture_catalogue);
  g_test_add_func ("/conformance/key-order", test_key_order);
  return g_test_run ();
}

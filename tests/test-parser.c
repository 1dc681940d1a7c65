/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami.h"
#include "ami-message-private.h"
#include "ami-parser-private.h"
#include "capture.h"

/* What each real capture holds: connections (banners) and messages from the server (the banner
 * counts as one). Counted from the files by the lines that end a message, not by the parser. */
static const struct
{
  const char *name;
  guint       connections;
  guint       messages;
} expected[] = {
  { "00-prep-recording.txt", 1, 4 },
  { "01-banner-login-success.txt", 1, 4 },
  { "02-login-failures.txt", 3, 7 },
  { "03-login-md5-challenge.txt", 2, 10 },
  { "04-ping.txt", 1, 5 },
  { "05-events-off-on.txt", 2, 143 },
  { "06-coreshowchannels.txt", 1, 31 },
  { "07-spy-listen-app-bq.txt", 1, 38 },
  { "07b-spy-listen-context-bq.txt", 1, 42 },
  { "08-spy-whisper-app-bqw.txt", 1, 38 },
  { "08b-spy-whisper-context-w.txt", 1, 46 },
  { "09-spy-barge-app-bqB.txt", 1, 44 },
  { "09b-spy-barge-context-B.txt", 1, 43 },
  { "09c-spy-no-target.txt", 1, 39 },
  { "09d-spy-exact-u-name.txt", 1, 36 },
  { "09e-spy-exact-u-uniqueid.txt", 1, 36 },
  { "10-originate-failures.txt", 1, 145 },
  { "11-playback-control.txt", 1, 170 },
  { "11b-controlplayback-offsets.txt", 1, 104 },
  { "12-mixmonitor-actions.txt", 1, 18 },
  { "13-playdtmf-spy-modes.txt", 1, 95 },
  { "14-restricted-user.txt", 1, 75 },
  { "15-errors-unknown-missing.txt", 1, 23 },
  { "16-garbage-long-line-no-crlf.txt", 1, 13 },
  { "17-command-action.txt", 2, 13 },
  { "18-listcommands.txt", 2, 8 },
  { "19-showdialplan.txt", 1, 20 },
  { "20-logoff.txt", 1, 3 },
  { "21-tls-login.txt", 1, 4 },
  { "22-passive-driver.txt", 1, 13 },
  { "22-passive-stream-all.txt", 1, 448 },
  { "22-passive-stream-proxy.txt", 1, 445 },
  { "23-hangup-variants.txt", 1, 141 },
  { "24-auth-timeout.txt", 1, 1 },
  { "25-audiosocket-spy-admin-mixmonitor.txt", 1, 7 },
  { "25-audiosocket-spy.txt", 1, 188 },
  { "25-audiosocket-stream-runs2-8.txt", 0, 0 },
  { "25-audiosocket-stream.txt", 0, 0 },
  { "26-queue-status-summary.txt", 1, 63 },
  { "27-queue-call-answered.txt", 1, 131 },
  { "28-queue-ring-no-answer.txt", 1, 146 },
  { "29-queue-caller-abandon.txt", 1, 78 },
  { "30-queue-pause-unpause.txt", 1, 52 },
  { "31-queue-add-remove-penalty.txt", 1, 76 },
  { "32-queue-member-status.txt", 1, 37 },
  { "33-queue-permissions.txt", 2, 192 },
  { "34-event-mask-dynamic.txt", 1, 230 },
  { "36-supervisor-hangup-redirect.txt", 1, 383 },
};

typedef struct
{
  GPtrArray *messages;
  GPtrArray *errors;
} Collected;

static void
collect_message (AmiMessage *message,
                 gpointer    data)
{
  Collected *c = data;

  g_ptr_array_add (c->messages, ami_message_ref (message));
}

static void
collect_error (const GError *error,
               gpointer      data)
{
  Collected *c = data;

  g_assert_true (g_error_matches (error, AMI_ERROR, AMI_ERROR_PROTOCOL));
  g_ptr_array_add (c->errors, g_strdup (error->message));
}

static void
collected_init (Collected *c)
{
  c->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_message_unref);
  c->errors = g_ptr_array_new_with_free_func (g_free);
}

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->messages, g_ptr_array_unref);
  g_clear_pointer (&c->errors, g_ptr_array_unref);
}

typedef enum
{
  CHUNK_WHOLE,
  CHUNK_ONE_BYTE,
  CHUNK_RANDOM,
  CHUNK_AS_RECEIVED,
} Chunking;

/* Parses @data split as @chunking says; returns how many bytes the parser still holds. */
static gsize
parse (const guint8 *data,
       gsize         length,
       Chunking      chunking,
       GArray       *received,
       GRand        *rand,
       gboolean      expect_banner,
       Collected    *out)
{
  g_autoptr(AmiParser) parser = ami_parser_new (collect_message, collect_error, out);
  gsize pos = 0;
  guint chunk_index = 0;

  ami_parser_reset (parser, expect_banner);
  while (pos < length)
    {
      gsize n;

      switch (chunking)
        {
        case CHUNK_WHOLE:
          n = length;
          break;
        case CHUNK_ONE_BYTE:
          n = 1;
          break;
        case CHUNK_RANDOM:
          n = g_rand_int_range (rand, 1, 700);
          break;
        case CHUNK_AS_RECEIVED:
        default:
          n = g_array_index (received, gsize, chunk_index++);
          break;
        }
      n = MIN (n, length - pos);
      ami_parser_feed (parser, (const char *) data + pos, n);
      pos += n;
    }
  return _ami_parser_get_buffered (parser);
}

static void
assert_same_messages (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      if (!_ami_message_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        {
          g_autofree char *sa = _ami_message_to_string (g_ptr_array_index (a, i));
          g_autofree char *sb = _ami_message_to_string (g_ptr_array_index (b, i));

          g_error ("message %u differs:\n%s\n---\n%s", i, sa, sb);
        }
    }
}

static void
test_captures_all_present (void)
{
  g_autoptr(GPtrArray) names = capture_list_names ();

  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < names->len; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected[i].name);
}

static void
test_capture (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autofree char *path = capture_path (expected[index].name);
  g_autoptr(GError) error = NULL;
  g_autoptr(Capture) capture = capture_load (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (index + 1);
  guint total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (capture->connections->len, ==, expected[index].connections);

  for (guint c = 0; c < capture->connections->len; c++)
    {
      CaptureConnection *conn = g_ptr_array_index (capture->connections, c);
      Collected whole, one, random, received;
      AmiMessage *banner;

      collected_init (&whole);
      collected_init (&one);
      collected_init (&random);
      collected_init (&received);

      g_assert_cmpuint (parse (conn->server->data, conn->server->len, CHUNK_WHOLE, NULL, rand,
                               TRUE, &whole), ==, 0);
      g_assert_cmpuint (parse (conn->server->data, conn->server->len, CHUNK_ONE_BYTE, NULL, rand,
                               TRUE, &one), ==, 0);
      g_assert_cmpuint (parse (conn->server->data, conn->server->len, CHUNK_RANDOM, NULL, rand,
                               TRUE, &random), ==, 0);
      g_assert_cmpuint (parse (conn->server->data, conn->server->len, CHUNK_AS_RECEIVED,
                               conn->server_chunks, rand, TRUE, &received), ==, 0);

      g_assert_cmpuint (whole.errors->len, ==, 0);
      g_assert_cmpuint (one.errors->len, ==, 0);
      g_assert_cmpuint (random.errors->len, ==, 0);
      g_assert_cmpuint (received.errors->len, ==, 0);
      assert_same_messages (whole.messages, one.messages);
      assert_same_messages (whole.messages, random.messages);
      assert_same_messages (whole.messages, received.messages);

      /* Every connection opens with the banner, and only there. */
      g_assert_cmpuint (whole.messages->len, >, 0);
      banner = g_ptr_array_index (whole.messages, 0);
      g_assert_cmpint (ami_message_get_kind (banner), ==, AMI_MESSAGE_BANNER);
      g_assert_cmpstr (ami_message_get_banner (banner), ==, "Asterisk Call Manager/11.0.0");
      for (guint m = 1; m < whole.messages->len; m++)
        {
          AmiMessageKind kind = ami_message_get_kind (g_ptr_array_index (whole.messages, m));

          g_assert_true (kind == AMI_MESSAGE_RESPONSE || kind == AMI_MESSAGE_EVENT);
        }

      /* Written back out, each message is exactly the bytes Asterisk sent. */
      {
        GString *again = g_string_new (NULL);

        for (guint m = 0; m < whole.messages->len; m++)
          ami_message_write (g_ptr_array_index (whole.messages, m), again);
        g_assert_cmpmem (again->str, again->len, conn->server->data, conn->server->len);
        g_string_free (again, TRUE);
      }

      total += whole.messages->len;
      collected_clear (&whole);
      collected_clear (&one);
      collected_clear (&random);
      collected_clear (&received);
    }

  g_assert_cmpuint (total, ==, expected[index].messages);
}

static void
parse_text (const char *text,
            gboolean    banner,
            Collected  *out)
{
  collected_init (out);
  parse ((const guint8 *) text, strlen (text), CHUNK_WHOLE, NULL, NULL, banner, out);
}

static AmiMessage *
nth (Collected *c,
     guint      i)
{
  g_assert_cmpuint (i, <, c->messages->len);
  return g_ptr_array_index (c->messages, i);
}

static void
test_repeated_keys (void)
{
  g_autofree char *path = capture_path ("17-command-action.txt");
  g_autoptr(Capture) capture = capture_load (path, NULL);
  CaptureConnection *conn = g_ptr_array_index (capture->connections, 0);
  Collected c;
  g_auto(GStrv) outputs = NULL;
  AmiMessage *m = NULL;

  collected_init (&c);
  parse (conn->server->data, conn->server->len, CHUNK_WHOLE, NULL, NULL, TRUE, &c);
  for (guint i = 0; i < c.messages->len; i++)
    {
      if (g_strcmp0 (ami_message_get_action_id (nth (&c, i)), "cmd-3") == 0)
        m = nth (&c, i);
    }
  g_assert_nonnull (m);
  outputs = ami_message_dup_values (m, "output");
  g_assert_cmpuint (g_strv_length (outputs), ==, 10);
  g_assert_cmpstr (outputs[0], ==, "[ Context 'spy-context' created by 'pbx_config' ]");
  /* An empty Output line is a value of its own, in its place. */
  g_assert_cmpstr (outputs[8], ==, "");
  g_assert_cmpstr (outputs[9], ==, "-= 2 extensions (7 priorities) in 1 context. =-");
  /* The first of repeated keys is what a lookup sees, as Asterisk does. */
  g_assert_cmpstr (ami_message_get (m, "Output"), ==, outputs[0]);
  collected_clear (&c);
}

static void
test_values_verbatim (void)
{
  Collected c;
  AmiMessage *m;
  gsize len;

  parse_text ("Event: UserEvent\r\n"
              "Data: a: b: c\r\n"
              "Spaces:   three before\r\n"
              "NoSpace:x\r\n"
              "Colon::\r\n"
              "Trailing: tail  \r\n"
              "Empty: \r\n"
              "Bare:\r\n"
              "\r\n",
              FALSE, &c);
  g_assert_cmpuint (c.messages->len, ==, 1);
  m = nth (&c, 0);
  g_assert_cmpint (ami_message_get_kind (m), ==, AMI_MESSAGE_EVENT);
  g_assert_cmpstr (ami_message_get_name (m), ==, "UserEvent");
  g_assert_cmpstr (ami_message_get (m, "Data"), ==, "a: b: c");
  g_assert_cmpstr (ami_message_get (m, "Spaces"), ==, "  three before");
  g_assert_cmpstr (ami_message_get (m, "NoSpace"), ==, "x");
  g_assert_cmpstr (ami_message_get (m, "Colon"), ==, ":");
  g_assert_cmpstr (ami_message_get (m, "Trailing"), ==, "tail  ");
  g_assert_cmpstr (ami_message_get (m, "Empty"), ==, "");
  /* An empty value as the last field is still a field. */
  g_assert_cmpstr (ami_message_get (m, "Bare"), ==, "");
  g_assert_cmpstr (ami_message_get_raw_value (m, 7, &len), ==, "");
  g_assert_cmpuint (len, ==, 0);
  g_assert_null (ami_message_get (m, "Missing"));
  collected_clear (&c);
}

static void
test_case_insensitive (void)
{
  Collected c;
  AmiMessage *m;

  parse_text ("response: Success\r\nACTIONID: x-1\r\nmessage: ok\r\n\r\n", FALSE, &c);
  m = nth (&c, 0);
  g_assert_cmpint (ami_message_get_kind (m), ==, AMI_MESSAGE_RESPONSE);
  g_assert_cmpstr (ami_message_get_action_id (m), ==, "x-1");
  g_assert_cmpstr (ami_message_get (m, "Message"), ==, "ok");
  g_assert_true (ami_message_is (m, "RESPONSE", "success"));
  /* Keys keep their spelling. */
  g_assert_cmpstr (ami_message_get_key (m, 1), ==, "ACTIONID");
  collected_clear (&c);
}

static void
test_bare_lf_and_stray_blank_lines (void)
{
  Collected c;

  parse_text ("Asterisk Call Manager/11.0.0\n"
              "Response: Success\nActionID: lf\nPing: Pong\n\n"
              "\r\n\n"
              "Event: FullyBooted\r\nStatus: Fully Booted\r\n\n",
              TRUE, &c);
  g_assert_cmpuint (c.errors->len, ==, 0);
  g_assert_cmpuint (c.messages->len, ==, 3);
  g_assert_cmpstr (ami_message_get_banner (nth (&c, 0)), ==, "Asterisk Call Manager/11.0.0");
  g_assert_cmpstr (ami_message_get (nth (&c, 1), "Ping"), ==, "Pong");
  g_assert_cmpstr (ami_message_get (nth (&c, 2), "Status"), ==, "Fully Booted");
  collected_clear (&c);
}

static void
test_no_banner_without_colonless_first_line (void)
{
  Collected c;

  /* A stream that starts with a message (the simulated PBX reading actions) has no banner. */
  parse_text ("Action: Ping\r\nActionID: 1\r\n\r\n", TRUE, &c);
  g_assert_cmpuint (c.messages->len, ==, 1);
  g_assert_cmpint (ami_message_get_kind (nth (&c, 0)), ==, AMI_MESSAGE_ACTION);
  collected_clear (&c);
}

static void
test_invalid_utf8 (void)
{
  Collected c;
  AmiMessage *m;
  static const char bytes[] = "Response: Success\r\nActionID: latin1-\xe9\xff\r\n"
                              "Name: J\xc3\xbcrgen\r\nNul: a\0b\r\n\r\n";
  const char *raw;
  gsize len;

  collected_init (&c);
  parse ((const guint8 *) bytes, sizeof bytes - 1, CHUNK_ONE_BYTE, NULL, NULL, FALSE, &c);
  m = nth (&c, 0);
  /* Invalid bytes stay visible, and the raw bytes stay reachable. */
  g_assert_cmpstr (ami_message_get_action_id (m), ==, "latin1-\\xE9\\xFF");
  g_assert_true (g_utf8_validate (ami_message_get_action_id (m), -1, NULL));
  raw = ami_message_get_raw_value (m, 1, &len);
  g_assert_cmpmem (raw, len, "latin1-\xe9\xff", 9);
  g_assert_cmpstr (ami_message_get (m, "Name"), ==, "Jürgen");
  g_assert_cmpstr (ami_message_get (m, "Nul"), ==, "a\\x00b");
  raw = ami_message_get_raw_value (m, 3, &len);
  g_assert_cmpmem (raw, len, "a\0b", 3);
  collected_clear (&c);
}

static void
test_follows (void)
{
  static const char text[] =
    "Asterisk Call Manager/1.3\r\n"
    "Response: Follows\r\n"
    "Privilege: Command\r\n"
    "ActionID: old-1\r\n"
    "Channel              Location             State   Application(Data)\n"
    "\n"
    "Key: looks like a header\n"
    "1 active channel\n"
    "--END COMMAND--\r\n"
    "\r\n"
    "Response: Follows\r\n"
    "Privilege: Command\r\n"
    "ActionID: old-2\r\n"
    "no newline before the end--END COMMAND--\r\n"
    "\r\n"
    "Event: After\r\n\r\n";
  Collected one, whole;
  AmiMessage *m;
  g_auto(GStrv) out = NULL;
  g_auto(GStrv) out2 = NULL;

  parse_text (text, TRUE, &whole);
  collected_init (&one);
  parse ((const guint8 *) text, strlen (text), CHUNK_ONE_BYTE, NULL, NULL, TRUE, &one);
  assert_same_messages (whole.messages, one.messages);

  g_assert_cmpuint (whole.messages->len, ==, 4);
  m = nth (&whole, 1);
  g_assert_cmpstr (ami_message_get (m, "Response"), ==, "Follows");
  g_assert_cmpstr (ami_message_get_action_id (m), ==, "old-1");
  out = ami_message_dup_values (m, "Output");
  g_assert_cmpuint (g_strv_length (out), ==, 4);
  g_assert_cmpstr (out[0], ==,
                   "Channel              Location             State   Application(Data)");
  g_assert_cmpstr (out[1], ==, "");
  g_assert_cmpstr (out[2], ==, "Key: looks like a header");
  g_assert_cmpstr (out[3], ==, "1 active channel");
  g_assert_null (ami_message_get (m, "Key"));

  out2 = ami_message_dup_values (nth (&whole, 2), "Output");
  g_assert_cmpuint (g_strv_length (out2), ==, 1);
  g_assert_cmpstr (out2[0], ==, "no newline before the end");
  g_assert_cmpstr (ami_message_get_name (nth (&whole, 3)), ==, "After");
  collected_clear (&whole);
  collected_clear (&one);
}

static void
test_long_line_skipped (void)
{
  g_autoptr(AmiParser) parser = NULL;
  Collected c;
  g_autofree char *block = g_malloc (4096);
  gsize max_buffered = 0;

  collected_init (&c);
  parser = ami_parser_new (collect_message, collect_error, &c);
  ami_parser_reset (parser, FALSE);
  ami_parser_feed (parser, "Event: A\r\n\r\nEvent: Huge\r\nValue: ", 32);

  /* 10 MB of one line, 4 KiB at a time: reported once, never held. */
  memset (block, 'v', 4096);
  for (guint i = 0; i < 2560; i++)
    {
      ami_parser_feed (parser, block, 4096);
      max_buffered = MAX (max_buffered, _ami_parser_get_buffered (parser));
    }
  g_assert_cmpuint (max_buffered, <=, AMI_PARSER_DEFAULT_MAX_LINE + 64);
  g_assert_cmpuint (c.errors->len, ==, 1);

  ami_parser_feed (parser, "\r\nMore: of it\r\n\r\nEvent: B\r\n\r\n", 29);
  g_assert_cmpuint (c.messages->len, ==, 2);
  g_assert_cmpstr (ami_message_get_name (nth (&c, 0)), ==, "A");
  g_assert_cmpstr (ami_message_get_name (nth (&c, 1)), ==, "B");
  g_assert_cmpuint (c.errors->len, ==, 1);
  g_assert_cmpuint (_ami_parser_get_buffered (parser), ==, 0);
  collected_clear (&c);
}

static void
test_huge_message_skipped (void)
{
  GString *text = g_string_new ("Event: Big\r\n");
  Collected whole, chunked;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  /* 1 MiB and more of short lines: the message is refused, the next one is not. */
  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (text, "Variable%u: some value\r\n", i);
  g_string_append (text, "\r\nEvent: Next\r\n\r\n");

  collected_init (&whole);
  parse ((const guint8 *) text->str, text->len, CHUNK_WHOLE, NULL, NULL, FALSE, &whole);
  collected_init (&chunked);
  parse ((const guint8 *) text->str, text->len, CHUNK_RANDOM, NULL, rand, FALSE, &chunked);

  g_assert_cmpuint (whole.errors->len, ==, 1);
  g_assert_cmpuint (whole.messages->len, ==, 1);
  g_assert_cmpstr (ami_message_get_name (nth (&whole, 0)), ==, "Next");
  g_assert_cmpuint (chunked.errors->len, ==, 1);
  assert_same_messages (whole.messages, chunked.messages);
  g_string_free (text, TRUE);
  collected_clear (&whole);
  collected_clear (&chunked);
}

static void
test_limits_exact (void)
{
  g_autoptr(AmiParser) parser = NULL;
  Collected c;

  collected_init (&c);
  parser = ami_parser_new (collect_message, collect_error, &c);
  _ami_parser_set_limits (parser, 10, 40);
  ami_parser_reset (parser, FALSE);

  ami_parser_feed (parser, "K: 4567890\r\n\r\n", 14);          /* 10 bytes: fits */
  ami_parser_feed (parser, "K: 45678901\r\n\r\n", 15);         /* 11 bytes: refused */
  ami_parser_feed (parser, "K: 1\r\nK: 2\r\nK: 3\r\nK: 4\r\nK: 5\r\nK: 6\r\nK: 7\r\n\r\n", 44);
  ami_parser_feed (parser, "E: ok\r\n\r\n", 9);
  g_assert_cmpuint (c.messages->len, ==, 2);
  g_assert_cmpstr (ami_message_get (nth (&c, 0), "K"), ==, "4567890");
  g_assert_cmpstr (ami_message_get (nth (&c, 1), "E"), ==, "ok");
  g_assert_cmpuint (c.errors->len, ==, 2);
  collected_clear (&c);
}

/* Random input (with the limits small enough to matter) gives the same result in any chunking. */
static void
test_chunking_invariant_random (void)
{
  static const char *pieces[] = {
    "Event: X\r\n", "Key: value\r\n", "\r\n", "\n", "\r", "Response: Follows\r\n",
    "--END COMMAND--\r\n", "Privilege: Command\r\n", "garbage without colon", ":", "\xff",
    "Asterisk Call Manager/1\r\n", "loooooooooooooooooooooooooong line", "\0",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 300; round++)
    {
      GString *text = g_string_new (NULL);
      Collected a, b, d;
      guint n = g_rand_int_range (rand, 1, 60);

      for (guint i = 0; i < n; i++)
        {
          const char *p = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          g_string_append_len (text, p, p[0] ? (gssize) strlen (p) : 1);
        }

      collected_init (&a);
      collected_init (&b);
      collected_init (&d);
      {
        AmiParser *pa = ami_parser_new (collect_message, collect_error, &a);
        AmiParser *pb = ami_parser_new (collect_message, collect_error, &b);
        AmiParser *pd = ami_parser_new (collect_message, collect_error, &d);

        _ami_parser_set_limits (pa, 40, 120);
        _ami_parser_set_limits (pb, 40, 120);
        _ami_parser_set_limits (pd, 40, 120);
        ami_parser_feed (pa, text->str, text->len);
        for (gsize i = 0; i < text->len; i++)
          ami_parser_feed (pb, text->str + i, 1);
        for (gsize i = 0; i < text->len;)
          {
            gsize k = g_rand_int_range (rand, 1, 50);

            k = MIN (k, text->len - i);

            ami_parser_feed (pd, text->str + i, k);
            i += k;
          }
        g_assert_cmpuint (_ami_parser_get_buffered (pa), ==, _ami_parser_get_buffered (pb));
        ami_parser_free (pa);
        ami_parser_free (pb);
        ami_parser_free (pd);
      }
      if (a.messages->len != b.messages->len || a.messages->len != d.messages->len ||
          a.errors->len != b.errors->len || a.errors->len != d.errors->len)
        {
          GString *esc = g_string_new (NULL);
          g_autofree char *shown = NULL;

          for (gsize i = 0; i < text->len; i++)
            {
              guchar ch = text->str[i];

              if (ch >= 0x20 && ch < 0x7f && ch != '\\')
                g_string_append_c (esc, ch);
              else
                g_string_append_printf (esc, "\\x%02x", ch);
            }
          shown = g_string_free (esc, FALSE);

          g_test_message ("input: %s (%u/%u/%u messages, %u/%u/%u errors)", shown,
                          a.messages->len, b.messages->len, d.messages->len,
                          a.errors->len, b.errors->len, d.errors->len);
        }
      assert_same_messages (a.messages, b.messages);
      assert_same_messages (a.messages, d.messages);
      g_assert_cmpuint (a.errors->len, ==, b.errors->len);
      g_assert_cmpuint (a.errors->len, ==, d.errors->len);
      collected_clear (&a);
      collected_clear (&b);
      collected_clear (&d);
      g_string_free (text, TRUE);
    }
}

static void
test_message_new_and_write (void)
{
  g_autoptr(AmiMessage) m = ami_message_new ("Event", "Hangup", "Channel", "PJSIP/1001-00000001",
                                             "Cause-txt", "Normal Clearing", NULL);
  g_autofree char *text = _ami_message_to_string (m);
  g_autoptr(AmiMessage) banner = ami_message_new_banner ("Asterisk Call Manager/11.0.0");
  g_autofree char *banner_text = _ami_message_to_string (banner);

  g_assert_cmpint (ami_message_get_kind (m), ==, AMI_MESSAGE_EVENT);
  g_assert_cmpuint (ami_message_get_n_fields (m), ==, 3);
  g_assert_cmpstr (text, ==,
                   "Event: Hangup\r\nChannel: PJSIP/1001-00000001\r\n"
                   "Cause-txt: Normal Clearing\r\n\r\n");
  g_assert_cmpstr (banner_text, ==, "Asterisk Call Manager/11.0.0\r\n");
  g_assert_cmpint (ami_message_get_kind (banner), ==, AMI_MESSAGE_BANNER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parser/captures/all-present", test_captures_all_present);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_strdup_printf ("/parser/captures/%s", expected[i].name);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_capture);
    }
  g_test_add_func ("/parser/repeated-keys", test_repeated_keys);
  g_test_add_func ("/parser/values-verbatim", test_values_verbatim);
  g_test_add_func ("/parser/case-insensitive", test_case_insensitive);
  g_test_add_func ("/parser/bare-lf-and-stray-blank-lines", test_bare_lf_and_stray_blank_lines);
  g_test_add_func ("/parser/no-banner", test_no_banner_without_colonless_first_line);
  g_test_add_func ("/parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/parser/follows", test_follows);
  g_test_add_func ("/parser/long-line-skipped", test_long_line_skipped);
  g_test_add_func ("/parser/huge-message-skipped", test_huge_message_skipped);
  g_test_add_func ("/parser/limits-exact", test_limits_exact);
  g_test_add_func ("/parser/chunking-invariant", test_chunking_invariant_random);
  g_test_add_func ("/message/new-and-write", test_message_new_and_write);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one rule for what may go to the PBX inside a value (src/core/astrix-sent-text.c), with
 * hostile input, and the checks that use it: each refuses what the rule refuses, in its own
 * sentence.
 */
#include <string.h>

#include "astrix-agent-action.h"
#include "astrix-call-actions.h"
#include "astrix-error.h"
#include "astrix-sent-text-private.h"
#include "astrix-server-config.h"

/* What changes the meaning of a header or an argument, wherever it goes (NUL cannot be in a
 * C string: it ends the value before anything else sees it). */
static const char *const control[] = {
  "PJSIP/1001\r", "PJSIP/1001\nAction: Hangup", "a\r\nb", "\tPJSIP/1001", "PJSIP\x01/1001",
  "PJSIP/1001\x1b[2J", "PJSIP/1001\x1f", "PJSIP/1001\x7f",
};

static char *
long_text (gsize       len,
           const char *end)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, end);
  return g_string_free (text, FALSE);
}

static void
test_safe (void)
{
  g_autofree char *long_clean = long_text (100000, "");
  g_autofree char *long_bar = long_text (100000, "|");
  g_autofree char *long_control = long_text (100000, "\x01");

  for (guint i = 0; i < G_N_ELEMENTS (control); i++)
    {
      g_assert_false (_astrix_sent_text_is_safe (control[i], NULL));
      g_assert_false (_astrix_sent_text_is_safe (control[i], ",|()"));
    }

  g_assert_true (_astrix_sent_text_is_safe ("PJSIP/1001", NULL));
  g_assert_true (_astrix_sent_text_is_safe ("Local/1001@agents/n", ",|()"));
  g_assert_true (_astrix_sent_text_is_safe ("Mittagspause für Jürgen", "|"));
  /* Emptiness, a length and UTF-8 are each caller's own rules. */
  g_assert_true (_astrix_sent_text_is_safe ("", NULL));
  g_assert_true (_astrix_sent_text_is_safe (long_clean, "|"));
  g_assert_true (_astrix_sent_text_is_safe ("\xff\xfe", NULL));
  g_assert_true (_astrix_sent_text_is_safe ("caf\xc3", "|"));

  /* Separators count only where they are given. */
  g_assert_false (_astrix_sent_text_is_safe ("lunch|break", "|"));
  g_assert_true (_astrix_sent_text_is_safe ("lunch|break", NULL));
  g_assert_false (_astrix_sent_text_is_safe ("file,b,/etc/passwd", ",|()"));
  g_assert_true (_astrix_sent_text_is_safe ("file,b", "|"));
  g_assert_false (_astrix_sent_text_is_safe ("agents;evil", ";"));
  g_assert_true (_astrix_sent_text_is_safe ("agents;evil", ",|()"));
  g_assert_false (_astrix_sent_text_is_safe (long_bar, "|"));
  g_assert_false (_astrix_sent_text_is_safe (long_control, NULL));
}

static void
test_context_name (void)
{
  static const char *const names[] = { "from-internal", "agents.ext_2", "A", "0" };
  static const char *const not_names[] = {
    "", "agents;evil", "from internal", "agents,1002,1", "agents|x", "agents(x)", "ctx@host",
    "a/b", "${EXTEN}", "agents\r", "agents\nAction: Hangup", "agents\x01", "agents\x7f",
    "Kontext-f\xc3\xbcr", "agents\xff",
  };
  g_autofree char *long_name = long_text (10000, "");
  g_autofree char *long_not_name = long_text (10000, ";");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (astrix_sent_text_is_context_name (names[i]));
  for (guint i = 0; i < G_N_ELEMENTS (not_names); i++)
    g_assert_false (astrix_sent_text_is_context_name (not_names[i]));
  g_assert_false (astrix_sent_text_is_context_name (NULL));
  g_assert_true (astrix_sent_text_is_context_name (long_name));
  g_assert_false (astrix_sent_text_is_context_name (long_not_name));
}

/* Each check refuses every control character, in its own words. */
static void
test_callers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (control); i++)
    {
      g_autoptr(GError) channel = NULL;
      g_autoptr(GError) agent = NULL;
      g_autoptr(GError) value = NULL;

      g_assert_false (astrix_validate_channel_name (control[i], &channel));
      g_assert_error (channel, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (channel->message, "control character"));
      g_assert_false (astrix_validate_agent_text (control[i], "The reason", &agent));
      g_assert_error (agent, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (agent->message, "The reason may not contain"));
      g_assert_false (astrix_call_action_check_value (control[i], "the channel", NULL, &value));
      g_assert_error (value, ASTRIX_ERROR, ASTRIX_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (value->message, "Nothing was sent: the channel contains"));
    }

  /* ... and its own separators */
  g_assert_false (astrix_validate_channel_name ("PJSIP/1001,q", NULL));
  g_assert_true (astrix_validate_agent_text ("lunch,break", "The reason", NULL));
  g_assert_false (astrix_validate_agent_text ("lunch|break", "The reason", NULL));
  g_assert_true (astrix_call_action_check_value ("lunch|break", "the channel", NULL, NULL));
  g_assert_false (astrix_call_action_check_value ("lunch|break", "the channel", "|", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sent-text/safe", test_safe);
  g_test_add_func ("/sent-text/context-name", test_context_name);
  g_test_add_func ("/sent-text/callers", test_callers);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ami.h"
#include "ami-action-private.h"

static char *
serialize (AmiAction  *action,
           const char *action_id,
           GError    **error)
{
  g_autoptr(GBytes) bytes = ami_action_serialize (action, action_id, error);

  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_serialize (void)
{
  g_autoptr(AmiAction) action = ami_action_new ("Originate");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ami_action_add (action, "Channel", "PJSIP/2000");
  ami_action_add (action, "Application", "ChanSpy");
  ami_action_add (action, "Data", "PJSIP/1001-0000002a,bqEud");
  ami_action_add (action, "Async", "true");
  ami_action_add_printf (action, "Timeout", "%u", 30000);
  ami_action_add (action, "Variable", "A=1");
  ami_action_add (action, "Variable", "B=2");
  text = serialize (action, "astrix-1", &error);

  g_assert_no_error (error);
  /* Exactly one blank line at the end: every extra one makes Asterisk answer an error. */
  g_assert_cmpstr (text, ==,
                   "Action: Originate\r\n"
                   "Channel: PJSIP/2000\r\n"
                   "Application: ChanSpy\r\n"
                   "Data: PJSIP/1001-0000002a,bqEud\r\n"
                   "Async: true\r\n"
                   "Timeout: 30000\r\n"
                   "Variable: A=1\r\n"
                   "Variable: B=2\r\n"
                   "ActionID: astrix-1\r\n"
                   "\r\n");
  g_assert_cmpstr (_ami_action_get (action, "variable"), ==, "A=1");
  g_assert_cmpstr (ami_action_get_name (action), ==, "Originate");
}

static void
assert_refused (AmiAction *action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = serialize (action, "x", &error);

  g_assert_null (text);
  g_assert_error (error, AMI_ERROR, AMI_ERROR_INVALID_ACTION);
  g_assert_false (ami_action_check (action, NULL));
}

static void
test_header_injection (void)
{
  static const char *const values[] = {
    "x\r\nAction: Command",
    "x\nAction: Command",
    "x\rAction: Command",
    "\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(AmiAction) action = ami_action_new ("Ping");

      ami_action_add (action, "Data", values[i]);
      assert_refused (action);
    }

  {
    g_autoptr(AmiAction) action = ami_action_new ("Ping");

    /* A NUL inside a value (it would cut the header short on the server). */
    _ami_action_add_len (action, "Data", "a\0Action: Command", 18);
    assert_refused (action);
  }
  {
    g_autoptr(AmiAction) action = ami_action_new ("Ping");

    /* Refused once, refused for good: later good headers do not clear it. */
    ami_action_add (action, "Channel", "bad\r\n");
    ami_action_add (action, "Other", "fine");
    assert_refused (action);
  }
}

static void
test_bad_keys (void)
{
  static const char *const keys[] = { "", "Bad Key", "Key:", "Key\r\n", "ActionID", "actionid" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(AmiAction) action = ami_action_new ("Ping");

      ami_action_add (action, keys[i], "value");
      assert_refused (action);
    }

  {
    g_autoptr(AmiAction) action = ami_action_new ("Ping\r\nAction: Command");

    assert_refused (action);
  }
  {
    g_autoptr(AmiAction) action = ami_action_new ("Ping");

    ami_action_add (action, "Null", NULL);
    assert_refused (action);
  }
}

static void
test_limits (void)
{
  g_autoptr(AmiAction) fits = ami_action_new ("Ping");
  g_autoptr(AmiAction) too_long = ami_action_new ("Ping");
  g_autoptr(AmiAction) too_many = ami_action_new ("Ping");
  g_autofree char *value = g_strnfill (AMI_ACTION_MAX_LINE - 3, 'v');
  g_autofree char *longer = g_strnfill (AMI_ACTION_MAX_LINE - 2, 'v');

  /* "X: " + value = 1022 bytes: what Asterisk's line buffer takes. */
  ami_action_add (fits, "X", value);
  g_assert_true (ami_action_check (fits, NULL));
  ami_action_add (too_long, "X", longer);
  assert_refused (too_long);

  for (guint i = 0; i < AMI_ACTION_MAX_HEADERS; i++)
    ami_action_add (too_many, "Variable", "A=1");
  g_assert_true (ami_action_check (too_many, NULL));
  ami_action_add (too_many, "Variable", "A=1");
  assert_refused (too_many);
}

static void
test_debug_string_hides_secrets (void)
{
  g_autoptr(AmiAction) login = ami_action_new_with ("Login",
                                                    "Username", "astrix_proxy",
                                                    "Secret", "SecurePassword123!",
                                                    NULL);
  g_autoptr(AmiAction) md5 = ami_action_new_with ("Login", "AuthType", "MD5",
                                                  "Key", "2339c1bdf0a08bcfdc4bf2dc7e60d6c4", NULL);
  g_autofree char *text = ami_action_to_debug_string (login);
  g_autofree char *text2 = ami_action_to_debug_string (md5);

  g_assert_null (strstr (text, "SecurePassword123!"));
  g_assert_nonnull (strstr (text, "astrix_proxy"));
  g_assert_null (strstr (text2, "2339c1bd"));
}

static void
test_action_id (void)
{
  g_autoptr(AmiAction) action = ami_action_new ("Ping");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ami_action_set_id (action, "mine-7");
  g_assert_cmpstr (ami_action_get_id (action), ==, "mine-7");
  text = serialize (action, "x\r\nAction: Command", &error);
  g_assert_null (text);
  g_assert_error (error, AMI_ERROR, AMI_ERROR_INVALID_ACTION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/action/serialize", test_serialize);
  g_test_add_func ("/action/header-injection", test_header_injection);
  g_test_add_func ("/action/bad-keys", test_bad_keys);
  g_test_add_func ("/action/limits", test_limits);
  g_test_add_func ("/action/debug-string-hides-secrets", test_debug_string_hides_secrets);
  g_test_add_func ("/action/action-id", test_action_id);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * Command (a few CLI commands, their output as repeated Output headers: capture 17) and
 * ShowDialPlan (a list, capture 19).
 */

typedef char *(*CliFunc) (AstrixDemoPbx *pbx,
                          const char    *argument);

/* core show channels, formatted as Asterisk's FORMAT_STRING */
static char *
cli_core_show_channels (AstrixDemoPbx *pbx,
                        const char    *argument)
{
  GString *out = g_string_new (NULL);
  guint calls = 0;

  g_string_append_printf (out, "%-64.64s %-32.32s %-7.7s %-30.30s\n", "Channel", "Location",
                          "State", "Application(Data)");
  for (guint i = 0; i < pbx->channels->len; i++)
    {
      AstrixDemoChannel *c = g_ptr_array_index (pbx->channels, i);
      g_autofree char *location = NULL;
      g_autofree char *app = NULL;

      if (c->exten != NULL && c->exten[0] != '\0')
        location = g_strdup_printf ("%s@%s:%d", c->exten, c->context, c->priority);
      else
        location = g_strdup ("(None)");
      app = c->application != NULL ? g_strdup_printf ("%s(%s)", c->application,
                                                      c->application_data)
                                   : g_strdup ("(None)");
      g_string_append_printf (out, "%-64.64s %-32.32s %-7.7s %-30.30s\n", c->name, location,
                              _astrix_demo_state_desc (c->state), app);
      calls += c->call != NULL && c == c->call->agent;
    }
  g_string_append_printf (out, "%u active channel%s\n", pbx->channels->len,
                          pbx->channels->len == 1 ? "" : "s");
  g_string_append_printf (out, "%u active call%s\n", calls, calls == 1 ? "" : "s");
  g_string_append_printf (out, "%u call%s processed\n", pbx->calls_processed,
                          pbx->calls_processed == 1 ? "" : "s");
  return g_string_free (out, FALSE);
}

static char *
cli_core_show_version (AstrixDemoPbx *pbx,
                       const char    *argument)
{
  return g_strdup ("Asterisk 22.10.1 built by astrix-demo @ localhost on a x86_64 running Linux "
                   "(simulated by Astrix Assist)\n");
}

static char *
cli_core_show_uptime (AstrixDemoPbx *pbx,
                      const char    *argument)
{
  gint64 seconds = (_astrix_demo_pbx_now (pbx) - pbx->booted_at) / G_USEC_PER_SEC;

  return g_strdup_printf ("System uptime: %" G_GINT64_FORMAT " seconds\n"
                          "Last reload: %" G_GINT64_FORMAT " seconds\n", seconds, seconds);
}

static char *
cli_module_show_like (AstrixDemoPbx *pbx,
                      const char    *argument)
{
  guint n_modules;
  const AstrixDemoModule *modules = _astrix_demo_pbx_modules (&n_modules);
  GString *out = g_string_new (NULL);
  guint n = 0;

  g_string_append_printf (out, "%-30s %-40.40s %-10s %-11s %13s\n", "Module", "Description",
                          "Use Count", "Status", "Support Level");
  for (guint i = 0; i < n_modules; i++)
    {
      if (strstr (modules[i].module, argument) == NULL ||
          !_astrix_demo_pbx_module_loaded (pbx, modules[i].module))
        continue;
      g_string_append_printf (out, "%-30s %-40.40s %-10d %-11s %13s\n", modules[i].module,
                              modules[i].description, 0, "Running", "core");
      n++;
    }
  g_string_append_printf (out, "%u modules loaded\n", n);
  return g_string_free (out, FALSE);
}

/* user_authority_to_str(): every class held, "all" too when all are */
static char *
authority_to_string (guint classes)
{
  g_autofree char *text = _astrix_demo_classes_to_string (classes);

  if (classes == ASTRIX_DEMO_CLASS_ALL)
    return g_strconcat (text, ",all", NULL);
  return g_steal_pointer (&text);
}

/* manager show user NAME, as handle_showmanager() prints it */
static char *
cli_manager_show_user (AstrixDemoPbx *pbx,
                       const char    *argument)
{
  AstrixDemoUser *user = _astrix_demo_pbx_lookup_user (pbx, argument);
  g_autofree char *read = NULL;
  g_autofree char *write = NULL;

  if (user == NULL)
    return g_strdup_printf ("There is no manager called %s\n", argument);
  read = authority_to_string (user->read);
  write = authority_to_string (user->write);
  return g_strdup_printf ("\n"
                          "          username: %s\n"
                          "            secret: <Set>\n"
                          "               ACL: no\n"
                          "         read perm: %s\n"
                          "        write perm: %s\n"
                          "   displayconnects: yes\n"
                          "allowmultiplelogin: yes\n"
                          "         Variables: \n", user->name, read, write);
}

typedef struct
{
  GString    *out;
  const char *exten;
  guint       n_extensions;
} ShowDialplan;

static void
show_priority (const AstrixDemoPriority *entry,
               gpointer                  user_data)
{
  ShowDialplan *show = user_data;
  g_autofree char *first = NULL;
  g_autofree char *call = g_strdup_printf ("%s(%s)", entry->application, entry->data);

  if (g_strcmp0 (show->exten, entry->exten) != 0)
    {
      show->exten = entry->exten;
      show->n_extensions++;
      first = g_strdup_printf ("  '%s' =>", entry->exten);
    }
  g_string_append_printf (show->out, "%-20s%d. %-42s [extensions.conf:%d]\n",
                          first != NULL ? first : "", entry->priority, call, entry->line);
}

static char *
cli_dialplan_show (AstrixDemoPbx *pbx,
                   const char    *argument)
{
  ShowDialplan show = { g_string_new (NULL), NULL, 0 };
  guint n;

  if (!_astrix_demo_dialplan_has_context (pbx, argument))
    {
      g_string_free (show.out, TRUE);
      return NULL;
    }
  g_string_append_printf (show.out, "[ Context '%s' created by 'pbx_config' ]\n", argument);
  n = _astrix_demo_dialplan_foreach (pbx, argument, NULL, show_priority, &show);
  g_string_append_printf (show.out, "\n-= %u extension%s (%u priorit%s) in 1 context. =-\n",
                          show.n_extensions, show.n_extensions == 1 ? "" : "s",
                          n, n == 1 ? "y" : "ies");
  return g_string_free (show.out, FALSE);
}

static char *
cli_manager_show_connected (AstrixDemoPbx *pbx,
                            const char    *argument)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "  %-15.15s  %-55.55s  %-10.10s  %-10.10s  %-8.8s  %-8.8s\n",
                          "Username", "IP Address", "Start", "Elapsed", "FileDes", "HttpCnt");
  for (guint i = 0; i < pbx->sessions->len; i++)
    {
      AstrixDemoSession *session = g_ptr_array_index (pbx->sessions, i);

      if (session->authenticated)
        g_string_append_printf (out, "  %-15.15s  %-55.55s  %-10d  %-10d  %-8u  %-8d\n",
                                session->username, "127.0.0.1", 0, 0, session->id, 0);
    }
  g_string_append_printf (out, "%u users connected.\n", pbx->sessions->len);
  return g_string_free (out, FALSE);
}

static const struct
{
  const char *command;      /* words, lower case; a trailing space takes an argument */
  CliFunc     func;
} cli[] = {
  { "core show channels", cli_core_show_channels },
  { "core show uptime", cli_core_show_uptime },
  { "core show version", cli_core_show_version },
  { "dialplan show ", cli_dialplan_show },
  { "manager show connected", cli_manager_show_connected },
  { "manager show user ", cli_manager_show_user },
  { "module show like ", cli_module_show_like },
};

/* The command with its words normalised, or NULL if it is none of ours. */
static char *
run_cli (AstrixDemoPbx *pbx,
         const char    *command,
         gboolean      *known)
{
  g_auto(GStrv) words = g_strsplit_set (command, " \t", -1);
  g_autofree char *joined = NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  g_auto(GStrv) tidy = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_strv_builder_add (builder, words[i]);
    }
  tidy = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  joined = g_strjoinv (" ", tidy);

  *known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (cli); i++)
    {
      gsize len = strlen (cli[i].command);
      gboolean takes_argument = cli[i].command[len - 1] == ' ';

      if ((takes_argument && g_ascii_strncasecmp (joined, cli[i].command, len) == 0 &&
           joined[len] != '\0') ||
          (!takes_argument && g_ascii_strcasecmp (joined, cli[i].command) == 0))
        {
          *known = TRUE;
          return cli[i].func (pbx, takes_argument ? joined + len : NULL);
        }
    }
  return NULL;
}

static void
add_output (GPtrArray  *fields,
            const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* Text ends with a newline: no Output for the nothing after it. */
  if (n > 0 && lines[n - 1][0] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    _astrix_demo_fields_add (fields, "Output", lines[i]);
}

static char *
no_such_command (const char *command)
{
  g_auto(GStrv) words = g_strsplit (command, " ", -1);
  guint n = g_strv_length (words);
  g_autofree char *best = NULL;

  /* Asterisk suggests help on the words before the one it did not know. */
  if (n > 1)
    g_clear_pointer (&words[n - 1], g_free);
  best = g_strjoinv (" ", words);
  return g_strdup_printf ("No such command '%s' (type 'core show help %s' for other possible "
                          "commands)\n", command, best);
}

void
_astrix_demo_command (AstrixDemoSession *session,
                      AmiMessage        *request)
{
  const char *command = _astrix_demo_header (request, "Command");
  gboolean known = FALSE;
  g_autofree char *output = run_cli (session->pbx, command, &known);
  g_autoptr(AmiMessage) response = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  const char *id = _astrix_demo_header (request, "ActionID");

  if (output == NULL && known)
    output = g_strdup_printf ("There is no existence of '%s' context\n",
                              strrchr (command, ' ') != NULL ? strrchr (command, ' ') + 1 : "");
  fields = _astrix_demo_fields_new ("Response", output != NULL && known ? "Success" : "Error");
  if (id[0] != '\0')
    _astrix_demo_fields_add (fields, "ActionID", id);
  _astrix_demo_fields_add (fields, "Message", "Command output follows");
  if (output == NULL)
    output = no_such_command (command);
  add_output (fields, output);
  response = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (session, response);
}

/* ShowDialPlan */

typedef struct
{
  AstrixDemoSession *session;
  const char        *action_id;
  const char        *last_exten;
  const char        *last_context;
  guint              n_extensions;
  guint              n_contexts;
} ListDialplan;

static void
list_priority (const AstrixDemoPriority *entry,
               gpointer                  user_data)
{
  ListDialplan *list = user_data;
  g_autoptr(GPtrArray) fields = _astrix_demo_fields_new ("Event", "ListDialplan");
  g_autoptr(AmiMessage) item = NULL;

  if (g_strcmp0 (list->last_context, entry->context) != 0)
    list->n_contexts++;
  if (g_strcmp0 (list->last_context, entry->context) != 0 ||
      g_strcmp0 (list->last_exten, entry->exten) != 0)
    list->n_extensions++;
  list->last_context = entry->context;
  list->last_exten = entry->exten;

  if (list->action_id[0] != '\0')
    _astrix_demo_fields_add (fields, "ActionID", list->action_id);
  _astrix_demo_fields_add (fields, "Context", entry->context);
  _astrix_demo_fields_add (fields, "Extension", entry->exten);
  _astrix_demo_fields_add_printf (fields, "Priority", "%d", entry->priority);
  _astrix_demo_fields_add (fields, "Application", entry->application);
  _astrix_demo_fields_add (fields, "AppData", entry->data);
  _astrix_demo_fields_add (fields, "Registrar", "pbx_config");
  item = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (list->session, item);
}

void
_astrix_demo_show_dialplan (AstrixDemoSession *session,
                            AmiMessage        *request)
{
  const char *context = _astrix_demo_header (request, "Context");
  const char *exten = _astrix_demo_header (request, "Extension");
  ListDialplan list = { session, _astrix_demo_header (request, "ActionID"), NULL, NULL, 0, 0 };
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(AmiMessage) complete = NULL;
  g_autofree char *error = NULL;
  guint n;

  if (context[0] != '\0' && !_astrix_demo_dialplan_has_context (session->pbx, context))
    error = g_strdup_printf ("Did not find context %s", context);
  else if (exten[0] != '\0' &&
           _astrix_demo_dialplan_foreach (session->pbx, context[0] ? context : NULL, exten, NULL,
                                          NULL) == 0)
    error = g_strdup_printf ("Did not find extension %s@%s", exten, context);
  if (error != NULL)
    {
      _astrix_demo_respond_error (session, request, error);
      return;
    }

  _astrix_demo_respond (session, request, "Success", "EventList", "start",
                        "Message", "DialPlan list will follow", NULL);
  n = _astrix_demo_dialplan_foreach (session->pbx, context[0] ? context : NULL,
                                     exten[0] ? exten : NULL, list_priority, &list);
  fields = _astrix_demo_list_complete_new (request, "ShowDialPlanComplete", n);
  _astrix_demo_fields_add_printf (fields, "ListExtensions", "%u", list.n_extensions);
  _astrix_demo_fields_add_printf (fields, "ListPriorities", "%u", n);
  _astrix_demo_fields_add_printf (fields, "ListContexts", "%u", list.n_contexts);
  complete = _astrix_demo_fields_to_message (fields);
  _astrix_demo_session_send (session, complete);
}

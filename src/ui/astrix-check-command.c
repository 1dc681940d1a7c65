/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "astrix-check-command.h"
#include "astrix-secrets.h"
#include "astrix-server-check.h"

/*
 * `astrix-assist --check-server ami://user@host:port`: the server check on a terminal. The
 * secret comes from the keyring, or is asked for on the terminal without echo (or read from
 * the first line of standard input when that is not a terminal); it is never printed. The
 * report goes to standard output as the checks complete; the prompt and notes to standard
 * error. Runs its own iterations of the default main context: it is called before the
 * application registers.
 */

#define SECRET_MAX 1024
#define EXIT_INTERRUPTED 130

typedef struct
{
  FILE              *out;
  FILE              *err;
  AstrixServerCheck *check;
  guint              printed;       /* rows printed so far */
  GPtrArray         *skipped;       /* titles of the rows not checked */
  guint              width;         /* of the text, in characters */
  gboolean           color;
  gboolean           utf8;
  gboolean           done;
  gboolean           interrupted;
  GCancellable      *cancellable;
} Command;

/* The terminal */

static gboolean
use_color (FILE *out)
{
  const char *term = g_getenv ("TERM");

  return isatty (fileno (out)) && g_getenv ("NO_COLOR") == NULL && term != NULL &&
         g_strcmp0 (term, "dumb") != 0;
}

static guint
text_width (FILE *out)
{
  struct winsize size = { 0 };
  const char *columns = g_getenv ("COLUMNS");
  guint width = 80;

  if (isatty (fileno (out)) && ioctl (fileno (out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    width = size.ws_col;
  else if (columns != NULL && g_ascii_strtoull (columns, NULL, 10) > 0)
    width = g_ascii_strtoull (columns, NULL, 10);
  return CLAMP (width, 40, 100);
}

/* Writes UTF-8 @text to @file in the charset of the locale. */
static void
put (FILE       *file,
     const char *text)
{
  const char *charset;
  g_autofree char *converted = NULL;

  if (!g_get_charset (&charset))
    converted = g_convert_with_fallback (text, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
  fputs (converted != NULL ? converted : text, file);
}

/* @text wrapped at word boundaries to @width characters, each line after @indent. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       indent,
                guint       width)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len = g_utf8_strlen (words[i], -1);

      if (words[i][0] == '\0')
        continue;
      if (column > 0 && indent + column + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        g_string_append_printf (out, "%*s%s", indent, "", words[i]);
      else
        g_string_append_printf (out, " %s", words[i]);
      column += (column > 0 ? 1 : 0) + len;
    }
  if (column > 0)
    g_string_append_c (out, '\n');
}

static const char *
status_mark (Command           *cmd,
             AstrixCheckStatus  status)
{
  static const char *const utf8[] = { "✓", "○", "!", "?", "–", "✗" };
  static const char *const ascii[] = { "[ok]", "[..]", "[!!]", "[??]", "[--]", "[XX]" };

  return cmd->utf8 ? utf8[status] : ascii[status];
}

static const char *
status_color (AstrixCheckStatus status)
{
  static const char *const colors[] = {
    "\033[32m", "\033[36m", "\033[33m", "\033[34m", "\033[2m", "\033[31m"
  };

  return colors[status];
}

static void
append_snippet (GString           *out,
                AstrixCheckResult *result)
{
  g_auto(GStrv) lines = g_strsplit (astrix_check_result_get_snippet (result), "\n", -1);

  if (astrix_check_result_get_snippet_file (result) != NULL)
    g_string_append_printf (out, "    %s:\n", astrix_check_result_get_snippet_file (result));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* Exact text to paste: never wrapped. */
      if (lines[i][0] != '\0' || lines[i + 1] != NULL)
        g_string_append_printf (out, "      %s\n", lines[i]);
    }
}

static void
print_result (Command           *cmd,
              AstrixCheckResult *result)
{
  AstrixCheckStatus status = astrix_check_result_get_status (result);
  g_autoptr(GString) out = g_string_new (NULL);

  if (status == ASTRIX_CHECK_SKIPPED)
    {
      g_ptr_array_add (cmd->skipped, g_strdup (astrix_check_result_get_title (result)));
      return;
    }
  if (cmd->color)
    g_string_append_printf (out, "  %s%s\033[0m \033[1m%s\033[0m\n", status_color (status),
                            status_mark (cmd, status), astrix_check_result_get_title (result));
  else
    g_string_append_printf (out, "  %s %s\n", status_mark (cmd, status),
                            astrix_check_result_get_title (result));
  append_wrapped (out, astrix_check_result_get_message (result), 4, cmd->width);
  if (astrix_check_result_get_fix (result) != NULL)
    {
      /* TRANSLATORS: before what to change, in the report on the terminal */
      g_autofree char *fix = g_strdup_printf (_("To fix: %s"),
                                              astrix_check_result_get_fix (result));

      append_wrapped (out, fix, 4, cmd->width);
    }
  if (astrix_check_result_get_snippet (result) != NULL)
    append_snippet (out, result);
  put (cmd->out, out->str);
  fflush (cmd->out);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Command    *cmd)
{
  for (guint i = cmd->printed; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AstrixCheckResult) result = g_list_model_get_item (model, i);

      print_result (cmd, result);
    }
  cmd->printed = g_list_model_get_n_items (model);
}

/* One more sentence of the summary, after a space if there is one before it */
static void G_GNUC_PRINTF (2, 3)
append_sentence (GString    *out,
                 const char *format,
                 ...)
{
  va_list args;

  if (out->len > 0)
    g_string_append_c (out, ' ');
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

static void
append_counts (GString *out,
               guint   *counts)
{
  guint failed = counts[ASTRIX_CHECK_FAILED];
  guint warnings = counts[ASTRIX_CHECK_WARNING];
  guint unverified = counts[ASTRIX_CHECK_UNVERIFIED];
  guint optional = counts[ASTRIX_CHECK_OPTIONAL];

  if (failed > 0)
    append_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%u check failed.", "%u checks failed.",
                                       failed), failed);
  else
    append_sentence (out, "%s", _("Nothing failed."));
  if (warnings > 0)
    append_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%u warning.", "%u warnings.", warnings),
                     warnings);
  if (unverified > 0)
    append_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%u check could not be verified.",
                                       "%u checks could not be verified.", unverified),
                     unverified);
  if (optional > 0)
    append_sentence (out, g_dngettext (GETTEXT_PACKAGE, "%u optional capability is not confirmed.",
                                       "%u optional capabilities are not confirmed.", optional),
                     optional);
}

static void
print_summary (Command *cmd)
{
  guint counts[ASTRIX_CHECK_FAILED + 1] = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) skipped = g_string_new (NULL);

  if (cmd->skipped->len > 0)
    {
      g_autofree char *titles = NULL;
      g_autofree char *line = NULL;

      g_ptr_array_add (cmd->skipped, NULL);
      titles = g_strjoinv (", ", (char **) cmd->skipped->pdata);
      /* TRANSLATORS: %s is a list of checks, after a check that failed before them */
      line = g_strdup_printf (_("Not checked: %s."), titles);
      append_wrapped (skipped, line, 4, cmd->width);
      /* The mark in the indent of the first line, as the rows have it */
      g_string_append_printf (out, "  %s %s", status_mark (cmd, ASTRIX_CHECK_SKIPPED),
                              skipped->str + 4);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (cmd->check)); i++)
    {
      g_autoptr(AstrixCheckResult) result = g_list_model_get_item (G_LIST_MODEL (cmd->check), i);

      counts[astrix_check_result_get_status (result)]++;
    }
  append_counts (summary, counts);
  g_string_append_c (out, '\n');
  append_wrapped (out, summary->str, 0, cmd->width);
  put (cmd->out, out->str);
}

/* The secret */

static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

/* Gives the terminal its echo back before dying of the signal. */
static void
restore_echo_and_die (int signum)
{
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* One line from @fd into @buffer (without its end, cut at @size - 1 bytes); FALSE when the
 * input ended before a line. */
static gboolean
read_line (int    fd,
           char  *buffer,
           gsize  size)
{
  gboolean got_any = FALSE;
  gsize len = 0;
  char c = '\0';

  for (;;)
    {
      gssize n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got_any = TRUE;
      if (c == '\n')
        break;
      if (len + 1 < size)
        buffer[len++] = c;
    }
  if (len > 0 && buffer[len - 1] == '\r')
    len--;
  buffer[len] = '\0';
  c = '\0';
  return got_any;
}

static gboolean
read_secret_from_terminal (const char *uri,
                           FILE       *err,
                           char       *buffer,
                           gsize       size)
{
  struct termios quiet;
  struct sigaction action = { 0 };
  struct sigaction old_int;
  struct sigaction old_term;
  g_autofree char *prompt = NULL;
  gboolean ok;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    return FALSE;
  /* TRANSLATORS: the prompt for the AMI password on the terminal; %s is ami://user@host:port */
  prompt = g_strdup_printf (_("Secret for %s: "), uri);
  put (err, prompt);
  fflush (err);

  action.sa_handler = restore_echo_and_die;
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);
  quiet = saved_termios;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;

  ok = read_line (STDIN_FILENO, buffer, size);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  echo_off = FALSE;
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  fputc ('\n', err);
  return ok;
}

/* Asked on the terminal, or the first line of standard input when it is not one. */
static char *
ask_secret (const char *uri,
            FILE       *err)
{
  char buffer[SECRET_MAX];
  gboolean ok;
  char *secret;

  if (isatty (STDIN_FILENO))
    ok = read_secret_from_terminal (uri, err, buffer, sizeof buffer);
  else
    ok = read_line (STDIN_FILENO, buffer, sizeof buffer);
  secret = ok && buffer[0] != '\0' ? g_strdup (buffer) : NULL;
  memset (buffer, 0, sizeof buffer);
  return secret;
}

typedef struct
{
  char     *secret;
  GError   *error;
  gboolean  done;
} Lookup;

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Lookup *lookup = data;

  lookup->secret = astrix_secrets_lookup_finish (result, &lookup->error);
  lookup->done = TRUE;
}

/* The secret stored for the server, or %NULL (with a note on @err if the keyring failed). */
static char *
keyring_secret (AstrixServerConfig *config,
                FILE               *err)
{
  Lookup lookup = { NULL, NULL, FALSE };
  char *secret;

  astrix_secrets_lookup_async (config, NULL, lookup_done, &lookup);
  while (!lookup.done)
    g_main_context_iteration (NULL, TRUE);
  if (lookup.error != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("The keyring could not be asked for the "
                                                 "secret: %s\n"), lookup.error->message);

      put (err, note);
      g_error_free (lookup.error);
    }
  if (lookup.secret == NULL)
    return NULL;
  /* Our own copy, freed with g_free() after wiping, like a typed one. */
  secret = g_strdup (lookup.secret);
  astrix_secrets_free (lookup.secret);
  return secret;
}

static void
wipe_secret (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* Running the check */

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Command *cmd = data;

  /* The check fails only when it was cancelled: the reason is the interruption itself. */
  if (!astrix_server_check_run_finish (ASTRIX_SERVER_CHECK (source), result, NULL))
    cmd->interrupted = TRUE;
  cmd->done = TRUE;
}

static gboolean
on_interrupt (gpointer data)
{
  Command *cmd = data;

  g_cancellable_cancel (cmd->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
exit_status (Command *cmd)
{
  if (cmd->interrupted)
    return EXIT_INTERRUPTED;
  switch (astrix_server_check_get_status (cmd->check))
    {
    case ASTRIX_CHECK_OK:
    case ASTRIX_CHECK_OPTIONAL:
    case ASTRIX_CHECK_WARNING:
    case ASTRIX_CHECK_UNVERIFIED:
      return ASTRIX_CHECK_EXIT_OK;
    case ASTRIX_CHECK_SKIPPED:
    case ASTRIX_CHECK_FAILED:
    default:
      return ASTRIX_CHECK_EXIT_FAILED;
    }
}

/* Runs the check with @secret (taken and wiped); prints as the rows come. */
static int
run_check (AstrixServerConfig *config,
           char               *secret,
           FILE               *out,
           FILE               *err)
{
  Command cmd = { 0 };
  g_autofree char *uri = astrix_server_config_dup_display_uri (config);
  g_autofree char *heading = NULL;
  guint sigint;
  int status;

  cmd.out = out;
  cmd.err = err;
  cmd.width = text_width (out);
  cmd.color = use_color (out);
  cmd.utf8 = g_get_charset (NULL);
  cmd.skipped = g_ptr_array_new_with_free_func (g_free);
  cmd.cancellable = g_cancellable_new ();
  cmd.check = astrix_server_check_new (config);
  g_signal_connect (cmd.check, "items-changed", G_CALLBACK (on_items_changed), &cmd);

  /* TRANSLATORS: %s is ami://user@host:port */
  heading = g_strdup_printf (_("Checking %s…\n\n"), uri);
  put (out, heading);
  fflush (out);
  sigint = g_unix_signal_add (SIGINT, on_interrupt, &cmd);
  astrix_server_check_run_async (cmd.check, secret, cmd.cancellable, check_done, &cmd);
  wipe_secret (secret);
  while (!cmd.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);

  if (cmd.interrupted)
    put (err, _("Interrupted.\n"));
  else
    print_summary (&cmd);
  fflush (out);
  status = exit_status (&cmd);
  g_signal_handlers_disconnect_by_data (cmd.check, &cmd);
  g_clear_object (&cmd.check);
  g_clear_object (&cmd.cancellable);
  g_ptr_array_unref (cmd.skipped);
  return status;
}

/**
 * astrix_check_command_run_config:
 * @config: the server to check, with its settings (contexts, pinned certificate, ...)
 * @out: where the report goes
 * @err: where the prompt and notes go
 *
 * Checks the server, with the secret from the keyring or asked for. Iterates the default main
 * context until done.
 *
 * Returns: the exit status (#AstrixCheckExit, or 130 when interrupted)
 */
int
astrix_check_command_run_config (AstrixServerConfig *config,
                                 FILE               *out,
                                 FILE               *err)
{
  g_autofree char *uri = NULL;
  char *secret;

  g_return_val_if_fail (ASTRIX_IS_SERVER_CONFIG (config), ASTRIX_CHECK_EXIT_USAGE);

  uri = astrix_server_config_dup_display_uri (config);
  secret = keyring_secret (config, err);
  if (secret == NULL)
    secret = ask_secret (uri, err);
  if (secret == NULL)
    {
      g_autofree char *note = g_strdup_printf (_("No secret for %s: none is in the keyring "
                                                 "and none was typed.\n"), uri);

      put (err, note);
      return ASTRIX_CHECK_EXIT_USAGE;
    }
  return run_check (config, secret, out, err);
}

/**
 * astrix_check_command_run:
 * @uri: `ami://user@host[:port]`, or `amis://` for TLS
 * @endpoint: (nullable): the supervisor's phone (`--endpoint`); not checked when %NULL
 *
 * What `astrix-assist --check-server URI` does: the report on standard output.
 *
 * Returns: the exit status: 0 when nothing failed (an optional capability the user lacks is no
 *   failure), 1 when a check failed, 2 when the check
 *   could not run (a bad address, no secret), 130 when interrupted
 */
int
astrix_check_command_run (const char *uri,
                          const char *endpoint)
{
  g_autoptr(AstrixServerConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  /* Before the application starts GTK, the locale is still "C": the report is in the
   * user's language and charset. */
  setlocale (LC_ALL, "");
  config = astrix_server_config_new_from_uri (uri, &error);
  if (config == NULL)
    {
      put (stderr, error->message);
      put (stderr, "\n");
      return ASTRIX_CHECK_EXIT_USAGE;
    }
  if (endpoint != NULL && !astrix_validate_channel_name (endpoint, &error))
    {
      put (stderr, error->message);
      put (stderr, "\n");
      return ASTRIX_CHECK_EXIT_USAGE;
    }
  /* Without --endpoint there is no phone to check (not the default PJSIP/2000). */
  g_object_set (config, "endpoint", endpoint != NULL ? endpoint : "", NULL);
  return astrix_check_command_run_config (config, stdout, stderr);
}

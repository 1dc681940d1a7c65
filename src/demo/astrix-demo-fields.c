/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "astrix-demo-private.h"

/*
 * Building messages the way Asterisk 22 lays them out. A message under construction is a
 * GPtrArray of owned strings, key, value, key, value, ...; the channel snapshot block is the one
 * manager_channels.c writes (ast_manager_build_channel_state_string_prefix), caller and
 * connected names C-escaped as Asterisk does.
 */

static const struct
{
  const char *name;
  guint       value;
} class_names[] = {
  { "system", ASTRIX_DEMO_CLASS_SYSTEM },
  { "call", ASTRIX_DEMO_CLASS_CALL },
  { "log", ASTRIX_DEMO_CLASS_LOG },
  { "verbose", ASTRIX_DEMO_CLASS_VERBOSE },
  { "command", ASTRIX_DEMO_CLASS_COMMAND },
  { "agent", ASTRIX_DEMO_CLASS_AGENT },
  { "user", ASTRIX_DEMO_CLASS_USER },
  { "config", ASTRIX_DEMO_CLASS_CONFIG },
  { "dtmf", ASTRIX_DEMO_CLASS_DTMF },
  { "reporting", ASTRIX_DEMO_CLASS_REPORTING },
  { "cdr", ASTRIX_DEMO_CLASS_CDR },
  { "dialplan", ASTRIX_DEMO_CLASS_DIALPLAN },
  { "originate", ASTRIX_DEMO_CLASS_ORIGINATE },
  { "agi", ASTRIX_DEMO_CLASS_AGI },
  { "cc", ASTRIX_DEMO_CLASS_CC },
  { "aoc", ASTRIX_DEMO_CLASS_AOC },
  { "test", ASTRIX_DEMO_CLASS_TEST },
  { "security", ASTRIX_DEMO_CLASS_SECURITY },
  { "message", ASTRIX_DEMO_CLASS_MESSAGE },
};

GPtrArray *
_astrix_demo_fields_new (const char *first_key,
                         const char *first_value)
{
  GPtrArray *fields = g_ptr_array_new_full (48, g_free);

  _astrix_demo_fields_add (fields, first_key, first_value);
  return fields;
}

void
_astrix_demo_fields_add (GPtrArray  *fields,
                         const char *key,
                         const char *value)
{
  g_ptr_array_add (fields, g_strdup (key));
  g_ptr_array_add (fields, g_strdup (value != NULL ? value : ""));
}

void
_astrix_demo_fields_add_printf (GPtrArray  *fields,
                                const char *key,
                                const char *format,
                                ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (fields, g_strdup (key));
  g_ptr_array_add (fields, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
add_prefixed (GPtrArray  *fields,
              const char *prefix,
              const char *key,
              char       *value)
{
  g_ptr_array_add (fields, g_strconcat (prefix, key, NULL));
  g_ptr_array_add (fields, value);
}

static char *
or_unknown (const char *value)
{
  return g_strdup (value != NULL && value[0] != '\0' ? value : "<unknown>");
}

static char *
escaped_or_unknown (const char *value)
{
  return value != NULL && value[0] != '\0' ? _astrix_demo_escape_c (value) : g_strdup ("<unknown>");
}

/* Channel, ChannelState, ... Linkedid: the block every channel event carries (with a prefix
 * such as "Spyer" or "Dest" for the events that describe two channels). */
void
_astrix_demo_fields_add_snapshot (GPtrArray         *fields,
                                  const char        *prefix,
                                  AstrixDemoChannel *channel)
{
  add_prefixed (fields, prefix, "Channel", g_strdup (channel->name));
  add_prefixed (fields, prefix, "ChannelState", g_strdup_printf ("%d", channel->state));
  add_prefixed (fields, prefix, "ChannelStateDesc",
                g_strdup (_astrix_demo_state_desc (channel->state)));
  add_prefixed (fields, prefix, "CallerIDNum", or_unknown (channel->caller_num));
  add_prefixed (fields, prefix, "CallerIDName", escaped_or_unknown (channel->caller_name));
  add_prefixed (fields, prefix, "ConnectedLineNum", or_unknown (channel->connected_num));
  add_prefixed (fields, prefix, "ConnectedLineName", escaped_or_unknown (channel->connected_name));
  add_prefixed (fields, prefix, "Language", g_strdup ("en"));
  add_prefixed (fields, prefix, "AccountCode", g_strdup (""));
  add_prefixed (fields, prefix, "Context", g_strdup (channel->context));
  add_prefixed (fields, prefix, "Exten", g_strdup (channel->exten));
  add_prefixed (fields, prefix, "Priority", g_strdup_printf ("%d", channel->priority));
  add_prefixed (fields, prefix, "Uniqueid", g_strdup (channel->uniqueid));
  add_prefixed (fields, prefix, "Linkedid", g_strdup (channel->linkedid));
}

AmiMessage *
_astrix_demo_fields_to_message (GPtrArray *fields)
{
  return ami_message_new_from_pairs ((const char *const *) fields->pdata, fields->len / 2);
}

/* Event and Privilege, as every broadcast event starts. */
GPtrArray *
_astrix_demo_event_new (const char *name,
                        guint       event_class)
{
  GPtrArray *fields = _astrix_demo_fields_new ("Event", name);
  g_autofree char *classes = _astrix_demo_classes_to_string (event_class);

  _astrix_demo_fields_add_printf (fields, "Privilege", "%s,all", classes);
  return fields;
}

/*
 * astman_get_header(): the first field named @key (without regard to case), its raw value with
 * leading blanks skipped, or "" when there is none.
 */
const char *
_astrix_demo_header (AmiMessage *message,
                     const char *key)
{
  guint n = message != NULL ? ami_message_get_n_fields (message) : 0;

  for (guint i = 0; i < n; i++)
    {
      if (g_ascii_strcasecmp (ami_message_get_key (message, i), key) == 0)
        {
          const char *value = ami_message_get_raw_value (message, i, NULL);

          while (*value == ' ' || *value == '\t')
            value++;
          return value;
        }
    }
  return "";
}

/* Whether @value is one of @words (%NULL-terminated), in any case: Asterisk reads application
 * names, booleans and keywords that way. */
gboolean
_astrix_demo_one_of (const char        *value,
                     const char *const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (value, words[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ast_true() */
gboolean
_astrix_demo_true (const char *value)
{
  static const char *const yes[] = { "yes", "true", "y", "t", "1", "on", NULL };

  return _astrix_demo_one_of (value, yes);
}

/* ast_escape_c(): what Asterisk does to caller and connected names in channel snapshots. */
char *
_astrix_demo_escape_c (const char *text)
{
  static const char sequences[] = "\a\b\f\n\r\t\v\\\'\"?";
  static const char replacements[] = "abfnrtv\\\'\"?";
  GString *out = g_string_sized_new (strlen (text) + 8);

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *hit = strchr (sequences, *p);

      if (hit != NULL)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, replacements[hit - sequences]);
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static guint
class_from_name (const char *name)
{
  if (g_ascii_strcasecmp (name, "all") == 0)
    return ASTRIX_DEMO_CLASS_ALL;
  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    {
      if (g_ascii_strcasecmp (name, class_names[i].name) == 0)
        return class_names[i].value;
    }
  return 0;
}

/* "system,call,all" -> bits; unknown names count for nothing, as in manager.conf. */
guint
_astrix_demo_classes_parse (const char *text)
{
  g_auto(GStrv) names = NULL;
  guint classes = 0;

  if (text == NULL)
    return 0;
  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    classes |= class_from_name (g_strstrip (names[i]));
  return classes;
}

char *
_astrix_demo_classes_to_string (guint classes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    {
      if ((classes & class_names[i].value) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, class_names[i].name);
    }
  return g_string_free (out, FALSE);
}

/* The classes named in an event's Privilege (without "all"); 0 when it has none. */
guint
_astrix_demo_event_class (AmiMessage *event)
{
  g_auto(GStrv) names = g_strsplit (_astrix_demo_header (event, "Privilege"), ",", -1);
  guint classes = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (g_strstrip (names[i]), "all") != 0)
        classes |= class_from_name (names[i]);
    }
  return classes;
}

const char *
_astrix_demo_state_desc (AstrixDemoState state)
{
  switch ((int) state)
    {
    case ASTRIX_DEMO_STATE_DOWN:
      return "Down";
    case ASTRIX_DEMO_STATE_RING:
      return "Ring";
    case ASTRIX_DEMO_STATE_RINGING:
      return "Ringing";
    case ASTRIX_DEMO_STATE_UP:
      return "Up";
    case ASTRIX_DEMO_STATE_BUSY:
      return "Busy";
    default:
      return "Unknown";
    }
}

/* ast_cause2str() for the causes the simulator uses */
const char *
_astrix_demo_cause_text (int cause)
{
  switch (cause)
    {
    case 1:
      return "Unallocated (unassigned) number";
    case ASTRIX_DEMO_CAUSE_NORMAL:
      return "Normal Clearing";
    case ASTRIX_DEMO_CAUSE_BUSY:
      return "User busy";
    case 18:
      return "No user responding";
    case ASTRIX_DEMO_CAUSE_NO_ANSWER:
      return "User alerting, no answer";
    case ASTRIX_DEMO_CAUSE_REJECTED:
      return "Call Rejected";
    case 27:
      return "Destination out of order";
    case 31:
      return "Normal, unspecified";
    case ASTRIX_DEMO_CAUSE_CONGESTION:
      return "Circuit/channel congestion";
    default:
      return "Unknown";
    }
}

/* "00:00:29", as CoreShowChannel's Duration */
char *
_astrix_demo_format_duration (gint64 usec)
{
  gint64 seconds = MAX (usec, 0) / G_USEC_PER_SEC;

  return g_strdup_printf ("%02d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                          (int) (seconds % 60));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "astrix-audit-private.h"

/*
 * JSON for the audit log, with json-glib: one flat object a line (invalid UTF-8 replaced, and
 * U+2028/U+2029 escaped so that no reader takes them for line ends), and reading a line back
 * into its top-level members.
 *
 * json-glib 1.6 (Debian 12) has no strict mode: it takes single-quoted strings, unknown
 * escapes, "\u0000" and nesting of any depth. A line is first checked to be made of JSON's own
 * tokens only, so that a garbled line is refused, never half-read, as before.
 */

/* Nesting a line may have: more is not ours. */
#define MAX_DEPTH 16

/* Nothing but JSON tokens: strings with JSON's escapes (no NUL), numbers, literals, space. */
#define JSON_TOKENS \
  "^(?:[ \\t\\r\\n]++|[][{},:]|true|false|null" \
  "|\"(?:[^\"\\\\\\x00-\\x1f]++|\\\\[\"\\\\/bfnrt]|\\\\u(?!0000)[0-9a-fA-F]{4})*+\"" \
  "|-?(?:0|[1-9][0-9]*+)(?:\\.[0-9]++)?(?:[eE][-+]?[0-9]++)?)*+$"

/* Adds "key":"value" to @object, an object being built. NULL is left out. */
void
_astrix_audit_json_add (JsonBuilder *object,
                        const char  *key,
                        const char  *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    return;
  valid = g_utf8_make_valid (value, -1);
  json_builder_set_member_name (object, key);
  json_builder_add_string_value (object, valid);
}

void
_astrix_audit_json_add_int (JsonBuilder *object,
                            const char  *key,
                            gint64       value)
{
  json_builder_set_member_name (object, key);
  json_builder_add_int_value (object, value);
}

/**
 * _astrix_audit_json_finish:
 * @object: an object being built (json_builder_begin_object() done)
 *
 * Returns: (transfer full): the object as one line of text, without its end
 */
GString *
_astrix_audit_json_finish (JsonBuilder *object)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GString *line = g_string_new (NULL);

  json_builder_end_object (object);
  root = json_builder_get_root (object);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  /* JSON allows these two raw in a string; JavaScript and some editors break lines there. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\xe2' && p[1] == '\x80' && (p[2] == '\xa8' || p[2] == '\xa9'))
        {
          g_string_append (line, p[2] == '\xa8' ? "\\u2028" : "\\u2029");
          p += 2;
        }
      else
        g_string_append_c (line, *p);
    }
  return line;
}

/* What the parser saw: how deep the containers went, and how many values stood side by side
 * at the top (json-glib 1.6 reads "{...} {...}" as the first and says nothing of the rest). */
typedef struct
{
  int   depth;
  int   max_depth;
  guint n_top;
} Shape;

static void
container_start (JsonParser *parser,
                 Shape      *shape)
{
  if (shape->depth++ == 0)
    shape->n_top++;
  shape->max_depth = MAX (shape->max_depth, shape->depth);
}

static void
container_end (JsonParser *parser,
               gpointer    container,
               Shape      *shape)
{
  shape->depth--;
}

/* A scalar member as text: numbers and true/false as JSON writes them; NULL for the rest. */
static char *
member_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static gboolean
made_of_json_tokens (const char *text,
                     gsize       length)
{
  static GRegex *tokens;

  if (g_once_init_enter (&tokens))
    g_once_init_leave (&tokens, g_regex_new (JSON_TOKENS, G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_match_full (tokens, text, length, 0, 0, NULL, NULL);
}

/**
 * _astrix_audit_json_parse_object:
 *
 * Returns: (transfer full) (nullable): the top-level members of the one JSON object that is
 *   all of @text (numbers and true/false as text; nulls and nested values left out), or %NULL
 *   when @text is anything else
 */
GHashTable *
_astrix_audit_json_parse_object (const char *text,
                                 gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) members = NULL;
  Shape shape = { 0, 0, 0 };
  JsonObjectIter iter;
  const char *name;
  JsonNode *root;
  JsonNode *node;

  g_signal_connect (parser, "object-start", G_CALLBACK (container_start), &shape);
  g_signal_connect (parser, "array-start", G_CALLBACK (container_start), &shape);
  g_signal_connect (parser, "object-end", G_CALLBACK (container_end), &shape);
  g_signal_connect (parser, "array-end", G_CALLBACK (container_end), &shape);
  /* Valid UTF-8 without NULs, JSON's tokens only, one value and no "var x =" before it. */
  if (!g_utf8_validate_len (text, length, NULL) || !made_of_json_tokens (text, length) ||
      !json_parser_load_from_data (parser, text, length, NULL) ||
      json_parser_has_assignment (parser, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  /* The top object is depth 0, as MAX_DEPTH counts */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) || shape.n_top != 1 ||
      shape.max_depth > MAX_DEPTH + 1)
    return NULL;

  members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &node))
    {
      char *value = member_text (node);

      if (value != NULL)
        g_hash_table_replace (members, g_strdup (name), value);
    }
  return g_steal_pointer (&members);
}

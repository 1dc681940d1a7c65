/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-check-result.h"
#include "astrix-core-enums.h"
#include "astrix-glib-private.h"

/*
 * One row of a server check: what was checked, how it came out, a sentence, and for what
 * failed what to change, with the configuration text to paste where that helps.
 */

struct _AstrixCheckResult
{
  GObject            parent_instance;

  char              *id;            /* stable: "login", "module-app_chanspy", ... */
  char              *title;
  AstrixCheckStatus  status;
  char              *message;
  char              *fix;
  char              *snippet_file;  /* where the snippet goes: "manager.conf", ... */
  char              *snippet;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_STATUS,
  PROP_MESSAGE,
  PROP_FIX,
  PROP_SNIPPET_FILE,
  PROP_SNIPPET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixCheckResult, astrix_check_result, G_TYPE_OBJECT)

static void
astrix_check_result_finalize (GObject *object)
{
  AstrixCheckResult *self = ASTRIX_CHECK_RESULT (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->message);
  g_free (self->fix);
  g_free (self->snippet_file);
  g_free (self->snippet);

  G_OBJECT_CLASS (astrix_check_result_parent_class)->finalize (object);
}

static void
astrix_check_result_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AstrixCheckResult *self = ASTRIX_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FIX:
      g_value_set_string (value, self->fix);
      break;
    case PROP_SNIPPET_FILE:
      g_value_set_string (value, self->snippet_file);
      break;
    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_check_result_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AstrixCheckResult *self = ASTRIX_CHECK_RESULT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;
    case PROP_MESSAGE:
      self->message = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_check_result_class_init (AstrixCheckResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_check_result_finalize;
  object_class->get_property = astrix_check_result_get_property;
  object_class->set_property = astrix_check_result_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, construct);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, ASTRIX_TYPE_CHECK_STATUS,
                                               ASTRIX_CHECK_OK, construct);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, construct);
  properties[PROP_FIX] = g_param_spec_string ("fix", NULL, NULL, NULL, readable);
  properties[PROP_SNIPPET_FILE] = g_param_spec_string ("snippet-file", NULL, NULL, NULL, readable);
  properties[PROP_SNIPPET] = g_param_spec_string ("snippet", NULL, NULL, NULL, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_check_result_init (AstrixCheckResult *self)
{
}

AstrixCheckResult *
astrix_check_result_new (const char        *id,
                         const char        *title,
                         AstrixCheckStatus  status,
                         const char        *message)
{
  return g_object_new (ASTRIX_TYPE_CHECK_RESULT,
                       "id", id,
                       "title", title,
                       "status", status,
                       "message", message,
                       NULL);
}

/**
 * astrix_check_result_set_fix:
 * @fix: (nullable): what to change, as a sentence
 * @snippet_file: (nullable): where @snippet goes ("manager.conf", "extensions.conf", or a
 *   sentence such as "On the PBX" for a command to run)
 * @snippet: (nullable): the text to paste or run
 */
void
astrix_check_result_set_fix (AstrixCheckResult *self,
                             const char        *fix,
                             const char        *snippet_file,
                             const char        *snippet)
{
  g_return_if_fail (ASTRIX_IS_CHECK_RESULT (self));

  if (_astrix_set_str (&self->fix, fix))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIX]);
  if (_astrix_set_str (&self->snippet_file, snippet_file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNIPPET_FILE]);
  if (_astrix_set_str (&self->snippet, snippet))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNIPPET]);
}

const char *
astrix_check_result_get_id (AstrixCheckResult *self)
{
  return self->id;
}

const char *
astrix_check_result_get_title (AstrixCheckResult *self)
{
  return self->title;
}

AstrixCheckStatus
astrix_check_result_get_status (AstrixCheckResult *self)
{
  return self->status;
}

const char *
astrix_check_result_get_message (AstrixCheckResult *self)
{
  return self->message;
}

/* Returns: (nullable): what to change, or %NULL when nothing needs to */
const char *
astrix_check_result_get_fix (AstrixCheckResult *self)
{
  return self->fix;
}

/* Returns: (nullable): where the snippet goes */
const char *
astrix_check_result_get_snippet_file (AstrixCheckResult *self)
{
  return self->snippet_file;
}

/* Returns: (nullable): configuration text to paste, or a command to run */
const char *
astrix_check_result_get_snippet (AstrixCheckResult *self)
{
  return self->snippet;
}

/* Returns: a stable word for scripts and tests: "ok", "warning", ... */
const char *
astrix_check_status_to_string (AstrixCheckStatus status)
{
  switch (status)
    {
    case ASTRIX_CHECK_OK:
      return "ok";
    case ASTRIX_CHECK_OPTIONAL:
      return "optional";
    case ASTRIX_CHECK_WARNING:
      return "warning";
    case ASTRIX_CHECK_UNVERIFIED:
      return "unverified";
    case ASTRIX_CHECK_SKIPPED:
      return "skipped";
    case ASTRIX_CHECK_FAILED:
    default:
      return "failed";
    }
}

/* Returns: the status in words for a supervisor */
const char *
astrix_check_status_describe (AstrixCheckStatus status)
{
  switch (status)
    {
    case ASTRIX_CHECK_OK:
      return _("OK");
    case ASTRIX_CHECK_OPTIONAL:
      return _("Optional, not confirmed");
    case ASTRIX_CHECK_WARNING:
      return _("Warning");
    case ASTRIX_CHECK_UNVERIFIED:
      return _("Could not verify");
    case ASTRIX_CHECK_SKIPPED:
      return _("Not checked");
    case ASTRIX_CHECK_FAILED:
    default:
      return _("Failed");
    }
}

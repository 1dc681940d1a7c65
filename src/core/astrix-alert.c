/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "astrix-alert-private.h"
#include "astrix-glib-private.h"

/*
 * One threshold crossed by one queue or agent: what AstrixAlerts lists while it lasts. The
 * measured value changes while the alert lasts (a wait grows), the rest stays. The value is a
 * count for callers waiting, a percentage for the service level and seconds for the times.
 */

struct _AstrixAlert
{
  GObject          parent_instance;

  AstrixAlertKind  kind;
  char            *subject;       /* queue name, or agent interface */
  char            *subject_name;  /* queue name, or the agent's name as the PBX knows it */
  char            *id;            /* "kind:subject", stable: notification ids, cool-down keys */
  double           value;
  guint            threshold;
  gint64           since;         /* wall-clock microseconds: when the threshold was crossed */
  gboolean         announced;     /* raised was signalled: cleared will be too */
};

enum {
  PROP_0,
  PROP_VALUE,
  PROP_THRESHOLD,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixAlert, astrix_alert, G_TYPE_OBJECT)

static const char * const kind_ids[] = {
  "callers-waiting", "longest-wait", "service-level", "no-agent", "agent-paused", "long-call",
};

/* Returns: the kind's name in ids and in the per-queue overrides ("callers-waiting") */
const char *
astrix_alert_kind_to_key (AstrixAlertKind kind)
{
  g_return_val_if_fail (kind < ASTRIX_ALERT_N_KINDS, NULL);
  return kind_ids[kind];
}

gboolean
astrix_alert_kind_from_key (const char      *key,
                            AstrixAlertKind *kind)
{
  int i = _astrix_name_index (kind_ids, G_N_ELEMENTS (kind_ids), key);

  if (i < 0)
    return FALSE;
  *kind = i;
  return TRUE;
}

AstrixAlert *
_astrix_alert_new (AstrixAlertKind  kind,
                   const char      *subject,
                   const char      *subject_name,
                   guint            threshold,
                   gint64           since)
{
  AstrixAlert *self = g_object_new (ASTRIX_TYPE_ALERT, NULL);

  self->kind = kind;
  self->subject = g_strdup (subject);
  self->subject_name = g_strdup (subject_name != NULL && subject_name[0] != '\0' ? subject_name
                                                                                : subject);
  self->id = g_strdup_printf ("%s:%s", kind_ids[kind], subject);
  self->threshold = threshold;
  self->since = since;
  return self;
}

void
_astrix_alert_update (AstrixAlert *self,
                      double       value,
                      guint        threshold)
{
  gboolean changed = FALSE;

  if (self->value != value)
    {
      self->value = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
      changed = TRUE;
    }
  if (self->threshold != threshold)
    {
      self->threshold = threshold;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
      changed = TRUE;
    }
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gboolean
_astrix_alert_get_announced (AstrixAlert *self)
{
  return self->announced;
}

void
_astrix_alert_set_announced (AstrixAlert *self,
                             gboolean     announced)
{
  self->announced = announced;
}

AstrixAlertKind
_astrix_alert_get_kind (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), 0);
  return self->kind;
}

gboolean
astrix_alert_is_about_agent (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), FALSE);
  return self->kind == ASTRIX_ALERT_AGENT_PAUSED || self->kind == ASTRIX_ALERT_LONG_CALL;
}

/* Returns: the queue's name, or the agent's interface (what app.show-agent takes) */
const char *
astrix_alert_get_subject (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), NULL);
  return self->subject;
}

const char *
astrix_alert_get_subject_name (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), NULL);
  return self->subject_name;
}

/* Returns: "kind:subject", the same each time this alert is raised */
const char *
astrix_alert_get_id (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), NULL);
  return self->id;
}

double
_astrix_alert_get_value (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), 0);
  return self->value;
}

guint
_astrix_alert_get_threshold (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), 0);
  return self->threshold;
}

gint64
_astrix_alert_get_since (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), 0);
  return self->since;
}

const char *
astrix_alert_get_title (AstrixAlert *self)
{
  g_return_val_if_fail (ASTRIX_IS_ALERT (self), NULL);

  switch (self->kind)
    {
    case ASTRIX_ALERT_CALLERS_WAITING:
      return _("Many callers waiting");
    case ASTRIX_ALERT_LONGEST_WAIT:
      return _("Caller waiting long");
    case ASTRIX_ALERT_SERVICE_LEVEL:
      return _("Service level low");
    case ASTRIX_ALERT_NO_AGENT:
      return _("No agent logged in");
    case ASTRIX_ALERT_AGENT_PAUSED:
      return _("Agent paused long");
    case ASTRIX_ALERT_LONG_CALL:
    default:
      return _("Long call");
    }
}

/* Minutes and seconds in words, whole minutes only from ten minutes on */
static char *
duration (double seconds)
{
  guint s = seconds > 0 ? (guint) seconds : 0;

  if (s < 60)
    return g_strdup_printf (_("%u s"), s);
  if (s < 600)
    return g_strdup_printf (_("%u min %u s"), s / 60, s % 60);
  return g_strdup_printf (_("%u min"), s / 60);
}

/* Returns: a sentence on what was crossed, with the value as now measured */
char *
astrix_alert_dup_description (AstrixAlert *self)
{
  g_autofree char *time = NULL;
  guint n = self->value > 0 ? (guint) self->value : 0;

  g_return_val_if_fail (ASTRIX_IS_ALERT (self), NULL);

  switch (self->kind)
    {
    case ASTRIX_ALERT_CALLERS_WAITING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u caller is waiting in %s (alert above %u)",
                                           "%u callers are waiting in %s (alert above %u)", n),
                              n, self->subject_name, self->threshold);
    case ASTRIX_ALERT_LONGEST_WAIT:
      time = duration (self->value);
      return g_strdup_printf (_("A caller has waited %s in %s (alert above %u s)"),
                              time, self->subject_name, self->threshold);
    case ASTRIX_ALERT_SERVICE_LEVEL:
      return g_strdup_printf (_("The service level of %s is %.0f %% today (alert below %u %%)"),
                              self->subject_name, self->value, self->threshold);
    case ASTRIX_ALERT_NO_AGENT:
      return g_strdup_printf (_("No agent is logged in to %s"), self->subject_name);
    case ASTRIX_ALERT_AGENT_PAUSED:
      time = duration (self->value);
      return g_strdup_printf (_("%s has been paused for %s (alert above %u min)"),
                              self->subject_name, time, self->threshold);
    case ASTRIX_ALERT_LONG_CALL:
    default:
      time = duration (self->value);
      return g_strdup_printf (_("%s has been on a call for %s (alert above %u min)"),
                              self->subject_name, time, self->threshold);
    }
}

static void
astrix_alert_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AstrixAlert *self = ASTRIX_ALERT (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;
    case PROP_THRESHOLD:
      g_value_set_uint (value, self->threshold);
      break;
    case PROP_DESCRIPTION:
      g_value_take_string (value, astrix_alert_dup_description (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_alert_finalize (GObject *object)
{
  AstrixAlert *self = ASTRIX_ALERT (object);

  g_free (self->subject);
  g_free (self->subject_name);
  g_free (self->id);

  G_OBJECT_CLASS (astrix_alert_parent_class)->finalize (object);
}

static void
astrix_alert_class_init (AstrixAlertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = astrix_alert_get_property;
  object_class->finalize = astrix_alert_finalize;

  properties[PROP_VALUE] = g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                                                flags);
  properties[PROP_THRESHOLD] = g_param_spec_uint ("threshold", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_alert_init (AstrixAlert *self)
{
}

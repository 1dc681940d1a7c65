/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-audit-private.h"
#include "astrix-core-enums.h"
#include "astrix-glib-private.h"

/*
 * One activity of the audit log (a monitoring session, a playback), folded from the records
 * the log has for it: "start", then "change"s, then "end" (or one "record" with all of it).
 * Its texts for display (when, what, how long, how it ended) are made when asked for.
 */

struct _AstrixAuditEntry
{
  GObject             parent_instance;

  char               *id;
  AstrixAuditKind     kind;
  char               *kind_name;     /* as written, for a kind this version does not know */
  char               *local_user;
  char               *host;
  char               *ami_user;
  char               *server;
  char               *server_uri;
  char               *endpoint;
  char               *target;
  char               *caller;
  char               *detail;        /* the first mode of a session; what a playback played */
  gint64              started;       /* real time, µs; 0 when not recorded */
  gint64              ended;
  AstrixAuditOutcome  outcome;
  char               *reason;
  GPtrArray          *changes;       /* AstrixAuditChange, in time order */
  gboolean            live;          /* going on in this process */

  /* Display texts, made on demand, dropped on every change */
  char               *when_text;
  char               *activity_text;
  char               *duration_text;
  char               *outcome_text;
  char               *search_text;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TARGET,
  PROP_CALLER,
  PROP_SERVER,
  PROP_AMI_USER,
  PROP_LOCAL_USER,
  PROP_STARTED,
  PROP_ENDED,
  PROP_OUTCOME,
  PROP_REASON,
  PROP_LIVE,
  PROP_WHEN_TEXT,
  PROP_ACTIVITY_TEXT,
  PROP_DURATION_TEXT,
  PROP_OUTCOME_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixAuditEntry, astrix_audit_entry, G_TYPE_OBJECT)

static const char *const kind_names[] = {
  "monitor", "phone-playback", "desktop-playback", "call-action", "agent-action"
};
static const char *const outcome_names[] = { "open", "ended", "failed", "interrupted" };

const char *
astrix_audit_kind_to_string (AstrixAuditKind kind)
{
  return kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "other";
}

static AstrixAuditKind
kind_from_string (const char *text)
{
  int i = _astrix_name_index (kind_names, G_N_ELEMENTS (kind_names), text);

  return i >= 0 ? (AstrixAuditKind) i : ASTRIX_AUDIT_OTHER;
}

const char *
astrix_audit_outcome_to_string (AstrixAuditOutcome outcome)
{
  return outcome < G_N_ELEMENTS (outcome_names) ? outcome_names[outcome] : "open";
}

static AstrixAuditOutcome
outcome_from_string (const char *text)
{
  int i = _astrix_name_index (outcome_names, G_N_ELEMENTS (outcome_names), text);

  /* An end record is never "open", and an end we cannot read is still an end. */
  return i > ASTRIX_AUDIT_OUTCOME_OPEN ? (AstrixAuditOutcome) i : ASTRIX_AUDIT_OUTCOME_ENDED;
}

/* Times: ISO 8601 in UTC, to the microsecond */

char *
_astrix_audit_format_time (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (seconds, usec % G_USEC_PER_SEC);

  return g_date_time_format_iso8601 (exact);
}

/* Returns: µs since the epoch, or 0 when @text is no ISO 8601 time */
gint64
_astrix_audit_parse_time (const char *text)
{
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (time == NULL)
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
change_free (AstrixAuditChange *change)
{
  g_free (change->what);
  g_free (change->value);
  g_free (change);
}

/* Display texts */

static void
drop_texts (AstrixAuditEntry *self)
{
  g_clear_pointer (&self->when_text, g_free);
  g_clear_pointer (&self->activity_text, g_free);
  g_clear_pointer (&self->duration_text, g_free);
  g_clear_pointer (&self->outcome_text, g_free);
  g_clear_pointer (&self->search_text, g_free);
}

static char *
format_when (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = NULL;

  if (usec <= 0)
    return g_strdup (_("Unknown time"));
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  clock = g_date_time_format (local, "%H:%M:%S");
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* TRANSLATORS: a time of day today, such as 14:02:33 */
    return g_strdup_printf (_("Today %s"), clock);
  /* TRANSLATORS: a date and time in the activity log, as for g_date_time_format();
   * keep it short, the column is narrow */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
}

static const char *
mode_verb (const char *mode)
{
  if (g_strcmp0 (mode, "whisper") == 0)
    return _("Whisper");
  if (g_strcmp0 (mode, "barge") == 0)
    return _("Barge in");
  if (g_strcmp0 (mode, "listen") == 0)
    return _("Listen");
  return mode;
}

/* What a supervisor did to a call, by the action's name (astrix_call_action_to_string()) */
static char *
call_action_text (const char *action)
{
  static const struct { const char *name; const char *text; } texts[] = {
    { "end-call", N_("Ended the call") },
    { "record-call", N_("Started recording") },
    { "stop-recording", N_("Stopped recording") },
    { "mute-recording", N_("Muted the recording") },
    { "unmute-recording", N_("Unmuted the recording") },
    { "send-to-agent", N_("Sent the caller to an agent") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      if (g_strcmp0 (action, texts[i].name) == 0)
        return g_strdup (_(texts[i].text));
    }
  return g_strdup (action != NULL ? action : _("Unknown activity"));
}

/* The latest value of @what among the changes, or %NULL. */
static const char *
latest_change (AstrixAuditEntry *self,
               const char       *what)
{
  for (guint i = self->changes->len; i > 0; i--)
    {
      AstrixAuditChange *change = g_ptr_array_index (self->changes, i - 1);

      if (g_strcmp0 (change->what, what) == 0)
        return change->value;
    }
  return NULL;
}

/* "Pause Alice Martin in every queue (Lunch)" for an action on an agent. */
static char *
format_agent_action (AstrixAuditEntry *self)
{
  const char *agent = latest_change (self, "agent") ?: self->target ?: "";
  const char *queue = latest_change (self, "queue");
  const char *reason = latest_change (self, "reason");
  const char *penalty = latest_change (self, "penalty") ?: "0";
  const char *action = self->detail != NULL ? self->detail : "";
  g_autofree char *where = queue != NULL && queue[0] != '\0'
                           /* Translators: where an agent was paused: "in support" */
                           ? g_strdup_printf (_("in %s"), queue) : g_strdup (_("in every queue"));

  if (g_str_equal (action, "pause") && reason != NULL && reason[0] != '\0')
    /* Translators: agent, where, reason: "Pause Alice Martin in every queue (Lunch)" */
    return g_strdup_printf (_("Pause %s %s (%s)"), agent, where, reason);
  if (g_str_equal (action, "pause"))
    return g_strdup_printf (_("Pause %s %s"), agent, where);
  if (g_str_equal (action, "unpause"))
    return g_strdup_printf (_("Unpause %s %s"), agent, where);
  if (g_str_equal (action, "add"))
    /* Translators: agent, queue, penalty: "Log Alice Martin into sales (penalty 2)" */
    return g_strdup_printf (_("Log %s into %s (penalty %s)"), agent, queue ?: "", penalty);
  if (g_str_equal (action, "remove"))
    return g_strdup_printf (_("Log %s out of %s"), agent, queue ?: "");
  if (g_str_equal (action, "penalty"))
    /* Translators: agent, penalty, where: "Set Alice Martin’s penalty to 3 in sales" */
    return g_strdup_printf (_("Set %s’s penalty to %s %s"), agent, penalty, where);
  return g_strdup (_("Unknown activity"));
}

/* "Listen → Whisper → Barge in" for a session; what was played for a playback. */
static char *
format_activity (AstrixAuditEntry *self)
{
  GString *out;

  switch (self->kind)
    {
    case ASTRIX_AUDIT_AGENT_ACTION:
      return format_agent_action (self);
    case ASTRIX_AUDIT_PHONE_PLAYBACK:
      return g_strdup (_("Played on the phone"));
    case ASTRIX_AUDIT_DESKTOP_PLAYBACK:
      return g_strdup (_("Played on this computer"));
    case ASTRIX_AUDIT_CALL_ACTION:
      return call_action_text (self->detail);
    case ASTRIX_AUDIT_OTHER:
      return g_strdup (self->kind_name != NULL ? self->kind_name : _("Unknown activity"));
    case ASTRIX_AUDIT_MONITOR:
    default:
      break;
    }
  out = g_string_new (mode_verb (self->detail != NULL ? self->detail : "listen"));
  for (guint i = 0; i < self->changes->len; i++)
    {
      AstrixAuditChange *change = g_ptr_array_index (self->changes, i);

      if (g_strcmp0 (change->what, "mode") == 0 && change->value != NULL)
        g_string_append_printf (out, " → %s", mode_verb (change->value));
    }
  return g_string_free (out, FALSE);
}

static char *
format_duration (AstrixAuditEntry *self)
{
  gint64 seconds;

  if (self->started <= 0 || self->ended < self->started)
    return g_strdup ("");
  seconds = (self->ended - self->started) / G_USEC_PER_SEC;
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
format_outcome (AstrixAuditEntry *self)
{
  const char *reason = self->reason != NULL && self->reason[0] != '\0' ? self->reason : NULL;

  switch (self->outcome)
    {
    case ASTRIX_AUDIT_OUTCOME_ENDED:
      return g_strdup (reason != NULL ? reason : _("Ended"));
    case ASTRIX_AUDIT_OUTCOME_FAILED:
      return reason != NULL ? g_strdup_printf (_("Failed: %s"), reason) : g_strdup (_("Failed"));
    case ASTRIX_AUDIT_OUTCOME_INTERRUPTED:
      return reason != NULL ? g_strdup_printf (_("Interrupted: %s"), reason)
                            : g_strdup (_("Interrupted"));
    case ASTRIX_AUDIT_OUTCOME_OPEN:
    default:
      return g_strdup (self->live ? _("In progress") : _("No end recorded"));
    }
}

/* Updates */

static void
notify_texts (AstrixAuditEntry *self)
{
  drop_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHEN_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME_TEXT]);
}

static void
take_field (char       **field,
            GHashTable  *record,
            const char  *key)
{
  const char *value = g_hash_table_lookup (record, key);

  if (value != NULL)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

static void
apply_start (AstrixAuditEntry *self,
             GHashTable       *record,
             gint64            time)
{
  const char *kind = g_hash_table_lookup (record, "kind");

  if (kind != NULL)
    {
      self->kind = kind_from_string (kind);
      g_free (self->kind_name);
      self->kind_name = g_strdup (kind);
    }
  take_field (&self->local_user, record, "local_user");
  take_field (&self->host, record, "host");
  take_field (&self->ami_user, record, "ami_user");
  take_field (&self->server, record, "server");
  take_field (&self->server_uri, record, "server_uri");
  take_field (&self->endpoint, record, "endpoint");
  take_field (&self->target, record, "target");
  take_field (&self->caller, record, "caller");
  take_field (&self->detail, record, "detail");
  if (time > 0)
    self->started = time;
}

static void
apply_change (AstrixAuditEntry *self,
              GHashTable       *record,
              gint64            time)
{
  AstrixAuditChange *change = g_new0 (AstrixAuditChange, 1);
  guint i = self->changes->len;

  change->time = time;
  change->what = g_strdup (g_hash_table_lookup (record, "what"));
  change->value = g_strdup (g_hash_table_lookup (record, "value"));
  /* In time order, whatever order the lines came in */
  while (i > 0 && ((AstrixAuditChange *) g_ptr_array_index (self->changes, i - 1))->time > time)
    i--;
  g_ptr_array_insert (self->changes, i, change);
}

static void
apply_end (AstrixAuditEntry *self,
           GHashTable       *record,
           gint64            time)
{
  self->outcome = outcome_from_string (g_hash_table_lookup (record, "outcome"));
  take_field (&self->reason, record, "reason");
  if (time > 0)
    self->ended = time;
}

/**
 * _astrix_audit_entry_apply:
 * @record: the members of one line of the log (string to string)
 *
 * Folds one record of this entry's activity into it.
 */
void
_astrix_audit_entry_apply (AstrixAuditEntry *self,
                           GHashTable       *record)
{
  const char *event = g_hash_table_lookup (record, "event");
  gint64 time = _astrix_audit_parse_time (g_hash_table_lookup (record, "time"));

  if (g_strcmp0 (event, "start") == 0)
    apply_start (self, record, time);
  else if (g_strcmp0 (event, "change") == 0)
    apply_change (self, record, time);
  else if (g_strcmp0 (event, "end") == 0)
    apply_end (self, record, time);
  else if (g_strcmp0 (event, "record") == 0)
    {
      apply_start (self, record,
                   _astrix_audit_parse_time (g_hash_table_lookup (record, "started")));
      apply_end (self, record, _astrix_audit_parse_time (g_hash_table_lookup (record, "ended")));
    }
  else
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
  notify_texts (self);
}

void
_astrix_audit_entry_set_live (AstrixAuditEntry *self,
                              gboolean          live)
{
  if (self->live == live)
    return;
  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
  notify_texts (self);
}

AstrixAuditEntry *
_astrix_audit_entry_new (const char *id)
{
  AstrixAuditEntry *self = g_object_new (ASTRIX_TYPE_AUDIT_ENTRY, NULL);

  self->id = g_strdup (id);
  return self;
}

/* The object */

static void
astrix_audit_entry_finalize (GObject *object)
{
  AstrixAuditEntry *self = ASTRIX_AUDIT_ENTRY (object);

  g_free (self->id);
  g_free (self->kind_name);
  g_free (self->local_user);
  g_free (self->host);
  g_free (self->ami_user);
  g_free (self->server);
  g_free (self->server_uri);
  g_free (self->endpoint);
  g_free (self->target);
  g_free (self->caller);
  g_free (self->detail);
  g_free (self->reason);
  g_ptr_array_unref (self->changes);
  drop_texts (self);

  G_OBJECT_CLASS (astrix_audit_entry_parent_class)->finalize (object);
}

static void
astrix_audit_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AstrixAuditEntry *self = ASTRIX_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_TARGET: g_value_set_string (value, self->target); break;
    case PROP_CALLER: g_value_set_string (value, self->caller); break;
    case PROP_SERVER: g_value_set_string (value, self->server); break;
    case PROP_AMI_USER: g_value_set_string (value, self->ami_user); break;
    case PROP_LOCAL_USER: g_value_set_string (value, self->local_user); break;
    case PROP_STARTED: g_value_set_int64 (value, self->started); break;
    case PROP_ENDED: g_value_set_int64 (value, self->ended); break;
    case PROP_OUTCOME: g_value_set_enum (value, self->outcome); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_LIVE: g_value_set_boolean (value, self->live); break;
    case PROP_WHEN_TEXT:
      g_value_set_string (value, astrix_audit_entry_get_when_text (self));
      break;
    case PROP_ACTIVITY_TEXT:
      g_value_set_string (value, astrix_audit_entry_get_activity_text (self));
      break;
    case PROP_DURATION_TEXT:
      g_value_set_string (value, astrix_audit_entry_get_duration_text (self));
      break;
    case PROP_OUTCOME_TEXT:
      g_value_set_string (value, astrix_audit_entry_get_outcome_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
astrix_audit_entry_class_init (AstrixAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_audit_entry_finalize;
  object_class->get_property = astrix_audit_entry_get_property;

  properties[PROP_ID] = string_property ("id");
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, ASTRIX_TYPE_AUDIT_KIND,
                                             ASTRIX_AUDIT_MONITOR, flags);
  properties[PROP_TARGET] = string_property ("target");
  properties[PROP_CALLER] = string_property ("caller");
  properties[PROP_SERVER] = string_property ("server");
  properties[PROP_AMI_USER] = string_property ("ami-user");
  properties[PROP_LOCAL_USER] = string_property ("local-user");
  properties[PROP_STARTED] = g_param_spec_int64 ("started", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ENDED] = g_param_spec_int64 ("ended", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_OUTCOME] = g_param_spec_enum ("outcome", NULL, NULL, ASTRIX_TYPE_AUDIT_OUTCOME,
                                                ASTRIX_AUDIT_OUTCOME_OPEN, flags);
  properties[PROP_REASON] = string_property ("reason");
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, flags);
  properties[PROP_WHEN_TEXT] = string_property ("when-text");
  properties[PROP_ACTIVITY_TEXT] = string_property ("activity-text");
  properties[PROP_DURATION_TEXT] = string_property ("duration-text");
  properties[PROP_OUTCOME_TEXT] = string_property ("outcome-text");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_audit_entry_init (AstrixAuditEntry *self)
{
  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
}

/* Getters */

const char *
astrix_audit_entry_get_id (AstrixAuditEntry *self)
{
  return self->id;
}

AstrixAuditKind
_astrix_audit_entry_get_kind (AstrixAuditEntry *self)
{
  return self->kind;
}

/* Returns: (nullable): the account at this computer (who was at the desk) */
const char *
astrix_audit_entry_get_local_user (AstrixAuditEntry *self)
{
  return self->local_user;
}

/* Returns: (nullable): this computer's name */
const char *
astrix_audit_entry_get_host (AstrixAuditEntry *self)
{
  return self->host;
}

const char *
_astrix_audit_entry_get_ami_user (AstrixAuditEntry *self)
{
  return self->ami_user;
}

const char *
_astrix_audit_entry_get_server (AstrixAuditEntry *self)
{
  return self->server;
}

const char *
_astrix_audit_entry_get_endpoint (AstrixAuditEntry *self)
{
  return self->endpoint;
}

/* Returns: (nullable): the monitored channel, or the recording played */
const char *
_astrix_audit_entry_get_target (AstrixAuditEntry *self)
{
  return self->target;
}

const char *
_astrix_audit_entry_get_caller (AstrixAuditEntry *self)
{
  return self->caller;
}

/* Returns: (nullable): a session's first mode ("listen"), or a playback's detail */
const char *
_astrix_audit_entry_get_detail (AstrixAuditEntry *self)
{
  return self->detail;
}

/* Returns: when it started, real time in µs (0: not recorded) */
gint64
astrix_audit_entry_get_started (AstrixAuditEntry *self)
{
  return self->started;
}

/* Returns: when it ended, real time in µs (0: no end recorded) */
gint64
_astrix_audit_entry_get_ended (AstrixAuditEntry *self)
{
  return self->ended;
}

AstrixAuditOutcome
astrix_audit_entry_get_outcome (AstrixAuditEntry *self)
{
  return self->outcome;
}

const char *
_astrix_audit_entry_get_reason (AstrixAuditEntry *self)
{
  return self->reason;
}

/* Returns: (transfer none) (element-type AstrixAuditChange): the changes, in time order */
GPtrArray *
_astrix_audit_entry_get_changes (AstrixAuditEntry *self)
{
  return self->changes;
}

/* Returns: whether it is going on in this process (its end is still to be written) */
gboolean
astrix_audit_entry_get_live (AstrixAuditEntry *self)
{
  return self->live;
}

const char *
astrix_audit_entry_get_when_text (AstrixAuditEntry *self)
{
  if (self->when_text == NULL)
    self->when_text = format_when (self->started);
  return self->when_text;
}

const char *
astrix_audit_entry_get_activity_text (AstrixAuditEntry *self)
{
  if (self->activity_text == NULL)
    self->activity_text = format_activity (self);
  return self->activity_text;
}

const char *
astrix_audit_entry_get_duration_text (AstrixAuditEntry *self)
{
  if (self->duration_text == NULL)
    self->duration_text = format_duration (self);
  return self->duration_text;
}

const char *
astrix_audit_entry_get_outcome_text (AstrixAuditEntry *self)
{
  if (self->outcome_text == NULL)
    self->outcome_text = format_outcome (self);
  return self->outcome_text;
}

/* Searching */

static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static const char *
search_text (AstrixAuditEntry *self)
{
  const char *parts[] = {
    self->target, self->caller, self->server, self->server_uri, self->ami_user,
    self->local_user, self->host, self->endpoint, self->detail, self->reason,
    astrix_audit_entry_get_when_text (self), astrix_audit_entry_get_activity_text (self),
    astrix_audit_entry_get_outcome_text (self),
  };
  g_autoptr(GString) all = g_string_new (NULL);

  if (self->search_text != NULL)
    return self->search_text;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] != NULL)
        g_string_append_printf (all, "%s\n", parts[i]);
    }
  self->search_text = fold (all->str);
  return self->search_text;
}

/**
 * astrix_audit_entry_matches:
 * @query: (nullable): words to look for
 *
 * Returns: whether every word of @query is in what the entry shows or records (channel,
 *   caller, server, users, modes, outcome, time), without regard to case; %TRUE for no words
 */
gboolean
astrix_audit_entry_matches (AstrixAuditEntry *self,
                            const char       *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  const char *text;

  g_return_val_if_fail (ASTRIX_IS_AUDIT_ENTRY (self), FALSE);

  if (query == NULL || query[0] == '\0')
    return TRUE;
  folded = fold (query);
  words = g_strsplit_set (folded, " \t\n", -1);
  text = search_text (self);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0' && strstr (text, words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "astrix-channel-private.h"
#include "astrix-core-enums.h"
#include "astrix-glib-private.h"

/*
 * One live channel of the PBX, keyed by its Uniqueid, updated in place from AMI events by the
 * channel store. Setters notify only real changes, so a storm of events that repeat what is
 * known costs no signal emissions.
 */

typedef struct
{
  char *uniqueid;
  char *name;
  char *caller;
} Spyer;

struct _AstrixChannel
{
  GObject    parent_instance;

  char      *uniqueid;
  char      *linkedid;
  char      *name;
  int        state;
  char      *state_desc;
  char      *caller_num;
  char      *caller_name;
  char      *connected_num;
  char      *connected_name;
  char      *context;
  char      *exten;
  char      *application;
  char      *application_data;
  char      *bridge_id;
  char      *peer;             /* name of the other channel in the same bridge */
  char      *spying_on;        /* set when this channel is a ChanSpy: the spyee's name */
  char      *spy_group;        /* SPYGROUP, when the PBX exposes it (channelvars) */
  char      *server;
  char      *monitored_by;     /* display text derived from spyers */
  GPtrArray *spyers;           /* Spyer: who is listening to this channel now */
  gint64     created;          /* wall-clock microseconds */
  gboolean   outside_groups;   /* its SPYGROUP is none of the supervisor's spy groups */
  gboolean   on_hold;          /* between a Hold and an Unhold event */
  guint      n_recordings;     /* MixMonitors running: MixMonitorStart minus MixMonitorStop */
  gboolean   recording_muted;  /* the last MixMonitorMute said State: 1 */

  gboolean   gone;             /* hung up; leaves the list at the next flush */
};

enum {
  PROP_0,
  PROP_UNIQUEID,
  PROP_LINKEDID,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_DESC,
  PROP_CALLER_NUM,
  PROP_CALLER_NAME,
  PROP_CONNECTED_NUM,
  PROP_CONNECTED_NAME,
  PROP_CONTEXT,
  PROP_EXTEN,
  PROP_APPLICATION,
  PROP_APPLICATION_DATA,
  PROP_BRIDGE_ID,
  PROP_PEER,
  PROP_MONITORED_BY,
  PROP_SPYING_ON,
  PROP_SPY_GROUP,
  PROP_SERVER,
  PROP_CREATED,
  PROP_CALLER,
  PROP_TALKING_TO,
  PROP_MONITORED,
  PROP_STATE_LABEL,
  PROP_OUTSIDE_GROUPS,
  PROP_ON_HOLD,
  PROP_RECORDING_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixChannel, astrix_channel, G_TYPE_OBJECT)

static void
spyer_free (Spyer *spyer)
{
  g_free (spyer->uniqueid);
  g_free (spyer->name);
  g_free (spyer->caller);
  g_free (spyer);
}

/* Asterisk's own "no value". */
static gboolean
is_unknown (const char *value)
{
  return value == NULL || value[0] == '\0' || strcmp (value, "<unknown>") == 0;
}

/**
 * astrix_unescape_caller_name:
 *
 * Asterisk C-escapes caller names in AMI (`\"`, `\\`, `\n` ...); this undoes it for display.
 * Control characters that result are shown as spaces.
 *
 * Returns: (transfer full): the name as a person wrote it
 */
char *
astrix_unescape_caller_name (const char *escaped)
{
  GString *out;

  if (escaped == NULL)
    return NULL;

  out = g_string_sized_new (strlen (escaped));
  for (const char *p = escaped; *p != '\0'; p++)
    {
      char c = *p;

      if (c == '\\' && p[1] != '\0')
        {
          p++;
          switch (*p)
            {
            case 'n': case 'r': case 't': case 'a': case 'b': case 'f': case 'v':
              c = ' ';
              break;
            default:
              c = *p;
              break;
            }
        }
      else if ((guchar) c < 0x20)
        {
          c = ' ';
        }
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
set_string_prop (AstrixChannel  *self,
                 char          **field,
                 const char     *value,
                 guint           prop)
{
  if (_astrix_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
astrix_channel_finalize (GObject *object)
{
  AstrixChannel *self = ASTRIX_CHANNEL (object);

  g_free (self->uniqueid);
  g_free (self->linkedid);
  g_free (self->name);
  g_free (self->state_desc);
  g_free (self->caller_num);
  g_free (self->caller_name);
  g_free (self->connected_num);
  g_free (self->connected_name);
  g_free (self->context);
  g_free (self->exten);
  g_free (self->application);
  g_free (self->application_data);
  g_free (self->bridge_id);
  g_free (self->peer);
  g_free (self->spying_on);
  g_free (self->spy_group);
  g_free (self->server);
  g_free (self->monitored_by);
  g_clear_pointer (&self->spyers, g_ptr_array_unref);

  G_OBJECT_CLASS (astrix_channel_parent_class)->finalize (object);
}

static void
astrix_channel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AstrixChannel *self = ASTRIX_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_UNIQUEID:
      g_value_set_string (value, self->uniqueid);
      break;
    case PROP_LINKEDID:
      g_value_set_string (value, self->linkedid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATE_DESC:
      g_value_set_string (value, self->state_desc);
      break;
    case PROP_CALLER_NUM:
      g_value_set_string (value, self->caller_num);
      break;
    case PROP_CALLER_NAME:
      g_value_set_string (value, self->caller_name);
      break;
    case PROP_CONNECTED_NUM:
      g_value_set_string (value, self->connected_num);
      break;
    case PROP_CONNECTED_NAME:
      g_value_set_string (value, self->connected_name);
      break;
    case PROP_CONTEXT:
      g_value_set_string (value, self->context);
      break;
    case PROP_EXTEN:
      g_value_set_string (value, self->exten);
      break;
    case PROP_APPLICATION:
      g_value_set_string (value, self->application);
      break;
    case PROP_APPLICATION_DATA:
      g_value_set_string (value, self->application_data);
      break;
    case PROP_BRIDGE_ID:
      g_value_set_string (value, self->bridge_id);
      break;
    case PROP_PEER:
      g_value_set_string (value, self->peer);
      break;
    case PROP_MONITORED_BY:
      g_value_set_string (value, self->monitored_by);
      break;
    case PROP_SPYING_ON:
      g_value_set_string (value, self->spying_on);
      break;
    case PROP_SPY_GROUP:
      g_value_set_string (value, self->spy_group);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_CALLER:
      g_value_take_string (value, astrix_channel_dup_caller (self));
      break;
    case PROP_TALKING_TO:
      g_value_take_string (value, astrix_channel_dup_talking_to (self));
      break;
    case PROP_MONITORED:
      g_value_set_boolean (value, self->spyers->len > 0);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, astrix_channel_get_state_label (self));
      break;
    case PROP_ON_HOLD:
      g_value_set_boolean (value, self->on_hold);
      break;
    case PROP_OUTSIDE_GROUPS:
      g_value_set_boolean (value, self->outside_groups);
      break;
    case PROP_RECORDING_STATE:
      g_value_set_enum (value, astrix_channel_get_recording_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
astrix_channel_class_init (AstrixChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = astrix_channel_finalize;
  object_class->get_property = astrix_channel_get_property;

  properties[PROP_UNIQUEID] = string_prop ("uniqueid");
  properties[PROP_LINKEDID] = string_prop ("linkedid");
  properties[PROP_NAME] = string_prop ("name");
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_DESC] = string_prop ("state-desc");
  properties[PROP_CALLER_NUM] = string_prop ("caller-num");
  properties[PROP_CALLER_NAME] = string_prop ("caller-name");
  properties[PROP_CONNECTED_NUM] = string_prop ("connected-num");
  properties[PROP_CONNECTED_NAME] = string_prop ("connected-name");
  properties[PROP_CONTEXT] = string_prop ("context");
  properties[PROP_EXTEN] = string_prop ("exten");
  properties[PROP_APPLICATION] = string_prop ("application");
  properties[PROP_APPLICATION_DATA] = string_prop ("application-data");
  properties[PROP_BRIDGE_ID] = string_prop ("bridge-id");
  properties[PROP_PEER] = string_prop ("peer");
  properties[PROP_MONITORED_BY] = string_prop ("monitored-by");
  properties[PROP_SPYING_ON] = string_prop ("spying-on");
  properties[PROP_SPY_GROUP] = string_prop ("spy-group");
  properties[PROP_SERVER] = string_prop ("server");
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* For display: "Name <number>" of the caller, and of whom the channel talks to. */
  properties[PROP_CALLER] = string_prop ("caller");
  properties[PROP_TALKING_TO] = string_prop ("talking-to");
  properties[PROP_MONITORED] =
    g_param_spec_boolean ("monitored", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The state in words, translated. */
  properties[PROP_STATE_LABEL] = string_prop ("state-label");
  /* Outside the supervisor's spy groups: Asterisk would not let them monitor it. */
  properties[PROP_OUTSIDE_GROUPS] =
    g_param_spec_boolean ("outside-groups", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ON_HOLD] =
    g_param_spec_boolean ("on-hold", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDING_STATE] =
    g_param_spec_enum ("recording-state", NULL, NULL, ASTRIX_TYPE_RECORDING_STATE,
                       ASTRIX_RECORDING_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_channel_init (AstrixChannel *self)
{
  self->state = -1;
  self->spyers = g_ptr_array_new_with_free_func ((GDestroyNotify) spyer_free);
}

AstrixChannel *
_astrix_channel_new (const char *uniqueid,
                     const char *server)
{
  AstrixChannel *self = g_object_new (ASTRIX_TYPE_CHANNEL, NULL);

  self->uniqueid = g_strdup (uniqueid);
  self->server = g_strdup (server);
  self->created = g_get_real_time ();
  return self;
}

static const char *
field (AmiMessage *message,
       const char *prefix,
       const char *key,
       char       *buffer,
       gsize       size)
{
  if (prefix == NULL || prefix[0] == '\0')
    return ami_message_get (message, key);
  g_snprintf (buffer, size, "%s%s", prefix, key);
  return ami_message_get (message, buffer);
}

static void
update_caller_field (AstrixChannel  *self,
                     char          **target,
                     const char     *value,
                     gboolean        is_name,
                     guint           prop,
                     gboolean       *caller_changed)
{
  g_autofree char *clean = NULL;

  if (value == NULL)
    return;
  clean = is_unknown (value) ? NULL
          : is_name ? astrix_unescape_caller_name (value)
          : g_strdup (value);
  if (_astrix_set_str (target, clean))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
      *caller_changed = TRUE;
    }
}

/**
 * _astrix_channel_update_snapshot:
 * @prefix: (nullable): "" for the channel of an event, or the prefix of a second snapshot
 *   ("Spyee", "Dest" ...)
 *
 * Takes the channel snapshot block of an AMI event (Channel, ChannelState, CallerIDNum ...).
 *
 * Returns: whether anything changed
 */
gboolean
_astrix_channel_update_snapshot (AstrixChannel *self,
                                 AmiMessage    *message,
                                 const char    *prefix)
{
  char buffer[64];
  const char *value;
  gboolean caller_changed = FALSE;
  gboolean talking_changed = FALSE;
  gboolean changed = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if ((value = field (message, prefix, "Channel", buffer, sizeof buffer)) != NULL &&
      _astrix_set_str (&self->name, value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
      changed = TRUE;
    }
  if ((value = field (message, prefix, "ChannelState", buffer, sizeof buffer)) != NULL)
    {
      int state = (int) g_ascii_strtoll (value, NULL, 10);

      if (state != self->state)
        {
          self->state = state;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
          changed = TRUE;
        }
    }
  if ((value = field (message, prefix, "ChannelStateDesc", buffer, sizeof buffer)) != NULL &&
      _astrix_set_str (&self->state_desc, value))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_DESC]);
      changed = TRUE;
    }

  update_caller_field (self, &self->caller_num,
                       field (message, prefix, "CallerIDNum", buffer, sizeof buffer),
                       FALSE, PROP_CALLER_NUM, &caller_changed);
  update_caller_field (self, &self->caller_name,
                       field (message, prefix, "CallerIDName", buffer, sizeof buffer),
                       TRUE, PROP_CALLER_NAME, &caller_changed);
  update_caller_field (self, &self->connected_num,
                       field (message, prefix, "ConnectedLineNum", buffer, sizeof buffer),
                       FALSE, PROP_CONNECTED_NUM, &talking_changed);
  update_caller_field (self, &self->connected_name,
                       field (message, prefix, "ConnectedLineName", buffer, sizeof buffer),
                       TRUE, PROP_CONNECTED_NAME, &talking_changed);
  if (caller_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALLER]);
  if (talking_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TALKING_TO]);

  if ((value = field (message, prefix, "Context", buffer, sizeof buffer)) != NULL &&
      _astrix_set_str (&self->context, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  if ((value = field (message, prefix, "Exten", buffer, sizeof buffer)) != NULL &&
      _astrix_set_str (&self->exten, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTEN]);
  if ((value = field (message, prefix, "Linkedid", buffer, sizeof buffer)) != NULL &&
      _astrix_set_str (&self->linkedid, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKEDID]);

  g_object_thaw_notify (G_OBJECT (self));

  return changed || caller_changed || talking_changed;
}

void
_astrix_channel_set_name (AstrixChannel *self,
                          const char    *name)
{
  set_string_prop (self, &self->name, name, PROP_NAME);
}

void
_astrix_channel_set_application (AstrixChannel *self,
                                 const char    *application,
                                 const char    *data)
{
  set_string_prop (self, &self->application, application, PROP_APPLICATION);
  set_string_prop (self, &self->application_data, data, PROP_APPLICATION_DATA);
}

void
_astrix_channel_set_bridge_id (AstrixChannel *self,
                               const char    *bridge_id)
{
  set_string_prop (self, &self->bridge_id, is_unknown (bridge_id) ? NULL : bridge_id,
                   PROP_BRIDGE_ID);
}

void
_astrix_channel_set_peer (AstrixChannel *self,
                          const char    *peer)
{
  if (_astrix_set_str (&self->peer, peer))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TALKING_TO]);
    }
}

void
_astrix_channel_set_created (AstrixChannel *self,
                             gint64         created)
{
  if (self->created == created)
    return;
  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

void
_astrix_channel_set_spy_group (AstrixChannel *self,
                               const char    *spy_group)
{
  set_string_prop (self, &self->spy_group, spy_group, PROP_SPY_GROUP);
}

void
_astrix_channel_set_spying_on (AstrixChannel *self,
                               const char    *spyee)
{
  if (_astrix_set_str (&self->spying_on, spyee))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPYING_ON]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TALKING_TO]);
    }
}

static void
update_monitored_by (AstrixChannel *self)
{
  gboolean was_monitored = self->monitored_by != NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->spyers->len; i++)
    {
      Spyer *spyer = g_ptr_array_index (self->spyers, i);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, spyer->caller != NULL ? spyer->caller : spyer->name);
    }
  set_string_prop (self, &self->monitored_by, text->len > 0 ? text->str : NULL,
                   PROP_MONITORED_BY);
  if (was_monitored != (self->monitored_by != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITORED]);
}

/* Records a ChanSpy listening to this channel (ours or another supervisor's). */
void
_astrix_channel_add_spyer (AstrixChannel *self,
                           const char    *spyer_uniqueid,
                           const char    *spyer_name,
                           const char    *spyer_caller)
{
  Spyer *spyer;

  for (guint i = 0; i < self->spyers->len; i++)
    {
      if (g_strcmp0 (((Spyer *) g_ptr_array_index (self->spyers, i))->uniqueid,
                     spyer_uniqueid) == 0)
        return;
    }

  spyer = g_new0 (Spyer, 1);
  spyer->uniqueid = g_strdup (spyer_uniqueid);
  spyer->name = g_strdup (spyer_name);
  spyer->caller = is_unknown (spyer_caller) ? NULL : astrix_unescape_caller_name (spyer_caller);
  g_ptr_array_add (self->spyers, spyer);
  update_monitored_by (self);
}

gboolean
_astrix_channel_remove_spyer (AstrixChannel *self,
                              const char    *spyer_uniqueid)
{
  for (guint i = 0; i < self->spyers->len; i++)
    {
      if (g_strcmp0 (((Spyer *) g_ptr_array_index (self->spyers, i))->uniqueid,
                     spyer_uniqueid) == 0)
        {
          g_ptr_array_remove_index (self->spyers, i);
          update_monitored_by (self);
          return TRUE;
        }
    }
  return FALSE;
}

guint
_astrix_channel_get_n_spyers (AstrixChannel *self)
{
  return self->spyers->len;
}

/* Returns: whether the value changed */
gboolean
_astrix_channel_set_outside_groups (AstrixChannel *self,
                                    gboolean       outside)
{
  if (self->outside_groups == !!outside)
    return FALSE;
  self->outside_groups = !!outside;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTSIDE_GROUPS]);
  return TRUE;
}

gboolean
astrix_channel_get_outside_groups (AstrixChannel *self)
{
  return self->outside_groups;
}

void
_astrix_channel_set_on_hold (AstrixChannel *self,
                             gboolean       on_hold)
{
  if (self->on_hold == !!on_hold)
    return;
  self->on_hold = !!on_hold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_HOLD]);
}

/* Returns: whether a party put this channel on hold (Hold, until Unhold) */
gboolean
astrix_channel_get_on_hold (AstrixChannel *self)
{
  return self->on_hold;
}

/*
 * MixMonitorStart / MixMonitorMute (Direction, State) / MixMonitorStop, class call (captures 12
 * and 35). They carry no file name and no MixMonitor id, so several recordings of one channel
 * (the dialplan's and one started on demand) are only counted. Mute is per recording in
 * Asterisk, but the events do not say which: the last one counts for the channel. A channel
 * found by CoreShowChannels shows no recording: nothing in that list says whether one runs.
 */
void
_astrix_channel_handle_mixmonitor (AstrixChannel *self,
                                   const char    *event,
                                   AmiMessage    *message)
{
  AstrixRecordingState before = astrix_channel_get_recording_state (self);

  if (strcmp (event, "MixMonitorStart") == 0)
    self->n_recordings++;
  else if (strcmp (event, "MixMonitorStop") == 0 && self->n_recordings > 0)
    self->n_recordings--;
  else if (strcmp (event, "MixMonitorMute") == 0)
    self->recording_muted = g_strcmp0 (ami_message_get (message, "State"), "1") == 0;
  if (self->n_recordings == 0)
    self->recording_muted = FALSE;
  if (astrix_channel_get_recording_state (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_STATE]);
}

/* Returns: whether MixMonitor records the channel now, and whether that recording is muted */
AstrixRecordingState
astrix_channel_get_recording_state (AstrixChannel *self)
{
  g_return_val_if_fail (ASTRIX_IS_CHANNEL (self), ASTRIX_RECORDING_NONE);

  if (self->n_recordings == 0)
    return ASTRIX_RECORDING_NONE;
  return self->recording_muted ? ASTRIX_RECORDING_MUTED : ASTRIX_RECORDING_ACTIVE;
}

gboolean
_astrix_channel_get_gone (AstrixChannel *self)
{
  return self->gone;
}

void
_astrix_channel_set_gone (AstrixChannel *self,
                          gboolean       gone)
{
  self->gone = gone;
}

const char *
astrix_channel_get_uniqueid (AstrixChannel *self)
{
  return self->uniqueid;
}

const char *
astrix_channel_get_linkedid (AstrixChannel *self)
{
  return self->linkedid;
}

const char *
astrix_channel_get_name (AstrixChannel *self)
{
  return self->name;
}

int
astrix_channel_get_state (AstrixChannel *self)
{
  return self->state;
}

const char *
_astrix_channel_get_state_desc (AstrixChannel *self)
{
  return self->state_desc;
}

const char *
astrix_channel_get_caller_num (AstrixChannel *self)
{
  return self->caller_num;
}

const char *
astrix_channel_get_caller_name (AstrixChannel *self)
{
  return self->caller_name;
}

const char *
astrix_channel_get_connected_num (AstrixChannel *self)
{
  return self->connected_num;
}

const char *
astrix_channel_get_connected_name (AstrixChannel *self)
{
  return self->connected_name;
}

const char *
astrix_channel_get_application (AstrixChannel *self)
{
  return self->application;
}

const char *
astrix_channel_get_application_data (AstrixChannel *self)
{
  return self->application_data;
}

const char *
astrix_channel_get_bridge_id (AstrixChannel *self)
{
  return self->bridge_id;
}

/* Returns: (nullable): the name of the other channel in this channel's bridge */
const char *
_astrix_channel_get_peer (AstrixChannel *self)
{
  return self->peer;
}

/**
 * astrix_channel_get_state_label:
 *
 * Returns: the channel state in words (Asterisk's numeric ChannelState, translated)
 */
const char *
astrix_channel_get_state_label (AstrixChannel *self)
{
  switch (self->state)
    {
    case 0: return C_("channel state", "Down");
    case 1: return C_("channel state", "Reserved");
    case 2: return C_("channel state", "Off hook");
    case 3: return C_("channel state", "Dialing");
    case 4: return C_("channel state", "Ringing");
    case 5: return C_("channel state", "Ringing");
    case 6: return C_("channel state", "Talking");
    case 7: return C_("channel state", "Busy");
    case 8: return C_("channel state", "Dialing");
    case 9: return C_("channel state", "Pre-ring");
    default: return self->state_desc != NULL ? self->state_desc : C_("channel state", "Unknown");
    }
}

/* Returns: (nullable): who is monitoring this channel, for display */
const char *
astrix_channel_get_monitored_by (AstrixChannel *self)
{
  return self->monitored_by;
}

/* Returns: (nullable): for a ChanSpy channel, the channel it is spying on */
const char *
astrix_channel_get_spying_on (AstrixChannel *self)
{
  return self->spying_on;
}

const char *
astrix_channel_get_spy_group (AstrixChannel *self)
{
  return self->spy_group;
}

const char *
_astrix_channel_get_server (AstrixChannel *self)
{
  return self->server;
}

/* Returns: when the channel came up, in g_get_real_time() microseconds */
gint64
astrix_channel_get_created (AstrixChannel *self)
{
  return self->created;
}

/* "Name <number>", the name alone when it is the number: how a party is shown (a channel's
 * caller, a call's customer and agent). */
char *
_astrix_name_and_number (const char *name,
                         const char *number)
{
  if (name != NULL && number != NULL && g_strcmp0 (name, number) != 0)
    return g_strdup_printf ("%s <%s>", name, number);
  return g_strdup (name != NULL ? name : number);
}

/* Returns: (transfer full) (nullable): "Name <number>" of the caller */
char *
astrix_channel_dup_caller (AstrixChannel *self)
{
  return _astrix_name_and_number (self->caller_name, self->caller_num);
}

/* Returns: (transfer full) (nullable): who the channel talks to (connected line, or peer) */
char *
astrix_channel_dup_talking_to (AstrixChannel *self)
{
  char *connected;

  /* A ChanSpy channel talks to nobody: it listens to another channel. */
  if (self->spying_on != NULL)
    return g_strdup_printf (_("Monitoring %s"), self->spying_on);

  connected = _astrix_name_and_number (self->connected_name, self->connected_num);

  if (connected != NULL)
    return connected;
  return g_strdup (self->peer);
}

gboolean
_astrix_channel_is_monitored (AstrixChannel *self)
{
  return self->spyers->len > 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-channel.h"
#include "astrix-queue-private.h"

/*
 * A caller waiting in a queue: from QueueStatus's QueueEntry items or QueueCallerJoin, gone at
 * QueueCallerLeave. The wait ticks in the view from #AstrixQueueCaller:joined.
 */

struct _AstrixQueueCaller
{
  GObject  parent_instance;

  char    *queue;
  char    *uniqueid;
  char    *caller_num;
  char    *caller_name;   /* unescaped */
  guint    position;      /* 1 = next to be answered */
  gint64   joined;        /* wall-clock microseconds of the store's clock */
};

enum {
  PROP_0,
  PROP_POSITION,
  PROP_JOINED,
  PROP_CALLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixQueueCaller, astrix_queue_caller, G_TYPE_OBJECT)

static const char *
known (const char *value)
{
  return g_strcmp0 (value, "<unknown>") == 0 ? NULL : value;
}

/* @message: a QueueEntry item or a QueueCallerJoin event */
AstrixQueueCaller *
_astrix_queue_caller_new (const char *queue,
                          AmiMessage *message,
                          gint64      joined)
{
  AstrixQueueCaller *self = g_object_new (ASTRIX_TYPE_QUEUE_CALLER, NULL);
  const char *position = ami_message_get (message, "Position");

  self->queue = g_strdup (queue);
  self->uniqueid = g_strdup (ami_message_get (message, "Uniqueid"));
  self->caller_num = g_strdup (known (ami_message_get (message, "CallerIDNum")));
  self->caller_name = astrix_unescape_caller_name (known (ami_message_get (message,
                                                                          "CallerIDName")));
  self->position = position != NULL ? g_ascii_strtoull (position, NULL, 10) : 0;
  self->joined = joined;
  return self;
}

void
_astrix_queue_caller_set_position (AstrixQueueCaller *self,
                                   guint              position)
{
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

const char *
astrix_queue_caller_get_uniqueid (AstrixQueueCaller *self)
{
  return self->uniqueid;
}

/* Returns: (transfer full): "Name <number>", or whichever of the two is known */
char *
astrix_queue_caller_dup_caller (AstrixQueueCaller *self)
{
  gboolean has_name = self->caller_name != NULL && self->caller_name[0] != '\0';
  gboolean has_num = self->caller_num != NULL && self->caller_num[0] != '\0';

  if (has_name && has_num)
    return g_strdup_printf ("%s <%s>", self->caller_name, self->caller_num);
  return g_strdup (has_name ? self->caller_name : has_num ? self->caller_num : "");
}

/* Returns: the place in the queue, 1 = next */
guint
astrix_queue_caller_get_position (AstrixQueueCaller *self)
{
  return self->position;
}

/* Returns: when the caller joined the queue (wall-clock microseconds) */
gint64
astrix_queue_caller_get_joined (AstrixQueueCaller *self)
{
  return self->joined;
}

static void
astrix_queue_caller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AstrixQueueCaller *self = ASTRIX_QUEUE_CALLER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_JOINED:
      g_value_set_int64 (value, self->joined);
      break;
    case PROP_CALLER:
      g_value_take_string (value, astrix_queue_caller_dup_caller (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_queue_caller_finalize (GObject *object)
{
  AstrixQueueCaller *self = ASTRIX_QUEUE_CALLER (object);

  g_free (self->queue);
  g_free (self->uniqueid);
  g_free (self->caller_num);
  g_free (self->caller_name);

  G_OBJECT_CLASS (astrix_queue_caller_parent_class)->finalize (object);
}

static void
astrix_queue_caller_class_init (AstrixQueueCallerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = astrix_queue_caller_finalize;
  object_class->get_property = astrix_queue_caller_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_JOINED] = g_param_spec_int64 ("joined", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CALLER] = g_param_spec_string ("caller", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
astrix_queue_caller_init (AstrixQueueCaller *self)
{
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-channel-store"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "astrix-channel-private.h"
#include "astrix-channel-store.h"

/*
 * The live channels of one PBX as a GListModel, keyed by Uniqueid. Channel details change in
 * place (property notifications); the list itself changes in batches: channels that come and
 * go are collected and applied once a frame with a single items-changed, so a storm of
 * thousands of events a second never means thousands of list signals. Only Newchannel and a
 * resync (CoreShowChannels) bring a channel in; Hangup takes it out.
 */

#define FLUSH_INTERVAL_MS 16

struct _AstrixChannelStore
{
  GObject     parent_instance;

  char       *server;
  GPtrArray  *items;          /* AstrixChannel, the visible list */
  GPtrArray  *added;          /* AstrixChannel, in the next flush */
  guint       n_gone;         /* visible channels marked gone, out in the next flush */
  GHashTable *by_uniqueid;    /* uniqueid -> AstrixChannel (visible and added, not gone) */
  GHashTable *by_name;        /* channel name -> AstrixChannel */
  GHashTable *bridges;        /* bridge id -> GPtrArray of AstrixChannel (not owned) */
  GHashTable *spying;         /* spyer uniqueid -> spyee uniqueid */
  GHashTable *hung_up;        /* uniqueids hung up since the resync began (NULL outside one) */
  GHashTable *born;           /* uniqueids that came in since the resync began */
  char      **spy_groups;     /* the supervisor's; empty: everything is in scope */
  guint       flush_source;
};

static void astrix_channel_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixChannelStore, astrix_channel_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_channel_store_list_model_init))

static GType
astrix_channel_store_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_CHANNEL;
}

static guint
astrix_channel_store_get_n_items (GListModel *model)
{
  return ASTRIX_CHANNEL_STORE (model)->items->len;
}

static gpointer
astrix_channel_store_get_item (GListModel *model,
                               guint       position)
{
  AstrixChannelStore *self = ASTRIX_CHANNEL_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
astrix_channel_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_channel_store_get_item_type;
  iface->get_n_items = astrix_channel_store_get_n_items;
  iface->get_item = astrix_channel_store_get_item;
}

/* Takes the gone items out, compacting in place; returns the first position touched. */
static guint
compact (GPtrArray      *items,
         AstrixGoneFunc  is_gone)
{
  guint first = items->len;
  guint kept = 0;

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      if (is_gone (item))
        {
          first = MIN (first, i);
          g_object_unref (item);
          continue;
        }
      items->pdata[kept++] = item;
    }
  g_ptr_array_set_size (items, kept);
  return first;
}

/*
 * A flush of @model's list @items (owning its items, with no free function): the @n_gone items
 * that @is_gone says ended go, the ones in *@added are appended (*@added starts again empty), as
 * one signal from the first that ended to the end of the list (or for the newcomers alone). The
 * models above see which of the items in that range are the same (most are) and a list view
 * keeps their rows as they are; one signal per flush costs it far less than one per item
 * (bench-storm). The channel store and the call store flush this way.
 */
void
_astrix_list_model_flush (GListModel      *model,
                          GPtrArray       *items,
                          GPtrArray      **added,
                          guint            n_gone,
                          AstrixGoneFunc   is_gone)
{
  guint old_len = items->len;
  guint first = n_gone > 0 ? compact (items, is_gone) : old_len;

  g_ptr_array_extend_and_steal (items, g_steal_pointer (added));
  *added = g_ptr_array_new ();
  if (old_len - first > 0 || items->len - first > 0)
    g_list_model_items_changed (model, first, old_len - first, items->len - first);
}

static void
apply_flush (AstrixChannelStore *self)
{
  _astrix_list_model_flush (G_LIST_MODEL (self), self->items, &self->added, self->n_gone,
                            (AstrixGoneFunc) _astrix_channel_get_gone);
  self->n_gone = 0;
}

/* Returns: (transfer none) (nullable): the channel at @position, without a reference (for the
 * call store, which compares thousands of positions each flush) */
AstrixChannel *
_astrix_channel_store_peek (AstrixChannelStore *self,
                            guint               position)
{
  return position < self->items->len ? g_ptr_array_index (self->items, position) : NULL;
}

/* Applies everything that came and went, now (tests, and the end of a resync). */
void
_astrix_channel_store_flush (AstrixChannelStore *self)
{
  g_clear_handle_id (&self->flush_source, g_source_remove);
  apply_flush (self);
}

static gboolean
flush_timeout (gpointer data)
{
  AstrixChannelStore *self = data;

  self->flush_source = 0;
  apply_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (AstrixChannelStore *self)
{
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (FLUSH_INTERVAL_MS, flush_timeout, self);
}

/* Bridges: who talks to whom */

static void
update_bridge_peers (AstrixChannelStore *self,
                     GPtrArray          *members)
{
  for (guint i = 0; i < members->len; i++)
    {
      AstrixChannel *channel = g_ptr_array_index (members, i);
      const char *peer = NULL;

      /* The other party; a ChanSpy channel that barged in is not whom the call is with. */
      for (guint j = 0; j < members->len && peer == NULL; j++)
        {
          AstrixChannel *other = g_ptr_array_index (members, j);

          if (other != channel && astrix_channel_get_spying_on (other) == NULL)
            peer = astrix_channel_get_name (other);
        }
      _astrix_channel_set_peer (channel, peer);
    }
}

static void
leave_bridge (AstrixChannelStore *self,
              AstrixChannel      *channel)
{
  const char *bridge_id = astrix_channel_get_bridge_id (channel);
  GPtrArray *members;

  if (bridge_id == NULL)
    return;

  members = g_hash_table_lookup (self->bridges, bridge_id);
  if (members != NULL)
    {
      g_ptr_array_remove (members, channel);
      if (members->len == 0)
        g_hash_table_remove (self->bridges, bridge_id);
      else
        update_bridge_peers (self, members);
    }
  _astrix_channel_set_bridge_id (channel, NULL);
  _astrix_channel_set_peer (channel, NULL);
}

static void
enter_bridge (AstrixChannelStore *self,
              AstrixChannel      *channel,
              const char         *bridge_id)
{
  GPtrArray *members;

  if (g_strcmp0 (astrix_channel_get_bridge_id (channel), bridge_id) == 0)
    return;
  leave_bridge (self, channel);
  if (bridge_id == NULL || bridge_id[0] == '\0')
    return;

  members = g_hash_table_lookup (self->bridges, bridge_id);
  if (members == NULL)
    {
      members = g_ptr_array_new ();
      g_hash_table_insert (self->bridges, g_strdup (bridge_id), members);
    }
  g_ptr_array_add (members, channel);
  _astrix_channel_set_bridge_id (channel, bridge_id);
  update_bridge_peers (self, members);
}

/* Channels coming and going */

static void
index_name (AstrixChannelStore *self,
            AstrixChannel      *channel,
            const char         *old_name)
{
  if (old_name != NULL && g_hash_table_lookup (self->by_name, old_name) == channel)
    g_hash_table_remove (self->by_name, old_name);
  if (astrix_channel_get_name (channel) != NULL)
    g_hash_table_insert (self->by_name, g_strdup (astrix_channel_get_name (channel)), channel);
}

/* Whether a channel's SPYGROUP ("a:b") shares no group with the supervisor's. */
static gboolean
outside_groups (AstrixChannelStore *self,
                AstrixChannel      *channel)
{
  const char *spy_group = astrix_channel_get_spy_group (channel);
  g_auto(GStrv) groups = NULL;

  if (self->spy_groups == NULL || self->spy_groups[0] == NULL || spy_group == NULL)
    return FALSE;
  groups = g_strsplit (spy_group, ":", -1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_strv_contains ((const char * const *) self->spy_groups, groups[i]))
        return FALSE;
    }
  return TRUE;
}

/* A visible channel whose scope changed is signalled as changed, so filters look again. */
static void
update_scope (AstrixChannelStore *self,
              AstrixChannel      *channel)
{
  guint position;

  if (!_astrix_channel_set_outside_groups (channel, outside_groups (self, channel)))
    return;
  if (g_ptr_array_find (self->items, channel, &position))
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
set_spy_group (AstrixChannelStore *self,
               AstrixChannel      *channel,
               const char         *spy_group)
{
  _astrix_channel_set_spy_group (channel, spy_group);
  update_scope (self, channel);
}

static void
take_spy_group (AstrixChannelStore *self,
                AstrixChannel      *channel,
                AmiMessage         *event)
{
  g_auto(GStrv) vars = ami_message_dup_values (event, "ChanVariable");

  for (guint i = 0; vars[i] != NULL; i++)
    {
      if (g_str_has_prefix (vars[i], "SPYGROUP="))
        set_spy_group (self, channel, vars[i] + strlen ("SPYGROUP="));
    }
}

static AstrixChannel *
add_channel (AstrixChannelStore *self,
             const char         *uniqueid,
             AmiMessage         *event)
{
  AstrixChannel *channel = _astrix_channel_new (uniqueid, self->server);

  _astrix_channel_update_snapshot (channel, event, NULL);
  take_spy_group (self, channel, event);
  g_hash_table_insert (self->by_uniqueid, g_strdup (uniqueid), channel);
  index_name (self, channel, NULL);
  g_ptr_array_add (self->added, channel);
  if (self->born != NULL)
    g_hash_table_add (self->born, g_strdup (uniqueid));
  schedule_flush (self);
  return channel;
}

static void
forget_spying (AstrixChannelStore *self,
               const char         *spyer_uniqueid)
{
  const char *spyee_uniqueid = g_hash_table_lookup (self->spying, spyer_uniqueid);
  AstrixChannel *spyee;
  AstrixChannel *spyer;

  if (spyee_uniqueid == NULL)
    return;

  spyee = g_hash_table_lookup (self->by_uniqueid, spyee_uniqueid);
  if (spyee != NULL)
    _astrix_channel_remove_spyer (spyee, spyer_uniqueid);
  spyer = g_hash_table_lookup (self->by_uniqueid, spyer_uniqueid);
  if (spyer != NULL)
    _astrix_channel_set_spying_on (spyer, NULL);
  g_hash_table_remove (self->spying, spyer_uniqueid);
}

static void
remove_channel (AstrixChannelStore *self,
                AstrixChannel      *channel)
{
  g_autofree char *uniqueid = g_strdup (astrix_channel_get_uniqueid (channel));
  const char *name = astrix_channel_get_name (channel);

  leave_bridge (self, channel);
  forget_spying (self, uniqueid);
  if (name != NULL && g_hash_table_lookup (self->by_name, name) == channel)
    g_hash_table_remove (self->by_name, name);
  if (self->hung_up != NULL)
    g_hash_table_add (self->hung_up, g_strdup (uniqueid));

  if (g_ptr_array_remove (self->added, channel))
    {
      g_hash_table_remove (self->by_uniqueid, uniqueid);
      g_object_unref (channel);
      return;
    }
  _astrix_channel_set_gone (channel, TRUE);
  self->n_gone++;
  g_hash_table_remove (self->by_uniqueid, uniqueid);
  schedule_flush (self);
}

/* Events */

static void
handle_spy_start (AstrixChannelStore *self,
                  AmiMessage         *event)
{
  const char *spyer_uniqueid = ami_message_get (event, "SpyerUniqueid");
  const char *spyee_uniqueid = ami_message_get (event, "SpyeeUniqueid");
  AstrixChannel *spyee;
  AstrixChannel *spyer;

  if (spyer_uniqueid == NULL || spyee_uniqueid == NULL)
    return;

  /* A ChanSpy moving on to another channel stops spying on the first. */
  forget_spying (self, spyer_uniqueid);
  g_hash_table_insert (self->spying, g_strdup (spyer_uniqueid), g_strdup (spyee_uniqueid));

  spyee = g_hash_table_lookup (self->by_uniqueid, spyee_uniqueid);
  if (spyee != NULL)
    _astrix_channel_add_spyer (spyee, spyer_uniqueid, ami_message_get (event, "SpyerChannel"),
                               ami_message_get (event, "SpyerCallerIDName"));
  spyer = g_hash_table_lookup (self->by_uniqueid, spyer_uniqueid);
  if (spyer != NULL)
    _astrix_channel_set_spying_on (spyer, ami_message_get (event, "SpyeeChannel"));
}

static void
handle_rename (AstrixChannelStore *self,
               AstrixChannel      *channel,
               AmiMessage         *event)
{
  g_autofree char *old_name = g_strdup (astrix_channel_get_name (channel));
  const char *new_name = ami_message_get (event, "Newname");

  if (new_name == NULL)
    return;
  _astrix_channel_set_name (channel, new_name);
  index_name (self, channel, old_name);
}

static void
handle_channel_event (AstrixChannelStore *self,
                      AstrixChannel      *channel,
                      const char         *name,
                      AmiMessage         *event)
{
  switch (name[0])
    {
    case 'B':
      if (strcmp (name, "BridgeEnter") == 0)
        enter_bridge (self, channel, ami_message_get (event, "BridgeUniqueid"));
      else if (strcmp (name, "BridgeLeave") == 0)
        leave_bridge (self, channel);
      break;

    case 'H':
      if (strcmp (name, "Hangup") == 0)
        remove_channel (self, channel);
      else if (strcmp (name, "Hold") == 0)
        _astrix_channel_set_on_hold (channel, TRUE);
      break;

    case 'M':
      if (g_str_has_prefix (name, "MixMonitor"))
        _astrix_channel_handle_mixmonitor (channel, name, event);
      break;

    case 'N':
      if (strcmp (name, "Newexten") == 0)
        _astrix_channel_set_application (channel, ami_message_get (event, "Application"),
                                         ami_message_get (event, "AppData"));
      else if (strcmp (name, "Newstate") == 0 || strcmp (name, "NewCallerid") == 0 ||
               strcmp (name, "NewConnectedLine") == 0)
        {
          _astrix_channel_update_snapshot (channel, event, NULL);
          take_spy_group (self, channel, event);
        }
      break;

    case 'Q':
      /* Without the dialplan class (no Newexten), how the calls page learns a caller waits
       * in a queue: as Newexten would say it, Queue(name) */
      if (strcmp (name, "QueueCallerJoin") == 0)
        _astrix_channel_set_application (channel, "Queue", ami_message_get (event, "Queue"));
      break;

    case 'R':
      if (strcmp (name, "Rename") == 0)
        handle_rename (self, channel, event);
      break;

    case 'U':
      if (strcmp (name, "Unhold") == 0)
        _astrix_channel_set_on_hold (channel, FALSE);
      break;

    case 'V':
      if (strcmp (name, "VarSet") == 0 && ami_message_is (event, "Variable", "SPYGROUP"))
        set_spy_group (self, channel, ami_message_get (event, "Value"));
      break;

    default:
      break;
    }
}

/**
 * astrix_channel_store_handle_event:
 *
 * Applies one AMI event. Events about channels the store never saw come in (no Newchannel,
 * not in the last resync) are ignored: the store never invents a channel.
 */
void
astrix_channel_store_handle_event (AstrixChannelStore *self,
                                   AmiMessage         *event)
{
  const char *name = ami_message_get_name (event);
  const char *uniqueid;
  AstrixChannel *channel;

  g_return_if_fail (ASTRIX_IS_CHANNEL_STORE (self));

  if (name == NULL || ami_message_get_kind (event) != AMI_MESSAGE_EVENT)
    return;

  if (strcmp (name, "ChanSpyStart") == 0)
    {
      handle_spy_start (self, event);
      return;
    }
  if (strcmp (name, "ChanSpyStop") == 0)
    {
      const char *spyer = ami_message_get (event, "SpyerUniqueid");

      if (spyer != NULL)
        forget_spying (self, spyer);
      return;
    }
  if (strcmp (name, "BridgeDestroy") == 0)
    {
      g_hash_table_remove (self->bridges, ami_message_get (event, "BridgeUniqueid") ?: "");
      return;
    }

  uniqueid = ami_message_get (event, "Uniqueid");
  if (uniqueid == NULL)
    return;

  channel = g_hash_table_lookup (self->by_uniqueid, uniqueid);
  if (channel == NULL)
    {
      if (strcmp (name, "Newchannel") == 0 &&
          (self->hung_up == NULL || !g_hash_table_contains (self->hung_up, uniqueid)))
        add_channel (self, uniqueid, event);
      return;
    }
  handle_channel_event (self, channel, name, event);
}

/* Parses CoreShowChannel's "Duration: HH:MM:SS". */
static gint64
created_from_duration (const char *duration)
{
  guint h = 0, m = 0, s = 0;

  if (duration == NULL || sscanf (duration, "%u:%u:%u", &h, &m, &s) != 3)
    return g_get_real_time ();
  return g_get_real_time () - ((gint64) h * 3600 + m * 60 + s) * G_USEC_PER_SEC;
}

/**
 * astrix_channel_store_begin_resync:
 *
 * Call when CoreShowChannels is sent: from now until astrix_channel_store_finish_resync()
 * the store remembers what hangs up and what comes in, so a list item that is already out of
 * date cannot bring back a channel that has gone.
 */
void
astrix_channel_store_begin_resync (AstrixChannelStore *self)
{
  g_clear_pointer (&self->hung_up, g_hash_table_unref);
  g_clear_pointer (&self->born, g_hash_table_unref);
  self->hung_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->born = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
take_list_item (AstrixChannelStore *self,
                AmiMessage         *item,
                GHashTable         *listed)
{
  const char *uniqueid = ami_message_get (item, "Uniqueid");
  AstrixChannel *channel;

  if (uniqueid == NULL ||
      (self->hung_up != NULL && g_hash_table_contains (self->hung_up, uniqueid)))
    return;

  g_hash_table_add (listed, (gpointer) uniqueid);
  channel = g_hash_table_lookup (self->by_uniqueid, uniqueid);
  if (channel == NULL)
    channel = add_channel (self, uniqueid, item);
  else
    {
      g_autofree char *old_name = g_strdup (astrix_channel_get_name (channel));

      _astrix_channel_update_snapshot (channel, item, NULL);
      index_name (self, channel, old_name);
    }
  _astrix_channel_set_application (channel, ami_message_get (item, "Application"),
                                   ami_message_get (item, "ApplicationData"));
  _astrix_channel_set_created (channel, created_from_duration (ami_message_get (item, "Duration")));
  enter_bridge (self, channel, ami_message_get (item, "BridgeId"));
}

/**
 * astrix_channel_store_finish_resync:
 * @items: (element-type AmiMessage): the CoreShowChannel events of the list
 *
 * Makes the store what the PBX says, as one items-changed: listed channels are added or
 * updated, channels the PBX no longer has are removed (unless they came in during the resync).
 */
void
astrix_channel_store_finish_resync (AstrixChannelStore *self,
                                    GPtrArray          *items)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) vanished = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; items != NULL && i < items->len; i++)
    take_list_item (self, g_ptr_array_index (items, i), listed);

  g_hash_table_iter_init (&iter, self->by_uniqueid);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (listed, key) &&
          (self->born == NULL || !g_hash_table_contains (self->born, key)))
        g_ptr_array_add (vanished, value);
    }
  for (guint i = 0; i < vanished->len; i++)
    remove_channel (self, g_ptr_array_index (vanished, i));

  g_clear_pointer (&self->hung_up, g_hash_table_unref);
  g_clear_pointer (&self->born, g_hash_table_unref);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->added->len > 0 || self->n_gone > 0)
    apply_flush (self);
}

/**
 * astrix_channel_store_set_spy_groups:
 * @groups: (nullable): the supervisor's spy groups; empty or %NULL: no restriction
 *
 * Channels whose SPYGROUP names none of @groups get #AstrixChannel:outside-groups.
 */
void
astrix_channel_store_set_spy_groups (AstrixChannelStore *self,
                                     const char * const *groups)
{
  GHashTableIter iter;
  gpointer value;

  g_strfreev (self->spy_groups);
  self->spy_groups = g_strdupv ((char **) groups);
  g_hash_table_iter_init (&iter, self->by_uniqueid);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_scope (self, value);
}

/* Forgets every channel (the server is gone for good). */
void
astrix_channel_store_clear (AstrixChannelStore *self)
{
  g_autoptr(GList) all = g_hash_table_get_values (self->by_uniqueid);

  for (GList *l = all; l != NULL; l = l->next)
    remove_channel (self, l->data);
  _astrix_channel_store_flush (self);
}

/* Returns: (transfer none) (nullable): the live channel with that Uniqueid */
AstrixChannel *
astrix_channel_store_lookup (AstrixChannelStore *self,
                             const char         *uniqueid)
{
  return g_hash_table_lookup (self->by_uniqueid, uniqueid);
}

/* Returns: (transfer none) (nullable): the live channel with that name */
AstrixChannel *
astrix_channel_store_lookup_by_name (AstrixChannelStore *self,
                                     const char         *name)
{
  return g_hash_table_lookup (self->by_name, name);
}

const char *
astrix_channel_store_get_server (AstrixChannelStore *self)
{
  return self->server;
}

static void
astrix_channel_store_finalize (GObject *object)
{
  AstrixChannelStore *self = ASTRIX_CHANNEL_STORE (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  for (guint i = 0; i < self->items->len; i++)
    g_object_unref (g_ptr_array_index (self->items, i));
  for (guint i = 0; i < self->added->len; i++)
    g_object_unref (g_ptr_array_index (self->added, i));
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_pointer (&self->by_uniqueid, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->bridges, g_hash_table_unref);
  g_clear_pointer (&self->spying, g_hash_table_unref);
  g_clear_pointer (&self->hung_up, g_hash_table_unref);
  g_clear_pointer (&self->born, g_hash_table_unref);
  g_strfreev (self->spy_groups);
  g_free (self->server);

  G_OBJECT_CLASS (astrix_channel_store_parent_class)->finalize (object);
}

static void
astrix_channel_store_class_init (AstrixChannelStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = astrix_channel_store_finalize;
}

static void
astrix_channel_store_init (AstrixChannelStore *self)
{
  /* Both arrays hold a reference each but have no free func: flush() moves channels between
   * them and compacts in place. */
  self->items = g_ptr_array_new ();
  self->added = g_ptr_array_new ();
  self->by_uniqueid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bridges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->spying = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* @server: (nullable): the server's display name, carried by every channel */
AstrixChannelStore *
astrix_channel_store_new (const char *server)
{
  AstrixChannelStore *self = g_object_new (ASTRIX_TYPE_CHANNEL_STORE, NULL);

  self->server = g_strdup (server);
  return self;
}

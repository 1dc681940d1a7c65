/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-call-store"

#include "config.h"

#include <string.h>

#include "astrix-call-private.h"
#include "astrix-channel-private.h"
#include "astrix-call-store.h"
#include "astrix-server-config.h"

/*
 * The calls of the centre as a GListModel of AstrixCall, derived from an AstrixChannelStore
 * and never a second copy of AMI state.
 *
 * Which channels are one call: the connected parts of a graph whose edges are
 *   - two channels in the same bridge (BridgeUniqueid);
 *   - the two halves of a Local channel (`...;1` and `...;2`);
 *   - two channels with the same Linkedid of which at least one is in no bridge (a call that
 *     rings or waits in a queue, the unbridged half of a Local pair, an agent that still rings
 *     while another answered).
 * So a bridge keeps together what talks, and Linkedid what has not been bridged yet; two bridges
 * that only share a Linkedid (a consultation call) stay apart. A transfer (a channel leaving one
 * bridge for another), a rename or a new Linkedid changes the edges of that channel only: the
 * store regroups the channel and the rest of its former call, O(channels of those calls), and a
 * call keeps its identity (its row) as long as it keeps the most of its channels.
 *
 * The supervisor's own channels are no call of the centre and are in no call: a ChanSpy (the
 * channel has a spyee, or runs ChanSpy/ExtenSpy), a ControlPlayback, the app's AudioSocket
 * channel, any channel of the supervisor's endpoint, and the other half of a Local channel that is
 * one of these. That mark sticks: a ChanSpy that stopped spying is still the supervisor's. The
 * call they monitor shows it as #AstrixCall:monitored-by.
 *
 * Cost. Channel notifications only mark a channel for regrouping (grouping properties) or its
 * call for a refresh (everything else): O(1). The work happens once a frame, in an idle before
 * GTK draws, or right away when the channel store signals its list: each marked channel costs
 * a walk of its call (and of the call it joins), each stale call a refresh of O(its channels),
 * and the list changes as one items-changed. The channel store's own items-changed costs
 * O(positions it names): it signals from its first removed channel to the end of its list, and
 * that range is walked once to find which channels went and which came.
 */

struct _AstrixCallStore
{
  GObject             parent_instance;

  AstrixChannelStore *channels;
  gulong              items_changed_id;
  GPtrArray          *mirror;      /* AstrixChannel (owned): the channel store's list, as
                                    * signalled */
  GHashTable         *nodes;       /* AstrixChannel -> Node, for every channel in the mirror */
  GHashTable         *bridges;     /* bridge id -> GPtrArray of Node (not owned) */
  GHashTable         *linked;      /* Linkedid -> GPtrArray of Node (not owned) */
  GPtrArray          *items;       /* AstrixCall (owned), the visible list */
  GPtrArray          *added;       /* AstrixCall (owned), in the next flush */
  guint               n_gone;      /* visible calls left without channels, out at the next flush */
  GHashTable         *regroup;     /* Node set: their grouping may have changed */
  GHashTable         *stale;       /* AstrixCall set: to refresh at the next flush */
  char               *endpoint;    /* the supervisor's endpoint ("PJSIP/2000"), or NULL */
  guint               stamp;       /* of the current regrouping walk */
  guint               flush_source;
};

typedef struct
{
  AstrixChannel *channel;
  AstrixCall    *call;      /* NULL for the supervisor's own channels */
  char          *bridge;    /* the key it is indexed under in bridges */
  char          *linkedid;  /* the key it is indexed under in linked */
  gboolean       own;
  guint          stamp;     /* the last regrouping walk that reached it */
} Node;

static void astrix_call_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixCallStore, astrix_call_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_call_store_list_model_init))

static GType
astrix_call_store_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_CALL;
}

static guint
astrix_call_store_get_n_items (GListModel *model)
{
  return ASTRIX_CALL_STORE (model)->items->len;
}

static gpointer
astrix_call_store_get_item (GListModel *model,
                            guint       position)
{
  AstrixCallStore *self = ASTRIX_CALL_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
astrix_call_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_call_store_get_item_type;
  iface->get_n_items = astrix_call_store_get_n_items;
  iface->get_item = astrix_call_store_get_item;
}

static gboolean flush_idle (gpointer data);

static void
schedule_flush (AstrixCallStore *self)
{
  /* Before GTK lays out and draws (GDK_PRIORITY_REDRAW is G_PRIORITY_HIGH_IDLE + 20). */
  if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, flush_idle, self, NULL);
}

static void
mark_stale (AstrixCallStore *self,
            AstrixCall      *call)
{
  if (call == NULL)
    return;
  g_hash_table_add (self->stale, call);
  schedule_flush (self);
}

static void
mark_regroup (AstrixCallStore *self,
              Node            *node)
{
  if (node == NULL)
    return;
  g_hash_table_add (self->regroup, node);
  schedule_flush (self);
}

/* Indexes */

static void
index_add (GHashTable *index,
           const char *key,
           Node       *node)
{
  GPtrArray *nodes;

  if (key == NULL)
    return;
  nodes = g_hash_table_lookup (index, key);
  if (nodes == NULL)
    {
      nodes = g_ptr_array_new ();
      g_hash_table_insert (index, g_strdup (key), nodes);
    }
  g_ptr_array_add (nodes, node);
}

static void
index_remove (GHashTable *index,
              const char *key,
              Node       *node)
{
  GPtrArray *nodes = key != NULL ? g_hash_table_lookup (index, key) : NULL;

  if (nodes == NULL)
    return;
  g_ptr_array_remove_fast (nodes, node);
  if (nodes->len == 0)
    g_hash_table_remove (index, key);
}

/* Moves the node to the keys its channel has now; returns whether any changed. */
static gboolean
reindex (AstrixCallStore *self,
         Node            *node)
{
  const char *bridge = astrix_channel_get_bridge_id (node->channel);
  const char *linkedid = astrix_channel_get_linkedid (node->channel);
  gboolean changed = FALSE;

  if (g_strcmp0 (bridge, node->bridge) != 0)
    {
      index_remove (self->bridges, node->bridge, node);
      g_free (node->bridge);
      node->bridge = g_strdup (bridge);
      index_add (self->bridges, bridge, node);
      changed = TRUE;
    }
  if (g_strcmp0 (linkedid, node->linkedid) != 0)
    {
      index_remove (self->linked, node->linkedid, node);
      g_free (node->linkedid);
      node->linkedid = g_strdup (linkedid);
      index_add (self->linked, linkedid, node);
      changed = TRUE;
    }
  return changed;
}

/* The other half of a Local channel, if the store has it. */
static Node *
partner (AstrixCallStore *self,
         Node            *node)
{
  const char *name = astrix_channel_get_name (node->channel);
  gsize len = name != NULL ? strlen (name) : 0;
  g_autofree char *other = NULL;
  AstrixChannel *channel;

  if (len < 3 || !g_str_has_prefix (name, "Local/") || name[len - 2] != ';' ||
      (name[len - 1] != '1' && name[len - 1] != '2'))
    return NULL;
  other = g_strdup (name);
  other[len - 1] = name[len - 1] == '1' ? '2' : '1';
  channel = astrix_channel_store_lookup_by_name (self->channels, other);
  return channel != NULL ? g_hash_table_lookup (self->nodes, channel) : NULL;
}

/* Ownership: the supervisor's channels */

static gboolean
is_own_channel (AstrixCallStore *self,
                AstrixChannel   *channel)
{
  static const char * const applications[] = {
    "ChanSpy", "ExtenSpy", "ControlPlayback", "AudioSocket", NULL
  };
  const char *application = astrix_channel_get_application (channel);
  const char *name = astrix_channel_get_name (channel);

  if (astrix_channel_get_spying_on (channel) != NULL)
    return TRUE;
  for (guint i = 0; application != NULL && applications[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (application, applications[i]) == 0)
        return TRUE;
    }
  if (name == NULL)
    return FALSE;
  if (g_str_has_prefix (name, "AudioSocket/"))
    return TRUE;
  /* (a Local endpoint's ;2 half follows its ;1 half: update_own()) */
  return astrix_endpoint_rings_as (self->endpoint, name);
}

static void
set_own (AstrixCallStore *self,
         Node            *node)
{
  if (node->own)
    return;
  node->own = TRUE;
  mark_regroup (self, node);
}

/* Marks the node, and the other half of its Local channel, when either is the supervisor's. */
static void
update_own (AstrixCallStore *self,
            Node            *node)
{
  Node *other = partner (self, node);

  if (node->own || is_own_channel (self, node->channel) || (other != NULL && other->own))
    set_own (self, node);
  if (node->own && other != NULL)
    set_own (self, other);
}

/*
 * The same for a change of application or spyee, on the hot path (every Newexten): the other
 * half needs no look-up, since a half that became the supervisor's marked its other half then,
 * and a half that comes later looks at this one (track_channel()).
 */
static void
update_own_fast (AstrixCallStore *self,
                 Node            *node)
{
  if (!node->own && is_own_channel (self, node->channel))
    update_own (self, node);
}

/* Calls coming and going */

static void
retire_call (AstrixCallStore *self,
             AstrixCall      *call)
{
  g_hash_table_remove (self->stale, call);
  if (g_ptr_array_remove (self->added, call))
    {
      g_object_unref (call);
      return;
    }
  _astrix_call_set_gone (call, TRUE);
  self->n_gone++;
}

static void
detach (AstrixCallStore *self,
        Node            *node)
{
  AstrixCall *call = node->call;

  if (call == NULL)
    return;
  node->call = NULL;
  _astrix_call_remove_channel (call, node->channel);
  if (_astrix_call_get_n_channels (call) == 0)
    retire_call (self, call);
  else
    mark_stale (self, call);
}

static void
attach (AstrixCallStore *self,
        Node            *node,
        AstrixCall      *call)
{
  if (node->call == call)
    return;
  detach (self, node);
  node->call = call;
  _astrix_call_add_channel (call, node->channel);
  mark_stale (self, call);
}

/* Regrouping */

static void
visit (AstrixCallStore *self,
       Node            *node,
       GPtrArray       *stack)
{
  if (node == NULL || node->own || node->stamp == self->stamp)
    return;
  node->stamp = self->stamp;
  g_ptr_array_add (stack, node);
}

/* The channels connected to @seed (see the edges at the top of this file). */
static GPtrArray *
walk_component (AstrixCallStore *self,
                Node            *seed)
{
  GPtrArray *component = g_ptr_array_new ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  visit (self, seed, stack);
  while (stack->len > 0)
    {
      Node *node = g_ptr_array_steal_index_fast (stack, stack->len - 1);
      GPtrArray *members;

      g_ptr_array_add (component, node);
      members = node->bridge != NULL ? g_hash_table_lookup (self->bridges, node->bridge) : NULL;
      for (guint i = 0; members != NULL && i < members->len; i++)
        visit (self, g_ptr_array_index (members, i), stack);
      visit (self, partner (self, node), stack);
      members = node->linkedid != NULL ? g_hash_table_lookup (self->linked, node->linkedid) : NULL;
      for (guint i = 0; members != NULL && i < members->len; i++)
        {
          Node *other = g_ptr_array_index (members, i);

          if (node->bridge == NULL || other->bridge == NULL)
            visit (self, other, stack);
        }
    }
  return component;
}

/*
 * The call a component keeps: the one holding most of its channels and not taken by another
 * part; of two holding as many, the call of the oldest channel (the customer's).
 */
static AstrixCall *
choose_call (GPtrArray  *component,
             GHashTable *claimed)
{
  Node *oldest = g_ptr_array_index (component, 0);
  AstrixCall *best = NULL;
  guint best_count = 0;

  for (guint i = 1; i < component->len; i++)
    {
      Node *node = g_ptr_array_index (component, i);

      if (_astrix_call_compare_uniqueid (node->channel, oldest->channel) < 0)
        oldest = node;
    }
  for (guint i = 0; i < component->len; i++)
    {
      AstrixCall *call = ((Node *) g_ptr_array_index (component, i))->call;
      guint count = 0;

      if (call == NULL || call == best || g_hash_table_contains (claimed, call))
        continue;
      for (guint j = 0; j < component->len; j++)
        count += ((Node *) g_ptr_array_index (component, j))->call == call;
      if (count > best_count || (count == best_count && call == oldest->call))
        {
          best = call;
          best_count = count;
        }
    }
  return best;
}

static void
assign_component (AstrixCallStore *self,
                  GPtrArray       *component,
                  GHashTable      *claimed)
{
  AstrixCall *call = choose_call (component, claimed);

  if (call == NULL)
    {
      call = _astrix_call_new (astrix_channel_store_get_server (self->channels));
      g_ptr_array_add (self->added, call);
    }
  g_hash_table_add (claimed, call);
  for (guint i = 0; i < component->len; i++)
    attach (self, g_ptr_array_index (component, i), call);
}

/* The marked channels, their Local halves and the channels of their calls: where a change of
 * edges can split a call or join two. */
static GPtrArray *
collect_seeds (AstrixCallStore *self)
{
  GPtrArray *seeds = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->regroup);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Node *node = key;
      Node *other = partner (self, node);

      g_ptr_array_add (seeds, node);
      if (other != NULL)
        g_ptr_array_add (seeds, other);
      for (guint i = 0; node->call != NULL && i < _astrix_call_get_n_channels (node->call); i++)
        g_ptr_array_add (seeds, g_hash_table_lookup (self->nodes,
                                                     _astrix_call_get_channel (node->call, i)));
    }
  g_hash_table_remove_all (self->regroup);
  return seeds;
}

static AstrixChannel *
oldest_channel (GPtrArray *component)
{
  AstrixChannel *oldest = ((Node *) g_ptr_array_index (component, 0))->channel;

  for (guint i = 1; i < component->len; i++)
    {
      AstrixChannel *channel = ((Node *) g_ptr_array_index (component, i))->channel;

      if (_astrix_call_compare_uniqueid (channel, oldest) < 0)
        oldest = channel;
    }
  return oldest;
}

/* Bigger parts first; of two the same size, the one with the older channel (the customer). */
static int
compare_parts (gconstpointer a,
               gconstpointer b)
{
  GPtrArray *pa = *(GPtrArray **) a;
  GPtrArray *pb = *(GPtrArray **) b;

  if (pa->len != pb->len)
    return pa->len > pb->len ? -1 : 1;
  return _astrix_call_compare_uniqueid (oldest_channel (pa), oldest_channel (pb));
}

static void
regroup (AstrixCallStore *self)
{
  g_autoptr(GPtrArray) seeds = NULL;
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GHashTable) claimed = NULL;

  if (g_hash_table_size (self->regroup) == 0)
    return;

  seeds = collect_seeds (self);
  components = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->stamp++;
  for (guint i = 0; i < seeds->len; i++)
    {
      Node *node = g_ptr_array_index (seeds, i);

      if (node != NULL && node->own)
        detach (self, node);
    }
  for (guint i = 0; i < seeds->len; i++)
    {
      Node *node = g_ptr_array_index (seeds, i);

      if (node != NULL && !node->own && node->stamp != self->stamp)
        g_ptr_array_add (components, walk_component (self, node));
    }

  /* The biggest part of a call that splits keeps the call (and its row). */
  g_ptr_array_sort (components, compare_parts);
  claimed = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < components->len; i++)
    assign_component (self, g_ptr_array_index (components, i), claimed);
}

/* Flushing */

static void
refresh_stale (AstrixCallStore *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    _astrix_call_refresh (key);
  g_hash_table_remove_all (self->stale);
}

/* As the channel store does: one items-changed from the first call that ended to the end. */
static void
apply_flush (AstrixCallStore *self)
{
  g_clear_handle_id (&self->flush_source, g_source_remove);
  regroup (self);
  refresh_stale (self);

  _astrix_list_model_flush (G_LIST_MODEL (self), self->items, &self->added, self->n_gone,
                            (AstrixGoneFunc) _astrix_call_get_gone);
  self->n_gone = 0;
}

static gboolean
flush_idle (gpointer data)
{
  AstrixCallStore *self = data;

  self->flush_source = 0;
  apply_flush (self);
  return G_SOURCE_REMOVE;
}

/**
 * _astrix_call_store_flush:
 *
 * Applies every pending change now (tests; the app lets the idle before the next frame do it).
 */
void
_astrix_call_store_flush (AstrixCallStore *self)
{
  g_return_if_fail (ASTRIX_IS_CALL_STORE (self));

  apply_flush (self);
}

/* Channels */

static void
on_channel_notify (AstrixChannel   *channel,
                   GParamSpec      *pspec,
                   AstrixCallStore *self)
{
  Node *node = g_hash_table_lookup (self->nodes, channel);
  const char *name = pspec->name;

  if (node == NULL)
    return;
  if (strcmp (name, "bridge-id") == 0 || strcmp (name, "linkedid") == 0 ||
      strcmp (name, "name") == 0)
    {
      reindex (self, node);
      update_own (self, node);
      mark_regroup (self, node);
    }
  else if (strcmp (name, "application") == 0 || strcmp (name, "spying-on") == 0)
    update_own_fast (self, node);
  mark_stale (self, node->call);
}

static void
node_free (gpointer data)
{
  Node *node = data;

  g_object_unref (node->channel);
  g_free (node->bridge);
  g_free (node->linkedid);
  g_free (node);
}

static void
track_channel (AstrixCallStore *self,
               AstrixChannel   *channel)
{
  Node *node;

  if (g_hash_table_contains (self->nodes, channel))
    return;
  node = g_new0 (Node, 1);
  node->channel = g_object_ref (channel);
  g_hash_table_insert (self->nodes, channel, node);
  reindex (self, node);
  g_signal_connect (channel, "notify", G_CALLBACK (on_channel_notify), self);
  update_own (self, node);
  mark_regroup (self, node);
}

static void
forget_channel (AstrixCallStore *self,
                AstrixChannel   *channel)
{
  Node *node = g_hash_table_lookup (self->nodes, channel);

  if (node == NULL)
    return;
  g_signal_handlers_disconnect_by_data (channel, self);
  g_hash_table_remove (self->regroup, node);
  index_remove (self->bridges, node->bridge, node);
  index_remove (self->linked, node->linkedid, node);

  /* What is left of the call may have lost the channel that held it together. */
  for (guint i = 0; node->call != NULL && i < _astrix_call_get_n_channels (node->call); i++)
    {
      AstrixChannel *other = _astrix_call_get_channel (node->call, i);

      if (other != channel)
        {
          mark_regroup (self, g_hash_table_lookup (self->nodes, other));
          break;
        }
    }
  detach (self, node);
  g_hash_table_remove (self->nodes, channel);
}

/* Whether @channel left the channel store: a channel that hung up is marked gone and stays so
 * (the store's index by Uniqueid holds exactly the channels not gone), so this is one flag read
 * for each of the thousands of positions a flush names, not a lookup by Uniqueid. */
static gboolean
left_store (AstrixCallStore *self,
            AstrixChannel   *channel)
{
  return _astrix_channel_get_gone (channel);
}

/*
 * The channel store's flush names every position from its first channel that ended to the end
 * of its list, most of them channels that only moved up (it compacts in order) and then the
 * newcomers. The mirror drops the channels that left, keeps in place the run of those that
 * stayed in order, and takes the rest from the store: the channels that stayed cost a pointer
 * comparison, not a reference, a lookup and an insertion each.
 */
static void
on_channels_changed (GListModel      *model,
                     guint            position,
                     guint            removed,
                     guint            added,
                     AstrixCallStore *self)
{
  guint end = MIN (position + removed, self->mirror->len);
  guint kept = position;
  guint same = 0;

  for (guint i = position; i < end; i++)
    {
      AstrixChannel *channel = g_ptr_array_index (self->mirror, i);

      if (left_store (self, channel))
        {
          forget_channel (self, channel);
          g_object_unref (channel);
        }
      else
        self->mirror->pdata[kept++] = channel;
    }
  /* the channels that stayed, where the store has them now */
  while (position + same < kept && same < added &&
         g_ptr_array_index (self->mirror, position + same) ==
         _astrix_channel_store_peek (ASTRIX_CHANNEL_STORE (model), position + same))
    same++;
  for (guint i = position + same; i < kept; i++)
    g_object_unref (g_ptr_array_index (self->mirror, i));
  /* (an empty array has no pdata at all: memmove() may not be given NULL, even for 0 bytes) */
  if (end < self->mirror->len)
    memmove (self->mirror->pdata + position + same, self->mirror->pdata + end,
             (self->mirror->len - end) * sizeof (gpointer));
  self->mirror->len -= end - (position + same);

  for (guint i = same; i < added; i++)
    {
      AstrixChannel *channel = g_list_model_get_item (model, position + i);

      track_channel (self, channel);
      g_ptr_array_insert (self->mirror, position + i, channel);
    }
  apply_flush (self);
}

/* Public API */

/**
 * astrix_call_store_set_supervisor_endpoint:
 * @endpoint: (nullable): the supervisor's phone ("PJSIP/2000", "Local/2000@supervisor")
 *
 * Channels of this endpoint are the supervisor's own from their first event, before anything
 * else tells (a ChanSpy call ringing the supervisor has not started ChanSpy yet).
 */
void
astrix_call_store_set_supervisor_endpoint (AstrixCallStore *self,
                                           const char      *endpoint)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (ASTRIX_IS_CALL_STORE (self));

  if (endpoint != NULL && endpoint[0] == '\0')
    endpoint = NULL;
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint);
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    update_own (self, value);
}

/* Returns: (transfer none) (nullable): the call @channel belongs to */
AstrixCall *
_astrix_call_store_lookup_channel (AstrixCallStore *self,
                                  AstrixChannel   *channel)
{
  Node *node;

  g_return_val_if_fail (ASTRIX_IS_CALL_STORE (self), NULL);

  node = g_hash_table_lookup (self->nodes, channel);
  return node != NULL ? node->call : NULL;
}

/* Returns: (transfer none): the channel store the calls are derived from */
static void
astrix_call_store_dispose (GObject *object)
{
  AstrixCallStore *self = ASTRIX_CALL_STORE (object);
  GHashTableIter iter;
  gpointer key;

  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->channels != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->channels);
  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_handlers_disconnect_by_data (key, self);
  g_hash_table_remove_all (self->regroup);
  g_hash_table_remove_all (self->stale);
  g_hash_table_remove_all (self->nodes);
  g_clear_object (&self->channels);

  G_OBJECT_CLASS (astrix_call_store_parent_class)->dispose (object);
}

static void
astrix_call_store_finalize (GObject *object)
{
  AstrixCallStore *self = ASTRIX_CALL_STORE (object);

  g_ptr_array_unref (self->mirror);
  g_hash_table_unref (self->nodes);
  g_hash_table_unref (self->bridges);
  g_hash_table_unref (self->linked);
  for (guint i = 0; i < self->items->len; i++)
    g_object_unref (g_ptr_array_index (self->items, i));
  for (guint i = 0; i < self->added->len; i++)
    g_object_unref (g_ptr_array_index (self->added, i));
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->added);
  g_hash_table_unref (self->regroup);
  g_hash_table_unref (self->stale);
  g_free (self->endpoint);

  G_OBJECT_CLASS (astrix_call_store_parent_class)->finalize (object);
}

static void
astrix_call_store_class_init (AstrixCallStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_call_store_dispose;
  object_class->finalize = astrix_call_store_finalize;
}

static void
astrix_call_store_init (AstrixCallStore *self)
{
  self->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, node_free);
  self->bridges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->linked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  /* Both hold a reference each but have no free func: the flush moves calls between them and
   * compacts in place. */
  self->items = g_ptr_array_new ();
  self->added = g_ptr_array_new ();
  self->regroup = g_hash_table_new (NULL, NULL);
  self->stale = g_hash_table_new (NULL, NULL);
}

/**
 * astrix_call_store_new:
 * @channels: the channel store the calls are derived from
 *
 * Returns: (transfer full): the calls of @channels, kept up to date with it
 */
AstrixCallStore *
astrix_call_store_new (AstrixChannelStore *channels)
{
  AstrixCallStore *self;
  guint n;

  g_return_val_if_fail (ASTRIX_IS_CHANNEL_STORE (channels), NULL);

  self = g_object_new (ASTRIX_TYPE_CALL_STORE, NULL);
  self->channels = g_object_ref (channels);
  self->items_changed_id = g_signal_connect (channels, "items-changed",
                                             G_CALLBACK (on_channels_changed), self);
  n = g_list_model_get_n_items (G_LIST_MODEL (channels));
  if (n > 0)
    on_channels_changed (G_LIST_MODEL (channels), 0, 0, n, self);
  return self;
}

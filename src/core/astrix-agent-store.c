/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "astrix-agent-store"

#include "config.h"

#include "astrix-queue-private.h"

/*
 * The agents of one PBX as a GListModel, keyed by member interface (an agent in several
 * queues is one item). AstrixQueueStore feeds it; agents change in place (property
 * notifications) and the list itself changes in batches, once a frame, as the channel store
 * does. An agent removed from its last queue stays, logged out, for the rest of the day.
 */

#define FLUSH_INTERVAL_MS 16

struct _AstrixAgentStore
{
  GObject     parent_instance;

  GPtrArray  *items;          /* AstrixAgent, the visible list */
  GPtrArray  *next;           /* AstrixAgent, the list at the next flush */
  GHashTable *by_interface;   /* interface -> AstrixAgent (in next) */
  guint       flush_source;
};

static void astrix_agent_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AstrixAgentStore, astrix_agent_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      astrix_agent_store_list_model_init))

static GType
astrix_agent_store_get_item_type (GListModel *model)
{
  return ASTRIX_TYPE_AGENT;
}

static guint
astrix_agent_store_get_n_items (GListModel *model)
{
  return ASTRIX_AGENT_STORE (model)->items->len;
}

static gpointer
astrix_agent_store_get_item (GListModel *model,
                             guint       position)
{
  AstrixAgentStore *self = ASTRIX_AGENT_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
astrix_agent_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = astrix_agent_store_get_item_type;
  iface->get_n_items = astrix_agent_store_get_n_items;
  iface->get_item = astrix_agent_store_get_item;
}

/*
 * @visible becomes a copy of @next (both hold references), signalled as one items-changed
 * from the first position that differs: most flushes touch the end of the list only.
 */
void
_astrix_list_model_replace (GListModel *model,
                            GPtrArray  *visible,
                            GPtrArray  *next)
{
  guint old_len = visible->len;
  guint first = 0;
  guint removed, added;

  while (first < visible->len && first < next->len &&
         g_ptr_array_index (visible, first) == g_ptr_array_index (next, first))
    first++;
  if (first == visible->len && first == next->len)
    return;

  removed = old_len - first;
  added = next->len - first;
  g_ptr_array_remove_range (visible, first, removed);
  for (guint i = first; i < next->len; i++)
    g_ptr_array_add (visible, g_object_ref (g_ptr_array_index (next, i)));
  g_list_model_items_changed (model, first, removed, added);
}

/* Applies the agents that came and went, now (tests, and the end of a resync). */
void
astrix_agent_store_flush (AstrixAgentStore *self)
{
  g_return_if_fail (ASTRIX_IS_AGENT_STORE (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  _astrix_list_model_replace (G_LIST_MODEL (self), self->items, self->next);
}

static gboolean
flush_timeout (gpointer data)
{
  AstrixAgentStore *self = data;

  self->flush_source = 0;
  _astrix_list_model_replace (G_LIST_MODEL (self), self->items, self->next);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (AstrixAgentStore *self)
{
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (FLUSH_INTERVAL_MS, flush_timeout, self);
}

AstrixAgentStore *
_astrix_agent_store_new (void)
{
  return g_object_new (ASTRIX_TYPE_AGENT_STORE, NULL);
}

/* Returns: (transfer none): the agent with @interface, added (at the next flush) if new */
AstrixAgent *
_astrix_agent_store_ensure (AstrixAgentStore *self,
                            const char       *interface)
{
  AstrixAgent *agent = g_hash_table_lookup (self->by_interface, interface);

  if (agent != NULL)
    return agent;
  agent = _astrix_agent_new (interface);
  g_ptr_array_add (self->next, agent);
  g_hash_table_insert (self->by_interface, g_strdup (interface), agent);
  schedule_flush (self);
  return agent;
}

void
_astrix_agent_store_remove (AstrixAgentStore *self,
                            AstrixAgent      *agent)
{
  g_hash_table_remove (self->by_interface, astrix_agent_get_interface (agent));
  g_ptr_array_remove (self->next, agent);
  schedule_flush (self);
}

/* Forgets every agent (the server is gone for good, or the user may not see them). */
void
_astrix_agent_store_clear (AstrixAgentStore *self)
{
  g_hash_table_remove_all (self->by_interface);
  g_ptr_array_set_size (self->next, 0);
  astrix_agent_store_flush (self);
}

/* Returns: (transfer none) (element-type AstrixAgent): every agent, flushed or not */
GPtrArray *
_astrix_agent_store_all (AstrixAgentStore *self)
{
  return self->next;
}

/* Returns: (transfer none) (nullable): the agent with that member interface */
AstrixAgent *
astrix_agent_store_lookup (AstrixAgentStore *self,
                           const char       *interface)
{
  g_return_val_if_fail (ASTRIX_IS_AGENT_STORE (self), NULL);

  return g_hash_table_lookup (self->by_interface, interface);
}

/**
 * astrix_agent_store_find:
 * @who: an agent's member interface, its name as the queue shows it, or its state interface
 *
 * Returns: (transfer none) (nullable): the agent @who names
 */
AstrixAgent *
astrix_agent_store_find (AstrixAgentStore *self,
                         const char       *who)
{
  guint n;
  AstrixAgent *agent;

  g_return_val_if_fail (ASTRIX_IS_AGENT_STORE (self), NULL);

  if (who == NULL || who[0] == '\0')
    return NULL;
  agent = astrix_agent_store_lookup (self, who);
  if (agent != NULL)
    return agent;
  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AstrixAgent) item = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (g_strcmp0 (astrix_agent_get_name (item), who) == 0 ||
          g_strcmp0 (astrix_agent_get_state_interface (item), who) == 0)
        return item;   /* the store holds it */
    }
  return NULL;
}

static void
astrix_agent_store_finalize (GObject *object)
{
  AstrixAgentStore *self = ASTRIX_AGENT_STORE (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_pointer (&self->by_interface, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->next, g_ptr_array_unref);

  G_OBJECT_CLASS (astrix_agent_store_parent_class)->finalize (object);
}

static void
astrix_agent_store_class_init (AstrixAgentStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = astrix_agent_store_finalize;
}

static void
astrix_agent_store_init (AstrixAgentStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->next = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_interface = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-row.h"

/*
 * A row of a big table, as AstrixRowModel hands them out: the row keeps its place, the item
 * it shows may change (#AstrixRow:item). See astrix-row-model.c for why.
 *
 * The row passes on the notifications of its item (#AstrixRow::item-notify): the cells of a
 * row follow the row alone, and when a search moves other items through 200 rows, each row
 * changes one signal connection rather than each of its cells.
 */

struct _AstrixRow
{
  GObject  parent_instance;

  GObject *item;
  gulong   notify_handler;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_NOTIFY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AstrixRow, astrix_row, G_TYPE_OBJECT)

static void
on_item_notify (GObject    *item,
                GParamSpec *pspec,
                AstrixRow  *self)
{
  g_signal_emit (self, signals[ITEM_NOTIFY], g_param_spec_get_name_quark (pspec), pspec);
}

static void
follow (AstrixRow *self,
        gpointer   item)
{
  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_handler, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->notify_handler = g_signal_connect (item, "notify", G_CALLBACK (on_item_notify), self);
}

static void
astrix_row_dispose (GObject *object)
{
  follow (ASTRIX_ROW (object), NULL);

  G_OBJECT_CLASS (astrix_row_parent_class)->dispose (object);
}

static void
astrix_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, ASTRIX_ROW (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
astrix_row_class_init (AstrixRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = astrix_row_dispose;
  object_class->get_property = astrix_row_get_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AstrixRow::item-notify:
   * @pspec: the property of the item that changed
   *
   * A property of the item changed, as #GObject::notify of the item (with its detail).
   */
  signals[ITEM_NOTIFY] =
    g_signal_new ("item-notify", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED | G_SIGNAL_NO_RECURSE | G_SIGNAL_NO_HOOKS,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PARAM);
}

static void
astrix_row_init (AstrixRow *self)
{
}

AstrixRow *
astrix_row_new (gpointer item)
{
  AstrixRow *self = g_object_new (ASTRIX_TYPE_ROW, NULL);

  follow (self, item);
  return self;
}

/* Returns: (transfer none) (type GObject): what the row shows now */
gpointer
astrix_row_get_item (AstrixRow *self)
{
  g_return_val_if_fail (ASTRIX_IS_ROW (self), NULL);

  return self->item;
}

void
astrix_row_set_item (AstrixRow *self,
                     gpointer   item)
{
  g_return_if_fail (ASTRIX_IS_ROW (self));

  if (self->item == item)
    return;
  follow (self, item);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

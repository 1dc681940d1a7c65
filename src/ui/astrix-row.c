/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-row.h"

/*
 * A row of a big table, as AstrixRowModel hands them out: the row keeps its place, the item
 * it shows may change (#AstrixRow:item). See astrix-row-model.c for why.
 */

struct _AstrixRow
{
  GObject  parent_instance;

  GObject *item;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AstrixRow, astrix_row, G_TYPE_OBJECT)

static void
astrix_row_dispose (GObject *object)
{
  g_clear_object (&ASTRIX_ROW (object)->item);

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
}

static void
astrix_row_init (AstrixRow *self)
{
}

AstrixRow *
astrix_row_new (gpointer item)
{
  AstrixRow *self = g_object_new (ASTRIX_TYPE_ROW, NULL);

  self->item = item != NULL ? g_object_ref (item) : NULL;
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

  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

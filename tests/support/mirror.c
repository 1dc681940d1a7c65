/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "mirror.h"

/*
 * A list model's signals, checked: @mirror gets every change of @model as its items-changed
 * says (call this from the handler). If the signals told the whole truth, the mirror holds
 * the model's items after each one.
 */
void
mirror_apply (GListStore *mirror,
              GListModel *model,
              guint       position,
              guint       removed,
              guint       added)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, position + i));
  g_list_store_splice (mirror, position, removed, items->pdata, items->len);
}

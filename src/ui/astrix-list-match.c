/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "astrix-list-match.h"

/* How far ahead a change is looked into for an item that stayed, past items that went. */
#define LOOK_AHEAD 8

/**
 * astrix_list_match:
 * @old: the items a change of a list model took out
 * @now: the @n_now items it put in their place
 *
 * Which of the @old items each of the @now items is. A sorted list reports the new items of
 * a folder, and the channel store a flush, as a change of the whole range around them, where
 * most items only stay, in the same order; the models above keep what they know of those.
 * An item found out of order (further than a few places ahead) counts as one that went and
 * one that came.
 *
 * Returns: (transfer full): for each of @now, its index in @old, or -1 for one that came
 */
int *
astrix_list_match (GPtrArray      *old,
                   gpointer const *now,
                   guint           n_now)
{
  int *match = g_new (int, MAX (n_now, 1));
  guint next = 0;   /* the first of @old not yet matched nor given up */

  for (guint i = 0; i < n_now; i++)
    {
      guint ahead = next;

      match[i] = -1;
      while (ahead < old->len && ahead < next + LOOK_AHEAD &&
             g_ptr_array_index (old, ahead) != now[i])
        ahead++;
      if (ahead < old->len && g_ptr_array_index (old, ahead) == now[i])
        {
          match[i] = ahead;
          next = ahead + 1;
        }
    }
  return match;
}

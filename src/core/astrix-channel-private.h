/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami.h"
#include "astrix-channel.h"
#include "astrix-channel-store.h"

G_BEGIN_DECLS

AstrixChannel *_astrix_channel_new              (const char    *uniqueid,
                                                 const char    *server);
gboolean       _astrix_channel_update_snapshot  (AstrixChannel *self,
                                                 AmiMessage    *message,
                                                 const char    *prefix);
void           _astrix_channel_set_name         (AstrixChannel *self,
                                                 const char    *name);
void           _astrix_channel_set_application  (AstrixChannel *self,
                                                 const char    *application,
                                                 const char    *data);
void           _astrix_channel_set_bridge_id    (AstrixChannel *self,
                                                 const char    *bridge_id);
void           _astrix_channel_set_peer         (AstrixChannel *self,
                                                 const char    *peer);
void           _astrix_channel_set_created      (AstrixChannel *self,
                                                 gint64         created);
void           _astrix_channel_set_spy_group    (AstrixChannel *self,
                                                 const char    *spy_group);
void           _astrix_channel_set_spying_on    (AstrixChannel *self,
                                                 const char    *spyee);
void           _astrix_channel_add_spyer        (AstrixChannel *self,
                                                 const char    *spyer_uniqueid,
                                                 const char    *spyer_name,
                                                 const char    *spyer_caller);
gboolean       _astrix_channel_remove_spyer     (AstrixChannel *self,
                                                 const char    *spyer_uniqueid);
guint          _astrix_channel_get_n_spyers     (AstrixChannel *self);
gboolean       _astrix_channel_set_outside_groups (AstrixChannel *self,
                                                 gboolean       outside);
void           _astrix_channel_set_on_hold      (AstrixChannel *self,
                                                 gboolean       on_hold);
void           _astrix_channel_handle_mixmonitor (AstrixChannel *self,
                                                 const char    *event,
                                                 AmiMessage    *message);
char          *_astrix_name_and_number          (const char    *name,
                                                 const char    *number);

/* Store bookkeeping: the channel has hung up and leaves the list at the next flush. */
gboolean       _astrix_channel_get_gone         (AstrixChannel *self);
void           _astrix_channel_set_gone         (AstrixChannel *self,
                                                 gboolean       gone);

/* astrix-channel-store.c: the batched list changes of the channel and call stores */
typedef gboolean (*AstrixGoneFunc) (gpointer item);

void           _astrix_list_model_flush         (GListModel      *model,
                                                 GPtrArray       *items,
                                                 GPtrArray      **added,
                                                 guint            n_gone,
                                                 AstrixGoneFunc   is_gone);

/* Applies what came and went now, not at the next frame (tests) */
void           _astrix_channel_store_flush      (AstrixChannelStore *self);
AstrixChannel *_astrix_channel_store_peek       (AstrixChannelStore *self,
                                                 guint               position);

/* Read by tests only */
const char *_astrix_channel_get_peer       (AstrixChannel *self);
const char *_astrix_channel_get_server     (AstrixChannel *self);
const char *_astrix_channel_get_state_desc (AstrixChannel *self);
gboolean    _astrix_channel_is_monitored   (AstrixChannel *self);

G_END_DECLS

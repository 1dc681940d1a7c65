/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ami.h"
#include "astrix-channel.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_CHANNEL_STORE (astrix_channel_store_get_type ())

G_DECLARE_FINAL_TYPE (AstrixChannelStore, astrix_channel_store, ASTRIX, CHANNEL_STORE, GObject)

AstrixChannelStore *astrix_channel_store_new            (const char         *server);
const char         *astrix_channel_store_get_server     (AstrixChannelStore *self);
void                astrix_channel_store_handle_event   (AstrixChannelStore *self,
                                                         AmiMessage         *event);
void                astrix_channel_store_begin_resync   (AstrixChannelStore *self);
void                astrix_channel_store_finish_resync  (AstrixChannelStore *self,
                                                         GPtrArray          *items);
void                astrix_channel_store_clear          (AstrixChannelStore *self);
void                astrix_channel_store_set_spy_groups (AstrixChannelStore *self,
                                                         const char * const *groups);
AstrixChannel      *astrix_channel_store_lookup         (AstrixChannelStore *self,
                                                         const char         *uniqueid);
AstrixChannel      *astrix_channel_store_lookup_by_name (AstrixChannelStore *self,
                                                         const char         *name);

G_END_DECLS

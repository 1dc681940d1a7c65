/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "astrix-call-store.h"

G_BEGIN_DECLS

AstrixCall *_astrix_call_new            (const char    *server);
void        _astrix_call_add_channel    (AstrixCall    *self,
                                         AstrixChannel *channel);
gboolean    _astrix_call_remove_channel (AstrixCall    *self,
                                         AstrixChannel *channel);
guint       _astrix_call_get_n_channels (AstrixCall    *self);
AstrixChannel *_astrix_call_get_channel (AstrixCall    *self,
                                         guint          position);
void        _astrix_call_refresh        (AstrixCall    *self);
int         _astrix_call_compare_uniqueid (AstrixChannel *a,
                                         AstrixChannel *b);

/* Store bookkeeping, as for channels: the call has no channel left and leaves at the flush. */
gboolean    _astrix_call_get_gone       (AstrixCall    *self);
void        _astrix_call_set_gone       (AstrixCall    *self,
                                         gboolean       gone);

/* astrix-call-store.c, for tests (and the connection: the call a channel is in) */
void        _astrix_call_store_flush          (AstrixCallStore *self);
AstrixCall *_astrix_call_store_lookup_channel (AstrixCallStore *self,
                                               AstrixChannel   *channel);

/* Read by tests only */
AstrixCallState _astrix_call_get_state    (AstrixCall *self);
gboolean        _astrix_call_is_monitored (AstrixCall *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "astrix-call.h"
#include "astrix-channel-store.h"

G_BEGIN_DECLS

#define ASTRIX_TYPE_CALL_STORE (astrix_call_store_get_type ())

G_DECLARE_FINAL_TYPE (AstrixCallStore, astrix_call_store, ASTRIX, CALL_STORE, GObject)

AstrixCallStore    *astrix_call_store_new                     (AstrixChannelStore *channels);
void                astrix_call_store_set_supervisor_endpoint (AstrixCallStore    *self,
                                                               const char         *endpoint);

G_END_DECLS

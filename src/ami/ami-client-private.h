/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-client.h"

G_BEGIN_DECLS

#define AMI_BACKOFF_FIRST_MS 1000
#define AMI_BACKOFF_CAP_MS   30000

guint _ami_backoff_delay_ms (guint  attempt,
                             double random);

G_END_DECLS

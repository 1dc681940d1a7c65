/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ami-error.h"

G_DEFINE_QUARK (ami-error-quark, ami_error)

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ami-action.h"
#include "ami-client.h"
#include "ami-enums.h"
#include "ami-error.h"
#include "ami-fingerprint.h"
#include "ami-message.h"
#include "ami-parser.h"

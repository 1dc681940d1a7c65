/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "astrix-server-config.h"

G_BEGIN_DECLS

/**
 * AstrixCheckExit:
 * @ASTRIX_CHECK_EXIT_OK: nothing failed (some checks may have been unverifiable or warned)
 * @ASTRIX_CHECK_EXIT_FAILED: at least one check failed
 * @ASTRIX_CHECK_EXIT_USAGE: the check could not run: a bad address, no secret, interrupted
 *
 * The exit status of `astrix-assist --check-server`.
 */
typedef enum
{
  ASTRIX_CHECK_EXIT_OK = 0,
  ASTRIX_CHECK_EXIT_FAILED = 1,
  ASTRIX_CHECK_EXIT_USAGE = 2,
} AstrixCheckExit;

int astrix_check_command_run        (const char         *uri,
                                     const char         *endpoint);
int astrix_check_command_run_config (AstrixServerConfig *config,
                                     FILE               *out,
                                     FILE               *err);

G_END_DECLS

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-bench-parser.sh BENCH MAKE_CORPUS CAPTURE_DIR: the parser on a 50 MB corpus of real traffic.
set -eu
bench=$1 make_corpus=$2 captures=$3
corpus=${ASTRIX_BENCH_CORPUS:-${TMPDIR:-/tmp}/astrix-ami-corpus-50mb.bin}
[ -s "$corpus" ] || python3 "$make_corpus" "$captures" "$corpus" 50
exec "$bench" "$corpus"

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-bench-parser.sh BENCH MAKE_CORPUS CAPTURE_DIR: the benchmark counts what is really there.
set -eu
bench=$1 make_corpus=$2 captures=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expected=$(python3 "$make_corpus" --digest "$captures" "$tmp/corpus" 3)
echo "$expected"
out=$("$bench" "$tmp/corpus" --digest --runs 1)
echo "$out"
want_count=$(echo "$expected" | sed -n 's/.* \([0-9]*\) messages.*/\1/p')
want_digest=$(echo "$expected" | sed -n 's/.*digest \([0-9a-f]*\).*/\1/p')
got_count=$(echo "$out" | sed -n 's/^parse: .*(\([0-9]*\) messages)$/\1/p')
got_digest=$(echo "$out" | sed -n 's/^digest: //p')
[ -n "$want_count" ] && [ "$want_count" = "$got_count" ] || { echo "count: want $want_count, got $got_count"; exit 1; }
[ -n "$want_digest" ] && [ "$want_digest" = "$got_digest" ] || { echo "digest: want $want_digest, got $got_digest"; exit 1; }
if echo "$out" | grep -q '^errors:'; then echo "the parser reported errors"; exit 1; fi
echo "ok: $got_count messages, digest $got_digest"

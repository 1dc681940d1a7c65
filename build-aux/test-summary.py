#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints `N skipped` and, last, `N passed, N failed` from meson's testlog.json files (JSON Lines).

With several files (one per build), the counts are summed."""
import json
import sys

PASSED = {'OK', 'EXPECTEDFAIL'}
SKIPPED = {'SKIP'}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                if not line.strip():
                    continue
                result = json.loads(line).get('result')
                if result in PASSED:
                    passed += 1
                elif result in SKIPPED:
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        failed += 1
print(f'{skipped} skipped')
print(f'{passed} passed, {failed} failed')

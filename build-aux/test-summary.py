#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints `N skipped` and, last, `N passed, N failed` from meson's testlog.json files.

    test-summary.py TESTLOG.json... [--result NAME=EXIT_STATUS ...]

Several test logs (one per build) are summed; each --result counts as one more test, passed
when its exit status is 0. A missing test log counts as a failure.
"""
import json
import sys

PASSED = {'OK', 'EXPECTEDFAIL'}
SKIPPED = {'SKIP'}

passed = failed = skipped = 0
args = sys.argv[1:]
while args:
    arg = args.pop(0)
    if arg == '--result':
        name, _, status = args.pop(0).partition('=')
        if status.strip() == '0':
            passed += 1
        else:
            failed += 1
            print(f'FAILED: {name} (exit status {status})')
        continue
    try:
        with open(arg, encoding='utf-8') as f:
            for line in f:
                if not line.strip():
                    continue
                entry = json.loads(line)
                result = entry.get('result')
                if result in PASSED:
                    passed += 1
                elif result in SKIPPED:
                    skipped += 1
                else:
                    failed += 1
                    print(f"FAILED: {entry.get('name')} ({result}) in {arg}")
    except FileNotFoundError:
        failed += 1
        print(f'FAILED: no test log at {arg}')
print(f'{skipped} skipped')
print(f'{passed} passed, {failed} failed')

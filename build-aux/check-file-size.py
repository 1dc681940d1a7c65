#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source file under SRC_DIR has more than LIMIT lines (docs/objects.md).

Usage: check-file-size.py SRC_DIR [LIMIT]
"""
import os
import sys


def main():
    src = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    over = []
    for folder, _, names in sorted(os.walk(src)):
        for name in sorted(names):
            if not name.endswith(('.c', '.h')):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding='utf-8', errors='replace') as f:
                n = sum(1 for _ in f)
            if n > limit:
                over.append((path, n))
    for path, n in over:
        print(f'{os.path.relpath(path, src)}: {n} lines, over {limit}: split a job into its own file')
    return 1 if over else 0


if __name__ == '__main__':
    sys.exit(main())

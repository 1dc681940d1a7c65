#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a .c or .h line under src/ or tests/ is wider than LIMIT columns (docs/style.md,
"Layout": 100 columns at most). tests/data is left out: it holds copies of real traffic.

Columns are characters (a tab counts to the next multiple of 8), not bytes: "—" or "…" in a
comment or a string is one column.

There is no exception for translatable strings. A `_("…")` that does not fit where it stands
goes on a line of its own, with the call broken after its `(` when the argument column is too
far right (see astrix_monitor_control_playback()); the literal itself is never re-split or
changed, since its text is the msgid that po/de.po and po/es.po translate.

Usage: check-line-length.py SOURCE_ROOT [LIMIT]
"""
import os
import sys

DIRS = ('src', 'tests')
EXCLUDED = (os.path.join('tests', 'data'),)


def sources(root):
    for top in DIRS:
        for folder, dirs, names in os.walk(os.path.join(root, top)):
            rel = os.path.relpath(folder, root)
            dirs[:] = sorted(d for d in dirs if os.path.join(rel, d) not in EXCLUDED)
            for name in sorted(names):
                if name.endswith(('.c', '.h')):
                    yield os.path.join(rel, name)


def main():
    root = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    over = 0
    for path in sources(root):
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            for number, line in enumerate(f, 1):
                width = len(line.rstrip('\r\n').expandtabs(8))
                if width > limit:
                    print(f'{path}:{number}: {width} columns, over {limit}')
                    over += 1
    return 1 if over else 0


if __name__ == '__main__':
    sys.exit(main())

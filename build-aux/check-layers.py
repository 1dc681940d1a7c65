#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Refuses an #include that goes against the layer arrows (docs/architecture.md).

    ui -> core -> ami,  ui -> demo -> ami;  ami knows nothing of Astrix.

Usage: check-layers.py SRC_DIR STAMP
"""
import os
import re
import sys

LAYERS = ('ami', 'core', 'demo', 'ui')
ALLOWED = {
    'ami': {'ami'},
    'core': {'core', 'ami'},
    'demo': {'demo', 'ami'},
    'ui': {'ui', 'core', 'demo', 'ami'},
}
# System headers a layer must not use (GTK is the UI's alone; ami and demo are GIO only).
FORBIDDEN_SYSTEM = {
    'ami': ('gtk/', 'adwaita.h', 'libsecret/', 'gst/'),
    'core': ('gtk/', 'adwaita.h'),
    'demo': ('gtk/', 'adwaita.h', 'libsecret/', 'gst/'),
    'ui': (),
}
# Generated headers: which layer makes them.
GENERATED = {
    'ami-enums.h': 'ami',
    'astrix-core-enums.h': 'core',
    'astrix-demo-enums.h': 'demo',
    'astrix-resources.h': 'ui',
    'config.h': None,
}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def owner_of(header, src):
    base = os.path.basename(header)
    if base in GENERATED:
        return GENERATED[base], True
    for layer in LAYERS:
        if os.path.exists(os.path.join(src, layer, base)):
            return layer, True
    return None, False


def main():
    src, stamp = sys.argv[1], sys.argv[2]
    errors = []
    for layer in LAYERS:
        top = os.path.join(src, layer)
        for dirpath, _, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding='utf-8') as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, header = m.groups()
                        where = f'{os.path.relpath(path, src)}:{number}'
                        if kind == '<':
                            for bad in FORBIDDEN_SYSTEM[layer]:
                                if header.startswith(bad):
                                    errors.append(f'{where}: the {layer} layer may not include <{header}>')
                            continue
                        if '..' in header or '/' in header:
                            errors.append(f'{where}: include "{header}" by name, not by path')
                            continue
                        owner, known = owner_of(header, src)
                        if not known:
                            errors.append(f'{where}: "{header}" belongs to no layer')
                        elif owner is not None and owner not in ALLOWED[layer]:
                            errors.append(f'{where}: {layer} may not include "{header}" '
                                          f'(from {owner}): the arrows are ui -> core -> ami, '
                                          f'ui -> demo -> ami')
    if errors:
        print('\n'.join(errors), file=sys.stderr)
        return 1
    with open(stamp, 'w') as f:
        f.write('ok\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())

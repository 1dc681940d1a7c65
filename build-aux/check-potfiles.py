#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists exactly the files with translatable strings.

Usage: check-potfiles.py SOURCE_ROOT

Fails when a file under src/ or data/ has translatable strings (a gettext call such as _(),
N_() or C_(), a translatable="yes" property, or is a desktop, metainfo or schema file) but is
not listed, when a listed file does not exist, or when the list is not sorted.
Files named in po/POTFILES.skip are exempt.
"""

import os
import re
import sys

SCANNED_DIRS = ("src", "data")
GETTEXT_CALL = re.compile(
    r"(?<![\w])(?:_|N_|C_|NC_|Q_|ngettext|g_dgettext|g_dngettext|g_dpgettext2?)\s*\(")
TRANSLATABLE_PROPERTY = re.compile(r"""translatable\s*=\s*["']yes["']""")
TRANSLATABLE_BY_NATURE = (".desktop.in", ".metainfo.xml.in", ".appdata.xml.in", ".gschema.xml")


def read_list(path):
    """The entries of a POTFILES-style file: one path a line, # comments."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        lines = (line.strip() for line in f)
        return [line for line in lines if line and not line.startswith("#")]


def has_translatable_strings(path):
    if path.endswith(TRANSLATABLE_BY_NATURE):
        return True
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False  # binary data: images, recordings
    return bool(GETTEXT_CALL.search(text) or TRANSLATABLE_PROPERTY.search(text))


def translatable_files(root):
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if has_translatable_strings(path):
                    yield os.path.relpath(path, root)


def main(argv):
    if len(argv) != 1:
        print(__doc__)
        return 2
    root = argv[0]
    listed = read_list(os.path.join(root, "po", "POTFILES.in"))
    skipped = set(read_list(os.path.join(root, "po", "POTFILES.skip")))
    errors = []

    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            errors.append(f"po/POTFILES.in lists {path}, which does not exist")
    if listed != sorted(listed):
        errors.append("po/POTFILES.in is not sorted")
    if len(set(listed)) != len(listed):
        errors.append("po/POTFILES.in lists a file twice")
    for path in translatable_files(root):
        if path not in listed and path not in skipped:
            errors.append(f"{path} has translatable strings but is not in po/POTFILES.in")

    for error in errors:
        print(error)
    if not errors:
        print(f"po/POTFILES.in: OK ({len(listed)} files)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

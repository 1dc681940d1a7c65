#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that application icons are well-formed SVG and render at the sizes GNOME uses.

Usage: check-icons.py [--symbolic] ICON.svg...

Each icon must parse as XML with an <svg> root and render through gdk-pixbuf (librsvg, the
renderer GTK uses) at 16, 32, 64 and 128 px to an image of that size that is not empty.
A --symbolic icon must also be 16x16 and monochrome, since GTK recolours it.
Exits 77 (skipped) when gdk-pixbuf or its SVG loader is not available.
"""

import sys
import xml.etree.ElementTree as ET

SIZES = (16, 32, 64, 128)
# Where antialiased shapes overlap, rendering rounds an opaque pixel's colour by a step or two.
MONOCHROME_TOLERANCE = 4
SVG_NS = "{http://www.w3.org/2000/svg}"
SKIP = 77


def load_gdk_pixbuf():
    try:
        import gi
        gi.require_version("GdkPixbuf", "2.0")
        from gi.repository import GdkPixbuf
    except (ImportError, ValueError) as e:
        print(f"SKIP: GdkPixbuf introspection not available ({e}); "
              "install python3-gi and gir1.2-gdkpixbuf-2.0")
        sys.exit(SKIP)
    if not any(f.get_name() == "svg" for f in GdkPixbuf.Pixbuf.get_formats()):
        print("SKIP: gdk-pixbuf has no SVG loader; install librsvg2-common")
        sys.exit(SKIP)
    return GdkPixbuf


def check_xml(path, symbolic):
    root = ET.parse(path).getroot()
    if root.tag != SVG_NS + "svg":
        return [f"root element is {root.tag}, not an SVG <svg>"]
    if symbolic and (root.get("width"), root.get("height")) != ("16", "16"):
        return ["a symbolic icon must be 16x16"]
    return []


def visible_colours(pixbuf):
    """The set of RGB colours of the opaque pixels."""
    data = pixbuf.get_pixels()
    stride, n = pixbuf.get_rowstride(), pixbuf.get_n_channels()
    colours = set()
    for y in range(pixbuf.get_height()):
        row = data[y * stride:y * stride + pixbuf.get_width() * n]
        for x in range(0, len(row), n):
            if n == 3 or row[x + 3] == 255:
                colours.add(bytes(row[x:x + 3]))
    return colours


def colour_spread(colours):
    """How far apart the colours are, in the channel where they differ most."""
    return max(max(c[i] for c in colours) - min(c[i] for c in colours) for i in range(3))


def check_render(GdkPixbuf, path, symbolic):
    errors = []
    for size in SIZES:
        try:
            pixbuf = GdkPixbuf.Pixbuf.new_from_file_at_scale(path, size, size, True)
        except Exception as e:  # GLib.Error: not an SVG gdk-pixbuf can render
            errors.append(f"does not render at {size} px: {e}")
            continue
        if (pixbuf.get_width(), pixbuf.get_height()) != (size, size):
            errors.append(f"renders at {pixbuf.get_width()}x{pixbuf.get_height()}, "
                          f"not {size}x{size}")
        colours = visible_colours(pixbuf)
        if not colours:
            errors.append(f"renders empty at {size} px")
        elif symbolic and colour_spread(colours) > MONOCHROME_TOLERANCE:
            errors.append(f"is not monochrome at {size} px ({len(colours)} colours)")
    return errors


def main(argv):
    symbolic = "--symbolic" in argv
    paths = [a for a in argv if a != "--symbolic"]
    if not paths:
        print(__doc__)
        return 2
    GdkPixbuf = load_gdk_pixbuf()
    failed = False
    for path in paths:
        try:
            errors = check_xml(path, symbolic)
        except (ET.ParseError, OSError) as e:
            errors = [f"is not well-formed XML: {e}"]
        if not errors:
            errors = check_render(GdkPixbuf, path, symbolic)
        for error in errors:
            print(f"{path}: {error}")
        failed = failed or bool(errors)
        if not errors:
            print(f"{path}: OK at {', '.join(str(s) for s in SIZES)} px")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader hears of the calls table, read over AT-SPI (TESTING.md).

Runs `astrix-assist --demo` with the accessibility bus of a private session and walks its
tree: no cell is read as a widget's type ("AstrixCell", the name AT-SPI gives a widget with no
name), and the Monitored By cell of a call nobody monitors is read as empty.
Usage: test-atspi-names.py ASTRIX_ASSIST (inside xvfb-run and dbus-run-session, as
build-aux/quickstart test runs it). Prints TAP.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from atspi_support import (DemoApp, applications, cells, check_setup,
                           children, labels, wait_for_application, walk)


def rows(app):
    """The calls table's rows on screen, each a list of its cells"""
    found = []

    def walk_to_rows(node):
        if node.getRoleName() == "table row":
            row = cells(node)
            if row:   # (the titles' row has none)
                found.append(row)
            return
        for child in children(node):
            walk_to_rows(child)
    walk_to_rows(app)
    return found


def names(node):
    for found in walk(node):
        yield found.getRoleName(), found.name


def main():
    check_setup()
    with DemoApp(sys.argv[1]) as demo:
        if not demo.start():
            print("not ok 1 - the accessibility bus did not start")
            return 1

        def table_read(app_node):
            found = rows(app_node)
            return len(found) >= 2 and all(len(r) >= 6 for r in found)

        node = wait_for_application(table_read, 20)
        print("1..2")
        if node is None:
            for app_node in applications():
                print("# application %r" % app_node.name)
                for role, name in [x for x in names(app_node) if "table" in x[0] or "status" in (x[1] or "").lower() or "call" in (x[1] or "").lower()][:40]:
                    print("#   %s %r" % (role, name))
            print("not ok 1 - the calls table is not read out")
            print("not ok 2 - # SKIP no table")
            return 1
        typed = [(role, name) for role, name in names(node) if name == "AstrixCell"]
        print(("ok" if not typed else "not ok") + " 1 - no cell is read as its widget's type")
        for role, name in typed[:5]:
            print("# %s named %r" % (role, name))
        # Monitored By, the last column: nobody monitors these calls
        heard = [labels(row[-1]) for row in rows(node)]
        empty = all(said == [""] for said in heard)
        print(("ok" if empty else "not ok") + " 2 - an empty Monitored By cell is read as empty")
        for said in sorted(set(map(repr, heard))):
            print("# Monitored By reads %s" % said)
        return 0 if not typed and empty else 1


if __name__ == "__main__":
    sys.exit(main())

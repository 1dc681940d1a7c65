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
import signal
import subprocess
import sys
import tempfile
import time

LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def skip(why):
    print("1..0 # SKIP " + why)
    sys.exit(0)


def has_owner(name):
    from gi.repository import Gio, GLib
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          GLib.Variant("(s)", (name,)), None, Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def wait_until(what, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = what()
        if found:
            return found
        time.sleep(0.2)
    return None


def children(node):
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield child


def rows(app):
    """The calls table's rows on screen, each a list of its cells"""
    found = []

    def walk(node):
        if node.getRoleName() == "table row":
            cells = [c for c in children(node) if c.getRoleName() == "table cell"]
            if cells:   # (the titles' row has none)
                found.append(cells)
            return
        for child in children(node):
            walk(child)
    walk(app)
    return found


def names(node):
    yield node.getRoleName(), node.name
    for child in children(node):
        yield from names(child)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: test-atspi-names.py ASTRIX_ASSIST")
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        skip("needs an X display and a private session bus (build-aux/quickstart test)")
    try:
        import pyatspi
    except ImportError:
        skip("python3-pyatspi is not installed")
    if not os.path.exists(LAUNCHER):
        skip("at-spi2-core is not installed")

    tmp = tempfile.TemporaryDirectory(prefix="astrix-atspi-")
    env = dict(os.environ, ASTRIX_DEMO_STATIC="1", ASTRIX_DEMO_CALLS="2",
               XDG_DATA_HOME=os.path.join(tmp.name, "data"),
               XDG_CACHE_HOME=os.path.join(tmp.name, "cache"))
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    # Not on our stdout: the bus and the registry it starts outlive us a moment, and meson
    # waits for the end of what we write.
    launcher = subprocess.Popen([LAUNCHER, "--launch-immediately"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    app = None
    try:
        if not wait_until(lambda: has_owner("org.a11y.Bus"), 10):
            print("not ok 1 - the accessibility bus did not start")
            return 1
        app = subprocess.Popen([sys.argv[1], "--demo"], env=env, stdout=sys.stderr)

        def table():
            desktop = pyatspi.Registry.getDesktop(0)
            for node in children(desktop):
                if "astrix" in (node.name or "").lower():
                    found = rows(node)
                    if len(found) >= 2 and all(len(r) >= 6 for r in found):
                        return node
            return None

        node = wait_until(table, 20)
        print("1..2")
        if node is None:
            desktop = pyatspi.Registry.getDesktop(0)
            for app_node in children(desktop):
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
        heard = []
        for cells in rows(node):
            labels = [n for role, n in names(cells[-1]) if role == "label"]
            heard.append(labels)
        empty = all(labels == [""] for labels in heard)
        print(("ok" if empty else "not ok") + " 2 - an empty Monitored By cell is read as empty")
        for labels in sorted(set(map(repr, heard))):
            print("# Monitored By reads %s" % labels)
        return 0 if not typed and empty else 1
    finally:
        if app is not None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
        launcher.terminate()
        launcher.wait(10)
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())

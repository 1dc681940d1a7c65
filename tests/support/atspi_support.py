# SPDX-License-Identifier: GPL-3.0-or-later
"""What the AT-SPI tests share: the demo app on the accessibility bus, and reading its tree.

The tests (test-atspi-names.py, test-atspi-pages.py) start `astrix-assist --demo` (static: two
calls between customers and agents, nothing changes) with the accessibility bus of a private
session, and read the application the way a screen reader does. They run inside xvfb-run and
dbus-run-session (build-aux/quickstart test) and print TAP.
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


def check_setup():
    """Exits with the usage unless given ASTRIX_ASSIST; skips the test when it cannot run here"""
    if len(sys.argv) != 2:
        sys.exit("usage: %s ASTRIX_ASSIST" % os.path.basename(sys.argv[0]))
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        skip("needs an X display and a private session bus (build-aux/quickstart test)")
    try:
        import pyatspi
    except ImportError:
        skip("python3-pyatspi is not installed")
    if not os.path.exists(LAUNCHER):
        skip("at-spi2-core is not installed")


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


class DemoApp:
    """The accessibility bus, then `ASTRIX_ASSIST --demo` on it, with its own data and cache
    folders; leaving the `with` block ends both"""

    def __init__(self, program):
        self.program = program
        self.tmp = tempfile.TemporaryDirectory(prefix="astrix-atspi-")
        self.env = dict(os.environ, ASTRIX_DEMO_STATIC="1", ASTRIX_DEMO_CALLS="2",
                        XDG_DATA_HOME=os.path.join(self.tmp.name, "data"),
                        XDG_CACHE_HOME=os.path.join(self.tmp.name, "cache"))
        self.env.pop("GTK_A11Y", None)
        self.env.pop("NO_AT_BRIDGE", None)
        self.launcher = None
        self.app = None

    def __enter__(self):
        # Not on our stdout: the bus and the registry it starts outlive us a moment, and meson
        # waits for the end of what we write.
        self.launcher = subprocess.Popen([LAUNCHER, "--launch-immediately"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def start(self):
        """Waits for the accessibility bus and starts the app; False when the bus did not start"""
        if not wait_until(lambda: has_owner("org.a11y.Bus"), 10):
            return False
        self.app = subprocess.Popen([self.program, "--demo"], env=self.env, stdout=sys.stderr)
        return True

    def __exit__(self, *exc_info):
        if self.app is not None:
            self.app.send_signal(signal.SIGTERM)
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                self.app.kill()
        self.launcher.terminate()
        self.launcher.wait(10)
        self.tmp.cleanup()
        return False


def children(node):
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield child


def walk(node):
    yield node
    for child in children(node):
        yield from walk(child)


def applications():
    """The applications on the accessibility bus"""
    import pyatspi
    return children(pyatspi.Registry.getDesktop(0))


def wait_for_application(ready, seconds):
    """Waits until an application named Astrix is on the bus and ready(its node); the node"""
    def found():
        for node in applications():
            if "astrix" in (node.name or "").lower() and ready(node):
                return node
        return None
    return wait_until(found, seconds)


def cells(row):
    """The cells of a table row (the row of column titles has none)"""
    return [c for c in children(row) if c.getRoleName() == "table cell"]


def labels(node):
    """The names of the labels in node, in reading order"""
    return [n.name for n in walk(node) if n.getRoleName() == "label"]

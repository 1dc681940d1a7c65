#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader hears of the Agents and Queues pages, read over AT-SPI (TESTING.md).

Runs `astrix-assist --demo` (static: two calls between customers and agents, nothing changes)
with the accessibility bus of a private session, opens each page the way a screen reader user
does (the page tab's "click" action) and walks the page:
- the table is announced by its name and its column titles are read;
- every agent is a row whose cells read its name, its interface and its state in words
  (never only a colour or an icon), its time in that state as a duration, and whether it is
  monitored as a word; an agent in a call (the demo's are direct, not through a queue) reads
  the customer in its Current Call cell;
- every queue is a row whose Agents cell reads the counts in a sentence;
- nothing on either page is read as a widget's type ("GtkLabel", "GtkImage", "AstrixCell": the
  name AT-SPI gives a widget with no name), but for GTK 4.8's own column view cells, which the
  application cannot name.
Usage: test-atspi-pages.py ASTRIX_ASSIST (inside xvfb-run and dbus-run-session, as
build-aux/quickstart test runs it). Prints TAP.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from atspi_support import (DemoApp, cells, check_setup, children, labels,
                           wait_for_application, wait_until, walk)

TYPE_NAME = re.compile(r"^(Gtk|Adw|Astrix)[A-Z][A-Za-z]*$")
# Roles a screen reader speaks by name; fillers and panels are layout, skipped when read.
SPOKEN = {"label", "image", "push button", "toggle button", "check box", "combo box", "entry",
          "menu item", "text", "status bar", "icon", "heading", "table column header",
          "page tab", "tree table", "table"}
# The cells of GtkColumnView 4.8 (GtkColumnViewCell) are named by GTK itself.
GTK_OWN = {"GtkColumnViewCell", "GtkColumnListView", "GtkListItemWidget", "GtkColumnViewTitle"}
AGENT_STATES = {"Available", "Ringing", "In a call", "On hold", "Wrap-up", "Unavailable",
                "Logged out"}


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, notes=()):
        self.n += 1
        if not ok:
            self.failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, what))
        for note in list(notes)[:8]:
            print("# %s" % note)


def find(node, role, name):
    for found in walk(node):
        if found.getRoleName() == role and found.name == name:
            return found
    return None


def table_rows(table):
    """The column titles and the rows of a table, each row the words of each of its cells"""
    titles = []
    rows = []
    for node in walk(table):
        if node.getRoleName() != "table row":
            continue
        row = cells(node)
        if row:
            rows.append([" ".join(labels(c)) for c in row])
        else:
            titles = labels(node)
    return titles, rows


def typed_names(page):
    return sorted({"%s %r" % (n.getRoleName(), n.name) for n in walk(page)
                   if n.getRoleName() in SPOKEN and n.name and TYPE_NAME.match(n.name)
                   and n.name not in GTK_OWN})


def open_page(app_node, title, page_type, table_name, min_rows):
    """Clicks the page's tab, as a screen reader user would, and waits for its table's rows"""
    tab = find(app_node, "page tab", title)
    if tab is None:
        return None, None
    action = tab.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            action.doAction(i)

    def ready():
        page = next((n for n in walk(app_node) if n.name == page_type), None)
        table = find(page, "tree table", table_name) if page is not None else None
        if table is not None and len(table_rows(table)[1]) >= min_rows:
            return page, table
        return None
    return wait_until(ready, 20) or (None, None)


def check_agents(tap, app_node):
    page, table = open_page(app_node, "Agents", "AstrixAgentsPage", "Agents", 12)
    tap.check(table is not None, "the Agents page is read as a table named Agents with its rows")
    if table is None:
        return
    titles, rows = table_rows(table)
    tap.check(all(t in titles for t in ("Agent", "Interface", "State", "For", "Queues",
                                        "Current Call", "Monitored")),
              "the Agents table's column titles are read", ["titles %r" % titles])
    names = {row[0] for row in rows}
    tap.check({"Alice Martin", "Bruno Costa"} <= names and len(names) == len(rows),
              "each agent is one row, read by name", ["names %r" % sorted(names)])
    bad = [row for row in rows
           if not re.match(r"^(PJSIP|SIP|IAX2|Local|Agent)/\S+$", row[1])
           or not (row[2] in AGENT_STATES or row[2].startswith("Paused"))
           or not re.match(r"^\d\d:\d\d(:\d\d)?$", row[3])
           or row[-1] not in ("Yes", "No")]
    tap.check(not bad, "each agent's interface, state in words, time in state and "
              "monitoring are read", ["row %r" % row for row in bad])
    busy = [row for row in rows if row[0] in ("Alice Martin", "Bruno Costa")]
    tap.check(all(row[2] == "In a call" and re.search(r"<\+?\d+>", row[5]) for row in busy)
              and len(busy) == 2,
              "the two agents of the demo's calls are read as in a call, with the customer",
              ["row %r" % row for row in busy])
    typed = typed_names(page)
    tap.check(not typed, "nothing on the Agents page is read as a widget's type", typed)


def check_queues(tap, app_node):
    page, table = open_page(app_node, "Queues", "AstrixQueuesPage", "Queues", 3)
    tap.check(table is not None, "the Queues page is read as a table named Queues with its rows")
    if table is None:
        return
    titles, rows = table_rows(table)
    tap.check(all(t in titles for t in ("Queue", "Waiting", "Longest Wait", "Agents",
                                        "Answered", "Abandoned", "Service Level")),
              "the Queues table's column titles are read", ["titles %r" % titles])
    names = sorted(row[0] for row in rows)
    tap.check(names == ["billing", "sales", "support"], "each queue is one row, read by name",
              ["queues %r" % names])
    agents = re.compile(r"^\d+ available, \d+ busy, \d+ paused, \d+ logged in$")
    bad = [row for row in rows if not agents.match(row[3]) or not row[1].isdigit()]
    tap.check(not bad, "each queue's callers waiting and its agents are read in words",
              ["row %r" % row for row in bad])
    typed = typed_names(page)
    tap.check(not typed, "nothing on the Queues page is read as a widget's type", typed)


def main():
    check_setup()
    with DemoApp(sys.argv[1]) as demo:
        tap = Tap()
        print("1..11")
        if not demo.start():
            print("Bail out! the accessibility bus did not start")
            return 1
        app_node = wait_for_application(lambda node: find(node, "page tab", "Queues"), 30)
        if app_node is None:
            print("Bail out! the application is not on the accessibility bus")
            return 1
        check_agents(tap, app_node)
        check_queues(tap, app_node)
        return 1 if tap.failed or tap.n != 11 else 0


if __name__ == "__main__":
    sys.exit(main())

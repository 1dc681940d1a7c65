#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-under-display.sh PROGRAM ARGS...: runs a benchmark that shows the real window, under Xvfb
# and a private session bus unless a display is already there.
set -eu
if [ -n "${DISPLAY:-}" ] && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec "$@"
fi
here=$(cd "$(dirname "$0")/../.." && pwd)
# -noreset: Xvfb would otherwise reset when its last client leaves and refuse the next one.
exec xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" \
  dbus-run-session --config-file="$here/tests/session-test.conf" -- env GTK_A11Y=none "$@"

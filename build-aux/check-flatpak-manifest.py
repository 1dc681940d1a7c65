#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check Flatpak manifests offline.

Usage: check-flatpak-manifest.py MANIFEST.json...

Each manifest must load with `flatpak-builder --show-manifest` (which needs no network and no
SDK) and keep the sandbox as narrow as the application allows: no host files, no direct
Secret Service access (libsecret goes through the portal inside Flatpak).
Exits 77 (skipped) when flatpak-builder is not installed.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
FORBIDDEN_FINISH_ARGS = {
    "--filesystem=home": "the app needs no access to the home folder",
    "--filesystem=host": "the app needs no access to the host's files",
    "--talk-name=org.freedesktop.secrets": "secrets go through the Secret portal",
    "--socket=x11": "use --socket=fallback-x11 with --socket=wayland",
    "--socket=session-bus": "talk to named services only",
    "--socket=system-bus": "the app needs no system bus",
}


def check(flatpak_builder, path):
    errors = []
    # flatpak-builder leaves a .flatpak-builder state directory in its working directory.
    with tempfile.TemporaryDirectory() as workdir:
        result = subprocess.run([flatpak_builder, "--show-manifest", os.path.abspath(path)],
                                capture_output=True, text=True, cwd=workdir)
    if result.returncode != 0:
        return [f"flatpak-builder --show-manifest failed:\n{result.stderr.strip()}"]
    if result.stderr.strip():
        # Unknown keys are only warned about: treat them as mistakes.
        errors.append(f"flatpak-builder warns:\n{result.stderr.strip()}")
    manifest = json.loads(result.stdout)
    for arg in manifest.get("finish-args", []):
        if arg in FORBIDDEN_FINISH_ARGS:
            errors.append(f"finish-arg {arg}: {FORBIDDEN_FINISH_ARGS[arg]}")
    if not manifest.get("id", manifest.get("app-id")):
        errors.append("no application id")
    if manifest.get("command") != "astrix-assist":
        errors.append("command is not astrix-assist")
    return errors


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    flatpak_builder = shutil.which("flatpak-builder")
    if flatpak_builder is None:
        print("SKIP: flatpak-builder is not installed")
        return SKIP
    failed = False
    for path in paths:
        errors = check(flatpak_builder, path)
        for error in errors:
            print(f"{path}: {error}")
        if not errors:
            print(f"{path}: OK")
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run the browser tests (tests/browser/) once, in Debian's Chromium, with axe-core from npm.

Installs what they need first: Chromium with apt-get when running as root (never a browser
download of Playwright's own), and axe-core with `npm ci` in tests/browser/. Where Chromium or
npm cannot be had, prints a SKIPPED line and returns 0, so the rest of the suite still counts.
Extra arguments are passed to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER_TESTS = ROOT / "tests" / "browser"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = BROWSER_TESTS / "node_modules" / "axe-core" / "axe.min.js"


def skipped(reason: str) -> None:
    print(f"\n*** Browser tests SKIPPED: {reason} ***\n", flush=True)


def apt_install(*packages: str) -> bool:
    """Install Debian packages when running as root; True when the command succeeded."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print(f"Installing {' '.join(packages)} with apt-get...", flush=True)
    update = subprocess.run(["apt-get", "update"], env=env, check=False)
    if update.returncode != 0:
        return False
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    return subprocess.run(install, env=env, check=False).returncode == 0


def ensure_chromium() -> str | None:
    """Why Chromium cannot be had, or None once it is installed."""
    if CHROMIUM.exists():
        return None
    if apt_install("chromium") and CHROMIUM.exists():
        return None
    return f"{CHROMIUM} is missing and could not be installed (apt-get install chromium needs root)"


def ensure_axe() -> str | None:
    """Why axe-core cannot be had, or None once `npm ci` has put it in node_modules."""
    lock = BROWSER_TESTS / "package-lock.json"
    if AXE.exists() and AXE.stat().st_mtime >= lock.stat().st_mtime:
        return None
    if shutil.which("npm") is None and not apt_install("npm"):
        return "npm is missing and could not be installed (apt-get install npm needs root)"
    done = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BROWSER_TESTS
    )
    if done.returncode != 0 or not AXE.exists():
        return "npm ci in tests/browser did not install axe-core"
    AXE.touch()
    return None


def run(args: list[str]) -> int | None:
    """The pytest exit code of the browser tests, or None when they were skipped."""
    print("\n=== Browser tests (Chromium, SQLite) ===", flush=True)
    reason = ensure_chromium() or ensure_axe()
    if reason:
        skipped(reason)
        return None
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GOVERNANCE_BROWSER_TESTS"] = "1"
    env["CHROMIUM_PATH"] = str(CHROMIUM)
    started = time.monotonic()
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/browser", *args]
    code = subprocess.run(command, cwd=ROOT, env=env).returncode
    print(f"Browser tests took {time.monotonic() - started:.0f} s.", flush=True)
    return code


def main(args: list[str]) -> int:
    return run(args) or 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

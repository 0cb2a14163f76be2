"""Browser tests: the app served on a free loopback port, driven by Debian's Chromium.

They run only when GOVERNANCE_BROWSER_TESTS=1 (scripts/browser_tests.py sets it, once, on
SQLite); the ordinary suite deselects them. The server is a separate process on a temporary
SQLite database migrated with `flask db upgrade`, loaded with `flask seed-demo` and given a
few held meetings by arrange.py, with its own paper storage.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import DEMO_PASSWORD

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENABLED = os.environ.get("GOVERNANCE_BROWSER_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The ordinary runs (SQLite, PostgreSQL) leave the browser tests to their own step."""
    if ENABLED:
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    if browser:
        config.hook.pytest_deselected(items=browser)
        items[:] = [item for item in items if not item.get_closest_marker("browser")]


@pytest.fixture(autouse=True)
def _isolated() -> None:
    """Browser tests talk to their own server; they need no rolled-back test session."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _flask(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The app did not start at {url}:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app on a free loopback port; yields its base URL and what arrange.py made."""
    tmp = tmp_path_factory.mktemp("live")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FLASK_DEBUG")}
    env.update(
        GOVERNANCE_ENV="development",
        GOVERNANCE_INSTANCE=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp / 'browser.sqlite3'}",
        STORAGE_PATH=str(tmp / "storage"),
        FLASK_APP="wsgi:app",
        OUTBOX_VISIBLE="1",
    )
    _flask(env, "db", "upgrade")
    _flask(env, "seed-demo")
    arranged = subprocess.run(
        [sys.executable, "-m", "tests.browser.arrange"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if arranged.returncode != 0:
        raise RuntimeError(f"arrange.py failed:\n{arranged.stdout}\n{arranged.stderr}")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env["BASE_URL"] = base
    log = tmp / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "flask", "run", "--host", "127.0.0.1", "--port", str(port)]
            + ["--no-reload", "--no-debugger", "--with-threads"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(f"{base}/login", server, log)
        yield {"base": base, "log": log, **json.loads(arranged.stdout.strip().splitlines()[-1])}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def base_url(live_server: dict[str, Any]) -> str:
    return str(live_server["base"])


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def signed_in(browser: Any, base_url: str) -> Callable[[str], dict[str, Any]]:
    """The cookies of a demo login, signed in once per role through the login form."""
    states: dict[str, dict[str, Any]] = {}

    def state(role: str) -> dict[str, Any]:
        if role not in states:
            context = browser.new_context(base_url=base_url)
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Email").fill(f"{role}@demo.test")
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(lambda url: "/login" not in url)
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state


@pytest.fixture
def open_page(
    browser: Any, base_url: str, signed_in: Callable[[str], dict[str, Any]]
) -> Iterator[Callable[..., Any]]:
    """A new page for a demo role ("visitor" for nobody signed in), optionally on a phone."""
    contexts: list[Any] = []

    def open_(role: str = "visitor", *, width: int = 1280, height: int = 900, **options: Any):
        # add_script_tag(path=...) injects axe-core inline, which the app's CSP forbids;
        # test_content_security_policy.py checks the pages with the policy in force.
        options.setdefault("bypass_csp", True)
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": height},
            accept_downloads=True,
            storage_state=None if role == "visitor" else signed_in(role),
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.console_errors = errors
        return page

    yield open_
    for context in contexts:
        context.close()

"""The scale-out checks: a deployment started by scripts/scaleout.py for the whole session.

They run only when GOVERNANCE_DEPLOY_TESTS=1 (`python scripts/scaleout.py` sets it, and
scripts/run_tests.py runs that as its own stage); the ordinary suite deselects them.
"""

from __future__ import annotations

import os
import signal
import ssl
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import scaleout  # noqa: E402

from tests.deploy.client import Client, csrf_token  # noqa: E402

ENABLED = os.environ.get("GOVERNANCE_DEPLOY_TESTS") == "1"
SECRETARY = "secretary@demo.test"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (printed by `flask seed-demo`)
#: What the checks measured, printed at the end of the run (and quoted in docs/DEPLOYMENT.md).
FIGURES: dict[str, Any] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The ordinary runs leave the deployment checks to their own stage."""
    if ENABLED:
        return
    deploy = [item for item in items if item.get_closest_marker("deploy")]
    if deploy:
        config.hook.pytest_deselected(items=deploy)
        items[:] = [item for item in items if not item.get_closest_marker("deploy")]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("scale-out figures")
        for key, value in FIGURES.items():
            shown = f"{value:.2f}" if isinstance(value, float) else value
            terminalreporter.write_line(f"{key}: {shown}")


@pytest.fixture(autouse=True)
def _isolated() -> None:
    """These checks talk to their own deployment; they need no rolled-back test session."""


@pytest.fixture(scope="session")
def deployed() -> Iterator[scaleout.Deployment]:
    workers = int(os.environ.get("GOVERNANCE_DEPLOY_WORKERS", "2"))
    threads = int(os.environ.get("GOVERNANCE_DEPLOY_THREADS", "4"))
    # Ctrl-C and SIGTERM both end the run through the fixture's teardown, which stops every
    # process and removes the temporary directory (also where a shell started us with SIGINT
    # ignored, as background jobs are).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with scaleout.deployment(workers, threads) as running:
        FIGURES.update({key: value for key, value in running.timings.items()})
        FIGURES["gunicorn_workers_x_threads_per_process"] = f"{workers} x {threads}"
        yield running


@pytest.fixture(scope="session")
def tls(deployed: scaleout.Deployment) -> ssl.SSLContext:
    """Trusts the deployment's throw-away certificate, and nothing else."""
    return ssl.create_default_context(cafile=str(deployed.ca_file))


def sign_in(client: Client, base: str, email: str, password: str):
    """Post the login form at `base`; the response to the POST."""
    page = client.get(f"{base}/login")
    assert page.status == 200
    fields = {"csrf_token": csrf_token(page.text), "email": email, "password": password}
    return client.post(f"{base}/login", fields)


@pytest.fixture(scope="session")
def secretary(deployed: scaleout.Deployment, tls: ssl.SSLContext) -> Client:
    """The demo secretary, signed in through the balancer."""
    client = Client(tls)
    response = sign_in(client, deployed.url, SECRETARY, DEMO_PASSWORD)
    assert response.status == 302, response.text[:2000]
    return client

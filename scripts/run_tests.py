"""Run the whole test suite twice: on SQLite, then on a PostgreSQL server started here;
then the browser tests (tests/browser/) once, through scripts/browser_tests.py; then the
scale-out checks (tests/deploy/: HAProxy, two gunicorn processes, PostgreSQL, Redis) through
scripts/scaleout.py; then the static security checks (bandit, pip-audit) through
scripts/static_checks.py.

Extra arguments are passed to the two pytest runs. Exits non-zero if any run fails; says
plainly when the PostgreSQL run, the browser tests or the scale-out checks are skipped for
want of their tools, or pip-audit for want of its vulnerability service.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_tests  # noqa: E402
import scaleout  # noqa: E402
import static_checks  # noqa: E402
from pg_server import find_bin_dir, postgres_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pytest(database_url: str | None, label: str, args: list[str]) -> int:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    env["GOVERNANCE_TEST_DB_LABEL"] = label
    workers = _workers()
    spread = ["-n", str(workers)] if workers > 1 else []
    print(f"\n=== Test suite on {label} ({max(workers, 1)} process(es)) ===", flush=True)
    command = [sys.executable, "-m", "pytest", *spread, *args]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def _workers() -> int:
    """How many pytest-xdist worker processes: GOVERNANCE_TEST_WORKERS, else one per core (≤ 4)."""
    wanted = os.environ.get("GOVERNANCE_TEST_WORKERS")
    if wanted is not None and wanted.isdigit():
        return int(wanted)
    return min(os.cpu_count() or 1, 4)


def main(args: list[str]) -> int:
    results: dict[str, int | None] = {"SQLite": pytest(None, "SQLite", args)}
    bin_dir = find_bin_dir()
    if bin_dir is None:
        print(
            "\n*** PostgreSQL run SKIPPED: no initdb/pg_ctl found (install PostgreSQL 15 server"
            " binaries, or set PG_BIN_DIR). Only SQLite was tested. ***\n",
            flush=True,
        )
    else:
        with postgres_server(bin_dir) as url:
            results["PostgreSQL"] = pytest(url, "PostgreSQL", args)
    results["Browser tests"] = browser_tests.run([])
    results["Scale-out deployment"] = scaleout.run([])
    results["bandit"] = static_checks.bandit()
    results["pip-audit"] = static_checks.pip_audit()
    print("\n=== Summary ===")
    for label, code in results.items():
        outcome = "SKIPPED" if code is None else "passed" if code == 0 else "FAILED"
        print(f"{label}: {outcome}" + (f" (pytest exit {code})" if code else ""))
    return 0 if all(code in (0, None) for code in results.values()) else 1


def _exit_on_term(signum: int, _frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C: the running pytest is killed and the PostgreSQL server
    started here is stopped and its directory removed, instead of being left behind."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _exit_on_term)
    raise SystemExit(main(sys.argv[1:]))

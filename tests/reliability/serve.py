"""Serve the app on a free loopback port for the reliability tests, until killed.

    python -m tests.reliability.serve

DATABASE_URL and STORAGE_PATH say what to serve; the port is printed on the first line of
stdout. With PAUSE_DECISIONS_FILE set, recording a decision whose resolution contains PAUSE
stops once all its rows and its audit event are flushed, before the commit: the file is
written and the request sleeps, so the test can kill the process at that moment. The pause is
installed here, in the test's own script; the app has no such hook.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from governance import create_app

#: The same cheap hashing as tests/conftest.py: signing in stays fast.
ARGON2_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
#: A resolution containing this word pauses before its commit (see the module docstring).
PAUSE_WORD = "PAUSE"


def _pause_decisions(marker: Path) -> None:
    from governance.decisions import operations

    real = operations.record_event

    def pausing(actor: Any, action: str, target: Any, *args: Any, **kwargs: Any) -> Any:
        event = real(actor, action, target, *args, **kwargs)
        if action == "decision.record" and PAUSE_WORD in target.resolution:
            marker.write_text(target.number)
            time.sleep(120)  # the test kills us long before this ends
        return event

    operations.record_event = pausing  # type: ignore[assignment]


def main() -> None:
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
            "STORAGE_PATH": os.environ["STORAGE_PATH"],
            "ARGON2_PARAMS": ARGON2_PARAMS,
            "WTF_CSRF_ENABLED": True,
            # Errors are answered with the error page, as in production, not raised.
            "TESTING": False,
            # Sixty writers at once on a loaded 2-core machine can queue for SQLite's write lock
            # longer than production's 5 s; these tests check that nothing is lost or doubled,
            # not how long the queue is.
            "SQLITE_BUSY_TIMEOUT_MS": 60_000,
        },
    )
    if marker := os.environ.get("PAUSE_DECISIONS_FILE"):
        _pause_decisions(Path(marker))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())

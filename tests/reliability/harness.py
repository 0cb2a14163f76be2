"""Real servers for the reliability tests: a database of their own, processes to kill, a browser.

The rest of the suite runs inside rolled-back transactions; these tests need committed rows
that other processes can see, so each test gets a database of its own (a SQLite file in its
temporary directory, or a new database on the PostgreSQL server the suite runs on, dropped
afterwards) and talks to the app over HTTP.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy import orm

from governance import create_app
from governance.extensions import db
from tests.conftest import BoundSession
from tests.reliability.serve import ARGON2_PARAMS

ROOT = Path(__file__).resolve().parents[2]
#: Seconds a server may take to start on a busy machine.
START_TIMEOUT = 60


@dataclass
class Site:
    """Where one test's app keeps its data."""

    url: str
    storage: Path
    #: Werkzeug spools request bodies here (TMPDIR of the servers).
    spool: Path
    logs: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        env.update(DATABASE_URL=self.url, STORAGE_PATH=str(self.storage), TMPDIR=str(self.spool))
        env.update(extra)
        return env


@contextmanager
def fresh_site(tmp_path: Path) -> Iterator[Site]:
    """A new, empty database (SQLite here, or PostgreSQL when the suite runs on it)."""
    server_url = os.environ.get("DATABASE_URL", "")
    for name in ("storage", "spool", "logs"):
        (tmp_path / name).mkdir()
    if not server_url.startswith("postgresql"):
        yield Site(
            f"sqlite:///{tmp_path / 'site.sqlite3'}",
            tmp_path / "storage",
            tmp_path / "spool",
            tmp_path / "logs",
        )
        return
    name = f"reliability_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(sa.engine.make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server_url).set(database=name)
    try:
        yield Site(
            url.render_as_string(hide_password=False),
            tmp_path / "storage",
            tmp_path / "spool",
            tmp_path / "logs",
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def committed(site: Site, migrate: bool = False) -> Iterator[orm.Session]:
    """Run the app's operations against the site's database, committing at the end.

    The suite's `db.session` is bound to the test's rolled-back connection; for the length of
    the block it is swapped for a session on the site's own engine, as a server would have.
    """
    from flask_migrate import upgrade

    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": site.url,
            "STORAGE_PATH": str(site.storage),
            "ARGON2_PARAMS": ARGON2_PARAMS,
        },
    )
    original = db.session
    with app.app_context():
        if migrate:
            upgrade()
        engine = db.engine
        db.session = orm.scoped_session(orm.sessionmaker(db=db, class_=BoundSession, bind=engine))
        try:
            yield db.session
            db.session.commit()
        finally:
            db.session.remove()
            db.session = original
            engine.dispose()


class Server:
    """The app served by `tests/reliability/serve.py` in a process of its own."""

    def __init__(self, site: Site, label: str, **env: str) -> None:
        self.label = label
        self.log = site.logs / f"{label}.log"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.serve"],
                cwd=ROOT,
                env=site.env(**env),
                stdout=subprocess.PIPE,
                stderr=log,
            )
        self.port = 0

    def wait_ready(self) -> Server:
        """Block until the server has printed its port."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT)
        line = self.process.stdout.readline().strip() if ready else b""
        if not line.isdigit():
            self.kill()
            raise AssertionError(f"{self.label} did not start:\n{self.log.read_text()}")
        self.port = int(line)
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the server."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def errors(self) -> str:
        """Tracebacks the server wrote to its log."""
        text = self.log.read_text(errors="replace")
        return text if "Traceback" in text else ""


@contextmanager
def serving(site: Site, *labels: str, **env: str) -> Iterator[list[Server]]:
    """Start one server per label, all at once; kill any still running afterwards."""
    servers = [Server(site, label, **env) for label in labels]
    try:
        yield [server.wait_ready() for server in servers]
    finally:
        for server in servers:
            server.kill()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Browser:
    """A signed-in requests session; the session cookie works on every server of the site."""

    http: requests.Session = field(default_factory=requests.Session)
    token: str = ""

    def sign_in(self, server: Server, email: str, password: str) -> Browser:
        """Sign in through the login form, CSRF token and all."""
        page = self.http.get(f"{server.base}/login", timeout=30)
        response = self.http.post(
            f"{server.base}/login",
            data={"csrf_token": self.csrf(page.text), "email": email, "password": password},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, response.text
        # The token is bound to the session, which signing in renewed: read it afresh.
        self.token = self.csrf(self.http.get(f"{server.base}/", timeout=30).text)
        return self

    @staticmethod
    def csrf(html: str) -> str:
        match = _CSRF.search(html)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post(self, server: Server, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        """Post a form; redirects are returned, not followed."""
        return self.http.post(
            server.base + path,
            data={"csrf_token": self.token, **data},
            allow_redirects=False,
            timeout=kwargs.pop("timeout", 60),
            **kwargs,
        )

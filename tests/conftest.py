"""Fixtures: one app per test session, migrated once; every test runs in a rolled-back transaction.

DATABASE_URL selects the database (scripts/run_tests.py sets it for the PostgreSQL run);
without it the suite uses a temporary SQLite file.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import flask
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import orm

from governance import create_app, page_cache
from governance.audit.models import AuditEvent
from governance.auth.operations import create_account
from governance.boards import operations as board_ops
from governance.boards.models import (
    AgencyType,
    Board,
    OfficerRole,
    Organisation,
    Person,
    Seat,
    SeatCategory,
    Sector,
)
from governance.extensions import db


def _own_database_per_worker() -> None:
    """Under pytest-xdist on PostgreSQL, give each worker process a database of its own.

    Every worker migrates its database once and commits (the migrations, tests that use real
    servers), so two workers must not share one. SQLite needs nothing: each worker has its
    own temporary directory.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("DATABASE_URL", "")
    if not worker or not url.startswith("postgresql"):
        return
    server = sa.engine.make_url(url)
    name = f"{server.database}_{worker}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    os.environ["DATABASE_URL"] = server.set(database=name).render_as_string(hide_password=False)


_own_database_per_worker()

PASSWORD = "correct horse battery staple"
#: A board's settings other than its name and code, as the board form would give them.
BOARD_DEFAULTS: dict[str, Any] = {
    "description": "",
    "timezone": "Europe/London",
    "notice_clear_days": 5,
    "is_public": False,
    "accountable_body_id": None,
    "lead_agency_id": None,
    "required_agency_types": [],
    "min_parent_seats": 0,
    "min_voluntary_community_seats": 0,
    "max_size": None,
}
TODAY = date(2026, 11, 23)


class BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session, but using the bind it was given: the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):  # type: ignore[override]
        return bind if bind is not None else self.bind


# The suite's requests share the test's connection, so a row a test flushes (without
# committing) is already visible to the next request, as only a committed one is in production:
# a flush that wrote changes the data stamp here, as a commit does there (governance/page_cache).
sa.event.listen(BoundSession, "after_flush", page_cache.bump_if_written)


class IsolatedClient(FlaskClient):
    """A test client whose requests run in a context of their own.

    The suite keeps an app context pushed so tests can use the database; Flask
    would reuse it for requests, sharing `g` (and the signed-in user) between
    them. Running each request in an empty contextvars context gives it a fresh
    app context and its own database session, as in production.
    """

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        return contextvars.Context().run(super().open, *args, **kwargs)


def _app_context_id() -> int:
    return id(flask.globals.app_ctx._get_current_object())  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[flask.Flask]:
    tmp = tmp_path_factory.mktemp("governance")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'test.sqlite3'}"
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "STORAGE_PATH": str(tmp / "storage"),
            # Cheap hashing keeps the suite fast; production uses the library's defaults.
            "ARGON2_PARAMS": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
            "WTF_CSRF_ENABLED": False,
        },
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _isolated(request: pytest.FixtureRequest) -> None:
    """Every test but the pure rules tests gets the app and a rolled-back transaction."""
    if request.node.path.name != "test_rules.py":
        request.getfixturevalue("db_session")


@pytest.fixture
def db_session(app: flask.Flask) -> Iterator[orm.scoped_session]:
    """Bind every session in this test to one connection whose transaction is rolled back."""
    cache = app.extensions.get("page_cache")
    if cache is not None:
        cache.clear()  # pages kept by an earlier test's rolled-back data
    connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    db.session = orm.scoped_session(
        orm.sessionmaker(
            db=db,
            class_=BoundSession,
            bind=connection,
            join_transaction_mode="create_savepoint",
        ),
        scopefunc=_app_context_id,
    )
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app: flask.Flask):
    return app.test_client()


@pytest.fixture
def csrf_on(app: flask.Flask) -> Iterator[None]:
    """Turn CSRF protection back on for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# Factories -----------------------------------------------------------------------------------


@pytest.fixture
def make_organisation() -> Callable[..., Organisation]:
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> Organisation:
        values = {
            "name": f"Organisation {next(counter)}",
            "sector": Sector.VOLUNTARY,
            "agency_type": None,
            "description": "",
        }
        values.update(overrides)
        return board_ops.save_organisation(None, None, values)

    return make


@pytest.fixture
def make_person() -> Callable[..., Person]:
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> Person:
        n = next(counter)
        values = {
            "full_name": f"Person {n}",
            "email": f"person{n}@example.org",
            "phone": "",
            "organisation_id": None,
            "job_title": "",
        }
        values.update(overrides)
        return board_ops.save_person(None, None, values)

    return make


@pytest.fixture
def make_board() -> Callable[..., Board]:
    counter = iter(range(1, 10_000))

    def make(**overrides: Any) -> Board:
        n = next(counter)
        values = {**BOARD_DEFAULTS, "name": f"Board {n}", "code": f"B{n}"}
        values.update(overrides)
        return board_ops.save_board(None, None, values)

    return make


@pytest.fixture
def make_seat() -> Callable[..., Seat]:
    def make(board: Board, **overrides: Any) -> Seat:
        values = {
            "title": "Seat",
            "category": SeatCategory.COMMUNITY,
            "voting": True,
            "organisation": None,
            "position": 0,
            "abolished_on": None,
        }
        values.update(overrides)
        return board_ops.save_seat(None, board, None, values)

    return make


@pytest.fixture
def make_user(make_person: Callable[..., Person]) -> Callable[..., Any]:
    def make(email: str, **flags: bool) -> Any:
        person = make_person(email=email, full_name=email.split("@")[0].title())
        return create_account(None, person, email, PASSWORD, **flags)

    return make


class World:
    """A small realistic setting: a private board, its sub-group, a public board, and a user
    for every role. Attributes are set by the `world` fixture."""

    board: Board
    subgroup: Board
    public_board: Board
    other_board: Board
    users: dict[str, Any]
    statutory_seat: Seat
    parent_seat: Seat
    observer_seat: Seat
    vacant_seat: Seat
    member_appointment: Any
    health: Organisation
    plain_person: Person
    # Set by agenda_world only:
    meeting: Any
    draft_meeting: Any
    item: Any
    confidential_item: Any
    version: Any
    secret_version: Any
    paper: Any
    message: Any


@pytest.fixture
def world(make_organisation, make_board, make_seat, make_user, make_person) -> World:
    w = World()
    w.health = make_organisation(
        name="Northbank PCT", sector=Sector.STATUTORY, agency_type=AgencyType.HEALTH
    )
    w.board = make_board(
        name="Partnership Board", code="PB", required_agency_types=["health"], min_parent_seats=1
    )
    w.subgroup = make_board(name="Finance Sub-group", code="FIN", parent=w.board)
    w.public_board = make_board(name="Open Board", code="OPEN", is_public=True)
    w.other_board = make_board(name="Elsewhere Board", code="ELSE")
    w.statutory_seat = make_seat(
        w.board, title="PCT", category=SeatCategory.STATUTORY, organisation=w.health
    )
    w.parent_seat = make_seat(w.board, title="Parent rep", category=SeatCategory.PARENT)
    w.observer_seat = make_seat(
        w.board, title="Observer", category=SeatCategory.OBSERVER, voting=False
    )
    w.vacant_seat = make_seat(w.board, title="Voluntary sector", category=SeatCategory.VOLUNTARY)
    public_seat = make_seat(w.public_board, title="Community member")
    other_seat = make_seat(w.other_board, title="Somebody")

    users = {
        "admin": make_user("admin@example.org", is_admin=True),
        "auditor": make_user("auditor@example.org", is_auditor=True),
        "secretary": make_user("secretary@example.org"),
        "chair": make_user("chair@example.org"),
        "member": make_user("member@example.org"),
        "parent": make_user("parent@example.org"),
        "observer": make_user("observer@example.org"),
        "outsider": make_user("outsider@example.org"),
    }
    start = TODAY - timedelta(days=400)
    board_ops.assign_officer(None, w.board, users["secretary"].person, OfficerRole.SECRETARY)
    board_ops.assign_officer(None, w.board, users["chair"].person, OfficerRole.CHAIR)
    w.member_appointment = board_ops.appoint(
        None, w.statutory_seat, users["member"].person, start, TODAY + timedelta(days=700)
    )
    board_ops.appoint(None, w.parent_seat, users["parent"].person, start, None)
    board_ops.appoint(None, w.observer_seat, users["observer"].person, start, None)
    w.plain_person = make_person()
    board_ops.appoint(None, public_seat, w.plain_person, start, None)
    board_ops.appoint(None, other_seat, users["outsider"].person, start, None)
    db.session.flush()
    w.users = users
    return w


@pytest.fixture
def login(client) -> Callable[[Any], None]:
    """Sign a user in through the real login form."""

    def do(user: Any) -> None:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)

    return do


@contextmanager
def counting() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block (savepoint bookkeeping left out).

    Pages are rendered afresh inside it: what is counted is a render's own statements, not
    whether the page cache had the page (tests/test_page_cache.py counts those).
    """
    statements: list[str] = []
    extensions = flask.current_app.extensions
    cache = extensions.pop("page_cache", None)

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
        if cache is not None:
            extensions["page_cache"] = cache


def audit_count() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar_one()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin 'today' for membership and composition checks, so dates in tests stay meaningful."""
    from datetime import UTC, datetime

    monkeypatch.setattr(
        "governance.clock.utcnow", lambda: datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    )


@pytest.fixture
def make_meeting() -> Callable[..., Any]:
    """Schedule a meeting (a draft unless `notice=True`) with the given agenda item titles."""
    from datetime import UTC, datetime

    from governance.meetings import operations as meeting_ops
    from governance.meetings.models import MeetingStatus, Purpose

    def make(
        board: Board,
        starts_at: datetime | None = None,
        items: tuple[str, ...] = ("Apologies",),
        notice: bool = False,
        **overrides: Any,
    ) -> Any:
        starts_at = starts_at or datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
        values = {
            "title": "Board meeting",
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=2),
            "location": "Children's Centre",
            "online_url": "",
        }
        values.update(overrides)
        meeting = meeting_ops.schedule_meeting(None, board, values)
        for title in items:
            meeting_ops.save_item(
                None,
                meeting,
                None,
                {"title": title, "purpose": Purpose.DISCUSSION, "confidential": False},
            )
        if notice:
            meeting.status = MeetingStatus.NOTICE_ISSUED
            meeting.notice_issued_at = datetime(2026, 11, 1, tzinfo=UTC)
        db.session.flush()
        return meeting

    return make


@pytest.fixture
def make_version() -> Callable[..., Any]:
    """A paper with one uploaded version on an agenda item (stored file not needed here)."""
    from governance.papers.models import Paper, PaperVersion

    def make(item: Any, title: str = "Report", summary: str = "What we ask.") -> Any:
        paper = Paper(item=item, title=title)
        number = 1
        version = PaperVersion(
            paper=paper,
            number=number,
            sha256="0" * 64,
            size=10,
            media_type="application/pdf",
            filename="report.pdf",
            summary=summary,
        )
        db.session.add_all([paper, version])
        db.session.flush()
        return version

    return make


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def start_meeting(meeting: Any, minutes_ago: int = 60) -> Any:
    """Move a meeting so it began `minutes_ago` minutes ago (by the real clock), for recording
    decisions; its notice and its papers' upload and circulation times move with it, so what
    was on time or late stays so."""
    from datetime import UTC, datetime

    shift = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=minutes_ago)
    shift -= meeting.starts_at
    meeting.starts_at += shift
    meeting.ends_at += shift
    for name in ("notice_issued_at", "agenda_circulated_at"):
        if getattr(meeting, name) is not None:
            setattr(meeting, name, getattr(meeting, name) + shift)
    for item in meeting.items:
        for paper in item.papers:
            for version in paper.versions:
                for name in ("uploaded_at", "circulated_at"):
                    if getattr(version, name) is not None:
                        setattr(version, name, getattr(version, name) + shift)
    db.session.flush()
    return meeting


@pytest.fixture
def started_world(agenda_world: World) -> World:
    """The agenda world with its noticed meeting under way: it began an hour ago."""
    start_meeting(agenda_world.meeting)
    return agenda_world


@pytest.fixture
def agenda_world(world: World, app: flask.Flask, tmp_path: Any) -> Iterator[World]:
    """The world plus a meeting a month away with notice given and papers out, and a draft.

    The meeting is dated from the real clock so that circulating now is always on time.
    """
    import io
    from datetime import UTC, datetime
    from pathlib import Path

    from governance.mail.operations import queue_mail
    from governance.meetings import operations as meeting_ops
    from governance.meetings.models import MeetingStatus, Purpose
    from governance.papers.files import storage
    from governance.papers.operations import upload_paper

    original = app.config["STORAGE_PATH"]
    app.config["STORAGE_PATH"] = str(tmp_path / "storage")
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)

    def meeting(items: list[tuple[str, Purpose, bool]], notice: bool) -> Any:
        m = meeting_ops.schedule_meeting(
            None,
            world.board,
            {
                "title": "Board meeting",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "location": "Children's Centre",
                "online_url": "",
            },
        )
        for title, purpose, confidential in items:
            meeting_ops.save_item(
                None, m, None, {"title": title, "purpose": purpose, "confidential": confidential}
            )
        if notice:
            m.status = MeetingStatus.NOTICE_ISSUED
        return m

    w = world
    w.meeting = meeting(
        [("Budget", Purpose.DECISION, False), ("Commissioning", Purpose.DECISION, True)], True
    )
    w.draft_meeting = meeting(
        [("Apologies", Purpose.INFORMATION, False), ("Minutes", Purpose.DECISION, False)], False
    )
    w.item, w.confidential_item = w.meeting.items
    stored = storage.store(io.BytesIO(PDF), Path(app.config["STORAGE_PATH"]), 1_000_000)
    w.version = upload_paper(
        None, w.item, "Budget report", None, stored, "budget.pdf", "Agree the budget."
    )
    w.secret_version = upload_paper(
        None,
        w.confidential_item,
        "Tender scores",
        None,
        stored,
        "scores.pdf",
        "Choose the provider.",
    )
    for v in (w.version, w.secret_version):
        v.circulated_at = starts - timedelta(days=20)
    w.paper = w.version.paper
    w.message = queue_mail("member@example.org", "Hello", "Body", kind="test")
    db.session.flush()
    try:
        yield w
    finally:
        app.config["STORAGE_PATH"] = original

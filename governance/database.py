"""Engine set-up and column types shared by every area."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

#: Request methods that only read. Any other request may write, so on SQLite its transaction
#: takes the write lock when it begins (see `configure_sqlite`).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes_when_read(view: Any) -> Any:
    """Mark a GET view that writes (a download noting who opened it): on SQLite its
    transaction takes the write lock at BEGIN, like a POST's, so it queues rather than fails."""
    view.writes_when_read = True
    return view


def _request_may_write() -> bool:
    """Whether the current request may write: any unsafe method, or a view marked as writing."""
    if not has_request_context():
        return False
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "writes_when_read", False))


#: A moment `utcnow` answers instead of the real time, while `clock_set_to` holds it.
_set_now: ContextVar[datetime | None] = ContextVar("governance_set_now", default=None)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (or the moment `clock_set_to` holds)."""
    held = _set_now.get()
    return held if held is not None else datetime.now(UTC)


@contextmanager
def clock_set_to(moment: datetime) -> Iterator[datetime]:
    """Within the block, `utcnow` answers `moment`: for loading a history after the fact (the
    demo), so that every timestamp a step writes is the time the step stands for."""
    token = _set_now.set(moment.astimezone(UTC))
    try:
        yield moment
    finally:
        _set_now.reset(token)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no timezone type, so values are stored as naive UTC there and
    given their UTC zone back on the way out; PostgreSQL keeps `timestamptz`.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection.

    The driver's own transaction handling is switched off so that SQLAlchemy
    emits BEGIN itself; without that, SAVEPOINTs (used by the test suite and by
    nested operations) do not behave.

    A request that may write begins with BEGIN IMMEDIATE. A plain BEGIN reads first and asks
    for the write lock only at its first write; if another process committed in between,
    SQLite refuses at once ("database is locked", no busy wait: a stale snapshot cannot be
    upgraded), which surfaced as a 500 when two servers recorded decisions together. An
    immediate transaction waits up to the busy timeout for the lock instead, so writes queue.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _request_may_write() else "BEGIN")


def enum_column(cls: type[enum.Enum], name: str) -> sa.Enum:
    # Stored as the lower-case value in a VARCHAR with a CHECK, the same on both databases.
    return sa.Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda e: [m.value for m in e],
    )

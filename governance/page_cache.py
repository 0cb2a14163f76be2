"""Rendered pages kept for reuse until anything in the database changes (or the minute turns).

Busy read pages (a meeting with forty papers, a board with its compliance figures, the decision
register) cost tens of milliseconds of ORM loading and template rendering, and are read far more
often than anything changes. A page marked `@cached_page` is stored, per process, under a key
made of everything a render reads besides the database — the URL and host, the viewer's whole
session (user, session version, CSRF token) but its last-seen time, a conditional request's
`If-None-Match`, and the current minute — and is served again only while the database's
**data stamp** is the one it was rendered under.

The data stamp is one row (`data_stamp`), given a new random value in the same transaction as
every write made through this app's engine: `track_writes()` notes any INSERT, UPDATE or
DELETE on a connection, and the stamp is changed just before that transaction commits (by the
ORM session's commit, or by the engine's for plain connections). So a page is never served
from the cache once a change it might show has committed, in any process; and because the
value is random, a database restored from a backup cannot bring back a stamp under which
other content was cached. Writing to the database by any other route (psql, another tool)
must be followed by `flask page-cache clear`, which changes the stamp.

The stamp is read *before* the page is rendered, on a connection of its own: a change that
commits in between is then rendered under the old stamp, and the page stored under it is one
no later request asks for (they read the new stamp). A page is never older than its stamp.

Not stored: anything but a 200 or 304, streamed responses, pages over `MAX_ENTRY_BYTES`, a
render that wrote to the database or changed the session (a first CSRF token, a flash, a
session-protection mark), and requests with a flash message waiting.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from governance import clock
from governance.extensions import db
from governance.web import LAST_SEEN_AT

#: A single page larger than this is not kept.
MAX_ENTRY_BYTES = 2 * 1024 * 1024
#: The connection (or request) has written something its transaction has not yet committed.
_WROTE = "governance_wrote"
#: Statements that only read, or only manage the transaction.
_READS = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "PRAGMA", "SHOW", "SET")
#: The stamp's change in the driver's own parameter style (sqlite3, psycopg).
_BUMP_QMARK = "UPDATE data_stamp SET stamp = ?"
_BUMP_FORMAT = "UPDATE data_stamp SET stamp = %s"
_READ = "SELECT stamp FROM data_stamp"
_SQLITE_HAS_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_stamp'"
_PG_HAS_TABLE = "SELECT to_regclass('data_stamp')"
_WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


class DataStamp(db.Model):  # type: ignore[name-defined,misc]
    """One row whose value changes with every committed write (see the module's docstring)."""

    __tablename__ = "data_stamp"

    id: Mapped[int] = mapped_column(primary_key=True)
    stamp: Mapped[str] = mapped_column(sa.String(32))


def _is_write(statement: str) -> bool:
    head = statement.lstrip()
    verb = head[:9].upper()
    if verb.startswith(_READS):
        return False
    if verb.startswith("WITH"):  # a common table expression: a write only if it says so
        return bool(_WRITE_WORDS.search(head))
    return "data_stamp" not in head[:40]


def _new_stamp() -> str:
    return secrets.token_hex(16)


#: Engines whose database is known to have the data_stamp table (a database being migrated
#: from empty has not, until migration 0010).
_READY: weakref.WeakSet[Engine] = weakref.WeakSet()


def _has_stamp_table(conn: Connection) -> bool:
    if conn.engine in _READY:
        return True
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if conn.dialect.name == "sqlite":
            cursor.execute(_SQLITE_HAS_TABLE)
        else:
            cursor.execute(_PG_HAS_TABLE)
        row = cursor.fetchone()
    finally:
        cursor.close()
    if row is None or row[0] is None:
        return False
    _READY.add(conn.engine)
    return True


def bump(conn: Connection) -> None:
    """Give the data stamp a new value on this connection's transaction."""
    if _has_stamp_table(conn):
        conn.execute(sa.update(DataStamp).values(stamp=_new_stamp()))


def track_writes(engine: Engine) -> None:
    """Change the data stamp in every transaction that writes through `engine`."""

    @event.listens_for(engine, "before_cursor_execute")
    def _note(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if _is_write(statement):
            conn.info[_WROTE] = True
            if has_request_context():
                g.page_cache_wrote = True

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        # Writes made outside an ORM session (a plain `engine.begin()`): the session's own
        # commit has already changed the stamp and cleared the mark before this runs.
        if conn.info.pop(_WROTE, False) and _has_stamp_table(conn):
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            sql = _BUMP_QMARK if conn.dialect.paramstyle == "qmark" else _BUMP_FORMAT
            cursor.execute(sql, (_new_stamp(),))
            cursor.close()

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Connection) -> None:
        conn.info.pop(_WROTE, None)


def bump_if_written(session: Session, *_flush_context: Any) -> None:
    """Change the stamp if this session's transaction has written since it was last changed."""
    if not session.in_transaction():
        return
    conn = session.connection()
    if conn.info.pop(_WROTE, False):
        bump(conn)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # The session flushes what is pending only after this hook: flush first, so those
    # writes are counted too.
    session.flush()
    bump_if_written(session)


def read_stamp() -> str | None:
    """The current data stamp.

    Read on a pooled connection of its own, straight through the driver: this is all a kept
    page costs, so it skips the ORM session. Reading it before the render's own transaction
    starts is safe: the render then sees the data as of the stamp or later, and a page newer
    than its stamp is never served once the stamp has moved. (A session bound to one
    connection, as in the test suite, is read on that connection, where its writes are.)
    """
    bind = db.session.get_bind()
    if isinstance(bind, Connection):
        return bind.exec_driver_sql(_READ).scalar()
    raw = db.engine.raw_connection()
    driver = raw.driver_connection
    # One statement needs no transaction: on PostgreSQL that saves the BEGIN and the pool's
    # ROLLBACK, two of the three round trips. (SQLite's connections are in autocommit already.)
    autocommit = db.engine.dialect.name == "postgresql"
    try:
        if autocommit:
            driver.autocommit = True  # type: ignore[union-attr]
        cursor = raw.cursor()
        try:
            cursor.execute(_READ)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        if autocommit:
            driver.autocommit = False  # type: ignore[union-attr]
        raw.close()  # back to the pool
    return None if row is None else row[0]


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def response(self) -> Response:
        return Response(self.body, status=self.status, headers=self.headers)


class PageCache:
    """The pages kept by one process for one data stamp, least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, stamp: str, key: str) -> Entry | None:
        with self._lock:
            if stamp != self._stamp:
                self._reset(stamp)
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, stamp: str, key: str, entry: Entry) -> None:
        size = len(entry.body)
        if size > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        with self._lock:
            if self._stamp is None:
                self._reset(stamp)
            elif stamp != self._stamp:
                return  # the data changed while this page was being rendered
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._reset(None)

    def __len__(self) -> int:
        return len(self._entries)

    def _reset(self, stamp: str | None) -> None:
        self._stamp = stamp
        self._entries.clear()
        self._bytes = 0


def init_page_cache(app: Flask) -> None:
    """Track writes on the app's engine; keep pages if PAGE_CACHE_BYTES is above zero."""
    track_writes(db.engine)
    size = int(app.config.get("PAGE_CACHE_BYTES") or 0)
    if size > 0:
        app.extensions["page_cache"] = PageCache(size)


def page_cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def _session_state() -> str:
    """Everything the session holds but the last-seen time, which a render does not show."""
    return repr(sorted((k, repr(v)) for k, v in session.items() if k != LAST_SEEN_AT))


def _key(state: str) -> str:
    minute = int(clock.now().timestamp() // 60)  # pages show deadlines and "started" states
    parts = (
        request.endpoint or "",
        request.host_url,
        request.path,
        request.query_string.decode("latin-1"),
        request.headers.get("If-None-Match", ""),
        state,
        str(minute),
    )
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve this GET view from the page cache while the data stamp is unchanged."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cache = page_cache()
        if cache is None or request.method != "GET" or "_flashes" in session:
            return view(*args, **kwargs)
        stamp = read_stamp()
        if stamp is None:
            return view(*args, **kwargs)
        state = _session_state()
        key = _key(state)
        entry = cache.get(stamp, key)
        if entry is not None:
            return entry.response()
        g.page_cache_wrote = False
        response = current_app.make_response(view(*args, **kwargs))
        if (
            response.status_code in (200, 304)
            and not response.is_streamed
            and not response.direct_passthrough
            and not g.page_cache_wrote
            and _session_state() == state
        ):
            cache.put(
                stamp,
                key,
                Entry(response.status_code, list(response.headers.items()), response.get_data()),
            )
        return response

    wrapper.page_kept = True  # type: ignore[attr-defined]
    return wrapper

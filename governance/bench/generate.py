"""Build the whole bench data set on one connection, stage by stage."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.bench.audit import build_audit
from governance.bench.decisions import build_decisions
from governance.bench.files import store_files
from governance.bench.loader import Loader
from governance.bench.meetings import build_meetings
from governance.bench.people import build_people
from governance.bench.plan import Targets, distinct_files, targets_for
from governance.boards.models import Board, Person
from governance.extensions import db
from governance.meetings.models import Meeting

#: Tables that hold data in any database someone has used.
SENTINELS = [Board, Person, Meeting, AuditEvent]


def rows_present(conn: sa.Connection) -> int:
    """How many rows the sentinel tables hold (0 for a freshly migrated database)."""
    return sum(
        conn.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
        for model in SENTINELS
    )


def refusal(conn: sa.Connection, *, production: bool, force: bool) -> str | None:
    """Why a bench load must not go ahead, or None; a database with data needs `force`."""
    if production:
        return "Bench data cannot be loaded in the production configuration."
    present = rows_present(conn)
    if present and not force:
        return (
            f"The database already holds data ({present:,} rows in boards, people, meetings and "
            "the audit log). Use an empty database, or --force to empty this one first."
        )
    return None


def generate(
    conn: sa.Connection,
    scale: float,
    *,
    storage_root: Path,
    max_bytes: int,
    today: date,
    now: datetime,
    seed: int = 2026,
    commit: Callable[[], None] = lambda: None,
    progress: Callable[[str], None] = lambda message: None,
) -> Targets:
    """Insert a data set of `scale` into an empty database; return the row counts aimed at."""
    targets = targets_for(scale)
    rng = random.Random(seed)
    load = Loader(conn, commit, progress)
    load.say("Targets: " + ", ".join(f"{k} {v:,}" for k, v in targets.as_dict().items()))
    files = store_files(storage_root, distinct_files(targets), max_bytes)
    load.say(f"{len(files)} distinct paper files in {storage_root}")
    people = build_people(load, rng, targets, today)
    meetings, bench = build_meetings(load, rng, targets, people, files, today)
    load.say(f"The bench meeting is meeting {bench.id} of board {bench.board.code}")
    build_decisions(load, rng, targets.decisions, meetings, bench)
    build_audit(load, rng, targets.audit_events, people, now)
    if conn.dialect.name == "postgresql":
        _advance_sequences(conn)
        commit()
    load.say("Done.")
    return targets


def _advance_sequences(conn: sa.Connection) -> None:
    """Rows were inserted with explicit ids: move each id sequence past them."""
    for table in db.metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.autoincrement or not isinstance(column.type, sa.Integer):
            continue
        conn.execute(
            sa.text(
                # Table names come from our own metadata, never from input.
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608  # nosec B608
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )

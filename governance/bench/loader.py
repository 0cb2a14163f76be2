"""Bulk inserts through SQLAlchemy Core, in batches, with progress and the audit events to come."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

#: A row to insert, by column name.
Row = dict[str, Any]
#: Rows per executemany.
BATCH = 5_000


@dataclass(order=True)
class PendingEvent:
    """An audit event to chain once every row exists; sorted by time, then creation order."""

    occurred_at: datetime
    order: int
    action: str = field(compare=False)
    target_type: str = field(compare=False)
    target_id: int | None = field(compare=False)
    summary: str = field(compare=False)
    changes: dict[str, Any] = field(compare=False)
    actor_id: int | None = field(compare=False)


class Loader:
    """Writes rows on one connection; `commit` ends a batch (a no-op inside a test)."""

    def __init__(
        self,
        conn: sa.Connection,
        commit: Callable[[], None],
        progress: Callable[[str], None],
    ) -> None:
        self.conn = conn
        self.commit = commit
        self.progress = progress
        self.events: list[PendingEvent] = []
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def insert(self, table: sa.Table, rows: Iterable[dict[str, Any]]) -> int:
        """Insert rows in batches of BATCH with executemany; return how many."""
        batch: list[dict[str, Any]] = []
        total = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                total += self._flush(table, batch)
                batch = []
        if batch:
            total += self._flush(table, batch)
        self.counts[table.name] = self.counts.get(table.name, 0) + total
        self.say(f"{table.name}: {self.counts[table.name]:,} rows")
        return total

    def _flush(self, table: sa.Table, batch: list[dict[str, Any]]) -> int:
        self.conn.execute(table.insert(), batch)
        self.commit()
        return len(batch)

    def event(
        self,
        occurred_at: datetime,
        action: str,
        target_type: str,
        target_id: int | None,
        summary: str,
        changes: dict[str, Any] | None = None,
        actor_id: int | None = None,
    ) -> None:
        """Queue an audit event for the chain written at the end."""
        self.events.append(
            PendingEvent(
                occurred_at,
                len(self.events),
                action,
                target_type,
                target_id,
                summary[:500],
                changes or {},
                actor_id,
            )
        )

    def say(self, message: str) -> None:
        self.progress(f"[{time.monotonic() - self.started:7.1f}s] {message}")

"""Verifying the stored chain quickly: plain rows instead of ORM objects, and ranges in parallel.

Each event carries the hash of the one before it, so a range of the chain can be checked on its
own; the ranges are then joined in order (each range's first `prev_hash` against the previous
range's last hash). The result is the one `rules.verify_chain` gives over the whole chain: the
number of events checked up to and including the first break, and that break.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from governance.audit.models import AuditEvent
from governance.audit.rules import GENESIS_HASH, ChainBreak

#: Below this many events the chain is checked in the calling process (it is quick, and the
#: caller's own uncommitted events are then included).
PARALLEL_MIN = 100_000
#: Rows fetched at a time.
BATCH = 5000

_string = json.encoder.encode_basestring  # type: ignore[attr-defined]
_changes = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_sha256 = hashlib.sha256

#: The stored columns verification reads, raw: no datetime or JSON processing by SQLAlchemy.
_table = AuditEvent.__table__
COLUMNS = (
    _table.c.seq,
    sa.type_coerce(_table.c.occurred_at, sa.String),
    _table.c.actor_id,
    _table.c.action,
    _table.c.target_type,
    _table.c.target_id,
    _table.c.summary,
    sa.type_coerce(_table.c.changes, sa.Text),
    _table.c.prev_hash,
    _table.c.hash,
)
Row = Sequence[Any]


def _instant(value: Any) -> str:
    """`occurred_at` as `canonical()` writes it, from the raw stored value."""
    if isinstance(value, str):
        # SQLite keeps naive UTC text, "YYYY-MM-DD HH:MM:SS.ffffff".
        if len(value) == 26 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}+00:00"
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(UTC).isoformat(timespec="microseconds"))


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return str(_string(value))


def canonical_row(row: Row) -> str:
    """`rules.canonical()` of a raw row, built directly (keys in sorted order)."""
    seq, occurred_at, actor_id, action, target_type, target_id, summary, changes = row[:8]
    if isinstance(changes, str):
        changes = "{}" if changes == "{}" else _changes(json.loads(changes))
    else:
        changes = _changes(changes)
    return (
        f'{{"action":{_json(action)},"actor_id":{_json(actor_id)},"changes":{changes},'
        f'"occurred_at":"{_instant(occurred_at)}","seq":{seq},"summary":{_json(summary)},'
        f'"target_id":{_json(target_id)},"target_type":{_json(target_type)}}}'
    )


@dataclass(frozen=True)
class Stretch:
    """What one range of the chain looked like, checked on its own."""

    count: int
    first_seq: int | None = None
    first_prev: str | None = None
    last_seq: int | None = None
    last_hash: str | None = None
    #: The first break inside the range: (position from 1, the break).
    broken: tuple[int, ChainBreak] | None = None


def check_rows(rows: Iterable[Row], expected_seq: int, expected_prev: str | None) -> Stretch:
    """Check consecutive events, as `rules.verify_chain` does, from `expected_seq` on.

    With `expected_prev` None the first event's link is left for the caller to join.
    """
    count = 0
    first_seq = first_prev = last_hash = None
    last_seq = None
    for row in rows:
        seq, prev_hash, stored = row[0], row[8], row[9]
        count += 1
        if first_seq is None:
            first_seq, first_prev = seq, prev_hash
        if seq != expected_seq:
            reason = f"expected event {expected_seq}, found {seq}"
            return Stretch(count, first_seq, first_prev, broken=(count, ChainBreak(seq, reason)))
        if expected_prev is not None and prev_hash != expected_prev:
            reason = "previous-hash link does not match"
            return Stretch(count, first_seq, first_prev, broken=(count, ChainBreak(seq, reason)))
        digest = _sha256((prev_hash + canonical_row(row)).encode("utf-8")).hexdigest()
        if digest != stored:
            reason = "content does not match its hash"
            return Stretch(count, first_seq, first_prev, broken=(count, ChainBreak(seq, reason)))
        expected_prev = stored
        expected_seq += 1
        last_seq, last_hash = seq, stored
    return Stretch(count, first_seq, first_prev, last_seq, last_hash)


def join(stretches: Iterable[Stretch]) -> tuple[int, ChainBreak | None]:
    """Join ranges checked on their own, in chain order, into `verify_chain`'s answer."""
    checked, last_seq, last_hash = 0, 0, GENESIS_HASH
    for part in stretches:
        if part.count == 0:
            continue
        assert part.first_seq is not None
        if part.first_seq != last_seq + 1:
            reason = f"expected event {last_seq + 1}, found {part.first_seq}"
            return checked + 1, ChainBreak(part.first_seq, reason)
        if part.first_prev != last_hash:
            return checked + 1, ChainBreak(part.first_seq, "previous-hash link does not match")
        if part.broken is not None:
            return checked + part.broken[0], part.broken[1]
        checked += part.count
        assert part.last_seq is not None and part.last_hash is not None
        last_seq, last_hash = part.last_seq, part.last_hash
    return checked, None


def _range(lo: int, hi: int) -> sa.Select[Any]:
    return sa.select(*COLUMNS).where(_table.c.seq >= lo, _table.c.seq < hi).order_by(_table.c.seq)


def _batches(result: sa.Result[Any]) -> Iterator[Row]:
    for rows in result.partitions(BATCH):
        yield from rows


def verify_in_session(session: Session) -> tuple[int, ChainBreak | None]:
    """The whole chain, checked in this process through the caller's session."""
    result = session.execute(
        sa.select(*COLUMNS).order_by(_table.c.seq), execution_options={"yield_per": BATCH}
    )
    stretch = check_rows(_batches(result), 1, GENESIS_HASH)
    result.close()
    return join([stretch])


_engines: dict[str, sa.Engine] = {}


def _check_range(task: tuple[str, int, int]) -> Stretch:
    """Worker: check the events with lo <= seq < hi on a connection of its own."""
    url, lo, hi = task
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
            _range(lo, hi)
        )
        return check_rows(_batches(result), lo, None)


def verify_parallel(
    url: str, low: int, high: int, workers: int, chunks: int | None = None
) -> tuple[int, ChainBreak | None]:
    """Check the events with seq in [low, high] in ranges over `workers` processes, and join."""
    chunks = chunks or workers * 4
    size = max(1, -(-(high - low + 1) // chunks))
    tasks = [(url, lo, min(lo + size, high + 1)) for lo in range(low, high + 1, size)]
    # Spawned, not forked: a forked child would share the parent's open database connections.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return join(pool.imap(_check_range, tasks))


def worker_count() -> int:
    """Processes to use: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1

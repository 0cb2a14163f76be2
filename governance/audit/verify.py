"""Verifying the stored chain quickly: plain rows instead of ORM objects, and ranges in parallel.

Each event carries the hash of the one before it, so a range of the chain can be checked on its
own; the ranges are then joined in order (each range's first `prev_hash` against the previous
range's last hash). The result is the one `rules.verify_chain` gives over the whole chain: the
number of events checked up to and including the first break, and that break.

Over millions of events the cost is per row, so the command reads rows from the driver's cursor
(no SQLAlchemy row per event), lets PostgreSQL write the instant and the JSON out as text, and
checks a whole batch with list comparisons, going event by event only through a broken batch.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from governance.audit.models import AuditEvent
from governance.audit.rules import GENESIS_HASH, ChainBreak, event_hash

#: Below this many events the chain is checked in the calling process (it is quick, and the
#: caller's own uncommitted events are then included).
PARALLEL_MIN = 100_000
#: Rows fetched at a time.
BATCH = 5000

_string = json.encoder.encode_basestring  # type: ignore[attr-defined]
#: `json.dumps` as `canonical()` calls it: the text of any value, exactly.
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode

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
#: `to_char` pattern giving `isoformat(timespec="microseconds")` of a UTC instant.
_PG_INSTANT = 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'


def columns(dialect: str) -> tuple[sa.ColumnElement[Any], ...]:
    """COLUMNS as the database can hand them over most cheaply for `canonical_row`.

    PostgreSQL would otherwise build a datetime and a decoded dict for every row, only for them
    to be written back out as text: it writes the instant and the stored JSON text itself.
    """
    if dialect != "postgresql":
        return COLUMNS
    occurred_at = sa.func.to_char(sa.func.timezone("UTC", _table.c.occurred_at), _PG_INSTANT)
    changes = sa.cast(_table.c.changes, sa.Text)
    return (COLUMNS[0], occurred_at, *COLUMNS[2:7], changes, *COLUMNS[8:])


def _instant(value: Any) -> str:
    """`occurred_at` as `canonical()` writes it, from the raw stored value."""
    if type(value) is str:
        # PostgreSQL through `columns()`: already written out, UTC.
        if len(value) == 32 and value[10] == "T" and value[26:] == "+00:00":
            return value
        # SQLite keeps naive UTC text, "YYYY-MM-DD HH:MM:SS.ffffff".
        if len(value) == 26 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}+00:00"
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(UTC).isoformat(timespec="microseconds"))


def _object(value: Any) -> str:
    """`changes` as `canonical()` writes it, from stored JSON text or a decoded value."""
    return str(_dumps(json.loads(value) if type(value) is str else value))


class _Texts(dict[Any, str]):
    """The JSON text of each value met, remembered: a column like `action` holds a few values
    over and over, and a dictionary look-up is cheaper than encoding them again."""

    def __missing__(self, value: Any) -> str:
        if len(self) >= 4096:  # free text would fill it: start again
            self.clear()
        text = self[value] = str(_dumps(value))
        return text


_texts = _Texts()


def canonical_row(row: Row) -> str:
    """`rules.canonical()` of a raw row, built directly (keys in sorted order).

    Every value goes through the same `json.dumps` as `canonical()` unless it is of a kind whose
    text is known without it: an int (its decimal digits), a str (`encode_basestring`, the
    function `json.dumps` itself uses for strings), "{}" as `changes`.
    """
    seq, occurred_at, actor_id, action, target_type, target_id, summary, changes = row[:8]
    return (
        f'{{"action":{_texts[action]},'
        f'"actor_id":{actor_id if type(actor_id) is int else _texts[actor_id]},'
        f'"changes":{"{}" if changes == "{}" else _object(changes)},'
        f'"occurred_at":"{_instant(occurred_at)}","seq":{seq},'
        f'"summary":{_string(summary) if type(summary) is str else _texts[summary]},'
        f'"target_id":{target_id if type(target_id) is int else _texts[target_id]},'
        f'"target_type":{_texts[target_type]}}}'
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
    return check_batches(_in_batches(rows), expected_seq, expected_prev)


def check_batches(
    batches: Iterable[Sequence[Row]], expected_seq: int, expected_prev: str | None
) -> Stretch:
    """`check_rows` over rows given a batch at a time, as a cursor's `fetchmany` returns them."""
    count = 0
    first_seq = first_prev = last_seq = last_hash = None
    for batch in batches:
        if not batch:
            continue
        if first_seq is None:
            first_seq, first_prev = batch[0][0], batch[0][8]
        if not _intact(batch, expected_seq, expected_prev):
            found = _first_break(batch, expected_seq, expected_prev)
            if found is not None:
                at = count + found[0]
                return Stretch(at, first_seq, first_prev, broken=(at, found[1]))
        count += len(batch)
        expected_seq += len(batch)
        last_seq, last_hash = batch[-1][0], batch[-1][9]
        expected_prev = last_hash
    return Stretch(count, first_seq, first_prev, last_seq, last_hash)


def _intact(batch: Sequence[Row], expected_seq: int, expected_prev: str | None) -> bool:
    """Whether a batch is whole and unbroken, checked a list at a time.

    Nearly every batch is, and comparing whole lists costs far less per event than testing each
    event in turn; False only sends the batch through `_first_break`, which says where and why.
    """
    if [row[0] for row in batch] != list(range(expected_seq, expected_seq + len(batch))):
        return False
    hashes = [row[9] for row in batch]
    if expected_prev is not None and batch[0][8] != expected_prev:
        return False
    if [row[8] for row in batch[1:]] != hashes[:-1]:
        return False
    try:
        digests = [event_hash(canonical_row(row), row[8]) for row in batch]
    except Exception:
        # Stored content that cannot be written out: `_first_break` meets it in chain order,
        # after any earlier break, and fails there as `verify_chain` would.
        return False
    return digests == hashes


def _first_break(
    batch: Sequence[Row], expected_seq: int, expected_prev: str | None
) -> tuple[int, ChainBreak] | None:
    """The first break in a batch, event by event as `rules.verify_chain` finds it: (position
    from 1, the break)."""
    for position, row in enumerate(batch, 1):
        seq, prev_hash, stored = row[0], row[8], row[9]
        if seq != expected_seq:
            return position, ChainBreak(seq, f"expected event {expected_seq}, found {seq}")
        if expected_prev is not None and prev_hash != expected_prev:
            return position, ChainBreak(seq, "previous-hash link does not match")
        digest = event_hash(canonical_row(row), prev_hash)
        if digest != stored:
            return position, ChainBreak(seq, "content does not match its hash")
        expected_prev = stored
        expected_seq += 1
    return None


def _in_batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        yield batch


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


def _range(dialect: str, lo: int, hi: int) -> sa.Select[Any]:
    return (
        sa.select(*columns(dialect))
        .where(_table.c.seq >= lo, _table.c.seq < hi)
        .order_by(_table.c.seq)
    )


def verify_in_session(session: Session) -> tuple[int, ChainBreak | None]:
    """The whole chain, checked in this process through the caller's session."""
    return join([check_from(session, 0, GENESIS_HASH)])


def check_from(session: Session, after: int, prev_hash: str, limit: int | None = None) -> Stretch:
    """The events after event `after` (at most `limit`), checked chained on from `prev_hash`,
    through the caller's session."""
    dialect = session.get_bind().dialect.name
    query = sa.select(*columns(dialect)).where(_table.c.seq > after).order_by(_table.c.seq)
    if limit is not None:
        query = query.limit(limit)
    result = session.execute(query, execution_options={"yield_per": BATCH})
    try:
        return check_batches(result.partitions(BATCH), after + 1, prev_hash)
    finally:
        result.close()


def _scan(
    connection: Any, dialect: sa.Dialect, query: sa.Select[Any]
) -> Generator[list[Row], None, None]:
    """The rows of `query` a batch at a time, straight from the driver's cursor.

    SQLAlchemy's result rows would cost more per event than checking it. The query holds no
    parameters (its bounds are ints, written in), so its text suits every driver as it is.
    On PostgreSQL a server-side cursor keeps a worker's memory flat over its whole range.
    """
    sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "postgresql":
        cursor = connection.cursor(name="audit_verify")
    else:
        cursor = connection.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


#: Events in a range handed out at a time: small enough that no process is left checking a long
#: last range while the others wait, large enough that starting a range costs next to nothing.
RANGE = 50_000

#: In a worker process: the count, shared by all the processes, of ranges handed out so far.
_taken: Any = None


def _share(taken: Any) -> None:
    """Worker initializer: keep the shared count of ranges handed out."""
    global _taken
    _taken = taken


def _take(taken: Any) -> int:
    with taken.get_lock():
        index = int(taken.value)
        taken.value = index + 1
    return index


def _check_ranges(
    url: str, bounds: Sequence[tuple[int, int]], taken: Any = None
) -> dict[int, Stretch]:
    """Check, on one connection, each range (lo <= seq < hi) that no process has taken yet,
    until none are left; return them by index."""
    taken = _taken if taken is None else taken
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    connection = engine.raw_connection()
    done: dict[int, Stretch] = {}
    try:
        while (index := _take(taken)) < len(bounds):
            lo, hi = bounds[index]
            query = _range(engine.dialect.name, lo, hi)
            with closing(_scan(connection, engine.dialect, query)) as batches:
                done[index] = check_batches(batches, lo, None)
    finally:
        connection.close()
        engine.dispose()
    return done


def verify_parallel(
    url: str, low: int, high: int, workers: int, chunks: int | None = None
) -> tuple[int, ChainBreak | None]:
    """Check the events with seq in [low, high] in ranges over `workers` processes, and join.

    This process is one of them: it checks ranges from the start while the others are still
    starting (a spawned process takes most of a second to import the app). Each process takes
    the next range nobody has taken, so they all finish together whatever their pace.
    """
    chunks = chunks or max(workers * 4, -(-(high - low + 1) // RANGE))
    size = max(1, -(-(high - low + 1) // chunks))
    bounds = [(lo, min(lo + size, high + 1)) for lo in range(low, high + 1, size)]
    # Spawned, not forked: a forked child would share the parent's open database connections.
    context = multiprocessing.get_context("spawn")
    taken = context.Value("q", 0)
    done: dict[int, Stretch] = {}
    if workers < 2:
        done = _check_ranges(url, bounds, taken)
    else:
        with context.Pool(workers - 1, initializer=_share, initargs=(taken,)) as pool:
            helpers = [pool.apply_async(_check_ranges, (url, bounds)) for _ in range(workers - 1)]
            done = _check_ranges(url, bounds, taken)
            for helper in helpers:
                done.update(helper.get())
    return join(done[index] for index in range(len(bounds)))


def worker_count() -> int:
    """Processes to use: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1

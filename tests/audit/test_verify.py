"""The fast chain check gives exactly the answer of `rules.verify_chain`, split or whole."""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.audit import verify
from governance.audit.models import AuditEvent
from governance.audit.rules import GENESIS_HASH, canonical, event_hash, verify_chain
from governance.extensions import db
from tests.audit.test_rules import Event

START = datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=UTC)


def chain(n: int) -> list[Event]:
    """n chained events with awkward content: quotes, non-ASCII, nulls, nested changes."""
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        event = Event(
            seq=seq,
            occurred_at=START + timedelta(seconds=seq * 37, microseconds=seq % 3),
            actor_id=None if seq % 4 == 0 else seq % 7,
            action="paper.circulate" if seq % 2 else "decision.record",
            target_type="paper",
            target_id=None if seq % 5 == 0 else seq * 3,
            summary=f'Zoë\'s "paper" {seq}\n\t\\ — ✓',
            changes={}
            if seq % 3
            else {"title": ["Old – é", "New \u2028"], "n": [1, 2.5], "z": {"b": None, "a": True}},
        )
        event = replace(event, prev_hash=prev, hash=event_hash(canonical(event), prev))
        events.append(event)
        prev = event.hash
    return events


def row(e: Event) -> tuple[Any, ...]:
    """The event as SQLite stores it (naive UTC text, JSON text in SQLAlchemy's default form)."""
    stored_at = e.occurred_at.astimezone(UTC).replace(tzinfo=None)
    return (
        e.seq,
        stored_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
        e.actor_id,
        e.action,
        e.target_type,
        e.target_id,
        e.summary,
        json.dumps(e.changes),
        e.prev_hash,
        e.hash,
    )


def test_canonical_row_is_canonical_of_the_event():
    for event in chain(12):
        assert verify.canonical_row(row(event)) == canonical(event)


def test_canonical_row_takes_timezone_aware_and_decoded_values_as_postgresql_gives_them():
    event = chain(3)[2]
    as_postgres = list(row(event))
    as_postgres[1] = event.occurred_at.astimezone(UTC)
    as_postgres[7] = event.changes
    assert verify.canonical_row(as_postgres) == canonical(event)


def as_postgres_gives_it(e: Event) -> tuple[Any, ...]:
    """The event as `verify.columns("postgresql")` reads it: the instant written out in UTC by
    `to_char`, the stored JSON text."""
    return (
        *row(e)[:1],
        e.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        *row(e)[2:],
    )


def test_canonical_row_takes_the_instant_as_postgresql_writes_it_out():
    for event in chain(12):
        assert verify.canonical_row(as_postgres_gives_it(event)) == canonical(event)


# Any content an event can hold: text of every kind but lone surrogates (no database stores
# them), nested JSON in `changes`, instants with and without microseconds, in any offset.
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=12,
)
instants = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
).flatmap(lambda at: st.sampled_from([at, at.replace(microsecond=0)]))
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
events = st.builds(
    Event,
    seq=st.integers(1, 2**62),
    occurred_at=instants,
    actor_id=st.none() | st.integers(0, 2**31 - 1),
    action=texts,
    target_type=texts,
    target_id=st.none() | st.integers(0, 2**31 - 1),
    summary=texts,
    changes=st.dictionaries(texts, json_values, max_size=4),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
@given(event=events, offset=offsets)
def test_canonical_row_is_canonical_of_any_event_in_every_stored_form(event, offset):
    sqlite_form = row(event)
    postgres_form = as_postgres_gives_it(event)
    decoded = list(row(event))
    decoded[1], decoded[7] = event.occurred_at.astimezone(offset), event.changes
    expected = canonical(event)
    assert verify.canonical_row(sqlite_form) == expected
    assert verify.canonical_row(postgres_form) == expected
    assert verify.canonical_row(decoded) == expected
    if event.occurred_at.microsecond == 0:  # as written by something other than SQLAlchemy
        without_fraction = list(sqlite_form)
        without_fraction[1] = sqlite_form[1][:19]
        assert verify.canonical_row(without_fraction) == expected


def tampered(events: list[Event]) -> dict[str, list[Event]]:
    """Chains broken in each way, at the start, the middle and the end (read in seq order, as
    the primary key gives them, so never out of order)."""
    cases: dict[str, list[Event]] = {"intact": events}
    for at in (0, 5, 6, 11, len(events) - 1):
        cases[f"content {at}"] = [
            replace(e, summary="rewritten") if i == at else e for i, e in enumerate(events)
        ]
        cases[f"link {at}"] = [
            replace(e, prev_hash="f" * 64) if i == at else e for i, e in enumerate(events)
        ]
        cases[f"missing {at}"] = events[:at] + events[at + 1 :]
    cases["tail missing mid-chain"] = events[:7] + events[9:]
    return cases


@pytest.mark.parametrize("size", [1, 3, 5, 7, 20])
def test_ranges_checked_apart_and_joined_give_verify_chains_answer(size):
    events = chain(20)
    for name, case in tampered(events).items():
        expected = verify_chain(case)
        rows = [row(e) for e in case]
        parts = [
            verify.check_rows(
                [r for r in rows if lo <= r[0] < lo + size], lo, GENESIS_HASH if lo == 1 else None
            )
            for lo in range(1, 21, size)
        ]
        assert verify.join(parts) == expected, name
        assert verify.join([verify.check_rows(rows, 1, GENESIS_HASH)]) == expected, name


@pytest.mark.parametrize("batch", [1, 2, 3, 7, 40])
def test_breaks_are_found_where_verify_chain_finds_them_across_batch_boundaries(batch, monkeypatch):
    monkeypatch.setattr(verify, "BATCH", batch)
    events = chain(20)
    for name, case in tampered(events).items():
        rows = [row(e) for e in case]
        assert verify.join([verify.check_rows(rows, 1, GENESIS_HASH)]) == verify_chain(case), name


def test_content_that_cannot_be_read_after_a_break_does_not_hide_the_break():
    rows = [list(row(e)) for e in chain(20)]
    rows[4][6] = "rewritten"
    rows[9][7] = "{not json"
    assert verify.join([verify.check_rows(rows, 1, GENESIS_HASH)]) == (
        5,
        verify_chain([replace(e, summary="rewritten") if e.seq == 5 else e for e in chain(20)])[1],
    )
    rows[4] = list(row(chain(20)[4]))
    with pytest.raises(json.JSONDecodeError):  # as reading the event back would
        verify.check_rows(rows, 1, GENESIS_HASH)


def test_the_driver_rows_of_either_database_check_as_verify_chain_does(app):
    """The raw cursor and `columns()` of the database the suite runs on (PostgreSQL: a
    server-side cursor, to_char and the JSON text), inside the test's own transaction."""
    for name, case in tampered(chain(40)).items():
        nested = db.session.begin_nested()
        db.session.execute(
            AuditEvent.__table__.insert(), [{key: getattr(e, key) for key in KEYS} for e in case]
        )
        connection = db.session.connection()
        parts = []
        for lo in range(1, 41, 9):
            query = verify._range(connection.dialect.name, lo, lo + 9)
            with closing(verify._scan(connection.connection, connection.dialect, query)) as rows:
                parts.append(verify.check_batches(rows, lo, GENESIS_HASH if lo == 1 else None))
        nested.rollback()
        assert verify.join(parts) == verify_chain(case), name


def test_an_empty_chain_verifies_with_no_events():
    assert verify.join([verify.check_rows([], 1, GENESIS_HASH)]) == (0, None)


def test_parallel_workers_give_the_same_answer_from_a_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    engine = sa.create_engine(url)
    AuditEvent.__table__.create(engine)
    events = chain(40)
    broken = [replace(e, summary="rewritten") if e.seq == 29 else e for e in events]
    with engine.begin() as conn:
        conn.execute(
            AuditEvent.__table__.insert(),
            [{key: getattr(e, key) for key in KEYS} for e in broken],
        )
    engine.dispose()
    assert verify.verify_parallel(url, 1, 40, workers=2, chunks=6) == verify_chain(broken)
    assert verify.verify_parallel(url, 1, 28, workers=2, chunks=3) == (28, None)
    assert verify.verify_parallel(url, 1, 40, workers=3, chunks=40) == verify_chain(broken)
    assert verify.verify_parallel(url, 1, 40, workers=1) == verify_chain(broken)


KEYS = [
    "seq",
    "occurred_at",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "summary",
    "changes",
    "prev_hash",
    "hash",
]

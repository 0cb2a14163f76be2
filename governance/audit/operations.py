"""Appending to the audit chain, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance import clock
from governance.audit.models import AuditEvent
from governance.audit.rules import GENESIS_HASH, canonical, event_hash
from governance.database import utcnow
from governance.extensions import db

if TYPE_CHECKING:
    from governance.auth.models import User

#: Key of the PostgreSQL advisory lock that serialises appends, so the chain never forks.
AUDIT_LOCK_KEY = 7_402_113

#: The user a history being loaded after the fact (the demo) names for events recorded
#: without an actor, while `acting_as` holds it.
_acting: ContextVar[User | None] = ContextVar("audit_acting", default=None)
#: Events held back by `in_time_order`, to be chained when its block ends.
_held: ContextVar[list[AuditEvent] | None] = ContextVar("audit_held", default=None)


@contextmanager
def acting_as(actor: User | None) -> Iterator[None]:
    """Within the block, events recorded with no actor name `actor` (loading the demo's past)."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


@contextmanager
def in_time_order() -> Iterator[None]:
    """Hold the events recorded in the block and chain them, sorted by when they happened, as it
    ends: a history loaded after the fact (the demo) is written step by step, not in the order
    its steps happened, yet its chain must read in time order. None is dated after the real
    present. An error in the block drops the held events with the rest of the transaction.
    """
    held: list[AuditEvent] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    _chain(sorted(held, key=lambda event: event.occurred_at))


def _chain(events: list[AuditEvent]) -> None:
    session = db.session
    lock_chain()
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    present = clock.now()
    for event in events:
        seq += 1
        event.seq, event.prev_hash = seq, prev_hash
        event.occurred_at = min(event.occurred_at, present)
        event.hash = prev_hash = event_hash(canonical(event), prev_hash)
        session.add(event)
    session.flush()


def lock_chain() -> None:
    """Hold the chain's lock until this transaction ends (PostgreSQL; SQLite has one writer).

    `record_event` takes it; an operation that must also hand out a number in order (a
    decision's) takes it first, so concurrent writers queue instead of colliding.
    """
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


def record_event(
    actor: User | None,
    action: str,
    target: Any,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event for `target` (a model instance) to the chain and flush it."""
    session = db.session
    if actor is None:
        actor = _acting.get()
    held = _held.get()
    if held is None:
        lock_chain()
    session.flush()  # the target needs its id before the event can name it
    if held is not None:
        event = _event(actor, action, target, summary, changes)
        held.append(event)
        return event
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    event = _event(actor, action, target, summary, changes)
    event.seq, event.prev_hash = seq, prev_hash
    event.hash = event_hash(canonical(event), prev_hash)
    session.add(event)
    session.flush()
    return event


def _event(
    actor: User | None, action: str, target: Any, summary: str, changes: dict[str, Any] | None
) -> AuditEvent:
    """An event not yet placed in the chain (no seq, previous hash or hash)."""
    return AuditEvent(
        occurred_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target.__tablename__,
        target_id=getattr(target, "id", None),
        summary=summary[:500],
        changes=changes or {},
    )

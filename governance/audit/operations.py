"""Appending to the audit chain, in the caller's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.audit.rules import GENESIS_HASH, canonical, event_hash
from governance.database import utcnow
from governance.extensions import db

if TYPE_CHECKING:
    from governance.auth.models import User

#: Key of the PostgreSQL advisory lock that serialises appends, so the chain never forks.
AUDIT_LOCK_KEY = 7_402_113


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
    lock_chain()
    session.flush()  # the target needs its id before the event can name it
    last = session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    event = AuditEvent(
        seq=seq,
        occurred_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target.__tablename__,
        target_id=getattr(target, "id", None),
        summary=summary[:500],
        changes=changes or {},
        prev_hash=prev_hash,
    )
    event.hash = event_hash(canonical(event), prev_hash)
    session.add(event)
    session.flush()
    return event

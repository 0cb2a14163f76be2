"""Reading the stored chain."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.audit.rules import ChainBreak, verify_chain
from governance.extensions import db

BATCH = 5000


def stored_events() -> Iterator[AuditEvent]:
    """Every event in chain order, read in batches so memory stays flat."""
    after = 0
    while True:
        batch = list(
            db.session.execute(
                sa.select(AuditEvent)
                .where(AuditEvent.seq > after)
                .order_by(AuditEvent.seq)
                .limit(BATCH)
            ).scalars()
        )
        if not batch:
            return
        yield from batch
        after = batch[-1].seq
        db.session.expunge_all()


def verify_stored_chain() -> tuple[int, ChainBreak | None]:
    """How many events were checked, and the first broken link if any."""
    return verify_chain(stored_events())

"""The delivery worker: sends due outbox messages, committing after each one.

This and the views/CLI are the only places that commit. Committing per message means a
crash or a bad message loses at most the outcome of the one being sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from governance.database import utcnow
from governance.extensions import db
from governance.mail import operations
from governance.mail.models import MailStatus, OutboxMessage


@dataclass
class DeliveryReport:
    """What one run of the worker did."""

    #: Messages the server accepted.
    sent: int = 0
    #: Attempts that failed, including those given up on.
    failed_attempts: int = 0
    #: Messages that failed for the last time and are now marked failed.
    gave_up: int = 0

    @property
    def tried(self) -> int:
        return self.sent + self.failed_attempts


def _due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at <= now)


def deliver_pending(
    config: Mapping[str, Any], *, now: datetime | None = None, limit: int = 100
) -> DeliveryReport:
    """Send up to `limit` due messages, oldest first, committing after each."""
    now = now or utcnow()
    report = DeliveryReport()
    ids = list(
        db.session.execute(
            sa.select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
        ).scalars()
    )
    for message_id in ids:
        # Lock the row and check it is still due: on PostgreSQL several workers may run, and
        # SKIP LOCKED lets each pass over what another is sending. SQLite ignores the lock
        # (it allows one writer anyway).
        message = db.session.execute(
            sa.select(OutboxMessage)
            .where(OutboxMessage.id == message_id, _due(now))
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        ).scalar_one_or_none()
        if message is None:
            continue
        try:
            operations.send_email(operations.build_email(message, config), config)
        except operations.DELIVERY_ERRORS as error:
            report.failed_attempts += 1
            if operations.record_failure(message, error, now):
                report.gave_up += 1
        else:
            operations.record_sent(message, now)
            report.sent += 1
        # If this commit fails after a successful send the message goes again on the next
        # run: delivery is at least once, and the stable Message-ID lets clients drop repeats.
        db.session.commit()
    # End the read transaction even when nothing was due, so a looping worker holds no snapshot.
    db.session.commit()
    return report

"""The mail outbox: written in the same transaction as the change, delivered by a worker."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    #: The person the message is for, when there is one (for their own view of it).
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    #: An iCalendar attachment (an invitation or cancellation), if any.
    ics: Mapped[str | None] = mapped_column(sa.Text)
    #: What caused the message, e.g. "meeting.notice".
    kind: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[MailStatus] = mapped_column(
        enum_column(MailStatus, "mail_status"), default=MailStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(1000))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

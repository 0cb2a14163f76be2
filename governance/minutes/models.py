"""A meeting's minutes: draft, circulated, approved."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.meetings.models import Meeting


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Minutes(Model):
    """The minutes of one meeting: the record plus the secretary's notes per item."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), unique=True)
    status: Mapped[MinutesStatus] = mapped_column(
        enum_column(MinutesStatus, "minutes_status"), default=MinutesStatus.DRAFT
    )
    #: Notes per agenda item, {agenda_item_id: text}, written by the secretary.
    notes: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The decision, at a later meeting, that approved these minutes.
    approved_by_decision_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision.id"))
    #: SHA-256 of the approved text, so the locked minutes can be checked later.
    approved_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()

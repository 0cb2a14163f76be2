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
    #: The number of the version approved; its text is what `approved_sha256` fingerprints.
    approved_version: Mapped[int | None]
    #: When the record first differed from the last version circulated (members were told
    #: then); cleared when the changed draft is circulated as the next version.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    versions: Mapped[list[MinutesVersion]] = relationship(
        back_populates="minutes", order_by="MinutesVersion.number"
    )

    @property
    def latest_version(self) -> MinutesVersion | None:
        """The version last circulated, if any."""
        return self.versions[-1] if self.versions else None

    @property
    def was_circulated(self) -> bool:
        """Whether members have had any version of these minutes."""
        return bool(self.versions) or self.status is not MinutesStatus.DRAFT

    @property
    def is_changed_draft(self) -> bool:
        """A draft that differs from a version already circulated: the next version."""
        return self.status is MinutesStatus.DRAFT and bool(self.versions)

    @property
    def draft_number(self) -> int:
        """The number the draft will have when it is circulated."""
        latest = self.latest_version
        return latest.number + 1 if latest else 1


class MinutesVersion(Model):
    """One circulated version of the minutes, fixed: its text as members received it."""

    __tablename__ = "minutes_version"
    __table_args__ = (sa.UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id"), index=True)
    #: 1 for the first circulation, then one more for each re-circulation after a change.
    number: Mapped[int]
    #: The full canonical text, confidential items included (what `sha256` fingerprints).
    text: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: The same version without confidential items, for members who may not see them.
    public_text: Mapped[str] = mapped_column(sa.Text)
    circulated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    minutes: Mapped[Minutes] = relationship(back_populates="versions")

"""Who came to a meeting: present, apologies, absent, a deputy, in attendance."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Person, Seat
    from governance.meetings.models import Meeting


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    #: Attending in place of a seat holder, with the holder's seat and vote.
    DEPUTY = "deputy"
    #: Officers and guests who attend but are not members.
    IN_ATTENDANCE = "in_attendance"

    @property
    def label(self) -> str:
        return {
            "present": "Present",
            "apologies": "Apologies",
            "absent": "Absent",
            "deputy": "Deputy",
            "in_attendance": "In attendance",
        }[self.value]


class Attendance(Model):
    """One person's attendance at one meeting."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus, "attendance_status")
    )
    #: The seat the person holds, or (for a deputy) the seat they sit in for.
    seat_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seat.id"))
    #: For a deputy: the seat holder they stand in for.
    deputy_for_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    #: When they arrived or left, if not for the whole meeting.
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Role of someone in attendance (e.g. "Finance officer"), or a note on apologies.
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    #: When apologies were sent, if sent ahead of the meeting.
    apologies_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    deputy_for: Mapped[Person | None] = relationship(foreign_keys=[deputy_for_id])
    seat: Mapped[Seat | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id", name="once_per_meeting"),)


class AttendanceCorrection(Model):
    """A change to a meeting's register, made after decisions were recorded, that changes who
    one of them would count for its quorum. The decisions keep what they counted; their trails
    show the correction beside it."""

    __tablename__ = "attendance_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    #: Why the register was corrected, in the words of whoever corrected it.
    reason: Mapped[str] = mapped_column(sa.Text)
    #: Each line changed: {"person_id", "before": {...}, "after": {...}}; the values are the
    #: status and the arrival and departure times (ISO 8601, UTC), None where not recorded.
    changes: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    #: Each decision whose count it changes: {"decision_id", "number", "counted_before",
    #: "counted_after" (person ids), "quorate_before", "quorate_after"}.
    decisions: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    corrected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()

    def affects(self, decision_id: int) -> dict | None:
        """What this correction changes for one decision, or None if it leaves it alone."""
        return next((d for d in self.decisions if d.get("decision_id") == decision_id), None)


# Replies to meeting notices -------------------------------------------------------------------

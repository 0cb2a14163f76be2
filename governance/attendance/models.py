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


# Replies to meeting notices -------------------------------------------------------------------

"""Meetings, their agendas, and personal calendar feeds."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.database import UTCDateTime, enum_column, utcnow
from governance.extensions import Model

if TYPE_CHECKING:
    from governance.boards.models import Board
    from governance.papers.models import Paper


class MeetingStatus(enum.StrEnum):
    DRAFT = "draft"
    NOTICE_ISSUED = "notice_issued"
    HELD = "held"
    MINUTES_APPROVED = "minutes_approved"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# The lifecycle, draft → notice issued → held → minutes approved (or cancelled), in groups the
# areas ask about; queries filter by these, and objects answer through Meeting's properties.

#: Called or held: its record (decisions, declarations, attendance, reports) is being made.
OPEN = (MeetingStatus.NOTICE_ISSUED, MeetingStatus.HELD)
#: It took place, whether or not its minutes are approved yet.
TAKEN_PLACE = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
#: Its agenda can still grow: not yet held, not cancelled.
BEFORE_THE_MEETING = (MeetingStatus.DRAFT, MeetingStatus.NOTICE_ISSUED)
#: Nothing about it changes any more.
CLOSED = (MeetingStatus.CANCELLED, MeetingStatus.MINUTES_APPROVED)


class Purpose(enum.StrEnum):
    DECISION = "decision"
    DISCUSSION = "discussion"
    INFORMATION = "information"

    @property
    def label(self) -> str:
        return f"For {self.value}"


class Meeting(Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("board.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.DRAFT
    )
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    #: Calendar UID, fixed for the meeting's life so calendars update rather than duplicate it.
    uid: Mapped[str] = mapped_column(sa.String(120), unique=True)
    #: iCalendar SEQUENCE: goes up on every change of time, place or status.
    sequence: Mapped[int] = mapped_column(default=0)
    #: Meetings scheduled together as a series share this key.
    series_key: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    notice_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How many people the notice was mailed to when it was issued (members and officers).
    notice_sent_to: Mapped[int | None] = mapped_column()
    #: When the agenda itself reached members; it is held to the same deadline as papers.
    agenda_circulated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agenda_late_reason: Mapped[str | None] = mapped_column(sa.String(500))
    #: Person who, as chair, agreed to a late agenda.
    agenda_consent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: When a draft that was never announced was withdrawn (scheduled by mistake); it stays a
    #: draft, kept with its reason, but nothing more happens to it. None for every other meeting.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.String(500))

    board: Mapped[Board] = relationship()
    #: The agenda: the items not withdrawn, in order. Every page, mail, pack and minutes that
    #: reads the agenda reads this, so a withdrawn item leaves them all (and their numbering).
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        primaryjoin="and_(Meeting.id == AgendaItem.meeting_id, AgendaItem.withdrawn_at.is_(None))",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
    )
    #: Items withdrawn from the agenda, kept with their reasons, oldest withdrawal first.
    withdrawn_items: Mapped[list[AgendaItem]] = relationship(
        primaryjoin="and_(Meeting.id == AgendaItem.meeting_id, "
        "AgendaItem.withdrawn_at.is_not(None))",
        order_by="AgendaItem.withdrawn_at",
        viewonly=True,
    )

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    @property
    def is_draft(self) -> bool:
        """Only in the secretary's diary: members have had no notice and cannot see it."""
        return self.status is MeetingStatus.DRAFT

    @property
    def is_called(self) -> bool:
        """Notice is out and the meeting has not yet been recorded as held."""
        return self.status is MeetingStatus.NOTICE_ISSUED

    @property
    def is_held(self) -> bool:
        """Recorded as held, its minutes not yet approved."""
        return self.status is MeetingStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED

    @property
    def is_withdrawn(self) -> bool:
        """A draft withdrawn before it was ever announced."""
        return self.withdrawn_at is not None

    @property
    def is_announced(self) -> bool:
        """Past the draft: members see it and calendars carry it."""
        return self.status is not MeetingStatus.DRAFT

    @property
    def is_open(self) -> bool:
        """Called or held: its record is being made."""
        return self.status in OPEN

    @property
    def accepts_decisions(self) -> bool:
        """Decisions are recorded at meetings that have been called or held."""
        return self.is_open

    @property
    def has_taken_place(self) -> bool:
        """Held, whether or not its minutes are approved yet."""
        return self.status in TAKEN_PLACE

    @property
    def is_closed(self) -> bool:
        """Cancelled, withdrawn or its minutes approved: nothing about it changes any more."""
        return self.status in CLOSED or self.is_withdrawn

    @property
    def can_be_cancelled(self) -> bool:
        """Only a meeting that has not yet taken place (and is not already cancelled)."""
        return self.status in BEFORE_THE_MEETING and not self.is_withdrawn

    @property
    def status_label(self) -> str:
        """The status as people read it, 'Withdrawn' for a withdrawn draft."""
        return "Withdrawn" if self.is_withdrawn else self.status.label

    @property
    def agenda_can_grow(self) -> bool:
        """Not yet held nor cancelled: items can still be added to its agenda."""
        return self.status in BEFORE_THE_MEETING

    @property
    def local_start(self) -> datetime:
        """The start as wall-clock time where the board meets."""
        return self.starts_at.astimezone(ZoneInfo(self.board.timezone))

    @property
    def local_end(self) -> datetime:
        """The end as wall-clock time where the board meets."""
        return self.ends_at.astimezone(ZoneInfo(self.board.timezone))

    def __repr__(self) -> str:
        return f"<Meeting {self.id} board={self.board_id}>"


class AgendaItem(Model):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    purpose: Mapped[Purpose] = mapped_column(enum_column(Purpose, "purpose"))
    presenter: Mapped[str] = mapped_column(sa.String(200), default="")
    minutes_allotted: Mapped[int | None] = mapped_column()
    #: Confidential items and their papers are for voting members, officers and auditors only.
    confidential: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the secretary withdrew the item from the agenda; None while it stands. A withdrawn
    #: item is kept with its reason but leaves the agenda, its numbering and what goes out.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.String(500))

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    papers: Mapped[list[Paper]] = relationship(back_populates="item", order_by="Paper.id")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

"""Reads of the meetings area, each in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.boards.models import Appointment, Board, BoardOfficer, Person
from governance.boards.queries import member_ids_on
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.meetings.rules import local_date


def board_meetings(board: Board) -> list[Meeting]:
    """Every meeting of a board, newest first."""
    return list(
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.board_id == board.id)
            .options(selectinload(Meeting.items))
            .order_by(Meeting.starts_at.desc())
        ).scalars()
    )


def member_ids(meeting: Meeting) -> sa.Select[tuple[int]]:
    """The members of a meeting: its board's members on the meeting day (people holding a seat
    not yet abolished then, `member_ids_on`), as a subquery of person ids.

    Every count about a meeting's members (whom the notice reached, how many opened the
    papers, how many have not replied) is taken over this one definition.
    """
    return member_ids_on(meeting.board_id, local_date(meeting.starts_at, meeting.board.timezone))


@dataclass(frozen=True)
class Reach:
    """Whom a meeting's mail reaches: its members, and the board's officers who hold no seat."""

    members: list[Person]
    officers: list[Person]

    @property
    def mailed(self) -> list[Person]:
        """Everyone with an email address, in the order mail is queued."""
        return sorted((p for p in self.members + self.officers if p.email), key=lambda p: p.id)

    @property
    def members_mailed(self) -> int:
        return sum(1 for p in self.members if p.email)

    @property
    def officers_mailed(self) -> int:
        return sum(1 for p in self.officers if p.email)

    @property
    def unreachable(self) -> list[Person]:
        """Members and officers the mail cannot reach: no email address."""
        return [p for p in self.members + self.officers if not p.email]

    @property
    def in_words(self) -> str:
        """'5 people: 3 members and 2 officers', as every page and message says it."""
        total = len(self.mailed)
        parts = [_count(self.members_mailed, "member")]
        if self.officers_mailed:
            parts.append(_count(self.officers_mailed, "officer"))
        return f"{_count(total, 'person', 'people')}: {' and '.join(parts)}"

    @property
    def unreachable_words(self) -> str | None:
        """'1 member has no email address and was not sent it: Ada Noemail.', or None."""
        if not self.unreachable:
            return None
        missing = len(self.unreachable)
        noun = "member" if all(p in self.members for p in self.unreachable) else "person"
        return (
            f"{_count(missing, noun, 'people' if noun == 'person' else None)} "
            f"{'has' if missing == 1 else 'have'} no email address and "
            f"{'was' if missing == 1 else 'were'} not sent it: "
            f"{', '.join(p.full_name for p in self.unreachable)}."
        )


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def reach(meeting: Meeting) -> Reach:
    """The meeting's members and officers, by name, in one statement (plus the loads that
    `permissions.person_sees_confidential` reads, so mail built per person costs no more)."""
    is_member = Person.id.in_(member_ids(meeting))
    officers = sa.select(BoardOfficer.person_id).where(BoardOfficer.board_id == meeting.board_id)
    rows = db.session.execute(
        sa.select(Person, is_member.label("is_member"))
        .where(sa.or_(is_member, Person.id.in_(officers)))
        .options(
            selectinload(Person.appointments).selectinload(Appointment.seat),
            selectinload(Person.offices),
            selectinload(Person.user),
        )
        .order_by(Person.full_name, Person.id)
    ).all()
    return Reach(
        members=[person for person, member in rows if member],
        officers=[person for person, member in rows if not member],
    )


def recipients(meeting: Meeting) -> list[Person]:
    """Members on the meeting day and the board's officers who have an email address."""
    return reach(meeting).mailed


def usual_meeting(board: Board) -> Meeting | None:
    """The board's latest meeting that was not cancelled: its title, hours and place are the
    board's usual ones, offered when the next is scheduled."""
    return db.session.execute(
        sa.select(Meeting)
        .where(Meeting.board_id == board.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def last_agenda(meeting: Meeting) -> Meeting | None:
    """The board's latest meeting before this one that had an agenda and was not cancelled."""
    return db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id == meeting.board_id,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.CANCELLED,
            sa.exists().where(AgendaItem.meeting_id == Meeting.id),
        )
        .options(selectinload(Meeting.items))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    ).scalar_one_or_none()

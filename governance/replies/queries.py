"""Reads of replies to meeting notices, each in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governance.attendance.models import Attendance, AttendanceStatus
from governance.attendance.queries import members_on, register_for
from governance.boards.models import Person, Seat
from governance.extensions import db
from governance.meetings.models import Meeting
from governance.meetings.queries import member_ids
from governance.replies.models import MeetingReply, NeedStatus, ReplyChoice, SupportNeed


def _replies(meeting: Meeting) -> sa.Select[tuple[MeetingReply]]:
    return (
        sa.select(MeetingReply)
        .where(MeetingReply.meeting_id == meeting.id)
        .options(
            joinedload(MeetingReply.person),
            joinedload(MeetingReply.deputy),
            selectinload(MeetingReply.needs),
        )
    )


def reply_of(meeting: Meeting, person: Person) -> MeetingReply | None:
    """The person's reply to the meeting's notice, with its needs, if they have replied."""
    return db.session.execute(
        _replies(meeting).where(MeetingReply.person_id == person.id)
    ).scalar_one_or_none()


def replies_to(meeting: Meeting) -> list[MeetingReply]:
    """Every reply to the meeting, with the people, deputies and needs it names."""
    return list(db.session.execute(_replies(meeting).order_by(MeetingReply.id)).scalars())


def deputy_choices(meeting: Meeting, person: Person, seat: Seat | None) -> list[Person]:
    """People a member may name as deputy: from the seat's organisation (or, for a seat that
    represents none, the member's own), holding no seat on the board that day."""
    organisation_id = (seat.organisation_id if seat else None) or person.organisation_id
    if organisation_id is None:
        return []
    members = set(members_on(meeting))
    people = db.session.execute(
        sa.select(Person)
        .where(Person.organisation_id == organisation_id)
        .order_by(Person.full_name)
    ).scalars()
    return [p for p in people if p.id not in members and p.id != person.id]


def counts(meeting: Meeting) -> dict[str, int]:
    """How many members are attending, sending apologies, and have not replied yet."""
    return counts_for([meeting])[meeting.id]


def counts_for(meetings: list[Meeting]) -> dict[int, dict[str, int]]:
    """`counts` for several meetings in one statement: members as every count about a
    meeting's members takes them (`meetings.queries.member_ids`), and only their replies."""
    if not meetings:
        return {}
    columns = []
    for meeting in meetings:
        members = member_ids(meeting)
        replied = sa.select(sa.func.count(sa.distinct(MeetingReply.person_id))).where(
            MeetingReply.meeting_id == meeting.id, MeetingReply.person_id.in_(members)
        )
        columns += [
            sa.select(sa.func.count(sa.distinct(members.subquery().c.person_id))).scalar_subquery(),
            replied.where(MeetingReply.choice == ReplyChoice.ATTENDING).scalar_subquery(),
            replied.scalar_subquery(),
        ]
    row = db.session.execute(sa.select(*columns)).one()
    result = {}
    for n, meeting in enumerate(meetings):
        member_count, attending, replied_count = row[3 * n : 3 * n + 3]
        result[meeting.id] = {
            "attending": attending,
            "apologies": replied_count - attending,
            "no_reply": member_count - replied_count,
            "members": member_count,
        }
    return result


@dataclass
class ReplyLine:
    """A member and their reply (if any) with what the register says of them."""

    person: Person
    seat: Seat
    reply: MeetingReply | None
    register: Attendance | None

    @property
    def register_differs(self) -> bool:
        """The reply says attending but the register still records apologies."""
        return (
            self.reply is not None
            and self.reply.choice is ReplyChoice.ATTENDING
            and self.register is not None
            and self.register.status is AttendanceStatus.APOLOGIES
        )


@dataclass
class Summary:
    """What the secretary sees of a meeting's replies."""

    lines: list[ReplyLine]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def attending(self) -> list[ReplyLine]:
        return [x for x in self.lines if x.reply and x.reply.choice is ReplyChoice.ATTENDING]

    @property
    def apologies(self) -> list[ReplyLine]:
        return [x for x in self.lines if x.reply and x.reply.choice is ReplyChoice.APOLOGIES]

    @property
    def no_reply(self) -> list[ReplyLine]:
        return [x for x in self.lines if x.reply is None]

    @property
    def support(self) -> list[tuple[ReplyLine, SupportNeed]]:
        """Needs still to arrange or to cancel, then those arranged."""
        pairs = [(x, n) for x in self.lines if x.reply for n in x.reply.needs]
        order = {NeedStatus.TO_ARRANGE: 0, NeedStatus.TO_CANCEL: 1, NeedStatus.ARRANGED: 2}
        return sorted(pairs, key=lambda p: (order[p[1].status], p[0].person.full_name))


def summary(meeting: Meeting) -> Summary:
    """Every member on the meeting day with their reply and register line, in seat order."""
    replies = {r.person_id: r for r in replies_to(meeting)}
    lines = [
        ReplyLine(row.person, row.seat, replies.get(row.person.id), row.attendance)
        for row in register_for(meeting)
        if row.is_member and row.seat is not None
    ]
    result = Summary(lines)
    attending = len(result.attending)
    result.counts = {
        "attending": attending,
        "apologies": len(result.apologies),
        "no_reply": len(result.no_reply),
        "members": len(lines),
        "needs_open": sum(1 for _, n in result.support if n.status is not NeedStatus.ARRANGED),
    }
    return result


def deputies_named(meeting: Meeting) -> dict[int, Person]:
    """The deputies members named with their apologies: {member's person id: deputy}."""
    rows = db.session.execute(
        sa.select(MeetingReply)
        .where(
            MeetingReply.meeting_id == meeting.id,
            MeetingReply.choice == ReplyChoice.APOLOGIES,
            MeetingReply.deputy_id.is_not(None),
        )
        .options(joinedload(MeetingReply.deputy))
    ).scalars()
    return {r.person_id: r.deputy for r in rows if r.deputy is not None}

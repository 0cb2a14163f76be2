"""Replies to the demo board's next meeting: most members have answered, a few have not.

The parent representative behind the parent@demo.test login is coming with two children for
the crèche and a bus fare to be paid back; Social Services sends apologies and names a deputy;
another parent's crèche place is already booked. Built through the operations, like the rest
of the demo, with the clock set to each reply's time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from governance.attendance.queries import members_on
from governance.boards import operations as board_ops
from governance.boards.models import Board, Organisation, Person
from governance.demo.timeline import secretary, step
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings.models import Meeting, MeetingStatus
from governance.replies.models import NeedKind, ReplyChoice, TravelMode
from governance.replies.operations import Answer, mark_need_done, send_reply
from governance.replies.rules import NeedRequest

ATTENDING, APOLOGIES = ReplyChoice.ATTENDING, ReplyChoice.APOLOGIES

#: Who replies, in the order they did, and what they said. Members not listed have not replied.
REPLIES: tuple[tuple[str, Answer], ...] = (
    ("Bernadette Quinn", Answer(ATTENDING)),
    ("Margaret Doyle", Answer(ATTENDING)),
    (
        "Aisha Rahman",
        Answer(APOLOGIES, "I am at a child protection conference all morning."),
    ),
    ("Janet Bury", Answer(ATTENDING)),
    (
        "Kelly Marshall",
        Answer(ATTENDING, needs=(NeedRequest(NeedKind.CHILDCARE, 1, (0,)),)),
    ),
    ("Linda Pearce", Answer(ATTENDING)),
    ("Robert Kaye", Answer(APOLOGIES, "Our school has an inspection that week.")),
    (
        "Doreen Atkinson",
        Answer(
            ATTENDING,
            needs=(NeedRequest(NeedKind.ACCESS, details="Step-free access: I use a walker."),),
        ),
    ),
    ("Tom Whitfield", Answer(ATTENDING)),
    ("Nadia Hussain", Answer(ATTENDING)),
    ("Peter Lowe", Answer(ATTENDING)),
    ("Andrew Milne", Answer(ATTENDING)),
    ("Joanne Price", Answer(ATTENDING)),
    ("Susan Ellery", Answer(ATTENDING)),
    (
        "Chloe Bennett",
        Answer(
            ATTENDING,
            "First full board meeting for me, looking forward to it.",
            needs=(
                # In her own words, kept as she typed them: 18 months is 1 in whole years.
                NeedRequest(NeedKind.CHILDCARE, 2, (1, 3), ages_text="18 months and 3"),
                NeedRequest(
                    NeedKind.TRAVEL,
                    travel_mode=TravelMode.BUS,
                    details="Two buses from the Hillside estate.",
                ),
            ),
        ),
    ),
)

DEPUTY = ("Karen Holt", "Northbank Social Services", "Deputy Team Manager, Family Support")


def _deputy() -> Person:
    """Social Services' deputy team manager, who holds no seat and can stand in."""
    name, organisation, job = DEPUTY
    org_id = db.session.execute(
        sa.select(Organisation.id).where(Organisation.name == organisation)
    ).scalar_one()
    return board_ops.save_person(
        None,
        None,
        {
            "full_name": name,
            "email": name.lower().replace(" ", ".") + "@northbank.demo.test",
            "phone": "",
            "organisation_id": org_id,
            "job_title": job,
        },
    )


def seed_replies(board: Board, today: date) -> int:
    """Replies to the board's next called meeting; returns how many were made."""
    meeting = db.session.execute(
        sa.select(Meeting)
        .where(Meeting.board_id == board.id, Meeting.status == MeetingStatus.NOTICE_ISSUED)
        .order_by(Meeting.starts_at)
        .limit(1)
    ).scalar_one_or_none()
    if meeting is None:
        return 0
    issued = meeting.notice_issued_at or datetime.combine(today, time(9), tzinfo=UTC)
    names = [name for name, _ in REPLIES]
    people = {
        p.full_name: p
        for p in db.session.execute(sa.select(Person).where(Person.full_name.in_(names))).scalars()
    }
    with step(issued - timedelta(days=2), secretary()):
        deputy = _deputy()
    last_mail = db.session.execute(sa.select(sa.func.max(OutboxMessage.id))).scalar() or 0
    made = 0
    members = members_on(meeting)
    for n, (name, answer) in enumerate(REPLIES):
        if people[name].id not in members:
            continue  # e.g. a term that ends before the meeting
        # Most members answer within the hour of the notice going out.
        at = min(issued + timedelta(minutes=4 * n + 3), meeting.starts_at - timedelta(hours=1))
        if name == "Aisha Rahman":
            answer = Answer(answer.choice, answer.note, deputy, answer.needs)
        # Members with a login reply signed in; the others by the link in their notice mail.
        with step(at, people[name].user):
            reply = send_reply(None, meeting, people[name], answer, now=at)
        made += 1
        if name == "Kelly Marshall":
            # The secretary has booked this one already.
            [need] = reply.needs
            booked = at + timedelta(hours=2)
            with step(booked, secretary()):
                mark_need_done(None, need, "Crèche place booked for the baby.", now=booked)
    # As with the meetings, the demo's outbox starts empty: these mails were never to be sent.
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > last_mail))
    return made

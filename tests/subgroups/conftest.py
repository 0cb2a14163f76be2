"""A parent board and its finance sub-group, each with a quorate meeting, for the area's tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards import operations as board_ops
from governance.boards.models import Board
from governance.decisions import operations as decision_ops
from governance.decisions.models import Decision
from governance.decisions.operations import DecisionDraft
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.subgroups import operations
from governance.subgroups.models import TermsOfReference
from tests.conftest import BOARD_DEFAULTS

#: The parent board met last month; the sub-group met last week (a decision is recorded only
#: once its meeting has started); the parent meets again in January.
PARENT_HELD = datetime(2026, 10, 20, 10, 0, tzinfo=UTC)
SUB_MEETS = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
PARENT_NEXT = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
REASON = "The sub-group has shown it can manage this budget well, so members agreed."
ALTERNATIVES = "Keeping every decision at the board, rejected as too slow for small spending."


def meeting_on(
    board: Board, starts: datetime, status: MeetingStatus, title: str = "Budget"
) -> Meeting:
    meeting = Meeting(
        board=board,
        title="Meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=status,
        uid=f"test-{uuid.uuid4()}",
    )
    AgendaItem(meeting=meeting, position=1, title=title, purpose=Purpose.DECISION)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def present(meeting: Meeting, *people: Any) -> None:
    for person in people:
        db.session.add(
            Attendance(meeting=meeting, person_id=person.id, status=AttendanceStatus.PRESENT)
        )
    db.session.flush()


def decide(item: AgendaItem, **extra: Any) -> Decision:
    """Record a decision on the item an hour into its meeting."""
    values = {"resolution": "Agree it.", "rationale": REASON, "alternatives": ALTERNATIVES}
    values.update(extra)
    return decision_ops.record_decision(
        None, item, DecisionDraft(**values), moment=item.meeting.starts_at + timedelta(hours=1)
    )


def terms_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "purpose": "Monitors the budget with the Accountable Body.",
        "membership": "The Accountable Body, the lead agency, a voluntary member and a parent.",
        "chair": "The Accountable Body's representative.",
        "quorum": "Two members, one of them a parent.",
        "quorum_min_count": 1,
        "meeting_frequency": "Every six weeks",
        "reporting_every": 2,
        "reporting_basis": "months",
        "review_on": date(2027, 9, 30),
        "authorities": [("Spending within the agreed budget", 500_000), ("Publicity", None)],
    }
    values.update(overrides)
    return values


@dataclass
class Setting:
    parent: Board
    subgroup: Board
    parent_held: Meeting
    sub_meeting: Meeting
    parent_next: Meeting
    member: Any
    parent_rep: Any
    secretary: Any
    world: Any

    def approve(self, **overrides: Any) -> TermsOfReference:
        """Draft terms and approve them by a fresh decision of the parent board."""
        draft = operations.start_draft(None, self.subgroup, terms_values(**overrides))
        decision = decide(self.parent_held.items[0], resolution="Approve the terms.")
        operations.approve_terms(None, draft, decision)
        return draft


@pytest.fixture
def sg(world, make_seat) -> Setting:
    users = world.users
    member, parent_rep = users["member"].person, users["parent"].person
    seat = make_seat(world.subgroup, title="Finance member")
    board_ops.appoint(None, seat, member, date(2026, 1, 1), None)
    parent_held = meeting_on(world.board, PARENT_HELD, MeetingStatus.HELD, "Sub-group business")
    present(parent_held, member, parent_rep)
    sub_meeting = meeting_on(world.subgroup, SUB_MEETS, MeetingStatus.NOTICE_ISSUED)
    present(sub_meeting, member)
    parent_next = meeting_on(world.board, PARENT_NEXT, MeetingStatus.NOTICE_ISSUED)
    return Setting(
        world.board,
        world.subgroup,
        parent_held,
        sub_meeting,
        parent_next,
        member,
        parent_rep,
        users["secretary"],
        world,
    )


def new_subgroup(parent: Board, name: str = "Communications Sub-group") -> Board:
    """Another sub-group of the board."""
    return board_ops.save_board(
        None,
        None,
        {**BOARD_DEFAULTS, "name": name, "code": "COMMS", "parent": parent},
    )


def waiting_recommendation(world: Any) -> Any:
    """A recommendation of the world's sub-group, made an hour into a meeting under way while
    its parent board had no open meeting in the diary (the board's meetings are set aside for
    that moment), so it waits for the secretary to put it on an agenda."""
    from governance.boards.models import Seat, SeatCategory
    from governance.meetings.models import BEFORE_THE_MEETING as OPEN_AGENDAS
    from governance.subgroups.models import AuthorityCheck

    diary = [
        m
        for m in db.session.execute(sa.select(Meeting).where(Meeting.board_id == world.board.id))
        .scalars()
        .all()
        if m.status in OPEN_AGENDAS
    ]
    member = world.users["member"].person
    seat = Seat(
        board=world.subgroup, title="Finance member", category=SeatCategory.STATUTORY, voting=True
    )
    db.session.add(seat)
    db.session.flush()
    board_ops.appoint(None, seat, member, date(2026, 1, 1), None)
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    meeting = meeting_on(world.subgroup, starts, MeetingStatus.NOTICE_ISSUED)
    present(meeting, member)
    kept = {m: m.status for m in diary}
    for m in diary:
        m.status = MeetingStatus.CANCELLED
    db.session.flush()
    decision = decide(meeting.items[0], authority_kind="")
    for m, status in kept.items():
        m.status = status
    db.session.flush()
    return db.session.execute(
        sa.select(AuthorityCheck).where(AuthorityCheck.decision_id == decision.id)
    ).scalar_one()

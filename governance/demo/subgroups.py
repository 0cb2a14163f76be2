"""The demo sub-groups' terms of reference, their reports to the board and a recommendation.

Built through the operations after the board's year of meetings is scheduled and before its
record is written: the board approves each sub-group's terms by a decision at one of its held
meetings. What it shows: the Children's Centre Development Group's terms past their review
date, the Finance Sub-group overdue with its report, the Provider Forum with no delegated
authority at all, a second version of the Finance Sub-group's terms (a higher spending
limit), and a Finance Sub-group recommendation waiting on the board's next agenda.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa

from governance.attendance.models import AttendanceStatus
from governance.attendance.operations import record_attendance
from governance.attendance.queries import members_on
from governance.auth.models import User
from governance.boards.models import Board, Person
from governance.decisions.operations import DecisionDraft, record_decision
from governance.demo.decisions import ABSENT, APOLOGIES
from governance.demo.timeline import secretary, step
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations as meeting_ops
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.meetings.rules import local_datetime
from governance.subgroups import operations

SPENDING = "Spending within the sub-group's agreed budget"


class Terms(NamedTuple):
    """A version of a sub-group's terms, and the held board meeting (by place) approving it."""

    code: str
    meeting: int
    purpose: str
    membership: str
    chair: str
    quorum: str
    frequency: str
    every: int
    basis: str
    #: Days from the demo's today to the review date (negative: already past).
    review_in: int
    authorities: tuple[tuple[str, int | None], ...]


TERMS: tuple[Terms, ...] = (
    Terms("CCDG", 0,
          "Plans the children's centre core offer and which services move into the new "
          "building, and recommends the plan to the board.",
          "Up to eight members: Early Years, health visiting, the Accountable Body, a voluntary "
          "organisation and at least one parent.", "The Early Years consultant.",
          "Three members, including a parent or the voluntary member.", "Monthly while the "
          "building is planned", 2, "months", -24,
          (("Timetabling sessions in the children's centre", None),
           ("Spending on equipment for the new building", 300_000))),
    Terms("FIN", 0,
          "Monitors the programme's budget with the Accountable Body and recommends spending "
          "to the board.", "The Accountable Body, the lead agency, a voluntary member and a "
          "parent.", "The Accountable Body's representative.", "Two members, one of them a "
          "parent.", "Every six weeks", 2, "months", 330,
          ((SPENDING, 200_000), ("Moving money between budget lines, within the year's total",
                                 None))),
    Terms("PF", 1,
          "Brings together the organisations that run services for families, so the board "
          "hears from providers before it decides. It is consulted and takes no decisions.",
          "One representative of each organisation providing services to the programme.",
          "Chosen by the forum each year.", "Any four providers.", "Quarterly", 6, "months",
          200, ()),
    Terms("COMMS", 3,
          "Set up after the local evaluation found communication the main barrier: the "
          "newsletter, the website, and how the board explains its decisions to parents.",
          "At least two parents, the community centre, a community member and a voluntary "
          "organisation.", "A parent representative.", "Three members, two of them parents.",
          "Every two months", 3, "meetings", 240,
          (("Newsletter and website content", None), ("Publicity spending", 50_000))),
    # The board raised the Finance Sub-group's limit once it had seen a year's figures.
    Terms("FIN", 4,
          "Monitors the programme's budget with the Accountable Body and recommends spending "
          "to the board.", "The Accountable Body, the lead agency, a voluntary member and a "
          "parent.", "The Accountable Body's representative.", "Two members, one of them a "
          "parent.", "Every six weeks", 2, "months", 330,
          ((SPENDING, 500_000), ("Moving money between budget lines, within the year's total",
                                 None))),
)  # fmt: skip

#: The quorum each sub-group's terms set in numbers: voting members, and a seat category's
#: minimum ("or the voluntary member" in the words of the CCDG's terms has no number).
QUORUMS: dict[str, tuple[int, dict[str, int]]] = {
    "CCDG": (3, {}),
    "FIN": (2, {"parent": 1}),
    "PF": (4, {}),
    "COMMS": (3, {"parent": 2}),
}
#: The Finance Sub-group's register, corrected after its decisions were recorded.
FINANCE_CORRECTION = (
    "Margaret Doyle",
    "She sent her apologies by phone that morning; she was marked present from the "
    "circulation list in error.",
)

#: Reports received at the board's held meetings (by place): the Finance Sub-group's last
#: was in the spring, so it is overdue.
REPORTS = (
    ("FIN", 2, "Spending is on profile; the crèche underspend is explained by the delay."),
    ("PF", 3, "Providers asked for earlier notice of the core offer timetable."),
    ("CCDG", 4, "The building plan is agreed with the architects; the crèche moves first."),
    ("COMMS", 5, "The autumn newsletter went to 900 families; the website is live."),
    ("CCDG", 5, "Timetable for the first term in the new building agreed."),
)
REASON = (
    "Members had the draft terms with the papers and agreed they set out clearly what the "
    "group may decide itself and what it must bring to the board."
)
ALTERNATIVES = (
    "Keeping every decision at the board, rejected because it would slow routine business and "
    "leave the board too little time for the decisions that matter."
)


def _quorate(meeting: Meeting, place: int) -> None:
    """Mark present the members the board's record will show present at this meeting.

    The board's record (demo_decisions) writes the whole register later; marking the same
    people present now means a decision taken here sees the room that register will show.
    """
    for person_id in members_on(meeting):
        person = db.session.get(Person, person_id)
        assert person is not None
        name = person.full_name
        if place in APOLOGIES.get(name, {}) or place in ABSENT.get(name, set()):
            continue
        with step(meeting.starts_at + timedelta(minutes=5), secretary()):
            record_attendance(None, meeting, person, AttendanceStatus.PRESENT)


def _reports_item(meeting: Meeting) -> AgendaItem:
    return next(i for i in meeting.items if i.title.startswith("Reports from the sub-groups"))


def _approve(board: Board, meeting: Meeting, place: int, spec: Terms, today: date) -> None:
    subgroup = next(s for s in board.subgroups if s.code == spec.code)
    values: dict[str, Any] = {
        "purpose": spec.purpose,
        "membership": spec.membership,
        "chair": spec.chair,
        "quorum": spec.quorum,
        "meeting_frequency": spec.frequency,
        "reporting_every": spec.every,
        "reporting_basis": spec.basis,
        "review_on": today + timedelta(days=spec.review_in),
        "authorities": list(spec.authorities),
    }
    values["quorum_min_count"], values["quorum_category_minimums"] = QUORUMS[spec.code]
    writer = secretary()
    # Drafted with the sub-group a month before the board's meeting, approved at it.
    with step(meeting.starts_at - timedelta(days=30), writer):
        draft = operations.start_draft(None, subgroup, values)
    with step(meeting.starts_at + timedelta(minutes=110 + place), writer) as moment:
        decision = record_decision(
            None,
            _reports_item(meeting),
            DecisionDraft(
                resolution=f"Approve version {draft.version} of the terms of reference of the "
                f"{subgroup.name}.",
                rationale=REASON,
                alternatives=ALTERNATIVES,
            ),
            moment=moment,
        )
        operations.approve_terms(None, draft, decision)


def _finance_meeting(board: Board, today: date) -> int:
    """A Finance Sub-group meeting twelve days ago: one decision within its authority, and one
    over its limit that goes to the board's next meeting as a recommendation."""
    finance = next(s for s in board.subgroups if s.code == "FIN")
    day = today - timedelta(days=12)
    starts = local_datetime(day, time(16), finance.timezone)
    writer = secretary()
    with step(starts - timedelta(days=21), writer):
        meeting = meeting_ops.schedule_meeting(
            None,
            finance,
            {
                "title": "Finance Sub-group",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1, minutes=30),
                "location": "Northbank Children's Centre, Meeting Room 2",
                "online_url": "",
            },
        )
        for title in ("Crèche equipment", "Speech and language project: funding"):
            meeting_ops.save_item(
                None,
                meeting,
                None,
                {"title": title, "purpose": Purpose.DECISION, "confidential": False},
            )
    with step(starts - timedelta(days=14), writer) as noticed:
        meeting_ops.issue_notice(None, meeting, now=noticed)
    with step(meeting.ends_at, writer):
        meeting_ops.mark_held(None, meeting, now=meeting.ends_at)
    with step(starts + timedelta(minutes=5), writer):
        for person_id in members_on(meeting):
            person = db.session.get(Person, person_id)
            assert person is not None
            record_attendance(None, meeting, person, AttendanceStatus.PRESENT)
    equipment, project = meeting.items
    with step(starts + timedelta(minutes=20), writer) as moment:
        record_decision(
            None,
            equipment,
            DecisionDraft(
                resolution="Buy replacement soft-play mats for the crèche, up to £450.",
                rationale="The old mats failed the crèche's safety check, and the crèche "
                "budget line has room for them this year.",
                alternatives="Repairing the old mats, rejected: the supplier no longer makes "
                "the covers.",
                authority_kind=SPENDING,
                amount_committed=45_000,
            ),
            moment=moment,
        )
    with step(starts + timedelta(minutes=50), writer) as moment:
        record_decision(
            None,
            project,
            DecisionDraft(
                resolution="Fund the second year of the speech and language project for "
                "under-threes from the crèche underspend, £12,000.",
                rationale="The first year's results were good and the underspend will not be "
                "needed by the crèche before the new building opens.",
                alternatives="Returning the underspend to the Accountable Body, rejected "
                "because the project would stop in March.",
                authority_kind=SPENDING,
                amount_committed=1_200_000,
            ),
            moment=moment,
        )
    return 2


def _next_meetings(board: Board, today: date) -> None:
    """Each sub-group's next meeting in the diary, with notice given."""
    notice = datetime.combine(today, time(9), tzinfo=UTC)
    writer = secretary()
    for n, subgroup in enumerate(board.subgroups):
        starts = local_datetime(today + timedelta(days=9 + 7 * n), time(16), subgroup.timezone)
        with step(notice - timedelta(days=3), writer):
            meeting = meeting_ops.schedule_meeting(
                None,
                subgroup,
                {
                    "title": subgroup.name,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=1, minutes=30),
                    "location": "Northbank Children's Centre, Meeting Room 2",
                    "online_url": "",
                },
            )
            for title, purpose in (
                ("Apologies and minutes of the last meeting", Purpose.DECISION),
                ("Report to the Partnership Board", Purpose.DISCUSSION),
            ):
                item = {"title": title, "purpose": purpose, "confidential": False}
                meeting_ops.save_item(None, meeting, None, item)
        with step(notice, writer):
            meeting_ops.issue_notice(None, meeting, now=notice)


def seed_subgroups(board: Board, today: date) -> dict[str, int]:
    """Terms of reference for every sub-group, their reports, and a waiting recommendation."""
    first_message = db.session.execute(sa.select(sa.func.max(OutboxMessage.id))).scalar() or 0
    held = list(
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.board_id == board.id, Meeting.status == MeetingStatus.HELD)
            .order_by(Meeting.starts_at)
        ).scalars()
    )
    approvals = 0
    for spec in TERMS:
        if spec.meeting < len(held):
            meeting = held[spec.meeting]
            _quorate(meeting, spec.meeting)
            _approve(board, meeting, spec.meeting, spec, today)
            approvals += 1
    by_code = {s.code: s for s in board.subgroups}
    for code, place, summary in REPORTS:
        if place < len(held):
            item = _reports_item(held[place])
            with step(item.meeting.starts_at + timedelta(minutes=100), secretary()):
                operations.record_report(None, by_code[code], item, summary)
    decisions = _finance_meeting(board, today)
    _next_meetings(board, today)
    # Notices of the sub-group meetings were never sent: the demo is loaded after the fact.
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > first_message))
    return {"terms_approved": approvals, "subgroup_decisions": decisions}


def correct_finance_register(board: Board, secretary_person: Person) -> int:
    """The secretary corrects the Finance Sub-group's register after its decisions were
    recorded: a member marked present had sent apologies. Each decision keeps what it counted;
    its trail shows the correction. Returns the corrections made."""
    finance = next(s for s in board.subgroups if s.code == "FIN")
    meeting = (
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.board_id == finance.id, Meeting.status == MeetingStatus.HELD)
            .order_by(Meeting.starts_at.desc())
        )
        .scalars()
        .first()
    )
    if meeting is None:
        return 0
    name, reason = FINANCE_CORRECTION
    person = db.session.execute(sa.select(Person).where(Person.full_name == name)).scalar_one()
    secretary = db.session.execute(
        sa.select(User).where(User.person_id == secretary_person.id)
    ).scalar_one_or_none()
    record_attendance(
        secretary, meeting, person, AttendanceStatus.APOLOGIES, correction_reason=reason
    )
    return 1

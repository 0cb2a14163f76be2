"""Give the browser tests' demo database two recent held meetings of the Partnership Board.

The app has no page for recording that a meeting took place (meetings become "held" only
through `mark_held`), so the journeys that start from a held meeting get one here:

- a special meeting a fortnight ago with its record made: attendance, papers circulated on
  time (one on a confidential item), and a decision relying on a paper (journeys 4 and 5);
- an extraordinary meeting last week with nothing recorded yet (journey 3).

Run with the same environment as the server; prints what it made as one line of JSON.
"""

from __future__ import annotations

import io
import json
from datetime import date, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from governance import create_app
from governance.attendance.models import AttendanceStatus
from governance.attendance.operations import record_attendance
from governance.attendance.queries import members_on
from governance.boards.models import Board, OfficerRole, Person
from governance.clock import today
from governance.database import utcnow
from governance.decisions.models import DecisionMethod
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.meetings import operations
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.meetings.rules import local_datetime
from governance.minutes.models import Minutes, MinutesStatus
from governance.papers import circulation
from governance.papers.files import storage
from governance.papers.models import PaperVersion
from governance.papers.operations import upload_paper

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _meeting(board: Board, day: date, title: str, items: list[tuple[str, Purpose, bool]]):
    meeting = operations.schedule_meeting(
        None,
        board,
        {
            "title": title,
            "starts_at": local_datetime(day, time(18), board.timezone),
            "ends_at": local_datetime(day, time(19, 30), board.timezone),
            "location": "Northbank Children's Centre, Training Room",
            "online_url": "",
        },
    )
    for item_title, purpose, confidential in items:
        operations.save_item(
            None,
            meeting,
            None,
            {
                "title": item_title,
                "purpose": purpose,
                "presenter": "Programme manager",
                "minutes_allotted": 20,
                "confidential": confidential,
            },
        )
    operations.issue_notice(None, meeting, now=meeting.starts_at - timedelta(days=14))
    return meeting


def _paper(item: AgendaItem, title: str, summary: str) -> PaperVersion:
    content = PDF.replace(b"%%EOF", f"% {title}\n%%EOF".encode())
    root = Path(current_app.config["STORAGE_PATH"])
    stored = storage.store(io.BytesIO(content), root, 5 * 1024 * 1024)
    return upload_paper(None, item, title, None, stored, "paper.pdf", summary)


#: The meeting under way when the browser tests run, where journey 3 approves the minutes
#: (a decision is recorded only once its meeting has started).
UNDER_WAY = "Short meeting: approval of minutes"


def _meeting_under_way(board: Board) -> Meeting:
    """A short meeting of the board that began half an hour ago, its notice given in time."""
    starts = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=30)
    meeting = operations.schedule_meeting(
        None,
        board,
        {
            "title": UNDER_WAY,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "location": "Northbank Children's Centre, Training Room",
            "online_url": "",
        },
    )
    for title, purpose in (
        ("Apologies and declarations of interest", Purpose.INFORMATION),
        ("Minutes of the last meeting and matters arising", Purpose.DECISION),
    ):
        operations.save_item(
            None,
            meeting,
            None,
            {
                "title": title,
                "purpose": purpose,
                "presenter": "Chair",
                "minutes_allotted": 10,
                "confidential": False,
            },
        )
    operations.issue_notice(None, meeting, now=starts - timedelta(days=14))
    return meeting


def arrange() -> dict[str, int]:
    """The two held meetings and the special meeting's record; returns their ids."""
    board = db.session.execute(sa.select(Board).where(Board.code == "PB")).scalar_one()
    chair = next(o.person for o in board.officers if o.role is OfficerRole.CHAIR)
    now = today(board.timezone)
    special = _meeting(
        board,
        now - timedelta(days=13),
        "Special meeting: children's centre opening hours",
        [
            ("Apologies and declarations of interest", Purpose.INFORMATION, False),
            ("Children's centre opening hours", Purpose.DECISION, False),
            ("Parenting course tender scores", Purpose.DISCUSSION, True),
        ],
    )
    hours = _paper(
        special.items[1],
        "Opening hours consultation",
        "Parents asked for a late opening on Thursdays; the board is asked to agree a trial.",
    )
    tender = _paper(
        special.items[2],
        "Tender evaluation scores",
        "How the panel scored the three bids for the parenting course.",
    )
    deadline = circulation.timing(special).deadline
    circulation.circulate(
        None, special, [hours, tender], include_agenda=True, now=deadline - timedelta(days=2)
    )
    operations.mark_held(None, special, now=special.ends_at)
    for person_id in members_on(special):
        person = db.session.get(Person, person_id)
        assert person is not None
        record_attendance(None, special, person, AttendanceStatus.PRESENT)
    decision = record_decision(
        None,
        special.items[1],
        DecisionDraft(
            resolution="Open the children's centre until 7pm on Thursdays for a six-month "
            "trial from January.",
            rationale="Working parents told the consultation that they cannot reach the "
            "centre before it closes at 5pm; Thursday had the most requests.",
            alternatives="Opening on Saturday mornings: rejected, as the building is let to "
            "the church then. Doing nothing: rejected, as it leaves working parents out.",
            method=DecisionMethod.CONSENSUS,
            relied_on=[hours],
        ),
        moment=special.starts_at + timedelta(minutes=30),
    )
    extraordinary = _meeting(
        board,
        now - timedelta(days=6),
        "Extraordinary meeting: parenting course",
        [
            ("Apologies and declarations of interest", Purpose.INFORMATION, False),
            ("Commissioning a parenting course", Purpose.DECISION, False),
            ("Any other business", Purpose.INFORMATION, False),
        ],
    )
    operations.mark_held(None, extraordinary, now=extraordinary.ends_at)
    upcoming = (
        db.session.execute(
            sa.select(Meeting.id)
            .where(
                Meeting.board_id == board.id,
                Meeting.status == MeetingStatus.NOTICE_ISSUED,
                Meeting.starts_at > utcnow(),
            )
            .order_by(Meeting.starts_at)
        )
        .scalars()
        .first()
    )
    in_progress = _meeting_under_way(board)
    db.session.commit()
    approved = db.session.execute(
        sa.select(Minutes.meeting_id)
        .join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(Meeting.board_id == board.id, Minutes.status == MinutesStatus.APPROVED)
        .order_by(Meeting.starts_at.desc())
    ).scalars()
    # The demo's latest minutes, corrected after circulation: the draft of version 2.
    changed = db.session.execute(
        sa.select(Minutes.meeting_id)
        .join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(
            Meeting.board_id == board.id,
            Minutes.status == MinutesStatus.DRAFT,
            Minutes.changed_at.is_not(None),  # a draft never circulated is not members' yet
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    approved_id = approved.first() or special.id
    return {
        "board": board.id,
        "upcoming": upcoming or special.id,
        "in_progress": in_progress.id,
        "approved_minutes": approved_id,
        # (None when the latest meeting is too recent for its minutes to have gone out.)
        "changed_minutes": changed or approved_id,
        "special": special.id,
        "special_decision": decision.id,
        "special_paper": hours.paper_id,
        "confidential_paper": tender.paper_id,
        "extraordinary": extraordinary.id,
        "chair": chair.id,
    }


if __name__ == "__main__":
    app = create_app()
    with app.app_context():
        print(json.dumps(arrange()))

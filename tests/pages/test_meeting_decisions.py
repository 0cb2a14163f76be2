"""The meeting page lists a decision under its item only to those whose own page for the decision
would open: a decision taken while its item was confidential is never published, so a visitor
to a public board does not read it on the meeting page after the item is opened up either."""

from __future__ import annotations

from datetime import UTC, datetime

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions import operations
from governance.decisions.models import DecisionMethod
from governance.decisions.operations import DecisionDraft
from governance.extensions import db
from governance.meetings import operations as meeting_ops
from governance.meetings.models import Purpose
from tests.conftest import start_meeting

REASON = "The figures were reviewed line by line and agreed as fair to every partner."


def test_visitor_meeting_page_omits_a_decision_taken_in_confidence(client, world, make_meeting):
    meeting = make_meeting(world.public_board, items=("Staffing",), notice=True)
    item = meeting.items[0]
    meeting_ops.save_item(
        None,
        meeting,
        item,
        {"title": "Staffing", "purpose": Purpose.DECISION, "confidential": True},
    )
    start_meeting(meeting)
    db.session.add(
        Attendance(
            meeting=meeting, person_id=world.plain_person.id, status=AttendanceStatus.PRESENT
        )
    )
    db.session.flush()
    decision = operations.record_decision(
        None,
        item,
        DecisionDraft(
            resolution="Restructure the outreach team in confidence.",
            rationale=REASON,
            alternatives="Leaving the team as it is, rejected as unaffordable.",
            method=DecisionMethod.CONSENSUS,
        ),
        moment=datetime.now(UTC),
    )
    meeting_ops.save_item(
        None,
        meeting,
        item,
        {"title": "Staffing", "purpose": Purpose.DECISION, "confidential": False},
    )
    db.session.flush()
    assert not decision.published
    assert client.get(f"/decisions/{decision.id}").status_code == 401
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Staffing" in page
    assert "Restructure the outreach team" not in page and decision.number not in page

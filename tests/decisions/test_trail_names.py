"""The audit events on a decision's trail name who made them, as the audit log does."""

from __future__ import annotations

from datetime import timedelta

from governance.attendance.models import AttendanceStatus
from governance.attendance.operations import record_attendance
from governance.decisions import operations
from governance.decisions.models import DecisionMethod
from governance.decisions.operations import DecisionDraft
from governance.extensions import db


def test_the_trail_names_the_person_who_recorded_the_decision(client, login, started_world):
    w = started_world
    secretary = w.users["secretary"]
    for role in ("member", "parent"):
        record_attendance(None, w.meeting, w.users[role].person, AttendanceStatus.PRESENT)
    decision = operations.record_decision(
        secretary,
        w.item,
        DecisionDraft(
            resolution="Agree the budget for 2027.",
            rationale="The budget keeps every service running through the year.",
            alternatives="Cutting outreach, rejected as it reaches families first.",
            method=DecisionMethod.CONSENSUS,
        ),
        moment=w.meeting.starts_at + timedelta(minutes=30),
    )
    db.session.commit()
    login(w.users["auditor"])

    page = client.get(f"/decisions/{decision.id}").get_data(as_text=True)

    assert f'<span title="user {secretary.id}">Secretary</span>' in page
    assert f"<td>user {secretary.id}</td>" not in page

"""Attendance changed after a decision was recorded: a warning first, then a correction the
decision's trail shows, never a silent rewrite of what the decision counted."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from governance.attendance import operations as attendance
from governance.attendance.models import Attendance, AttendanceCorrection, AttendanceStatus
from governance.decisions import operations, queries
from governance.decisions.operations import DecisionDraft
from governance.errors import DomainError
from governance.extensions import db
from tests.conftest import start_meeting

REASON = "The underspend pays for the outreach worker until March, so no new money is needed."


def text(response) -> str:
    return response.get_data(as_text=True)


def status_of(meeting, person) -> AttendanceStatus:
    db.session.expire_all()
    return db.session.execute(
        sa.select(Attendance.status).where(
            Attendance.meeting_id == meeting.id, Attendance.person_id == person.id
        )
    ).scalar_one()


def corrections() -> list[AttendanceCorrection]:
    return list(db.session.execute(sa.select(AttendanceCorrection)).scalars())


def local(moment) -> str:
    return moment.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M")


@pytest.fixture
def w(agenda_world):
    """The meeting, held yesterday from 10:00 (clear of midnight), member and parent present,
    and a decision that counted both."""
    w = agenda_world
    now = datetime.now(UTC)
    yesterday_ten = datetime.combine(now.date() - timedelta(days=1), time(10), tzinfo=UTC)
    start_meeting(w.meeting, minutes_ago=int((now - yesterday_ten).total_seconds() // 60))
    for who in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=w.meeting, person_id=w.users[who].person.id, status=AttendanceStatus.PRESENT
            )
        )
    db.session.flush()
    w.decision = operations.record_decision(
        None,
        w.item,
        DecisionDraft(resolution="Agree the budget.", rationale=REASON, alternatives="None fit."),
        moment=w.meeting.starts_at + timedelta(minutes=10),
    )
    return w


def register(w, parent_status: str, **extra: str) -> dict[str, str]:
    return {
        f"status_{w.users['member'].person.id}": "present",
        f"status_{w.users['parent'].person.id}": parent_status,
        **extra,
    }


def test_a_change_that_uncounts_someone_is_warned_of_and_not_saved(client, login, w):
    parent = w.users["parent"].person
    login(w.users["secretary"])
    response = client.post(f"/meetings/{w.meeting.id}/attendance", data=register(w, "apologies"))
    assert response.status_code == 400
    page = text(response)
    assert w.decision.number in page and "Parent" in page
    assert "would no longer be counted" in page
    assert "Give the reason for the correction" in page
    # The form comes back as entered, and nothing was saved.
    assert re.search(r'<option selected value="apologies">', page)
    assert status_of(w.meeting, parent) is AttendanceStatus.PRESENT
    assert corrections() == []


def test_with_a_reason_the_change_is_saved_as_a_correction_the_trail_shows(client, login, w):
    parent = w.users["parent"].person
    login(w.users["secretary"])
    data = register(
        w, "apologies", correction_reason="She sent apologies by phone; marked present in error."
    )
    response = client.post(f"/meetings/{w.meeting.id}/attendance", data=data)
    assert response.status_code == 302, text(response)
    assert status_of(w.meeting, parent) is AttendanceStatus.APOLOGIES
    (correction,) = corrections()
    assert correction.reason == "She sent apologies by phone; marked present in error."
    assert correction.corrected_by_id == w.users["secretary"].id
    assert correction.changes[0]["person_id"] == parent.id
    assert correction.changes[0]["before"]["status"] == "present"
    assert correction.changes[0]["after"]["status"] == "apologies"
    assert correction.decisions[0]["number"] == w.decision.number
    # What the decision counted is never rewritten.
    db.session.refresh(w.decision)
    assert parent.id in w.decision.quorum_snapshot["counted_person_ids"]

    events = [e.action for e in queries.trail_events(w.decision)]
    assert "attendance.correct" in events

    trail = text(client.get(f"/decisions/{w.decision.id}"))
    assert "Attendance corrected after this decision" in trail
    assert "She sent apologies by phone; marked present in error." in trail
    assert "Present → Apologies" in trail and "Secretary" in trail


def test_a_change_that_leaves_the_count_alone_needs_no_reason(client, login, w):
    parent = w.users["parent"].person
    login(w.users["secretary"])
    left = local(w.meeting.starts_at + timedelta(minutes=40))
    data = register(w, "present", **{f"departed_at_{parent.id}": left})
    response = client.post(f"/meetings/{w.meeting.id}/attendance", data=data)
    assert response.status_code == 302, text(response)
    assert corrections() == []


def test_the_operation_refuses_an_unexplained_change_to_who_was_counted(w):
    parent = w.users["parent"].person
    entry = attendance.RegisterEntry(parent, AttendanceStatus.ABSENT)
    with pytest.raises(DomainError) as refused:
        attendance.record_register(None, w.meeting, [entry])
    assert refused.value.field == "correction_reason"
    assert w.decision.number in refused.value.message


def test_a_deputy_added_after_a_decision_is_a_correction_too(w, make_person):
    # Recorded as deputising for the whole meeting, the deputy would have been counted.
    parent = w.users["parent"].person
    row = db.session.execute(
        sa.select(Attendance).where(Attendance.person_id == parent.id)
    ).scalar_one()
    row.status = AttendanceStatus.APOLOGIES
    db.session.flush()
    deputy = make_person(full_name="Dee Puty")
    with pytest.raises(DomainError, match=w.decision.number):
        attendance.record_attendance(
            None, w.meeting, deputy, AttendanceStatus.DEPUTY, deputy_for=parent
        )

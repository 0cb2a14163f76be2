"""The decision form of a past meeting shows the quorum at the decision's time, as the record
will, and offers named votes only to those who may vote."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.attendance.models import Attendance, AttendanceStatus
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction
from tests.conftest import start_meeting


def text(response) -> str:
    return response.get_data(as_text=True)


def local(moment) -> str:
    return moment.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M")


@pytest.fixture
def w(agenda_world):
    """A meeting that ended an hour ago: the parent left half-way; the observer stayed."""
    w = agenda_world
    # Yesterday from 10:00 to 12:00 (UTC, which is London's time in winter): clear of midnight.
    now = datetime.now(UTC)
    yesterday_ten = datetime.combine(now.date() - timedelta(days=1), time(10), tzinfo=UTC)
    start_meeting(w.meeting, minutes_ago=int((now - yesterday_ten).total_seconds() // 60))
    starts = w.meeting.starts_at
    rows = {
        "member": Attendance(status=AttendanceStatus.PRESENT),
        "parent": Attendance(
            status=AttendanceStatus.PRESENT, departed_at=starts + timedelta(hours=1)
        ),
        "observer": Attendance(status=AttendanceStatus.PRESENT),
    }
    for who, row in rows.items():
        row.meeting, row.person_id = w.meeting, w.users[who].person.id
        db.session.add(row)
    db.session.flush()
    return w


def quorum_section(page: str) -> str:
    found = re.search(r'<section aria-labelledby="quorum-now">(.*?)</section>', page, re.S)
    assert found, page
    return found.group(1)


def named_voters(page: str) -> set[str]:
    return set(re.findall(r'<label for="vote-\d+">([^<]+)</label>', page))


def test_a_past_meetings_form_shows_the_quorum_at_the_time_given(client, login, w):
    login(w.users["secretary"])
    at = local(w.meeting.starts_at + timedelta(minutes=30))
    # Refused for want of a resolution, the form comes back with the quorum at 30 minutes in.
    response = client.post(
        f"/items/{w.item.id}/decisions/new",
        data={"taken_time": at, "method": "consensus", "rationale": "", "resolution": ""},
    )
    assert response.status_code == 400
    section = quorum_section(text(response))
    assert f"at {at}" in section
    assert "Member" in section and "Parent" in section
    assert "2 voting members counted" in section


def test_without_a_time_a_past_meetings_form_asks_for_one_rather_than_using_now(client, login, w):
    login(w.users["secretary"])
    section = quorum_section(text(client.get(f"/items/{w.item.id}/decisions/new")))
    assert "Give the time the board took this decision" in section
    assert "Quorum now" not in section


def test_the_quorum_can_be_checked_at_a_time_without_recording(client, login, w):
    login(w.users["secretary"])
    at = local(w.meeting.starts_at + timedelta(minutes=90))
    response = client.post(
        f"/items/{w.item.id}/decisions/new",
        data={"taken_time": at, "check_quorum": "Show the quorum at this time"},
    )
    assert response.status_code == 200
    page = text(response)
    section = quorum_section(page)
    assert "1 voting member counted" in section and "Parent" not in section
    assert "is required" not in page  # nothing was refused: only the quorum was checked
    assert named_voters(page) == {"Member"}


def test_named_votes_are_offered_only_to_those_who_may_vote(client, login, w):
    db.session.add(
        Declaration(
            item=w.item,
            person_id=w.users["member"].person.id,
            nature="Trustee of Little Steps",
            action=DeclarationAction.WITHDREW,
        )
    )
    db.session.flush()
    login(w.users["secretary"])
    at = local(w.meeting.starts_at + timedelta(minutes=30))
    response = client.post(
        f"/items/{w.item.id}/decisions/new",
        data={"taken_time": at, "check_quorum": "Show the quorum at this time"},
    )
    # The observer has no vote; the member withdrew under a declared interest.
    assert named_voters(text(response)) == {"Parent"}

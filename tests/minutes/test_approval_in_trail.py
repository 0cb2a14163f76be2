"""The decision that approved a meeting's minutes says, on its trail and in its evidence
record, which version of which meeting's minutes it approved."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from governance.attendance.models import AttendanceStatus
from governance.extensions import db
from governance.minutes import operations as ops
from tests.minutes.test_minutes import Record, approving_decision, attend, build_record


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def record(world, make_meeting, make_version, make_person) -> Record:
    return build_record(world, make_meeting, make_version, make_person)


@pytest.fixture
def approved(world, record, make_person):
    """Version 1 circulated, the register changed, version 2 circulated and approved."""
    minutes = ops.minutes_for(record.meeting)
    ops.circulate_minutes(None, minutes)
    attend(
        record.meeting,
        make_person(full_name="Gita Standin"),
        AttendanceStatus.DEPUTY,
        seat=world.parent_seat,
        deputy_for=world.plain_person,
    )
    db.session.flush()
    ops.circulate_minutes(None, minutes)
    approving = approving_decision(world, record)
    ops.approve_minutes(None, minutes, approving)
    db.session.flush()
    return minutes, approving


def test_the_approving_decisions_trail_names_the_version_and_meeting_it_approved(
    client, login, world, record, approved
):
    minutes, approving = approved
    login(world.users["member"])
    page = text(client.get(f"/decisions/{approving.id}"))
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    title = record.meeting.title
    assert f"Approved version 2 of the minutes of {title}, 10 November 2026" in said
    assert minutes.approved_sha256 in page
    assert f"/meetings/{record.meeting.id}/minutes" in page


def test_a_decision_that_approved_no_minutes_says_nothing_of_approving_them(
    client, login, world, record, approved
):
    login(world.users["member"])
    page = text(client.get(f"/decisions/{record.decisions[0].id}"))
    assert "Approved version" not in page


def test_the_evidence_record_of_the_approving_decision_names_the_version_approved(
    client, login, world, record, approved
):
    minutes, approving = approved
    login(world.users["auditor"])
    response = client.get(f"/decisions/{approving.id}/evidence.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("decision.json"))["approves_minutes"]
    assert data["version"] == 2 and data["sha256"] == minutes.approved_sha256
    assert data["meeting"]["id"] == record.meeting.id
    html = archive.read("decision.html").decode()
    assert "Approved version 2 of the minutes of" in html and minutes.approved_sha256 in html

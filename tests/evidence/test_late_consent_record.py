"""A decision that relied on a late paper shows why it was late and who consented, when and how,
on the trail, in decision.json, decision.html and the CSV; the pack carries SHA256SUMS of its own
files and the approved minutes' text."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.meetings import operations as meeting_ops
from governance.meetings.models import Purpose
from governance.minutes import operations as minutes_ops
from governance.papers import consent
from governance.papers.files import storage
from governance.papers.operations import add_version
from tests.conftest import PDF

LATE = "The Accountable Body's figures arrived after the deadline."
REASON = "The paper showed the shortfall, and members agreed the figures were sound."
ALTERNATIVES = "Cutting outreach instead, rejected because families would lose the service."


@pytest.fixture
def w(started_world, app):
    """A decision relying on version 2 of the budget report, circulated late with the chair's
    consent recorded by the secretary on the chair's word."""
    w = started_world
    stored = storage.store(io.BytesIO(PDF + b"%v2"), Path(app.config["STORAGE_PATH"]), 1_000_000)
    w.late_version = add_version(None, w.paper, stored, "budget-v2.pdf", "Revised figures.")
    consent.record_chairs_word(
        w.users["secretary"],
        w.meeting,
        [w.late_version],
        include_agenda=False,
        reason=LATE,
        chair=w.users["chair"].person,
    )
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=w.meeting,
                person_id=w.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    w.decision = record_decision(
        None,
        w.item,
        DecisionDraft(resolution="Agree the budget.", rationale=REASON, alternatives=ALTERNATIVES),
        moment=datetime.now(UTC).replace(microsecond=0),
    )
    db.session.commit()
    return w


def _late_paper(record: dict) -> dict:
    [paper] = [p for p in record["papers"] if p["late"]]
    return paper


def test_the_trail_shows_the_late_reason_and_the_consent_with_how_it_was_given(client, login, w):
    login(w.users["auditor"])
    page = client.get(f"/decisions/{w.decision.id}").get_data(as_text=True)
    page = page.replace("&#39;", "'")
    assert LATE in page
    assert "Chair" in page and "recorded by the secretary on the chair's word" in page


def _pack(client, w) -> zipfile.ZipFile:
    response = client.get(f"/decisions/{w.decision.id}/evidence.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def test_decision_json_and_html_carry_the_reason_and_the_consent(client, login, w):
    login(w.users["auditor"])
    pack = _pack(client, w)
    record = json.loads(pack.read("decision.json"))
    paper = _late_paper(record)
    assert paper["late_reason"] == LATE
    assert paper["consent"]["by"] == "Chair"
    assert paper["consent"]["person_id"] == w.users["chair"].person_id
    assert paper["consent"]["via"] == "secretary"
    assert paper["consent"]["at"]
    html = pack.read("decision.html").decode().replace("&#39;", "'")
    assert LATE in html and "recorded by the secretary on the chair's word" in html


def test_the_pack_lists_the_sha256_of_each_of_its_files(client, login, w):
    login(w.users["auditor"])
    pack = _pack(client, w)
    sums = {}
    for line in pack.read("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    names = set(pack.namelist()) - {"SHA256SUMS"}
    assert set(sums) == names
    for name in names:
        assert hashlib.sha256(pack.read(name)).hexdigest() == sums[name], name


def test_the_register_csv_names_the_late_reason_and_the_consent(client, login, w):
    login(w.users["auditor"])
    day = w.decision.taken_at.date()
    response = client.get(
        f"/decisions.csv?board_id={w.board.id}&taken_from={day - timedelta(days=1)}"
        f"&taken_to={day + timedelta(days=1)}"
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    [row] = [r for r in rows if r["number"] == w.decision.number]
    assert LATE in row["late_papers"]
    assert "Chair" in row["late_consent"] and "on the chair's word" in row["late_consent"]


def _approve_minutes(w):
    """Hold the meeting, circulate its minutes and approve them at a later meeting."""
    from governance.meetings.models import MeetingStatus

    meeting_ops.mark_held(None, w.meeting)
    minutes = minutes_ops.minutes_for(w.meeting)
    minutes_ops.circulate_minutes(None, minutes)
    starts = w.meeting.starts_at + timedelta(minutes=30)
    later = meeting_ops.schedule_meeting(
        None,
        w.board,
        {
            "title": "Board meeting",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "location": "",
            "online_url": "",
        },
    )
    meeting_ops.save_item(
        None, later, None, {"title": "Minutes", "purpose": Purpose.DECISION, "confidential": False}
    )
    later.status = MeetingStatus.NOTICE_ISSUED
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=later, person_id=w.users[role].person.id, status=AttendanceStatus.PRESENT
            )
        )
    db.session.flush()
    approving = record_decision(
        None,
        later.items[0],
        DecisionDraft(
            resolution="Approve the minutes.", rationale=REASON, alternatives=ALTERNATIVES
        ),
        moment=starts + timedelta(minutes=5),
    )
    minutes_ops.approve_minutes(None, minutes, approving)
    db.session.commit()
    return minutes


def test_the_pack_holds_the_approved_minutes_text_matching_its_recorded_hash(client, login, w):
    minutes = _approve_minutes(w)
    login(w.users["auditor"])
    pack = _pack(client, w)
    text = pack.read("minutes.txt")
    assert hashlib.sha256(text).hexdigest() == minutes.approved_sha256
    assert "minutes.txt" in pack.read("SHA256SUMS").decode()
    assert "recorded when they were approved" in pack.read("README.txt").decode()


def test_the_boards_pack_lists_its_files_and_the_meetings_approved_minutes(client, login, w):
    minutes = _approve_minutes(w)
    login(w.users["auditor"])
    day = w.decision.taken_at.date()
    response = client.get(
        f"/decisions/evidence.zip?board_id={w.board.id}&taken_from={day - timedelta(days=1)}"
        f"&taken_to={day + timedelta(days=1)}"
    )
    assert response.status_code == 200
    pack = zipfile.ZipFile(io.BytesIO(response.get_data()))
    sums = dict(
        reversed(line.split("  ", 1)) for line in pack.read("SHA256SUMS").decode().splitlines()
    )
    assert set(sums) == set(pack.namelist()) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(pack.read(name)).hexdigest() == digest, name
    [name] = [n for n in pack.namelist() if n.startswith("minutes/")]
    assert sums[name] == minutes.approved_sha256
    register = pack.read("register.csv").decode("utf-8-sig")
    assert LATE in register

"""The register's CSV and JSON: declarations, withdrawals and quorum counts, times where the
board meets, and yes/no in the CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.interests.models import Declaration, DeclarationAction

REASON = "The paper showed the shortfall, and members agreed the figures were sound."


@pytest.fixture
def w(started_world):
    """A decision the parent withdrew from under a declared interest; the board meets in Paris."""
    w = started_world
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=w.meeting,
                person_id=w.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.add(
        Declaration(
            item=w.item,
            person_id=w.users["parent"].person.id,
            nature="Trustee of Little Steps",
            action=DeclarationAction.WITHDREW,
        )
    )
    db.session.flush()
    w.decision = record_decision(
        None,
        w.item,
        DecisionDraft(resolution="Agree the budget.", rationale=REASON, alternatives="None."),
        moment=w.meeting.starts_at + timedelta(minutes=10),
    )
    w.board.timezone = "Europe/Paris"
    db.session.flush()
    return w


def csv_row(client) -> dict[str, str]:
    body = client.get("/decisions.csv").data.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    return row


def test_the_csv_has_declarations_withdrawals_and_quorum_counts(client, login, w):
    login(w.users["auditor"])
    row = csv_row(client)
    assert row["declarations"] == "Parent: Trustee of Little Steps (Withdrew from the item)"
    assert row["withdrawn"] == "Parent"
    assert (row["quorum_counted"], row["quorum_required"]) == ("1", "1")
    assert row["filled_voting_seats"] == "2"


def test_the_csv_says_yes_and_no_and_gives_times_where_the_board_meets(client, login, w):
    login(w.users["auditor"])
    row = csv_row(client)
    assert (row["quorate"], row["is_recommendation"], row["published"]) == ("yes", "no", "yes")
    taken = w.decision.taken_at.astimezone(ZoneInfo("Europe/Paris"))
    assert row["taken_at"] == taken.isoformat()
    assert row["taken_at"].endswith("+01:00")
    assert row["meeting_starts_at"].endswith("+01:00")


def test_the_json_twin_has_the_same_additions(client, login, w):
    login(w.users["auditor"])
    (row,) = json.loads(client.get("/decisions.json").data)
    assert row["declarations"] == [
        {"name": "Parent", "nature": "Trustee of Little Steps", "action": "Withdrew from the item"}
    ]
    assert row["withdrawn"] == ["Parent"]
    assert (row["quorum_counted"], row["quorum_required"]) == (1, 1)
    assert row["quorate"] is True
    assert row["taken_at"].endswith("+01:00")


def test_the_board_packs_register_has_the_same_columns_and_words(client, login, w):
    import zipfile

    day = w.meeting.starts_at.date()
    login(w.users["auditor"])
    response = client.get(
        "/decisions/evidence.zip",
        query_string={
            "board_id": str(w.board.id),
            "taken_from": str(day - timedelta(days=1)),
            "taken_to": str(day + timedelta(days=1)),
        },
    )
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    (row,) = csv.DictReader(io.StringIO(archive.read("register.csv").decode("utf-8-sig")))
    assert (row["quorate"], row["withdrawn"], row["quorum_counted"]) == ("yes", "Parent", "1")
    assert row["declarations"] == "Parent: Trustee of Little Steps (Withdrew from the item)"

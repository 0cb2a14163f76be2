"""No access by guessing ids: another board's objects and confidential business, as every role;
and paper downloads that never reach outside the storage.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath

import pytest
from flask import current_app

from governance.actions import operations as action_ops
from governance.attendance.models import AttendanceStatus
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.meetings import operations as meeting_ops
from governance.meetings.models import MeetingStatus, Purpose
from governance.models import Attendance
from tests.conftest import PDF, World, audit_count
from tests.test_permissions_by_route import ALTERNATIVES, REASON, ROLES, _quorate, row_counts

#: Only these may see the other board: it is not theirs, except for the outsider who sits on it.
FOREIGN_VIEWERS = {"admin", "auditor", "outsider"}
#: Confidential business: voting members, the chair and secretary, administrators, auditors.
CONFIDENTIAL_VIEWERS = {"admin", "auditor", "secretary", "chair", "member", "parent"}


def foreign(w: World) -> World:
    """Once per world: a meeting of the other board, begun an hour ago (decisions wait for the
    start), with a paper, a decision and an action."""
    if getattr(w, "foreign_meeting", None) is not None:
        return w
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    m = meeting_ops.schedule_meeting(
        None,
        w.other_board,
        {
            "title": "Elsewhere meeting",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "location": "Elsewhere",
            "online_url": "",
        },
    )
    item = meeting_ops.save_item(
        None,
        m,
        None,
        {"title": "Elsewhere budget", "purpose": Purpose.DECISION, "confidential": False},
    )
    m.status = MeetingStatus.NOTICE_ISSUED
    db.session.add(
        Attendance(
            meeting=m, person_id=w.users["outsider"].person.id, status=AttendanceStatus.PRESENT
        )
    )
    # The stored file of the world's paper serves for this one too.
    from pathlib import Path

    from governance.papers.files.storage import StoredFile, path_for
    from governance.papers.operations import upload_paper

    root = Path(current_app.config["STORAGE_PATH"])
    path = path_for(root, w.version.sha256)
    stored = StoredFile(w.version.sha256, w.version.size, w.version.media_type, path)
    version = upload_paper(None, item, "Elsewhere report", None, stored, "else.pdf", "Theirs.")
    version.circulated_at = starts - timedelta(days=20)
    db.session.flush()
    w.foreign_meeting, w.foreign_item, w.foreign_version = m, item, version
    w.foreign_decision = record_decision(
        None,
        item,
        DecisionDraft(resolution="Agree theirs.", rationale=REASON, alternatives=ALTERNATIVES),
        moment=starts + timedelta(minutes=10),
    )
    m.status = MeetingStatus.HELD
    w.foreign_action = action_ops.create_action(
        None, w.other_board, "Their action", w.users["outsider"].person, starts.date(), item=item
    )
    db.session.flush()
    return w


FOREIGN_PAGES = {
    "board": lambda w: f"/boards/{w.other_board.id}",
    "meetings": lambda w: f"/boards/{w.other_board.id}/meetings",
    "meeting": lambda w: f"/meetings/{w.foreign_meeting.id}",
    "attendance": lambda w: f"/meetings/{w.foreign_meeting.id}/attendance",
    "meeting calendar": lambda w: f"/meetings/{w.foreign_meeting.id}/calendar.ics",
    "board calendar": lambda w: f"/boards/{w.other_board.id}/calendar.ics",
    "paper": lambda w: f"/papers/{w.foreign_version.paper.id}",
    "download": lambda w: f"/versions/{w.foreign_version.id}/download",
    "pack": lambda w: f"/meetings/{w.foreign_meeting.id}/pack.zip",
    "decision": lambda w: f"/decisions/{w.foreign_decision.id}",
    "minutes": lambda w: f"/meetings/{w.foreign_meeting.id}/minutes",
    "actions": lambda w: f"/boards/{w.other_board.id}/actions",
    "compliance": lambda w: f"/boards/{w.other_board.id}/compliance",
    "board attendance": lambda w: f"/boards/{w.other_board.id}/attendance",
    "matters arising": lambda w: f"/meetings/{w.foreign_meeting.id}/matters-arising",
}


def expected_refusal(role: str) -> tuple[int, ...]:
    return (401,) if role == "anonymous" else (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(FOREIGN_PAGES))
def test_another_boards_object_is_not_reached_by_its_id(page, role, client, agenda_world, login):
    """ASVS 4.2.1, 4.1.3: an object of a board the user has no part in is refused (IDOR)."""
    w = foreign(agenda_world)
    if role != "anonymous":
        login(w.users[role])
    response = client.get(FOREIGN_PAGES[page](w))
    response.close()
    # Minutes not yet circulated are for officers, administrators and auditors only.
    viewers = FOREIGN_VIEWERS - {"outsider"} if page == "minutes" else FOREIGN_VIEWERS
    if role in viewers:
        assert response.status_code == 200, (page, role)
    else:
        assert response.status_code in expected_refusal(role), (page, role, response.status_code)
        assert b"Elsewhere" not in response.data


FOREIGN_WRITES = {
    "edit meeting": (
        lambda w: f"/meetings/{w.foreign_meeting.id}/edit",
        {"title": "Taken over", "day": "2027-02-02", "starts_time": "10:00", "ends_time": "12:00"},
    ),
    "add item": (
        lambda w: f"/meetings/{w.foreign_meeting.id}/items/new",
        {"title": "Ours now", "purpose": "information"},
    ),
    "edit item": (
        lambda w: f"/items/{w.foreign_item.id}/edit",
        {"title": "Ours now", "purpose": "information"},
    ),
    "upload": (
        lambda w: f"/items/{w.foreign_item.id}/papers/new",
        lambda: {"title": "Planted", "summary": "x", "file": (io.BytesIO(PDF), "p.pdf")},
    ),
    "decide": (
        lambda w: f"/items/{w.foreign_item.id}/decisions/new",
        {
            "resolution": "Ours",
            "rationale": REASON,
            "alternatives": ALTERNATIVES,
            "method": "consensus",
        },
    ),
    "declare": (
        lambda w: f"/items/{w.foreign_item.id}/declarations/new",
        {"person_id": "1", "nature": "x", "action": "withdrew"},
    ),
    "minutes": (
        lambda w: f"/meetings/{w.foreign_meeting.id}/minutes/edit",
        {f"item_{1}": "Rewritten"},
    ),
    "action": (lambda w: f"/actions/{w.foreign_action.id}", {"text": "Done", "status": "done"}),
    "cancel": (
        lambda w: f"/meetings/{w.foreign_meeting.id}/cancel",
        {"reason": "Because we can"},
    ),
    "attendance": (
        lambda w: f"/meetings/{w.foreign_meeting.id}/attendance",
        {"status_1": "absent"},
    ),
}


@pytest.mark.parametrize("role", ["secretary", "chair", "member", "parent", "observer"])
@pytest.mark.parametrize("write", sorted(FOREIGN_WRITES))
def test_another_boards_object_cannot_be_changed_by_its_id(
    write, role, client, agenda_world, login
):
    """ASVS 4.2.1: the secretary of one board (and its members) cannot write to another's."""
    w = foreign(agenda_world)
    build, data = FOREIGN_WRITES[write]
    login(w.users[role])
    before_rows, before_events = row_counts(), audit_count()
    response = client.post(build(w), data=data() if callable(data) else dict(data))
    assert response.status_code in (403, 404), (write, role, response.status_code)
    db.session.expire_all()
    assert row_counts() == before_rows
    assert audit_count() == before_events


CONFIDENTIAL_PAGES = {
    "paper": lambda w: f"/papers/{w.secret_version.paper.id}",
    "download": lambda w: f"/versions/{w.secret_version.id}/download",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(CONFIDENTIAL_PAGES))
def test_confidential_paper_is_not_reached_by_its_id(page, role, client, agenda_world, login):
    """ASVS 4.2.1, 4.1.3: a confidential item's paper only for those who may see secrets."""
    w = agenda_world
    if role != "anonymous":
        login(w.users[role])
    response = client.get(CONFIDENTIAL_PAGES[page](w))
    response.close()
    if role in CONFIDENTIAL_VIEWERS:
        assert response.status_code == 200, (page, role)
    else:
        assert response.status_code in expected_refusal(role), (page, role, response.status_code)
        assert b"Tender scores" not in response.data


@pytest.mark.parametrize("role", ["observer", "outsider"])
def test_confidential_decision_and_pack_hide_the_secret(role, client, agenda_world, login):
    """ASVS 4.2.1: a decision on a confidential item, and the papers pack, keep it from them."""
    w = _quorate(agenda_world)
    decision = record_decision(
        None,
        w.confidential_item,
        DecisionDraft(resolution="Award the tender.", rationale=REASON, alternatives=ALTERNATIVES),
        moment=w.meeting.starts_at + timedelta(minutes=20),
    )
    db.session.flush()
    login(w.users[role])
    trail = client.get(f"/decisions/{decision.id}")
    assert trail.status_code in (403, 404)
    pack = client.get(f"/meetings/{w.meeting.id}/pack.zip")
    if pack.status_code == 200:
        names = zipfile.ZipFile(io.BytesIO(pack.data)).namelist()
        assert not [n for n in names if "scores" in n.lower() or "tender" in n.lower()]
    else:
        assert pack.status_code in (403, 404)


TRAVERSALS = [
    "/versions/../../../../etc/passwd/download",
    "/versions/..%2f..%2f..%2fetc%2fpasswd/download",
    "/versions/%2e%2e%2f%2e%2e%2fetc%2fpasswd/download",
    "/versions/%252e%252e%252fetc%252fpasswd/download",
    "/versions//etc/passwd/download",
    "/versions/%2Fetc%2Fpasswd/download",
    "/versions/-1/download",
    "/versions/99999999999999999999999/download",
    "/static/../config.py",
    "/static/%2e%2e/config.py",
    "/static/..%2fconfig.py",
    "/static//etc/passwd",
    "/static/%2Fetc%2Fpasswd",
]


@pytest.mark.parametrize("url", TRAVERSALS)
def test_download_paths_never_leave_the_storage(url, client, agenda_world, login):
    """ASVS 12.3.1, 12.3.2: a path made of traversal strings serves no file from outside."""
    login(agenda_world.users["admin"])
    response = client.get(url)
    response.close()
    # 308: the router's redirect that merges doubled slashes, to another path inside the site.
    assert response.status_code in (308, 400, 404), (url, response.status_code)
    assert "//" not in response.headers.get("Location", "").removeprefix("http://")
    assert b"root:" not in response.data and b"SECRET_KEY" not in response.data


def test_a_stored_hash_that_is_a_path_serves_nothing(client, agenda_world, login):
    """ASVS 12.3.1: even a tampered row naming a path reaches no file outside the storage."""
    w = agenda_world
    w.version.sha256 = "../../../../../../etc/passwd"
    db.session.flush()
    login(w.users["admin"])
    response = client.get(f"/versions/{w.version.id}/download")
    response.close()
    assert response.status_code == 404
    assert b"root:" not in response.data


def test_hostile_filenames_stay_inside_the_pack_and_the_download_name(client, agenda_world, login):
    """ASVS 12.3.1 (zip slip), 12.5.x: names built from entered text cannot climb out."""
    w = agenda_world
    w.version.filename = "../../../etc/cron.d/evil\r\nX-Injected: 1.pdf"
    w.paper.title = "../../../../tmp/evil"
    db.session.flush()
    login(w.users["admin"])
    download = client.get(f"/versions/{w.version.id}/download")
    download.close()
    disposition = download.headers["Content-Disposition"]
    assert ".." not in disposition and "/" not in disposition.split("filename")[1]
    assert "X-Injected" not in download.headers
    pack = client.get(f"/meetings/{w.meeting.id}/pack.zip")
    assert pack.status_code == 200
    for name in zipfile.ZipFile(io.BytesIO(pack.data)).namelist():
        path = PurePosixPath(name)
        assert not path.is_absolute() and ".." not in path.parts and "\\" not in name, name

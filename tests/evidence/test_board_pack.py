"""The evidence pack of a board's decisions over a period."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db

REASON = "The paper showed the shortfall, and members agreed the figures were sound."
ALTERNATIVES = "Cutting outreach instead, rejected because families would lose the service."


@pytest.fixture
def w(started_world):
    """Two decisions on the budget item, both relying on the same circulated paper."""
    w = started_world
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=w.meeting,
                person_id=w.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    w.decisions = [
        record_decision(
            None,
            w.item,
            DecisionDraft(resolution=text, rationale=REASON, alternatives=ALTERNATIVES),
            moment=w.meeting.starts_at + timedelta(minutes=10 + n),
        )
        for n, text in enumerate(("Agree the budget.", "Agree the outreach plan."))
    ]
    return w


def period(w: Any, **extra: str) -> dict[str, str]:
    day = w.meeting.starts_at.date()
    return {
        "board_id": str(w.board.id),
        "taken_from": str(day - timedelta(days=1)),
        "taken_to": str(day + timedelta(days=1)),
        **extra,
    }


def test_an_auditor_downloads_the_boards_decisions_with_papers_events_and_the_check(
    client, login, w
):
    login(w.users["auditor"])
    response = client.get("/decisions/evidence.zip", query_string=period(w))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    for d in w.decisions:
        stem = "decisions/" + d.number.replace("/", "-")
        assert f"{stem}.json" in names and f"{stem}.html" in names
        assert json.loads(archive.read(f"{stem}.json"))["resolution"] == d.resolution
    # The paper both decisions relied on is in the pack once, and its bytes are the paper's.
    papers = [n for n in names if n.startswith("papers/")]
    assert len(papers) == 1 and papers[0].startswith(f"papers/{w.version.sha256[:12]}")
    rows = list(csv.DictReader(io.StringIO(archive.read("register.csv").decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == [d.number for d in w.decisions]
    events = json.loads(archive.read("audit-events.json"))
    assert {"decision.record"} <= {e["action"] for e in events}
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    assert "VERIFIED" in archive.read("chain-verification.txt").decode()
    assert w.decisions[0].number in archive.read("README.txt").decode()


def test_the_same_file_relied_on_as_two_versions_is_in_the_pack_once(client, login, w):
    from governance.decisions.models import DecisionPaper
    from governance.papers.models import Paper, PaperVersion

    copy = PaperVersion(
        paper=Paper(item=w.item, title="The same report again"),
        number=1,
        sha256=w.version.sha256,
        size=w.version.size,
        media_type=w.version.media_type,
        filename=w.version.filename,
        circulated_at=w.version.circulated_at,
    )
    db.session.add(DecisionPaper(decision=w.decisions[1], version=copy, circulated_at=None))
    db.session.commit()
    login(w.users["auditor"])
    response = client.get("/decisions/evidence.zip", query_string=period(w))
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    assert len(names) == len(set(names))
    assert len([n for n in names if n.startswith("papers/")]) == 1


def test_a_clash_of_file_names_in_a_pack_gets_a_number():
    from governance.evidence.views.board import _unique

    taken = {"papers/abc report.pdf", "papers/abc report (2).pdf", "papers/x.y/README"}
    assert _unique("papers/abc report.pdf", taken) == "papers/abc report (3).pdf"
    assert _unique("papers/x.y/README", taken) == "papers/x.y/README (2)"
    assert _unique("papers/new.pdf", taken) == "papers/new.pdf"


def test_decisions_outside_the_period_are_left_out(client, login, w):
    login(w.users["auditor"])
    day = w.meeting.starts_at.date()
    later = {"taken_from": str(day + timedelta(days=2)), "taken_to": str(day + timedelta(days=9))}
    response = client.get("/decisions/evidence.zip", query_string=period(w, **later))
    assert response.status_code == 302
    assert "No decisions match" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("missing", ["board_id", "taken_from", "taken_to"])
def test_a_pack_needs_a_board_and_both_ends_of_the_period(client, login, w, missing):
    login(w.users["auditor"])
    args = period(w)
    del args[missing]
    response = client.get("/decisions/evidence.zip", query_string=args)
    assert response.status_code == 302 and "/decisions?" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Choose a board and both ends of the period" in page


@pytest.mark.parametrize("role", ["secretary", "chair", "member", "parent"])
def test_only_auditors_and_administrators_take_evidence_packs(client, login, w, role):
    login(w.users[role])
    assert client.get("/decisions/evidence.zip", query_string=period(w)).status_code == 403


def test_the_register_offers_the_pack_once_a_board_and_period_are_chosen(client, login, w):
    login(w.users["auditor"])
    plain = client.get("/decisions").get_data(as_text=True)
    assert "choose a board and both ends of a period" in plain
    chosen = client.get("/decisions", query_string=period(w)).get_data(as_text=True)
    assert "/decisions/evidence.zip?" in chosen
    client.post("/logout")
    login(w.users["member"])
    assert "evidence pack" not in client.get("/decisions").get_data(as_text=True)


# Streaming: the first bytes leave before the papers and the chain are all checked ----------


def test_the_pack_is_streamed_and_the_chain_is_verified_only_after_the_first_bytes(
    client, login, w, monkeypatch
):
    """A proxy cuts off a response that sends nothing for 30-60 s: the route itself neither
    hashes the papers nor verifies the chain; both happen while the ZIP is being sent."""
    from governance.audit import verify

    sent: list[bytes] = []
    verified_after: list[int] = []
    check_batches = verify.check_batches

    def recording(*args: Any) -> Any:
        verified_after.append(len(sent))
        return check_batches(*args)

    monkeypatch.setattr(verify, "check_batches", recording)
    login(w.users["auditor"])
    response = client.get("/decisions/evidence.zip", query_string=period(w), buffered=False)
    assert response.status_code == 200
    assert verified_after == []  # nothing checked before the response began
    for chunk in response.response:
        sent.append(chunk)
    response.close()
    assert verified_after and verified_after[0] > 0, verified_after
    archive = zipfile.ZipFile(io.BytesIO(b"".join(sent)))
    assert archive.namelist()[0].startswith("papers/")
    assert archive.namelist()[-2:] == ["README.txt", "SHA256SUMS"]
    assert "AUDIT CHAIN VERIFIED" in archive.read("README.txt").decode()


def test_a_paper_changed_on_disk_is_left_out_and_each_record_says_why(client, login, w, app):
    """Found while streaming: the file is not in papers/, and the README and records say so."""
    from pathlib import Path

    from governance.papers.files import storage

    path = storage.path_for(Path(app.config["STORAGE_PATH"]), w.version.sha256)
    path.write_bytes(path.read_bytes() + b"% altered\n")
    login(w.users["auditor"])
    response = client.get("/decisions/evidence.zip", query_string=period(w))
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert not any(name.startswith("papers/") for name in archive.namelist())
    readme = archive.read("README.txt").decode()
    assert "FILES NOT INCLUDED (1)" in readme and "damaged" in readme
    for d in w.decisions:
        stem = "decisions/" + d.number.replace("/", "-")
        (paper,) = json.loads(archive.read(f"{stem}.json"))["papers"]
        assert paper["file_in_pack"] is None and "damaged" in paper["file_problem"]
        assert "NOT INCLUDED: damaged" in archive.read(f"{stem}.html").decode()
    assert archive.testzip() is None


def test_a_broken_chain_is_said_first_in_the_readme_and_in_the_check(client, login, w):
    """The pack still downloads; its README opens with the break, and the check names it."""
    import sqlalchemy as sa

    from tests.audit.test_operations import _disable_triggers

    db.session.commit()
    _disable_triggers()
    db.session.execute(sa.text("UPDATE audit_event SET summary = 'nothing to see' WHERE seq = 2"))
    db.session.commit()
    login(w.users["auditor"])
    response = client.get("/decisions/evidence.zip", query_string=period(w))
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    readme = archive.read("README.txt").decode().splitlines()
    assert readme[4] == "*** AUDIT CHAIN BROKEN ***"
    assert "does not verify at event 2: content does not match its hash" in readme[5]
    assert "VERIFIED" not in "\n".join(readme)
    check = archive.read("chain-verification.txt").decode().splitlines()
    assert check[2] == "BROKEN at event 2: content does not match its hash."
    assert "BROKEN at event 2" in archive.read("chain-checkpoints.txt").decode()
    # Everything else is still there for the auditor to look at.
    assert len([n for n in archive.namelist() if n.startswith("decisions/")]) == 4

"""Every route that hands out a stored file, when the file's stored hash was tampered with,
the file is gone, or its content changed on disk: a 404 for a single file, and for a pack a
README that names what it left out and why, never a server error (500) and never silence."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from governance.attendance.models import Attendance, AttendanceStatus
from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.induction import materials
from governance.induction.operations import existing_record
from governance.papers.files import storage
from tests.conftest import PDF

TAMPERED = "../../../../etc/passwd"
REASON = "The paper showed the shortfall, and members agreed the figures were sound."


def _decide(w):
    """A decision on the budget item, relying on the budget paper, at the started meeting."""
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=w.meeting,
                person_id=w.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    return record_decision(
        None,
        w.item,
        DecisionDraft(
            resolution="Agree the budget.", rationale=REASON, alternatives="None better."
        ),
    )


def _damage(app, sha256: str) -> None:
    """Change a stored file's bytes in place, as a disk fault or an intruder might."""
    path = storage.path_for(Path(app.config["STORAGE_PATH"]), sha256)
    path.write_bytes(PDF + b"% altered\n")


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_locate_finds_no_path_for_a_hash_that_is_not_one(tmp_path):
    """ASVS 12.3.1: a tampered hash names no file at all, however it is spelt."""
    for bad in (TAMPERED, "A" * 64, "", None, 7, "0" * 63):
        assert storage.locate(tmp_path, bad) is None
    assert storage.problem_with(tmp_path, TAMPERED) == "its recorded SHA-256 is not a valid hash"
    assert storage.problem_with(tmp_path, "0" * 64) == "missing from storage"


def test_problem_with_catches_content_changed_on_disk(app, agenda_world):
    """ASVS 12.3.x: checking content finds a stored file that no longer matches its hash."""
    root, sha = Path(app.config["STORAGE_PATH"]), agenda_world.version.sha256
    assert storage.problem_with(root, sha, check_content=True) is None
    _damage(app, sha)
    assert storage.problem_with(root, sha) is None  # present, and not read: downloads are fast
    assert "damaged" in (storage.problem_with(root, sha, check_content=True) or "")


@pytest.mark.parametrize("sha256", [TAMPERED, "f" * 64])
def test_a_tampered_or_missing_paper_is_left_out_of_the_meeting_pack_by_name(
    sha256, client, agenda_world, login
):
    """ASVS 7.4.1: the meeting pack still downloads and its README says the file is missing."""
    w = agenda_world
    w.version.sha256 = sha256
    db.session.flush()
    login(w.users["admin"])
    archive = _zip(client.get(f"/meetings/{w.meeting.id}/pack.zip"))
    readme = archive.read("README.txt").decode()
    assert "(NOT INCLUDED)" in readme and "budget.pdf" in readme
    assert not any("budget" in name for name in archive.namelist())


@pytest.mark.parametrize("sha256", [TAMPERED, "f" * 64])
def test_tampered_induction_material_is_not_found(sha256, client, world, login, app, tmp_path):
    """ASVS 7.4.1, 12.3.1: a document whose stored hash was altered is a 404, not a 500."""
    app.config["STORAGE_PATH"] = str(tmp_path / "storage")
    stored = storage.store(io.BytesIO(PDF), tmp_path / "storage", 1_000_000)
    record = existing_record(world.board, world.users["parent"].person.id)
    assert record is not None
    step = record.items[0].step
    material = materials.add_document(None, step, "Board handbook", stored, "handbook.pdf")
    db.session.flush()
    login(world.users["admin"])
    ok = client.get(f"/induction/material/{material.id}")
    ok.close()
    assert ok.status_code == 200
    material.sha256 = sha256
    db.session.commit()
    response = client.get(f"/induction/material/{material.id}")
    response.close()
    assert response.status_code == 404
    assert b"root:" not in response.data


@pytest.mark.parametrize(
    ("sha256", "why"),
    [(TAMPERED, "not a valid hash"), ("f" * 64, "missing from storage"), (None, "damaged")],
)
def test_the_decision_evidence_pack_names_a_file_it_could_not_include(
    sha256, why, client, started_world, login, app
):
    """ASVS 7.4.1, 12.3.1: the auditor gets the pack, and its README, record and page all say
    which paper file is left out and why (tampered hash, missing, or changed on disk)."""
    w = started_world
    decision = _decide(w)
    if sha256 is None:
        _damage(app, w.version.sha256)
    else:
        w.version.sha256 = sha256
    db.session.commit()
    login(w.users["auditor"])
    archive = _zip(client.get(f"/decisions/{decision.id}/evidence.zip"))
    readme = archive.read("README.txt").decode()
    assert "FILES NOT INCLUDED (1)" in readme and why in readme
    assert not any(name.startswith("papers/") for name in archive.namelist())
    record = json.loads(archive.read("decision.json"))
    assert record["papers"][0]["file_in_pack"] is None
    assert why in record["papers"][0]["file_problem"]
    assert "NOT INCLUDED: " in archive.read("decision.html").decode()


def test_a_complete_decision_pack_says_every_file_was_checked(client, started_world, login):
    """ASVS 7.4.1: with nothing wrong, the README says so, and the paper is in the pack."""
    w = started_world
    decision = _decide(w)
    db.session.commit()
    login(w.users["auditor"])
    archive = _zip(client.get(f"/decisions/{decision.id}/evidence.zip"))
    readme = archive.read("README.txt").decode()
    assert "Every paper file the record names is in this pack" in readme
    assert archive.read(next(n for n in archive.namelist() if n.startswith("papers/"))) == PDF


@pytest.mark.parametrize("sha256", [TAMPERED, "f" * 64])
def test_the_board_evidence_pack_names_a_file_it_could_not_include(
    sha256, client, started_world, login
):
    """ASVS 7.4.1, 12.3.1: the board and period pack downloads and lists the missing file."""
    w = started_world
    decision = _decide(w)
    w.version.sha256 = sha256
    db.session.commit()
    login(w.users["auditor"])
    day = decision.taken_at.date()
    period = f"taken_from={day - timedelta(days=1)}&taken_to={day + timedelta(days=1)}"
    archive = _zip(client.get(f"/decisions/evidence.zip?board_id={w.board.id}&{period}"))
    readme = archive.read("README.txt").decode()
    assert "FILES NOT INCLUDED (1)" in readme and "Budget report" in readme
    assert not any(name.startswith("papers/") for name in archive.namelist())


@pytest.mark.parametrize("sha256", [TAMPERED, "f" * 64])
def test_the_subject_access_export_names_an_upload_it_could_not_include(
    sha256, client, agenda_world, login
):
    """ASVS 8.3.x, 12.3.1: the person's export still downloads, and says what is missing."""
    w = agenda_world
    uploader = w.users["secretary"]
    w.version.uploaded_by_id = uploader.id
    w.version.sha256 = sha256
    db.session.commit()
    login(w.users["admin"])
    archive = _zip(client.get(f"/people/{uploader.person.id}/data-export.zip"))
    readme = archive.read("README.txt").decode()
    assert "FILES NOT INCLUDED (1)" in readme and f"paper-{w.version.id}-" in readme
    assert not any(name.startswith("files/") for name in archive.namelist())

"""The meeting pack through the client: one ZIP of what the viewer may read, streamed."""

from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa

from governance.extensions import db
from governance.papers.files import storage
from governance.papers.models import PaperOpen
from tests.papers import files


def get_pack(client, meeting):
    return client.get(f"/meetings/{meeting.id}/pack.zip")


def open_pack(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_pack_holds_each_circulated_paper_and_a_readme(client, world, login, agenda, add):
    budget = add(agenda.decision, late="Figures came late from the council.")
    add(agenda.information, data=files.ooxml("word/"))
    add(agenda.confidential, data=files.PNG)
    add(agenda.information, data=files.TEXT, circulated=False)
    login(world.users["member"])
    response = get_pack(client, agenda.meeting)
    archive = open_pack(response)
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="PB-2026-12-03-pack.zip"'
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    names = archive.namelist()
    assert names == ["README.txt", "01 paper.pdf", "02 paper.docx", "03 paper.png"]
    assert archive.read("01 paper.pdf") == files.PDF
    assert archive.read("03 paper.png") == files.PNG
    readme = archive.read("README.txt").decode()
    assert "Paper on Budget 2027" in readme and "1. Budget 2027" in readme
    assert "LATE: Figures came late from the council." in readme
    assert "20 Nov 2026, 09:30" in readme
    assert archive.testzip() is None
    opens = db.session.execute(sa.select(PaperOpen.paper_version_id)).scalars().all()
    assert len(opens) == 3 and budget.id in opens


def test_the_observers_pack_leaves_out_confidential_papers(client, world, login, agenda, add):
    add(agenda.decision)
    add(agenda.confidential, data=files.PNG)
    login(world.users["observer"])
    archive = open_pack(get_pack(client, agenda.meeting))
    assert archive.namelist() == ["README.txt", "01 paper.pdf"]
    assert "Staffing" not in archive.read("README.txt").decode()


def test_a_pack_of_a_large_file_streams_in_pieces(client, world, login, agenda, add):
    data = files.PDF + b"0" * (5 * storage.CHUNK)
    add(agenda.decision, data=data)
    login(world.users["member"])
    response = get_pack(client, agenda.meeting)
    pieces = list(response.response)
    assert len(pieces) > 5 and max(len(p) for p in pieces) <= storage.CHUNK
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read("01 paper.pdf") == data


def test_a_file_missing_from_the_store_is_named_in_the_readme_not_packed(
    client, world, login, agenda, add, storage_root
):
    version = add(agenda.decision)
    storage.path_for(storage_root, version.sha256).unlink()
    add(agenda.information, data=files.TEXT)
    login(world.users["member"])
    archive = open_pack(get_pack(client, agenda.meeting))
    assert archive.namelist() == ["README.txt", "02 paper.txt"]
    assert "01 paper.pdf (NOT INCLUDED)" in archive.read("README.txt").decode()

"""The subject access export names each uploaded file by its checked type, never by the
extension it was uploaded with: a PDF uploaded as `agenda.html` leaves as `agenda.pdf`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from governance.extensions import db
from governance.papers.files import storage
from governance.papers.operations import add_version
from governance.privacy.export import export_zip
from tests.papers.files import PDF, TEXT


@pytest.mark.parametrize(
    ("content", "uploaded_as", "exported_as"),
    [
        (PDF, "agenda.html", "agenda.pdf"),
        (PDF, "setup.exe", "setup.pdf"),
        (TEXT, "run.bat", "run.txt"),
        (TEXT, "notes", "notes.txt"),
    ],
)
def test_exported_files_carry_the_extension_of_their_checked_type(
    agenda_world, app, content, uploaded_as, exported_as
):
    w = agenda_world
    root = Path(app.config["STORAGE_PATH"])
    uploader = w.users["secretary"]
    stored = storage.store(io.BytesIO(content), root, 1_000_000)
    version = add_version(uploader, w.paper, stored, uploaded_as, "Agree the budget.")
    db.session.flush()
    names = zipfile.ZipFile(io.BytesIO(export_zip(uploader.person, root))).namelist()
    assert f"files/paper-{version.id}-{exported_as}" in names
    assert not [n for n in names if n.endswith((".html", ".exe", ".bat"))]

"""Paper pages through the client: uploads refused or stored, downloads guarded."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from governance.extensions import db
from governance.papers import operations
from governance.papers.files import storage
from governance.papers.models import OpenKind, Paper, PaperOpen, PaperVersion
from tests.conftest import PASSWORD, audit_count
from tests.papers import files
from tests.papers.conftest import stored_files


def text(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def status(client, url: str) -> int:
    """GET a URL and close the response (a download holds its file open until closed)."""
    response = client.get(url)
    response.close()
    return response.status_code


def field_error(page: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def upload(client, item, data: bytes, filename: str, **fields: str):
    form = {"title": "Budget 2027", "summary": "Agree next year's budget.", **fields}
    form["file"] = (io.BytesIO(data), filename)  # type: ignore[assignment]
    return client.post(
        f"/items/{item.id}/papers/new", data=form, content_type="multipart/form-data"
    )


@pytest.fixture
def small_limit(app) -> Iterator[int]:
    before = app.config.get("MAX_PAPER_BYTES")
    app.config["MAX_PAPER_BYTES"] = 1024
    try:
        yield 1024
    finally:
        if before is None:
            app.config.pop("MAX_PAPER_BYTES")
        else:
            app.config["MAX_PAPER_BYTES"] = before


# Uploading ---------------------------------------------------------------------------------


def test_secretary_uploads_a_pdf_through_the_form(client, world, login, agenda, storage_root):
    login(world.users["secretary"])
    before = audit_count()
    response = upload(client, agenda.decision, files.PDF, "report.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{agenda.meeting.id}")
    version = db.session.execute(sa.select(PaperVersion)).scalar_one()
    assert (version.number, version.media_type, version.filename) == (
        1,
        "application/pdf",
        "report.pdf",
    )
    assert version.paper.title == "Budget 2027" and version.circulated_at is None
    assert stored_files(storage_root) == [storage.path_for(storage_root, version.sha256)]
    assert audit_count() == before + 2  # paper.create and paper.version_upload


def test_an_exe_renamed_pdf_is_refused_beside_the_file_field(
    client, world, login, agenda, storage_root
):
    login(world.users["secretary"])
    response = upload(client, agenda.decision, files.EXE, "report.pdf", title="Kept title")
    assert response.status_code == 400
    page = text(response)
    assert "cannot be accepted" in field_error(page, "file")
    assert 'value="Kept title"' in page  # the rest of the form comes back filled in
    assert stored_files(storage_root) == []
    assert count(PaperVersion) == 0 and count(Paper) == 0


def test_a_file_over_the_limit_is_refused(client, world, login, agenda, storage_root, small_limit):
    login(world.users["secretary"])
    response = upload(client, agenda.decision, files.PDF + b"0" * 2000, "big.pdf")
    assert response.status_code == 400
    assert "larger than the 1 KB limit" in field_error(text(response), "file")
    assert stored_files(storage_root) == [] and count(PaperVersion) == 0


def test_a_request_far_over_the_limit_is_stopped_before_it_is_read(
    client, world, login, agenda, storage_root, small_limit
):
    login(world.users["secretary"])
    response = upload(client, agenda.decision, files.PDF + b"0" * 200_000, "huge.pdf")
    assert response.status_code == 413
    assert "larger than the 1 KB limit" in text(response)
    assert stored_files(storage_root) == [] and count(PaperVersion) == 0


def test_a_decision_paper_without_summary_is_refused_before_the_file_is_stored(
    client, world, login, agenda, storage_root
):
    login(world.users["secretary"])
    response = upload(client, agenda.decision, files.PDF, "report.pdf", summary="")
    assert response.status_code == 400
    assert "Parent and community representatives" in field_error(text(response), "summary")
    assert stored_files(storage_root) == [] and count(PaperVersion) == 0


def test_the_upload_forms_send_files_and_say_what_is_accepted(client, world, login, agenda, add):
    version = add(agenda.decision)
    login(world.users["secretary"])
    for url in (
        f"/items/{agenda.decision.id}/papers/new",
        f"/papers/{version.paper_id}/versions/new",
    ):
        response = client.get(url)
        page = text(response)
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
        assert "PDF, Word document" in page and "up to 25 MB" in page
    assert "In short: agree it." in page  # a new version starts from the last summary


@pytest.mark.parametrize("role", ["member", "auditor", "observer"])
def test_only_managers_may_upload(client, world, login, agenda, storage_root, role):
    login(world.users[role])
    assert upload(client, agenda.decision, files.PDF, "report.pdf").status_code == 403
    assert stored_files(storage_root) == []


def test_a_new_version_is_numbered_after_the_last(client, world, login, agenda, add):
    first = add(agenda.decision)
    login(world.users["secretary"])
    response = client.post(
        f"/papers/{first.paper_id}/versions/new",
        data={"summary": "Revised figures.", "file": (io.BytesIO(files.TEXT), "notes.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    newest = db.session.execute(
        sa.select(PaperVersion).where(PaperVersion.number == 2)
    ).scalar_one()
    assert newest.paper_id == first.paper_id and newest.media_type == "text/plain"


def test_the_size_limit_applies_before_the_csrf_check_reads_the_body(
    app, client, world, login, agenda, storage_root, small_limit
):
    login(world.users["secretary"])  # signing in needs CSRF off in this suite
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = upload(client, agenda.decision, files.PDF + b"0" * 200_000, "huge.pdf")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 413  # not 400 for the missing token: the body was never read
    assert stored_files(storage_root) == []


# Downloading -------------------------------------------------------------------------------


def test_member_downloads_a_circulated_version_as_a_safe_attachment(
    client, world, login, agenda, add
):
    version = add(agenda.decision)
    login(world.users["member"])
    response = client.get(f"/versions/{version.id}/download")
    assert response.status_code == 200
    assert response.data == files.PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "paper.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.mimetype == "application/pdf"
    response.close()  # send_file leaves the file open until the response is closed
    opened = db.session.execute(sa.select(PaperOpen)).scalar_one()
    assert (opened.user_id, opened.paper_version_id) == (world.users["member"].id, version.id)
    assert opened.kind is OpenKind.DOWNLOAD


def test_member_cannot_download_an_uncirculated_version(client, world, login, agenda, add):
    version = add(agenda.decision, circulated=False)
    login(world.users["member"])
    assert client.get(f"/versions/{version.id}/download").status_code == 403
    assert count(PaperOpen) == 0


@pytest.mark.parametrize("role", ["secretary", "admin", "auditor"])
def test_managers_and_auditors_may_download_drafts(client, world, login, agenda, add, role):
    version = add(agenda.decision, circulated=False)
    login(world.users[role])
    assert status(client, f"/versions/{version.id}/download") == 200


def test_observer_cannot_open_a_confidential_paper_but_a_voting_member_can(
    client, world, login, agenda, add, app
):
    version = add(agenda.confidential)
    login(world.users["observer"])
    assert client.get(f"/versions/{version.id}/download").status_code == 403
    member = app.test_client()
    member.post("/login", data={"email": world.users["member"].email, "password": PASSWORD})
    assert status(member, f"/versions/{version.id}/download") == 200


def test_anonymous_visitors_must_sign_in(client, agenda, add):
    version = add(agenda.decision)
    assert client.get(f"/versions/{version.id}/download").status_code == 401
    assert client.get(f"/papers/{version.paper_id}").status_code == 401
    assert client.get(f"/meetings/{agenda.meeting.id}/pack.zip").status_code == 401


@pytest.mark.parametrize(
    "url",
    ["/versions/..%2F..%2Fetc/download", "/versions/../../etc/passwd", "/versions/999999/download"],
)
def test_traversal_and_unknown_versions_are_not_found(client, world, login, url):
    login(world.users["admin"])
    assert client.get(url).status_code == 404


# The paper page ----------------------------------------------------------------------------


def add_draft_version(world, version, storage_root) -> PaperVersion:
    stored = storage.store(io.BytesIO(files.TEXT), storage_root, 1024 * 1024)
    draft = operations.add_version(
        world.users["secretary"], version.paper, stored, "draft.txt", "Draft revision."
    )
    db.session.flush()
    return draft


def test_member_sees_only_circulated_versions_and_not_who_opened(
    client, world, login, agenda, add, storage_root
):
    first = add(agenda.decision)
    add_draft_version(world, first, storage_root)
    login(world.users["member"])
    page = text(client.get(f"/papers/{first.paper_id}"))
    assert "In short: agree it." in page and "Download version 1" in page
    assert "Download version 2" not in page and "Draft revision." not in page
    assert "Who has opened it" not in page and "Upload a new version" not in page


def test_secretary_sees_drafts_lateness_and_who_opened(
    client, world, login, agenda, add, storage_root
):
    first = add(agenda.decision, late="The auditors' figures arrived on Friday.")
    add_draft_version(world, first, storage_root)
    operations.record_open(world.users["parent"], first, OpenKind.DOWNLOAD)
    login(world.users["secretary"])
    page = text(client.get(f"/papers/{first.paper_id}"))
    assert "Download version 2" in page and "Not circulated" in page
    assert "Draft revision." in page  # the newest version's summary, for those who see it
    assert 'class="tag late"' in page and "20 Nov 2026, 09:30" in page
    assert "Who has opened it" in page and "Parent" in page
    assert "Upload a new version" in page


def test_a_paper_not_yet_circulated_is_hidden_from_members(client, world, login, agenda, add):
    version = add(agenda.decision, circulated=False)
    login(world.users["member"])
    assert client.get(f"/papers/{version.paper_id}").status_code == 403


def test_observer_cannot_see_a_confidential_paper_page(client, world, login, agenda, add):
    version = add(agenda.confidential)
    login(world.users["observer"])
    assert client.get(f"/papers/{version.paper_id}").status_code == 403

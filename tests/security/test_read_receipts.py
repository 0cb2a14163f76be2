"""Read receipts (who opened a paper, a pack, induction material) are written only for a real
open: a GET the member made from this site, a bookmark or a typed address; never for a HEAD,
and never for a request another site made the member's browser send. The file is served
either way: only the record of the open depends on where the request came from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from governance.extensions import db
from governance.induction import materials, operations
from governance.induction.models import MaterialRead
from governance.papers.files import storage
from governance.papers.models import PaperOpen
from tests.conftest import PDF

RECORDED = ["same-origin", "same-site", "none", None]


def _count(model) -> int:
    db.session.expire_all()
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def _get(client, url: str, site: str | None, method: str = "GET"):
    headers = {} if site is None else {"Sec-Fetch-Site": site}
    response = client.open(url, method=method, headers=headers)
    body = response.get_data()
    response.close()
    return response, body


@pytest.fixture
def member(agenda_world, client, login):
    login(agenda_world.users["member"])
    return client


@pytest.fixture
def material(world, app):
    """An induction document and page on the parent's induction step."""
    record = operations.existing_record(world.board, world.users["parent"].person.id)
    step = record.items[0].step
    stored = storage.store(io.BytesIO(PDF), Path(app.config["STORAGE_PATH"]), 1_000_000)
    document = materials.add_document(None, step, "Board handbook", stored, "handbook.pdf")
    page = materials.add_page(None, step, "What the board does", "It decides how money is spent.")
    db.session.flush()
    return document, page


def _paper_urls(w) -> list[str]:
    return [f"/versions/{w.version.id}/download", f"/meetings/{w.meeting.id}/pack.zip"]


def test_a_head_request_records_no_paper_open(agenda_world, member):
    for url in _paper_urls(agenda_world):
        response, _ = _get(member, url, "same-origin", method="HEAD")
        assert response.status_code == 200, url
    assert _count(PaperOpen) == 0


def test_a_cross_site_download_is_served_but_records_no_open(agenda_world, member):
    response, body = _get(member, _paper_urls(agenda_world)[0], "cross-site")
    assert response.status_code == 200 and body == PDF
    response, body = _get(member, _paper_urls(agenda_world)[1], "cross-site")
    assert response.status_code == 200 and body.startswith(b"PK")
    assert _count(PaperOpen) == 0


@pytest.mark.parametrize("site", RECORDED)
def test_a_download_from_this_site_records_the_open(agenda_world, member, site):
    response, body = _get(member, _paper_urls(agenda_world)[0], site)
    assert response.status_code == 200 and body == PDF
    assert _count(PaperOpen) == 1


@pytest.mark.parametrize("site", RECORDED)
def test_a_pack_from_this_site_records_the_opens(agenda_world, member, site):
    response, _ = _get(member, _paper_urls(agenda_world)[1], site)
    assert response.status_code == 200
    assert _count(PaperOpen) == 2  # a voting member: the open paper and the confidential one


def test_induction_material_head_and_cross_site_record_no_read(world, client, login, material):
    login(world.users["parent"])
    for item in material:
        response, _ = _get(client, f"/induction/material/{item.id}", "same-origin", "HEAD")
        assert response.status_code == 200
        response, body = _get(client, f"/induction/material/{item.id}", "cross-site")
        assert response.status_code == 200 and body
    assert _count(MaterialRead) == 0


@pytest.mark.parametrize("site", RECORDED)
def test_induction_material_opened_from_this_site_records_the_read(
    world, client, login, material, site
):
    login(world.users["parent"])
    for item in material:
        response, _ = _get(client, f"/induction/material/{item.id}", site)
        assert response.status_code == 200
    assert _count(MaterialRead) == 2

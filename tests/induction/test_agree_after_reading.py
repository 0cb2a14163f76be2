"""An agreement is given only after its material has been opened, and each page of material
leads back to the induction with a way to say it is done."""

from __future__ import annotations

import re

import pytest

from governance.errors import DomainError
from governance.extensions import db
from governance.induction import materials, operations
from governance.induction.models import StepKind


def _record(world):
    return operations.existing_record(world.board, world.users["parent"].person.id)


@pytest.fixture
def agreement(world):
    """The parent's code-of-conduct agreement, with a page to read first."""
    item = next(i for i in _record(world).items if i.kind is StepKind.AGREEMENT)
    page = materials.add_page(None, item.step, "Code of conduct", "Members treat each other well.")
    db.session.flush()
    return item, page


def test_an_agreement_with_unopened_material_is_refused_by_the_operation(world, agreement):
    item, page = agreement
    with pytest.raises(DomainError, match="Code of conduct"):
        operations.sign_off(world.users["parent"], item, None)
    materials.record_read(world.users["parent"], page)
    assert operations.sign_off(world.users["parent"], item, None).done_on is not None


def test_someone_elses_opening_does_not_count(world, agreement):
    item, page = agreement
    materials.record_read(world.users["secretary"], page)
    with pytest.raises(DomainError):
        operations.sign_off(world.users["parent"], item, None)


def test_posting_i_agree_before_reading_is_refused_with_a_link_to_the_reading(
    client, world, login, agreement
):
    item, page = agreement
    login(world.users["parent"])
    record = client.get(f"/induction/records/{item.record_id}").get_data(as_text=True)
    row = re.search(rf'<tr id="item-{item.id}".*?</tr>', record, re.DOTALL).group(0)
    assert "I agree" not in row
    assert f"/induction/material/{page.id}" in row and "Read" in row
    response = client.post(f"/induction/items/{item.id}/done", data={})
    assert response.status_code == 400
    assert "Open and read" in response.get_data(as_text=True)
    db.session.expire_all()
    assert item.done_on is None


def test_the_material_page_leads_back_and_offers_i_agree_once_opened(
    client, world, login, agreement
):
    item, page = agreement
    login(world.users["parent"])
    shown = client.get(f"/induction/material/{page.id}").get_data(as_text=True)
    assert f'href="/induction/records/{item.record_id}#item-{item.id}"' in shown
    assert f'action="/induction/items/{item.id}/done"' in shown and "I agree" in shown
    response = client.post(f"/induction/items/{item.id}/done", data={})
    assert response.status_code == 302
    db.session.expire_all()
    assert item.done_on is not None


def test_material_of_a_step_signed_off_by_others_has_a_done_link_back(client, world, login):
    item = next(i for i in _record(world).items if i.kind is StepKind.TASK)
    page = materials.add_page(None, item.step, "What the board does", "It decides things.")
    db.session.flush()
    login(world.users["parent"])
    shown = client.get(f"/induction/material/{page.id}").get_data(as_text=True)
    assert re.search(
        rf'<a[^>]*href="/induction/records/{item.record_id}#item-{item.id}"[^>]*>Done',
        shown,
    )

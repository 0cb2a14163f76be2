"""The glossary's pages, and the terms marked on the agenda."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from governance.extensions import db
from governance.glossary import operations as glossary
from governance.glossary.models import GlossaryTerm


def test_glossary_page_is_public(client, world):
    glossary.seed_glossary()
    page = client.get("/glossary").get_data(as_text=True)
    assert 'id="term-accountable-body"' in page and "Accountable Body" in page


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 302), ("secretary", 403), ("chair", 403), ("auditor", 403)]
)
def test_administrators_manage_the_shared_glossary_others_do_not(
    client, world, login, role, status
):
    login(world.users[role])
    data = {"term": "Crèche", "meaning": "Childcare provided while parents attend the meeting."}
    assert client.post("/glossary/new", data=data).status_code == status
    count = db.session.execute(sa.select(sa.func.count()).select_from(GlossaryTerm)).scalar()
    assert count == (1 if status == 302 else 0)


def test_a_duplicate_term_comes_back_with_the_message(client, world, login):
    glossary.save_term(None, None, "Quorum", "The fewest members who must be present.", [])
    db.session.flush()
    login(world.users["admin"])
    response = client.post(
        "/glossary/new", data={"term": "QUORUM", "meaning": "Something else entirely here."}
    )
    assert response.status_code == 400
    assert "already in the glossary" in response.get_data(as_text=True)


def test_agenda_marks_glossary_terms_with_their_meaning(client, agenda_world, login):
    glossary.save_term(None, None, "Budget", "The plan for what money is spent on.", [])
    db.session.flush()
    login(agenda_world.users["parent"])
    page = client.get(f"/meetings/{agenda_world.meeting.id}").get_data(as_text=True)
    assert re.search(r'<button type="button" class="gloss-term"[^>]*>Budget</button>', page)
    assert "The plan for what money is spent on." in page
    assert 'href="/glossary#term-budget"' in page


# Statement counts ----------------------------------------------------------------------------

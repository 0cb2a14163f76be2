"""A page one server process keeps is not shown again once another process has changed it."""

from __future__ import annotations

import sqlalchemy as sa

from governance.meetings.models import AgendaItem
from tests.conftest import PASSWORD
from tests.reliability.harness import Browser, committed, fresh_site, serving
from tests.reliability.world import SECRETARY, build, decision_form, paper_file


def test_a_change_made_through_one_process_shows_at_once_on_the_other(tmp_path):
    with fresh_site(tmp_path) as site:
        (board,) = build(site, codes=("PC",))
        with committed(site) as session:
            meeting_id = session.execute(
                sa.select(AgendaItem.meeting_id).where(AgendaItem.id == board.paper_item_id)
            ).scalar_one()
        with serving(site, "one", "two") as (one, two):
            browser = Browser().sign_in(one, SECRETARY, PASSWORD)

            def page(server, path: str) -> str:
                response = browser.http.get(server.base + path, timeout=30)
                assert response.status_code == 200, response.text[:2000]
                return response.text

            meeting_page = f"/meetings/{meeting_id}"
            kept = page(one, meeting_page)
            assert page(one, meeting_page) == kept  # the second one served from the cache
            assert "Fresh from the other process" not in kept
            response = browser.post(
                two,
                f"/items/{board.paper_item_id}/papers/new",
                {"title": "Fresh from the other process", "author_organisation_id": ""},
                files={"file": ("fresh.pdf", paper_file(7, 4096), "application/pdf")},
            )
            assert response.status_code == 302, response.text[:2000]
            assert "Fresh from the other process" in page(one, meeting_page)

            register = page(two, "/decisions")
            assert page(two, "/decisions") == register
            response = browser.post(
                one,
                f"/items/{board.decision_item_id}/decisions/new",
                decision_form("Resolved in the other process."),
            )
            assert response.status_code == 302, response.text[:2000]
            assert "Resolved in the other process." in page(two, "/decisions")
            errors = one.errors() + two.errors()
        assert errors == ""

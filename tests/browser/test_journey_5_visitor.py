"""Journey 5: a visitor, not signed in, reads a public board's decisions and is refused a
confidential paper."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.pages import assert_accessible, main_text, snap

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"


def test_visitor_reads_a_public_boards_decisions_but_not_a_confidential_paper(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("visitor")
    page.goto("/")
    page.locator("main").get_by_role("link", name=BOARD, exact=True).click()
    assert "Sign out" not in page.locator("header, nav").first.inner_text()
    page.get_by_role("link", name="Decisions").last.click()
    text = main_text(page)
    assert re.search(r"PB/\d{4}/\d{3}", text), text[:400]
    assert "Open the children's centre until 7pm on Thursdays" in text
    assert_accessible(page, "the decision register (visitor)")
    snap(page, "public-decisions")

    page.get_by_role("link", name=re.compile(r"PB.\d{4}.\d{3}")).first.click()
    assert "Resolution" in main_text(page)
    assert_accessible(page, "a decision trail (visitor)")

    # The special meeting's confidential item: not listed, and its paper refused by address.
    page.goto(f"/meetings/{live_server['special']}")
    text = main_text(page)
    assert "Parenting course tender scores" not in text
    assert "Tender evaluation scores" not in text
    response = page.goto(f"/papers/{live_server['confidential_paper']}")
    assert response is not None and response.status in (401, 403, 404)
    text = main_text(page)
    assert "Tender evaluation scores" not in text
    assert re.search(r"sign in|not allowed|not found", text, re.IGNORECASE)
    assert_accessible(page, "the refusal page")

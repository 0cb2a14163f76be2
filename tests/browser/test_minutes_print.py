"""Printed minutes: only the minutes, under the board's name and the meeting's title and date."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"


def test_printed_minutes_show_only_the_minutes_under_the_board_and_meeting(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("secretary")
    page.goto(f"/meetings/{live_server['approved_minutes']}/minutes")
    heading = page.locator(".print-heading")
    assert heading.is_hidden()  # on screen the breadcrumb and facts say the same
    assert page.locator("header.site").is_visible()

    page.emulate_media(media="print")
    assert heading.is_visible()
    assert heading.inner_text().startswith(BOARD) and "Minutes of" in heading.inner_text()
    for chrome in ("header.site", "footer.site", "main .tools", "main .button"):
        assert all(not el.is_visible() for el in page.locator(chrome).all()), chrome
    printed = page.locator("body").inner_text()
    assert printed.strip().startswith(BOARD)
    assert "Sign out" not in printed and "Action log" not in printed
    assert "Error" not in printed

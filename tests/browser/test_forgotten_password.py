"""A visitor on a phone: the start page says what the service is and links to the public
boards; sign-in says what the site is and offers "Forgotten your password?", whose form is
used with the keyboard alone and answers without saying whether the address has an account."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import assert_accessible, main_text, snap

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"


def _fits(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide at 360px"


def test_a_visitor_on_a_phone_learns_what_the_site_is_and_can_ask_for_a_new_password(
    open_page: Any,
) -> None:
    page = open_page("visitor", width=360, height=740)
    page.goto("/")
    text = main_text(page)
    assert "meetings, papers, decisions and minutes of partnership boards" in text
    assert "What public boards publish" in text
    assert page.locator("main").get_by_role("link", name=BOARD, exact=True).is_visible()
    _fits(page)
    assert_accessible(page, "the visitor's start page")
    snap(page, "start-page-phone")

    page.locator("main").get_by_role("link", name="sign in").click()
    assert "partnership boards" in main_text(page)
    assert page.get_by_label("Email address").get_attribute("autocomplete") == "username"
    assert page.get_by_label("Password").get_attribute("autocomplete") == "current-password"
    page.get_by_role("link", name="Forgotten your password?").click()
    _fits(page)
    assert_accessible(page, "the forgotten-password form")

    # Keyboard only: the address, then Enter sends the form.
    page.get_by_label("Email address").focus()
    page.keyboard.type("nobody-here@demo.test")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Check your email").wait_for()
    text = main_text(page)
    assert "If nobody-here@demo.test has an account here" in text
    _fits(page)
    assert_accessible(page, "the check-your-email page")

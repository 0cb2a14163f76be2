"""The chair finds a request for consent to late papers under "needs doing" on their home page,
on a phone, reads the question and grants it with the keyboard; the record says how."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import assert_accessible, main_text

pytestmark = pytest.mark.browser


def test_the_chair_grants_a_waiting_request_from_their_home_page_on_a_phone(
    open_page: Any,
) -> None:
    page = open_page("chair", width=360, height=740)
    page.goto("/")
    needs = page.locator("#todo").locator("xpath=..")
    assert "Your consent" in needs.inner_text()
    with page.expect_navigation():
        needs.get_by_role("link", name="Children's Centre Development Group").first.click()
    text = main_text(page)
    assert "The inspector's letter arrived on Friday" in text and "Waiting for the chair" in text
    assert_accessible(page, "a request for the chair's consent")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    button = page.get_by_role("button", name="Grant consent: circulate them late")
    button.focus()
    with page.expect_navigation():  # the answer is a form post; read the page it leads to
        page.keyboard.press("Enter")
    text = main_text(page)
    assert "Consent granted" in text
    assert "given by the chair in the app" in text

"""A refused form opens with the error summary in a real browser: every problem listed, the
summary focused on load, each link moving the focus to its field, with the keyboard alone;
and a chosen file the browser dropped is named beside its field."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import assert_accessible, pdf, snap

pytestmark = pytest.mark.browser


def _focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => ({id: document.activeElement.id, cls: document.activeElement.className,"
        " tag: document.activeElement.tagName})"
    )


def test_the_summary_lists_both_problems_takes_the_focus_and_its_links_reach_the_fields(
    open_page: Any,
) -> None:
    page = open_page("parent")
    page.goto("/account/password")
    # Two problems: no current password, and the new one typed differently the second time.
    page.get_by_label("New password", exact=True).fill("a long enough new passphrase")
    page.get_by_label("New password again").fill("something else entirely")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state()

    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    links = summary.get_by_role("link")
    assert links.count() == 2
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "#current_password",
        "#confirm",
    ]
    assert page.title().startswith("Error: ")
    assert "error-summary" in _focused(page)["cls"]  # focused on load
    assert_accessible(page, "a refused form with its error summary")
    snap(page, "error-summary")

    # Keyboard only: Tab reaches the first link, Enter moves the focus to its field.
    page.keyboard.press("Tab")
    assert _focused(page)["tag"] == "A"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'current_password'")
    # The second link, activated from the keyboard too.
    summary.get_by_role("link").nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'confirm'")
    page.keyboard.type("x")
    assert page.locator("#confirm").input_value().endswith("x")


def test_a_chosen_file_is_named_to_be_chosen_again_when_the_form_comes_back(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("secretary")
    page.goto(f"/meetings/{live_server['upcoming']}")
    page.get_by_role("link", name="Add a paper").first.click()
    page.get_by_label("Title").fill("")
    page.get_by_label("File").set_input_files(pdf("Budget options"))
    page.get_by_role("button", name="Upload paper").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    note = page.locator("#file-again")
    assert "budget-options.pdf" in note.inner_text() and "choose it again" in note.inner_text()
    assert "file-again" in (page.get_by_label("File").get_attribute("aria-describedby") or "")
    assert_accessible(page, "the upload form come back with a chosen file")

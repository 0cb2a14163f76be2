"""The auditor's audit log in a browser: it fits the window on a desktop and on a phone, the
whole hash can be copied, and the filters work from the form. (Its accessibility is checked
with the other pages, in test_pages_accessibility.)"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _width(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


@pytest.mark.parametrize(("width", "options"), [(1280, {}), (360, {"is_mobile": True})])
def test_audit_log_and_verify_page_do_not_scroll_sideways(
    open_page: Any, live_server: dict[str, Any], width: int, options: dict[str, Any]
) -> None:
    page = open_page("auditor", width=width, height=800, **options)
    for address in ("/audit/", "/audit/verify"):
        response = page.goto(address)
        assert response is not None and response.status == 200
        assert _width(page) <= width + 1, f"{address} is {_width(page)} px wide at {width} px"
        # The hash is shown whole, wrapping inside its cell rather than widening the page.
        if address == "/audit/":
            box = page.locator("tr.event code.hash").first.bounding_box()
            assert box is not None and box["x"] + box["width"] <= width


def test_auditor_copies_a_hash_and_filters_by_kind_and_date(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("auditor")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/audit/")
    first = page.locator("tr.event").first
    # Names and plain verbs, not ids: the demo's events were made by the people of the demo.
    assert "user " not in first.locator("td.who").inner_text()
    button = first.get_by_role("button", name="Copy")
    button.click()
    whole = first.locator("code.hash").inner_text().strip()
    assert len(whole) == 64
    assert page.evaluate("() => navigator.clipboard.readText()") == whole
    assert button.inner_text() == "Copied"

    page.select_option("#f-action", "decision.record")
    page.fill("#f-since", "not a date")
    page.get_by_role("button", name="Filter").click()
    assert "Enter the date as YYYY-MM-DD" in page.locator("#f-since-error").inner_text()
    assert page.input_value("#f-since") == "not a date"
    page.fill("#f-since", "2000-01-01")
    page.get_by_role("button", name="Filter").click()
    kinds = set(page.locator("code.kind").all_inner_texts())
    assert kinds == {"decision.record"}
    assert "recorded the decision" in page.locator("td.what").first.inner_text()

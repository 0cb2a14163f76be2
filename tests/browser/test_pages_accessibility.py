"""Accessibility: axe-core finds no serious or critical violation on the main pages, for every
role, on a desktop window and, for a parent, on a 360 px phone; and no page scrolls sideways
on the phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import axe_violations, describe

pytestmark = pytest.mark.browser

ROLES = ("admin", "secretary", "chair", "parent", "auditor", "visitor")

#: (what the page is, its address with ids from arrange.py), checked for every role that may
#: see it.
PAGES = (
    ("home", "/"),
    ("board list", "/boards"),
    ("board page and membership", "/boards/{board}"),
    ("meeting and agenda", "/meetings/{upcoming}"),
    ("paper", "/papers/{special_paper}"),
    ("attendance register", "/meetings/{special}/attendance"),
    ("decision register", "/decisions"),
    ("decision trail", "/decisions/{special_decision}"),
    ("minutes", "/meetings/{approved_minutes}/minutes"),
    ("minutes changed after circulation", "/meetings/{changed_minutes}/minutes"),
    ("a circulated version of the minutes", "/meetings/{changed_minutes}/minutes/versions/1"),
    ("actions", "/boards/{board}/actions"),
    ("audit log", "/audit/"),
    ("outbox", "/outbox/"),
    ("login", "/login"),
)
#: Pages only the board's managers see in full, checked for the secretary.
MANAGER_PAGES = (
    ("people", "/people"),
    ("attendance figures", "/boards/{board}/attendance"),
    ("meetings list", "/boards/{board}/meetings"),
    ("held meeting", "/meetings/{special}"),
    ("papers on time", "/boards/{board}/compliance"),
    ("new agenda item", "/meetings/{upcoming}/items/new"),
    ("interests register", "/people/{chair}/interests"),
)
#: Pages a parent reads on a phone.
PHONE_PAGES = (
    "/",
    "/boards/{board}",
    "/boards/{board}/meetings",
    "/meetings/{upcoming}",
    "/meetings/{special}",
    "/papers/{special_paper}",
    "/decisions",
    "/decisions/{special_decision}",
    "/meetings/{approved_minutes}/minutes",
    "/meetings/{changed_minutes}/minutes",
)


def sweep(page: Any, addresses: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Visit each page the role may see; return the pages checked and what axe found."""
    checked, problems = [], []
    for name, address in addresses:
        response = page.goto(address)
        if response is None or response.status != 200:
            continue
        if address != "/login" and "/login" in page.url:
            continue
        checked.append(name)
        violations = axe_violations(page)
        if violations:
            problems.append(describe(violations, f"{name} ({address})"))
    return checked, problems


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_have_no_serious_accessibility_violations(
    role: str, open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page(role)
    pages = PAGES + (MANAGER_PAGES if role == "secretary" else ())
    addresses = [(name, address.format(**live_server)) for name, address in pages]
    checked, problems = sweep(page, addresses)
    assert not problems, f"As {role}:\n" + "\n".join(problems)
    expected = {"home", "board list", "board page and membership", "decision register"}
    expected |= {"decision trail"}
    if role == "visitor":
        expected |= {"login"}
    else:
        expected |= {"meeting and agenda", "paper", "minutes"}
    assert expected <= set(checked), f"As {role} only these pages opened: {checked}"


def test_a_refusal_page_has_no_serious_accessibility_violations(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("parent")
    response = page.goto("/audit/")
    assert response is not None and response.status == 403
    violations = axe_violations(page)
    assert not violations, describe(violations, "the 403 page")


def test_a_parent_on_a_phone_gets_accessible_pages_that_do_not_scroll_sideways(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("parent", width=360, height=740, is_mobile=True, has_touch=True)
    problems, wide = [], []
    for address in (a.format(**live_server) for a in PHONE_PAGES):
        response = page.goto(address)
        assert response is not None and response.status == 200, address
        violations = axe_violations(page)
        if violations:
            problems.append(describe(violations, f"{address} at 360 px"))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 361:
            wide.append(f"{address} is {width} px wide")
    assert not problems, "\n".join(problems)
    assert not wide, "Pages scroll sideways on a 360 px phone: " + "; ".join(wide)


def test_the_checker_reports_serious_violations_readably(open_page: Any) -> None:
    page = open_page("visitor")
    page.set_content(
        '<html lang="en"><title>Broken</title><main><h1>Broken</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button></main></html>'
    )
    violations = axe_violations(page)
    found = {v["id"] for v in violations}
    assert {"image-alt", "button-name"} <= found
    report = describe(violations, "a page made to fail")
    assert "image-alt (critical)" in report and "img" in report

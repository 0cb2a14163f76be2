"""The parent on a 360 px phone and with the keyboard: the glossary opens in place, the
calendar buttons, agreeing only after reading, and the home page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.pages import assert_accessible

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740, "is_mobile": True, "has_touch": True}


def assert_fits(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 361, f"{page.url} is {width} px wide on a 360 px phone"


def focused(page: Any) -> dict[str, Any]:
    """What has the keyboard focus, and whether its focus is drawn."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(), id: el.id || '', text: el.textContent.trim(),
                cls: el.className || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            };
        }"""
    )


def tab_to(page: Any, matches: Any, limit: int = 80) -> dict[str, Any]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] != "body" and matches(now):
            assert now["outline"], f"no visible focus on {now}"
            return now
    raise AssertionError(f"Tab never reached the element on {page.url}")


def expanded(page: Any, name: str) -> list[bool]:
    """Whether each button of this name is announced as expanded, from Chromium's own
    accessibility tree (the popover sets it, not an attribute a script keeps up to date)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    found = []
    for node in nodes:
        if node.get("role", {}).get("value") != "button":
            continue
        if node.get("name", {}).get("value") != name:
            continue
        props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        found.append(bool(props.get("expanded")))
    session.detach()
    return [state for state in found if state] or found[:1]


# 1. The glossary ------------------------------------------------------------------------------


def _meeting_with_terms(page: Any, live_server: dict[str, Any]) -> None:
    page.goto(f"/meetings/{live_server['upcoming']}")
    page.wait_for_load_state()


def test_tapping_a_glossary_term_on_a_phone_opens_its_meaning_under_the_word(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("parent", **PHONE)
    _meeting_with_terms(page, live_server)
    address = page.url
    term = page.get_by_role("button", name="Accountable Body").first
    term.scroll_into_view_if_needed()
    tip = page.locator(".gloss-tip:popover-open")
    assert tip.count() == 0
    term.tap()
    assert page.url == address, "tapping a term left the page"
    assert tip.count() == 1 and tip.is_visible()
    assert "holds the programme's money" in tip.inner_text()
    word, box = term.bounding_box(), tip.bounding_box()
    assert box["y"] >= word["y"] + word["height"] - 1, (word, box)
    assert box["y"] - (word["y"] + word["height"]) < 24, "the meaning is not under the word"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert expanded(page, "Accountable Body") == [True]
    assert_fits(page)
    assert_accessible(page, "a glossary meaning open at 360 px")
    # A tap elsewhere closes it, and the page is where it was.
    page.locator("h1").tap()
    assert tip.count() == 0 and page.url == address


def test_a_glossary_term_opens_and_closes_with_the_keyboard(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("parent", **PHONE)
    _meeting_with_terms(page, live_server)
    tab_to(page, lambda f: "gloss-term" in f["cls"] and f["text"] == "Accountable Body")
    assert expanded(page, "Accountable Body") == [False]
    page.keyboard.press("Enter")
    tip = page.locator(".gloss-tip:popover-open")
    assert tip.is_visible() and "holds the programme's money" in tip.inner_text()
    assert expanded(page, "Accountable Body") == [True]
    # The link to the full glossary is the next stop, inside the meaning.
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("More in the glossary")
    page.keyboard.press("Escape")
    assert tip.count() == 0
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert page.locator(".gloss-tip:popover-open").count() == 1


def test_glossary_terms_need_no_script_and_keep_to_the_content_security_policy(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("parent", java_script_enabled=False, bypass_csp=False, **PHONE)
    _meeting_with_terms(page, live_server)
    term = page.get_by_role("button", name="Accountable Body").first
    term.tap()
    tip = page.locator(".gloss-tip:popover-open")
    assert tip.is_visible() and "holds the programme's money" in tip.inner_text()

"""The parent on a 360 px phone and with the keyboard: the glossary opens in place, the
calendar buttons, agreeing only after reading, and the home page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

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


# 2. The calendar ------------------------------------------------------------------------------


def test_from_the_home_page_a_parent_gets_calendar_buttons_and_copies_the_address(
    open_page: Any, base_url: str
) -> None:
    page = open_page("parent", permissions=["clipboard-read", "clipboard-write"], **PHONE)
    page.goto("/")
    page.locator("main").get_by_role("link", name=re.compile("in your phone.s calendar")).tap()
    page.wait_for_url(re.compile(r"/account/calendar$"))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("feed address", re.I)).tap()
    for name in ("Add to Google Calendar", "Add to Apple Calendar", "Add to Outlook"):
        button = page.get_by_role("link", name=name, exact=True)
        assert button.is_visible(), name
        box = button.bounding_box()
        assert box["height"] >= 40 and box["x"] + box["width"] <= 360, (name, box)
    apple = page.get_by_role("link", name="Add to Apple Calendar").get_attribute("href")
    assert apple.startswith("webcal://")
    address = page.locator("#feed-url")
    text = address.inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/calendar/[\w-]+\.ics", text), text
    shown = address.bounding_box()
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= 360, shown
    assert address.evaluate("e => e.scrollWidth <= e.clientWidth"), "the address is cut off"
    assert_fits(page)
    copy = page.get_by_role("button", name="Copy the address")
    copy.tap()
    expect(page.locator("#copy-status")).to_have_text(re.compile("^Copied"))
    assert page.evaluate("() => navigator.clipboard.readText()") == text
    assert not page.console_errors, page.console_errors
    assert_accessible(page, "the calendar page at 360 px")


def test_the_calendar_buttons_are_reached_and_used_with_the_keyboard(
    open_page: Any,
) -> None:
    page = open_page("chair", permissions=["clipboard-read", "clipboard-write"], **PHONE)
    page.goto("/account/calendar")
    tab_to(page, lambda f: f["tag"] == "input" and f["id"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["text"] == "Add to Google Calendar")
    tab_to(page, lambda f: f["text"] == "Add to Apple Calendar")
    tab_to(page, lambda f: f["text"] == "Add to Outlook")
    tab_to(page, lambda f: f["text"] == "Copy the address")
    page.keyboard.press("Enter")
    expect(page.locator("#copy-status")).to_have_text(re.compile("^Copied"))
    assert (
        page.evaluate("() => navigator.clipboard.readText()")
        == page.locator("#feed-url").inner_text()
    )


# 3. Induction: agreeing only after reading, with the keyboard ---------------------------------


def test_a_reading_page_leads_back_to_the_induction_with_the_keyboard(open_page: Any) -> None:
    page = open_page("parent", **PHONE)
    page.goto("/")
    page.get_by_role("link", name="Your whole induction").tap()
    page.wait_for_url(re.compile(r"/induction/records/\d+$"))
    record = page.url
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Reading a board paper")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/induction/material/" in page.url
    assert_fits(page)
    tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith("Done"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == record
    row = page.locator("main tr").filter(has_text="How to read a board paper").first
    assert "not read yet" not in row.inner_text() and "read " in row.inner_text()


# 5. The home page -----------------------------------------------------------------------------


def test_the_parents_home_page_on_a_phone(open_page: Any, live_server: dict[str, Any]) -> None:
    page = open_page("parent", **PHONE)
    page.goto("/")
    assert_fits(page)
    # The next induction step is on the first screen, above the meetings, with a link to it.
    step = page.locator("#next-step").locator("xpath=..")
    box = step.bounding_box()
    assert box is not None and box["y"] < 740, box
    assert box["y"] < page.locator("#coming-up").bounding_box()["y"]
    assert step.get_by_role("link").count() >= 1
    # Meeting cards give the meeting's title; those of groups she is not on come after her
    # own and say so.
    mine = page.locator("#coming-up ~ .meeting-cards > li")
    titles = [t.strip() for t in mine.locator("h3").all_inner_texts()]
    assert "Partnership Board meeting" in titles, titles
    assert "Short meeting: approval of minutes" in titles, titles
    for i in range(mine.count()):
        assert "not a member" not in mine.nth(i).inner_text()
    others = page.locator(".other-meetings > li")
    assert others.count() >= 1
    for i in range(others.count()):
        assert "You are not a member of this group" in others.nth(i).inner_text()
    # Every induction step to do has a link to do it, and each date says what it is.
    for item in page.locator("#my-induction ~ .card li.step-todo, li.step-todo").all():
        assert item.get_by_role("link").count() >= 1, item.inner_text()
        assert re.search(r"(due by|was due) \d{1,2} \w+ \d{4}", item.inner_text()), (
            item.inner_text()
        )
    assert_accessible(page, "the parent's home page at 360 px")


def test_the_reply_forms_help_heading_fits_its_box_at_360_px(
    open_page: Any, live_server: dict[str, Any]
) -> None:
    page = open_page("parent", **PHONE)
    page.goto(f"/meetings/{live_server['upcoming']}/reply")
    for fieldset in page.locator(".reply-form > fieldset").all():
        legend, box = fieldset.locator("legend").first.bounding_box(), fieldset.bounding_box()
        assert (
            legend["x"] >= box["x"] and legend["x"] + legend["width"] <= box["x"] + box["width"]
        ), (legend, box)
        # Inside the box, not straddling its top border.
        assert legend["y"] >= box["y"] + 1, (legend, box)
    help_box = page.locator(".reply-form > fieldset").nth(1)
    assert "do you need any help" in help_box.locator("legend").first.inner_text()
    assert_fits(page)


def test_due_dates_keep_their_labels_on_the_induction_record_at_360_px(open_page: Any) -> None:
    page = open_page("parent", **PHONE)
    page.goto("/")
    page.get_by_role("link", name="Your whole induction").tap()
    page.wait_for_url(re.compile(r"/induction/records/\d+$"))
    rows = page.locator("main table.induction-steps tbody tr").all()
    assert rows
    for row in rows:
        assert re.search(r"Due \d{1,2} \w{3} \d{4}", row.inner_text()), row.inner_text()
    assert_fits(page)

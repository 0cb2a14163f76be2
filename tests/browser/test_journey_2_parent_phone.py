"""Journey 2: a parent on a 360 px phone replies to a meeting notice asking for a crèche place,
reads the papers, meets a glossary explanation, opens her induction reading and agrees to a
step herself; then the same reply made with the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.pages import assert_accessible, main_text, snap

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"
PHONE = {"width": 360, "height": 740, "is_mobile": True, "has_touch": True}


def next_meeting(page: Any) -> None:
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Boards").click()
    page.locator("main").get_by_role("link", name=BOARD, exact=True).click()
    page.get_by_role("link", name="Meetings and papers").click()
    coming_up = page.locator("main table").first
    coming_up.get_by_role("link", name="Partnership Board meeting", exact=True).first.click()


def assert_fits(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 361, f"{page.url} is {width} px wide on a 360 px phone"


def test_parent_on_a_phone_replies_with_a_childcare_need_reads_papers_and_the_glossary(
    open_page: Any,
) -> None:
    page = open_page("parent", **PHONE)
    next_meeting(page)
    meeting = page.url
    assert_fits(page)
    # The demo parent may have replied already; then the link offers to change the reply.
    page.get_by_role("link", name=re.compile("^(Reply now|Change my reply)$")).tap()
    page.wait_for_url(re.compile(r"/reply$"))
    page.get_by_label("Yes, I will be there").check()
    if not page.locator("details").first.evaluate("d => d.open"):
        page.get_by_text("Crèche, travel, access or an interpreter").tap()
    page.get_by_label("Crèche places for my children").check()
    page.get_by_label("How many children?").fill("2")
    page.get_by_label("Their ages").fill("1 and 3")
    assert_fits(page)
    assert_accessible(page, "the reply form at 360 px")
    snap(page, "parent-phone-reply", docs=True)
    page.get_by_role("button", name="Send my reply").tap()
    page.wait_for_url(lambda url: not url.endswith("/reply"))
    text = main_text(page)
    assert re.search(r"Your reply: Attending.*crèche", text, re.IGNORECASE), text[:400]

    page.goto(meeting)
    page.get_by_role("link", name="Programme manager's report").first.tap()
    page.wait_for_url(re.compile(r"/papers/\d+$"))
    text = main_text(page)
    assert "What the programme has done since the last meeting" in text
    assert_fits(page)
    assert_accessible(page, "a paper at 360 px")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download|version 1", re.IGNORECASE)).first.tap()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(meeting)
    # The term opens its meaning where it is; the full glossary is one more tap away.
    page.get_by_role("button", name="Accountable Body").first.tap()
    assert page.url == meeting
    page.locator(".gloss-tip:popover-open").get_by_role("link").tap()
    page.wait_for_url(re.compile(r"/glossary"))
    assert "holds the programme's money" in main_text(page)
    assert_fits(page)
    assert_accessible(page, "the glossary at 360 px")

    page.goto("/")
    page.get_by_role("link", name="Reading a board paper").first.tap()
    page.wait_for_url(re.compile(r"/induction/material/"))
    assert_fits(page)
    page.goto("/")
    page.get_by_role("link", name="Your whole induction").tap()
    page.wait_for_url(re.compile(r"/induction/records/"))
    row = page.locator("main tr").filter(has_text="Reading a board paper").first
    assert "not read yet" not in row.inner_text()
    assert re.search(r"read \d{1,2} \w{3} \d{4}", row.inner_text())
    # She agrees to the confidentiality step herself, and only once she has opened its
    # reading: until then the row offers the reading, not "I agree".
    record = page.url
    row = page.locator("main tr").filter(has_text="Confidentiality agreement").first
    assert row.get_by_role("button", name=re.compile("I agree")).count() == 0
    assert re.search(r"Due \d{1,2} \w{3} \d{4}", row.inner_text()), row.inner_text()
    row.locator(".read-first").get_by_role("link").tap()
    page.wait_for_url(re.compile(r"/induction/material/"))
    assert_fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("I agree")).tap()
    assert page.url.split("#")[0] == record.split("#")[0]
    row = page.locator("main tr").filter(has_text="Confidentiality agreement").first
    assert "Done" in row.inner_text() and "agreed by Chloe Bennett" in row.inner_text()
    assert_fits(page)
    assert_accessible(page, "the induction record at 360 px")
    snap(page, "parent-phone-induction", docs=True)


def focused(page: Any) -> dict[str, str]:
    """What has the keyboard focus, and whether it is drawn so a sighted user can see it."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                tag: el.tagName.toLowerCase(), id: el.id || '', text: el.textContent.trim(),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                    ? 'yes' : (style.boxShadow !== 'none' ? 'yes' : 'no'),
            };
        }"""
    )


def tab_to(page: Any, matches: Any, limit: int = 60) -> dict[str, str]:
    """Press Tab until the focused element matches; every stop on the way must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body":  # past the last link, before wrapping round
            continue
        assert now["outline"] == "yes", f"no visible focus on {now} at {page.url}"
        if matches(now):
            return now
    raise AssertionError(f"Tab never reached the element on {page.url}")


def test_parent_replies_and_meets_the_glossary_with_the_keyboard_alone(open_page: Any) -> None:
    page = open_page("parent", **PHONE)
    next_meeting(page)
    # A glossary term opens its meaning with Enter, without a pointer.
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Accountable Body")
    page.keyboard.press("Enter")
    tip = page.locator(".gloss-tip:popover-open")
    assert tip.is_visible() and tip.bounding_box()["width"] > 50
    assert "holds the programme's money" in tip.inner_text()

    page.reload()
    # Journey 2 may have replied already; then the link offers to change the reply.
    tab_to(page, lambda f: f["text"] in ("Reply now", "Change my reply"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/reply$"))
    tab_to(page, lambda f: f["id"].startswith("choice-"))
    if focused(page)["id"] != "choice-0":
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    assert page.get_by_label("Yes, I will be there").is_checked()
    tab_to(page, lambda f: f["tag"] == "summary")
    if not page.locator("details").first.evaluate("d => d.open"):
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["id"] == "childcare")
    if not page.get_by_label("Crèche places for my children").is_checked():
        page.keyboard.press("Space")
    tab_to(page, lambda f: f["id"] == "children")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    tab_to(page, lambda f: f["id"] == "ages")
    page.keyboard.press("Control+A")
    page.keyboard.type("0, 2 and 4")
    tab_to(page, lambda f: f["id"] == "submit")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: not url.endswith("/reply"))
    assert re.search(r"crèche", main_text(page), re.IGNORECASE)
    page.goto(page.url.rstrip("/") + "/reply")
    assert page.get_by_label("How many children?").input_value() == "3"
    assert re.fullmatch(r"0\D+2\D+4", page.get_by_label("Their ages").input_value())

"""Journey 1: a secretary schedules a meeting, builds its agenda, uploads papers, circulates
them on time, then circulates a late paper with a reason and the chair's consent, and sees the
board's 'no surprises' figures change."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.pages import agenda_item, assert_accessible, main_text, pdf, snap

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"


def figures(page: Any) -> tuple[int, int, int]:
    """(papers on time, papers circulated, late papers) as the compliance page states them."""
    page.goto("/boards")
    page.get_by_role("link", name=BOARD).click()
    page.get_by_role("link", name="Papers on time").click()
    text = main_text(page)
    on_time = re.search(r"on time \((\d+) of (\d+) papers\)", text)
    late = re.search(r"(\d+) late\b", text)
    assert on_time and late, text[:500]
    return int(on_time[1]), int(on_time[2]), int(late[1])


def schedule(page: Any, title: str, day: date) -> None:
    page.goto("/boards")
    page.get_by_role("link", name=BOARD).click()
    page.get_by_role("link", name="Meetings and papers").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("12:00")
    page.get_by_label("Place").fill("Northbank Children's Centre, Community Room")
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_role("heading", level=1, name=title).wait_for()


def add_item(page: Any, title: str, purpose: str) -> None:
    page.get_by_role("link", name="Add agenda item").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Purpose").select_option(label=purpose)
    page.get_by_label("Presented by").fill("Programme manager")
    page.get_by_label("Minutes allotted").fill("20")
    page.get_by_role("button", name="Save item").click()
    agenda_item(page, title)


def issue_notice(page: Any) -> None:
    """Issue the notice after reading whom it will reach and the mail they will read."""
    page.get_by_role("link", name="Issue notice to members").click()
    text = main_text(page)
    assert "It will go to" in text and "Notice of meeting:" in text
    page.get_by_role("button", name=re.compile(r"^Send the notice to \d+ people$")).click()


def upload(page: Any, item: str, title: str, summary: str) -> None:
    agenda_item(page, item).get_by_role("link", name="Add a paper").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("File").set_input_files(pdf(title))
    page.get_by_label("Plain-language summary").fill(summary)
    page.get_by_role("button", name="Upload paper").click()


def test_secretary_circulates_papers_on_time_then_one_late_and_sees_the_figures_change(
    open_page: Any,
) -> None:
    page = open_page("secretary")
    on_time_before, papers_before, late_before = figures(page)

    title = "Partnership Board development session"
    schedule(page, title, date.today() + timedelta(days=28))
    assert "Draft" in main_text(page)
    add_item(page, "Children's centre core offer", "For decision")
    add_item(page, "Programme manager's report", "For information")
    upload(
        page,
        "Children's centre core offer",
        "Core offer options",
        "Which services move into the new building; the board is asked to choose one option.",
    )
    upload(page, "Programme manager's report", "Manager's report", "What the team did this term.")
    text = main_text(page)
    assert "Core offer options" in text and "Manager's report" in text
    assert text.count("not circulated") >= 2

    issue_notice(page)
    assert "Notice sent to" in main_text(page)
    page.get_by_role("link", name="Circulate agenda and papers").click()
    assert "On time" in main_text(page)
    assert_accessible(page, "the circulation page (on time)")
    page.get_by_role("button", name="Circulate to members").click()
    # A mass mail: whom it reaches and what they read, before anything is sent.
    assert "Check before sending" in main_text(page)
    assert "This will reach" in main_text(page)
    page.get_by_role("button", name=re.compile(r"^Send to \d+ (people|person)$")).click()
    text = main_text(page)
    assert "not circulated yet" not in text and "not circulated" not in text
    assert "Late" not in page.locator("main .tag").all_inner_texts()
    snap(page, "meeting-agenda", docs=True)

    # A paper for a meeting three days away misses the five-clear-day deadline.
    schedule(page, "Extraordinary meeting: crèche registration", date.today() + timedelta(days=3))
    add_item(page, "Crèche registration", "For information")
    upload(page, "Crèche registration", "Ofsted letter", "What the inspector asked us to fix.")
    issue_notice(page)
    page.get_by_role("link", name="Circulate agenda and papers").click()
    assert "The deadline has passed" in main_text(page)
    page.get_by_role("button", name="Circulate to members").click()
    # Without a reason and consent nothing goes out, and the form says why beside the field.
    assert page.get_by_label("Why is this late?").is_visible()
    assert page.locator("main .error, main [id$='-error']").count() >= 1
    assert_accessible(page, "the circulation page with a late-paper error")
    page.get_by_label("Why is this late?").fill(
        "The inspector's letter arrived on Friday, after the deadline."
    )
    # The chair agreed by phone: the secretary records it as exactly that.
    page.get_by_label("The chair has already agreed by phone or in person").check()
    page.get_by_label("Chair who agreed").select_option(label="Bernadette Quinn")
    page.get_by_role("button", name="Circulate to members").click()
    assert "on the chair's word" in main_text(page)
    page.get_by_role("button", name=re.compile(r"^Send to \d+ (people|person)$")).click()
    text = main_text(page)
    assert "Late" in page.locator("main .tag").all_inner_texts()
    assert "The inspector's letter arrived on Friday" in text
    assert "agreed by Bernadette Quinn, recorded by the secretary on the chair's word" in text
    snap(page, "meeting-late-paper")

    on_time_after, papers_after, late_after = figures(page)
    assert (on_time_after, papers_after, late_after) == (
        on_time_before + 2,
        papers_before + 3,
        late_before + 1,
    )
    assert_accessible(page, "the compliance page")
    snap(page, "compliance", docs=True)

"""Journey 3: at a held meeting a secretary records attendance, a declaration of interest and a
decision with its rationale and alternatives, then drafts and circulates the minutes; at the
next meeting the board's decision approves them, which locks them and confirms the decision."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.arrange import UNDER_WAY
from tests.browser.pages import agenda_item, assert_accessible, main_text, snap

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"
EXTRAORDINARY = "Extraordinary meeting: parenting course"
ITEM = "Commissioning a parenting course"


def open_meeting(page: Any, title: str, *, coming_up: bool = False) -> str:
    """Follow the board's meeting list to a meeting (the next of that title if `coming_up`)."""
    page.goto("/boards")
    page.get_by_role("link", name=BOARD).click()
    page.get_by_role("link", name="Meetings and papers").click()
    table = page.locator("main table").first if coming_up else page.locator("main")
    table.get_by_role("link", name=title, exact=True).first.click()
    return page.url


def record_register(page: Any, apologies: str | None = None) -> None:
    """Everyone present (one apology), saved through the attendance register."""
    page.get_by_role("link", name=re.compile("^Attendance")).click()
    selects = page.locator("main select[id^='status_']")
    for i in range(selects.count()):
        selects.nth(i).select_option("present")
    if apologies:
        page.get_by_label(f"Attendance of {apologies}").select_option("apologies")
    page.get_by_role("button", name="Save the register").click()


def test_secretary_records_a_meeting_and_the_next_meeting_approves_its_minutes(
    open_page: Any,
) -> None:
    page = open_page("secretary")
    meeting_url = open_meeting(page, EXTRAORDINARY)

    record_register(page, apologies="Gary Fenwick")
    assert page.get_by_label("Attendance of Gary Fenwick").input_value() == "apologies"
    assert page.get_by_label("Attendance of Nadia Hussain").input_value() == "present"
    assert_accessible(page, "the attendance register")
    snap(page, "attendance-register")

    page.goto(meeting_url)
    agenda_item(page, ITEM).get_by_role("link", name="Record a declaration of interest").click()
    page.get_by_label("Who is declaring").select_option(label="Nadia Hussain")
    page.get_by_label("The interest, as it will be minuted").fill(
        "Manages Parents Together Northbank, which has bid to run the course."
    )
    page.get_by_label("What they did").select_option(label="Withdrew from the item")
    page.get_by_role("button", name="Record the declaration").click()
    assert "Nadia Hussain" in main_text(page)

    page.goto(meeting_url)
    agenda_item(page, ITEM).get_by_role("link", name="Record a decision").click()
    resolution = "Commission Family Links to run two ten-week parenting courses in 2027."
    page.get_by_label("Resolution").fill(resolution)
    page.get_by_role("button", name="Record the decision").click()
    # The meeting is over, so the time of the decision is asked for beside its field.
    assert page.locator("#taken_time-error").is_visible()
    page.get_by_label("Time the decision was taken").fill("18:40")
    page.get_by_role("button", name="Record the decision").click()
    # Without a rationale the form comes back, filled in, with the message beside the field.
    assert page.locator("#rationale-error").is_visible()
    assert page.get_by_label("Resolution").input_value() == resolution
    page.get_by_label("Why the board decided this").fill(
        "Family Links scored highest on the panel's criteria and can run a crèche alongside "
        "each session, which parents said they need in order to attend."
    )
    page.get_by_label("Alternatives considered, and why they were rejected").fill(
        "Parents Together Northbank's bid: rejected on cost. Running the course in-house: "
        "rejected, as no staff member is trained to deliver it."
    )
    page.get_by_role("button", name="Record the decision").click()
    text = main_text(page)
    number = re.search(r"PB/\d{4}/\d{3}", text)
    assert number, text[:400]
    assert "Family Links scored highest" in text
    assert "Running the course in-house" in text
    assert "Nadia Hussain" in text and "withdrew" in text.lower()
    assert "quorate" in text.lower()
    assert_accessible(page, "a decision trail")
    snap(page, "decision-trail", docs=True)

    page.goto(meeting_url)
    page.get_by_role("link", name="Minutes").click()
    page.get_by_role("link", name="Write notes").click()
    page.get_by_label(re.compile("parenting course")).fill(
        "The panel chair summarised the three bids. Nadia Hussain left the room for this item."
    )
    page.get_by_role("button", name="Save notes").click()
    text = main_text(page)
    assert "The panel chair summarised the three bids" in text
    assert number[0] in text and "Gary Fenwick" in text
    page.get_by_role("button", name="Circulate draft to members").click()
    assert "Circulated" in main_text(page)
    minutes_url = page.url

    # The next meeting, under way now and its register taken, approves the minutes by a
    # decision (a meeting that has not started yet offers no "Record a decision").
    next_meeting = open_meeting(page, UNDER_WAY, coming_up=True)
    record_register(page)
    page.goto(next_meeting)
    agenda_item(page, "Minutes of the last meeting and matters arising").get_by_role(
        "link", name="Record a decision"
    ).click()
    page.get_by_label("Resolution").fill(
        "Approve the minutes of the extraordinary meeting on the parenting course as a true record."
    )
    page.get_by_label("Why the board decided this").fill(
        "Members had the draft a week before the meeting and asked for no changes."
    )
    page.get_by_label("If there were no alternatives, say why").fill(
        "Minutes are either approved as a true record or corrected."
    )
    page.get_by_role("button", name="Record the decision").click()
    approving = re.search(r"PB/\d{4}/\d{3}", main_text(page))
    assert approving and approving[0] != number[0]

    page.goto(minutes_url)
    page.get_by_role("link", name="Record approval").click()
    choice = page.get_by_label("Approved by decision")
    choice.select_option(choice.locator("option", has_text=approving[0]).get_attribute("value"))
    page.get_by_role("button", name="Approve and lock the minutes").click()
    text = main_text(page)
    assert "Approved" in text and approving[0] in text
    assert page.get_by_role("link", name="Write notes").count() == 0
    assert_accessible(page, "approved minutes")
    snap(page, "minutes-approved", docs=True)

    page.goto("/decisions")
    row = page.locator("main tr").filter(has_text=number[0])
    assert "Confirmed" in row.inner_text()

"""Scheduling in a real browser, on a phone, with the content security policy in force: the
form starts from the board's usual time and place and warns as soon as a date is chosen; the
agenda starts in one step; the notice is confirmed after seeing whom it reaches."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from governance import bank_holidays
from tests.browser.pages import assert_accessible, main_text

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"


def _next_weekday_holiday(after: date) -> date:
    days = [
        d
        for year in (after.year, after.year + 1)
        for d in bank_holidays.england_and_wales(year)
        if d > after
    ]
    return min(days)


def test_the_schedule_form_warns_at_once_about_a_date_too_soon_or_on_a_holiday(
    open_page: Any,
) -> None:
    page = open_page("secretary", width=360, height=780, bypass_csp=False)
    page.goto("/boards")
    page.get_by_role("link", name=BOARD).click()
    page.get_by_role("link", name="Meetings and papers").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.wait_for_url("**/meetings/new")
    page.wait_for_load_state("load")  # the form's script is listening
    assert page.get_by_label("Starts").input_value() == "10:00"
    assert "Community Room" in page.get_by_label("Place").input_value()
    notes = page.locator("#schedule-notes")

    page.get_by_label("Date").fill((date.today() + timedelta(days=3)).isoformat())
    notes.get_by_text(re.compile("already passed")).wait_for()

    holiday = _next_weekday_holiday(date.today() + timedelta(days=14))
    page.get_by_label("Date").fill(holiday.isoformat())
    notes.get_by_text(re.compile("bank holiday in England and Wales")).wait_for()
    assert "already passed" not in notes.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []


def test_a_secretary_starts_an_agenda_in_one_step_and_confirms_the_notice(
    open_page: Any,
) -> None:
    page = open_page("secretary")
    page.goto("/boards")
    page.get_by_role("link", name=BOARD).click()
    page.get_by_role("link", name="Meetings and papers").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title").fill("Partnership Board: extra meeting")
    page.get_by_label("Date").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Save meeting").click()
    page.get_by_role("heading", level=1, name="Partnership Board: extra meeting").wait_for()
    page.get_by_role("button", name=re.compile("^Copy the agenda of the last meeting")).click()
    page.get_by_role("button", name="Add the standard items").click()
    text = main_text(page)
    assert "Apologies for absence" in text and "Any other business" in text
    page.get_by_role("link", name="Issue notice to members").click()
    text = main_text(page)
    assert re.search(r"It will go to \d+ people: \d+ members and \d+ officers?", text)
    assert "Notice of meeting:" in text
    assert_accessible(page, "the notice confirmation page")
    page.get_by_role("button", name=re.compile(r"^Send the notice to \d+ people$")).click()
    assert "Notice sent to" in main_text(page)

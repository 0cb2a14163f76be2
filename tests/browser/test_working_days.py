"""The schedule form's instant warning counts clear working days as the server does: a bank
holiday is not a working day, so the paper deadline moves earlier over one."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from governance.meetings import rules

pytestmark = pytest.mark.browser

BOARD = "Northbank Sure Start Partnership Board"


def _weekdays_only_first_clear_day(meeting_day: date, clear_days: int) -> date:
    """The rule before bank holidays were known: only weekends skipped."""
    day, counted = meeting_day, 0
    while counted < clear_days:
        day -= timedelta(days=1)
        counted += day.weekday() < 5
    return day


def _date_where_a_bank_holiday_decides(today: date) -> tuple[date, int]:
    """A meeting day and a notice period whose deadline has passed only because a bank
    holiday is not counted as a working day."""
    for ahead in range(1, 400):
        day = today + timedelta(days=ahead)
        for clear_days in range(1, 61):
            last = rules.first_clear_day(day, clear_days, True) - timedelta(days=1)
            old_last = _weekdays_only_first_clear_day(day, clear_days) - timedelta(days=1)
            if last < today <= old_last:
                return day, clear_days
    raise AssertionError("no bank holiday within a year")


def test_the_forms_instant_warning_skips_bank_holidays_like_the_server(open_page: Any) -> None:
    page = open_page("secretary", bypass_csp=False)
    today = date.today()
    day, clear_days = _date_where_a_bank_holiday_decides(today)

    def counting_working_days(route: Any) -> None:
        # The board counts clear working days (as if so set on the board's page).
        response = route.fetch()
        body = response.text()
        body = re.sub(r'data-clear-days="\d+"', f'data-clear-days="{clear_days}"', body)
        body = body.replace('data-working-days="false"', 'data-working-days="true"')
        route.fulfill(response=response, body=body)

    page.route("**/meetings/new", counting_working_days)
    page.goto("/boards")
    page.get_by_role("link", name=BOARD).click()
    page.get_by_role("link", name="Meetings and papers").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.wait_for_url("**/meetings/new")
    page.wait_for_load_state("load")
    notes = page.locator("#schedule-notes")
    assert notes.get_attribute("data-today") == today.isoformat()
    assert notes.get_attribute("data-working-days") == "true"
    page.get_by_label("Date").fill(day.isoformat())
    notes.get_by_text(re.compile("already passed")).wait_for()
    last = rules.first_clear_day(day, clear_days, True) - timedelta(days=1)
    assert f"{last:%A} {last.day} {last:%B}" in notes.inner_text()
    assert page.console_errors == []

"""Bank holidays in England and Wales, computed by rule: checked against the published lists."""

from __future__ import annotations

from datetime import date

import pytest

from governance import bank_holidays


def _days(year: int) -> list[date]:
    return sorted(bank_holidays.england_and_wales(year))


def test_the_2026_bank_holidays_are_the_eight_published_days():
    assert _days(2026) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: the Monday instead
    ]


def test_when_christmas_and_boxing_day_both_fall_at_a_weekend_both_move_on():
    # 2027: Christmas Day is a Saturday, Boxing Day a Sunday.
    assert _days(2027) == [
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),
        date(2027, 12, 28),
    ]


def test_christmas_on_a_sunday_is_taken_on_the_tuesday_after_boxing_day():
    days = bank_holidays.england_and_wales(2022)
    assert days[date(2022, 12, 26)] == "Boxing Day"
    assert days[date(2022, 12, 27)] == "Christmas Day (substitute day)"
    assert date(2022, 12, 25) not in days


def test_one_off_days_and_moved_may_holidays_are_known():
    assert bank_holidays.england_and_wales(2022)[date(2022, 9, 19)].startswith("State Funeral")
    assert date(2022, 6, 2) in bank_holidays.england_and_wales(2022)  # spring, moved
    assert date(2022, 5, 30) not in bank_holidays.england_and_wales(2022)
    assert date(2020, 5, 8) in bank_holidays.england_and_wales(2020)  # VE Day, moved
    assert date(2020, 5, 4) not in bank_holidays.england_and_wales(2020)
    assert date(2023, 5, 8) in bank_holidays.england_and_wales(2023)  # the coronation


@pytest.mark.parametrize(
    ("year", "good_friday"),
    [(2019, date(2019, 4, 19)), (2024, date(2024, 3, 29)), (2025, date(2025, 4, 18))],
)
def test_easter_is_placed_by_the_church_calendar(year, good_friday):
    days = bank_holidays.england_and_wales(year)
    assert days[good_friday] == "Good Friday"
    assert days[date.fromordinal(good_friday.toordinal() + 3)] == "Easter Monday"


def test_a_new_year_on_a_saturday_is_taken_on_the_monday():
    assert bank_holidays.name_of(date(2028, 1, 3)) == "New Year’s Day (substitute day)"
    assert bank_holidays.name_of(date(2028, 1, 4)) is None

"""Bank holidays in England and Wales, computed by rule (no list to download or keep fresh).

The rule: New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the
last Monday of August, Christmas Day and Boxing Day; a fixed day falling at a weekend is taken
on the next weekday that is not already a holiday. Days moved or added by proclamation are
listed in `_MOVED` and `_ONE_OFF`; a day proclaimed after this was written is not known.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

#: Holidays moved by proclamation: {(year, usual day's name): the day it was taken}.
_MOVED: dict[tuple[int, str], date] = {
    (1995, "Early May bank holiday"): date(1995, 5, 8),
    (2002, "Spring bank holiday"): date(2002, 6, 4),
    (2012, "Spring bank holiday"): date(2012, 6, 4),
    (2020, "Early May bank holiday"): date(2020, 5, 8),
    (2022, "Spring bank holiday"): date(2022, 6, 2),
}

#: Extra days proclaimed once.
_ONE_OFF: dict[date, str] = {
    date(1999, 12, 31): "Millennium celebrations",
    date(2002, 6, 3): "Golden Jubilee bank holiday",
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Diamond Jubilee bank holiday",
    date(2022, 6, 3): "Platinum Jubilee bank holiday",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(0 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


@cache
def england_and_wales(year: int) -> dict[date, str]:
    """Every bank holiday of `year` in England and Wales: {day: name}."""
    easter = easter_sunday(year)
    days: dict[date, str] = {
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
    }
    for name, usual in (
        ("Early May bank holiday", _first_monday(year, 5)),
        ("Spring bank holiday", _last_monday(year, 5)),
        ("Summer bank holiday", _last_monday(year, 8)),
    ):
        days[_MOVED.get((year, name), usual)] = name
    days.update({day: name for day, name in _ONE_OFF.items() if day.year == year})
    fixed = (
        ("New Year’s Day", date(year, 1, 1)),
        ("Christmas Day", date(year, 12, 25)),
        ("Boxing Day", date(year, 12, 26)),
    )
    # A fixed day on a weekday keeps it (Boxing Day on the Monday after a Sunday Christmas);
    # only then are the weekend ones moved to the next free weekday.
    days.update({day: name for name, day in fixed if day.weekday() < 5})
    for name, day in fixed:
        if day.weekday() >= 5:
            while day.weekday() >= 5 or day in days:
                day += timedelta(days=1)
            days[day] = f"{name} (substitute day)"
    return dict(sorted(days.items()))


def name_of(day: date) -> str | None:
    """The bank holiday's name if `day` is one in England and Wales, else None."""
    return england_and_wales(day.year).get(day)

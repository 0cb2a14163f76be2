"""The clear-days rule, lateness, series dates and compliance figures: pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance import bank_holidays
from governance.errors import DomainError
from governance.meetings import rules

LONDON = "Europe/London"
TZ = ZoneInfo(LONDON)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """A London wall-clock time as an aware datetime."""
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def test_five_clear_days_before_a_thursday_meeting_means_by_the_friday_before_last():
    # Meeting Thursday 19 March 2026; clear days are Sat 14 to Wed 18 (5 days);
    # the paper must go out on Friday 13 at the latest, so the deadline is the start of Sat 14.
    deadline = rules.circulation_deadline(at(2026, 3, 19), LONDON, 5)
    assert deadline == at(2026, 3, 14, 0, 0).astimezone(UTC)
    assert not rules.is_late(at(2026, 3, 13, 23, 59), deadline)
    assert rules.is_late(at(2026, 3, 14, 0, 0), deadline)


def test_working_days_skip_the_weekend():
    # Meeting Monday 23 March 2026, 5 clear working days: Mon 16 to Fri 20.
    # Latest circulation is Sunday 15, so the deadline is the start of Monday 16.
    deadline = rules.circulation_deadline(at(2026, 3, 23), LONDON, 5, working_days=True)
    assert deadline == at(2026, 3, 16, 0, 0).astimezone(UTC)
    calendar = rules.circulation_deadline(at(2026, 3, 23), LONDON, 5)
    assert calendar == at(2026, 3, 18, 0, 0).astimezone(UTC)


def test_deadline_counts_local_days_across_the_clocks_going_forward():
    # Clocks go forward on Sunday 29 March 2026. Meeting Thursday 2 April at 10:00 BST.
    deadline = rules.circulation_deadline(at(2026, 4, 2), LONDON, 5)
    # Clear days Sat 28 March to Wed 1 April; deadline is local midnight starting Sat 28 (GMT).
    assert deadline == datetime(2026, 3, 28, 0, 0, tzinfo=UTC)


def test_deadline_counts_local_days_across_the_clocks_going_back():
    # Clocks go back on Sunday 25 October 2026. Meeting Wednesday 28 October at 18:00 GMT.
    deadline = rules.circulation_deadline(at(2026, 10, 28, 18), LONDON, 5)
    # Clear days Fri 23 to Tue 27; the start of Friday 23 is 00:00 BST = 23:00 UTC on the 22nd.
    assert deadline == datetime(2026, 10, 22, 23, 0, tzinfo=UTC)


def test_a_paper_sent_late_in_the_evening_uk_time_is_judged_by_the_uk_date():
    meeting = at(2026, 7, 10)  # Friday 10 July, BST
    deadline = rules.circulation_deadline(meeting, LONDON, 5)
    # Clear days are Sunday 5 to Thursday 9 July: Saturday 4 July is the last day to send.
    # 22:30 UTC on the 4th is 23:30 BST, still Saturday in London: on time.
    assert not rules.is_late(datetime(2026, 7, 4, 22, 30, tzinfo=UTC), deadline)
    # 23:30 UTC on the 4th is 00:30 on Sunday 5 July in London: late.
    assert rules.is_late(datetime(2026, 7, 4, 23, 30, tzinfo=UTC), deadline)


def test_zero_clear_days_allows_anything_before_the_meeting_day():
    deadline = rules.circulation_deadline(at(2026, 3, 19), LONDON, 0)
    assert deadline == at(2026, 3, 19, 0, 0).astimezone(UTC)


def test_negative_notice_period_is_refused():
    with pytest.raises(DomainError):
        rules.circulation_deadline(at(2026, 3, 19), LONDON, -1)


@given(
    meeting_day=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    hour=st.integers(min_value=7, max_value=21),
    clear_days=st.integers(min_value=0, max_value=30),
    sent_days_before=st.integers(min_value=0, max_value=60),
    sent_hour=st.integers(min_value=0, max_value=23),
    working=st.booleans(),
)
def test_on_time_exactly_when_enough_clear_days_lie_between(
    meeting_day, hour, clear_days, sent_days_before, sent_hour, working
):
    """Property: circulated before the deadline ⇔ at least N (working) days strictly between;
    a working day is Monday to Friday and not a bank holiday in England and Wales."""
    starts_at = datetime.combine(meeting_day, time(hour), tzinfo=TZ)
    sent_day = meeting_day - timedelta(days=sent_days_before)
    sent = datetime.combine(sent_day, time(sent_hour), tzinfo=TZ)
    between = [sent_day + timedelta(days=n) for n in range(1, sent_days_before)]
    counted = sum(
        1 for d in between if not working or (d.weekday() < 5 and bank_holidays.name_of(d) is None)
    )
    deadline = rules.circulation_deadline(starts_at, LONDON, clear_days, working)
    on_time = not rules.is_late(sent, deadline)
    if sent_days_before == 0:
        assert on_time is (clear_days == 0 and sent < deadline)
    else:
        assert on_time is (counted >= clear_days)
    assert rules.clear_days_given(sent, starts_at, LONDON, working) == counted


@given(
    meeting_day=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    clear_days=st.integers(min_value=0, max_value=30),
    working=st.booleans(),
)
def test_deadline_is_a_local_midnight_before_the_meeting(meeting_day, clear_days, working):
    starts_at = datetime.combine(meeting_day, time(10), tzinfo=TZ)
    deadline = rules.circulation_deadline(starts_at, LONDON, clear_days, working).astimezone(TZ)
    assert (deadline.hour, deadline.minute) == (0, 0)
    assert deadline.date() <= meeting_day


def test_tabled_means_circulated_on_the_meeting_day():
    meeting = at(2026, 3, 19, 18)
    assert rules.is_tabled(at(2026, 3, 19, 9), meeting, LONDON)
    assert not rules.is_tabled(at(2026, 3, 18, 23, 59), meeting, LONDON)


def test_late_circulation_needs_a_reason_and_the_chairs_consent():
    rules.check_late_circulation(False, None, None)
    with pytest.raises(DomainError) as caught:
        rules.check_late_circulation(True, "late", 3)
    assert caught.value.field == "late_reason"
    with pytest.raises(DomainError) as caught:
        rules.check_late_circulation(True, "Figures arrived after the deadline.", None)
    assert caught.value.field == "consent_by_id"
    rules.check_late_circulation(True, "Figures arrived after the deadline.", 3)


def test_meeting_must_end_after_it_starts_and_within_a_day():
    with pytest.raises(DomainError):
        rules.check_meeting_times(at(2026, 3, 19, 12), at(2026, 3, 19, 10))
    with pytest.raises(DomainError):
        rules.check_meeting_times(at(2026, 3, 19, 12), at(2026, 3, 20, 13))
    rules.check_meeting_times(at(2026, 3, 19, 10), at(2026, 3, 19, 12))


def test_a_time_skipped_by_the_clocks_going_forward_is_refused():
    with pytest.raises(DomainError, match="clocks change"):
        rules.local_datetime(date(2026, 3, 29), time(1, 30), LONDON)
    assert rules.local_datetime(date(2026, 3, 29), time(10), LONDON) == datetime(
        2026, 3, 29, 9, 0, tzinfo=UTC
    )


def test_first_tuesday_of_every_other_month():
    days = rules.series_dates(date(2026, 1, 1), weekday=1, nth=1, every_months=2, count=4)
    assert days == [date(2026, 1, 6), date(2026, 3, 3), date(2026, 5, 5), date(2026, 7, 7)]


def test_series_starting_after_this_months_meeting_day_begins_next_month():
    days = rules.series_dates(date(2026, 1, 10), weekday=1, nth=1, every_months=1, count=2)
    assert days == [date(2026, 2, 3), date(2026, 3, 3)]


def test_last_friday_and_missing_fifth_weeks():
    assert rules.nth_weekday(2026, 2, 4, -1) == date(2026, 2, 27)
    days = rules.series_dates(date(2026, 11, 1), weekday=4, nth=-1, every_months=3, count=3)
    assert days == [date(2026, 11, 27), date(2027, 2, 26), date(2027, 5, 28)]


def test_series_refuses_silly_patterns():
    for kwargs in ({"count": 0}, {"count": 61}, {"every_months": 0}, {"nth": 5}):
        values = {"weekday": 1, "nth": 1, "every_months": 1, "count": 3} | kwargs
        with pytest.raises(DomainError):
            rules.series_dates(date(2026, 1, 1), **values)


def test_compliance_figures():
    meeting = at(2026, 3, 19, 18)
    deadline = rules.circulation_deadline(meeting, LONDON, 5)

    def c(sent: datetime, author: str | None = None) -> rules.Circulation:
        return rules.Circulation(1, meeting, sent, deadline, LONDON, author)

    figures = rules.compliance(
        [
            c(at(2026, 3, 10)),  # 8 clear days
            c(at(2026, 3, 12)),  # 6 clear days
            c(at(2026, 3, 16), "Council"),  # 2 clear days, late
            c(at(2026, 3, 19, 9), "Council"),  # tabled on the day
            c(at(2026, 3, 17), "PCT"),  # 1 clear day, late
        ]
    )
    assert (figures.papers, figures.on_time, figures.late, figures.tabled) == (5, 2, 3, 1)
    assert figures.on_time_share == pytest.approx(0.4)
    assert figures.median_clear_days == 2
    assert figures.late_by_author == {"Council": 2, "PCT": 1}


def test_compliance_of_nothing_has_no_share():
    figures = rules.compliance([])
    assert figures.papers == 0 and figures.on_time_share is None
    assert figures.median_clear_days is None


# Scheduling: where a date stands against the paper deadline, and weekends and bank holidays.


def test_a_meeting_whose_paper_deadline_is_still_ahead_is_not_flagged():
    standing = rules.paper_deadline(at(2026, 12, 10), LONDON, 5, False, at(2026, 11, 23, 12))
    assert standing.last_day == date(2026, 12, 4)
    assert not standing.passed and not standing.due_today
    assert standing.warning() is None


def test_a_meeting_too_soon_for_its_clear_days_says_the_deadline_has_passed():
    # Meeting Thursday 26 November: papers were due by the end of Friday 20 November.
    standing = rules.paper_deadline(at(2026, 11, 26), LONDON, 5, False, at(2026, 11, 23, 12))
    assert standing.passed
    message = standing.warning()
    assert message is not None
    assert "already passed" in message and "Friday 20 November" in message
    assert "5 clear days" in message


def test_papers_due_today_are_flagged_but_not_passed():
    standing = rules.paper_deadline(at(2026, 11, 29), LONDON, 5, False, at(2026, 11, 23, 12))
    assert standing.last_day == date(2026, 11, 23)
    assert standing.due_today and not standing.passed
    assert "today" in (standing.warning() or "")


def test_a_date_at_a_weekend_or_on_a_bank_holiday_is_named():
    assert rules.day_note(date(2026, 12, 12)) == "12 December 2026 is a Saturday."
    assert rules.day_note(date(2026, 12, 28)) == (
        "28 December 2026 is a bank holiday in England and Wales (Boxing Day (substitute day))."
    )
    assert rules.day_note(date(2026, 12, 10)) is None

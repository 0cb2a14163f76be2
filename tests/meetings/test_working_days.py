"""Clear working days: Monday to Friday that are not bank holidays in England and Wales, the
same in the deadline, the days a paper gave, the compliance figures and the schedule form."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from governance.extensions import db
from governance.meetings import rules
from governance.papers import circulation, compliance, consent

LONDON = "Europe/London"
TZ = ZoneInfo(LONDON)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def test_easter_is_not_counted_among_clear_working_days():
    # Meeting Tuesday 30 March 2027; Good Friday is 26 March and Easter Monday 29 March.
    # Five clear working days are Fri 19, Mon 22, Tue 23, Wed 24 and Thu 25 March.
    deadline = rules.circulation_deadline(at(2027, 3, 30), LONDON, 5, working_days=True)
    assert deadline == at(2027, 3, 19, 0, 0).astimezone(UTC)
    assert rules.first_clear_day(date(2027, 3, 30), 5, working_days=True) == date(2027, 3, 19)


def test_the_late_may_bank_holiday_is_not_a_clear_working_day():
    # Meeting Tuesday 26 May 2026, after the spring bank holiday on Monday 25 May:
    # the clear working days are Mon 18 to Fri 22, so papers go out by Sunday 17 May.
    deadline = rules.circulation_deadline(at(2026, 5, 26), LONDON, 5, working_days=True)
    assert deadline == at(2026, 5, 18, 0, 0).astimezone(UTC)
    assert rules.is_late(at(2026, 5, 18, 9), deadline)
    assert not rules.is_late(at(2026, 5, 17, 23, 59), deadline)


def test_a_bank_holiday_still_counts_when_the_board_counts_calendar_days():
    deadline = rules.circulation_deadline(at(2026, 5, 26), LONDON, 5)
    assert deadline == at(2026, 5, 21, 0, 0).astimezone(UTC)


def test_the_days_a_paper_gave_leave_out_bank_holidays_when_counting_working_days():
    # Sent Thursday 21 May for Tuesday 26 May: Fri 22 only (Mon 25 is a bank holiday).
    assert rules.clear_days_given(at(2026, 5, 21), at(2026, 5, 26), LONDON, True) == 1
    assert rules.clear_days_given(at(2026, 5, 21), at(2026, 5, 26), LONDON, False) == 4


def test_the_paper_deadline_warning_moves_earlier_over_a_bank_holiday():
    # Seen on Monday 18 May 2026: papers for Tuesday 26 May were due by the end of Sunday 17.
    standing = rules.paper_deadline(at(2026, 5, 26), LONDON, 5, True, at(2026, 5, 18, 12))
    assert standing.last_day == date(2026, 5, 17)
    assert standing.passed
    assert "Sunday 17 May" in (standing.warning() or "")


def test_compliance_counts_working_days_as_the_deadline_does():
    meeting = at(2026, 5, 26, 18)
    deadline = rules.circulation_deadline(meeting, LONDON, 5, True)

    def c(sent: datetime) -> rules.Circulation:
        return rules.Circulation(1, meeting, sent, deadline, LONDON, working_days=True)

    # On time with 5 working days (Mon 18 to Fri 22), and late with 4 (Tue 19 to Fri 22).
    figures = rules.compliance([c(at(2026, 5, 15)), c(at(2026, 5, 18))])
    assert (figures.on_time, figures.late) == (1, 1)
    assert figures.median_clear_days == 4.5


def test_the_boards_compliance_figures_judge_a_paper_over_a_bank_holiday_late(
    world, make_meeting, make_version
):
    world.board.notice_working_days = True
    meeting = make_meeting(
        world.board, starts_at=at(2026, 5, 26, 18), notice=True, items=("A", "B")
    )
    on_time, late = make_version(meeting.items[0]), make_version(meeting.items[1])
    assert circulation.timing(meeting).last_day == date(2026, 5, 17)
    circulation.circulate(None, meeting, [on_time], include_agenda=True, now=at(2026, 5, 17, 12))
    # Sent on Monday 18 May: the calendar would give it 7 clear days, but only 4 working ones.
    consent.record_chairs_word(
        None,
        meeting,
        [late],
        include_agenda=False,
        now=at(2026, 5, 18, 9),
        reason="The report was finished late.",
        chair=world.users["chair"].person,
    )
    db.session.flush()
    figures = compliance.board_compliance(world.board).overall
    assert (figures.papers, figures.on_time, figures.late) == (2, 1, 1)
    assert figures.median_clear_days == 4.5
    assert circulation.is_version_late(meeting, late)


def test_the_schedule_form_warns_with_the_deadline_that_skips_bank_holidays(client, world, login):
    # The suite's clock reads Monday 23 November 2026. With 25 clear working days, a meeting on
    # Tuesday 29 December needs papers out by Thursday 19 November, as Christmas Day (Fri 25)
    # and Boxing Day's substitute (Mon 28) are not working days: the deadline has passed.
    world.board.notice_clear_days = 25
    world.board.notice_working_days = True
    db.session.flush()
    login(world.users["secretary"])
    form = {"title": "Board meeting", "day": "2026-12-29", "starts_time": "10:00"}
    response = client.post(
        f"/boards/{world.board.id}/meetings/new",
        data=form | {"ends_time": "12:00"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "already passed" in page and "Thursday 19 November" in page
    standing = rules.paper_deadline(at(2026, 12, 29), LONDON, 25, True, at(2026, 11, 23, 12))
    assert standing.last_day == date(2026, 11, 19) == standing.deadline.date() - timedelta(days=1)

"""Attendance figures: who is expected, represented, absent in a row; and the figures page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from governance.attendance import figures as attendance_figures
from governance.attendance import operations as attendance
from governance.attendance.figures import Expected, Outcome
from governance.attendance.models import AttendanceStatus
from governance.boards import operations as board_ops
from governance.boards.models import SeatCategory
from governance.extensions import db
from governance.meetings.models import MeetingStatus
from tests.conftest import counting

P = AttendanceStatus
PERIOD = (date(2026, 1, 1), date(2026, 11, 23))


@pytest.fixture
def held(make_meeting):
    """A meeting of the board on a day, recorded as held (or with another status)."""

    def make(board, day: date, status: MeetingStatus = MeetingStatus.HELD):
        meeting = make_meeting(
            board, starts_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC), notice=True
        )
        meeting.status = status
        db.session.flush()
        return meeting

    return make


def record(meeting, person, status, **kwargs):
    # The register is open for held meetings; reopen briefly for minutes-approved ones.
    was, meeting.status = meeting.status, MeetingStatus.HELD
    attendance.record_attendance(None, meeting, person, status, **kwargs)
    meeting.status = was


def by_person(figures):
    return {m.person_id: m for m in figures.members}


def test_a_member_missing_the_last_three_meetings_is_flagged(world, held):
    parent, member = world.users["parent"].person, world.users["member"].person
    days = [date(2026, 3, 5), date(2026, 5, 7), date(2026, 7, 2), date(2026, 9, 3)]
    meetings = [held(world.board, d) for d in days]
    record(meetings[0], parent, P.PRESENT)
    record(meetings[1], parent, P.APOLOGIES)
    record(meetings[2], parent, P.ABSENT)
    # Nothing recorded at the last meeting counts as absent.
    for m in meetings[:3]:
        record(m, member, P.ABSENT)
    record(meetings[3], member, P.PRESENT)
    figures = attendance_figures.board_figures(world.board, *PERIOD)
    rows = by_person(figures)
    assert rows[parent.id].streak == 3 and rows[parent.id].flagged
    assert rows[member.id].streak == 0 and not rows[member.id].flagged
    # Longest run first: the observer has no record at any of the four meetings.
    assert [m.person_id for m in figures.flagged] == [world.users["observer"].person.id, parent.id]
    assert rows[parent.id].tally.present == 1 and rows[parent.id].tally.apologies == 1
    assert rows[parent.id].tally.absent == 2


def test_a_deputy_attending_counts_the_member_as_represented(world, held):
    member, outsider = world.users["member"].person, world.users["outsider"].person
    meetings = [held(world.board, d) for d in (date(2026, 4, 2), date(2026, 6, 4))]
    record(meetings[0], member, P.APOLOGIES)
    record(meetings[0], outsider, P.DEPUTY, deputy_for=member)
    record(meetings[1], member, P.PRESENT)
    figures = attendance_figures.board_figures(world.board, *PERIOD)
    tally = by_person(figures)[member.id].tally
    assert (tally.expected, tally.present, tally.represented, tally.apologies) == (2, 1, 1, 0)
    assert tally.rate == 1.0 and tally.in_person_rate == 0.5
    # The deputy is not a member and is not counted as one.
    assert outsider.id not in by_person(figures)


def test_only_meetings_that_took_place_in_the_period_count(world, held):
    held(world.board, date(2026, 2, 5))
    held(world.board, date(2026, 3, 5), MeetingStatus.MINUTES_APPROVED)
    held(world.board, date(2026, 4, 2), MeetingStatus.NOTICE_ISSUED)
    held(world.board, date(2026, 5, 7), MeetingStatus.CANCELLED)
    held(world.board, date(2025, 12, 31))
    figures = attendance_figures.board_figures(world.board, *PERIOD)
    assert figures.meetings == 2
    assert figures.overall.expected == 6  # three members at each of the two meetings


def test_members_are_expected_only_while_they_hold_their_seat(world, held, make_seat, make_person):
    seat = make_seat(world.board, title="Newcomer", category=SeatCategory.VOLUNTARY)
    newcomer = make_person()
    board_ops.appoint(None, seat, newcomer, date(2026, 6, 1), None)
    board_ops.end_appointment(None, world.member_appointment, date(2026, 5, 31), "Resigned")
    early, late = held(world.board, date(2026, 5, 7)), held(world.board, date(2026, 7, 2))
    lines = attendance_figures.expected_attendance(world.board, *PERIOD)
    expected = {(x.meeting_id, x.person_id) for x in lines}
    assert (early.id, world.users["member"].person.id) in expected
    assert (late.id, world.users["member"].person.id) not in expected
    assert (late.id, newcomer.id) in expected and (early.id, newcomer.id) not in expected
    rows = by_person(attendance_figures.figures(lines, *PERIOD))
    assert rows[newcomer.id].tally.expected == 1


def test_figures_are_grouped_by_organisation_and_seat_category(world, held):
    meeting = held(world.board, date(2026, 6, 4))
    record(meeting, world.users["member"].person, P.PRESENT)
    record(meeting, world.users["parent"].person, P.APOLOGIES)
    figures = attendance_figures.board_figures(world.board, *PERIOD)
    organisations = {t.label: (t.expected, t.present) for t in figures.organisations}
    assert organisations == {"Northbank PCT": (1, 1), "No organisation": (2, 0)}
    categories = {t.label: t.rate for t in figures.categories}
    assert categories == {"Statutory": 1.0, "Parent": 0.0, "Observer": 0.0}


# Pure functions ------------------------------------------------------------------------------


def line(day: int, outcome: Outcome, person_id: int = 1) -> Expected:
    return Expected(
        meeting_id=day,
        starts_at=datetime(2026, 1, day, tzinfo=UTC),
        person_id=person_id,
        name="A member",
        category=SeatCategory.PARENT,
        organisation="No organisation",
        outcome=outcome,
    )


@pytest.mark.parametrize(
    ("own", "deputised", "expected"),
    [
        (P.PRESENT, True, Outcome.PRESENT),
        (P.APOLOGIES, True, Outcome.REPRESENTED),
        (None, True, Outcome.REPRESENTED),
        (P.APOLOGIES, False, Outcome.APOLOGIES),
        (None, False, Outcome.ABSENT),
        (P.ABSENT, False, Outcome.ABSENT),
    ],
)
def test_what_a_members_record_comes_to(own, deputised, expected):
    assert attendance_figures.outcome(own, deputised) is expected


def test_the_streak_counts_back_from_the_latest_meeting_and_a_deputy_breaks_it():
    lines = [
        line(1, Outcome.ABSENT),
        line(2, Outcome.REPRESENTED),
        line(4, Outcome.APOLOGIES),
        line(3, Outcome.ABSENT),
    ]
    assert attendance_figures.absence_streak(lines) == 2
    figures = attendance_figures.figures(lines, *PERIOD, streak=2)
    assert figures.flagged[0].streak == 2
    assert not attendance_figures.figures(lines, *PERIOD, streak=3).flagged


def test_a_tally_with_nothing_expected_has_no_rate():
    assert attendance_figures.tally("Nobody", []).rate is None


def test_chart_bars_are_as_tall_as_the_rate():
    chart = attendance_figures.rate_chart(
        [
            attendance_figures.tally("Parent", [line(1, Outcome.PRESENT), line(2, Outcome.ABSENT)]),
            attendance_figures.tally("Statutory", [line(1, Outcome.REPRESENTED)]),
        ],
        height=100,
    )
    assert [(b.height, b.label, b.caption) for b in chart.bars] == [
        (50, "50%", "Parent"),
        (100, "100%", "Statutory"),
    ]


# The page ------------------------------------------------------------------------------------


def text(response) -> str:
    return response.get_data(as_text=True)


def test_figures_page_flags_absence_in_words_and_draws_an_svg_chart(client, world, login, held):
    for d in (date(2026, 3, 5), date(2026, 5, 7), date(2026, 7, 2)):
        meeting = held(world.board, d)
        record(meeting, world.users["member"].person, P.PRESENT)
    login(world.users["chair"])
    response = client.get(f"/boards/{world.board.id}/attendance?from=2026-01-01&to=2026-11-23")
    page = text(response)
    assert response.status_code == 200
    assert "Missed 3 in a row" in page and "has missed the last 3 meetings" in page
    assert "<svg" in page and "<script" not in page
    assert not re.search(r"\sstyle=", page)
    assert "3 meetings held from 1 Jan 2026 to 23 Nov 2026" in page


def test_figures_page_defaults_to_the_last_twelve_months(client, world, login):
    login(world.users["member"])
    page = text(client.get(f"/boards/{world.board.id}/attendance"))
    assert "from 23 Nov 2025 to 23 Nov 2026" in page
    assert 'name="from" type="date" value="2025-11-23"' in page


def test_a_period_ending_before_it_starts_comes_back_beside_the_field(client, world, login):
    login(world.users["member"])
    response = client.get(f"/boards/{world.board.id}/attendance?from=2026-06-01&to=2026-01-01")
    assert response.status_code == 400
    assert re.search(r'id="to-error">[^<]*after its start', text(response))


def test_figures_page_is_for_those_who_may_see_the_board(client, world, login):
    assert client.get(f"/boards/{world.board.id}/attendance").status_code == 401
    login(world.users["outsider"])
    assert client.get(f"/boards/{world.board.id}/attendance").status_code == 403


def test_figures_page_runs_the_same_statements_at_two_data_sizes(
    client, world, login, held, make_seat, make_person, make_organisation
):
    login(world.users["secretary"])
    start = date(2026, 1, 8)

    def grow(n: int, offset: int) -> None:
        for i in range(n):
            organisation = make_organisation()
            seat = make_seat(world.board, title=f"Seat {offset + i}", organisation=organisation)
            person = make_person(organisation_id=organisation.id)
            board_ops.appoint(None, seat, person, date(2025, 1, 1), None)
            meeting = held(world.board, start + timedelta(weeks=offset + i))
            record(meeting, person, P.PRESENT)
            record(meeting, world.users["parent"].person, P.APOLOGIES)
        db.session.flush()

    def measure() -> int:
        with counting() as statements:
            assert client.get(f"/boards/{world.board.id}/attendance").status_code == 200
        return len(statements)

    grow(1, 0)
    small = measure()
    grow(6, 1)
    assert measure() == small

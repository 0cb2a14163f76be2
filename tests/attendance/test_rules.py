"""The attendance rules as pure functions: statuses, times, deputies and apologies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from governance.attendance import rules
from governance.attendance.models import AttendanceStatus
from governance.errors import DomainError
from governance.meetings.models import MeetingStatus

LONDON = "Europe/London"
DAY = date(2026, 12, 10)
START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # 10:00 in London in December
END = START + timedelta(hours=2)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def whole() -> rules.Presence:
    return rules.Presence()


@pytest.mark.parametrize(
    "status", [MeetingStatus.DRAFT, MeetingStatus.CANCELLED, MeetingStatus.MINUTES_APPROVED]
)
def test_register_is_closed_for_drafts_cancelled_and_approved_meetings(status):
    with pytest.raises(DomainError, match="notice issued or held"):
        rules.check_recordable(status)


@pytest.mark.parametrize("status", [MeetingStatus.NOTICE_ISSUED, MeetingStatus.HELD])
def test_register_is_open_once_notice_is_issued_and_after_the_meeting(status):
    assert rules.check_recordable(status) is None


def test_leaving_before_arriving_is_refused_beside_the_departure():
    with pytest.raises(DomainError) as error:
        rules.check_times(AttendanceStatus.PRESENT, at(11), at(10, 30), DAY, LONDON)
    assert error.value.field == "departed_at"


def test_arrival_on_another_day_is_refused():
    with pytest.raises(DomainError, match="day of the meeting") as error:
        rules.check_times(
            AttendanceStatus.PRESENT, at(10, day=DAY + timedelta(days=1)), None, DAY, LONDON
        )
    assert error.value.field == "arrived_at"


def test_the_meeting_day_is_counted_where_the_board_meets():
    # 23:30 UTC on 9 July is 00:30 on 10 July in London (summer time): the meeting day.
    summer = date(2026, 7, 10)
    late = datetime(2026, 7, 9, 23, 30, tzinfo=UTC)
    assert rules.check_times(AttendanceStatus.PRESENT, late, None, summer, LONDON) is None
    with pytest.raises(DomainError):
        rules.check_times(AttendanceStatus.PRESENT, late, None, summer, "UTC")


def test_someone_sending_apologies_cannot_have_arrival_times():
    with pytest.raises(DomainError, match="not in the room"):
        rules.check_times(AttendanceStatus.APOLOGIES, at(10), None, DAY, LONDON)


def test_late_arrival_and_early_departure_in_order_are_accepted():
    assert rules.check_times(AttendanceStatus.PRESENT, at(10, 20), at(11), DAY, LONDON) is None


def test_only_members_are_present_or_absent():
    with pytest.raises(DomainError, match="does not hold a seat"):
        rules.check_member_status(AttendanceStatus.PRESENT, is_member=False)
    assert rules.check_member_status(AttendanceStatus.ABSENT, is_member=True) is None


def test_a_member_cannot_be_in_attendance_as_a_guest():
    with pytest.raises(DomainError) as error:
        rules.check_in_attendance(is_member=True)
    assert error.value.field == "person_id"
    assert rules.check_in_attendance(is_member=False) is None


def deputy(**overrides):
    values = {
        "deputy_is_member": False,
        "holder_is_member": True,
        "deputy": whole(),
        "holder_present": None,
        "other_deputies": [],
        "starts_at": START,
        "ends_at": END,
    }
    values.update(overrides)
    return rules.check_deputy(**values)


def test_a_deputy_must_name_the_member_they_stand_in_for():
    with pytest.raises(DomainError) as error:
        deputy(holder_is_member=None)
    assert error.value.field == "deputy_for_id"


def test_a_deputy_stands_in_only_for_someone_with_a_seat_that_day():
    with pytest.raises(DomainError, match="holds no seat"):
        deputy(holder_is_member=False)


def test_a_member_cannot_deputise_with_a_seat_of_their_own():
    with pytest.raises(DomainError, match="seat of their own"):
        deputy(deputy_is_member=True)


def test_no_deputy_while_the_member_is_in_the_room():
    with pytest.raises(DomainError, match="recorded as present"):
        deputy(holder_present=whole())


def test_a_deputy_may_sit_until_the_member_arrives():
    assert (
        deputy(
            deputy=rules.Presence(departed_at=at(11)),
            holder_present=rules.Presence(arrived_at=at(11)),
        )
        is None
    )


def test_two_deputies_cannot_fill_one_seat_at_once():
    with pytest.raises(DomainError, match="Another deputy"):
        deputy(other_deputies=[rules.Presence(arrived_at=at(11))])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (rules.Presence(), rules.Presence(), True),
        (rules.Presence(departed_at=at(11)), rules.Presence(arrived_at=at(11)), False),
        (rules.Presence(arrived_at=at(11)), rules.Presence(departed_at=at(10, 30)), False),
        (rules.Presence(arrived_at=at(10, 30)), rules.Presence(departed_at=at(11)), True),
    ],
)
def test_time_in_the_room_overlaps_only_when_both_are_there_together(a, b, expected):
    assert rules.overlaps(a, b, START, END) is expected
    assert rules.overlaps(b, a, START, END) is expected


def test_a_member_cannot_be_present_while_their_deputy_sits():
    with pytest.raises(DomainError) as error:
        rules.check_present_without_deputy(whole(), [whole()], START, END)
    assert error.value.field == "status"
    late = rules.Presence(arrived_at=at(11))
    assert (
        rules.check_present_without_deputy(late, [rules.Presence(departed_at=at(11))], START, END)
        is None
    )


def test_apologies_go_before_the_meeting_starts():
    with pytest.raises(DomainError, match="has started"):
        rules.check_apologies_in_time(MeetingStatus.NOTICE_ISSUED, START, START, True)
    assert (
        rules.check_apologies_in_time(
            MeetingStatus.NOTICE_ISSUED, START, START - timedelta(minutes=1), True
        )
        is None
    )


def test_apologies_are_for_members_of_a_called_meeting():
    with pytest.raises(DomainError, match="Only members"):
        rules.check_apologies_in_time(MeetingStatus.NOTICE_ISSUED, START, at(9), False)
    with pytest.raises(DomainError, match="called"):
        rules.check_apologies_in_time(MeetingStatus.DRAFT, START, at(9), True)

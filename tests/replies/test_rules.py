"""The rules of replies as pure functions: reply-by, deadline, needs, and the register."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance.attendance.models import AttendanceStatus
from governance.errors import DomainError
from governance.meetings.models import MeetingStatus
from governance.replies import rules
from governance.replies.models import NeedKind, NeedStatus, TravelMode
from governance.replies.rules import NeedRequest, RegisterLine

START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # Thursday 10 December 2026, 10:00 GMT
LONDON = "Europe/London"
A, S = AttendanceStatus, MeetingStatus


def test_replies_are_asked_for_by_the_end_of_the_day_two_days_before_the_meeting():
    assert rules.reply_by(START, LONDON) == datetime(2026, 12, 9, 0, 0, tzinfo=UTC)
    assert rules.reply_by_day(START, LONDON).isoformat() == "2026-12-08"


def test_reply_by_is_counted_in_the_boards_timezone_in_summer():
    summer = datetime(2026, 6, 11, 9, 0, tzinfo=UTC)  # 10:00 BST
    assert rules.reply_by(summer, LONDON) == datetime(2026, 6, 9, 23, 0, tzinfo=UTC)


def test_a_reply_after_the_reply_by_time_is_late_unless_notice_came_after_it():
    deadline = rules.reply_by(START, LONDON)
    early_notice = START - timedelta(days=20)
    assert not rules.is_late(deadline - timedelta(seconds=1), deadline, early_notice)
    assert rules.is_late(deadline, deadline, early_notice)
    assert not rules.is_late(deadline + timedelta(hours=1), deadline, deadline)


def test_members_reply_to_a_called_meeting_until_it_starts():
    rules.check_can_reply(S.NOTICE_ISSUED, START, START - timedelta(minutes=1), True)
    with pytest.raises(DomainError, match="has started"):
        rules.check_can_reply(S.NOTICE_ISSUED, START, START, True)
    with pytest.raises(DomainError, match="draft"):
        rules.check_can_reply(S.DRAFT, START, START - timedelta(days=1), True)
    with pytest.raises(DomainError, match="Only members"):
        rules.check_can_reply(S.NOTICE_ISSUED, START, START - timedelta(days=1), False)


@pytest.mark.parametrize(
    ("written", "ages"),
    [
        ("1 and 3", (1, 3)),
        ("2, 4", (2, 4)),
        ("6 months and 3 years", (0, 3)),
        ("baby", (0,)),
        ("under 1 & 5 yrs old", (0, 5)),
        ("", ()),
        ("18 months", (1,)),
        ("2 years", (2,)),
        ("1 year 6 months", (1,)),
        ("1 year and 6 months", (1,)),
        ("1y 6m", (1,)),
        ("2", (2,)),
        ("18 months and 4", (1, 4)),
        ("1 and 6 months", (1, 0)),
        ("two and four", (2, 4)),
        ("3 weeks", (0,)),
        ("30 months, 5 years old", (2, 5)),
        ("Aged 3", (3,)),
        ("2yo, 9 mths", (2, 0)),
    ],
)
def test_childrens_ages_are_read_as_people_write_them(written, ages):
    assert rules.parse_ages(written) == ages


@pytest.mark.parametrize(
    "written", ["3?", "16", "1 and 42", "200 months", "18 monts", "1.5", "about three", "years"]
)
def test_ages_that_are_not_numbers_or_too_old_are_refused_on_the_ages_field(written):
    with pytest.raises(DomainError) as caught:
        rules.parse_ages(written)
    assert caught.value.field == "ages"


@pytest.mark.parametrize(
    ("need", "field"),
    [
        (NeedRequest(NeedKind.CHILDCARE, None, ()), "children"),
        (NeedRequest(NeedKind.CHILDCARE, 0, ()), "children"),
        (NeedRequest(NeedKind.CHILDCARE, rules.MAX_CHILDREN + 1, ()), "children"),
        (NeedRequest(NeedKind.CHILDCARE, 2, (3,)), "ages"),
        (NeedRequest(NeedKind.CHILDCARE, 1, (1, 2)), "ages"),
        (NeedRequest(NeedKind.TRAVEL), "travel_mode"),
        (NeedRequest(NeedKind.ACCESS, details="  "), "access_details"),
        (NeedRequest(NeedKind.INTERPRETER), "language"),
        (NeedRequest(NeedKind.OTHER), "other_details"),
        (NeedRequest(NeedKind.OTHER, details="x" * 301), "other_details"),
        (
            NeedRequest(NeedKind.TRAVEL, travel_mode=TravelMode.BUS, details="y" * 301),
            "travel_details",
        ),
    ],
)
def test_a_need_that_does_not_say_enough_is_refused_on_its_field(need, field):
    with pytest.raises(DomainError) as caught:
        rules.check_need(need)
    assert caught.value.field == field


def test_a_complete_need_passes_with_its_words_trimmed():
    need = rules.check_need(NeedRequest(NeedKind.INTERPRETER, details="  Urdu "))
    assert need.details == "Urdu"
    crèche = rules.check_need(NeedRequest(NeedKind.CHILDCARE, 2, (1, 3)))
    assert crèche.children == 2 and crèche.children_ages == (1, 3)
    assert rules.check_need(NeedRequest(NeedKind.TRAVEL, travel_mode=TravelMode.TAXI)).details == ""


def test_free_text_is_limited_to_300_characters():
    assert rules.check_text(" " + "x" * 300 + " ", "note", "the note") == "x" * 300
    with pytest.raises(DomainError, match="300 characters") as caught:
        rules.check_text("x" * 301, "note", "the note")
    assert caught.value.field == "note"


def test_a_deputy_must_be_one_the_member_may_send():
    rules.check_deputy(None, [])
    rules.check_deputy(7, [7, 8])
    with pytest.raises(DomainError) as caught:
        rules.check_deputy(9, [7, 8])
    assert caught.value.field == "deputy_id"


N = NeedStatus


@pytest.mark.parametrize(
    ("current", "wanted", "same", "after"),
    [
        (None, True, False, N.TO_ARRANGE),
        (None, False, False, None),
        (N.TO_ARRANGE, True, True, N.TO_ARRANGE),
        (N.TO_ARRANGE, True, False, N.TO_ARRANGE),
        (N.TO_ARRANGE, False, False, None),
        (N.ARRANGED, True, True, N.ARRANGED),
        (N.ARRANGED, True, False, N.TO_ARRANGE),
        (N.ARRANGED, False, False, N.TO_CANCEL),
        (N.TO_CANCEL, False, False, N.TO_CANCEL),
        (N.TO_CANCEL, True, True, N.ARRANGED),
        (N.TO_CANCEL, True, False, N.TO_ARRANGE),
    ],
)
def test_a_need_moves_between_to_arrange_arranged_and_to_cancel(current, wanted, same, after):
    assert rules.next_need_status(current, wanted, same) is after


def test_only_an_open_need_can_be_marked_done():
    rules.check_mark_done(N.TO_ARRANGE)
    rules.check_mark_done(N.TO_CANCEL)
    with pytest.raises(DomainError, match="already"):
        rules.check_mark_done(N.ARRANGED)


SENT = RegisterLine(A.APOLOGIES, sent_by_member=True)


def test_the_register_counts_as_recorded_once_the_secretary_has_written_any_line():
    assert not rules.register_recorded(S.NOTICE_ISSUED, [])
    assert not rules.register_recorded(S.NOTICE_ISSUED, [SENT, SENT])
    assert rules.register_recorded(S.NOTICE_ISSUED, [SENT, RegisterLine(A.PRESENT, False)])
    assert rules.register_recorded(S.NOTICE_ISSUED, [RegisterLine(A.APOLOGIES, False)])
    assert rules.register_recorded(S.NOTICE_ISSUED, [RegisterLine(A.DEPUTY, False)])
    assert rules.register_recorded(S.HELD, [])


def test_only_apologies_the_member_sent_are_undone_and_only_before_the_register_is_recorded():
    assert rules.undo_apologies(SENT, recorded=False)
    assert not rules.undo_apologies(SENT, recorded=True)
    assert not rules.undo_apologies(RegisterLine(A.APOLOGIES, False), recorded=False)
    assert not rules.undo_apologies(RegisterLine(A.PRESENT, True), recorded=False)
    assert not rules.undo_apologies(None, recorded=False)

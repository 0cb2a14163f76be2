"""Pure rules of induction and the glossary marker: no app, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from governance.errors import DomainError
from governance.induction import rules
from governance.induction.models import StepKind

START = date(2026, 10, 12)


@dataclass
class Item:
    due_on: date
    done_on: date | None = None


# Who starts an induction, and due dates ------------------------------------------------------


def test_parent_seats_always_start_an_induction():
    assert rules.starts_induction("parent", [])


def test_other_categories_start_one_only_when_the_board_turns_it_on():
    assert not rules.starts_induction("statutory", [])
    assert rules.starts_induction("statutory", ["statutory", "co_opted"])
    assert not rules.starts_induction("voluntary", ["statutory"])


def test_a_step_is_due_its_offset_after_the_appointment_starts():
    assert rules.due_on(START, 14) == date(2026, 10, 26)
    assert rules.due_on(START, 0) == START


# Overdue -------------------------------------------------------------------------------------


def test_a_step_is_overdue_only_once_its_due_day_has_passed():
    due = date(2026, 11, 20)
    assert not rules.is_overdue(due, None, date(2026, 11, 20))
    assert rules.is_overdue(due, None, date(2026, 11, 21))


def test_a_done_step_is_never_overdue():
    assert not rules.is_overdue(date(2026, 1, 1), date(2026, 3, 1), date(2026, 11, 21))


def test_progress_counts_done_lists_overdue_and_orders_what_is_next():
    items = [
        Item(date(2026, 11, 30)),
        Item(date(2026, 10, 20), date(2026, 10, 19)),
        Item(date(2026, 11, 9)),
    ]
    p = rules.progress(items, date(2026, 11, 23))
    assert (p.done, p.total) == (1, 3)
    assert p.overdue == (items[2],)
    assert p.next is items[2] and p.outstanding == (items[2], items[0])
    assert p.behind and not p.complete


def test_progress_of_an_induction_with_everything_done_is_complete():
    p = rules.progress([Item(START, START)], date(2027, 1, 1))
    assert p.complete and not p.behind and p.next is None


def test_completed_on_is_the_last_done_day_once_all_are_done():
    assert rules.completed_on([date(2026, 1, 2), date(2026, 3, 1)]) == date(2026, 3, 1)
    assert rules.completed_on([date(2026, 1, 2), None]) is None
    assert rules.completed_on([]) is None


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "on the first day"),
        (7, "within a week"),
        (10, "within 10 days"),
        (14, "within 2 weeks"),
        (20, "within 20 days"),
        (56, "within 8 weeks"),
        (183, "within 6 months"),
    ],
)
def test_offsets_are_described_in_plain_words(days, words):
    assert rules.describe_offset(days) == words


# Steps and sign-off --------------------------------------------------------------------------


def test_a_step_needs_a_title_a_known_kind_and_an_offset_in_range():
    assert rules.check_step("  Safeguarding   briefing ", "", "task", 28).title == (
        "Safeguarding briefing"
    )
    with pytest.raises(DomainError) as error:
        rules.check_step("", "", "task", 28)
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        rules.check_step("A step", "", "homework", 28)
    assert error.value.field == "kind"
    for offset in (None, -1, rules.MAX_OFFSET_DAYS + 1):
        with pytest.raises(DomainError) as error:
            rules.check_step("A step", "", "task", offset)
        assert error.value.field == "due_offset_days"


def test_a_sign_off_date_may_not_be_in_the_future():
    with pytest.raises(DomainError, match="future"):
        rules.check_sign_off(StepKind.TASK, date(2026, 11, 24), None, START, date(2026, 11, 23))


def test_a_step_is_signed_off_only_once():
    with pytest.raises(DomainError, match="already done"):
        rules.check_sign_off(StepKind.TASK, None, date(2026, 11, 1), START, date(2026, 11, 23))


def test_an_agreement_is_dated_the_day_it_is_given():
    day = rules.check_sign_off(
        StepKind.AGREEMENT, date(2026, 10, 1), None, START, date(2026, 11, 23)
    )
    assert day == date(2026, 11, 23)


def test_a_buddy_step_is_done_by_assigning_a_buddy_not_by_ticking():
    with pytest.raises(DomainError, match="Assign a buddy"):
        rules.check_sign_off(StepKind.BUDDY, None, None, START, date(2026, 11, 23))


def test_a_new_member_cannot_be_their_own_buddy():
    with pytest.raises(DomainError, match="own buddy"):
        rules.check_buddy(5, 5, None)
    with pytest.raises(DomainError, match="already"):
        rules.check_buddy(5, 6, 6)
    rules.check_buddy(5, 6, None)


def test_moving_a_step_swaps_it_with_its_neighbour_and_stops_at_the_ends():
    assert rules.moved([1, 2, 3], 2, "up") == [2, 1, 3]
    assert rules.moved([1, 2, 3], 2, "down") == [1, 3, 2]
    assert rules.moved([1, 2, 3], 3, "down") == [1, 2, 3]
    with pytest.raises(DomainError):
        rules.moved([1, 2, 3], 9, "up")


# Glossary: terms -----------------------------------------------------------------------------

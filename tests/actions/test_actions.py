"""Actions with a session: raised, updated, closed, overdue, and brought back as matters arising."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from governance import clock
from governance.actions import operations as ops
from governance.actions import rules
from governance.actions.models import ActionStatus
from governance.errors import DomainError
from governance.meetings import operations as meeting_ops
from governance.meetings.models import MeetingStatus
from tests.conftest import audit_count
from tests.minutes.test_minutes import make_decision

HELD_AT = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)  # conftest pins the clock to midday UTC on this day


@pytest.fixture
def held(world, make_meeting):
    meeting = make_meeting(
        world.board, starts_at=HELD_AT, items=("Budget", "Outreach"), notice=True
    )
    meeting_ops.mark_held(None, meeting)
    return meeting


def raise_action(world, item, title="Write to the PCT", due=date(2026, 12, 1), who="member"):
    return ops.create_action(
        None, item.meeting.board, title, world.users[who].person, due, item=item
    )


def test_an_action_raised_from_an_item_is_open_and_audited(world, held):
    before = audit_count()
    action = raise_action(world, held.items[0], title="  Write   to the PCT ")
    assert action.status is ActionStatus.OPEN and action.title == "Write to the PCT"
    assert action.agenda_item_id == held.items[0].id and action.board_id == world.board.id
    assert audit_count() == before + 1


def test_an_action_arising_from_a_decision_takes_the_decisions_item(world, held):
    decision = make_decision(held.items[1], 1)
    action = ops.create_action(
        None, world.board, "Book the hall", world.users["parent"].person, None, decision=decision
    )
    assert action.agenda_item_id == held.items[1].id and action.decision_id == decision.id


def test_a_decision_on_another_item_is_refused_beside_the_decision(world, held):
    decision = make_decision(held.items[1], 1)
    with pytest.raises(DomainError) as refused:
        ops.create_action(
            None,
            world.board,
            "Book the hall",
            world.users["parent"].person,
            None,
            item=held.items[0],
            decision=decision,
        )
    assert refused.value.field == "decision_id"


def test_an_action_due_before_its_meeting_is_refused_beside_the_due_date(world, held):
    with pytest.raises(DomainError) as refused:
        raise_action(world, held.items[0], due=date(2026, 10, 5))
    assert refused.value.field == "due_on" and "6 October 2026" in refused.value.message


def test_actions_arise_only_from_a_held_meeting(world, make_meeting):
    upcoming = make_meeting(world.board, notice=True)
    with pytest.raises(DomainError, match="once it has been held"):
        raise_action(world, upcoming.items[0])


def test_an_update_moves_the_status_and_done_or_dropped_closes_the_action(world, held):
    action = raise_action(world, held.items[0])
    ops.update_action(
        world.users["member"], action, "Drafted the letter.", ActionStatus.IN_PROGRESS
    )
    assert action.status is ActionStatus.IN_PROGRESS and not rules.is_closed(action.status)
    before = audit_count()
    ops.update_action(world.users["member"], action, "Sent.", ActionStatus.DONE)
    assert rules.is_closed(action.status) and audit_count() == before + 1
    assert [(u.status, u.text) for u in action.updates] == [
        (ActionStatus.IN_PROGRESS, "Drafted the letter."),
        (ActionStatus.DONE, "Sent."),
    ]
    assert action.updates[-1].by_id == world.users["member"].id
    with pytest.raises(DomainError, match="done"):
        ops.update_action(None, action, "One more thing.", ActionStatus.OPEN)
    dropped = raise_action(world, held.items[0], title="Ask the council")
    ops.update_action(None, dropped, "No longer needed.", ActionStatus.DROPPED)
    assert rules.is_closed(dropped.status)


def test_an_empty_update_is_refused_beside_the_text(world, held):
    action = raise_action(world, held.items[0])
    with pytest.raises(DomainError) as refused:
        ops.update_action(None, action, "   ", ActionStatus.DONE)
    assert refused.value.field == "text" and action.status is ActionStatus.OPEN


def test_overdue_means_past_due_and_not_closed():
    assert rules.is_overdue(date(2026, 11, 22), ActionStatus.OPEN, TODAY)
    assert rules.is_overdue(date(2026, 11, 22), ActionStatus.IN_PROGRESS, TODAY)
    assert not rules.is_overdue(date(2026, 11, 23), ActionStatus.OPEN, TODAY)
    assert not rules.is_overdue(date(2026, 11, 1), ActionStatus.DONE, TODAY)
    assert not rules.is_overdue(None, ActionStatus.OPEN, TODAY)


def test_overdue_counts_days_where_the_board_meets(world, make_board, make_meeting):
    # Midday UTC on 23 November is already the 24th in Auckland.
    board = make_board(name="Kiwi Board", code="KIWI", timezone="Pacific/Auckland")
    meeting = make_meeting(board, starts_at=HELD_AT, notice=True)
    meeting_ops.mark_held(None, meeting)
    due_today_in_london = raise_action(world, meeting.items[0], due=date(2026, 11, 23))
    assert clock.today(board.timezone) == date(2026, 11, 24)
    (entry,) = ops.entries(board, [due_today_in_london], clock.today(board.timezone))
    assert entry.overdue
    assert ops.action_log(board, "overdue", None, clock.today(board.timezone)) == [
        due_today_in_london
    ]
    assert not ops.entries(board, [due_today_in_london], clock.today(world.board.timezone))[
        0
    ].overdue


def test_the_action_log_filters_by_state_and_owner(world, held):
    item = held.items[0]
    late = raise_action(world, item, title="Late", due=date(2026, 11, 1))
    soon = raise_action(world, item, title="Soon", due=date(2026, 12, 20), who="parent")
    done = raise_action(world, item, title="Done", due=date(2026, 11, 2))
    ops.update_action(None, done, "Finished.", ActionStatus.DONE)

    def log(state, owner=None):
        return [a.title for a in ops.action_log(world.board, state, owner, TODAY)]

    assert log("open") == ["Late", "Soon"]
    assert log("overdue") == ["Late"]
    assert log("closed") == ["Done"]
    assert log("all") == ["Late", "Done", "Soon"]
    assert log("all", world.users["parent"].person.id) == ["Soon"]
    assert ops.log_owners(world.board, with_confidential=True) == sorted(
        [late.owner, soon.owner], key=lambda p: p.full_name
    )
    assert rules.filter_state("nonsense") == "open"


def test_matters_arising_are_open_actions_from_earlier_meetings_only(world, held, make_meeting):
    open_one = raise_action(world, held.items[0], title="Still open", due=date(2026, 11, 1))
    closed = raise_action(world, held.items[0], title="Closed")
    ops.update_action(None, closed, "Done.", ActionStatus.DONE)
    next_meeting = make_meeting(
        world.board, starts_at=HELD_AT + timedelta(days=30), items=("Matters arising",), notice=True
    )
    meeting_ops.mark_held(None, next_meeting)
    newer = raise_action(world, next_meeting.items[0], title="From the next meeting")
    elsewhere_meeting = make_meeting(world.other_board, starts_at=HELD_AT, notice=True)
    meeting_ops.mark_held(None, elsewhere_meeting)
    raise_action(world, elsewhere_meeting.items[0], title="Another board's", who="outsider")

    arising = ops.matters_arising(world.board, next_meeting.starts_at)
    assert arising == [open_one]
    (entry,) = ops.entries(world.board, arising, TODAY)
    assert entry.overdue and entry.meeting is held and entry.item is held.items[0]
    later = ops.matters_arising(world.board, next_meeting.starts_at + timedelta(days=30))
    assert later == [open_one, newer]
    assert held.status is MeetingStatus.HELD

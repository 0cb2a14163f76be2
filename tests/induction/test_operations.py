"""Induction operations with a session: starting, signing off, buddies, editing the programme."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from governance.boards import operations as board_ops
from governance.boards.models import SeatCategory
from governance.errors import DomainError
from governance.extensions import db
from governance.induction import operations
from governance.induction.defaults import DEFAULT_STEPS
from governance.induction.models import InductionRecord, StepKind
from tests.conftest import TODAY, audit_count


def records(board):
    return list(
        db.session.execute(
            sa.select(InductionRecord).where(InductionRecord.board_id == board.id)
        ).scalars()
    )


@pytest.fixture
def newcomer(world, make_seat, make_person):
    """A parent appointed three weeks ago to a new parent seat on the world's board."""
    seat = make_seat(world.board, title="Parent rep 2", category=SeatCategory.PARENT)
    person = make_person(full_name="Chloe New")
    board_ops.appoint(None, seat, person, TODAY - timedelta(days=21), None)
    return operations.existing_record(world.board, person.id)


def item(record, title):
    return next(i for i in record.items if i.title == title)


def test_appointing_a_parent_starts_an_induction_with_due_dates_from_the_start(newcomer):
    assert newcomer is not None and newcomer.starts_on == TODAY - timedelta(days=21)
    assert len(newcomer.items) == len(DEFAULT_STEPS)
    welcome = item(newcomer, "Welcome meeting with the chair or programme manager")
    assert welcome.due_on == newcomer.starts_on + timedelta(days=14)
    review = item(newcomer, "Six-month review")
    assert review.due_on == newcomer.starts_on + timedelta(days=183)


def test_appointing_to_a_statutory_seat_starts_none_unless_the_board_asks(
    world, make_board, make_seat, make_person
):
    board = make_board()
    seat = make_seat(board, category=SeatCategory.STATUTORY, organisation=world.health)
    board_ops.appoint(None, seat, make_person(), TODAY, None)
    assert records(board) == []
    keen = make_board(induction_categories=["statutory", "parent"])
    assert keen.induction_categories == ["statutory"]  # parent seats always have one
    seat = make_seat(keen, category=SeatCategory.STATUTORY, organisation=world.health)
    board_ops.appoint(None, seat, make_person(), TODAY, None)
    assert len(records(keen)) == 1


def test_someone_inducted_onto_the_board_is_not_inducted_again_for_its_sub_group(world, make_seat):
    seat = make_seat(world.subgroup, category=SeatCategory.PARENT)
    board_ops.appoint(None, seat, world.users["parent"].person, TODAY, None)
    assert records(world.subgroup) == []


def test_the_default_programme_is_set_up_once_per_board(world, newcomer):
    assert newcomer.items[0].step.programme.board_id == world.board.id
    assert {r.items[0].step.programme_id for r in records(world.board)} == {
        newcomer.items[0].step.programme_id
    }


def test_signing_off_records_the_day_and_who(world, newcomer):
    secretary = world.users["secretary"]
    step = item(newcomer, "Role description and what the board does")
    before = audit_count()
    operations.sign_off(secretary, step, TODAY - timedelta(days=2), "Went through it together.")
    assert step.done_on == TODAY - timedelta(days=2) and step.done_by_id == secretary.id
    assert step.note == "Went through it together."
    assert audit_count() == before + 1


def test_only_the_new_member_can_agree_to_the_code_of_conduct(world, newcomer, make_user):
    code = item(newcomer, "Code of conduct agreed")
    with pytest.raises(DomainError, match="Only the new member"):
        operations.sign_off(world.users["secretary"], code, None)
    assert code.done_on is None
    own = make_user("chloe@example.org")
    own.person_id = newcomer.person_id
    db.session.flush()
    operations.sign_off(own, code, None)
    assert code.done_on == TODAY and code.done_by_id == own.id


def test_assigning_a_buddy_completes_the_buddy_step(world, newcomer):
    buddy = world.users["member"].person
    operations.assign_buddy(world.users["secretary"], newcomer, buddy)
    assert newcomer.buddy_id == buddy.id
    assert item(newcomer, "A buddy assigned").done_on == TODAY
    with pytest.raises(DomainError, match="own buddy"):
        operations.assign_buddy(None, newcomer, newcomer.person)


def test_the_induction_completes_when_the_last_step_is_done(world, newcomer):
    operations.assign_buddy(None, newcomer, world.users["member"].person)
    for i in newcomer.items:
        if i.done_on is None:
            operations.sign_off(None, i, None)
    assert newcomer.completed_on == TODAY


def test_editing_a_step_changes_open_items_but_not_signed_off_ones(world, newcomer, make_person):
    seat_person = make_person()
    other_seat = board_ops.save_seat(
        None,
        world.board,
        None,
        {"title": "Parent 3", "category": SeatCategory.PARENT, "voting": True,
         "organisation": None, "position": 0, "abolished_on": None},
    )  # fmt: skip
    board_ops.appoint(None, other_seat, seat_person, TODAY - timedelta(days=3), None)
    other = operations.existing_record(world.board, seat_person.id)
    done = item(newcomer, "Safeguarding briefing")
    operations.sign_off(None, done, TODAY - timedelta(days=1))
    values = {"title": "Safeguarding training", "description": "", "kind": "task"}
    operations.edit_step(None, done.step, {**values, "due_offset_days": 10})
    assert (done.title, done.due_on) == (
        "Safeguarding briefing",
        newcomer.starts_on + timedelta(28),
    )
    still_open = next(i for i in other.items if i.step_id == done.step_id)
    assert still_open.title == "Safeguarding training"
    assert still_open.due_on == other.starts_on + timedelta(days=10)


def test_a_new_step_reaches_inductions_under_way(world, newcomer):
    step = operations.add_step(
        None,
        world.board,
        {
            "title": "Visit a stay-and-play",
            "description": "",
            "kind": "task",
            "due_offset_days": 60,
        },
    )
    added = next(i for i in newcomer.items if i.step_id == step.id)
    assert added.due_on == newcomer.starts_on + timedelta(days=60)


def test_retiring_a_step_drops_it_from_open_records_but_keeps_it_where_done(world, newcomer):
    role = item(newcomer, "Role description and what the board does")
    operations.sign_off(None, role, None)
    step = role.step
    operations.retire_step(None, step)
    assert step.retired_on == TODAY
    db.session.refresh(newcomer)
    assert any(i.step_id == step.id for i in newcomer.items)  # done: kept
    pdp = item(newcomer, "Personal development plan").step
    operations.retire_step(None, pdp)
    db.session.refresh(newcomer)
    assert not any(i.step_id == pdp.id for i in newcomer.items)  # open: dropped


def test_step_kinds_cover_agreements_and_buddies():
    assert {s.kind for s in DEFAULT_STEPS} == set(StepKind)

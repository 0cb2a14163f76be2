"""The board's members on a day are the holders of seats not abolished by then: a member
whose seat was abolished is not among the inductions of current members nor offered as a
buddy (the same definition the notice and its counts use, governance/boards/queries.py)."""

from __future__ import annotations

from datetime import timedelta

from governance.boards import operations as board_ops
from governance.boards.models import SeatCategory
from governance.extensions import db
from governance.induction import operations, queries
from tests.conftest import TODAY


def test_an_abolished_parent_seats_holder_is_no_current_member_in_induction(
    world, make_seat, make_person
):
    kept = make_seat(world.board, title="Parent rep 2", category=SeatCategory.PARENT)
    gone = make_seat(world.board, title="Parent rep 3", category=SeatCategory.PARENT)
    staying, leaving = make_person(full_name="Kim Stays"), make_person(full_name="Lee Goes")
    board_ops.appoint(None, kept, staying, TODAY - timedelta(days=21), None)
    board_ops.appoint(None, gone, leaving, TODAY - timedelta(days=21), None)
    gone.abolished_on = TODAY - timedelta(days=1)  # the appointment itself was never ended
    db.session.flush()

    assert leaving.id not in queries.current_member_ids(world.board, TODAY)
    assert staying.id in queries.current_member_ids(world.board, TODAY)
    views, departed = queries.overview(world.board)
    names = {v.record.person.full_name for v in views}
    assert "Kim Stays" in names and "Lee Goes" not in names
    assert departed >= 1
    record = operations.existing_record(world.board, staying.id)
    assert record is not None
    assert leaving.id not in {p.id for p in queries.buddy_candidates(record)}

"""An action's possible owners are the meeting's members on the meeting day, its board's
officers and those who attended: a member whose seat was abolished before the meeting day is
not offered (the one definition of members, governance/boards/queries.py member_ids_on)."""

from __future__ import annotations

from datetime import date

from governance.actions import operations
from governance.extensions import db


def test_a_member_whose_seat_was_abolished_before_the_meeting_is_not_a_possible_owner(
    world, make_meeting
):
    meeting = make_meeting(world.board)  # 10 December 2026
    observer = world.users["observer"].person
    member = world.users["member"].person
    assert observer.id in {p.id for p in operations.possible_owners(meeting.items[0])}
    world.observer_seat.abolished_on = date(2026, 12, 1)
    db.session.flush()
    owners = {p.id for p in operations.possible_owners(meeting.items[0])}
    assert observer.id not in owners
    assert member.id in owners

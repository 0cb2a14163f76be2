"""Registers of interests: a secretary keeps and reads them only for the boards they serve."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.boards import operations as board_ops
from governance.boards.models import OfficerRole
from governance.extensions import db
from governance.interests import operations as interests
from governance.interests.permissions import can_manage_interests, can_see_unpublished_interests
from tests.conftest import TODAY, audit_count

ENTRY = {
    "description": "Trustee of Little Steps",
    "kind": "non-financial",
    "starts_on": "2026-01-01",
    "published": "y",
}


@pytest.fixture
def elsewhere(world, make_user):
    """The secretary of the Elsewhere Board (private), and of nothing else."""
    user = make_user("elsewhere@example.org")
    board_ops.assign_officer(None, world.other_board, user.person, OfficerRole.SECRETARY)
    db.session.flush()
    return user


def member_entry(world, published=True):
    entry = interests.add_interest(
        None,
        world.users["member"].person,
        {
            "description": "Director of Sunny Days Ltd",
            "kind": "financial",
            "starts_on": date(2026, 1, 1),
            "published": published,
        },
    )
    db.session.flush()
    return entry


def test_secretary_of_another_board_cannot_add_to_a_members_register(
    client, world, login, elsewhere
):
    member = world.users["member"].person
    login(elsewhere)
    before = audit_count()
    assert client.post(f"/people/{member.id}/interests/new", data=ENTRY).status_code == 403
    assert interests.person_register(member) == []
    assert audit_count() == before


def test_secretary_of_another_board_cannot_end_a_members_entry(client, world, login, elsewhere):
    entry = member_entry(world)
    login(elsewhere)
    response = client.post(f"/interests/{entry.id}/end", data={"ends_on": "2026-11-23"})
    assert response.status_code == 403
    db.session.expire_all()
    assert entry.ends_on is None


def test_secretary_of_another_board_cannot_read_a_members_register(client, world, login, elsewhere):
    member_entry(world, published=False)
    login(elsewhere)
    assert client.get(f"/people/{world.users['member'].person.id}/interests").status_code == 403
    assert not can_see_unpublished_interests(elsewhere, world.users["member"].person)


def test_the_boards_own_secretary_keeps_and_reads_its_members_registers(world):
    secretary, member = world.users["secretary"], world.users["member"].person
    assert can_manage_interests(secretary, member)
    assert can_see_unpublished_interests(secretary, member)


def test_a_register_shared_by_two_boards_is_kept_by_administrators_or_the_person(
    client, world, login, make_seat, elsewhere
):
    member = world.users["member"].person
    seat = make_seat(world.other_board, title="Shared member")
    board_ops.appoint(None, seat, member, TODAY - timedelta(days=30), None)
    db.session.flush()
    for user in (world.users["secretary"], elsewhere):
        assert not can_manage_interests(user, member)
        # Each board's secretary still reads the whole register of a member of their board.
        assert can_see_unpublished_interests(user, member)
    assert can_manage_interests(world.users["admin"], member)
    assert can_manage_interests(world.users["member"], member)
    login(world.users["secretary"])
    response = client.get(f"/people/{member.id}/interests")
    assert response.status_code == 200
    assert f"/people/{member.id}/interests/new" not in response.get_data(as_text=True)
    assert client.post(f"/people/{member.id}/interests/new", data=ENTRY).status_code == 403

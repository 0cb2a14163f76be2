"""List pages run a fixed number of SQL statements, however much data there is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.boards import operations
from governance.boards.models import SeatCategory
from governance.extensions import db
from tests.conftest import counting


def grow(world, make_board, make_seat, make_person, make_organisation, n: int) -> None:
    """Add n more of everything a list page shows."""
    for i in range(n):
        org = make_organisation()
        seat = make_seat(
            world.board, title=f"Extra {i}", category=SeatCategory.VOLUNTARY, organisation=org
        )
        person = make_person(organisation_id=org.id)
        operations.appoint(None, seat, person, date(2026, 1, 1), date(2027, 12, 31))
        old = make_seat(world.board, title=f"Old {i}")
        a = operations.appoint(None, old, make_person(), date(2024, 1, 1), None)
        operations.end_appointment(None, a, date(2025, 1, 1) + timedelta(days=i), "Left")
        make_board(parent=world.board)
    db.session.flush()


PAGES = [
    ("/boards", "admin"),
    ("/boards/{board}", "secretary"),
    ("/people", "admin"),
    ("/people/{member}", "admin"),
    ("/organisations", "admin"),
    ("/audit/", "auditor"),
    ("/", "parent"),
]


@pytest.mark.parametrize(("template", "role"), PAGES)
def test_statement_count_does_not_grow_with_the_data(
    template, role, client, world, login, make_board, make_seat, make_person, make_organisation
):
    login(world.users[role])
    url = template.format(board=world.board.id, member=world.users["member"].person.id)

    def measure() -> int:
        with counting() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    # Start from a world with one of everything, so eager loads that skip empty sets are in play.
    grow(world, make_board, make_seat, make_person, make_organisation, 1)
    small = measure()
    grow(world, make_board, make_seat, make_person, make_organisation, 6)
    assert measure() == small


def test_the_board_page_runs_the_same_statements_however_many_officers(
    client, world, login, make_person
):
    from governance.boards.models import OfficerRole

    login(world.users["admin"])
    url = f"/boards/{world.board.id}"

    def measure() -> int:
        with counting() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    small = measure()
    for _ in range(4):
        operations.assign_officer(None, world.board, make_person(), OfficerRole.SECRETARY)
    db.session.flush()
    db.session.expire_all()
    assert measure() == small


def test_the_board_page_runs_the_same_statements_with_or_without_its_bodies_named(
    client, world, login, make_board, make_organisation
):
    # As in the bench data: two sub-groups of one board, only one naming an accountable body
    # and a lead agency; the page (and its permission check) reads the parent too.
    plain = make_board(parent=world.board)
    named = make_board(
        parent=world.board,
        accountable_body_id=make_organisation().id,
        lead_agency_id=make_organisation().id,
    )
    db.session.flush()
    login(world.users["secretary"])

    def measure(board_id: int) -> int:
        db.session.expire_all()
        with counting() as statements:
            assert client.get(f"/boards/{board_id}").status_code == 200
        return len(statements)

    assert measure(named.id) == measure(plain.id)

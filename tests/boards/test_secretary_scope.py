"""A secretary's powers stop at the boards they serve: people, the directory, the glossary.

The world's "Elsewhere Board" is a second private board; `elsewhere` is its secretary and
nothing else. The Partnership Board's people are beyond their reach.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from governance.boards import operations as board_ops
from governance.boards.models import OfficerRole, Person, SeatCategory
from governance.boards.permissions import can_edit_person, can_view_person
from governance.extensions import db
from governance.glossary import operations as glossary
from governance.glossary.models import GlossaryTerm
from tests.conftest import TODAY, audit_count, counting
from tests.test_query_counts import grow


def text(response) -> str:
    return response.get_data(as_text=True)


def sign_in_as(client, login, user) -> None:
    """Sign out whoever is signed in, then sign `user` in."""
    client.post("/logout")
    login(user)


@pytest.fixture
def elsewhere(world, make_user):
    """The secretary of the Elsewhere Board (private), and of nothing else."""
    user = make_user("elsewhere@example.org")
    board_ops.assign_officer(None, world.other_board, user.person, OfficerRole.SECRETARY)
    db.session.flush()
    return user


def seat_elsewhere(world, make_seat, person: Person, category=SeatCategory.COMMUNITY):
    """Give `person` a current seat on the Elsewhere Board too."""
    seat = make_seat(world.other_board, title="Shared member", category=category)
    board_ops.appoint(None, seat, person, TODAY - timedelta(days=30), None)
    db.session.flush()
    return seat


# Changing people -----------------------------------------------------------------------------


def test_secretary_of_another_board_cannot_change_the_chairs_email(client, world, login, elsewhere):
    chair = world.users["chair"].person
    login(elsewhere)
    before = audit_count()
    response = client.post(
        f"/people/{chair.id}/edit",
        data={"full_name": chair.full_name, "email": "attacker@example.org"},
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert chair.email == "chair@example.org"
    assert audit_count() == before


def test_secretary_of_another_board_cannot_open_the_form_for_a_member(
    client, world, login, elsewhere
):
    login(elsewhere)
    assert client.get(f"/people/{world.users['parent'].person.id}/edit").status_code == 403


def test_secretary_changes_the_details_of_their_own_boards_members(client, world, login):
    parent = world.users["parent"].person
    login(world.users["secretary"])
    response = client.post(
        f"/people/{parent.id}/edit", data={"full_name": "Pat Parent", "email": "pat@example.org"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert parent.email == "pat@example.org"


def test_secretary_of_the_main_board_reaches_its_sub_groups_members(
    world, make_seat, make_person, elsewhere
):
    person = make_person()
    seat = make_seat(world.subgroup, title="Finance member")
    board_ops.appoint(None, seat, person, TODAY, None)
    db.session.flush()
    assert can_edit_person(world.users["secretary"], person)
    assert not can_edit_person(elsewhere, person)


def test_a_person_on_two_boards_is_changed_by_administrators_or_themselves_only(
    client, world, login, make_seat, elsewhere
):
    parent = world.users["parent"].person
    seat_elsewhere(world, make_seat, parent)
    for user in (world.users["secretary"], elsewhere):
        assert not can_edit_person(user, parent)
    assert can_edit_person(world.users["admin"], parent)
    assert can_edit_person(world.users["parent"], parent)
    login(world.users["secretary"])
    response = client.post(f"/people/{parent.id}/edit", data={"full_name": "Renamed"})
    assert response.status_code == 403
    # The page they may still see offers no edit link the server would refuse.
    page = text(client.get(f"/people/{parent.id}"))
    assert f"/people/{parent.id}/edit" not in page


def test_a_person_changes_their_own_details(client, world, login):
    parent = world.users["parent"].person
    login(world.users["parent"])
    page = text(client.get(f"/people/{parent.id}"))
    assert f"/people/{parent.id}/edit" in page
    response = client.post(
        f"/people/{parent.id}/edit", data={"full_name": "Pat Parent", "email": "pat@example.org"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert parent.email == "pat@example.org"


def test_secretary_cannot_change_an_administrators_details(client, world, login, elsewhere):
    admin = world.users["admin"].person
    login(elsewhere)
    response = client.post(f"/people/{admin.id}/edit", data={"full_name": "Admin", "email": ""})
    assert response.status_code == 403
    db.session.expire_all()
    assert admin.email == "admin@example.org"


def test_any_secretary_adds_a_new_person_corrects_them_and_appoints_them(
    client, world, login, elsewhere
):
    login(elsewhere)
    response = client.post("/people/new", data={"full_name": "Sam Newcomer"})
    assert response.status_code == 302
    person = db.session.execute(
        sa.select(Person).where(Person.full_name == "Sam Newcomer")
    ).scalar_one()
    assert client.get(f"/people/{person.id}").status_code == 200
    response = client.post(
        f"/people/{person.id}/edit", data={"full_name": "Sam Newcomer", "email": "sam@example.org"}
    )
    assert response.status_code == 302
    seat = world.other_board.seats[0]
    board_ops.end_appointment(None, seat.appointments[0], TODAY, "Stood down")
    db.session.flush()
    response = client.post(
        f"/seats/{seat.id}/appoint",
        data={"person_id": str(person.id), "starts_on": (TODAY + timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 302


def test_a_former_member_stays_with_the_boards_they_sat_on(
    client, world, login, make_person, elsewhere
):
    person = make_person()
    old = board_ops.appoint(None, world.vacant_seat, person, TODAY - timedelta(days=400), None)
    board_ops.end_appointment(None, old, TODAY - timedelta(days=10), "Stood down")
    db.session.flush()
    assert not can_view_person(elsewhere, person)
    assert not can_edit_person(elsewhere, person)
    assert can_edit_person(world.users["secretary"], person)
    login(elsewhere)
    assert client.get(f"/people/{person.id}").status_code == 403
    assert f"/people/{person.id}" not in text(client.get("/people"))


# Seeing people ------------------------------------------------------------------------------


def test_secretary_of_another_board_cannot_read_a_members_contact_details(
    client, world, login, elsewhere
):
    member = world.users["member"].person
    login(elsewhere)
    assert client.get(f"/people/{member.id}").status_code == 403
    assert not can_view_person(elsewhere, member)


def test_the_directory_lists_only_the_people_a_secretary_may_see(client, world, login, elsewhere):
    login(elsewhere)
    page = text(client.get("/people"))
    assert "Outsider" in page  # sits on the Elsewhere Board
    for name in ("Member", "Chair", "Parent", "Secretary", "Admin"):
        assert f">{name}<" not in page, name
    sign_in_as(client, login, world.users["secretary"])
    page = text(client.get("/people"))
    assert ">Member<" in page and ">Chair<" in page and ">Outsider<" not in page


def test_a_former_member_no_longer_sees_other_members_contact_details(client, world, login):
    board_ops.end_appointment(
        None, world.member_appointment, TODAY - timedelta(days=1), "Moved to another post"
    )
    db.session.flush()
    member, parent = world.users["member"], world.users["parent"].person
    assert not can_view_person(member, parent)
    login(member)
    assert client.get(f"/people/{parent.id}").status_code == 403


def test_a_current_member_still_sees_a_fellow_members_page(client, world, login):
    login(world.users["member"])
    assert client.get(f"/people/{world.users['parent'].person.id}").status_code == 200


def test_the_person_page_names_no_office_on_a_board_the_viewer_cannot_see(client, world, login):
    parent = world.users["parent"].person
    board_ops.assign_officer(None, world.other_board, parent, OfficerRole.CHAIR)
    db.session.flush()
    login(world.users["member"])
    page = text(client.get(f"/people/{parent.id}"))
    assert "Elsewhere Board" not in page
    sign_in_as(client, login, world.users["admin"])
    assert "Elsewhere Board" in text(client.get(f"/people/{parent.id}"))


# The glossary --------------------------------------------------------------------------------


def test_only_administrators_change_the_shared_glossary(client, world, login, elsewhere):
    term = glossary.save_term(None, None, "Quorum", "The fewest members who must be present.", [])
    db.session.flush()
    data = {"term": "Crèche", "meaning": "Childcare provided while parents attend the meeting."}
    for user in (elsewhere, world.users["secretary"]):
        sign_in_as(client, login, user)
        assert client.post("/glossary/new", data=data).status_code == 403
        assert client.post(f"/glossary/{term.id}/delete").status_code == 403
        assert "/glossary/new" not in text(client.get("/glossary"))
    assert db.session.get(GlossaryTerm, term.id) is not None
    sign_in_as(client, login, world.users["admin"])
    assert client.post("/glossary/new", data=data).status_code == 302
    assert client.post(f"/glossary/{term.id}/delete").status_code == 302


# Organisations ------------------------------------------------------------------------------


def test_secretary_of_another_board_cannot_rename_an_organisation_other_boards_use(
    client, world, login, elsewhere
):
    login(elsewhere)
    response = client.post(
        f"/organisations/{world.health.id}/edit",
        data={"name": "Renamed PCT", "sector": "statutory", "agency_type": "health"},
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert world.health.name == "Northbank PCT"
    page = text(client.get(f"/organisations/{world.health.id}"))
    assert f"/organisations/{world.health.id}/edit" not in page
    sign_in_as(client, login, world.users["secretary"])
    response = client.post(
        f"/organisations/{world.health.id}/edit",
        data={
            "name": "Northbank Primary Care Trust",
            "sector": "statutory",
            "agency_type": "health",
        },
    )
    assert response.status_code == 302


def test_any_secretary_adds_an_organisation_and_keeps_it_while_only_their_boards_use_it(
    client, world, login, elsewhere
):
    login(elsewhere)
    response = client.post(
        "/organisations/new", data={"name": "Toy Library", "sector": "voluntary"}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    organisation_id = int(re.search(r"/organisations/(\d+)", location).group(1))
    response = client.post(
        f"/organisations/{organisation_id}/edit",
        data={"name": "Northbank Toy Library", "sector": "voluntary"},
    )
    assert response.status_code == 302


# Statement counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "chair"])
def test_an_officers_directory_runs_a_fixed_number_of_statements(
    role, client, world, login, make_board, make_seat, make_person, make_organisation
):
    login(world.users[role])

    def measure() -> int:
        with counting() as statements:
            assert client.get("/people").status_code == 200
        return len(statements)

    grow(world, make_board, make_seat, make_person, make_organisation, 1)
    small = measure()
    grow(world, make_board, make_seat, make_person, make_organisation, 6)
    assert measure() == small


# Appointing ----------------------------------------------------------------------------------


def test_the_appoint_form_offers_a_secretary_only_people_they_may_see(
    client, world, login, elsewhere, make_seat, make_person
):
    """Appointing someone (then ending it at once) would open their page and register to the
    secretary for good: the form offers only people the secretary may already see."""
    seat = make_seat(world.other_board, title="New seat")
    newcomer = make_person(full_name="Newly Added")
    login(elsewhere)
    page = text(client.get(f"/seats/{seat.id}/appoint"))
    assert "Newly Added" in page
    for user in ("member", "parent", "chair", "admin", "auditor"):
        assert world.users[user].person.full_name not in page, user
    before = audit_count()
    response = client.post(
        f"/seats/{seat.id}/appoint",
        data={"person_id": str(world.users["parent"].person_id), "starts_on": str(TODAY)},
    )
    assert response.status_code == 400
    assert "Not a valid choice" in text(response)
    assert audit_count() == before
    assert not seat.appointments
    assert client.get(f"/people/{world.users['parent'].person_id}").status_code == 403
    response = client.post(
        f"/seats/{seat.id}/appoint", data={"person_id": str(newcomer.id), "starts_on": str(TODAY)}
    )
    assert response.status_code == 302


def test_an_administrator_appoints_anyone(client, world, login, make_seat):
    seat = make_seat(world.other_board, title="New seat")
    login(world.users["admin"])
    page = text(client.get(f"/seats/{seat.id}/appoint"))
    assert world.users["parent"].person.full_name in page
    response = client.post(
        f"/seats/{seat.id}/appoint",
        data={"person_id": str(world.users["parent"].person_id), "starts_on": str(TODAY)},
    )
    assert response.status_code == 302

"""Board pages and forms through the client: what people see, and refused input coming back."""

from __future__ import annotations

import re

import sqlalchemy as sa

from governance.boards.models import Appointment, Board, Seat
from governance.extensions import db
from tests.conftest import audit_count


def text(response) -> str:
    return response.get_data(as_text=True)


def test_board_page_shows_members_by_category_vacancies_and_breaches(client, world, login):
    login(world.users["parent"])
    page = text(client.get(f"/boards/{world.board.id}"))
    assert "Statutory agencies" in page and "Parent representatives" in page
    assert "Member" in page and "Northbank PCT" in page  # the member's name and organisation
    assert "Vacant seat: Voluntary sector." in page
    assert "Observers" in page and "non-voting" in page
    assert "Finance Sub-group" in page  # sub-groups listed


def test_board_page_hides_management_links_from_members(client, world, login):
    login(world.users["member"])
    page = text(client.get(f"/boards/{world.board.id}"))
    assert "Edit board" not in page and "Appoint" not in page


def test_secretary_sees_management_links(client, world, login):
    login(world.users["secretary"])
    page = text(client.get(f"/boards/{world.board.id}"))
    assert "Edit board" in page and f"/seats/{world.vacant_seat.id}/appoint" in page


def test_visitor_sees_public_boards_only(client, world):
    page = text(client.get("/boards"))
    assert "Open Board" in page
    assert "Partnership Board" not in page
    public = text(client.get(f"/boards/{world.public_board.id}"))
    assert "Community member" in public


def test_refused_board_form_comes_back_filled_in_with_the_problem_beside_the_field(
    client, world, login
):
    login(world.users["admin"])
    before = audit_count()
    response = client.post(
        "/boards/new",
        data={
            "name": "Shiny New Board",
            "code": "PB",
            "timezone": "Mars/Olympus",
            "notice_clear_days": "5",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert 'value="Shiny New Board"' in page
    assert re.search(r'id="timezone-error">[^<]*not a timezone', page)
    assert audit_count() == before
    assert (
        db.session.execute(sa.select(Board).where(Board.name == "Shiny New Board")).first() is None
    )


def test_duplicate_code_is_named_beside_the_code_field(client, world, login):
    login(world.users["admin"])
    response = client.post(
        "/boards/new",
        data={
            "name": "Another",
            "code": "pb",
            "timezone": "Europe/London",
            "notice_clear_days": "5",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    )
    assert response.status_code == 400
    assert re.search(r'id="code-error">[^<]*already in use', text(response))


def test_secretary_creates_a_sub_group_of_their_board(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/new?parent_id={world.board.id}",
        data={
            "name": "Communications Sub-group",
            "code": "COMMS",
            "parent_id": str(world.board.id),
            "timezone": "Europe/London",
            "notice_clear_days": "3",
            "min_parent_seats": "1",
            "min_voluntary_community_seats": "0",
        },
    )
    assert response.status_code == 302
    created = db.session.execute(sa.select(Board).where(Board.code == "COMMS")).scalar_one()
    assert created.parent_id == world.board.id
    page = text(client.get(f"/boards/{created.id}"))
    assert "Sub-group of" in page and "Partnership Board" in page


def test_secretary_cannot_create_a_main_board_by_clearing_the_parent(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/new?parent_id={world.board.id}",
        data={
            "name": "Rogue Board",
            "code": "ROGUE",
            "parent_id": "",
            "timezone": "Europe/London",
            "notice_clear_days": "3",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    )
    assert response.status_code == 403
    assert db.session.execute(sa.select(Board).where(Board.code == "ROGUE")).first() is None


def test_appointing_through_the_form_fills_the_vacancy(client, world, login):
    login(world.users["secretary"])
    person = world.users["chair"].person  # someone the board's secretary may appoint
    response = client.post(
        f"/seats/{world.vacant_seat.id}/appoint",
        data={
            "person_id": str(person.id),
            "starts_on": "2026-11-01",
            "ends_on": "2028-10-31",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"/boards/{world.board.id}"))
    assert "Vacant seat: Voluntary sector." not in page
    assert "31 Oct 2028" in page


def test_overlapping_appointment_comes_back_with_the_reason(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/seats/{world.parent_seat.id}/appoint",
        data={
            "person_id": str(world.users["chair"].person_id),
            "starts_on": "2026-11-01",
        },
    )
    assert response.status_code == 400
    assert "already held" in text(response)
    assert (
        len(
            db.session.execute(
                sa.select(Appointment).where(Appointment.seat_id == world.parent_seat.id)
            ).all()
        )
        == 1
    )


def test_ending_an_appointment_keeps_it_on_the_persons_page(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/appointments/{world.member_appointment.id}/end",
        data={"ends_on": "2026-11-20", "reason": "Moved to another post"},
    )
    assert response.status_code == 302
    page = text(client.get(f"/people/{world.users['member'].person.id}"))
    assert "Ended: Moved to another post" in page
    board_page = text(client.get(f"/boards/{world.board.id}"))
    assert "Vacant seat: PCT." in board_page and "No health representative." in board_page


def test_end_form_without_reason_is_refused_beside_the_reason(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/appointments/{world.member_appointment.id}/end",
        data={"ends_on": "2026-11-20", "reason": ""},
    )
    assert response.status_code == 400
    assert 'id="reason-error"' in text(response)
    db.session.expire_all()
    assert db.session.get(Appointment, world.member_appointment.id).ends_on.year == 2028


def test_statutory_seat_without_an_organisation_is_refused_beside_the_field(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/seats/new",
        data={
            "title": "Police",
            "category": "statutory",
            "voting": "y",
            "position": "1",
        },
    )
    assert response.status_code == 400
    assert re.search(r'id="organisation_id-error">[^<]*must name the agency', text(response))
    assert 'value="Police"' in text(response)
    assert db.session.execute(sa.select(Seat).where(Seat.title == "Police")).first() is None


def test_organisation_form_refuses_agency_type_for_a_charity(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        "/organisations/new",
        data={
            "name": "Play Council",
            "sector": "voluntary",
            "agency_type": "health",
        },
    )
    assert response.status_code == 400
    assert re.search(r'id="agency_type-error">', text(response))


def test_person_form_refuses_a_malformed_email(client, world, login):
    login(world.users["secretary"])
    response = client.post("/people/new", data={"full_name": "Jo Bloggs", "email": "not-an-email"})
    assert response.status_code == 400
    assert 'id="email-error"' in text(response) and 'value="Jo Bloggs"' in text(response)


def test_admin_names_a_chair_and_removes_them(client, world, login):
    login(world.users["admin"])
    person = world.users["member"].person
    client.post(
        f"/boards/{world.board.id}/officers", data={"person_id": str(person.id), "role": "chair"}
    )
    page = text(client.get(f"/boards/{world.board.id}"))
    assert page.count("Chair:") == 2
    db.session.expire_all()
    officer = next(
        o for o in db.session.get(Board, world.board.id).officers if o.person_id == person.id
    )
    client.post(f"/officers/{officer.id}/remove", data={})
    assert text(client.get(f"/boards/{world.board.id}")).count("Chair:") == 1


def test_user_input_is_escaped_on_the_board_page(client, world, login):
    login(world.users["secretary"])
    client.post(
        f"/boards/{world.board.id}/seats/new",
        data={
            "title": "<script>alert(1)</script>",
            "category": "community",
            "voting": "y",
            "position": "0",
        },
    )
    page = text(client.get(f"/boards/{world.board.id}"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_missing_objects_are_404(client, world, login):
    login(world.users["admin"])
    for url in (
        "/boards/99999",
        "/seats/99999/edit",
        "/people/99999",
        "/organisations/99999",
        "/appointments/99999/end",
    ):
        assert client.get(url).status_code == 404, url


def test_board_quorum_settings_are_saved_from_the_form(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/edit",
        data={
            "name": "Partnership Board",
            "code": "PB",
            "timezone": "Europe/London",
            "notice_clear_days": "5",
            "min_parent_seats": "1",
            "min_voluntary_community_seats": "0",
            "quorum_min_count": "3",
            "quorum_fraction": "1/3",
            "quorum_min_parents": "1",
            "quorum_min_statutory": "1",
            "inquorate_recommendations": "y",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"/boards/{world.board.id}"))
    assert "3 voting members or 1/3 of filled voting seats" in page
    response = client.post(
        f"/boards/{world.board.id}/edit",
        data={
            "name": "Partnership Board",
            "code": "PB",
            "timezone": "Europe/London",
            "notice_clear_days": "5",
            "min_parent_seats": "1",
            "min_voluntary_community_seats": "0",
            "quorum_fraction": "a third",
        },
    )
    assert response.status_code == 400
    assert 'id="quorum_fraction-error"' in text(response)


def test_form_fields_tie_hints_and_errors_to_their_inputs(client, world, login):
    login(world.users["secretary"])
    page = text(client.get("/people/new"))
    assert '"None"' not in page
    response = client.post("/people/new", data={"full_name": "Jo", "email": "bad"})
    page = text(response)
    assert 'aria-describedby="email-error"' in page and 'aria-invalid="true"' in page

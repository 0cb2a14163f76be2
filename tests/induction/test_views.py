"""Induction and glossary pages through the client."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from governance.boards import operations as board_ops
from governance.boards.models import SeatCategory
from governance.extensions import db
from governance.induction import materials, operations
from governance.induction.models import MaterialRead, StepKind
from tests.conftest import TODAY, counting


@pytest.fixture
def switch(client, login):
    """Sign out whoever is signed in, then sign in as `user`."""

    def do(user):
        client.post("/logout")
        login(user)

    return do


def parent_record(world):
    return operations.existing_record(world.board, world.users["parent"].person.id)


def item_of(record, kind):
    return next(i for i in record.items if i.kind is kind and i.done_on is None)


def test_home_page_shows_my_induction_with_overdue_and_reading(client, world, login):
    record = parent_record(world)
    step = record.items[0].step
    materials.add_page(None, step, "What the board does", "It decides how the money is spent.")
    db.session.flush()
    login(world.users["parent"])
    page = client.get("/").get_data(as_text=True)
    assert "My induction" in page and "Overdue" in page
    assert "What the board does" in page and f"/induction/records/{record.id}" in page


def test_home_page_of_a_member_without_an_induction_has_no_induction_section(client, world, login):
    login(world.users["member"])
    assert "My induction" not in client.get("/").get_data(as_text=True)


def test_opening_material_is_tracked_and_shown_to_the_secretary(client, world, login, switch):
    step = parent_record(world).items[0].step
    page = materials.add_page(None, step, "What the board does", "It decides how money is spent.")
    db.session.flush()
    login(world.users["parent"])
    assert client.get(f"/induction/material/{page.id}").status_code == 200
    reads = db.session.execute(sa.select(MaterialRead).filter_by(material_id=page.id)).scalars()
    assert [r.user_id for r in reads] == [world.users["parent"].id]
    record = client.get(f"/induction/records/{parent_record(world).id}").get_data(as_text=True)
    assert "read " in record
    switch(world.users["secretary"])
    shown = client.get(f"/induction/material/{page.id}").get_data(as_text=True)
    assert "Who has read this" in shown and "Parent" in shown


def test_the_new_member_agrees_to_the_code_of_conduct_themselves(client, world, login, switch):
    record = parent_record(world)
    agreement = item_of(record, StepKind.AGREEMENT)
    login(world.users["secretary"])
    assert client.post(f"/induction/items/{agreement.id}/done", data={}).status_code == 403
    switch(world.users["parent"])
    page = client.get(f"/induction/records/{record.id}").get_data(as_text=True)
    assert "I agree" in page
    assert client.post(f"/induction/items/{agreement.id}/done", data={}).status_code == 302
    db.session.expire_all()
    assert agreement.done_on == TODAY and agreement.done_by_id == world.users["parent"].id


def test_the_new_member_cannot_sign_off_their_own_ordinary_steps(client, world, login):
    task = item_of(parent_record(world), StepKind.TASK)
    login(world.users["parent"])
    assert client.post(f"/induction/items/{task.id}/done", data={"note": "x"}).status_code == 403


def test_the_buddy_may_sign_off_steps(client, world, login):
    record = parent_record(world)
    operations.assign_buddy(None, record, world.users["member"].person)
    task = item_of(record, StepKind.TASK)
    db.session.flush()
    login(world.users["member"])
    response = client.post(f"/induction/items/{task.id}/done", data={"done_on": "2026-11-20"})
    assert response.status_code == 302
    db.session.expire_all()
    assert str(task.done_on) == "2026-11-20"


def test_a_future_sign_off_date_comes_back_with_the_reason(client, world, login):
    task = item_of(parent_record(world), StepKind.TASK)
    login(world.users["secretary"])
    response = client.post(f"/induction/items/{task.id}/done", data={"done_on": "2030-01-01"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.get_data(as_text=True)
    db.session.expire_all()
    assert task.done_on is None


def test_overview_shows_who_is_behind_and_on_which_steps(client, world, login):
    login(world.users["secretary"])
    page = client.get(f"/boards/{world.board.id}/induction").get_data(as_text=True)
    assert "Parent" in page and "overdue" in page
    assert "Code of conduct agreed" in page  # an overdue step, named
    assert "1 of 1 behind" in page


def test_overview_draws_each_members_progress_as_a_chart_with_its_figures(client, world, login):
    login(world.users["secretary"])
    page = client.get(f"/boards/{world.board.id}/induction").get_data(as_text=True)
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in chart and "<title" in chart
    # The parent has done none of twelve steps, all of them overdue: the label says so in words.
    assert "0/12, 12 late" in chart
    assert chart.count('class="bar overdue"') == 1


def test_board_page_shows_induction_status_to_officers_only(client, world, login, switch):
    login(world.users["secretary"])
    page = client.get(f"/boards/{world.board.id}").get_data(as_text=True)
    assert "Induction: 0 of 12 done" in page
    switch(world.users["member"])
    assert "Induction:" not in client.get(f"/boards/{world.board.id}").get_data(as_text=True)


def test_board_form_turns_on_induction_for_other_categories(client, world, login, make_person):
    login(world.users["admin"])
    form = client.get(f"/boards/{world.board.id}/edit").get_data(as_text=True)
    assert 'name="induction_categories"' in form
    data = {
        "name": world.board.name, "code": world.board.code, "timezone": "Europe/London",
        "notice_clear_days": "5", "min_parent_seats": "1", "min_voluntary_community_seats": "0",
        "quorum_min_parents": "0", "quorum_min_statutory": "0",
        "required_agency_types": ["health"], "induction_categories": ["voluntary"],
    }  # fmt: skip
    response = client.post(f"/boards/{world.board.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    db.session.expire_all()
    assert world.board.induction_categories == ["voluntary"]
    person = make_person()
    board_ops.appoint(None, world.vacant_seat, person, TODAY, None)
    assert operations.existing_record(world.board, person.id) is not None


def test_programme_edits_are_for_the_secretary(client, world, login, switch):
    login(world.users["parent"])
    page = client.get(f"/boards/{world.board.id}/induction/programme").get_data(as_text=True)
    assert "Safeguarding briefing" in page and "within 4 weeks" in page
    assert "Add a step" not in page
    switch(world.users["secretary"])
    page = client.get(f"/boards/{world.board.id}/induction/programme").get_data(as_text=True)
    assert "Add a step" in page and "Move down" in page


def test_a_step_without_a_title_comes_back_filled_in_with_the_message(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/induction/steps/new",
        data={"title": "", "kind": "task", "due_offset_days": "30", "description": "Kept."},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Kept." in page and "error" in page


# Glossary ------------------------------------------------------------------------------------


def _grow(world, make_seat, make_person, n):
    for i in range(n):
        seat = make_seat(world.board, title=f"Parent {i}", category=SeatCategory.PARENT)
        person = make_person()
        board_ops.appoint(None, seat, person, TODAY - timedelta(days=30 + i), None)
        record = operations.existing_record(world.board, person.id)
        operations.assign_buddy(None, record, world.users["member"].person)
        step = record.items[0].step
        materials.add_page(None, step, f"Reading {i}", "Some words about the board.")
    db.session.flush()


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/boards/{board}/induction", "secretary"),
        ("/", "parent"),
        ("/induction/records/{record}", "secretary"),
    ],
)
def test_induction_pages_run_a_fixed_number_of_statements(
    url, role, client, world, login, make_seat, make_person
):
    login(world.users[role])
    target = url.format(board=world.board.id, record=parent_record(world).id)

    def measure() -> int:
        with counting() as statements:
            assert client.get(target).status_code == 200
        return len(statements)

    _grow(world, make_seat, make_person, 1)
    small = measure()
    _grow(world, make_seat, make_person, 5)
    assert measure() == small

"""Moving a sub-group and making a board public are decided one level up.

A board's own secretary edits its settings; changing which board it reports to, or whether it
is public, is for administrators or the secretary of the board it reports to. The board form
never names a board the viewer may not see.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.boards import operations as board_ops
from governance.boards.models import OfficerRole
from governance.extensions import db
from tests.conftest import TODAY, audit_count


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def subgroup_secretary(world, make_user):
    """The secretary of the Finance Sub-group only (not of the Partnership Board)."""
    user = make_user("finance@example.org")
    board_ops.assign_officer(None, world.subgroup, user.person, OfficerRole.SECRETARY)
    db.session.flush()
    return user


def form_data(board, **changes) -> dict[str, str]:
    data = {
        "name": board.name,
        "code": board.code,
        "parent_id": str(board.parent_id or ""),
        "timezone": board.timezone,
        "notice_clear_days": str(board.notice_clear_days),
        "min_parent_seats": str(board.min_parent_seats),
        "min_voluntary_community_seats": str(board.min_voluntary_community_seats),
    }
    if board.is_public:
        data["is_public"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_sub_group_form_names_no_board_its_secretary_cannot_see(
    client, world, login, subgroup_secretary
):
    login(subgroup_secretary)
    page = text(client.get(f"/boards/{world.subgroup.id}/edit"))
    assert 'name="parent_id"' in page
    for hidden in ("Partnership Board", "Elsewhere Board"):
        assert hidden not in page, hidden


def test_the_sub_group_page_says_it_reports_without_naming_a_board_its_secretary_cannot_see(
    client, world, login, subgroup_secretary
):
    login(subgroup_secretary)
    page = text(client.get(f"/boards/{world.subgroup.id}"))
    line = re.search(r"<p>Sub-group of [^\n]*</p>", page)
    assert line is not None and "Partnership Board" not in line.group(0)


def test_a_sub_group_secretary_cannot_move_it_under_a_board_they_cannot_see(
    client, world, login, subgroup_secretary
):
    login(subgroup_secretary)
    before = audit_count()
    response = client.post(
        f"/boards/{world.subgroup.id}/edit",
        data=form_data(world.subgroup, parent_id=str(world.other_board.id), name="Moved"),
    )
    assert response.status_code == 400
    page = text(response)
    assert re.search(r'id="parent_id-error">[^<]*Choose one of the boards listed', page)
    assert "Elsewhere Board" not in page
    assert 'value="Moved"' in page  # the form comes back as it was sent
    db.session.expire_all()
    assert world.subgroup.parent_id == world.board.id and world.subgroup.name != "Moved"
    assert audit_count() == before


def test_a_sub_group_secretary_cannot_move_it_under_another_board_they_serve(
    client, world, login, subgroup_secretary
):
    board_ops.assign_officer(
        None, world.other_board, subgroup_secretary.person, OfficerRole.SECRETARY
    )
    db.session.flush()
    login(subgroup_secretary)
    before = audit_count()
    response = client.post(
        f"/boards/{world.subgroup.id}/edit",
        data=form_data(world.subgroup, parent_id=str(world.other_board.id)),
    )
    assert response.status_code == 400
    assert re.search(r'id="parent_id-error">[^<]*administrator', text(response))
    db.session.expire_all()
    assert world.subgroup.parent_id == world.board.id
    assert audit_count() == before


def test_a_sub_group_secretary_cannot_make_it_public(client, world, login, subgroup_secretary):
    login(subgroup_secretary)
    before = audit_count()
    response = client.post(
        f"/boards/{world.subgroup.id}/edit", data=form_data(world.subgroup, is_public="y")
    )
    assert response.status_code == 400
    assert re.search(r'id="is_public-error">[^<]*administrator', text(response))
    db.session.expire_all()
    assert world.subgroup.is_public is False
    assert audit_count() == before


def test_a_sub_group_secretary_still_edits_its_other_settings(
    client, world, login, subgroup_secretary
):
    login(subgroup_secretary)
    response = client.post(
        f"/boards/{world.subgroup.id}/edit",
        data=form_data(world.subgroup, notice_clear_days="7"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert world.subgroup.notice_clear_days == 7


def test_a_main_boards_secretary_cannot_make_it_public(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/edit", data=form_data(world.board, is_public="y")
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert world.board.is_public is False


def test_the_parent_boards_secretary_publishes_and_moves_its_sub_groups(
    client, world, login, make_board
):
    second = make_board(name="Communications Sub-group", code="COMMS", parent=world.board)
    db.session.flush()
    login(world.users["secretary"])
    page = text(client.get(f"/boards/{world.subgroup.id}/edit"))
    assert "Communications Sub-group" in page and "Elsewhere Board" not in page
    response = client.post(
        f"/boards/{world.subgroup.id}/edit",
        data=form_data(world.subgroup, parent_id=str(second.id), is_public="y"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert world.subgroup.parent_id == second.id and world.subgroup.is_public
    event = db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()
    assert event.action == "board.update"
    assert event.changes["parent_id"] == [world.board.id, second.id]


def test_only_an_administrator_makes_a_sub_group_a_main_board(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.subgroup.id}/edit", data=form_data(world.subgroup, parent_id="")
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert world.subgroup.parent_id == world.board.id
    client.post("/logout")
    login(world.users["admin"])
    response = client.post(
        f"/boards/{world.subgroup.id}/edit", data=form_data(world.subgroup, parent_id="")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert world.subgroup.parent_id is None


@pytest.mark.parametrize("forged", ["999999", "99999999999999999999999"])
def test_a_forged_unknown_parent_is_refused_beside_the_field(client, world, login, forged):
    login(world.users["admin"])
    response = client.post(
        f"/boards/{world.subgroup.id}/edit", data=form_data(world.subgroup, parent_id=forged)
    )
    assert response.status_code == 400
    # An id no column could hold is refused as it is read; any other as not on the list.
    assert re.search(r'id="parent_id-error">[^<]*(Choose one|could not)', text(response))
    db.session.expire_all()
    assert world.subgroup.parent_id == world.board.id


def test_a_new_sub_group_under_a_forged_parent_is_refused_beside_the_field(client, world, login):
    login(world.users["admin"])
    before = audit_count()
    data = form_data(world.subgroup, parent_id="999999", code="NEWSUB")
    response = client.post("/boards/new", data={**data, "name": "New sub-group"})
    assert response.status_code == 400
    assert re.search(r'id="parent_id-error">[^<]*Choose one of the boards listed', text(response))
    assert audit_count() == before


def test_sub_group_pages_never_name_a_parent_board_the_viewer_cannot_see(
    client, world, login, subgroup_secretary, make_seat
):
    """A sub-group's secretary and members, not on its private parent, read "parent board"
    wherever the parent would be named: home, the list of boards, the board and terms pages."""
    seat = make_seat(world.subgroup, title="Finance member")
    member = world.users["outsider"]
    board_ops.appoint(None, seat, member.person, TODAY - timedelta(days=30), None)
    db.session.flush()
    pages = ["/", "/boards", f"/boards/{world.subgroup.id}", f"/boards/{world.subgroup.id}/terms"]
    for user in (subgroup_secretary, member):
        login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (user.email, url)
            assert "Partnership Board" not in text(response), (user.email, url)
        client.post("/logout")
    login(world.users["member"])  # on the parent board: sees its name
    assert "Partnership Board" in text(client.get(f"/boards/{world.subgroup.id}/terms"))

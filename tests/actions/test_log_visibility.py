"""A board's action log lists, and offers to filter by, only what the viewer may open: the owner
filter names nobody whose only actions arise from confidential business the viewer may not see."""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.markers import ACTION, MarkerWorld, build


@pytest.fixture
def mw(started_world: Any) -> MarkerWorld:
    return build(started_world)


def action_log(client: Any, login: Any, mw: MarkerWorld, role: str) -> str:
    login(mw.users[role])
    response = client.get(f"/boards/{mw.world.board.id}/actions", query_string={"state": "all"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_observer_action_log_owner_filter_omits_the_owner_of_only_a_confidential_action(
    client, login, mw
):
    page = action_log(client, login, mw, "observer")
    assert ACTION not in page
    assert f'<option value="{mw.users["observer"].person.id}"' not in page
    assert f'<option value="{mw.users["member"].person.id}"' in page


def test_member_action_log_owner_filter_names_the_owner_of_a_confidential_action(client, login, mw):
    page = action_log(client, login, mw, "member")
    assert ACTION in page
    assert f'<option value="{mw.users["observer"].person.id}"' in page

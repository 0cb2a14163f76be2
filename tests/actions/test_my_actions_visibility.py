"""The home page's "My actions" lists exactly the actions whose own page would open for the
viewer: an action arising from confidential business stays off the list of an owner who may
not see that business (an observer), as its page refuses them."""

from __future__ import annotations

from typing import Any

import pytest

from governance.actions import operations as action_ops
from governance.meetings.models import MeetingStatus
from tests.conftest import counting
from tests.security.markers import ACTION, MarkerWorld, build


@pytest.fixture
def mw(started_world: Any) -> MarkerWorld:
    return build(started_world)


def home(client: Any, login: Any, user: Any) -> str:
    login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_observer_home_page_omits_the_confidential_action_they_own(client, login, mw):
    page = home(client, login, mw.users["observer"])
    assert ACTION not in page and f"/actions/{mw.action.id}" not in page
    assert client.get(f"/actions/{mw.action.id}").status_code == 403


def test_observer_home_page_lists_an_action_they_own_on_open_business(client, login, mw):
    w = mw.world
    action = action_ops.create_action(
        None, w.board, "Book the hall", mw.users["observer"].person, None, item=w.item
    )
    page = home(client, login, mw.users["observer"])
    assert "Book the hall" in page and f"/actions/{action.id}" in page


@pytest.mark.parametrize(
    "role", ["admin", "secretary", "chair", "member", "parent", "observer", "outsider"]
)
def test_my_actions_lists_a_confidential_action_exactly_when_its_page_opens(
    role: str, client, login, mw
):
    w = mw.world
    user = mw.users[role]
    action = action_ops.create_action(
        None, w.board, f"Brief the panel {role}", user.person, None, item=w.confidential_item
    )
    page = home(client, login, user)
    opens = client.get(f"/actions/{action.id}").status_code == 200
    assert (f"Brief the panel {role}" in page) is opens
    assert opens is (role != "observer" and role != "outsider")


def test_the_home_page_runs_the_same_statements_however_many_actions_and_items(
    client, login, started_world
):
    """Judging each action by its own predicate loads nothing per action."""
    w = started_world
    w.meeting.status = MeetingStatus.HELD
    owner = w.users["parent"]

    def grow(n: int) -> None:
        for i in range(n):
            item = w.confidential_item if i % 2 else w.item
            action_ops.create_action(None, w.board, f"Action {i}", owner.person, None, item=item)
            action_ops.create_action(None, w.subgroup, f"Sub-group action {i}", owner.person, None)

    login(owner)

    def measure() -> int:
        with counting() as statements:
            assert client.get("/").status_code == 200
        return len(statements)

    grow(2)
    small = measure()
    grow(5)
    assert measure() == small

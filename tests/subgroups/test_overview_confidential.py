"""The parent board's sub-groups overview lists a recommendation or a report only to those who
may open it on its own page: a sub-group's decision on a confidential item, and a report
received under a confidential item of the board, stay with those who may see confidential
business."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from governance.meetings import operations as meeting_ops
from governance.meetings.models import MeetingStatus, Purpose
from governance.subgroups import operations
from tests.conftest import counting
from tests.security.markers import ITEM, REPORT, SUBDECISION, MarkerWorld, build
from tests.subgroups.conftest import decide, meeting_on, present


@pytest.fixture
def mw(started_world: Any) -> MarkerWorld:
    return build(started_world)


def overview(client: Any, login: Any, mw: MarkerWorld, role: str) -> str:
    login(mw.users[role])
    response = client.get(f"/boards/{mw.world.board.id}/subgroups")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_observer_overview_omits_recommendation_on_a_confidential_sub_group_item(client, login, mw):
    page = overview(client, login, mw, "observer")
    assert SUBDECISION not in page and mw.subdecision.number not in page
    assert client.get(f"/decisions/{mw.subdecision.id}").status_code == 403


def test_parent_rep_overview_omits_recommendation_on_a_confidential_sub_group_item(
    client, login, mw
):
    """The parent rep sits on the board, not on the sub-group: its secrets are not theirs."""
    page = overview(client, login, mw, "parent")
    assert SUBDECISION not in page and mw.subdecision.number not in page
    assert client.get(f"/decisions/{mw.subdecision.id}").status_code == 403


def test_sub_group_member_overview_shows_recommendation_on_its_confidential_item(client, login, mw):
    page = overview(client, login, mw, "member")
    assert SUBDECISION in page and "Waiting for a meeting" in page


def test_observer_overview_omits_report_received_under_a_confidential_item(client, login, mw):
    page = overview(client, login, mw, "observer")
    assert REPORT not in page and ITEM not in page


def test_parent_rep_overview_shows_report_received_under_a_confidential_item_they_may_see(
    client, login, mw
):
    page = overview(client, login, mw, "parent")
    assert REPORT in page and ITEM in page


def test_observer_overview_still_shows_what_is_not_confidential(client, login, mw):
    """A report under an open item and the sub-group itself stay on the observer's overview."""
    operations.record_report(None, mw.world.subgroup, mw.world.item, "Spending on track.")
    page = overview(client, login, mw, "observer")
    assert "Spending on track." in page and "Finance Sub-group" in page


def test_the_overview_runs_the_same_statements_for_an_observer_however_many_rows(client, login, mw):
    """Checking each recommendation's and report's own predicate loads nothing per row."""
    login(mw.users["observer"])
    url = f"/boards/{mw.world.board.id}/subgroups"
    member = mw.users["member"].person

    def grow(n: int) -> None:
        for day in range(n):
            secret = day % 2 == 0
            starts = datetime(2026, 11, 2 + day, 10, tzinfo=UTC)
            held = meeting_on(mw.world.subgroup, starts, MeetingStatus.HELD)
            held.items[0].confidential = secret
            present(held, member)
            decide(held.items[0], authority_kind="")
            under = meeting_ops.save_item(
                None,
                mw.world.meeting,
                None,
                {
                    "title": "Sub-group report",
                    "purpose": Purpose.INFORMATION,
                    "confidential": secret,
                },
            )
            operations.record_report(None, mw.world.subgroup, under, "On track.")

    def measure() -> int:
        with counting() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    grow(2)
    small = measure()
    grow(4)
    assert measure() == small

"""Minutes and action pages through the client: who sees what, forms, refusals, statement counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from governance.actions import operations as action_ops
from governance.actions.models import Action, ActionStatus
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations as meeting_ops
from governance.meetings.models import MeetingStatus
from governance.minutes import operations as minutes_ops
from governance.minutes.models import Minutes, MinutesStatus
from tests.conftest import counting
from tests.minutes.test_minutes import (
    HELD_AT,
    NEXT_AT,
    Record,
    approving_decision,
    build_record,
    make_decision,
)

ROLES = ["anonymous", "admin", "auditor", "secretary", "chair", "member", "parent", "observer"]
ROLES += ["outsider"]


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def record(world, make_meeting, make_version, make_person) -> Record:
    return build_record(world, make_meeting, make_version, make_person)


def as_role(client, login, world, role: str) -> None:
    if role != "anonymous":
        login(world.users[role])


def circulate(record: Record) -> Minutes:
    minutes = minutes_ops.minutes_for(record.meeting)
    minutes_ops.circulate_minutes(None, minutes)
    db.session.flush()
    return minutes


@pytest.mark.parametrize("role", ROLES)
def test_draft_minutes_are_for_the_secretary_administrators_and_auditors(
    role, client, login, world, record
):
    as_role(client, login, world, role)
    response = client.get(f"/meetings/{record.meeting.id}/minutes")
    expected = {"admin": 200, "auditor": 200, "secretary": 200, "anonymous": 401}.get(role, 403)
    assert response.status_code == expected
    # Reading the minutes before they are started does not start them.
    assert db.session.execute(sa.select(sa.func.count()).select_from(Minutes)).scalar_one() == 0


@pytest.mark.parametrize(
    ("role", "status", "confidential"),
    [
        ("member", 200, True),
        ("chair", 200, True),
        ("auditor", 200, True),
        ("observer", 200, False),
        ("outsider", 403, False),
        ("anonymous", 401, False),
    ],
)
def test_circulated_minutes_are_for_those_who_may_see_the_meeting(
    role, status, confidential, client, login, world, record
):
    circulate(record)
    as_role(client, login, world, role)
    response = client.get(f"/meetings/{record.meeting.id}/minutes")
    assert response.status_code == status
    if status == 200:
        page = text(response)
        assert "Move the crèche underspend to outreach." in page
        assert ("Little Steps" in page) is confidential
        assert ("confidential item not shown" in page) is not confidential
        assert "NOT QUORATE" in page and "The PCT&#39;s figures arrived after the deadline." in page


def test_visitors_to_a_public_board_see_only_approved_minutes_without_confidential_items(
    client, world, make_meeting
):
    meeting = make_meeting(
        world.public_board, starts_at=HELD_AT, items=("Play areas", "Staffing"), notice=True
    )
    open_item, secret_item = meeting.items
    secret_item.confidential = True
    meeting_ops.mark_held(None, meeting)
    make_decision(open_item, 1, resolution="Resurface the play area.")
    make_decision(secret_item, 2, resolution="Regrade the centre manager.")
    later = make_meeting(world.public_board, starts_at=NEXT_AT, items=("Minutes",), notice=True)
    approving = make_decision(later.items[0], 3, resolution="Approve the minutes.")
    minutes = minutes_ops.minutes_for(meeting)
    minutes_ops.circulate_minutes(None, minutes)
    db.session.flush()
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 401
    minutes_ops.approve_minutes(None, minutes, approving)
    db.session.flush()
    page = text(client.get(f"/meetings/{meeting.id}/minutes"))
    assert "Resurface the play area." in page and "OPEN/2026/003" in page
    assert "Staffing" not in page and "Regrade" not in page
    assert minutes.approved_sha256 in page and "public version" in page


def test_secretary_writes_notes_circulates_and_a_later_note_makes_version_two(
    client, login, world, record
):
    login(world.users["secretary"])
    url = f"/meetings/{record.meeting.id}/minutes"
    form = text(client.get(url + "/edit"))
    assert f'name="item_{record.budget.id}"' in form and "1. Budget" in form
    response = client.post(url + "/edit", data={f"item_{record.budget.id}": "Long discussion."})
    assert response.status_code == 302
    page = text(client.get(url))
    assert "Long discussion." in page and "Write notes" in page
    assert client.post(url + "/circulate").status_code == 302
    db.session.expire_all()
    kinds = db.session.execute(sa.select(OutboxMessage.kind)).scalars().all()
    assert kinds.count("minutes.circulated") == 5
    page = text(client.get(url))
    assert "Write notes" in page and "Circulate draft to members" not in page
    response = client.post(url + "/edit", data={f"item_{record.budget.id}": "Changed."})
    assert response.status_code == 302
    page = text(client.get(url))
    assert "Circulate version 2 to members" in page and "Changed." in page


def test_auditor_reads_the_draft_without_the_edit_or_circulate_buttons(
    client, login, world, record
):
    login(world.users["auditor"])
    page = text(client.get(f"/meetings/{record.meeting.id}/minutes"))
    assert "Move the crèche underspend" in page
    assert "Write notes" not in page and "Circulate draft" not in page
    assert client.get(f"/meetings/{record.meeting.id}/minutes/edit").status_code == 403


def test_approval_before_circulation_is_refused_on_the_form(client, login, world, record):
    approving = approving_decision(world, record)
    login(world.users["secretary"])
    response = client.post(
        f"/meetings/{record.meeting.id}/minutes/approve", data={"decision_id": approving.id}
    )
    assert response.status_code == 400
    assert "Circulate the draft minutes to members before they are approved." in text(response)


def test_approval_offers_only_later_decisions_and_locks_the_minutes(client, login, world, record):
    minutes = circulate(record)
    approving = approving_decision(world, record)
    login(world.users["secretary"])
    url = f"/meetings/{record.meeting.id}/minutes"
    form = text(client.get(url + "/approve"))
    assert approving.number in form and record.earlier_decision.number not in form
    refused = client.post(url + "/approve", data={"decision_id": record.earlier_decision.id})
    assert refused.status_code == 400 and 'id="decision_id-error"' in text(refused)
    assert client.post(url + "/approve", data={"decision_id": approving.id}).status_code == 302
    db.session.expire_all()
    assert minutes.status is MinutesStatus.APPROVED
    assert record.meeting.status is MeetingStatus.MINUTES_APPROVED
    page = text(client.get(url))
    assert approving.number in page and minutes.approved_sha256 in page
    assert "matches the approved fingerprint" in page and "Add an action" not in page


def test_an_action_is_raised_and_its_owner_reports_progress(client, login, world, record):
    login(world.users["secretary"])
    owner = world.users["parent"].person
    url = f"/items/{record.budget.id}/actions/new"
    assert owner.full_name in text(client.get(url))
    refused = client.post(
        url, data={"title": "Too early", "owner_id": owner.id, "due_on": "2026-11-01"}
    )
    assert refused.status_code == 400
    assert 'id="due_on-error"' in text(refused) and "before the meeting" in text(refused)
    decision = record.decisions[0]
    assert decision.number in text(client.get(url))
    done = client.post(
        url,
        data={
            "title": "Ask parents",
            "owner_id": owner.id,
            "due_on": "2027-01-15",
            "decision_id": decision.id,
        },
    )
    assert done.status_code == 302
    action = db.session.execute(sa.select(Action).where(Action.title == "Ask parents")).scalar_one()
    assert action.decision_id == decision.id and action.owner_id == owner.id
    client.post("/logout")

    login(world.users["parent"])
    assert "Add the update" in text(client.get(f"/actions/{action.id}"))
    response = client.post(
        f"/actions/{action.id}", data={"text": "Asked at the group.", "status": "done"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert action.status is ActionStatus.DONE
    page = text(client.get(f"/actions/{action.id}"))
    assert "Asked at the group." in page and "This action is closed." in page


def test_only_the_owner_and_the_secretary_update_an_action(client, login, world, record):
    login(world.users["parent"])  # record.action belongs to the member
    page = text(client.get(f"/actions/{record.action.id}"))
    assert "Add the update" not in page
    response = client.post(f"/actions/{record.action.id}", data={"text": "Mine now."})
    assert response.status_code == 403


def test_the_action_log_hides_actions_on_confidential_items_from_observers(
    client, login, world, record
):
    secret = action_ops.create_action(
        None,
        world.board,
        "Negotiate the contract",
        world.users["chair"].person,
        date(2026, 11, 20),
        item=record.tender,
    )
    db.session.flush()
    login(world.users["observer"])
    page = text(client.get(f"/boards/{world.board.id}/actions"))
    assert "Tell outreach workers" in page and "Negotiate the contract" not in page
    assert client.get(f"/actions/{secret.id}").status_code == 403
    client.post("/logout")
    login(world.users["member"])
    overdue = text(client.get(f"/boards/{world.board.id}/actions?state=overdue"))
    assert "Negotiate the contract" in overdue and "Overdue" in overdue
    assert "Tell outreach workers" not in overdue
    mine = text(
        client.get(
            f"/boards/{world.board.id}/actions?state=all&owner={world.users['chair'].person.id}"
        )
    )
    assert "Negotiate the contract" in mine and "Tell outreach workers" not in mine


def test_matters_arising_lists_open_actions_from_earlier_meetings(client, login, world, record):
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{record.later.id}/matters-arising"))
    assert "Tell outreach workers about the budget" in page
    earlier = text(client.get(f"/meetings/{record.earlier.id}/matters-arising"))
    assert "No open actions from earlier meetings." in earlier


def grow(world, record: Record, n: int) -> None:
    """n more actions on the held meeting, each with its own owner and an update."""
    for i in range(n):
        owner = world.users["member"].person if i % 2 else world.users["parent"].person
        item = record.tender if i % 3 == 0 else record.budget
        action = action_ops.create_action(
            None,
            world.board,
            f"Action {i}",
            owner,
            date(2026, 11, 10) + timedelta(days=i * 9),
            item=item,
        )
        action_ops.update_action(None, action, "Started.", ActionStatus.IN_PROGRESS)
    db.session.flush()


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/boards/{board}/actions?state=all", "secretary"),
        ("/boards/{board}/actions", "observer"),
        ("/meetings/{later}/matters-arising", "member"),
    ],
)
def test_action_pages_run_the_same_statements_however_many_actions(
    path, role, client, login, world, record
):
    login(world.users[role])
    url = path.format(board=world.board.id, later=record.later.id)

    def measure() -> int:
        with counting() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    grow(world, record, 1)
    small = measure()
    grow(world, record, 8)
    assert measure() == small

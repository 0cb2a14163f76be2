"""Minutes pages: versions and what changed, plain words, the way to approval, print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings.models import AgendaItem, MeetingStatus
from governance.minutes import operations as ops
from governance.minutes.models import MinutesStatus
from tests.minutes.test_minutes import Record, approving_decision, build_record


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def record(world, make_meeting, make_version, make_person) -> Record:
    return build_record(world, make_meeting, make_version, make_person)


def circulate(record: Record):
    minutes = ops.minutes_for(record.meeting)
    ops.circulate_minutes(None, minutes)
    db.session.flush()
    return minutes


def test_a_deputy_added_in_the_register_after_circulation_makes_a_changed_draft_version(
    client, login, world, record, make_person
):
    minutes = circulate(record)
    deputy = make_person(full_name="Gita Standin")
    db.session.flush()
    login(world.users["secretary"])
    response = client.post(
        f"/meetings/{record.meeting.id}/attendance/deputy",
        data={
            "deputy-person_id": str(deputy.id),
            # The parent arrived at 10:20; their deputy sat until then.
            "deputy-deputy_for_id": str(world.users["parent"].person.id),
            "deputy-departed_at": "10:20",
        },
    )
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', text(response))
    db.session.expire_all()
    assert minutes.status is MinutesStatus.DRAFT and minutes.changed_at is not None
    told = db.session.execute(
        sa.select(OutboxMessage.body).where(OutboxMessage.kind == "minutes.changed")
    ).scalars()
    assert all("Gita Standin" in body for body in told)
    client.post("/logout")

    login(world.users["member"])
    page = text(client.get(f"/meetings/{record.meeting.id}/minutes"))
    assert "Version 2" in page and "changed since version 1 was circulated" in page
    assert "Gita Standin" in page and "Deputies" in page
    # The history lists the circulated version with a way to read it as it was.
    assert f'href="/meetings/{record.meeting.id}/minutes/versions/1"' in page


def test_a_circulated_version_reads_as_it_was_circulated_and_hides_confidential_items(
    client, login, world, record
):
    minutes = circulate(record)
    ops.save_notes(None, minutes, {record.budget.id: "A correction after circulation."})
    db.session.flush()
    url = f"/meetings/{record.meeting.id}/minutes/versions/1"
    login(world.users["member"])
    page = text(client.get(url))
    assert "Version 1" in page and minutes.versions[0].sha256 in page
    assert "Little Steps" in page and "A correction after circulation." not in page
    client.post("/logout")
    login(world.users["observer"])
    page = text(client.get(url))
    assert "Move the crèche underspend" in page and "Little Steps" not in page
    assert client.get(f"/meetings/{record.meeting.id}/minutes/versions/9").status_code == 404


def test_a_draft_never_circulated_has_no_versions_to_read(client, login, world, record):
    ops.minutes_for(record.meeting)
    db.session.flush()
    login(world.users["member"])
    url = f"/meetings/{record.meeting.id}/minutes/versions/1"
    assert client.get(url).status_code == 403


def test_approved_minutes_name_the_version_approved_on_the_page_and_the_trail(
    client, login, world, record
):
    minutes = circulate(record)
    approving = approving_decision(world, record)
    ops.approve_minutes(None, minutes, approving)
    db.session.flush()
    login(world.users["auditor"])
    page = text(client.get(f"/meetings/{record.meeting.id}/minutes"))
    assert re.search(r"version\s+1", page) and minutes.approved_sha256 in page
    trail = text(client.get(f"/decisions/{record.decisions[0].id}"))
    assert re.search(r"version\s+1", trail) and minutes.approved_sha256 in trail


def test_the_minutes_never_print_error_for_an_inquorate_item(client, login, world, record):
    circulate(record)
    login(world.users["member"])
    page = text(client.get(f"/meetings/{record.meeting.id}/minutes"))
    assert "NOT QUORATE" in page
    # The stylesheet prints "Error: " before anything of class "error".
    assert 'class="error"' not in page and "Error" not in page


# The way to approval ---------------------------------------------------------------------------


def test_without_an_approving_decision_the_page_links_to_the_next_meeting_and_adds_the_item(
    client, login, world, record
):
    circulate(record)
    record.later.items[0].title = "Grants"
    db.session.flush()
    login(world.users["secretary"])
    url = f"/meetings/{record.meeting.id}/minutes/approve"
    page = text(client.get(url))
    assert 'name="decision_id"' not in page and "Approve and lock" not in page
    assert f'href="/meetings/{record.later.id}"' in page
    assert "Minutes of the last meeting" in page
    response = client.post(f"/meetings/{record.meeting.id}/minutes/approval-item")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{record.later.id}")
    titles = db.session.execute(
        sa.select(AgendaItem.title).where(AgendaItem.meeting_id == record.later.id)
    ).scalars()
    assert "Minutes of the last meeting" in list(titles)
    # Once the item is there the page says to record the decision on it, not to add it again.
    page = text(client.get(url))
    assert "Record the decision approving these minutes" in page
    assert "/minutes/approval-item" not in page


def test_without_a_later_meeting_the_approval_page_says_so_and_links_to_scheduling(
    client, login, world, record
):
    circulate(record)
    record.later.status = MeetingStatus.CANCELLED
    db.session.flush()
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{record.meeting.id}/minutes/approve"))
    assert "no later meeting" in page
    assert f'href="/boards/{world.board.id}/meetings/new"' in page
    assert 'name="decision_id"' not in page
    refused = client.post(f"/meetings/{record.meeting.id}/minutes/approval-item")
    assert refused.status_code == 302
    assert (
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(AgendaItem)
            .where(AgendaItem.title == "Minutes of the last meeting")
        ).scalar_one()
        == 0
    )


# Print ---------------------------------------------------------------------------------------


def test_the_minutes_name_the_board_and_meeting_at_the_top_of_the_printed_page(
    client, login, world, record
):
    circulate(record)
    login(world.users["member"])
    page = text(client.get(f"/meetings/{record.meeting.id}/minutes"))
    heading = re.search(r'<div class="print-heading">(.*?)</div>', page, re.S)
    assert heading and world.board.name in heading[1] and "10 November 2026" in heading[1]
    with open(Path(__file__).parents[2] / "static/style.css", encoding="utf-8") as css:
        assert "@media print" in css.read()

"""The secretary's "Needs doing" tells minutes never circulated from minutes changed since a
version was circulated, and says which version to circulate next."""

from __future__ import annotations

import re

import pytest

from governance.attendance.models import AttendanceStatus
from governance.extensions import db
from governance.minutes import operations as ops
from tests.minutes.test_minutes import Record, attend, build_record


def said(response) -> str:
    page = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


@pytest.fixture
def record(world, make_meeting, make_version, make_person) -> Record:
    return build_record(world, make_meeting, make_version, make_person)


def test_minutes_changed_after_circulation_ask_for_the_next_version_not_a_first_circulation(
    client, login, world, record, make_person
):
    minutes = ops.minutes_for(record.meeting)
    ops.circulate_minutes(None, minutes)
    attend(
        record.meeting,
        make_person(full_name="Gita Standin"),
        AttendanceStatus.DEPUTY,
        seat=world.parent_seat,
        deputy_for=world.plain_person,
    )
    db.session.flush()
    ops.reconcile(None, minutes)
    db.session.flush()
    login(world.users["secretary"])
    response = client.get("/")
    page = said(response)
    title = record.meeting.title
    assert (
        f"Minutes of {title}, 10 November 2026 changed since version 1 was circulated: "
        "circulate version 2" in page
    )
    assert "minutes not circulated yet" not in page
    assert f'href="/meetings/{record.meeting.id}/minutes"' in response.get_data(as_text=True)


def test_minutes_never_circulated_still_say_not_circulated_yet(client, login, world, record):
    ops.minutes_for(record.meeting)
    db.session.flush()
    login(world.users["secretary"])
    page = said(client.get("/"))
    assert "minutes not circulated yet" in page and "changed since version" not in page

"""Scheduling: the board's usual time and place, warnings about the paper deadline, weekends
and bank holidays, and an agenda started in one step (the standard items, or the last one's)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from governance.extensions import db
from governance.meetings import operations
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose

# The suite's clock reads Monday 23 November 2026, 12:00 UTC (tests/conftest.py fixed_today).


def text(response) -> str:
    return response.get_data(as_text=True)


def value_of(page: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', page
    )
    return found.group(1) if found else None


def _form(day: str, **extra: str) -> dict[str, str]:
    base = {"title": "Board meeting", "day": day, "starts_time": "10:00", "ends_time": "12:00"}
    return base | extra


def test_the_schedule_form_is_filled_with_the_boards_usual_title_time_and_place(
    client, world, login, make_meeting
):
    make_meeting(
        world.board,
        starts_at=datetime(2026, 10, 6, 17, 30, tzinfo=UTC),  # 18:30 in London (summer time)
        title="Partnership Board",
        location="Northbank Children's Centre, Room 2",
        online_url="https://meet.example.org/pb",
    )
    cancelled = make_meeting(
        world.board, starts_at=datetime(2026, 11, 3, 9, 0, tzinfo=UTC), title="Away day"
    )
    cancelled.status = MeetingStatus.CANCELLED
    db.session.flush()
    login(world.users["secretary"])
    page = text(client.get(f"/boards/{world.board.id}/meetings/new"))
    assert value_of(page, "title") == "Partnership Board"
    assert value_of(page, "starts_time") == "18:30"
    assert value_of(page, "ends_time") == "20:30"
    assert value_of(page, "location") == "Northbank Children&#39;s Centre, Room 2"
    assert value_of(page, "online_url") == "https://meet.example.org/pb"
    assert "usual" in page.lower()


def test_a_board_without_meetings_gets_a_plain_schedule_form(client, world, login):
    login(world.users["secretary"])
    page = text(client.get(f"/boards/{world.board.id}/meetings/new"))
    assert value_of(page, "title") == "Board meeting"
    assert value_of(page, "location") in (None, "")


def test_scheduling_a_meeting_too_soon_for_its_papers_warns_that_the_deadline_has_passed(
    client, world, login
):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/meetings/new", data=_form("2026-11-26"), follow_redirects=True
    )
    page = text(response)
    assert response.status_code == 200
    assert "already passed" in page and "Friday 20 November" in page


def test_scheduling_in_good_time_on_a_weekday_gives_no_warning(client, world, login):
    login(world.users["secretary"])
    page = text(
        client.post(
            f"/boards/{world.board.id}/meetings/new",
            data=_form("2026-12-10"),
            follow_redirects=True,
        )
    )
    assert "already passed" not in page and "bank holiday" not in page
    assert "Meeting scheduled" in page


def test_scheduling_on_a_bank_holiday_or_a_weekend_says_so(client, world, login):
    login(world.users["secretary"])
    page = text(
        client.post(
            f"/boards/{world.board.id}/meetings/new",
            data=_form("2026-12-28"),
            follow_redirects=True,
        )
    )
    assert "28 December 2026 is a bank holiday in England and Wales" in page
    page = text(
        client.post(
            f"/boards/{world.board.id}/meetings/new",
            data=_form("2026-12-12"),
            follow_redirects=True,
        )
    )
    assert "12 December 2026 is a Saturday." in page


def test_the_schedule_form_carries_what_its_script_needs_to_warn_at_once(client, world, login):
    login(world.users["secretary"])
    page = text(client.get(f"/boards/{world.board.id}/meetings/new"))
    assert 'data-clear-days="5"' in page and 'data-today="2026-11-23"' in page
    assert "2026-12-28" in page  # the bank holidays it checks dates against
    assert 'src="/static/schedule.js"' in page
    assert 'id="schedule-notes"' in page and 'aria-live="polite"' in page


def test_editing_a_meeting_whose_deadline_has_passed_says_so_on_the_form(
    client, world, login, make_meeting
):
    meeting = make_meeting(world.board, starts_at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/edit"))
    assert "already passed" in page


def test_the_meeting_page_says_passed_against_a_deadline_that_has_passed(
    client, world, login, make_meeting
):
    soon = make_meeting(world.board, starts_at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    later = make_meeting(world.board, starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=UTC))
    login(world.users["secretary"])
    soon_page = text(client.get(f"/meetings/{soon.id}"))
    assert re.search(r"Papers due</dt><dd>[^<]*Friday 20 November 2026.*?Passed", soon_page)
    assert "Passed" not in text(client.get(f"/meetings/{later.id}"))


def test_the_standard_items_are_added_in_one_step_around_the_existing_agenda(
    client, world, login, make_meeting
):
    meeting = make_meeting(world.board, items=("Budget",))
    login(world.users["secretary"])
    assert "Add the standard items" in text(client.get(f"/meetings/{meeting.id}"))
    response = client.post(f"/meetings/{meeting.id}/items/standard")
    assert response.status_code == 302
    client.post(f"/meetings/{meeting.id}/items/standard")  # a second press adds nothing
    db.session.expire_all()
    titles = [i.title for i in db.session.get(Meeting, meeting.id).items]
    assert titles == [
        "Apologies for absence",
        "Declarations of interest",
        "Minutes of the last meeting",
        "Matters arising",
        "Budget",
        "Any other business",
    ]


def test_the_last_meetings_agenda_is_copied_without_its_papers(
    client, world, login, make_meeting, make_version
):
    last = make_meeting(world.board, starts_at=datetime(2026, 10, 6, 17, 30, tzinfo=UTC), items=())
    operations.save_item(
        None,
        last,
        None,
        {
            "title": "Budget monitoring",
            "purpose": Purpose.DECISION,
            "presenter": "Finance officer",
            "minutes_allotted": 20,
            "confidential": False,
        },
    )
    secret = operations.save_item(
        None,
        last,
        None,
        {"title": "Tender scores", "purpose": Purpose.DECISION, "confidential": True},
    )
    make_version(secret)
    meeting = make_meeting(world.board, items=())
    login(world.users["secretary"])
    assert "Copy the agenda of the last meeting" in text(client.get(f"/meetings/{meeting.id}"))
    assert client.post(f"/meetings/{meeting.id}/items/copy").status_code == 302
    items = list(
        db.session.execute(
            sa.select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position)
        ).scalars()
    )
    assert [(i.title, i.presenter, i.confidential, i.purpose) for i in items] == [
        ("Budget monitoring", "Finance officer", False, Purpose.DECISION),
        ("Tender scores", "", True, Purpose.DECISION),
    ]
    assert items[0].minutes_allotted == 20
    assert all(not i.papers for i in items)


def test_a_board_first_meeting_offers_no_agenda_to_copy(client, world, login, make_meeting):
    meeting = make_meeting(world.board, items=())
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "Copy the agenda" not in page
    assert client.post(f"/meetings/{meeting.id}/items/copy").status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).items == []


def test_agenda_shortcuts_are_not_offered_to_members(client, world, login, make_meeting):
    meeting = make_meeting(world.board, items=(), notice=True)
    login(world.users["member"])
    assert "Add the standard items" not in text(client.get(f"/meetings/{meeting.id}"))
    assert client.post(f"/meetings/{meeting.id}/items/standard").status_code == 403


def test_the_demo_boards_schedule_form_shows_its_usual_time_and_place(client):
    from datetime import date

    from governance.boards.models import Board
    from governance.demo.seed import DEMO_PASSWORD, seed_demo

    seed_demo(date(2026, 11, 23))
    board = db.session.execute(sa.select(Board).where(Board.code == "PB")).scalar_one()
    signed_in = client.post(
        "/login", data={"email": "secretary@demo.test", "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    page = text(client.get(f"/boards/{board.id}/meetings/new"))
    assert value_of(page, "starts_time") == "10:00" and value_of(page, "ends_time") == "12:30"
    assert "Community Room" in (value_of(page, "location") or "")


def test_the_series_form_is_filled_with_the_boards_usual_hours_and_place(
    client, world, login, make_meeting
):
    make_meeting(
        world.board,
        starts_at=datetime(2026, 11, 3, 18, 0, tzinfo=UTC),
        location="Town Hall, Committee Room 1",
    )
    login(world.users["secretary"])
    page = text(client.get(f"/boards/{world.board.id}/meetings/series"))
    assert value_of(page, "starts_time") == "18:00"
    assert value_of(page, "location") == "Town Hall, Committee Room 1"


def test_a_series_says_which_of_its_dates_fall_on_a_bank_holiday(client, world, login):
    login(world.users["secretary"])
    page = text(
        client.post(
            f"/boards/{world.board.id}/meetings/series",
            data={
                "title": "Board meeting",
                "nth": "-1",
                "weekday": "0",  # the last Monday: of May and August, a bank holiday
                "every_months": "1",
                "starting": "2027-05-01",
                "count": "4",
                "starts_time": "10:00",
                "ends_time": "12:00",
            },
            follow_redirects=True,
        )
    )
    assert "31 May 2027 is a bank holiday in England and Wales" in page
    assert "30 August 2027 is a bank holiday in England and Wales" in page
    assert "28 June 2027" not in page

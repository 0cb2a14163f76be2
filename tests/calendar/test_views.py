"""Calendar downloads, feeds and the feed-address page, through the client."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from icalendar import Calendar

from governance.calendar import tokens as calendar_tokens
from governance.calendar.models import CalendarToken
from governance.extensions import db
from governance.meetings.models import Meeting, MeetingStatus

WINTER = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


def add_meeting(board, status=MeetingStatus.NOTICE_ISSUED, title="Board meeting", days=0):
    starts_at = WINTER + timedelta(days=days)
    meeting = Meeting(
        board=board,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        uid=f"{board.code}-{title}-{days}@governance",
        status=status,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def uids(response) -> set[str]:
    return {str(e.uid) for e in Calendar.from_ical(response.get_data()).events}


def test_personal_feed_lists_the_users_boards_and_no_others(client, world):
    mine = add_meeting(world.board, title="Mine")
    theirs = add_meeting(world.other_board, title="Theirs")
    draft = add_meeting(world.board, MeetingStatus.DRAFT, title="Draft", days=7)
    token = calendar_tokens.issue_calendar_token(world.users["parent"])
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert "private" in response.headers["Cache-Control"]
    assert mine.uid in uids(response)
    assert theirs.uid not in uids(response) and draft.uid not in uids(response)


def test_feed_answers_a_matching_if_none_match_with_304(client, world):
    meeting = add_meeting(world.board)
    token = calendar_tokens.issue_calendar_token(world.users["member"])
    first = client.get(f"/calendar/{token}.ics")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    meeting.sequence += 1
    db.session.flush()
    changed = client.get(f"/calendar/{token}.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_unknown_or_revoked_token_is_404(client, world):
    user = world.users["member"]
    token = calendar_tokens.issue_calendar_token(user)
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    calendar_tokens.revoke_calendar_tokens(user)
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/made-up-token.ics").status_code == 404


def test_public_board_feed_is_open_to_anonymous_visitors(client, world):
    meeting = add_meeting(world.public_board)
    response = client.get(f"/boards/{world.public_board.id}/calendar.ics")
    assert response.status_code == 200
    assert uids(response) == {meeting.uid}
    assert response.headers["Cache-Control"].startswith("public")


def test_private_board_feed_needs_a_viewer(client, world, login):
    add_meeting(world.board)
    url = f"/boards/{world.board.id}/calendar.ics"
    assert client.get(url).status_code == 401
    login(world.users["outsider"])
    assert client.get(url).status_code == 403


def test_member_downloads_a_meeting_as_an_attachment(client, world, login):
    meeting = add_meeting(world.board)
    login(world.users["member"])
    response = client.get(f"/meetings/{meeting.id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="meeting-{meeting.id}.ics"'
    )
    assert uids(response) == {meeting.uid}
    assert "ETag" in response.headers


def test_draft_meeting_download_is_for_its_managers_only(client, world, login):
    draft = add_meeting(world.board, MeetingStatus.DRAFT)
    login(world.users["member"])
    assert client.get(f"/meetings/{draft.id}/calendar.ics").status_code == 404
    client.post("/logout")
    login(world.users["secretary"])
    assert client.get(f"/meetings/{draft.id}/calendar.ics").status_code == 200


def live_tokens(user) -> list[CalendarToken]:
    return list(
        db.session.execute(
            sa.select(CalendarToken).where(
                CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None)
            )
        ).scalars()
    )


def test_account_page_issues_a_feed_address_shown_once(client, world, login):
    user = world.users["parent"]
    login(user)
    assert "no feed address yet" in client.get("/account/calendar").get_data(as_text=True)
    response = client.post("/account/calendar", data={"submit": "y"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    match = re.search(r"http://localhost/calendar/([\w-]+)\.ics", response.get_data(as_text=True))
    assert match is not None
    assert calendar_tokens.user_for_token(match.group(1)) is not None
    assert client.get(f"/calendar/{match.group(1)}.ics").status_code == 200
    later = client.get("/account/calendar").get_data(as_text=True)
    assert match.group(1) not in later and "You have a feed address" in later


def test_new_address_replaces_the_old_one(client, world, login):
    user = world.users["parent"]
    old = calendar_tokens.issue_calendar_token(user)
    login(user)
    client.post("/account/calendar", data={"submit": "y"})
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert len(live_tokens(user)) == 1


def test_revoking_turns_the_feed_off(client, world, login):
    user = world.users["member"]
    token = calendar_tokens.issue_calendar_token(user)
    login(user)
    response = client.post("/account/calendar/revoke", data={"revoke-submit": "y"})
    assert response.status_code == 302
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert live_tokens(user) == []


def test_account_page_needs_a_login(client):
    response = client.get("/account/calendar")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_issuing_needs_the_csrf_token(client, world, login, csrf_on):
    user = world.users["parent"]
    login_with_csrf(client, user)
    response = client.post("/account/calendar", data={"submit": "y"})
    assert response.status_code == 400
    assert live_tokens(user) == []


def test_forms_on_the_page_carry_working_csrf_tokens(client, world, login, csrf_on):
    user = world.users["parent"]
    calendar_tokens.issue_calendar_token(user)
    login_with_csrf(client, user)
    page = client.get("/account/calendar").get_data(as_text=True)
    field = re.search(r'name="revoke-csrf_token" type="hidden" value="([^"]+)"', page)
    assert field is not None
    response = client.post("/account/calendar/revoke", data={"revoke-csrf_token": field.group(1)})
    assert response.status_code == 302
    assert live_tokens(user) == []


def login_with_csrf(client, user) -> None:
    from tests.conftest import PASSWORD

    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert csrf is not None
    data = {"email": user.email, "password": PASSWORD, "csrf_token": csrf.group(1)}
    assert client.post("/login", data=data).status_code == 302

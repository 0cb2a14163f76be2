from datetime import UTC, datetime, timedelta

import pytest

from governance.extensions import db
from governance.meetings.calendar_tokens import issue_calendar_token
from governance.meetings.models import Meeting, MeetingStatus
from tests import test_permissions_by_route as t


def _published_meeting(w):
    starts = datetime(2026, 12, 10, 10, tzinfo=UTC)
    m = Meeting(board=w.board, title="Board meeting", starts_at=starts,
                ends_at=starts + timedelta(hours=2), uid="perm-test@governance",
                status=MeetingStatus.NOTICE_ISSUED)
    db.session.add(m)
    db.session.flush()
    return m


EXTRA = {
    "calendar.meeting_ics": ("GET", lambda w: f"/meetings/{_published_meeting(w).id}/calendar.ics", t.BOARD_VIEWERS, {}),
    "calendar.board_feed": ("GET", lambda w: f"/boards/{w.board.id}/calendar.ics", t.BOARD_VIEWERS, {}),
    "calendar.personal_feed": ("GET", lambda w: f"/calendar/{issue_calendar_token(w.users['member'])}.ics", set(t.ROLES), {}),
    "calendar.account": ("GET", lambda w: "/account/calendar", t.SIGNED_IN, {}),
    "calendar.revoke": ("POST", lambda w: "/account/calendar/revoke", t.SIGNED_IN, {}),
}


@pytest.mark.parametrize("role", t.ROLES)
@pytest.mark.parametrize("endpoint", sorted(EXTRA))
def test_calendar_routes(endpoint, role, client, world, login, monkeypatch):
    monkeypatch.setitem(t.ROUTES, endpoint, EXTRA[endpoint])
    method, build, allowed, data = EXTRA[endpoint]
    if endpoint in ("calendar.account", "calendar.revoke") and role == "anonymous":
        url = build(world)
        r = client.get(url) if method == "GET" else client.post(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
        return
    t.test_route_allows_or_denies_by_role(endpoint, role, client, world, login)

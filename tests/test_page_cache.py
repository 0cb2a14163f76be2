"""Kept pages are served only while nothing they could show has changed (governance/page_cache)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from governance import page_cache
from governance.extensions import db
from governance.page_cache import Entry, PageCache, _is_write, read_stamp
from tests.conftest import PASSWORD, counting


def statements_of(client, url: str, **headers: str) -> tuple[int, int, str]:
    """Status, statements run and body of one request, the page cache left in place."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url, headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return response.status_code, len(seen), response.get_data(as_text=True)


def committed_stamp() -> str:
    """The stamp as committed, read on a connection of its own (outside the test's transaction)."""
    with db.engine.connect() as conn:
        return conn.execute(sa.text("SELECT stamp FROM data_stamp")).scalar_one()


@pytest.fixture
def cache(app):
    return app.extensions["page_cache"]


def test_a_page_seen_again_unchanged_costs_one_statement_and_is_the_same(
    client, login, agenda_world, cache
):
    login(agenda_world.users["secretary"])
    url = f"/meetings/{agenda_world.meeting.id}"
    client.get("/")  # the sign-in's flash message is shown (pages are not kept while one waits)
    status, first, page = statements_of(client, url)
    assert status == 200 and first > 10
    status, again, page_again = statements_of(client, url)
    assert status == 200 and again == 1  # the data stamp only
    assert page_again == page
    assert cache.hits >= 1


def test_a_change_through_a_form_shows_at_once(client, login, agenda_world, cache):
    login(agenda_world.users["secretary"])
    client.get("/")
    url = f"/meetings/{agenda_world.meeting.id}"
    assert "Budget review" not in client.get(url).get_data(as_text=True)
    client.get(url)
    hits = cache.hits
    response = client.post(
        f"/meetings/{agenda_world.meeting.id}/items/new",
        data={"title": "Budget review", "purpose": "discussion", "presenter": "", "minutes": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "Budget review" in client.get(url).get_data(as_text=True)
    assert cache.hits == hits


def test_a_committed_change_made_outside_any_request_moves_the_stamp(agenda_world):
    before = read_stamp()
    agenda_world.meeting.title = "Renamed meeting"
    db.session.commit()  # pending, not yet flushed, when the commit begins
    assert read_stamp() != before


def test_writing_through_a_plain_connection_moves_the_stamp(app):
    """A write outside any ORM session (a command's `engine.begin()`) moves it at commit; a
    transaction that only read does not. These commit for real, on connections of their own,
    with writes that change no row."""
    before = committed_stamp()
    with db.engine.begin() as conn:
        conn.execute(sa.text("SELECT count(*) FROM meeting"))
    assert committed_stamp() == before
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE meeting SET title = title WHERE id = -1"))
    assert committed_stamp() != before


def test_a_write_rolled_back_leaves_the_stamp(app):
    before = committed_stamp()
    with db.engine.connect() as conn:
        conn.execute(sa.text("UPDATE meeting SET title = title WHERE id = -1"))
        conn.rollback()
        conn.execute(sa.text("SELECT count(*) FROM meeting"))
        conn.commit()  # the rolled-back write is forgotten: this transaction only read
    assert committed_stamp() == before


def test_one_viewers_page_is_never_served_to_another(app, client, login, agenda_world):
    url = f"/meetings/{agenda_world.meeting.id}"
    login(agenda_world.users["secretary"])
    client.get("/")
    secretary_page = client.get(url).get_data(as_text=True)
    client.get(url)
    other = app.test_client()  # another browser
    response = other.post(
        "/login", data={"email": agenda_world.users["parent"].email, "password": PASSWORD}
    )
    assert response.status_code == 302
    other.get("/")
    parent_page = other.get(url).get_data(as_text=True)
    add_item = f'href="/meetings/{agenda_world.meeting.id}/items/new"'
    assert add_item in secretary_page  # the secretary manages the agenda ...
    assert add_item not in parent_page  # ... and the parent's page, asked second, does not


def test_a_new_minute_renders_afresh(client, login, agenda_world, monkeypatch):
    login(agenda_world.users["secretary"])
    client.get("/")
    url = f"/meetings/{agenda_world.meeting.id}"
    client.get(url)
    assert statements_of(client, url)[1] == 1
    monkeypatch.setattr(
        "governance.clock.utcnow", lambda: datetime(2026, 11, 23, 12, 1, tzinfo=UTC)
    )
    assert statements_of(client, url)[1] > 1


def test_a_waiting_flash_message_is_shown_not_a_kept_page(client, login, agenda_world):
    login(agenda_world.users["secretary"])
    url = f"/meetings/{agenda_world.meeting.id}"
    client.get(url)
    client.get(url)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Saved just now.")]
    assert "Saved just now." in client.get(url).get_data(as_text=True)


def test_a_feed_is_answered_304_from_the_cache_and_200_once_a_meeting_is_added(client, world):
    from governance.calendar import tokens as calendar_tokens
    from governance.meetings import operations as meeting_ops
    from governance.meetings.models import MeetingStatus

    token = calendar_tokens.issue_calendar_token(world.users["member"])
    db.session.flush()
    url = f"/calendar/{token}.ics"
    etag = client.get(url).headers["ETag"]
    assert statements_of(client, url, **{"If-None-Match": etag})[0] == 304
    status, n, _body = statements_of(client, url, **{"If-None-Match": etag})
    assert (status, n) == (304, 1)  # from the cache: the data stamp only
    meeting = meeting_ops.schedule_meeting(
        None,
        world.board,
        {
            "title": "Extra meeting",
            "starts_at": datetime(2026, 12, 1, 10, tzinfo=UTC),
            "ends_at": datetime(2026, 12, 1, 12, tzinfo=UTC),
            "location": "Hall",
            "online_url": "",
        },
    )
    meeting.status = MeetingStatus.NOTICE_ISSUED
    meeting.notice_issued_at = datetime(2026, 11, 20, tzinfo=UTC)
    db.session.flush()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Extra meeting" in changed.get_data(as_text=True)


def test_the_cache_drops_everything_when_the_stamp_moves_and_keeps_within_its_size():
    cache = PageCache(max_bytes=100)
    cache.put("a", "k1", Entry(200, [], b"x" * 40))
    assert cache.get("a", "k1") is not None
    cache.put("a", "k2", Entry(200, [], b"y" * 40))
    cache.put("a", "k3", Entry(200, [], b"z" * 40))  # over 100 bytes: k1, the oldest, goes
    assert cache.get("a", "k1") is None and cache.get("a", "k3") is not None
    cache.put("a", "big", Entry(200, [], b"b" * 101))
    assert cache.get("a", "big") is None
    assert cache.get("b", "k3") is None  # another stamp: nothing kept survives
    assert len(cache) == 0
    cache.put("a", "late", Entry(200, [], b"l"))  # rendered under a stamp that has moved on
    assert cache.get("b", "late") is None


@pytest.mark.parametrize(
    ("statement", "writes"),
    [
        ("SELECT 1", False),
        ("  select * from meeting", False),
        ("BEGIN IMMEDIATE", False),
        ("SAVEPOINT sa_savepoint_1", False),
        ("PRAGMA foreign_keys=ON", False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ("WITH x AS (SELECT 1) UPDATE meeting SET title = 'a'", True),
        ("INSERT INTO meeting (title) VALUES (?)", True),
        ("UPDATE meeting SET title = ?", True),
        ("DELETE FROM paper_open", True),
        ("CREATE TABLE t (n INTEGER)", True),
        ("UPDATE data_stamp SET stamp = ?", False),
    ],
)
def test_which_statements_count_as_writes(statement, writes):
    assert _is_write(statement) is writes


def test_the_clear_command_moves_the_stamp(app, monkeypatch):
    moved: list[object] = []
    monkeypatch.setattr(page_cache, "bump", lambda conn: moved.append(conn))
    result = CliRunner().invoke(app.cli, ["page-cache", "clear"], obj=None)
    assert result.exit_code == 0, result.output
    assert len(moved) == 1


def test_counting_renders_afresh(client, login, agenda_world):
    login(agenda_world.users["secretary"])
    client.get("/")
    url = f"/meetings/{agenda_world.meeting.id}"
    client.get(url)
    with counting() as statements:
        client.get(url)
    assert len(statements) > 1


#: The views kept by the page cache: each reads only the database, the session, the URL and
#: the clock. A view added here must be a GET view that does not write.
KEPT = {
    "pages.home",
    "boards.index",
    "pages.board",
    "pages.meeting",
    "decisions.register",
    "decisions.trail",
    "audit.log",
    "calendar.meeting_ics",
    "calendar.board_feed",
    "calendar.personal_feed",
}


def test_only_the_listed_reading_views_are_kept(app):
    kept = {name for name, view in app.view_functions.items() if getattr(view, "page_kept", False)}
    assert kept == KEPT
    for rule in app.url_map.iter_rules():
        if rule.endpoint in KEPT:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
            assert not getattr(app.view_functions[rule.endpoint], "writes_when_read", False)


def test_a_disabled_account_is_not_served_its_kept_page(client, login, agenda_world):
    member = agenda_world.users["member"]
    login(member)
    client.get("/")
    url = f"/meetings/{agenda_world.meeting.id}"
    assert client.get(url).status_code == 200
    assert statements_of(client, url)[:2] == (200, 1)  # kept
    member.is_enabled = False
    db.session.flush()
    assert client.get(url).status_code in (302, 401)


def test_an_idle_session_is_ended_before_any_kept_page(client, login, agenda_world, monkeypatch):
    login(agenda_world.users["secretary"])
    client.get("/")
    url = f"/meetings/{agenda_world.meeting.id}"
    client.get(url)
    assert statements_of(client, url)[:2] == (200, 1)
    monkeypatch.setattr(
        "governance.clock.utcnow", lambda: datetime(2026, 11, 23, 12, 31, tzinfo=UTC)
    )
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]

"""The audit log in people's words: names, titles, plain verbs and values, filters, head hash."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from governance.attendance.models import AttendanceStatus
from governance.attendance.operations import record_attendance
from governance.audit.models import AuditEvent
from governance.extensions import db
from governance.meetings import operations as meeting_ops


def _body(page: str) -> str:
    return page.split("<footer")[0]


def _rows(page: str) -> list[str]:
    return re.findall(r"<tr class=\"event\".*?</tr>", page, re.S)


def test_log_names_the_actor_and_the_target_in_plain_words(client, world, login, make_meeting):
    secretary = world.users["secretary"]
    meeting = make_meeting(world.board, title="Spring board meeting", notice=True)
    meeting_ops.save_item(secretary, meeting, None, {"title": "Crèche fees", "purpose": "decision"})
    db.session.commit()
    login(world.users["auditor"])

    page = _body(client.get("/audit/").get_data(as_text=True))

    [row] = [r for r in _rows(page) if "agenda_item.create" in r and "Crèche fees" in r]
    assert "Secretary" in row  # the actor's name (make_user names people after their email)
    assert "added the agenda item" in row
    assert "Crèche fees" in row and "Spring board meeting" in row
    # The ids stay on the record, beside the words.
    assert f'title="user {secretary.id}"' in row
    assert "user " + str(secretary.id) not in re.sub(r'title="[^"]*"', "", row)


def test_log_shows_values_in_plain_words_with_before_and_after(client, world, login, make_meeting):
    secretary = world.users["secretary"]
    meeting = make_meeting(world.board, location="Old Hall", notice=True)
    person = world.users["member"].person
    meeting_ops.update_meeting(
        secretary,
        meeting,
        {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "location": "Room 2"},
    )
    record_attendance(secretary, meeting, world.plain_person, AttendanceStatus.IN_ATTENDANCE)
    record_attendance(secretary, meeting, person, AttendanceStatus.PRESENT)
    record_attendance(secretary, meeting, person, AttendanceStatus.APOLOGIES)
    db.session.commit()
    login(world.users["admin"])

    page = _body(client.get("/audit/?action=attendance").get_data(as_text=True))

    assert "in_attendance" not in page
    assert "in attendance" in page
    # An edit shows what it was and what it became, in words.
    assert re.search(r"Status</span>\s*present\s*→\s*apologies", page)
    moved = _body(client.get("/audit/?action=meeting.move").get_data(as_text=True))
    assert re.search(r"Location</span>\s*Old Hall\s*→\s*Room 2", moved)


def test_attendance_notes_are_withheld_from_new_events(world, make_meeting):
    meeting = make_meeting(world.board, notice=True)
    record_attendance(
        None, meeting, world.users["member"].person, AttendanceStatus.APOLOGIES, note="Surgery"
    )
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "attendance.record")
    ).scalar_one()
    assert "Surgery" not in str(event.changes) and "Surgery" not in event.summary


def test_confidential_titles_are_named_only_to_viewers_who_may_see_them(
    agenda_world, client, login
):
    from governance.audit.signals import names_for

    item = agenda_world.confidential_item
    refs = {("agenda_item", item.id)}
    auditor = agenda_world.users["auditor"]
    observer = agenda_world.users["observer"]

    assert item.title in names_for(auditor, refs)[("agenda_item", item.id)].text
    hidden = names_for(observer, refs)[("agenda_item", item.id)]
    assert item.title not in hidden.text and "confidential" in hidden.text


def test_log_filters_by_person_kind_board_target_and_date(client, world, login, make_meeting):
    secretary, chair = world.users["secretary"], world.users["chair"]
    mine = make_meeting(world.board, notice=True)
    meeting_ops.save_item(secretary, mine, None, {"title": "Ours", "purpose": "decision"})
    elsewhere = make_meeting(world.other_board, notice=True)
    meeting_ops.save_item(chair, elsewhere, None, {"title": "Theirs", "purpose": "decision"})
    db.session.commit()
    login(world.users["auditor"])

    def actions(query: str) -> list[str]:
        page = client.get("/audit/?" + query).get_data(as_text=True)
        return re.findall(r'<code class="kind">([a-z_.]+)</code>', page)

    assert actions(f"actor={secretary.id}") == ["agenda_item.create"]
    assert set(actions("actor=system&action=appointment")) == {"appointment.create"}
    by_board = actions(f"board={world.other_board.id}&action=agenda_item")
    assert by_board == ["agenda_item.create", "agenda_item.create"]  # "Theirs" and "Apologies"
    page = client.get(f"/audit/?board={world.other_board.id}").get_data(as_text=True)
    assert "Theirs" in page and "Ours" not in page
    assert actions(f"target_type=meeting&target_id={mine.id}") == ["meeting.create"]
    today = datetime.now(UTC).date()
    assert actions(f"since={today + timedelta(days=1)}") == []
    assert "agenda_item.create" in actions(f"since={today}&until={today}")


def test_log_pagination_keeps_the_filters(client, world, login):
    login(world.users["auditor"])
    page = client.get("/audit/?action=user&actor=system").get_data(as_text=True)
    [link] = re.findall(r'href="(/audit/\?[^"]*before=[^"]*)"', page)
    assert "action=user" in link and "actor=system" in link


def test_log_explains_a_bad_date_and_keeps_it(client, world, login):
    login(world.users["auditor"])
    response = client.get("/audit/?since=31/02/2026&action=board")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the date as YYYY-MM-DD" in page
    assert 'value="31/02/2026"' in page
    assert 'value="board"' in page or '"board" selected' in page or 'value="board" selected' in page


def test_log_shows_the_whole_hash_with_a_copy_button(client, world, login):
    login(world.users["auditor"])
    page = client.get("/audit/").get_data(as_text=True)
    last = db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()
    assert last.hash in page
    assert 'data-copy-text="' + last.hash + '"' in page


def test_verify_page_shows_the_head_hash_to_write_down(client, world, login):
    login(world.users["auditor"])
    page = client.get("/audit/verify").get_data(as_text=True)
    last = db.session.execute(
        sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)
    ).scalar_one()
    assert last.hash in page
    assert f"event {last.seq}" in page
    assert last.occurred_at.strftime("%Y-%m-%d %H:%M:%S") in page

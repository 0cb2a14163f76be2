"""Meeting pages and forms through the client."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.papers.models import PaperVersion
from tests.conftest import PDF


def text(response) -> str:
    return response.get_data(as_text=True)


def test_secretary_goes_from_an_empty_board_to_a_circulated_pack(
    client, world, login, app, tmp_path
):
    app.config["STORAGE_PATH"], original = str(tmp_path), app.config["STORAGE_PATH"]
    try:
        login(world.users["secretary"])
        day = (datetime.now(UTC) + timedelta(days=40)).date()
        response = client.post(
            f"/boards/{world.board.id}/meetings/new",
            data={
                "title": "Partnership Board",
                "day": day.isoformat(),
                "starts_time": "10:00",
                "ends_time": "12:00",
                "location": "Children's Centre",
            },
        )
        assert response.status_code == 302
        meeting = db.session.execute(sa.select(Meeting)).scalar_one()
        for title, purpose in (("Apologies", "information"), ("Budget", "decision")):
            client.post(
                f"/meetings/{meeting.id}/items/new", data={"title": title, "purpose": purpose}
            )
        assert client.post(f"/meetings/{meeting.id}/notice").status_code == 302
        db.session.expire_all()
        assert db.session.get(Meeting, meeting.id).status is MeetingStatus.NOTICE_ISSUED
        budget = db.session.execute(
            sa.select(AgendaItem).where(AgendaItem.title == "Budget")
        ).scalar_one()
        response = client.post(
            f"/items/{budget.id}/papers/new",
            data={
                "title": "Budget report",
                "summary": "Agree to move the crèche underspend.",
                "file": (io.BytesIO(PDF), "budget.pdf"),
            },
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
        page = text(client.get(f"/meetings/{meeting.id}"))
        assert "not circulated" in page and "Agree to move the crèche underspend." in page
        response = client.post(
            f"/meetings/{meeting.id}/circulate",
            data={
                "include_agenda": "y",
                "versions": [
                    str(v.id) for v in db.session.execute(sa.select(PaperVersion)).scalars()
                ],
                "confirmed": "y",
            },
        )
        assert response.status_code == 302, text(response)
        page = text(client.get(f"/meetings/{meeting.id}"))
        assert "not circulated" not in page and "Late" not in page
        figures = text(client.get(f"/boards/{world.board.id}/compliance"))
        assert "100%" in figures and "1 of 1 papers" in figures
        kinds = db.session.execute(sa.select(OutboxMessage.kind)).scalars().all()
        assert kinds.count("meeting.notice") == 5 and kinds.count("papers.circulated") == 5
    finally:
        app.config["STORAGE_PATH"] = original


def test_meeting_ending_before_it_starts_comes_back_with_the_problem(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/meetings/new",
        data={
            "title": "Odd meeting",
            "day": "2027-01-05",
            "starts_time": "12:00",
            "ends_time": "10:00",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert re.search(r'id="ends_time-error">[^<]*end after it starts', page)
    assert 'value="Odd meeting"' in page
    assert db.session.execute(sa.select(Meeting)).first() is None


def test_late_circulation_without_reason_is_refused_beside_the_field(
    client, world, login, make_meeting, make_version
):
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    meeting = make_meeting(world.board, starts_at=soon, notice=True)
    version = make_version(meeting.items[0])
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/circulate"))
    assert "The deadline has passed" in page
    response = client.post(
        f"/meetings/{meeting.id}/circulate", data={"versions": [str(version.id)], "late_reason": ""}
    )
    assert response.status_code == 400
    assert re.search(r'id="late_reason-error">', text(response))
    chair = world.users["chair"].person
    response = client.post(
        f"/meetings/{meeting.id}/circulate",
        data={
            "versions": [str(version.id)],
            "consent_how": "word",
            "consent_by_id": str(chair.id),
            "late_reason": "Figures from the Accountable Body arrived after the deadline.",
            "confirmed": "y",
        },
    )
    assert response.status_code == 302
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "Late" in page and "arrived after the deadline" in page and "agreed by Chair" in page


def test_members_cannot_see_draft_meetings(client, world, login, make_meeting):
    meeting = make_meeting(world.board)
    login(world.users["member"])
    assert client.get(f"/meetings/{meeting.id}").status_code == 403
    assert "Board meeting" not in text(client.get(f"/boards/{world.board.id}/meetings"))


def test_observer_does_not_see_confidential_items(client, agenda_world, login):
    w = agenda_world
    login(w.users["observer"])
    page = text(client.get(f"/meetings/{w.meeting.id}"))
    assert "Budget" in page and "Commissioning" not in page
    assert "1 confidential item not shown" in page
    assert client.get(f"/papers/{w.secret_version.paper_id}").status_code == 403
    client.post("/logout")
    login(w.users["member"])
    assert "Commissioning" in text(client.get(f"/meetings/{w.meeting.id}"))


def test_manager_sees_how_many_members_opened_the_pack(client, agenda_world, login):
    w = agenda_world
    login(w.users["member"])
    response = client.get(f"/versions/{w.version.id}/download")
    response.close()
    client.post("/logout")
    login(w.users["secretary"])
    page = text(client.get(f"/meetings/{w.meeting.id}"))
    assert re.search(r"1 of \d+ members have opened the pack", page)


def test_agenda_items_can_be_reordered(client, world, login, make_meeting):
    meeting = make_meeting(world.board, items=("First", "Second"))
    login(world.users["secretary"])
    second = meeting.items[1]
    client.post(f"/items/{second.id}/move", data={"direction": "up"})
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert page.index("Second") < page.index("First")


def test_series_form_schedules_draft_meetings(client, world, login):
    login(world.users["secretary"])
    response = client.post(
        f"/boards/{world.board.id}/meetings/series",
        data={
            "title": "Board",
            "nth": "1",
            "weekday": "1",
            "every_months": "2",
            "starting": "2027-01-01",
            "count": "4",
            "starts_time": "10:00",
            "ends_time": "12:00",
        },
    )
    assert response.status_code == 302
    meetings = db.session.execute(sa.select(Meeting)).scalars().all()
    assert len(meetings) == 4 and all(m.status is MeetingStatus.DRAFT for m in meetings)


def test_cancelled_meeting_shows_its_reason(client, world, login, make_meeting):
    meeting = make_meeting(world.board, notice=True)
    login(world.users["secretary"])
    client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "Too many apologies"})
    login_page = text(client.get(f"/meetings/{meeting.id}"))
    assert "Cancelled." in login_page and "Too many apologies" in login_page
    assert "Edit or move" not in login_page


def test_meeting_page_names_the_last_day_for_papers(client, world, login, make_meeting):
    # Thursday 10 December 2026: five clear days are Sat 5 to Wed 9, so Friday 4 is the last day.
    meeting = make_meeting(world.board, notice=True)
    login(world.users["member"])
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "by the end of Friday 4 December 2026" in page


@pytest.mark.parametrize(
    ("notice", "said"),
    [
        (True, "Meeting cancelled; members and calendars have been told."),
        (False, "Draft cancelled. It was never announced, so nobody needed to be told."),
    ],
)
def test_cancelling_says_whom_it_told(notice, said, client, world, login, make_meeting):
    """A draft that was never announced tells nobody, and the message does not claim it did."""
    meeting = make_meeting(world.board, notice=notice)
    login(world.users["secretary"])
    response = client.post(
        f"/meetings/{meeting.id}/cancel",
        data={"reason": "Too many apologies"},
        follow_redirects=True,
    )
    assert said in text(response)


def test_an_empty_agenda_says_so_without_numbering_it(client, world, login, make_meeting):
    meeting = make_meeting(world.board, items=(), notice=True)
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert '<p class="muted">No items yet.</p>' in page
    assert '<ol class="agenda">' not in page


def test_the_refusal_page_says_whom_to_ask(client, world, login):
    login(world.users["outsider"])
    response = client.get(f"/boards/{world.board.id}")
    assert response.status_code == 403
    assert "ask the secretary of the board concerned, or your administrator" in text(response)


def test_every_page_names_the_sites_icon(client, app):
    page = text(client.get("/login"))
    assert 'rel="icon"' in page and "favicon.svg" in page
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()

"""Replies through the client: the phone form, who sees what, the summary, marking done."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.boards import operations as board_ops
from governance.boards.models import SeatCategory
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import notify
from governance.replies import operations as replies
from governance.replies import queries as replies_queries
from governance.replies.models import MeetingReply, NeedKind, NeedStatus, ReplyChoice, TravelMode
from governance.replies.operations import Answer
from governance.replies.rules import NeedRequest
from tests.conftest import audit_count, counting

CRECHE_AND_BUS = {
    "choice": "attending",
    "childcare": "y",
    "children": "2",
    "ages": "1 and 3",
    "travel": "y",
    "travel_mode": "bus",
    "travel_details": "Two buses",
}


@pytest.fixture
def meeting(world, make_meeting):
    # A month away by the real clock, so replies are open whenever the suite runs.
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return make_meeting(world.board, starts_at=starts, notice=True)


def text(response) -> str:
    return response.get_data(as_text=True)


def reply_of(meeting, user) -> MeetingReply | None:
    db.session.expire_all()
    return replies_queries.reply_of(meeting, user.person)


def parent_needs(world, meeting) -> MeetingReply:
    """The parent's reply asking for a crèche and a bus fare, made directly."""
    answer = Answer(
        ReplyChoice.ATTENDING,
        "Looking forward to it",
        needs=(
            NeedRequest(NeedKind.CHILDCARE, 2, (1, 3)),
            NeedRequest(NeedKind.TRAVEL, travel_mode=TravelMode.BUS, details="Two buses"),
        ),
    )
    sent = replies.send_reply(None, meeting, world.users["parent"].person, answer)
    db.session.flush()
    return sent


def test_the_reply_form_is_short_has_radio_buttons_and_no_script_or_inline_style(
    client, world, login, meeting
):
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{meeting.id}/reply"))
    assert re.search(r'<input[^>]*name="choice"[^>]*type="radio"[^>]*value="attending"', page)
    assert page.count('type="radio"') == 2 + len(TravelMode)
    assert "<label" in page and "Yes, I will be there" in page and "No, I send my apologies" in page
    assert "<script" not in page and not re.search(r"\sstyle=", page)
    # A parent's seat represents no organisation, so there is no deputy to choose.
    assert 'name="deputy_id"' not in page


def test_a_parent_replies_attending_with_a_creche_and_a_bus_fare(client, world, login, meeting):
    login(world.users["parent"])
    response = client.post(f"/meetings/{meeting.id}/reply", data=CRECHE_AND_BUS)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    sent = reply_of(meeting, world.users["parent"])
    assert sent is not None and sent.choice is ReplyChoice.ATTENDING
    assert [(n.kind, n.summary) for n in sent.needs] == [
        (NeedKind.CHILDCARE, "2 children (aged 1 and 3)"),
        (NeedKind.TRAVEL, "Bus or train fare paid back; Two buses"),
    ]
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "Your reply: <strong>Attending</strong>" in page and "Change my reply" in page
    form = text(client.get(f"/meetings/{meeting.id}/reply"))
    assert 'value="1 and 3"' in form and "You replied" in form


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ages": "3"}, "ages", "Give an age for each of the 2 children"),
        ({"ages": "two and 16"}, "ages", "children up to 15"),
        ({"ages": "one & a bit"}, "ages", "as a number"),
        ({"children": "0"}, "children", "Number must be between"),
        ({"children": "lots"}, "children", "Give the number of children as a number"),
        ({"children": ""}, "children", "Say how many children"),
        ({"travel_mode": ""}, "travel_mode", "Choose the help with travel"),
        ({"note": "x" * 301}, "note", "longer than 300"),
        ({"travel_details": "x" * 301}, "travel_details", "longer than 300"),
        ({"choice": ""}, "choice", "Choose whether you can come"),
    ],
)
def test_a_reply_that_does_not_say_enough_comes_back_with_the_message_beside_the_field(
    client, world, login, meeting, change, field, message
):
    login(world.users["parent"])
    before = audit_count()
    response = client.post(f"/meetings/{meeting.id}/reply", data={**CRECHE_AND_BUS, **change})
    page = text(response)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and message in page
    assert reply_of(meeting, world.users["parent"]) is None and audit_count() == before


def test_a_childs_age_in_months_is_understood_and_shown_back_as_typed(
    client, world, login, meeting
):
    login(world.users["parent"])
    data = {**CRECHE_AND_BUS, "children": "2", "ages": "18 months and 1 year 6 months"}
    assert client.post(f"/meetings/{meeting.id}/reply", data=data).status_code == 302
    need = reply_of(meeting, world.users["parent"]).needs[0]
    assert need.children_ages == [1, 1]
    assert need.summary == "2 children (aged 18 months and 1 year 6 months)"
    form = text(client.get(f"/meetings/{meeting.id}/reply"))
    assert 'value="18 months and 1 year 6 months"' in form


@pytest.mark.parametrize(
    ("change", "field", "kept"),
    [
        ({"ages": "one & a bit"}, "ages", "one &amp; a bit"),
        ({"children": "two kids"}, "children", "two kids"),
    ],
)
def test_a_value_the_form_cannot_read_comes_back_as_typed_with_a_message(
    client, world, login, meeting, change, field, kept
):
    login(world.users["parent"])
    response = client.post(f"/meetings/{meeting.id}/reply", data={**CRECHE_AND_BUS, **change})
    page = text(response)
    assert response.status_code == 400
    assert re.search(rf'id="{field}"[^>]*value="{re.escape(kept)}"', page) or re.search(
        rf'value="{re.escape(kept)}"[^>]*id="{field}"', page
    )
    assert f'id="{field}-error"' in page


def test_the_number_of_children_may_be_written_as_a_word(client, world, login, meeting):
    login(world.users["parent"])
    data = {**CRECHE_AND_BUS, "children": "two"}
    assert client.post(f"/meetings/{meeting.id}/reply", data=data).status_code == 302
    assert reply_of(meeting, world.users["parent"]).needs[0].children == 2


def test_the_number_field_is_text_so_a_phone_never_blanks_what_was_typed(
    client, world, login, meeting
):
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{meeting.id}/reply"))
    field = re.search(r'<input[^>]*id="children"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'inputmode="numeric"' in field


@pytest.mark.parametrize(
    ("unticked", "field"),
    [("childcare", "ages"), ("travel", "travel_details")],
)
def test_details_typed_for_help_not_ticked_are_not_dropped_silently(
    client, world, login, meeting, unticked, field
):
    login(world.users["parent"])
    data = {k: v for k, v in CRECHE_AND_BUS.items() if k != unticked}
    response = client.post(f"/meetings/{meeting.id}/reply", data=data)
    page = text(response)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and "tick" in page.lower()
    assert reply_of(meeting, world.users["parent"]) is None


def test_the_member_sends_apologies_with_a_deputy_from_their_organisation(
    client, world, login, meeting, make_person
):
    colleague = make_person(full_name="Pat Colleague", organisation_id=world.health.id)
    login(world.users["member"])
    page = text(client.get(f"/meetings/{meeting.id}/reply"))
    assert 'name="deputy_id"' in page and "Pat Colleague" in page
    response = client.post(
        f"/meetings/{meeting.id}/reply",
        data={"choice": "apologies", "deputy_id": str(colleague.id), "note": "Clinic"},
    )
    assert response.status_code == 302
    sent = reply_of(meeting, world.users["member"])
    assert sent.deputy_id == colleague.id
    row = db.session.execute(
        sa.select(Attendance).filter_by(meeting_id=meeting.id, person_id=sent.person_id)
    ).scalar_one()
    assert row.status is AttendanceStatus.APOLOGIES
    client.post("/logout")
    login(world.users["secretary"])
    register = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert "Deputy named: Pat Colleague" in register


def test_the_registers_apologies_button_opens_the_reply_with_apologies_chosen(
    client, world, login, meeting
):
    login(world.users["parent"])
    register = text(client.get(f"/meetings/{meeting.id}/attendance"))
    assert f"/meetings/{meeting.id}/reply?choice=apologies" in register
    form = text(client.get(f"/meetings/{meeting.id}/reply?choice=apologies"))
    assert re.search(r'<input checked[^>]*value="apologies"', form)


def test_the_old_apologies_address_records_a_reply(client, world, login, meeting):
    login(world.users["parent"])
    response = client.post(f"/meetings/{meeting.id}/apologies", data={"note": "School run"})
    assert response.status_code == 302
    sent = reply_of(meeting, world.users["parent"])
    assert sent is not None and sent.choice is ReplyChoice.APOLOGIES and sent.note == "School run"


def test_once_the_meeting_has_started_the_form_is_closed_and_a_post_is_refused(
    client, world, login, make_meeting
):
    started = make_meeting(
        world.board, starts_at=datetime.now(UTC) - timedelta(minutes=30), notice=True
    )
    login(world.users["parent"])
    page = text(client.get(f"/meetings/{started.id}/reply"))
    assert "replies are closed" in page and 'name="choice"' not in page
    response = client.post(f"/meetings/{started.id}/reply", data={"choice": "apologies"})
    assert response.status_code == 400 and "The meeting has started" in text(response)
    assert reply_of(started, world.users["parent"]) is None


def test_other_members_see_counts_only_and_the_public_sees_nothing(
    client, world, login, make_meeting, make_seat
):
    board = world.public_board
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    open_meeting = make_meeting(board, starts_at=starts, notice=True)
    parent = world.users["parent"]
    seat = make_seat(board, title="Parent", category=SeatCategory.PARENT)
    board_ops.appoint(None, seat, parent.person, date(2026, 1, 1), None)
    answer = Answer(ReplyChoice.ATTENDING, needs=(NeedRequest(NeedKind.CHILDCARE, 1, (2,)),))
    replies.send_reply(None, open_meeting, parent.person, answer)
    db.session.flush()
    anonymous = text(client.get(f"/meetings/{open_meeting.id}"))
    assert "attending" not in anonymous and "Crèche" not in anonymous
    assert client.get(f"/meetings/{open_meeting.id}/replies").status_code == 401
    login(world.users["member"])  # signed in, not on this board
    page = text(client.get(f"/meetings/{open_meeting.id}"))
    assert "1 attending · 0 apologies · 1 of 2 members not replied yet" in page
    assert parent.person.full_name not in page and "Crèche" not in page
    assert "Who has replied" not in page
    assert client.get(f"/meetings/{open_meeting.id}/replies").status_code == 403


@pytest.mark.parametrize(
    ("role", "sees", "details", "may_arrange"),
    [
        ("secretary", True, True, True),
        ("admin", True, True, True),
        ("auditor", True, False, False),  # that support was asked for, not what it is
        ("chair", False, False, False),
        ("member", False, False, False),
        ("observer", False, False, False),
    ],
)
def test_support_needs_are_seen_by_the_secretary_and_admins_only(
    client, world, login, meeting, role, sees, details, may_arrange
):
    parent_needs(world, meeting)
    login(world.users[role])
    response = client.get(f"/meetings/{meeting.id}/replies")
    assert response.status_code == (200 if sees else 403)
    page = text(response)
    assert ("2 children (aged 1, 3)" in page) is details
    assert ("Mark arranged" in page) is may_arrange
    meeting_page = text(client.get(f"/meetings/{meeting.id}"))
    assert "2 children" not in meeting_page
    assert ("Who has replied, and support to arrange" in meeting_page) is sees


def test_the_secretary_sees_the_counts_and_who_has_not_replied(client, world, login, meeting):
    parent_needs(world, meeting)
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/replies"))
    assert re.search(r"<strong>1</strong> attending", page)
    assert re.search(r"<strong>2</strong> not replied yet", page)
    assert re.search(r"<strong>2</strong> support to arrange", page)
    not_replied = page.split("Not replied yet")[1]
    assert world.users["member"].person.full_name in not_replied
    assert world.users["parent"].person.full_name not in not_replied


def test_the_secretary_marks_a_need_arranged(client, world, login, meeting):
    need = parent_needs(world, meeting).needs[0]
    login(world.users["secretary"])
    response = client.post(f"/support-needs/{need.id}/done", data={"note": "Two places booked"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#support")
    db.session.expire_all()
    assert need.status is NeedStatus.ARRANGED and need.arranged_note == "Two places booked"
    page = text(client.get(f"/meetings/{meeting.id}/replies"))
    assert "Two places booked" in page and re.search(r"<strong>1</strong> support to arrange", page)
    again = client.post(f"/support-needs/{need.id}/done", follow_redirects=True)
    assert "already been arranged" in text(again)


def test_the_notice_email_has_the_link_to_reply(world, meeting):
    notify.notice_issued(meeting)
    body = db.session.execute(
        sa.select(OutboxMessage.body).where(OutboxMessage.kind == "meeting.notice").limit(1)
    ).scalar_one()
    assert f"/meetings/{meeting.id}/reply" in body and "please reply by" in body


def test_the_replies_page_runs_the_same_statements_however_many_replies(
    client, world, login, meeting, make_seat, make_person, make_organisation
):
    login(world.users["secretary"])

    def grow(n: int) -> None:
        for i in range(n):
            org = make_organisation()
            seat = make_seat(world.board, title=f"Extra {i}", organisation=org)
            someone = make_person(organisation_id=org.id)
            deputy = make_person(organisation_id=org.id)
            board_ops.appoint(None, seat, someone, date(2026, 1, 1), None)
            need = NeedRequest(NeedKind.TRAVEL, travel_mode=TravelMode.TAXI)
            answer = (
                Answer(ReplyChoice.APOLOGIES, "Away", deputy)
                if i % 2
                else Answer(ReplyChoice.ATTENDING, needs=(need,))
            )
            sent = replies.send_reply(None, meeting, someone, answer)
            if not i % 2:
                replies.mark_need_done(None, sent.needs[0], "Booked")
        db.session.flush()

    def measure() -> int:
        with counting() as statements:
            assert client.get(f"/meetings/{meeting.id}/replies").status_code == 200
        return len(statements)

    grow(2)
    small = measure()
    grow(6)
    assert measure() == small

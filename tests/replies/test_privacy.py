"""The reply form's promise about who sees a member's support needs, checked role by role.

The form names who sees the help a member asks for. Every page and export that shows replies
is fetched as every role, and the details (children's ages, the access need, what was arranged,
the note) must reach exactly the people the form names: the member, the board's secretary and
the system's administrators. Auditors see that support was asked for and arranged, not what.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from governance.extensions import db
from governance.replies import operations as replies
from governance.replies.models import NeedKind, ReplyChoice
from governance.replies.operations import Answer
from governance.replies.rules import NeedRequest

#: The member's own words and the kind of help they asked for: they see them on their form.
OWN = ("I use a walker", "Please ring me first", "crèche or childcare")
#: How the secretary's list puts the children's ages, and what the secretary arranged.
ARRANGING = ("aged 1, 3", "Two places booked")
DETAILS = (*OWN, *ARRANGING)
#: Who the form says sees the help a member asks for.
PROMISED = {"parent", "secretary", "admin"}
ROLES = ["admin", "auditor", "secretary", "chair", "member", "parent", "observer", "outsider"]


@pytest.fixture
def meeting(world, make_meeting):
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    return make_meeting(world.board, starts_at=starts, notice=True)


@pytest.fixture
def asked(world, meeting):
    """The parent asks for a crèche and step-free access; the secretary arranges the crèche."""
    answer = Answer(
        ReplyChoice.ATTENDING,
        "Please ring me first",
        needs=(
            NeedRequest(NeedKind.CHILDCARE, 2, (1, 3)),
            NeedRequest(NeedKind.ACCESS, details="I use a walker"),
        ),
    )
    reply = replies.send_reply(world.users["parent"], meeting, world.users["parent"].person, answer)
    creche = next(n for n in reply.needs if n.kind is NeedKind.CHILDCARE)
    replies.mark_need_done(world.users["secretary"], creche, "Two places booked")
    db.session.flush()
    return reply


def _pages(client, meeting) -> str:
    """Every page a signed-in person might see replies on, joined."""
    urls = [
        f"/meetings/{meeting.id}/replies",
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/attendance",
        f"/meetings/{meeting.id}/reply",
        "/audit/",
        "/",
    ]
    return "\n".join(client.get(url).get_data(as_text=True) for url in urls)


def test_the_reply_form_names_exactly_who_sees_the_help_asked_for(client, world, login, meeting):
    login(world.users["parent"])
    page = client.get(f"/meetings/{meeting.id}/reply").get_data(as_text=True)
    promise = re.search(r"<p class=\"muted\" id=\"who-sees\">(.*?)</p>", page, re.S)
    assert promise is not None
    text = re.sub(r"\s+", " ", promise.group(1))
    assert (
        "The help you ask for is seen only by you, the secretary of the Partnership Board and the "
        "system’s administrators, and so is your note when you are coming." in text
    )
    assert "Auditors" in text and "not what it is" in text
    # The note sent with apologies is part of the record: the form says where it goes.
    assert (
        "Apologies, with your note, go into the meeting’s attendance register and minutes" in text
    )


def test_a_sub_groups_reply_form_names_the_parent_boards_secretary_too(
    client, world, login, make_meeting, make_seat
):
    from governance.boards import operations as board_ops

    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    meeting = make_meeting(world.subgroup, starts_at=starts, notice=True)
    seat = make_seat(world.subgroup, title="Parent")
    board_ops.appoint(
        None, seat, world.users["parent"].person, starts.date() - timedelta(days=60), None
    )
    login(world.users["parent"])
    page = client.get(f"/meetings/{meeting.id}/reply").get_data(as_text=True)
    assert "the secretary of the Finance Sub-group or of the Partnership Board and" in page
    # And the promise holds: the parent board's secretary does see the help asked for.
    answer = Answer(ReplyChoice.ATTENDING, needs=(NeedRequest(NeedKind.ACCESS, details="Ramp"),))
    replies.send_reply(None, meeting, world.users["parent"].person, answer)
    db.session.flush()
    client.post("/logout")
    login(world.users["secretary"])
    assert "Ramp" in client.get(f"/meetings/{meeting.id}/replies").get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_support_details_reach_exactly_the_people_the_form_names(
    client, world, login, meeting, asked, role
):
    login(world.users[role])
    shown = _pages(client, meeting).lower()
    for marker in OWN:
        assert (marker.lower() in shown) is (role in PROMISED), marker
    for marker in ARRANGING:
        assert (marker.lower() in shown) is (role in PROMISED - {"parent"}), marker


def test_the_auditor_sees_that_support_was_asked_for_and_arranged(
    client, world, login, meeting, asked
):
    login(world.users["auditor"])
    page = client.get(f"/meetings/{meeting.id}/replies").get_data(as_text=True)
    support = page.split('id="support"')[1].split("<h2")[0]
    assert world.users["parent"].person.full_name in support
    assert "Asked for" in support and "Arranged" in support and "To arrange" in support
    assert "Mark arranged" not in page


def test_the_public_sees_no_support_on_any_page(client, world, meeting, asked):
    shown = _pages(client, meeting).lower()
    for marker in DETAILS:
        assert marker.lower() not in shown


def _export(client, person) -> str:
    response = client.get(f"/people/{person.id}/data-export.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data)).read("data.json").decode()


def test_subject_access_export_of_the_secretary_holds_none_of_the_parents_support(
    client, world, login, meeting, asked
):
    login(world.users["admin"])
    secretary = _export(client, world.users["secretary"].person)
    for marker in (*DETAILS, "childcare"):
        assert marker.lower() not in secretary.lower(), marker
    # The parent's own export holds everything about their reply: it is theirs.
    own = json.loads(_export(client, world.users["parent"].person))
    assert {n["details"] for n in own["support_needs"]} >= {"I use a walker"}


def test_a_sub_groups_reply_form_never_names_a_parent_board_the_member_may_not_see(
    client, world, login, make_meeting, make_seat
):
    from governance.boards import operations as board_ops

    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    meeting = make_meeting(world.subgroup, starts_at=starts, notice=True)
    seat = make_seat(world.subgroup, title="Outside member")
    outsider = world.users["outsider"]  # on no board of the Partnership Board's
    board_ops.appoint(None, seat, outsider.person, starts.date() - timedelta(days=60), None)
    db.session.flush()
    login(outsider)
    assert client.get(f"/boards/{world.board.id}").status_code == 403
    page = client.get(f"/meetings/{meeting.id}/reply").get_data(as_text=True)
    assert "Partnership Board" not in page
    assert "the secretary of the Finance Sub-group or of the board it reports to and" in page

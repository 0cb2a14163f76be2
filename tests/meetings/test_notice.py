"""Issuing a notice: whom it will reach and what they will read, confirmed before it goes;
one count of members behind every figure; and a notice that promises only what can be kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from governance.boards import operations as board_ops
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations
from governance.meetings.models import Meeting, MeetingStatus, Purpose
from tests.conftest import TODAY


def text(response) -> str:
    return response.get_data(as_text=True)


def _outbox() -> list[OutboxMessage]:
    return list(db.session.execute(sa.select(OutboxMessage)).scalars())


def _draft(world, make_meeting):
    meeting = make_meeting(world.board, items=("Apologies", "Budget"))
    operations.save_item(
        None,
        meeting,
        None,
        {"title": "Tender scores", "purpose": Purpose.DECISION, "confidential": True},
    )
    return meeting


def test_issuing_a_notice_first_shows_whom_it_will_reach_and_the_mail_each_will_read(
    client, world, login, make_meeting
):
    meeting = _draft(world, make_meeting)
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/notice"))
    assert _outbox() == []  # looking sends nothing
    assert "It will go to 5 people" in page
    for role in ("secretary", "chair", "member", "parent", "observer"):
        assert world.users[role].person.full_name in page
    # The mail as each group will read it: the confidential item only for those who may see it.
    assert "Notice of meeting: Partnership Board" in page
    assert re.search(r"4 people[^<]*will read this.*?3\. Tender scores", page, re.S)
    assert re.search(r"1 person[^<]*will read this.*?1 confidential item is not listed", page, re.S)
    assert f'action="/meetings/{meeting.id}/notice"' in page
    assert "Send the notice to 5 people" in page


def test_the_meeting_page_asks_to_confirm_the_notice_rather_than_sending_it_at_once(
    client, world, login, make_meeting
):
    meeting = _draft(world, make_meeting)
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert f'href="/meetings/{meeting.id}/notice"' in page
    assert f'action="/meetings/{meeting.id}/notice"' not in page


def test_members_and_the_public_cannot_see_whom_a_notice_will_reach(
    client, world, login, make_meeting
):
    meeting = _draft(world, make_meeting)
    login(world.users["member"])
    assert client.get(f"/meetings/{meeting.id}/notice").status_code in (403, 404)


def test_the_notice_count_the_pack_count_and_the_reply_count_agree(
    client, world, login, make_meeting, make_person
):
    """A member without an email address is a member everywhere, and said not to be mailed;
    officers who hold no seat are mailed but are not counted among the members."""
    meeting = _draft(world, make_meeting)
    unreachable = make_person(full_name="Ada Noemail", email=None)
    board_ops.appoint(None, world.vacant_seat, unreachable, TODAY - timedelta(days=10), None)
    db.session.flush()
    login(world.users["secretary"])
    preview = text(client.get(f"/meetings/{meeting.id}/notice"))
    assert "It will go to 5 people: 3 members and 2 officers" in preview
    assert "Ada Noemail" in preview and "no email address" in preview

    sent = text(client.post(f"/meetings/{meeting.id}/notice", follow_redirects=True))
    assert len(_outbox()) == 5
    assert "Notice sent to 5 people: 3 members and 2 officers." in sent
    assert "1 member has no email address and was not sent it" in sent
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "sent to 5 people" in page
    assert "0 of 4 members have opened the pack" in page
    assert "4 of 4 members not replied yet" in page
    replies = text(client.get(f"/meetings/{meeting.id}/replies"))
    assert re.search(r"<strong>4</strong> not replied yet", replies)


def test_a_notice_issued_in_good_time_says_when_papers_will_come(world, make_meeting):
    meeting = _draft(world, make_meeting)  # Thursday 10 December 2026
    operations.issue_notice(None, meeting, now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    body = _outbox()[0].body
    assert "by the end of Friday 4 December" in body
    assert "at least 5 clear days before the meeting" in body


def test_a_notice_issued_too_late_for_clear_days_does_not_promise_them(world, make_meeting):
    meeting = _draft(world, make_meeting)
    operations.issue_notice(None, meeting, now=datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    bodies = [m.body for m in _outbox()]
    assert bodies and all("at least 5 clear days" not in b for b in bodies)
    assert all("cannot now reach you 5 clear days before the meeting" in b for b in bodies)
    assert db.session.get(Meeting, meeting.id).status is MeetingStatus.NOTICE_ISSUED


def test_a_seat_abolished_before_the_meeting_day_counts_nowhere(world, make_meeting):
    """Its holder is told nothing and counted in no figure, where once the notice still went."""
    from governance.attendance.queries import members_on
    from governance.meetings.queries import reach
    from governance.papers.queries import open_counts
    from governance.replies.queries import counts

    meeting = _draft(world, make_meeting)  # 10 December 2026
    world.observer_seat.abolished_on = datetime(2026, 12, 1).date()
    db.session.flush()
    operations.issue_notice(None, meeting, now=datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    assert "observer@example.org" not in {m.to_address for m in _outbox()}
    members = {p.id for p in reach(meeting).members}
    assert members == set(members_on(meeting))
    assert len(members) == open_counts(meeting).members == counts(meeting)["members"] == 2


def test_the_confirmation_says_when_the_paper_deadline_has_already_passed(
    client, world, login, make_meeting
):
    meeting = make_meeting(world.board, starts_at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    login(world.users["secretary"])
    page = text(client.get(f"/meetings/{meeting.id}/notice"))
    assert "already passed" in page
    assert "Papers cannot now reach you 5 clear days before the meeting" in page
    assert "at least 5 clear days" not in page


def test_a_notice_already_issued_cannot_be_confirmed_again(client, world, login, make_meeting):
    meeting = make_meeting(world.board, notice=True)
    login(world.users["secretary"])
    response = client.get(f"/meetings/{meeting.id}/notice", follow_redirects=True)
    assert "Notice has already been issued" in text(response)
    assert _outbox() == []


def test_the_home_page_counts_replies_as_the_meeting_page_does(client, world, login, make_meeting):
    """Members only, and how many of them have not replied, on the secretary's home page too."""
    from governance.replies import operations as replies
    from governance.replies.models import ReplyChoice
    from governance.replies.operations import Answer

    meeting = make_meeting(world.board, starts_at=datetime(2026, 12, 10, 10, 0, tzinfo=UTC))
    meeting.status = MeetingStatus.NOTICE_ISSUED
    db.session.flush()
    replies.send_reply(None, meeting, world.users["parent"].person, Answer(ReplyChoice.ATTENDING))
    observer = world.users["observer"].person
    replies.send_reply(None, meeting, observer, Answer(ReplyChoice.APOLOGIES))
    # A reply left by someone whose seat has since gone is not a member's reply.
    world.observer_seat.abolished_on = datetime(2026, 12, 1).date()
    db.session.flush()
    login(world.users["secretary"])
    home = text(client.get("/"))
    page = text(client.get(f"/meetings/{meeting.id}"))
    assert "1 attending · 0 apologies · 1 of 2 members not replied yet" in page
    assert "1 attending · 0 apologies · 1 of 2 members not replied yet" in home

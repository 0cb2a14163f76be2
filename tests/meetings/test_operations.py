"""Meeting operations with a session: scheduling, notice, moves, cancellation, circulation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations, rules
from governance.meetings.models import MeetingStatus, Purpose
from governance.papers import circulation, consent, queries

START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # Thursday 10 December 2026, 10:00 GMT


def mails(kind: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.execute(query).scalars())


def test_scheduled_meeting_is_a_draft_with_a_calendar_uid(world, make_meeting):
    meeting = make_meeting(world.board)
    assert meeting.status is MeetingStatus.DRAFT
    assert meeting.uid.endswith("@governance") and meeting.sequence == 0


def test_meeting_ending_before_it_starts_is_refused(world, make_meeting):
    with pytest.raises(DomainError):
        make_meeting(world.board, ends_at=START - timedelta(hours=1))


def test_notice_goes_to_members_and_officers_with_an_invitation(world, make_meeting):
    meeting = make_meeting(world.board, items=("Apologies", "Budget"))
    count = operations.issue_notice(None, meeting, now=START - timedelta(days=20))
    sent = mails("meeting.notice")
    # member, parent, observer hold seats; secretary and chair are officers
    assert count == len(sent) == 5
    assert {m.to_address for m in sent} == {
        "member@example.org",
        "parent@example.org",
        "observer@example.org",
        "secretary@example.org",
        "chair@example.org",
    }
    assert "METHOD:REQUEST" in sent[0].ics and meeting.uid in sent[0].ics
    assert "2. Budget" in sent[0].body
    assert meeting.status is MeetingStatus.NOTICE_ISSUED


def test_notice_needs_an_agenda_and_a_future_meeting_and_is_given_once(world, make_meeting):
    empty = make_meeting(world.board, items=())
    with pytest.raises(DomainError, match="agenda item"):
        operations.issue_notice(None, empty, now=START - timedelta(days=20))
    meeting = make_meeting(world.board, starts_at=START + timedelta(days=1))
    with pytest.raises(DomainError, match="already started"):
        operations.issue_notice(None, meeting, now=START + timedelta(days=2))
    operations.issue_notice(None, meeting, now=START - timedelta(days=20))
    with pytest.raises(DomainError, match="already been issued"):
        operations.issue_notice(None, meeting, now=START - timedelta(days=19))


def _values(meeting, **changes):
    values = {
        k: getattr(meeting, k) for k in ("title", "starts_at", "ends_at", "location", "online_url")
    }
    return values | changes


def test_moving_a_meeting_raises_its_sequence_and_tells_members(world, make_meeting):
    meeting = make_meeting(world.board, notice=True)
    operations.update_meeting(None, meeting, _values(meeting, title="Renamed"))
    assert meeting.sequence == 0 and mails("meeting.moved") == []
    later = START + timedelta(days=7)
    operations.update_meeting(
        None, meeting, _values(meeting, starts_at=later, ends_at=later + timedelta(hours=2))
    )
    assert meeting.sequence == 1
    moved = mails("meeting.moved")
    assert len(moved) == 5 and "SEQUENCE:1" in moved[0].ics


def test_cancelling_needs_a_reason_and_sends_a_cancellation(world, make_meeting):
    meeting = make_meeting(world.board, notice=True)
    with pytest.raises(DomainError) as caught:
        operations.cancel_meeting(None, meeting, " ")
    assert caught.value.field == "reason"
    operations.cancel_meeting(None, meeting, "Not quorate: too many apologies")
    assert meeting.status is MeetingStatus.CANCELLED and meeting.sequence == 1
    cancelled = mails("meeting.cancelled")
    assert len(cancelled) == 5 and "METHOD:CANCEL" in cancelled[0].ics
    assert "STATUS:CANCELLED" in cancelled[0].ics
    with pytest.raises(DomainError, match="cancelled"):
        operations.update_meeting(None, meeting, _values(meeting, title="Back on"))


def test_cancelling_a_draft_tells_nobody(world, make_meeting):
    meeting = make_meeting(world.board)
    operations.cancel_meeting(None, meeting, "Date clashes with half term")
    assert mails() == []


def test_series_schedules_first_tuesdays_every_other_month(world):
    days = rules.series_dates(START.date(), weekday=1, nth=1, every_months=2, count=3)
    meetings = operations.schedule_series(
        None,
        world.board,
        {"title": "Board", "location": "", "online_url": ""},
        days,
        time(10),
        time(12),
    )
    assert [m.starts_at for m in meetings] == [
        datetime(2027, 1, 5, 10, tzinfo=UTC),
        datetime(2027, 3, 2, 10, tzinfo=UTC),
        datetime(2027, 5, 4, 9, tzinfo=UTC),  # 10:00 BST
    ]
    assert len({m.series_key for m in meetings}) == 1
    assert len({m.uid for m in meetings}) == 3


def test_agenda_items_keep_their_order_and_move(world, make_meeting):
    meeting = make_meeting(world.board, items=("Apologies", "Minutes", "Budget"))
    first, second, third = meeting.items
    operations.move_item(None, third, -1)
    db.session.flush()
    db.session.expire(meeting, ["items"])
    assert [i.title for i in meeting.items] == ["Apologies", "Budget", "Minutes"]
    operations.move_item(None, first, -1)  # already first: nothing happens
    assert first.position == 1


# Circulation -------------------------------------------------------------------------------


def deadline_of(meeting):
    return circulation.timing(meeting).deadline


def test_papers_cannot_be_circulated_before_notice(world, make_meeting, make_version):
    meeting = make_meeting(world.board)
    version = make_version(meeting.items[0])
    with pytest.raises(DomainError, match="notice"):
        circulation.circulate(None, meeting, [version], include_agenda=True)


def test_on_time_circulation_is_not_late_and_mails_members(world, make_meeting, make_version):
    meeting = make_meeting(world.board, notice=True)
    version = make_version(meeting.items[0])
    now = deadline_of(meeting) - timedelta(hours=1)
    count = circulation.circulate(None, meeting, [version], include_agenda=True, now=now)
    assert count == 5
    assert version.circulated_at == now and version.late_reason is None
    assert meeting.agenda_circulated_at == now
    assert not circulation.is_version_late(meeting, version)
    assert "Agenda" in mails("papers.circulated")[0].body


def test_late_circulation_needs_a_reason_and_the_chairs_consent(world, make_meeting, make_version):
    meeting = make_meeting(world.board, notice=True)
    version = make_version(meeting.items[0])
    now = deadline_of(meeting) + timedelta(hours=1)
    chair = world.users["chair"].person
    with pytest.raises(DomainError) as caught:
        circulation.circulate(None, meeting, [version], include_agenda=False, now=now)
    assert caught.value.field == "late_reason"
    reason = "Figures from the Accountable Body arrived after the deadline."
    with pytest.raises(DomainError, match="chair"):
        consent.record_chairs_word(
            None,
            meeting,
            [version],
            include_agenda=False,
            now=now,
            reason=reason,
            chair=world.users["member"].person,
        )
    assert version.circulated_at is None
    consent.record_chairs_word(
        None, meeting, [version], include_agenda=False, now=now, reason=reason, chair=chair
    )
    assert version.late_reason == reason and version.consent_by_id == chair.id
    assert circulation.is_version_late(meeting, version)
    late = mails("papers.late")
    assert len(late) == 5 and reason in late[0].body and "LATE" in late[0].body


def test_a_version_is_circulated_once(world, make_meeting, make_version):
    meeting = make_meeting(world.board, notice=True)
    version = make_version(meeting.items[0])
    now = deadline_of(meeting) - timedelta(days=1)
    circulation.circulate(None, meeting, [version], include_agenda=False, now=now)
    with pytest.raises(DomainError, match="already been circulated"):
        circulation.circulate(None, meeting, [version], include_agenda=False, now=now)


def test_compliance_counts_each_papers_first_circulation(world, make_meeting, make_version):
    meeting = make_meeting(world.board, notice=True, items=("A", "B", "C"))
    deadline = deadline_of(meeting)
    on_time = make_version(meeting.items[0])
    late = make_version(meeting.items[1])
    tabled = make_version(meeting.items[2])
    chair = world.users["chair"].person
    circulation.circulate(
        None, meeting, [on_time], include_agenda=True, now=deadline - timedelta(days=2)
    )
    consent.record_chairs_word(
        None,
        meeting,
        [late],
        include_agenda=False,
        now=deadline + timedelta(days=1),
        reason="The report was finished late.",
        chair=chair,
    )
    consent.record_chairs_word(
        None,
        meeting,
        [tabled],
        include_agenda=False,
        now=meeting.starts_at - timedelta(hours=1),
        reason="Tabled on the day by agreement.",
        chair=chair,
    )
    figures = rules.compliance(queries.circulations(world.board))
    assert (figures.papers, figures.on_time, figures.late, figures.tabled) == (3, 1, 2, 1)


def test_decision_item_needs_summaries_before_it_becomes_one(world, make_meeting, make_version):
    meeting = make_meeting(world.board)
    item = meeting.items[0]
    make_version(item, summary="")
    with pytest.raises(DomainError, match="plain-language summary"):
        operations.save_item(
            None, meeting, item, {"title": item.title, "purpose": Purpose.DECISION}
        )

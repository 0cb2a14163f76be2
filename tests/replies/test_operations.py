"""Reply operations with a session: replies feed the register, deadlines, needs, the summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from governance.attendance import operations as attendance
from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.errors import DomainError
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings.models import Meeting
from governance.replies import operations as replies
from governance.replies import queries as replies_queries
from governance.replies.models import (
    MeetingReply,
    NeedKind,
    NeedStatus,
    ReplyChoice,
    SupportNeed,
    TravelMode,
)
from governance.replies.operations import Answer
from governance.replies.rules import NeedRequest
from tests.conftest import audit_count, counting

START = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)  # Thursday 10 December 2026, 10:00 GMT
EARLY = START - timedelta(days=10)  # well before the reply-by time (end of 8 December)
LATE = START - timedelta(hours=12)  # after it, before the start
ATTEND, APOLOGIES = ReplyChoice.ATTENDING, ReplyChoice.APOLOGIES
CRECHE = NeedRequest(NeedKind.CHILDCARE, 2, (1, 3))
BUS = NeedRequest(NeedKind.TRAVEL, travel_mode=TravelMode.BUS, details="Two buses")


@pytest.fixture
def meeting(world, make_meeting):
    return make_meeting(world.board, starts_at=START, notice=True)


def person(world, role):
    return world.users[role].person


def line(meeting, who) -> Attendance | None:
    return db.session.execute(
        sa.select(Attendance).filter_by(meeting_id=meeting.id, person_id=who.id)
    ).scalar_one_or_none()


def events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(sa.select(AuditEvent).filter_by(action=action)).scalars())


def mails(kind: str) -> list[OutboxMessage]:
    return list(db.session.execute(sa.select(OutboxMessage).filter_by(kind=kind)).scalars())


def reply(world, meeting, role, answer, now=EARLY):
    return replies.send_reply(world.users[role], meeting, person(world, role), answer, now=now)


# Replies feed the register --------------------------------------------------------------------


def test_apologies_put_the_member_in_the_register_and_tell_the_secretary(world, meeting):
    sent = reply(world, meeting, "parent", Answer(APOLOGIES, " School run "))
    row = line(meeting, person(world, "parent"))
    assert row is not None and row.status is AttendanceStatus.APOLOGIES
    assert row.apologies_sent_at == EARLY and row.note == "School run"
    assert row.seat_id == world.parent_seat.id
    assert sent.choice is APOLOGIES and sent.first_replied_at == EARLY and sent.late_at is None
    assert [e.action for e in events("reply.send")] == ["reply.send"]
    assert len(events("attendance.apologies")) == 1
    [mail] = mails("attendance.apologies")
    assert mail.to_address == "secretary@example.org" and "School run" in mail.body


def test_changing_apologies_to_attending_takes_them_out_of_the_register(world, meeting):
    reply(world, meeting, "parent", Answer(APOLOGIES))
    changed = reply(world, meeting, "parent", Answer(ATTEND), now=EARLY + timedelta(hours=1))
    assert line(meeting, person(world, "parent")) is None
    assert changed.choice is ATTEND and changed.register_kept_at is None
    assert len(events("attendance.apologies_withdrawn")) == 1
    assert events("reply.change")[0].changes["choice"] == ["apologies", "attending"]


def test_changing_attending_to_apologies_updates_a_line_the_secretary_wrote(world, meeting):
    parent = person(world, "parent")
    reply(world, meeting, "parent", Answer(ATTEND))
    attendance.record_attendance(None, meeting, parent, AttendanceStatus.PRESENT)
    reply(world, meeting, "parent", Answer(APOLOGIES), now=EARLY + timedelta(hours=1))
    row = line(meeting, parent)
    assert row is not None and row.status is AttendanceStatus.APOLOGIES


def test_once_the_register_is_recorded_a_change_to_attending_leaves_it_and_flags_it(world, meeting):
    parent = person(world, "parent")
    reply(world, meeting, "parent", Answer(APOLOGIES))
    # The secretary takes the register ahead of the meeting: the member is recorded present.
    attendance.record_attendance(None, meeting, person(world, "member"), AttendanceStatus.PRESENT)
    changed = reply(world, meeting, "parent", Answer(ATTEND), now=EARLY + timedelta(hours=1))
    row = line(meeting, parent)
    assert row is not None and row.status is AttendanceStatus.APOLOGIES
    assert changed.register_kept_at == EARLY + timedelta(hours=1)
    assert events("attendance.apologies_withdrawn") == []
    assert events("reply.change")[0].changes["register"][0] == "apologies"
    [mail] = mails("reply.late")
    assert "please update it" in mail.body and parent.full_name in mail.body
    [summary_line] = [x for x in replies_queries.summary(meeting).lines if x.person == parent]
    assert summary_line.register_differs


def test_apologies_recorded_by_the_secretary_are_not_undone_by_a_reply(world, meeting):
    parent = person(world, "parent")
    attendance.record_attendance(None, meeting, parent, AttendanceStatus.APOLOGIES)
    reply(world, meeting, "parent", Answer(ATTEND))
    row = line(meeting, parent)
    assert row is not None and row.status is AttendanceStatus.APOLOGIES


# The deadline -----------------------------------------------------------------------------------


def test_no_reply_or_change_once_the_meeting_has_started(world, meeting):
    reply(world, meeting, "parent", Answer(ATTEND))
    before = audit_count()
    with pytest.raises(DomainError, match="has started"):
        reply(world, meeting, "parent", Answer(APOLOGIES), now=START)
    db.session.expire_all()
    assert (
        db.session.get(
            MeetingReply, replies_queries.reply_of(meeting, person(world, "parent")).id
        ).choice
        is ATTEND
    )
    assert line(meeting, person(world, "parent")) is None and audit_count() == before


def test_a_change_after_the_reply_by_time_is_recorded_as_late_and_the_secretary_told(
    world, meeting
):
    first = reply(world, meeting, "parent", Answer(ATTEND))
    assert first.late_at is None
    changed = reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE,)), now=LATE)
    assert changed.late_at == LATE and changed.replied_at == LATE
    assert changed.first_replied_at == EARLY
    [event] = events("reply.change")
    assert event.changes["late"] == [None, True] and "late" in event.summary
    [mail] = mails("reply.late")
    assert mail.subject.startswith("Late reply") and "Crèche or childcare" in mail.body


def test_sending_the_same_reply_again_records_nothing(world, meeting):
    reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE,)))
    before = audit_count()
    reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE,)), now=LATE)
    assert audit_count() == before
    assert replies_queries.reply_of(meeting, person(world, "parent")).late_at is None


def test_only_members_on_the_day_reply(world, meeting):
    with pytest.raises(DomainError, match="Only members"):
        replies.send_reply(
            world.users["chair"], meeting, person(world, "chair"), Answer(ATTEND), now=EARLY
        )


# Support needs ----------------------------------------------------------------------------------


def test_needs_are_kept_with_the_reply_and_dropped_for_apologies(world, meeting):
    sent = reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE, BUS)))
    assert [(n.kind, n.status) for n in sent.needs] == [
        (NeedKind.CHILDCARE, NeedStatus.TO_ARRANGE),
        (NeedKind.TRAVEL, NeedStatus.TO_ARRANGE),
    ]
    assert sent.needs[0].children == 2 and sent.needs[0].children_ages == [1, 3]
    assert sent.needs[0].summary == "2 children (aged 1, 3)"
    reply(world, meeting, "parent", Answer(APOLOGIES, needs=(CRECHE,)), now=EARLY + timedelta(1))
    assert db.session.execute(sa.select(sa.func.count()).select_from(SupportNeed)).scalar() == 0


def test_an_arranged_need_no_longer_wanted_waits_to_be_cancelled(world, meeting):
    sent = reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE,)))
    replies.mark_need_done(world.users["secretary"], sent.needs[0], "Two places booked")
    after = reply(world, meeting, "parent", Answer(APOLOGIES), now=EARLY + timedelta(hours=1))
    [need] = after.needs
    assert need.status is NeedStatus.TO_CANCEL and after.wanted_needs == []
    assert replies.mark_need_done(world.users["secretary"], need) is None
    assert events("support.cancelled") and after.needs == []


def test_changing_an_arranged_need_puts_it_back_to_arrange(world, meeting):
    sent = reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE,)))
    done = replies.mark_need_done(world.users["secretary"], sent.needs[0], " Booked ")
    assert done is not None and done.status is NeedStatus.ARRANGED
    assert done.arranged_note == "Booked" and done.arranged_by_id == world.users["secretary"].id
    three = NeedRequest(NeedKind.CHILDCARE, 3, (1, 3, 5))
    after = reply(
        world, meeting, "parent", Answer(ATTEND, needs=(three,)), now=EARLY + timedelta(1)
    )
    assert after.needs[0].status is NeedStatus.TO_ARRANGE and after.needs[0].arranged_at is None
    replies.mark_need_done(world.users["secretary"], after.needs[0])
    with pytest.raises(DomainError, match="already"):
        replies.mark_need_done(world.users["secretary"], after.needs[0])


def test_a_need_that_does_not_say_enough_saves_nothing(world, meeting):
    bad = NeedRequest(NeedKind.CHILDCARE, 2, (4,))
    with pytest.raises(DomainError, match="age for each"):
        reply(world, meeting, "parent", Answer(ATTEND, needs=(bad,)))
    db.session.rollback()
    assert replies_queries.reply_of(meeting, person(world, "parent")) is None


def test_the_audit_log_withholds_the_members_words_and_needs(world, meeting):
    reply(world, meeting, "parent", Answer(ATTEND, "My son has autism", needs=(CRECHE,)))
    [event] = events("reply.send")
    assert event.changes["note"] == [None, "[withheld]"]
    assert event.changes["needs"] == [None, "[withheld]"]
    assert (
        "autism" not in str(event.changes)
        and person(world, "parent").full_name not in event.summary
    )


# Deputies ---------------------------------------------------------------------------------------


def test_a_member_may_name_a_deputy_from_their_organisation_who_holds_no_seat(
    world, meeting, make_person
):
    colleague = make_person(full_name="Colleague", organisation_id=world.health.id)
    other = make_person(full_name="Someone else")
    member = person(world, "member")
    choices = replies_queries.deputy_choices(meeting, member, world.statutory_seat)
    assert colleague in choices and other not in choices and member not in choices
    sent = reply(world, meeting, "member", Answer(APOLOGIES, deputy=colleague))
    assert sent.deputy == colleague
    assert replies_queries.deputies_named(meeting) == {member.id: colleague}
    [mail] = mails("attendance.apologies")
    assert "deputy: Colleague" in mail.body
    with pytest.raises(DomainError) as caught:
        reply(world, meeting, "member", Answer(APOLOGIES, deputy=other), now=EARLY + timedelta(1))
    assert caught.value.field == "deputy_id"


def test_a_deputy_named_with_an_attending_reply_is_dropped(world, meeting, make_person):
    colleague = make_person(full_name="Colleague", organisation_id=world.health.id)
    sent = reply(world, meeting, "member", Answer(ATTEND, deputy=colleague))
    assert sent.deputy_id is None


# The secretary's summary ---------------------------------------------------------------------


def test_the_summary_counts_attending_apologies_and_no_reply_and_lists_support(world, meeting):
    reply(world, meeting, "parent", Answer(ATTEND, needs=(CRECHE, BUS)))
    reply(world, meeting, "member", Answer(APOLOGIES))
    summary = replies_queries.summary(meeting)
    assert summary.counts == {
        "attending": 1,
        "apologies": 1,
        "no_reply": 1,
        "members": 3,
        "needs_open": 2,
    }
    assert [x.person for x in summary.no_reply] == [person(world, "observer")]
    assert [(x.person, n.kind) for x, n in summary.support] == [
        (person(world, "parent"), NeedKind.CHILDCARE),
        (person(world, "parent"), NeedKind.TRAVEL),
    ]
    assert replies_queries.counts(meeting) == {
        "attending": 1,
        "apologies": 1,
        "no_reply": 1,
        "members": 3,
    }


def test_the_summary_reads_in_the_same_number_of_statements_however_many_replies(
    world, meeting, make_seat, make_person
):
    from datetime import date

    from governance.boards import operations as board_ops

    def grow(n: int) -> None:
        for i in range(n):
            seat = make_seat(world.board, title=f"Extra {i}")
            someone = make_person()
            board_ops.appoint(None, seat, someone, date(2026, 1, 1), None)
            choice = APOLOGIES if i % 2 else ATTEND
            replies.send_reply(None, meeting, someone, Answer(choice, needs=(BUS,)), now=EARLY)
        db.session.flush()

    def measure() -> int:
        meeting_id = meeting.id
        db.session.expunge_all()
        fresh = db.session.get(Meeting, meeting_id)
        with counting() as statements:
            summary = replies_queries.summary(fresh)
            for x in summary.lines:
                _shown = (x.person.full_name, x.seat.title, x.register and x.register.status)
                if x.reply:
                    _more = (x.reply.deputy, [n.summary for n in x.reply.needs])
        return len(statements)

    grow(2)
    small = measure()
    grow(6)
    assert measure() == small

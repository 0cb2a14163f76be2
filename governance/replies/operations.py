"""The writes of replies to meeting notices: members reply, and the secretary arranges support.

A reply is the one way a member says whether they are coming. Apologies go into the attendance
register (through `attendance.send_apologies`); changing back to attending takes them out
again, unless the secretary has already recorded the meeting's attendance (see
`replies_rules.register_recorded`), in which case the register is left for the secretary and
the reply is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from governance.attendance import operations as attendance
from governance.attendance.models import Attendance
from governance.attendance.queries import attendance_rows, members_on, secretaries_of
from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.audit.rules import WITHHELD
from governance.boards.models import Person
from governance.database import utcnow
from governance.extensions import db
from governance.links import app_link
from governance.mail.operations import queue_mail
from governance.meetings.models import Meeting
from governance.replies import rules
from governance.replies.models import MeetingReply, NeedKind, NeedStatus, ReplyChoice, SupportNeed
from governance.replies.queries import deputy_choices, reply_of

if TYPE_CHECKING:
    from governance.auth.models import User

#: Fields of a reply whose values the audit log withholds: they are the member's own words.
PERSONAL_FIELDS = ("note", "needs")
#: Fields of a support need whose values the audit log withholds: what was arranged tells what
#: was needed. Auditors read the log; the reply form promises them only that support was asked
#: for and arranged, so events name neither the need's kind nor what was arranged.
NEED_PERSONAL_FIELDS = ("arranged_note",)


@dataclass(frozen=True)
class Answer:
    """A reply as the member gave it."""

    choice: ReplyChoice
    note: str = ""
    deputy: Person | None = None
    needs: tuple[rules.NeedRequest, ...] = ()


def _line(row: Attendance) -> rules.RegisterLine:
    return rules.RegisterLine(row.status, row.apologies_sent_at is not None)


def _need_values(need: rules.NeedRequest) -> dict[str, Any]:
    return {
        "children": need.children,
        "children_ages": list(need.children_ages),
        "travel_mode": need.travel_mode,
        "details": need.details,
        "ages_text": need.ages_text,
    }


#: Values that only reword a need: a change to them alone does not make it to arrange again.
WORDING_ONLY = ("ages_text",)


def _apply_needs(reply: MeetingReply, wanted: list[rules.NeedRequest]) -> bool:
    """Bring the reply's needs in line with those asked for; whether anything changed."""
    asked = {n.kind: n for n in wanted}
    existing = {n.kind: n for n in reply.needs}
    changed = False
    for kind in [k for k in NeedKind if k in asked or k in existing]:
        need, row = asked.get(kind), existing.get(kind)
        values = _need_values(need) if need else {}
        same = row is not None and all(
            getattr(row, k) == v for k, v in values.items() if k not in WORDING_ONLY
        )
        status = rules.next_need_status(row.status if row else None, need is not None, same)
        if status is None:
            if row is not None:
                reply.needs.remove(row)
                changed = True
            continue
        if row is None:
            row = SupportNeed(kind=kind)
            reply.needs.append(row)
        if values and not same:
            apply_changes(row, values)
            changed = True
        elif values and row.ages_text != values["ages_text"]:
            row.ages_text = values["ages_text"]
        if row.status is not status:
            row.status, changed = status, True
        if status is NeedStatus.TO_ARRANGE:
            row.arranged_at, row.arranged_by_id, row.arranged_note = None, None, ""
    return changed


def _withdraw_apologies(actor: User | None, meeting: Meeting, person: Person) -> bool:
    """Take the member's apologies out of the register; False if the register is kept."""
    rows = attendance_rows(meeting)
    own = next((r for r in rows if r.person_id == person.id), None)
    recorded = rules.register_recorded(meeting.status, [_line(r) for r in rows])
    if own is None:
        return True
    if not rules.undo_apologies(_line(own), recorded):
        return False
    record_event(
        actor,
        "attendance.apologies_withdrawn",
        own,
        f"Person {person.id} withdrew apologies for meeting {meeting.id}",
        {"status": [own.status.value, None]},
    )
    db.session.delete(own)
    db.session.flush()
    return True


def _follow_in_register(
    actor: User | None,
    meeting: Meeting,
    person: Person,
    reply: MeetingReply,
    was: ReplyChoice | None,
    deputy: Person | None,
    now: datetime,
    changes: dict[str, Any],
) -> bool:
    """Apologies go into the attendance register; a change back to attending takes them out,
    unless the secretary recorded them, when the register is kept (returns True)."""
    if reply.choice is not ReplyChoice.ATTENDING:
        reply.register_kept_at = None
        attendance.send_apologies(actor, meeting, reply.note, now, person=person, deputy=deputy)
        return False
    if was is not ReplyChoice.APOLOGIES:
        return False
    kept = not _withdraw_apologies(actor, meeting, person)
    reply.register_kept_at = now if kept else None
    if kept:
        changes["register"] = ["apologies", "kept: recorded by the secretary"]
    return kept


def send_reply(
    actor: User | None,
    meeting: Meeting,
    person: Person,
    answer: Answer,
    now: datetime | None = None,
) -> MeetingReply:
    """A member replies to the notice, or changes their reply, until the meeting starts."""
    now = now or utcnow()
    members = members_on(meeting)
    rules.check_can_reply(meeting.status, meeting.starts_at, now, person.id in members)
    note = rules.check_text(answer.note, "note", "the note")
    attending = answer.choice is ReplyChoice.ATTENDING
    needs = [rules.check_need(n) for n in answer.needs] if attending else []
    deputy = None if attending else answer.deputy
    if deputy is not None:
        allowed = deputy_choices(meeting, person, members[person.id])
        rules.check_deputy(deputy.id, [p.id for p in allowed])
    late = rules.is_late(
        now, rules.reply_by(meeting.starts_at, meeting.board.timezone), meeting.notice_issued_at
    )

    reply = reply_of(meeting, person)
    creating = reply is None
    if reply is None:
        reply = MeetingReply(meeting=meeting, person=person, first_replied_at=now)
        db.session.add(reply)
    was = reply.choice
    had_needs = bool(reply.needs)
    changes = apply_changes(
        reply,
        {"choice": answer.choice, "deputy_id": deputy.id if deputy else None, "note": note},
        personal=PERSONAL_FIELDS,
    )
    reply.deputy = deputy
    if _apply_needs(reply, needs):
        changes["needs"] = [WITHHELD if had_needs else None, WITHHELD]
    if not creating and not changes:
        return reply  # sent again unchanged: nothing to record
    reply.replied_at = now
    if late:
        reply.late_at = now
        changes["late"] = [None, True]

    kept = _follow_in_register(actor, meeting, person, reply, was, deputy, now, changes)
    record_event(
        actor,
        "reply.send" if creating else "reply.change",
        reply,
        f"Person {person.id} {'replied' if creating else 'changed their reply'} "
        f"({answer.choice.value}{', late' if late else ''}) to meeting {meeting.id}",
        changes,
    )
    if attending and (late or kept):
        _tell_secretaries(meeting, reply, creating, kept)
    return reply


def mark_need_done(
    actor: User | None, need: SupportNeed, note: str = "", now: datetime | None = None
) -> SupportNeed | None:
    """The secretary marks a need arranged, or an arrangement no longer wanted as cancelled.

    Returns the need, or None once a cancelled arrangement is gone.
    """
    rules.check_mark_done(need.status)
    note = rules.check_text(note, "note", "the note")
    reply = need.reply
    if need.status is NeedStatus.TO_CANCEL:
        record_event(
            actor,
            "support.cancelled",
            need,
            f"Cancelled support arranged for person {reply.person_id} "
            f"at meeting {reply.meeting_id}",
            {"status": [need.status.value, None]},
        )
        reply.needs.remove(need)
        db.session.flush()
        return None
    changes = apply_changes(
        need,
        {
            "status": NeedStatus.ARRANGED,
            "arranged_at": now or utcnow(),
            "arranged_by_id": actor.id if actor else None,
            "arranged_note": note,
        },
        personal=NEED_PERSONAL_FIELDS,
    )
    record_event(
        actor,
        "support.arranged",
        need,
        f"Arranged support for person {reply.person_id} at meeting {reply.meeting_id}",
        changes,
    )
    return need


def _tell_secretaries(meeting: Meeting, reply: MeetingReply, first: bool, kept: bool) -> int:
    """A late reply or change, or one the register could not follow, goes to the secretary."""
    board = meeting.board
    when = f"{meeting.local_start:%A %-d %B %Y, %H:%M}"
    needs = "".join(f"  - {n.kind.label}: {n.summary}\n" for n in reply.wanted_needs)
    late = " after the reply-by date" if reply.late_at == reply.replied_at else ""
    register = app_link("pages.attendance_register", meeting_id=meeting.id)
    replies = app_link("replies.replies_summary", meeting_id=meeting.id)
    body = (
        f"{reply.person.full_name} {'replied' if first else 'changed their reply'}{late} for "
        f"{board.name}: {meeting.title} ({when}).\n\nThey are now attending.\n"
        + (f"\nThey need:\n{needs}" if needs else "")
        + (
            "\nThe register already records their apologies and was left as it is: "
            f"please update it.\nThe register: {register}\n"
            if kept
            else ""
        )
        + f"\nAll replies: {replies}\n"
    )
    count = 0
    for secretary in secretaries_of(meeting):
        assert secretary.email is not None
        queue_mail(
            secretary.email,
            f"{'Late reply' if late else 'Changed reply'} for {board.name}, {when}",
            body,
            kind="reply.late",
            person_id=secretary.id,
        )
        count += 1
    return count

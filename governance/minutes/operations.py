"""Minutes: assembled from the meeting's record, noted, circulated, approved, then locked."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.actions.operations import arising_lines
from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.operations import record_event
from governance.boards.models import Person
from governance.database import utcnow
from governance.decisions.models import Decision, NamedVote
from governance.decisions.operations import confirm_decisions
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.models import Declaration
from governance.links import app_link
from governance.mail.operations import queue_mail
from governance.meetings.models import AgendaItem, Meeting
from governance.meetings.models import MeetingStatus as MS
from governance.meetings.queries import recipients
from governance.minutes import rules
from governance.minutes.models import Minutes, MinutesStatus
from governance.minutes.rules import (
    AttendeeLine,
    DeclarationLine,
    ItemSection,
    LatePaperLine,
    MinutesDocument,
)
from governance.papers.models import Paper, PaperVersion

if TYPE_CHECKING:
    from governance.auth.models import User

DAY = "%-d %B %Y"


# Reading the record ------------------------------------------------------------------------


def find_minutes(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes, if any have been started."""
    return db.session.execute(
        sa.select(Minutes).where(Minutes.meeting_id == meeting.id)
    ).scalar_one_or_none()


def _attendance(meeting: Meeting, zone: ZoneInfo) -> dict[AttendanceStatus, list[AttendeeLine]]:
    rows = db.session.execute(
        sa.select(Attendance)
        .where(Attendance.meeting_id == meeting.id)
        .options(
            selectinload(Attendance.person),
            selectinload(Attendance.deputy_for),
            selectinload(Attendance.seat),
        )
    ).scalars()
    lists: dict[AttendanceStatus, list[AttendeeLine]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.person.full_name, r.id)):
        times = rules.attendance_times(
            row.arrived_at and row.arrived_at.astimezone(zone),
            row.departed_at and row.departed_at.astimezone(zone),
            "%H:%M",
        )
        if row.status is AttendanceStatus.DEPUTY:
            holder = row.deputy_for.full_name if row.deputy_for else "a member"
            seat = f", {row.seat.title}" if row.seat else ""
            detail = f"deputy for {holder}{seat}"
        elif row.status in (AttendanceStatus.IN_ATTENDANCE, AttendanceStatus.APOLOGIES):
            detail = row.note
        else:
            detail = row.seat.title if row.seat else ""
        detail = ", ".join(p for p in (detail, times) if p)
        lists[row.status].append(AttendeeLine(row.person.full_name, detail))
    return lists


def _declarations(ids: list[int]) -> dict[int, list[DeclarationLine]]:
    rows = db.session.execute(
        sa.select(Declaration)
        .where(Declaration.agenda_item_id.in_(ids))
        .options(selectinload(Declaration.person))
        .order_by(Declaration.id)
    ).scalars()
    out: dict[int, list[DeclarationLine]] = defaultdict(list)
    for d in rows:
        dispensation = ""
        if d.dispensation_by:
            dispensation = f"Dispensation granted by {d.dispensation_by}" + (
                f": {d.dispensation_reason}." if d.dispensation_reason else "."
            )
        out[d.agenda_item_id].append(
            DeclarationLine(d.person.full_name, d.nature, d.action.label, dispensation)
        )
    return out


def _decisions(ids: list[int], public: bool) -> dict[int, list[rules.DecisionLine]]:
    query = (
        sa.select(Decision)
        .where(Decision.agenda_item_id.in_(ids))
        .options(selectinload(Decision.votes).selectinload(NamedVote.person))
        .order_by(Decision.year, Decision.sequence)
    )
    if public:
        query = query.where(Decision.published.is_(True))
    out: dict[int, list[rules.DecisionLine]] = defaultdict(list)
    for d in db.session.execute(query).scalars():
        out[d.agenda_item_id].append(rules.decision_line(d))
    return out


def _late_papers(ids: list[int], zone: ZoneInfo) -> dict[int, list[LatePaperLine]]:
    rows = db.session.execute(
        sa.select(PaperVersion, Paper)
        .join(Paper, PaperVersion.paper_id == Paper.id)
        .where(Paper.agenda_item_id.in_(ids), PaperVersion.late_reason.is_not(None))
        .options(selectinload(PaperVersion.consent_by))
        .order_by(PaperVersion.circulated_at, PaperVersion.id)
    ).all()
    out: dict[int, list[LatePaperLine]] = defaultdict(list)
    for version, paper in rows:
        at = version.circulated_at
        out[paper.agenda_item_id].append(
            LatePaperLine(
                title=paper.title,
                version=version.number,
                circulated=at.astimezone(zone).strftime(DAY + ", %H:%M") if at else "not yet",
                reason=version.late_reason or "",
                consent_by=version.consent_by.full_name if version.consent_by else "",
            )
        )
    return out


def _late_agenda(meeting: Meeting) -> str:
    if not meeting.agenda_late_reason:
        return ""
    chair_id = meeting.agenda_consent_by_id
    chair = db.session.get(Person, chair_id) if chair_id else None
    agreed = f" Agreed by the chair, {chair.full_name}." if chair else ""
    return f"Reason: {meeting.agenda_late_reason}{agreed}"


def assemble(meeting: Meeting, *, public: bool = False) -> MinutesDocument:
    """The minutes from the record and notes; `public` leaves confidential items out entirely."""
    # The public version also leaves out decisions not published (never confidential ones).
    board = meeting.board
    zone = ZoneInfo(board.timezone)
    minutes = find_minutes(meeting)
    notes = minutes.notes if minutes else {}
    items = [i for i in meeting.items if not (public and i.confidential)]
    ids = [i.id for i in items]
    declarations, decisions = _declarations(ids), _decisions(ids, public)
    late, actions = _late_papers(ids, zone), arising_lines(ids)
    people = _attendance(meeting, zone)
    start, end = meeting.local_start, meeting.local_end
    return MinutesDocument(
        board=board.name,
        meeting=meeting.title,
        when=f"{start:%A} {start.strftime(DAY)}, {start:%H:%M}–{end:%H:%M}",
        where=" / ".join(p for p in (meeting.location, meeting.online_url) if p) or "not recorded",
        public=public,
        present=tuple(people[AttendanceStatus.PRESENT]),
        apologies=tuple(people[AttendanceStatus.APOLOGIES]),
        absent=tuple(people[AttendanceStatus.ABSENT]),
        deputies=tuple(people[AttendanceStatus.DEPUTY]),
        in_attendance=tuple(people[AttendanceStatus.IN_ATTENDANCE]),
        late_agenda=_late_agenda(meeting),
        items=tuple(_section(i, notes, declarations, decisions, late, actions) for i in items),
        left_out=len(meeting.items) - len(items),
    )


def _section(item: AgendaItem, notes: dict[str, str], *by_item: dict) -> ItemSection:
    declarations, decisions, late, actions = (tuple(d.get(item.id, ())) for d in by_item)
    return ItemSection(
        item_id=item.id,
        number=item.position,
        title=item.title,
        purpose=item.purpose.label,
        confidential=item.confidential,
        notes=notes.get(str(item.id), ""),
        declarations=declarations,
        decisions=decisions,
        late_papers=late,
        actions=actions,
    )


def current_fingerprint(meeting: Meeting) -> str:
    """SHA-256 of the full minutes as the record stands now."""
    return rules.fingerprint(rules.render_text(assemble(meeting)))


def approving_candidates(meeting: Meeting) -> list[Decision]:
    """Decisions, not recommendations, taken at later meetings of the same board."""
    return list(
        db.session.execute(
            sa.select(Decision)
            .join(AgendaItem, Decision.agenda_item_id == AgendaItem.id)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(
                Meeting.board_id == meeting.board_id,
                Meeting.starts_at > meeting.starts_at,
                Decision.is_recommendation.is_(False),
            )
            .order_by(Meeting.starts_at, Decision.year, Decision.sequence)
        ).scalars()
    )


# Writes ------------------------------------------------------------------------------------


def minutes_for(meeting: Meeting, actor: User | None = None) -> Minutes:
    """The meeting's minutes, starting a draft if there are none yet (held meetings only)."""
    minutes = find_minutes(meeting)
    if minutes is not None:
        return minutes
    if not meeting.is_held:
        raise DomainError(rules.NOT_HELD)
    minutes = Minutes(meeting=meeting, status=MinutesStatus.DRAFT, notes={})
    db.session.add(minutes)
    record_event(actor, "minutes.create", minutes, f"Started the minutes of meeting {meeting.id}")
    return minutes


def notes_refusal(meeting: Meeting, minutes: Minutes | None) -> str | None:
    """Why notes cannot be written now, or None when they can."""
    if minutes is None:
        return None if meeting.is_held else rules.NOT_HELD
    status = minutes.status
    try:
        rules.check_notes(
            status is MinutesStatus.DRAFT, status is MinutesStatus.APPROVED, {}, set()
        )
    except DomainError as error:
        return error.message
    return None


def save_notes(actor: User | None, minutes: Minutes, notes: dict[int, str]) -> Minutes:
    """Replace the notes on the items given; only while the minutes are a draft."""
    item_ids = {i.id for i in minutes.meeting.items}
    cleaned = rules.check_notes(
        minutes.status is MinutesStatus.DRAFT,
        minutes.status is MinutesStatus.APPROVED,
        notes,
        item_ids,
    )
    before = dict(minutes.notes or {})
    after = {k: v for k, v in before.items() if int(k) not in notes} | cleaned
    changes = {
        f"notes.{key}": [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    if changes:
        # A new dict, so the JSON column sees the change.
        minutes.notes = after
        record_event(
            actor,
            "minutes.notes",
            minutes,
            f"Noted the minutes of meeting {minutes.meeting_id}",
            changes,
        )
    return minutes


def circulate_minutes(actor: User | None, minutes: Minutes, now: datetime | None = None) -> int:
    """Send the draft minutes to members for comment; returns how many were told."""
    meeting = minutes.meeting
    rules.check_circulate(
        minutes.status is MinutesStatus.DRAFT,
        minutes.status is MinutesStatus.APPROVED,
        meeting.is_held,
    )
    now = now or utcnow()
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = now
    record_event(
        actor,
        "minutes.circulate",
        minutes,
        f"Circulated the draft minutes of meeting {meeting.id}",
        {"status": ["draft", "circulated"], "circulated_at": [None, now.isoformat()]},
    )
    link = app_link("minutes.minutes", meeting_id=meeting.id)
    day = meeting.local_start.strftime(DAY)
    subject, body = rules.circulation_mail(meeting.board.name, meeting.title, day, link)
    people = recipients(meeting)
    for person in people:
        assert person.email is not None
        queue_mail(person.email, subject, body, kind="minutes.circulated", person_id=person.id)
    return len(people)


def approve_minutes(
    actor: User | None, minutes: Minutes, approving: Decision, now: datetime | None = None
) -> Minutes:
    """Approve circulated minutes by a later meeting's decision: fingerprint, lock, confirm."""
    meeting = minutes.meeting
    later = approving.item.meeting
    rules.check_approval(
        minutes.status is MinutesStatus.CIRCULATED,
        minutes.status is MinutesStatus.APPROVED,
        later.board_id == meeting.board_id and approving.board_id == meeting.board_id,
        meeting.starts_at,
        later.starts_at,
        approving.is_recommendation,
    )
    now = now or utcnow()
    digest = current_fingerprint(meeting)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = now
    minutes.approved_by_decision_id = approving.id
    minutes.approved_sha256 = digest
    record_event(
        actor,
        "minutes.approve",
        minutes,
        f"Approved the minutes of meeting {meeting.id} by decision {approving.number}",
        {
            "status": ["circulated", "approved"],
            "approved_by_decision_id": [None, approving.id],
            "approved_sha256": [None, digest],
        },
    )
    confirm_decisions(meeting, now, actor)
    before = meeting.status.value
    meeting.status = MS.MINUTES_APPROVED
    record_event(
        actor,
        "meeting.minutes_approved",
        meeting,
        f"Minutes of meeting {meeting.id} approved",
        {"status": [before, MS.MINUTES_APPROVED.value]},
    )
    return minutes

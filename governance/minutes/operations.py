"""Minutes: assembled from the meeting's record, noted, circulated, approved, then locked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.actions.operations import arising_lines
from governance.attendance.models import Attendance, AttendanceCorrection, AttendanceStatus
from governance.audit.operations import record_event
from governance.auth.models import User
from governance.boards.models import Person
from governance.database import utcnow
from governance.decisions.models import Decision, NamedVote
from governance.decisions.operations import confirm_decisions
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.models import Declaration
from governance.links import app_link
from governance.mail.operations import queue_mail
from governance.meetings.models import AgendaItem, Meeting, Purpose
from governance.meetings.models import MeetingStatus as MS
from governance.meetings.operations import save_item
from governance.meetings.queries import recipients
from governance.minutes import rules
from governance.minutes.models import Minutes, MinutesStatus, MinutesVersion
from governance.minutes.permissions import person_sees_full_minutes
from governance.minutes.rules import (
    AttendeeLine,
    DeclarationLine,
    ItemSection,
    LatePaperLine,
    MinutesDocument,
)
from governance.papers.models import Paper, PaperVersion

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


def _local_time(value: str | None, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(value).astimezone(zone).strftime("%H:%M") if value else ""


def _state(values: dict | None, zone: ZoneInfo) -> str:
    if not values:
        return rules.register_state(None)
    status = values.get("status")
    return rules.register_state(
        AttendanceStatus(status).label if status else None,
        _local_time(values.get("arrived_at"), zone),
        _local_time(values.get("departed_at"), zone),
    )


def _corrections(
    meeting: Meeting, zone: ZoneInfo, item_ids: list[int], public: bool
) -> list[rules.CorrectionLine]:
    """The corrections to the meeting's register made after its decisions were recorded; a
    decision is named only if this version of the minutes shows it."""
    corrections = list(
        db.session.execute(
            sa.select(AttendanceCorrection)
            .where(AttendanceCorrection.meeting_id == meeting.id)
            .order_by(AttendanceCorrection.corrected_at, AttendanceCorrection.id)
        ).scalars()
    )
    if not corrections:
        return []
    # The decisions this version shows (as `_decisions` chooses them) may be named.
    shown: set[int] = set()
    if public:
        shown = set(
            db.session.execute(
                sa.select(Decision.id).where(
                    Decision.agenda_item_id.in_(item_ids), Decision.published.is_(True)
                )
            ).scalars()
        )
    person_ids = {line["person_id"] for c in corrections for line in c.changes}
    user_ids = {c.corrected_by_id for c in corrections if c.corrected_by_id}
    names: dict[int, str] = dict(
        db.session.execute(sa.select(Person.id, Person.full_name).where(Person.id.in_(person_ids)))
        .tuples()
        .all()
    )
    by: dict[int, str] = dict(
        db.session.execute(
            sa.select(User.id, Person.full_name)
            .join(Person, User.person_id == Person.id)
            .where(User.id.in_(user_ids))
        )
        .tuples()
        .all()
    )
    out = []
    for c in corrections:
        named = [d["number"] for d in c.decisions if not public or d["decision_id"] in shown]
        out.append(
            rules.CorrectionLine(
                when=c.corrected_at.astimezone(zone).strftime(DAY + ", %H:%M"),
                by=by.get(c.corrected_by_id, "") if c.corrected_by_id else "",
                changes=tuple(
                    rules.register_change(
                        # People may since have been erased; the id stays in the record.
                        names.get(line["person_id"], f"Person {line['person_id']}"),
                        _state(line.get("before"), zone),
                        _state(line.get("after"), zone),
                    )
                    for line in c.changes
                ),
                reason=c.reason,
                decisions=rules.decisions_kept(named, len(c.decisions) - len(named)),
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
        corrections=tuple(_corrections(meeting, zone, ids, public)),
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


def current_texts(meeting: Meeting) -> tuple[str, str]:
    """The full and the public text of the minutes as the record stands now."""
    return (
        rules.render_text(assemble(meeting)),
        rules.render_text(assemble(meeting, public=True)),
    )


def version_text(version: MinutesVersion, full: bool) -> str:
    """A circulated version's text as one reader may see it."""
    return version.text if full else version.public_text


def history(minutes: Minutes, full: bool) -> list[tuple[MinutesVersion, tuple]]:
    """Each circulated version with what changed from the one before it, as `full` may see."""
    out: list[tuple[MinutesVersion, tuple]] = []
    previous: MinutesVersion | None = None
    for version in minutes.versions:
        changes = (
            rules.compare(version_text(previous, full), version_text(version, full))
            if previous
            else ()
        )
        out.append((version, changes))
        previous = version
    return out


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The board's next meeting after this one that has not been cancelled."""
    return db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id == meeting.board_id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.status != MS.CANCELLED,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    ).scalar_one_or_none()


def approval_item(meeting: Meeting | None) -> AgendaItem | None:
    """The item of `meeting` where the minutes of the last meeting are approved, if any."""
    if meeting is None:
        return None
    return next((i for i in meeting.items if rules.is_minutes_item(i.title)), None)


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
    try:
        rules.check_notes(minutes.status is MinutesStatus.APPROVED, {}, set())
    except DomainError as error:
        return error.message
    return None


def save_notes(
    actor: User | None, minutes: Minutes, notes: dict[int, str], now: datetime | None = None
) -> Minutes:
    """Replace the notes on the items given, until the minutes are approved; after
    circulation the change makes the draft of the next version (`reconcile`)."""
    item_ids = {i.id for i in minutes.meeting.items}
    cleaned = rules.check_notes(minutes.status is MinutesStatus.APPROVED, notes, item_ids)
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
        reconcile(actor, minutes, now)
    return minutes


def _mail_each(
    minutes: Minutes,
    kind: str,
    before: MinutesVersion | None,
    texts: tuple[str, str],
    build: Callable[[str], tuple[str, str]],
) -> int:
    """Mail every recipient what changed since `before` in the text they may see; if nothing
    they may see changed, they get no mail. Returns how many were told."""
    meeting = minutes.meeting
    full_text, public_text = texts
    told = 0
    for person in recipients(meeting):
        assert person.email is not None
        full = person_sees_full_minutes(person, meeting)
        changes: tuple = ()
        if before is not None:
            changes = rules.compare(version_text(before, full), full_text if full else public_text)
            if not changes and kind == "minutes.changed":
                continue
        subject, body = build(rules.changes_for_mail(changes))
        queue_mail(person.email, subject, body, kind=kind, person_id=person.id)
        told += 1
    return told


def reconcile(actor: User | None, minutes: Minutes, now: datetime | None = None) -> bool:
    """If the record has changed since the version last circulated, make the minutes a
    draft of the next version and tell members what changed; True when it did so now."""
    latest = minutes.latest_version
    if minutes.status is not MinutesStatus.CIRCULATED or latest is None:
        return False
    meeting = minutes.meeting
    texts = current_texts(meeting)
    if rules.fingerprint(texts[0]) == latest.sha256:
        return False
    now = now or utcnow()
    minutes.status = MinutesStatus.DRAFT
    minutes.changed_at = now
    sections = [c.title for c in rules.compare(latest.text, texts[0])]
    record_event(
        actor,
        "minutes.change",
        minutes,
        f"The minutes of meeting {meeting.id} changed after version {latest.number} was "
        f"circulated; they are now the draft of version {latest.number + 1}",
        {
            "status": ["circulated", "draft"],
            "version": [latest.number, latest.number + 1],
            "sections": [None, len(sections)],
        },
    )
    zone = ZoneInfo(meeting.board.timezone)
    link = app_link("minutes.minutes", meeting_id=meeting.id)
    day = meeting.local_start.strftime(DAY)
    sent = latest.circulated_at.astimezone(zone).strftime(DAY)
    board = meeting.board.name
    _mail_each(
        minutes,
        "minutes.changed",
        latest,
        texts,
        lambda changes: rules.changed_mail(
            board, meeting.title, day, latest.number, sent, changes, link
        ),
    )
    return True


def circulate_minutes(actor: User | None, minutes: Minutes, now: datetime | None = None) -> int:
    """Send the draft minutes to members, fixing them as the next version; returns how many
    were told. A version after the first goes with what changed since the one before."""
    meeting = minutes.meeting
    reconcile(actor, minutes, now)
    rules.check_circulate(
        minutes.status is MinutesStatus.DRAFT,
        minutes.status is MinutesStatus.APPROVED,
        meeting.is_held,
    )
    now = now or utcnow()
    before = minutes.latest_version
    texts = current_texts(meeting)
    digest = rules.fingerprint(texts[0])
    version = MinutesVersion(
        minutes=minutes,
        number=minutes.draft_number,
        text=texts[0],
        sha256=digest,
        public_text=texts[1],
        circulated_at=now,
    )
    db.session.add(version)
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = now
    minutes.changed_at = None
    record_event(
        actor,
        "minutes.circulate",
        minutes,
        f"Circulated version {version.number} of the draft minutes of meeting {meeting.id}",
        {
            "status": ["draft", "circulated"],
            "circulated_at": [None, now.isoformat()],
            "version": [before.number if before else None, version.number],
            "sha256": [before.sha256 if before else None, digest],
        },
    )
    link = app_link("minutes.minutes", meeting_id=meeting.id)
    day = meeting.local_start.strftime(DAY)
    board = meeting.board.name
    if before is None:
        subject, body = rules.circulation_mail(board, meeting.title, day, link)
        return _mail_each(minutes, "minutes.circulated", None, texts, lambda _c: (subject, body))
    number = version.number
    return _mail_each(
        minutes,
        "minutes.circulated",
        before,
        texts,
        lambda changes: rules.recirculation_mail(board, meeting.title, day, number, changes, link),
    )


def approve_minutes(
    actor: User | None, minutes: Minutes, approving: Decision, now: datetime | None = None
) -> Minutes:
    """Approve circulated minutes by a later meeting's decision: fingerprint, lock, confirm."""
    meeting = minutes.meeting
    later = approving.item.meeting
    reconcile(actor, minutes, now)
    latest = minutes.latest_version
    rules.check_unchanged(latest.number if latest and minutes.is_changed_draft else None)
    rules.check_approval(
        minutes.status is MinutesStatus.CIRCULATED,
        minutes.status is MinutesStatus.APPROVED,
        later.board_id == meeting.board_id and approving.board_id == meeting.board_id,
        meeting.starts_at,
        later.starts_at,
        approving.is_recommendation,
    )
    now = now or utcnow()
    assert latest is not None  # circulated minutes have a version
    digest = latest.sha256
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = now
    minutes.approved_by_decision_id = approving.id
    minutes.approved_sha256 = digest
    minutes.approved_version = latest.number
    record_event(
        actor,
        "minutes.approve",
        minutes,
        f"Approved version {latest.number} of the minutes of meeting {meeting.id} by "
        f"decision {approving.number}",
        {
            "status": ["circulated", "approved"],
            "approved_by_decision_id": [None, approving.id],
            "approved_sha256": [None, digest],
            "approved_version": [None, latest.number],
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


def add_approval_item(actor: User | None, meeting: Meeting) -> AgendaItem:
    """Put "Minutes of the last meeting" on the agenda of the board's next meeting."""
    later = next_meeting(meeting)
    if later is None:
        raise DomainError(rules.NO_LATER_MEETING)
    found = approval_item(later)
    if found is not None:
        return found
    values = {"title": rules.APPROVAL_ITEM, "purpose": Purpose.DECISION, "confidential": False}
    return save_item(actor, later, None, values)

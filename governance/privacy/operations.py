"""The writes of the privacy area: erasing a person by pseudonymisation, applying retention."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance.attendance.models import Attendance
from governance.audit.operations import record_event
from governance.auth.models import RecoveryCode, User
from governance.boards.models import Person
from governance.calendar.models import CalendarToken
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.induction.models import InductionItem, InductionRecord, MaterialRead
from governance.mail.models import MailStatus, OutboxMessage
from governance.meetings.models import Meeting
from governance.papers.models import PaperOpen
from governance.privacy.rules import erased_login, pseudonym, retention_cutoffs
from governance.replies.models import MeetingReply, SupportNeed

if TYPE_CHECKING:
    from governance.auth.models import User as Actor

#: A password hash no password matches, so an erased login can never sign in.
UNUSABLE_PASSWORD = "!erased"  # noqa: S105


def erase_person(actor: Actor | None, person: Person) -> Person:
    """Put a pseudonym in place of a person's details, keep their records, end their login."""
    name = pseudonym(person.id)
    if person.full_name == name and person.email is None:
        raise DomainError(f"{name} has already been erased.")
    quoted = _quoted_in_mail(person, name)
    old_email = person.email
    person.full_name, person.email, person.phone, person.job_title = name, None, "", ""
    user = db.session.execute(
        sa.select(User).where(User.person_id == person.id)
    ).scalar_one_or_none()
    if user is not None:
        user.email = erased_login(user.id)
        user.password_hash = UNUSABLE_PASSWORD
        user.is_enabled = False
        user.totp_secret = None
        user.totp_enabled_at = None
        user.session_version += 1  # signs out every session at once
        db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        db.session.execute(
            sa.update(CalendarToken)
            .where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    replies = sa.select(MeetingReply.id).where(MeetingReply.person_id == person.id)
    db.session.execute(sa.update(MeetingReply).where(MeetingReply.id.in_(replies)).values(note=""))
    db.session.execute(
        sa.update(SupportNeed)
        .where(SupportNeed.reply_id.in_(replies))
        .values(details="", arranged_note="", children_ages=[], ages_text="")
    )
    db.session.execute(
        sa.update(Attendance).where(Attendance.person_id == person.id).values(note="")
    )
    records = sa.select(InductionRecord.id).where(InductionRecord.person_id == person.id)
    db.session.execute(
        sa.update(InductionItem).where(InductionItem.record_id.in_(records)).values(note="")
    )
    # Mail to them holds their address and name; it is not part of any record.
    to_them = [OutboxMessage.person_id == person.id]
    if old_email:
        to_them.append(OutboxMessage.to_address == old_email)
    db.session.execute(
        sa.delete(OutboxMessage).where(sa.or_(*to_them)),
        execution_options={"synchronize_session": False},
    )
    # Mail to others (the secretary told of their apologies) quotes them: pseudonymise it.
    scrubbed = _scrub_outbox(quoted)
    record_event(
        actor,
        "person.erase",
        person,
        f"Erased the personal details of person {person.id}",
        {"pseudonym": name, "login_disabled": user is not None, "mail_pseudonymised": scrubbed},
    )
    return person


#: Quoted text shorter than this is left in mail: it would match inside unrelated words.
MIN_QUOTED = 3
#: What quoted free text about an erased person becomes in stored mail.
ERASED_TEXT = "[erased]"


def _quoted_in_mail(person: Person, name: str) -> list[tuple[str, str]]:
    """(text, replacement) for everything of the person's that a mail to someone else quotes:
    their name, address and phone, and the notes and support needs they sent."""
    pairs = [(person.full_name, name)]
    pairs += [(text, ERASED_TEXT) for text in (person.email, person.phone) if text]
    replies = sa.select(MeetingReply.id).where(MeetingReply.person_id == person.id)
    notes = db.session.execute(
        sa.union(
            sa.select(MeetingReply.note).where(MeetingReply.person_id == person.id),
            sa.select(Attendance.note).where(Attendance.person_id == person.id),
            sa.select(SupportNeed.details).where(SupportNeed.reply_id.in_(replies)),
            sa.select(SupportNeed.arranged_note).where(SupportNeed.reply_id.in_(replies)),
        )
    ).scalars()
    pairs += [(text, ERASED_TEXT) for text in notes if text]
    # Longest first, so a note that contains the name is replaced whole.
    return sorted(
        {(old, new) for old, new in pairs if len(old.strip()) >= MIN_QUOTED},
        key=lambda pair: -len(pair[0]),
    )


def _scrub_outbox(quoted: list[tuple[str, str]]) -> int:
    """Replace each quoted text in every stored mail's subject and body; how many mails."""
    touched: set[int] = set()
    for old, new in quoted:
        hit = sa.or_(
            OutboxMessage.subject.contains(old, autoescape=True),
            OutboxMessage.body.contains(old, autoescape=True),
        )
        # LIKE ignores case in SQLite and replace() does not: keep the rows that really quote it.
        rows = db.session.execute(
            sa.select(OutboxMessage.id, OutboxMessage.subject, OutboxMessage.body).where(hit)
        )
        ids = {row.id for row in rows if old in row.subject or old in row.body}
        if not ids:
            continue
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(
                subject=sa.func.substr(sa.func.replace(OutboxMessage.subject, old, new), 1, 300),
                body=sa.func.replace(OutboxMessage.body, old, new),
            ),
            execution_options={"synchronize_session": False},
        )
        touched |= ids
    return len(touched)


class RetentionRun:
    """The audit target of a retention run: it changes many tables, so it names none."""

    __tablename__ = "retention"
    id = None


def _due(cutoffs: Mapping[str, datetime]) -> dict[str, Any]:
    """For each record type with a cut-off, the filter selecting its rows past retention."""
    ended = sa.select(Meeting.id)
    due: dict[str, Any] = {}
    if "outbox" in cutoffs:
        due["outbox"] = (
            OutboxMessage,
            sa.and_(
                OutboxMessage.status != MailStatus.PENDING,
                OutboxMessage.created_at < cutoffs["outbox"],
            ),
        )
    if "paper_opens" in cutoffs:
        due["paper_opens"] = (PaperOpen, PaperOpen.opened_at < cutoffs["paper_opens"])
    if "material_reads" in cutoffs:
        due["material_reads"] = (MaterialRead, MaterialRead.opened_at < cutoffs["material_reads"])
    if "reply_notes" in cutoffs:
        old = ended.where(Meeting.ends_at < cutoffs["reply_notes"])
        due["reply_notes"] = (
            MeetingReply,
            sa.and_(MeetingReply.meeting_id.in_(old), MeetingReply.note != ""),
        )
    if "support_needs" in cutoffs:
        old_replies = sa.select(MeetingReply.id).where(
            MeetingReply.meeting_id.in_(ended.where(Meeting.ends_at < cutoffs["support_needs"]))
        )
        due["support_needs"] = (
            SupportNeed,
            sa.and_(
                SupportNeed.reply_id.in_(old_replies),
                sa.or_(SupportNeed.details != "", SupportNeed.arranged_note != ""),
            ),
        )
    return due


#: Record types kept as rows with their free text blanked; the rest are deleted.
BLANKED: dict[str, dict[str, Any]] = {
    "reply_notes": {"note": ""},
    "support_needs": {"details": "", "arranged_note": "", "children_ages": [], "ages_text": ""},
}


def retention_due(settings: Mapping[str, int], now: datetime) -> dict[str, int]:
    """How many rows of each record type are past their retention period."""
    return {
        kind: db.session.execute(
            sa.select(sa.func.count()).select_from(model).where(condition)
        ).scalar_one()
        for kind, (model, condition) in _due(retention_cutoffs(settings, now)).items()
    }


def apply_retention(
    actor: User | None, settings: Mapping[str, int], now: datetime
) -> dict[str, int]:
    """Delete or blank every row past its retention period, and record the run."""
    counts = retention_due(settings, now)
    for kind, (model, condition) in _due(retention_cutoffs(settings, now)).items():
        if kind in BLANKED:
            db.session.execute(
                sa.update(model).where(condition).values(**BLANKED[kind]),
                execution_options={"synchronize_session": False},
            )
        else:
            db.session.execute(
                sa.delete(model).where(condition), execution_options={"synchronize_session": False}
            )
    record_event(
        actor,
        "retention.apply",
        RetentionRun(),
        "Applied the retention periods: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()),
        {"removed": counts, "settings": dict(settings)},
    )
    return counts

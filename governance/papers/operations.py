"""The writes of the papers area: check the rules, add rows, audit, flush (never commit).

Versions are immutable: there is no function to edit one. A correction is a new version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from governance.audit.operations import lock_chain, record_event
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import notify
from governance.meetings.rules import check_withdrawal_reason
from governance.papers import rules, signals
from governance.papers.models import OpenKind, Paper, PaperOpen, PaperVersion

if TYPE_CHECKING:
    from datetime import datetime

    from governance.auth.models import User
    from governance.boards.models import Organisation
    from governance.meetings.models import AgendaItem
    from governance.papers.files.storage import StoredFile


def add_paper(
    actor: User | None, item: AgendaItem, title: str, author_organisation: Organisation | None
) -> Paper:
    """Add a paper (so far without a file) to an agenda item."""
    title = rules.check_title(title)
    paper = Paper(item=item, title=title, author_organisation=author_organisation)
    db.session.add(paper)
    record_event(
        actor,
        "paper.create",
        paper,
        f"Added paper “{title}” to agenda item {item.id}",
        {
            "agenda_item_id": [None, item.id],
            "title": [None, title],
            "author_organisation_id": [
                None,
                author_organisation.id if author_organisation is not None else None,
            ],
        },
    )
    return paper


def add_version(
    actor: User | None, paper: Paper, stored: StoredFile, filename: str, summary: str
) -> PaperVersion:
    """Add the next version of a paper from a file already safely in the store."""
    summary = rules.check_summary(paper.item.purpose, summary)
    db.session.flush()  # a new paper needs its id before its versions can be counted
    # Counted in the database, not from the loaded collection, which may be stale, and under
    # the audit lock this upload takes anyway: two uploads at once number in turn (the unique
    # constraint remains the backstop: never a silent clash).
    lock_chain()
    latest = db.session.execute(
        sa.select(sa.func.max(PaperVersion.number)).where(PaperVersion.paper_id == paper.id)
    ).scalar_one()
    version = PaperVersion(
        paper=paper,
        number=(latest or 0) + 1,
        sha256=stored.sha256,
        size=stored.size,
        media_type=stored.media_type,
        filename=rules.clean_filename(filename),
        summary=summary,
        uploaded_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    record_event(
        actor,
        "paper.version_upload",
        version,
        f"Uploaded version {version.number} of paper {paper.id}",
        {
            "paper_id": [None, paper.id],
            "number": [None, version.number],
            "sha256": [None, stored.sha256],
            "size": [None, stored.size],
            "media_type": [None, stored.media_type],
            "filename": [None, version.filename],
        },
    )
    return version


def upload_paper(
    actor: User | None,
    item: AgendaItem,
    title: str,
    author_organisation: Organisation | None,
    stored: StoredFile,
    filename: str,
    summary: str,
) -> PaperVersion:
    """Add a paper and its first version in one go, as the upload form does."""
    paper = add_paper(actor, item, title, author_organisation)
    return add_version(actor, paper, stored, filename, summary)


def record_open(user: User, version: PaperVersion, kind: OpenKind) -> None:
    """Note that a member viewed or downloaded a version.

    No audit event: this is a read log, not a change to the board's record. Putting every read
    on the hash chain would swamp it and make every download wait on the chain's lock.
    """
    db.session.add(PaperOpen(paper_version_id=version.id, user_id=user.id, kind=kind))
    db.session.flush()


def withdraw_version(
    actor: User | None, version: PaperVersion, reason: str, now: datetime | None = None
) -> PaperVersion:
    """Withdraw a version (a wrong upload, say), keeping it with the reason.

    It leaves the circulate form and the packs. One already circulated stays listed to members
    as withdrawn, with the reason, and they are mailed, so it never silently vanishes. One a
    decision relied on cannot be withdrawn (the decisions area refuses, through
    `version_withdrawal_asked`).
    """
    meeting = version.paper.item.meeting
    if meeting.is_closed:
        raise DomainError(
            f"This meeting is {meeting.status_label.lower()}; it can no longer change."
        )
    if version.is_withdrawn:
        raise DomainError(f"Version {version.number} has already been withdrawn.")
    reason = check_withdrawal_reason(reason)
    signals.version_withdrawal_asked.send(version)
    now = now or utcnow()
    version.withdrawn_at = now
    version.withdrawn_by_id = actor.id if actor is not None else None
    version.withdrawn_reason = reason
    record_event(
        actor,
        "paper.version_withdraw",
        version,
        f"Withdrew version {version.number} of paper {version.paper_id}"
        + (" (it had been circulated)" if version.circulated_at is not None else ""),
        {"withdrawn_at": [None, now.isoformat()], "withdrawn_reason": [None, reason]},
    )
    if version.circulated_at is not None:  # members had it: tell them, with the reason
        notify.paper_withdrawn(meeting, version)
    return version

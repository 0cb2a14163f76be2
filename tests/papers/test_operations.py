"""Paper operations with a session: versions are numbered, summaries checked, uploads audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from governance.audit.models import AuditEvent
from governance.errors import DomainError
from governance.extensions import db
from governance.papers import operations, queries
from governance.papers.files.storage import StoredFile
from governance.papers.models import OpenKind, PaperOpen, PaperVersion
from tests.conftest import audit_count


def stored(n: int = 1) -> StoredFile:
    sha = f"{n:02x}" * 32
    return StoredFile(sha256=sha, size=100 + n, media_type="application/pdf", path=None)  # type: ignore[arg-type]


def events(action: str) -> list[AuditEvent]:
    return list(
        db.session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        ).scalars()
    )


def count(model) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_versions_are_numbered_one_after_another(world, agenda):
    secretary = world.users["secretary"]
    paper = operations.add_paper(secretary, agenda.decision, "Budget", world.health)
    numbers = [
        operations.add_version(secretary, paper, stored(n), "budget.pdf", "Agree it.").number
        for n in (1, 2, 3)
    ]
    assert numbers == [1, 2, 3]
    db.session.expire(paper)
    assert [v.number for v in paper.versions] == [1, 2, 3]
    assert paper.latest is not None and paper.latest.sha256 == stored(3).sha256


def test_numbering_is_per_paper(world, agenda):
    secretary = world.users["secretary"]
    first = operations.add_paper(secretary, agenda.information, "One", None)
    second = operations.add_paper(secretary, agenda.information, "Two", None)
    operations.add_version(secretary, first, stored(1), "a.pdf", "")
    assert operations.add_version(secretary, second, stored(2), "b.pdf", "").number == 1


def test_a_decision_paper_without_a_summary_is_refused_and_adds_no_version(world, agenda):
    secretary = world.users["secretary"]
    paper = operations.add_paper(secretary, agenda.decision, "Budget", None)
    before = audit_count()
    with pytest.raises(DomainError) as refused:
        operations.add_version(secretary, paper, stored(), "budget.pdf", "  ")
    assert refused.value.field == "summary"
    assert count(PaperVersion) == 0
    assert audit_count() == before


def test_an_information_paper_may_go_without_a_summary(world, agenda):
    paper = operations.add_paper(world.users["secretary"], agenda.information, "Update", None)
    version = operations.add_version(world.users["secretary"], paper, stored(), "u.pdf", "")
    assert version.summary == ""


def test_uploads_are_audited_with_the_file_they_recorded(world, agenda):
    secretary = world.users["secretary"]
    paper = operations.add_paper(secretary, agenda.decision, " Budget ", world.health)
    version = operations.add_version(secretary, paper, stored(7), "../secret/Budget.pdf", "Agree")
    created = events("paper.create")[-1]
    assert created.target_id == paper.id and created.actor_id == secretary.id
    assert created.changes["title"] == [None, "Budget"]
    assert created.changes["author_organisation_id"] == [None, world.health.id]
    uploaded = events("paper.version_upload")[-1]
    assert uploaded.target_type == "paper_version" and uploaded.target_id == version.id
    assert uploaded.changes["sha256"] == [None, stored(7).sha256]
    assert uploaded.changes["size"] == [None, 107]
    assert uploaded.changes["media_type"] == [None, "application/pdf"]
    assert version.filename == "Budget.pdf"  # no folder part kept
    assert version.uploaded_by_id == secretary.id


def test_a_paper_needs_a_title(world, agenda):
    with pytest.raises(DomainError) as refused:
        operations.add_paper(world.users["secretary"], agenda.decision, "   ", None)
    assert refused.value.field == "title"


def test_opening_a_paper_is_logged_but_not_audited(world, agenda):
    secretary = world.users["secretary"]
    paper = operations.add_paper(secretary, agenda.information, "Update", None)
    version = operations.add_version(secretary, paper, stored(), "u.pdf", "")
    before = audit_count()
    operations.record_open(world.users["member"], version, OpenKind.DOWNLOAD)
    opened = db.session.execute(sa.select(PaperOpen)).scalar_one()
    assert opened.user_id == world.users["member"].id and opened.kind is OpenKind.DOWNLOAD
    assert audit_count() == before


def test_open_counts_count_members_who_opened_a_circulated_paper(world, agenda):
    secretary = world.users["secretary"]
    paper = operations.add_paper(secretary, agenda.information, "Update", None)
    draft_paper = operations.add_paper(secretary, agenda.decision, "Budget", None)
    circulated = operations.add_version(secretary, paper, stored(1), "u.pdf", "")
    circulated.circulated_at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    draft = operations.add_version(secretary, draft_paper, stored(2), "b.pdf", "Agree")
    for user, version in [
        (world.users["member"], circulated),
        (world.users["member"], circulated),  # twice, counted once
        (world.users["secretary"], circulated),  # an officer, not a member
        (world.users["parent"], draft),  # not circulated: does not count
    ]:
        operations.record_open(user, version, OpenKind.DOWNLOAD)

    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        counts = queries.open_counts(agenda.meeting)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    # Members on the meeting day: the statutory, parent and observer seat holders.
    assert (counts.opened, counts.members) == (1, 3)
    assert len([s for s in statements if not s.lstrip().upper().startswith("SAVEPOINT")]) == 1

"""The demo shows a withdrawn paper version: a wrong upload, kept with its reason."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from governance.audit.models import AuditEvent
from governance.demo.meetings import WITHDRAWAL_REASON, wrong_file
from governance.demo.seed import seed_demo
from governance.extensions import db
from governance.papers.models import PaperVersion

TODAY = date(2026, 11, 23)


def test_demo_has_a_wrong_upload_withdrawn_with_its_reason() -> None:
    seed_demo(TODAY)
    withdrawn = (
        db.session.execute(sa.select(PaperVersion).where(PaperVersion.withdrawn_at.is_not(None)))
        .scalars()
        .all()
    )
    assert len(withdrawn) == 1
    version = withdrawn[0]
    assert version.filename == wrong_file(version.paper.title)
    assert version.withdrawn_reason == WITHDRAWAL_REASON
    assert version.circulated_at is None
    assert version.paper.item.meeting.is_called
    assert version.withdrawn_by_id is not None  # the secretary, not "system"
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "paper.version_withdraw")
    ).scalar_one()
    assert event.actor_id == version.withdrawn_by_id

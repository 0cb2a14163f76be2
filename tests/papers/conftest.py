"""A meeting with agenda items, made directly in the database, and a store in a temporary folder."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.papers import operations
from governance.papers.files import storage
from tests.papers import files

STARTS_AT = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
CIRCULATED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@dataclass
class Agenda:
    """A meeting whose notice is out, with a decision item, an information item and a
    confidential decision item."""

    meeting: Meeting
    decision: AgendaItem
    information: AgendaItem
    confidential: AgendaItem


@pytest.fixture
def agenda(world) -> Agenda:
    meeting = Meeting(
        board=world.board,
        title="December board meeting",
        starts_at=STARTS_AT,
        ends_at=STARTS_AT + timedelta(hours=2),
        status=MeetingStatus.NOTICE_ISSUED,
        uid=f"test-{uuid.uuid4()}",
    )
    items = [
        AgendaItem(meeting=meeting, position=1, title="Budget 2027", purpose=Purpose.DECISION),
        AgendaItem(meeting=meeting, position=2, title="Outreach", purpose=Purpose.INFORMATION),
        AgendaItem(
            meeting=meeting,
            position=3,
            title="Staffing restructure",
            purpose=Purpose.DECISION,
            confidential=True,
        ),
    ]
    db.session.add(meeting)
    db.session.flush()
    return Agenda(meeting, *items)


@pytest.fixture
def storage_root(app, tmp_path) -> Iterator[Path]:
    """Point the app's paper store at an empty folder for one test."""
    root = tmp_path / "storage"
    before = app.config["STORAGE_PATH"]
    app.config["STORAGE_PATH"] = str(root)
    try:
        yield root
    finally:
        app.config["STORAGE_PATH"] = before


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def add(world, storage_root):
    """Put a paper with one version on an item, straight through the operations."""

    def make(item, data: bytes = files.PDF, circulated: bool = True, late: str | None = None):
        stored = storage.store(io.BytesIO(data), storage_root, 1024 * 1024)
        version = operations.upload_paper(
            world.users["secretary"],
            item,
            f"Paper on {item.title}",
            None,
            stored,
            "paper.pdf",
            "In short: agree it.",
        )
        if circulated:
            version.circulated_at, version.late_reason = CIRCULATED, late
        db.session.flush()
        return version

    return make

"""The parts of an evidence pack's stream: papers let in only once checked, and the audit
chain verified a step at a time with the same answer as verifying it in one go."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from governance.audit.queries import verify_stored_chain
from governance.evidence import pack as evidence
from governance.extensions import db
from governance.papers.files import pack, storage
from tests.audit.test_operations import _disable_triggers
from tests.conftest import PDF

WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _entry(path: Path, sha256: str) -> pack.PackEntry:
    return pack.PackEntry(
        name="papers/report.pdf",
        paper_title="Report",
        item_label="Budget",
        version=1,
        circulated_at=WHEN,
        late_reason=None,
        path=path,
        sha256=sha256,
    )


def _write(entry: pack.PackEntry, spool: Path) -> tuple[bytes, str | None, list[str]]:
    """Run write_checked into a fresh archive: (bytes yielded, problem, names in the ZIP)."""
    buffer = pack._Buffer()
    archive = zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED)
    out = bytearray()
    steps = pack.write_checked(archive, buffer, entry, spool)
    while True:
        try:
            out += next(steps)
        except StopIteration as done:
            return bytes(out), done.value, archive.namelist()


@pytest.mark.parametrize("in_memory", [True, False])
def test_a_paper_goes_in_whole_when_its_content_matches_its_hash(tmp_path, monkeypatch, in_memory):
    """Small files are held in memory while checked, large ones in a temporary file."""
    if not in_memory:
        monkeypatch.setattr(pack, "SPOOL_IN_MEMORY", storage.CHUNK)
    data = PDF + b"0" * (3 * storage.CHUNK)
    stored = storage.store(io.BytesIO(data), tmp_path, len(data))
    out, problem, names = _write(_entry(stored.path, stored.sha256), tmp_path)
    assert problem is None and names == ["papers/report.pdf"]
    assert data in out  # stored, not compressed: the bytes are in the ZIP as they are


def test_a_paper_whose_content_changed_sends_nothing_and_says_why(tmp_path):
    """Checked before any of it is written: no entry, no bytes, so nothing passes as good."""
    path = tmp_path / "file"
    path.write_bytes(PDF)
    out, problem, names = _write(_entry(path, "0" * 64), tmp_path)
    assert (out, names) == (b"", [])
    assert problem == pack.DAMAGED


def test_a_paper_gone_since_the_request_is_left_out_as_missing(tmp_path):
    out, problem, names = _write(_entry(tmp_path / "gone", "0" * 64), tmp_path)
    assert (out, names) == (b"", [])
    assert problem is not None and problem.startswith("missing from storage")


def _steps(app) -> tuple[list[tuple[int, str]], evidence.ChainCheck]:
    checkpoints = []
    steps = evidence.verify_in_steps(app)
    while True:
        try:
            checkpoints.append(next(steps))
        except StopIteration as done:
            return checkpoints, done.value


def _events(make_organisation, count: int) -> None:
    for _ in range(count):
        make_organisation()
    db.session.flush()


def test_verifying_in_steps_finds_what_verifying_in_one_go_finds(
    app, make_organisation, monkeypatch
):
    monkeypatch.setattr(evidence, "CHECKPOINT_EVERY", 3)
    _events(make_organisation, 7)
    checkpoints, check = _steps(app)
    assert (check.checked, check.broken) == verify_stored_chain() == (7, None)
    assert [seq for seq, _ in checkpoints] == [3, 6, 7]
    last = db.session.execute(sa.text("SELECT hash FROM audit_event WHERE seq = 7")).scalar()
    assert (check.last_seq, check.last_hash) == (7, last) == checkpoints[-1]


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE audit_event SET summary = 'nothing to see' WHERE seq = 5", "content does not"),
        ("DELETE FROM audit_event WHERE seq = 5", "expected event 5, found 6"),
        ("DELETE FROM audit_event WHERE seq = 4", "expected event 4, found 5"),
    ],
)
def test_a_broken_chain_breaks_at_the_same_event_in_steps(
    app, make_organisation, monkeypatch, statement, reason
):
    """A break inside a step, and a missing event right after a checkpoint."""
    monkeypatch.setattr(evidence, "CHECKPOINT_EVERY", 3)
    _events(make_organisation, 8)
    _disable_triggers()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("DROP TRIGGER audit_event_no_delete"))
    db.session.execute(sa.text(statement))
    checkpoints, check = _steps(app)
    assert (check.checked, check.broken) == verify_stored_chain()
    assert check.broken is not None and reason in check.broken.reason
    assert [seq for seq, _ in checkpoints] == [3]

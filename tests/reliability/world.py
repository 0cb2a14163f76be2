"""The committed setting the servers work on, and what the tests read back afterwards."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from governance.attendance.models import Attendance, AttendanceStatus
from governance.audit.models import AuditEvent
from governance.audit.queries import verify_stored_chain
from governance.auth.operations import create_account
from governance.boards import operations as board_ops
from governance.boards.models import OfficerRole, SeatCategory
from governance.decisions.models import Decision
from governance.meetings import operations as meeting_ops
from governance.meetings.models import MeetingStatus, Purpose
from governance.papers.files import storage
from governance.papers.models import PaperVersion
from governance.papers.operations import upload_paper
from tests.conftest import BOARD_DEFAULTS, PASSWORD
from tests.reliability.harness import Site, committed

SECRETARY = "secretary@example.org"
RATIONALE = "The figures in the paper showed the gap, and members agreed the plan closes it."
ALTERNATIVES = "Waiting a year, rejected because families would lose the service meanwhile."


@dataclass(frozen=True)
class BoardSetting:
    code: str
    board_id: int
    #: A decision item of a meeting under way now (started an hour ago).
    decision_item_id: int
    #: A discussion item of the same meeting, for papers.
    paper_item_id: int
    #: A paper on that item with one version, for new versions.
    paper_id: int


def build(site: Site, codes: tuple[str, ...] = ("RA", "RB")) -> list[BoardSetting]:
    """Migrate the site's database; add a secretary and, per code, a board whose meeting is
    under way, with a decision item and a discussion item holding one paper."""
    settings = []
    now = datetime.now(UTC).replace(microsecond=0)
    with committed(site, migrate=True) as session:
        secretary = board_ops.save_person(None, None, _person("Sam Secretary", SECRETARY))
        create_account(None, secretary, SECRETARY, PASSWORD)
        for n, code in enumerate(codes):
            board = board_ops.save_board(
                None,
                None,
                {**BOARD_DEFAULTS, "name": f"Reliability Board {code}", "code": code},
            )
            board_ops.assign_officer(None, board, secretary, OfficerRole.SECRETARY)
            member = board_ops.save_person(
                None, None, _person(f"Member {n}", f"member{n}@example.org")
            )
            seat = board_ops.save_seat(
                None,
                board,
                None,
                {
                    "title": "Community member",
                    "category": SeatCategory.COMMUNITY,
                    "voting": True,
                    "organisation": None,
                    "position": 0,
                    "abolished_on": None,
                },
            )
            board_ops.appoint(None, seat, member, now.date() - timedelta(days=400), None)
            meeting = meeting_ops.schedule_meeting(
                None,
                board,
                {
                    "title": "Board meeting",
                    "starts_at": now - timedelta(hours=1),
                    "ends_at": now + timedelta(hours=3),
                    "location": "Children's Centre",
                    "online_url": "",
                },
            )
            items = [
                meeting_ops.save_item(
                    None, meeting, None, {"title": title, "purpose": purpose, "confidential": False}
                )
                for title, purpose in (
                    ("Budget", Purpose.DECISION),
                    ("Reports", Purpose.DISCUSSION),
                )
            ]
            meeting.status = MeetingStatus.NOTICE_ISSUED
            meeting.notice_issued_at = now - timedelta(days=10)
            session.add(
                Attendance(meeting=meeting, person_id=member.id, status=AttendanceStatus.PRESENT)
            )
            session.flush()
            stored = storage.store(io.BytesIO(paper_file(0, 4096)), site.storage, 1_000_000)
            first = upload_paper(None, items[1], "Monthly report", None, stored, "report.pdf", "")
            session.flush()
            settings.append(BoardSetting(code, board.id, items[0].id, items[1].id, first.paper_id))
    return settings


def _person(name: str, email: str) -> dict[str, object]:
    return {
        "full_name": name,
        "email": email,
        "phone": "",
        "organisation_id": None,
        "job_title": "",
    }


def decision_form(resolution: str) -> dict[str, str]:
    """The record form as a secretary fills it in during the meeting (time left blank: now)."""
    return {
        "resolution": resolution,
        "rationale": RATIONALE,
        "alternatives": ALTERNATIVES,
        "no_alternatives_reason": "",
        "method": "consensus",
        "dissent": "",
        "taken_time": "",
        "supersedes_id": "",
        "relation": "",
    }


def paper_file(n: int, size: int) -> bytes:
    """A PDF-looking file of `size` bytes, different for every `n`."""
    head = b"%PDF-1.4\n% paper " + str(n).encode() + b"\n"
    body = bytes(range(256)) * ((size - len(head)) // 256 + 1)
    return head + body[: size - len(head)]


@dataclass(frozen=True)
class Stored:
    """What the database and the store hold, read back after the servers are gone."""

    integrity: str
    chain_checked: int
    chain_break: str | None
    decisions: list[tuple[int, int, int, str, str]]
    actions: Counter[str]
    decision_event_targets: list[int]
    #: (paper id, version number, sha256, whether the store holds that file whole)
    versions: list[tuple[int, int, str, bool]]
    partial_files: list[str]


def read_back(site: Site) -> Stored:
    """Integrity, the chain, decisions, audit actions, versions and whether their files hold."""
    with committed(site) as session:
        if session.get_bind().dialect.name == "sqlite":
            integrity = session.execute(sa.text("PRAGMA integrity_check")).scalar_one()
        else:  # PostgreSQL recovers by itself; what it cannot is an index left unusable
            invalid = session.execute(
                sa.text("SELECT count(*) FROM pg_index WHERE NOT indisvalid")
            ).scalar_one()
            integrity = "ok" if invalid == 0 else f"{invalid} invalid index(es)"
        checked, broken = verify_stored_chain()
        decisions = [
            tuple(row)
            for row in session.execute(
                sa.select(
                    Decision.board_id,
                    Decision.year,
                    Decision.sequence,
                    Decision.number,
                    Decision.resolution,
                ).order_by(Decision.id)
            )
        ]
        actions = Counter(session.execute(sa.select(AuditEvent.action)).scalars())
        targets = list(
            session.execute(
                sa.select(AuditEvent.target_id).where(AuditEvent.action == "decision.record")
            ).scalars()
        )
        versions = [
            (v.paper_id, v.number, v.sha256, _holds(site.storage, v.sha256, v.size))
            for v in session.execute(sa.select(PaperVersion).order_by(PaperVersion.id)).scalars()
        ]
    tmp = site.storage / "tmp"
    partial = sorted(p.name for p in tmp.iterdir()) if tmp.is_dir() else []
    return Stored(
        integrity,
        checked,
        broken.reason if broken else None,
        decisions,  # type: ignore[arg-type]
        actions,
        targets,
        versions,
        partial,
    )


def _holds(root: Path, sha256: str, size: int) -> bool:
    """The store has a whole file for this version: right size, right SHA-256."""
    path = storage.path_for(root, sha256)
    if not path.is_file() or path.stat().st_size != size:
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == sha256

"""Meetings over ten years, their agendas, papers and versions, and who attended."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from governance.attendance.models import Attendance, AttendanceStatus
from governance.bench.files import PaperFile
from governance.bench.loader import Loader, Row
from governance.bench.people import BoardInfo, People, table
from governance.bench.plan import (
    BENCH_MEETING_ITEMS,
    BENCH_MEETING_PAPERS_PER_ITEM,
    Targets,
    spread,
)
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus, Purpose
from governance.papers.models import Paper, PaperVersion

#: Agenda items that recur on such boards, in their usual order.
ITEMS = [
    ("Apologies and declarations of interest", Purpose.INFORMATION),
    ("Minutes of the last meeting and matters arising", Purpose.DECISION),
    ("Programme manager's report", Purpose.INFORMATION),
    ("Budget monitoring and the Accountable Body's finance report", Purpose.DECISION),
    ("Commissioning a speech and language project", Purpose.DECISION),
    ("The creche's registration", Purpose.DISCUSSION),
    ("Information-sharing protocol with Social Services", Purpose.DECISION),
    ("Children's centre core offer", Purpose.DECISION),
    ("Local evaluation report and action plan", Purpose.DISCUSSION),
    ("Parent development plan", Purpose.DECISION),
    ("Reports from the sub-groups", Purpose.INFORMATION),
    ("Any other business", Purpose.DISCUSSION),
]
SECRETARY_USER = 2


@dataclass
class MeetingInfo:
    id: int
    board: BoardInfo
    starts_at: datetime
    status: MeetingStatus
    items: list[ItemInfo] = field(default_factory=list)
    #: Voting members present, for quorum snapshots.
    present_voting: list[int] = field(default_factory=list)
    filled_voting: int = 0


@dataclass
class ItemInfo:
    id: int
    meeting: MeetingInfo
    title: str
    purpose: Purpose
    confidential: bool
    #: (version id, circulated_at, late) of the versions members could see.
    circulated: list[tuple[int, datetime, bool]] = field(default_factory=list)


def build_meetings(
    load: Loader,
    rng: random.Random,
    targets: Targets,
    people: People,
    files: list[PaperFile],
    today: date,
) -> tuple[list[MeetingInfo], MeetingInfo]:
    """Insert meetings, items, papers, versions and attendance; return them and the bench one."""
    meetings = _meetings(load, rng, targets.meetings, people, today)
    past = [m for m in meetings if m.board.id == 1 and m.starts_at.date() < today]
    bench = max(past or [m for m in meetings if m.board.id == 1], key=lambda m: m.starts_at)
    bench.status = MeetingStatus.HELD
    _insert_meetings(load, meetings, today)
    items = _items(load, rng, targets.agenda_items, meetings, bench)
    _papers(load, rng, targets.paper_versions, items, bench, files, today)
    _attendance(load, rng, targets.attendance, meetings, people)
    return meetings, bench


def _meetings(
    load: Loader, rng: random.Random, n: int, people: People, today: date
) -> list[MeetingInfo]:
    meetings: list[MeetingInfo] = []
    span = (people.end - people.start).days
    for board, count in zip(people.boards, spread(n, len(people.boards)), strict=True):
        for k in range(count):
            offset = int((k + 0.5) * span / count) + rng.randint(-3, 3)
            day = people.start + timedelta(days=min(max(offset, 0), span))
            starts = datetime.combine(day, time(17, 30), tzinfo=UTC)
            if rng.random() < 0.02:
                status = MeetingStatus.CANCELLED
            elif day < today - timedelta(days=60):
                status = MeetingStatus.MINUTES_APPROVED
            elif day < today:
                status = MeetingStatus.HELD
            elif day < today + timedelta(days=14):
                status = MeetingStatus.NOTICE_ISSUED
            else:
                status = MeetingStatus.DRAFT
            meetings.append(MeetingInfo(len(meetings) + 1, board, starts, status))
    return meetings


def _insert_meetings(load: Loader, meetings: list[MeetingInfo], today: date) -> None:
    rows = []
    for m in meetings:
        issued = m.status is not MeetingStatus.DRAFT
        created = m.starts_at - timedelta(days=30)
        rows.append(
            {
                "id": m.id,
                "board_id": m.board.id,
                "title": f"{m.board.name}, {m.starts_at:%B %Y}",
                "starts_at": m.starts_at,
                "ends_at": m.starts_at + timedelta(hours=2),
                "location": "Children's Centre, meeting room 1",
                "online_url": "",
                "status": m.status,
                "cancel_reason": "Not enough members could attend"
                if m.status is MeetingStatus.CANCELLED
                else None,
                "uid": f"bench-meeting-{m.id}@governance",
                "sequence": 1 if issued else 0,
                "series_key": None,
                "notice_issued_at": m.starts_at - timedelta(days=8) if issued else None,
                "agenda_circulated_at": m.starts_at - timedelta(days=8) if issued else None,
                "agenda_late_reason": None,
                "agenda_consent_by_id": None,
                "created_at": created,
                "updated_at": created,
            }
        )
        load.event(created, "meeting.create", "meeting", m.id, "Scheduled a meeting", {}, 2)
        if issued:
            when = m.starts_at - timedelta(days=8)
            load.event(when, "meeting.notice", "meeting", m.id, "Issued notice", {}, 2)
        if m.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
            load.event(m.starts_at + timedelta(hours=3), "meeting.held", "meeting", m.id, "Held")
    load.insert(table(Meeting), rows)


def _items(
    load: Loader, rng: random.Random, n: int, meetings: list[MeetingInfo], bench: MeetingInfo
) -> list[ItemInfo]:
    others = [m for m in meetings if m is not bench]
    counts = spread(n - BENCH_MEETING_ITEMS, len(others))
    # Some meetings run long and some short: move a few items between neighbours.
    for i in range(0, len(counts) - 1, 2):
        shift = rng.randint(0, min(3, counts[i + 1]))
        counts[i], counts[i + 1] = counts[i] + shift, counts[i + 1] - shift
    plan = [(bench, BENCH_MEETING_ITEMS), *zip(others, counts, strict=True)]
    items: list[ItemInfo] = []
    rows: list[Row] = []
    for meeting, count in plan:
        for position in range(count):
            title, purpose = ITEMS[position % len(ITEMS)]
            item = ItemInfo(len(items) + 1, meeting, title, purpose, rng.random() < 0.03)
            meeting.items.append(item)
            items.append(item)
            created = meeting.starts_at - timedelta(days=20)
            rows.append(
                {
                    "id": item.id,
                    "meeting_id": meeting.id,
                    "position": position + 1,
                    "title": title,
                    "description": "",
                    "purpose": purpose,
                    "presenter": "Programme manager",
                    "minutes_allotted": 10,
                    "confidential": item.confidential,
                    "created_at": created,
                }
            )
            load.event(created, "item.create", "agenda_item", item.id, f"Added {title}", {}, 2)
    load.insert(table(AgendaItem), rows)
    return items


def _papers(
    load: Loader,
    rng: random.Random,
    n_versions: int,
    items: list[ItemInfo],
    bench: MeetingInfo,
    files: list[PaperFile],
    today: date,
) -> None:
    # Papers per item: the bench meeting's two each, one version; elsewhere spread at random.
    bench_versions = BENCH_MEETING_ITEMS * BENCH_MEETING_PAPERS_PER_ITEM
    others = [i for i in items if i.meeting is not bench]
    per_item = {item.id: [1] * BENCH_MEETING_PAPERS_PER_ITEM for item in bench.items}
    slots = [0] * len(others)
    for index in rng.choices(range(len(others)), k=max(0, n_versions - bench_versions)):
        slots[index] += 1
    for item, count in zip(others, slots, strict=True):
        shapes = []
        while count > 0:
            size = 2 if count >= 2 and rng.random() < 0.3 else 1
            shapes.append(size)
            count -= size
        per_item[item.id] = shapes
    papers: list[Row] = []
    versions: list[Row] = []
    for item in items:
        meeting = item.meeting
        for shape in per_item.get(item.id, []):
            paper_id = len(papers) + 1
            created = meeting.starts_at - timedelta(days=12)
            papers.append(
                {
                    "id": paper_id,
                    "agenda_item_id": item.id,
                    "title": f"{item.title}: paper {len(per_item[item.id])}",
                    "author_organisation_id": None,
                    "created_at": created,
                }
            )
            load.event(created, "paper.create", "paper", paper_id, "Added a paper", {}, 2)
            for number in range(1, shape + 1):
                versions.append(
                    _version(
                        load, rng, len(versions) + 1, paper_id, number, shape, item, files, today
                    )
                )
    load.insert(table(Paper), papers)
    load.insert(table(PaperVersion), versions)


def _version(
    load: Loader,
    rng: random.Random,
    version_id: int,
    paper_id: int,
    number: int,
    of: int,
    item: ItemInfo,
    files: list[PaperFile],
    today: date,
) -> Row:
    meeting = item.meeting
    file = files[rng.randrange(len(files))]
    revised = number > 1
    uploaded = meeting.starts_at - timedelta(days=3 if revised else 10)
    circulated: datetime | None = uploaded + timedelta(days=2, hours=1)
    late_reason = consent_by = consent_at = None
    if revised or rng.random() < 0.07:
        # Figures that arrived after the deadline: circulated late with the chair's consent.
        circulated = meeting.starts_at - timedelta(days=2)
        late_reason = "Figures from the Accountable Body arrived after the deadline"
        consent_by, consent_at = meeting.board.chair_id, circulated - timedelta(hours=1)
    if meeting.status is MeetingStatus.DRAFT or meeting.starts_at.date() > today + timedelta(
        days=10
    ):
        circulated = late_reason = consent_by = consent_at = None
    if circulated is not None and circulated.date() > today:
        circulated = late_reason = consent_by = consent_at = None
    load.event(uploaded, "paper.version_upload", "paper_version", version_id, "Uploaded", {}, 2)
    if circulated is not None:
        load.event(circulated, "paper.circulate", "paper_version", version_id, "Circulated", {}, 2)
        if number == of:
            item.circulated.append((version_id, circulated, late_reason is not None))
    return {
        "id": version_id,
        "paper_id": paper_id,
        "number": number,
        "sha256": file.sha256,
        "size": file.size,
        "media_type": file.media_type,
        "filename": file.filename,
        "summary": "What the board is asked to do, in plain words.",
        "uploaded_by_id": SECRETARY_USER,
        "uploaded_at": uploaded,
        "circulated_at": circulated,
        "circulated_by_id": SECRETARY_USER if circulated else None,
        "late_reason": late_reason,
        "consent_by_id": consent_by,
        "consent_at": consent_at,
    }


def _attendance(
    load: Loader, rng: random.Random, n: int, meetings: list[MeetingInfo], people: People
) -> None:
    held = [m for m in meetings if m.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)]
    rows: list[Row] = []
    for meeting, quota in zip(held, spread(n, len(held)), strict=True):
        day = meeting.starts_at.date()
        # One row per person, though the same person may hold two seats on a board.
        by_person = {
            t.person_id: t
            for t in reversed(meeting.board.terms)
            if t.starts_on <= day and (t.ends_on is None or t.ends_on >= day)
        }
        seated = sorted(by_person.values(), key=lambda t: t.seat_id)
        meeting.filled_voting = sum(1 for t in seated if t.voting)
        chosen = rng.sample(seated, quota) if quota < len(seated) else seated
        taken = {t.person_id for t in chosen}
        for term in chosen:
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.78 or term.person_id == 1
                else AttendanceStatus.APOLOGIES
                if roll < 0.92
                else AttendanceStatus.ABSENT
            )
            if status is AttendanceStatus.PRESENT and term.voting:
                meeting.present_voting.append(term.person_id)
            rows.append(
                _attendance_row(load, len(rows) + 1, meeting, term.person_id, status, term.seat_id)
            )
        while len(taken) < quota and len(taken) < len(people.person_ids):
            guest = rng.choice(people.person_ids)
            if guest not in taken:
                taken.add(guest)
                rows.append(
                    _attendance_row(
                        load, len(rows) + 1, meeting, guest, AttendanceStatus.IN_ATTENDANCE, None
                    )
                )
    load.insert(table(Attendance), rows)


def _attendance_row(
    load: Loader,
    row_id: int,
    meeting: MeetingInfo,
    person_id: int,
    status: AttendanceStatus,
    seat_id: int | None,
) -> Row:
    when = meeting.starts_at + timedelta(hours=2)
    load.event(when, "attendance.record", "attendance", row_id, f"Recorded {status.value}", {}, 2)
    return {
        "id": row_id,
        "meeting_id": meeting.id,
        "person_id": person_id,
        "status": status,
        "seat_id": seat_id,
        "deputy_for_id": None,
        "arrived_at": None,
        "departed_at": None,
        "note": "Programme manager" if status is AttendanceStatus.IN_ATTENDANCE else "",
        "apologies_sent_at": None,
        "created_at": when,
    }

"""A year of the demo board's meetings: agendas, papers mostly on time, a few late, one tabled.

Built through the operations, like the rest of the demo, by the secretary with the clock set
back for each step (`timeline.step`), so that scheduling, notice, uploads and circulation fall
where they would have in a real year, in the record and in the audit log alike.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app

from governance.boards.models import Board, OfficerRole, Organisation, Person
from governance.boards.operations import assign_officer
from governance.demo.timeline import no_later_than, secretary, step
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations, rules
from governance.meetings.models import Meeting, MeetingStatus, Purpose
from governance.papers import circulation, consent
from governance.papers.files import storage
from governance.papers.models import ConsentVia
from governance.papers.operations import add_version, upload_paper, withdraw_version


class Item(NamedTuple):
    title: str
    purpose: Purpose
    presenter: str
    paper: str | None = None
    summary: str = ""
    author: str | None = None
    confidential: bool = False


COUNCIL = "Northbank Metropolitan Borough Council"
PCT = "Northbank Primary Care Trust"

STANDING = (
    Item("Apologies and declarations of interest", Purpose.INFORMATION, "Chair"),
    Item(
        "Minutes of the last meeting and matters arising",
        Purpose.DECISION,
        "Chair",
        "Draft minutes",
        "Are these minutes a true record of the last meeting?",
    ),
    Item(
        "Programme manager's report",
        Purpose.INFORMATION,
        "Programme manager",
        "Programme manager's report",
        "What the programme has done since the last meeting.",
    ),
    Item(
        "Budget monitoring: Accountable Body finance report",
        Purpose.DECISION,
        "Finance officer",
        "Budget monitoring report",
        "Spending so far against the year's budget; the board is asked to note an underspend "
        "on the crèche and agree to move it to outreach.",
        COUNCIL,
    ),
)

ROTATING = (
    Item(
        "Commissioning a speech and language project",
        Purpose.DECISION,
        "Health visiting lead",
        "Speech and language project proposal",
        "Whether to fund a two-year speech and language project for under-threes, and which "
        "provider the panel recommends.",
        PCT,
        True,
    ),
    Item(
        "Crèche registration",
        Purpose.INFORMATION,
        "Programme manager",
        "Crèche registration update",
        "Where the crèche's registration has got to and what happens next.",
    ),
    Item(
        "Information-sharing protocol with the Accountable Body and Social Services",
        Purpose.DECISION,
        "Social Services",
        "Information-sharing protocol",
        "Whether to sign a protocol saying what family information may be shared, with whom, "
        "and how families are told.",
        COUNCIL,
    ),
    Item(
        "Children's centre core offer",
        Purpose.DISCUSSION,
        "Programme manager",
        "Core offer and the new building",
        "Which services move into the new building first.",
    ),
    Item(
        "Local evaluation report and action plan",
        Purpose.DECISION,
        "Local evaluator",
        "Local evaluation report",
        "What the evaluation found and the actions proposed; the "
        "board is asked to adopt the action plan.",
    ),
    Item(
        "Parent development plan",
        Purpose.DECISION,
        "Parent representative",
        "Parent development plan",
        "Training, buddying and support for parent representatives over the next year.",
    ),
)

CLOSING = (
    Item(
        "Reports from the sub-groups",
        Purpose.INFORMATION,
        "Sub-group chairs",
        "Sub-group reports",
        "Short reports from the development, communications and finance sub-groups.",
    ),
    Item("Any other business", Purpose.INFORMATION, "Chair"),
)

LATE_REASONS = {
    "Budget monitoring report": "Figures from the Accountable Body arrived after the deadline.",
    "Local evaluation report": "The evaluator's final draft was delivered late.",
}


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF showing a title and some lines of text."""

    def esc(text: str) -> str:
        plain = text.encode("latin-1", "replace").decode("latin-1")
        return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 60 780 Td ({esc(title)}) Tj ET"]
    rows += [
        f"BT /F1 11 Tf 60 {750 - 18 * n} Td ({esc(line)}) Tj ET" for n, line in enumerate(lines)
    ]
    stream = "\n".join(rows).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _agenda(n: int) -> tuple[Item, ...]:
    """Standing items, two rotating ones, and the closing items."""
    picks = (ROTATING[(2 * n) % len(ROTATING)], ROTATING[(2 * n + 1) % len(ROTATING)])
    return STANDING + picks + CLOSING


def _add_papers(meeting: Meeting, items: tuple[Item, ...], orgs: dict[str, Organisation]) -> list:
    root = Path(current_app.config["STORAGE_PATH"])
    versions = []
    for agenda_item, spec in zip(meeting.items, items, strict=True):
        if spec.paper is None:
            continue
        content = _pdf(
            f"{meeting.board.name}: {spec.paper}",
            [f"Meeting of {meeting.starts_at:%d %B %Y}", spec.summary[:90]],
        )
        stored = storage.store(io.BytesIO(content), root, 5 * 1024 * 1024)
        filename = spec.paper.lower().replace(" ", "-").replace("'", "") + ".pdf"
        versions.append(
            upload_paper(
                None,
                agenda_item,
                spec.paper,
                orgs.get(spec.author or ""),
                stored,
                filename,
                spec.summary,
            )
        )
    return versions


def _schedule(board: Board, day: date, n: int, orgs: dict[str, Organisation]):
    items = _agenda(n)
    meeting = operations.schedule_meeting(
        None,
        board,
        {
            "title": "Partnership Board meeting",
            "starts_at": rules.local_datetime(day, time(10), board.timezone),
            "ends_at": rules.local_datetime(day, time(12, 30), board.timezone),
            "location": "Northbank Children's Centre, Community Room",
            "online_url": "",
        },
    )
    for spec in items:
        operations.save_item(
            None,
            meeting,
            None,
            {
                "title": spec.title,
                "purpose": spec.purpose,
                "presenter": spec.presenter,
                "minutes_allotted": 15,
                "confidential": spec.confidential,
            },
        )
    return meeting, items


def _circulate_year(meeting: Meeting, versions: list, chair: Person, n: int) -> None:
    """Mostly on time; the budget report late at some meetings, tabled on the day at one."""
    deadline = circulation.timing(meeting).deadline
    on_time, late = [], []
    for version in versions:
        title = version.paper.title
        if title in LATE_REASONS and (n % 3 == 1 or (title.startswith("Budget") and n == 4)):
            late.append(version)
        else:
            on_time.append(version)
    when = deadline - timedelta(days=2, hours=3)
    with step(when, secretary()):
        circulation.circulate(None, meeting, on_time, include_agenda=True, now=when)
    for version in late:
        tabled = version.paper.title.startswith("Budget") and n == 4
        when = meeting.starts_at - timedelta(hours=1) if tabled else deadline + timedelta(days=1)
        _late_with_consent(meeting, version, chair, n, when)


def _late_with_consent(meeting: Meeting, version, chair: Person, n: int, when: datetime) -> None:
    """A late paper goes out with the chair's consent: asked by the secretary and granted by
    the chair in the app at some meetings, given by phone and recorded on the chair's word at
    others, so the record shows both kinds."""
    writer = next(o.person.user for o in meeting.board.officers if o.role is OfficerRole.SECRETARY)
    reason = LATE_REASONS[version.paper.title]
    if n % 2:
        with step(when - timedelta(hours=2), writer):
            asked = consent.request_consent(
                writer,
                meeting,
                [version],
                include_agenda=False,
                reason=reason,
                now=when - timedelta(hours=2),
            )
        with step(when, chair.user):
            consent.grant(asked, chair, ConsentVia.APP, chair.user, now=when)
        return
    with step(when, writer):
        consent.record_chairs_word(
            writer,
            meeting,
            [version],
            include_agenda=False,
            reason=reason,
            chair=chair,
            note="By phone.",
            now=when,
        )


def seed_pending_consent(board: Board, today: date) -> None:
    """A short-notice meeting of the Children's Centre Development Group whose paper waits for
    the chair's consent. Its chair is on leave, so its vice-chair, the board's chair (a demo
    login), is asked too: the request is on her home page under "needs doing"."""
    group = next(b for b in board.subgroups if b.code == "CCDG")
    vice = next(o.person for o in board.officers if o.role is OfficerRole.CHAIR)
    secretary = next(o.person.user for o in board.officers if o.role is OfficerRole.SECRETARY)
    assign_officer(None, group, vice, OfficerRole.CHAIR)
    first_message = db.session.execute(sa.select(sa.func.max(OutboxMessage.id))).scalar() or 0
    now = datetime.combine(today, time(9), tzinfo=UTC)
    starts = rules.local_datetime(today + timedelta(days=3), time(14), group.timezone)
    meeting = operations.schedule_meeting(
        None,
        group,
        {
            "title": "Extraordinary meeting: crèche registration",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "location": "Northbank Children's Centre, Meeting Room 2",
            "online_url": "",
        },
    )
    operations.save_item(
        None,
        meeting,
        None,
        {
            "title": "The inspector's letter on crèche registration",
            "purpose": Purpose.DECISION,
            "presenter": "Programme Manager",
            "minutes_allotted": 30,
            "confidential": False,
        },
    )
    operations.issue_notice(None, meeting, now=now - timedelta(hours=1))
    spec = Item(
        "The inspector's letter on crèche registration",
        Purpose.DECISION,
        "Programme Manager",
        "Ofsted letter and action plan",
        "What the inspector asked us to fix before the crèche can reopen, and the plan to do it.",
    )
    [version] = _add_papers(meeting, (spec,), {})
    consent.request_consent(
        secretary,
        meeting,
        [version],
        include_agenda=True,
        reason="The inspector's letter arrived on Friday, after the deadline; the crèche cannot"
        " reopen until the board agrees the plan.",
        now=now,
    )
    # The demo is loaded after the fact: the mails of this morning were never sent.
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id > first_message))


def seed_meetings(board: Board, today: date) -> int:
    """The first Tuesday of every other month: a year of held meetings, the next one with
    notice given and some papers out, and the one after that still a draft."""
    orgs = {o.name: o for o in db.session.execute(sa.select(Organisation)).scalars()}
    chair = next(o.person for o in board.officers if o.role is OfficerRole.CHAIR)
    # "Now" is nine o'clock on the given day, so the demo is the same whenever it is loaded.
    now = datetime.combine(today, time(9), tzinfo=UTC)
    first = today - timedelta(days=330)
    days = rules.series_dates(first, weekday=1, nth=1, every_months=2, count=8)
    upcoming = 0
    writer = secretary()
    for n, day in enumerate(days):
        starts = rules.local_datetime(day, time(10), board.timezone)
        # Put in the diary six weeks ahead (or a few days ago, for a meeting coming up soon).
        with step(no_later_than(starts - timedelta(days=42), today, timedelta(days=3)), writer):
            meeting, items = _schedule(board, day, n, orgs)
        deadline = circulation.timing(meeting).deadline
        # The authors' papers came in a few days before the circulation deadline.
        with step(no_later_than(deadline - timedelta(days=4), today, timedelta(hours=2)), writer):
            versions = _add_papers(meeting, items, orgs)
        if meeting.ends_at < now:
            noticed = meeting.starts_at - timedelta(days=28)
            with step(noticed, writer):
                operations.issue_notice(None, meeting, now=noticed)
            _circulate_year(meeting, versions, chair, n)
            with step(meeting.ends_at, writer):
                operations.mark_held(None, meeting, now=meeting.ends_at)
        elif upcoming == 0:
            upcoming += 1
            noticed = min(now, meeting.starts_at - timedelta(days=28))
            with step(noticed, writer):
                operations.issue_notice(None, meeting, now=noticed)
            if deadline > now:
                with step(now, writer):
                    circulation.circulate(
                        None, meeting, versions[: len(versions) // 2], include_agenda=True, now=now
                    )
    # The mails these past meetings would have caused were never sent and never will be:
    # the demo is loaded after the fact, so its outbox starts empty.
    db.session.execute(sa.delete(OutboxMessage))
    return len(days)


#: The demo's withdrawn upload: an old draft put on the next meeting's paper, then withdrawn.
WITHDRAWAL_REASON = (
    "An old draft uploaded by mistake; version 1 is the paper to read. Withdrawn before it "
    "was circulated."
)


def wrong_file(paper_title: str) -> str:
    """The name of the old draft the demo's secretary uploads by mistake."""
    return paper_title.lower().replace(" ", "-").replace("'", "") + "-old-draft.pdf"


def seed_withdrawn_version(board: Board, today: date) -> int:
    """On the next meeting, the secretary uploads an old draft as a new version of a paper
    not yet circulated, then withdraws it with the reason; returns how many were withdrawn."""
    now = datetime.combine(today, time(9), tzinfo=UTC)
    meeting = db.session.execute(
        sa.select(Meeting)
        .where(
            Meeting.board_id == board.id,
            Meeting.starts_at > now,
            Meeting.status == MeetingStatus.NOTICE_ISSUED,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    ).scalar_one_or_none()
    if meeting is None:
        return 0
    waiting = [p for item in meeting.items for p in item.papers if p.circulated is None]
    if not waiting:
        return 0
    paper = waiting[0]
    secretary = next(o.person for o in board.officers if o.role is OfficerRole.SECRETARY)
    actor = secretary.user
    content = _pdf(f"{board.name}: {paper.title} (old draft)", ["An earlier draft"])
    root = Path(current_app.config["STORAGE_PATH"])
    stored = storage.store(io.BytesIO(content), root, 5 * 1024 * 1024)
    summary = paper.latest.summary if paper.latest is not None else ""
    # Uploaded and withdrawn as the demo is loaded, like the version it was meant to replace.
    version = add_version(actor, paper, stored, wrong_file(paper.title), summary)
    withdraw_version(actor, version, WITHDRAWAL_REASON)
    return 1

"""Reads of the papers area, each in a fixed number of statements however many papers there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governance.auth.models import User
from governance.boards.models import (
    Board,
    BoardOfficer,
    OfficerRole,
    Organisation,
    Person,
)
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.meetings.queries import member_ids
from governance.meetings.rules import Circulation, circulation_deadline
from governance.papers.models import (
    ConsentRequest,
    ConsentStatus,
    OpenKind,
    Paper,
    PaperOpen,
    PaperVersion,
)


@dataclass(frozen=True)
class OpenCounts:
    """How many of the meeting's members have opened at least one circulated paper."""

    opened: int
    members: int


def open_counts(meeting: Meeting) -> OpenCounts:
    """'7 of 12 members have opened the pack', in one statement.

    Members are the meeting's members (`meetings.queries.member_ids`, the count behind every
    figure about them); only their opens count, so the secretary checking the pack does not
    make the figure read 13 of 12.
    """
    members = member_ids(meeting)
    opened = (
        sa.select(sa.func.count(sa.distinct(User.person_id)))
        .select_from(PaperOpen)
        .join(User, User.id == PaperOpen.user_id)
        .join(PaperVersion, PaperVersion.id == PaperOpen.paper_version_id)
        .join(Paper, Paper.id == PaperVersion.paper_id)
        .join(AgendaItem, AgendaItem.id == Paper.agenda_item_id)
        .where(
            AgendaItem.meeting_id == meeting.id,
            PaperVersion.circulated_at.is_not(None),
            User.person_id.in_(members),
        )
    )
    member_count = sa.select(sa.func.count(sa.distinct(members.subquery().c.person_id)))
    row = db.session.execute(
        sa.select(opened.scalar_subquery(), member_count.scalar_subquery())
    ).one()
    return OpenCounts(opened=row[0], members=row[1])


def paper_for_page(paper_id: int) -> Paper | None:
    """A paper with its item, meeting, board, author and every version."""
    return db.session.execute(
        sa.select(Paper)
        .where(Paper.id == paper_id)
        .options(
            joinedload(Paper.item).joinedload(AgendaItem.meeting).joinedload(Meeting.board),
            joinedload(Paper.author_organisation),
            selectinload(Paper.versions).joinedload(PaperVersion.consent_by),
        )
    ).scalar_one_or_none()


@dataclass(frozen=True)
class Opener:
    """One person's opening of one version of a paper."""

    name: str
    version: int
    times: int
    downloads: int
    last_opened_at: datetime


def openers(paper_id: int) -> list[Opener]:
    """Who has opened each version of a paper, how often, and when last."""
    downloads = sa.func.sum(sa.case((PaperOpen.kind == OpenKind.DOWNLOAD, 1), else_=0))
    rows = db.session.execute(
        sa.select(
            Person.full_name,
            PaperVersion.number,
            sa.func.count(PaperOpen.id),
            downloads,
            sa.func.max(PaperOpen.opened_at),
        )
        .select_from(PaperOpen)
        .join(PaperVersion, PaperVersion.id == PaperOpen.paper_version_id)
        .join(User, User.id == PaperOpen.user_id)
        .join(Person, Person.id == User.person_id)
        .where(PaperVersion.paper_id == paper_id)
        .group_by(Person.id, Person.full_name, PaperVersion.number)
        .order_by(PaperVersion.number.desc(), Person.full_name)
    ).all()
    return [
        Opener(name, number, times, int(dl or 0), last) for name, number, times, dl, last in rows
    ]


def version_with_item(version_id: int) -> PaperVersion | None:
    """A version with what its permission check reads: paper, item, meeting, board."""
    return db.session.execute(
        sa.select(PaperVersion)
        .where(PaperVersion.id == version_id)
        .options(
            joinedload(PaperVersion.paper)
            .joinedload(Paper.item)
            .joinedload(AgendaItem.meeting)
            .joinedload(Meeting.board)
        )
    ).scalar_one_or_none()


def meeting_with_papers(meeting_id: int) -> Meeting | None:
    """A meeting with its board, agenda items, their papers and every version."""
    return db.session.execute(
        sa.select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.board),
            selectinload(Meeting.items)
            .selectinload(AgendaItem.papers)
            .selectinload(Paper.versions),
        )
    ).scalar_one_or_none()


def meeting_with_agenda(meeting_id: int) -> Meeting | None:
    """A meeting with its board, items, papers, versions and the chairs who consented."""
    return db.session.execute(
        sa.select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.board)
            .selectinload(Board.officers)
            .selectinload(BoardOfficer.person),
            selectinload(Meeting.items)
            .selectinload(AgendaItem.papers)
            .selectinload(Paper.versions)
            .selectinload(PaperVersion.consent_by),
            selectinload(Meeting.items)
            .selectinload(AgendaItem.papers)
            .selectinload(Paper.versions)
            .selectinload(PaperVersion.consent_request),
            selectinload(Meeting.items)
            .selectinload(AgendaItem.papers)
            .selectinload(Paper.author_organisation),
            selectinload(Meeting.withdrawn_items),
        )
    ).scalar_one_or_none()


def circulations(board: Board, since: datetime | None = None) -> list[Circulation]:
    """Each paper's first circulation for the board's meetings that were not cancelled."""
    # Grouped over the board's own papers only (a subquery grouping every paper version in the
    # database read all of them: 737 ms at county scale); papers never circulated drop out.
    at = sa.func.min(PaperVersion.circulated_at).label("at")
    query = (
        sa.select(Meeting.id, Meeting.starts_at, at, Paper.author_organisation_id)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .join(Paper, Paper.agenda_item_id == AgendaItem.id)
        .join(PaperVersion, PaperVersion.paper_id == Paper.id)
        .where(
            Meeting.board_id == board.id,
            Meeting.status != MeetingStatus.CANCELLED,
            PaperVersion.circulated_at.is_not(None),
        )
        .group_by(Paper.id, Meeting.id, Meeting.starts_at, Paper.author_organisation_id)
        .order_by(Meeting.starts_at, Paper.id)
    )
    if since is not None:
        query = query.where(Meeting.starts_at >= since)
    rows = db.session.execute(query).all()
    names = _organisation_names({r.author_organisation_id for r in rows})
    deadlines: dict[int, datetime] = {}  # one per meeting, not one per paper
    result = []
    for meeting_id, starts_at, first_at, author_id in rows:
        if meeting_id not in deadlines:
            deadlines[meeting_id] = circulation_deadline(
                starts_at, board.timezone, board.notice_clear_days, board.notice_working_days
            )
        result.append(
            Circulation(
                meeting_id=meeting_id,
                meeting_starts_at=starts_at,
                circulated_at=first_at,
                deadline=deadlines[meeting_id],
                timezone=board.timezone,
                author=names.get(author_id),
                working_days=board.notice_working_days,
            )
        )
    return result


def meeting_titles(ids: set[int]) -> dict[int, str]:
    """The titles of these meetings, by id (one statement; none for no meetings)."""
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Meeting.id, Meeting.title).where(Meeting.id.in_(ids)))
    return {meeting_id: title for meeting_id, title in rows}


def _organisation_names(ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def consent_requests_of(meeting: Meeting) -> list[ConsentRequest]:
    """A meeting's requests for the chair's consent to late circulation, newest first."""
    return list(
        db.session.execute(
            sa.select(ConsentRequest)
            .where(ConsentRequest.meeting_id == meeting.id)
            .options(
                selectinload(ConsentRequest.versions).joinedload(PaperVersion.paper),
                joinedload(ConsentRequest.answered_by),
            )
            .order_by(ConsentRequest.requested_at.desc(), ConsentRequest.id.desc())
        ).scalars()
    )


def consent_requests_for_chair(
    person_id: int | None, *, pending_only: bool
) -> list[ConsentRequest]:
    """Requests to the boards this person chairs: those waiting (or all), oldest waiting first."""
    if person_id is None:
        return []
    chaired = sa.select(BoardOfficer.board_id).where(
        BoardOfficer.person_id == person_id, BoardOfficer.role == OfficerRole.CHAIR
    )
    query = (
        sa.select(ConsentRequest)
        .join(Meeting, Meeting.id == ConsentRequest.meeting_id)
        .where(Meeting.board_id.in_(chaired))
        .options(
            joinedload(ConsentRequest.meeting).joinedload(Meeting.board),
            selectinload(ConsentRequest.versions)
            .joinedload(PaperVersion.paper)
            .joinedload(Paper.item),
            joinedload(ConsentRequest.answered_by),
        )
    )
    if pending_only:
        query = query.where(ConsentRequest.status == ConsentStatus.PENDING).order_by(
            ConsentRequest.requested_at, ConsentRequest.id
        )
    else:
        query = query.order_by(ConsentRequest.requested_at.desc(), ConsentRequest.id.desc()).limit(
            50
        )
    return list(db.session.execute(query).scalars())

"""Reads of the meetings area, each in a fixed number of statements."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from governance.boards.models import Appointment, Board, BoardOfficer, Organisation, Person
from governance.boards.queries import member_ids_on
from governance.extensions import db
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.meetings.rules import Circulation, circulation_deadline, local_date
from governance.papers.models import Paper, PaperVersion


def board_meetings(board: Board) -> list[Meeting]:
    """Every meeting of a board, newest first."""
    return list(
        db.session.execute(
            sa.select(Meeting)
            .where(Meeting.board_id == board.id)
            .options(selectinload(Meeting.items))
            .order_by(Meeting.starts_at.desc())
        ).scalars()
    )


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
            .selectinload(Paper.author_organisation),
        )
    ).scalar_one_or_none()


def recipients(meeting: Meeting) -> list[Person]:
    """Members on the meeting day and the board's officers who have an email address.

    Loaded with what `permissions.person_sees_confidential` reads (seats, offices, account), so
    a mail built per recipient costs no statement per person.
    """
    day = local_date(meeting.starts_at, meeting.board.timezone)
    members = member_ids_on(meeting.board_id, day)
    officers = sa.select(BoardOfficer.person_id).where(BoardOfficer.board_id == meeting.board_id)
    return list(
        db.session.execute(
            sa.select(Person)
            .where(Person.id.in_(members.union(officers)), Person.email.is_not(None))
            .options(
                selectinload(Person.appointments).selectinload(Appointment.seat),
                selectinload(Person.offices),
                selectinload(Person.user),
            )
            .order_by(Person.id)
        ).scalars()
    )


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
            )
        )
    return result


def _organisation_names(ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}

"""Reads of induction that load what a page shows in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from governance import clock
from governance.auth.models import User
from governance.boards.models import Board, BoardOfficer, Person
from governance.boards.queries import member_ids_on
from governance.extensions import db
from governance.induction import rules
from governance.induction.models import (
    InductionItem,
    InductionMaterial,
    InductionProgramme,
    InductionRecord,
    InductionStep,
    MaterialRead,
)


@dataclass(frozen=True)
class RecordView:
    """A record with where it stands today and its material, for the pages that list them."""

    record: InductionRecord
    progress: rules.Progress
    #: Current material of the record's steps, each with when this person first opened it.
    materials: tuple[tuple[InductionMaterial, datetime | None], ...]
    today: date

    @property
    def materials_read(self) -> int:
        return sum(1 for _, opened in self.materials if opened is not None)

    def unread_of(self, item: InductionItem) -> list[InductionMaterial]:
        """The item's step's current material this person has not opened yet."""
        return [m for m, opened in self.materials if m.step_id == item.step_id and opened is None]

    @property
    def next_step(self) -> InductionItem | None:
        """The step to do next: the longest overdue, else the soonest due."""
        overdue = self.progress.overdue
        return overdue[0] if overdue else self.progress.next


def programme_page(board: Board) -> InductionProgramme | None:
    """The board's programme with its steps and their material."""
    return db.session.execute(
        sa.select(InductionProgramme)
        .where(InductionProgramme.board_id == board.id)
        .options(selectinload(InductionProgramme.steps).selectinload(InductionStep.materials))
    ).scalar_one_or_none()


def first_reads(user_ids: set[int], material_ids: set[int]) -> dict[tuple[int, int], datetime]:
    """When each of these users first opened each of these pieces of material."""
    if not user_ids or not material_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            MaterialRead.user_id, MaterialRead.material_id, sa.func.min(MaterialRead.opened_at)
        )
        .where(MaterialRead.user_id.in_(user_ids), MaterialRead.material_id.in_(material_ids))
        .group_by(MaterialRead.user_id, MaterialRead.material_id)
    )
    result: dict[tuple[int, int], datetime] = {}
    for user_id, material_id, opened in rows:
        # Aggregates bypass the column type: SQLite hands back a naive string or datetime.
        if isinstance(opened, str):
            opened = datetime.fromisoformat(opened)
        if opened is not None and opened.tzinfo is None:
            from datetime import UTC

            opened = opened.replace(tzinfo=UTC)
        result[(user_id, material_id)] = opened
    return result


def _record_options() -> list:
    return [
        joinedload(InductionRecord.person).joinedload(Person.user),
        joinedload(InductionRecord.buddy),
        joinedload(InductionRecord.board),
        selectinload(InductionRecord.items)
        .joinedload(InductionItem.step)
        .selectinload(InductionStep.materials),
        selectinload(InductionRecord.items).joinedload(InductionItem.done_by),
    ]


def _views(records: list[InductionRecord]) -> list[RecordView]:
    """Each record with its progress today and its material with first reads."""
    user_ids = {r.person.user.id for r in records if r.person.user is not None}
    material_ids = {
        m.id for r in records for i in r.items for m in i.step.materials if m.retired_at is None
    }
    reads = first_reads(user_ids, material_ids)
    views = []
    for record in records:
        today = clock.today(record.board.timezone)
        user_id = record.person.user.id if record.person.user is not None else None
        materials = tuple(
            (m, reads.get((user_id, m.id)) if user_id is not None else None)
            for item in record.items
            for m in item.step.materials
            if m.retired_at is None
        )
        views.append(RecordView(record, rules.progress(record.items, today), materials, today))
    return views


def record_view(record_id: int) -> RecordView | None:
    """One record, for its own page."""
    record = (
        db.session.execute(
            sa.select(InductionRecord)
            .where(InductionRecord.id == record_id)
            .options(*_record_options())
        )
        .unique()
        .scalar_one_or_none()
    )
    return _views([record])[0] if record is not None else None


def unread_titles(user: User, step: InductionStep, besides: int | None = None) -> list[str]:
    """The titles of the step's current material this user has never opened (leaving out the
    material `besides`, being opened now)."""
    current = [m for m in step.active_materials if m.id != besides]
    reads = first_reads({user.id}, {m.id for m in current})
    return [m.title for m in current if (user.id, m.id) not in reads]


def own_item(user: User, step: InductionStep) -> InductionItem | None:
    """The user's own item for this step, on their induction record, if they have one."""
    return (
        db.session.execute(
            sa.select(InductionItem)
            .join(InductionRecord, InductionItem.record_id == InductionRecord.id)
            .where(InductionItem.step_id == step.id, InductionRecord.person_id == user.person_id)
            .limit(1)
        )
        .scalars()
        .first()
    )


def my_inductions(user: User) -> list[RecordView]:
    """The signed-in person's own inductions, for the home page (under way ones first)."""
    records = list(
        db.session.execute(
            sa.select(InductionRecord)
            .where(InductionRecord.person_id == user.person_id)
            .options(*_record_options())
            .order_by(InductionRecord.completed_on.is_not(None), InductionRecord.starts_on.desc())
        )
        .unique()
        .scalars()
    )
    return _views(records)


def buddying(user: User) -> list[InductionRecord]:
    """Inductions under way in which the user is the buddy."""
    return list(
        db.session.execute(
            sa.select(InductionRecord)
            .where(
                InductionRecord.buddy_id == user.person_id, InductionRecord.completed_on.is_(None)
            )
            .options(joinedload(InductionRecord.person), joinedload(InductionRecord.board))
            .order_by(InductionRecord.starts_on)
        ).scalars()
    )


def current_member_ids(board: Board, on: date) -> set[int]:
    """People holding a seat on the board on a day."""
    return set(db.session.execute(member_ids_on(board.id, on)).scalars())


def overview(board: Board) -> tuple[list[RecordView], int]:
    """The board's inductions of current members, furthest behind first, and how many
    earlier records belong to people who have since left."""
    records = list(
        db.session.execute(
            sa.select(InductionRecord)
            .where(InductionRecord.board_id == board.id)
            .options(*_record_options())
        )
        .unique()
        .scalars()
    )
    current = current_member_ids(board, clock.today(board.timezone))
    views = _views([r for r in records if r.person_id in current])
    views.sort(
        key=lambda v: (
            v.progress.complete,
            -len(v.progress.overdue),
            v.record.starts_on,
            v.record.person.full_name,
        )
    )
    return views, len(records) - len(views)


def board_status(board: Board) -> dict[int, tuple[int, rules.Progress]]:
    """Each person's induction record on the board and where it stands today, by person id."""
    records = db.session.execute(
        sa.select(InductionRecord)
        .where(InductionRecord.board_id == board.id)
        .options(selectinload(InductionRecord.items))
    ).scalars()
    today = clock.today(board.timezone)
    return {r.person_id: (r.id, rules.progress(r.items, today)) for r in records}


def readers(material: InductionMaterial) -> list[tuple[Person, datetime, int]]:
    """Who has opened a piece of material: each person, when first, and how many times."""

    rows = db.session.execute(
        sa.select(Person, sa.func.min(MaterialRead.opened_at), sa.func.count())
        .join(User, User.person_id == Person.id)
        .join(MaterialRead, MaterialRead.user_id == User.id)
        .where(MaterialRead.material_id == material.id)
        .group_by(Person.id)
        .order_by(Person.full_name)
    )
    result = []
    for person, opened, count in rows:
        if isinstance(opened, str):
            opened = datetime.fromisoformat(opened)
        result.append((person, opened, count))
    return result


def buddy_candidates(record: InductionRecord) -> list[Person]:
    """Who may buddy a new member: the board's other current members, and its officers."""
    on = clock.today(record.board.timezone)
    members = current_member_ids(record.board, on)
    officers = set(
        db.session.execute(
            sa.select(BoardOfficer.person_id).where(BoardOfficer.board_id == record.board_id)
        ).scalars()
    )
    ids = (members | officers) - {record.person_id}
    return list(
        db.session.execute(
            sa.select(Person).where(Person.id.in_(ids)).order_by(Person.full_name, Person.id)
        ).scalars()
    )

"""The writes of induction: programmes and steps, records and sign-offs, buddies.

Each checks its rules, changes the models, records the audit event and flushes; none commits.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance import clock
from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.boards.models import Appointment, Board, Person
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.induction import queries, rules
from governance.induction.defaults import DEFAULT_STEPS, DEFAULT_TITLE
from governance.induction.models import (
    InductionItem,
    InductionProgramme,
    InductionRecord,
    InductionStep,
    StepKind,
)

if TYPE_CHECKING:
    from governance.auth.models import User


# Programmes and steps -------------------------------------------------------------------------


def programme_of(board: Board) -> InductionProgramme | None:
    """The board's programme, if it has one."""
    return db.session.execute(
        sa.select(InductionProgramme).where(InductionProgramme.board_id == board.id)
    ).scalar_one_or_none()


def ensure_programme(actor: User | None, board: Board) -> InductionProgramme:
    """The board's programme, first made from the default parent programme if it has none."""
    programme = programme_of(board)
    if programme is not None:
        return programme
    programme = InductionProgramme(board=board, title=DEFAULT_TITLE)
    db.session.add(programme)
    for position, spec in enumerate(DEFAULT_STEPS, start=1):
        db.session.add(
            InductionStep(
                programme=programme,
                position=position * 10,
                title=spec.title,
                description=spec.description,
                kind=spec.kind,
                due_offset_days=spec.due_offset_days,
            )
        )
    record_event(
        actor,
        "induction.programme_create",
        programme,
        f"Started the default induction programme for board {board.id}",
        {"board_id": [None, board.id], "steps": [None, [s.title for s in DEFAULT_STEPS]]},
    )
    return programme


def _open_records(board_id: int) -> list[InductionRecord]:
    return list(
        db.session.execute(
            sa.select(InductionRecord).where(
                InductionRecord.board_id == board_id, InductionRecord.completed_on.is_(None)
            )
        ).scalars()
    )


def _items_of(step: InductionStep) -> list[InductionItem]:
    return list(
        db.session.execute(sa.select(InductionItem).where(InductionItem.step_id == step.id))
        .scalars()
        .all()
    )


def add_step(actor: User | None, board: Board, values: dict[str, Any]) -> InductionStep:
    """Add a step at the end of the board's programme; inductions under way gain it too."""
    checked = rules.check_step(
        values.get("title", ""),
        values.get("description", ""),
        values.get("kind", ""),
        values.get("due_offset_days"),
    )
    programme = ensure_programme(actor, board)
    last = db.session.execute(
        sa.select(sa.func.max(InductionStep.position)).where(
            InductionStep.programme_id == programme.id
        )
    ).scalar_one()
    step = InductionStep(
        programme=programme,
        position=(last or 0) + 10,
        title=checked.title,
        description=checked.description,
        kind=checked.kind,
        due_offset_days=checked.due_offset_days,
    )
    db.session.add(step)
    db.session.flush()
    records = _open_records(board.id)
    for record in records:
        db.session.add(_item(record, step))
    record_event(
        actor,
        "induction.step_create",
        step,
        f"Added induction step “{step.title}” to board {board.id}",
        {
            "title": [None, step.title],
            "kind": [None, step.kind.value],
            "due_offset_days": [None, step.due_offset_days],
            "records_updated": [None, len(records)],
        },
    )
    return step


def edit_step(actor: User | None, step: InductionStep, values: dict[str, Any]) -> InductionStep:
    """Change a step; open items follow, while items already done stay as signed off."""
    checked = rules.check_step(
        values.get("title", ""),
        values.get("description", ""),
        values.get("kind", ""),
        values.get("due_offset_days"),
    )
    if step.retired_on is not None:
        raise DomainError("This step has been retired; add a new step instead.")
    changes = apply_changes(
        step,
        {
            "title": checked.title,
            "description": checked.description,
            "kind": checked.kind,
            "due_offset_days": checked.due_offset_days,
        },
    )
    if not changes:
        return step
    followed = 0
    for item in _items_of(step):
        if item.done_on is None:
            item.title, item.kind = step.title, step.kind
            item.due_on = rules.due_on(item.record.starts_on, step.due_offset_days)
            followed += 1
    changes["open_items_updated"] = [None, followed]
    record_event(actor, "induction.step_update", step, f"Changed induction step {step.id}", changes)
    return step


def move_step(actor: User | None, step: InductionStep, direction: str) -> InductionStep:
    """Move a step up or down the programme."""
    active = step.programme.active_steps
    order = rules.moved([s.id for s in active], step.id, direction)
    by_id = {s.id: s for s in active}
    for position, step_id in enumerate(order, start=1):
        by_id[step_id].position = position * 10
    record_event(
        actor,
        "induction.step_move",
        step,
        f"Moved induction step {step.id} {direction}",
        {"position": [None, step.position]},
    )
    return step


def retire_step(actor: User | None, step: InductionStep) -> InductionStep:
    """Take a step out of the programme; records that did it keep it, open ones drop it."""
    if step.retired_on is not None:
        raise DomainError("This step is already retired.")
    today = clock.today(step.programme.board.timezone)
    step.retired_on = today
    dropped = [i for i in _items_of(step) if i.done_on is None]
    records = {i.record for i in dropped}
    for item in dropped:
        db.session.delete(item)
    db.session.flush()
    for record in records:
        db.session.refresh(record, ["items"])
        record.completed_on = rules.completed_on([i.done_on for i in record.items])
    record_event(
        actor,
        "induction.step_retire",
        step,
        f"Retired induction step “{step.title}”",
        {"retired_on": [None, today.isoformat()], "open_items_dropped": [None, len(dropped)]},
    )
    return step


# Records --------------------------------------------------------------------------------------


def _item(record: InductionRecord, step: InductionStep) -> InductionItem:
    return InductionItem(
        record=record,
        step_id=step.id,
        title=step.title,
        kind=step.kind,
        due_on=rules.due_on(record.starts_on, step.due_offset_days),
    )


def _lineage_ids(board: Board) -> list[int]:
    ids: list[int] = []
    node: Board | None = board
    while node is not None and node.id not in ids:
        ids.append(node.id)
        node = node.parent
    return ids


def existing_record(board: Board, person_id: int) -> InductionRecord | None:
    """The person's induction onto this board or a board it reports to, if any: someone
    inducted onto the partnership board is not inducted again for its sub-groups."""
    return (
        db.session.execute(
            sa.select(InductionRecord)
            .where(
                InductionRecord.person_id == person_id,
                InductionRecord.board_id.in_(_lineage_ids(board)),
            )
            .limit(1)
        )
        .scalars()
        .first()
    )


def start_induction(
    actor: User | None, board: Board, person: Person, starts_on: date, appointment_id: int | None
) -> InductionRecord:
    """Start a person's induction onto a board: one item per step, due from `starts_on`."""
    if existing_record(board, person.id) is not None:
        raise DomainError(f"{person.full_name} already has an induction record for this board.")
    programme = ensure_programme(actor, board)
    db.session.flush()
    record = InductionRecord(
        board=board, person=person, starts_on=starts_on, appointment_id=appointment_id
    )
    db.session.add(record)
    for step in programme.active_steps:
        db.session.add(_item(record, step))
    record_event(
        actor,
        "induction.start",
        record,
        f"Started the induction of person {person.id} on board {board.id}",
        {
            "person_id": [None, person.id],
            "board_id": [None, board.id],
            "starts_on": [None, starts_on.isoformat()],
            "steps": [None, len(programme.active_steps)],
        },
    )
    return record


def start_for_appointment(actor: User | None, appointment: Appointment) -> InductionRecord | None:
    """Start an induction for a new appointment when its seat category calls for one."""
    seat = appointment.seat
    board = seat.board
    if not rules.starts_induction(seat.category.value, board.induction_categories or []):
        return None
    if existing_record(board, appointment.person_id) is not None:
        return None
    return start_induction(actor, board, appointment.person, appointment.starts_on, appointment.id)


def sign_off(
    actor: User | None,
    item: InductionItem,
    done_on: date | None,
    note: str = "",
    *,
    today: date | None = None,
) -> InductionItem:
    """Mark a step done on a day, signed off by the actor; an agreement is the new member's
    own acknowledgement, dated today."""
    record = item.record
    if (
        item.kind is StepKind.AGREEMENT
        and actor is not None
        and actor.person_id != record.person_id
    ):
        raise DomainError("Only the new member can agree to this themselves.")
    if item.kind is StepKind.AGREEMENT and actor is not None:
        rules.check_read_first(item.kind, queries.unread_titles(actor, item.step))
    today = today or clock.today(record.board.timezone)
    day = rules.check_sign_off(item.kind, done_on, item.done_on, record.starts_on, today)
    changes = apply_changes(
        item,
        {
            "done_on": day,
            "done_by_id": actor.id if actor is not None else None,
            "done_at": utcnow(),
            "note": " ".join((note or "").split())[:500],
        },
    )
    _update_completion(record)
    verb = "Agreed" if item.kind is StepKind.AGREEMENT else "Signed off"
    record_event(
        actor,
        "induction.sign_off",
        item,
        f"{verb} induction step “{item.title}” for person {record.person_id}",
        {k: v for k, v in changes.items() if k != "done_at"},
    )
    return item


def _update_completion(record: InductionRecord) -> None:
    record.completed_on = rules.completed_on([i.done_on for i in record.items])


def assign_buddy(
    actor: User | None, record: InductionRecord, buddy: Person, *, today: date | None = None
) -> InductionRecord:
    """Give a new member a buddy; the programme's buddy step is then done."""
    rules.check_buddy(record.person_id, buddy.id, record.buddy_id)
    changes = apply_changes(record, {"buddy_id": buddy.id})
    record.buddy = buddy
    today = today or clock.today(record.board.timezone)
    for item in record.items:
        if item.kind is StepKind.BUDDY and item.done_on is None:
            item.done_on = today
            item.done_by_id = actor.id if actor is not None else None
            item.done_at = utcnow()
            changes["buddy_step_done_on"] = [None, today.isoformat()]
    _update_completion(record)
    record_event(
        actor,
        "induction.buddy",
        record,
        f"Person {buddy.id} is now the buddy of person {record.person_id}",
        changes,
    )
    return record

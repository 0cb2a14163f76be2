"""Induction material: documents and pages attached to steps, and who has opened them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from governance.audit.operations import record_event
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.induction import rules
from governance.induction.models import InductionMaterial, InductionStep, MaterialKind, MaterialRead
from governance.papers import rules as paper_rules

if TYPE_CHECKING:
    from governance.auth.models import User
    from governance.papers.files.storage import StoredFile


def _check_step(step: InductionStep) -> None:
    if step.retired_on is not None:
        raise DomainError("This step has been retired; attach material to a current step.")


def add_page(actor: User | None, step: InductionStep, title: str, body: str) -> InductionMaterial:
    """Attach a page of reading, written in the app, to a step."""
    _check_step(step)
    title, body = rules.check_page(title, body)
    material = InductionMaterial(step=step, title=title, kind=MaterialKind.PAGE, body=body)
    material.added_by_id = actor.id if actor is not None else None
    db.session.add(material)
    record_event(
        actor,
        "induction.material_add",
        material,
        f"Added page “{title}” to induction step {step.id}",
        {"title": [None, title], "kind": [None, "page"], "step_id": [None, step.id]},
    )
    return material


def add_document(
    actor: User | None, step: InductionStep, title: str, stored: StoredFile, filename: str
) -> InductionMaterial:
    """Attach a document, already safely in the paper store, to a step."""
    _check_step(step)
    title = " ".join((title or "").split())
    if len(title) < 3 or len(title) > 200:
        raise DomainError("Give the material a title (3 to 200 characters).", field="title")
    material = InductionMaterial(
        step=step,
        title=title,
        kind=MaterialKind.DOCUMENT,
        sha256=stored.sha256,
        size=stored.size,
        media_type=stored.media_type,
        filename=paper_rules.clean_filename(filename),
    )
    material.added_by_id = actor.id if actor is not None else None
    db.session.add(material)
    record_event(
        actor,
        "induction.material_add",
        material,
        f"Added document “{title}” to induction step {step.id}",
        {
            "title": [None, title],
            "kind": [None, "document"],
            "step_id": [None, step.id],
            "sha256": [None, stored.sha256],
        },
    )
    return material


def retire_material(actor: User | None, material: InductionMaterial) -> InductionMaterial:
    """Take material out of the programme; the record of who read it stays."""
    if material.retired_at is not None:
        raise DomainError("This material has already been removed.")
    material.retired_at = utcnow()
    record_event(
        actor,
        "induction.material_retire",
        material,
        f"Removed induction material “{material.title}”",
        {"retired_at": [None, material.retired_at.isoformat()]},
    )
    return material


def record_read(
    user: User, material: InductionMaterial, at: datetime | None = None
) -> MaterialRead:
    """Note that a user opened the material.

    No audit event: like paper opens, this is a read log, not a change to the board's record.
    """
    read = MaterialRead(material_id=material.id, user_id=user.id, opened_at=at or utcnow())
    db.session.add(read)
    db.session.flush()
    return read

"""Induction and glossary rows for the route table in tests/test_permissions_by_route.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from governance.glossary import operations as glossary
from governance.glossary.models import GlossaryTerm
from governance.induction import materials
from governance.induction.models import (
    InductionItem,
    InductionMaterial,
    InductionProgramme,
    InductionRecord,
    InductionStep,
    MaterialRead,
    StepKind,
)
from governance.induction.operations import existing_record

ALL = {"anonymous", "admin", "auditor", "secretary", "chair", "member", "parent", "observer"}
ALL |= {"outsider", "other_secretary"}
VIEWERS = {"admin", "auditor", "secretary", "chair", "member", "parent", "observer"}
OVERSEERS = {"admin", "auditor", "secretary", "chair"}
MANAGERS = {"admin", "secretary"}
#: The glossary is shared by every board: administrators keep it.
GLOSSARY_KEEPERS = {"admin"}
#: Every model of the area, so a denied request is shown to change none of them.
MODELS = (
    GlossaryTerm,
    InductionProgramme,
    InductionStep,
    InductionRecord,
    InductionItem,
    InductionMaterial,
    MaterialRead,
)


def _record(w: Any) -> InductionRecord:
    """The parent's induction, started when the world appointed them to the parent seat."""
    record = existing_record(w.board, w.users["parent"].person.id)
    assert record is not None
    return record


def _steps(w: Any) -> list[InductionStep]:
    return _record(w).items[0].step.programme.active_steps


def _item(w: Any, kind: StepKind) -> InductionItem:
    return next(i for i in _record(w).items if i.kind is kind and i.done_on is None)


def _material(w: Any) -> InductionMaterial:
    if getattr(w, "material", None) is None:
        w.material = materials.add_page(
            None, _steps(w)[0], "What the board does", "It decides how the programme spends."
        )
    return w.material


def _term(w: Any) -> GlossaryTerm:
    if getattr(w, "term", None) is None:
        w.term = glossary.save_term(
            None, None, "Core offer", "What every children's centre must provide.", []
        )
    return w.term


STEP = {
    "title": "Meet the finance officer",
    "description": "How the budget report is put together.",
    "kind": "task",
    "due_offset_days": "30",
}
TERM = {
    "term": "Children's centre",
    "meaning": "A place where families with young children find services under one roof.",
    "aliases": "children's centres",
}

Route = tuple[str, Callable[[Any], str], set[str], Any]
ROUTES: dict[str, Route] = {
    "induction.overview": ("GET", lambda w: f"/boards/{w.board.id}/induction", OVERSEERS, {}),
    "induction.programme": (
        "GET",
        lambda w: f"/boards/{w.board.id}/induction/programme",
        VIEWERS,
        {},
    ),
    "induction.add_step": (
        "POST",
        lambda w: f"/boards/{w.board.id}/induction/steps/new",
        MANAGERS,
        STEP,
    ),
    "induction.edit_step": (
        "POST",
        lambda w: f"/induction/steps/{_steps(w)[0].id}/edit",
        MANAGERS,
        {**STEP, "title": "Role description, and what the board does"},
    ),
    "induction.move_step": (
        "POST",
        lambda w: f"/induction/steps/{_steps(w)[1].id}/move",
        MANAGERS,
        {"direction": "down"},
    ),
    "induction.retire_step": (
        "POST",
        lambda w: f"/induction/steps/{_steps(w)[-1].id}/retire",
        MANAGERS,
        {"confirm": "yes"},
    ),
    "induction.add_material": (
        "POST",
        lambda w: f"/induction/steps/{_steps(w)[0].id}/material/new?kind=page",
        MANAGERS,
        {"page-title": "The board's year", "page-body": "Six meetings, one every two months."},
    ),
    "induction.material": (
        "GET",
        lambda w: f"/induction/material/{_material(w).id}",
        VIEWERS,
        {},
    ),
    "induction.retire_material": (
        "POST",
        lambda w: f"/induction/material/{_material(w).id}/retire",
        MANAGERS,
        {"confirm": "yes"},
    ),
    "induction.record": (
        "GET",
        lambda w: f"/induction/records/{_record(w).id}",
        OVERSEERS | {"parent"},
        {},
    ),
    "induction.sign_off": (
        "POST",
        lambda w: f"/induction/items/{_item(w, StepKind.TASK).id}/done",
        {"admin", "secretary", "chair"},
        {"done_on": "", "note": "Met at the centre."},
    ),
    "induction.assign_buddy": (
        "POST",
        lambda w: f"/induction/records/{_record(w).id}/buddy",
        MANAGERS,
        lambda w: {"buddy_id": str(w.users["member"].person.id)},
    ),
    "induction.start": (
        "POST",
        lambda w: f"/appointments/{w.member_appointment.id}/induction",
        MANAGERS,
        {"confirm": "yes"},
    ),
    "glossary.index": ("GET", lambda w: "/glossary", ALL, {}),
    "glossary.add_term": ("POST", lambda w: "/glossary/new", GLOSSARY_KEEPERS, TERM),
    "glossary.edit_term": (
        "POST",
        lambda w: f"/glossary/{_term(w).id}/edit",
        GLOSSARY_KEEPERS,
        {"term": "Core offer", "meaning": "The services every children's centre offers."},
    ),
    "glossary.delete_term": (
        "POST",
        lambda w: f"/glossary/{_term(w).id}/delete",
        GLOSSARY_KEEPERS,
        {"confirm": "yes"},
    ),
}

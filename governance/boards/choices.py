"""Select-box choices loaded from the database."""

from __future__ import annotations

from typing import Any

from wtforms import SelectChoice

from governance.boards import queries
from governance.boards.forms import OfficerForm, options
from governance.boards.models import Board, OfficerRole
from governance.boards.permissions import can_appoint_person, can_view_board, holds_office


def organisation_choices() -> list[SelectChoice]:
    return options([("", "— none —"), *((o.id, o.name) for o in queries.organisations())])


def person_choices(blank: str = "— choose a person —") -> list[SelectChoice]:
    """Everyone, for forms only administrators use."""
    return options([("", blank), *((p.id, p.full_name) for p in queries.people())])


def appointable_choices(user: Any, board: Board) -> list[SelectChoice]:
    """The people this user may appoint to a seat on the board (`can_appoint_person`)."""
    people = queries.people_with_boards() if not user.is_admin else queries.people()
    return options(
        [
            ("", "— choose a person —"),
            *((p.id, p.full_name) for p in people if can_appoint_person(user, p, board)),
        ]
    )


def parent_choices(board: Board | None, user: Any) -> list[SelectChoice]:
    """Boards this one may report to, never naming a board the viewer may not see.

    Administrators see every board (itself excluded; loops are refused by the rules). Anyone
    else is offered the boards they serve as secretary, and the board's present setting, which
    is named only if they may see that board.
    """
    own_id = board.id if board is not None else None
    if user.is_admin:
        pairs: list[tuple[object, str]] = [("", "— none: a main board —")]
        pairs += [(b.id, b.name) for b in queries.all_boards() if b.id != own_id]
        return options(pairs)
    served = [
        b
        for b in queries.all_boards()
        if b.id != own_id and holds_office(user, b, OfficerRole.SECRETARY)
    ]
    pairs = []
    if board is not None and board.parent is None:
        pairs.append(("", "— none: a main board —"))
    elif board is not None and board.parent is not None and board.parent not in served:
        parent = board.parent
        label = parent.name if can_view_board(user, parent) else "The board it reports to now"
        pairs.append((parent.id, label))
    pairs += [(b.id, b.name) for b in served]
    return options(pairs)


def officer_form() -> OfficerForm:
    """The form that adds an officer, offering every person."""
    form = OfficerForm()
    form.person_id.choices = person_choices()
    return form

"""Select-box choices loaded from the database."""

from __future__ import annotations

from wtforms import SelectChoice

from governance.boards import queries
from governance.boards.forms import options
from governance.boards.models import Board


def organisation_choices() -> list[SelectChoice]:
    return options([("", "— none —"), *((o.id, o.name) for o in queries.organisations())])


def person_choices(blank: str = "— choose a person —") -> list[SelectChoice]:
    return options([("", blank), *((p.id, p.full_name) for p in queries.people())])


def parent_choices(board: Board | None) -> list[SelectChoice]:
    """Boards this one may report to (itself excluded; loops are refused by the rules)."""
    return options(
        [
            ("", "— none: a main board —"),
            *((b.id, b.name) for b in queries.all_boards() if board is None or b.id != board.id),
        ]
    )

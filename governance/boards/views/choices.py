"""Select-box choices loaded from the database."""

from __future__ import annotations

from governance.boards import queries
from governance.boards.models import Board

NONE = (None, "— none —")


def organisation_choices() -> list[tuple[int | None, str]]:
    return [NONE, *((o.id, o.name) for o in queries.organisations())]


def person_choices(blank: str = "— choose a person —") -> list[tuple[int | None, str]]:
    return [(None, blank), *((p.id, p.full_name) for p in queries.people())]


def parent_choices(board: Board | None) -> list[tuple[int | None, str]]:
    """Boards this one may report to (itself excluded; loops are refused by the rules)."""
    return [
        (None, "— none: a main board —"),
        *((b.id, b.name) for b in queries.all_boards() if board is None or b.id != board.id),
    ]

"""What the audit log asks of the areas above it: names for the people and things its events
refer to by id, the choices its filters offer, and which events concern a board.

The audit area sits below every other, so it cannot read their tables; the pages area answers
(`pages.listeners`), through each area's own permission predicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blinker import Namespace

from governance.audit.wording import Name

_signals = Namespace()

#: Sender: the viewer. Keyword `refs`: a set of (table name, id) pairs; the actors of events
#: come as ("user_account", id). A receiver returns {(table name, id): Name} for those it can
#: name, each hidden (`Name.hidden`) where the viewer may not see the thing itself.
names_wanted = _signals.signal("audit-names-wanted")

#: Sender: the viewer. A receiver returns the `Choices` the log's filters offer.
choices_wanted = _signals.signal("audit-choices-wanted")

#: Sender: the viewer. Keyword `board_id`. A receiver returns a SQL condition on `AuditEvent`
#: that holds for the events about that board and the things that belong to it.
board_events_wanted = _signals.signal("audit-board-events-wanted")

Ref = tuple[str, int]


@dataclass(frozen=True)
class Choices:
    """The people (user accounts) and boards the log can be filtered by, as (id, name)."""

    people: list[tuple[int, str]] = field(default_factory=list)
    boards: list[tuple[int, str]] = field(default_factory=list)


def _answers(signal: Any, sender: Any, **kwargs: Any) -> list[Any]:
    return [answer for _receiver, answer in signal.send(sender, **kwargs) if answer is not None]


def names_for(viewer: Any, refs: set[Ref]) -> dict[Ref, Name]:
    """Names for `refs` as `viewer` may see them; refs nobody names are left out."""
    names: dict[Ref, Name] = {}
    for answer in _answers(names_wanted, viewer, refs=refs):
        names.update(answer)
    return names


def choices_for(viewer: Any) -> Choices:
    """What the filters offer `viewer`."""
    answers = _answers(choices_wanted, viewer)
    return answers[0] if answers else Choices()


def board_condition(viewer: Any, board_id: int) -> Any | None:
    """The condition selecting the events about the board, or None when nobody answers."""
    answers = _answers(board_events_wanted, viewer, board_id=board_id)
    return answers[0] if answers else None

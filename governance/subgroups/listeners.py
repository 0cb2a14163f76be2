"""How the sub-groups area takes part in recording and showing decisions: a sub-group decides
only within its delegated authority. Connected by create_app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from governance.boards.models import Board
from governance.decisions import signals
from governance.decisions.forms import DecisionForm
from governance.decisions.models import Decision
from governance.meetings.models import AgendaItem
from governance.subgroups import authority, decision_fields, queries


@signals.form_wanted.connect
def authority_questions(item: AgendaItem, **_kwargs: Any) -> DecisionForm | None:
    """A sub-group's item gets the decision form that asks about delegated authority."""
    return decision_fields.form_for(item) if item.meeting.board.parent_id is not None else None


@signals.form_values.connect
def authority_answers(form: DecisionForm, **_kwargs: Any) -> dict[str, Any]:
    """The authority answers as record_decision takes them."""
    return decision_fields.values_from(form)


@signals.authority_asked.connect
def rule_on_authority(board: Board, **kwargs: Any) -> authority.Check | None:
    """For a sub-group, whether the decision about to be recorded is within its authority."""
    return authority.rule_for_decision(
        board, kwargs.get("values") or {}, superseding=bool(kwargs.get("superseding"))
    )


@signals.decision_recorded.connect
def keep_ruling(decision: Decision, **kwargs: Any) -> None:
    """Keep the ruling with the decision; a recommendation goes on the parent's agenda."""
    ruling = kwargs.get("ruling")
    moment: datetime = kwargs["moment"]
    if isinstance(ruling, authority.Check):
        authority.file_check(kwargs.get("actor"), decision, ruling, moment)


@signals.trail_shown.connect
def authority_check(decision_id: int, **_kwargs: Any) -> Any:
    """The authority check kept with a sub-group's decision, for its trail page."""
    return authority.check_for(decision_id)


@signals.quorum_caveat_wanted.connect
def terms_quorum_caveat(board: Board, **_kwargs: Any) -> str | None:
    """A sub-group's quorum rule that differs from its approved terms of reference, in words."""
    return queries.quorum_caveat(board)

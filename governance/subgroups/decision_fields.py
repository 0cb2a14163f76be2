"""The questions the decision form asks for a sub-group's item, and their answers as values.

Used by the decisions area's record view: the kind of decision (from the delegated authority
of the terms in force, or "something else") and the money it commits.
"""

from __future__ import annotations

from typing import Any

from wtforms import SelectChoice

from governance.decisions.forms import DecisionForm
from governance.meetings.models import AgendaItem
from governance.subgroups.authority import approved_terms
from governance.subgroups.forms import SOMETHING_ELSE, SubgroupDecisionForm, to_pence
from governance.subgroups.rules import pounds


def form_for(item: AgendaItem) -> DecisionForm:
    """The decision form for this item: with the authority questions for a sub-group's item."""
    board = item.meeting.board
    if board.parent_id is None:
        return DecisionForm()
    form = SubgroupDecisionForm()
    terms = approved_terms(board.id)
    entries = terms.authorities if terms is not None else []
    form.authority_kind.choices = [
        SelectChoice("", "— choose —"),
        *(
            SelectChoice(
                a.kind,
                a.kind
                + (
                    f" (up to {pounds(a.spending_limit_pence)})"
                    if a.spending_limit_pence is not None
                    else " (no spending)"
                ),
            )
            for a in entries
        ),
        SelectChoice(SOMETHING_ELSE, "Something else: a recommendation to the parent board"),
    ]
    if terms is None:
        form.authority_kind.description = (
            "This sub-group has no approved terms of reference, so it has no delegated "
            "authority: whatever it decides goes to the parent board as a recommendation."
        )
    return form


def values_from(form: DecisionForm) -> dict[str, Any]:
    """The authority answers as record_decision takes them (nothing for a board's own form)."""
    if not isinstance(form, SubgroupDecisionForm):
        return {}
    kind = form.authority_kind.data or ""
    return {
        "authority_kind": "" if kind == SOMETHING_ELSE else kind,
        "amount_committed": to_pence(form.amount_committed.data),
    }

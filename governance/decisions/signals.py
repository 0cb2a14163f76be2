"""What the decisions area announces and asks, so that higher areas (sub-groups) can take part
in recording and showing a decision without decisions calling up.

Each signal's receivers answer by returning a value; `answers()` collects the ones given.
"""

from __future__ import annotations

from typing import Any

from blinker import NamedSignal, Namespace

_signals = Namespace()

#: Sent by the record view for the decision form of an agenda item. Sender: the AgendaItem.
#: A receiver may return the form to use instead of the plain DecisionForm.
form_wanted = _signals.signal("decision-form-wanted")

#: Sent by the record view with the submitted form. Sender: the form. A receiver may return a
#: dict of extra values for `record_decision`.
form_values = _signals.signal("decision-form-values")

#: Sent by `record_decision` before anything is written: is the decision within the deciding
#: board's authority? Sender: the Board. Keywords: `values` (what the form gave) and
#: `superseding` (bool). A receiver may return a ruling: an object whose `ruling.within` says
#: whether the decision lies within the authority; outside it, the decision is a recommendation.
authority_asked = _signals.signal("decision-authority-asked")

#: Sent by `record_decision` once the decision is recorded and audited, in the same
#: transaction. Sender: the Decision. Keywords: `actor`, `moment`, and `ruling` (the answer
#: to `authority_asked`, or None).
decision_recorded = _signals.signal("decision-recorded")

#: Sent by the trail page. Sender: the Decision's id. A receiver may return what the page shows
#: as the decision's authority check.
trail_shown = _signals.signal("decision-trail-shown")

#: Sent when a decision's trail is read. Sender: the id of the meeting the decision was taken at.
#: A receiver may return that meeting's approved minutes (the minutes area does).
approved_minutes_wanted = _signals.signal("decision-approved-minutes-wanted")

#: Sent when a decision's trail is read. Sender: the decision's id. A receiver may return the
#: minutes that decision approved (the minutes area does), with the version it approved.
minutes_approved_by_wanted = _signals.signal("decision-minutes-approved-by-wanted")


#: Sent by the decision form for the board whose quorum rule it applies. Sender: the Board. A
#: receiver may return, in words, why that rule is in doubt (a sub-group's rule that differs
#: from its approved terms of reference), to be shown wherever the rule is used.
quorum_caveat_wanted = _signals.signal("decision-quorum-caveat-wanted")


def answers(signal: NamedSignal, sender: Any, **kwargs: Any) -> list[Any]:
    """The values the signal's receivers returned, leaving out those that returned None."""
    return [value for _receiver, value in signal.send(sender, **kwargs) if value is not None]


def first_answer(signal: NamedSignal, sender: Any, **kwargs: Any) -> Any:
    """The first value a receiver returned, or None when none answered."""
    given = answers(signal, sender, **kwargs)
    return given[0] if given else None

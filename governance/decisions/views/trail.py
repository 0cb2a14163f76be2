"""The decision trail: one decision with everything an auditor needs to follow it."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from governance.audit.signals import names_for
from governance.decisions import queries, signals
from governance.decisions.blueprint import bp
from governance.decisions.permissions import (
    can_download_evidence,
    can_see_decision_audit,
    can_view_decision,
)
from governance.decisions.record import record_dict
from governance.page_cache import cached_page
from governance.web import require


@bp.route("/decisions/<int:decision_id>")
@cached_page
def trail(decision_id: int):
    """The record, the quorum and who was counted, declarations, papers, and the audit trail."""
    trail = queries.decision_trail(decision_id, with_events=False) or abort(404)
    decision = trail.decision
    require(can_view_decision(current_user, decision))
    audit = can_see_decision_audit(current_user, decision)
    record = record_dict(trail)
    # A decision either side of this one is named only to those who may open it.
    if decision.supersedes is not None and not can_view_decision(current_user, decision.supersedes):
        record["supersedes"] = None
    if trail.superseded_by is not None and not can_view_decision(current_user, trail.superseded_by):
        record["superseded_by"] = None
    events = queries.trail_events(decision) if audit else None
    # Who made each event, by name, for those who may read the audit log (as the log shows).
    actors = {("user_account", e.actor_id) for e in events or () if e.actor_id is not None}
    return render_template(
        "decisions/trail.html",
        r=record,
        zone=decision.board.timezone,
        events=events,
        actors=names_for(current_user, actors) if actors else {},
        evidence=can_download_evidence(current_user, decision),
        authority=signals.first_answer(signals.trail_shown, decision.id),
    )

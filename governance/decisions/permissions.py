"""Who may record decisions, read the register and trails, and take exports and evidence.

Built on the meetings predicates: a decision is as visible as its agenda item, and the public
see only published decisions of public boards. Deny by default; auditors read everything and
change nothing.
"""

from __future__ import annotations

from typing import Any

from governance.audit.permissions import can_view_audit
from governance.database import utcnow
from governance.decisions.models import Decision
from governance.meetings.models import AgendaItem
from governance.meetings.permissions import can_manage_meeting, can_view_item
from governance.viewer import signed_in


def can_record_decision(user: Any, item: AgendaItem) -> bool:
    """The secretary and administrators record decisions while the meeting is open to change
    (never on an item withdrawn from the agenda)."""
    return can_manage_meeting(user, item.meeting) and not item.is_withdrawn


def can_record_decision_now(user: Any, item: AgendaItem) -> bool:
    """Offer recording only at a called or held meeting that has started (see rules)."""
    meeting = item.meeting
    return (
        can_record_decision(user, item)
        and meeting.accepts_decisions
        and meeting.starts_at <= utcnow()
    )


def can_view_register(user: Any) -> bool:
    """Anyone may open the register; it lists only the decisions they may see."""
    return True


def can_view_decision(user: Any, decision: Decision) -> bool:
    """Those who may see the item; the public only published decisions (of public boards)."""
    if not can_view_item(user, decision.item):
        return False
    return decision.published or signed_in(user)


def can_export(user: Any) -> bool:
    """CSV and JSON copies of the register, for anyone signed in (limited to what they see)."""
    return signed_in(user)


def can_see_decision_audit(user: Any, decision: Decision) -> bool:
    """The audit events behind a decision: administrators and auditors, as for the audit log."""
    return can_view_audit(user) and can_view_decision(user, decision)


def can_download_evidence(user: Any, decision: Decision) -> bool:
    """The evidence pack holds the audit events, so it goes to those who may read them."""
    return can_see_decision_audit(user, decision)


PREDICATES = {
    "can_record_decision": can_record_decision,
    "can_record_decision_now": can_record_decision_now,
    "can_view_register": can_view_register,
    "can_view_decision": can_view_decision,
    "can_export": can_export,
    "can_see_decision_audit": can_see_decision_audit,
    "can_download_evidence": can_download_evidence,
}

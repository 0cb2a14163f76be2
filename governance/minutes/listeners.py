"""How the minutes area answers what the decisions area asks, and watches the record its
circulated minutes are made from. Connected by create_app."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user
from sqlalchemy.orm import Session, joinedload

from governance.decisions import signals
from governance.extensions import db
from governance.meetings.models import AgendaItem
from governance.minutes.models import Minutes, MinutesStatus
from governance.minutes.operations import reconcile


@signals.approved_minutes_wanted.connect
def approved_minutes(meeting_id: int, **_kwargs: Any) -> Minutes | None:
    """A meeting's minutes once approved, for the trail of a decision taken at it."""
    return db.session.execute(
        sa.select(Minutes).where(
            Minutes.meeting_id == meeting_id, Minutes.status == MinutesStatus.APPROVED
        )
    ).scalar_one_or_none()


@signals.minutes_approved_by_wanted.connect
def minutes_approved_by(decision_id: int, **_kwargs: Any) -> Minutes | None:
    """The minutes a decision approved, with their meeting, for that decision's trail."""
    return db.session.execute(
        sa.select(Minutes)
        .where(Minutes.approved_by_decision_id == decision_id)
        .options(joinedload(Minutes.meeting))
    ).scalar_one_or_none()


# The record never changes behind members' backs -------------------------------------------

#: Key in `session.info`: what this transaction wrote of the record the minutes are made
#: from: {"meetings": ids, "items": ids, "all": bool} ("all" when it cannot tell cheaply).
_TOUCHED = "minutes_record_touched"
#: What the minutes' text is made from (by table name, so no area above is imported).
_RECORD_TABLES = frozenset(
    {
        "attendance",
        "attendance_correction",
        "agenda_item",
        "meeting",
        "decision",
        "named_vote",
        "declaration",
        "paper",
        "paper_version",
        "action",
        "person",
        "seat",
        "board",
    }
)


def _touched(session: Session) -> dict[str, Any]:
    return session.info.setdefault(_TOUCHED, {"meetings": set(), "items": set(), "all": False})


@sa.event.listens_for(Session, "after_flush")
def _note_record_written(session: Session, _context: Any) -> None:
    """Remember which meetings' record this transaction wrote, by the ids the rows carry
    (read from their loaded state, so nothing is loaded during the flush)."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table not in _RECORD_TABLES or (obj in session.dirty and not session.is_modified(obj)):
            continue
        touched = _touched(session)
        if touched["all"]:
            return
        state = sa.inspect(obj).dict
        if table == "meeting" and state.get("id") is not None:
            touched["meetings"].add(state["id"])
        elif state.get("meeting_id") is not None:
            touched["meetings"].add(state["meeting_id"])
        elif state.get("agenda_item_id") is not None:
            touched["items"].add(state["agenda_item_id"])
        else:
            # A person, seat, board, paper or vote: any meeting's minutes may show it.
            touched["all"] = True


@sa.event.listens_for(Session, "before_commit")
def _check_circulated_minutes(session: Session) -> None:
    """Before a write that touched the record commits, circulated minutes it changed become
    the draft of their next version, and members are told (operations.reconcile)."""
    session.flush()
    touched = session.info.pop(_TOUCHED, None)
    if not touched:
        return
    query = sa.select(Minutes).where(Minutes.status == MinutesStatus.CIRCULATED)
    if not touched["all"]:
        items = sa.select(AgendaItem.meeting_id).where(AgendaItem.id.in_(touched["items"]))
        query = query.where(
            sa.or_(Minutes.meeting_id.in_(touched["meetings"]), Minutes.meeting_id.in_(items))
        )
    circulated = list(session.execute(query).scalars())
    # The change is the signed-in person's doing (a register saved, a decision recorded).
    actor = current_user if has_request_context() and current_user.is_authenticated else None
    for minutes in circulated:
        reconcile(actor, minutes)


@sa.event.listens_for(Session, "after_commit")
@sa.event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_TOUCHED, None)

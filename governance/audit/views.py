"""The audit log page, for administrators and auditors."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from governance.audit import signals, wording
from governance.audit.blueprint import bp
from governance.audit.forms import SYSTEM, read_filter
from governance.audit.models import AuditEvent
from governance.audit.permissions import can_view_audit
from governance.audit.queries import head_event, log_page, verify_stored_chain
from governance.audit.rules import shown_event
from governance.fields import LARGEST_BIG_NUMBER
from governance.page_cache import cached_page
from governance.web import query_int, require


@bp.route("/")
@cached_page
def log():
    """Newest events first, a page at a time (by key, not offset), filtered as asked, with
    the people and things they refer to named for the viewer."""
    require(can_view_audit(current_user))
    size = current_app.config["PAGE_SIZE"]
    before = query_int("before", highest=LARGEST_BIG_NUMBER)
    wanted = read_filter(request.args)
    events: list[AuditEvent] = []
    more = False
    if not wanted.errors:
        about_board = (
            signals.board_condition(current_user, wanted.board_id) if wanted.board_id else None
        )
        events, more = log_page(wanted, before, size, about_board)
    refs = {(e.target_type, e.target_id) for e in events if e.target_id is not None}
    refs |= {("user_account", e.actor_id) for e in events if e.actor_id is not None}
    for event in events:
        refs |= wording.id_refs(shown_event(event).changes)
    page = render_template(
        "audit/log.html",
        events=events,
        next_before=events[-1].seq if more and events else None,
        wanted=wanted,
        names=signals.names_for(current_user, refs) if refs else {},
        choices=signals.choices_for(current_user),
        kinds=wording.KINDS,
        verbs=wording.VERBS,
        targets=wording.TARGETS,
        system=SYSTEM,
        words=wording,
        shown=shown_event,
    )
    return page, 400 if wanted.errors else 200


@bp.route("/verify")
def verify():
    """Recompute the whole chain and say whether it holds, or where it first breaks; show the
    head hash, which stands for the whole chain, to write down and compare later."""
    require(can_view_audit(current_user))
    count, broken = verify_stored_chain()
    return render_template("audit/verify.html", count=count, broken=broken, head=head_event())

"""The audit log page, for administrators and auditors."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_login import current_user

from governance.audit.blueprint import bp
from governance.audit.models import AuditEvent
from governance.audit.permissions import can_view_audit
from governance.audit.queries import verify_stored_chain
from governance.audit.rules import shown_event
from governance.extensions import db
from governance.fields import LARGEST_BIG_NUMBER
from governance.page_cache import cached_page
from governance.web import query_int, require


@bp.route("/")
@cached_page
def log():
    """Newest events first, a page at a time, paginated by key rather than offset."""
    require(can_view_audit(current_user))
    size = current_app.config["PAGE_SIZE"]
    before = query_int("before", highest=LARGEST_BIG_NUMBER)
    query = sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(size + 1)
    if before is not None:
        query = query.where(AuditEvent.seq < before)
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    rows = list(db.session.execute(query).scalars())
    events, more = rows[:size], len(rows) > size
    return render_template(
        "audit/log.html",
        events=events,
        next_before=events[-1].seq if more and events else None,
        action=action,
        shown=shown_event,
    )


@bp.route("/verify")
def verify():
    """Recompute the whole chain and say whether it holds, or where it first breaks."""
    require(can_view_audit(current_user))
    count, broken = verify_stored_chain()
    return render_template("audit/verify.html", count=count, broken=broken)

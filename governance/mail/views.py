"""The outbox pages: what the app has queued and sent, for administrators."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, render_template
from flask_login import current_user

from governance.extensions import db
from governance.mail.blueprint import bp
from governance.mail.models import OutboxMessage
from governance.mail.permissions import can_view_outbox
from governance.mail.rules import ics_method
from governance.web import get_or_404, require

#: Messages shown on the outbox page, newest first.
OUTBOX_ROWS = 100


def _allowed() -> bool:
    # OUTBOX_VISIBLE lets a deployment hide the outbox even from administrators.
    return bool(current_app.config.get("OUTBOX_VISIBLE", True)) and can_view_outbox(current_user)


@bp.route("/")
def outbox():
    """The newest messages, queued, sent or failed."""
    require(_allowed())
    messages = list(
        db.session.execute(
            sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(OUTBOX_ROWS)
        ).scalars()
    )
    return render_template("mail/outbox.html", messages=messages)


@bp.route("/<int:message_id>")
def message(message_id: int):
    """One message as it will be sent, and whether it carries a calendar invitation."""
    require(_allowed())
    item = get_or_404(OutboxMessage, message_id)
    return render_template(
        "mail/message.html",
        message=item,
        method=ics_method(item.ics) if item.ics else None,
    )

"""The home page: where each kind of user starts."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from governance import clock
from governance.boards.queries import visible_boards
from governance.database import utcnow
from governance.induction.queries import buddying, my_inductions
from governance.meetings.permissions import can_manage_meetings
from governance.page_cache import cached_page
from governance.pages import dashboard
from governance.pages.blueprint import bp
from governance.papers.queries import consent_requests_for_chair


@bp.route("/")
@cached_page
def home():
    """Each person starts where their work is: members at their next meetings and induction,
    secretaries at what needs doing, auditors at the decision register; visitors at the boards."""
    if not current_user.is_authenticated:
        return redirect(url_for("boards.index"))
    if current_user.is_auditor and not current_user.is_admin:
        return redirect(url_for("decisions.register"))

    boards = visible_boards(current_user)
    managed = {b.id for b in boards if can_manage_meetings(current_user, b)}
    now = utcnow()
    today = clock.today()
    meetings = dashboard.upcoming(boards, now)
    return render_template(
        "pages/home.html",
        boards=boards,
        managed=managed,
        cards=dashboard.meeting_cards(meetings, current_user.person_id, managed, today),
        actions=dashboard.my_actions(current_user),
        todo=dashboard.todo(managed, today, now),
        today=today,
        inductions=my_inductions(current_user),
        buddying=buddying(current_user),
        consents=consent_requests_for_chair(current_user.person_id, pending_only=True),
    )

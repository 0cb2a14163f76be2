"""The home page: where each kind of user starts."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from governance import clock
from governance.boards.permissions import holds_any_office, is_member
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
    secretaries at what needs doing, auditors at the decision register; visitors at what the
    service is and what the public boards publish."""
    if not current_user.is_authenticated:
        return render_template("pages/start.html", boards=visible_boards(current_user))
    if current_user.is_auditor and not current_user.is_admin:
        return redirect(url_for("decisions.register"))

    boards = visible_boards(current_user)
    managed = {b.id for b in boards if can_manage_meetings(current_user, b)}
    # Boards the person sits on or serves: others' meetings are shown as not theirs.
    own = {b.id for b in boards if is_member(current_user, b) or holds_any_office(current_user, b)}
    now = utcnow()
    today = clock.today()
    # Her own boards' meetings first, so others' never crowd them off the page; the meetings
    # of groups she can see but is not on come after, marked as not hers.
    meetings = dashboard.upcoming([b for b in boards if b.id in own | managed], now)
    others = dashboard.upcoming([b for b in boards if b.id not in own | managed], now)
    return render_template(
        "pages/home.html",
        boards=boards,
        managed=managed,
        own=own,
        cards=dashboard.meeting_cards(meetings, current_user.person_id, managed, today),
        other_cards=dashboard.meeting_cards(others, current_user.person_id, managed, today),
        actions=dashboard.my_actions(current_user),
        todo=dashboard.todo(managed, today, now),
        today=today,
        inductions=my_inductions(current_user),
        buddying=buddying(current_user),
        consents=consent_requests_for_chair(current_user.person_id, pending_only=True),
    )

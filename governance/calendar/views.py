"""Calendar downloads and feeds (.ics), and the page where a user gets a personal feed address."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from governance import clock
from governance.boards.models import Board
from governance.boards.permissions import can_manage_board, can_view_board
from governance.calendar import queries as calendar_queries
from governance.calendar import rules as calendar_rules
from governance.calendar import tokens as calendar_tokens
from governance.calendar.blueprint import bp
from governance.calendar.forms import IssueTokenForm, RevokeTokenForm
from governance.extensions import db
from governance.meetings.ics import calendar_for, etag_for, feed_window, is_published, state_etag
from governance.meetings.models import Meeting
from governance.meetings.permissions import can_view_meeting
from governance.page_cache import cached_page
from governance.web import get_or_404, require

#: The name personal feeds show in calendar apps.
PERSONAL_FEED_NAME = "My board meetings"


def _meeting_url(meeting: Meeting) -> str:
    return url_for("pages.meeting", meeting_id=meeting.id, _external=True)


def _ics(
    load: Callable[[], Sequence[Meeting]],
    *,
    etag: str,
    name: str,
    filename: str,
    attachment: bool,
    public: bool = False,
) -> Response:
    """An .ics response with a strong ETag that answers If-None-Match with 304."""
    # Feeds are polled often; a matching tag skips loading the meetings altogether.
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        body = calendar_for([(m, m.board) for m in load()], name=name, url_for_meeting=_meeting_url)
        response = Response(body, mimetype="text/calendar")
        disposition = "attachment" if attachment else "inline"
        response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"{'public' if public else 'private'}, max-age=0"
    return response


@bp.route("/meetings/<int:meeting_id>/calendar.ics")
@cached_page
def meeting_ics(meeting_id: int):
    """One meeting as a calendar file to download."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_view_board(current_user, meeting.board))
    if not is_published(meeting) and not can_manage_board(current_user, meeting.board):
        abort(404)
    return _ics(
        lambda: [meeting],
        etag=etag_for([meeting], None, meeting.board.name),
        name=meeting.board.name,
        filename=f"meeting-{meeting.id}.ics",
        attachment=True,
        public=meeting.board.is_public and is_published(meeting),
    )


@bp.route("/boards/<int:board_id>/calendar.ics")
@cached_page
def board_feed(board_id: int):
    """A board's meetings as a calendar feed to subscribe to."""
    board = get_or_404(Board, board_id)
    require(can_view_board(current_user, board))
    window = feed_window(clock.utcnow())
    state = calendar_queries.feed_state({board.id}, *window)
    return _ics(
        lambda: calendar_queries.board_feed_meetings(board, *window),
        etag=state_etag(window, state, board.name),
        name=board.name,
        filename=f"board-{board.id}.ics",
        attachment=False,
        public=board.is_public,
    )


@bp.route("/calendar/<token>.ics")
@cached_page
def personal_feed(token: str):
    """The meetings of every board a user sits on or serves, by secret address (no login)."""
    user = calendar_tokens.user_for_token(token)
    if user is None:
        abort(404)
    window = feed_window(clock.utcnow())
    seats = calendar_queries.membership(user.person_id)
    # The tag is worked out from the person's terms and offices and a summary of the meetings,
    # so a 304 costs four small statements, not loading three years of meetings. (A tag belongs
    # to one URL, host included, so the absolute links in the events need not be in it.)
    # Who may see what also turns on the account's flags (a former member of a private board
    # who becomes an auditor sees its meetings again), so they are in the tag too.
    state = (
        seats,
        calendar_queries.feed_state(seats.board_ids, *window),
        (user.is_admin, user.is_auditor),
    )

    def meetings() -> list[Meeting]:
        # The query finds the boards the person sat on; the meeting page's own predicate
        # decides, so a former member of a private board no longer gets its meetings.
        found = calendar_queries.person_feed_meetings(user.person, *window, seats)
        return [m for m in found if can_view_meeting(user, m)]

    return _ics(
        meetings,
        etag=state_etag(window, state, PERSONAL_FEED_NAME),
        name=PERSONAL_FEED_NAME,
        filename="meetings.ics",
        attachment=False,
    )


@bp.route("/account/calendar", methods=["GET", "POST"])
@login_required
def account():
    """How to subscribe; POST replaces the feed address and shows the new one once."""
    form, revoke_form = IssueTokenForm(), RevokeTokenForm(prefix="revoke")
    feed_url = None
    if form.validate_on_submit():
        token = calendar_tokens.issue_calendar_token(current_user)
        db.session.commit()
        feed_url = url_for("calendar.personal_feed", token=token, _external=True)
    response = Response(
        render_template(
            "calendar/account.html",
            form=form,
            revoke_form=revoke_form,
            links=feed_url and calendar_rules.subscribe_links(feed_url, PERSONAL_FEED_NAME),
            current=calendar_tokens.current_token(current_user),
        )
    )
    # The page may carry the secret address: keep it out of caches and other sites' logs.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/account/calendar/revoke", methods=["POST"])
@login_required
def revoke():
    """Turn off the user's personal feed address."""
    if not RevokeTokenForm(prefix="revoke").validate_on_submit():
        abort(400)
    calendar_tokens.revoke_calendar_tokens(current_user)
    db.session.commit()
    flash("Your calendar feed is turned off; its address no longer works.", "success")
    return redirect(url_for("calendar.account"))

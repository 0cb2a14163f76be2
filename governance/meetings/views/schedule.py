"""Meeting pages: the diary, scheduling, notice, moving and cancelling."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from governance import bank_holidays, clock
from governance.boards.forms import ConfirmForm
from governance.boards.models import Board
from governance.boards.permissions import can_view_board
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import notify, operations, queries, rules
from governance.meetings.blueprint import bp
from governance.meetings.forms import CancelForm, MeetingForm, SeriesForm
from governance.meetings.models import Meeting
from governance.meetings.permissions import (
    can_manage_meeting,
    can_manage_meetings,
    can_view_meeting,
)
from governance.web import attempt, get_or_404, require, show_error


@bp.route("/boards/<int:board_id>/meetings")
def board_meetings(board_id: int):
    """A board's meetings, upcoming first, then past."""
    board = get_or_404(Board, board_id)
    require(can_view_board(current_user, board))
    now = clock.local_now(board.timezone)
    meetings = [m for m in queries.board_meetings(board) if can_view_meeting(current_user, m)]
    return render_template(
        "meetings/list.html",
        board=board,
        upcoming=sorted([m for m in meetings if m.ends_at >= now], key=lambda m: m.starts_at),
        past=[m for m in meetings if m.ends_at < now],
    )


def _times(form: MeetingForm, board: Board) -> tuple[datetime, datetime] | None:
    assert form.day.data and form.starts_time.data and form.ends_time.data
    try:
        return (
            rules.local_datetime(form.day.data, form.starts_time.data, board.timezone),
            rules.local_datetime(form.day.data, form.ends_time.data, board.timezone),
        )
    except DomainError as error:
        show_error(form, error)
        return None


def _warnings(board: Board, starts_at: datetime) -> list[str]:
    return rules.schedule_warnings(
        starts_at, board.timezone, board.notice_clear_days, board.notice_working_days, clock.now()
    )


def _form_page(form: MeetingForm, board: Board, meeting: Meeting | None, usual: Meeting | None):
    """The schedule or edit form, with what is worth saying about the date it holds now."""
    notes: list[str] = []
    if form.day.data and form.starts_time.data and not form.day.errors:
        try:
            starts = rules.local_datetime(form.day.data, form.starts_time.data, board.timezone)
            notes = _warnings(board, starts)
        except DomainError:
            pass  # the form already says the time does not exist
    today = clock.today(board.timezone)
    holidays = {
        day.isoformat(): name
        for year in range(today.year - 1, today.year + 3)
        for day, name in bank_holidays.england_and_wales(year).items()
    }
    return render_template(
        "meetings/meeting_form.html",
        form=form,
        board=board,
        meeting=meeting,
        usual=usual,
        notes=notes,
        today=today,
        holidays=holidays,
    ), (400 if form.errors else 200)


def _flash_warnings(board: Board, meeting: Meeting) -> None:
    for note in _warnings(board, meeting.starts_at):
        flash(note, "warning")


def _fill_usual(form: MeetingForm | SeriesForm, board: Board) -> Meeting | None:
    """Offer the board's usual title, hours and place (those of its latest meeting)."""
    usual = queries.usual_meeting(board)
    if usual is not None and not form.is_submitted():
        form.title.data = usual.title
        form.starts_time.data = usual.local_start.time()
        form.ends_time.data = usual.local_end.time()
        form.location.data, form.online_url.data = usual.location, usual.online_url
    return usual


def _meeting_values(form: MeetingForm, board: Board) -> dict | None:
    times = _times(form, board)
    if times is None:
        return None
    return {
        "title": (form.title.data or "").strip(),
        "starts_at": times[0],
        "ends_at": times[1],
        "location": form.location.data or "",
        "online_url": form.online_url.data or "",
    }


@bp.route("/boards/<int:board_id>/meetings/new", methods=["GET", "POST"])
def create_meeting(board_id: int):
    """Schedule a meeting as a draft."""
    board = get_or_404(Board, board_id)
    require(can_manage_meetings(current_user, board))
    form = MeetingForm()
    usual = _fill_usual(form, board)
    if form.validate_on_submit() and (values := _meeting_values(form, board)) is not None:
        meeting = attempt(form, lambda: operations.schedule_meeting(current_user, board, values))
        if meeting is not None:
            db.session.commit()
            flash(
                "Meeting scheduled as a draft. Build its agenda, then issue the notice.", "success"
            )
            _flash_warnings(board, meeting)
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    return _form_page(form, board, None, usual)


@bp.route("/boards/<int:board_id>/meetings/series", methods=["GET", "POST"])
def create_series(board_id: int):
    """Schedule a run of meetings, e.g. the first Tuesday of every other month."""
    board = get_or_404(Board, board_id)
    require(can_manage_meetings(current_user, board))
    form = SeriesForm()
    usual = _fill_usual(form, board)
    if form.validate_on_submit():
        assert form.starting.data and form.starts_time.data and form.ends_time.data

        def schedule() -> list[Meeting]:
            days = rules.series_dates(
                form.starting.data,
                int(form.weekday.data),
                int(form.nth.data),
                form.every_months.data or 1,
                form.count.data or 1,
            )
            values = {
                "title": (form.title.data or "").strip(),
                "location": form.location.data or "",
                "online_url": form.online_url.data or "",
            }
            return operations.schedule_series(
                current_user, board, values, days, form.starts_time.data, form.ends_time.data
            )

        meetings = attempt(form, schedule)
        if meetings:
            db.session.commit()
            flash(f"{len(meetings)} meetings scheduled as drafts.", "success")
            for meeting in meetings:
                if (note := rules.day_note(meeting.local_start.date())) is not None:
                    flash(note, "warning")
            return redirect(url_for("meetings.board_meetings", board_id=board.id))
    return render_template("meetings/series_form.html", form=form, board=board, usual=usual), (
        400 if form.errors else 200
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int):
    """Change the title, or move the meeting to another time or place."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_meeting(current_user, meeting))
    board = meeting.board
    form = MeetingForm(obj=meeting)
    if not form.is_submitted():
        local = meeting.local_start
        form.day.data, form.starts_time.data = local.date(), local.time()
        form.ends_time.data = meeting.local_end.time()
    if form.validate_on_submit() and (values := _meeting_values(form, board)) is not None:
        if attempt(form, lambda: operations.update_meeting(current_user, meeting, values)):
            db.session.commit()
            flash("Meeting saved. Members who had notice have been told of any change.", "success")
            _flash_warnings(board, meeting)
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    return _form_page(form, board, meeting, None)


@bp.route("/meetings/<int:meeting_id>/notice", methods=["GET"])
def confirm_notice(meeting_id: int):
    """Whom the notice will reach and the mail each will read, to confirm before it goes."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_meeting(current_user, meeting))
    if not meeting.is_draft:
        flash("Notice has already been issued for this meeting.", "error")
        return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    reach = queries.reach(meeting)
    now = clock.now()
    return render_template(
        "meetings/notice.html",
        meeting=meeting,
        board=meeting.board,
        reach=reach,
        previews=notify.notice_preview(meeting, now, reach.mailed),
        warnings=_warnings(meeting.board, meeting.starts_at),
        form=ConfirmForm(),
    )


@bp.route("/meetings/<int:meeting_id>/notice", methods=["POST"])
def issue_notice(meeting_id: int):
    """Issue the notice of meeting to every member and officer, once confirmed."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_meeting(current_user, meeting))
    form = ConfirmForm()
    if form.validate_on_submit():
        reach = queries.reach(meeting)
        count = attempt(form, lambda: operations.issue_notice(current_user, meeting, clock.now()))
        if count is not None:
            db.session.commit()
            flash(f"Notice sent to {reach.in_words}.", "success")
            if reach.unreachable_words:
                flash(reach.unreachable_words, "warning")
        for message in form.form_errors:
            flash(message, "error")
    return redirect(url_for("pages.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel_meeting(meeting_id: int):
    """Cancel a meeting, with the reason members will see."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_meeting(current_user, meeting))
    form = CancelForm()
    if form.validate_on_submit():
        announced = meeting.is_called  # only then were members sent the notice to withdraw
        done = attempt(
            form, lambda: operations.cancel_meeting(current_user, meeting, form.reason.data or "")
        )
        if done:
            db.session.commit()
            flash(
                "Meeting cancelled; members and calendars have been told."
                if announced
                else "Draft cancelled. It was never announced, so nobody needed to be told.",
                "success",
            )
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting), (
        400 if form.errors else 200
    )

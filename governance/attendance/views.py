"""A board's attendance figures: by member, organisation and seat category over a period."""

from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user

from governance import clock
from governance.attendance import figures as attendance_figures
from governance.attendance.blueprint import bp
from governance.attendance.forms import PeriodForm
from governance.boards.models import Board
from governance.boards.permissions import can_view_board
from governance.web import get_or_404, require


def _period(form: PeriodForm, today: date) -> tuple[date, date] | None:
    ends = form.ends.data or today
    starts = form.starts.data or ends - timedelta(days=365)
    if starts > ends:
        form.ends.errors = [*form.ends.errors, "The end of the period must be after its start."]
        return None
    # Show the period used, defaults included, so the next change starts from it.
    form.starts.data, form.ends.data = starts, ends
    return starts, ends


@bp.route("/boards/<int:board_id>/attendance")
def board_attendance(board_id: int):
    """Attendance over a period, per member, organisation and seat category."""
    board = get_or_404(Board, board_id)
    require(can_view_board(current_user, board))
    form = PeriodForm(formdata=request.args)
    period = _period(form, clock.today(board.timezone)) if form.validate() else None
    figures = attendance_figures.board_figures(board, *period) if period else None
    return render_template(
        "attendance/figures.html",
        board=board,
        form=form,
        figures=figures,
        chart=attendance_figures.rate_chart(figures.categories) if figures else None,
        streak=attendance_figures.DEFAULT_STREAK,
    ), (200 if figures else 400)

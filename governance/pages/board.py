"""The board page: members by category, vacancies, timeliness, sub-groups, inductions, officers."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from governance import clock
from governance.boards import queries, rules
from governance.boards.choices import officer_form
from governance.boards.forms import ConfirmForm
from governance.boards.permissions import can_manage_board, can_manage_officers, can_view_board
from governance.induction.permissions import can_oversee_induction
from governance.induction.queries import board_status as induction_status
from governance.page_cache import cached_page
from governance.pages.blueprint import bp
from governance.papers.compliance import board_compliance, timeliness_bars
from governance.subgroups.queries import board_panel
from governance.web import require


@bp.route("/boards/<int:board_id>")
@cached_page
def board(board_id: int):
    """A board: members by category, vacancies, composition breaches, sub-groups, officers."""
    board = queries.board_with_members(board_id) or abort(404)
    require(can_view_board(current_user, board))
    on = clock.today(board.timezone)
    figures = board_compliance(board)
    return render_template(
        "pages/board.html",
        board=board,
        on=on,
        groups=rules.seats_by_category(board.seats, on),
        manage=can_manage_board(current_user, board),
        timeliness=figures.overall,
        quorum=rules.describe_quorum(board),
        bars=timeliness_bars(figures.meetings, now=clock.utcnow(), timezone=board.timezone),
        breaches=rules.composition_breaches(board, board.seats, on),
        subgroups=[b for b in board.subgroups if can_view_board(current_user, b)],
        panel=board_panel(board, current_user),
        induction=induction_status(board) if can_oversee_induction(current_user, board) else None,
        officer_form=officer_form() if can_manage_officers(current_user, board) else None,
        confirm=ConfirmForm(),
    )

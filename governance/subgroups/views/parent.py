"""The parent board's side: its sub-groups at a glance, reports received, recommendations."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance import clock
from governance.boards.models import Board
from governance.boards.permissions import can_view_board
from governance.database import utcnow
from governance.extensions import db
from governance.meetings.models import AgendaItem
from governance.meetings.permissions import can_manage_meetings
from governance.meetings.rules import local_date
from governance.subgroups import authority, operations, queries
from governance.subgroups.blueprint import bp
from governance.subgroups.forms import ReferForm, ReportForm
from governance.subgroups.models import AuthorityCheck
from governance.subgroups.permissions import (
    can_record_report,
    can_refer,
    can_view_recommendation,
    can_view_report,
    can_view_subgroups,
)
from governance.subgroups.rules import ReportingState, ReviewState
from governance.web import attempt, get_or_404, require


@bp.route("/boards/<int:board_id>/subgroups")
def overview(board_id: int):
    """The parent board's sub-groups: chairs, next meetings, terms, reporting, recommendations.

    Each recommendation and report is listed only to those who may open it on its own terms.
    """
    board = get_or_404(Board, board_id)
    require(can_view_subgroups(current_user, board))
    visible = [b for b in board.subgroups if can_view_board(current_user, b)]
    rows = queries.subgroup_rows(board, visible, utcnow(), can_manage_meetings(current_user, board))
    checks = [c for c in queries.recommendations(board) if can_view_recommendation(current_user, c)]
    decided = queries.decisions_on([c.referred_item_id for c in checks if c.referred_item_id])
    return render_template(
        "subgroups/overview.html",
        board=board,
        rows=rows,
        overdue=[r for r in rows if r.reporting.state is ReportingState.OVERDUE],
        past_review=[r for r in rows if r.review is ReviewState.PAST],
        unapproved=[r for r in rows if r.approved is None],
        checks=checks,
        decided=decided,
        waiting=authority.is_waiting,
        reports=[r for r in queries.reports_received(board) if can_view_report(current_user, r)],
        refer_form=ReferForm(),
        today=clock.today(board.timezone),
    )


@bp.route("/boards/<int:board_id>/subgroup-reports/new", methods=["GET", "POST"])
def record_report(board_id: int):
    """Note a sub-group's report received at one of the board's meetings."""
    board = get_or_404(Board, board_id)
    require(can_record_report(current_user, board))
    form = ReportForm()
    form.subgroup_id.choices = [
        SelectChoice("", "— choose a sub-group —"),
        *(SelectChoice(str(s.id), s.name) for s in board.subgroups),
    ]
    items = queries.report_items(board)
    form.agenda_item_id.choices = [
        SelectChoice("", "— choose an agenda item —"),
        *(
            SelectChoice(
                str(i.id),
                f"{local_date(i.meeting.starts_at, board.timezone):%-d %b %Y}: {i.title}",
            )
            for i in items
        ),
    ]
    if form.validate_on_submit():
        subgroup = get_or_404(Board, form.subgroup_id.data)
        item = get_or_404(AgendaItem, form.agenda_item_id.data)
        report = attempt(
            form,
            lambda: operations.record_report(current_user, subgroup, item, form.summary.data or ""),
        )
        if report is not None:
            db.session.commit()
            flash(f"Report of the {subgroup.name} recorded.", "success")
            return redirect(url_for("subgroups.overview", board_id=board.id))
    return render_template("subgroups/report_form.html", form=form, board=board), (
        400 if form.errors else 200
    )


@bp.route("/authority-checks/<int:check_id>/refer", methods=["POST"])
def refer(check_id: int):
    """Put a sub-group's waiting recommendation on the agenda of the board's next meeting."""
    check = get_or_404(AuthorityCheck, check_id)
    require(can_refer(current_user, check))
    parent = check.decision.board.parent
    assert parent is not None
    form = ReferForm()
    if form.validate_on_submit():
        item = attempt(form, lambda: authority.refer_recommendation(current_user, check))
        if item is not None:
            db.session.commit()
            flash(f"Recommendation {check.decision.number} added to the agenda.", "success")
            return redirect(url_for("pages.meeting", meeting_id=item.meeting_id))
    for message in form.form_errors:
        flash(message, "error")
    return redirect(url_for("subgroups.overview", board_id=parent.id))

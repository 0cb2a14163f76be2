"""Circulating a meeting's agenda and papers, and the board's 'no surprises' figures."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance.boards.forms import options
from governance.boards.models import Board, Person
from governance.boards.permissions import can_view_board
from governance.database import utcnow
from governance.extensions import db
from governance.meetings.forms import CirculateForm
from governance.meetings.models import Meeting
from governance.meetings.permissions import can_manage_meeting
from governance.papers import circulation, queries, rules
from governance.papers.blueprint import bp
from governance.papers.compliance import board_compliance, timeliness_bars
from governance.papers.models import PaperVersion
from governance.web import attempt, get_or_404, require


def _circulate_form(meeting: Meeting) -> tuple[CirculateForm, list[PaperVersion]]:
    # meeting.items leaves out withdrawn items; withdrawn versions are left out here.
    pending = [
        v
        for item in meeting.items
        for paper in item.papers
        for v in paper.live_versions
        if v.circulated_at is None
    ]
    zone = meeting.board.timezone
    form = CirculateForm()
    # The file's name, type, size and upload time tell two uploads of one paper apart.
    form.versions.choices = options(
        (
            v.id,
            f"{v.paper.item.position}. {v.paper.title} (version {v.number}: "
            + rules.file_label(v.filename, v.media_type, v.size, v.uploaded_at, zone)
            + ")",
        )
        for v in pending
    )
    chairs = circulation.chairs(meeting)
    form.consent_by_id.choices = [
        SelectChoice("", "— choose —"),
        *options((p.id, p.full_name) for p in chairs),
    ]
    return form, pending


@bp.route("/meetings/<int:meeting_id>/circulate", methods=["GET", "POST"])
def circulate(meeting_id: int):
    """Circulate the agenda and papers; after the deadline, with a reason and chair's consent."""
    meeting = queries.meeting_with_agenda(meeting_id) or abort(404)
    require(can_manage_meeting(current_user, meeting))
    form, pending = _circulate_form(meeting)
    if not form.is_submitted():
        form.include_agenda.data = meeting.agenda_circulated_at is None
        form.versions.data = [v.id for v in pending]
    if form.validate_on_submit():
        chosen = [v for v in pending if v.id in set(form.versions.data or [])]
        consent = (
            db.session.get(Person, form.consent_by_id.data) if form.consent_by_id.data else None
        )
        count = attempt(
            form,
            lambda: circulation.circulate(
                current_user,
                meeting,
                chosen,
                include_agenda=form.include_agenda.data,
                late_reason=form.late_reason.data,
                consent_by=consent,
            ),
        )
        if count is not None:
            db.session.commit()
            flash(f"Circulated to {count} members.", "success")
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
    timing = circulation.timing(meeting)
    return render_template(
        "papers/circulate.html",
        form=form,
        meeting=meeting,
        pending=pending,
        timing=timing,
        late_now=timing.is_late(utcnow()),
    ), (400 if form.errors else 200)


@bp.route("/boards/<int:board_id>/compliance")
def compliance(board_id: int):
    """How well the board keeps the 'no surprises' rule, overall and meeting by meeting."""

    board = get_or_404(Board, board_id)
    require(can_view_board(current_user, board))
    figures = board_compliance(board)
    return render_template(
        "papers/compliance.html",
        board=board,
        figures=figures,
        bars=timeliness_bars(figures.meetings, now=utcnow(), timezone=board.timezone),
    )

"""Circulating a meeting's agenda and papers, and the board's 'no surprises' figures."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance.boards.forms import options
from governance.boards.models import Board, Person
from governance.boards.permissions import can_view_board
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings import notify
from governance.meetings.forms import CirculateForm
from governance.meetings.models import Meeting
from governance.meetings.permissions import can_manage_meeting
from governance.papers import circulation, consent, queries, rules
from governance.papers.blueprint import bp
from governance.papers.compliance import board_compliance, timeliness_bars
from governance.papers.models import PaperVersion
from governance.web import attempt, get_or_404, require


def _circulate_form(meeting: Meeting) -> tuple[CirculateForm, list[PaperVersion]]:
    # meeting.items leaves out withdrawn items; withdrawn versions and those waiting for the
    # chair's answer are left out here.
    waiting = consent.pending_version_ids(meeting)
    pending = [
        v
        for item in meeting.items
        for paper in item.papers
        for v in paper.live_versions
        if v.circulated_at is None and v.id not in waiting
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


@dataclass(frozen=True)
class _Plan:
    """What the secretary is about to do, shown on the check page before anything is sent."""

    preview: notify.CirculationPreview
    late: bool
    #: "ask" the chair first, or record the chair's "word"; None when on time.
    how: str | None
    chairs: list[Person]
    chosen: list[PaperVersion]


def _chair(form: CirculateForm) -> Person | None:
    return db.session.get(Person, form.consent_by_id.data) if form.consent_by_id.data else None


def _plan(meeting: Meeting, chosen: list[PaperVersion], form: CirculateForm, late: bool) -> _Plan:
    """Check what the form asks, and preview the mail members would get; sends nothing."""
    agenda, reason, how = form.include_agenda.data, None, None
    if late:
        how = "word" if form.consent_how.data == "word" else "ask"
        agenda, reason = consent.check_request(
            meeting, chosen, agenda, form.late_reason.data, utcnow()
        )
        chair = _chair(form)
        if how == "word" and (chair is None or chair not in circulation.chairs(meeting)):
            raise DomainError(
                "Choose the chair who agreed: only the board's chair can consent.",
                field="consent_by_id",
            )
    else:
        agenda = circulation.check_circulation(meeting, chosen, agenda)
    preview = notify.papers_preview(meeting, agenda, chosen, reason)
    return _Plan(preview, late, how, circulation.chairs(meeting), chosen)


def _carry_out(
    meeting: Meeting, chosen: list[PaperVersion], form: CirculateForm, late: bool
) -> str:
    """Circulate, or ask the chair first; the message to flash."""
    agenda = form.include_agenda.data
    if not late:
        count = circulation.circulate(current_user, meeting, chosen, include_agenda=agenda)
        return f"Circulated to {count} {_people(count)}."
    if form.consent_how.data == "word":
        _request, count = consent.record_chairs_word(
            current_user,
            meeting,
            chosen,
            include_agenda=agenda,
            reason=form.late_reason.data,
            chair=_chair(form),
        )
        return (
            f"Circulated late to {count} {_people(count)},"
            " with the chair's consent recorded on their word."
        )
    consent.request_consent(
        current_user, meeting, chosen, include_agenda=agenda, reason=form.late_reason.data
    )
    return (
        "The chair has been asked. Nothing goes out until they agree;"
        " you will get a mail with their answer."
    )


@bp.route("/meetings/<int:meeting_id>/circulate", methods=["GET", "POST"])
def circulate(meeting_id: int):
    """Circulate the agenda and papers: check whom it reaches, then send; after the deadline,
    ask the chair's consent (or record the consent the chair gave by phone)."""
    meeting = queries.meeting_with_agenda(meeting_id) or abort(404)
    require(can_manage_meeting(current_user, meeting))
    form, pending = _circulate_form(meeting)
    timing = circulation.timing(meeting)
    late_now = timing.is_late(utcnow())
    if not form.is_submitted():
        form.include_agenda.data = meeting.agenda_circulated_at is None
        form.versions.data = [v.id for v in pending]
    plan = None
    if form.validate_on_submit() and not form.change.data:
        chosen = [v for v in pending if v.id in set(form.versions.data or [])]
        if form.confirmed.data == "y":
            message = attempt(form, lambda: _carry_out(meeting, chosen, form, late_now))
            if message is not None:
                db.session.commit()
                flash(message, "success")
                return redirect(url_for("pages.meeting", meeting_id=meeting.id))
        else:
            plan = attempt(form, lambda: _plan(meeting, chosen, form, late_now))
    if plan is None:
        form.confirmed.data = ""  # the form again: the check page comes before any sending
    return render_template(
        "papers/circulate.html",
        form=form,
        meeting=meeting,
        pending=pending,
        timing=timing,
        late_now=late_now,
        plan=plan,
        requests=queries.consent_requests_of(meeting),
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


def _people(count: int) -> str:
    """'person' or 'people', as the check page counts those a mail reaches."""
    return "person" if count == 1 else "people"

"""Recording a decision. The register, trail and exports are routes on the same blueprint."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance.database import utcnow
from governance.decisions import operations, queries, quorum, rules, signals
from governance.decisions.blueprint import bp
from governance.decisions.forms import DecisionForm, read_named_votes
from governance.decisions.models import Decision, DecisionMethod
from governance.decisions.permissions import can_record_decision
from governance.errors import DomainError
from governance.extensions import db
from governance.interests.operations import item_declarations
from governance.meetings import rules as meeting_rules
from governance.meetings.models import AgendaItem, Meeting
from governance.papers import circulation
from governance.papers.models import PaperVersion
from governance.papers.rules import file_label, local_time_label
from governance.web import attempt, get_or_404, require


def _version_label(version: PaperVersion, meeting: Meeting) -> str:
    zone = meeting.board.timezone
    when = local_time_label(version.circulated_at, zone)
    late = " — LATE" if circulation.is_version_late(meeting, version) else ""
    # The file's name, type, size and upload time tell two versions of one paper apart.
    file = file_label(version.filename, version.media_type, version.size, version.uploaded_at, zone)
    return f"“{version.paper.title}” version {version.number} ({file}), circulated {when}{late}"


def _prepare(form: DecisionForm, item: AgendaItem) -> tuple[dict[int, Any], dict[int, Any]]:
    """Fill the choices; return the offered paper versions and earlier decisions by id."""
    meeting = item.meeting
    versions = queries.circulated_on(item)
    form.relied_on.choices = [(v.id, _version_label(v, meeting)) for v in versions]
    earlier = queries.earlier_decisions(meeting.board_id)
    form.supersedes_id.choices = [
        SelectChoice("", "— nothing —"),
        *(SelectChoice(str(d.id), f"{d.number}: {d.resolution[:80]}") for d in earlier),
    ]
    if not form.is_submitted():
        # Pre-tick what the board would have read: the newest circulated version of each paper.
        newest: dict[int, int] = {}
        for v in versions:
            newest.setdefault(v.paper_id, v.id)
        form.relied_on.data = list(newest.values())
    return {v.id: v for v in versions}, {d.id: d for d in earlier}


def _moment(form: DecisionForm, meeting: Meeting) -> datetime | None:
    """The time given on the meeting day, where the board meets; None means now.

    Once the meeting is over "now" is not when the board decided, so the time must be given:
    the quorum is worked out from who was in the room at that moment.
    """
    if form.taken_time.data is None:
        if meeting.ends_at < utcnow():
            raise DomainError(
                "The meeting is over: give the time the board took this decision, so that the "
                "quorum is worked out from who was there then.",
                field="taken_time",
            )
        return None
    day = meeting_rules.local_date(meeting.starts_at, meeting.board.timezone)
    try:
        return meeting_rules.local_datetime(day, form.taken_time.data, meeting.board.timezone)
    except DomainError as error:
        raise DomainError(error.message, field="taken_time") from error


def _shown_moment(form: DecisionForm, meeting: Meeting) -> tuple[datetime | None, str]:
    """The moment the form's quorum is worked out for, as the record will be, and its label.

    The time given on the form if there is one; while the meeting is under way, now; once it
    is over and no time is given, none: the quorum then waits for the time of the decision.
    """
    if form.is_submitted() and form.taken_time.data is not None:
        try:
            moment = _moment(form, meeting)
        except DomainError:
            moment = None
        if moment is not None:
            return moment, f"at {form.taken_time.data:%H:%M}"
    if meeting.ends_at < utcnow():
        return None, ""
    return utcnow(), "now"


def _record(
    form: DecisionForm, item: AgendaItem, versions: dict[int, Any], earlier: dict[int, Any]
) -> Decision:
    draft = operations.DecisionDraft(
        resolution=form.resolution.data or "",
        rationale=form.rationale.data or "",
        alternatives=form.alternatives.data or "",
        no_alternatives_reason=form.no_alternatives_reason.data or "",
        method=DecisionMethod(form.method.data),
        votes_for=form.votes_for.data,
        votes_against=form.votes_against.data,
        abstentions=form.abstentions.data,
        named_votes=read_named_votes(request.form),
        dissent=form.dissent.data or "",
        relied_on=[versions[i] for i in form.relied_on.data or [] if i in versions],
        supersedes=earlier.get(form.supersedes_id.data) if form.supersedes_id.data else None,
        relation=form.relation.data,
        as_recommendation=bool(form.as_recommendation.data),
        **{k: v for extra in signals.answers(signals.form_values, form) for k, v in extra.items()},
    )
    return operations.record_decision(current_user, item, draft, moment=_moment(form, item.meeting))


@bp.route("/items/<int:item_id>/decisions/new", methods=["GET", "POST"])
def record(item_id: int):
    """Record the board's decision on an item: resolution, reasons, votes and papers relied on."""
    item = get_or_404(AgendaItem, item_id)
    require(can_record_decision(current_user, item))
    meeting = item.meeting
    try:
        rules.check_meeting_started(meeting.starts_at, utcnow(), meeting.board.timezone)
    except DomainError as not_yet:
        # No form before the meeting starts: the page says why, and a post records nothing.
        return render_template(
            "decisions/decision_not_yet.html", item=item, meeting=meeting, reason=not_yet.message
        ), (400 if request.method == "POST" else 200)
    form = signals.first_answer(signals.form_wanted, item) or DecisionForm()
    versions, earlier = _prepare(form, item)
    checking = form.is_submitted() and bool(form.check_quorum.data)
    if not checking and form.validate_on_submit():
        decision = attempt(form, lambda: _record(form, item, versions, earlier))
        if decision is not None:
            db.session.commit()
            kind = "Recommendation" if decision.is_recommendation else "Decision"
            flash(f"{kind} {decision.number} recorded.", "success")
            return redirect(url_for("decisions.trail", decision_id=decision.id))
    moment, at = _shown_moment(form, meeting)
    result = quorum.quorum_for(item, moment) if moment is not None else None
    shown = set(result.counted_person_ids) | set(result.withdrawn_person_ids) if result else set()
    names = queries.names_of(shown)
    chosen = {pid: cast.value for pid, cast in read_named_votes(request.form)}
    may_vote = quorum.may_vote(item, moment)
    return render_template(
        "decisions/decision_form.html",
        form=form,
        item=item,
        meeting=meeting,
        board=meeting.board,
        quorum=result,
        quorum_at=at,
        rule_caveat=signals.first_answer(signals.quorum_caveat_wanted, meeting.board),
        counted=[names.get(pid, f"Person {pid}") for pid in result.counted_person_ids]
        if result
        else [],
        withdrawn=[names.get(pid, f"Person {pid}") for pid in result.withdrawn_person_ids]
        if result
        else [],
        declarations=item_declarations(item),
        voters=[
            (pid, name, chosen.get(pid, ""))
            for pid, name in queries.present_people(meeting)
            if pid in may_vote
        ],
        may_recommend=meeting.board.inquorate_recommendations,
        vote_choices=[
            ("", "Did not vote"),
            ("for", "For"),
            ("against", "Against"),
            ("abstain", "Abstain"),
        ],
    ), (400 if form.errors else 200)

"""Building the agenda, and circulating it and its papers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from governance.boards.forms import options
from governance.boards.models import Person
from governance.database import utcnow
from governance.extensions import db
from governance.meetings import circulation, operations, queries
from governance.meetings.forms import CirculateForm, ItemForm
from governance.meetings.models import AgendaItem, Meeting, Purpose
from governance.meetings.permissions import can_manage_meeting
from governance.meetings.views import bp
from governance.papers.models import PaperVersion
from governance.web import attempt, get_or_404, require


def _item_values(form: ItemForm) -> dict:
    return {
        "title": form.title.data or "",
        "purpose": Purpose(form.purpose.data),
        "description": form.description.data or "",
        "presenter": form.presenter.data or "",
        "minutes_allotted": form.minutes_allotted.data,
        "confidential": form.confidential.data,
    }


def _save_item(meeting: Meeting, item: AgendaItem | None):
    require(can_manage_meeting(current_user, meeting))
    form = ItemForm(obj=item)
    if form.validate_on_submit():
        saved = attempt(
            form, lambda: operations.save_item(current_user, meeting, item, _item_values(form))
        )
        if saved is not None:
            db.session.commit()
            flash(f"Agenda item “{saved.title}” saved.", "success")
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=item), (
        400 if form.errors else 200
    )


@bp.route("/meetings/<int:meeting_id>/items/new", methods=["GET", "POST"])
def create_item(meeting_id: int):
    """Add an item to the end of the agenda."""
    return _save_item(get_or_404(Meeting, meeting_id), None)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_item(item_id: int):
    """Change an agenda item."""
    item = get_or_404(AgendaItem, item_id)
    return _save_item(item.meeting, item)


@bp.route("/items/<int:item_id>/move", methods=["POST"])
def move_item(item_id: int):
    """Move an item up or down the agenda."""
    item = get_or_404(AgendaItem, item_id)
    require(can_manage_meeting(current_user, item.meeting))
    step = -1 if request.form.get("direction") == "up" else 1
    operations.move_item(current_user, item, step)
    db.session.commit()
    return redirect(url_for("meetings.meeting", meeting_id=item.meeting_id) + f"#item-{item.id}")


def _circulate_form(meeting: Meeting) -> tuple[CirculateForm, list[PaperVersion]]:
    pending = [
        v
        for item in meeting.items
        for paper in item.papers
        for v in paper.versions
        if v.circulated_at is None
    ]
    form = CirculateForm()
    form.versions.choices = options(
        (v.id, f"{v.paper.item.position}. {v.paper.title} (version {v.number})") for v in pending
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
            return redirect(url_for("meetings.meeting", meeting_id=meeting.id))
    timing = circulation.timing(meeting)
    return render_template(
        "meetings/circulate.html",
        form=form,
        meeting=meeting,
        pending=pending,
        timing=timing,
        late_now=timing.is_late(utcnow()),
    ), (400 if form.errors else 200)

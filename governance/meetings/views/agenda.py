"""Building the agenda, and circulating it and its papers."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from governance.extensions import db
from governance.meetings import operations, queries
from governance.meetings.blueprint import bp
from governance.meetings.forms import ItemForm
from governance.meetings.models import AgendaItem, Meeting, Purpose
from governance.meetings.permissions import can_manage_meeting
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
            return redirect(url_for("pages.meeting", meeting_id=meeting.id))
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
    return redirect(url_for("pages.meeting", meeting_id=item.meeting_id) + f"#item-{item.id}")


@bp.route("/meetings/<int:meeting_id>/items/standard", methods=["POST"])
def add_standard_items(meeting_id: int):
    """Add the standard opening and closing items to the agenda in one step."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_meeting(current_user, meeting))
    added = operations.add_standard_items(current_user, meeting)
    db.session.commit()
    flash(
        f"{len(added)} standard item{'s' if len(added) != 1 else ''} added to the agenda."
        if added
        else "The agenda already has every standard item.",
        "success",
    )
    return redirect(url_for("pages.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/items/copy", methods=["POST"])
def copy_last_agenda(meeting_id: int):
    """Copy the items of the board's last agenda (not its papers) in one step."""
    meeting = get_or_404(Meeting, meeting_id)
    require(can_manage_meeting(current_user, meeting))
    source = queries.last_agenda(meeting)
    if source is None:
        flash("There is no earlier agenda of this board to copy.", "error")
    else:
        copied = operations.copy_agenda(current_user, meeting, source)
        db.session.commit()
        flash(
            f"{len(copied)} item{'s' if len(copied) != 1 else ''} copied from the agenda of "
            f"{source.local_start:%-d %B %Y}; add this meeting's papers to them.",
            "success",
        )
    return redirect(url_for("pages.meeting", meeting_id=meeting.id))

"""The decision register: every decision the viewer may see, filtered, newest first."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms import Field
from wtforms.widgets import Select, html_params

from governance.audit.permissions import can_view_audit
from governance.decisions import queries
from governance.decisions.blueprint import bp
from governance.decisions.forms import RegisterFilterForm, filter_args, filters_from
from governance.decisions.permissions import can_export, can_view_register
from governance.page_cache import cached_page
from governance.web import require


class PlainSelect(Select):
    """A <select> written straight from (value, label) pairs.

    The register offers every board in the county (300 at scale); WTForms' own option rendering
    took about 40% of the page. The markup is the same.
    """

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        chosen = "" if field.data is None else str(field.data)
        options = "".join(
            f'<option{" selected" if value == chosen else ""} value="{escape(value)}">'
            f"{escape(label)}</option>"
            for value, label in field.choices or ()
        )
        select = f"<select {html_params(name=field.name, **kwargs)}>{options}</select>"
        return Markup(select)  # noqa: S704  # nosec B704  # html_params and the options escape


def register_form(scope: queries.Scope) -> RegisterFilterForm:
    """The filter form read from the query string, offering the boards in the viewer's scope."""
    form = RegisterFilterForm(request.args)
    form.board_id.choices = [
        ("", "All boards"),
        *((str(board_id), name) for board_id, name in queries.boards_in(scope)),
    ]
    form.board_id.widget = PlainSelect()
    return form


@bp.route("/decisions")
@cached_page
def register():
    """The register, a page at a time, paged by (taken_at, id) rather than by offset."""
    require(can_view_register(current_user))
    scope = queries.scope_for(current_user)
    form = register_form(scope)
    filters = filters_from(form)
    page = queries.register_page(
        scope,
        filters,
        queries.parse_cursor(request.args.get("before")),
        size=current_app.config["PAGE_SIZE"],
    )
    args = filter_args(form)
    return render_template(
        "decisions/register.html",
        form=form,
        rows=page.rows,
        older=url_for("decisions.register", before=page.next_cursor, **args)
        if page.next_cursor
        else None,
        csv_url=url_for("evidence.register_csv", **args),
        json_url=url_for("evidence.register_json", **args),
        export=can_export(current_user),
        evidence_url=url_for("evidence.board_evidence_pack", **args)
        if can_view_audit(current_user)
        else None,
        evidence_ready=bool(filters.board_id and filters.taken_from and filters.taken_to),
        filtered=bool(args),
    )

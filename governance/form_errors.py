"""The problems of the forms on a page, for the error summary every page opens with.

A page shows a summary when any form it was given came back with problems: the form's own
problems, then each field's, in the order of the form, each linking to the control a person
should fix. Templates call `page_problems()`; it looks through what the view passed to the
template, so every form gets the summary without each view or template asking for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from jinja2 import pass_context
from jinja2.runtime import Context
from wtforms import Field, Form

#: Fields rendered as a list of inputs, whose own id names no control: link to the first.
_CHOICE_FIELDS = ("RadioField", "MultiCheckboxField")
#: Fields with no control a person can reach.
_HIDDEN_FIELDS = ("HiddenField", "CSRFTokenField")
_FILE_FIELDS = ("FileField",)


@dataclass(frozen=True)
class Problem:
    """One line of the summary: what to fix, and the id of the control to fix it in."""

    message: str
    target: str | None = None
    label: str | None = None


def chosen_filename(field: Field) -> str | None:
    """The name of a file chosen in this file field before the form came back, if any."""
    if field.type not in _FILE_FIELDS:
        return None
    return getattr(field.data, "filename", None) or None


def _target(field: Field) -> str | None:
    if field.type in _HIDDEN_FIELDS:
        return None
    if field.type in _CHOICE_FIELDS and list(getattr(field, "choices", None) or []):
        return f"{field.id}-0"
    return field.id


def _field_problems(field: Field) -> Iterator[Problem]:
    entries = getattr(field, "entries", None)  # a FieldList
    subform = getattr(field, "form", None) if field.type == "FormField" else None
    if entries is not None:
        for entry in entries:
            yield from _field_problems(entry)
        return
    if isinstance(subform, Form):
        for sub in subform:
            yield from _field_problems(sub)
        return
    label = getattr(getattr(field, "label", None), "text", None) or None
    for error in field.errors:
        if isinstance(error, str):
            yield Problem(error, _target(field), None if field.type in _HIDDEN_FIELDS else label)


def form_problems(form: Form) -> list[Problem]:
    """Every problem of one form: its own first, then each field's in order. A file chosen
    before the form came back is listed too, since the browser cannot keep it."""
    problems = [Problem(str(error)) for error in getattr(form, "form_errors", [])]
    for field in form:
        problems.extend(_field_problems(field))
    if problems:
        for field in form:
            name = chosen_filename(field)
            if name and not field.errors:
                problems.append(
                    Problem(
                        f"You chose “{name}”: choose it again, as browsers cannot keep a chosen "
                        "file when a form comes back.",
                        field.id,
                        getattr(field.label, "text", None),
                    )
                )
    return problems


def _forms_in(values: Iterable[Any]) -> Iterator[Form]:
    for value in values:
        if isinstance(value, Form):
            yield value
        elif isinstance(value, list | tuple):
            yield from (item for item in value if isinstance(item, Form))
        elif isinstance(value, dict):
            yield from (item for item in value.values() if isinstance(item, Form))


@pass_context
def page_problems(context: Context) -> list[Problem]:
    """The problems of every form the template was given (each form once)."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for form in _forms_in(context.get_all().values()):
        if id(form) not in seen:
            seen.add(id(form))
            problems.extend(form_problems(form))
    return problems


def register(app: Flask) -> None:
    """Give every template `page_problems()` and `chosen_filename(field)`."""
    app.jinja_env.globals.update(page_problems=page_problems, chosen_filename=chosen_filename)

"""Small helpers every area's views share: loading, permission checks, form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import Regexp

from governance.errors import DomainError
from governance.extensions import db
from governance.fields import LARGEST_WHOLE_NUMBER, whole_number

T = TypeVar("T")

#: A plain shape check for email addresses; deliverability is not checked.
EMAIL = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address such as name@example.org."
)


#: The session key stamped with the time of each request (governance.auth.sessions); the page
#: cache leaves it out of a page's key, since it changes on every request.
LAST_SEEN_AT = "last_seen_at"


def get_or_404(model: type[T], ident: Any) -> T:
    """The row with this primary key, or a 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def query_int(name: str, *, highest: int = LARGEST_WHOLE_NUMBER) -> int | None:
    """The query argument `name` as a whole number from 0 to `highest` (an id column's range
    by default), or None when it is missing, not ASCII digits, or out of range. Every view
    reads numbers from the query string through this, so none reaches the database
    driver out of range (an OverflowError, a 500)."""
    return whole_number(request.args.get(name), lowest=0, highest=highest)


def require(allowed: bool) -> None:
    """Refuse the request: 401 to sign in when anonymous, 403 otherwise."""
    if not allowed:
        abort(403 if current_user.is_authenticated else 401)


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Attach a refused operation's message to its field, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def check_all(form: FlaskForm, *checks: Callable[[], object]) -> bool:
    """Run every check, putting each refusal beside its field (a field the form has already
    refused keeps its own message), so a person meets every problem at once rather than one
    per attempt. True when none refused."""
    passed = True
    for check in checks:
        try:
            check()
        except DomainError as error:
            passed = False
            field = getattr(form, error.field, None) if error.field else None
            if field is None or not getattr(field, "errors", None):
                show_error(form, error)
    return passed


def attempt(form: FlaskForm, operation: Callable[[], T]) -> T | None:
    """Run an operation; on DomainError roll back, show the message on the form, return None."""
    try:
        return operation()
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return None

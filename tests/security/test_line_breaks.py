"""Line and paragraph separators: refused in one-line fields, folded in mail headers."""

from __future__ import annotations

import gc
from email.message import EmailMessage

import pytest
import wtforms
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

from governance.extensions import db
from governance.fields import CONTROL_MESSAGE, SINGLE_LINE_MESSAGE, SingleLine
from governance.mail import rules
from tests.conftest import audit_count
from tests.test_permissions_by_route import ROUTES, row_counts

#: Every character str.splitlines() (and so the email library) breaks a line at, but CR and LF.
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_subject_with_a_separator_is_folded_and_the_mail_can_be_built(separator):
    """A board named with U+2028 made every mail about it undeliverable: the email library
    refuses such a header, and check_header let it through."""
    subject = rules.check_subject(f"Notice of meeting: Family{separator}Board")
    assert subject == "Notice of meeting: Family Board"
    message = EmailMessage()
    message["Subject"] = subject
    assert "Family Board" in message.as_string()


@pytest.mark.parametrize("separator", SEPARATORS)
def test_an_address_with_a_separator_is_refused(separator):
    with pytest.raises(Exception) as raised:
        rules.check_address(f"parent@example.org{separator}Bcc: x@example.org")
    assert getattr(raised.value, "field", None) == "to_address"


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\n"])
def test_a_board_name_with_a_line_separator_is_refused_beside_the_field(
    separator, client, world, login
):
    """ASVS 5.1.3: a clear message beside the field, the form given back, nothing saved."""
    _method, build, _allowed, base = ROUTES["boards.create_board"]
    login(world.users["admin"])
    before_rows, before_events = row_counts(), audit_count()
    response = client.post(build(world), data={**base, "name": f"Family{separator}Board"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert SINGLE_LINE_MESSAGE in page
    assert 'value="NEW"' in page  # the rest of the form is kept
    db.session.expire_all()
    assert (row_counts(), audit_count()) == (before_rows, before_events)


#: Text fields that may hold several lines, or are never shown or sent anywhere.
MULTI_LINE = (wtforms.TextAreaField, wtforms.PasswordField, wtforms.HiddenField)


def _all_form_classes() -> list[type]:
    found, todo = [], [FlaskForm, wtforms.Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_every_single_line_text_field_of_every_form_refuses_line_breaks(app):
    """Every form in the app (the blueprints import them all): each one-line text field is
    governance.fields' kind, which refuses line and paragraph breaks."""
    gc.collect()
    plain = []
    forms = [c for c in _all_form_classes() if c.__module__.startswith("governance.")]
    assert len(forms) > 20
    for form in forms:
        for name in dir(form):
            unbound = getattr(form, name, None)
            if not isinstance(unbound, UnboundField):
                continue
            kind = unbound.field_class
            if issubclass(kind, wtforms.StringField) and not issubclass(kind, MULTI_LINE):
                if not issubclass(kind, SingleLine):
                    plain.append(f"{form.__module__}.{form.__name__}.{name}")
    assert not plain, plain


@pytest.mark.parametrize("control", ["\t", "\x1b[2J", "\x7f", "\x9b"])
def test_a_name_with_a_tab_or_control_character_is_refused_beside_the_field(
    control, client, world, login
):
    _method, build, _allowed, base = ROUTES["boards.create_board"]
    login(world.users["admin"])
    before_rows, before_events = row_counts(), audit_count()
    response = client.post(build(world), data={**base, "name": f"Family{control}Board"})
    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.get_data(as_text=True)
    db.session.expire_all()
    assert (row_counts(), audit_count()) == (before_rows, before_events)

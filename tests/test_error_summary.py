"""Every refused form opens with an error summary (the GOV.UK pattern): a box headed "There is
a problem" listing every problem as a link to its field, focused when the page loads, and a
page title starting "Error: "; a chosen file the browser cannot keep is named beside its field.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SubmitField

from governance.boards.forms import options
from governance.fields import StringField
from tests.conftest import PASSWORD
from tests.security.test_fuzz_forms import ADMIN_FORMS
from tests.test_permissions_by_route import ROUTES

SUMMARY = re.compile(r'<div class="error-summary"[^>]*>(.*?)</div>', re.S)


def _text(response: Any) -> str:
    return response.get_data(as_text=True)


def _summary(page: str) -> str:
    match = SUMMARY.search(page)
    assert match, page[:3000]
    return match.group(1)


def _links(page: str) -> list[str]:
    return re.findall(r'<a href="#([^"]+)"', _summary(page))


def test_a_refused_form_opens_with_a_focused_summary_linking_to_every_problem(client, world, login):
    login(world.users["member"])
    response = client.post("/account/password", data={"confirm": "something"})
    assert response.status_code == 400
    page = _text(response)
    assert _links(page) == ["current_password", "new_password", "confirm"]
    opening = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in opening and "autofocus" in opening
    assert "There is a problem" in _summary(page)
    assert "Current password" in _summary(page)  # each problem names its field
    # At the top: before the page's heading, and the title says there was an error.
    assert page.index('class="error-summary"') < page.index("<h1")
    assert re.search(r"<title>Error: Change password", page)


def test_a_page_without_problems_has_neither_summary_nor_error_title(client, world, login):
    login(world.users["member"])
    page = _text(client.get("/account/password"))
    assert 'class="error-summary"' not in page
    assert "<title>Error:" not in page


def test_a_form_set_out_by_hand_gets_the_summary_and_choices_link_to_their_first_option(
    client, agenda_world, login
):
    """The reply form lays out its own fields; its radio buttons have no element of the
    field's own id, so the summary links to the first option."""
    w = agenda_world
    login(w.users["parent"])
    response = client.post(f"/meetings/{w.meeting.id}/reply", data={"children": "many"})
    assert response.status_code == 400
    page = _text(response)
    links = _links(page)
    assert links[0] == "choice-0" and 'id="choice-0"' in page
    assert all(f'id="{target}"' in page for target in links)


class _Sample(FlaskForm):
    kind = HiddenField("Kind")
    name = StringField("Name")
    colour = RadioField("Colour", choices=options([("r", "Red"), ("g", "Green")]))
    submit = SubmitField("Save")


def test_problems_of_the_whole_form_and_of_hidden_fields_are_listed_without_a_link(app):
    with app.test_request_context(method="POST", data={}):
        form = _Sample(meta={"csrf": False})
        form.form_errors.append("The meeting has been cancelled since you opened this form.")
        form.kind.errors = ["Reload the page and try again."]
        form.name.errors = ["Give a name."]
        page = render_template_string(
            "{% extends 'base.html' %}{% from '_forms.html' import render %}"
            "{% block title %}Sample{% endblock %}{% block content %}<h1>Sample</h1>"
            "{{ render(form) }}{% endblock %}",
            form=form,
        )
    summary = _summary(page)
    assert "The meeting has been cancelled since you opened this form." in summary
    assert "Reload the page and try again." in summary
    assert _links(page) == ["name"]
    assert "<title>Error: Sample" in page


@pytest.mark.parametrize("endpoint", ADMIN_FORMS)
def test_every_refused_form_in_the_route_table_opens_with_the_summary(
    endpoint, client, agenda_world, login
):
    """Every form an administrator can post, sent empty: a refusal shown as the form again
    (400 with messages beside fields) always has the summary and the error title, and
    every link of the summary leads to a control on the page."""
    _method, build, _allowed, _data = ROUTES[endpoint]
    url = build(agenda_world)
    login(agenda_world.users["admin"])
    response = client.post(url, data={})
    page = _text(response)
    assert response.status_code in (302, 400), (endpoint, response.status_code)
    if response.status_code == 400 and 'class="error"' in page:
        assert 'class="error-summary"' in page, endpoint
        assert "<title>Error: " in page, endpoint
        for target in _links(page):
            assert f'id="{target}"' in page, (endpoint, target)


def test_a_chosen_file_is_named_beside_its_field_to_be_chosen_again(client, agenda_world, login):
    w = agenda_world
    login(w.users["secretary"])
    response = client.post(
        f"/items/{w.item.id}/papers/new",
        data={"title": "", "summary": "Agree it.", "file": (io.BytesIO(b"%PDF-1.4\n"), "plan.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    page = _text(response)
    hint = re.search(r'<p class="hint file-again" id="file-again">(.*?)</p>', page, re.S)
    assert hint, page
    assert "plan.pdf" in hint.group(1) and "choose it again" in hint.group(1)
    assert re.search(r'<input[^>]*aria-describedby="[^"]*file-again', page)
    # Without a chosen file, nothing is said about choosing it again.
    empty = client.post(
        f"/items/{w.item.id}/papers/new",
        data={"title": "", "summary": "Agree it."},
        content_type="multipart/form-data",
    )
    assert 'id="file-again"' not in _text(empty)


@pytest.mark.parametrize("where", ["/login"])
def test_a_refused_sign_in_has_the_summary_too(client, world, where):
    response = client.post(where, data={"email": "member@example.org", "password": "wrong!"})
    assert response.status_code == 400
    assert _links(_text(response)) == ["password"]
    assert PASSWORD not in _text(response)

"""A refused form names every problem at once: the rules an operation would check are run
beside the form's own validation, instead of one more problem coming to light per attempt."""

from __future__ import annotations

import re

import pytest

from governance.errors import DomainError
from governance.web import check_all
from tests.conftest import PASSWORD


def _errors(page: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="([a-z_0-9-]+)-error">(.*?)</p>', page, re.S))


def test_check_all_runs_every_check_and_shows_each_refusal_beside_its_field(app):
    from flask_wtf import FlaskForm

    from governance.fields import StringField

    class Form(FlaskForm):
        title = StringField("Title")
        summary = StringField("Summary")

    def refuse(field: str, message: str):
        def check() -> None:
            raise DomainError(message, field=field)

        return check

    with app.test_request_context(method="POST"):
        form = Form(meta={"csrf": False})
        ran = []
        assert (
            check_all(
                form,
                refuse("title", "Give a title."),
                lambda: ran.append("second"),
                refuse("summary", "Write a summary."),
                refuse("", "The meeting is over."),
            )
            is False
        )
        assert ran == ["second"]
        assert form.title.errors == ["Give a title."]
        assert form.summary.errors == ["Write a summary."]
        assert form.form_errors == ["The meeting is over."]
        # A field already refused by the form keeps its one message.
        form.title.errors = ["This field is required."]
        check_all(form, refuse("title", "Give a title."))
        assert form.title.errors == ["This field is required."]
        assert check_all(form, lambda: None) is True


def test_a_decision_paper_sent_empty_names_title_file_and_summary_at_once(
    client, agenda_world, login
):
    w = agenda_world  # w.item is a decision item: its papers need a summary
    login(w.users["secretary"])
    response = client.post(
        f"/items/{w.item.id}/papers/new",
        data={"title": "", "summary": ""},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    errors = _errors(response.get_data(as_text=True))
    assert {"title", "file", "summary"} <= set(errors), errors
    assert "plain-language summary" in errors["summary"]


@pytest.mark.parametrize("missing", ["current_password", "confirm"])
def test_a_weak_new_password_is_named_with_the_forms_other_problems(client, world, login, missing):
    login(world.users["member"])
    data = {"current_password": PASSWORD, "new_password": "short", "confirm": "short"}
    data[missing] = ""
    response = client.post("/account/password", data=data)
    assert response.status_code == 400
    errors = _errors(response.get_data(as_text=True))
    assert set(errors) == {missing, "new_password"}, errors
    assert "12 characters" in errors["new_password"]


def test_a_new_login_with_no_address_and_a_weak_password_names_both(client, world, login):
    login(world.users["admin"])
    response = client.post(
        f"/people/{world.plain_person.id}/login", data={"email": "", "password": "short"}
    )
    assert response.status_code == 400
    errors = _errors(response.get_data(as_text=True))
    assert set(errors) == {"email", "password"}, errors
    assert "12 characters" in errors["password"]

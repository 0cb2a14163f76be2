"""Every form an administrator can post, fuzzed: never a 500, and a refusal changes nothing.

The forms come from the route table (tests/test_permissions_by_route.py): every POST endpoint
the admin role may use, starting from the table's valid form data. Each Hypothesis example
runs inside a savepoint on the test's connection that is rolled back afterwards, so examples
do not see one another's writes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.extensions import db
from tests.conftest import audit_count
from tests.test_permissions_by_route import ROUTES, row_counts

#: Signing out ends the administrator's session, which the other examples need; tests/auth
#: covers both.
SESSION_ENDERS = {"auth.logout", "auth.sign_out_everywhere"}
#: Buttons whose request can rightly do nothing, without a message: moving the last item of
#: an agenda down (or the first up) leaves it as it is.
NO_OP_BUTTONS = {"meetings.move_item"}
ADMIN_FORMS = sorted(
    endpoint
    for endpoint, (method, _build, allowed, _data) in ROUTES.items()
    if method == "POST" and "admin" in allowed and endpoint not in SESSION_ENDERS
)

#: Any code point except surrogates (which cannot be sent as UTF-8): control characters and
#: NUL included.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
VALUES = st.one_of(
    ANY_TEXT,
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=3).map(
        lambda s: s * 4000  # very long
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "\x00", "0", "-1", "y", "on", "2026-02-30", "99:99", "NaN", "1e9"]),
)


def fuzzed(draw: Any, base: dict[str, Any]) -> dict[str, Any]:
    """The valid form with each field kept, dropped, or replaced by a hostile value."""
    data: dict[str, Any] = {}
    for name, value in base.items():
        choice = draw(st.sampled_from(["keep", "drop", "fuzz", "fuzz"]))
        if choice == "keep":
            data[name] = value
        elif choice == "fuzz":
            data[name] = draw(VALUES)
    for name in draw(st.lists(ANY_TEXT.filter(bool), max_size=2)):
        data.setdefault(name, draw(VALUES))
    return data


def fresh(data: dict[str, Any]) -> dict[str, Any]:
    """Uploaded files are read once per request: give every request its own copy."""
    return {
        k: (io.BytesIO(v[0].getvalue()), v[1]) if isinstance(v, tuple) else v
        for k, v in data.items()
    }


@contextmanager
def undone() -> Iterator[None]:
    """Run a block inside a savepoint on the test's connection, rolled back afterwards."""
    connection = db.session.get_bind()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
        db.session.expire_all()


def take_flashes(client: Any) -> list[Any]:
    """The messages flashed to the session and not yet shown, removed from it."""
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


@pytest.mark.parametrize("endpoint", ADMIN_FORMS)
def test_fuzzed_form_is_never_a_500_and_a_refusal_changes_nothing(
    endpoint, client, agenda_world, login
):
    """ASVS 5.1.3, 5.1.4 (input validated, refused as a whole), 7.4.1 (no server error page)."""
    _method, build, _allowed, base = ROUTES[endpoint]
    url = build(agenda_world)
    base = base(agenda_world) if callable(base) else base
    login(agenda_world.users["admin"])
    take_flashes(client)
    seen: set[int] = set()

    @settings(
        max_examples=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.data())
    def post_hostile_form(data: st.DataObject) -> None:
        form = fuzzed(data.draw, base)
        with undone():
            before_rows, before_events = row_counts(), audit_count()
            response = client.post(url, data=fresh(form))
            response.close()
            seen.add(response.status_code)
            flashes = take_flashes(client)
            assert response.status_code in (302, 400), (response.status_code, form)
            db.session.expire_all()
            changed = row_counts() != before_rows or audit_count() != before_events
            if response.status_code == 400:
                assert not changed, form
            elif not changed and endpoint not in NO_OP_BUTTONS:
                assert flashes, ("a refusal by redirect must say why", form)

    post_hostile_form()
    assert seen, endpoint


@pytest.mark.parametrize("endpoint", ADMIN_FORMS)
def test_form_without_the_right_csrf_token_is_refused_unchanged(
    endpoint, client, agenda_world, login, app
):
    """ASVS 4.2.2, 13.2.3: a state-changing request without a valid anti-CSRF token is refused."""
    _method, build, _allowed, base = ROUTES[endpoint]
    url = build(agenda_world)
    login(agenda_world.users["admin"])
    before_rows, before_events = row_counts(), audit_count()
    for token in (None, "not-the-token", ""):
        data = fresh(base(agenda_world) if callable(base) else dict(base))
        if token is not None:
            data["csrf_token"] = token
        app.config["WTF_CSRF_ENABLED"] = True
        try:
            response = client.post(url, data=data)
        finally:
            app.config["WTF_CSRF_ENABLED"] = False
        assert response.status_code == 400, (token, response.status_code)
        db.session.expire_all()
        assert row_counts() == before_rows, token
        assert audit_count() == before_events, token

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
#: Forms whose first POST shows a page to check (whom a mass mail reaches) before anything is
#: done: a 200 that must change nothing.
CHECK_STEPS = {"papers.circulate"}
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
            allowed = (302, 400, 200) if endpoint in CHECK_STEPS else (302, 400)
            assert response.status_code in allowed, (response.status_code, form)
            db.session.expire_all()
            changed = row_counts() != before_rows or audit_count() != before_events
            if response.status_code in (200, 400):
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


#: Query arguments the views read, and a few they do not.
QUERY_NAMES = [
    "board_id",
    "before",
    "owner",
    "parent_id",
    "person_id",
    "from",
    "to",
    "state",
    "action",
    "q",
    "next",
    "choice",
    "status",
    "taken_from",
    "taken_to",
]
#: Numbers that are not what they seem: other scripts' digits, superscripts, past 64 bits.
NUMBER_LIKE = st.sampled_from(
    ["١٢٣", "²", "１２", "9" * 30, "-" + "9" * 30, "2147483648", "2026-01-01T00:00:00,9" + "9" * 25]
)
ADMIN_PAGES = sorted(
    endpoint
    for endpoint, (method, _build, allowed, _data) in ROUTES.items()
    if method == "GET" and "admin" in allowed
)


@pytest.mark.parametrize("endpoint", ADMIN_PAGES)
def test_fuzzed_query_string_is_never_a_500(endpoint, client, agenda_world, login):
    """ASVS 5.1.3, 7.4.1: every page reads its query string through bounded parsers."""
    from urllib.parse import urlencode

    _method, build, _allowed, _base = ROUTES[endpoint]
    url = build(agenda_world)
    login(agenda_world.users["admin"])

    @settings(
        max_examples=6,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(QUERY_NAMES), ANY_TEXT.filter(bool)),
                st.one_of(NUMBER_LIKE, VALUES),
            ),
            min_size=1,
            max_size=4,
        )
    )
    def get_hostile_query(pairs: list[tuple[str, str]]) -> None:
        query = urlencode([(k, v[:2000]) for k, v in pairs])
        response = client.get(f"{url}{'&' if '?' in url else '?'}{query}")
        response.get_data()  # streamed exports fail while they are read
        response.close()
        assert response.status_code < 500, (response.status_code, pairs)

    get_hostile_query()

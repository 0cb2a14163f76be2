"""Every route, as every role: the expected allow or deny, and a denied request changes nothing.

A new route must be added to ROUTES, or test_every_route_is_covered fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from governance.extensions import db
from governance.models import Appointment, Board, BoardOfficer, Organisation, Person, Seat, User
from tests.conftest import World, audit_count

ROLES = [
    "anonymous",
    "admin",
    "auditor",
    "secretary",
    "chair",
    "member",
    "parent",
    "observer",
    "outsider",
]
SIGNED_IN = set(ROLES) - {"anonymous"}
BOARD_VIEWERS = {"admin", "auditor", "secretary", "chair", "member", "parent", "observer"}
MANAGERS = {"admin", "secretary"}

# endpoint -> (method, url builder, roles allowed, form data for a write, or a builder of it)
Route = tuple[str, Callable[[World], str], set[str], Any]
ROUTES: dict[str, Route] = {
    "main.home": ("GET", lambda w: "/", set(ROLES), {}),
    "auth.login": ("GET", lambda w: "/login", set(ROLES), {}),
    "auth.logout": ("POST", lambda w: "/logout", set(ROLES), {}),
    "auth.change_password": ("GET", lambda w: "/account/password", SIGNED_IN, {}),
    "auth.create_account": (
        "POST",
        lambda w: f"/people/{w.plain_person.id}/login",
        {"admin"},
        {"email": "new-login@example.org", "password": "a long enough passphrase"},
    ),
    "boards.index": ("GET", lambda w: "/boards", set(ROLES), {}),
    "boards.board": ("GET", lambda w: f"/boards/{w.board.id}", BOARD_VIEWERS, {}),
    "boards.create_board": (
        "POST",
        lambda w: "/boards/new",
        {"admin"},
        {
            "name": "New board",
            "code": "NEW",
            "timezone": "Europe/London",
            "notice_clear_days": "5",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    ),
    "boards.edit_board": (
        "POST",
        lambda w: f"/boards/{w.board.id}/edit",
        MANAGERS,
        {
            "name": "Renamed",
            "code": "PB",
            "timezone": "Europe/London",
            "notice_clear_days": "3",
            "min_parent_seats": "0",
            "min_voluntary_community_seats": "0",
        },
    ),
    "boards.add_officer": (
        "POST",
        lambda w: f"/boards/{w.board.id}/officers",
        {"admin"},
        lambda w: {"person_id": str(w.users["member"].person.id), "role": "chair"},
    ),
    "boards.remove_officer": (
        "POST",
        lambda w: f"/officers/{w.board.officers[0].id}/remove",
        {"admin"},
        {},
    ),
    "boards.create_seat": (
        "POST",
        lambda w: f"/boards/{w.board.id}/seats/new",
        MANAGERS,
        {"title": "New seat", "category": "community", "voting": "y", "position": "0"},
    ),
    "boards.edit_seat": (
        "POST",
        lambda w: f"/seats/{w.parent_seat.id}/edit",
        MANAGERS,
        {"title": "Renamed seat", "category": "parent", "voting": "y", "position": "0"},
    ),
    "boards.appoint": (
        "POST",
        lambda w: f"/seats/{w.vacant_seat.id}/appoint",
        MANAGERS,
        lambda w: {"person_id": str(w.users["outsider"].person.id), "starts_on": "2020-01-01"},
    ),
    "boards.edit_term": (
        "POST",
        lambda w: f"/appointments/{w.member_appointment.id}/term",
        MANAGERS,
        {"starts_on": "2025-10-19", "ends_on": "2030-01-01"},
    ),
    "boards.end_appointment": (
        "POST",
        lambda w: f"/appointments/{w.member_appointment.id}/end",
        MANAGERS,
        {"ends_on": "2026-11-23", "reason": "Resigned"},
    ),
    "boards.organisations": ("GET", lambda w: "/organisations", SIGNED_IN, {}),
    "boards.organisation": ("GET", lambda w: f"/organisations/{w.health.id}", SIGNED_IN, {}),
    "boards.create_organisation": (
        "POST",
        lambda w: "/organisations/new",
        MANAGERS,
        {"name": "New charity", "sector": "voluntary"},
    ),
    "boards.edit_organisation": (
        "POST",
        lambda w: f"/organisations/{w.health.id}/edit",
        MANAGERS,
        {"name": "Renamed PCT", "sector": "statutory", "agency_type": "health"},
    ),
    "boards.people": ("GET", lambda w: "/people", {"admin", "auditor", "secretary", "chair"}, {}),
    "boards.person": (
        "GET",
        lambda w: f"/people/{w.users['member'].person.id}",
        {"admin", "auditor", "secretary", "chair", "member", "parent", "observer"},
        {},
    ),
    "boards.create_person": (
        "POST",
        lambda w: "/people/new",
        MANAGERS,
        {"full_name": "New Person"},
    ),
    "boards.edit_person": (
        "POST",
        lambda w: f"/people/{w.users['parent'].person.id}/edit",
        MANAGERS,
        {"full_name": "Renamed Person"},
    ),
    "audit.log": ("GET", lambda w: "/audit/", {"admin", "auditor"}, {}),
    "audit.verify": ("GET", lambda w: "/audit/verify", {"admin", "auditor"}, {}),
}


def test_every_route_is_covered(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints == set(ROUTES)


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.execute(
            sa.select(sa.func.count()).select_from(model)
        ).scalar_one()
        for model in (Appointment, Board, BoardOfficer, Organisation, Person, Seat, User)
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_allows_or_denies_by_role(endpoint, role, client, world, login):
    method, build, allowed, data = ROUTES[endpoint]
    if role != "anonymous":
        login(world.users[role])
    url = build(world)
    data = data(world) if callable(data) else data
    before_rows, before_events = row_counts(), audit_count()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data=data)
    location = response.headers.get("Location", "")
    if role in allowed:
        assert response.status_code in (200, 302), (endpoint, role, response.status_code)
        assert "/login" not in location or endpoint == "auth.logout"
    else:
        expected = 401 if role == "anonymous" else 403
        if endpoint == "auth.change_password" and role == "anonymous":
            assert response.status_code == 302 and "/login" in location
        else:
            assert response.status_code == expected, (endpoint, role, response.status_code)
        db.session.expire_all()
        assert row_counts() == before_rows
        assert audit_count() == before_events


def test_allowed_writes_in_the_table_really_change_something(client, world, login):
    """Guards the table above: its form data is good enough to succeed for an allowed role."""
    login(world.users["admin"])
    for endpoint, (method, build, allowed, data) in ROUTES.items():
        if method != "POST" or not data or "admin" not in allowed:
            continue
        before = audit_count()
        response = client.post(build(world), data=data(world) if callable(data) else data)
        assert response.status_code == 302, (endpoint, response.get_data(as_text=True)[:2000])
        assert audit_count() > before, endpoint

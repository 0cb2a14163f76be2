"""Signing in and out, changing passwords, CSRF."""

from __future__ import annotations

from tests.conftest import PASSWORD


def test_sign_in_and_out(client, world):
    response = client.post("/login", data={"email": "member@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "Welcome, Member" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/account/password").status_code == 302


def test_wrong_password_comes_back_with_the_email_kept(client, world):
    response = client.post("/login", data={"email": "member@example.org", "password": "nope nope"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "do not match an account" in page and 'value="member@example.org"' in page


def test_login_only_redirects_within_the_site(client, world):
    for target, expected in (
        ("/boards", "/boards"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
    ):
        client.post("/logout")
        response = client.post(
            f"/login?next={target}", data={"email": "member@example.org", "password": PASSWORD}
        )
        assert response.headers["Location"] == expected


def test_password_change_signs_out_other_sessions_but_keeps_this_one(app, world, login, client):
    other = app.test_client()
    other.post("/login", data={"email": "member@example.org", "password": PASSWORD})
    assert other.get("/account/password").status_code == 200
    login(world.users["member"])
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "brand new long passphrase",
            "confirm": "brand new long passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200
    assert other.get("/account/password").status_code == 302  # sent to sign in


def test_weak_new_password_is_named_beside_the_field(client, world, login):
    login(world.users["member"])
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "short",
            "confirm": "short",
        },
    )
    assert response.status_code == 400
    assert 'id="new_password-error"' in response.get_data(as_text=True)


def test_forms_without_a_csrf_token_are_refused_and_change_nothing(client, world, login, csrf_on):
    response = client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)


def test_forms_carry_a_csrf_token(client, world, csrf_on):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page
